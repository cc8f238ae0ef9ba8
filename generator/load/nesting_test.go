package load

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/rolebook/rolebook/generator/diag"
)

func TestCheckTOMLNesting(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		limit int
		want  string // the diagnostic, "" for none
	}{
		{name: "flat", src: "a = 1\nb = [1, 2]\n[t]\nc = { d = 1 }\n", limit: 3},
		{name: "at the limit", src: "a = [[1]]\n", limit: 3},
		{name: "arrays over the limit", src: "a = [[[1]]]\n", limit: 3,
			want: "x.toml:1:8: error: values nested 4 levels deep, more than the limit of 3"},
		{name: "inline tables over the limit", src: "a = { b = { c = 1 } }\n", limit: 2,
			want: "x.toml:1:13: error: values nested 3 levels deep, more than the limit of 2"},
		{name: "dotted key", src: "\n\na.b.c.d = 1\n", limit: 3,
			want: "x.toml:3:7: error: values nested 4 levels deep, more than the limit of 3"},
		{name: "table header", src: "[a.b.c]\n", limit: 2,
			want: "x.toml:1:5: error: values nested 3 levels deep, more than the limit of 2"},
		{name: "array of tables counts its entry", src: "[[a.b]]\nc = 1\n", limit: 3,
			want: "x.toml:2:1: error: values nested 4 levels deep, more than the limit of 3"},
		{name: "keys under a table", src: "[a.b]\nc = { d = 1 }\n", limit: 3,
			want: "x.toml:2:7: error: values nested 4 levels deep, more than the limit of 3"},
		{name: "brackets in strings and comments", src: "a = \"[[[[\" # {{{{\nb = '''\n[[[[\n''' \nc = \"\\\"[[[[\"\n", limit: 1},
		{name: "multi-line array", src: "a = [\n  [1],\n  [2], # ]]]\n]\nb = 1\n", limit: 3},
		{name: "quoted dotted key", src: "\"a.b.c\" = 1\n", limit: 1},
		{name: "empty inline tables", src: "a = {}\nb = [{}, {}]\n", limit: 2},
		{name: "scalar in a deep array", src: "a = [[\"x\"]]\n", limit: 2,
			want: "x.toml:1:7: error: values nested 3 levels deep, more than the limit of 2"},
		{name: "unclosed string", src: "a = \"[[[[\n", limit: 1},
		{name: "table after inline tables", src: "a = { b = { c = 1 } }\n[t]\nx = 1\n", limit: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := CheckTOMLNesting("x.toml", []byte(tt.src), 1, tt.limit)
			got := ""
			if ds.Len() > 0 {
				got = strings.SplitN(ds.Items()[0].String(), "\n", 2)[0]
			}
			if diff := cmp.Diff(got, tt.want); diff != "" {
				t.Errorf("CheckTOMLNesting(%q) (-got +want):\n%s", tt.src, diff)
			}
			if ds.Len() > 1 {
				t.Errorf("%d diagnostics, want one at most", ds.Len())
			}
		})
	}
}

// TestHostileNesting feeds the decoders documents nested far beyond the limit: each
// must be one diagnostic with a position, in memory bounded by a small multiple of
// the document (counted, not timed), and never a stack overflow or an out-of-memory
// crash, which no test could recover from.
func TestHostileNesting(t *testing.T) {
	inline := func(n int) string { return strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n) }
	tests := []struct {
		name  string
		src   string
		front bool // a page with front matter; else a data file
		want  string
	}{
		{name: "10,000 inline tables in front matter", front: true,
			src:  "+++\ntitle = \"x\"\nx = " + inline(10000) + "\n+++\nbody\n",
			want: "content/x.md:3:303: error: values nested 101 levels deep, more than the limit of 100"},
		{name: "10,000 inline tables in a data file",
			src:  "[duty]\nx = " + inline(10000) + "\n",
			want: "content/x.toml:2:300: error: values nested 101 levels deep, more than the limit of 100"},
		{name: "an array 4,000,000 deep (8 MB)",
			src:  "x = " + strings.Repeat("[", 4000000) + strings.Repeat("]", 4000000) + "\n",
			want: "content/x.toml:1:105: error: values nested 101 levels deep, more than the limit of 100"},
		{name: "JSON 100,000 deep", front: true,
			src:  "{\"x\": " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}\nbody\n",
			want: "content/x.md:1:107: error: values nested 101 levels deep, more than the limit of 100"},
		{name: "YAML 5,000 deep", front: true,
			src:  "---\nx: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n---\nbody\n",
			want: "content/x.md:2:104: error: values nested 101 levels deep, more than the limit of 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			var dec decoder
			var got string
			if tt.front {
				_, _, _, ds := dec.split("content/x.md", []byte(tt.src))
				got = first(ds)
			} else {
				_, ds := dec.decodeTOML("content/x.toml", []byte(tt.src), 1)
				got = first(ds)
			}
			runtime.ReadMemStats(&after)
			if diff := cmp.Diff(got, tt.want); diff != "" {
				t.Errorf("diagnostic (-got +want):\n%s", diff)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(4*len(tt.src))+8<<20 {
				t.Errorf("decoding a %d-byte document allocated %d bytes", len(tt.src), alloc)
			}
		})
	}
}

func first(ds []diag.Diagnostic) string {
	if len(ds) == 0 {
		return ""
	}
	return strings.SplitN(ds[0].String(), "\n", 2)[0]
}

// TestReadMaxNesting checks that Options.MaxNesting sets the limit of every format.
func TestReadMaxNesting(t *testing.T) {
	fsys := mapFS(map[string]string{
		"content/a.md":   "+++\nx = [[1]]\n+++\n",
		"content/b.md":   "---\nx: [[1]]\n---\n",
		"content/c.md":   "{\"x\": [[1]]}\n",
		"content/d.toml": "[t]\nx = [1]\n",
		"content/e.md":   "+++\nx = [1]\n+++\n",
	})
	_, diags := Read(context.Background(), fsys, "content", Options{MaxNesting: 2})
	var got []string
	for _, d := range diags.Items() {
		got = append(got, fmt.Sprintf("%s: %s", d.Pos, d.Message))
	}
	want := []string{
		"content/a.md:2:7: values nested 3 levels deep, more than the limit of 2",
		"content/b.md:2:6: values nested 3 levels deep, more than the limit of 2",
		"content/c.md:1:9: values nested 3 levels deep, more than the limit of 2",
		"content/d.toml:2:6: values nested 3 levels deep, more than the limit of 2",
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("diagnostics (-got +want):\n%s", diff)
	}
}

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}
