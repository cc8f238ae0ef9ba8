package search

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/internal/synthetic"
)

// searchPages returns n content pages of a synthetic handbook (internal/synthetic, as
// the build benchmarks use) as documents, the plain text of their rendered Markdown as
// body and lead.
func searchPages(tb testing.TB, n int) []Document {
	tb.Helper()
	dir := tb.TempDir()
	if err := synthetic.Write(dir, n); err != nil {
		tb.Fatal(err)
	}
	md := markdown.New(markdown.Options{})
	pages := make([]Document, n)
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
		pages[i] = Document{Kind: Page, Title: fmt.Sprintf("Page %06d", i), URL: fmt.Sprintf("/sec-%02d/page-%06d/", i%synthetic.Sections, i), Body: res.Text, Lead: res.Text}
	}
	return pages
}

// memWriter keeps written files in memory.
type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (w *memWriter) write(rel string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.files == nil {
		w.files = map[string][]byte{}
	}
	w.files[rel] = bytes.Clone(data)
	return nil
}

// english is the index of one language, "en", with n positions.
func english(n int) *Index {
	return NewIndex([]Lang{{Code: "en", Dir: "search/", Docs: n}})
}

// BenchmarkSearchAdd indexes the pages of a 1,000-page synthetic handbook one by one, as
// a render worker does; an op is one page, and the index starts afresh after the last.
func BenchmarkSearchAdd(b *testing.B) {
	const n = 1000
	pages := searchPages(b, n)
	var x *Index
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if i%n == 0 {
			b.StopTimer()
			x = english(n)
			b.StartTimer()
		}
		x.Add("en", i%n, pages[i%n])
		i++
	}
}

// indexed returns an index that holds pages.
func indexed(pages []Document) *Index {
	x := english(len(pages))
	for i, p := range pages {
		x.Add("en", i, p)
	}
	return x
}

// workerIndex returns an index that holds pages added in the order given (indexes of
// pages) to accs accumulators in turn, as that many render workers that finish pages
// in that order would add them.
func workerIndex(pages []Document, order []int, accs int) *Index {
	x := english(len(pages))
	sl := x.langs["en"]
	all := make([]*searchAcc, accs)
	for i := range all {
		all[i] = sl.take()
	}
	for n, i := range order {
		sl.free = append(sl.free[:0], all[n%accs])
		x.Add("en", i, pages[i])
	}
	return x
}

// BenchmarkSearchWrite writes the search index of a 10,000-page synthetic handbook to
// memory: encoding, compression and naming of every chunk, and the manifest.
func BenchmarkSearchWrite(b *testing.B) {
	x := indexed(searchPages(b, 10000))
	w := &memWriter{}
	b.ReportAllocs()
	for b.Loop() {
		if err := x.Write(runtime.GOMAXPROCS(0), w.write); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchWriteWorkers is BenchmarkSearchWrite with the index two render workers
// leave: pages in two accumulators in turn, one page in eight added after the page that
// follows it.
func BenchmarkSearchWriteWorkers(b *testing.B) {
	pages := searchPages(b, 10000)
	order := make([]int, len(pages))
	for n := range order {
		order[n] = n
		if n%8 == 7 {
			order[n-1], order[n] = n, n-1
		}
	}
	x := workerIndex(pages, order, 2)
	w := &memWriter{}
	b.ReportAllocs()
	for b.Loop() {
		if err := x.Write(runtime.GOMAXPROCS(0), w.write); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchRewriteOne writes the index of a 10,000-page synthetic handbook again
// after one page's text changed, as an incremental build does: from the previous
// index's snapshot, every other page kept, the changed page indexed again.
func BenchmarkSearchRewriteOne(b *testing.B) {
	pages := searchPages(b, 10000)
	x := indexed(pages)
	if err := x.Write(runtime.GOMAXPROCS(0), (&memWriter{}).write); err != nil {
		b.Fatal(err)
	}
	data, err := x.Snapshot().MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	const k = 9999
	changed := pages[k]
	changed.Body += " A sentence added."
	changed.Lead = changed.Body
	b.ReportAllocs()
	for b.Loop() {
		var prev Snapshot
		if err := prev.UnmarshalBinary(data); err != nil {
			b.Fatal(err)
		}
		y := english(len(pages))
		y.From(&prev, func(string) bool { return true })
		for i, p := range pages {
			if i != k && y.Keep("en", i, p.URL) {
				continue
			}
			if i == k {
				p = changed
			}
			y.Add("en", i, p)
		}
		if err := y.Write(runtime.GOMAXPROCS(0), (&memWriter{}).write); err != nil {
			b.Fatal(err)
		}
	}
}
