//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// openClaimFile opens (creating) a claim file, refusing to follow a symlink planted in its place.
func openClaimFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_RDWR|syscall.O_NOFOLLOW, 0o644)
}

// tryLockFile takes an exclusive flock on f without waiting; errClaimHeld when someone holds it.
func tryLockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errClaimHeld
	}
	return err
}

func unlockClaim(f *os.File) { syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
