//go:build linux || dragonfly || solaris || illumos || aix || openbsd

package load

import "syscall"

func ctime(st *syscall.Stat_t) int64 { return st.Ctim.Nano() }
