package markdown

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/rolebook/rolebook/generator/diag"
)

// page is the state of one Render call: everything a call needs lives here, never in
// the Renderer, so that calls can run side by side.
type page struct {
	src    []byte
	ctx    Context
	unsafe bool
	diags  []diag.Diagnostic
	lines  []int // offsets where each source line starts, made on first use
}

// at converts a byte offset in the source to a position in the file.
// Columns count runes so that they match what an editor shows on a Chinese line.
func (p *page) at(offset int) diag.Pos {
	if offset < 0 {
		return diag.Pos{File: p.ctx.File}
	}
	if p.lines == nil {
		p.lines = []int{0}
		for i, c := range p.src {
			if c == '\n' {
				p.lines = append(p.lines, i+1)
			}
		}
	}
	// The last line starting at or before offset.
	lo, hi := 0, len(p.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if p.lines[mid] <= offset {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	offset = min(offset, len(p.src))
	first := max(p.ctx.FirstLine, 1)
	return diag.Pos{File: p.ctx.File, Line: first + lo, Col: utf8.RuneCount(p.src[p.lines[lo]:offset]) + 1}
}

func (p *page) errorf(offset int, rule, hint, format string, args ...any) {
	p.diags = append(p.diags, diag.Errorf(p.at(offset), rule, hint, format, args...))
}

// transform rewrites the parsed document before it is rendered: heading ids and
// attributes, the table of contents and title, link safety and resolution, and the
// wrapper around tables. Nodes are collected first and changed after, because goldmark's
// Walk must not see the tree change under it.
func (p *page) transform(doc ast.Node, res *Result) {
	var headings []*ast.Heading
	var links []ast.Node
	var tables []ast.Node
	var breaks []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
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
	for _, t := range breaks {
		joinEastAsian(t, p.src)
	}
	p.headings(headings, res)
	for _, t := range tables {
		parent := t.Parent()
		w := &tableWrap{}
		parent.ReplaceChild(parent, t, w)
		w.AppendChild(w, t)
	}
}

// resolvable reports whether dest is a link to another part of the handbook that the
// Resolver must know: a relative path to a .md file, or a role:, duty:, person: or
// skill: reference. It returns dest split at its fragment ("#..." kept with the "#").
func resolvable(dest string) (target, fragment string, ok bool) {
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
		// Any other scheme ("https:", "mailto:") is not ours; on a relative path a
		// colon cannot come before the first slash anyway.
		if !strings.ContainsRune(scheme, '/') {
			return "", "", false
		}
	}
	if target[0] == '/' || target[0] == '\\' || strings.Contains(target, "?") {
		return "", "", false
	}
	// Any other relative path (a .md page, an image, a PDF, a folder) is resolved too:
	// pages are published at pretty URLs, so a path relative to the Markdown file would
	// not work as written.
	// A file name may be percent-encoded ("%E6%B5%81%E7%A8%8B.md"); the Resolver
	// gets it as it is named on disk.
	if u, err := url.PathUnescape(target); err == nil {
		target = u
	}
	return target, fragment, true
}

// link applies the scheme filter and the Resolver to one link, image or autolink.
func (p *page) link(n ast.Node) {
	switch l := n.(type) {
	case *ast.Link:
		dest := destination(l.Destination)
		if !p.unsafe && dangerous(dest, false) {
			unwrap(l)
			return
		}
		if url, ok := p.resolve(dest, l.Pos()); ok {
			l.Destination = []byte(url)
		}
	case *ast.Image:
		dest := destination(l.Destination)
		if !p.unsafe && dangerous(dest, true) {
			unwrap(l)
			return
		}
		if url, ok := p.resolve(dest, l.Pos()); ok {
			l.Destination = []byte(url)
		}
	case *ast.AutoLink:
		label := l.Label(p.src)
		if l.AutoLinkType != ast.AutoLinkURL {
			return
		}
		if !p.unsafe && dangerous(string(label), false) {
			replace(l, ast.NewString(label))
			return
		}
		// An autolink without a scheme ("www.example.com") is a web address, not a
		// path: only pages and role:, duty:... entries are resolved here.
		if target, _, _ := resolvable(string(label)); !strings.HasSuffix(strings.ToLower(target), ".md") && !strings.Contains(target, ":") {
			return
		}
		if url, ok := p.resolve(string(label), l.Pos()); ok {
			link := ast.NewLink()
			link.Destination = []byte(url)
			link.AppendChild(link, ast.NewString(label))
			link.SetPos(l.Pos())
			replace(l, link)
		}
	}
}

// resolve asks the Resolver for a resolvable destination. It returns ok=false, leaving
// the link as written, when dest is not the Resolver's business or is broken (a
// diagnostic then points at the link).
func (p *page) resolve(dest string, offset int) (string, bool) {
	if p.ctx.Resolver == nil {
		return "", false
	}
	target, fragment, ok := resolvable(dest)
	if !ok {
		return "", false
	}
	url, ok, msg, hint := p.ctx.Resolver.Resolve(target)
	if !ok {
		if msg == "" {
			msg = fmt.Sprintf("no page or entry %q", target)
		}
		p.errorf(offset, "broken-link", hint, "broken link: %s", msg)
		return "", false
	}
	if fragment != "" && !strings.Contains(url, "#") {
		url += fragment
	}
	return url, true
}

// destination returns a link destination as a browser would read it: backslash escapes
// and character references undone, percent-encoding kept.
func destination(raw []byte) string {
	v := util.UnescapePunctuations(raw)
	v = util.ResolveNumericReferences(v)
	v = util.ResolveEntityNames(v)
	return string(v)
}

// unwrap replaces n by its children: a dropped link keeps its text, a dropped image its
// alt text.
func unwrap(n ast.Node) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

func replace(old, n ast.Node) {
	if parent := old.Parent(); parent != nil {
		parent.ReplaceChild(parent, old, n)
	}
}

// joinEastAsian drops the soft line break after t when the characters on both sides
// are East Asian full-width or wide (and not Hangul, which is written with spaces), so
// that a Chinese sentence wrapped in the source is not cut by a space on the page. It
// follows the CSS Text 3 segment break rule. goldmark's own option for this is not
// used: it also drops a break that is followed by a link or emphasis.
func joinEastAsian(t *ast.Text, src []byte) {
	before := t.Segment.Value(src)
	if len(before) == 0 {
		return
	}
	last, _ := utf8.DecodeLastRune(before)
	first, ok := firstRune(t.NextSibling(), src)
	if ok && wide(last) && wide(first) {
		t.SetSoftLineBreak(false)
	}
}

func wide(r rune) bool {
	switch util.EastAsianWidth(r) {
	case "F", "W", "H":
		return !unicode.Is(unicode.Hangul, r)
	}
	return false
}

// firstRune returns the first character of text that n renders, looking into emphasis,
// links and other inline containers.
func firstRune(n ast.Node, src []byte) (rune, bool) {
	for n != nil {
		switch t := n.(type) {
		case *ast.Text:
			v := t.Segment.Value(src)
			if len(v) == 0 {
				return 0, false
			}
			r, _ := utf8.DecodeRune(v)
			return r, true
		case *ast.String:
			if len(t.Value) == 0 {
				return 0, false
			}
			r, _ := utf8.DecodeRune(t.Value)
			return r, true
		}
		n = n.FirstChild()
	}
	return 0, false
}

// kindTableWrap is the node kind of tableWrap. Like every goldmark node kind it is
// assigned once when the program starts and never changes.
var kindTableWrap = ast.NewNodeKind("RolebookTableWrap")

// tableWrap is a block around a table that lets a wide table scroll on a phone.
type tableWrap struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (n *tableWrap) Kind() ast.NodeKind { return kindTableWrap }

// Dump implements ast.Node.
func (n *tableWrap) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// wrapRenderer renders tableWrap as a focusable, labelled region.
type wrapRenderer struct {
	label string
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *wrapRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	open := []byte(`<div class="table-wrap" tabindex="0" role="region" aria-label="` + html.EscapeString(r.label) + "\">\n")
	reg.Register(kindTableWrap, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(open)
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}

// isSpaceOrControl reports whether a browser's URL parser would ignore c around or
// inside a scheme (C0 controls, space, DEL).
func isSpaceOrControl(c byte) bool { return c <= 0x20 || c == 0x7f }

// dangerous reports whether a link (image=false) or image (image=true) destination uses
// a scheme that can run code or read local files. dest has its character references
// already resolved; dangerous also undoes percent-encoding (several times, for double
// encoding), ignores letter case and drops spaces and control characters anywhere, as
// the check must err on the side of dropping.
func dangerous(dest string, image bool) bool {
	b := []byte(dest)
	for range 3 {
		d := percentDecode(b)
		if bytes.Equal(d, b) {
			break
		}
		b = d
	}
	// Keep only what could spell a scheme: the first 32 visible bytes are plenty.
	s := make([]byte, 0, 32)
	for _, c := range b {
		if isSpaceOrControl(c) {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		s = append(s, c)
		if len(s) == cap(s) {
			break
		}
	}
	scheme, rest, ok := bytes.Cut(s, []byte(":"))
	if !ok {
		return false
	}
	switch string(scheme) {
	case "javascript", "vbscript", "file":
		return true
	case "data":
		if !image {
			return true
		}
		for _, t := range []string{"image/png", "image/gif", "image/jpeg", "image/webp"} {
			if r, ok := bytes.CutPrefix(rest, []byte(t)); ok && len(r) > 0 && (r[0] == ';' || r[0] == ',') {
				return false
			}
		}
		return true
	}
	return false
}

// percentDecode decodes %XX sequences and leaves malformed ones as they are.
func percentDecode(b []byte) []byte {
	if bytes.IndexByte(b, '%') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '%' && i+2 < len(b) && util.IsHexDecimal(b[i+1]) && util.IsHexDecimal(b[i+2]) {
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
			continue
		}
		out = append(out, b[i])
	}
	return out
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
