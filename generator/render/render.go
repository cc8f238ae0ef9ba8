package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/load"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/print"
	"github.com/rolebook/rolebook/generator/search"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/theme"
	"github.com/rolebook/rolebook/generator/views"
)

// Writer receives the rendered files; publish.Dir is one. WriteFile is called from many
// goroutines at once.
type Writer interface {
	WriteFile(rel string, data []byte) error
}

// Input is everything a render needs.
type Input struct {
	Config *config.Config
	Sites  *site.Set
	// Views are the handbook's views of each language, by language code
	// (views.Build); Words the theme's words of each language.
	Views    map[string]*views.Views
	Words    map[string]theme.Words
	Markdown *markdown.Renderer
	Theme    theme.Overlay
	// Static are content/ files that are not pages (images...), copied as they are;
	// ReadStatic reads one by its path relative to content/.
	Static     []string
	ReadStatic func(name string) ([]byte, error)
	// LiveReload, when not empty, is a script injected in every page (serve mode only).
	LiveReload template.HTML
	// Workers is the number of pages rendered at once; 0 means one per core.
	Workers int
	// Rendered, when not nil, counts the pages as they are rendered (progress output).
	Rendered *atomic.Int64
	// Owner, when not nil, renders the owner's site (views.AddOwnerPages) with each
	// language's owner view: every page marked owner-only and noindex, no search
	// index, no sitemap, no data files or calendars.
	Owner map[string]*views.OwnerView
	// Only, when not nil, renders just the pages it accepts and none of the site-wide
	// files (aliases, sitemap, assets, static files, data): the dev server's re-render
	// of a page whose body changed.
	Only func(*site.Page) bool
	// Reuse, when not nil, is asked before each page renders whether the previous
	// build's file for it still holds (see Fingerprints): when it returns that page's
	// Record, the page is not rendered again if Keep keeps its file and the previous
	// index (Search) has its search document; the record's warnings are reported
	// again. It is called from many goroutines at once.
	Reuse func(p *site.Page) (*Record, bool)
	// Remember, when not nil, receives every page rendered without an error and every
	// page reused, with what a later build needs to reuse it (for a page reused, the
	// record Reuse returned). It is called from many goroutines at once.
	Remember func(p *site.Page, rec *Record)
	// Search, when not nil, is the search index the previous build wrote (its
	// Stats.Search): reused pages keep their documents from it, and its files that
	// would be written with the same content are kept through Keep instead.
	Search *search.Snapshot
	// Keep keeps a file of the destination as the previous build left it, reporting
	// whether it could (see publish.Dir.Keep); needed with Search.
	Keep func(rel string) bool
}

// Stats count what a render produced.
type Stats struct {
	Pages int
	Files int
	// Native counts the pages the fast page writer wrote (native.go) rather than
	// html/template.
	Native int
	// Reused counts the pages not rendered again (Input.Reuse); Pages counts them too.
	Reused int
	// Search is the search index as written, for the next build's Input.Search; nil
	// when no index was written.
	Search *search.Snapshot
}

