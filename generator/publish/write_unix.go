//go:build linux || darwin || freebsd || netbsd || openbsd

package publish

import (
	"os"

	"golang.org/x/sys/unix"
)

// writeNew creates (or truncates) name, writes data and returns the file's modification
// time in nanoseconds, with plain system calls. os.WriteFile costs several more calls
// per file (the runtime tries to register each file with its network poller and sets
// flags on it), which adds up on sites of tens of thousands of pages.
func writeNew(name string, data []byte) (int64, error) {
	fd, err := unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
	for err == unix.EINTR {
		fd, err = unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
	}
	if err != nil {
		return 0, &os.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return 0, &os.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return 0, &os.PathError{Op: "stat", Path: name, Err: err}
	}
	if err := unix.Close(fd); err != nil {
		return 0, &os.PathError{Op: "close", Path: name, Err: err}
	}
	return st.Mtim.Nano(), nil
}

// fileAt returns the size and modification time (nanoseconds) of the regular file at
// the slash path rel in the destination, without following a symbolic link; ok is false
// when there is none. It asks relative to the destination's folder, held open for its
// lock, so that the system looks up a few path elements instead of the whole path, and
// no Go value is made per file: a rebuild asks for every file of the site.
func (d *Dir) fileAt(rel string) (size, mtime int64, ok bool) {
	if d.dirFD < 0 {
		return d.lstat(rel)
	}
	var st unix.Stat_t
	err := unix.Fstatat(d.dirFD, rel, &st, unix.AT_SYMLINK_NOFOLLOW)
	for err == unix.EINTR {
		err = unix.Fstatat(d.dirFD, rel, &st, unix.AT_SYMLINK_NOFOLLOW)
	}
	if err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return 0, 0, false
	}
	return st.Size, st.Mtim.Nano(), true
}
