package site

import (
	"cmp"
	"fmt"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
)

// Kind is what a page is; each kind has its own layout.
type Kind string

// The kinds of page. Content pages are home, section and page; the others are generated.
const (
	Home     Kind = "home"
	Section  Kind = "section"
	Single   Kind = "page"
	Tags     Kind = "tags"
	Tag      Kind = "tag"
	NotFound Kind = "404"
)

// Page is one page of one language: a Markdown file of content/ or a generated page.
type Page struct {
	Kind        Kind
	Lang        string
	Title       string
	Description string
	// Key identifies the page across languages: the content path without language and
	// extension ("guide/ownership", "guide" for a section, "" for home), or a generated
	// page's own key ("roles/operations").
	Key string
	// URL is the page's root-relative URL, percent-encoded, with the language prefix
	// ("/en/guide/ownership/").
	URL string
	// Out is the output file, a slash path inside the destination ("en/guide/ownership/index.html").
	Out string
	// Source is the Markdown file; nil for generated pages.
	Source *load.Page
	Weight int
	Date   time.Time
	// LastMod is when the page's file last changed, from the git history (zero without
	// git): shown as "last updated" and used as the sitemap's lastmod.
	LastMod time.Time
	Draft   bool
	Tags    []string
	Aliases []string
	// Params are the front-matter keys Rolebook does not know, for templates.
	Params map[string]any
	// Parent is the enclosing section (nil for home); Children the pages and
	// subsections of a section, in reading order.
	Parent   *Page
	Children []*Page
	// Prev and Next link the content pages in reading order.
	Prev, Next *Page
	// Translations are the same page in the other languages.
	Translations []*Page
	// Data is what a generated page shows (a role id...), for the renderer.
	Data any
	// Hidden pages are left out of navigation, reading order and sitemap.
	Hidden bool
	// TitleFromHeading says the title is the text of the body's first heading (no
	// title in front matter): layouts then leave that heading out of the body.
	TitleFromHeading bool

	tkey string // identifies the page across languages

	order int
}