// Render renders every page and file of in.Sites to w. Diagnostics hold broken links
// and template errors; when there are errors, what was written must be discarded. When
// ctx is done (the build was interrupted) no further page is started, and the caller
// discards the output.
func Render(ctx context.Context, in Input, w Writer) (Stats, *diag.List) {
	r := &renderer{ctx: ctx, in: in, w: w, diags: &diag.List{}, plan: planNative(in.Theme)}
	if in.Owner != nil {
		// The fast writer knows the staff site's layout; the owner's site marks every
		// page owner-only (baseof.html), so its pages all go through the templates.
		clear(r.plan.kinds)
	}
	if r.in.Words == nil {
		// Callers that render pages alone (tests) pass no words: the theme's serve.
		r.in.Words = map[string]theme.Words{}
		for _, s := range in.Sites.Sites {
			w, ds := theme.LoadWords(in.Theme, s.Lang, in.Sites.Default)
			r.diags.Merge(ds)
			r.in.Words[s.Lang] = w
		}
	}
	if r.in.Views == nil {
		r.in.Views = views.Build(nil, in.Sites, r.in.Words, views.NewOptions(in.Config))
	}
	in = r.in
	r.langs = make(map[string]*langCtx, len(in.Sites.Sites))
	if in.Only == nil && in.Owner == nil {
		r.search, r.searchPos = newSearch(in.Sites)
		if in.Search != nil && in.Keep != nil {
			r.search.From(in.Search, func(rel string) bool {
				if !in.Keep(rel) {
					return false
				}
				r.files.Add(1)
				return true
			})
		}
	}
	for _, s := range in.Sites.Sites {
		lc, diags := r.newLang(s)
		r.diags.Add(diags...)
		r.langs[s.Lang] = lc
	}
	if r.diags.HasErrors() {
		return Stats{}, r.diags
	}

	workers := in.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// The print pages go first: each holds many pages' text and takes a worker far
	// longer than any other page, so started last it would leave the other workers
	// idle at the end (in a rebuild that reuses most pages, a third of the time).
	// The order changes nothing in the output.
	type job struct {
		lc *langCtx
		p  *site.Page
	}
	var jobs []job
	n := 0
	for _, s := range in.Sites.Sites {
		n += len(s.Pages)
	}
	r.anchors.init(n)
	for _, heavy := range []bool{true, false} {
		for _, s := range in.Sites.Sites {
			lc := r.langs[s.Lang]
			for _, p := range s.Pages {
				if isPrint(p) == heavy && (in.Only == nil || in.Only(p)) {
					jobs = append(jobs, job{lc, p})
				}
			}
		}
	}
	// Each worker takes the next page in turn. A page that is reused takes a few
	// microseconds, so handing pages over a channel (a goroutine woken per page)
	// would cost as much as the pages in a rebuild.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(jobs)) {
		wg.Go(func() {
			var buf bytes.Buffer
			var src []byte
			for {
				i := next.Add(1) - 1
				if i >= int64(len(jobs)) {
					return
				}
				select {
				case <-ctx.Done():
					return
				default:
				}
				r.renderPage(jobs[i].lc, jobs[i].p, &buf, &src)
			}
		})
	}
	wg.Wait()
	r.diags.Add(r.anchors.check()...)
	if in.Only != nil || ctx.Err() != nil {
		return Stats{Pages: int(r.pages.Load()), Files: int(r.files.Load()), Native: int(r.nativeN.Load()), Reused: int(r.reused.Load())}, r.diags
	}

	// The site-wide files are independent of each other; the search index, the
	// largest, is written while the others are.
	var rest sync.WaitGroup
	rest.Go(func() {
		r.writeSitemap()
		r.copyAssets()
		if in.Owner != nil {
			return
		}
		r.writeAliases()
		r.copyStatic()
		r.writeData()
		r.writeCalendars()
	})
	if err := r.search.Write(runtime.GOMAXPROCS(0), r.writeErr); err != nil {
		r.diags.Add(diag.Errorf(diag.Pos{File: "search/"}, diag.RuleWrite, "check the destination folder's free space and permissions", "cannot write the search index: %v", err))
	}
	rest.Wait()
	return Stats{Pages: int(r.pages.Load()), Files: int(r.files.Load()), Native: int(r.nativeN.Load()), Reused: int(r.reused.Load()), Search: r.search.Snapshot()}, r.diags
}

// isPrint reports whether p is a print page (the whole handbook's or a role's packet).
func isPrint(p *site.Page) bool {
	return p.Kind == views.KindPrint || p.Kind == views.KindRolePrint
}

// isStatic reports whether p (a slash path relative to content/) is one of the files
// copied as they are.
func (r *renderer) isStatic(p string) bool {
	r.staticOnce.Do(func() {
		r.static = make(map[string]bool, len(r.in.Static))
		for _, f := range r.in.Static {
			r.static[f] = true
		}
	})
	return r.static[p]
}

type renderer struct {
	// plan says which pages nativePage writes rather than html/template.
	plan nativePlan
	// origin is baseURL's "scheme://host", for absURL.
	originOnce sync.Once
	origin     string

	staticOnce sync.Once
	static     map[string]bool
	// anchors collects the ids of pages and the links to their parts (links.go).
	anchors anchors
	// ctx is Render's: done when the build is interrupted.
	ctx     context.Context
	in      Input
	w       Writer
	diags   *diag.List
	langs   map[string]*langCtx
	pages   atomic.Int64
	nativeN atomic.Int64
	files   atomic.Int64
	reused  atomic.Int64

	// search collects the search index; nil when only some pages render. searchPos
	// is each page's position in its site, the order of the index's documents.
	search    *search.Index
	searchPos map[*site.Page]int
}

