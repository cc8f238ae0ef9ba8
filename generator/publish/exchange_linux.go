package publish

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps the folders at a and b atomically with renameat2(RENAME_EXCHANGE).
// Kernels before 3.15 and some file systems (older NFS, overlay setups) lack it, and
// then errNoExchange tells Commit to fall back to renames. EPERM is there too because
// container seccomp filters that do not know renameat2 answer with it; a real permission
// problem then shows up, with its path, in the fallback's own rename.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOTSUP), errors.Is(err, unix.EPERM):
		return errNoExchange
	}
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
}
