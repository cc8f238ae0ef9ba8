package cli

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/rolebook/rolebook/internal/synthetic"
)

// lockedBuffer is a bytes.Buffer written by the command and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeCommand runs `rolebook serve --port 0`, reads the address it prints, gets
// a page, and stops it with SIGINT as Ctrl-C would: it exits 0 and leaves the handbook
// folder as it was (no public/, no temporary folder).
func TestServeCommand(t *testing.T) {
	dir := t.TempDir()
	if err := synthetic.WriteFiles(dir, map[string]string{
		"config.toml":        "title = \"Team handbook\"\nbaseURL = \"https://handbook.example.com/\"\n",
		"content/_index.md":  "+++\ntitle = \"Welcome\"\n+++\nHello.\n",
		"content/guide/a.md": "+++\ntitle = \"Page A\"\n+++\nBody of A.\n",
	}); err != nil {
		t.Fatal(err)
	}
	before := tree(t, dir)
	stdout, out := io.Pipe()
	var stderr lockedBuffer
	code := make(chan int, 1)
	go func() {
		code <- Main([]string{"serve", "-s", dir, "--port", "0", "--bind", "127.0.0.1"}, out, &stderr)
		out.Close()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the address: %v; stderr:\n%s", err, stderr.String())
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "serving ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") || strings.HasSuffix(url, ":0/") {
		t.Fatalf("got first line %q, want serving http://127.0.0.1:PORT/", line)
	}
	resp, err := http.Get(url + "guide/a/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Body of A.") || !strings.Contains(string(body), "/__rolebook/live.js") {
		t.Errorf("GET guide/a/: %s %.300q", resp.Status, body)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if c := <-code; c != ExitOK {
		t.Errorf("got exit status %d, want 0; stderr:\n%s", c, stderr.String())
	}
	if !strings.Contains(stderr.String(), "stopped") {
		t.Errorf("stderr does not say it stopped:\n%s", stderr.String())
	}
	if after := tree(t, dir); after != before {
		t.Errorf("serve changed the handbook folder:\n%s\nwant:\n%s", after, before)
	}
}

func tree(t *testing.T, dir string) string {
	var b strings.Builder
	if err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		b.WriteString(p + "\n")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
