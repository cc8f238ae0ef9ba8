package build

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/print"
	"github.com/rolebook/rolebook/internal/synthetic"
)

// TestBuildReleasesBodies builds the example handbook, with more chapters than the
// print page holds and more pages in the onboarding section, some titled by their first
// heading, twice: with Build, which keeps no chapter's body in memory and reads each
// again when a page or a print page shows it, and with a Session, which keeps them all.
// Every file must be the same.
func TestBuildReleasesBodies(t *testing.T) {
	src := t.TempDir()
	copyTree(t, filepath.Join("..", ".."), src, "config.toml", "content", "templates")
	// The extra chapters come first in reading order, so that the onboarding section
	// is past the chapters of the print page.
	files := map[string]string{
		"content/archive/_index.md":         "+++\ntitle = \"Archive\"\nweight = 1\n+++\nOld pages.\n",
		"content/onboarding/zz-last.md":     "+++\ntitle = \"Last step\"\n+++\n## Last\n\nRead [the tools](tools.md).\n",
		"content/onboarding/zy-untitled.md": "# Titled by its heading\n\n## Step\n\nText of the untitled page.\n",
		"content/archive/000-untitled.md":   "+++\nweight = 1\n+++\n# Archive heading title\n\nUntitled chapter text.\n",
	}
	for i := range print.MaxChapters + 20 {
		files[fmt.Sprintf("content/archive/extra-%03d.md", i)] = fmt.Sprintf("+++\ntitle = \"Extra %03d\"\nweight = %d\n+++\n## Part %d\n\nText %d.\n", i, 1+i, i, i)
	}
	if err := synthetic.WriteFiles(src, files); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Destination = filepath.Join(t.TempDir(), "public")
	if res, err := Build(context.Background(), cfg, Options{}); err != nil {
		t.Fatalf("Build: %v\n%v", err, res.Diags)
	}
	built := readTree(t, cfg.Destination)

	kept := &memoryWriter{files: map[string][]byte{}}
	if up, err := NewSession(cfg, Options{}, nil).Build(context.Background(), kept); err != nil {
		t.Fatalf("Session.Build: %v\n%v", err, up.Diags)
	}
	for name, want := range kept.files {
		got, ok := built[name]
		switch {
		case !ok:
			t.Errorf("%s: written by the Session only", name)
		case !bytes.Equal(got, want):
			t.Errorf("%s differs from the Session's", name)
		}
	}
	for name := range built {
		if _, ok := kept.files[name]; !ok {
			t.Errorf("%s: written by Build only", name)
		}
	}
	if !bytes.Contains(built["print/index.html"], []byte("Part 0")) {
		t.Error("print/index.html does not show the first chapter")
	}
	if !bytes.Contains(built["print/index.html"], []byte("Untitled chapter text")) {
		t.Error("print/index.html does not show the chapter titled by its heading")
	}
	if !bytes.Contains(built["roles/operations/print/index.html"], []byte("Text of the untitled page")) {
		t.Error("roles/operations/print/index.html does not show the onboarding page titled by its heading")
	}
	if !bytes.Contains(built["roles/operations/print/index.html"], []byte("Last step")) {
		t.Error("roles/operations/print/index.html does not show the last onboarding page")
	}
}

// memoryWriter is a render.Writer that keeps the files.
type memoryWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (w *memoryWriter) WriteFile(rel string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[rel] = bytes.Clone(data)
	return nil
}
