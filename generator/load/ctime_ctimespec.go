//go:build darwin || ios || freebsd || netbsd

package load

import "syscall"

func ctime(st *syscall.Stat_t) int64 { return st.Ctimespec.Nano() }
