//go:build linux || darwin || freebsd || netbsd || openbsd

package load

import (
	"io"
	"io/fs"
	"syscall"
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
