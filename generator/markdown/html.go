package markdown

import (
	"bytes"
	"sort"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Raw HTML in Markdown, unless Options.Unsafe: what GitHub shows is shown. Each piece of
// raw HTML (an HTML block, or one inline tag) goes through bluemonday with a policy of
// the elements and attributes GitHub's sanitizer allows (htmlElements, htmlAttributes;
// links and images with http, https, mailto or a relative address), then:
//   - relative addresses in href and src are resolved like Markdown links (checked, and
//     rewritten for the published page);
//   - the elements are balanced per block: an end tag that closes nothing is dropped and
//     an element left open is closed at the end of the block that holds it, so that no
//     page can break the layout around it;
//   - an element that is left out (script, iframe, style, form...) is a warning at its
//     position, once per element per page.

// htmlElements are the elements raw HTML may use: GitHub's list, less the obsolete and
// the never-rendered ones.
var htmlElements = []string{
	"a", "abbr", "b", "bdo", "blockquote", "br", "caption", "cite", "code", "dd", "del",
	"details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
	"h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
	"rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub",
	"summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt",
	"ul", "var", "wbr",
}

// htmlAttributes are the attributes allowed on every allowed element (GitHub's list, less
// those of forms); href (on a), src (on img) and cite are added per element.
var htmlAttributes = []string{
	"abbr", "align", "alt", "aria-describedby", "aria-hidden", "aria-label",
	"aria-labelledby", "border", "cellpadding", "cellspacing", "colspan", "datetime", "dir",
	"headers", "height", "hreflang", "lang", "name", "open", "rel", "rowspan", "scope",
	"span", "start", "summary", "target", "title", "type", "valign", "width",
}

// newHTMLPolicy returns the sanitizer policy of raw HTML. A policy is safe for
// concurrent use once built.
func newHTMLPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(htmlElements...)
	p.AllowAttrs(htmlAttributes...).Globally()
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("src").OnElements("img")
	p.AllowAttrs("cite").OnElements("blockquote", "del", "ins", "q")
	// The allowlist of link schemes, as for Markdown links (see dangerous); role:,
	// duty:, person: and skill: are the handbook's own links, resolved below.
	p.AllowURLSchemes("http", "https", "mailto", "tel", "role", "duty", "person", "skill")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	return p
}

// Node kinds of sanitized raw HTML. Like every goldmark node kind they are assigned once
// when the program starts and never change.
var (
	kindSafeHTMLBlock  = ast.NewNodeKind("RolebookSafeHTMLBlock")
	kindSafeHTMLInline = ast.NewNodeKind("RolebookSafeHTMLInline")
)

// safeHTMLBlock is an HTML block after sanitizing: written as it is.
type safeHTMLBlock struct {
	ast.BaseBlock
	value []byte
}

// Kind implements ast.Node.
func (n *safeHTMLBlock) Kind() ast.NodeKind { return kindSafeHTMLBlock }

// Dump implements ast.Node.
func (n *safeHTMLBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"value": string(n.value)}, nil)
}

// safeHTMLInline is an inline tag after sanitizing: written as it is.
type safeHTMLInline struct {
	ast.BaseInline
	value []byte
}

// Kind implements ast.Node.
func (n *safeHTMLInline) Kind() ast.NodeKind { return kindSafeHTMLInline }

// Dump implements ast.Node.
func (n *safeHTMLInline) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"value": string(n.value)}, nil)
}

// safeHTMLRenderer writes sanitized raw HTML.
type safeHTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (safeHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindSafeHTMLBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(n.(*safeHTMLBlock).value)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindSafeHTMLInline, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(n.(*safeHTMLInline).value)
		}
		return ast.WalkSkipChildren, nil
	})
}

// rawSource returns the source of a raw HTML node and where it starts.
func rawSource(n ast.Node, src []byte) ([]byte, int) {
	var b []byte
	start := -1
	switch n := n.(type) {
	case *ast.RawHTML:
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			if start < 0 {
				start = seg.Start
			}
			b = append(b, seg.Value(src)...)
		}
	case *ast.HTMLBlock:
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			if start < 0 {
				start = seg.Start
			}
			b = append(b, seg.Value(src)...)
		}
		if n.HasClosure() {
			b = append(b, n.ClosureLine.Value(src)...)
		}
	}
	return b, start
}

// htmlBlockOf returns the block that holds n: n's parent for a block, the nearest block
// above it for an inline node.
func htmlBlockOf(n ast.Node) ast.Node {
	b := n.Parent()
	for b != nil && b.Type() == ast.TypeInline {
		b = b.Parent()
	}
	return b
}

