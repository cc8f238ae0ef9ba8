package markdown

import (
	"bytes"
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rolebook/rolebook/generator/diag"
)

// This file keeps a reference implementation of Render: a straightforward version that
// walks the tree once per purpose (collecting the nodes to change, the plain text of the
// page, the text of each heading) and renders through goldmark's own buffered writer.
// It shares with Render the helpers that have only one version (link safety, East Asian
// line breaks, unique ids); FuzzReference checks that Render gives exactly its results
// on any input, and compares the helpers that have two versions directly.

// refRenderer is the reference counterpart of Renderer.
type refRenderer struct {
	md     goldmark.Markdown
	opts   Options
	policy *bluemonday.Policy
}

func newRef(opts Options) *refRenderer {
	if opts.MaxBytes == 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.TableLabel == "" {
		opts.TableLabel = "table"
	}
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(&wrapRenderer{label: opts.TableLabel}, 500)),
		renderer.WithNodeRenderers(util.Prioritized(refTaskRenderer{}, 100)),
		renderer.WithNodeRenderers(util.Prioritized(alertRenderer{}, 500)),
		renderer.WithNodeRenderers(util.Prioritized(shortcodeRenderer{}, 500)),
		renderer.WithNodeRenderers(util.Prioritized(safeHTMLRenderer{}, 500)),
	}
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, ghtml.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.TaskList,
			extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
			extension.NewFootnote(),
			extension.DefinitionList,
		),
		goldmark.WithParserOptions(parser.WithAttribute(),
			parser.WithBlockParsers(util.Prioritized(shortcodeBlockParser{}, 150)),
			parser.WithInlineParsers(util.Prioritized(shortcodeInlineParser{}, 150)),
			parser.WithASTTransformers(util.Prioritized(alertTransformer{}, 100)),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	r := &refRenderer{md: md, opts: opts}
	if !opts.Unsafe {
		r.policy = newHTMLPolicy()
	}
	return r
}

func (r *refRenderer) render(src []byte, ctx Context) (Result, []diag.Diagnostic) {
	p := &page{src: src, ctx: ctx, unsafe: r.opts.Unsafe, policy: r.policy}
	if !refCheckLimits(p, r.opts.MaxBytes, r.opts.limits().nesting) || !p.checkCost(r.opts.limits()) {
		return Result{}, p.diags
	}
	pc := parser.NewContext()
	if expanded, edits, literal := p.expandShortcodes(src); edits != nil {
		p.orig, p.src, p.edits = src, expanded, edits
		src = expanded
		pc.Set(literalKey, literal)
	}
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if ctx.DropTitle {
		if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
			doc.RemoveChild(doc, h)
		}
	}
	res := Result{}
	refTransform(p, doc, &res)
	p.unclosedHighlights(pc)
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/2)
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		p.errorf(-1, "markdown", "", "rendering failed: %v", err)
	}
	res.HTML = buf.Bytes()
	res.Text = refPlainText(doc, src)
	return res, p.diags
}

func refTransform(p *page, doc ast.Node, res *Result) {
	var headings []*ast.Heading
	var links []ast.Node
	var tables []ast.Node
	var breaks []*ast.Text
	var raw, extra []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			raw = append(raw, n)
		case *figure, *details, *shortcodeError, *alert:
			extra = append(extra, n)
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.Link, *ast.Image, *ast.AutoLink:
			links = append(links, n)
		case *east.Table:
			tables = append(tables, n)
		case *ast.Text:
			if n.SoftLineBreak() {
				breaks = append(breaks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range links {
		p.link(n)
	}
	p.extras(raw, extra)
	for _, t := range breaks {
		joinEastAsian(t, p.src)
	}
	refHeadings(p, headings, res)
	var ids []string
	for _, h := range headings {
		ids = append(ids, headingID(h))
	}
	p.anchors(ids, len(raw) > 0, res)
	for _, t := range tables {
		parent := t.Parent()
		w := &tableWrap{}
		parent.ReplaceChild(parent, t, w)
		w.AppendChild(w, t)
	}
}

func refHeadings(p *page, hs []*ast.Heading, res *Result) {
	used := make(map[string]bool, len(hs))
	next := make(map[string]int)
	explicit := make([]string, len(hs))
	for i, h := range hs {
		id, _ := attrString(h, "id")
		class, hasClass := attrString(h, "class")
		h.RemoveAttributes()
		if hasClass && class != "" {
			h.SetAttributeString("class", []byte(class))
		}
		if id == "" {
			continue
		}
		if used[id] {
			p.diags = append(p.diags, p.warnDuplicate(h, id))
		}
		used[id] = true
		explicit[i] = id
	}
	for i, h := range hs {
		txt := refInlineText(h, p.src)
		id := explicit[i]
		if id == "" {
			id = uniqueID(refSlug(txt), used, next)
		}
		class, hasClass := h.AttributeString("class")
		h.RemoveAttributes()
		h.SetAttributeString("id", []byte(id))
		if hasClass {
			h.SetAttributeString("class", class)
		}
		switch {
		case h.Level == 1 && res.Title == "":
			res.Title = txt
		case h.Level >= 2 && h.Level <= 4:
			res.TOC = append(res.TOC, Heading{Level: h.Level, ID: id, Text: txt})
		}
	}
}

type refTaskRenderer struct{}

func (refTaskRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`<input`)
		if node.(*east.TaskCheckBox).IsChecked {
			_, _ = w.WriteString(` checked=""`)
		}
		_, _ = w.WriteString(` disabled="" type="checkbox"`)
		if label := refTaskLabel(node, src); label != "" {
			_, _ = w.WriteString(` aria-label="` + html.EscapeString(label) + `"`)
		}
		_, _ = w.WriteString("> ")
		return ast.WalkContinue, nil
	})
}

