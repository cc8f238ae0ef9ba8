package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// errCrash is returned by a test hook to stop Commit where a killed process would stop.
var errCrash = errors.New("simulated crash")

// step runs the test hook, if any, before the named step.
func (d *Dir) step(name string) error {
	if d.hook != nil {
		return d.hook(name)
	}
	return nil
}

// Commit makes the destination hold the new site, in place:
//
//  1. it writes the marker if the destination has none, and the new journal (every
//     file of the new site, which of them are staged, and what to remove) under a
//     temporary name, which it renames to ".rolebook-journal.next": from then on the
//     commit is decided, and a build killed later completes it;
//  2. it moves the staged files into place, one rename each, or a whole folder at once
//     where the destination has no folder of that name yet;
//  3. it removes the files the new site no longer has, then the folders they leave
//     empty;
//  4. it renames the new journal to ".rolebook-journal" and removes the stage.
//
// Each file of the destination is therefore, at every instant, either as the previous
// build left it or as this one made it. When Commit fails before the decision, the
// destination is untouched and the stage is removed; when it fails after, the error
// says so and the next Begin completes the commit. A build that changed nothing
// writes nothing at all, not even the journal.
func (d *Dir) Commit() error {
	d.endCheck()
	d.mu.Lock()
	defer d.mu.Unlock()
	switch d.state {
	case committed, decided:
		return fmt.Errorf("publishing %s: already committed", d.dest)
	case aborted:
		return fmt.Errorf("publishing %s: the build was aborted", d.dest)
	}
	d.failMu.Lock()
	failed := d.failed
	d.failMu.Unlock()
	if failed != nil {
		d.state = aborted
		return errors.Join(fmt.Errorf("not publishing %s after a failed write: %w", d.dest, failed), d.cleanup())
	}
	isDecided, err := d.commit()
	if errors.Is(err, errCrash) {
		// A killed process holds no locks and cleans nothing.
		d.state = decided
		if d.lock != nil {
			d.lock.Close()
			d.lock, d.dirFD = nil, -1
		}
		return err
	}
	switch {
	case err == nil:
		d.state = committed
		return d.release()
	case isDecided:
		d.state = decided
		return errors.Join(fmt.Errorf("publishing %s: %w; the next build completes the update", d.dest, err), d.release())
	default:
		d.state = aborted
		return errors.Join(fmt.Errorf("publishing %s: %w", d.dest, err), d.cleanup())
	}
}

// commit runs the steps of Commit; isDecided reports whether it got past the decision.
func (d *Dir) commit() (isDecided bool, err error) {
	j := &journal{files: d.files, sorted: slices.Sorted(maps.Keys(d.files))}
	var gone int
	j.removed, gone = d.removals(j.sorted)
	var staged int
	for _, e := range d.files {
		if e.staged {
			staged++
		}
	}
	d.stats = Stats{Written: staged, Unchanged: len(d.files) - staged, Removed: gone}
	if staged == 0 && len(j.removed) == 0 && !d.walked && sameFiles(d.old, d.files) {
		if err := d.step("nothing"); err != nil {
			return false, err
		}
		return false, d.removeStage()
	}
	if err := d.step("marker"); err != nil {
		return false, err
	}
	marker := filepath.Join(d.dest, Marker)
	if info, err := os.Lstat(marker); err != nil || !info.Mode().IsRegular() {
		if _, err := writeNew(marker, []byte(markerText)); err != nil {
			return false, fmt.Errorf("writing the marker: %w", err)
		}
	}
	if err := d.step("prepare"); err != nil {
		return false, err
	}
	if err := writeJournal(filepath.Join(d.dest, tmpName), j); err != nil {
		return false, fmt.Errorf("writing the journal: %w", err)
	}
	if err := d.step("decide"); err != nil {
		return false, err
	}
	if err := os.Rename(filepath.Join(d.dest, tmpName), filepath.Join(d.dest, nextName)); err != nil {
		return false, fmt.Errorf("writing the journal: %w", err)
	}
	return true, d.finish(j)
}

