package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// stages orders the generator's packages by the stage they belong to: a package may
// import only packages of earlier stages, so data flows one way (docs/architecture.md):
// load -> handbook -> check, fit, report -> site, views -> render -> publish, with
// build chaining them and serve and cli on top. Packages of one stage do not import
// each other.
var stages = [][]string{
	{"diag", "fit", "publish"}, // leaves: no package of Rolebook
	{"wire"},                   // the binary encoding of what a build keeps
	{"load", "search", "sitecheck"},
	{"config", "handbook", "markdown", "site", "theme"},
	{"check", "report", "calendar", "importer", "scaffold"},
	{"views"},
	{"print"},
	{"render"},
	{"build"},
	{"serve"},
	{"cli"},
}

// TestImportArrows fails on an import against the flow: from a package to one of the
// same or a later stage, or to a package the table does not place. The production
// files of every package under generator/ are read.
func TestImportArrows(t *testing.T) {
	rank := map[string]int{}
	for i, ps := range stages {
		for _, p := range ps {
			rank[p] = i
		}
	}
	dirs, err := filepath.Glob("generator/*")
	if err != nil {
		t.Fatal(err)
	}
	const prefix = "github.com/rolebook/rolebook/generator/"
	checked := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		pkg := filepath.Base(dir)
		from, ok := rank[pkg]
		if !ok {
			t.Errorf("generator/%s is not placed in a stage: add it to stages (and to docs/architecture.md)", pkg)
			continue
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range ast.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				dep, ok := strings.CutPrefix(path, prefix)
				if !ok {
					continue
				}
				checked++
				to, ok := rank[dep]
				switch {
				case !ok:
					t.Errorf("%s imports generator/%s, which is not placed in a stage", f, dep)
				case to >= from:
					t.Errorf("%s imports generator/%s: %s (stage %d) may import only earlier stages, and %s is stage %d", f, dep, pkg, from, dep, to)
				}
			}
		}
	}
	if checked < 30 {
		t.Errorf("only %d imports checked: the test reads the wrong files", checked)
	}
	// Every package in the table exists, so the table cannot rot silently.
	var gone []string
	for p := range rank {
		if _, err := os.Stat(filepath.Join("generator", p)); err != nil {
			gone = append(gone, p)
		}
	}
	sort.Strings(gone)
	if len(gone) > 0 {
		t.Errorf("stages lists packages that do not exist: %v", gone)
	}
}
