package publish

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// Marker is the name of the file Commit writes at the top of every site it publishes;
// Begin replaces a non-empty destination only when it holds this file.
const Marker = ".rolebook"

const markerText = "This folder is written by Rolebook. Each build replaces everything in it except .git.\n"

// Options configures Begin.
type Options struct {
	// Source is the handbook's source folder (empty means the current folder); the
	// destination may not be it, contain it, or sit in its content/ or templates/.
	Source string
}

// Dir is a build in progress: a temporary folder that becomes the destination at Commit.
// WriteFile and Create may be called from many goroutines at once; Commit and Abort are
// called once all writes have returned.
type Dir struct {
	dest   string // the real destination path, symbolic links evaluated
	parent string
	base   string
	suffix string // the random digits shared by the temporary and old names
	tmp    string
	mode   fs.FileMode // permissions the published folder gets

	// mu is held for reading by each write and for writing by Commit and Abort, so
	// that they never run in the middle of a write.
	mu     sync.RWMutex
	state  state
	open   atomic.Int64 // files returned by Create and not closed yet
	failed error        // the first write that failed; guarded by failMu
	failMu sync.Mutex
	dirs   sync.Map // slash folder paths already created in tmp
	lock   io.Closer

	// exchange swaps two paths atomically or returns errNoExchange; tests replace it
	// to run the rename fallback on Linux too.
	exchange func(a, b string) error
	// hook, when set by a test, runs after each step of Commit; an error stops Commit
	// there without cleaning up, as a killed process would.
	hook func(step string) error
}

type state int

const (
	building state = iota
	committed
	aborted
)

// Begin checks dest (see Check), cleans up after a killed build (see Recover), and
// creates a fresh temporary folder beside dest. It refuses a destination that exists and
// is not a folder, and a non-empty folder without the ".rolebook" marker, which Rolebook
// did not make. When dest is a symbolic link the site is published at the folder it
// points to, and the link is left as it is.
func Begin(dest string, opts Options) (*Dir, error) {
	if err := Check(dest, opts.Source); err != nil {
		return nil, err
	}
	real, err := realPath(dest)
	if err != nil {
		return nil, err
	}
	if err := Recover(real); err != nil {
		return nil, err
	}
	d := &Dir{
		dest:     real,
		parent:   filepath.Dir(real),
		base:     filepath.Base(real),
		mode:     0o755,
		exchange: exchange,
	}
	if err := d.checkExisting(dest); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(d.parent, 0o755); err != nil {
		return nil, fmt.Errorf("creating the folder of the destination: %w", err)
	}
	tmp, err := os.MkdirTemp(d.parent, tmpPrefix(d.base))
	if err != nil {
		return nil, fmt.Errorf("creating the temporary folder beside %s: %w", real, err)
	}
	d.tmp = tmp
	d.suffix = strings.TrimPrefix(filepath.Base(tmp), tmpPrefix(d.base))
	lock, err := lockDir(tmp)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("locking %s: %w", tmp, err), os.RemoveAll(tmp))
	}
	d.lock = lock
	return d, nil
}

// checkExisting refuses an existing destination that is not Rolebook's to replace and
// remembers its permissions for the new site.
func (d *Dir) checkExisting(given string) error {
	info, err := os.Lstat(d.dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("inspecting the destination: %w", err)
	}
	if !info.IsDir() {
		return &RefusedError{Dest: given, Reason: NotFolder,
			Why:  fmt.Sprintf("%s exists and is not a folder", d.dest),
			Hint: "remove it or " + hintOther}
	}
	d.mode = info.Mode().Perm()
	if m, err := os.Lstat(filepath.Join(d.dest, Marker)); err == nil && m.Mode().IsRegular() {
		return nil
	}
	entries, err := os.ReadDir(d.dest)
	if err != nil {
		return fmt.Errorf("inspecting the destination: %w", err)
	}
	for _, e := range entries {
		if e.Name() != ".git" {
			return &RefusedError{Dest: given, Reason: ForeignFolder,
				Why: fmt.Sprintf("%s is not empty and was not made by Rolebook (it has no %s file)", d.dest, Marker),
				Hint: "every file in it would be replaced, so remove the folder yourself if that is what you want, " +
					"or pick another destination with -d"}
		}
	}
	return nil
}

// Path returns the temporary folder the site is written into.
func (d *Dir) Path() string { return d.tmp }

// WriteFile writes data at the slash path rel inside the temporary folder, creating the
// folders above it. It is safe for concurrent use. An invalid rel is an
// *InvalidPathError and nothing is written; once a write fails, Commit refuses.
func (d *Dir) WriteFile(rel string, data []byte) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	name, err := d.prepare(rel)
	if err != nil {
		return err
	}
	if err := writeNew(name, data); err != nil {
		return d.fail(fmt.Errorf("writing %s: %w", rel, err))
	}
	return nil
}

