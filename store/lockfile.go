package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"
)

// lockTimeout bounds every wait for a lock another process holds: its holders keep it for
// microseconds, so a longer hold means a stuck (or stopped) process, and waiting on would only
// hang the command.
func lockTimeout() time.Duration { return time.Duration(lockTimeoutNanos.Load()) }

// lockTimeoutNanos is lockTimeout, atomic so that tests may change it: a limiter's dispatch runs
// on after the request that started it returned (a Ctrl-C hands the decision to a goroutine), and
// reads it whenever it enters requests.log's lock.
var lockTimeoutNanos atomic.Int64

func init() { lockTimeoutNanos.Store(int64(5 * time.Second)) }

// ErrBudgetLocked is returned (wrapped, naming the file) when requests.log's lock stays held by
// another process beyond a few seconds: psn-client does not send without the shared budget.
var ErrBudgetLocked = errors.New("the request budget is locked by another process")

// errNotRegular: a state file that is a FIFO, a device, a directory… (or a symlink to one).
var errNotRegular = errors.New("not a regular file")

// openRegular opens (creating with perm) a state file that must be a regular file: a FIFO is
// opened without blocking and refused, as are devices (a symlink to /dev/zero) and directories.
func openRegular(path string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag|syscall.O_NONBLOCK, perm)
	if err != nil {
		if errors.Is(err, syscall.EISDIR) {
			return nil, fmt.Errorf("%s: %w", path, errNotRegular)
		}
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: %w (%s)", path, errNotRegular, fileKind(st.Mode()))
	}
	return f, nil
}

func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return m.Type().String()
}

// openLockFile opens a lock file in the state directory. One that is not a regular file (nobody
// locks such a thing on purpose) is replaced by one, which is said once through note.
func openLockFile(path string, note func(string, ...any)) (*os.File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := openRegular(path, os.O_CREATE|os.O_RDWR, 0o600)
	if errors.Is(err, errNotRegular) {
		if rerr := os.Remove(path); rerr != nil {
			return nil, err
		}
		note("%v: replaced by a regular file", err)
		f, err = openRegular(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	}
	return f, err
}

// lockWithin takes f's lock (shared or exclusive), polling without blocking: ctx ends the wait at
// once (Ctrl-C always works), and after until it gives up with ErrBudgetLocked naming the file.
func lockWithin(ctx context.Context, f *os.File, shared bool, until time.Time) error {
	pause := 100 * time.Microsecond
	var t *time.Timer
	defer func() {
		if t != nil {
			t.Stop()
		}
	}()
	for start := time.Now(); ; {
		ok, err := tryLock(f, shared)
		if ok || err != nil {
			return err
		}
		if time.Now().After(until) {
			return fmt.Errorf("%w: %s held for %s (a stuck psn-client?)", ErrBudgetLocked, f.Name(),
				time.Since(start).Round(time.Second))
		}
		if t == nil {
			t = time.NewTimer(pause)
		} else {
			t.Reset(pause)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		pause = min(2*pause, 20*time.Millisecond)
	}
}
