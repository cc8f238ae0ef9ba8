package e2e

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
)

// testSearch searches in Chinese and in English from the search box of the header and
// opens a result.
func testSearch(t *testing.T, b *browser, s *site) {
	home, err := os.ReadFile(filepath.Join(s.dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(home, []byte(`id="search-input"`)) || !bytes.Contains(home, []byte(`id="search-results"`)) {
		t.Skip("the search box is not in the theme yet: no #search-input and #search-results on the home page (theme/assets/search.js, issue 5)")
	}
	b.must(t, "desktop viewport", viewport(1280))
	results := `#search-results li[role=option]`
	search := func(t *testing.T, from, query string) []string {
		t.Helper()
		b.open(t, s.url+from)
		b.must(t, "typing "+query, visible("#search-input"), sendKeys("#search-input", query))
		b.waitFor(t, "results for "+query+" are listed", `document.querySelectorAll("`+results+`").length > 0`)
		return eval[[]string](t, b, `Array.from(document.querySelectorAll("`+results+`")).map(li => li.dataset.href)`)
	}
	t.Run("Chinese", func(t *testing.T) {
		hrefs := search(t, "/", "售后客服")
		want := "/roles/after-sale/"
		i := index(hrefs, want)
		if i < 0 {
			t.Fatalf("searching 售后客服 lists %v, without the after-sale role %s", hrefs, want)
		}
		b.must(t, "opening the result", click(`#search-results li[data-href="`+want+`"]`), visible(`body.kind-role`))
		if got := b.path(t); got != want {
			t.Errorf("the result opens %s, want %s", got, want)
		}
	})
	t.Run("English", func(t *testing.T) {
		hrefs := search(t, "/en/", "refund")
		// Down selects the first result, Enter opens it.
		b.must(t, "opening the first result with Enter", sendKeys("#search-input", kb.ArrowDown+kb.Enter),
			visible(`body:not(.kind-home)`))
		got := b.path(t)
		if index(hrefs, got) < 0 {
			t.Errorf("Enter opened %s, which is not among the results %v", got, hrefs)
		}
		if text := eval[string](t, b, `document.querySelector("main").innerText`); !strings.Contains(strings.ToLower(text), "refund") {
			t.Errorf("the result %s does not mention refund", got)
		}
	})
}

func index(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// testLiveReload runs `rolebook serve` on a copy of the example handbook, opens a page
// and edits its file: the open page must show the change without a manual reload.
func testLiveReload(t *testing.T, b *browser) {
	srv := startServe(t)
	b.open(t, srv.url+"/guide/ownership/")
	b.must(t, "waiting for the page", visible("h1"))
	page := filepath.Join(srv.src, "content", "guide", "ownership.md")
	old, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := os.WriteFile(page, append(old, []byte("\n\n## Live reload check\n\nThis paragraph was added while the page was open.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := b.do(visible("#live-reload-check")); err != nil {
		t.Fatalf("the open page does not show the edit: %v\nrolebook serve said:\n%s", err, srv.log)
	}
	t.Logf("the edit showed in the open page %v after the save", time.Since(start).Round(time.Millisecond))
}

// devServer is `rolebook serve --port 0` running on a copy of the example handbook.
type devServer struct {
	src string     // the copy it watches: edit files here
	url string     // its address, without a trailing slash
	log *logBuffer // what it wrote to stderr
}

// logBuffer collects a process's output; it may be read while the process writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// startServe builds rolebook, copies the example handbook into a temporary folder and
// runs `rolebook serve --port 0` on it until the test ends (Ctrl-C, then kill after
// 10 s). It skips the test when `rolebook serve` is not in the tree or go is missing.
func startServe(t *testing.T) *devServer {
	t.Helper()
	root := repoRoot(t)
	for _, f := range []string{"generator/serve/serve.go", "generator/cli/serve.go"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Skipf("`rolebook serve` is not in the tree yet: %s is missing (issue 5)", f)
		}
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH: it is needed to build rolebook for `rolebook serve`")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "rolebook")
	build := exec.Command(goCmd, "build", "-o", bin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src := filepath.Join(work, "handbook")
	copyTree(t, root, src, "config.toml", "content", "templates")

	cmd := exec.Command(bin, "serve", "-s", src, "--port", "0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &logBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var waitErr error
	exited := make(chan struct{}) // closed when the server has exited; waitErr is set then
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "serving "); ok {
				select {
				case addr <- strings.TrimSuffix(strings.TrimSpace(u), "/"):
				default:
				}
			}
		}
	}()
	select {
	case base := <-addr:
		return &devServer{src: src, url: base, log: stderr}
	case <-exited:
		t.Fatalf("rolebook serve stopped: %v\n%s", waitErr, stderr)
	case <-time.After(90 * time.Second):
		t.Fatalf("rolebook serve printed no address in 90 s\n%s", stderr)
	}
	return nil
}

// copyTree copies the named files and folders of from (those that exist) into to.
func copyTree(t *testing.T, from, to string, names ...string) {
	t.Helper()
	for _, name := range names {
		top := filepath.Join(from, name)
		if _, err := os.Stat(top); err != nil {
			continue
		}
		err := filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(from, p)
			dst := filepath.Join(to, rel)
			if d.IsDir() {
				return os.MkdirAll(dst, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			return os.WriteFile(dst, data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
