//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package publish

import "os"

// writeNew creates name and writes data.
func writeNew(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}
