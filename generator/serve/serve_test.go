package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/internal/synthetic"
)

// A small handbook: a home page, a section with two pages, a translation-free site.
var smallHandbook = map[string]string{
	"config.toml":              "title = \"Team handbook\"\nbaseURL = \"https://handbook.example.com/\"\n",
	"content/_index.md":        "+++\ntitle = \"Welcome\"\n+++\nStart with [the guide](guide/_index.md).\n",
	"content/guide/_index.md":  "# The guide\n\nHow we work.\n",
	"content/guide/a.md":       "+++\ntitle = \"Page A\"\nweight = 1\n+++\nBody of A, version 1.\n",
	"content/guide/b.md":       "+++\ntitle = \"Page B\"\nweight = 2\n+++\nBody of B.\n",
	"content/images/.hidden":   "secret",
	"content/images/chart.txt": "a static file",
}

func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	if err := synthetic.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
}

// newTestServer writes files into a temporary handbook and starts a Server on a free
// loopback port, closed when the test ends. It builds once; it does not watch.
func newTestServer(t testing.TB, files map[string]string) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	load := func() (*config.Config, *diag.List, error) {
		return config.Load(config.Options{Source: dir, Env: func(string) (string, bool) { return "", false }})
	}
	cfg, _, err := load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Config: cfg, LoadConfig: load, Port: 0, Debounce: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	if rep := s.Last(); rep.Err != nil {
		t.Fatalf("first build failed: %v\n%v", rep.Err, rep.Diags)
	}
	return s, dir
}

// get answers a GET of target through the handler, with the server's own Host.
func get(s *Server, target string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Host = "127.0.0.1:" + s.port
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestPaths(t *testing.T) {
	s, _ := newTestServer(t, smallHandbook)
	tests := []struct {
		target string
		code   int
		has    string
	}{
		{"/", 200, "Welcome"},
		{"/guide/a/", 200, "Body of A, version 1."},
		{"/guide/a/index.html", 200, "Body of A"},
		{"/guide/a", 301, ""},
		{"/images/chart.txt", 200, "a static file"},
		{"/sitemap.xml", 200, "<urlset"},
		{"/assets/style.css", 200, ""},
		{"/nothing/", 404, "<html"},
		{"/images/.hidden", 404, ""},
		{"/.rolebook", 404, ""},
		{"/.rolebook-journal", 404, ""},
		{"/.rolebook-stage/index.html", 404, ""},
		{"/guide/../../../etc/passwd", 404, ""},
		{"/%2e%2e/%2e%2e/etc/passwd", 404, ""},
		{"/..%2f..%2fetc/passwd", 404, ""},
		{"/guide%5c..%5c..%5cetc", 404, ""},
		{"/guide/a/%00", 404, ""},
	}
	for _, tt := range tests {
		w := get(s, tt.target)
		if w.Code != tt.code {
			t.Errorf("GET %s: got status %d, want %d", tt.target, w.Code, tt.code)
		}
		if !strings.Contains(w.Body.String(), tt.has) {
			t.Errorf("GET %s: got body %.200q, want it to contain %q", tt.target, w.Body.String(), tt.has)
		}
		if strings.Contains(w.Body.String(), "root:") || strings.Contains(w.Body.String(), "secret") {
			t.Errorf("GET %s served a file outside the site", tt.target)
		}
	}
	if w := get(s, "/nothing/"); !strings.Contains(w.Body.String(), `src="/__rolebook/live.js"`) {
		t.Errorf("the 404 page has no live-reload script: %.300q", w.Body.String())
	}
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	r.Host = "127.0.0.1:" + s.port
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: got %d, want 405", w.Code)
	}
}

