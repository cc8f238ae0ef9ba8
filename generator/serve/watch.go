package serve

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/rolebook/rolebook/generator/load"
)

// Watch starts watching the handbook's content/, templates/ and static/ folders (recursively)
// and its config file, and rebuilds after each burst of changes until Close. It
// returns once every folder is watched, so a change made after it returns is seen.
func (s *Server) Watch() error {
	s.watchMu.Lock()
	defer s.watchMu.Unlock()
	if s.watchDone != nil {
		return errors.New("serve: already watching")
	}
	select {
	case <-s.done:
		return errors.New("serve: closed")
	default:
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	cfg := s.session.Config()
	wt := &watcher{s: s, fw: fw, root: cfg.Source}
	if cfg.File != "" {
		wt.config = filepath.Clean(filepath.Join(cfg.Source, filepath.FromSlash(cfg.File)))
		if filepath.IsAbs(cfg.File) {
			wt.config = filepath.Clean(cfg.File)
		}
	} else {
		wt.config = filepath.Join(cfg.Source, "config.toml")
	}
	// The handbook folder itself, not recursively: for config.toml, and for content/
	// or templates/ appearing later.
	dirs := []string{wt.root}
	if d := filepath.Dir(wt.config); d != wt.root {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := fw.Add(d); err != nil {
			fw.Close()
			return err
		}
	}
	for _, top := range watchedFolders() {
		if _, err := wt.addTree(filepath.Join(wt.root, top)); err != nil {
			fw.Close()
			return err
		}
	}
	done := make(chan struct{})
	s.watchDone = done
	go wt.loop(done)
	return nil
}

// watchedFolders returns the folders of the handbook a build reads.
func watchedFolders() []string { return []string{"content", "templates", "static"} }

// watcher turns fsnotify events into rebuilds.
type watcher struct {
	s      *Server
	fw     *fsnotify.Watcher
	root   string
	config string
}

// loop gathers events until the files have been quiet for Debounce (or MaxWait has
// passed since the first one) and rebuilds once for all of them. Builds run on this
// goroutine, so there is one at a time; events that arrive meanwhile wait in the
// watcher's queue and make the next batch.
func (wt *watcher) loop(done chan struct{}) {
	s := wt.s
	defer close(done)
	defer wt.fw.Close()
	pending := map[string]bool{}
	lost := false
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	arm := func() {
		if first.IsZero() {
			first = time.Now()
		}
		wait := s.opts.Debounce
		if left := s.opts.MaxWait - time.Since(first); left < wait {
			wait = max(left, 0)
		}
		timer.Reset(wait)
	}
	for {
		select {
		case <-s.done:
			timer.Stop()
			return
		case ev, ok := <-wt.fw.Events:
			if !ok {
				return
			}
			for _, name := range wt.changed(ev) {
				pending[name] = true
			}
			if len(pending) > 0 {
				arm()
			}
		case err, ok := <-wt.fw.Errors:
			if !ok {
				return
			}
			// The kernel's queue overflowed: events were lost, so rebuild everything.
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				lost = true
				arm()
			}
		case <-timer.C:
			names := make([]string, 0, len(pending))
			for n := range pending {
				names = append(names, n)
			}
			slices.Sort(names)
			clear(pending)
			first = time.Time{}
			select {
			case <-s.done:
				return
			default:
			}
			if lost {
				lost = false
				s.rebuild(nil, "file events were lost")
			} else if len(names) > 0 {
				s.rebuild(names, "")
			}
		}
	}
}

// changed returns the handbook files an event concerns (slash paths relative to the
// handbook folder), and starts watching a folder that was created (listing what it
// already holds: files written before the watch began would be missed otherwise).
func (wt *watcher) changed(ev fsnotify.Event) []string {
	name := filepath.Clean(ev.Name)
	if name == wt.config {
		return []string{wt.rel(name)}
	}
	rel := wt.rel(name)
	if rel == "" || skip(rel) {
		return nil
	}
	top, _, _ := strings.Cut(rel, "/")
	if !slices.Contains(watchedFolders(), top) {
		return nil
	}
	out := []string{rel}
	if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Rename) {
		if st, err := os.Lstat(name); err == nil && st.IsDir() {
			files, _ := wt.addTree(name)
			out = append(out, files...)
		}
	}
	return out
}

// addTree watches dir and every folder under it, and returns the files it holds.
// A missing dir is not an error.
func (wt *watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return nil // a folder that vanished or cannot be read: nothing to watch
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, wt.rel(p))
			return nil
		}
		if err := wt.fw.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
	return files, err
}

// rel returns name relative to the handbook folder with slashes, or "" when it is
// outside.
func (wt *watcher) rel(name string) string {
	r, err := filepath.Rel(wt.root, name)
	if err != nil || r == "." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || r == ".." {
		if name == wt.config {
			return name
		}
		return ""
	}
	return filepath.ToSlash(r)
}

// skip reports whether a changed file cannot affect the site (load.SkippedPath).
func skip(rel string) bool { return load.SkippedPath(rel) }