// langCtx is what every page of one language shares: templates bound to its words, the
// navigation, and the handbook views.
type langCtx struct {
	// cache holds the output of partialCached, by partial name and keys.
	cache sync.Map
	lang  string
	site  *site.Site
	tpl   templates
	words theme.Words
	info  *SiteInfo
	hb    *views.Views
	// alerts are the titles of Markdown's alerts in the language, by kind.
	alerts map[string]string
}

// SiteInfo is what templates know of the site as a whole: {{ .Site.Title }}.
type SiteInfo struct {
	Title     string
	Lang      string
	BaseURL   string
	BasePath  string
	Home      *site.Page
	Nav       []Link
	Languages []config.Language
	Params    map[string]any
	// LiveReload is the dev server's script, empty in a normal build.
	LiveReload template.HTML
	// ShowSkillLevels is [privacy] skill_levels.
	ShowSkillLevels bool
	// NoIndex is [privacy] noindex: every page asks search engines not to index it.
	NoIndex bool
	// Owner marks the owner's report: every page says it is for the owner only.
	Owner     bool
	Generator string
}

// Link is a titled URL, for navigation and the language switcher.
type Link struct {
	Title string
	URL   string
	// Tip is the link's tooltip (a menu entry's title), "" for none.
	Tip string
	// Lang is the language tag of a language switcher's link (languageCode, else the
	// language's code).
	Lang string
	// Same says a language link leads to this very page translated, not to the
	// nearest translated section: only those are hreflang alternates.
	Same bool
}

// PageData is the dot of every layout.
type PageData struct {
	*site.Page
	Site        *SiteInfo
	Content     template.HTML
	TOC         []markdown.Heading
	Breadcrumbs []*site.Page
	TagRefs     []site.TagRef
	// Translations link to this page (or its nearest translated section) in every other
	// language, for the language switcher and hreflang.
	Translations []Link
	EditURL      string
	// HB holds the handbook views of this language (roles by area, owners...).
	HB *views.Views
	// Role, Person and Duty are set on the pages of those kinds.
	Role   *views.RoleView
	Person *views.PersonView
	Duty   *views.DutyView
	// Matrix is set on the matrix pages: the matrix of the page's stage.
	Matrix *views.Matrix
	// Team is set on the assignments, skills, stages and org pages.
	Team *views.TeamView
	// Print is set on the print pages (/print/, /roles/<id>/print/).
	Print *print.View
	// Owner is set on the owner's pages.
	Owner *views.OwnerView
}

func (r *renderer) newLang(s *site.Site) (*langCtx, []diag.Diagnostic) {
	cfg := r.in.Config
	lc := &langCtx{lang: s.Lang, site: s, words: r.in.Words[s.Lang], hb: r.in.Views[s.Lang], alerts: map[string]string{}}
	for _, k := range markdown.AlertKinds {
		if lc.words.Has("alert_" + k) {
			lc.alerts[k] = lc.words.T("alert_" + k)
		}
	}
	var diags []diag.Diagnostic
	title := cfg.Title
	if l := cfg.Language(s.Lang); l != nil && l.Title != "" {
		title = l.Title
	}
	lc.info = &SiteInfo{Title: title, Lang: r.langTag(s.Lang), BaseURL: cfg.BaseURL, BasePath: r.in.Sites.BasePath, Home: s.Home,
		Languages: cfg.Languages, Params: cfg.Params, LiveReload: r.in.LiveReload, ShowSkillLevels: cfg.Privacy.SkillLevels,
		NoIndex: cfg.Privacy.NoIndex || r.in.Owner != nil, Owner: r.in.Owner != nil, Generator: "Rolebook"}
	lc.info.Nav = r.nav(s, &diags)
	tpl, ds := parseTemplates(r.in.Theme, r.funcs(lc))
	diags = append(diags, ds...)
	lc.tpl = tpl
	return lc, diags
}

