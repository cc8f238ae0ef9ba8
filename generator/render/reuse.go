package render

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"time"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/print"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/theme"
	"github.com/rolebook/rolebook/generator/views"
)

// Sum is a fingerprint: the first 16 bytes of a SHA-256.
type Sum [16]byte

// Record is what a render remembers of a page, for an incremental build to reuse the
// page's file without rendering it again.
type Record struct {
	// Indexed says the page gave the search index a document: a build that reuses
	// the page keeps that document from the previous index (Input.Search).
	Indexed bool
	// Links are the links the page's own Markdown resolved, in the order met, each as
	// the content path it is resolved from, a NUL byte and its destination; a later
	// build resolves them again to tell whether the page changed.
	Links []string
	// Warnings are the page's own diagnostics (none of them an error).
	Warnings []diag.Diagnostic
	// IDs are the ids of the page's Markdown and Fragments its links to parts of
	// other pages: a build that reuses the page still checks the links to its parts,
	// and its links to other pages' parts.
	IDs       []string
	Fragments []markdown.Fragment
}

// Fingerprints tells, for each page, a Sum of everything its output depends on, so that
// a page whose Sum did not change since the last build need not be rendered again.
//
// What a page depends on, by kind, with the default theme's layouts:
//
//   - every page: Global (Rolebook itself, the config, the handbook's templates/), the
//     page's own arranged fields (title, URL, date, tags, params...), the language's
//     navigation as every page shows it (render.nav: the sections, the team's pages
//     and the [menu.main] entries) and the home page's fields; for a page with a
//     Markdown file, the file's digest; for a page with Markdown of its own (a
//     chapter, a role's description, a person's bio), where each of its links leads
//     now;
//   - content pages, sections, tag pages, the 404 page and the role, person and duty
//     pages: the arranged fields of the page's ancestors, previous and next pages and
//     children (and, for the list of tags, how many pages each tag has), its tag links
//     and its language links;
//   - a role's, person's or duty's page, besides: its view (what the handbook says of
//     it and of the roles, people and duties it names, read through reflection; see
//     hasher.view) with the current stage and the areas' names;
//   - the home page and the other pages generated from the handbook data (the lists,
//     the matrix, the team's pages): the whole arranged site of the language and Data
//     (the handbook's data files, roles and people);
//   - the print pages, besides: the digests of the chapters they hold.
//
// A handbook's own layouts (templates/layouts/) are read to see what they can reach:
// when they name nothing beyond a page's own fields, its ancestors, the site's fields and
// the navigation, the rules above hold; when they name anything else (children,
// previous and next pages, other languages, the handbook views, the area function...),
// every page also depends on the whole arranged site and Data; when they reach for a page's source
// (.Source, .Markdown), on every page's digest too.
type Fingerprints struct {
	in     Input
	r      *renderer // for the navigation and language links, as the render makes them
	global Sum
	data   Sum
	reach  reach
	local  map[*site.Page]Sum
	langs  map[string]*langSums
	res    map[string]*resolver
	all    Sum // every page's digest (reachSources)
	site   Sum // Site
}

// langSums are the sums shared by the pages of one language.
type langSums struct {
	nav   Sum // SiteInfo: navigation, home
	site  Sum // every page's arranged fields, in order, and the static files
	areas Sum // the name of every area, as the layouts' area function gives it
}

// reach is how far the handbook's layouts look from the page they render.
type reach int

const (
	reachLocal   reach = iota // the page, its ancestors, the site's fields
	reachSite                 // anything in the arranged site and the views
	reachSources              // the Markdown sources of other pages too
)

