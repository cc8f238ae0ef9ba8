package load

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSymlinks checks that links are followed only to files inside the handbook: a link
// that leaves it, a link to a folder, a broken link and a loop are errors, never a hang;
// and so are links to hidden files (.git/config, .env) and into the destination.
func TestSymlinks(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte("# secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	content := filepath.Join(root, "content")
	if err := os.MkdirAll(filepath.Join(content, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(content, "real", "page.md"), []byte("# page"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{".git/config", ".env", "public/index.html", "notes/.secret.md"} {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("token = x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"git.md":     filepath.Join(root, ".git", "config"),
		"git-rel.md": filepath.Join("..", ".git", "config"),
		"env.png":    filepath.Join(root, ".env"),
		"hidden.md":  filepath.Join(root, "notes", ".secret.md"),
		"built.html": filepath.Join(root, "public", "index.html"),
		"inside.md":  filepath.Join(content, "real", "page.md"),
		"outside.md": secret,
		"folder":     filepath.Join(content, "real"),
		"up":         root,
		"broken.md":  filepath.Join(root, "missing.md"),
		"loop-a.md":  filepath.Join(content, "loop-b.md"),
		"loop-b.md":  filepath.Join(content, "loop-a.md"),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(content, name)); err != nil {
			t.Skipf("symbolic links are not available here: %v", err)
		}
	}
	c, diags := Read(context.Background(), os.DirFS(root), "content", Options{Root: root, Exclude: []string{filepath.Join(root, "public")}})
	var pages []string
	for _, p := range c.Pages {
		pages = append(pages, p.Path)
	}
	if got := strings.Join(pages, " "); got != "inside.md real/page.md" {
		t.Errorf("pages = %q, want the link inside the handbook and the real page", got)
	}
	msgs := map[string]string{}
	for _, d := range diags.Items() {
		msgs[d.Pos.File] = d.Message
	}
	want := map[string]string{
		"content/git.md":     "symbolic link to .git/config, which is hidden",
		"content/git-rel.md": "symbolic link to .git/config, which is hidden",
		"content/env.png":    "symbolic link to .env, which is hidden",
		"content/hidden.md":  "symbolic link to notes/.secret.md, which is hidden",
		"content/built.html": "symbolic link into the destination folder",
		"content/outside.md": "leaves the handbook folder",
		"content/folder":     "folders are not followed",
		"content/up":         "folders are not followed",
		"content/broken.md":  "broken or looping",
		"content/loop-a.md":  "broken or looping",
		"content/loop-b.md":  "broken or looping",
	}
	for file, w := range want {
		if !strings.Contains(msgs[file], w) {
			t.Errorf("%s: message %q, want it to say %q", file, msgs[file], w)
		}
	}
	if len(msgs) != len(want) {
		t.Errorf("diagnostics = %v", msgs)
	}
	// Without a root (a plain fs.FS), no link is followed at all.
	c, diags = Read(context.Background(), os.DirFS(root), "content", Options{})
	if len(c.Pages) != 1 || diags.Count(1) != len(links) {
		t.Errorf("without Root: %d pages, %d errors; want 1 page and an error per link", len(c.Pages), diags.Count(1))
	}
}

// TestControlCharacters: a control character in a body is a warning at its position,
// and the body, as loaded and as read again, is without it.
func TestControlCharacters(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content", "a.md"), []byte("+++\ntitle = \"A\"\n+++\nline\nbad \x01 here\tok\f\x7f\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, drop := range []bool{false, true} {
		c, diags := Read(context.Background(), os.DirFS(root), "content", Options{Root: root, DropBodies: drop})
		got := diags.String()
		want := "content/a.md:5:5: warning: control character U+0001 in the text (and 1 more in the file), left out"
		if !strings.Contains(got, want) || diags.HasErrors() {
			t.Errorf("DropBodies %v: diagnostics = %q, want the warning %q", drop, got, want)
		}
		body, err := c.Pages[0].ReadMarkdown(nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := string(body), "line\nbad  here\tok\f\n"; got != want {
			t.Errorf("DropBodies %v: body %q, want %q", drop, got, want)
		}
	}
}