func (r *renderer) funcs(lc *langCtx) template.FuncMap {
	return template.FuncMap{
		"T": lc.words.T,
		// text picks a handbook text in the page's language.
		"text": func(t handbook.Text) string { return t.Get(lc.lang, r.in.Sites.Default) },
		// letters splits a role's letters ("AR") for one badge each.
		"letters": func(s string) []string { return strings.Split(s, "") },
		// asset returns the URL of a theme asset: {{ asset "style.css" }}.
		"asset": r.asset,
		// absURL makes a root-relative URL absolute with baseURL.
		"absURL": r.absURL,
		"active": func(page *site.Page, u string) bool {
			return page != nil && u != lc.info.Home.URL && strings.HasPrefix(page.URL, u)
		},
		// area names a duty area: its title in content/areas.toml, else the theme's
		// word for it, else the id itself.
		"area": lc.hb.AreaName,
		// partialCached renders a partial once per language and keys, for the parts of
		// a page that are the same on many pages (navigation, the search box): the
		// first page's data fills it, so it must depend on nothing but the keys.
		"partialCached": func(name string, data any, keys ...any) (template.HTML, error) {
			return lc.partialCached(name, data, keys)
		},
		// navKey says which navigation entry is current on a page: the keys of
		// partialCached "partials/nav.html".
		"navKey": lc.navKey,
		"lower":  strings.ToLower,
		"add":    func(a, b int) int { return a + b },
		"join":   strings.Join,
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict needs key and value pairs")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict keys must be strings")
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"date": pageDate,
	}
}

// langTag returns the language tag of the language with the code, for lang and
// hreflang attributes: its languageCode when config.toml gives one, else the code.
// nav returns the navigation of the site s: its sections, the handbook's pages and the
// [menu.main] entries. Fingerprints reads it too: every page shows it.
func (r *renderer) nav(s *site.Site, diags *[]diag.Diagnostic) []Link {
	var nav []Link
	for _, p := range s.Sections() {
		nav = append(nav, Link{Title: p.Title, URL: p.URL})
	}
	navKeys := views.NavKeys()
	if r.in.Owner != nil {
		navKeys = views.OwnerNavKeys()
	}
	for _, key := range navKeys {
		// Only the generated pages: a content page of that name is in the nav already.
		if p := s.Page(key); p != nil && (string(p.Kind) == key || r.in.Owner != nil) {
			nav = append(nav, Link{Title: p.Title, URL: p.URL})
		}
	}
	// [menu.main] entries come last, after the sections and the handbook's pages.
	if r.in.Owner == nil {
		nav = append(nav, r.menu(s, diags)...)
	}
	return nav
}

func (r *renderer) langTag(code string) string {
	if l := r.in.Config.Language(code); l != nil {
		return l.Tag()
	}
	return code
}

// menu returns the [menu.main] entries of the site's language as navigation links. An
// entry's pageRef must name a page of the handbook (the language's translation when
// there is one); one that names none is an error at the entry, with "did you mean".
func (r *renderer) menu(s *site.Site, diags *[]diag.Diagnostic) []Link {
	var out []Link
	for _, m := range r.in.Config.MainMenu(s.Lang) {
		if m.PageRef == "" {
			out = append(out, Link{Title: m.Name, URL: m.URL, Tip: m.Title})
			continue
		}
		p := r.pageRef(s, m.PageRef)
		if p == nil {
			var names []string
			for _, pg := range r.in.Sites.Sites[0].Pages {
				if pg.Source != nil {
					names = append(names, pg.Source.Path)
				}
			}
			hint := diag.DidYouMean(m.PageRef, names)
			if hint == "" {
				hint = "write the path of a page under content/, such as guide/onboarding.md or guide/"
			}
			*diags = append(*diags, diag.Errorf(m.Pos, diag.RuleMenu, hint, "menu entry: no page %q", m.PageRef))
			continue
		}
		name := m.Name
		if name == "" {
			name = p.Title
		}
		out = append(out, Link{Title: name, URL: p.URL, Tip: m.Title})
	}
	return out
}

// pageRef finds the page a menu entry's pageRef names in s: a file ("guide/a.md"), a
// folder ("guide/", "guide"), or the home page ("", "/"), preferring s's translation.
func (r *renderer) pageRef(s *site.Site, ref string) *site.Page {
	ref = strings.Trim(path.Clean("/"+ref), "/")
	if ref == "." {
		ref = ""
	}
	var p *site.Page
	for _, st := range r.in.Sites.Sites {
		if p = st.BySource(ref); p != nil {
			break
		}
	}
	if p == nil {
		key := strings.TrimSuffix(ref, path.Ext(ref))
		for _, base := range []string{"/_index", "/index", "/README", "/readme"} {
			key = strings.TrimSuffix(key, base)
		}
		if key == "_index" || key == "index" || strings.EqualFold(key, "readme") {
			key = ""
		}
		if p = s.Page(key); p == nil {
			p = r.in.Sites.Sites[0].Page(key)
		}
	}
	if p != nil && p.Lang != s.Lang {
		if t := p.Translation(s.Lang); t != nil {
			return t
		}
	}
	return p
}