// removals lists what the new site no longer has: files of the old site it does not
// write, then the folders that leaves without a file of the new site, deepest first.
// sorted is the new site's files in order; gone counts the old site's files it does
// not have.
func (d *Dir) removals(sorted []string) (out []string, gone int) {
	// keep reports whether the new site has a file in the folder dir.
	keep := func(dir string) bool {
		prefix := dir + "/"
		i, _ := slices.BinarySearch(sorted, prefix)
		return i < len(sorted) && strings.HasPrefix(sorted[i], prefix)
	}
	var files, folders []string
	seen := map[string]bool{}
	for rel := range d.old {
		if _, ok := d.files[rel]; ok {
			continue
		}
		gone++
		if keep(rel) {
			// An old file where the new site has a folder: moving the folder in
			// removes it.
			continue
		}
		files = append(files, rel)
		for dir := path.Dir(rel); dir != "." && !seen[dir] && !keep(dir); dir = path.Dir(dir) {
			seen[dir] = true
			folders = append(folders, dir)
		}
	}
	if d.walked {
		// Folders of the destination holding nothing the new site has, empty ones
		// included.
		for _, dir := range d.oldFolders {
			if !seen[dir] && d.files[dir] == nil && !keep(dir) {
				seen[dir] = true
				folders = append(folders, dir)
			}
		}
	}
	slices.Sort(files)
	slices.SortFunc(folders, func(a, b string) int {
		if da, db := strings.Count(a, "/"), strings.Count(b, "/"); da != db {
			return db - da // deepest first
		}
		return strings.Compare(a, b)
	})
	return append(files, folders...), gone
}

// finish applies the decided commit j (from this build or from a killed one), renames
// its journal into place and removes the stage. Every step can run again after a kill.
func (d *Dir) finish(j *journal) error {
	a := &applier{dest: d.dest, stage: d.stage, kinds: map[string]kind{}, moved: map[string]bool{}}
	var moves []string
	for rel, e := range j.files {
		if e.staged {
			moves = append(moves, rel)
		}
	}
	slices.Sort(moves)
	for _, rel := range moves {
		if err := d.step("move"); err != nil {
			return err
		}
		if err := a.move(rel, d.step); err != nil {
			return err
		}
	}
	for _, rel := range j.removed {
		if err := d.step("remove"); err != nil {
			return err
		}
		if _, isFile := j.files[rel]; isFile {
			continue // a damaged journal cannot make Commit remove a file of the new site
		}
		if err := a.remove(rel); err != nil {
			return err
		}
	}
	if err := d.step("journal"); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(d.dest, nextName), filepath.Join(d.dest, Journal)); err != nil {
		return fmt.Errorf("renaming the journal: %w", err)
	}
	if err := d.step("stage"); err != nil {
		return err
	}
	return d.removeStage()
}

func (d *Dir) removeStage() error {
	if err := os.RemoveAll(d.stage); err != nil {
		return fmt.Errorf("removing the stage: %w", err)
	}
	return nil
}

// kind is what a path of the destination is.
type kind int

const (
	missing kind = iota + 1
	folder       // a real folder, not a link to one
	other        // a file, a link or anything else
)

// applier moves staged files into the destination and removes old ones, never through a
// symbolic link: every folder it works in is checked to be a real folder of the
// destination, so nothing outside the destination is written or removed.
type applier struct {
	dest, stage string
	kinds       map[string]kind // slash folder paths of the destination, as last seen
	moved       map[string]bool // folders moved in whole
}

func (a *applier) abs(root, rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }

// kind returns what the destination holds at the folder path rel.
func (a *applier) kind(rel string) kind {
	if k, ok := a.kinds[rel]; ok {
		return k
	}
	k := other
	info, err := os.Lstat(a.abs(a.dest, rel))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		k = missing
	case err == nil && info.IsDir():
		k = folder
	}
	a.kinds[rel] = k
	return k
}

