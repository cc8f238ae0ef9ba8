package render

import (
	"fmt"
	"github.com/rolebook/rolebook/generator/config"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/site"
)

// The kinds of the print pages: the whole handbook at /print/ and a role's onboarding
// packet at /roles/<id>/print/.
const (
	KindPrint     site.Kind = "print"
	KindRolePrint site.Kind = "role-print"
)

// PrintMaxChapters bounds the chapters the whole-handbook print page holds: beyond it
// the page lists the remaining chapters by title and address. A printed handbook of
// thousands of chapters helps nobody, and the page would cost as much as the rest of
// the build.
const PrintMaxChapters = 400

// DefaultOnboardingSection is the section whose chapters a role's onboarding packet
// includes, unless [params] onboarding_section in config.toml names another.
const DefaultOnboardingSection = "onboarding"

// printPages returns the print pages of one language: the whole handbook, and one
// onboarding packet per role.
func printPages(lang string, hb *handbook.Handbook, t func(string, ...any) string, text func(handbook.Text) string) []*site.Page {
	// Data is set so that the renderer prepares the page's handbook views.
	out := []*site.Page{{Kind: KindPrint, Lang: lang, Key: "print", Title: t("print_title"), Data: "print"}}
	if hb == nil {
		return out
	}
	for _, r := range hb.Roles {
		out = append(out, &site.Page{Kind: KindRolePrint, Lang: lang, Key: "roles/" + r.ID + "/print",
			Title: t("print_role_title", text(r.Title)), Data: r.ID})
	}
	return out
}

// PrintView is what the print pages show. Every element id inside it is unique: parts
// are anchored "c1", "c2"... (chapters), "r1", "r2"... (roles), "role" (a packet's role),
// the ids inside a part start with its anchor and a dash, and links between parts of
// the printed document point inside it.
type PrintView struct {
	// Intro is the home page's text (whole handbook only).
	Intro template.HTML
	// Chapters are the handbook pages in reading order.
	Chapters []PrintChapter
	// More are the chapters left out beyond PrintMaxChapters.
	More []Link
	// Roles are every role (whole handbook), or the packet's one role.
	Roles []PrintRole
	// Matrix is the accountability matrix (whole handbook only).
	Matrix *Matrix
	// Onboarding are the chapters of the onboarding section (role packet only).
	Onboarding []PrintChapter
}

// PrintChapter is one handbook page inside a print page.
type PrintChapter struct {
	Anchor  string // the id of the chapter's heading
	Title   string
	URL     string // the page's own address
	Content template.HTML
}

// PrintRole is a role inside a print page.
type PrintRole struct {
	Anchor string
	*RoleView
	// Touches are the role's duties with their letters and the owner to ask, in duty
	// order.
	Touches []PrintDuty
}

// PrintDuty is one duty of a role with its letters ("A", "R", "C", "I"), in that order.
type PrintDuty struct {
	*DutyRef
	Letters []string
}

// PrintURL returns the address of the whole-handbook print page, "" without one.
func (v *Views) PrintURL() string {
	if p := v.site.Page("print"); p != nil {
		return p.URL
	}
	return ""
}

// RolePrintURL returns the address of a role's onboarding packet, "" without one.
func (v *Views) RolePrintURL(id string) string {
	if p := v.site.Page("roles/" + id + "/print"); p != nil {
		return p.URL
	}
	return ""
}

// PrintPagesOf returns the print pages of s that hold the text of page p: the
// whole-handbook print when p is among its chapters, and every role's onboarding packet
// when p is in the onboarding section. The dev server renders them again after an edit.
func PrintPagesOf(s *site.Site, p *site.Page, cfg *config.Config) []*site.Page {
	if s == nil || p.Source == nil {
		return nil
	}
	var out []*site.Page
	inPrint := p.Kind == site.Home
	n := 0
	for _, pg := range s.Pages {
		if inPrint || n == PrintMaxChapters {
			break
		}
		if !isChapter(pg) {
			continue
		}
		inPrint = pg == p
		n++
	}
	inOnboarding := inSection(p, onboardingSection(cfg))
	for _, pg := range s.Pages {
		if pg.Kind == KindPrint && inPrint || pg.Kind == KindRolePrint && inOnboarding {
			out = append(out, pg)
		}
	}
	return out
}

// isChapter reports whether pg is a chapter of the whole-handbook print page (unless
// PrintMaxChapters come before it).
func isChapter(pg *site.Page) bool {
	return pg.Source != nil && !pg.Hidden && (pg.Kind == site.Section || pg.Kind == site.Single)
}

