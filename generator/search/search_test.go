package search_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/search"
	"github.com/rolebook/rolebook/internal/synthetic"
)

// searchBudget is what one query may download in all, search.js included.
const searchBudget = 300_000

// TestSearchExample builds the example handbook and searches its index as search.js
// does: Chinese and English queries find the role, duty, person and page they should,
// and the index is well formed.
func TestSearchExample(t *testing.T) {
	pub := buildHandbook(t, "../..")
	zh := openSearch(t, pub, "search")
	en := openSearch(t, pub, "en/search")
	for _, ix := range []*searchIndex{zh, en} {
		ix.checkWellFormed(t)
	}
	tests := []struct {
		ix    *searchIndex
		query string
		url   string
		kind  int
	}{
		{zh, "运营", "/roles/operations/", 1},
		{zh, "运营总监", "/roles/operations-director/", 1},
		{zh, "退款", "/duties/", 2},
		{zh, "王芳", "/people/wang-fang/", 3},
		{zh, "运", "/roles/operations/", 1}, // one character: its unigram
		{zh, "分工", "/guide/", 0},
		{en, "operations", "/en/roles/operations/", 1},
		{en, "refund", "/en/duties/", 2},
		{en, "Wang Fang", "/en/people/wang-fang/", 3},
		{en, "oper", "/en/roles/operations/", 1}, // a prefix, as while typing
		{en, "OWNERSHIP", "/en/guide/", 0},
	}
	for _, tt := range tests {
		r := tt.ix.query(t, tt.query)
		found := false
		for _, id := range r.ids {
			d := tt.ix.doc(t, id)
			if strings.HasPrefix(d.url, tt.url) && d.kind == tt.kind {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s: query %q matched %d documents, none at %s... of kind %d", tt.ix.dir, tt.query, len(r.ids), tt.url, tt.kind)
		}
	}
	if r := zh.query(t, "不存在的词语"); len(r.ids) != 0 {
		t.Errorf("query for an absent word matched %d documents", len(r.ids))
	}
}

// TestSearchBudget builds a handbook of 2,000 pages and checks what a query downloads:
// the manifest, the term chunks its terms need, the document chunks of the ten results
// shown first (counted as the largest chunks a match falls in, whatever the ranking)
// and search.js. BenchmarkSearchBudget does the same at 10,000 pages, too slow for
// every test run.
func TestSearchBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-page handbook")
	}
	n := 2000
	if raceEnabled {
		n = 300
	}
	pub := buildSynthetic(t, n)
	ix := openSearch(t, pub, "search")
	ix.checkWellFormed(t)
	for _, q := range []string{"policy", "员工", "security training", "onboarding 年假"} {
		r := ix.query(t, q)
		if len(r.ids) == 0 {
			t.Errorf("query %q matched nothing", q)
		}
		t.Logf("query %q: %d matches, %d bytes (%s)", q, len(r.ids), r.bytes, r.detail)
		if r.bytes > searchBudget {
			t.Errorf("query %q downloads %d bytes, over the budget of %d", q, r.bytes, searchBudget)
		}
	}
	// Hostile text is data: encoded so that no index file holds a "<".
	r := ix.query(t, "onerror")
	if len(r.ids) != 1 || ix.doc(t, r.ids[0]).title != `<img src=x onerror=alert(1)> & "quotes"` {
		t.Errorf("the page with a hostile title: query matched %v", r.ids)
	}
	for name, b := range ix.plain {
		if bytes.ContainsAny(b, "<>") {
			t.Errorf("%s holds a raw < or >", name)
		}
	}
}

// BenchmarkSearchBudget builds a 10,000-page handbook (the timing is the whole build,
// index included) and reports the bytes a search for a common English word and for a
// Chinese word downloads, and the size of the index.
func BenchmarkSearchBudget(b *testing.B) {
	src := b.TempDir()
	writeSynthetic(b, src, 10000)
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		b.Fatal(err)
	}
	cfg.Destination = filepath.Join(b.TempDir(), "public")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res, err := build.Build(context.Background(), cfg, build.Options{}); err != nil {
			b.Fatalf("%v\n%v", err, res.Diags)
		}
	}
	b.StopTimer()
	ix := openSearch(b, cfg.Destination, "search")
	for _, q := range []struct{ query, unit string }{{"policy", "B/query-en"}, {"员工", "B/query-zh"}} {
		r := ix.query(b, q.query)
		if r.bytes > searchBudget {
			b.Errorf("query %q downloads %d bytes, over the budget of %d", q.query, r.bytes, searchBudget)
		}
		b.ReportMetric(float64(r.bytes), q.unit)
		b.Logf("query %q: %d matches, %d bytes (%s)", q.query, len(r.ids), r.bytes, r.detail)
	}
	b.ReportMetric(float64(ix.total), "B/index")
}

