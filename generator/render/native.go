package render

// The default theme's content pages, sections and tag pages, written without
// html/template.
//
// Most pages of a large handbook are content pages (kind "page"), and html/template
// spends most of its time on them in reflection: every {{ }} looks its field up by name
// and calls its escapers through reflect.Value.Call, about a quarter of a build's CPU.
// When a handbook keeps the default theme's layouts for that kind, nativePage writes the
// same bytes as layouts/baseof.html with page.html, section.html or tag.html and their
// partials would, with the same escaping as html/template applies in each context
// (text, attribute, URL, URL fragment). The parts shared with other pages (the search
// box, the navigation, the breadcrumb links) still come from their templates through
// partialCached, so a handbook may override those and keep this path.
//
// The default theme's templates are the one source of the markup; this file follows
// them. A handbook that overrides one of nativePartials (its footer, say, as every
// handbook `rolebook new site` makes does) keeps this path too: that partial, and only
// it, runs through its template, in its place. A handbook that overrides one of
// nativeLayouts renders the pages of that kind (every kind, for baseof.html) through
// its templates, and so does one with a partial that defines templates of its own
// (which could replace one of the set). TestNativePagesMatchTemplates renders handbooks
// both ways, with and without overridden partials, and compares every byte: a change
// to one of those theme files must be made here too, and that test says where.

import (
	"bytes"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/theme"
)

// nativeLayouts are the layouts nativePage stands for, and the kinds of page each one
// makes; baseof.html makes them all.
var nativeLayouts = map[string][]site.Kind{
	"layouts/baseof.html":  {site.Single, site.Section, site.Tag},
	"layouts/page.html":    {site.Single},
	"layouts/section.html": {site.Section},
	"layouts/tag.html":     {site.Tag},
}

// nativePartials are the partials nativePage writes itself unless the handbook
// overrides them.
var nativePartials = []string{
	"partials/list.html",
	"partials/header.html",
	"partials/breadcrumbs.html",
	"partials/meta.html",
	"partials/toc.html",
	"partials/pager.html",
	"partials/footer.html",
}

// nativePlan says which pages nativePage writes and which of their partials run
// through the handbook's templates.
type nativePlan struct {
	kinds     map[site.Kind]bool
	templated map[string]bool
}

// planNative reads which of the default theme's files the handbook's theme overrides.
func planNative(th theme.Overlay) nativePlan {
	plan := nativePlan{kinds: map[site.Kind]bool{site.Single: true, site.Section: true, site.Tag: true}, templated: map[string]bool{}}
	if th.Upper == nil {
		return plan
	}
	for name, kinds := range nativeLayouts {
		if _, err := fs.Stat(th.Upper, name); err == nil {
			for _, k := range kinds {
				delete(plan.kinds, k)
			}
		}
	}
	for _, name := range nativePartials {
		if _, err := fs.Stat(th.Upper, "layouts/"+name); err == nil {
			plan.templated[name] = true
		}
	}
	// Any partial is parsed into the set of every layout, and a {{ define }} or
	// {{ block }} in it may replace a template that a content page uses.
	ents, _ := fs.ReadDir(th.Upper, "layouts/partials")
	for _, e := range ents {
		b, err := fs.ReadFile(th.Upper, "layouts/partials/"+e.Name())
		if err == nil && (bytes.Contains(b, []byte("define")) || bytes.Contains(b, []byte("block"))) {
			clear(plan.kinds)
		}
	}
	return plan
}

// LayoutPaths says how the pages of each kind the fast writer can write are rendered
// with the theme th: written natively (and which of their partials run through the
// handbook's templates), or through the templates. The other kinds always go through
// the templates.
func LayoutPaths(th theme.Overlay) []string {
	plan := planNative(th)
	var templated []string
	for _, name := range nativePartials {
		if plan.templated[name] {
			templated = append(templated, "layouts/"+name)
		}
	}
	var out []string
	for _, k := range []site.Kind{site.Single, site.Section, site.Tag} {
		switch {
		case !plan.kinds[k]:
			out = append(out, fmt.Sprintf("%s pages: through the templates", k))
		case len(templated) > 0:
			out = append(out, fmt.Sprintf("%s pages: written natively, with %s through its template", k, strings.Join(templated, ", ")))
		default:
			out = append(out, fmt.Sprintf("%s pages: written natively", k))
		}
	}
	return out
}