func TestHost(t *testing.T) {
	s, _ := newTestServer(t, smallHandbook)
	port := s.port
	tests := []struct {
		host string
		code int
	}{
		{"127.0.0.1:" + port, 200},
		{"localhost:" + port, 200},
		{"LOCALHOST:" + port, 200},
		{"[::1]:" + port, 200},
		{"attacker.example:" + port, 403},
		{"attacker.example", 403},
		{"127.0.0.1", 403},
		{"localhost:1", 403},
		{"localhost.attacker.example:" + port, 403},
		{"", 403},
	}
	for _, tt := range tests {
		for _, target := range []string{"/", "/__rolebook/live.js", "/__rolebook/events"} {
			if tt.code == 200 && target == "/__rolebook/events" {
				continue // a stream; TestOrigin reads it
			}
			r := httptest.NewRequest(http.MethodGet, target, nil)
			r.Host = tt.host
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != tt.code {
				t.Errorf("GET %s with Host %q: got %d, want %d", target, tt.host, w.Code, tt.code)
			}
		}
	}
}

// events is a live-reload stream read by a test.
type events struct {
	body io.Closer
	r    *bufio.Reader
}

type event struct{ name, data string }

// openEvents connects to the live-reload endpoint of a serving Server and returns once
// the server has subscribed it (the "retry" line is written after subscribing).
func openEvents(t *testing.T, s *Server, header http.Header) (*events, *http.Response) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"__rolebook/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	if resp.StatusCode != http.StatusOK {
		return nil, resp
	}
	ev := &events{body: resp.Body, r: bufio.NewReader(resp.Body)}
	line, err := ev.r.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "retry:") {
		t.Fatalf("first line of the stream: %q, %v", line, err)
	}
	return ev, resp
}

// next returns the next event of the stream.
func (e *events) next(t *testing.T) event {
	t.Helper()
	var ev event
	for {
		line, err := e.r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading events: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "" && ev.name != "":
			return ev
		case strings.HasPrefix(line, "event: "):
			ev.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			ev.data = strings.TrimPrefix(line, "data: ")
		}
	}
}

// serving starts answering requests on the Server's port until the test ends.
func serving(t *testing.T, s *Server) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = s.Close(ctx)
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
}

func TestOrigin(t *testing.T) {
	s, _ := newTestServer(t, smallHandbook)
	serving(t, s)
	port := s.port
	tests := []struct {
		origin, fetchSite string
		code              int
	}{
		{"", "", 200},
		{"", "same-origin", 200},
		{"http://localhost:" + port, "", 200},
		{"http://127.0.0.1:" + port, "same-origin", 200},
		{"http://attacker.example", "", 403},
		{"http://attacker.example:" + port, "", 403},
		{"https://localhost:" + port, "", 403},
		{"null", "", 403},
		{"", "cross-site", 403},
		{"", "same-site", 403},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.origin != "" {
			h.Set("Origin", tt.origin)
		}
		if tt.fetchSite != "" {
			h.Set("Sec-Fetch-Site", tt.fetchSite)
		}
		_, resp := openEvents(t, s, h)
		if resp.StatusCode != tt.code {
			t.Errorf("events with Origin %q, Sec-Fetch-Site %q: got %d, want %d", tt.origin, tt.fetchSite, resp.StatusCode, tt.code)
		}
	}
}

func TestReloadEvent(t *testing.T) {
	s, dir := newTestServer(t, smallHandbook)
	serving(t, s)
	ev, _ := openEvents(t, s, nil)
	writeFiles(t, dir, map[string]string{"content/guide/a.md": "+++\ntitle = \"Page A\"\nweight = 1\n+++\nBody of A, version 2.\n"})
	if rep := s.Rebuild([]string{"content/guide/a.md"}); rep.Err != nil {
		t.Fatalf("rebuild: %v %v", rep.Err, rep.Diags)
	}
	e := ev.next(t)
	if e.name != "reload" {
		t.Fatalf("got event %q %s, want reload", e.name, e.data)
	}
	var data struct {
		Full bool
		URLs []string
	}
	if err := json.Unmarshal([]byte(e.data), &data); err != nil {
		t.Fatal(err)
	}
	if data.Full || len(data.URLs) != 1 || data.URLs[0] != "/guide/a/" {
		t.Errorf("got reload %s, want the one page /guide/a/", e.data)
	}
	if body := get(s, "/guide/a/").Body.String(); !strings.Contains(body, "version 2") {
		t.Errorf("the page was not updated: %.300q", body)
	}
}

