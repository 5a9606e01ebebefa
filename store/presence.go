package store

import (
	"context"
	"os"
	"sync"
	"time"
)

// presence is interactive.lock in the state directory: every interactive process (the browser, a
// command the user waits on) holds a shared lock on it for its whole life, and a background-only
// one (sync, watch) holds none. Whether anyone holds it tells every process whether to keep the
// interactive reserve. The kernel drops the lock when its process ends, however it ends, so a
// crash never leaves a stale "interactive" behind.
type presence struct {
	path string
	note func(string, ...any)

	mu    sync.Mutex
	held  *os.File // our shared lock, while this Library is interactive
	probe *os.File
}

// hold announces this Library as interactive (idempotent). A lock file that cannot be used is
// noted; the other processes then keep the reserve only for interactive processes they can see.
func (p *presence) hold() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.held != nil || !locksWork {
		return
	}
	f, err := openLockFile(p.path, p.note)
	if err != nil {
		p.note("could not announce this process as interactive (%v): background work elsewhere may use the whole request budget", err)
		return
	}
	// A probe holds the lock exclusively for a moment; anything longer is a stuck process.
	if err := lockWithin(context.Background(), f, true, time.Now().Add(lockTimeout())); err != nil {
		f.Close()
		p.note("could not announce this process as interactive (%v): background work elsewhere may use the whole request budget", err)
		return
	}
	p.held = f
}

// drop ends this Library's interactive presence.
func (p *presence) drop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.held != nil {
		unlockFile(p.held)
		p.held.Close()
		p.held = nil
	}
}

// present reports whether any interactive process (this one included) runs. When that cannot be
// told (no locks here, an unusable lock file), it says yes: keeping the reserve is the safe side.
func (p *presence) present() bool {
	if !locksWork {
		return true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.held != nil {
		return true
	}
	if p.probe == nil {
		f, err := openLockFile(p.path, p.note)
		if err != nil {
			return true
		}
		p.probe = f
	}
	ok, err := tryLock(p.probe, false)
	if err != nil || !ok {
		return true // a shared lock is held: someone is interactive
	}
	unlockFile(p.probe)
	return false
}

func (p *presence) close() {
	p.drop()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.probe != nil {
		p.probe.Close()
		p.probe = nil
	}
}
