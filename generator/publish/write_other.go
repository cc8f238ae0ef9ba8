//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package publish

import "os"

// writeNew creates (or truncates) name, writes data and returns the file's modification
// time in nanoseconds.
func writeNew(name string, data []byte) (int64, error) {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return 0, err
	}
	info, err := os.Lstat(name)
	if err != nil {
		return 0, err
	}
	return info.ModTime().UnixNano(), nil
}

// fileAt returns the size and modification time (nanoseconds) of the regular file at
// the slash path rel in the destination, without following a symbolic link; ok is false
// when there is none.
func (d *Dir) fileAt(rel string) (size, mtime int64, ok bool) { return d.lstat(rel) }
