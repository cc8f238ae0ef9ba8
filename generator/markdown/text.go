package markdown

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// textWriter gathers the plain text of nodes as they are entered and left, in the order
// of ast.Walk: the text of Text, String and AutoLink nodes and the lines of code blocks,
// with a space at each edge of a block. Raw HTML and footnote markers are left out.
// Whitespace is kept as it is; a collapser tidies it once at the end.
type textWriter struct {
	src []byte
	buf []byte
	// plain is set when src has no backslash and no "&": then no Text has escapes or
	// character references to undo.
	plain bool
	// mute counts the open nodes whose text is left out.
	mute int
}

func newTextWriter(src, buf []byte) textWriter {
	return textWriter{src: src, buf: buf, plain: bytes.IndexByte(src, '\\') < 0 && bytes.IndexByte(src, '&') < 0}
}

// enter adds what n contributes before its children.
func (t *textWriter) enter(n ast.Node) {
	if t.mute > 0 {
		if mutes(n) {
			t.mute++
		}
		return
	}
	// Inline nodes first: they are most of the tree and add no space.
	switch n := n.(type) {
	case *ast.Text:
		t.appendText(n)
		return
	case *ast.String:
		t.buf = append(t.buf, n.Value...)
		return
	case *ast.AutoLink:
		t.buf = append(t.buf, n.Label(t.src)...)
		return
	case *ast.RawHTML, *east.FootnoteLink, *east.FootnoteBacklink:
		t.mute++
		return
	}
	if isBlock(n) {
		t.buf = append(t.buf, ' ')
	}
	switch n := n.(type) {
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			t.buf = append(t.buf, seg.Value(t.src)...)
		}
	case *ast.HTMLBlock:
		t.mute++
	}
}

// appendText adds the text of n, which is not muted.
func (t *textWriter) appendText(n *ast.Text) {
	var v []byte
	if seg := n.Segment; seg.Padding == 0 {
		v = t.src[seg.Start:seg.Stop]
	} else {
		v = seg.Value(t.src)
	}
	if !t.plain && !n.IsRaw() && (bytes.IndexByte(v, '\\') >= 0 || bytes.IndexByte(v, '&') >= 0) {
		v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
	}
	t.buf = append(t.buf, v...)
	if n.HardLineBreak() || n.SoftLineBreak() {
		t.buf = append(t.buf, ' ')
	}
}

// leave adds what n contributes after its children.
func (t *textWriter) leave(n ast.Node) {
	switch n.(type) {
	case *ast.Text, *ast.String:
		return
	}
	if t.mute > 0 {
		if !mutes(n) {
			return
		}
		if t.mute--; t.mute > 0 {
			return
		}
	}
	if isBlock(n) {
		t.buf = append(t.buf, ' ')
	}
}

// mutes reports whether the text of n and its children is left out.
func mutes(n ast.Node) bool {
	switch n.(type) {
	case *ast.RawHTML, *ast.HTMLBlock, *east.FootnoteLink, *east.FootnoteBacklink:
		return true
	}
	return false
}

func isBlock(n ast.Node) bool {
	typ := n.Type()
	return typ == ast.TypeBlock || typ == ast.TypeDocument
}

// appendNode adds the text of root and everything under it.
func (t *textWriter) appendNode(root ast.Node) {
	n := root
	for {
		t.enter(n)
		if c := n.FirstChild(); c != nil {
			n = c
			continue
		}
		for {
			t.leave(n)
			if n == root {
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

// taskLabel returns the text that follows a task list check box in its item, whitespace
// collapsed.
func taskLabel(box ast.Node, src []byte) string {
	t := textWriter{src: src}
	for n := box.NextSibling(); n != nil; n = n.NextSibling() {
		t.appendNode(n)
	}
	c := collapser{out: t.buf[:0]}
	c.write(t.buf)
	return string(c.out)
}

// asciiSpace has a bit set for each ASCII character unicode.IsSpace accepts.
const asciiSpace uint64 = 1<<' ' | 1<<'\t' | 1<<'\n' | 1<<'\v' | 1<<'\f' | 1<<'\r'

// maySpace reports whether a space may start at byte c: an ASCII space, or the first byte
// of one of the other characters unicode.IsSpace accepts, which are all encoded
// starting with 0xC2 (U+0085, U+00A0), 0xE1 (U+1680), 0xE2 (U+2000 to U+205F) or 0xE3
// (U+3000). TestMaySpace checks this against the Unicode tables.
func maySpace(c byte) bool {
	if c < utf8.RuneSelf {
		return c <= ' ' && asciiSpace&(1<<c) != 0
	}
	return c == 0xC2 || c >= 0xE1 && c <= 0xE3
}

// collapser turns every run of white space in the text written to it into one space,
// and leaves none at either end. The text may come in pieces cut where a character
// starts. out may share memory with what is written: the text is then collapsed in
// place, as the output never runs ahead of the input.
//
// Only the bytes where maySpace holds are decoded; the rest is copied as it is. That
// gives what decoding every character would: such a byte is never inside a valid UTF-8
// sequence (it is not a continuation byte), so decoding from the start stops at it too.
type collapser struct {
	out []byte
	// space is set when a space is due before the next visible character.
	space bool
}

func (c *collapser) write(b []byte) {
	out, space := c.out, c.space
	for i := 0; i < len(b); {
		size := 1
		if ch := b[i]; maySpace(ch) {
			if ch < utf8.RuneSelf {
				space = len(out) > 0
				i++
				continue
			}
			r, n := utf8.DecodeRune(b[i:])
			if unicode.IsSpace(r) {
				space = len(out) > 0
				i += n
				continue
			}
			size = n
		}
		// Copy the visible text that starts here in one go, with the single spaces
		// inside it, which stay as they are.
		j := i + size
		for j < len(b) {
			ch := b[j]
			if ch-'!' < 0xC2-'!' || !maySpace(ch) { // the first test settles most bytes
				j++
				continue
			}
			if ch == ' ' && j+1 < len(b) && !maySpace(b[j+1]) {
				j += 2
				continue
			}
			break
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, b[i:j]...)
		i = j
	}
	c.out, c.space = out, space
}
