package main

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/rolebook/rolebook/generator/diag"
)

// TestRuleConstants keeps rule names constants: no string literal is passed where a
// diag.Rule is expected (a call's argument or a Diagnostic's Rule field) anywhere in
// the generator's production code, so every rule a user can meet is one of
// diag.Rules(), documented there; and no two rules share a name.
func TestRuleConstants(t *testing.T) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedFiles}
	pkgs, err := packages.Load(cfg, "./generator/...")
	if err != nil {
		t.Fatal(err)
	}
	isRule := func(tp types.Type) bool {
		n, ok := tp.(*types.Named)
		return ok && n.Obj().Name() == "Rule" && n.Obj().Pkg() != nil && strings.HasSuffix(n.Obj().Pkg().Path(), "/generator/diag")
	}
	var bad []string
	calls := 0
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Fatalf("%s: %v", p.PkgPath, e)
		}
		for _, f := range p.Syntax {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					sig, ok := p.TypesInfo.TypeOf(n.Fun).(*types.Signature)
					if !ok {
						return true
					}
					for i, a := range n.Args {
						if i >= sig.Params().Len() {
							break
						}
						if !isRule(sig.Params().At(i).Type()) {
							continue
						}
						calls++
						if _, lit := a.(*ast.BasicLit); lit {
							bad = append(bad, p.Fset.Position(a.Pos()).String())
						}
					}
				case *ast.KeyValueExpr:
					if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Rule" && isRule(p.TypesInfo.TypeOf(n.Value)) {
						if _, lit := n.Value.(*ast.BasicLit); lit {
							bad = append(bad, p.Fset.Position(n.Value.Pos()).String())
						}
					}
				}
				return true
			})
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("%s: a rule name written as a string; use a diag.Rule constant (generator/diag/rules.go)", b)
	}
	if calls < 100 {
		t.Errorf("only %d rule arguments found: the test reads the wrong code", calls)
	}
	seen := map[diag.Rule]bool{}
	for _, r := range diag.Rules() {
		if seen[r] || r == "" {
			t.Errorf("rule %q listed twice or empty", r)
		}
		seen[r] = true
	}
}
