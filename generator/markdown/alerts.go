package markdown

import (
	"bytes"
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// GitHub's alerts: a block quote whose first line is only "[!NOTE]", "[!TIP]",
// "[!IMPORTANT]", "[!WARNING]" or "[!CAUTION]" (in any letter case) is rendered as
//
//	<div class="alert alert-note" role="note"><p class="alert-title">Note</p>...</div>
//
// The title is Context.AlertTitles' word for the kind, or the English word.

// AlertKinds are the kinds of GitHub alert, in the order GitHub lists them.
var AlertKinds = []string{"note", "tip", "important", "warning", "caution"}

// kindAlert is the node kind of alert. Like every goldmark node kind it is assigned
// once when the program starts and never changes.
var kindAlert = ast.NewNodeKind("RolebookAlert")

// alert is a block quote that GitHub shows as an alert.
type alert struct {
	ast.BaseBlock
	kind  string // one of AlertKinds
	title string // set by transform, in the page's language
}

// Kind implements ast.Node.
func (n *alert) Kind() ast.NodeKind { return kindAlert }

// Dump implements ast.Node.
func (n *alert) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"kind": n.kind}, nil)
}

// alertTransformer turns the block quotes that open with an alert marker into alerts.
type alertTransformer struct{}

// Transform implements parser.ASTTransformer. It walks the tree only when the page has
// a marker's "[!" at all.
func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	if !bytes.Contains(src, []byte("[!")) {
		return
	}
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Blockquote:
			quotes = append(quotes, n)
		case *ast.Paragraph, *ast.Heading, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil // no block quote inside
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		toAlert(q, src)
	}
}

// toAlert replaces the block quote q by an alert when its first line is a marker.
func toAlert(q *ast.Blockquote, src []byte) {
	para, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || para.Lines().Len() == 0 {
		return
	}
	first := para.Lines().At(0)
	kind := alertKind(bytes.TrimSpace(first.Value(src)))
	if kind == "" {
		return
	}
	// Drop the marker's inline nodes: those that start on the first line. The break at
	// its end belongs to the last of them.
	for c := para.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, isText := c.(*ast.Text)
		if !isText || t.Segment.Start >= first.Stop {
			break
		}
		para.RemoveChild(para, c)
		if t.SoftLineBreak() || t.HardLineBreak() {
			break
		}
		c = next
	}
	if para.Lines().Len() == 1 || para.ChildCount() == 0 {
		q.RemoveChild(q, para)
	} else {
		lines := text.NewSegments()
		for i := 1; i < para.Lines().Len(); i++ {
			lines.Append(para.Lines().At(i))
		}
		para.SetLines(lines)
	}
	a := &alert{kind: kind}
	for c := q.FirstChild(); c != nil; {
		next := c.NextSibling()
		a.AppendChild(a, c)
		c = next
	}
	parent := q.Parent()
	parent.ReplaceChild(parent, q, a)
}

// alertKind returns the kind a marker line names ("[!NOTE]" -> "note"), or "".
func alertKind(line []byte) string {
	if len(line) < 4 || line[0] != '[' || line[1] != '!' || line[len(line)-1] != ']' {
		return ""
	}
	name := string(bytes.ToLower(line[2 : len(line)-1]))
	for _, k := range AlertKinds {
		if k == name {
			return k
		}
	}
	return ""
}

// alertTitle returns the title shown on an alert of kind: the page's word for it, or
// the English one.
func alertTitle(words map[string]string, kind string) string {
	if w := words[kind]; w != "" {
		return w
	}
	return map[string]string{"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"}[kind]
}

// alertRenderer renders alerts.
type alertRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (alertRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindAlert, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*alert)
		if !entering {
			_, _ = w.WriteString("</div>\n")
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`<div class="alert alert-` + n.kind + `" role="note"><p class="alert-title">` + html.EscapeString(n.title) + "</p>\n")
		return ast.WalkContinue, nil
	})
}