func TestErrorOverlay(t *testing.T) {
	s, dir := newTestServer(t, smallHandbook)
	serving(t, s)
	ev, _ := openEvents(t, s, nil)

	// A TOML error in the front matter: the problems event names file:line:col.
	writeFiles(t, dir, map[string]string{"content/guide/a.md": "+++\ntitle = \"Page A\nweight = 1\n+++\nBroken <script>alert(1)</script>.\n"})
	rep := s.Rebuild([]string{"content/guide/a.md"})
	if rep.Err == nil {
		t.Fatal("a broken file built")
	}
	e := ev.next(t)
	if e.name != "problems" {
		t.Fatalf("got event %q, want problems", e.name)
	}
	var ds []struct {
		File      string
		Line, Col int
		Severity  string
		Message   string
	}
	if err := json.Unmarshal([]byte(e.data), &ds); err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 || ds[0].File != "content/guide/a.md" || ds[0].Line != 2 || ds[0].Col == 0 || ds[0].Severity != "error" || ds[0].Message == "" {
		t.Errorf("got problems %s, want an error at content/guide/a.md:2:col", e.data)
	}
	// The last good site stays served.
	if body := get(s, "/guide/a/").Body.String(); !strings.Contains(body, "version 1") {
		t.Errorf("the last good page is not served: %.300q", body)
	}
	// A page opened now shows the problems at once.
	late, _ := openEvents(t, s, nil)
	if e := late.next(t); e.name != "problems" {
		t.Errorf("a new page got %q, want problems", e.name)
	}

	// A broken link is an error of the render: also reported, site kept.
	writeFiles(t, dir, map[string]string{"content/guide/a.md": "+++\ntitle = \"Page A\"\nweight = 1\n+++\nSee [x](missing.md).\n"})
	if rep := s.Rebuild([]string{"content/guide/a.md"}); rep.Err == nil {
		t.Fatal("a broken link built")
	}
	if e := ev.next(t); e.name != "problems" || !strings.Contains(e.data, "content/guide/a.md") {
		t.Errorf("got %q %s, want problems naming the file", e.name, e.data)
	}

	// Fixing the file recovers without a restart.
	writeFiles(t, dir, map[string]string{"content/guide/a.md": "+++\ntitle = \"Page A\"\nweight = 1\n+++\nBody of A, version 3.\n"})
	if rep := s.Rebuild([]string{"content/guide/a.md"}); rep.Err != nil {
		t.Fatalf("the fix did not build: %v %v", rep.Err, rep.Diags)
	}
	if e := ev.next(t); e.name != "reload" {
		t.Errorf("got %q after the fix, want reload", e.name)
	}
	if body := get(s, "/guide/a/").Body.String(); !strings.Contains(body, "version 3") {
		t.Errorf("the fixed page is not served: %.300q", body)
	}
}

func TestLiveScriptUsesTextContent(t *testing.T) {
	if strings.Contains(liveScript, "innerHTML") || strings.Contains(liveScript, "insertAdjacentHTML") || strings.Contains(liveScript, "document.write") {
		t.Error("the live-reload script must insert text with textContent only")
	}
	if !strings.Contains(liveScript, "textContent") {
		t.Error("the live-reload script does not use textContent")
	}
}

