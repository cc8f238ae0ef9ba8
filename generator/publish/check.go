package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Reason says why a destination was refused.
type Reason int

// The reasons a destination is refused.
const (
	// RootFolder is "/" or the root of a drive.
	RootFolder Reason = iota + 1
	// HomeFolder is the user's home folder or a folder that contains it.
	HomeFolder
	// SourceFolder is the handbook's source folder itself.
	SourceFolder
	// ContainsSource is a folder that contains the source folder.
	ContainsSource
	// InsideSourceData is content/, templates/ or .git/ of the source, or a folder in them.
	InsideSourceData
	// NotFolder is a path that exists but is not a folder (a file or a broken link).
	NotFolder
	// ForeignFolder is a non-empty folder without the ".rolebook" marker.
	ForeignFolder
)

// RefusedError reports a destination that publishing into would destroy something.
type RefusedError struct {
	// Dest is the destination as given by the caller.
	Dest string
	// Reason is why it was refused; match on it rather than on the text.
	Reason Reason
	// Why explains the refusal in a sentence naming the folders involved.
	Why string
	// Hint says what to pass instead.
	Hint string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("refusing to publish into %s: %s; %s", e.Dest, e.Why, e.Hint)
}

const hintOther = "pass another destination with -d, such as public inside the handbook or a new empty folder"

// Check refuses a destination that publishing would destroy the handbook or the machine
// with: the source folder itself, a folder that contains it, the source's content/,
// templates/ or .git/ (or anything inside them), the user's home folder or a folder that
// contains it, and "/". Paths are compared cleaned, absolute and with symbolic links
// evaluated as far as they exist. An empty source means the current folder. The error is
// a *RefusedError saying why and what to pass instead.
func Check(dest, source string) error {
	if dest == "" {
		return &RefusedError{Dest: dest, Reason: NotFolder, Why: "the destination is empty", Hint: hintOther}
	}
	if source == "" {
		source = "."
	}
	d, err := realPath(dest)
	if err != nil {
		return err
	}
	s, err := realPath(source)
	if err != nil {
		return err
	}
	refuse := func(r Reason, why string) error {
		return &RefusedError{Dest: dest, Reason: r, Why: why, Hint: hintOther}
	}
	if filepath.Dir(d) == d {
		return refuse(RootFolder, fmt.Sprintf("%s is the root of the file system", d))
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if h, err := realPath(home); err == nil && within(h, d) {
			if h == d {
				return refuse(HomeFolder, fmt.Sprintf("%s is your home folder", d))
			}
			return refuse(HomeFolder, fmt.Sprintf("%s contains your home folder %s", d, h))
		}
	}
	if d == s {
		return refuse(SourceFolder, fmt.Sprintf("%s is the handbook's source folder", d))
	}
	if within(s, d) {
		return refuse(ContainsSource, fmt.Sprintf("%s contains the handbook's source folder %s", d, s))
	}
	for _, sub := range []string{"content", "templates", ".git"} {
		if within(d, filepath.Join(s, sub)) {
			return refuse(InsideSourceData, fmt.Sprintf("%s is inside the handbook's %s folder", d, sub))
		}
	}
	return nil
}

// within reports whether path is dir or inside it; both are clean absolute paths.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	if err != nil || filepath.IsAbs(rel) {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// realPath returns p cleaned and absolute with symbolic links evaluated in the longest
// prefix that exists, so that a destination not made yet still compares correctly.
// A final element that is a broken link is kept as it is (Begin refuses it).
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("resolving %s: %w", p, err)
	}
	var rest []string
	cur := abs
	for {
		r, err := filepath.EvalSymlinks(cur)
		if err == nil {
			for i := len(rest) - 1; i >= 0; i-- {
				r = filepath.Join(r, rest[i])
			}
			return r, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("resolving %s: %w", p, err)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = append(rest, filepath.Base(cur))
		cur = parent
	}
}
