package publish

import (
	"bytes"
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
// Begin updates a non-empty destination only when it holds this file.
const Marker = ".rolebook"

const markerText = "This folder is written by Rolebook. Each build updates the files it made and removes those it no longer makes " +
	"(" + Journal + " lists them); rolebook build --clean also removes files it did not make. A .git folder is left alone.\n"

// Options configures Begin.
type Options struct {
	// Source is the handbook's source folder (empty means the current folder); the
	// destination may not be it, contain it, or sit in its content/ or templates/.
	Source string
	// Clean trusts nothing the journal says: each file the build writes is compared
	// with the one in place by its bytes, and every file of the destination the build
	// does not write is removed (the top-level .git folder excepted). Without Clean,
	// files in the destination that no build wrote are left alone.
	Clean bool
}

// Dir is a build in progress: the files that changed wait in the stage until Commit
// moves them into the destination. WriteFile and Keep may be called from many
// goroutines at once; Commit and Abort are called once all writes have returned.
type Dir struct {
	dest    string // the real destination path, symbolic links evaluated
	stage   string
	created bool // Begin made the destination folder
	lock    io.Closer
	dirFD   int // the destination's folder, open for the lock; -1 where there is none (fileAt)

	// old is the site in place: from the journal, or from walking the destination
	// (walked), in which case hashes are unknown and files are compared by bytes.
	old        map[string]*entry
	walked     bool
	oldFolders []string // the folders found by the walk

	// mu is held for reading by each write and for writing by Commit and Abort, so
	// that they never run in the middle of a write.
	mu     sync.RWMutex
	state  state
	failed error // the first write that failed; guarded by failMu
	failMu sync.Mutex

	filesMu sync.Mutex
	files   map[string]*entry // the new site, by path
	dirs    sync.Map          // slash folder paths already created in the stage

	stats Stats

	// checking is closed when the background check of the files in place
	// (CheckAhead) has returned; stopCheck tells it to return early, or not to start.
	checkMu   sync.Mutex
	checking  chan struct{}
	stopCheck atomic.Bool

	// hook, when set by a test, runs before each step of Commit and of a recovery;
	// an error stops it there without cleaning up, as a killed process would.
	hook func(step string) error
}

// Stats count what a Commit did to the destination.
type Stats struct {
	// Written is the number of files moved into place: new files and files whose
	// bytes changed.
	Written int
	// Unchanged is the number of files left exactly as they were (same inode, same
	// modification time), because the build produced the same bytes or kept them.
	Unchanged int
	// Removed is the number of files removed because the build no longer produces
	// them (with --clean or without a journal, files it never made included).
	Removed int
}

type state int

const (
	building state = iota
	committed
	aborted
	// decided: Commit failed after recording its decision; the stage is kept for the
	// next build to complete the commit.
	decided
)

// ErrBusy is returned (wrapped) by Begin when another build is publishing into the
// same destination.
var ErrBusy = errors.New("another build is publishing into the destination")

// Begin checks dest (see Check), refuses a destination that exists and is not a
// folder or that is a non-empty folder without the ".rolebook" marker, which Rolebook
// did not make; creates the folder when it is missing; takes the destination's lock
// (ErrBusy when another build holds it); completes or rolls back a commit that a killed
// build left unfinished (see Recover); and reads the journal of the site in place.
// When dest is a symbolic link the site is published at the folder it points to, and
// the link is left as it is.
func Begin(dest string, opts Options) (*Dir, error) {
	if err := Check(dest, opts.Source); err != nil {
		return nil, err
	}
	real, err := realPath(dest)
	if err != nil {
		return nil, err
	}
	// An older Rolebook swapped whole folders beside the destination; one killed in
	// the middle may have left the previous site there, and the destination missing.
	if err := recoverLegacy(real); err != nil {
		return nil, err
	}
	d := &Dir{dest: real, stage: filepath.Join(real, Stage), files: map[string]*entry{}, dirFD: -1}
	exists, err := checkExisting(dest, real)
	if err != nil {
		return nil, err
	}
	if !exists {
		if err := os.MkdirAll(real, 0o755); err != nil {
			return nil, fmt.Errorf("creating the destination: %w", err)
		}
		d.created = true
	}
	lock, err := lockDir(real)
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("%w %s; wait for it to finish", ErrBusy, real)
	}
	if err != nil {
		return nil, d.undo(fmt.Errorf("locking the destination: %w", err))
	}
	d.lock = lock
	if f, ok := lock.(*os.File); ok {
		d.dirFD = int(f.Fd()) // the destination's folder, open for as long as the lock
	}
	if err := d.recoverCommit(); err != nil {
		return nil, d.undo(err)
	}
	if !opts.Clean {
		j, err := readJournal(filepath.Join(real, Journal))
		if err == nil && j != nil {
			d.old = j.files
		}
		// A damaged journal (only a power cut makes one) is treated as none: the
		// destination is compared file by file.
	}
	if d.old == nil {
		d.walked = true
		if d.old, d.oldFolders, err = walkSite(real); err != nil {
			return nil, d.undo(err)
		}
	}
	d.files = make(map[string]*entry, len(d.old)) // most files stay
	if err := os.Mkdir(d.stage, 0o755); err != nil {
		return nil, d.undo(fmt.Errorf("creating the stage in the destination: %w", err))
	}
	return d, nil
}