// Create is like WriteFile but streams: it returns a buffered file to write rel into,
// which the caller must close before Commit. It is safe for concurrent use.
func (d *Dir) Create(rel string) (io.WriteCloser, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	f, err := d.create(rel)
	if err != nil {
		return nil, err
	}
	d.open.Add(1)
	return &file{d: d, rel: rel, f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

// prepare checks rel and creates its folders in tmp, returning the file's path there;
// d.mu is held for reading.
func (d *Dir) prepare(rel string) (string, error) {
	if d.state != building {
		return "", fmt.Errorf("writing %s: the build was already committed or aborted", rel)
	}
	if err := validRel(rel); err != nil {
		return "", err
	}
	if err := d.mkdirs(path.Dir(rel)); err != nil {
		return "", d.fail(fmt.Errorf("writing %s: %w", rel, err))
	}
	return filepath.Join(d.tmp, filepath.FromSlash(rel)), nil
}

// create opens rel for writing in tmp; d.mu is held for reading.
func (d *Dir) create(rel string) (*os.File, error) {
	name, err := d.prepare(rel)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, d.fail(fmt.Errorf("writing %s: %w", rel, err))
	}
	return f, nil
}

// mkdirs creates the slash folder dir and its parents in tmp, once per folder for the
// whole build: a site has many files per folder, so a cache beats MkdirAll per file.
func (d *Dir) mkdirs(dir string) error {
	if dir == "." {
		return nil
	}
	if _, ok := d.dirs.Load(dir); ok {
		return nil
	}
	if err := d.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	// Another goroutine may create it at the same moment; that is fine. A file of the
	// same name makes the next open fail with "not a directory".
	if err := os.Mkdir(filepath.Join(d.tmp, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.dirs.Store(dir, struct{}{})
	return nil
}

// fail records the first failed write so that Commit refuses, and returns err.
func (d *Dir) fail(err error) error {
	d.failMu.Lock()
	if d.failed == nil {
		d.failed = err
	}
	d.failMu.Unlock()
	return err
}

// file is what Create returns.
type file struct {
	d    *Dir
	rel  string
	f    *os.File
	w    *bufio.Writer
	once sync.Once
}

func (f *file) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err != nil {
		err = f.d.fail(fmt.Errorf("writing %s: %w", f.rel, err))
	}
	return n, err
}

// Close flushes and closes the file; closing twice is harmless.
func (f *file) Close() error {
	var err error
	f.once.Do(func() {
		err = f.w.Flush()
		if cerr := f.f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			err = f.d.fail(fmt.Errorf("writing %s: %w", f.rel, err))
		}
		f.d.open.Add(-1)
	})
	return err
}

// Abort removes the temporary folder and leaves the destination as it was. It is safe to
// call after Commit (it does nothing) and more than once.
func (d *Dir) Abort() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.state == committed {
		return nil
	}
	d.state = aborted
	return d.cleanup()
}

// cleanup removes the temporary folder and releases its lock; d.mu is held. It can be
// retried: a folder that is already gone is not an error.
func (d *Dir) cleanup() error {
	var errs []error
	if d.lock != nil {
		errs = append(errs, d.lock.Close())
		d.lock = nil
	}
	if err := os.RemoveAll(d.tmp); err != nil {
		errs = append(errs, fmt.Errorf("removing the temporary folder: %w", err))
	}
	return errors.Join(errs...)
}

// InvalidPathError reports an output path that could write outside the site or that some
// systems cannot store. Nothing is written for it.
type InvalidPathError struct {
	Rel string
	Why string
}

func (e *InvalidPathError) Error() string {
	return fmt.Sprintf("invalid output path %q: %s", e.Rel, e.Why)
}

// validRel checks an output path: relative, slash-separated, every element a plain name.
func validRel(rel string) error {
	bad := func(why string) error { return &InvalidPathError{Rel: rel, Why: why} }
	if rel == "" {
		return bad("it is empty")
	}
	if rel[0] == '/' {
		return bad("it is absolute")
	}
	for _, c := range rel {
		switch {
		case c == '\\':
			return bad("it contains a backslash; separate folders with /")
		case c == ':':
			return bad("it contains a colon, which Windows reads as a drive or a stream")
		case c < 0x20 || c == 0x7f:
			return bad("it contains a control character")
		}
	}
	for i, elem := range strings.Split(rel, "/") {
		switch {
		case elem == "":
			return bad("it has an empty element")
		case elem == "." || elem == "..":
			return bad("it has a . or .. element")
		case strings.HasSuffix(elem, ".") || strings.HasSuffix(elem, " "):
			return bad(fmt.Sprintf("%q ends in a dot or space, which Windows drops", elem))
		case reservedOnWindows(elem):
			return bad(fmt.Sprintf("%q is a device name on Windows", elem))
		case strings.EqualFold(elem, ".git"):
			return bad("a site may not write into .git, which Commit keeps from the previous site")
		case i == 0 && strings.EqualFold(elem, Marker):
			return bad(Marker + " is the marker Commit writes")
		}
	}
	return nil
}

// reservedOnWindows reports whether name is a device name on Windows, with or without an
// extension and in any case: CON, PRN, AUX, NUL, COM0-9, LPT0-9 (and the superscript
// digits ¹²³, which Windows treats as digits there).
func reservedOnWindows(name string) bool {
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[:i]
	}
	name = strings.ToUpper(strings.TrimRight(name, " "))
	switch name {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if strings.HasPrefix(name, "COM") || strings.HasPrefix(name, "LPT") {
		switch name[3:] {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}