// partial writes the partial name with data to b: through its template when the
// handbook overrides it, else with native, which writes what the default theme's
// template would.
func (r *renderer) partial(lc *langCtx, p *site.Page, b *bytes.Buffer, name string, data any, native func()) error {
	if !r.plan.templated[name] {
		native()
		return nil
	}
	t := lc.tpl[string(p.Kind)]
	if t == nil {
		return fmt.Errorf("no layout for pages of kind %q", p.Kind)
	}
	return t.ExecuteTemplate(b, name, data)
}

// nativePage writes page d of kind "page", "section" or "tag" to b as the default theme's templates would;
// it returns false, having written nothing that counts, when the page needs the
// templates after all (a state the templates would report as an error).
func (r *renderer) nativePage(lc *langCtx, d *PageData, b *bytes.Buffer) (bool, error) {
	p, info := d.Page, lc.info
	if info.Home == nil || (p.Parent == nil && (len(d.Breadcrumbs) > 0 || p.Kind == site.Tag)) {
		return false, nil
	}
	w := htmlWriter{b}
	T := lc.words.T

	// layouts/baseof.html
	b.WriteString("<!doctype html>\n<html lang=\"")
	w.text(info.Lang)
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
	if info.NoIndex {
		b.WriteString("\n<meta name=\"robots\" content=\"noindex\">")
	}
	b.WriteString("\n<title>")
	if p.Kind == site.Tag {
		b.WriteString("#") // layouts/tag.html's "title" block
		w.text(p.Title)
		b.WriteString(" · ")
	} else if p.Title != "" {
		w.text(p.Title)
		b.WriteString(" · ")
	}
	w.text(info.Title)
	b.WriteString("</title>")
	if p.Description != "" {
		b.WriteString("\n<meta name=\"description\" content=\"")
		w.text(p.Description)
		b.WriteString("\">")
	}
	b.WriteString("\n<meta name=\"generator\" content=\"")
	w.text(info.Generator)
	b.WriteString("\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<link rel=\"stylesheet\" href=\"")
	w.url(r.asset("style.css"))
	b.WriteString("\">\n<link rel=\"icon\" href=\"")
	w.url(r.asset("favicon.svg"))
	b.WriteString("\" type=\"image/svg+xml\">\n<link rel=\"canonical\" href=\"")
	w.url(r.absURL(p.URL))
	b.WriteString("\">")
	for _, t := range d.Translations {
		if t.Same {
			b.WriteString("\n<link rel=\"alternate\" hreflang=\"")
			w.text(t.Lang)
			b.WriteString("\" href=\"")
			w.url(r.absURL(t.URL))
			b.WriteString("\">")
		}
	}
	b.WriteString("\n</head>\n<body class=\"kind-")
	w.text(string(p.Kind))
	b.WriteString("\">\n<a class=\"skip\" href=\"#main\">")
	w.text(T("skip_to_content"))
	b.WriteString("</a>\n")

	var err error
	fail := func(e error) {
		if err == nil {
			err = e
		}
	}
	part := func(name string, data any, native func()) {
		if err == nil {
			fail(r.partial(lc, p, b, name, data, native))
		}
	}
	part("partials/header.html", d, func() { fail(r.nativeHeader(lc, d, w)) })
	b.WriteString("\n<div class=\"layout\">\n<main id=\"main\" tabindex=\"-1\">\n")
	part("partials/breadcrumbs.html", d, func() {
		// layouts/partials/breadcrumbs.html
		if len(d.Breadcrumbs) > 0 {
			b.WriteString("\n<nav class=\"breadcrumbs\" aria-label=\"")
			w.text(T("breadcrumbs"))
			b.WriteString("\">\n<ol>")
			crumbs, err := lc.partialCached("partials/crumbs.html", d, []any{p.Parent.URL})
			if err != nil {
				fail(err)
				return
			}
			b.WriteString(string(crumbs))
			b.WriteString("\n<li><span aria-current=\"page\">")
			w.text(p.Title)
			b.WriteString("</span></li>\n</ol>\n</nav>")
		}
		b.WriteString("\n")
	})
	b.WriteString("\n")

	if p.Kind == site.Tag {
		// layouts/tag.html
		b.WriteString("\n<h1>")
		w.text(T("tagged"))
		b.WriteString(" #")
		w.text(p.Title)
		b.WriteString("</h1>\n")
		part("partials/list.html", p.Children, func() { w.list(p.Children) })
		b.WriteString("\n<p><a href=\"")
		w.url(p.Parent.URL)
		b.WriteString("\">")
		w.text(T("all_tags"))
		b.WriteString("</a></p>\n\n")
	} else {
		r.nativeArticle(lc, d, w, part)
	}

	part("partials/pager.html", d, func() {
		// layouts/partials/pager.html
		if p.Prev != nil || p.Next != nil {
			b.WriteString("\n<nav class=\"pager\" aria-label=\"")
			w.text(T("pager"))
			b.WriteString("\">")
			if q := p.Prev; q != nil {
				b.WriteString("\n<a class=\"prev\" rel=\"prev\" href=\"")
				w.url(q.URL)
				b.WriteString("\"><span>")
				w.text(T("previous"))
				b.WriteString("</span> ")
				if q.Kind == site.Home {
					w.text(T("home"))
				} else {
					w.text(q.Title)
				}
				b.WriteString("</a>")
			}
			if q := p.Next; q != nil {
				b.WriteString("\n<a class=\"next\" rel=\"next\" href=\"")
				w.url(q.URL)
				b.WriteString("\"><span>")
				w.text(T("next"))
				b.WriteString("</span> ")
				w.text(q.Title)
				b.WriteString("</a>")
			}
			b.WriteString("\n</nav>")
		}
		b.WriteString("\n")
	})
	b.WriteString("\n</main>\n</div>\n")

	part("partials/footer.html", d, func() {
		// layouts/partials/footer.html
		b.WriteString("<footer class=\"site-footer\">")
		if !p.LastMod.IsZero() {
			date := p.LastMod.Format("2006-01-02")
			b.WriteString("\n<p>")
			w.text(T("last_updated"))
			b.WriteString(": <time datetime=\"")
			w.text(date)
			b.WriteString("\">")
			w.text(date)
			b.WriteString("</time></p>")
		}
		if d.EditURL != "" {
			b.WriteString("\n<p><a href=\"")
			w.url(d.EditURL)
			b.WriteString("\">")
			w.text(T("edit_page"))
			b.WriteString("</a></p>")
		}
		b.WriteString("\n<p>")
		w.text(info.Title)
		b.WriteString(" · ")
		w.text(T("made_with"))
		b.WriteString("</p>\n</footer>\n")
	})
	if err != nil {
		return false, err
	}

	b.WriteString("\n<script src=\"")
	w.url(r.asset("site.js"))
	b.WriteString("\" defer></script>\n")
	b.WriteString(string(info.LiveReload))
	b.WriteString("\n</body>\n</html>\n")
	return true, nil
}

