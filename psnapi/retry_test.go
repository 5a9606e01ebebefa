package psnapi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// faults answers the first len(plan) requests with the planned faults, then succeeds.
func faults(plan ...func(http.ResponseWriter)) http.HandlerFunc {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		i := n
		n++
		mu.Unlock()
		if i < len(plan) {
			plan[i](w)
			return
		}
		writeJSON(w, 200, summaryBody)
	}
}

func status(code int) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { writeJSON(w, code, `{"error":{"code":1,"message":"fault"}}`) }
}

func truncated(w http.ResponseWriter) { writeJSON(w, 200, summaryBody[:40]) }

// cut declares a longer body than it sends: the client sees the connection end mid-answer.
func cut(w http.ResponseWriter) {
	w.Header().Set("Content-Length", "4000")
	w.WriteHeader(200)
	_, _ = w.Write([]byte(summaryBody[:40]))
}

func TestRetriesUnderFaults(t *testing.T) {
	cases := []struct {
		name     string
		plan     []func(http.ResponseWriter)
		requests int
		check    func(error) bool
	}{
		{"two 503s then success", []func(http.ResponseWriter){status(503), status(503)}, 3,
			func(err error) bool { return err == nil }},
		{"always 502", []func(http.ResponseWriter){status(502), status(502), status(502), status(502)}, 3,
			func(err error) bool { return KindOf(err) == KindServer }},
		{"truncated 200 then success", []func(http.ResponseWriter){truncated}, 2,
			func(err error) bool { return err == nil }},
		{"always truncated", []func(http.ResponseWriter){truncated, truncated, truncated}, 3,
			func(err error) bool {
				var de *DecodeError
				return errors.As(err, &de) && de.Endpoint == "trophySummary"
			}},
		{"connection cut mid-body then success", []func(http.ResponseWriter){cut, cut}, 3,
			func(err error) bool { return err == nil }},
		{"404 is final", []func(http.ResponseWriter){status(404)}, 1, IsNotFound},
		{"400 is final", []func(http.ResponseWriter){status(400)}, 1,
			func(err error) bool { return errors.Is(err, ErrBadRequest) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var sent atomic.Int32
			e := newEnv(t, faults(tc.plan...), func(o *Options, e *testEnv) {
				o.RateLimit = RateLimit{Requests: 100, Window: time.Minute}
				o.OnSent = func(time.Time) { sent.Add(1) }
			})
			_, err := e.client.TrophySummary(context.Background(), "me")
			if !tc.check(err) {
				t.Errorf("err = %v", err)
			}
			if n := len(e.requests()); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
			// Every attempt is a request Sony counts.
			if used := e.client.Rate().Used; used != tc.requests || int(sent.Load()) != tc.requests {
				t.Errorf("window counts %d, OnSent %d, want %d", used, sent.Load(), tc.requests)
			}
			if n := len(e.clock.Sleeps()); n != tc.requests-1 {
				t.Errorf("%d backoff pauses for %d attempts", n, tc.requests)
			}
		})
	}
}

func TestBackoffIsExponentialCappedAndJittered(t *testing.T) {
	p := RetryPolicy{Attempts: 10, Base: 500 * time.Millisecond, Max: 4 * time.Second}
	for n, full := range map[int]time.Duration{1: 500 * time.Millisecond, 2: time.Second, 3: 2 * time.Second, 4: 4 * time.Second, 9: 4 * time.Second} {
		for i := 0; i < 50; i++ {
			d := p.backoff(n)
			if d < full/2 || d > full {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, d, full/2, full)
			}
		}
	}
	e := newEnv(t, faults(status(500), status(500)))
	if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	s := e.clock.Sleeps()
	if len(s) != 2 || s[0] < 250*time.Millisecond || s[0] > 500*time.Millisecond || s[1] < 500*time.Millisecond || s[1] > time.Second {
		t.Errorf("pauses %v", s)
	}
}

// errTransport fails every request with err, counting them.
type errTransport struct {
	err   error
	calls atomic.Int32
}

func (tr *errTransport) RoundTrip(*http.Request) (*http.Response, error) {
	tr.calls.Add(1)
	return nil, tr.err
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestNetworkFailures(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		attempts int32
	}{
		{"timeout is retried", &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}, 3},
		{"refused means offline: no retry", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, 1},
		{"DNS failure means offline: no retry", &net.DNSError{Err: "no such host", Name: "m.np.playstation.com", IsNotFound: true}, 1},
		{"reset is retried", &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tr := &errTransport{err: tc.err}
			c := New(Options{HTTPClient: &http.Client{Transport: tr}, Tokens: NewMemoryTokens(validToken(clockStart)),
				Now: newAutoClock().Now, Sleep: newAutoClock().Sleep})
			_, err := c.TrophySummary(context.Background(), "me")
			var ne *NetworkError
			if !errors.As(err, &ne) || !IsNetwork(err) || ne.Endpoint != "trophySummary" {
				t.Fatalf("err = %#v", err)
			}
			var ue *url.Error
			if errors.As(err, &ue) {
				t.Error("the *url.Error was kept")
			}
			if got := tr.calls.Load(); got != tc.attempts {
				t.Errorf("%d attempts, want %d", got, tc.attempts)
			}
		})
	}
}

func TestCancellationStopsRetries(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		cancel()
		writeJSON(w, 503, "")
	})
	_, err := e.client.TrophySummary(ctx, "me")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if n := len(e.requests()); n != 1 {
		t.Errorf("%d requests after cancellation", n)
	}
}

func TestTokenRequestsAreNotRetried(t *testing.T) {
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 503, "") }, func(o *Options, e *testEnv) {
		tok := validToken(clockStart)
		tok.AccessExpiresAt = clockStart
		o.Tokens = NewMemoryTokens(tok)
	})
	_, err := e.client.TrophySummary(context.Background(), "me")
	if KindOf(err) != KindServer || errors.Is(err, ErrLoginRequired) {
		t.Errorf("err = %v", err)
	}
	if n := len(e.requests()); n != 1 {
		t.Errorf("%d requests", n)
	}
}
