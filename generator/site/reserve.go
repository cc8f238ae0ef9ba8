package site

import (
	"fmt"
	"path"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
	"golang.org/x/text/unicode/norm"
)

// Every output path has exactly one source. Pages (content pages, generated pages, tag
// pages, the 404 page) and their aliases claim their paths in Finish; Reserve records
// the files Rolebook writes itself besides pages (the theme's assets, the data and
// calendar files beside generated pages, the search index, the sitemap); ClaimFiles
// then claims the files copied from content/. Claims are made in that order, one at a
// time, so the outcome never depends on timing: a second claimant of a path is an
// error naming both, whatever wrote first.

// Reserved is an output path that Rolebook writes itself, apart from the pages.
type Reserved struct {
	// Path is a slash path inside the destination ("assets/site.js"). A Path whose
	// last segment holds path.Match metacharacters ("search/[dt]-*.gz") reserves
	// every file of its folder that matches: the names of such files are known only
	// once they are written.
	Path string
	// What says what writes it, for diagnostics: "the theme's asset assets/site.js".
	What string
	// File is the handbook file it comes from, when there is one
	// ("templates/assets/site.js"): the diagnostic names it as a related place.
	File string
}

// owner is what claimed an output path: a page (content files copied as they are are
// pages here), one of its aliases, or a reservation.
type owner struct {
	page  *Page
	alias string // the alias of page that claimed the path; "" for the page itself
	res   *Reserved
}

// describe names the owner in a message.
func (o owner) describe() string {
	switch {
	case o.res != nil:
		return o.res.What
	case o.alias != "":
		return fmt.Sprintf("the alias %q of %s", o.alias, describe(o.page))
	}
	return describe(o.page)
}

// where is the owner's place in the handbook, and whether it has one.
func (o owner) where() (diag.Pos, bool) {
	switch {
	case o.res != nil && o.res.File != "":
		return diag.Pos{File: o.res.File}, true
	case o.res != nil:
		return diag.Pos{}, false
	case o.alias != "":
		return aliasPos(o.page, o.alias), true
	}
	return where(o.page), true
}

// clash reports that o and old would both write out. The diagnostic stands at a file
// of the handbook when either has one, preferring a content file to a generated page,
// and names the other as a related place.
func clashOf(o, old owner, out string) diag.Diagnostic {
	if o.res != nil || o.page != nil && o.page.Source == nil && old.res == nil && old.page.Source != nil {
		o, old = old, o
	}
	pos, _ := o.where()
	hint := "rename one of the files, or change a slug or alias"
	if old.res != nil {
		what := describe(o.page)
		if o.alias != "" {
			what = fmt.Sprintf("change the alias %q", o.alias)
		} else {
			what = "rename or move " + what
		}
		hint = fmt.Sprintf("%s: Rolebook writes %s itself", what, out)
	}
	d := diag.Errorf(pos, diag.RuleOutputClash, hint, "%s and %s would both be published at %s", o.describe(), old.describe(), out)
	if rel, ok := old.where(); ok {
		d.Related = []diag.Pos{rel}
	}
	return d
}

// outKey is the key of an output path in the claims: paths that differ only in letter
// case or Unicode normalisation are one file on common file systems.
func outKey(out string) string { return strings.ToLower(norm.NFC.String(out)) }

// Reserve records output paths that Rolebook writes itself besides the pages, so that
// a page, an alias or a file of content/ that would write one of them is an error
// naming both. Call it after Finish, before ClaimFiles; the returned list holds the
// clashes with pages and aliases (ClaimFiles reports those with content files).
func (s *Set) Reserve(rs []Reserved) *diag.List {
	var list diag.List
	if s.patterns == nil {
		s.patterns = map[string][]*Reserved{}
	}
	var patterns []*Reserved
	for i := range rs {
		r := &rs[i]
		dir, name := path.Split(r.Path)
		if isPattern(name) {
			k := outKey(dir)
			s.patterns[k] = append(s.patterns[k], r)
			patterns = append(patterns, r)
			continue
		}
		k := outKey(r.Path)
		if old, ok := s.outs[k]; ok {
			if old.res != nil {
				continue // two reservations of one path are the generator's own business
			}
			list.Add(clashOf(owner{res: r}, old, r.Path))
		}
		s.outs[k] = owner{res: r}
	}
	// Paths claimed before that a new pattern matches: pages and aliases.
	if len(patterns) > 0 {
		for k, o := range s.outs {
			if o.res != nil {
				continue
			}
			if r := s.matchPattern(k); r != nil {
				list.Add(clashOf(owner{res: r}, o, k))
			}
		}
	}
	return &list
}

