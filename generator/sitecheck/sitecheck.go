package sitecheck

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/rolebook/rolebook/generator/diag"
)

// Options say how URLs of the site look.
type Options struct {
	// BaseURL is the site's address (config.toml's baseURL). Absolute links to its host
	// are checked like root-relative ones, and its path ("/handbook/") is the prefix of
	// every URL inside the site. Empty means "/".
	BaseURL string
}

// Report is the result of a check.
type Report struct {
	// Pages is the number of HTML pages read; Links the number of references checked
	// (links to other hosts not included).
	Pages, Links int
	// Problems are sorted by file and line: a diagnostic each, whose position's File is
	// the page's slash path inside the site ("en/roles/index.html"), whose Line is the
	// line of the offending tag (0 when it concerns the whole page), and whose Rule names
	// the rule broken (see the package comment).
	Problems []diag.Diagnostic
}

// Rules returns the problems of one rule.
func (r *Report) Rules(rule diag.Rule) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, p := range r.Problems {
		if p.Rule == rule {
			out = append(out, p)
		}
	}
	return out
}

// ref is one URL found in a page, to resolve once every page's ids are known.
type ref struct {
	line int
	attr string
	raw  string
}

// page is what the first pass keeps of one HTML file.
type page struct {
	ids  map[string]bool
	refs []ref
}

// Check reads every file of site and reports every problem found. The error is for a
// site that cannot be read, never for a problem in it.
func Check(site fs.FS, opts Options) (*Report, error) {
	base, err := url.Parse(opts.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("baseURL %q: %w", opts.BaseURL, err)
	}
	if base.Path == "" || !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	c := &checker{site: site, base: base, pages: map[string]*page{}, rep: &Report{}}
	err = fs.WalkDir(site, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(name, ".html") {
			return nil
		}
		b, err := fs.ReadFile(site, name)
		if err != nil {
			return err
		}
		c.pages[name] = c.scan(name, b)
		c.rep.Pages++
		return nil
	})
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(c.pages))
	for n := range c.pages {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, r := range c.pages[n].refs {
			c.resolve(n, r)
		}
	}
	sort.SliceStable(c.rep.Problems, func(i, j int) bool {
		a, b := c.rep.Problems[i], c.rep.Problems[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		return a.Pos.Line < b.Pos.Line
	})
	return c.rep, nil
}

type checker struct {
	site  fs.FS
	base  *url.URL
	pages map[string]*page
	rep   *Report
}

func (c *checker) add(file string, line int, rule diag.Rule, format string, args ...any) {
	c.rep.Problems = append(c.rep.Problems, diag.Errorf(diag.Pos{File: file, Line: line}, rule, "", format, args...))
}

// Elements whose end tag may be left out, and void elements, which have none.
var (
	optionalEnd = map[atom.Atom]bool{atom.P: true, atom.Li: true, atom.Dt: true, atom.Dd: true, atom.Tr: true,
		atom.Td: true, atom.Th: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Option: true,
		atom.Optgroup: true, atom.Colgroup: true, atom.Caption: true, atom.Rt: true, atom.Rp: true,
		atom.Html: true, atom.Head: true, atom.Body: true}
	void = map[atom.Atom]bool{atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
		atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
		atom.Track: true, atom.Wbr: true}
)

// urlAttrs are the attributes holding one URL, by element; srcset is handled apart.
var urlAttrs = map[atom.Atom][]string{
	atom.A: {"href"}, atom.Area: {"href"}, atom.Link: {"href"}, atom.Img: {"src"}, atom.Script: {"src"},
	atom.Iframe: {"src"}, atom.Source: {"src"}, atom.Audio: {"src"}, atom.Video: {"src", "poster"},
	atom.Track: {"src"}, atom.Embed: {"src"}, atom.Input: {"src"}, atom.Object: {"data"},
}

type openElem struct {
	name string
	a    atom.Atom
	line int
}

