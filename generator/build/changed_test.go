package build

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolebook/rolebook/generator/diag"
)

// TestContentChangedWhileBuilding edits a page after the build has loaded it and before
// it renders (Build reads the body again then): the build fails with a diagnostic
// naming the file, and the previous site stays as it was.
func TestContentChangedWhileBuilding(t *testing.T) {
	cfg := faultSite(t)
	if res, err := Build(context.Background(), cfg, Options{}); err != nil {
		t.Fatalf("Build: %v\n%v", err, res.Diags)
	}
	before := snapshotTree(t, cfg.Destination)

	res := &Result{Diags: &diag.List{}}
	m := loadModel(context.Background(), cfg, res, true)
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	var file string
	for _, p := range m.Sites.Sites[0].Pages {
		if p.Source != nil && p.Source.Body == nil {
			file = p.Source.File
			break
		}
	}
	if file == "" {
		t.Fatal("no page was loaded without its body")
	}
	name := filepath.Join(cfg.Source, filepath.FromSlash(file))
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, append(src, "\nA line added while the site was being built.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}

	// A clean build renders every page (an incremental one would reuse this page as
	// it was loaded, and the next build would see the change).
	err = m.write(context.Background(), cfg, Options{Clean: true}, res, nil, nil)
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("write() error = %v, want ErrFailed", err)
	}
	var found bool
	for _, d := range res.Diags.Items() {
		if d.Pos.File == file && d.Severity == diag.Error && strings.Contains(d.Message, file+" changed while the site was being built") {
			found = true
		}
	}
	if !found {
		t.Errorf("no diagnostic says that %s changed; got\n%v", file, res.Diags)
	}
	if after := snapshotTree(t, cfg.Destination); !maps.Equal(after, before) {
		t.Error("the previous site changed")
	}
	if l := leftovers(t, cfg.Destination); len(l) > 0 {
		t.Errorf("temporary folders left: %v", l)
	}
}