// sanitizeHTML replaces every raw HTML node by its sanitized, balanced and resolved
// form.
func (p *page) sanitizeHTML(nodes []ast.Node, policy *bluemonday.Policy) {
	open := map[ast.Node][]string{} // block -> elements opened in it and not closed yet
	var order []ast.Node            // the blocks in the order they were first met
	warned := map[string]bool{}
	for _, n := range nodes {
		raw, offset := rawSource(n, p.src)
		p.warnDropped(raw, offset, warned)
		clean := policy.SanitizeBytes(raw)
		block := htmlBlockOf(n)
		if _, ok := open[block]; !ok {
			order = append(order, block)
		}
		out, stack := p.balance(clean, open[block], offset)
		open[block] = stack
		var safe ast.Node
		if n.Type() == ast.TypeBlock {
			safe = &safeHTMLBlock{value: out}
		} else {
			safe = &safeHTMLInline{value: out}
		}
		n.Parent().ReplaceChild(n.Parent(), n, safe)
	}
	for _, block := range order {
		stack := open[block]
		if len(stack) == 0 {
			continue
		}
		var b bytes.Buffer
		for i := len(stack) - 1; i >= 0; i-- {
			b.WriteString("</" + stack[i] + ">")
		}
		if holdsInlines(block) {
			block.AppendChild(block, &safeHTMLInline{value: b.Bytes()})
		} else {
			b.WriteByte('\n')
			block.AppendChild(block, &safeHTMLBlock{value: b.Bytes()})
		}
	}
}

// holdsInlines reports whether block's children are inline nodes (a paragraph, a
// heading, a table cell) rather than blocks.
func holdsInlines(block ast.Node) bool {
	if c := block.FirstChild(); c != nil {
		return c.Type() == ast.TypeInline
	}
	_, isText := block.(*ast.Paragraph)
	return isText
}

// balance rewrites sanitized HTML: relative href and src resolved, end tags that close
// nothing dropped, tags closed implicitly by an outer end tag closed explicitly. stack
// holds the elements open in the block before clean; the new stack is returned.
func (p *page) balance(clean []byte, stack []string, offset int) ([]byte, []string) {
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(clean))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out.Bytes(), stack
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			p.resolveAttrs(&t, offset)
			if t.Type == html.SelfClosingTagToken && !isVoid(t.DataAtom) {
				t.Type = html.StartTagToken
				out.WriteString(t.String() + "</" + t.Data + ">")
				continue
			}
			t.Type = html.StartTagToken
			out.WriteString(t.String())
			if !isVoid(t.DataAtom) {
				stack = append(stack, t.Data)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			i := len(stack) - 1
			for i >= 0 && stack[i] != string(name) {
				i--
			}
			if i < 0 {
				continue // closes nothing opened here
			}
			for j := len(stack) - 1; j >= i; j-- {
				out.WriteString("</" + stack[j] + ">")
			}
			stack = stack[:i]
		default:
			out.Write(z.Raw())
		}
	}
}

func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.Hr, atom.Img, atom.Wbr:
		return true
	}
	return false
}

// resolveAttrs resolves the in-handbook address of an a's href or an img's src, and
// records the name of an anchor (<a name="part">), which links may point at.
func (p *page) resolveAttrs(t *html.Token, offset int) {
	for i, a := range t.Attr {
		switch {
		case a.Key == "href" && t.DataAtom == atom.A && strings.HasPrefix(a.Val, "#"):
			p.anchorLinks = append(p.anchorLinks, anchor{id: a.Val[1:], offset: offset})
		case a.Key == "href" && t.DataAtom == atom.A, a.Key == "src" && t.DataAtom == atom.Img:
			if u, ok := p.resolve(a.Val, offset); ok {
				t.Attr[i].Val = u
			}
		case a.Key == "name" && t.DataAtom == atom.A:
			p.names = append(p.names, a.Val)
		}
	}
}

// warnDropped warns, once per element per page, about the elements of raw that the
// sanitizer leaves out.
func (p *page) warnDropped(raw []byte, offset int, warned map[string]bool) {
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			el := strings.ToLower(string(name))
			if warned[el] || allowedElement(el) {
				continue
			}
			warned[el] = true
			p.warnf(offset, diag.RuleRawHtml,
				"write it in Markdown, or set [markup] unsafe = true in config.toml if every writer of the handbook is trusted",
				"raw HTML <%s> is left out: it is not one of the elements GitHub shows either", el)
		}
	}
}

func allowedElement(el string) bool {
	i := sort.SearchStrings(htmlElements, el)
	return i < len(htmlElements) && htmlElements[i] == el
}
