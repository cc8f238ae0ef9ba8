package load

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCarriageReturns reads files whose lines end with a carriage return alone (as
// classic Mac OS saved them), alone or mixed with CRLF: the front matter is found and
// decoded, positions count those lines, and the body, also when read again, has line
// feeds where the lone carriage returns were.
func TestCarriageReturns(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"content/cr.md":     "+++\rtitle = \"CR only\"\rweight = 2\r+++\r# Heading\rtext\r",
		"content/mixed.md":  "+++\r\ntitle = \"Mixed\"\rtags = [\"a\"]\r\n+++\rbody\r\n",
		"content/data.toml": "[a]\rtitle = \"x\"\r[b]\r\ntitle = \"y\"\r\n",
		"content/bad.md":    "+++\rtitle = \"x\"\rtitle = \"y\"\r+++\r",
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, opts := range []Options{{}, {Root: root, DropBodies: true}} {
		c, diags := Read(context.Background(), os.DirFS(root), "content", opts)
		var got []string
		for _, d := range diags.Items() {
			got = append(got, fmt.Sprintf("%s: %s", d.Pos, d.Message))
		}
		for _, p := range c.Pages {
			body, err := p.Markdown()
			if err != nil {
				t.Fatal(err)
			}
			title := ""
			if p.Front != nil {
				title = fmt.Sprintf("%v@%v", p.Front.Data["title"], p.Front.Pos("title"))
			}
			got = append(got, fmt.Sprintf("%s: %s body %q from line %d", p.Path, title, body, p.BodyLine))
		}
		for _, d := range c.Data {
			got = append(got, fmt.Sprintf("%s: b.title at %v", d.File, d.Pos("b", "title")))
		}
		want := []string{
			`content/bad.md:3:1: key "title" is already defined on line 2`,
			`bad.md:  body "" from line 5`,
			`cr.md: CR only@content/cr.md:2:1 body "# Heading\ntext\n" from line 5`,
			`mixed.md: Mixed@content/mixed.md:2:1 body "body\r\n" from line 5`,
			`content/data.toml: b.title at content/data.toml:4:1`,
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("Read(%+v) (-got +want):\n%s", opts, diff)
		}
	}
}
