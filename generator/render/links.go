package render

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/site"
)

// Links in Markdown, as the resolver reads them (every form is checked; a broken one is
// an error at the link, with a hint written as the author must write it from the page):
//
//	role:ID duty:ID person:ID skill:ID   the handbook's entries
//	other.md, ../guide/x.md#part         a page by its file, relative to the page
//	roles/ID.md, people/ID.md            a role's or person's page, as role: and person:
//	img/a.png, ../forms/                 a file copied as it is, or a folder's section
//	/guide/x/, /guide/x.md, /img/a.png   site-absolute: a page by its address or file, a
//	                                     static file, a generated file (matrix.csv...);
//	                                     the base path of baseURL is added when missing
//	../../README.md                      a file of the handbook's folder outside content/:
//	                                     on the repository's web host with repoURL (or an
//	                                     editURL of GitHub's or GitLab's form), else a
//	                                     warning
//
// A "#part" of a page is checked against the ids of the target's headings once every
// page has rendered (anchors), for the pages written in Markdown.

// resolver maps the links of one page to URLs.
type resolver struct {
	r    *renderer
	lc   *langCtx
	from string // the page's content path
	// links, when not nil, receives every link resolved, as the path it is resolved
	// from (from), a NUL byte and its destination.
	links *[]string
}

// Resolve implements markdown.Resolver.
func (rs *resolver) Resolve(dest string) (string, bool, string, string) {
	if rs.links != nil {
		*rs.links = append(*rs.links, rs.from+"\x00"+dest)
	}
	kind, target, frag := splitLink(rs.from, dest)
	if kind == linkScheme {
		scheme, id, _ := strings.Cut(dest, ":")
		return rs.lc.hb.Resolve(scheme, id)
	}
	withFrag := func(u string) string {
		if frag != "" {
			return u + "#" + frag
		}
		return u
	}
	switch kind {
	case linkAbsolute:
		return rs.absolute(dest, target, withFrag)
	case linkOutside:
		return rs.outside(dest, target, withFrag)
	}
	p := target
	if strings.HasSuffix(strings.ToLower(p), ".md") {
		if u, ok, msg, hint, isData := rs.dataPage(p, frag); isData {
			return u, ok, msg, hint
		}
		page := rs.find(p)
		if page == nil {
			return "", false, fmt.Sprintf("no page %q", dest), rs.suggest(p)
		}
		return withFrag(page.URL), true, "", ""
	}
	// A file of content/ copied as it is (an image, a PDF), at the same path.
	if rs.r.isStatic(p) {
		return withFrag(rs.r.in.Sites.BasePath + site.EscapePath(p)), true, "", ""
	}
	// A folder: the section (or page) made from it.
	key := strings.Trim(p, "/")
	if key == "." {
		key = ""
	}
	page := rs.lc.site.Page(key)
	if page == nil {
		page = rs.r.in.Sites.Sites[0].Page(key)
	}
	if page == nil {
		return "", false, fmt.Sprintf("no file or page %q", dest), rs.suggest(p)
	}
	return withFrag(page.URL), true, "", ""
}

// linkKind is how Resolve resolves a link.
type linkKind int

const (
	linkScheme   linkKind = iota // role:, duty:, person:... (the handbook's views)
	linkAbsolute                 // /guide/x/, /guide/x.md: the site
	linkOutside                  // a file of the repository outside content/
	linkInside                   // a file or folder of content/
)

// splitLink tells how the link dest, written in the file at from (a path relative to
// content/), resolves. For a link without a scheme, target is its path (unescaped; for
// links outside and inside, made relative to content/ and clean) and frag what follows
// "#".
func splitLink(from, dest string) (kind linkKind, target, frag string) {
	if scheme, _, hasScheme := strings.Cut(dest, ":"); hasScheme && !strings.ContainsRune(scheme, '/') {
		return linkScheme, "", ""
	}
	target, frag, _ = strings.Cut(dest, "#")
	if u, err := url.PathUnescape(target); err == nil {
		target = u
	}
	if strings.HasPrefix(target, "/") {
		return linkAbsolute, target, frag
	}
	p := path.Clean(path.Join(path.Dir(from), target))
	if strings.HasPrefix(p, "../") || p == ".." {
		return linkOutside, p, frag
	}
	return linkInside, p, frag
}

// dataPage resolves a link to a role's or person's file (roles/ID.md, roles/ID.en.md,
// people/ID.md), as git hosts show them, to the page Rolebook makes of it, and a link to
// the landing text of those folders to the generated list page. isData is false for any
// other path.
func (rs *resolver) dataPage(p, frag string) (u string, ok bool, msg, hint string, isData bool) {
	top, rest, found := strings.Cut(p, "/")
	name := strings.TrimSuffix(rest, path.Ext(rest))
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	if found && !strings.Contains(rest, "/") && slices.Contains(handbook.DataFolders(), top) {
		switch strings.ToLower(name) {
		case "_index", "index", "readme":
			if page := rs.lc.site.Page(top); page != nil {
				if frag != "" {
					return page.URL + "#" + frag, true, "", "", true
				}
				return page.URL, true, "", "", true
			}
		}
	}
	kind, id, isData := handbook.DataPage(p)
	if !isData {
		return "", false, "", "", false
	}
	if frag != "" {
		id += "#" + frag
	}
	u, ok, msg, hint = rs.lc.hb.Resolve(kind, id)
	return u, ok, msg, hint, true
}

