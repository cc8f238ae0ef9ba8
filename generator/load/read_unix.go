//go:build linux || darwin || freebsd || netbsd || openbsd

package load

import (
	"io"
	"io/fs"
	"syscall"

	"golang.org/x/sys/unix"
)

// readDirect reads the file name of the machine's file system like readFile, with plain
// system calls (open, fstat, read, close). os.Open costs several more per file (the
// runtime tries to register each file with its network poller and sets flags on it),
// which adds up on handbooks of tens of thousands of pages.
func readDirect(name string, maxSize int64, buf []byte) ([]byte, int64, error) {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	}
	if err != nil {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, 0, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	data, size, err := readAll(fdReader(fd), st.Size, maxSize, buf)
	if err != nil {
		return nil, 0, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, size, nil
}

// fdReader reads an open file descriptor.
type fdReader int

func (fd fdReader) Read(b []byte) (int, error) {
	for {
		n, err := syscall.Read(int(fd), b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// openFolder opens the folder name for stampOf; -1 when it cannot.
func openFolder(name string) int {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	for err == unix.EINTR {
		fd, err = unix.Open(name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	}
	if err != nil {
		return -1
	}
	return fd
}

// closeFolder closes what openFolder opened.
func closeFolder(fd int) {
	if fd >= 0 {
		unix.Close(fd)
	}
}

// stampOf returns the Stamp of the file at the slash path file under the origin's root,
// following symbolic links as os.Stat does, and whether it is a regular file. Relative
// to the root's folder, held open while Read runs, the system looks up a few path
// elements rather than the whole path, and no Go value is made: a build asks for every
// page of the handbook. It gives what StampOf gives for the same file.
func (from *origin) stampOf(file string) (Stamp, bool) {
	if from.rootFD < 0 {
		return from.statStamp(file)
	}
	var st unix.Stat_t
	err := unix.Fstatat(from.rootFD, file, &st, 0)
	for err == unix.EINTR {
		err = unix.Fstatat(from.rootFD, file, &st, 0)
	}
	if err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return Stamp{}, false
	}
	return Stamp{Size: st.Size, ModTime: st.Mtim.Nano(), ChangeTime: st.Ctim.Nano(), Ino: uint64(st.Ino), Dev: uint64(st.Dev)}, true
}
