package markdown

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// plainText returns the text of the whole document, raw HTML and footnote markers left
// out, whitespace collapsed.
func plainText(doc ast.Node, src []byte) string {
	buf := make([]byte, 0, len(src))
	buf = appendText(buf, doc, src)
	return collapse(buf)
}

// inlineText returns the text of a heading or other node, whitespace collapsed.
func inlineText(n ast.Node, src []byte) string {
	var buf []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		buf = appendText(buf, c, src)
	}
	return collapse(buf)
}

func appendText(buf []byte, root ast.Node, src []byte) []byte {
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
				buf = appendSpaced(buf, seg.Value(src))
			}
		case *ast.Text:
			v := n.Segment.Value(src)
			if !n.IsRaw() && bytes.ContainsAny(v, "\\&") {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			buf = appendSpaced(buf, v)
			switch {
			case n.HardLineBreak():
				buf = append(buf, ' ')
			case n.SoftLineBreak():
				buf = append(buf, ' ')
			}
		case *ast.String:
			buf = appendSpaced(buf, n.Value)
		case *ast.AutoLink:
			buf = appendSpaced(buf, n.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return buf
}

// appendSpaced appends v with its newlines turned into spaces.
func appendSpaced(buf, v []byte) []byte {
	for _, c := range v {
		if c == '\n' || c == '\r' {
			c = ' '
		}
		buf = append(buf, c)
	}
	return buf
}

// collapse turns every run of white space into one space and trims the ends.
func collapse(b []byte) string {
	out := make([]byte, 0, len(b))
	space := false
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf { // ASCII, most of the text: no decoding
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
