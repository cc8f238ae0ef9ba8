//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package publish

import (
	"errors"
	"io"
)

// lockingSupported reports whether lockDir really locks.
const lockingSupported = false

// errLocked is never returned where folders cannot be locked.
var errLocked = errors.New("locked by a build in progress")

type noLock struct{}

func (noLock) Close() error { return nil }

// lockDir does nothing here: without flock, two builds into one destination at the same
// time must be avoided by the caller.
func lockDir(string) (io.Closer, error) { return noLock{}, nil }