// NewFingerprints prepares the fingerprints of the pages of in.Sites. global is a Sum of
// what every page depends on that the render does not see (Rolebook itself, the config,
// the handbook's templates/); data a Sum of the handbook's data (its data files, role
// and person files), which the views are made of.
func NewFingerprints(in Input, global, data Sum) *Fingerprints {
	n := 0
	for _, s := range in.Sites.Sites {
		n += len(s.Pages)
	}
	r := &renderer{in: in}
	f := &Fingerprints{in: in, r: r, global: global, data: data, reach: layoutReach(in.Theme),
		local: make(map[*site.Page]Sum, n), langs: map[string]*langSums{}, res: map[string]*resolver{}}
	for _, s := range in.Sites.Sites {
		ls := &langSums{}
		siteH := newHasher()
		for i, l := range localSums(s.Pages) {
			p := s.Pages[i]
			f.local[p] = l
			siteH.sum(l)
			siteH.str(urlOf(p.Parent))
		}
		for _, name := range in.Static {
			siteH.str(name)
		}
		for out, p := range in.Sites.AliasTargets() {
			if p.Lang == s.Lang {
				siteH.str(out)
				siteH.str(p.URL)
			}
		}
		ls.site = siteH.done()

		navH := newHasher()
		if s.Home != nil {
			navH.sum(f.local[s.Home])
		}
		var ignored []diag.Diagnostic // the render reports them
		for _, l := range r.nav(s, &ignored) {
			navH.str(l.Title)
			navH.str(l.URL)
			navH.str(l.Lang)
			navH.str(l.Tip)
			navH.bool(l.Same)
		}
		ls.nav = navH.done()
		if v := in.Views[s.Lang]; v != nil {
			areaH := newHasher()
			for _, a := range v.Areas {
				areaH.str(a.ID)
				areaH.str(v.AreaName(a.ID))
			}
			ls.areas = areaH.done()
		}
		f.langs[s.Lang] = ls
		lc := &langCtx{lang: s.Lang, site: s}
		if in.Views != nil {
			lc.hb = in.Views[s.Lang]
		}
		f.res[s.Lang] = &resolver{r: r, lc: lc}
	}
	if f.reach == reachSources {
		h := newHasher()
		for _, s := range in.Sites.Sites {
			for _, p := range s.Pages {
				if p.Source != nil {
					h.u64(p.Source.Digest())
				}
			}
		}
		f.all = h.done()
	}
	h := newHasher()
	h.sum(f.global)
	h.sum(f.data)
	h.int(int64(f.reach))
	h.sum(f.all)
	for _, s := range in.Sites.Sites {
		ls := f.langs[s.Lang]
		h.str(s.Lang)
		h.sum(ls.site)
		h.sum(ls.nav)
		h.sum(ls.areas)
	}
	f.site = h.done()
	return f
}

// Site returns a Sum of everything the pages' fingerprints share: Global, the data,
// and for every language its arranged pages (every page's own fields, in order, with
// its parent), the navigation and the areas. Page adds to these only the page's
// Markdown file's digest, where its links lead and, for a print page, its chapters.
func (f *Fingerprints) Site() Sum { return f.site }

// Same reports, without computing it, whether the fingerprint of p is the one it had
// in a build whose Site was site, where its Markdown file (if any) had the digest
// given and resolved links: when nothing the pages share changed, p's own file did
// not change either, and where its links lead cannot have changed (they read nothing
// outside the arranged site and the data, see ReadsFiles), it is. It reports false
// when it cannot tell; Page tells then. After editing one page's body, every other
// page is answered here.
func (f *Fingerprints) Same(p *site.Page, site Sum, digest uint64, links []string) bool {
	if site != f.site || isPrint(p) || ReadsFiles(links) {
		return false
	}
	var d uint64
	if p.Source != nil {
		d = p.Source.Digest()
	}
	return d == digest
}

// ReadsFiles reports whether resolving any of links (as Record.Links holds them)
// looks at the handbook's folder rather than at the arranged site and the data alone:
// a relative link that leaves content/ names a file of the repository, which may have
// appeared or gone since (resolver.outside).
func ReadsFiles(links []string) bool {
	for _, link := range links {
		from, dest, _ := strings.Cut(link, "\x00")
		if kind, _, _ := splitLink(from, dest); kind == linkOutside {
			return true
		}
	}
	return false
}

