//go:build unix

package load

import (
	"io/fs"
	"syscall"
)

// stampOf returns the Stamp of the file info describes.
func stampOf(info fs.FileInfo) Stamp {
	s := Stamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		s.Ino, s.Dev = uint64(st.Ino), uint64(st.Dev)
		s.ChangeTime = ctime(st)
	}
	return s
}
