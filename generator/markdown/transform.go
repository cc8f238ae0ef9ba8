package markdown

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
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
	// orig is the file's source when src is the source after expandShortcodes, and
	// edits map offsets of src to offsets of orig; both nil when nothing was replaced.
	orig  []byte
	edits []edit
	// anchorLinks are the links to parts of the page ("#part"), fragments those to
	// parts of other pages, names the names of <a name="..."> anchors in raw HTML.
	anchorLinks []anchor
	fragments   []Fragment
	names       []string
	policy      *bluemonday.Policy
}

// at converts a byte offset in the source to a position in the file.
// Columns count runes so that they match what an editor shows on a Chinese line.
func (p *page) at(offset int) diag.Pos {
	if offset < 0 {
		return diag.Pos{File: p.ctx.File}
	}
	src := p.src
	if p.orig != nil {
		offset, src = origOffset(p.edits, offset), p.orig
	}
	if p.lines == nil {
		p.lines = []int{0}
		for i, c := range src {
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
	offset = min(offset, len(src))
	first := max(p.ctx.FirstLine, 1)
	return diag.Pos{File: p.ctx.File, Line: first + lo, Col: utf8.RuneCount(src[p.lines[lo]:offset]) + 1}
}

func (p *page) errorf(offset int, rule diag.Rule, hint, format string, args ...any) {
	p.diags = append(p.diags, diag.Errorf(p.at(offset), rule, hint, format, args...))
}

func (p *page) warnf(offset int, rule diag.Rule, hint, format string, args ...any) {
	p.diags = append(p.diags, diag.Warnf(p.at(offset), rule, hint, format, args...))
}

// transform rewrites the parsed document before it is rendered (heading ids and
// attributes, link safety and resolution, East Asian line breaks, the wrapper around
// tables) and fills res with the table of contents, title and plain text. One walk
// collects the nodes to change and the text; the nodes are changed after it, because
// a walk must not see the tree change under it. No change moves text: a dropped link
// leaves its text in place and an autolink keeps its label, so the text gathered before
// the changes is the text after them, once the spaces of joined line breaks are removed.
func (p *page) transform(doc ast.Node, w *pageWalk, res *Result) {
	w.textWriter = newTextWriter(p.src, w.buf[:0])
	if cap(w.buf) < len(p.src) {
		w.buf = make([]byte, 0, len(p.src)+len(p.src)/8)
	}
	w.run(doc)
	for _, n := range w.links {
		p.link(n)
	}
	p.extras(w.raw, w.extra)
	joined := w.joined[:0]
	for _, b := range w.breaks {
		joinEastAsian(b.node, p.src)
		if b.space >= 0 && !b.node.SoftLineBreak() {
			joined = append(joined, b.space)
		}
	}
	w.joined = joined
	res.Text = w.text(removeBytes(w.buf, joined))
	p.headings(w.headings, res)
	ids := make([]string, 0, len(w.headings))
	for _, h := range w.headings {
		ids = append(ids, headingID(h.node))
	}
	p.anchors(ids, len(w.raw) > 0, res)
	for _, t := range w.tables {
		parent := t.Parent()
		tw := &tableWrap{}
		parent.ReplaceChild(parent, t, tw)
		tw.AppendChild(tw, t)
	}
}

// text collapses the gathered text, from which the spaces of joined line breaks have
// been removed, and sets the text of each heading. A heading's text is the part of the
// page's text between the spaces around the heading block, so it is taken from there:
// the strings share memory.
func (w *pageWalk) text(buf []byte) string {
	c := collapser{out: buf[:0]}
	done := 0
	for i := range w.headings {
		h := &w.headings[i]
		if h.start < 0 {
			continue
		}
		start, end := h.start-countBelow(w.joined, h.start), h.end-countBelow(w.joined, h.end)
		c.write(buf[done:start])
		h.start = len(c.out)
		c.write(buf[start:end])
		h.end = len(c.out)
		if h.end > h.start && c.out[h.start] == ' ' {
			h.start++
		}
		done = end
	}
	c.write(buf[done:])
	text := string(c.out)
	for i := range w.headings {
		h := &w.headings[i]
		if h.start >= 0 {
			h.text = text[h.start:h.end]
			continue
		}
		t := newTextWriter(w.src, w.tmp[:0])
		for n := h.node.FirstChild(); n != nil; n = n.NextSibling() {
			t.appendNode(n)
		}
		c := collapser{out: t.buf[:0]}
		c.write(t.buf)
		w.tmp = c.out
		h.text = string(c.out)
	}
	return text
}

// pageWalk gathers, in one walk over a page, the nodes transform changes and the
// page's plain text.
type pageWalk struct {
	textWriter
	headings []headingText
	links    []ast.Node
	tables   []ast.Node
	breaks   []softBreak
	// raw are the raw HTML nodes, extra the nodes of Rolebook's own extensions
	// (shortcodes, alerts); see extras.go.
	raw    []ast.Node
	extra  []ast.Node
	joined []int  // offsets in buf of the spaces of joined line breaks
	tmp    []byte // the text of a heading the walk did not gather
}

// maxPooledText is the capacity above which a pageWalk's buffers are not kept for the
// next page: a rare huge page should not pin its memory for the rest of the build.
const maxPooledText = 64 << 10

// reset empties w for the next page. It drops the references to nodes, so that a
// pageWalk waiting in the pool does not keep a page's tree alive.
func (w *pageWalk) reset() {
	clear(w.headings)
	clear(w.links)
	clear(w.tables)
	clear(w.breaks)
	clear(w.raw)
	clear(w.extra)
	w.headings, w.links, w.tables, w.breaks, w.joined = w.headings[:0], w.links[:0], w.tables[:0], w.breaks[:0], w.joined[:0]
	w.raw, w.extra = w.raw[:0], w.extra[:0]
	w.src = nil
	if cap(w.buf) > maxPooledText {
		w.buf = nil
	}
	if cap(w.tmp) > maxPooledText {
		w.tmp = nil
	}
}

// headingText is a heading and where its text lies in the text gathered by pageWalk.
type headingText struct {
	node *ast.Heading
	// start and end delimit the heading's text in the gathered text, then in the
	// collapsed one; start is -1 when the walk did not gather it (inside a node whose
	// text is left out).
	start, end int
	text       string // collapsed, set by transform
	id         string // the explicit id, set by headings
	class      []byte // the explicit class, set by headings
}

// softBreak is a Text node that ends with a soft line break.
type softBreak struct {
	node *ast.Text
	// space is the offset of the space the break put in the gathered text, -1 if
	// none (the text is left out, or the line break is also a hard one).
	space int
}

// run walks the tree under doc as ast.Walk does, without its callbacks.
func (w *pageWalk) run(doc ast.Node) {
	n := doc
	for {
		w.visit(n)
		if c := n.FirstChild(); c != nil {
			n = c
			continue
		}
		for {
			if _, ok := n.(*ast.Heading); ok {
				w.headings[len(w.headings)-1].end = len(w.buf)
			}
			w.leave(n)
			if n == doc {
				return
			}
			if next := n.NextSibling(); next != nil {
				n = next
				break
			}
			n = n.Parent()
		}
	}
}

func (w *pageWalk) visit(n ast.Node) {
	if t, ok := n.(*ast.Text); ok { // most nodes
		muted := w.mute > 0
		if !muted {
			w.appendText(t)
		}
		if t.SoftLineBreak() {
			space := -1
			if !muted && !t.HardLineBreak() {
				space = len(w.buf) - 1
			}
			w.breaks = append(w.breaks, softBreak{node: t, space: space})
		}
		return
	}
	muted := w.mute > 0
	w.enter(n)
	switch n := n.(type) {
	case *ast.Link, *ast.Image, *ast.AutoLink:
		w.links = append(w.links, n)
	case *ast.Heading:
		start := len(w.buf)
		if muted {
			start = -1
		}
		w.headings = append(w.headings, headingText{node: n, start: start})
	case *east.Table:
		w.tables = append(w.tables, n)
	case *ast.RawHTML, *ast.HTMLBlock:
		w.raw = append(w.raw, n)
	case *figure, *details, *shortcodeError, *alert:
		w.extra = append(w.extra, n)
	}
}

// removeBytes removes from b the bytes at the offsets given in increasing order.
func removeBytes(b []byte, offsets []int) []byte {
	if len(offsets) == 0 {
		return b
	}
	n := offsets[0]
	for i, off := range offsets {
		end := len(b)
		if i+1 < len(offsets) {
			end = offsets[i+1]
		}
		n += copy(b[n:], b[off+1:end])
	}
	return b[:n]
}

// countBelow returns how many of the increasing offsets are below x.
func countBelow(offsets []int, x int) int {
	n, _ := slices.BinarySearch(offsets, x)
	return n
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
		switch lower := strings.ToLower(scheme); lower {
		case "role", "duty", "person", "skill":
			if lower != scheme {
				target = lower + ":" + rest
			}
			return target, fragment, true
		}
		// Any other scheme ("https:", "mailto:") is not ours; on a relative path a
		// colon cannot come before the first slash anyway.
		if !strings.ContainsRune(scheme, '/') {
			return "", "", false
		}
	}
	// A site-absolute path ("/guide/x/") is the Resolver's too; "//host/x" and
	// "/\\host/x" are addresses on other hosts.
	if strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") || target[0] == '\\' || strings.Contains(target, "?") {
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
		if strings.HasPrefix(dest, "#") {
			p.anchorLinks = append(p.anchorLinks, anchor{id: dest[1:], offset: l.Pos()})
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
		p.errorf(offset, diag.RuleBrokenLink, hint, "broken link: %s", msg)
		return "", false
	}
	if msg != "" {
		p.warnf(offset, diag.RuleLink, hint, "%s", msg)
	}
	if fragment != "" && !strings.Contains(url, "#") {
		url += fragment
		if !strings.Contains(target, ":") {
			p.fragments = append(p.fragments, Fragment{URL: url[:len(url)-len(fragment)], ID: unescapeFragment(fragment[1:]), Pos: p.at(offset)})
		}
	}
	return url, true
}

// destination returns a link destination as a browser would read it: backslash escapes
// and character references undone, percent-encoding kept.
func destination(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 && bytes.IndexByte(raw, '&') < 0 {
		return string(raw) // nothing to undo
	}
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
// a scheme outside the allowlist: http, https, mailto and tel, the handbook's own
// role:, duty:, person: and skill: (which the Resolver turns into the site's
// addresses), and for images data: with a PNG, GIF, JPEG or WebP type. Any other
// scheme is refused, known (javascript:, vbscript:, file:) or not (ms-msdt:, jar:,
// search-ms:): a browser or the system may hand it to a program.
//
// dest has its character references already resolved; dangerous also undoes
// percent-encoding (several times, for double encoding), ignores letter case and drops
// spaces and control characters anywhere, as the check must err on the side of
// dropping. A destination has a scheme when what comes before its first ":" is one
// (a letter, then letters, digits, "+", "-" or "."), as a browser reads it; one whose
// "/", "?" or "#" comes first, or whose prefix is not a scheme, is a relative path.
func dangerous(dest string, image bool) bool {
	b := []byte(dest)
	for range 3 {
		d := percentDecode(b)
		if bytes.Equal(d, b) {
			break
		}
		b = d
	}
	scheme := make([]byte, 0, 16)
	colon := false
scan:
	for _, c := range b {
		switch {
		case isSpaceOrControl(c):
			continue
		case c == ':':
			colon = true
			break scan
		case c == '/' || c == '?' || c == '#':
			break scan
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		scheme = append(scheme, c)
	}
	if !colon || !isScheme(scheme) {
		return false // a relative path
	}
	switch string(scheme) {
	case "http", "https", "mailto", "tel", "role", "duty", "person", "skill":
		return false
	case "data":
		if !image {
			return true
		}
		rest := bytes.ToLower(b[bytes.IndexByte(b, ':')+1:])
		rest = bytes.TrimLeft(rest, " \t\r\n")
		for _, t := range []string{"image/png", "image/gif", "image/jpeg", "image/webp"} {
			if r, ok := bytes.CutPrefix(rest, []byte(t)); ok && len(r) > 0 && (r[0] == ';' || r[0] == ',') {
				return false
			}
		}
		return true
	}
	return true
}

// isScheme reports whether s is a URL scheme: an ASCII letter, then letters, digits,
// "+", "-" or ".".
func isScheme(s []byte) bool {
	if len(s) == 0 || !(s[0] >= 'a' && s[0] <= 'z') {
		return false
	}
	for _, c := range s[1:] {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
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
