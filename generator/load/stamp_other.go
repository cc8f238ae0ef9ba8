//go:build !unix

package load

import "io/fs"

// stampOf returns the Stamp of the file info describes: its size and modification time
// where the system gives no more.
func stampOf(info fs.FileInfo) Stamp {
	return Stamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
}
