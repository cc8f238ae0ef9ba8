package markdown

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"

	"github.com/rolebook/rolebook/generator/diag"
)

// Fragment is a link from a page to a part of another page ("hygiene.md#gloves"): the
// target page's URL without the fragment, the id the fragment names (percent-encoding
// undone) and where the link stands. Render cannot check it, since the target's ids are
// known only once that page is rendered: the caller checks it against the target's
// Result.IDs.
type Fragment struct {
	URL string
	ID  string
	Pos diag.Pos
}

// anchor is a link to a part of the page itself ("#gloves").
type anchor struct {
	id     string // as written, percent-encoding included
	offset int
}

// extras finishes the nodes of Rolebook's own extensions after the walk: alert titles,
// shortcode checks and figure addresses; then raw HTML is sanitized.
func (p *page) extras(raw, extra []ast.Node) {
	for _, n := range extra {
		switch n := n.(type) {
		case *alert:
			n.title = alertTitle(p.ctx.AlertTitles, n.kind)
		case *shortcodeError:
			msg, hint := shortcodeProblem(n.call)
			p.errorf(n.offset, diag.RuleShortcode, hint, "%s", msg)
		case *details:
			p.checkDetails(n)
		case *figure:
			p.checkFigure(n)
			p.figureLinks(n)
		}
	}
	if !p.unsafe && len(raw) > 0 {
		p.sanitizeHTML(raw, p.policy)
	}
}

// unclosedHighlights reports the highlight blocks the page never closed.
func (p *page) unclosedHighlights(pc parser.Context) {
	hs, _ := pc.Get(highlightKey).(*[]*highlight)
	if hs == nil {
		return
	}
	for _, h := range *hs {
		if !h.closed {
			p.errorf(h.offset, diag.RuleShortcode, "end the code with {{< /highlight >}} on a line of its own", "{{< highlight >}} is never closed")
		}
	}
}

// figureLinks applies the scheme filter and the Resolver to a figure's image and links.
func (p *page) figureLinks(n *figure) {
	if src := n.attrs["src"]; src != "" {
		if !p.unsafe && dangerous(src, true) {
			n.dropped = true
		} else if u, ok := p.resolve(src, n.offset); ok {
			n.attrs["src"] = u
		}
	}
	for _, k := range []string{"link", "attrlink"} {
		dest := n.attrs[k]
		if dest == "" {
			continue
		}
		if !p.unsafe && dangerous(dest, false) {
			delete(n.attrs, k)
			continue
		}
		if u, ok := p.resolve(dest, n.offset); ok {
			n.attrs[k] = u
		}
	}
}

// anchors gives res the ids of the page (ids are its headings') and its links to other
// pages' parts, and checks the links to its own parts. hasRaw says the page has raw HTML.
func (p *page) anchors(ids []string, hasRaw bool, res *Result) {
	res.Fragments = p.fragments
	res.IDs = append(ids, p.names...)
	if len(res.IDs) == 0 {
		res.IDs = nil
	}
	if len(p.anchorLinks) == 0 || (p.unsafe && hasRaw) {
		// Raw HTML let through as it is may hold any id.
		return
	}
	known := make(map[string]bool, len(res.IDs))
	for _, id := range res.IDs {
		known[id] = true
	}
	for _, a := range p.anchorLinks {
		id := unescapeFragment(a.id)
		if id == "" || known[id] || id == "top" || strings.HasPrefix(id, "fn:") || strings.HasPrefix(id, "fnref:") {
			continue
		}
		hint := diag.DidYouMean(id, res.IDs)
		if hint == "" {
			hint = "link to a heading of this page by its id: the heading's text in lower case, spaces as dashes, or the {#id} written after it"
		}
		p.errorf(a.offset, diag.RuleBrokenLink, hint, "broken link: no heading #%s on this page", id)
	}
}

// headingID returns the id headings gave a heading.
func headingID(h *ast.Heading) string {
	switch id, _ := h.AttributeString("id"); id := id.(type) {
	case string:
		return id
	case []byte:
		return string(id)
	}
	return ""
}

// unescapeFragment undoes the percent-encoding of a fragment ("%E6%B5%81" -> "流").
func unescapeFragment(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
