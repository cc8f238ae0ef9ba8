package publish

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// The names Rolebook keeps at the top of the destination. Every top-level name that
// starts with ".rolebook" is reserved: a site may not write one.
const (
	// Journal is the name of the file that lists every file of the site in place, with
	// its content hash, size and modification time.
	Journal = ".rolebook-journal"
	// nextName is the journal of a commit being applied: its existence means the
	// commit was decided and must be completed.
	nextName = Journal + ".next"
	// tmpName is nextName being written; a build killed while writing it had not
	// decided anything yet.
	tmpName = Journal + ".tmp"
	// Stage is the folder that holds a build's changed files until Commit moves them
	// into place.
	Stage = ".rolebook-stage"
)

const journalHeader = "rolebook journal 1"

// reserved reports whether the top-level name belongs to Rolebook (the marker, the
// journals, the stage).
func reserved(name string) bool {
	return len(name) >= len(Marker) && strings.EqualFold(name[:len(Marker)], Marker)
}

// hashSize is the number of bytes of SHA-256 a journal keeps per file: plenty to tell
// two versions of a file apart.
const hashSize = 16

type sum [hashSize]byte

func hashOf(data []byte) sum {
	full := sha256.Sum256(data)
	return sum(full[:hashSize])
}

// entry is what the journal knows of one file of the site.
type entry struct {
	hash  sum
	known bool // hash is known; false for files found by walking the destination
	size  int64
	mtime int64 // modification time in nanoseconds, as the file system reports it
	// staged says the file is in the stage, waiting to be moved into place (in a
	// commit's journal only).
	staged bool
	// check is what Dir.intact found of the file in place: 0 not looked at yet,
	// checkIntact or checkChanged. Nil for the files of a new site.
	check *atomic.Int32
}

// journal is a parsed journal file: the files of a site, and for a commit being
// applied, the files to remove.
type journal struct {
	files   map[string]*entry
	removed []string
	// sorted, when not nil, is the paths of files in order (Dir.commit has them).
	sorted []string
}

// readJournal parses the journal at name. A missing file is (nil, nil); a file that is
// not a whole journal is an error.
func readJournal(name string) (*journal, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return parseJournal(data)
}

func parseJournal(data []byte) (*journal, error) {
	bad := func(line int, why string) error {
		return fmt.Errorf("line %d of the journal: %s", line, why)
	}
	first, rest, ok := bytes.Cut(data, []byte("\n"))
	if !ok || string(first) != journalHeader {
		return nil, bad(1, "not a Rolebook journal")
	}
	j := &journal{files: make(map[string]*entry, bytes.Count(rest, []byte("\n")))}
	for n := 2; ; n++ {
		var line []byte
		line, rest, ok = bytes.Cut(rest, []byte("\n"))
		if !ok {
			return nil, bad(n, "cut short")
		}
		if string(line) == "end" {
			if len(rest) != 0 {
				return nil, bad(n+1, "text after the end")
			}
			return j, nil
		}
		if len(line) < 3 || line[1] != ' ' {
			return nil, bad(n, "malformed")
		}
		kind, fields := line[0], line[2:]
		if kind == '-' {
			rel := string(fields)
			if validRel(rel) != nil {
				return nil, bad(n, "invalid path")
			}
			j.removed = append(j.removed, rel)
			continue
		}
		if kind != '=' && kind != '+' {
			return nil, bad(n, "malformed")
		}
		parts := bytes.SplitN(fields, []byte(" "), 4)
		if len(parts) != 4 || len(parts[0]) != 2*hashSize {
			return nil, bad(n, "malformed")
		}
		e := &entry{known: true, staged: kind == '+'}
		if _, err := hex.Decode(e.hash[:], parts[0]); err != nil {
			return nil, bad(n, "malformed hash")
		}
		size, err1 := strconv.ParseInt(string(parts[1]), 10, 64)
		mtime, err2 := strconv.ParseInt(string(parts[2]), 10, 64)
		if err1 != nil || err2 != nil || size < 0 {
			return nil, bad(n, "malformed size or time")
		}
		e.size, e.mtime = size, mtime
		rel := string(parts[3])
		if validRel(rel) != nil {
			return nil, bad(n, "invalid path")
		}
		j.files[rel] = e
	}
}

// writeTo writes the journal: one line per file, sorted by path, then the files to
// remove, then "end", so that a journal cut short is recognised.
func (j *journal) writeTo(w io.Writer) error {
	rels := j.sorted
	if rels == nil {
		rels = slices.Sorted(maps.Keys(j.files))
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(journalHeader + "\n")
	var line []byte
	var hexBuf [2 * hashSize]byte
	for _, rel := range rels {
		e := j.files[rel]
		line = line[:0]
		if e.staged {
			line = append(line, "+ "...)
		} else {
			line = append(line, "= "...)
		}
		hex.Encode(hexBuf[:], e.hash[:])
		line = append(line, hexBuf[:]...)
		line = append(line, ' ')
		line = strconv.AppendInt(line, e.size, 10)
		line = append(line, ' ')
		line = strconv.AppendInt(line, e.mtime, 10)
		line = append(line, ' ')
		line = append(line, rel...)
		line = append(line, '\n')
		bw.Write(line)
	}
	for _, rel := range j.removed {
		bw.WriteString("- " + rel + "\n")
	}
	bw.WriteString("end\n")
	return bw.Flush() // the first error of any write
}

// encode returns the journal as writeTo writes it.
func (j *journal) encode() []byte {
	var b bytes.Buffer
	j.writeTo(&b) // a bytes.Buffer does not fail
	return b.Bytes()
}

// writeJournal writes j to a new file name.
func writeJournal(name string, j *journal) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	return errors.Join(j.writeTo(f), f.Close())
}

// sameFiles reports whether a and b list the same files with the same contents and
// times, so that a build that changed nothing need not write its journal.
func sameFiles(a, b map[string]*entry) bool {
	if len(a) != len(b) {
		return false
	}
	for rel, x := range a {
		y, ok := b[rel]
		if !ok || !x.known || !y.known || x.hash != y.hash || x.size != y.size || x.mtime != y.mtime || y.staged {
			return false
		}
	}
	return true
}

// walkSite lists what is in the destination at dest, for a destination without a
// usable journal (made by an older Rolebook, or given --clean): every file (and link,
// and anything else that is not a folder) as an entry whose hash is unknown, and every
// folder. The top-level .git and Rolebook's own names are left out.
func walkSite(dest string) (map[string]*entry, []string, error) {
	files := map[string]*entry{}
	var folders []string
	var walk func(dir, rel string) error
	walk = func(dir, rel string) error {
		ents, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range ents {
			name := e.Name()
			if rel == "" && (name == ".git" || reserved(name)) {
				continue
			}
			r := path.Join(rel, name)
			if e.IsDir() {
				folders = append(folders, r)
				if err := walk(filepath.Join(dir, name), r); err != nil {
					return err
				}
				continue
			}
			info, err := e.Info()
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return err
			}
			f := &entry{size: -1}
			if info.Mode().IsRegular() {
				f.size, f.mtime = info.Size(), info.ModTime().UnixNano()
			}
			files[r] = f
		}
		return nil
	}
	if err := walk(dest, ""); err != nil {
		return nil, nil, fmt.Errorf("listing the destination: %w", err)
	}
	return files, folders, nil
}