// scan tokenises one page, reporting the page-local rules and collecting its ids and
// references. Lines are counted from the raw bytes of each token.
func (c *checker) scan(file string, b []byte) *page {
	p := &page{ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(b))
	line := 1
	idLine := map[string]int{}
	var stack []openElem
	var sawDoctype, sawHTML, redirect, sawElement bool
	var h1s []int
	lastLevel := 0
	depthSVG := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				c.add(file, line, diag.RuleHtml, "cannot tokenise: %v", z.Err())
			}
			break
		}
		start := line
		line += bytes.Count(z.Raw(), []byte("\n"))
		switch tt {
		case html.DoctypeToken:
			if !sawElement {
				sawDoctype = true
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			sawElement = true
			tok := z.Token()
			a := tok.DataAtom
			// The tokenizer keeps the first of duplicate attributes, as browsers do.
			attr := map[string]string{}
			for _, at := range tok.Attr {
				key := at.Key
				if at.Namespace != "" {
					key = at.Namespace + ":" + key
				}
				attr[key] = at.Val
			}
			if id, ok := attr["id"]; ok {
				if first, dup := idLine[id]; dup {
					c.add(file, start, diag.RuleDuplicateId, "id %q is already used on line %d", id, first)
				} else {
					idLine[id] = start
				}
				p.ids[id] = true
			}
			if a == atom.A {
				if name := attr["name"]; name != "" {
					p.ids[name] = true
				}
			}
			switch a {
			case atom.Html:
				sawHTML = true
				if strings.TrimSpace(attr["lang"]) == "" {
					c.add(file, start, diag.RuleLang, "<html> has no lang attribute")
				}
			case atom.Img, atom.Area:
				if _, ok := attr["alt"]; !ok {
					c.add(file, start, diag.RuleImgAlt, "<%s src=%q> has no alt text", tok.Data, firstNonEmpty(attr["src"], attr["href"]))
				}
			case atom.Input:
				if _, ok := attr["alt"]; !ok && strings.EqualFold(attr["type"], "image") {
					c.add(file, start, diag.RuleImgAlt, "<input type=image> has no alt text")
				}
			case atom.Meta:
				if strings.EqualFold(attr["http-equiv"], "refresh") {
					redirect = true
					if _, u, ok := strings.Cut(attr["content"], "url="); ok {
						p.refs = append(p.refs, ref{start, "meta refresh", strings.TrimSpace(u)})
					}
				}
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				if depthSVG > 0 {
					break
				}
				level := int(tok.Data[1] - '0')
				if level > lastLevel+1 && lastLevel > 0 {
					c.add(file, start, diag.RuleHeadingOrder, "<h%d> follows <h%d>: a heading level is skipped", level, lastLevel)
				}
				lastLevel = level
				if level == 1 {
					h1s = append(h1s, start)
				}
			}
			for _, k := range urlAttrs[a] {
				if v, ok := attr[k]; ok {
					p.refs = append(p.refs, ref{start, k, v})
				}
			}
			if v, ok := attr["srcset"]; ok && (a == atom.Img || a == atom.Source) {
				for _, cand := range strings.Split(v, ",") {
					if f := strings.Fields(cand); len(f) > 0 {
						p.refs = append(p.refs, ref{start, "srcset", f[0]})
					}
				}
			}
			if tt == html.SelfClosingTagToken || void[a] {
				break
			}
			if a == atom.Svg {
				depthSVG++
			}
			stack = append(stack, openElem{tok.Data, a, start})
		case html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			i := len(stack) - 1
			for i >= 0 && stack[i].name != n {
				i--
			}
			if i < 0 {
				c.add(file, start, diag.RuleHtml, "</%s> closes no open element", n)
				break
			}
			for _, e := range stack[i+1:] {
				if !optionalEnd[e.a] {
					c.add(file, e.line, diag.RuleHtml, "<%s> is not closed before </%s> on line %d", e.name, n, start)
				}
			}
			if stack[i].a == atom.Svg && depthSVG > 0 {
				depthSVG--
			}
			stack = stack[:i]
		}
	}
	for _, e := range stack {
		if !optionalEnd[e.a] {
			c.add(file, e.line, diag.RuleHtml, "<%s> is never closed", e.name)
		}
	}
	if !sawDoctype {
		c.add(file, 1, diag.RuleHtml, "no <!doctype html> before the first element")
	}
	if !sawHTML {
		c.add(file, 1, diag.RuleLang, "no <html> element to carry the page's lang")
	}
	if !redirect {
		switch len(h1s) {
		case 1:
		case 0:
			c.add(file, 0, diag.RuleH1, "the page has no <h1>")
		default:
			c.add(file, h1s[1], diag.RuleH1, "the page has %d <h1> elements (lines %s); keep exactly one", len(h1s), joinInts(h1s))
		}
	}
	return p
}

// resolve checks one reference of page file.
func (c *checker) resolve(file string, r ref) {
	raw := strings.TrimSpace(r.raw)
	if raw == "" || raw == "#" {
		return
	}
	u, err := url.Parse(raw)
	if err != nil {
		c.add(file, r.line, diag.RuleLink, "%s %q is not a valid URL: %v", r.attr, raw, err)
		return
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return // mailto:, tel:, data: images: nothing to resolve offline
	}
	if u.Host != "" && !strings.EqualFold(u.Host, c.base.Host) {
		return // another site
	}
	c.rep.Links++
	pageURL := &url.URL{Path: c.base.Path + pagePath(file)}
	abs := pageURL.ResolveReference(&url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery, Fragment: u.Fragment})
	if u.Path == "" {
		abs.Path = pageURL.Path
	}
	rel, ok := strings.CutPrefix(abs.Path, c.base.Path)
	if !ok && abs.Path+"/" != c.base.Path {
		c.add(file, r.line, diag.RuleLink, "%s %q leaves the site's path %s", r.attr, raw, c.base.Path)
		return
	}
	target, found := c.target(rel)
	if !found {
		c.add(file, r.line, diag.RuleLink, "%s %q: no file %s in the site", r.attr, raw, describeTarget(rel))
		return
	}
	if u.Fragment == "" {
		return
	}
	tp := c.pages[target]
	if tp == nil {
		return // a fragment of a CSS, SVG or PDF file: not checked
	}
	if !tp.ids[u.Fragment] {
		c.add(file, r.line, diag.RuleFragment, "%s %q: %s has no element with id %q", r.attr, raw, target, u.Fragment)
	}
}

// target maps a path inside the site to the file a static server would answer with.
func (c *checker) target(rel string) (string, bool) {
	if rel == "" || strings.HasSuffix(rel, "/") {
		name := rel + "index.html"
		return name, c.exists(name)
	}
	rel = path.Clean(rel)
	if st, err := fs.Stat(c.site, rel); err == nil {
		if !st.IsDir() {
			return rel, true
		}
		name := rel + "/index.html"
		return name, c.exists(name)
	}
	return rel, false
}

func (c *checker) exists(name string) bool {
	if _, ok := c.pages[name]; ok {
		return true
	}
	st, err := fs.Stat(c.site, name)
	return err == nil && !st.IsDir()
}

// pagePath is the URL path of a file relative to the site's root: "en/roles/index.html"
// is served at "en/roles/".
func pagePath(file string) string {
	if file == "index.html" {
		return ""
	}
	if d, ok := strings.CutSuffix(file, "/index.html"); ok {
		return d + "/"
	}
	return file
}

func describeTarget(rel string) string {
	if rel == "" || strings.HasSuffix(rel, "/") {
		return rel + "index.html"
	}
	return rel
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
