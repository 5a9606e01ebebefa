package psnapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"
)

// fakeClock is the injected clock. In auto mode Sleep advances time at once (backoff and waits
// cost nothing); in manual mode Sleep blocks until Advance moves time past its deadline.
type fakeClock struct {
	mu       sync.Mutex
	now      time.Time
	auto     bool
	sleeps   []time.Duration
	sleepers []*sleeper
}

type sleeper struct {
	until time.Time
	done  chan struct{}
}

var clockStart = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newAutoClock() *fakeClock   { return &fakeClock{now: clockStart, auto: true} }
func newManualClock() *fakeClock { return &fakeClock{now: clockStart} }

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	f.sleeps = append(f.sleeps, d)
	if f.auto {
		f.now = f.now.Add(d)
		f.mu.Unlock()
		return nil
	}
	s := &sleeper{until: f.now.Add(d), done: make(chan struct{})}
	f.sleepers = append(f.sleepers, s)
	f.mu.Unlock()
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Advance moves time and wakes the sleepers whose deadline passed.
func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	kept := f.sleepers[:0]
	for _, s := range f.sleepers {
		if !s.until.After(f.now) {
			close(s.done)
		} else {
			kept = append(kept, s)
		}
	}
	f.sleepers = kept
}

func (f *fakeClock) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// loggedRequest is what the test server saw, stamped with the fake clock.
type loggedRequest struct {
	Method, Path string
	Query        url.Values
	Header       http.Header
	Form         url.Values
	At           time.Time
}

// testEnv is a client wired to an httptest server whose handler the test supplies.
type testEnv struct {
	srv    *httptest.Server
	clock  *fakeClock
	tokens *MemoryTokens
	client *Client

	mu  sync.Mutex
	log []loggedRequest
}

const (
	testAccess  = "access-SECRET-aaaa"
	testRefresh = "refresh-SECRET-bbbb"
	testNPSSO   = "npssoSECRETcccc0123456789"
)

func validToken(now time.Time) Token {
	return Token{AccessToken: testAccess, RefreshToken: testRefresh,
		AccessExpiresAt: now.Add(time.Hour), RefreshExpiresAt: now.Add(60 * 24 * time.Hour),
		Scope: oauthScope}
}

// newEnv starts a server with h and a client with a valid token and an auto clock; mod may
// change the options (clock included) before the client is built.
func newEnv(t testing.TB, h http.HandlerFunc, mod ...func(*Options, *testEnv)) *testEnv {
	t.Helper()
	e := &testEnv{clock: newAutoClock()}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		lr := loggedRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(),
			Form: r.PostForm, At: e.clock.Now()}
		e.mu.Lock()
		e.log = append(e.log, lr)
		e.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(e.srv.Close)
	e.tokens = NewMemoryTokens(validToken(clockStart))
	o := Options{
		APIBase:     e.srv.URL + "/api",
		AuthBase:    e.srv.URL + "/api",
		ProfileBase: e.srv.URL,
		HTTPClient:  e.srv.Client(),
		Tokens:      e.tokens,
	}
	for _, m := range mod {
		m(&o, e)
	}
	if o.Now == nil {
		o.Now = e.clock.Now
	}
	if o.Sleep == nil {
		o.Sleep = e.clock.Sleep
	}
	e.client = New(o)
	return e
}

func (e *testEnv) requests() []loggedRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]loggedRequest(nil), e.log...)
}

func (e *testEnv) count(path string) int {
	n := 0
	for _, r := range e.requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

func withManualClock(o *Options, e *testEnv) {
	e.clock.mu.Lock()
	e.clock.auto = false
	e.clock.mu.Unlock()
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// serve answers every request with body.
func serve(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) }
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func sortedKeys(v url.Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func intp(n int) *int { return &n }

// waitSleepers blocks until n sleepers wait on the manual clock, so Advance cannot run before
// the limiter armed its wake-up.
func (f *fakeClock) waitSleepers(t *testing.T, n int) {
	t.Helper()
	waitFor(t, "the limiter's wake-up", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return len(f.sleepers) >= n
	})
}

// waitFor spins until cond holds; the goroutines it waits for make progress on their own. The
// generous limit only turns a hang into a failure; it asserts nothing about speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	limit := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(limit) {
			t.Fatalf("gave up waiting for %s", what)
		}
		runtime.Gosched()
	}
}
