package build

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/rolebook/rolebook/generator/config"
)

// hostileBuild writes files into a handbook, builds it and returns the first line of
// each diagnostic and the bytes the build allocated. The bound on the allocation is
// the test's bound on time and memory: counted, not timed.
func hostileBuild(t *testing.T, files map[string]string) ([]string, uint64) {
	t.Helper()
	src := t.TempDir()
	for name, data := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Destination = filepath.Join(t.TempDir(), "public")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, _ := Build(context.Background(), cfg, Options{Workers: 2})
	runtime.ReadMemStats(&after)
	var got []string
	for _, d := range res.Diags.Items() {
		got = append(got, strings.SplitN(d.String(), "\n", 2)[0])
	}
	return got, after.TotalAlloc - before.TotalAlloc
}

// TestDeepFolders builds a page 1,500 folders deep, whose breadcrumbs took 1.2 GB
// before folder depth had a limit: an error, in a few megabytes.
func TestDeepFolders(t *testing.T) {
	dir := "content/" + strings.Repeat("f/", 1500)
	got, alloc := hostileBuild(t, map[string]string{dir + "_index.md": "# Deep\n", "content/_index.md": "# Home\n"})
	want := "content/" + strings.Repeat("f/", 1500) + "_index.md: error: the page is in 1500 nested folders, more than the limit of 32"
	if len(got) != 1 || got[0] != want {
		t.Errorf("diagnostics = %q, want one: %q", got, want)
	}
	if alloc > 64<<20 {
		t.Errorf("the build allocated %d MB", alloc>>20)
	}
}