// Page returns the fingerprint of p, whose Markdown resolved links (Record.Links) when
// it last rendered. Whatever it hashes besides the page's digest, its links and a print
// page's chapters must be in Site (see Same).
func (f *Fingerprints) Page(p *site.Page, links []string) Sum {
	h := hashers.Get().(*hasher)
	defer hashers.Put(h)
	h.reset()
	h.sum(f.global)
	h.sum(f.local[p])
	ls := f.langs[p.Lang]
	if ls == nil {
		return Sum{} // not a page of the sites: never reused
	}
	h.sum(ls.nav)
	if src := p.Source; src != nil {
		h.u64(src.Digest())
	}
	rs := *f.res[p.Lang]
	for _, link := range links {
		// What the link leads to now; an error is part of the answer too.
		from, dest, _ := strings.Cut(link, "\x00")
		rs.from = from
		u, ok, msg, _ := rs.Resolve(dest)
		h.str(link)
		h.str(u)
		h.bool(ok)
		h.str(msg)
	}
	switch p.Kind {
	case site.Single, site.Section, site.Tag, site.Tags, site.NotFound, views.KindRole, views.KindPerson, views.KindDuty:
		for a := p.Parent; a != nil; a = a.Parent {
			h.sum(f.local[a])
		}
		for _, l := range f.r.translations(nil, p) {
			h.str(l.Title)
			h.str(l.URL)
			h.str(l.Lang)
			h.bool(l.Same)
		}
		for _, t := range f.in.Sites.Site(p.Lang).TagRefs(p) {
			h.str(t.Name)
			h.str(t.URL)
		}
		h.sum(f.local[p.Prev])
		h.sum(f.local[p.Next])
		for _, c := range p.Children {
			h.sum(f.local[c])
			if p.Kind == site.Tags {
				h.int(int64(len(c.Children)))
			}
		}
	}
	switch p.Kind {
	case site.Single, site.Section, site.Tag, site.Tags, site.NotFound:
		if f.reach != reachLocal {
			h.sum(ls.site)
			h.sum(f.data)
		}
	case views.KindRole, views.KindPerson, views.KindDuty:
		// A role's, person's or duty's page shows its own view: what the handbook
		// says of it and of the roles, people and duties it names, and the current
		// stage. Where the links of its description lead is in links.
		if v := f.in.Views[p.Lang]; v != nil && f.reach == reachLocal {
			id, _ := p.Data.(string)
			switch p.Kind {
			case views.KindRole:
				h.view(v.RoleView(id))
				h.str(v.RolePrintURL(id))
			case views.KindPerson:
				h.view(v.PersonView(id))
			case views.KindDuty:
				h.view(v.DutyView(id))
			}
			h.view(v.Stage)
			h.sum(ls.areas) // {{ area .Area }}
		} else {
			h.sum(ls.site)
			h.sum(f.data)
		}
	default: // the home page, the team's pages, the print pages
		h.sum(ls.site)
		h.sum(f.data)
	}
	switch p.Kind {
	case views.KindPrint, views.KindRolePrint:
		for _, c := range f.chapters(p) {
			h.str(c.URL)
			h.u64(c.Source.Digest())
		}
	}
	if f.reach == reachSources {
		h.sum(f.all)
	}
	return h.done()
}

// chapters returns the pages whose Markdown the print page p holds.
func (f *Fingerprints) chapters(p *site.Page) []*site.Page {
	s := f.in.Sites.Site(p.Lang)
	var out []*site.Page
	if p.Kind == views.KindRolePrint {
		for _, c := range print.Onboarding(s, views.NewOptions(f.in.Config).OnboardingSection) {
			if c.Source != nil {
				out = append(out, c)
			}
		}
		return out
	}
	if s.Home != nil && s.Home.Source != nil {
		out = append(out, s.Home)
	}
	n := 0
	for _, c := range s.Pages {
		if print.IsChapter(c) && n < print.MaxChapters {
			out = append(out, c)
			n++
		}
	}
	return out
}

func urlOf(p *site.Page) string {
	if p == nil {
		return ""
	}
	return p.URL
}

// localSums returns the localSum of each of pages, on every core: a site has many.
func localSums(pages []*site.Page) []Sum {
	sums := make([]Sum, len(pages))
	const chunk = 512
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (len(pages)+chunk-1)/chunk) {
		wg.Go(func() {
			h := newHasher()
			for {
				start := int(next.Add(chunk)) - chunk
				if start >= len(pages) {
					return
				}
				for i := start; i < min(start+chunk, len(pages)); i++ {
					sums[i] = localSum(h, pages[i])
				}
			}
		})
	}
	wg.Wait()
	return sums
}

// localSum is the Sum of a page's own arranged fields: what any page showing it may
// show; h is reset first.
func localSum(h *hasher, p *site.Page) Sum {
	h.reset()
	h.str(string(p.Kind))
	h.str(p.Lang)
	h.str(p.Title)
	h.str(p.Description)
	h.str(p.Key)
	h.str(p.URL)
	h.str(p.Out)
	h.int(int64(p.Weight))
	h.time(p.Date)
	h.time(p.LastMod)
	h.bool(p.Draft)
	h.bool(p.Hidden)
	h.bool(p.TitleFromHeading)
	h.strs(p.Tags)
	h.strs(p.Aliases)
	h.value(p.Params)
	if p.Source != nil {
		h.str(p.Source.File)
		h.int(int64(p.Source.BodyLine))
	}
	if id, ok := p.Data.(string); ok {
		h.str(id)
	}
	return h.done()
}

// hasher collects values to hash into one SHA-256 so that no two sequences of values
// give the same bytes: strings are length-prefixed and every value is tagged with its
// type. Collecting them in a buffer and hashing once is several times faster than
// writing each to the hash.
type hasher struct {
	b []byte
}

