//go:build unix

package build

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/publish"
)

// faultSite writes a small handbook whose pages are a few kilobytes each.
func faultSite(t *testing.T) *config.Config {
	t.Helper()
	src := t.TempDir()
	writeSite(t, src, 30)
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Destination = filepath.Join(t.TempDir(), "public")
	return cfg
}

// snapshotTree lists every file under dir with its content.
func snapshotTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// leftovers lists what a build left that it should have removed: the stage in dest and
// anything beside dest named like Rolebook's, but the build cache.
func leftovers(t *testing.T, dest string) []string {
	t.Helper()
	var out []string
	if _, err := os.Lstat(filepath.Join(dest, publish.Stage)); err == nil {
		out = append(out, publish.Stage)
	}
	ents, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.Contains(e.Name(), ".rolebook-") && e.Name() != filepath.Base(CachePath(dest)) {
			out = append(out, e.Name())
		}
	}
	return out
}

// keptAsIs checks that dest holds exactly the files of before and that no temporary
// folder was left beside it.
func keptAsIs(t *testing.T, dest string, before map[string]string) {
	t.Helper()
	after := snapshotTree(t, dest)
	if len(after) != len(before) {
		t.Errorf("the site changed: %d files before, %d after", len(before), len(after))
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed", k)
		}
	}
	if l := leftovers(t, dest); len(l) > 0 {
		t.Errorf("temporary folders left: %v", l)
	}
}

// TestInterrupted checks that an interrupted build (Ctrl-C) leaves the previous site
// exactly as it was and no temporary folder.
func TestInterrupted(t *testing.T) {
	cfg := faultSite(t)
	if _, err := Build(context.Background(), cfg, Options{}); err != nil {
		t.Fatal(err)
	}
	before := snapshotTree(t, cfg.Destination)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Build(ctx, cfg, Options{})
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Build() error = %v, want ErrInterrupted", err)
	}
	// The interruption is noticed while loading, before the data is decoded.
	if res.Handbook != nil || len(res.Timings) > 1 {
		t.Errorf("the build went on after loading was interrupted: handbook %v, stages %v", res.Handbook != nil, res.Timings)
	}
	if after := snapshotTree(t, cfg.Destination); len(after) != len(before) {
		t.Errorf("the site changed: %d files before, %d after", len(before), len(after))
	}
	if l := leftovers(t, cfg.Destination); len(l) > 0 {
		t.Errorf("temporary folders left: %v", l)
	}
}

// TestInterruptedCheckAndSession checks that the other entry points that take a context
// stop when it is done: Check, and the dev server's builds (Session), which render into
// memory and report ErrInterrupted rather than a site that is only partly rendered.
func TestInterruptedCheckAndSession(t *testing.T) {
	cfg := faultSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Check(ctx, cfg); !errors.Is(err, ErrInterrupted) {
		t.Errorf("Check() error = %v, want ErrInterrupted", err)
	}
	s := NewSession(cfg, Options{}, nil)
	up, err := s.Build(ctx, discard{})
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Session.Build() error = %v, want ErrInterrupted", err)
	}
	if up.Pages != 0 {
		t.Errorf("an interrupted session build rendered %d pages", up.Pages)
	}
	// The next build, not interrupted, starts over and succeeds.
	if _, err := s.Update(context.Background(), []string{"content/_index.md"}, discard{}); err != nil {
		t.Errorf("the build after an interrupted one: %v", err)
	}
}

// TestDiskFull runs a build in a child process whose file size limit (RLIMIT_FSIZE) is
// too small for the pages, as a full disk would refuse them: the build fails with the
// path of the file it could not write, the previous site is kept and the temporary
// folder removed.
func TestDiskFull(t *testing.T) {
	if os.Getenv("ROLEBOOK_FAULT_CHILD") == "fsize" {
		signal.Ignore(syscall.SIGXFSZ)
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 2048, Max: 2048}); err != nil {
			t.Fatal(err)
		}
		src, dest := os.Getenv("ROLEBOOK_FAULT_SRC"), os.Getenv("ROLEBOOK_FAULT_DEST")
		cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
		if err != nil {
			t.Fatal(err)
		}
		cfg.Destination = dest
		res, err := Build(context.Background(), cfg, Options{})
		if err == nil {
			t.Fatal("the build succeeded under a 2 KiB file size limit")
		}
		t.Log("BUILD ERROR: " + err.Error() + "\n" + res.Diags.String())
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("RLIMIT_FSIZE as a stand-in for a full disk is tested on Linux")
	}
	cfg := faultSite(t)
	if _, err := Build(context.Background(), cfg, Options{}); err != nil {
		t.Fatal(err)
	}
	before := snapshotTree(t, cfg.Destination)
	// Every page shows the site's title: with a new one, every page must be written.
	if err := os.WriteFile(filepath.Join(cfg.Source, "config.toml"), []byte("title = \"Renamed handbook\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDiskFull$", "-test.v")
	cmd.Env = append(os.Environ(), "ROLEBOOK_FAULT_CHILD=fsize", "ROLEBOOK_FAULT_SRC="+cfg.Source, "ROLEBOOK_FAULT_DEST="+cfg.Destination)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	msg := string(out)
	if !strings.Contains(msg, "BUILD ERROR: ") || !strings.Contains(msg, "index.html") || !strings.Contains(msg, "file too large") {
		t.Errorf("the error does not name the file and the cause:\n%s", msg)
	}
	keptAsIs(t, cfg.Destination, before)
}

// lockDir makes dir refuse changes: read-only permissions for an ordinary user, the
// immutable attribute for root (whom permissions do not stop). It skips the test when
// neither is possible here.
func lockDir(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Skip(err)
		}
		t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
		return
	}
	if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot make %s immutable as root (chattr: %v %s); permission errors are tested as an ordinary user", dir, err, out)
	}
	t.Cleanup(func() { _ = exec.Command("chattr", "-i", dir).Run() })
}

// TestPermissionDenied checks that a destination Rolebook may not change fails with the
// path in the error, keeps the previous site and leaves no stage, and that a locked
// parent folder does not matter: a build writes only inside the destination.
func TestPermissionDenied(t *testing.T) {
	for _, which := range []string{"parent", "destination"} {
		t.Run(which, func(t *testing.T) {
			cfg := faultSite(t)
			if _, err := Build(context.Background(), cfg, Options{}); err != nil {
				t.Fatal(err)
			}
			before := snapshotTree(t, cfg.Destination)
			cfg.Title = "Renamed handbook" // on every page: every page must be written
			locked := filepath.Dir(cfg.Destination)
			if which == "destination" {
				locked = cfg.Destination
			}
			lockDir(t, locked)
			_, err := Build(context.Background(), cfg, Options{})
			if which == "parent" {
				if err != nil {
					t.Fatalf("the build failed in a destination whose parent is locked: %v", err)
				}
				if after := snapshotTree(t, cfg.Destination); !strings.Contains(after["index.html"], "Renamed handbook") {
					t.Error("the site was not updated")
				}
				return
			}
			if err == nil {
				t.Fatal("the build succeeded in a locked folder")
			}
			t.Logf("error: %v", err)
			if !strings.Contains(err.Error(), cfg.Destination) {
				t.Errorf("the error does not name the folder: %v", err)
			}
			keptAsIs(t, cfg.Destination, before)
		})
	}
}
