package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// overlayID is the id of the box the dev server's live-reload script (generator/serve,
// live.go) shows over the page when a build fails.
const overlayID = "rolebook-problems"

// TestServeErrorOverlay runs `rolebook serve` on a copy of the example handbook, opens a
// duty's page and breaks the TOML file of that duty: the open page must show the error
// overlay with file:line:col while still showing the last good version, a page opened
// while the handbook is broken must show it at once, and fixing the file must remove
// the overlay and show the fixed content, without a manual reload.
func TestServeErrorOverlay(t *testing.T) {
	if testing.Short() && !inCI() {
		t.Skip("browser tests are skipped with -short")
	}
	began := time.Now()
	b := newBrowser(t)
	srv := startServe(t)

	const (
		pageURL  = "/en/duties/main-images/"
		oldTitle = "Main images and detail pages"
		newTitle = "Main images and detail pages, fixed in the preview"
		file     = "content/duties/design.toml"
		good     = `cadence = "weekly"`
		broken   = `cadence = "weekly` // a string left open: a TOML syntax error
	)
	path := filepath.Join(srv.src, filepath.FromSlash(file))
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(orig, []byte(`en = "`+oldTitle+`"`)) || !bytes.Contains(orig, []byte(good+"\n")) {
		t.Fatalf("%s no longer holds the duty %q with a line %s: update this test", file, oldTitle, good)
	}
	// The first `cadence = "weekly"` line is the main-images duty's: break it.
	i := bytes.Index(orig, []byte(good+"\n"))
	line := bytes.Count(orig[:i], []byte("\n")) + 1
	bad := append(append(bytes.Clone(orig[:i]), broken...), orig[i+len(good):]...)

	b.must(t, "desktop viewport", viewport(1280))
	b.open(t, srv.url+pageURL)
	b.must(t, "waiting for the page", visible("h1"))
	if h1 := eval[string](t, b, `document.querySelector("h1").textContent.trim()`); h1 != oldTitle {
		t.Fatalf("%s is titled %q, want %q", pageURL, h1, oldTitle)
	}
	if eval[bool](t, b, `!!document.getElementById("`+overlayID+`")`) {
		t.Fatal("the error overlay shows before anything was broken")
	}

	where := regexp.MustCompile(regexp.QuoteMeta(file) + fmt.Sprintf(`:%d:[1-9][0-9]*: error: `, line))
	overlayText := `document.getElementById("` + overlayID + `").innerText`
	waitOverlay := func(t *testing.T, what string) {
		t.Helper()
		if err := b.do(chromedp.WaitVisible(chromedp.ID(overlayID))); err != nil {
			t.Fatalf("%s: no error overlay (#%s): %v\nrolebook serve said:\n%s", what, overlayID, err, srv.log)
		}
		text := eval[string](t, b, overlayText)
		if !where.MatchString(text) {
			t.Errorf("%s: the overlay does not name %s:%d:COL: error: ...; it says:\n%s", what, file, line, text)
		}
		if h1 := eval[string](t, b, `document.querySelector("h1").textContent.trim()`); h1 != oldTitle {
			t.Errorf("%s: under the overlay the page is titled %q, want the last good version %q", what, h1, oldTitle)
		}
	}

	start := time.Now()
	if err := os.WriteFile(path, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	waitOverlay(t, "after the syntax error was saved")
	t.Logf("the overlay showed %v after the broken file was saved", time.Since(start).Round(time.Millisecond))
	t.Logf("the overlay says: %s", firstLine(eval[string](t, b, `document.querySelector("#`+overlayID+` pre").textContent`)))

	// A page opened while the handbook is broken shows the problems at once.
	b.open(t, srv.url+pageURL)
	waitOverlay(t, "on a page opened while the handbook is broken")

	fixed := bytes.Replace(orig, []byte(`en = "`+oldTitle+`"`), []byte(`en = "`+newTitle+`"`), 1)
	start = time.Now()
	if err := os.WriteFile(path, fixed, 0o644); err != nil {
		t.Fatal(err)
	}
	// The page reloads: wait with element queries, which outlive the old document.
	if err := b.do(
		chromedp.WaitVisible(chromedp.JSPath(`Array.from(document.querySelectorAll("h1")).filter(h => h.textContent.trim() === "`+newTitle+`")`)),
		chromedp.WaitNotPresent(chromedp.ID(overlayID)),
	); err != nil {
		t.Fatalf("after the fix, the page does not show %q without the overlay: %v\nrolebook serve said:\n%s", newTitle, err, srv.log)
	}
	t.Logf("the fixed page showed %v after the fix was saved", time.Since(start).Round(time.Millisecond))
	t.Logf("TestServeErrorOverlay took %v", time.Since(began).Round(time.Millisecond))
}