// asset returns the URL of a theme asset: {{ asset "style.css" }}.
func (r *renderer) asset(name string) string {
	return r.in.Sites.BasePath + "assets/" + strings.TrimPrefix(name, "/")
}

// absURL makes a root-relative URL absolute with baseURL.
func (r *renderer) absURL(u string) string {
	r.originOnce.Do(func() { r.origin = config.Origin(r.in.Config.BaseURL) })
	return r.origin + u
}

// navKey says which navigation entry is current on page: the keys of partialCached
// "partials/nav.html".
func (lc *langCtx) navKey(page *site.Page) string {
	if page == nil {
		return ""
	}
	for _, l := range lc.info.Nav {
		if page.URL == l.URL {
			return l.URL + " page"
		}
	}
	for _, l := range lc.info.Nav {
		if l.URL != lc.info.Home.URL && strings.HasPrefix(page.URL, l.URL) {
			return l.URL
		}
	}
	return ""
}

// pageDate is the page's date as the theme shows it, "" when it has none.
func pageDate(p *site.Page) string {
	if p == nil || p.Date.IsZero() {
		return ""
	}
	return p.Date.Format("2006-01-02")
}

func (lc *langCtx) partialCached(name string, data any, keys []any) (template.HTML, error) {
	key := name + "\x00" + fmt.Sprint(keys...)
	if v, ok := lc.cache.Load(key); ok {
		return v.(template.HTML), nil
	}
	set := lc.tpl[partialsKey]
	if set == nil {
		return "", fmt.Errorf("partialCached: no partials")
	}
	var b bytes.Buffer
	if err := set.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	// The partial's own html/template escaping made this output safe.
	out := template.HTML(b.String())
	lc.cache.Store(key, out)
	return out, nil
}

// markdownOf returns the Markdown of src, read into buf when it must be read again
// (buf may be nil), or reports why it cannot be read (the file changed since it was
// loaded) and returns false.
func (r *renderer) markdownOf(src *load.Page, buf *[]byte, run *pageRun) ([]byte, bool) {
	body, err := src.ReadMarkdown(buf)
	if err == nil {
		return body, true
	}
	hint := "check that the file can be read, and build again"
	if changed := (*load.ChangedError)(nil); errors.As(err, &changed) {
		hint = "build again"
	}
	run.diags = append(run.diags, diag.Errorf(diag.Pos{File: src.File}, diag.RuleRead, hint, "%v", err))
	return nil, false
}

// pageRun is what rendering one page collects besides its file: its diagnostics and,
// for a page with Markdown of its own (a content page's file, a role's description, a
// person's bio), the links it resolved (see resolver.links).
type pageRun struct {
	diags []diag.Diagnostic
	links []string
	// ids and fragments are what the page gave the check of links to parts of pages
	// (anchors): its Markdown's ids, and its links to parts of other pages.
	ids       []string
	fragments []markdown.Fragment
}

