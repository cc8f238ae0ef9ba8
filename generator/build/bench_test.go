package build

import (
	"context"
	"fmt"
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
