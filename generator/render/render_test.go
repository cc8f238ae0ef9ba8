package render

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/load"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/theme"
)

// memWriter keeps written files in memory.
type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (w *memWriter) WriteFile(rel string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.files == nil {
		w.files = map[string][]byte{}
	}
	w.files[rel] = append([]byte(nil), data...)
	return nil
}

func testSet(t *testing.T, pages map[string]string) *site.Set {
	t.Helper()
	c := &load.Content{}
	for path, text := range pages {
		front, body, line, diags := load.Split("content/"+path, []byte(text))
		if diags.Len() > 0 {
			t.Fatal(diags)
		}
		c.Pages = append(c.Pages, &load.Page{Path: path, File: "content/" + path, Front: front, Body: body, BodyLine: line})
	}
	set, _ := site.Build(c, site.Options{Languages: []string{"en"}})
	if d := set.Finish(); d.HasErrors() {
		t.Fatal(d)
	}
	return set
}

func testInput(set *site.Set) Input {
	return Input{
		Config:   &config.Config{Title: "T", BaseURL: "https://example.com/", DefaultLanguage: "en", Languages: []config.Language{{Code: "en", Name: "English"}}},
		Sites:    set,
		Markdown: markdown.New(markdown.Options{}),
		Theme:    theme.Overlay{Lower: theme.Default(), UpperName: "templates"},
	}
}

func TestRender(t *testing.T) {
	set := testSet(t, map[string]string{"_index.md": "# Home", "a.md": "+++\ntitle = \"A\"\n+++\nSee [home](_index.md)."})
	var w memWriter
	stats, diags := Render(context.Background(), testInput(set), &w)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if stats.Pages != 3 { // home, a, 404
		t.Errorf("pages = %d, want 3", stats.Pages)
	}
	for _, f := range []string{"index.html", "a/index.html", "404.html", "sitemap.xml", "assets/style.css"} {
		if _, ok := w.files[f]; !ok {
			t.Errorf("%s was not written", f)
		}
	}
	if got := string(w.files["a/index.html"]); !strings.Contains(got, `See <a href="/">home</a>`) {
		t.Errorf("a/index.html lacks the resolved link:\n%s", got)
	}
}

// TestPanicRecovered checks that a panic while rendering a page is reported with the
// page's file instead of crashing the build.
func TestPanicRecovered(t *testing.T) {
	set := testSet(t, map[string]string{"a.md": "# A"})
	in := testInput(set)
	in.Markdown = nil // rendering any Markdown now panics
	var w memWriter
	_, diags := Render(context.Background(), in, &w)
	var found bool
	for _, d := range diags.Items() {
		if d.Rule == "panic" && d.Pos.File == "content/a.md" && strings.Contains(d.Message, "rendering /a/ failed") {
			found = true
		}
	}
	if !found {
		t.Errorf("no panic diagnostic naming content/a.md:\n%v", diags)
	}
}

// TestReadsFiles checks which links Fingerprints.Same leaves to Page: those whose
// resolution looks at a file of the repository outside content/.
func TestReadsFiles(t *testing.T) {
	for _, tc := range []struct {
		link string
		want bool
	}{
		{"guide/a.md\x00../../NOTES.md", true},
		{"a.md\x00../NOTES.md#top", true},
		{"guide/a.md\x00%2E%2E/%2E%2E/NOTES.md", true},
		{"guide/a.md\x00../b.md", false},   // guide/../b.md is b.md, inside content/
		{"guide/a.md\x00/guide/b/", false}, // the site
		{"guide/a.md\x00role:ops", false},  // the handbook's views
		{"guide/a.md\x00b.md#part", false},
		{"a.md\x00..", true},
	} {
		if got := ReadsFiles([]string{"x.md\x00y.md", tc.link}); got != tc.want {
			t.Errorf("ReadsFiles(%q) = %v, want %v", tc.link, got, tc.want)
		}
	}
	if ReadsFiles(nil) {
		t.Error("ReadsFiles(nil) = true")
	}
}