func buildHandbook(tb testing.TB, src string) string {
	tb.Helper()
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		tb.Fatal(err)
	}
	cfg.Destination = filepath.Join(tb.TempDir(), "public")
	if res, err := build.Build(context.Background(), cfg, build.Options{}); err != nil {
		tb.Fatalf("%v\n%v", err, res.Diags)
	}
	return cfg.Destination
}

func buildSynthetic(tb testing.TB, n int) string {
	src := tb.TempDir()
	writeSynthetic(tb, src, n)
	return buildHandbook(tb, src)
}

// writeSynthetic writes a deterministic handbook of n pages of about 2 KB each in 20
// sections, as generator/build's benchmark does, plus one page with a hostile title.
func writeSynthetic(tb testing.TB, dir string, n int) {
	tb.Helper()
	if err := synthetic.Write(dir, n); err != nil {
		tb.Fatal(err)
	}
	hostile := "+++\ntitle = '<img src=x onerror=alert(1)> & \"quotes\"'\n+++\n\n</script><script>alert(1)</script> `<b>`\n"
	if err := os.WriteFile(filepath.Join(dir, "content", "sec-00", "hostile.md"), []byte(hostile), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// searchIndex is one language's index as the browser sees it.
type searchIndex struct {
	dir      string
	files    map[string]int // served size of every file
	plain    map[string][]byte
	total    int
	manifest struct {
		Docs      int         `json:"docs"`
		PerChunk  int         `json:"perChunk"`
		DocChunks []string    `json:"docChunks"`
		Terms     [][2]string `json:"terms"`
	}
	script           int // size of search.js
	page, extra, exp int // PAGE, EXTRA and EXPAND of search.js
}

type searchEntry struct {
	term    string
	deltas  []int
	weights string
}

type searchDoc struct {
	url, title string
	kind       int
	excerpt    string
}

func openSearch(tb testing.TB, pub, dir string) *searchIndex {
	tb.Helper()
	ix := &searchIndex{dir: dir, files: map[string]int{}, plain: map[string][]byte{}}
	ents, err := os.ReadDir(filepath.Join(pub, dir))
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(pub, dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		ix.files[e.Name()] = len(b)
		ix.total += len(b)
		if strings.HasSuffix(e.Name(), ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				tb.Fatalf("%s: %v", e.Name(), err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				tb.Fatalf("%s: %v", e.Name(), err)
			}
		}
		ix.plain[e.Name()] = b
	}
	if err := json.Unmarshal(ix.plain["manifest.json"], &ix.manifest); err != nil {
		tb.Fatalf("manifest.json: %v", err)
	}
	js, err := os.ReadFile(filepath.Join(pub, "assets", "search.js"))
	if err != nil {
		tb.Fatal(err)
	}
	ix.script = len(js)
	for name, p := range map[string]*int{"PAGE": &ix.page, "EXTRA": &ix.extra, "EXPAND": &ix.exp} {
		m := regexp.MustCompile(`var ` + name + ` = (\d+);`).FindSubmatch(js)
		if m == nil {
			tb.Fatalf("search.js sets no %s", name)
		}
		*p, _ = strconv.Atoi(string(m[1]))
	}
	return ix
}

func (ix *searchIndex) termChunk(tb testing.TB, i int) []searchEntry {
	tb.Helper()
	var raw [][]json.RawMessage
	name := ix.manifest.Terms[i][1]
	if err := json.Unmarshal(ix.plain[name], &raw); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	out := make([]searchEntry, len(raw))
	for k, r := range raw {
		if len(r) != 3 {
			tb.Fatalf("%s: entry %d has %d parts", name, k, len(r))
		}
		e := &out[k]
		if json.Unmarshal(r[0], &e.term) != nil || json.Unmarshal(r[1], &e.deltas) != nil || json.Unmarshal(r[2], &e.weights) != nil {
			tb.Fatalf("%s: entry %d: %s", name, k, r)
		}
	}
	return out
}

func (ix *searchIndex) doc(tb testing.TB, id int) searchDoc {
	tb.Helper()
	name := ix.manifest.DocChunks[id/ix.manifest.PerChunk]
	var raw [][]json.RawMessage
	if err := json.Unmarshal(ix.plain[name], &raw); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	r := raw[id%ix.manifest.PerChunk]
	var d searchDoc
	if len(r) != 4 || json.Unmarshal(r[0], &d.url) != nil || json.Unmarshal(r[1], &d.title) != nil ||
		json.Unmarshal(r[2], &d.kind) != nil || json.Unmarshal(r[3], &d.excerpt) != nil {
		tb.Fatalf("%s: doc %d: %s", name, id, r)
	}
	return d
}

// checkWellFormed checks the order of terms, the chunk boundaries and every posting.
func (ix *searchIndex) checkWellFormed(tb testing.TB) {
	tb.Helper()
	m := ix.manifest
	if m.Docs == 0 || len(m.DocChunks) != (m.Docs+m.PerChunk-1)/m.PerChunk || len(m.Terms) == 0 || m.Terms[0][0] != "" {
		tb.Fatalf("%s: manifest: %d docs in %d chunks of %d, %d term chunks", ix.dir, m.Docs, len(m.DocChunks), m.PerChunk, len(m.Terms))
	}
	prev := ""
	for i := range m.Terms {
		entries := ix.termChunk(tb, i)
		if len(entries) == 0 {
			tb.Errorf("%s: term chunk %d is empty", ix.dir, i)
			continue
		}
		if i > 0 && entries[0].term != m.Terms[i][0] {
			tb.Errorf("%s: term chunk %d starts with %q, the manifest says %q", ix.dir, i, entries[0].term, m.Terms[i][0])
		}
		for _, e := range entries {
			if search.CompareSearchTerms(prev, e.term) >= 0 && prev != "" {
				tb.Errorf("%s: term %q after %q", ix.dir, e.term, prev)
			}
			prev = e.term
			if len(e.deltas) == 0 || len(e.deltas) != len(e.weights) {
				tb.Errorf("%s: term %q: %d postings, %d weights", ix.dir, e.term, len(e.deltas), len(e.weights))
			}
			id := 0
			for k, d := range e.deltas {
				if d < 0 || (k > 0 && d == 0) {
					tb.Errorf("%s: term %q: delta %d at %d", ix.dir, e.term, d, k)
				}
				id += d
			}
			if id >= m.Docs {
				tb.Errorf("%s: term %q: doc %d of %d", ix.dir, e.term, id, m.Docs)
			}
			if strings.Trim(e.weights, "0123456789abcdef") != "" {
				tb.Errorf("%s: term %q: weights %q", ix.dir, e.term, e.weights)
			}
		}
	}
}

// searchResult is what a query matches and what it downloads.
type searchResult struct {
	ids    []int
	bytes  int
	detail string
}

// query matches q as search.js does and counts the bytes it fetches; the document
// chunks counted are the largest that hold a match, up to PAGE of them.
func (ix *searchIndex) query(tb testing.TB, q string) searchResult {
	tb.Helper()
	m := ix.manifest
	firsts := make([]string, len(m.Terms))
	for i, t := range m.Terms {
		firsts[i] = t[0]
	}
	need := map[int]bool{}
	var sets []map[int]bool
	for _, c := range search.ParseSearchQuery(q) {
		// The chunk the term falls in: the last whose first term is <= term.
		lo := sort.Search(len(firsts), func(i int) bool { return search.CompareSearchTerms(firsts[i], c.Term) > 0 }) - 1
		chunks := []int{lo}
		for j := lo + 1; c.Prefix && j < len(firsts) && j <= lo+ix.extra && strings.HasPrefix(firsts[j], c.Term); j++ {
			chunks = append(chunks, j)
		}
		set, n := map[int]bool{}, 0
		for _, i := range chunks {
			need[i] = true
			for _, e := range ix.termChunk(tb, i) {
				if n >= ix.exp || !(e.term == c.Term || c.Prefix && strings.HasPrefix(e.term, c.Term)) {
					continue
				}
				n++
				id := 0
				for _, d := range e.deltas {
					id += d
					set[id] = true
				}
			}
		}
		sets = append(sets, set)
	}
	var ids []int
	if len(sets) > 0 {
		for id := range sets[0] {
			all := true
			for _, s := range sets[1:] {
				all = all && s[id]
			}
			if all {
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	termBytes := 0
	for i := range need {
		termBytes += ix.files[m.Terms[i][1]]
	}
	var docSizes []int
	seen := map[int]bool{}
	for _, id := range ids {
		c := id / m.PerChunk
		if !seen[c] {
			seen[c] = true
			docSizes = append(docSizes, ix.files[m.DocChunks[c]])
		}
	}
	slices.Sort(docSizes)
	slices.Reverse(docSizes)
	docBytes := 0
	for _, s := range docSizes[:min(len(docSizes), ix.page)] {
		docBytes += s
	}
	man := ix.files["manifest.json"]
	total := man + termBytes + docBytes + ix.script
	return searchResult{ids: ids, bytes: total, detail: fmt.Sprintf("manifest %d + %d term chunks %d + doc chunks %d + search.js %d",
		man, len(need), termBytes, docBytes, ix.script)}
}
