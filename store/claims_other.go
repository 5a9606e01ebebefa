//go:build !unix

package store

import (
	"os"
	"sync"
)

// Without flock, claims are exclusive files shared by the Libraries of this process only: two
// processes on such a system may both fetch a title (each write is still atomic).
var claimFiles sync.Map

func openClaimFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
}

func tryLockFile(f *os.File) error {
	if _, loaded := claimFiles.LoadOrStore(f.Name(), f); loaded {
		return errClaimHeld
	}
	return nil
}

func unlockClaim(f *os.File) { claimFiles.CompareAndDelete(f.Name(), f) }