// Values of entry.check.
const (
	checkIntact  = 1 // a regular file of the size and modification time recorded
	checkChanged = 2 // removed, replaced or edited since
)

// CheckAhead starts looking at every file the journal lists, in the background, to
// tell whether it is still the file recorded (see intact), so that a build whose pages
// are mostly unchanged finds the answers ready when it writes or keeps them, rather
// than waiting for one system call per file. A build calls it while it does work of
// its own on one core (arranging the pages), so that the two overlap; WriteFile and
// Keep look at a file themselves when its turn has not come yet. A file changed by
// hand after it was looked at and before the commit goes unnoticed, as it did when
// each write looked just before deciding. Calls after the first do nothing.
func (d *Dir) CheckAhead() {
	d.checkMu.Lock()
	defer d.checkMu.Unlock()
	if d.checking != nil || d.stopCheck.Load() || d.walked || len(d.old) == 0 {
		return
	}
	checks := make([]atomic.Int32, len(d.old))
	i := 0
	for _, e := range d.old {
		e.check = &checks[i]
		i++
	}
	d.checking = make(chan struct{})
	go func() {
		defer func() {
		}()
		defer close(d.checking)
		for rel, e := range d.old {
			if d.stopCheck.Load() {
				return
			}
			d.intact(rel, e)
		}
	}()
}

// endCheck stops the background check and waits for it to return.
func (d *Dir) endCheck() {
	d.checkMu.Lock()
	defer d.checkMu.Unlock()
	d.stopCheck.Store(true)
	if d.checking != nil {
		<-d.checking
	}
}

// intact reports whether the file at rel in the destination is still the one old
// records: a regular file of the same size and modification time.
func (d *Dir) intact(rel string, old *entry) bool {
	if old.check != nil {
		if c := old.check.Load(); c != 0 {
			return c == checkIntact
		}
	}
	size, mtime, ok := d.fileAt(rel)
	ok = ok && size == old.size && mtime == old.mtime
	if old.check != nil {
		c := int32(checkChanged)
		if ok {
			c = checkIntact
		}
		old.check.Store(c)
	}
	return ok
}

// lstat is fileAt by path, with os.Lstat.
func (d *Dir) lstat(rel string) (size, mtime int64, ok bool) {
	info, err := os.Lstat(filepath.Join(d.dest, filepath.FromSlash(rel)))
	if err != nil || !info.Mode().IsRegular() {
		return 0, 0, false
	}
	return info.Size(), info.ModTime().UnixNano(), true
}

// undo releases what Begin took before it failed, and returns err.
func (d *Dir) undo(err error) error {
	return errors.Join(err, d.release())
}

// release removes the destination if Begin made it and it is still empty, and lets go
// of the lock.
func (d *Dir) release() error {
	if d.created {
		_ = os.Remove(d.dest) // only an empty folder goes
	}
	if d.lock == nil {
		return nil
	}
	err := d.lock.Close()
	d.lock, d.dirFD = nil, -1
	return err
}

// checkExisting refuses an existing destination that is not Rolebook's to update, and
// reports whether it exists.
func checkExisting(given, real string) (bool, error) {
	info, err := os.Lstat(real)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("inspecting the destination: %w", err)
	}
	if !info.IsDir() {
		return false, &RefusedError{Dest: given, Reason: NotFolder,
			Why:  fmt.Sprintf("%s exists and is not a folder", real),
			Hint: "remove it or " + hintOther}
	}
	if m, err := os.Lstat(filepath.Join(real, Marker)); err == nil && m.Mode().IsRegular() {
		return true, nil
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return false, fmt.Errorf("inspecting the destination: %w", err)
	}
	for _, e := range entries {
		// A pages-branch checkout holds .git alone; a first build killed early leaves
		// Rolebook's own names without the marker.
		if e.Name() != ".git" && !(reserved(e.Name()) && e.Name() != Marker) {
			return false, &RefusedError{Dest: given, Reason: ForeignFolder,
				Why: fmt.Sprintf("%s is not empty and was not made by Rolebook (it has no %s file)", real, Marker),
				Hint: "every file in it could be replaced or removed, so remove the folder yourself if that is what you want, " +
					"or pick another destination with -d"}
		}
	}
	return true, nil
}

