package load

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolebook/rolebook/internal/synthetic"
)

// TestDropBodies reads a content folder with DropBodies and checks which pages keep
// their body, and that Markdown gives every page the body Read would have kept.
func TestDropBodies(t *testing.T) {
	fsys := handbook()
	fsys["content/team/titled.md"] = &fstest.MapFile{Data: []byte("\ufeff+++\ntitle = \"Titled\"\n+++\n# Heading\n\nText.\n")}
	fsys["content/team/empty-title.md"] = &fstest.MapFile{Data: []byte("---\ntitle: \"\"\n---\n# Heading\n")}
	fsys["content/team/broken.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \n+++\n# Broken\n")}
	all, _ := Read(context.Background(), fsys, "content", Options{})
	// The handbook decodes the pages of roles/ (handbook.IsDataPage, which this
	// package may not import).
	roles := func(p string) bool { return len(p) > 6 && p[:6] == "roles/" }
	dropped, _ := Read(context.Background(), fsys, "content", Options{DropBodies: true, KeepBody: roles})
	kept := map[string]bool{}
	for i, p := range dropped.Pages {
		if p.Body != nil {
			kept[p.Path] = true
		}
		got, err := p.Markdown()
		if err != nil {
			t.Errorf("%s: Markdown() error = %v", p.Path, err)
		}
		if want := all.Pages[i].Body; string(got) != string(want) {
			t.Errorf("%s: Markdown() = %q, want %q", p.Path, got, want)
		}
	}
	want := map[string]bool{
		"roles/after-sales.md": true, "roles/after-sales.en.md": true, // KeepBody
		"team/a-b.md": true, "team/empty-title.md": true, "team/broken.md": true, // no title
	}
	for _, p := range dropped.Pages {
		if kept[p.Path] != want[p.Path] {
			t.Errorf("%s: body kept = %v, want %v", p.Path, kept[p.Path], want[p.Path])
		}
	}
}

// TestDropBodiesReusesBuffer reads with one worker, which reads every file into the
// same buffer: the front matter and the bodies must be those of a Read that keeps them.
func TestDropBodiesReusesBuffer(t *testing.T) {
	fsys := generated(300)
	all, _ := Read(context.Background(), fsys, "content", Options{Workers: 1})
	dropped, _ := Read(context.Background(), fsys, "content", Options{Workers: 1, DropBodies: true})
	if diff := cmp.Diff(dropped, all, cmp.AllowUnexported(Doc{}), cmpopts.IgnoreUnexported(Page{}),
		cmpopts.IgnoreFields(Page{}, "Body")); diff != "" {
		t.Errorf("DropBodies gives other content (-got +want):\n%s", diff)
	}
	for i, p := range dropped.Pages {
		if got, err := p.Markdown(); err != nil || string(got) != string(all.Pages[i].Body) {
			t.Errorf("%s: Markdown() = %q, %v; want %q", p.Path, got, err, all.Pages[i].Body)
		}
	}
}

// TestMarkdownChanged changes, replaces or removes a page's file after Read: Markdown
// fails with a *ChangedError naming the file, through fs.FS and through Root.
func TestMarkdownChanged(t *testing.T) {
	const page = "+++\ntitle = \"Refunds\"\n+++\nRefund within 7 days.\n"
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, root string)
	}{
		{"edited, same size", func(t *testing.T, root string) {
			write(t, root, "+++\ntitle = \"Refunds\"\n+++\nRefund within 9 days.\n")
		}},
		{"edited, longer", func(t *testing.T, root string) {
			write(t, root, page+"More.\n")
		}},
		{"front matter edited", func(t *testing.T, root string) {
			write(t, root, "+++\ntitle = \"Refundz\"\n+++\nRefund within 7 days.\n")
		}},
		{"removed", func(t *testing.T, root string) {
			if err := os.Remove(filepath.Join(root, "content", "refunds.md")); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		for _, direct := range []bool{false, true} {
			t.Run(tc.name+map[bool]string{false: ", through fs.FS", true: ", through Root"}[direct], func(t *testing.T) {
				root := t.TempDir()
				write(t, root, page)
				opts := Options{DropBodies: true}
				if direct {
					opts.Root = root
				}
				c, diags := Read(context.Background(), os.DirFS(root), "content", opts)
				if diags.HasErrors() || len(c.Pages) != 1 {
					t.Fatalf("Read: %d pages, %v", len(c.Pages), diags)
				}
				p := c.Pages[0]
				if body, err := p.Markdown(); err != nil || string(body) != "Refund within 7 days.\n" {
					t.Fatalf("before the change: Markdown() = %q, %v", body, err)
				}
				tc.change(t, root)
				body, err := p.Markdown()
				var changed *ChangedError
				if !errors.As(err, &changed) || changed.File != "content/refunds.md" {
					t.Fatalf("Markdown() = %q, %v; want a *ChangedError for content/refunds.md", body, err)
				}
				if got, want := err.Error(), "content/refunds.md changed while the site was being built"; got != want {
					t.Errorf("error = %q, want %q", got, want)
				}
			})
		}
	}
}

// write writes content/refunds.md under root.
func write(t *testing.T, root, s string) {
	t.Helper()
	if err := synthetic.WriteFiles(root, map[string]string{"content/refunds.md": s}); err != nil {
		t.Fatal(err)
	}
}