func newHasher() *hasher { return &hasher{b: make([]byte, 0, 512)} }

// hashers are the hashers of Fingerprints.Page, which runs once per page.
var hashers = sync.Pool{New: func() any { return newHasher() }}

func (h *hasher) done() Sum {
	full := sha256.Sum256(h.b)
	return Sum(full[:len(Sum{})])
}

func (h *hasher) reset() { h.b = h.b[:0] }

func (h *hasher) tag(t byte, n uint64) {
	h.b = append(h.b, t)
	h.b = binary.AppendUvarint(h.b, n)
}

func (h *hasher) str(s string) {
	h.tag('s', uint64(len(s)))
	h.b = append(h.b, s...)
}

func (h *hasher) strs(ss []string) {
	h.tag('l', uint64(len(ss)))
	for _, s := range ss {
		h.str(s)
	}
}

func (h *hasher) int(i int64)  { h.tag('i', uint64(i)) }
func (h *hasher) u64(u uint64) { h.tag('u', u) }
func (h *hasher) sum(s Sum) {
	h.b = append(h.b, 'h')
	h.b = append(h.b, s[:]...)
}

func (h *hasher) bool(b bool) {
	if b {
		h.tag('b', 1)
	} else {
		h.tag('b', 0)
	}
}

func (h *hasher) time(t time.Time) {
	if t.IsZero() {
		h.tag('t', 0)
		return
	}
	h.str(t.Format(time.RFC3339Nano))
}

// value writes a decoded front-matter or data value: string, int64, float64, bool,
// time.Time, []any, map[string]any (keys in order) or nil; anything else by its type
// and text.
func (h *hasher) value(v any) {
	switch v := v.(type) {
	case nil:
		h.tag('n', 0)
	case string:
		h.str(v)
	case int64:
		h.int(v)
	case int:
		h.int(int64(v))
	case float64:
		h.tag('f', math.Float64bits(v))
	case bool:
		h.bool(v)
	case time.Time:
		h.time(v)
	case []any:
		h.tag('a', uint64(len(v)))
		for _, x := range v {
			h.value(x)
		}
	case []string:
		h.strs(v)
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		h.tag('m', uint64(len(keys)))
		for _, k := range keys {
			h.str(k)
			h.value(v[k])
		}
	default:
		h.tag('?', 0)
		h.str(fmt.Sprint(v))
	}
}

// viewDepth is how many pointers deep view follows from a page's view: a role's page
// shows its duties (1), their owners (2), the owners' holders (3) and the holders'
// names (the PersonRef itself); one more for good measure.
const viewDepth = 5

// view writes what a page's view holds, through reflection: exported fields, slices,
// maps in key order, and pointers up to viewDepth deep. It leaves out what a view does
// not show: positions in files (diag.Pos), where a value was read from
// (handbook.Source), HTML the renderer fills in later (template.HTML), functions.
func (h *hasher) view(v any) {
	seen := map[uintptr]int{} // pointer -> the most depth left it was written with
	var walk func(x reflect.Value, depth int)
	walk = func(x reflect.Value, depth int) {
		switch x.Kind() {
		case reflect.Invalid:
			h.tag('n', 0)
		case reflect.Pointer:
			if x.IsNil() {
				h.tag('n', 0)
				return
			}
			if depth == 0 {
				h.tag('d', 0)
				return
			}
			if d, ok := seen[x.Pointer()]; ok && d >= depth {
				h.tag('p', 0) // written above, as deep or deeper
				return
			}
			seen[x.Pointer()] = depth
			walk(x.Elem(), depth-1)
		case reflect.Interface:
			if x.IsNil() {
				h.tag('n', 0)
				return
			}
			h.str(x.Elem().Type().String())
			walk(x.Elem(), depth)
		case reflect.Struct:
			t := x.Type()
			switch t {
			case reflect.TypeFor[time.Time]():
				h.time(x.Interface().(time.Time))
				return
			case reflect.TypeFor[diag.Pos](), reflect.TypeFor[handbook.Source]():
				return
			}
			h.tag('{', uint64(x.NumField()))
			for i := range x.NumField() {
				if f := t.Field(i); f.IsExported() {
					walk(x.Field(i), depth)
				}
			}
		case reflect.Slice, reflect.Array:
			if x.Kind() == reflect.Slice && x.Type().Elem().Kind() == reflect.Uint8 {
				h.str(string(x.Bytes()))
				return
			}
			h.tag('[', uint64(x.Len()))
			for i := range x.Len() {
				walk(x.Index(i), depth)
			}
		case reflect.Map:
			keys := x.MapKeys()
			slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
			h.tag('m', uint64(len(keys)))
			for _, k := range keys {
				walk(k, depth)
				walk(x.MapIndex(k), depth)
			}
		case reflect.String:
			if x.Type() == reflect.TypeFor[template.HTML]() {
				return
			}
			h.str(x.String())
		case reflect.Bool:
			h.bool(x.Bool())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			h.int(x.Int())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			h.u64(x.Uint())
		case reflect.Float32, reflect.Float64:
			h.tag('f', math.Float64bits(x.Float()))
		default: // functions, channels: nothing a page shows
		}
	}
	walk(reflect.ValueOf(v), viewDepth)
}

