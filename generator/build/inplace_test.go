//go:build unix

package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rolebook/rolebook/generator/config"
)

// fileID is what tells a file left alone from one written again.
type fileID struct {
	Ino   uint64
	MTime int64
}

// fileIDs returns the inode and modification time of every file of the site at dir.
func fileIDs(t *testing.T, dir string) map[string]fileID {
	t.Helper()
	ids := map[string]fileID{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		ids[filepath.ToSlash(rel)] = fileID{info.Sys().(*syscall.Stat_t).Ino, info.ModTime().UnixNano()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func appendTo(t *testing.T, name, text string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestRebuildInPlace edits one page and builds again: the destination stays the same
// folder (a process holding it open sees the new page), every file whose bytes did not
// change keeps its inode and modification time, and only a few files are written.
func TestRebuildInPlace(t *testing.T) {
	cfg := faultSite(t)
	if _, err := Build(context.Background(), cfg, Options{}); err != nil {
		t.Fatal(err)
	}
	before, beforeIDs := readTree(t, cfg.Destination), fileIDs(t, cfg.Destination)
	root, err := os.OpenRoot(cfg.Destination)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	held, err := root.Stat(".")
	if err != nil {
		t.Fatal(err)
	}

	appendTo(t, filepath.Join(cfg.Source, "content", "sec-03", "page-000003.md"), "\nA sentence added in place.\n")
	res, err := Build(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatalf("%v\n%v", err, res.Diags)
	}

	after, afterIDs := readTree(t, cfg.Destination), fileIDs(t, cfg.Destination)
	var changed []string
	for rel, body := range after {
		old, ok := before[rel]
		switch {
		case !ok:
			changed = append(changed, rel+" (new)")
		case string(old) == string(body) && afterIDs[rel] != beforeIDs[rel]:
			t.Errorf("%s did not change but was written again", rel)
		case string(old) != string(body):
			changed = append(changed, rel)
		}
	}
	t.Logf("files changed: %v", changed)
	if p := res.Published; p.Written != len(changed) || p.Written > len(after)/10 || p.Unchanged+p.Written != len(after) {
		t.Errorf("Published = %+v, for %d files of which %d changed", p, len(after), len(changed))
	}
	page, err := root.ReadFile("sec-03/page-000003/index.html")
	if err != nil || !strings.Contains(string(page), "A sentence added in place.") {
		t.Errorf("the edited page, read through the folder opened before the build: %v", err)
	}
	if now, err := os.Stat(cfg.Destination); err != nil || !os.SameFile(now, held) {
		t.Errorf("the destination is not the folder it was: %v", err)
	}
}

// The child build of TestKilledRebuild reads its orders from these variables.
const (
	envKillChild = "ROLEBOOK_KILL_CHILD"
	envKillSrc   = "ROLEBOOK_KILL_SRC"
	envKillDest  = "ROLEBOOK_KILL_DEST"
)

// TestKilledRebuildHelper is the build TestKilledRebuild kills.
func TestKilledRebuildHelper(t *testing.T) {
	if os.Getenv(envKillChild) != "1" {
		t.Skip("helper process for TestKilledRebuild; runs only when started by it")
	}
	cfg, _, err := config.Load(config.Options{Source: os.Getenv(envKillSrc), Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Destination = os.Getenv(envKillDest)
	if res, err := Build(context.Background(), cfg, Options{}); err != nil {
		t.Fatalf("%v\n%v", err, res.Diags)
	}
}

// TestKilledRebuild kills real builds with SIGKILL at random moments while they update a
// site in which every page changes: after each kill every file is as the previous build
// or the new one made it, and the next build ends with a site byte-identical to a clean
// build.
func TestKilledRebuild(t *testing.T) {
	if os.Getenv(envKillChild) == "1" {
		t.Skip("already in the helper process")
	}
	cfg := faultSite(t)
	if _, err := Build(context.Background(), cfg, Options{}); err != nil {
		t.Fatal(err)
	}
	oldTree := readTree(t, cfg.Destination)
	// The new version: another title on every page, a page gone, a page added.
	edit := func(src string) {
		if err := os.WriteFile(filepath.Join(src, "config.toml"), []byte("title = \"Renamed handbook\"\nbaseURL = \"https://handbook.example.com/\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(src, "content", "sec-01", "page-000001.md")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, "content", "sec-01", "added.md"), []byte("+++\ntitle = \"Added\"\n+++\nNew.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit(cfg.Source)
	newCfg, _, err := config.Load(config.Options{Source: cfg.Source, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(t.TempDir(), "public")
	run := func(dest string, killAfter time.Duration) error {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledRebuildHelper$")
		cmd.Env = append(os.Environ(), envKillChild+"=1", envKillSrc+"="+cfg.Source, envKillDest+"="+dest)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if killAfter > 0 {
			timer := time.AfterFunc(killAfter, func() { cmd.Process.Kill() })
			defer timer.Stop()
		}
		return cmd.Wait()
	}
	start := time.Now()
	if err := run(clean, 0); err != nil {
		t.Fatalf("the clean build failed: %v", err)
	}
	took := time.Since(start)
	newTree := readTree(t, clean)

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d; an unkilled build takes %s", seed, took)
	rng := rand.New(rand.NewPCG(seed, 1))
	killed, kills := 0, 20
	if raceEnabled {
		kills = 5 // each kill builds twice, ten times slower under the race detector
	}
	for i := range kills {
		after := time.Duration(rng.Int64N(int64(took))) + time.Millisecond
		t.Run(fmt.Sprintf("%d-after-%s", i, after.Round(time.Millisecond)), func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			if err := os.CopyFS(dest, os.DirFS(cfg.Destination)); err != nil {
				t.Fatal(err)
			}
			err := run(dest, after)
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
					killed++
				}
			}
			got := readTree(t, dest)
			for rel, body := range got {
				if o, ok := oldTree[rel]; ok && string(o) == string(body) {
					continue
				}
				if n, ok := newTree[rel]; ok && string(n) == string(body) {
					continue
				}
				t.Errorf("after the kill, %s is neither old nor new", rel)
			}
			for rel := range oldTree {
				if _, ok := got[rel]; !ok {
					if _, inNew := newTree[rel]; inNew {
						t.Errorf("after the kill, %s, in both versions, is missing", rel)
					}
				}
			}

			next := *newCfg
			next.Destination = dest
			if res, err := Build(context.Background(), &next, Options{}); err != nil {
				t.Fatalf("the build after the kill: %v\n%v", err, res.Diags)
			}
			if diff := cmp.Diff(newTree, readTree(t, dest)); diff != "" {
				t.Errorf("after the next build, against a clean build (-want +got):\n%s", diff)
			}
			if l := leftovers(t, dest); len(l) > 0 {
				t.Errorf("left behind: %v", l)
			}
		})
	}
	t.Logf("%d of %d builds were killed before they finished", killed, kills)
}
