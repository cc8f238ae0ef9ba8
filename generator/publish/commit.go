package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// errNoExchange is returned by exchange where an atomic swap of two folders is not
// available; Commit then falls back to two renames.
var errNoExchange = errors.New("atomic exchange not supported")

// errCrash is returned by a test hook to stop Commit where a killed process would stop.
var errCrash = errors.New("simulated crash")

func tmpPrefix(base string) string { return "." + base + ".rolebook-tmp-" }
func oldPrefix(base string) string { return "." + base + ".rolebook-old-" }

// leftover reports whether name, found beside the destination base, is a temporary
// ("tmp") or previous-site ("old") folder of a build; the random part is digits only, so
// the folders of a destination named like "a.rolebook-tmp-x" are never mistaken for a's.
func leftover(name, base string) string {
	for kind, prefix := range map[string]string{"tmp": tmpPrefix(base), "old": oldPrefix(base)} {
		rest, ok := strings.CutPrefix(name, prefix)
		if ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return kind
		}
	}
	return ""
}

// Commit writes the ".rolebook" marker and swaps the new site in, moves the ".git" folder
// of the previous site into it, and removes the previous site. The destination holds the
// old site until the swap and the new one after it. When Commit fails before the swap,
// the destination is untouched and the temporary folder is removed; when it fails after
// (the previous site or its .git could not be moved or removed), the new site is
// published and the error says what is left where; the next Begin tidies up.
func (d *Dir) Commit() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch d.state {
	case committed:
		return fmt.Errorf("publishing %s: already committed", d.dest)
	case aborted:
		return fmt.Errorf("publishing %s: the build was aborted", d.dest)
	}
	d.failMu.Lock()
	failed := d.failed
	d.failMu.Unlock()
	var (
		published bool
		err       error
	)
	switch {
	case failed != nil:
		err = fmt.Errorf("not publishing %s after a failed write: %w", d.dest, failed)
	case d.open.Load() > 0:
		err = fmt.Errorf("not publishing %s: %d files from Create are still open", d.dest, d.open.Load())
	default:
		published, err = d.swap()
	}
	if errors.Is(err, errCrash) {
		// A killed process holds no locks and cleans nothing.
		if d.lock != nil {
			d.lock.Close()
			d.lock = nil
		}
		return err
	}
	if published {
		d.state = committed
		if d.lock != nil {
			err = errors.Join(err, d.lock.Close())
			d.lock = nil
		}
		return err
	}
	d.state = aborted
	return errors.Join(err, d.cleanup())
}

// swap moves the new site into place; published reports whether the destination holds
// it (even if a later step failed).
func (d *Dir) swap() (published bool, err error) {
	step := func(name string) error {
		if d.hook != nil {
			return d.hook(name)
		}
		return nil
	}
	if err := os.WriteFile(filepath.Join(d.tmp, Marker), []byte(markerText), 0o644); err != nil {
		return false, fmt.Errorf("publishing %s: writing the marker: %w", d.dest, err)
	}
	if err := os.Chmod(d.tmp, d.mode); err != nil {
		return false, fmt.Errorf("publishing %s: %w", d.dest, err)
	}
	if err := step("marker"); err != nil {
		return false, err
	}
	if _, err := os.Lstat(d.dest); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(d.tmp, d.dest); err != nil {
			return false, fmt.Errorf("publishing %s: %w", d.dest, err)
		}
		if err := step("renamed"); err != nil {
			return true, err
		}
		return true, syncDir(d.parent)
	} else if err != nil {
		return false, fmt.Errorf("publishing %s: %w", d.dest, err)
	}

	// Lock the previous site too, so that a Recover run by another build leaves it alone
	// while it is aside.
	oldLock, err := lockDir(d.dest)
	if err != nil {
		return false, fmt.Errorf("publishing %s: locking the previous site: %w", d.dest, err)
	}
	defer oldLock.Close()
	old := filepath.Join(d.parent, oldPrefix(d.base)+d.suffix)
	published, err = d.swapIn(old, step)
	if !published || err != nil {
		return published, err
	}
	if err := step("swapped"); err != nil {
		return true, err
	}
	if err := moveGit(old, d.dest); err != nil {
		return true, fmt.Errorf("published %s, but the .git folder of the previous site, kept at %s, could not be moved into it: %w", d.dest, old, err)
	}
	if err := step("git"); err != nil {
		return true, err
	}
	if err := removeAll(old); err != nil {
		return true, fmt.Errorf("published %s, but the previous site could not be removed: %w", d.dest, err)
	}
	return true, syncDir(d.parent)
}

// removeAll removes dir and everything in it, its top-level entries on every core at
// once: a site's folders hold thousands of files, and removing them one after another
// would take longer than writing them did.
func removeAll(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) < 2 {
		return os.RemoveAll(dir)
	}
	work := make(chan string)
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			for p := range work {
				if err := os.RemoveAll(p); err != nil && errs[i] == nil {
					errs[i] = err
				}
			}
		})
	}
	for _, e := range ents {
		work <- filepath.Join(dir, e.Name())
	}
	close(work)
	wg.Wait()
	return errors.Join(append(errs, os.RemoveAll(dir))...)
}

