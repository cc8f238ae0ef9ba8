package markdown

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// indented returns n list items, each nested in the one before by indentation.
func indented(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

// table returns a table of cols columns and rows rows written as "|".
func table(cols, rows int) string {
	return strings.Repeat("|a", cols) + "|\n" + strings.Repeat("|-", cols) + "|\n" + strings.Repeat("|\n", rows)
}

// definitions returns n link reference definitions in one paragraph.
func definitions(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[l%d]: /u%d\n", i, i)
	}
	return b.String()
}

// TestCostLimits checks each limit of checkCost at its edge and just past it, with
// the limits of Options, and that realistic pages pass.
func TestCostLimits(t *testing.T) {
	small := Options{MaxNesting: 5, MaxTableColumns: 4, MaxTableCells: 20, MaxLinkDefinitions: 3}
	tests := []struct {
		name string
		opts Options
		src  string
		want string // the first line of the diagnostic, "" for none
	}{
		{"sample page", Options{}, samplePage, ""},
		{"generated page", Options{}, generatedPage, ""},
		{"lists by indentation at the limit", small, indented(5), ""},
		{"lists by indentation past it", small, "# t\n\n" + indented(6),
			"content/x.md:8:1: error: quotes and lists nested 6 deep, more than the 5 a page may have"},
		{"indentation and markers", small, "- a\n  - b\n    - > - > x\n", "content/x.md:3:1: error: quotes and lists nested 6 deep, more than the 5 a page may have"},
		{"ordered lists", small, "1. a\n   1. b\n      1. c\n         1. d\n            1. e\n", ""},
		{"items at one level", small, strings.Repeat("- a\n  - b\n", 100), ""},
		{"lists after a blank line", small, indented(3) + "\n" + indented(3), ""},
		{"lists continued after a blank line", small, indented(3) + "\n" + strings.ReplaceAll(indented(3), "- ", "      - "),
			"content/x.md:7:1: error: quotes and lists nested 6 deep, more than the 5 a page may have"},
		{"lists after a paragraph", small, indented(3) + "text\n" + indented(3), ""},
		{"columns at the limit", small, table(4, 3), ""},
		{"columns past it", small, "x\n\n" + table(5, 1),
			"content/x.md:4:1: error: table with 5 columns, more than the 4 a table may have"},
		{"cells at the limit", small, table(4, 3) + "\n" + table(2, 1), ""},
		{"cells past the limit", small, table(4, 3) + "\n" + table(2, 2),
			"content/x.md:10:1: error: tables with more than 20 cells (rows times columns) on one page"},
		{"a thematic break is no table", small, "a\n---\n|x|\n", ""},
		{"definitions at the limit", small, definitions(3), ""},
		{"definitions past it", small, definitions(4),
			"content/x.md:4:1: error: more than 3 link reference definitions on one page"},
		{"emphasis at the limit", Options{}, strings.Repeat("*a**a\n", 2500), ""},
		{"emphasis past it", Options{}, strings.Repeat("*a**a\n", 2501),
			"content/x.md:2501:1: error: more than 5000 emphasis marks and links between two blank lines, too costly to render"},
		{"emphasis in paragraphs", Options{}, strings.Repeat("*a**a\n\n", 5000), ""},
		{"strikethrough and links", Options{}, strings.Repeat("~a~~a [b](c)\n", 1667), "content/x.md:1667:1: error: more than 5000 emphasis marks and links between two blank lines, too costly to render"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := New(tt.opts).Render([]byte(tt.src), Context{File: "content/x.md"})
			got := ""
			if ds.Len() > 0 {
				got = strings.SplitN(ds.Items()[0].String(), "\n", 2)[0]
			}
			if diff := cmp.Diff(got, tt.want); diff != "" {
				t.Errorf("diagnostic (-got +want):\n%s", diff)
			}
		})
	}
}

// TestHostileCost renders the inputs that took minutes or gigabytes before each limit:
// each is refused with one diagnostic, in memory bounded by a small multiple of its
// size (counted, not timed).
func TestHostileCost(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"4,000 lists nested by indentation (16 MB)", indented(4000),
			"content/x.md:101:1: error: quotes and lists nested 101 deep, more than the 100 a page may have"},
		{"a 5,000-column header over 1,000 rows (22 KB)", table(5000, 1000),
			"content/x.md:2:1: error: table with 5000 columns, more than the 100 a table may have"},
		{"100 columns over 100,000 rows", table(100, 100000),
			"content/x.md:502:1: error: tables with more than 50000 cells (rows times columns) on one page"},
		{"200,000 link reference definitions", definitions(200000),
			"content/x.md:5001:1: error: more than 5000 link reference definitions on one page"},
		{"a 10 MB line of *a**a", strings.Repeat("*a**a", 2<<20),
			"content/x.md:1:1: error: more than 5000 emphasis marks and links between two blank lines, too costly to render"},
	}
	r := New(Options{MaxBytes: -1})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			res, ds := r.Render([]byte(tt.src), Context{File: "content/x.md"})
			runtime.ReadMemStats(&after)
			if ds.Len() != 1 || strings.SplitN(ds.Items()[0].String(), "\n", 2)[0] != tt.want || res.HTML != nil {
				t.Errorf("diagnostics = %v, HTML %d bytes; want one: %s", ds, len(res.HTML), tt.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(8*len(tt.src))+8<<20 {
				t.Errorf("refusing a %d-byte page allocated %d bytes", len(tt.src), alloc)
			}
		})
	}
}
