package markdown

import (
	"html"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// taskRenderer renders the check box of a task list item ("- [ ] Read the policy") as
// goldmark does, plus an accessible name: the item's text. goldmark's box has no label,
// which screen readers announce as an unnamed check box (axe-core's "label" rule).
type taskRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (taskRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`<input`)
		if node.(*east.TaskCheckBox).IsChecked {
			_, _ = w.WriteString(` checked=""`)
		}
		_, _ = w.WriteString(` disabled="" type="checkbox"`)
		if label := taskLabel(node, src); label != "" {
			_, _ = w.WriteString(` aria-label="` + html.EscapeString(label) + `"`)
		}
		_, _ = w.WriteString("> ")
		return ast.WalkContinue, nil
	})
}