// absolute resolves a site-absolute link: a page by its file ("/guide/x.md") or its
// address ("/guide/x/", with or without the base path), a file copied as it is, or a
// file the build makes beside a page.
func (rs *resolver) absolute(dest, target string, withFrag func(string) string) (string, bool, string, string) {
	sets := rs.r.in.Sites
	rel := strings.TrimPrefix(target, "/")
	if sets.BasePath != "/" && strings.HasPrefix(target, sets.BasePath) {
		rel = strings.TrimPrefix(target, sets.BasePath)
	}
	if strings.HasSuffix(strings.ToLower(rel), ".md") {
		if u, ok, msg, hint, isData := rs.dataPage(path.Clean(rel), ""); isData {
			return withFrag(u), ok, msg, hint
		}
		if page := rs.find(path.Clean(rel)); page != nil {
			return withFrag(page.URL), true, "", ""
		}
		if rs.r.isStatic(rel) {
			return withFrag(sets.BasePath + site.EscapePath(rel)), true, "", ""
		}
		return "", false, fmt.Sprintf("no page %q", dest), rs.suggestFrom(path.Clean(rel), true)
	}
	if rs.r.isStatic(rel) {
		return withFrag(sets.BasePath + site.EscapePath(rel)), true, "", ""
	}
	if page := sets.PageAt(target); page != nil {
		return withFrag(page.URL), true, "", ""
	}
	if rs.r.made(rel) {
		return withFrag(sets.BasePath + site.EscapePath(rel)), true, "", ""
	}
	hint := "link to a page by its address on the site (/guide/ownership/) or by its file (/guide/ownership.md)"
	if s := rs.suggestURL(target); s != "" {
		hint = fmt.Sprintf("did you mean %q?", s)
	}
	return "", false, fmt.Sprintf("no page or file at %q", dest), hint
}

// made reports whether the build writes the file at rel (a path without the base path)
// beside its pages: a matrix's CSV or JSON, a person's calendar feed, a theme asset, the
// sitemap, robots.txt or the 404 page.
func (r *renderer) made(rel string) bool {
	dir, name := path.Split(rel)
	switch name {
	case "matrix.csv", "matrix.json", "duties.ics":
		return r.in.Sites.PageAt("/"+dir) != nil
	case "sitemap.xml", "robots.txt", "404.html":
		return dir == "" || r.in.Sites.Site(strings.TrimSuffix(dir, "/")) != nil
	}
	if a, ok := strings.CutPrefix(rel, "assets/"); ok && a != "" {
		_, err := fs.Stat(r.in.Theme, "assets/"+a)
		return err == nil
	}
	return false
}

// suggestURL returns the address of a page of the linking page's language close to the
// site-absolute target, written as the author wrote it (with or without the base path).
func (rs *resolver) suggestURL(target string) string {
	base := rs.r.in.Sites.BasePath
	withBase := base != "/" && strings.HasPrefix(target, base)
	var urls []string
	for _, p := range rs.lc.site.Pages {
		if p.URL == "" || p.Kind == site.NotFound {
			continue
		}
		u := p.URL
		if !withBase {
			u = "/" + strings.TrimPrefix(u, base)
		}
		urls = append(urls, u)
	}
	return diag.Suggest(target, urls)
}

// outside resolves a link that leaves content/ (p is relative to content/ and starts
// with ".."): a file of the handbook's folder links to the repository's web host when
// the config says where that is; one that does not exist, or is outside the folder, is
// an error.
func (rs *resolver) outside(dest, p string, withFrag func(string) string) (string, bool, string, string) {
	repoPath := path.Clean("content/" + p)
	cfg := rs.r.in.Config
	if strings.HasPrefix(repoPath, "../") || repoPath == ".." {
		return "", false, fmt.Sprintf("%q leaves the handbook's folder", dest), "link to a page inside content/, or to the file's address on the web"
	}
	if cfg.Source != "" {
		if _, err := os.Stat(filepath.Join(cfg.Source, filepath.FromSlash(repoPath))); errors.Is(err, fs.ErrNotExist) {
			return "", false, fmt.Sprintf("no file %q (%s in the handbook's folder)", dest, repoPath), "link to a file that exists, relative to this page"
		}
	}
	if base := repoBase(cfg.RepoURL, cfg.EditURL); base != "" {
		return withFrag(base + site.EscapePath(repoPath)), true, "", ""
	}
	return dest, true, fmt.Sprintf("%q is %s, outside content/: the site does not publish it, so the link leads nowhere", dest, repoPath),
		`set repoURL in config.toml (such as "https://github.com/org/handbook/blob/main/") to link to it on the repository's web host, or move the file into content/`
}

