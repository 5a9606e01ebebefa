//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// locksWork reports whether advisory locks exist here: requests.log is shared under one and an
// interactive process announces itself with one.
const locksWork = true

// tryLock takes an advisory lock on f without blocking: exclusive, or shared when shared is set. It
// reports false when another open file holds a conflicting lock (this process's included: flock
// locks belong to open files, so two Libraries of one process exclude each other too).
func tryLock(f *os.File, shared bool) (bool, error) {
	how := syscall.LOCK_EX
	if shared {
		how = syscall.LOCK_SH
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return false, err
	}
	var lerr error
	if err := rc.Control(func(fd uintptr) { lerr = syscall.Flock(int(fd), how|syscall.LOCK_NB) }); err != nil {
		return false, err
	}
	if errors.Is(lerr, syscall.EWOULDBLOCK) || errors.Is(lerr, syscall.EINTR) {
		return false, nil
	}
	return lerr == nil, lerr
}

// unlockFile releases f's advisory lock.
func unlockFile(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var lerr error
	if err := rc.Control(func(fd uintptr) { lerr = syscall.Flock(int(fd), syscall.LOCK_UN) }); err != nil {
		return err
	}
	return lerr
}