func TestIncremental(t *testing.T) {
	s, dir := newTestServer(t, smallHandbook)
	before := s.site.Load()
	writeFiles(t, dir, map[string]string{"content/guide/b.md": "+++\ntitle = \"Page B\"\nweight = 2\n+++\nBody of B, edited.\n"})
	rep := s.Rebuild([]string{"content/guide/b.md"})
	// The page, and the print view of the whole handbook that holds its text.
	if rep.Err != nil || rep.Full || rep.Pages != 2 || rep.Files != 2 {
		t.Fatalf("a body edit: got full=%v (%s), %d pages, %d files rendered, err %v; want 2 pages, 2 files, not full", rep.Full, rep.Reason, rep.Pages, rep.Files, rep.Err)
	}
	after := s.site.Load()
	if len(after.m) != len(before.m) {
		t.Errorf("got %d files, had %d", len(after.m), len(before.m))
	}
	for name, old := range before.m {
		now := after.m[name]
		if name == "guide/b/index.html" || name == "print/index.html" {
			if !strings.Contains(string(now), "Body of B, edited.") {
				t.Errorf("%s was not re-rendered", name)
			}
			continue
		}
		if len(old) > 0 && &now[0] != &old[0] {
			t.Errorf("%s was rewritten, want it untouched", name)
		}
	}

	// The first heading is the title of a page without one: editing it re-arranges.
	rep = s.Rebuild([]string{"content/guide/_index.md"})
	if rep.Full {
		t.Errorf("an unchanged file rebuilt in full: %s", rep.Reason)
	}
	writeFiles(t, dir, map[string]string{"content/guide/_index.md": "# The new guide\n\nHow we work.\n"})
	if rep = s.Rebuild([]string{"content/guide/_index.md"}); !rep.Full {
		t.Errorf("a new section title re-rendered only %v", rep.URLs)
	}
	if body := get(s, "/guide/a/").Body.String(); !strings.Contains(body, "The new guide") {
		t.Errorf("the breadcrumbs of a child page do not show the new title")
	}

	// Front matter that moves the page, a template, the config: full rebuilds.
	for name, text := range map[string]string{
		"content/guide/b.md":          "+++\ntitle = \"Page B renamed\"\nweight = 2\n+++\nBody of B, edited.\n",
		"templates/i18n/en.toml":      "",
		"config.toml":                 "title = \"Renamed handbook\"\nbaseURL = \"https://handbook.example.com/\"\n",
		"content/guide/new.md":        "# A new page\n",
		"content/images/new-file.txt": "new",
	} {
		writeFiles(t, dir, map[string]string{name: text})
		rep := s.Rebuild([]string{name})
		if rep.Err != nil || !rep.Full {
			t.Errorf("%s: got full=%v, err %v %v; want a full rebuild", name, rep.Full, rep.Err, rep.Diags)
		}
	}
	if body := get(s, "/guide/").Body.String(); !strings.Contains(body, "Renamed handbook") || !strings.Contains(body, "Page B renamed") {
		t.Errorf("the section page does not show the new config and title: %q", body)
	}
	if w := get(s, "/guide/new/"); w.Code != 200 {
		t.Errorf("a new page: got %d", w.Code)
	}

	// A temporary file that came and went changes nothing.
	if rep := s.Rebuild([]string{"content/guide/.b.md.swp", "content/guide/b.md.tmp.123", "content/guide/b.md~"}); rep.Full || rep.Pages != 0 || rep.Err != nil {
		t.Errorf("temporary files: got full=%v %s, %d pages, err %v", rep.Full, rep.Reason, rep.Pages, rep.Err)
	}
	// A removed page is gone.
	if err := os.Remove(filepath.Join(dir, "content/guide/new.md")); err != nil {
		t.Fatal(err)
	}
	if rep := s.Rebuild([]string{"content/guide/new.md"}); !rep.Full {
		t.Errorf("a removed page: not a full rebuild")
	}
	if w := get(s, "/guide/new/"); w.Code != 404 {
		t.Errorf("a removed page: got %d, want 404", w.Code)
	}
}