// renderPage renders one page; a panic inside is recovered and reported with the file.
// buf receives the page, and the page's Markdown is read into srcBuf when it must be
// read again (see load.Page.ReadMarkdown): both are reused from page to page.
func (r *renderer) renderPage(lc *langCtx, p *site.Page, buf *bytes.Buffer, srcBuf *[]byte) {
	defer func() {
		if v := recover(); v != nil {
			r.diags.Add(diag.Errorf(pagePos(p), diag.RulePanic, "this is a bug in Rolebook or a template; please report it with the file", "rendering %s failed: %v\n%s", p.URL, v, firstLines(debug.Stack(), 12)))
		}
	}()
	if r.in.Reuse != nil {
		if rec, ok := r.in.Reuse(p); ok && r.reuse(lc, p, rec) {
			return
		}
	}
	run := &pageRun{}
	defer func() { r.diags.Add(run.diags...) }()
	kind := string(p.Kind)
	t := lc.tpl[kind]
	if t == nil {
		run.diags = append(run.diags, diag.Errorf(diag.Pos{File: "layouts/" + kind + ".html"}, diag.RuleTemplate, "add layouts/"+kind+".html to templates/ or remove your override of the default theme", "no layout for pages of kind %q", kind))
		return
	}
	d := &PageData{Page: p, Site: lc.info, HB: lc.hb, Breadcrumbs: p.Ancestors(), TagRefs: lc.site.TagRefs(p)}
	d.Translations = r.translations(lc, p)
	var text string // the body's plain text, for the search index
	if src := p.Source; src != nil {
		body, ok := r.markdownOf(src, srcBuf, run)
		if !ok {
			return
		}
		rs := &resolver{r: r, lc: lc, from: src.Path}
		if r.in.Remember != nil {
			rs.links = &run.links
		}
		res, diags := r.in.Markdown.Render(body, markdown.Context{File: src.File, FirstLine: src.BodyLine,
			Resolver: rs, DropTitle: p.TitleFromHeading, AlertTitles: lc.alerts})
		run.diags = append(run.diags, diags.Items()...)
		r.anchors.page(p.URL, src.File, res)
		run.ids, run.fragments = res.IDs, append(run.fragments, res.Fragments...)
		d.Content = template.HTML(res.HTML) // sanitised by the markdown package
		d.TOC = res.TOC
		text = res.Text
		if r.in.Config.EditURL != "" {
			d.EditURL = r.in.Config.EditURL + src.File
		}
	}
	if p.Data != nil {
		r.prepare(lc, p, d, run)
	}
	buf.Reset()
	done, err := false, error(nil)
	if r.plan.kinds[p.Kind] {
		if done, err = r.nativePage(lc, d, buf); !done {
			buf.Reset()
		} else if err == nil {
			r.nativeN.Add(1)
		}
	}
	if err == nil && !done {
		err = t.ExecuteTemplate(buf, "baseof.html", d)
	}
	if err != nil {
		dg := templateDiag(r.in.Theme, "layouts/"+kind+".html", err)
		dg.Message = fmt.Sprintf("rendering %s: %s", p.URL, dg.Message)
		run.diags = append(run.diags, dg)
		return
	}
	doc := r.index(lc, p, d, text)
	if err := r.writeErr(p.Out, buf.Bytes()); err != nil {
		run.diags = append(run.diags, writeDiag(p.Out, err))
		return
	}
	r.pages.Add(1)
	if c := r.in.Rendered; c != nil {
		c.Add(1)
	}
	if r.in.Remember != nil && !slices.ContainsFunc(run.diags, func(d diag.Diagnostic) bool { return d.Severity == diag.Error }) {
		r.in.Remember(p, &Record{Indexed: doc != nil, Links: run.links, Warnings: slices.Clone(run.diags),
			IDs: run.ids, Fragments: run.fragments})
	}
}

// reuse counts a page the previous build rendered as rendered again, from its record:
// its file stays as it is, its search document is kept from the previous index, its
// warnings are reported again. It reports false, doing nothing, when the previous
// index does not have the page's document: the page must then be rendered.
func (r *renderer) reuse(lc *langCtx, p *site.Page, rec *Record) bool {
	if rec.Indexed && r.search != nil && !p.Hidden {
		pos, ok := r.searchPos[p]
		if !ok || !r.search.Keep(lc.lang, pos, p.URL) {
			return false
		}
	}
	if r.in.Keep == nil || !r.in.Keep(p.Out) {
		return false
	}
	r.diags.Add(rec.Warnings...)
	if src := p.Source; src != nil {
		r.anchors.add(p.URL, src.File, rec.IDs, rec.Fragments)
	} else {
		r.anchors.add("", "", nil, rec.Fragments)
	}
	r.pages.Add(1)
	r.files.Add(1)
	r.reused.Add(1)
	if c := r.in.Rendered; c != nil {
		c.Add(1)
	}
	if r.in.Remember != nil {
		r.in.Remember(p, rec)
	}
	return true
}

