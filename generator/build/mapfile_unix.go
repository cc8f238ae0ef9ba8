//go:build unix

package build

import (
	"os"
	"syscall"
)

// mapFile maps the file name into memory, read-only, and returns its bytes and the
// function that unmaps them: nothing read from the bytes may be used after. A build
// reads its cache this way so that what it keeps of it (the pages loaded, the search
// postings) is read from the file system's cache rather than copied into memory of its
// own first. The cache is replaced by renaming a new file over it, never written in
// place, so the file mapped does not change while a build reads it. An empty file, or
// one that cannot be mapped, is read instead.
func mapFile(name string) ([]byte, func(), error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if size := info.Size(); size > 0 && size == int64(int(size)) && info.Mode().IsRegular() {
		if data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED); err == nil {
			return data, func() { _ = syscall.Munmap(data) }, nil
		}
	}
	data, err := os.ReadFile(name)
	return data, func() {}, err
}