// swapIn replaces the existing destination with tmp, leaving the previous site at old.
func (d *Dir) swapIn(old string, step func(string) error) (published bool, err error) {
	// The new site takes the old name before the exchange, so that after it the previous
	// site (and its .git) is never under a tmp name, which Recover deletes outright.
	if err := os.Rename(d.tmp, old); err != nil {
		return false, fmt.Errorf("publishing %s: %w", d.dest, err)
	}
	if err := step("staged"); err != nil {
		return false, err
	}
	xerr := d.exchange(old, d.dest)
	if xerr == nil {
		return true, nil
	}
	if err := os.Rename(old, d.tmp); err != nil {
		d.tmp = old // so that cleanup removes the new site where it is
		return false, errors.Join(fmt.Errorf("publishing %s: %w", d.dest, xerr), err)
	}
	if !errors.Is(xerr, errNoExchange) {
		return false, fmt.Errorf("publishing %s: %w", d.dest, xerr)
	}

	// Two renames: the destination is missing for an instant; Recover restores it.
	if err := os.Rename(d.dest, old); err != nil {
		return false, fmt.Errorf("publishing %s: moving the previous site aside: %w", d.dest, err)
	}
	if err := step("aside"); err != nil {
		return false, err
	}
	if err := os.Rename(d.tmp, d.dest); err != nil {
		if rerr := os.Rename(old, d.dest); rerr != nil {
			return false, fmt.Errorf("publishing %s: %w; the previous site could not be put back from %s: %w", d.dest, err, old, rerr)
		}
		return false, fmt.Errorf("publishing %s: %w", d.dest, err)
	}
	return true, nil
}

// moveGit moves old/.git into dest, if there is one.
func moveGit(old, dest string) error {
	src := filepath.Join(old, ".git")
	if _, err := os.Lstat(src); errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	dst := filepath.Join(dest, ".git")
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%s already exists; compare it with %s and remove one yourself", dst, src)
	}
	return os.Rename(src, dst)
}

// Recover cleans up after a build that was killed: it removes the temporary folders
// (".<base>.rolebook-tmp-*") beside dest and, for the previous-site folders
// (".<base>.rolebook-old-*"), restores one as dest if dest is missing, or else moves its
// .git into dest when dest has none and removes it. Folders locked by a build still
// running are left alone. Begin calls it.
func Recover(dest string) error {
	real, err := realPath(dest)
	if err != nil {
		return err
	}
	parent, base := filepath.Dir(real), filepath.Base(real)
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("recovering %s: %w", real, err)
	}
	var (
		errs  []error
		olds  []string
		locks []io.Closer
	)
	defer func() {
		for _, l := range locks {
			l.Close()
		}
	}()
	for _, e := range entries {
		kind := leftover(e.Name(), base)
		if kind == "" || !e.IsDir() {
			continue
		}
		p := filepath.Join(parent, e.Name())
		l, err := lockDir(p)
		if errors.Is(err, errLocked) {
			continue // a build in progress
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("recovering %s: %w", real, err))
			continue
		}
		locks = append(locks, l)
		if kind == "tmp" {
			if err := os.RemoveAll(p); err != nil {
				errs = append(errs, fmt.Errorf("recovering %s: %w", real, err))
			}
			continue
		}
		olds = append(olds, p)
	}
	if len(olds) == 0 {
		return errors.Join(errs...)
	}
	if _, err := os.Lstat(real); errors.Is(err, fs.ErrNotExist) {
		// Killed between moving the previous site aside and the new one in: put the
		// newest previous site back.
		newest, newestTime := 0, int64(0)
		for i, p := range olds {
			if info, err := os.Lstat(p); err == nil && info.ModTime().UnixNano() > newestTime {
				newest, newestTime = i, info.ModTime().UnixNano()
			}
		}
		if err := os.Rename(olds[newest], real); err != nil {
			return errors.Join(append(errs, fmt.Errorf("recovering %s: restoring the previous site: %w", real, err))...)
		}
		olds = append(olds[:newest], olds[newest+1:]...)
	} else if err != nil {
		return errors.Join(append(errs, fmt.Errorf("recovering %s: %w", real, err))...)
	}
	for _, p := range olds {
		if err := moveGit(p, real); err != nil {
			errs = append(errs, fmt.Errorf("recovering %s: keeping %s, whose .git could not be moved: %w", real, p, err))
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			errs = append(errs, fmt.Errorf("recovering %s: %w", real, err))
		}
	}
	if len(errs) == 0 {
		errs = append(errs, syncDir(parent))
	}
	return errors.Join(errs...)
}
