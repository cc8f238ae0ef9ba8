//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package load

import "os"

// readDirect reads the file name of the machine's file system like readFile.
func readDirect(name string, maxSize int64, buf []byte) ([]byte, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	return readOpened(f, maxSize, buf)
}

// openFolder returns -1: stampOf uses statStamp.
func openFolder(string) int { return -1 }

// closeFolder does nothing.
func closeFolder(int) {}

// stampOf returns the Stamp of the file at the slash path file under the origin's root
// and whether it is a regular file.
func (from *origin) stampOf(file string) (Stamp, bool) { return from.statStamp(file) }
