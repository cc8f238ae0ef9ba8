package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/rolebook/rolebook/generator/diag"
)

var update = flag.Bool("update", false, "rewrite the expected output of the testdata cases")

// handbook is a Resolver over a small fixed handbook.
type handbook map[string]string

func testHandbook() handbook {
	return handbook{
		"role:operations":          "/roles/operations/",
		"role:after-sales":         "/roles/after-sales/",
		"duty:promo-campaigns":     "/owners/#promo-campaigns",
		"person:wang-fang":         "/people/wang-fang/",
		"skill:copywriting":        "/skills/#copywriting",
		"../team/how-we-work.md":   "/team/how-we-work/",
		"ownership.md":             "/guide/ownership/",
		"../团队/流程.md":              "/team/process/",
		"guide/_index.md":          "/guide/",
		"../roles/operations.md":   "/roles/operations/",
		"./onboarding/week-1.md":   "/guide/onboarding/week-1/",
		"onboarding/week-1.md":     "/guide/onboarding/week-1/",
		"../people/wang-fang.md":   "/people/wang-fang/",
		"role:operations-lead":     "/roles/operations-lead/",
		"duty:refund-requests":     "/owners/#refund-requests",
		"person:li-lei":            "/people/li-lei/",
		"skill:customer-care":      "/skills/#customer-care",
		"../guide/ownership.md":    "/guide/ownership/",
		"../../guide/ownership.md": "/guide/ownership/",
		"a.png":                    "/guide/a.png",
		"../images/org.png":        "/images/org.png",
		"images/org.png":           "/guide/images/org.png",
	}
}

func (h handbook) Resolve(dest string) (string, bool, string, string) {
	if u, ok := h[dest]; ok {
		return u, true, "", ""
	}
	switch {
	case dest == "../../README.md":
		return "https://git.example.com/hb/blob/main/README.md", true, `"../../README.md" is outside content/`, "it leads to the repository's web host"
	case strings.HasPrefix(dest, "/guide/nothere"):
		return "", false, fmt.Sprintf("no page %q", dest), `did you mean "/guide/ownership/"?`
	case strings.HasPrefix(dest, "/"):
		return "/hb" + dest, true, "", ""
	}
	kind, id, found := strings.Cut(dest, ":")
	if !found || strings.HasSuffix(dest, ".md") {
		return "", false, fmt.Sprintf("no page %q", dest), ""
	}
	var ids []string
	for k := range h {
		if k2, id2, ok := strings.Cut(k, ":"); ok && k2 == kind {
			ids = append(ids, id2)
		}
	}
	return "", false, fmt.Sprintf("no %s %q", kind, id), diag.DidYouMean(id, ids)
}

// testCase is one txtar file of testdata/. Its comment holds settings, one per line:
// "unsafe", "noresolver", "file: path", "firstline: n". Sections: input.md (required),
// output.html (required), and optionally diagnostics, toc ("level id text" lines),
// title and text.
type testCase struct {
	name    string
	path    string
	archive *txtar.Archive
	opts    Options
	ctx     Context
	input   []byte
}

func (c *testCase) section(name string) (string, bool) {
	for _, f := range c.archive.Files {
		if f.Name == name {
			return string(f.Data), true
		}
	}
	return "", false
}

func loadCases(tb testing.TB) []*testCase {
	tb.Helper()
	paths, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no test cases in testdata: %v", err)
	}
	var cases []*testCase
	for _, path := range paths {
		a, err := txtar.ParseFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		c := &testCase{
			name:    strings.TrimSuffix(filepath.Base(path), ".txtar"),
			path:    path,
			archive: a,
			ctx:     Context{File: "content/guide/ownership.md", FirstLine: 1, Resolver: testHandbook()},
		}
		for _, line := range strings.Split(string(a.Comment), "\n") {
			key, value, _ := strings.Cut(strings.TrimSpace(line), ":")
			value = strings.TrimSpace(value)
			switch key {
			case "", "#":
			case "unsafe":
				c.opts.Unsafe = true
			case "noresolver":
				c.ctx.Resolver = nil
			case "file":
				c.ctx.File = value
			case "firstline":
				if c.ctx.FirstLine, err = strconv.Atoi(value); err != nil {
					tb.Fatalf("%s: %v", path, err)
				}
			default:
				if !strings.HasPrefix(key, "#") {
					tb.Fatalf("%s: unknown setting %q", path, line)
				}
			}
		}
		in, ok := c.section("input.md")
		if !ok {
			tb.Fatalf("%s: no input.md section", path)
		}
		c.input = []byte(in)
		cases = append(cases, c)
	}
	return cases
}

