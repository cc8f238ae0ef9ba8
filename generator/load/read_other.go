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
