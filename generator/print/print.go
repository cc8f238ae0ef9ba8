package print

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/views"
)

// MaxChapters bounds the chapters the whole-handbook print page holds: beyond it the
// page lists the remaining chapters by title and address. A printed handbook of
// thousands of chapters helps nobody, and the page would cost as much as the rest of
// the build.
const MaxChapters = 400

// View is what the print pages show. Every element id inside it is unique: parts are
// anchored "c1", "c2"... (chapters), "r1", "r2"... (roles), "role" (a packet's role),
// the ids inside a part start with its anchor and a dash, and links between parts of
// the printed document point inside it.
type View struct {
	// Intro is the home page's text (whole handbook only).
	Intro template.HTML
	// Chapters are the handbook pages in reading order.
	Chapters []Chapter
	// More are the chapters left out beyond MaxChapters.
	More []Link
	// Roles are every role (whole handbook), or the packet's one role.
	Roles []Role
	// Matrix is the accountability matrix of the current stage (whole handbook only).
	Matrix *views.Matrix
	// Onboarding are the chapters of the onboarding section (role packet only).
	Onboarding []Chapter
}

// Link is a titled address.
type Link struct {
	Title, URL string
}

// Chapter is one handbook page inside a print page.
type Chapter struct {
	Anchor  string // the id of the chapter's heading
	Title   string
	URL     string // the page's own address
	Content template.HTML
}

// Role is a role inside a print page.
type Role struct {
	Anchor string
	*views.RoleView
	// Touches are the role's duties at the current stage with its letters and the
	// person to ask, in duty order.
	Touches []Duty
}

// Duty is one duty of a role with the role's letters ("A", "R", "C", "I"), in that
// order.
type Duty struct {
	*views.DutyRef
	Letters []string
}

// Input is what a print page is made from.
type Input struct {
	Views *views.Views
	Site  *site.Site
	// OnboardingSection is the key of the section a packet holds.
	OnboardingSection string
	// Markdown renders the Markdown of a page with a source to HTML, or reports false
	// when it cannot be read (the renderer reports why).
	Markdown func(p *site.Page) (template.HTML, bool)
	// RoleBody renders a role's description to HTML.
	RoleBody func(rv *views.RoleView) template.HTML
}

// Build returns the view of the print page p (of kind views.KindPrint or
// views.KindRolePrint).
func Build(in Input, p *site.Page) *View {
	v := in.Views
	pv := &View{}
	anchors := map[string]string{} // page URL -> id of its part in this document
	if p.Kind == views.KindRolePrint {
		id, _ := p.Data.(string)
		ref := v.Role(id)
		if ref == nil {
			return pv
		}
		anchors[ref.URL] = "role"
		chapters := Onboarding(in.Site, in.OnboardingSection)
		for i, c := range chapters {
			anchors[c.URL] = "c" + strconv.Itoa(i+1)
		}
		pv.Roles = []Role{role(in, ref, "role", anchors)}
		for _, c := range chapters {
			pv.Onboarding = append(pv.Onboarding, chapter(in, c, anchors))
		}
		return pv
	}
	var chapters []*site.Page
	for _, pg := range in.Site.Pages {
		if !IsChapter(pg) {
			continue
		}
		if len(chapters) == MaxChapters {
			pv.More = append(pv.More, Link{Title: pg.Title, URL: pg.URL})
			continue
		}
		chapters = append(chapters, pg)
		anchors[pg.URL] = "c" + strconv.Itoa(len(chapters))
	}
	for i, ref := range v.Roles {
		if ref.URL != "" {
			anchors[ref.URL] = "r" + strconv.Itoa(i+1)
		}
	}
	if mp := in.Site.Page("matrix"); mp != nil {
		anchors[mp.URL] = "print-matrix"
	}
	if home := in.Site.Home; home != nil && home.Source != nil {
		if h, ok := in.Markdown(home); ok {
			pv.Intro = Rewrite(h, "intro", 0, anchors)
		}
	}
	for _, c := range chapters {
		pv.Chapters = append(pv.Chapters, chapter(in, c, anchors))
	}
	for i, ref := range v.Roles {
		pv.Roles = append(pv.Roles, role(in, ref, "r"+strconv.Itoa(i+1), anchors))
	}
	if hb := v.Handbook(); hb != nil && len(hb.Duties) > 0 {
		pv.Matrix = v.Matrix
	}
	return pv
}

// IsChapter reports whether pg is a chapter of the whole-handbook print page (unless
// MaxChapters come before it).
func IsChapter(pg *site.Page) bool {
	return pg.Source != nil && !pg.Hidden && (pg.Kind == site.Section || pg.Kind == site.Single)
}

// Onboarding returns the pages of the onboarding section of s in reading order, the
// section's own landing page first.
func Onboarding(s *site.Site, section string) []*site.Page {
	sec := s.Page(section)
	if sec == nil {
		return nil
	}
	var out []*site.Page
	var walk func(p *site.Page)
	walk = func(p *site.Page) {
		if p.Source != nil && !p.Hidden {
			out = append(out, p)
		}
		for _, c := range p.Children {
			walk(c)
		}
	}
	walk(sec)
	return out
}

