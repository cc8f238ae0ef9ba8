//go:build !unix

package load

import "io/fs"

// StampOf returns the Stamp of the file info describes (os.Stat, os.Lstat): its size
// and modification time where the system gives no more.
func StampOf(info fs.FileInfo) Stamp {
	return Stamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
}
