package markdown

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html/atom"
)

// TestHTMLElementsSorted: allowedElement searches the list, which must stay sorted.
func TestHTMLElementsSorted(t *testing.T) {
	if !slices.IsSorted(htmlElements) {
		t.Errorf("htmlElements is not sorted: %q", htmlElements)
	}
}

// TestSanitizeKeepsWhatGitHubShows renders each allowed element inside a paragraph and
// checks that it survives with its title, and that handlers and styles do not.
func TestSanitizeKeepsWhatGitHubShows(t *testing.T) {
	r := New(Options{})
	for _, el := range htmlElements {
		src := "<p>x <" + el + ` title="t" onclick="alert(1)" style="color:red">y</` + el + "> z</p>\n"
		if isVoid(atom.Lookup([]byte(el))) {
			src = "<p>x <" + el + ` title="t" onclick="alert(1)"> z</p>` + "\n"
		}
		res, _ := r.Render([]byte(src), Context{File: "content/x.md"})
		got := string(res.HTML)
		if want := "<" + el + ` title="t"`; !strings.Contains(got, want) {
			t.Errorf("%s: got %q, want it to contain %q", el, got, want)
		}
		for _, bad := range []string{"onclick", "style", "alert"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s: got %q, which keeps %q", el, got, bad)
			}
		}
	}
}