// isPattern reports whether a path segment holds path.Match metacharacters.
func isPattern(name string) bool { return strings.ContainsAny(name, `*?[\`) }

// matchPattern returns the pattern reservation that output key k (see outKey) falls
// under, or nil.
func (s *Set) matchPattern(k string) *Reserved {
	dir, name := path.Split(k)
	for _, r := range s.patterns[dir] {
		_, pat := path.Split(r.Path)
		if ok, _ := path.Match(strings.ToLower(pat), name); ok {
			return r
		}
	}
	return nil
}

// ClaimFiles records the files copied from content/ as they are (images, PDFs), so that
// one that would overwrite a page, an alias or a reserved file, or a file a browser
// runs (see Active) without Options.AllowActive, is an error naming both instead of a
// silent loss or a script published in the handbook's name. Call it after Reserve.
func (s *Set) ClaimFiles(static []string) *diag.List {
	return s.claimFiles("content", static, !s.allowActive)
}

// ClaimStaticFiles records files copied as they are from the folder dir of the handbook
// (static/, whose files Hugo copies to the site's root) at the same paths, as ClaimFiles
// does for content/. Like templates/, that folder holds the site's own assets (a logo
// in SVG), so files a browser runs are allowed there. Call it after ClaimFiles.
func (s *Set) ClaimStaticFiles(dir string, files []string) *diag.List {
	return s.claimFiles(dir, files, false)
}

// claimFiles claims files of the handbook's folder dir, copied to the same paths;
// with refuseActive, files a browser runs are errors.
func (s *Set) claimFiles(dir string, files []string, refuseActive bool) *diag.List {
	var list diag.List
	for _, f := range files {
		p := &Page{Key: f, Source: &load.Page{Path: f, File: dir + "/" + f}}
		if ext, ok := Active(f); ok && refuseActive {
			list.Add(diag.Errorf(where(p), diag.RuleActiveFile,
				"convert it (a page to Markdown, an SVG drawing to PNG), or set [markup] unsafe = true if every author of the handbook is trusted",
				"%s is a %s file, which a browser runs as part of the site: its scripts would run for every reader", p.Source.File, ext))
			continue
		}
		if d, ok := s.claim(owner{page: p}, f); !ok {
			list.Add(d)
		}
	}
	return &list
}

// activeTypes are the extensions of files that a browser opening them runs as a
// document of the site, with its scripts: HTML and XML of every kind (XHTML, SVG,
// XSLT, feeds, MathML, RDF) and saved web archives. Served from the site's own
// address, their scripts could read and change every page a reader can see.
var activeTypes = map[string]bool{
	".html": true, ".htm": true, ".shtml": true, ".xhtml": true, ".xht": true, ".xml": true,
	".svg": true, ".svgz": true, ".xsl": true, ".xslt": true, ".rss": true, ".atom": true,
	".rdf": true, ".mml": true, ".mht": true, ".mhtml": true, ".hta": true,
}

// compressed are extensions under which a server may send a file's content with the
// type of the name before them (nginx's gzip_static serves x.html.gz for x.html).
var compressed = map[string]bool{".gz": true, ".br": true, ".zst": true}

// Active reports whether the file at name is of a type that a browser runs as a web
// document (see activeTypes), in any letter case and under a compression extension,
// and returns that type's extension.
func Active(name string) (string, bool) {
	ext := strings.ToLower(path.Ext(name))
	if compressed[ext] {
		ext = strings.ToLower(path.Ext(strings.TrimSuffix(name, path.Ext(name))))
	}
	return ext, activeTypes[ext]
}

// claim records that o writes output path out. A second claimant is an error naming
// both, returned with false. Paths that differ only in letter case or Unicode
// normalisation clash too, since they are one file on common file systems.
func (s *Set) claim(o owner, out string) (diag.Diagnostic, bool) {
	k := outKey(out)
	old, ok := s.outs[k]
	switch {
	case ok && (old.res != nil || old.page != o.page):
		return clashOf(o, old, out), false
	case !ok:
		if r := s.matchPattern(k); r != nil {
			return clashOf(o, owner{res: r}, out), false
		}
	}
	s.outs[k] = o
	return diag.Diagnostic{}, true
}