// WriteFile puts data at the slash path rel of the new site. When the file in place
// already holds exactly data, nothing is written and the file keeps its inode and
// modification time; otherwise data goes to the stage, creating folders there, and
// Commit moves it into place. It is safe for concurrent use. An invalid rel is an
// *InvalidPathError and nothing is written; once a write fails, Commit refuses.
func (d *Dir) WriteFile(rel string, data []byte) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.state != building {
		return fmt.Errorf("writing %s: the build was already committed or aborted", rel)
	}
	if err := validRel(rel); err != nil {
		return err
	}
	e := &entry{hash: hashOf(data), known: true, size: int64(len(data))}
	if old := d.old[rel]; old != nil && d.inPlace(rel, old, e, data) {
		e.mtime = old.mtime
		d.record(rel, e)
		return nil
	}
	if err := d.mkdirs(path.Dir(rel)); err != nil {
		return d.fail(fmt.Errorf("writing %s: %w", rel, err))
	}
	mtime, err := writeNew(filepath.Join(d.stage, filepath.FromSlash(rel)), data)
	if err != nil {
		return d.fail(fmt.Errorf("writing %s: %w", rel, err))
	}
	e.mtime, e.staged = mtime, true
	d.record(rel, e)
	return nil
}

// inPlace reports whether the file at rel in the destination holds the bytes of the new
// entry e (data): by the journal's hash when it has one, and in any case only if the
// file is still the one the journal or the walk found (a regular file of the same size
// and modification time), so that a file changed by hand is written again.
func (d *Dir) inPlace(rel string, old, e *entry, data []byte) bool {
	if old.size != e.size || (old.known && old.hash != e.hash) {
		return false
	}
	if !d.intact(rel, old) {
		return false
	}
	if old.known {
		return true
	}
	b, err := os.ReadFile(filepath.Join(d.dest, filepath.FromSlash(rel)))
	return err == nil && bytes.Equal(b, data)
}

// Keep keeps the file at rel exactly as the previous build left it, without its bytes:
// for an incremental build that did not render it again. It reports false, keeping
// nothing, when the journal has no such file or the file in place is not the one the
// journal recorded (removed, replaced or edited by hand: its size or modification time
// differs); the caller must then write it.
func (d *Dir) Keep(rel string) bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.state != building || d.walked {
		return false
	}
	old := d.old[rel]
	if old == nil || !old.known {
		return false
	}
	if !d.intact(rel, old) {
		return false
	}
	e := *old
	e.staged = false
	d.record(rel, &e)
	return true
}

// record makes e the new site's file at rel; the last write of a path wins.
func (d *Dir) record(rel string, e *entry) {
	d.filesMu.Lock()
	prev := d.files[rel]
	d.files[rel] = e
	d.filesMu.Unlock()
	if prev != nil && prev.staged && !e.staged {
		// An earlier write of the same path was staged: it must not be moved in.
		_ = os.Remove(filepath.Join(d.stage, filepath.FromSlash(rel)))
	}
}

// mkdirs creates the slash folder dir and its parents in the stage, once per folder for
// the whole build: a site has many files per folder, so a cache beats MkdirAll per file.
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
	if err := os.Mkdir(filepath.Join(d.stage, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
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

// Abort removes the stage and leaves the destination as it was. It is safe to call
// after Commit (it does nothing) and more than once.
func (d *Dir) Abort() error {
	d.endCheck()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.state == committed || d.state == decided {
		return nil
	}
	d.state = aborted
	return d.cleanup()
}

// cleanup removes the stage and an undecided journal, and releases the lock; d.mu is
// held. It can be retried: what is already gone is not an error.
func (d *Dir) cleanup() error {
	var errs []error
	if err := os.RemoveAll(d.stage); err != nil {
		errs = append(errs, fmt.Errorf("removing the stage: %w", err))
	}
	if err := os.Remove(filepath.Join(d.dest, tmpName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	errs = append(errs, d.release())
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
			return bad("a site may not write into .git, which publishing leaves alone")
		case i == 0 && reserved(elem):
			return bad("names starting with " + Marker + " at the top of the site are Rolebook's (marker, journal, stage)")
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
