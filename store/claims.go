package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"
)

// Claims make several processes (a browser filling its cache, a CLI sync, a second browser) share the
// work of filling one cache: before a title's definitions or an account's earned status of a title is
// fetched, the fetcher takes the claim on it; a claim another process holds means "being fetched
// there", so a fill skips that title and revisits it later, and an interactive fetch waits for the
// other process's answer instead of sending the same request.
//
// A claim is an flock on a file under v1/claims/. The kernel releases it when its holder dies, so a
// crashed or SIGKILLed process leaves no stale claim (at most an unlocked file, which the next claimer
// takes and removes). The holder removes the file before unlocking it; a claimer that locked a file
// that was removed meanwhile (the path now names another file or none) tries again, so two claimers
// never hold locks on different files of one path.

// errClaimHeld says another fetcher (another process, or another Library of this one) holds a claim.
var errClaimHeld = errors.New("store: being fetched by another psn-client")

// claimPoll is how often a waiting claimer tries again (real time: the holder is another process).
const claimPoll = 100 * time.Millisecond

func (l *Library) claimsDir() string { return filepath.Join(l.cacheRoot(), "claims") }

// defsClaimPath is the claim on a title's definitions in the Library's language (every account's
// fetch of them takes it).
func (l *Library) defsClaimPath(npCommID string) string {
	return filepath.Join(l.claimsDir(), "d+"+langName(l.lang)+"+"+safeName(npCommID))
}

// earnedClaimPath is the claim on one account's earned status of a title.
func (l *Library) earnedClaimPath(key, npCommID string) string {
	return filepath.Join(l.claimsDir(), "e+"+safeName(l.accountKeyDir(key))+"+"+safeName(npCommID))
}

// accountKeyDir is the account's directory name (the numeric ID for "me" once known), so "me" and its
// numeric ID share claims as they share files.
func (l *Library) accountKeyDir(key string) string { return filepath.Base(l.accountDir(key)) }

// tryClaim takes the claim at path without waiting: errClaimHeld when another holder has it; a
// *CacheWriteError when the claim file cannot be made (the cache cannot be written either).
func tryClaim(path string) (release func(), err error) {
	for attempt := 0; ; attempt++ {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, &CacheWriteError{Path: path, Err: err}
		}
		f, err := openClaimFile(path)
		if err != nil {
			if attempt == 0 && os.Remove(path) == nil {
				continue // not a claim file (a symlink or a directory planted there): ours to replace
			}
			return nil, &CacheWriteError{Path: path, Err: err}
		}
		if err := tryLockFile(f); err != nil {
			f.Close()
			if errors.Is(err, errClaimHeld) {
				return nil, errClaimHeld
			}
			return nil, &CacheWriteError{Path: path, Err: err}
		}
		held, herr := f.Stat()
		now, nerr := os.Stat(path)
		if herr == nil && nerr == nil && os.SameFile(held, now) {
			return func() {
				os.Remove(path)
				unlockClaim(f)
				f.Close()
			}, nil
		}
		// The previous holder removed the file between our open and our lock: claim the current one.
		unlockClaim(f)
		f.Close()
		if attempt > 100 {
			return nil, errClaimHeld
		}
	}
}

// waitClaim takes the claim at path, waiting while another holder has it (polling, since the holder
// may be another process) until ctx ends.
func waitClaim(ctx context.Context, path string) (release func(), err error) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		release, err := tryClaim(path)
		if !errors.Is(err, errClaimHeld) {
			return release, err
		}
		t.Reset(claimPoll)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}
