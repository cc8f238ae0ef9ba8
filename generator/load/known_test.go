package load

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/internal/synthetic"
)

// TestKnown reads a handbook, encodes its pages, and reads it again with Options.Known
// giving back the pages whose files kept their Stamp: those are not read, and every
// page is the same as the first read made it; a file written since is read again.
func TestKnown(t *testing.T) {
	root := t.TempDir()
	err := synthetic.WriteFiles(root, map[string]string{
		"content/_index.md":       "+++\ntitle = \"Home\"\ndate = 2024-03-01T10:00:00+08:00\n[params]\nowner = \"ops\"\nlist = [1, 2.5, true, \"x\"]\n+++\nWelcome.\n",
		"content/guide/a.md":      "---\ntitle: A\ntags: [x, y]\nweight: 3\n---\nBody of A.\n",
		"content/guide/b.md":      "{\"title\": \"B\", \"draft\": false, \"n\": null}\nBody of B.\n",
		"content/guide/c.md":      "# A heading as the title\n\nBody of C.\n",
		"content/roles/ops.md":    "+++\ntitle = { zh = \"运营\", en = \"Operations\" }\n+++\nWhat ops does.\n",
		"content/duties/ops.toml": "[orders]\ntitle = \"Orders\"\naccountable = \"ops\"\nresponsible = [\"ops\"]\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(root)
	opts := Options{Root: root, DropBodies: true, KeepBody: func(p string) bool { return filepath.Dir(p) == "roles" }}
	first, diags := Read(context.Background(), fsys, "content", opts)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	enc := map[string][]byte{}
	stamps := map[string]Stamp{}
	for _, p := range first.Pages {
		b, err := p.AppendBinary(nil)
		if err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		enc[p.File], stamps[p.File] = b, p.Stamp()
		if p.Stamp() != (Stamp{}) {
			t.Errorf("%s has a stamp without Known", p.Path)
		}
	}
	// The stamps come with Known; take them from a read with a Known that knows nothing.
	var mu sync.Mutex // Known is called from several goroutines
	opts.Known = func(file string, s Stamp) *Page {
		mu.Lock()
		defer mu.Unlock()
		stamps[file] = s
		return nil
	}
	if _, diags := Read(context.Background(), fsys, "content", opts); diags.HasErrors() {
		t.Fatal(diags)
	}
	// One file written since: same size, other bytes.
	if err := os.WriteFile(filepath.Join(root, "content/guide/a.md"), []byte("---\ntitle: Z\ntags: [x, y]\nweight: 3\n---\nBody of A.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	reused := map[string]bool{}
	opts.Known = func(file string, s Stamp) *Page {
		mu.Lock()
		defer mu.Unlock()
		if s != stamps[file] {
			return nil
		}
		p, rest, err := DecodePage(enc[file])
		if err != nil || len(rest) != 0 {
			t.Errorf("%s: DecodePage = %v, %d bytes left", file, err, len(rest))
			return nil
		}
		reused[file] = true
		return p
	}
	second, diags := Read(context.Background(), fsys, "content", opts)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if want := map[string]bool{"content/_index.md": true, "content/guide/b.md": true, "content/guide/c.md": true, "content/roles/ops.md": true}; !cmp.Equal(reused, want) {
		t.Errorf("pages reused = %v, want %v", reused, want)
	}
	if len(second.Pages) != len(first.Pages) {
		t.Fatalf("%d pages, want %d", len(second.Pages), len(first.Pages))
	}
	for i, got := range second.Pages {
		want := first.Pages[i]
		if got.File == "content/guide/a.md" {
			if got.Front.Data["title"] != "Z" {
				t.Errorf("the file written since was not read again: title %v", got.Front.Data["title"])
			}
			continue
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Page{}), cmpopts.IgnoreUnexported(Doc{}), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-first +second):\n%s", got.Path, diff)
		}
		if diff := cmp.Diff(positions(want.Front), positions(got.Front)); diff != "" {
			t.Errorf("%s: key positions (-first +second):\n%s", got.Path, diff)
		}
		if got.Digest() != want.Digest() || got.Stamp() != stamps[got.File] {
			t.Errorf("%s: digest or stamp differs", got.Path)
		}
		body, err := got.Markdown()
		wantBody, _ := want.Markdown()
		if err != nil || string(body) != string(wantBody) {
			t.Errorf("%s: Markdown() = %q, %v; want %q", got.Path, body, err, wantBody)
		}
	}
}

// FuzzDecodePage checks that no data, however damaged, makes DecodePage panic, and that
// a page it accepts encodes again.
func FuzzDecodePage(f *testing.F) {
	p := &Page{Path: "a.md", File: "content/a.md", BodyLine: 4, off: 20, size: 30, sum: 7,
		Front: &Doc{File: "content/a.md", Data: map[string]any{"title": "A", "n": int64(3), "l": []any{1.5, true, nil}}, keys: map[string]diag.Pos{}}}
	b, err := p.AppendBinary(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, _, err := DecodePage(data)
		if err != nil {
			return
		}
		if _, err := p.AppendBinary(nil); err != nil {
			t.Errorf("a decoded page does not encode: %v", err)
		}
	})
}