func formatDiags(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func formatTOC(toc []Heading) string {
	var b strings.Builder
	for _, h := range toc {
		fmt.Fprintf(&b, "%d %s %s\n", h.Level, h.ID, h.Text)
	}
	return b.String()
}

func TestCases(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(c.name, func(t *testing.T) {
			res, ds := New(c.opts).Render(c.input, c.ctx)
			got := map[string]string{
				"output.html": string(res.HTML),
				"diagnostics": formatDiags(ds.Items()),
				"toc":         formatTOC(res.TOC),
				"title":       res.Title + "\n",
				"text":        res.Text + "\n",
			}
			if *update {
				for i, f := range c.archive.Files {
					if g, ok := got[f.Name]; ok {
						c.archive.Files[i].Data = []byte(g)
					}
				}
				if _, ok := c.section("output.html"); !ok {
					c.archive.Files = append(c.archive.Files, txtar.File{Name: "output.html", Data: []byte(got["output.html"])})
				}
				if err := os.WriteFile(c.path, txtar.Format(c.archive), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			if _, ok := c.section("diagnostics"); !ok && ds.Len() > 0 {
				t.Errorf("unexpected diagnostics:\n%s", got["diagnostics"])
			}
			for _, name := range []string{"output.html", "diagnostics", "toc", "title", "text"} {
				want, ok := c.section(name)
				if !ok {
					continue
				}
				if diff := cmp.Diff(got[name], want); diff != "" {
					t.Errorf("%s (-got +want):\n%s", name, diff)
				}
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"运营的职责", "运营的职责"},
		{"Who Owns What?", "who-owns-what"},
		{"售后客服 (After-sales)", "售后客服-after-sales"},
		{"A & B", "a-b"},
		{"  spaced   out  ", "spaced-out"},
		{"snake_case and-dash", "snake_case-and-dash"},
		{"！？。", "heading"},
		{"", "heading"},
		{"Ünïcode Größe", "ünïcode-größe"},
		{"第 2 阶段：3-5 人", "第-2-阶段3-5-人"},
		{"emoji 🚀 rocket", "emoji-rocket"},
	}
	for _, tt := range tests {
		if got := slug(tt.in); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isHan(r) && (!unicode.IsLetter(r) || unicode.ToLower(r) != r) {
			t.Errorf("isHan(%U), but it is not a letter without case", r)
		}
	}
}

func TestDangerous(t *testing.T) {
	tests := []struct {
		dest  string
		image bool
		want  bool
	}{
		{"javascript:alert(1)", false, true},
		{"JaVaScRiPt:alert(1)", false, true},
		{"  javascript:alert(1)", false, true},
		{"\x01\x02javascript:alert(1)", false, true},
		{"java\tscript:alert(1)", false, true},
		{"java\nscript:alert(1)", false, true},
		{"javascript%3Aalert(1)", false, true},
		{"%6Aavascript:alert(1)", false, true},
		{"%256Aavascript:alert(1)", false, true},
		{"vbscript:msgbox", false, true},
		{"VBScript:msgbox", false, true},
		{"file:///etc/passwd", false, true},
		{"FILE:///c:/x", false, true},
		{"data:text/html,<script>", false, true},
		{"data:image/png;base64,AAAA", false, true},
		{"data:image/png;base64,AAAA", true, false},
		{"data:image/gif;base64,AAAA", true, false},
		{"data:image/jpeg;base64,AAAA", true, false},
		{"data:image/webp;base64,AAAA", true, false},
		{"DATA:IMAGE/PNG;base64,AAAA", true, false},
		{"data:image/svg+xml,<svg onload=alert(1)>", true, true},
		{"data:image/pngx,AAAA", true, true},
		{"data:text/html,x", true, true},
		{"https://example.com/javascript:x", false, false},
		{"../team/javascript.md", false, false},
		{"mailto:ops@example.com", false, false},
		{"#javascript:x", false, false},
		{"role:operations", false, false},
		{"", false, false},
		// An allowlist: any scheme but http, https, mailto, tel and the handbook's own.
		{"ms-msdt:/id PCWDiagnostic", false, true},
		{"search-ms:query=x", false, true},
		{"jar:http://x!/y", false, true},
		{"ftp://example.com/", false, true},
		{"C:\\Windows", false, true},
		{strings.Repeat("a", 40) + ":x", false, true},
		{"data:image/png;base64,AAAA", false, true},
		{"tel:+861012345678", false, false},
		{"HTTPS://example.com/", false, false},
		{"Duty:refunds", false, false},
		{"skill:writing", false, false},
		{"person:wang-fang", true, false},
		{"https://example.com/a.png", true, false},
		{"ftp://example.com/a.png", true, true},
		// Not a scheme: a relative path, which a browser keeps on the site.
		{"./a:b", false, false},
		{"guide/a:b", false, false},
		{"?q=a:b", false, false},
		{"1abc:x", false, false},
		{"\\javascript:alert(1)", false, false},
	}
	for _, tt := range tests {
		if got := dangerous(tt.dest, tt.image); got != tt.want {
			t.Errorf("dangerous(%q, image=%v) = %v, want %v", tt.dest, tt.image, got, tt.want)
		}
	}
}

func TestResolvable(t *testing.T) {
	tests := []struct {
		dest, target, fragment string
		ok                     bool
	}{
		{"../team/how-we-work.md#anchor", "../team/how-we-work.md", "#anchor", true},
		{"ownership.md", "ownership.md", "", true},
		{"%E6%B5%81%E7%A8%8B.md", "流程.md", "", true},
		{"Role:operations", "role:operations", "", true},
		{"duty:promo-campaigns#notes", "duty:promo-campaigns", "#notes", true},
		{"person:wang-fang", "person:wang-fang", "", true},
		{"skill:copywriting", "skill:copywriting", "", true},
		{"https://example.com/a.md", "", "", false},
		{"/guide/ownership.md", "/guide/ownership.md", "", true},
		{"/guide/#part", "/guide/", "#part", true},
		{"//example.com/a.md", "", "", false},
		{"/\\example.com/a.md", "", "", false},
		{"#anchor", "", "", false},
		{"a.md?x=1", "", "", false},
		{"notes.txt", "notes.txt", "", true},
		{"../images/org%20chart.png", "../images/org chart.png", "", true},
		{"mailto:a@example.com", "", "", false},
		{"dir/a:b.md", "dir/a:b.md", "", true},
	}
	for _, tt := range tests {
		target, fragment, ok := resolvable(tt.dest)
		if target != tt.target || fragment != tt.fragment || ok != tt.ok {
			t.Errorf("resolvable(%q) = %q, %q, %v, want %q, %q, %v", tt.dest, target, fragment, ok, tt.target, tt.fragment, tt.ok)
		}
	}
}

func TestMaxBytes(t *testing.T) {
	r := New(Options{MaxBytes: 10})
	res, ds := r.Render([]byte("# A page longer than ten bytes\n"), Context{File: "content/big.md", FirstLine: 4})
	if res.HTML != nil {
		t.Errorf("HTML = %q, want nothing", res.HTML)
	}
	want := "content/big.md: error: page is 31 bytes, more than the 10 a page may have"
	if ds.Len() != 1 || !strings.HasPrefix(ds.Items()[0].String(), want) || ds.Items()[0].Rule != "page-too-large" {
		t.Errorf("diagnostics = %v, want one starting %q", ds, want)
	}
	if _, ds := New(Options{MaxBytes: -1}).Render(make([]byte, 2*DefaultMaxBytes), Context{}); ds.Len() != 0 {
		t.Errorf("MaxBytes -1: diagnostics = %v, want none", ds)
	}
}

func TestTableLabel(t *testing.T) {
	res, _ := New(Options{TableLabel: `表格 "x"`}).Render([]byte("| a |\n|---|\n| 1 |\n"), Context{})
	if want := `<div class="table-wrap" tabindex="0" role="region" aria-label="表格 &#34;x&#34;">`; !strings.Contains(string(res.HTML), want) {
		t.Errorf("HTML = %s, want it to contain %s", res.HTML, want)
	}
}

// TestConcurrent renders every case from many goroutines on one Renderer; run with
// -race it checks that a Renderer can be shared, and that results do not depend on
// what other goroutines render.
func TestConcurrent(t *testing.T) {
	cases := loadCases(t)
	r := New(Options{})
	want := make([]string, len(cases))
	for i, c := range cases {
		res, _ := r.Render(c.input, c.ctx)
		want[i] = string(res.HTML)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 20 {
				i := (g + k) % len(cases)
				res, _ := r.Render(cases[i].input, cases[i].ctx)
				if string(res.HTML) != want[i] {
					t.Errorf("%s: concurrent render differs", cases[i].name)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestRenderTwice checks that a Render call leaves nothing behind in the Renderer.
func TestRenderTwice(t *testing.T) {
	r := New(Options{})
	src := []byte("## 职责\n\n## 职责\n\n[a](role:nobody)\n")
	ctx := Context{File: "a.md", Resolver: testHandbook()}
	res1, ds1 := r.Render(src, ctx)
	res2, ds2 := r.Render(src, ctx)
	if diff := cmp.Diff(res1, res2); diff != "" {
		t.Errorf("second render differs (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(formatDiags(ds1.Items()), formatDiags(ds2.Items())); diff != "" {
		t.Errorf("second render's diagnostics differ (-first +second):\n%s", diff)
	}
}

func TestMaxNesting(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"> > > x", 3},
		{">>>x", 3},
		{"- > 1. > * x", 5},
		{"  - item", 1},
		{"---", 0},
		{"***", 0},
		{"-----------", 0},
		{"2024. year", 1},
		{"2024.year", 0},
		{"text > not a quote", 0},
	}
	for _, tt := range tests {
		if got := nestingDepth([]byte(tt.line)); got != tt.want {
			t.Errorf("nestingDepth(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
	src := "# ok\n\n" + strings.Repeat("> ", MaxNesting+1) + "deep\n"
	res, ds := New(Options{}).Render([]byte(src), Context{File: "content/deep.md", FirstLine: 5})
	want := "content/deep.md:7:1: error: quotes and lists nested 101 deep, more than the 100 a page may have\n\thint: flatten the quotes and lists\n"
	if got := formatDiags(ds.Items()); got != want || res.HTML != nil {
		t.Errorf("diagnostics = %q, HTML = %q; want %q and no HTML", got, res.HTML, want)
	}
	if _, ds := New(Options{}).Render([]byte(strings.Repeat("> ", MaxNesting)+"ok\n"), Context{}); ds.Len() != 0 {
		t.Errorf("nesting at the limit: diagnostics = %v, want none", ds)
	}
}

func TestTooComplexLine(t *testing.T) {
	src := "ok\n" + strings.Repeat("[a](", 10000) + "\n"
	_, ds := New(Options{}).Render([]byte(src), Context{File: "content/links.md"})
	want := "content/links.md:2:1: error: line of 40000 bytes with 10000 links is too costly to render\n\thint: break the line into shorter lines\n"
	if got := formatDiags(ds.Items()); got != want {
		t.Errorf("diagnostics = %q, want %q", got, want)
	}
	// A long line with one link (an inline image in base64) is fine.
	long := "![pixel](data:image/png;base64," + strings.Repeat("A", 200<<10) + ")\n"
	if _, ds := New(Options{}).Render([]byte(long), Context{}); ds.Len() != 0 {
		t.Errorf("long image line: diagnostics = %v, want none", ds)
	}
}

// TestMaySpace checks maySpace against the Unicode tables: every character that
// unicode.IsSpace accepts starts with a byte where maySpace holds.
func TestMaySpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		if b := utf8.AppendRune(nil, r); !maySpace(b[0]) {
			t.Errorf("maySpace(%#x) = false for the space %U", b[0], r)
		}
	}
}

func TestCollapser(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{" a  b\t\nc ", "a b c"},
		{"中\u3000文\u00a0x\u0085y\u2028z", "中 文 x y z"},
		{"\u2010\u00a9\u1681\u3001", "\u2010\u00a9\u1681\u3001"},
		{"a\xe3\x80\x80b\xe3\x80c\xc2", "a b\xe3\x80c\xc2"},
		{"\xe3\xe3\x80\x80\x80", "\xe3 \x80"},
	}
	for _, tt := range tests {
		var c collapser
		c.write([]byte(tt.in))
		if got := string(c.out); got != tt.want {
			t.Errorf("collapse(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if want := refCollapse([]byte(tt.in)); string(c.out) != want {
			t.Errorf("collapse(%q) = %q, reference %q", tt.in, c.out, want)
		}
		// In place, in two pieces split before a space, as transform does.
		b := []byte(tt.in)
		k := max(bytes.LastIndexByte(b, ' '), 0)
		c = collapser{out: b[:0]}
		c.write(b[:k])
		c.write(b[k:])
		if got := string(c.out); got != tt.want {
			t.Errorf("collapse(%q) in place, in two pieces = %q, want %q", tt.in, got, tt.want)
		}
	}
}
