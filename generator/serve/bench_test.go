package serve

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rolebook/rolebook/generator/config"
)

// genHandbook writes a handbook of n pages of about 2 KB in 20 sections, the shape of
// the build package's benchmark handbook.
func genHandbook(tb testing.TB, dir string, n int) {
	tb.Helper()
	rng := rand.New(rand.NewSource(42))
	words := strings.Fields("policy employee manager team leave onboarding payroll benefits review security laptop expense travel holiday remote office")
	para := func(k int) string {
		var b strings.Builder
		for i := 0; i < k*10; i++ {
			b.WriteString(words[rng.Intn(len(words))] + " ")
		}
		return b.String()
	}
	files := map[string]string{"config.toml": "title = \"Synthetic handbook\"\nbaseURL = \"https://handbook.example.com/\"\n"}
	for s := 0; s < 20; s++ {
		files[fmt.Sprintf("content/sec-%02d/_index.md", s)] = fmt.Sprintf("+++\ntitle = \"Section %d\"\nweight = %d\n+++\nPolicies.\n", s, s+1)
	}
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("content/sec-%02d/page-%06d.md", i%20, i)] = pageText(i, para(3)+"\n\n## Details\n\n"+para(6)+"\n\n"+
			fmt.Sprintf("See [another page](../sec-%02d/page-%06d.md).\n", (i+1)%20, (i+1)%n))
	}
	writeFiles(tb, dir, files)
}

func pageText(i int, body string) string {
	return fmt.Sprintf("+++\ntitle = \"Page %06d\"\nweight = %d\ntags = [\"hr\"]\n+++\n\n%s", i, i%1000, body)
}

func benchServer(b *testing.B, n int) (*Server, string) {
	dir := b.TempDir()
	genHandbook(b, dir, n)
	cfg, _, err := config.Load(config.Options{Source: dir, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(Options{Config: cfg, Port: 0})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close(context.Background()) })
	if rep := s.Last(); rep.Err != nil {
		b.Fatalf("%v %v", rep.Err, rep.Diags)
	}
	return s, dir
}

// BenchmarkRebuildOnePage measures, on a 10,000-page handbook, the time from writing
// one page's new body to the new page being served: re-reading the file, re-rendering
// it, publishing the new site and answering a request (the watcher's debounce is left
// out; see BenchmarkRebuildOnePageWatched).
func BenchmarkRebuildOnePage(b *testing.B) {
	s, dir := benchServer(b, 10000)
	const rel = "content/sec-07/page-000007.md"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		marker := fmt.Sprintf("Edit number %d.", i)
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(pageText(7, marker+"\n\nSee [another page](../sec-08/page-000008.md).\n")), 0o644); err != nil {
			b.Fatal(err)
		}
		rep := s.Rebuild([]string{rel})
		if rep.Err != nil || rep.Full {
			b.Fatalf("full=%v %s err=%v", rep.Full, rep.Reason, rep.Err)
		}
		if w := get(s, "/sec-07/page-000007/"); !strings.Contains(w.Body.String(), marker) {
			b.Fatal("the new content is not served")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/save")
}

// BenchmarkRebuildOnePageWatched is BenchmarkRebuildOnePage through the file watcher,
// from the write to the page served, the debounce (50ms by default) included.
func BenchmarkRebuildOnePageWatched(b *testing.B) {
	s, dir := benchServer(b, 10000)
	reports, cancel := s.Subscribe()
	defer cancel()
	if err := s.Watch(); err != nil {
		b.Fatal(err)
	}
	const rel = "content/sec-07/page-000007.md"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		marker := fmt.Sprintf("Watched edit number %d.", i)
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(pageText(7, marker+"\n")), 0o644); err != nil {
			b.Fatal(err)
		}
		timeout := time.After(60 * time.Second)
		for !strings.Contains(get(s, "/sec-07/page-000007/").Body.String(), marker) {
			select {
			case <-reports:
			case <-timeout:
				b.Fatal("the edit was never served")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/save")
}
