package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"

	"github.com/rolebook/rolebook/generator/diag"
)

// headings gives every heading its id, keeps only the id and class attributes a writer
// may set, and fills the table of contents and title. Explicit ids are reserved before
// any id is generated, so "## Intro" above "## Other {#intro}" becomes "intro-1".
func (p *page) headings(hs []*ast.Heading, res *Result) {
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
		txt := inlineText(h, p.src)
		id := explicit[i]
		if id == "" {
			id = uniqueID(slug(txt), used, next)
		}
		// goldmark renders attributes in the order they were set; id first reads best.
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

func (p *page) warnDuplicate(h *ast.Heading, id string) diag.Diagnostic {
	return diag.Warnf(p.at(headingOffset(h)), "duplicate-id",
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