// nativeHeader writes layouts/partials/header.html.
func (r *renderer) nativeHeader(lc *langCtx, d *PageData, w htmlWriter) error {
	p, info, b, T := d.Page, lc.info, w.b, lc.words.T
	b.WriteString("<header class=\"site-header\">\n<div class=\"bar\">\n<a class=\"brand\" href=\"")
	w.url(info.Home.URL)
	b.WriteString("\">")
	w.text(info.Title)
	b.WriteString("</a>\n")
	search, err := lc.partialCached("partials/search.html", d, nil)
	if err != nil {
		return err
	}
	b.WriteString(string(search))
	if len(d.Translations) > 0 {
		b.WriteString("\n<nav class=\"langs\" aria-label=\"")
		w.text(T("language"))
		b.WriteString("\">\n<ul>")
		for _, t := range d.Translations {
			b.WriteString("\n<li><a href=\"")
			w.url(t.URL)
			b.WriteString("\" lang=\"")
			w.text(t.Lang)
			b.WriteString("\" hreflang=\"")
			w.text(t.Lang)
			b.WriteString("\">")
			w.text(t.Title)
			b.WriteString("</a></li>")
		}
		b.WriteString("\n</ul>\n</nav>")
	}
	b.WriteString("\n</div>\n")
	nav, err := lc.partialCached("partials/nav.html", d, []any{lc.navKey(p)})
	if err != nil {
		return err
	}
	b.WriteString(string(nav))
	b.WriteString("\n</header>\n")
	return nil
}

