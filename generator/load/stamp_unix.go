//go:build unix

package load

import (
	"io/fs"
	"syscall"
)

// StampOf returns the Stamp of the file info describes (os.Stat, os.Lstat).
func StampOf(info fs.FileInfo) Stamp {
	s := Stamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		s.Ino, s.Dev = uint64(st.Ino), uint64(st.Dev)
		s.ChangeTime = ctime(st)
	}
	return s
}