// PagesOf returns the print pages of s that hold the text of page p: the
// whole-handbook print when p is among its chapters, and every role's onboarding
// packet when p is in the onboarding section. The dev server renders them again after
// an edit.
func PagesOf(s *site.Site, p *site.Page, section string) []*site.Page {
	if s == nil || p.Source == nil {
		return nil
	}
	var out []*site.Page
	inPrint := p.Kind == site.Home
	n := 0
	for _, pg := range s.Pages {
		if inPrint || n == MaxChapters {
			break
		}
		if !IsChapter(pg) {
			continue
		}
		inPrint = pg == p
		n++
	}
	inOnboarding := inSection(p, section)
	for _, pg := range s.Pages {
		if pg.Kind == views.KindPrint && inPrint || pg.Kind == views.KindRolePrint && inOnboarding {
			out = append(out, pg)
		}
	}
	return out
}

// inSection reports whether p is the page with key or is under it.
func inSection(p *site.Page, key string) bool {
	for a := p; a != nil; a = a.Parent {
		if a.Key == key {
			return true
		}
	}
	return false
}

// chapter renders page p for a print page: its headings one level down, its ids
// prefixed with the chapter's anchor.
func chapter(in Input, p *site.Page, anchors map[string]string) Chapter {
	c := Chapter{Anchor: anchors[p.URL], Title: p.Title, URL: p.URL}
	if h, ok := in.Markdown(p); ok {
		c.Content = Rewrite(h, c.Anchor, 1, anchors)
	}
	return c
}

// role builds a role's part of a print page.
func role(in Input, ref *views.RoleRef, anchor string, anchors map[string]string) Role {
	rv := in.Views.RoleView(ref.ID)
	if rv == nil {
		rv = &views.RoleView{RoleRef: ref}
	}
	rv.Body = Rewrite(in.RoleBody(rv), anchor, 1, anchors)
	pr := Role{Anchor: anchor, RoleView: rv}
	index := map[string]int{}
	for _, g := range []struct {
		letter string
		ds     []*views.DutyRef
	}{{"A", rv.A}, {"R", rv.R}, {"C", rv.C}, {"I", rv.I}} {
		for _, d := range g.ds {
			if d == nil {
				continue
			}
			if i, ok := index[d.ID]; ok {
				pr.Touches[i].Letters = append(pr.Touches[i].Letters, g.letter)
				continue
			}
			index[d.ID] = len(pr.Touches)
			pr.Touches = append(pr.Touches, Duty{DutyRef: d, Letters: []string{g.letter}})
		}
	}
	order := map[string]int{}
	if hb := in.Views.Handbook(); hb != nil {
		for i, d := range hb.Duties {
			order[d.ID] = i
		}
	}
	for i := 1; i < len(pr.Touches); i++ { // insertion sort by duty order: lists are short
		for j := i; j > 0 && order[pr.Touches[j].ID] < order[pr.Touches[j-1].ID]; j-- {
			pr.Touches[j], pr.Touches[j-1] = pr.Touches[j-1], pr.Touches[j]
		}
	}
	return pr
}

// Rewrite rewrites an HTML fragment for a page that holds many: headings go shift
// levels down (h6 at most), every id gets prefix and a dash, and links to pages that
// are part of the same print page point to their part. Everything else is kept as it
// was written, token by token.
func Rewrite(h template.HTML, prefix string, shift int, anchors map[string]string) template.HTML {
	if h == "" {
		return ""
	}
	z := html.NewTokenizer(strings.NewReader(string(h)))
	var b bytes.Buffer
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt != html.StartTagToken && tt != html.EndTagToken && tt != html.SelfClosingTagToken {
			b.Write(raw)
			continue
		}
		tok := z.Token()
		changed := false
		if shift > 0 && len(tok.Data) == 2 && tok.Data[0] == 'h' && tok.Data[1] >= '1' && tok.Data[1] <= '6' {
			tok.Data = "h" + strconv.Itoa(min(int(tok.Data[1]-'0')+shift, 6))
			changed = true
		}
		for i, a := range tok.Attr {
			switch {
			case a.Namespace == "" && a.Key == "id":
				tok.Attr[i].Val = prefix + "-" + a.Val
				changed = true
			case a.Namespace == "" && a.Key == "href":
				if nv, ok := relink(a.Val, prefix, anchors); ok {
					tok.Attr[i].Val = nv
					changed = true
				}
			}
		}
		if !changed {
			b.Write(raw)
			continue
		}
		b.WriteString(tok.String())
	}
	// sanitised by the markdown package (the input); the tokenizer's escaping made this output safe where it rewrote a tag
	return template.HTML(b.String())
}

// relink points a link to a part of the same document: "#x" inside the part, a page's
// URL to its part's anchor.
func relink(href, prefix string, anchors map[string]string) (string, bool) {
	target, frag, hasFrag := strings.Cut(href, "#")
	switch {
	case target == "" && hasFrag:
		return "#" + prefix + "-" + frag, true
	case anchors[target] != "" && frag == "":
		return "#" + anchors[target], true
	case anchors[target] != "":
		return "#" + anchors[target] + "-" + frag, true
	}
	return "", false
}