func TestFirstBuildFailsThenRecovers(t *testing.T) {
	files := map[string]string{}
	for k, v := range smallHandbook {
		files[k] = v
	}
	files["content/guide/a.md"] = "+++\ntitle = \"Page A\"\n"
	dir := t.TempDir()
	writeFiles(t, dir, files)
	cfg, _, err := config.Load(config.Options{Source: dir, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Config: cfg, Port: 0})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	if s.Last().Err == nil {
		t.Fatal("a broken handbook built")
	}
	if w := get(s, "/guide/a/"); w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "live.js") {
		t.Errorf("before any good build: got %d %.200q, want 503 with the live-reload script", w.Code, w.Body.String())
	}
	writeFiles(t, dir, map[string]string{"content/guide/a.md": smallHandbook["content/guide/a.md"]})
	if rep := s.Rebuild([]string{"content/guide/a.md"}); rep.Err != nil {
		t.Fatalf("the fix did not build: %v", rep.Diags)
	}
	if w := get(s, "/guide/a/"); w.Code != 200 {
		t.Errorf("after the fix: got %d", w.Code)
	}
}

// waitFor reads Reports until ok() holds. The timeout only keeps a broken watcher from
// hanging the test; nothing depends on timing.
func waitFor(t *testing.T, reports <-chan Report, what string, ok func() bool) []Report {
	t.Helper()
	var seen []Report
	timeout := time.After(60 * time.Second)
	for !ok() {
		select {
		case rep := <-reports:
			seen = append(seen, rep)
		case <-timeout:
			t.Fatalf("waiting for %s: %d rebuilds seen, the last: %+v", what, len(seen), seen[len(seen)-1:])
		}
	}
	return seen
}

func served(s *Server, target, text string) func() bool {
	return func() bool {
		w := get(s, target)
		return w.Code == 200 && strings.Contains(w.Body.String(), text)
	}
}