// move puts the staged file rel into place: the whole staged folder holding it when the
// destination has no folder there yet, else the file alone.
func (a *applier) move(rel string, step func(string) error) error {
	for i := 0; i < len(rel); i++ {
		if rel[i] != '/' {
			continue
		}
		dir := rel[:i]
		if a.moved[dir] {
			return nil
		}
		switch a.kind(dir) {
		case folder:
			continue
		case other:
			// An old file (or a link) where the new site has a folder.
			if err := step("conflict"); err != nil {
				return err
			}
			if err := os.Remove(a.abs(a.dest, dir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return a.rename(dir, true, step)
	}
	return a.rename(rel, false, step)
}

// rename moves rel from the stage to the destination. A staged entry that is no longer
// there was moved by the build that was killed.
func (a *applier) rename(rel string, isFolder bool, step func(string) error) error {
	from, to := a.abs(a.stage, rel), a.abs(a.dest, rel)
	err := os.Rename(from, to)
	if err != nil && !isFolder {
		if info, lerr := os.Lstat(to); lerr == nil && info.IsDir() {
			// An old folder where the new site has a file: what it holds is not
			// part of the new site.
			if err := step("conflict"); err != nil {
				return err
			}
			if err := os.RemoveAll(to); err != nil {
				return err
			}
			err = os.Rename(from, to)
			a.kinds[rel] = other
		}
	}
	if err != nil {
		if _, lerr := os.Lstat(from); errors.Is(lerr, fs.ErrNotExist) {
			err = nil // moved before a kill
		}
	}
	if err != nil {
		return err
	}
	if isFolder {
		a.moved[rel] = true
		a.kinds[rel] = folder
	}
	return nil
}

// remove removes the file or empty folder rel of the destination, if every folder above
// it is a real folder; a folder that still holds something (files Rolebook did not
// write) stays.
func (a *applier) remove(rel string) error {
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		if a.kind(dir) != folder {
			return nil
		}
	}
	name := a.abs(a.dest, rel)
	err := os.Remove(name)
	if err == nil || errors.Is(err, fs.ErrNotExist) || isNotEmpty(name, err) {
		if err == nil {
			a.kinds[rel] = missing
		}
		return nil
	}
	return err
}

// Recover completes or rolls back a commit left unfinished by a build that was killed:
// when the commit had been decided (".rolebook-journal.next" exists) it moves the rest
// of the staged files into place and removes what the new site no longer has; otherwise
// it removes the stage and leaves the site as it was. It also cleans up after an older
// Rolebook that swapped whole folders beside the destination. A destination locked by a
// build in progress is left alone. Begin calls it.
func Recover(dest string) error {
	real, err := realPath(dest)
	if err != nil {
		return err
	}
	if err := recoverLegacy(real); err != nil {
		return err
	}
	if _, err := os.Lstat(real); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	lock, err := lockDir(real)
	if errors.Is(err, errLocked) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("recovering %s: %w", real, err)
	}
	defer lock.Close()
	d := &Dir{dest: real, stage: filepath.Join(real, Stage)}
	return d.recoverCommit()
}

// recoverCommit is Recover with the lock held.
func (d *Dir) recoverCommit() error {
	if err := os.Remove(filepath.Join(d.dest, tmpName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("recovering %s: %w", d.dest, err)
	}
	next := filepath.Join(d.dest, nextName)
	j, err := readJournal(next)
	if err != nil {
		// Written whole and renamed, a decided journal is damaged only by a power cut:
		// with no way to tell what is in place, forget every journal, so that the next
		// build compares every file by its bytes.
		for _, name := range []string{next, filepath.Join(d.dest, Journal)} {
			if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("recovering %s: %w", d.dest, err)
			}
		}
	} else if j != nil {
		if err := d.finish(j); err != nil {
			return fmt.Errorf("recovering %s: completing the update a killed build had started: %w", d.dest, err)
		}
		return nil
	}
	if err := d.removeStage(); err != nil {
		return fmt.Errorf("recovering %s: %w", d.dest, err)
	}
	return nil
}

// Stats returns what Commit did to the destination.
func (d *Dir) Stats() Stats {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.stats
}

// isNotEmpty reports whether removing the folder name failed with err because it is
// not empty.
func isNotEmpty(name string, err error) bool {
	if errors.Is(err, syscall.ENOTEMPTY) {
		return true
	}
	ents, rerr := os.ReadDir(name)
	return rerr == nil && len(ents) > 0
}
