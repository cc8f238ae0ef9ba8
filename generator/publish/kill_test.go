//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package publish

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The helper process reads its orders from these variables.
const (
	envHelper     = "ROLEBOOK_PUBLISH_HELPER" // "1" in the helper process
	envSource     = "ROLEBOOK_PUBLISH_SOURCE"
	envDest       = "ROLEBOOK_PUBLISH_DEST"
	envKillAfter  = "ROLEBOOK_PUBLISH_KILL"        // "files:N" or "step:NAME"
	envNoExchange = "ROLEBOOK_PUBLISH_NO_EXCHANGE" // "1" to swap with renames
)

// largeSite returns a site of n pages in nested folders; old and new differ in every
// page and in which pages exist.
func largeSite(n int, version string) map[string]string {
	site := map[string]string{}
	for i := range n {
		rel := fmt.Sprintf("roles/r%02d/duties/d%03d.html", i%25, i)
		if version == "new" && i%10 == 0 {
			rel = fmt.Sprintf("people/p%02d/index-%d.html", i%25, i)
		}
		site[rel] = strings.Repeat(fmt.Sprintf("%s page %d\n", version, i), 20)
	}
	return site
}

// sortedPaths returns the paths of site in a fixed order, so that "after N files" always
// means the same files.
func sortedPaths(site map[string]string) []string {
	var rels []string
	for rel := range site {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	return rels
}

const killSiteSize = 300

func die() {
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // the signal arrives; never return into the build
}

// TestKilledBuildHelper is the build that TestKilledBuild runs in a child process and
// kills with SIGKILL at a chosen point.
func TestKilledBuildHelper(t *testing.T) {
	if os.Getenv(envHelper) != "1" {
		t.Skip("helper process for TestKilledBuild; runs only when started by it")
	}
	kind, arg, _ := strings.Cut(os.Getenv(envKillAfter), ":")
	d, err := Begin(os.Getenv(envDest), Options{Source: os.Getenv(envSource)})
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv(envNoExchange) == "1" {
		d.exchange = noExchange
	}
	if kind == "step" {
		d.hook = func(step string) error {
			if step == arg {
				die()
			}
			return nil
		}
	}
	killAt := -1
	if kind == "files" {
		if killAt, err = strconv.Atoi(arg); err != nil {
			t.Fatal(err)
		}
	}
	site := largeSite(killSiteSize, "new")
	for i, rel := range sortedPaths(site) {
		if i == killAt {
			die()
		}
		if err := d.WriteFile(rel, []byte(site[rel])); err != nil {
			t.Fatal(err)
		}
	}
	if killAt == killSiteSize {
		die()
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("the build was not killed at %s", os.Getenv(envKillAfter))
}

func TestKilledBuild(t *testing.T) {
	if os.Getenv(envHelper) == "1" {
		t.Skip("already in the helper process")
	}
	tests := []struct {
		kill       string
		noExchange bool
		wantNew    bool // after Recover the destination holds the new site
	}{
		{"files:0", false, false},
		{"files:1", false, false},
		{"files:150", false, false},
		{fmt.Sprint("files:", killSiteSize), false, false},
		{"step:marker", false, false},
		{"step:staged", false, false},
		{"step:swapped", false, true},
		{"step:git", false, true},
		{"step:aside", true, false},
		{"step:swapped", true, true},
		{"step:git", true, true},
	}
	oldTree := withMarker(largeSite(killSiteSize, "old"))
	newTree := withMarker(largeSite(killSiteSize, "new"))
	for _, tt := range tests {
		name := tt.kill
		if tt.noExchange {
			name += " with renames"
		}
		t.Run(name, func(t *testing.T) {
			src := handbook(t, t.TempDir())
			dest := filepath.Join(src, "public")
			publish(t, dest, src, largeSite(killSiteSize, "old"))
			addGit(t, dest)

			cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuildHelper$")
			cmd.Env = append(os.Environ(), envHelper+"=1", envSource+"="+src, envDest+"="+dest, envKillAfter+"="+tt.kill)
			if tt.noExchange {
				cmd.Env = append(cmd.Env, envNoExchange+"=1")
			}
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("helper ended with %v, want it killed; output:\n%s", err, out)
			}
			if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("helper ended with %v, want SIGKILL; output:\n%s", err, out)
			}

			// Before recovery the destination is one whole site (its .git may still
			// be with the previous site), or missing only in the rename fallback.
			if _, err := os.Stat(dest); err == nil {
				got := withoutGit(readTree(t, dest))
				if !cmp.Equal(got, oldTree) && !cmp.Equal(got, newTree) {
					t.Errorf("after the kill the destination is neither the old nor the new site:\nvs old: %s\nvs new: %s",
						cmp.Diff(oldTree, got), cmp.Diff(newTree, got))
				}
			} else if !tt.noExchange {
				t.Errorf("after the kill the destination is missing: %v", err)
			}

			if err := Recover(dest); err != nil {
				t.Fatal(err)
			}
			want := withMarker(oldTree, gitFiles)
			if tt.wantNew {
				want = withMarker(newTree, gitFiles)
			}
			if diff := cmp.Diff(want, readTree(t, dest)); diff != "" {
				t.Errorf("after Recover (-want +got):\n%s", diff)
			}
			if got := leftovers(t, dest); len(got) > 0 {
				t.Errorf("left beside the destination after Recover: %v", got)
			}
		})
	}
}

func withoutGit(tree map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range tree {
		if !strings.HasPrefix(k, ".git/") {
			out[k] = v
		}
	}
	return out
}
