//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package publish

import (
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// lockingSupported reports whether lockDir really locks.
const lockingSupported = true

// errLocked reports a folder locked by a build still running.
var errLocked = errors.New("locked by a build in progress")

// lockDir takes an exclusive flock on the folder at p without waiting. The lock follows
// the folder through renames and dies with the process, so a killed build's folders are
// free for Recover and a live build's are not.
func lockDir(p string) (io.Closer, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, fmt.Errorf("locking %s: %w", p, err)
	}
	return f, nil
}
