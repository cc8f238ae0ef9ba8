package serve

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestContentCannotReplaceTheme adds content/assets/site.js and a file of the search
// index's folder while the server runs: the rebuild fails with an error naming both
// sources, every time, and the theme's script is still the one served.
func TestContentCannotReplaceTheme(t *testing.T) {
	s, dir := newTestServer(t, smallHandbook)
	theme := get(s, "/assets/site.js").Body.String()
	if theme == "" {
		t.Fatal("the theme's script is not served")
	}
	writeFiles(t, dir, map[string]string{
		"content/assets/site.js":       "alert(document.cookie)",
		"content/search/manifest.json": "{}",
	})
	for range 3 {
		rep := s.Rebuild([]string{filepath.Join("content", "assets", "site.js"), filepath.Join("content", "search", "manifest.json")})
		if rep.Err == nil {
			t.Fatal("the rebuild succeeded with content/assets/site.js")
		}
		var got []string
		for _, d := range rep.Diags {
			got = append(got, d.Pos.File+": "+d.Message)
		}
		want := []string{
			"content/assets/site.js: content/assets/site.js and the built-in theme's assets/site.js would both be published at assets/site.js",
			"content/search/manifest.json: content/search/manifest.json and the generated search index search/manifest.json would both be published at search/manifest.json",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if body := get(s, "/assets/site.js").Body.String(); body != theme {
			t.Errorf("/assets/site.js is now %q", body)
		}
	}
}
