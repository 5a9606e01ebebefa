package psnapi

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"syscall"
	"time"
)

// RetryPolicy is how GETs are retried after a 5xx, an unreadable 200 or a dropped connection.
// Every attempt is a request Sony counts, so attempts are few and spaced out.
type RetryPolicy struct {
	Attempts int           // total attempts, first included; default 3
	Base     time.Duration // first pause; default 500ms
	Max      time.Duration // cap of a pause; default 8s
	// BackgroundAttempts replaces Attempts for 5xx, unreadable answers and dropped connections of
	// Background requests (sync, prefetch): nobody waits on them, and a title given up on costs a
	// whole later sync, so they are more patient (default 8: about 30 s of pauses at most; when
	// only Attempts is set, Attempts). With 15% of answers failing, 3 attempts lose one request in
	// 300; 8 lose one in 4 million.
	BackgroundAttempts int
}

// DefaultRetryPolicy is used when Options.Retry is zero.
var DefaultRetryPolicy = RetryPolicy{Attempts: 3, Base: 500 * time.Millisecond, Max: 8 * time.Second, BackgroundAttempts: 8}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.BackgroundAttempts <= 0 {
		// A policy that sets Attempts means it for every request.
		p.BackgroundAttempts = p.Attempts
		if p.Attempts <= 0 {
			p.BackgroundAttempts = DefaultRetryPolicy.BackgroundAttempts
		}
	}
	if p.Attempts <= 0 {
		p.Attempts = DefaultRetryPolicy.Attempts
	}
	if p.Base <= 0 {
		p.Base = DefaultRetryPolicy.Base
	}
	if p.Max <= 0 {
		p.Max = DefaultRetryPolicy.Max
	}
	if p.Max < p.Base {
		p.Max = p.Base
	}
	return p
}

// backoff is the pause before retry number n (1 for the first retry): exponential, capped, with
// "equal jitter" (half fixed, half random) so that clients hit by the same outage spread out
// without ever retrying at once.
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.Base
	for i := 1; i < n && d < p.Max; i++ {
		d *= 2
	}
	if d > p.Max {
		d = p.Max
	}
	half := d / 2
	return half + rand.N(half+1)
}

// retryableNetErr reports transport failures worth another attempt: timeouts and connections cut
// mid-answer. Refused connections and DNS failures mean offline: fail fast and serve the cache.
func retryableNetErr(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// sleepContext is the real Options.Sleep: a timer that gives up when ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
