package render

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoUnreviewedHTMLCasts keeps the promise that templates are trusted and data is
// not: across the generator, a conversion to template.HTML (which html/template then
// outputs unescaped) is allowed only on output that Rolebook made safe itself, and each
// says so in a comment on its line or the line above ("sanitised by the markdown
// package", "escaping made this output safe"). A new conversion without one fails here.
func TestNoUnreviewedHTMLCasts(t *testing.T) {
	root := ".."
	fset := token.NewFileSet()
	found := 0
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, p, src, 0)
		if err != nil {
			return err
		}
		lines := strings.Split(string(src), "\n")
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "HTML" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "template" {
				return true
			}
			if _, isLit := call.Args[0].(*ast.BasicLit); isLit {
				return true // a constant written in the code is not data
			}
			found++
			line := fset.Position(call.Pos()).Line
			context := lines[line-1]
			if line >= 2 {
				context = lines[line-2] + "\n" + context
			}
			if !strings.Contains(context, "sanitised by") && !strings.Contains(context, "escaping made this output safe") {
				t.Errorf("%s:%d: template.HTML(...) without a comment saying what made the value safe", p, line)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("no conversion found: the test is not looking at the generator's code")
	}
}
