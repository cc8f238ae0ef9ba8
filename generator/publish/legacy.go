package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Rolebook used to render into a folder beside the destination and swap it in, leaving
// the previous site beside it until it was removed. These are the names it used.
func tmpPrefix(base string) string { return "." + base + ".rolebook-tmp-" }
func oldPrefix(base string) string { return "." + base + ".rolebook-old-" }

// leftover reports whether name, found beside the destination base, is a temporary
// ("tmp") or previous-site ("old") folder of such a build; the random part is digits
// only, so the folders of a destination named like "a.rolebook-tmp-x" are never
// mistaken for a's.
func leftover(name, base string) string {
	for kind, prefix := range map[string]string{"tmp": tmpPrefix(base), "old": oldPrefix(base)} {
		rest, ok := strings.CutPrefix(name, prefix)
		if ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return kind
		}
	}
	return ""
}

// recoverLegacy cleans up after a build of an older Rolebook that was killed while it
// swapped folders beside the destination real: it removes the temporary folders
// (".<base>.rolebook-tmp-*") and, for the previous-site folders
// (".<base>.rolebook-old-*"), restores one as the destination if it is missing, or
// else moves its .git into the destination when that has none and removes it. Folders
// locked by a build still running are left alone.
func recoverLegacy(real string) error {
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
	return errors.Join(errs...)
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