// nativeArticle writes the "main" block of layouts/page.html and section.html; part
// writes a partial (see renderer.partial).
func (r *renderer) nativeArticle(lc *langCtx, d *PageData, w htmlWriter, part func(name string, data any, native func())) {
	p, b := d.Page, w.b
	b.WriteString("\n<article class=\"content\">\n<h1>")
	w.text(p.Title)
	b.WriteString("</h1>\n")
	part("partials/meta.html", d, func() {
		// layouts/partials/meta.html
		date := pageDate(p)
		if date != "" || len(d.TagRefs) > 0 {
			b.WriteString("\n<p class=\"meta\">")
			if date != "" {
				b.WriteString("<time datetime=\"")
				w.text(date)
				b.WriteString("\">")
				w.text(date)
				b.WriteString("</time>")
			}
			for _, t := range d.TagRefs {
				b.WriteString(" <a class=\"tag\" href=\"")
				w.url(t.URL)
				b.WriteString("\">#")
				w.text(t.Name)
				b.WriteString("</a>")
			}
			b.WriteString("\n</p>")
		}
		b.WriteString("\n")
	})
	b.WriteString("\n")
	part("partials/toc.html", d, func() {
		// layouts/partials/toc.html
		if len(d.TOC) > 2 {
			b.WriteString("\n<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">")
			w.text(lc.words.T("on_this_page"))
			b.WriteString("</h2>\n<ol>")
			for _, h := range d.TOC {
				b.WriteString("\n<li class=\"toc-")
				b.WriteString(strconv.Itoa(h.Level))
				b.WriteString("\"><a href=\"#")
				w.urlPart(h.ID)
				b.WriteString("\">")
				w.text(h.Text)
				b.WriteString("</a></li>")
			}
			b.WriteString("\n</ol>\n</nav>")
		}
		b.WriteString("\n")
	})
	b.WriteString("\n")
	b.WriteString(string(d.Content))
	b.WriteString("\n</article>")
	if p.Kind == site.Section && len(p.Children) > 0 {
		b.WriteString("\n<section aria-labelledby=\"in-section\">\n<h2 id=\"in-section\">")
		w.text(lc.words.T("in_this_section"))
		b.WriteString("</h2>\n")
		part("partials/list.html", p.Children, func() { w.list(p.Children) })
		b.WriteString("\n</section>")
	}
	b.WriteString("\n\n")
}

// list writes layouts/partials/list.html for pages.
func (w htmlWriter) list(pages []*site.Page) {
	if len(pages) > 0 {
		w.b.WriteString("\n<ul class=\"cards\">")
		for _, q := range pages {
			w.b.WriteString("\n<li><a href=\"")
			w.url(q.URL)
			w.b.WriteString("\">")
			w.text(q.Title)
			w.b.WriteString("</a>")
			if q.Description != "" {
				w.b.WriteString("<p>")
				w.text(q.Description)
				w.b.WriteString("</p>")
			}
			w.b.WriteString("</li>")
		}
		w.b.WriteString("\n</ul>")
	}
	w.b.WriteString("\n")
}

// htmlWriter escapes values as html/template does in each context of a quoted
// attribute or text; the test compares it with html/template on arbitrary strings.
type htmlWriter struct{ b *bytes.Buffer }

// text writes s escaped for HTML text, a quoted attribute value or an RCDATA element
// (<title>): html/template's htmlEscaper, attrEscaper and rcdataEscaper agree on plain
// strings.
func (w htmlWriter) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		w.b.WriteString(s[last:i])
		w.b.WriteString(repl)
		last = i + 1
	}
	w.b.WriteString(s[last:])
}

// url writes s as the value of an href or src attribute: a URL whose scheme is not
// http, https or mailto becomes "#ZgotmplZ", bytes a URL may not hold are
// percent-encoded (valid escapes kept), and the result escaped for the attribute.
func (w htmlWriter) url(s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	w.text(processURL(s, true))
}

// urlPart writes s as a part of a URL after its "?" or "#": every byte but letters,
// digits and "-._~" percent-encoded.
func (w htmlWriter) urlPart(s string) {
	w.text(processURL(s, false))
}

// processURL is html/template's URL normaliser (norm) or escaper.
func processURL(s string, norm bool) string {
	var b []byte
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			continue
		case norm && strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case norm && c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		b = append(b, s[last:i]...)
		b = append(b, '%', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		last = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
