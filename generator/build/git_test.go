package build

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rolebook/rolebook/internal/synthetic"
)

func TestParseGitLog(t *testing.T) {
	out := "\x001700000200\n\ncontent/a.md\ncontent/b.md\n\x001700000100\n\ncontent/a.md\ncontent/c.md\n\x00bad\n\ncontent/d.md\n"
	got := parseGitLog([]byte(out))
	want := map[string]time.Time{
		"content/a.md": time.Unix(1700000200, 0).UTC(),
		"content/b.md": time.Unix(1700000200, 0).UTC(),
		"content/c.md": time.Unix(1700000100, 0).UTC(),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parseGitLog (-want +got):\n%s", diff)
	}
}

// TestGitDates makes a repository with two commits at fixed dates and reads them back.
func TestGitDates(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	run := func(date string, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, text string) {
		if err := synthetic.WriteFiles(dir, map[string]string{name: text}); err != nil {
			t.Fatal(err)
		}
	}
	run("", "init", "-q")
	write("content/a.md", "a")
	write("content/guide/b.md", "b")
	run("2024-03-01T10:00:00Z", "add", ".")
	run("2024-03-01T10:00:00Z", "commit", "-q", "-m", "first")
	write("content/a.md", "a2")
	run("2024-05-02T10:00:00Z", "commit", "-q", "-am", "second")

	got := gitDates(context.Background(), dir)
	want := map[string]time.Time{
		"content/a.md":       time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC),
		"content/guide/b.md": time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gitDates (-want +got):\n%s", diff)
	}
	if got := gitDates(context.Background(), t.TempDir()); got != nil {
		t.Errorf("gitDates outside a repository = %v, want nil", got)
	}
}
