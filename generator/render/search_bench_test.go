package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/internal/synthetic"
)

// searchPages returns n content pages of a synthetic handbook (internal/synthetic, as
// the build benchmarks use) with the plain text of their rendered Markdown.
func searchPages(tb testing.TB, n int) ([]*site.Page, []string) {
	tb.Helper()
	dir := tb.TempDir()
	if err := synthetic.Write(dir, n); err != nil {
		tb.Fatal(err)
	}
	md := markdown.New(markdown.Options{})
	pages := make([]*site.Page, n)
	texts := make([]string, n)
	for i := range pages {
		src, err := os.ReadFile(filepath.Join(dir, "content", fmt.Sprintf("sec-%02d", i%synthetic.Sections), fmt.Sprintf("page-%06d.md", i)))
		if err != nil {
			tb.Fatal(err)
		}
		_, body, ok := bytes.Cut(src[3:], []byte("+++\n"))
		if !ok {
			tb.Fatalf("page %d has no front matter", i)
		}
		res, _ := md.Render(body, markdown.Context{})
		pages[i] = &site.Page{Kind: site.Single, Lang: "en", Title: fmt.Sprintf("Page %06d", i), URL: fmt.Sprintf("/sec-%02d/page-%06d/", i%synthetic.Sections, i)}
		texts[i] = res.Text
	}
	return pages, texts
}

// BenchmarkSearchAdd indexes the pages of a 1,000-page synthetic handbook one by one, as
// a render worker does; an op is one page, and the index starts afresh after the last.
func BenchmarkSearchAdd(b *testing.B) {
	const n = 1000
	pages, texts := searchPages(b, n)
	set := &site.Set{Sites: []*site.Site{{Lang: "en", Pages: pages}}, Default: "en"}
	lc := &langCtx{lang: "en"}
	d := &PageData{}
	var x *searchIndex
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if i%n == 0 {
			b.StopTimer()
			x = newSearchIndex(set)
			b.StartTimer()
		}
		x.add(lc, pages[i%n], d, texts[i%n])
		i++
	}
}

// indexedRenderer returns a renderer, writing to w, whose search index holds pages.
func indexedRenderer(pages []*site.Page, texts []string, w Writer) *renderer {
	set := &site.Set{Sites: []*site.Site{{Lang: "en", Pages: pages}}, Default: "en"}
	r := &renderer{in: Input{Sites: set}, w: w, diags: &diag.List{}, search: newSearchIndex(set)}
	lc := &langCtx{lang: "en"}
	for i, p := range pages {
		r.search.add(lc, p, &PageData{}, texts[i])
	}
	return r
}

// workerRenderer returns a renderer, writing to w, whose search index holds pages
// added in the order given (indexes of pages) to accs accumulators in turn, as that
// many render workers that finish pages in that order would add them.
func workerRenderer(pages []*site.Page, texts []string, order []int, accs int, w Writer) *renderer {
	set := &site.Set{Sites: []*site.Site{{Lang: "en", Pages: pages}}, Default: "en"}
	r := &renderer{in: Input{Sites: set}, w: w, diags: &diag.List{}, search: newSearchIndex(set)}
	sl := r.search.langs["en"]
	all := make([]*searchAcc, accs)
	for i := range all {
		all[i] = sl.take()
	}
	lc := &langCtx{lang: "en"}
	for n, i := range order {
		sl.free = append(sl.free[:0], all[n%accs])
		r.search.add(lc, pages[i], &PageData{}, texts[i])
	}
	return r
}

// BenchmarkSearchWrite writes the search index of a 10,000-page synthetic handbook to
// memory: encoding, compression and naming of every chunk, and the manifest.
func BenchmarkSearchWrite(b *testing.B) {
	pages, texts := searchPages(b, 10000)
	r := indexedRenderer(pages, texts, &memWriter{})
	b.ReportAllocs()
	for b.Loop() {
		r.writeSearch()
	}
	if r.diags.Len() > 0 {
		b.Fatal(r.diags)
	}
}

// BenchmarkSearchWriteWorkers is BenchmarkSearchWrite with the index two render workers
// leave: pages in two accumulators in turn, one page in eight added after the page that
// follows it.
func BenchmarkSearchWriteWorkers(b *testing.B) {
	pages, texts := searchPages(b, 10000)
	order := make([]int, len(pages))
	for n := range order {
		order[n] = n
		if n%8 == 7 {
			order[n-1], order[n] = n, n-1
		}
	}
	r := workerRenderer(pages, texts, order, 2, &memWriter{})
	b.ReportAllocs()
	for b.Loop() {
		r.writeSearch()
	}
	if r.diags.Len() > 0 {
		b.Fatal(r.diags)
	}
}