func TestWatch(t *testing.T) {
	s, dir := newTestServer(t, smallHandbook)
	reports, cancel := s.Subscribe()
	defer cancel()
	if err := s.Watch(); err != nil {
		t.Fatal(err)
	}

	// A new folder, with a page written in it right away and another later.
	if err := os.MkdirAll(filepath.Join(dir, "content/teams/sales"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"content/teams/sales/goals.md": "# Sales goals\n\nFirst.\n"})
	waitFor(t, reports, "a page in a new folder", served(s, "/teams/sales/goals/", "First."))
	writeFiles(t, dir, map[string]string{"content/teams/sales/goals.md": "# Sales goals\n\nSecond.\n"})
	waitFor(t, reports, "an edit in the new folder", served(s, "/teams/sales/goals/", "Second."))

	// An atomic save: a temporary file renamed over the page.
	tmp := filepath.Join(dir, "content/guide/.a.md.tmp")
	if err := os.WriteFile(tmp, []byte("+++\ntitle = \"Page A\"\nweight = 1\n+++\nSaved atomically.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "content/guide/a.md")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, reports, "an atomic save", served(s, "/guide/a/", "Saved atomically."))

	// vim's way: the page becomes its backup, a new file is written, the backup removed.
	page := filepath.Join(dir, "content/guide/b.md")
	if err := os.Rename(page, page+"~"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, []byte("+++\ntitle = \"Page B\"\nweight = 2\n+++\nSaved by vim.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(page + "~"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, reports, "a vim save", served(s, "/guide/b/", "Saved by vim."))

	// templates/ created after the watch began is watched too.
	writeFiles(t, dir, map[string]string{"templates/assets/extra.css": "body{}"})
	waitFor(t, reports, "a new templates folder", served(s, "/assets/extra.css", "body{}"))
	writeFiles(t, dir, map[string]string{"templates/assets/extra.css": "main{}"})
	waitFor(t, reports, "an edit in the new templates folder", served(s, "/assets/extra.css", "main{}"))

	// config.toml.
	writeFiles(t, dir, map[string]string{"config.toml": "title = \"Watched title\"\nbaseURL = \"https://handbook.example.com/\"\n"})
	waitFor(t, reports, "a config change", served(s, "/", "Watched title"))
}

// TestSaveStormAndRequestFlood saves one page many times in a burst while many clients
// request pages: the storm makes few rebuilds, the last save is served, and every
// response is a whole page (run it with -race).
func TestSaveStormAndRequestFlood(t *testing.T) {
	s, dir := newTestServer(t, smallHandbook)
	serving(t, s)
	reports, cancel := s.Subscribe()
	defer cancel()
	if err := s.Watch(); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []string
	requests := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			targets := []string{"guide/a/", "guide/b/", "", "sitemap.xml", "nothing/"}
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				target := targets[(i+n)%len(targets)]
				resp, err := http.Get(s.URL() + target)
				if err != nil {
					mu.Lock()
					bad = append(bad, err.Error())
					mu.Unlock()
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				whole := strings.HasSuffix(strings.TrimSpace(string(body)), "</html>") || strings.HasSuffix(strings.TrimSpace(string(body)), "</urlset>")
				mu.Lock()
				requests++
				if err != nil || !whole || (target != "nothing/" && resp.StatusCode != 200) {
					bad = append(bad, target+": "+resp.Status)
				}
				mu.Unlock()
			}
		}(i)
	}

	const saves = 200
	page := filepath.Join(dir, "content/guide/a.md")
	for i := 1; i <= saves; i++ {
		text := "+++\ntitle = \"Page A\"\nweight = 1\n+++\nSave number " + strings.Repeat("x", i%7) + strconv.Itoa(i) + ".\n"
		if err := os.WriteFile(page, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if i%50 == 0 {
			// Some full rebuilds in the storm too.
			writeFiles(t, dir, map[string]string{"templates/i18n/en.toml": "# " + strconv.Itoa(i) + "\n"})
		}
	}
	seen := waitFor(t, reports, "the last save", served(s, "/guide/a/", "Save number "+strings.Repeat("x", saves%7)+strconv.Itoa(saves)+"."))
	// More rebuilds, full and incremental, under the flood.
	for i := 0; i < 6; i++ {
		name := "content/guide/b.md"
		if i%2 == 0 {
			name = "templates/i18n/en.toml"
		}
		writeFiles(t, dir, map[string]string{name: map[bool]string{true: "# " + strconv.Itoa(i) + "\n", false: "+++\ntitle = \"Page B\"\n+++\nFlood " + strconv.Itoa(i) + "\n"}[i%2 == 0]})
		if rep := s.Rebuild([]string{name}); rep.Err != nil {
			t.Fatalf("rebuild under the flood: %v %v", rep.Err, rep.Diags)
		}
	}
	close(stop)
	wg.Wait()
	if len(seen) > saves/10 {
		t.Errorf("%d saves made %d rebuilds, want far fewer", saves, len(seen))
	}
	if len(bad) > 0 {
		t.Errorf("%d of %d responses were wrong, the first: %v", len(bad), requests, bad[0])
	}
	t.Logf("%d saves, %d rebuilds, %d requests", saves, len(seen), requests)
}

func TestCloseLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, smallHandbook)
	before := listTree(t, dir)
	cfg, _, err := config.Load(config.Options{Source: dir, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Config: cfg, Port: 0})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Watch(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve() }()
	ev, _ := openEvents(t, s, nil) // an open stream must not hold the shutdown
	_ = ev
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := http.Get(s.URL()); err == nil {
		t.Error("the server still answers after Close")
	}
	if after := listTree(t, dir); after != before {
		t.Errorf("the handbook folder changed:\n%s\nwant:\n%s", after, before)
	}
	if err := s.Watch(); err == nil {
		t.Error("Watch after Close succeeded")
	}
}

func listTree(t *testing.T, dir string) string {
	var b strings.Builder
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		b.WriteString(p + "\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