// HashValue adds a decoded value (see hasher.value) to a Sum: for callers that
// fingerprint data files.
func HashValue(prev Sum, label string, v any) Sum {
	h := newHasher()
	h.sum(prev)
	h.str(label)
	h.value(v)
	return h.done()
}

// HashStrings adds strings to a Sum.
func HashStrings(prev Sum, ss ...string) Sum {
	h := newHasher()
	h.sum(prev)
	h.strs(ss)
	return h.done()
}

// HashUint adds numbers to a Sum.
func HashUint(prev Sum, us ...uint64) Sum {
	h := newHasher()
	h.sum(prev)
	for _, u := range us {
		h.u64(u)
	}
	return h.done()
}

// isLocalName reports whether a handbook's layout may use the field or method name and
// still reach only what a content page's fingerprint holds: the page's and its
// ancestors' own fields, the page data's fields other than the handbook views, the
// site's fields and the values inside them (links, tag links, headings, languages,
// times).
func isLocalName(n string) bool {
	switch n {
	case "Kind", "Lang", "Title", "Description", "Key", "URL", "Out", "Weight", "Date", "LastMod", "Draft",
		"Tags", "Aliases", "Params", "Hidden", "TitleFromHeading", "IsSection", "Parent", "Ancestors",
		"Breadcrumbs", "Page", "Site", "Content", "TOC", "TagRefs", "EditURL",
		"BaseURL", "BasePath", "Home", "Nav", "Languages", "LiveReload", "ShowSkillLevels", "NoIndex", "Owner",
		"Generator", "Same", "Tip", "Tag", "Name", "Level", "ID", "Text", "Code", "LanguageName",
		"Format", "IsZero", "Year", "Month", "Day", "YearDay", "Weekday", "Hour", "Minute", "Second",
		"Unix", "UTC", "In", "Local", "String":
		return true
	}
	return false
}

// isSourceName reports whether a layout using the name may reach the Markdown of any
// page.
func isSourceName(n string) bool {
	switch n {
	case "Source", "Markdown", "ReadMarkdown", "Body", "Front":
		return true
	}
	return false
}

// layoutReach reads the layouts the handbook's templates/ adds or overrides and returns
// how far they reach (the default theme's own are accounted for in Fingerprints.Page).
// A layout that does not parse reaches everything (the render reports it).
func layoutReach(th theme.Overlay) reach {
	if th.Upper == nil {
		return reachLocal
	}
	worst := reachLocal
	_ = fs.WalkDir(th.Upper, "layouts", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".html") {
			return nil
		}
		b, err := fs.ReadFile(th.Upper, name)
		if err != nil {
			worst = max(worst, reachSources)
			return nil
		}
		worst = max(worst, templateReach(name, string(b)))
		return nil
	})
	return worst
}

// templateReach returns how far the template text reaches, by the field and method
// names it uses anywhere (on the page, on a variable, in a chain).
func templateReach(name, text string) reach {
	t := parse.New(name)
	t.Mode = parse.SkipFuncCheck | parse.ParseComments
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(text, "", "", trees); err != nil {
		return reachSources
	}
	worst := reachLocal
	see := func(id string) {
		switch {
		case isSourceName(id):
			worst = max(worst, reachSources)
		case !isLocalName(id):
			worst = max(worst, reachSite)
		}
	}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case nil:
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			for _, id := range n.Ident {
				see(id)
			}
		case *parse.VariableNode:
			for _, id := range n.Ident[1:] {
				see(id)
			}
		case *parse.ChainNode:
			walk(n.Node)
			for _, id := range n.Field {
				see(id)
			}
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			walk(n.Pipe)
		case *parse.IdentifierNode:
			if n.Ident == "area" { // reads the handbook's areas, not the page
				worst = max(worst, reachSite)
			}
		}
	}
	for _, tree := range trees {
		walk(tree.Root)
	}
	return worst
}
