package load

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rolebook/rolebook/generator/diag"
)

// positions lists every key position of doc as "a.b.0" -> "line:col", for comparing
// with cmp.Diff in one go.
func positions(doc *Doc) map[string]string {
	if doc == nil {
		return nil
	}
	out := map[string]string{}
	for k, p := range doc.keys {
		out[strings.ReplaceAll(k, "\x00", ".")] = fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return out
}

// lineCount is how many lines src has, counting a final empty line after a newline.
func lineCount(src []byte) int { return strings.Count(string(src), "\n") + 1 }

// checkPositions fails t when a diagnostic or key position of doc lies outside lines
// first..last of file.
func checkPositions(t *testing.T, file string, doc *Doc, diags []diag.Diagnostic, first, last int) {
	t.Helper()
	check := func(what string, p diag.Pos, minCol int) {
		if p.File != file || p.Line < first || p.Line > last || p.Col < minCol {
			t.Errorf("%s position %v is outside %s lines %d..%d", what, p, file, first, last)
		}
	}
	for _, d := range diags {
		check("diagnostic", d.Pos, 0)
		for _, r := range d.Related {
			check("related", r, 0)
		}
	}
	if doc != nil {
		for k, p := range doc.keys {
			check(fmt.Sprintf("key %q", k), p, 1)
		}
		check("start", doc.Start, 1)
	}
}

// walkPaths calls fn with the path of every map key and array element of v.
func walkPaths(v any, path []string, fn func(path []string, v any)) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			p := append(path[:len(path):len(path)], k)
			fn(p, e)
			walkPaths(e, p, fn)
		}
	case []any:
		for i, e := range v {
			p := append(path[:len(path):len(path)], fmt.Sprint(i))
			fn(p, e)
			walkPaths(e, p, fn)
		}
	}
}

// unlocated returns the paths of doc's data that have no recorded position. Empty
// arrays nested in arrays are exempt: the parser keeps no range for them.
func unlocated(doc *Doc) []string {
	var out []string
	walkPaths(doc.Data, nil, func(path []string, v any) {
		if a, ok := v.([]any); ok && len(a) == 0 && len(path) > 1 {
			if _, err := fmt.Sscan(path[len(path)-1], new(int)); err == nil {
				return
			}
		}
		if _, ok := doc.KeyPos(path...); !ok {
			out = append(out, strings.Join(path, "."))
		}
	})
	return out
}