// repoBase returns the address files of the repository are shown at: repoURL, or
// editURL made into a viewing address when it has the form GitHub and GitLab use
// (".../edit/BRANCH/" becomes ".../blob/BRANCH/"); "" when neither says.
func repoBase(repoURL, editURL string) string {
	if repoURL != "" {
		if !strings.HasSuffix(repoURL, "/") {
			repoURL += "/"
		}
		return repoURL
	}
	if i := strings.LastIndex(editURL, "/edit/"); i >= 0 {
		return editURL[:i] + "/blob/" + editURL[i+len("/edit/"):]
	}
	return ""
}

// find returns the page built from content path p, preferring the linking page's
// language: a link to guide/x.md from an English page lands on guide/x.en.md.
func (rs *resolver) find(p string) *site.Page {
	sets := rs.r.in.Sites
	var page *site.Page
	for _, s := range sets.Sites {
		if page = s.BySource(p); page != nil {
			break
		}
	}
	if page == nil {
		// A page that exists only as a translation ("only.en.md"), linked by its
		// plain name.
		ext := path.Ext(p)
		for _, s := range sets.Sites {
			if page = s.BySource(strings.TrimSuffix(p, ext) + "." + s.Lang + ext); page != nil {
				break
			}
		}
	}
	if page == nil {
		return nil
	}
	if page.Lang != rs.lc.lang {
		if t := page.Translation(rs.lc.lang); t != nil {
			return t
		}
	}
	return page
}

// suggest returns a hint for a missing page or file at content path p: the closest file
// beside it, else one of the same name elsewhere, else the closest anywhere, each
// written as a link from the page.
func (rs *resolver) suggest(p string) string { return rs.suggestFrom(p, false) }

// suggestFrom is suggest; with absolute, the suggestion is written from content/'s root
// ("/guide/x.md"), as the author wrote the link.
func (rs *resolver) suggestFrom(p string, absolute bool) string {
	dir, name := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		dir = "."
	}
	var beside, sameName, all []string
	add := func(f string) {
		all = append(all, f)
		d := path.Dir(f)
		if d == dir {
			beside = append(beside, f)
		}
		if strings.EqualFold(path.Base(f), name) {
			sameName = append(sameName, f)
		}
	}
	// The default language's site holds every page with a source in that language.
	for _, pg := range rs.r.in.Sites.Sites[0].Pages {
		if pg.Source != nil && pg.Source.Path != rs.from {
			add(pg.Source.Path)
		}
	}
	for _, f := range rs.r.in.Static {
		add(f)
	}
	best := diag.Suggest(p, beside)
	if best == "" && len(sameName) > 0 {
		slices.Sort(sameName)
		best = sameName[0]
	}
	if best == "" {
		best = diag.Suggest(p, all)
	}
	switch {
	case best == "" && absolute:
		return "link to an existing file, by its path in content/ (/guide/ownership.md)"
	case best == "":
		return "link to an existing file, relative to this page"
	case absolute:
		return fmt.Sprintf("did you mean %q?", "/"+best)
	}
	return fmt.Sprintf("did you mean %q?", relativeLink(path.Dir(rs.from), best))
}

// relativeLink returns the link from a page in folder dir (relative to content/, "."
// for content/ itself) to the content file target.
func relativeLink(dir, target string) string {
	if dir == "." || dir == "" {
		return target
	}
	from := strings.Split(dir, "/")
	to := strings.Split(target, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}

// anchors collects, while pages render, the ids of the pages written in Markdown and
// the links to parts of pages, to check the second against the first once every page
// has rendered.
type anchors struct {
	mu    sync.Mutex
	ids   map[string][]string // page URL -> the ids of its Markdown
	files map[string]string   // page URL -> its source file, for messages
	links []markdown.Fragment
}

// init makes room for the ids of n pages.
func (a *anchors) init(n int) {
	a.ids, a.files = make(map[string][]string, n), make(map[string]string, n)
}

// page records the ids of a page written in Markdown and its links to parts of pages.
func (a *anchors) page(url, file string, res markdown.Result) {
	a.add(url, file, res.IDs, res.Fragments)
}

// add records the ids of the page at url, written in file (none when url is ""), and
// links to parts of pages: those of a page rendered now, or of one reused as the
// previous build rendered it (Record).
func (a *anchors) add(url, file string, ids []string, links []markdown.Fragment) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ids == nil {
		a.init(0)
	}
	if url != "" {
		a.ids[url] = ids
		a.files[url] = file
	}
	a.links = append(a.links, links...)
}

// check reports the links to a part of a page that the page has no id for. A page that
// did not render in this run (the dev server re-renders a few) is not checked.
func (a *anchors) check() []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, l := range a.links {
		ids, ok := a.ids[l.URL]
		if !ok || slices.Contains(ids, l.ID) {
			continue
		}
		hint := diag.DidYouMean(l.ID, ids)
		switch {
		case hint != "":
		case len(ids) == 0:
			hint = "the page has no headings: link to the page without #" + l.ID
		default:
			hint = "link to one of its headings by its id: the heading's text in lower case, spaces as dashes, or the {#id} written after it"
		}
		out = append(out, diag.Errorf(l.Pos, diag.RuleBrokenLink, hint, "broken link: %s has no heading #%s", a.files[l.URL], l.ID))
	}
	return out
}
