package load

import (
	"context"
	"testing"
	"testing/fstest"
)

// TestDigest checks that a page's digest depends on its file's bytes alone: two reads of
// the same bytes agree, whatever else was read, and any change of a byte shows.
func TestDigest(t *testing.T) {
	text := "+++\ntitle = \"A\"\n+++\nBody.\n"
	read := func(files map[string]string) map[string]uint64 {
		fsys := fstest.MapFS{}
		for name, body := range files {
			fsys[name] = &fstest.MapFile{Data: []byte(body)}
		}
		c, diags := Read(context.Background(), fsys, "content", Options{DropBodies: true})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		out := map[string]uint64{}
		for _, p := range c.Pages {
			out[p.Path] = p.Digest()
		}
		return out
	}
	first := read(map[string]string{"content/a.md": text, "content/b.md": "+++\ntitle = \"B\"\n+++\n"})
	second := read(map[string]string{"content/a.md": text})
	if first["a.md"] == 0 || first["a.md"] != second["a.md"] {
		t.Errorf("the same file read twice has digests %x and %x", first["a.md"], second["a.md"])
	}
	seen := map[uint64]string{first["a.md"]: text}
	for i := range text {
		for _, c := range []byte{' ', 'x', 0xff ^ text[i]} {
			if c == text[i] {
				continue
			}
			changed := text[:i] + string(c) + text[i+1:]
			d := digest([]byte(changed))
			if prev, ok := seen[d]; ok {
				t.Errorf("%q and %q have the same digest %x", prev, changed, d)
			}
			seen[d] = changed
		}
	}
	if (&Page{}).Digest() != 0 {
		t.Error("a Page Read did not make has a digest")
	}
}