// Ancestors returns the sections above p, from home down, for breadcrumbs.
func (p *Page) Ancestors() []*Page {
	var out []*Page
	for a := p.Parent; a != nil; a = a.Parent {
		out = append(out, a)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// IsSection reports whether p has a place for children (home or a section).
func (p *Page) IsSection() bool { return p.Kind == Home || p.Kind == Section }

// Translation returns p in language lang, or nil.
func (p *Page) Translation(lang string) *Page {
	for _, t := range p.Translations {
		if t.Lang == lang {
			return t
		}
	}
	return nil
}

// TagRef is a tag with the URL of its page.
type TagRef struct {
	Name string
	URL  string
}

// Site is every page of one language.
type Site struct {
	Lang string
	// Prefix is the URL prefix of the language: "/" for the default language, "/en/" for others.
	Prefix string
	Home   *Page
	// Pages are all pages, content pages first in reading order, then generated ones.
	Pages []*Page
	// TagPages maps a tag name to its page; TagNames lists tags sorted.
	TagPages map[string]*Page
	TagNames []string

	bySource map[string]*Page // content path of the source ("guide/ownership.md") -> page
	byKey    map[string]*Page
}

// Page returns the page with the given key, or nil.
func (s *Site) Page(key string) *Page { return s.byKey[key] }

// BySource returns the page made from the content file at path (relative to content/).
func (s *Site) BySource(path string) *Page { return s.bySource[path] }

// Sections returns the top-level sections and pages under home, in reading order.
func (s *Site) Sections() []*Page {
	if s.Home == nil {
		return nil
	}
	return s.Home.Children
}

// Set is the site of every language.
type Set struct {
	Sites   []*Site // default language first
	Default string
	// Languages are the configured language codes, default first.
	Languages []string
	// BasePath is the path every URL starts with ("/" or "/handbook/").
	BasePath string

	diags   diag.List
	outs    map[string]owner // output key (see outKey) -> what writes it
	aliases map[string]*Page

	byURLOnce sync.Once
	byURL     map[string]*Page // see PageAt
	// patterns are the pattern reservations, by the output key of their folder.
	patterns    map[string][]*Reserved
	allowActive bool
	maxDepth    int
}

// PageAt returns the page published at the site-absolute URL path u ("/guide/x/",
// "/en/guide/x/"), or nil. The base path may be left out (a link written for the site's
// root works when the site is published under /handbook/); "/guide/x", "/guide/x/" and
// "/guide/x/index.html" are the same page; an alias's address finds the page it
// redirects to. Call it after Finish; it is safe for concurrent use.
func (s *Set) PageAt(u string) *Page {
	s.byURLOnce.Do(func() {
		n := 0
		for _, site := range s.Sites {
			n += len(site.Pages)
		}
		s.byURL = make(map[string]*Page, n)
		for _, site := range s.Sites {
			for _, p := range site.Pages {
				if p.URL != "" && p.Kind != NotFound {
					s.byURL[p.URL] = p
				}
			}
		}
		// An alias's address (a page's old one) finds the page it redirects to.
		for out, p := range s.aliases {
			u := s.BasePath + EscapePath(strings.TrimSuffix(out, "index.html"))
			if _, taken := s.byURL[u]; !taken {
				s.byURL[u] = p
			}
		}
	})
	if !strings.HasPrefix(u, "/") {
		return nil
	}
	// URLs are kept percent-encoded; a link may be written either way ("/指南/").
	if raw, err := url.PathUnescape(u); err == nil {
		u = EscapePath(raw)
	}
	try := func(u string) *Page {
		if p := s.byURL[u]; p != nil {
			return p
		}
		if q := strings.TrimSuffix(u, "index.html"); q != u && strings.HasSuffix(q, "/") {
			return s.byURL[q]
		}
		if !strings.HasSuffix(u, "/") {
			return s.byURL[u+"/"]
		}
		return nil
	}
	if p := try(u); p != nil {
		return p
	}
	if s.BasePath != "/" && !strings.HasPrefix(u, s.BasePath) {
		return try(s.BasePath + strings.TrimPrefix(u, "/"))
	}
	return nil
}

// Site returns the site of language lang, or nil.
func (s *Set) Site(lang string) *Site {
	for _, x := range s.Sites {
		if x.Lang == lang {
			return x
		}
	}
	return nil
}

// Options configure how pages are arranged.
type Options struct {
	// Languages are the language codes, the default language first.
	Languages []string
	Drafts    bool
	// Generated lists top-level folders of content/ whose pages are not handbook pages
	// (roles/, people/: the handbook package reads them). Their _index.md, if any, is
	// kept as the landing text of the generated list page with the same key.
	Generated []string
	// BasePath is the path of the baseURL ("/" or "/handbook/"); every URL starts with it.
	BasePath string
	// AllowActive lets ClaimFiles publish files that a browser runs (see Active);
	// [markup] unsafe = true sets it.
	AllowActive bool
	// MaxDepth is the most folders a page may be in under content/ ("a/b/c.md" is
	// in 2); 0 means DefaultMaxDepth. The breadcrumbs of a section's pages grow with
	// the square of its depth.
	MaxDepth int
}

// DefaultMaxDepth is the MaxDepth used when Options leaves it zero.
const DefaultMaxDepth = 32

// Build arranges the pages of content into one site per language. Generated pages are
// added with Add, and Finish completes the set.
func Build(content *load.Content, opts Options) (*Set, *diag.List) {
	set := &Set{Default: opts.Languages[0], Languages: opts.Languages, allowActive: opts.AllowActive,
		maxDepth: cmp.Or(opts.MaxDepth, DefaultMaxDepth)}
	base := opts.BasePath
	if base == "" {
		base = "/"
	}
	set.BasePath = base
	for i, lang := range opts.Languages {
		prefix := base
		if i > 0 {
			prefix = base + lang + "/"
		}
		// Most pages are in the default language; the maps of other languages grow.
		n := 0
		if i == 0 {
			n = len(content.Pages)
		}
		set.Sites = append(set.Sites, &Site{Lang: lang, Prefix: prefix, TagPages: map[string]*Page{},
			bySource: make(map[string]*Page, n), byKey: make(map[string]*Page, n)})
	}
	set.outs = make(map[string]owner, len(content.Pages))
	isLang := map[string]bool{}
	for _, l := range opts.Languages {
		isLang[l] = true
	}
	generated := map[string]bool{}
	for _, g := range opts.Generated {
		generated[g] = true
	}

	near := nearMisses{}
	for _, src := range content.Pages {
		if n := strings.Count(src.Path, "/"); n > set.maxDepth {
			set.diags.Add(diag.Errorf(diag.Pos{File: src.File}, diag.RuleTooDeep,
				"move the page into fewer nested folders (the limit is [limits] max_folder_depth)",
				"the page is in %d nested folders, more than the limit of %d", n, set.maxDepth))
			continue
		}
		dir, file := path.Split(src.Path)
		dir = strings.TrimSuffix(dir, "/")
		top, _, _ := strings.Cut(src.Path, "/")
		base := strings.TrimSuffix(file, path.Ext(file))
		lang := set.Default
		if i := strings.LastIndexByte(base, '.'); i > 0 && isLang[strings.ToLower(base[i+1:])] {
			lang, base = strings.ToLower(base[i+1:]), base[:i]
		}
		rank := landingRank(base)
		isIndex := rank > 0
		if generated[top] && !(isIndex && dir == top) {
			if top == "duties" {
				set.diags.Add(diag.Errorf(diag.Pos{File: src.File}, diag.RuleMisplacedPage, "move the page out of content/duties/, which holds the duty files <area>.toml", "%s is a page inside content/duties/", src.File))
			}
			continue
		}
		m, diags := decodeMeta(src, near)
		set.diags.Add(diags...)
		if msg := checkPath(strings.TrimSuffix(src.Path, path.Ext(src.Path))); msg != "" {
			set.diags.Add(diag.Errorf(diag.Pos{File: src.File}, diag.RuleUnsafePath, "rename the file or folder: letters, digits and dashes make safe URLs", "the path of %s %s", src.File, msg))
			continue
		}
		if m.draft && !opts.Drafts {
			continue
		}
		p := &Page{Lang: lang, Source: src, Title: m.title, Description: m.description, Weight: m.weight,
			Date: m.date, Draft: m.draft, Tags: m.tags, Aliases: m.aliases, Params: m.params}
		site := set.Site(lang)
		switch {
		case isIndex && dir == "":
			p.Kind, p.Key = Home, ""
		case isIndex:
			p.Kind, p.Key = Section, dir
		default:
			p.Kind, p.Key = Single, path.Join(dir, base)
			if m.slug != "" {
				p.Key = path.Join(dir, m.slug)
			}
		}
		p.tkey = p.Key
		if p.Kind == Single && m.slug != "" {
			p.tkey = path.Join(dir, base) // translations are matched by file, whatever their slugs
		}
		if p.Title == "" {
			p.Title = firstHeading(src.Body)
			p.TitleFromHeading = p.Title != ""
		}
		if p.Title == "" && p.Kind != Home {
			p.Title = titleFromName(path.Base(p.tkey))
		}
		if m.url != "" && p.Kind != Home {
			p.URL, p.Out = set.fixedURL(m.url)
		}
		if old := site.byKey[p.Key]; old != nil {
			// Of a folder's landing pages _index.md wins, then index.md, then README.md;
			// links to the others lead to it. Two pages with one key are a clash.
			oldRank := landingRankOf(old.Source.Path)
			switch {
			case p.Kind != Single && old.Kind != Single && rank > oldRank:
				set.hideLanding(site, old, p)
			case p.Kind != Single && old.Kind != Single && oldRank > rank:
				set.hideLanding(site, p, old)
				continue
			default:
				set.diags.Add(clash(p, old))
				continue
			}
		}
		site.byKey[p.Key] = p
		site.bySource[src.Path] = p
	}

	// Every folder on the way to a page is a section, with or without an index file.
	// The order does not matter: a section is made once, by whichever page needs it
	// first, and the same whatever the page.
	for _, site := range set.Sites {
		keys := make([]string, 0, len(site.byKey))
		for k := range site.byKey {
			keys = append(keys, k)
		}
		if site.byKey[""] == nil {
			site.byKey[""] = &Page{Kind: Home, Lang: site.Lang, Key: ""}
		}
		for _, k := range keys {
			p := site.byKey[k]
			if p.Kind == Home {
				continue
			}
			parentKey := path.Dir(k)
			if parentKey == "." {
				parentKey = ""
			}
			p.Parent = site.ensureSection(parentKey)
		}
		site.Home = site.byKey[""]
	}
	return set, &set.diags
}

// landingRank says whether a file's base name (without language and extension) makes
// it the landing page of its folder, and which wins when a folder has several: 3 for
// _index (Hugo's), 2 for index (MkDocs', Docusaurus' and most static hosts'), 1 for
// README (git hosts'), 0 for any other page. index and README match in any letter case.
func landingRank(base string) int {
	switch {
	case base == "_index":
		return 3
	case strings.EqualFold(base, "index"):
		return 2
	case strings.EqualFold(base, "readme"):
		return 1
	}
	return 0
}

// landingRankOf is landingRank of a content path, with its extension and language
// suffix ("guide/index.en.md") left out.
func landingRankOf(p string) int {
	base := strings.TrimSuffix(path.Base(p), path.Ext(p))
	if r := landingRank(base); r > 0 {
		return r
	}
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		return landingRank(base[:i])
	}
	return 0
}

// hideLanding records that the landing page lost, of a folder that has several, is
// not published: links to its file lead to won. A README beside another landing page
// is what git hosts show for the folder, and is dropped silently; a losing index.md
// has text of its own that would be lost, and is a warning.
func (s *Set) hideLanding(site *Site, lost, won *Page) {
	site.bySource[lost.Source.Path] = won
	if landingRankOf(lost.Source.Path) == 2 {
		s.diags.Add(diag.Warnf(where(lost), diag.RuleLandingPage,
			fmt.Sprintf("merge its text into %s and delete it, or rename it to make it a page of its own", won.Source.File),
			"%s is not published: %s is the landing page of its folder", lost.Source.File, won.Source.File))
	}
}

// ensureSection returns the section with key, creating it (and its parents) when the
// folder has no index file.
func (s *Site) ensureSection(key string) *Page {
	if p := s.byKey[key]; p != nil {
		// A page and a folder of the same name: the folder's pages hang under the page.
		return p
	}
	p := &Page{Kind: Section, Lang: s.Lang, Key: key, Title: titleFromName(path.Base(key))}
	s.byKey[key] = p
	parentKey := path.Dir(key)
	if parentKey == "." {
		parentKey = ""
	}
	p.Parent = s.ensureSection(parentKey)
	return p
}

// Add places a generated page in the site of its language; key must be unique.
// Its URL is the key as a folder ("roles/operations" -> /roles/operations/) unless
// p.URL is set already.
func (s *Set) Add(p *Page) {
	site := s.Site(p.Lang)
	if old := site.byKey[p.Key]; old != nil && old.Kind != Section {
		s.diags.Add(clash(p, old))
		return
	}
	if old := site.byKey[p.Key]; old != nil && old.Kind == Section {
		// Pages in a folder named like a generated page would be lost under it.
		for k, q := range site.byKey {
			if q.Source != nil && strings.HasPrefix(k, p.Key+"/") {
				s.diags.Add(diag.Errorf(where(q), diag.RuleOutputClash, "rename the folder: /"+p.Key+"/ is a page Rolebook makes",
					"%s is inside content/%s/, but /%s/ is the generated %s page", q.Source.File, p.Key, p.Key, p.Kind))
			}
		}
		// content/roles/_index.md is the landing text of the generated roles page.
		p.Source = old.Source
		if old.Title != "" && old.Source != nil {
			p.Title = old.Title
		}
		if old.Description != "" {
			p.Description = old.Description
		}
		old.Hidden = true
		delete(site.byKey, p.Key)
	}
	site.byKey[p.Key] = p
	site.Pages = append(site.Pages, p)
}

// Finish orders the pages, links translations, gives every page its URL and output
// path, makes tag pages and alias targets, and reports output clashes. Call it once,
// after every Add. The returned list holds every diagnostic of the set, those of Build
// and Add included.
func (s *Set) Finish() *diag.List {
	for _, site := range s.Sites {
		generated := site.Pages
		site.Pages = nil
		{
			for _, p := range site.byKey {
				if p.Parent != nil && !p.Hidden {
					p.Parent.Children = append(p.Parent.Children, p)
				}
			}
			sortTree(site.Home)
			var prev *Page
			var walk func(p *Page)
			walk = func(p *Page) {
				p.order = len(site.Pages)
				site.Pages = append(site.Pages, p)
				if prev != nil {
					prev.Next, p.Prev = p, prev
				}
				prev = p
				for _, c := range p.Children {
					walk(c)
				}
			}
			walk(site.Home)
			site.Pages = append(site.Pages, generated...)
		}
		for _, p := range site.Pages {
			if p.URL == "" {
				p.URL, p.Out = s.pageURL(site, p.Key)
			}
		}
		s.makeTags(site)
		s.makeNotFound(site)
		for _, p := range site.Pages {
			if d, ok := s.claim(owner{page: p}, p.Out); !ok {
				s.diags.Add(d)
			}
		}
	}
	s.claimAliases()
	// Translations: pages with the same key in different languages. Most keys have
	// one page; only those with more are gathered in lists.
	first := make(map[string]*Page, len(s.Sites[0].Pages))
	shared := map[string][]*Page{}
	for _, site := range s.Sites {
		for _, p := range site.Pages {
			if p.Kind == NotFound {
				continue
			}
			k := p.tkey
			if k == "" && p.Kind != Home {
				k = p.Key // generated pages
			}
			q, ok := first[k]
			switch {
			case !ok:
				first[k] = p
			case shared[k] == nil:
				shared[k] = []*Page{q, p}
			default:
				shared[k] = append(shared[k], p)
			}
		}
	}
	for _, ps := range shared {
		for _, p := range ps {
			for _, q := range ps {
				if q != p {
					p.Translations = append(p.Translations, q)
				}
			}
		}
	}
	return &s.diags
}

// AliasTargets returns every alias of every page as output path -> target page; Finish
// has checked that each clashes with nothing.
func (s *Set) AliasTargets() map[string]*Page { return s.aliases }

// claimAliases records the output path of every alias, reporting clashes.
func (s *Set) claimAliases() {
	out := map[string]*Page{}
	for _, site := range s.Sites {
		for _, p := range site.Pages {
			for _, a := range p.Aliases {
				o := aliasOut(s.outPrefix(site), a)
				if outKey(o) == outKey(p.Out) {
					// The redirect would replace the page with a redirect to itself.
					s.diags.Add(diag.Errorf(aliasPos(p, a), diag.RuleAliasLoop, "remove the alias: the page is published at this address already",
						"alias %q is the address of %s itself", a, describe(p)))
					continue
				}
				if d, ok := s.claim(owner{page: p, alias: a}, o); !ok {
					s.diags.Add(d)
					continue
				}
				out[o] = p
			}
		}
	}
	s.aliases = out
}

func (s *Set) makeTags(site *Site) {
	// Tags that make the same URL ("Foo", "foo") are one tag, named as first written.
	bySlug := map[string][]*Page{}
	names := map[string]string{}
	slugs := map[string]string{} // tag as written -> its slug: pages share a few tags
	var seen []string            // the slugs of the page's tags so far: a page has a few
	for _, p := range site.Pages {
		seen = seen[:0]
		for i, t := range p.Tags {
			slug, ok := slugs[t]
			if !ok {
				slug = Urlize(t)
				slugs[t] = slug
			}
			if name, ok := names[slug]; ok {
				p.Tags[i] = name
			} else {
				names[slug] = t
			}
			if !slices.Contains(seen, slug) {
				seen = append(seen, slug)
				bySlug[slug] = append(bySlug[slug], p)
			}
		}
	}
	if len(bySlug) == 0 {
		return
	}
	list := &Page{Kind: Tags, Lang: site.Lang, Key: "tags", Hidden: true}
	list.URL, list.Out = s.pageURL(site, "tags")
	site.Pages = append(site.Pages, list)
	site.byKey["tags"] = list
	for slug, pages := range bySlug {
		name := names[slug]
		site.TagNames = append(site.TagNames, name)
		tp := &Page{Kind: Tag, Lang: site.Lang, Key: "tags/" + slug, Title: name, Children: pages, Parent: list, Hidden: true}
		tp.URL, tp.Out = s.pageURL(site, tp.Key)
		site.TagPages[name] = tp
	}
	sort.Strings(site.TagNames)
	for _, name := range site.TagNames {
		tp := site.TagPages[name]
		list.Children = append(list.Children, tp)
		site.Pages = append(site.Pages, tp)
		site.byKey[tp.Key] = tp
	}
}

func (s *Set) makeNotFound(site *Site) {
	p := &Page{Kind: NotFound, Lang: site.Lang, Key: "404", Hidden: true}
	p.URL = site.Prefix + "404.html"
	p.Out = s.outPrefix(site) + "404.html"
	site.Pages = append(site.Pages, p)
	site.byKey["404"] = p
}

// TagRefs returns the tags of p with the URLs of their pages.
func (s *Site) TagRefs(p *Page) []TagRef {
	out := make([]TagRef, 0, len(p.Tags))
	for _, t := range p.Tags {
		if tp := s.TagPages[t]; tp != nil {
			out = append(out, TagRef{t, tp.URL})
		}
	}
	return out
}

func clash(p, old *Page) diag.Diagnostic {
	return clashAt(p, old, "")
}

// clashAt reports two pages that would write one output; out names it when known.
// The diagnostic stands at a file of the handbook when either page has one.
func clashAt(p, old *Page, out string) diag.Diagnostic {
	if p.Source == nil && old.Source != nil {
		p, old = old, p
	}
	d := diag.Errorf(where(p), diag.RuleOutputClash, "rename one of the files, or change a slug or alias", "%s and %s would both be published at %s", describe(p), describe(old), out)
	switch {
	case out != "":
	case p.URL != "":
		d.Message = fmt.Sprintf("%s and %s would both be published at %s", describe(p), describe(old), p.URL)
	default:
		d.Message = fmt.Sprintf("%s and %s would both be published as %s", describe(p), describe(old), p.Key)
	}
	d.Related = []diag.Pos{where(old)}
	return d
}

// aliasPos is the position of the alias a in p's front matter, or the front matter's.
func aliasPos(p *Page, a string) diag.Pos {
	if p.Source != nil && p.Source.Front != nil {
		if list, ok := p.Source.Front.Data["aliases"].([]any); ok {
			for i, v := range list {
				if v == a {
					return p.Source.Front.Pos("aliases", fmt.Sprint(i))
				}
			}
		}
	}
	return where(p)
}

func where(p *Page) diag.Pos {
	if p.Source != nil {
		if p.Source.Front != nil {
			return p.Source.Front.Start
		}
		return diag.Pos{File: p.Source.File, Line: 1, Col: 1}
	}
	return diag.Generated(p.Key)
}

func describe(p *Page) string {
	if p.Source != nil {
		return p.Source.File
	}
	return "the generated page " + p.Key
}

// outPrefix is the output folder of a site's language: "" or "en/".
func (s *Set) outPrefix(site *Site) string {
	return strings.TrimPrefix(site.Prefix, s.BasePath)
}

// fixedURL returns the URL and output path of a page whose front matter sets url: the
// path as written, under the base path, in every language ("/about-us/" ->
// /about-us/index.html; a path ending in .html is that file).
func (s *Set) fixedURL(u string) (string, string) {
	a := strings.Trim(u, "/")
	if strings.HasSuffix(a, ".html") {
		return s.BasePath + EscapePath(a), a
	}
	return s.BasePath + EscapePath(a) + "/", a + "/index.html"
}

// pageURL returns the pretty URL and output path of key in site.
func (s *Set) pageURL(site *Site, key string) (string, string) {
	out := s.outPrefix(site)
	if key == "" {
		return site.Prefix, out + "index.html"
	}
	return site.Prefix + EscapePath(key) + "/", out + key + "/index.html"
}

// EscapePath percent-encodes each segment of a slash path for use in a URL.
func EscapePath(p string) string {
	// Most paths need no escaping: they are returned as they are, without a copy.
	for rest := p; ; {
		seg, after, more := strings.Cut(rest, "/")
		if url.PathEscape(seg) != seg {
			break
		}
		if !more {
			return p
		}
		rest = after
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// aliasOut maps an alias ("/old/page/", "old.html") to its output path; an alias that
// does not start with a slash is relative to the language's folder.
func aliasOut(outPrefix, alias string) string {
	a := strings.Trim(alias, "/")
	if !strings.HasPrefix(alias, "/") {
		a = outPrefix + a
	}
	if strings.HasSuffix(a, ".html") {
		return a
	}
	if a == "" {
		return "index.html"
	}
	return a + "/index.html"
}

func sortTree(p *Page) {
	slices.SortFunc(p.Children, compare)
	for _, c := range p.Children {
		sortTree(c)
	}
}

// compare orders siblings: weighted pages first by weight, then by title, then by key.
// Siblings have different keys, so no two compare equal and the order is the same
// whatever the order they came in.
func compare(a, b *Page) int {
	wa, wb := a.Weight, b.Weight
	if (wa == 0) != (wb == 0) {
		if wa != 0 {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(wa, wb); c != 0 {
		return c
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.Key, b.Key)
}

// Urlize makes a URL segment of a name: lower case, spaces to dashes, unsafe characters
// dropped; letters of any script are kept.
func Urlize(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		switch {
		case r == ' ' || r == '-' || r == '_':
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		case r < 0x80 && !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			// punctuation and control characters are dropped
		default:
			b.WriteRune(r)
			dash = false
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if s == "" {
		s = "tag"
	}
	if checkSegment(s) != "" {
		// A name Windows reserves ("con", "aux.txt"): keep it usable as a folder.
		s += "-"
	}
	return s
}

func titleFromName(name string) string {
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	if name == "" {
		return name
	}
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[size:]
}
