package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

// leftovers lists the entries beside dest that a build made and should have removed.
func leftovers(t *testing.T, dest string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
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
func publish(t *testing.T, dest, src string, tree map[string]string) {
	t.Helper()
	d, err := Begin(dest, Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, d, tree)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
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
	}
	newSite = map[string]string{
		"index.html":            "<h1>New handbook</h1>",
		"roles/index.html":      "new roles",
		"roles/designer/a.html": "new designer",
		"matrix/matrix.csv":     "duty,operations,design\n",
		"matrix/matrix.json":    "{}",
		"assets/style.css":      "body{}",
		"owners/index.html":     "every duty and its one owner",
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
		p := filepath.Join(dest, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func noExchange(string, string) error { return errNoExchange }

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

func TestCommitReplacesOldSite(t *testing.T) {
	tests := []struct {
		name     string
		exchange func(a, b string) error
		old      bool // an earlier build is in place
		git      bool // the destination has a .git folder
	}{
		{"first build", exchange, false, false},
		{"first build into a pages checkout", exchange, false, true},
		{"rebuild", exchange, true, false},
		{"rebuild keeps git", exchange, true, true},
		{"rebuild with renames", noExchange, true, false},
		{"rebuild with renames keeps git", noExchange, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			src := handbook(t, root)
			dest := filepath.Join(src, "public")
			if tt.old {
				publish(t, dest, src, oldSite)
			}
			if tt.git {
				addGit(t, dest)
			}
			d, err := Begin(dest, Options{Source: src})
			if err != nil {
				t.Fatal(err)
			}
			d.exchange = tt.exchange
			writeTree(t, d, newSite)
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			want := withMarker(newSite)
			if tt.git {
				want = withMarker(newSite, gitFiles)
			}
			if diff := cmp.Diff(want, readTree(t, dest)); diff != "" {
				t.Errorf("published site (-want +got):\n%s", diff)
			}
			if got := leftovers(t, dest); len(got) > 0 {
				t.Errorf("left beside the destination: %v", got)
			}
			if err := d.Abort(); err != nil {
				t.Errorf("Abort after Commit = %v, want nil", err)
			}
			if got := readTree(t, dest); len(got) != len(want) {
				t.Errorf("Abort after Commit changed the site: %d files, want %d", len(got), len(want))
			}
		})
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
	if diff := cmp.Diff(withMarker(newSite), readTree(t, target)); diff != "" {
		t.Errorf("site at the link's target (-want +got):\n%s", diff)
	}
}

func TestFailedBuildLeavesOldSite(t *testing.T) {
	tests := []struct {
		name  string
		build func(t *testing.T, d *Dir) error // returns the error Commit must see, if any
	}{
		{"aborted", func(t *testing.T, d *Dir) error {
			writeTree(t, d, newSite)
			return nil
		}},
		{"a write failed", func(t *testing.T, d *Dir) error {
			writeTree(t, d, newSite)
			// A folder where a file must go makes the write fail, as a full disk would.
			if err := os.Mkdir(filepath.Join(d.Path(), "blocked"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := d.WriteFile("blocked", []byte("x")); err == nil {
				t.Fatal("WriteFile over a folder succeeded")
			}
			return errors.New("commit refused")
		}},
		{"a stream is still open", func(t *testing.T, d *Dir) error {
			w, err := d.Create("big.html")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { w.Close() })
			return errors.New("commit refused")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := handbook(t, t.TempDir())
			dest := filepath.Join(src, "public")
			publish(t, dest, src, oldSite)
			addGit(t, dest)
			d, err := Begin(dest, Options{Source: src})
			if err != nil {
				t.Fatal(err)
			}
			if tt.build(t, d) != nil {
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
			if err := d.Commit(); err == nil {
				t.Error("Commit after Abort succeeded")
			}
			if diff := cmp.Diff(withMarker(oldSite, gitFiles), readTree(t, dest)); diff != "" {
				t.Errorf("old site changed (-want +got):\n%s", diff)
			}
			if got := leftovers(t, dest); len(got) > 0 {
				t.Errorf("left beside the destination: %v", got)
			}
		})
	}
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
		{"someone's files", func(t *testing.T, dest string) {
			mkdir(t, dest)
			writeFile(t, filepath.Join(dest, "notes.txt"), "keep me")
		}, ForeignFolder},
		{"someone's files and git", func(t *testing.T, dest string) {
			addGit(t, dest)
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
				d.Abort()
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
			if got := leftovers(t, dest); len(got) > 0 {
				t.Errorf("left beside the destination: %v", got)
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
		if !tt.ok {
			if _, err := d.Create(tt.rel); !errors.As(err, &invalid) {
				t.Errorf("Create(%q) = %v, want an *InvalidPathError", tt.rel, err)
			}
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(withMarker(want), readTree(t, dest)); diff != "" {
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
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range files {
				rel := fmt.Sprintf("people/p%d/duty%d/w%d.html", f%5, f%7, w)
				body := []byte(fmt.Sprintf("writer %d file %d", w, f))
				if f%2 == 0 {
					if err := d.WriteFile(rel, body); err != nil {
						errs <- err
						return
					}
					continue
				}
				out, err := d.Create(rel)
				if err != nil {
					errs <- err
					return
				}
				if _, err := out.Write(body); err != nil {
					errs <- err
					return
				}
				if err := out.Close(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(withMarker(want), readTree(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
}

func TestPermissionDenied(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which ignores folder permissions, so permission errors cannot be provoked")
	}
	tests := []struct {
		name   string
		before bool // the parent is read-only before Begin (else between Begin and Commit)
	}{
		{"at begin", true},
		{"at commit", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			src := handbook(t, root)
			parent := filepath.Join(root, "www")
			dest := filepath.Join(parent, "handbook")
			publish(t, dest, src, oldSite)
			readOnly := func() {
				if err := os.Chmod(parent, 0o500); err != nil {
					t.Fatal(err)
				}
			}
			writable := func() {
				if err := os.Chmod(parent, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			t.Cleanup(writable)
			var err error
			if tt.before {
				readOnly()
				_, err = Begin(dest, Options{Source: src})
			} else {
				var d *Dir
				d, err = Begin(dest, Options{Source: src})
				if err != nil {
					t.Fatal(err)
				}
				writeTree(t, d, newSite)
				readOnly()
				err = d.Commit()
				writable()
				// The read-only parent also kept Commit from removing the temporary
				// folder; once it is writable again, Abort finishes the job.
				if aerr := d.Abort(); aerr != nil {
					t.Errorf("Abort = %v", aerr)
				}
			}
			if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), parent) {
				t.Errorf("got error %v, want a permission error naming %s", err, parent)
			}
			writable()
			if diff := cmp.Diff(withMarker(oldSite), readTree(t, dest)); diff != "" {
				t.Errorf("old site changed (-want +got):\n%s", diff)
			}
			if got := leftovers(t, dest); len(got) > 0 {
				t.Errorf("left beside the destination: %v", got)
			}
		})
	}
}

func TestRecoverAfterCrash(t *testing.T) {
	tests := []struct {
		name     string
		exchange func(a, b string) error
		noOld    bool   // the first build: there is no old site
		step     string // the Commit step after which the process dies
		wantNew  bool   // the destination holds the new site after Recover
	}{
		{"exchange after marker", exchange, false, "marker", false},
		{"exchange after staging", exchange, false, "staged", false},
		{"exchange after swap", exchange, false, "swapped", true},
		{"exchange after git moved", exchange, false, "git", true},
		{"renames after marker", noExchange, false, "marker", false},
		{"renames with old site aside", noExchange, false, "aside", false},
		{"renames after swap", noExchange, false, "swapped", true},
		{"renames after git moved", noExchange, false, "git", true},
		{"first build after marker", exchange, true, "marker", false},
		{"first build after rename", exchange, true, "renamed", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := handbook(t, t.TempDir())
			dest := filepath.Join(src, "public")
			old := map[string]string{}
			if !tt.noOld {
				publish(t, dest, src, oldSite)
				addGit(t, dest)
				old = withMarker(oldSite, gitFiles)
			}
			d, err := Begin(dest, Options{Source: src})
			if err != nil {
				t.Fatal(err)
			}
			d.exchange = tt.exchange
			d.hook = func(step string) error {
				if step == tt.step {
					return errCrash
				}
				return nil
			}
			writeTree(t, d, newSite)
			if err := d.Commit(); !errors.Is(err, errCrash) {
				t.Fatalf("Commit = %v, want it stopped after %s", err, tt.step)
			}
			if err := Recover(dest); err != nil {
				t.Fatal(err)
			}
			want := old
			if tt.wantNew {
				want = withMarker(newSite, gitFiles)
				if tt.noOld {
					want = withMarker(newSite)
				}
			}
			got := map[string]string{}
			if _, err := os.Stat(dest); err == nil {
				got = readTree(t, dest)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("destination after Recover (-want +got):\n%s", diff)
			}
			if got := leftovers(t, dest); len(got) > 0 {
				t.Errorf("left beside the destination: %v", got)
			}
			// The next build runs normally.
			publish(t, dest, src, oldSite)
		})
	}
}

func TestRecoverLeavesLiveBuild(t *testing.T) {
	src := handbook(t, t.TempDir())
	dest := filepath.Join(src, "public")
	publish(t, dest, src, oldSite)
	live, err := Begin(dest, Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	writeTree(t, live, newSite)
	// Names that only look like leftovers of this destination are not touched.
	lookalikes := []string{".public.rolebook-tmp-x1", ".public.rolebook-tmp-", ".public.rolebook-tmp-.rolebook-tmp-1"}
	for _, name := range lookalikes {
		mkdir(t, filepath.Join(src, name))
	}
	if err := Recover(dest); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(live.Path()); err != nil && lockingSupported {
		t.Fatalf("Recover removed the folder of a build in progress: %v", err)
	}
	if !lockingSupported {
		t.Skip("folders cannot be locked on this system")
	}
	if err := live.Commit(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(withMarker(newSite), readTree(t, dest)); diff != "" {
		t.Errorf("published site (-want +got):\n%s", diff)
	}
	got := leftovers(t, dest)
	sort.Strings(lookalikes)
	if diff := cmp.Diff(lookalikes, got); diff != "" {
		t.Errorf("beside the destination (-want +got):\n%s", diff)
	}
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
