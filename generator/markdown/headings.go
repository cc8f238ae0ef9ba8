package markdown

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/rolebook/rolebook/generator/diag"
)

// headings gives every heading its id, keeps only the id and class attributes a writer
// may set, and fills the table of contents and title. Explicit ids are reserved before
// any id is generated, so "## Intro" above "## Other {#intro}" becomes "intro-1".
func (p *page) headings(hs []headingText, res *Result) {
	used := make(map[string]bool, len(hs))
	next := make(map[string]int)
	toc := 0
	for i := range hs {
		h := &hs[i]
		if h.node.Level >= 2 && h.node.Level <= 4 {
			toc++
		}
		if class, ok := h.node.AttributeString("class"); ok {
			if b, ok := class.([]byte); ok && len(b) > 0 {
				h.class = b
			}
		}
		id, _ := attrString(h.node, "id")
		if id == "" {
			continue
		}
		if used[id] {
			p.diags = append(p.diags, p.warnDuplicate(h.node, id))
		}
		used[id] = true
		h.id = id
	}
	if toc > 0 {
		res.TOC = make([]Heading, 0, toc)
	}
	for _, h := range hs {
		id := h.id
		if id == "" {
			id = uniqueID(slug(h.text), used, next)
		}
		// goldmark renders attributes in the order they were set; id first reads best.
		h.node.RemoveAttributes()
		h.node.SetAttributeString("id", id)
		if h.class != nil {
			h.node.SetAttributeString("class", h.class)
		}
		switch {
		case h.node.Level == 1 && res.Title == "":
			res.Title = h.text
		case h.node.Level >= 2 && h.node.Level <= 4:
			res.TOC = append(res.TOC, Heading{Level: h.node.Level, ID: id, Text: h.text})
		}
	}
}

func (p *page) warnDuplicate(h *ast.Heading, id string) diag.Diagnostic {
	return diag.Warnf(p.at(headingOffset(h)), diag.RuleDuplicateId,
		"give each heading its own {#id}", "heading id %q is used twice on this page", id)
}

// headingOffset is where a heading's text starts, or -1 when goldmark did not say.
func headingOffset(h *ast.Heading) int {
	if h.Lines().Len() > 0 {
		return h.Lines().At(0).Start
	}
	return h.Pos()
}

// attrString returns an attribute set by the writer as a string. goldmark stores
// "{#id .a .b}" values as []byte; values of other types (numbers, booleans, lists) are
// not valid ids or classes and count as absent.
func attrString(n ast.Node, name string) (string, bool) {
	v, ok := n.AttributeString(name)
	if !ok {
		return "", false
	}
	b, ok := v.([]byte)
	if !ok {
		return "", false
	}
	return string(b), true
}

// slug makes an id from heading text: letters, digits and marks of every script are
// kept (lower-cased), "-" and "_" are kept, each run of spaces becomes one "-", anything
// else is dropped. It returns "heading" when nothing is left.
func slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingDash := false
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '_' || r == '-' || isHan(r):
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r < utf8.RuneSelf:
			if r == ' ' || '\t' <= r && r <= '\r' {
				pendingDash = true
			}
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			r = unicode.ToLower(r)
		case unicode.IsSpace(r):
			pendingDash = true
			continue
		default:
			continue
		}
		if pendingDash && b.Len() > 0 {
			b.WriteByte('-')
		}
		pendingDash = false
		b.WriteRune(r)
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "heading"
	}
	return out
}

// isHan reports whether r is in the block of CJK Unified Ideographs, where the most
// used Chinese characters are: slug keeps them as they are, without looking them up in
// the Unicode tables. TestIsHan checks that all of them are letters without case.
func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }

// uniqueID returns base, or base-1, base-2... whichever is not yet used, and marks it
// used. next remembers the last suffix tried per base, so that a page of a thousand
// equal headings costs a thousand steps, not half a million.
func uniqueID(base string, used map[string]bool, next map[string]int) string {
	id := base
	for used[id] {
		next[base]++
		id = base + "-" + strconv.Itoa(next[base])
	}
	used[id] = true
	return id
}
