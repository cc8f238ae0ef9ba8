package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/internal/synthetic"
)

// BenchmarkBuild builds generated handbooks of 1,000 and 10,000 pages (about 2 KB of
// Markdown each, in 20 sections: internal/synthetic) with the full theme.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			src := b.TempDir()
			writeSite(b, src, n)
			cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
			if err != nil {
				b.Fatal(err)
			}
			cfg.Destination = filepath.Join(b.TempDir(), "public")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := Build(context.Background(), cfg, Options{})
				if err != nil {
					b.Fatalf("%v\n%v", err, res.Diags)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/page")
		})
	}
}

// writeSite writes a deterministic handbook of n pages under dir.
func writeSite(tb testing.TB, dir string, n int) {
	tb.Helper()
	if err := synthetic.Write(dir, n); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkLoad runs the stages before rendering (load, check, arrange) on a generated
// handbook of 10,000 pages, and reports the time of each per page.
func BenchmarkLoad(b *testing.B) {
	const n = 10000
	src := b.TempDir()
	writeSite(b, src, n)
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		b.Fatal(err)
	}
	stages := map[string]time.Duration{}
	b.ReportAllocs()
	for b.Loop() {
		res := &Result{}
		if m := Load(context.Background(), cfg, res); m == nil || res.Diags.HasErrors() {
			b.Fatalf("Load: %v", res.Diags)
		}
		for _, t := range res.Timings {
			stages[t.Stage] += t.Duration
		}
	}
	for stage, d := range stages {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N*n), stage+"-ns/page")
	}
}

// BenchmarkRebuildOnePage builds a generated handbook of 10,000 pages, then measures
// the build after one page's body changed (a sentence added), as an owner's edit and
// `rolebook build` do: the build cache and the journal let it load, render and write
// only what the edit touched. It reports the time of each stage per rebuild.
func BenchmarkRebuildOnePage(b *testing.B) {
	const n = 10000
	src := b.TempDir()
	writeSite(b, src, n)
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		b.Fatal(err)
	}
	cfg.Destination = filepath.Join(b.TempDir(), "public")
	if res, err := Build(context.Background(), cfg, Options{}); err != nil {
		b.Fatalf("%v\n%v", err, res.Diags)
	}
	stages := map[string]time.Duration{}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		// A page in the middle of the handbook, edited well before the build
		// starts, so that the cache keeps it (see racy).
		name := filepath.Join(src, "content", filepath.FromSlash(synthetic.PagePath((i*7919)%n)))
		i++
		appendLine(b, name, fmt.Sprintf("\nEdit %d.\n", i), time.Now().Add(-time.Minute))
		b.StartTimer()
		res, err := Build(context.Background(), cfg, Options{})
		if err != nil {
			b.Fatalf("%v\n%v", err, res.Diags)
		}
		if res.Reused < n-5 {
			b.Fatalf("reused %d pages of %d", res.Reused, n)
		}
		for _, t := range res.Timings {
			stages[t.Stage] += t.Duration
		}
	}
	for stage, d := range stages {
		b.ReportMetric(float64(d.Microseconds())/float64(b.N), stage+"-µs")
	}
}

// appendLine adds text at the end of the file name and sets its modification time.
func appendLine(tb testing.TB, name, text string, mtime time.Time) {
	tb.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.Chtimes(name, mtime, mtime); err != nil {
		tb.Fatal(err)
	}
}