// onboardingSection is the key of the section whose pages onboarding packets hold.
func onboardingSection(cfg *config.Config) string {
	if v, ok := cfg.Params["onboarding_section"].(string); ok && v != "" {
		return strings.Trim(v, "/")
	}
	return DefaultOnboardingSection
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

// printView builds the print page p.
func (v *Views) printView(p *site.Page, r *renderer) *PrintView {
	lc := r.langs[v.lang]
	pv := &PrintView{}
	anchors := map[string]string{} // page URL -> id of its part in this document
	if p.Kind == KindRolePrint {
		id, _ := p.Data.(string)
		ref := v.roles[id]
		if ref == nil {
			return pv
		}
		anchors[ref.URL] = "role"
		chapters := v.onboardingPages(r)
		for i, c := range chapters {
			anchors[c.URL] = "c" + strconv.Itoa(i+1)
		}
		pv.Roles = []PrintRole{v.printRole(ref, "role", r, anchors)}
		for _, c := range chapters {
			pv.Onboarding = append(pv.Onboarding, r.printChapter(lc, c, anchors))
		}
		return pv
	}
	var chapters []*site.Page
	for _, pg := range v.site.Pages {
		if !isChapter(pg) {
			continue
		}
		if len(chapters) == PrintMaxChapters {
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
	if mp := v.site.Page("matrix"); mp != nil {
		anchors[mp.URL] = "print-matrix"
	}
	if home := v.site.Home; home != nil && home.Source != nil {
		if body, ok := r.markdownOf(home.Source, nil); ok {
			res, diags := r.in.Markdown.Render(body, markdown.Context{File: home.Source.File,
				FirstLine: home.Source.BodyLine, Resolver: &resolver{r: r, lc: lc, from: home.Source.Path}})
			r.diags.Add(diags...)
			pv.Intro = template.HTML(printHTML(string(res.HTML), "intro", 0, anchors)) // sanitised by the markdown package
		}
	}
	for _, c := range chapters {
		pv.Chapters = append(pv.Chapters, r.printChapter(lc, c, anchors))
	}
	for i, ref := range v.Roles {
		pv.Roles = append(pv.Roles, v.printRole(ref, "r"+strconv.Itoa(i+1), r, anchors))
	}
	if v.hb != nil && len(v.hb.Duties) > 0 {
		pv.Matrix = v.Matrix
	}
	return pv
}

// onboardingPages are the pages of the onboarding section in reading order, the
// section's own landing page first.
func (v *Views) onboardingPages(r *renderer) []*site.Page {
	sec := v.site.Page(onboardingSection(r.in.Config))
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

// printChapter renders page p for a print page: its headings one level down (the
// chapter's title is an h2), its ids prefixed with the chapter's anchor.
func (r *renderer) printChapter(lc *langCtx, p *site.Page, anchors map[string]string) PrintChapter {
	c := PrintChapter{Anchor: anchors[p.URL], Title: p.Title, URL: p.URL}
	body, ok := r.markdownOf(p.Source, nil)
	if !ok {
		return c
	}
	res, diags := r.in.Markdown.Render(body, markdown.Context{File: p.Source.File, FirstLine: p.Source.BodyLine,
		Resolver: &resolver{r: r, lc: lc, from: p.Source.Path}})
	r.diags.Add(diags...)                                                        // the same as the page's own render reports: the list drops duplicates
	c.Content = template.HTML(printHTML(string(res.HTML), c.Anchor, 1, anchors)) // sanitised by the markdown package
	return c
}

// printRole builds a role's part of a print page.
func (v *Views) printRole(ref *RoleRef, anchor string, r *renderer, anchors map[string]string) PrintRole {
	rv := v.roleView(ref.ID, nil, r)
	if rv == nil {
		rv = &RoleView{RoleRef: ref}
	}
	cp := *rv
	cp.Body = template.HTML(printHTML(string(rv.Body), anchor, 1, anchors)) // sanitised by the markdown package
	pr := PrintRole{Anchor: anchor, RoleView: &cp}
	index := map[string]int{}
	for _, g := range []struct {
		letter string
		ds     []*DutyRef
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
			pr.Touches = append(pr.Touches, PrintDuty{DutyRef: d, Letters: []string{g.letter}})
		}
	}
	order := v.order
	for i := 1; i < len(pr.Touches); i++ { // insertion sort by duty order: lists are short
		for j := i; j > 0 && order[pr.Touches[j].ID] < order[pr.Touches[j-1].ID]; j-- {
			pr.Touches[j], pr.Touches[j-1] = pr.Touches[j-1], pr.Touches[j]
		}
	}
	return pr
}

var (
	reHeading = regexp.MustCompile(`<(/?)h([1-6])\b`)
	reID      = regexp.MustCompile(`\sid="([^"]*)"`)
	reHref    = regexp.MustCompile(`\shref="([^"]*)"`)
)

// printHTML rewrites a rendered Markdown fragment for a page that holds many: headings
// go shift levels down (h6 at most), every id gets prefix, and links to pages that are
// part of the same print page point to their part. It works on the Markdown
// renderer's output, where every tag and attribute quote is the renderer's own (text
// and attribute values are escaped), so plain patterns find exactly the attributes.
func printHTML(s, prefix string, shift int, anchors map[string]string) string {
	if shift > 0 {
		s = reHeading.ReplaceAllStringFunc(s, func(m string) string {
			sub := reHeading.FindStringSubmatch(m)
			n := int(sub[2][0]-'0') + shift
			if n > 6 {
				n = 6
			}
			return "<" + sub[1] + "h" + strconv.Itoa(n)
		})
	}
	s = reID.ReplaceAllString(s, ` id="`+prefix+`-$1"`)
	return reHref.ReplaceAllStringFunc(s, func(m string) string {
		raw := html.UnescapeString(reHref.FindStringSubmatch(m)[1])
		target, frag, hasFrag := strings.Cut(raw, "#")
		switch {
		case target == "" && hasFrag:
			return fmt.Sprintf(` href="#%s-%s"`, prefix, html.EscapeString(frag))
		case anchors[target] != "" && frag == "":
			return fmt.Sprintf(` href="#%s"`, anchors[target])
		case anchors[target] != "":
			return fmt.Sprintf(` href="#%s-%s"`, anchors[target], html.EscapeString(frag))
		}
		return m
	})
}
