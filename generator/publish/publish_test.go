package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// handbook makes a source folder with content/, templates/ and .git/ under root.
func handbook(t *testing.T, root string) string {
	t.Helper()
	src := filepath.Join(root, "handbook")
	for _, sub := range []string{"content/roles", "templates", ".git"} {
		if err := os.MkdirAll(filepath.Join(src, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

// readTree returns every file under dir by slash path, with its contents.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		tree[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// withMarker returns tree plus the marker Commit writes, and the extra files given.
func withMarker(tree map[string]string, extra ...map[string]string) map[string]string {
	out := map[string]string{Marker: markerText}
	for _, m := range append([]map[string]string{tree}, extra...) {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// readSite returns every file under dest but the journal (whose times change from build
// to build), after checking that the journal describes exactly those files.
func readSite(t *testing.T, dest string) map[string]string {
	t.Helper()
	tree := readTree(t, dest)
	if _, ok := tree[Journal]; ok {
		checkJournal(t, dest, tree)
	}
	delete(tree, Journal)
	return tree
}

// checkJournal checks that the journal of dest lists every file of tree (but .git and
// Rolebook's own) with its hash, size and modification time.
func checkJournal(t *testing.T, dest string, tree map[string]string) {
	t.Helper()
	j, err := readJournal(filepath.Join(dest, Journal))
	if err != nil || j == nil {
		t.Fatalf("reading the journal: %v", err)
	}
	want := map[string]string{}
	for rel, body := range tree {
		if !strings.HasPrefix(rel, ".git/") && !reserved(rel) {
			want[rel] = body
		}
	}
	for rel, e := range j.files {
		body, ok := want[rel]
		if !ok {
			t.Errorf("the journal lists %s, which the destination does not have", rel)
			continue
		}
		delete(want, rel)
		info, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(rel)))
		if err != nil {
			t.Error(err)
			continue
		}
		if e.hash != hashOf([]byte(body)) || e.size != int64(len(body)) || e.mtime != info.ModTime().UnixNano() {
			t.Errorf("the journal's entry for %s does not match the file", rel)
		}
	}
	for rel := range want {
		t.Errorf("the journal does not list %s", rel)
	}
}

// leftovers lists what a build made and should have removed: the stage and undecided
// journals inside dest, and anything named like Rolebook's beside it.
func leftovers(t *testing.T, dest string) []string {
	t.Helper()
	var names []string
	for _, name := range []string{Stage, tmpName, nextName} {
		if _, err := os.Lstat(filepath.Join(dest, name)); err == nil {
			names = append(names, name)
		}
	}
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".rolebook-") {
			names = append(names, e.Name())
		}
	}
	return names
}

// writeTree writes tree into d.
func writeTree(t *testing.T, d *Dir, tree map[string]string) {
	t.Helper()
	for rel, body := range tree {
		if err := d.WriteFile(rel, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
}

// publish builds tree into dest in one go.
func publish(t *testing.T, dest, src string, tree map[string]string) Stats {
	t.Helper()
	d, err := Begin(dest, Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, d, tree)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d.Stats()
}

var (
	oldSite = map[string]string{
		"index.html":             "<h1>Old handbook</h1>",
		"roles/index.html":       "old roles",
		"roles/designer/a.html":  "old designer",
		"retired/index.html":     "a chapter the new build drops",
		"matrix/matrix.csv":      "duty,operations\n",
		"assets/style.css":       "body{}",
		"people/ops/index.html":  "old ops",
		"people/ops/duties.ics":  "BEGIN:VCALENDAR",
		"roles/service/x/y.html": "deep",
		"was-a-file":             "a file where the new site has a folder",
		"was-a-folder/a.html":    "a folder where the new site has a file",
		"was-a-folder/b/c.html":  "deeper",
	}
	newSite = map[string]string{
		"index.html":            "<h1>New handbook</h1>",
		"roles/index.html":      "new roles",
		"roles/designer/a.html": "new designer",
		"matrix/matrix.csv":     "duty,operations,design\n",
		"matrix/matrix.json":    "{}",
		"assets/style.css":      "body{}",
		"owners/index.html":     "every duty and its one owner",
		"owners/x/y/z.html":     "a new folder three deep",
		"was-a-file/index.html": "now a folder",
		"was-a-folder":          "now a file",
		"people/ops/duties.ics": "BEGIN:VCALENDAR",
	}
	gitFiles = map[string]string{
		".git/HEAD":         "ref: refs/heads/pages\n",
		".git/objects/ab/c": "object",
	}
)

// addGit puts a .git folder into dest, as a pages-branch checkout has.
func addGit(t *testing.T, dest string) {
	t.Helper()
	for rel, body := range gitFiles {
		writeFile(t, filepath.Join(dest, filepath.FromSlash(rel)), body)
	}
}

// fileID is what tells a file that was left alone from one written again.
type fileID struct {
	ino   uint64
	mtime int64
}

// fileIDs returns the inode and modification time of every file under dir.
func fileIDs(t *testing.T, dir string) map[string]fileID {
	t.Helper()
	ids := map[string]fileID{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		ids[filepath.ToSlash(rel)] = fileID{inode(info), info.ModTime().UnixNano()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
func TestCheck(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "home")
	work := filepath.Join(root, "work")
	src := handbook(t, work)
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	for link, target := range map[string]string{"to-source": src, "to-content": filepath.Join(src, "content")} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		dest string
		want Reason // 0 means accepted
	}{
		{"empty", "", NotFolder},
		{"root", "/", RootFolder},
		{"home", home, HomeFolder},
		{"folder containing home", root, HomeFolder},
		{"source", src, SourceFolder},
		{"source spelled with dot-dot", filepath.Join(src, "content", ".."), SourceFolder},
		{"source through a link", filepath.Join(root, "to-source"), SourceFolder},
		{"parent of source", work, ContainsSource},
		{"content", filepath.Join(src, "content"), InsideSourceData},
		{"inside content", filepath.Join(src, "content", "roles"), InsideSourceData},
		{"not yet made inside content", filepath.Join(src, "content", "new", "site"), InsideSourceData},
		{"inside content through a link", filepath.Join(root, "to-content", "site"), InsideSourceData},
		{"templates", filepath.Join(src, "templates"), InsideSourceData},
		{"git", filepath.Join(src, ".git", "pages"), InsideSourceData},
		{"public in the handbook", filepath.Join(src, "public"), 0},
		{"public through a link to the source", filepath.Join(root, "to-source", "public"), 0},
		{"name sharing a prefix with content", filepath.Join(src, "contents"), 0},
		{"folder elsewhere", filepath.Join(root, "out", "site"), 0},
		{"folder inside home", filepath.Join(home, "site"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.dest, src)
			var refused *RefusedError
			switch {
			case tt.want == 0 && err != nil:
				t.Fatalf("Check(%q) = %v, want nil", tt.dest, err)
			case tt.want == 0:
			case !errors.As(err, &refused):
				t.Fatalf("Check(%q) = %v, want a *RefusedError", tt.dest, err)
			case refused.Reason != tt.want:
				t.Fatalf("Check(%q) reason = %d (%v), want %d", tt.dest, refused.Reason, err, tt.want)
			case refused.Hint == "" || !strings.Contains(err.Error(), refused.Hint):
				t.Fatalf("Check(%q) = %v, want a hint on what to pass instead", tt.dest, err)
			}
		})
	}
}

func TestCheckRelativeToCurrentFolder(t *testing.T) {
	src := handbook(t, t.TempDir())
	t.Chdir(src)
	if err := Check("public", ""); err != nil {
		t.Errorf(`Check("public", "") = %v, want nil`, err)
	}
	var refused *RefusedError
	if err := Check(".", ""); !errors.As(err, &refused) || refused.Reason != SourceFolder {
		t.Errorf(`Check(".", "") = %v, want the source folder refused`, err)
	}
	if err := Check("content/site", ""); !errors.As(err, &refused) || refused.Reason != InsideSourceData {
		t.Errorf(`Check("content/site", "") = %v, want content/ refused`, err)
	}
}

func TestCommitUpdatesInPlace(t *testing.T) {
	tests := []struct {
		name string
		old  bool // an earlier build is in place
		git  bool // the destination has a .git folder
		made bool // the destination folder exists, empty, before the first build
	}{
		{"first build", false, false, false},
		{"first build into an empty folder", false, false, true},
		{"first build into a pages checkout", false, true, false},
		{"rebuild", true, false, false},
		{"rebuild keeps git", true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := handbook(t, t.TempDir())
			dest := filepath.Join(src, "public")
			if tt.made {
				mkdir(t, dest)
			}
			if tt.old {
				publish(t, dest, src, oldSite)
			}
			if tt.git {
				addGit(t, dest)
			}
			var before fileID
			if info, err := os.Stat(dest); err == nil {
				before.ino = inode(info)
			}
			d, err := Begin(dest, Options{Source: src})
			if err != nil {
				t.Fatal(err)
			}
			writeTree(t, d, newSite)
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			want := withMarker(newSite)
			if tt.git {
				want = withMarker(newSite, gitFiles)
			}
			if diff := cmp.Diff(want, readSite(t, dest)); diff != "" {
				t.Errorf("published site (-want +got):\n%s", diff)
			}
			if info, err := os.Stat(dest); err != nil || before.ino != 0 && inode(info) != before.ino {
				t.Errorf("the destination folder was replaced (inode %d, was %d): %v", inode(info), before.ino, err)
			}
			if got := leftovers(t, dest); len(got) > 0 {
				t.Errorf("left behind: %v", got)
			}
			if err := d.Abort(); err != nil {
				t.Errorf("Abort after Commit = %v, want nil", err)
			}
			if got := readSite(t, dest); len(got) != len(want) {
				t.Errorf("Abort after Commit changed the site: %d files, want %d", len(got), len(want))
			}
		})
	}
}

func TestUnchangedFilesUntouched(t *testing.T) {
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	publish(t, dest, src, oldSite)
	before := fileIDs(t, dest)
	journal := before[Journal]
	stats := publish(t, dest, src, newSite)
	after := fileIDs(t, dest)
	var same []string
	for rel, body := range newSite {
		old, inOld := oldSite[rel]
		if inOld && old == body {
			same = append(same, rel)
			if after[rel] != before[rel] {
				t.Errorf("%s did not change but was written again: %+v, was %+v", rel, after[rel], before[rel])
			}
		} else if after[rel] == before[rel] {
			t.Errorf("%s changed but kept its inode and time", rel)
		}
	}
	if want := (Stats{Written: len(newSite) - len(same), Unchanged: len(same), Removed: 6}); stats != want {
		t.Errorf("Stats() = %+v, want %+v", stats, want)
	}

	// The same site again: nothing at all is written, the journal included.
	if stats := publish(t, dest, src, newSite); stats != (Stats{Unchanged: len(newSite)}) {
		t.Errorf("Stats() of an unchanged rebuild = %+v", stats)
	}
	again := fileIDs(t, dest)
	if diff := cmp.Diff(after, again, cmp.AllowUnexported(fileID{})); diff != "" {
		t.Errorf("an unchanged rebuild touched files (-before +after):\n%s", diff)
	}
	if again[Journal] == journal {
		t.Error("the journal was not rewritten by the build that changed files")
	}
	if diff := cmp.Diff(withMarker(newSite), readSite(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
}

// TestChangedByHand checks that a file edited, replaced or removed in the destination
// after a build is written again by the next one, even with the same bytes to write.
func TestChangedByHand(t *testing.T) {
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	publish(t, dest, src, newSite)
	name := func(rel string) string { return filepath.Join(dest, filepath.FromSlash(rel)) }
	// Same size, other bytes, and a time set back to the journal's: only the size and
	// time are compared, so the time must differ for the edit to be seen; an editor
	// always changes it.
	writeFile(t, name("index.html"), strings.Repeat("x", len(newSite["index.html"])))
	if err := os.Remove(name("roles/index.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(name("matrix/matrix.json")); err != nil {
		t.Fatal(err)
	}
	mkdir(t, name("matrix/matrix.json")) // a folder where the file was
	stats := publish(t, dest, src, newSite)
	if stats.Written != 3 {
		t.Errorf("Stats() = %+v, want 3 files written", stats)
	}
	if diff := cmp.Diff(withMarker(newSite), readSite(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
}

// TestKeepChangedByHand checks that Keep keeps only a file that is as the journal
// recorded it: one removed, replaced by a folder or edited by hand is refused, so that
// the build writes it again, and the others are kept.
func TestKeepChangedByHand(t *testing.T) {
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	publish(t, dest, src, newSite)
	name := func(rel string) string { return filepath.Join(dest, filepath.FromSlash(rel)) }
	writeFile(t, name("index.html"), "edited by hand, longer than before")
	if err := os.Remove(name("roles/index.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(name("matrix/matrix.json")); err != nil {
		t.Fatal(err)
	}
	mkdir(t, name("matrix/matrix.json"))
	d, err := Begin(dest, Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]bool{"index.html": true, "roles/index.html": true, "matrix/matrix.json": true}
	for _, rel := range slices.Sorted(maps.Keys(newSite)) {
		if kept := d.Keep(rel); kept == refused[rel] {
			t.Errorf("Keep(%q) = %v", rel, kept)
		}
		if refused[rel] {
			if err := d.WriteFile(rel, []byte(newSite[rel])); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(withMarker(newSite), readSite(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
}

// TestClean checks that files Rolebook did not write stay, unless the build is clean or
// the destination has no journal (made by an older Rolebook), and that a clean build
// still leaves unchanged files alone.
func TestClean(t *testing.T) {
	for _, how := range []string{"clean", "no journal", "damaged journal"} {
		t.Run(how, func(t *testing.T) {
			src := handbook(t, t.TempDir())
			dest := filepath.Join(src, "public")
			publish(t, dest, src, oldSite)
			addGit(t, dest)
			stray := map[string]string{"stray.txt": "added by hand", "roles/notes/n.txt": "also", "was-a-folder/b/c.html~": "backup"}
			for rel, body := range stray {
				writeFile(t, filepath.Join(dest, filepath.FromSlash(rel)), body)
			}
			mkdir(t, filepath.Join(dest, "empty", "folders"))

			// A normal build leaves them.
			publish(t, dest, src, newSite)
			got := readTree(t, dest)
			for rel := range stray {
				if _, ok := got[rel]; !ok && rel != "was-a-folder/b/c.html~" {
					t.Errorf("a normal build removed %s, which it did not write", rel)
				}
			}

			before := fileIDs(t, dest)
			opts := Options{Source: src}
			switch how {
			case "clean":
				opts.Clean = true
			case "no journal":
				if err := os.Remove(filepath.Join(dest, Journal)); err != nil {
					t.Fatal(err)
				}
			case "damaged journal":
				writeFile(t, filepath.Join(dest, Journal), journalHeader+"\n= 00 1 2 index.html\n")
			}
			d, err := Begin(dest, opts)
			if err != nil {
				t.Fatal(err)
			}
			writeTree(t, d, newSite)
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(withMarker(newSite, gitFiles), readSite(t, dest)); diff != "" {
				t.Errorf("after the build (-want +got):\n%s", diff)
			}
			if _, err := os.Stat(filepath.Join(dest, "empty")); err == nil {
				t.Error("an empty folder the site does not have was left")
			}
			after := fileIDs(t, dest)
			for rel := range newSite {
				if after[rel] != before[rel] {
					t.Errorf("%s has the same bytes but was written again", rel)
				}
			}
			if stats := d.Stats(); stats.Written != 0 || stats.Unchanged != len(newSite) {
				t.Errorf("Stats() = %+v, want every file unchanged", stats)
			}
		})
	}
}

// TestOpenHandleSeesNewSite checks that a process holding the destination folder open
// (a web server started in it, a container that bind-mounts it) sees the new site after
// a rebuild: the folder is the same one, updated in place.
func TestOpenHandleSeesNewSite(t *testing.T) {
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	publish(t, dest, src, oldSite)
	dir, err := os.Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Close()
	root, err := os.OpenRoot(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if _, err := dir.ReadDir(-1); err != nil {
		t.Fatal(err)
	}

	publish(t, dest, src, newSite)

	// The entries, read again through the handle opened before the build.
	if _, err := dir.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	ents, err := dir.ReadDir(-1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		if !reserved(e.Name()) {
			got = append(got, e.Name())
		}
	}
	sort.Strings(got)
	want := []string{"assets", "index.html", "matrix", "owners", "people", "roles", "was-a-file", "was-a-folder"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries seen through the old handle (-want +got):\n%s", diff)
	}
	// The files, opened relative to the handle.
	for _, rel := range []string{"index.html", "owners/x/y/z.html", "was-a-folder", "was-a-file/index.html"} {
		b, err := root.ReadFile(rel)
		if err != nil || string(b) != newSite[rel] {
			t.Errorf("%s through the old handle = %q, %v; want %q", rel, b, err, newSite[rel])
		}
	}
	if _, err := root.Stat("retired/index.html"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a page the new site dropped is still there: %v", err)
	}
	info, err := dir.Stat()
	if err != nil {
		t.Fatal(err)
	}
	now, err := os.Stat(dest)
	if err != nil || !os.SameFile(info, now) {
		t.Errorf("the destination is no longer the folder the handle holds: %v", err)
	}
}

func TestCommitThroughLink(t *testing.T) {
	root := t.TempDir()
	src := handbook(t, root)
	target := filepath.Join(root, "www", "handbook")
	publish(t, target, src, oldSite)
	link := filepath.Join(src, "public")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	publish(t, link, src, newSite)
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v, %v", info, err)
	}
	if diff := cmp.Diff(withMarker(newSite), readSite(t, target)); diff != "" {
		t.Errorf("site at the link's target (-want +got):\n%s", diff)
	}
}

// TestLinksInsideDestination checks that links put into the destination by hand never
// lead a build to write or remove anything outside it.
func TestLinksInsideDestination(t *testing.T) {
	root := t.TempDir()
	src := handbook(t, root)
	dest := filepath.Join(src, "public")
	outside := filepath.Join(root, "outside")
	writeFile(t, filepath.Join(outside, "index.html"), "outside, keep me")
	writeFile(t, filepath.Join(outside, "a.html"), "outside, keep me")
	publish(t, dest, src, oldSite)
	// Folders of the site replaced by links to a folder outside it.
	for _, dir := range []string{"roles/designer", "retired", "owners"} {
		if err := os.RemoveAll(filepath.Join(dest, filepath.FromSlash(dir))); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, filepath.Join(dest, filepath.FromSlash(dir))); err != nil {
			t.Fatal(err)
		}
	}
	publish(t, dest, src, newSite)
	if diff := cmp.Diff(map[string]string{"index.html": "outside, keep me", "a.html": "outside, keep me"}, readTree(t, outside)); diff != "" {
		t.Errorf("the folder outside the destination changed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(withMarker(newSite), readSite(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
}

func TestFailedBuildLeavesOldSite(t *testing.T) {
	tests := []struct {
		name  string
		build func(t *testing.T, d *Dir) bool // reports whether Commit must refuse
	}{
		{"aborted", func(t *testing.T, d *Dir) bool {
			writeTree(t, d, newSite)
			return false
		}},
		{"a write failed", func(t *testing.T, d *Dir) bool {
			writeTree(t, d, newSite)
			// A folder where a file must go makes the write fail, as a full disk would.
			mkdir(t, filepath.Join(d.stage, "blocked"))
			if err := d.WriteFile("blocked", []byte("x")); err == nil {
				t.Fatal("WriteFile over a folder succeeded")
			}
			return true
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := handbook(t, t.TempDir())
			dest := filepath.Join(src, "public")
			publish(t, dest, src, oldSite)
			addGit(t, dest)
			before := fileIDs(t, dest)
			d, err := Begin(dest, Options{Source: src})
			if err != nil {
				t.Fatal(err)
			}
			if tt.build(t, d) {
				if err := d.Commit(); err == nil {
					t.Fatal("Commit succeeded, want it refused")
				}
			}
			for i := 0; i < 2; i++ {
				if err := d.Abort(); err != nil {
					t.Fatalf("Abort #%d = %v", i+1, err)
				}
			}
			if err := d.WriteFile("late.html", nil); err == nil {
				t.Error("WriteFile after Abort succeeded")
			}
			if d.Keep("index.html") {
				t.Error("Keep after Abort succeeded")
			}
			if err := d.Commit(); err == nil {
				t.Error("Commit after Abort succeeded")
			}
			if diff := cmp.Diff(withMarker(oldSite, gitFiles), readSite(t, dest)); diff != "" {
				t.Errorf("old site changed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, fileIDs(t, dest), cmp.AllowUnexported(fileID{})); diff != "" {
				t.Errorf("files were touched (-before +after):\n%s", diff)
			}
			if got := leftovers(t, dest); len(got) > 0 {
				t.Errorf("left behind: %v", got)
			}
		})
	}
}

func TestFailedFirstBuildLeavesNoFolder(t *testing.T) {
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	d, err := Begin(dest, Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, d, newSite)
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dest); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an aborted first build left the destination: %v", err)
	}
}

func TestKeep(t *testing.T) {
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	publish(t, dest, src, oldSite)
	before := fileIDs(t, dest)
	d, err := Begin(dest, Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, rel := range []string{"index.html", "roles/designer/a.html", "people/ops/duties.ics"} {
		if !d.Keep(rel) {
			t.Errorf("Keep(%q) = false, want true", rel)
		}
	}
	if d.Keep("owners/index.html") {
		t.Error("Keep of a file the previous build did not write = true")
	}
	if err := d.WriteFile("owners/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	want := withMarker(map[string]string{"index.html": oldSite["index.html"], "roles/designer/a.html": oldSite["roles/designer/a.html"],
		"people/ops/duties.ics": oldSite["people/ops/duties.ics"], "owners/index.html": "new"})
	if diff := cmp.Diff(want, readSite(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
	after := fileIDs(t, dest)
	if after["index.html"] != before["index.html"] {
		t.Error("a kept file was written again")
	}
}

func TestBusy(t *testing.T) {
	if !lockingSupported {
		t.Skip("folders cannot be locked on this system")
	}
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	publish(t, dest, src, oldSite)
	live, err := Begin(dest, Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, live, newSite)
	if _, err := Begin(dest, Options{Source: src}); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), dest) {
		t.Errorf("a second Begin = %v, want ErrBusy naming the destination", err)
	}
	if err := Recover(dest); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, Stage)); err != nil {
		t.Fatalf("Recover removed the stage of a build in progress: %v", err)
	}
	if err := live.Commit(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(withMarker(newSite), readSite(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
	publish(t, dest, src, oldSite) // the lock was released
}

func TestBeginRefusesForeignFolder(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dest string)
		want  Reason // 0 means accepted
	}{
		{"missing", func(*testing.T, string) {}, 0},
		{"empty folder", func(t *testing.T, dest string) { mkdir(t, dest) }, 0},
		{"only a git checkout", func(t *testing.T, dest string) { addGit(t, dest) }, 0},
		{"a first build killed before its marker", func(t *testing.T, dest string) {
			writeFile(t, filepath.Join(dest, Stage, "index.html"), "staged")
			writeFile(t, filepath.Join(dest, tmpName), "half a journal")
		}, 0},
		{"someone's files", func(t *testing.T, dest string) {
			mkdir(t, dest)
			writeFile(t, filepath.Join(dest, "notes.txt"), "keep me")
		}, ForeignFolder},
		{"someone's files and git", func(t *testing.T, dest string) {
			addGit(t, dest)
			writeFile(t, filepath.Join(dest, "index.html"), "keep me")
		}, ForeignFolder},
		{"a journal without the marker", func(t *testing.T, dest string) {
			writeFile(t, filepath.Join(dest, Journal), journalHeader+"\nend\n")
			writeFile(t, filepath.Join(dest, "index.html"), "keep me")
		}, ForeignFolder},
		{"marker that is a folder", func(t *testing.T, dest string) {
			mkdir(t, filepath.Join(dest, Marker))
			writeFile(t, filepath.Join(dest, "notes.txt"), "keep me")
		}, ForeignFolder},
		{"a file", func(t *testing.T, dest string) { writeFile(t, dest, "keep me") }, NotFolder},
		{"a broken link", func(t *testing.T, dest string) {
			if err := os.Symlink(filepath.Join(filepath.Dir(dest), "nowhere"), dest); err != nil {
				t.Fatal(err)
			}
		}, NotFolder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := handbook(t, t.TempDir())
			dest := filepath.Join(src, "public")
			tt.setup(t, dest)
			before := map[string]string{}
			if info, err := os.Stat(dest); err == nil && info.IsDir() {
				before = readTree(t, dest)
			}
			d, err := Begin(dest, Options{Source: src})
			if tt.want == 0 {
				if err != nil {
					t.Fatalf("Begin = %v, want nil", err)
				}
				if err := d.WriteFile("index.html", []byte("new")); err != nil {
					t.Fatal(err)
				}
				if err := d.Commit(); err != nil {
					t.Fatal(err)
				}
				if got := leftovers(t, dest); len(got) > 0 {
					t.Errorf("left behind: %v", got)
				}
				return
			}
			var refused *RefusedError
			if !errors.As(err, &refused) || refused.Reason != tt.want {
				t.Fatalf("Begin = %v, want a *RefusedError with reason %d", err, tt.want)
			}
			if tt.want == ForeignFolder && !strings.Contains(err.Error(), "remove") {
				t.Errorf("Begin = %v, want it to say how to proceed", err)
			}
			if info, err := os.Stat(dest); err == nil && info.IsDir() {
				if diff := cmp.Diff(before, readTree(t, dest)); diff != "" {
					t.Errorf("refused folder changed (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func mkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, p, body string) {
	t.Helper()
	mkdir(t, filepath.Dir(p))
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWriteFilePaths(t *testing.T) {
	tests := []struct {
		rel string
		ok  bool
	}{
		{"index.html", true},
		{"roles/after-sales/index.html", true},
		// Only "/" separates elements, so this is a folder literally named "%2e%2e".
		{"%2e%2e/x", true},
		{"..a/b", true},
		{"a..b/c", true},
		{"console.html", true},
		{"contact/con-tact.html", true},
		{"com10.html", true},
		{"roles/.rolebook", true},
		{".well-known/security.txt", true},
		{"关于/index.html", true},
		{"", false},
		{"../x", false},
		{"a/../../x", false},
		{"a/..", false},
		{"./a", false},
		{".", false},
		{"..", false},
		{"/etc/x", false},
		{"a//b", false},
		{"a/", false},
		{`a\b`, false},
		{`..\x`, false},
		{"c:x", false},
		{"C:/x", false},
		{"a\x00b", false},
		{"a\nb", false},
		{"con.html", false},
		{"Aux", false},
		{"roles/nul", false},
		{"COM1.txt", false},
		{"lpt9.tar.gz", false},
		{"Com¹.html", false},
		{"prn .html", false},
		{"trailing.", false},
		{"trailing ", false},
		{".git/config", false},
		{"a/.GIT/x", false},
		{".rolebook", false},
		{".rolebook-journal", false},
		{".Rolebook-stage/x", false},
		{".rolebook2", false},
		{"roles/.rolebook-journal", true},
		{"rolebook/index.html", true},
	}
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	d, err := Begin(dest, Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	want := map[string]string{}
	for _, tt := range tests {
		err := d.WriteFile(tt.rel, []byte(tt.rel))
		var invalid *InvalidPathError
		switch {
		case tt.ok && err != nil:
			t.Errorf("WriteFile(%q) = %v, want nil", tt.rel, err)
		case tt.ok:
			want[tt.rel] = tt.rel
		case !errors.As(err, &invalid) || invalid.Rel != tt.rel:
			t.Errorf("WriteFile(%q) = %v, want an *InvalidPathError naming it", tt.rel, err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(withMarker(want), readSite(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{".git", "content", "public", "templates"}, names); diff != "" {
		t.Errorf("beside the destination (-want +got):\n%s", diff)
	}
}

func TestConcurrentWrites(t *testing.T) {
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	publish(t, dest, src, oldSite)
	d, err := Begin(dest, Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	const writers, files = 50, 40
	want := map[string]string{}
	for w := range writers {
		for f := range files {
			// Writers share folders, so they race to create them.
			want[fmt.Sprintf("people/p%d/duty%d/w%d.html", f%5, f%7, w)] = fmt.Sprintf("writer %d file %d", w, f)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for f := range files {
				rel := fmt.Sprintf("people/p%d/duty%d/w%d.html", f%5, f%7, w)
				if err := d.WriteFile(rel, []byte(fmt.Sprintf("writer %d file %d", w, f))); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(withMarker(want), readSite(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
}

// TestWrittenTwice checks that the last write of a path wins, whether the earlier one
// was staged or matched the file in place.
func TestWrittenTwice(t *testing.T) {
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	publish(t, dest, src, oldSite)
	d, err := Begin(dest, Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ rel, body string }{
		{"index.html", "changed"}, {"index.html", oldSite["index.html"]}, // staged, then as in place
		{"roles/index.html", oldSite["roles/index.html"]}, {"roles/index.html", "changed"}, // the other way round
	} {
		if err := d.WriteFile(w.rel, []byte(w.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	want := withMarker(map[string]string{"index.html": oldSite["index.html"], "roles/index.html": "changed"})
	if diff := cmp.Diff(want, readSite(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
}

func TestPermissionDenied(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which ignores folder permissions, so permission errors cannot be provoked")
	}
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	publish(t, dest, src, oldSite)
	if err := os.Chmod(dest, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dest, 0o755) })
	_, err := Begin(dest, Options{Source: src})
	if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), dest) {
		t.Errorf("got error %v, want a permission error naming %s", err, dest)
	}
	if err := os.Chmod(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(withMarker(oldSite), readSite(t, dest)); diff != "" {
		t.Errorf("old site changed (-want +got):\n%s", diff)
	}
}

// TestParentReadOnly checks that only the destination itself must be writable: a
// build never writes beside it.
func TestParentReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which ignores folder permissions")
	}
	root := t.TempDir()
	src := handbook(t, root)
	parent := filepath.Join(root, "www")
	dest := filepath.Join(parent, "handbook")
	publish(t, dest, src, oldSite)
	if err := os.Chmod(parent, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(parent, 0o755) })
	publish(t, dest, src, newSite)
	if diff := cmp.Diff(withMarker(newSite), readSite(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
}

// TestRecoverAfterCrash stops Commit before each of its steps in turn, as a killed
// process would stop, and checks that every file is then old or new, and that Recover
// leaves the old site (before the decision) or the new one (after it).
func TestRecoverAfterCrash(t *testing.T) {
	for _, first := range []bool{false, true} {
		old := oldSite
		name := "rebuild"
		if first {
			old, name = map[string]string{}, "first build"
		}
		t.Run(name, func(t *testing.T) {
			steps := commitSteps(t, old, newSite)
			for i, step := range steps {
				t.Run(fmt.Sprintf("%d-%s", i, step), func(t *testing.T) {
					src := handbook(t, t.TempDir())
					dest := filepath.Join(src, "public")
					if len(old) > 0 {
						publish(t, dest, src, old)
					}
					addGit(t, dest)
					d, err := Begin(dest, Options{Source: src})
					if err != nil {
						t.Fatal(err)
					}
					n := 0
					d.hook = func(string) error {
						n++
						if n > i {
							return errCrash
						}
						return nil
					}
					writeTree(t, d, newSite)
					if err := d.Commit(); !errors.Is(err, errCrash) {
						t.Fatalf("Commit = %v, want it stopped before step %d (%s)", err, i, step)
					}
					oldOrNew(t, dest, old, newSite)
					decided := slices.Index(steps, "move") <= i
					if err := Recover(dest); err != nil {
						t.Fatal(err)
					}
					want := withMarker(old, gitFiles)
					if decided {
						want = withMarker(newSite, gitFiles)
					}
					if len(old) == 0 && !decided && i <= slices.Index(steps, "marker") {
						want = gitFiles
					}
					if diff := cmp.Diff(want, readSite(t, dest)); diff != "" {
						t.Errorf("after Recover (-want +got):\n%s", diff)
					}
					if got := leftovers(t, dest); len(got) > 0 {
						t.Errorf("left behind: %v", got)
					}
					// The next build runs normally.
					publish(t, dest, src, oldSite)
					if diff := cmp.Diff(withMarker(oldSite, gitFiles), readSite(t, dest)); diff != "" {
						t.Errorf("the next build (-want +got):\n%s", diff)
					}
				})
			}
		})
	}
}

// commitSteps returns the names of the steps of a Commit from old to new, in order.
func commitSteps(t *testing.T, old, new map[string]string) []string {
	t.Helper()
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	if len(old) > 0 {
		publish(t, dest, src, old)
	}
	d, err := Begin(dest, Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	d.hook = func(step string) error {
		steps = append(steps, step)
		return nil
	}
	writeTree(t, d, new)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return steps
}

// oldOrNew checks that every file of the site at dest is as old or new has it, and
// that no file is there that neither has.
func oldOrNew(t *testing.T, dest string, old, new map[string]string) {
	t.Helper()
	got := readTree(t, dest)
	for rel, body := range got {
		if strings.HasPrefix(rel, ".git/") || reserved(strings.Split(rel, "/")[0]) {
			continue
		}
		o, inOld := old[rel]
		n, inNew := new[rel]
		if !(inOld && body == o) && !(inNew && body == n) {
			t.Errorf("%s is neither old nor new: %q", rel, body)
		}
	}
	for rel := range old {
		if _, ok := got[rel]; !ok {
			if _, inNew := new[rel]; inNew {
				t.Errorf("%s, in both sites, is missing", rel)
			}
		}
	}
}

func TestRecoverLegacyLeftovers(t *testing.T) {
	for _, destMissing := range []bool{false, true} {
		t.Run(fmt.Sprintf("destination missing %v", destMissing), func(t *testing.T) {
			src := handbook(t, t.TempDir())
			dest := filepath.Join(src, "public")
			publish(t, dest, src, oldSite)
			aside := filepath.Join(src, ".public.rolebook-old-123")
			if destMissing {
				addGit(t, dest)
				if err := os.Rename(dest, aside); err != nil {
					t.Fatal(err)
				}
			} else {
				addGit(t, aside)
			}
			writeFile(t, filepath.Join(src, ".public.rolebook-tmp-456", "index.html"), "half a site")
			// Names that only look like leftovers of this destination are not touched.
			lookalikes := []string{".public.rolebook-tmp-x1", ".public.rolebook-tmp-", ".public.rolebook-tmp-.rolebook-tmp-1"}
			for _, name := range lookalikes {
				mkdir(t, filepath.Join(src, name))
			}
			if err := Recover(dest); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(withMarker(oldSite, gitFiles), readSite(t, dest)); diff != "" {
				t.Errorf("after Recover (-want +got):\n%s", diff)
			}
			got := leftovers(t, dest)
			sort.Strings(lookalikes)
			if diff := cmp.Diff(lookalikes, got); diff != "" {
				t.Errorf("beside the destination (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJournalRoundTrip(t *testing.T) {
	j := &journal{files: map[string]*entry{
		"index.html":        {hash: hashOf([]byte("a")), known: true, size: 1, mtime: 1700000000123456789},
		"a b/c d.html":      {hash: hashOf([]byte("b")), known: true, size: 0, mtime: -5, staged: true},
		"关于/index.html":     {hash: hashOf([]byte("c")), known: true, size: 1 << 40, mtime: 0},
		"%2e%2e/x":          {hash: hashOf(nil), known: true},
		"roles/.rolebook/x": {hash: hashOf([]byte("d")), known: true, size: 3},
	}, removed: []string{"old/index.html", "old"}}
	got, err := parseJournal(j.encode())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(j, got, cmp.AllowUnexported(journal{}, entry{})); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	whole := j.encode()
	for _, cut := range []int{0, 5, len(journalHeader) + 1, len(whole) - 4, len(whole) - 1} {
		if _, err := parseJournal(whole[:cut]); err == nil {
			t.Errorf("a journal cut at %d of %d bytes was accepted", cut, len(whole))
		}
	}
}

// FuzzJournal checks that no journal, however damaged, makes the parser fail other than
// with an error, or accept a path a site could not write.
func FuzzJournal(f *testing.F) {
	j := &journal{files: map[string]*entry{"index.html": {hash: hashOf([]byte("a")), known: true, size: 1, mtime: 2}},
		removed: []string{"old"}}
	f.Add(j.encode())
	f.Add([]byte(journalHeader + "\n= 00 1 2 ../x\nend\n"))
	f.Add([]byte(journalHeader + "\nend\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := parseJournal(data)
		if err != nil {
			return
		}
		for rel := range got.files {
			if validRel(rel) != nil {
				t.Errorf("accepted the invalid path %q", rel)
			}
		}
		for _, rel := range got.removed {
			if validRel(rel) != nil {
				t.Errorf("accepted the invalid path %q", rel)
			}
		}
		again, err := parseJournal(got.encode())
		if err != nil || len(again.files) != len(got.files) {
			t.Errorf("re-encoded journal does not parse the same: %v", err)
		}
	})
}

// FuzzValidRel checks that every output path validRel accepts stays inside the
// temporary folder, whatever the input.
func FuzzValidRel(f *testing.F) {
	for _, s := range []string{"index.html", "a/b/index.html", "../x", "a/../../x", "/etc/x", `a\b`, "con.html", "%2e%2e/x", "a//b", ".git/config", "a\x00b"} {
		f.Add(s)
	}
	root := filepath.Join(string(filepath.Separator), "site", "tmp")
	f.Fuzz(func(t *testing.T, rel string) {
		if validRel(rel) != nil {
			return
		}
		p := filepath.Join(root, filepath.FromSlash(rel))
		if !strings.HasPrefix(p, root+string(filepath.Separator)) {
			t.Errorf("validRel accepted %q, which lands at %s outside %s", rel, p, root)
		}
		for _, seg := range strings.Split(rel, "/") {
			if seg == ".." || seg == "." || seg == "" || strings.ContainsRune(seg, 0) {
				t.Errorf("validRel accepted %q with segment %q", rel, seg)
			}
		}
	})
}
