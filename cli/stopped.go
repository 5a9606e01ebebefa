package cli

import (
	"context"
	"errors"
	"time"
)

// stoppedError is a command's own account of what it kept when Ctrl-C (or SIGTERM) stopped it
// ("sync stopped: 107 of 300 titles are complete in the cache…"). Run prints it and exits 130.
type stoppedError struct{ msg string }

func (e stoppedError) Error() string { return e.msg }

// stoppedKept is what every command can say when it is stopped: each answer is written to the cache
// as it arrives, so nothing fetched is lost.
const stoppedKept = "stopped: what was fetched is kept in the cache"

// asStopped reports whether err ends a command that was stopped (its context cancelled by Ctrl-C),
// and the sentence to print.
func asStopped(ctx context.Context, err error) (string, bool) {
	var se stoppedError
	if errors.As(err, &se) {
		return se.msg, true
	}
	if ctx.Err() == nil {
		return "", false
	}
	return stoppedKept, true
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// plural says "1 request", "2 requests", "1,204 titles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}