func pagePos(p *site.Page) diag.Pos {
	if p.Source != nil {
		return diag.Pos{File: p.Source.File}
	}
	return diag.Generated(p.URL)
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

func (r *renderer) write(rel string, data []byte) {
	if err := r.writeErr(rel, data); err != nil {
		r.diags.Add(writeDiag(rel, err))
	}
}

func writeDiag(rel string, err error) diag.Diagnostic {
	return diag.Errorf(diag.Pos{File: rel}, diag.RuleWrite, "check the destination folder's free space and permissions", "cannot write %s: %v", rel, err)
}

// writeErr writes a file and counts it, returning the writer's error.
func (r *renderer) writeErr(rel string, data []byte) error {
	if err := r.w.WriteFile(rel, data); err != nil {
		return err
	}
	r.files.Add(1)
	return nil
}

// translations links p in every other language: the page itself where it is translated,
// else its nearest translated ancestor, else that language's home.
func (r *renderer) translations(lc *langCtx, p *site.Page) []Link {
	var out []Link
	for _, l := range r.in.Config.Languages {
		if l.Code == p.Lang {
			continue
		}
		other := r.in.Sites.Site(l.Code)
		if other == nil {
			continue
		}
		target := p.Translation(l.Code)
		same := target != nil
		for a := p.Parent; target == nil && a != nil; a = a.Parent {
			target = a.Translation(l.Code)
		}
		if target == nil {
			target = other.Home
		}
		if target != nil {
			out = append(out, Link{Title: l.Name, URL: target.URL, Lang: l.Tag(), Same: same})
		}
	}
	return out
}

// writeAliases writes a small redirect page at every alias.
func (r *renderer) writeAliases() {
	for out, p := range r.in.Sites.AliasTargets() {
		var b bytes.Buffer
		u := template.HTMLEscapeString(p.URL)
		fmt.Fprintf(&b, `<!doctype html><html lang="%s"><head><meta charset="utf-8"><title>%s</title><link rel="canonical" href="%s"><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url=%s"></head><body><p><a href="%s">%s</a></p></body></html>`,
			template.HTMLEscapeString(r.langTag(p.Lang)), template.HTMLEscapeString(p.Title), u, u, u, template.HTMLEscapeString(p.Title))
		r.write(out, b.Bytes())
	}
}

// writeSitemap writes sitemap.xml with every visible page of every language and their
// alternates.
//
// With [privacy] noindex it writes robots.txt instead, which disallows everything:
// a handbook on a public host stays out of search engines.
func (r *renderer) writeSitemap() {
	if r.in.Config.Privacy.NoIndex || r.in.Owner != nil {
		r.write("robots.txt", []byte("User-agent: *\nDisallow: /\n"))
		return
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, s := range r.in.Sites.Sites {
		for _, p := range s.Pages {
			if p.Kind == site.NotFound || p.Kind == site.Tags || p.Kind == site.Tag {
				continue
			}
			loc := r.absURL(p.URL)
			b.WriteString("<url><loc>")
			template.HTMLEscape(&b, []byte(loc))
			b.WriteString("</loc>")
			if lm := p.LastMod; !lm.IsZero() || !p.Date.IsZero() {
				if lm.IsZero() {
					lm = p.Date
				}
				b.WriteString("<lastmod>" + lm.Format("2006-01-02") + "</lastmod>")
			}
			for _, t := range p.Translations {
				b.WriteString(`<xhtml:link rel="alternate" hreflang="` + template.HTMLEscapeString(r.langTag(t.Lang)) + `" href="`)
				template.HTMLEscape(&b, []byte(r.absURL(t.URL)))
				b.WriteString(`"/>`)
			}
			b.WriteString("</url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	r.write("sitemap.xml", b.Bytes())
}

// copyAssets copies assets/ of the theme (both layers) to assets/ of the site, and the
// search client (assets/search.js) unless the handbook's templates/ has its own.
func (r *renderer) copyAssets() {
	th := r.in.Theme
	if !th.Overrides(searchClient) && r.in.Owner == nil {
		r.write(searchClient, search.Client())
	}
	err := fs.WalkDir(th, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		b, err := fs.ReadFile(th, name)
		if err != nil {
			r.diags.Add(diag.Errorf(diag.Pos{File: th.Origin(name)}, diag.RuleRead, "check the file's permissions", "cannot read asset: %v", err))
			return nil
		}
		r.write(name, b)
		return nil
	})
	if err != nil {
		r.diags.Add(diag.Errorf(diag.Pos{File: "templates/assets"}, diag.RuleRead, "", "cannot list assets: %v", err))
	}
}

// copyStatic copies content/'s non-page files beside the pages.
func (r *renderer) copyStatic() {
	for _, name := range r.in.Static {
		b, err := r.in.ReadStatic(name)
		if err != nil {
			r.diags.Add(diag.Errorf(diag.Pos{File: "content/" + name}, diag.RuleRead, "check the file's permissions", "cannot read: %v", err))
			continue
		}
		r.write(name, b)
	}
}