func refTaskLabel(box ast.Node, src []byte) string {
	var buf []byte
	for n := box.NextSibling(); n != nil; n = n.NextSibling() {
		buf = refAppendText(buf, n, src)
	}
	return refCollapse(buf)
}

func refPlainText(doc ast.Node, src []byte) string {
	buf := make([]byte, 0, len(src))
	buf = refAppendText(buf, doc, src)
	return refCollapse(buf)
}

func refInlineText(n ast.Node, src []byte) string {
	var buf []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		buf = refAppendText(buf, c, src)
	}
	return refCollapse(buf)
}

func refAppendText(buf []byte, root ast.Node, src []byte) []byte {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock || n.Type() == ast.TypeDocument {
			buf = append(buf, ' ')
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock, *east.FootnoteLink, *east.FootnoteBacklink:
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				buf = refAppendSpaced(buf, seg.Value(src))
			}
		case *ast.Text:
			v := n.Segment.Value(src)
			if !n.IsRaw() && bytes.ContainsAny(v, "\\&") {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			buf = refAppendSpaced(buf, v)
			switch {
			case n.HardLineBreak():
				buf = append(buf, ' ')
			case n.SoftLineBreak():
				buf = append(buf, ' ')
			}
		case *ast.String:
			buf = refAppendSpaced(buf, n.Value)
		case *ast.AutoLink:
			buf = refAppendSpaced(buf, n.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return buf
}

func refAppendSpaced(buf, v []byte) []byte {
	for _, c := range v {
		if c == '\n' || c == '\r' {
			c = ' '
		}
		buf = append(buf, c)
	}
	return buf
}

func refCollapse(b []byte) string {
	out := make([]byte, 0, len(b))
	space := false
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
				space = len(out) > 0
			} else {
				if space {
					out = append(out, ' ')
					space = false
				}
				out = append(out, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if unicode.IsSpace(r) {
			space = len(out) > 0
		} else {
			if space {
				out = append(out, ' ')
				space = false
			}
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return string(out)
}

func refSlug(s string) string {
	var b strings.Builder
	pendingDash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_' || r == '-':
			if pendingDash && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingDash = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r):
			pendingDash = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "heading"
	}
	return out
}

func refCheckLimits(p *page, maxBytes, maxNesting int) bool {
	if maxBytes > 0 && len(p.src) > maxBytes {
		p.errorf(-1, "page-too-large", "split the page, or raise the limit if it is really needed",
			"page is %d bytes, more than the %d a page may have", len(p.src), maxBytes)
		return false
	}
	for start := 0; start < len(p.src); {
		end := bytes.IndexByte(p.src[start:], '\n')
		if end < 0 {
			end = len(p.src)
		} else {
			end += start
		}
		if d := nestingDepth(p.src[start:end]); d > maxNesting {
			p.errorf(start, "too-deep", "flatten the quotes and lists",
				"quotes and lists nested %d deep, more than the %d a page may have", d, maxNesting)
			return false
		}
		line := p.src[start:end]
		if k := bytes.Count(line, []byte("](")); k*len(line) > maxLineLinkWork {
			p.errorf(start, "too-complex", "break the line into shorter lines",
				"line of %d bytes with %d links is too costly to render", len(line), k)
			return false
		}
		start = end + 1
	}
	return true
}

func refDestination(raw []byte) string {
	v := util.UnescapePunctuations(raw)
	v = util.ResolveNumericReferences(v)
	v = util.ResolveEntityNames(v)
	return string(v)
}

func refResolvable(dest string) (target, fragment string, ok bool) {
	target, fragment = dest, ""
	if i := strings.IndexByte(dest, '#'); i >= 0 {
		target, fragment = dest[:i], dest[i:]
	}
	if target == "" {
		return "", "", false
	}
	if scheme, rest, found := strings.Cut(target, ":"); found {
		switch strings.ToLower(scheme) {
		case "role", "duty", "person", "skill":
			return strings.ToLower(scheme) + ":" + rest, fragment, true
		}
		if !strings.ContainsRune(scheme, '/') {
			return "", "", false
		}
	}
	if strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") || target[0] == '\\' || strings.Contains(target, "?") {
		return "", "", false
	}
	if u, err := url.PathUnescape(target); err == nil {
		target = u
	}
	return target, fragment, true
}
