package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rhysd/actionlint"
)

// TestWorkflows lints the repository's own GitHub Actions workflows (the release of
// binaries the README points to) with actionlint, which knows the inputs of the
// actions they use and checks their shell scripts' syntax.
func TestWorkflows(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(".github", "workflows", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows: %v", err)
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{Oneline: true, Color: actionlint.ColorOptionKindNever})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		errs, err := l.Lint(f, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range errs {
			t.Errorf("actionlint: %s", e.Error())
		}
	}
}
