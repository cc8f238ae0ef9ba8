//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package publish

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The helper process reads its orders from these variables.
const (
	envHelper = "ROLEBOOK_PUBLISH_HELPER" // "1" in the helper process
	envSource = "ROLEBOOK_PUBLISH_SOURCE"
	envDest   = "ROLEBOOK_PUBLISH_DEST"
	envKill   = "ROLEBOOK_PUBLISH_KILL" // "files:N" (after N staged files) or "step:N" (before step N of Commit)
)

// largeSite returns a site of about n pages in nested folders. Between "old" and "new",
// a third of the pages keep their bytes, the others change, a tenth move to new folders,
// and a file becomes a folder and a folder a file.
func largeSite(n int, version string) map[string]string {
	site := map[string]string{}
	for i := range n {
		rel := fmt.Sprintf("roles/r%02d/duties/d%03d.html", i%25, i)
		if version == "new" && i%10 == 0 {
			rel = fmt.Sprintf("people/p%02d/index-%d.html", i%25, i)
		}
		body := version
		if i%3 == 0 {
			body = "same"
		}
		site[rel] = strings.Repeat(fmt.Sprintf("%s page %d\n", body, i), 20)
	}
	if version == "old" {
		site["x/file"] = "an old file"
		site["y/dir/index.html"] = "an old page"
	} else {
		site["x/file/index.html"] = "a new page where a file was"
		site["y/dir"] = "a new file where a folder was"
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

const killSiteSize = 150

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
	kind, arg, _ := strings.Cut(os.Getenv(envKill), ":")
	at, err := strconv.Atoi(arg)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Begin(os.Getenv(envDest), Options{Source: os.Getenv(envSource)})
	if err != nil {
		t.Fatal(err)
	}
	if kind == "step" {
		n := 0
		d.hook = func(string) error {
			if n == at {
				die()
			}
			n++
			return nil
		}
	}
	site := largeSite(killSiteSize, "new")
	for i, rel := range sortedPaths(site) {
		if kind == "files" && i == at {
			die()
		}
		if err := d.WriteFile(rel, []byte(site[rel])); err != nil {
			t.Fatal(err)
		}
	}
	if kind == "files" && at == len(site) {
		die()
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("the build was not killed at %s", os.Getenv(envKill))
}

// TestKilledBuild kills a build with SIGKILL at random points of its Commit (and of its
// writes), twenty times: after each kill every file of the destination is old or new,
// and the next build ends with a site byte-identical to a clean build.
func TestKilledBuild(t *testing.T) {
	if os.Getenv(envHelper) == "1" {
		t.Skip("already in the helper process")
	}
	oldTree, newTree := largeSite(killSiteSize, "old"), largeSite(killSiteSize, "new")
	steps := commitSteps(t, oldTree, newTree)

	// What a clean build makes: the new site built into a fresh pages checkout.
	cleanSrc := handbook(t, t.TempDir())
	clean := filepath.Join(cleanSrc, "public")
	addGit(t, clean)
	publish(t, clean, cleanSrc, newTree)
	want := readSite(t, clean)

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	kills := []string{"files:0", "files:150", fmt.Sprint("files:", len(newTree))}
	for range 20 {
		kills = append(kills, fmt.Sprint("step:", rng.IntN(len(steps))))
	}
	for _, kill := range kills {
		name := kill
		if k, ok := strings.CutPrefix(kill, "step:"); ok {
			i, _ := strconv.Atoi(k)
			name += " " + steps[i]
		}
		t.Run(name, func(t *testing.T) {
			src := handbook(t, t.TempDir())
			dest := filepath.Join(src, "public")
			publish(t, dest, src, oldTree)
			addGit(t, dest)

			cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuildHelper$")
			cmd.Env = append(os.Environ(), envHelper+"=1", envSource+"="+src, envDest+"="+dest, envKill+"="+kill)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("helper ended with %v, want it killed; output:\n%s", err, out)
			}
			if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("helper ended with %v, want SIGKILL; output:\n%s", err, out)
			}

			// Between the kill and the next build, every file is old or new.
			oldOrNew(t, dest, oldTree, newTree)

			// The next build completes or rolls back the commit, then builds.
			publish(t, dest, src, newTree)
			if diff := cmp.Diff(want, readSite(t, dest)); diff != "" {
				t.Errorf("after the next build, against a clean build (-want +got):\n%s", diff)
			}
			if got := leftovers(t, dest); len(got) > 0 {
				t.Errorf("left behind: %v", got)
			}
		})
	}
}
