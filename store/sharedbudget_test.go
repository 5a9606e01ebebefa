package store

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// simClock is a simulated clock for several clients and the fake server: it moves only when no
// HTTP exchange is under way, to the earliest sleeper's deadline. A request thus reaches the fake
// at the instant the budget granted it, as it would with a real clock and a fast network, however
// many clients sleep at once.
type simClock struct {
	mu       sync.Mutex
	now      time.Time
	sleepers []*sleeper
	busy     atomic.Int32 // HTTP exchanges from the first byte sent until the answer's body is closed
	// granted counts requests the budget granted that are not on the wire yet, and lastGrant is
	// when (real time) the latest was granted: a loaded machine can take longer than the quiet
	// period between a grant and its first byte, and time moving then would deliver the request
	// late, to a fake that counts it in a later window than the client did (a 429 the client did
	// not provoke). Bounded in real time so a grant that never reaches the wire stalls nothing.
	granted   atomic.Int32
	lastGrant atomic.Int64
}

// grant notes a request granted by a client's budget, on its way to the wire.
func (c *simClock) grant() {
	c.lastGrant.Store(time.Now().UnixNano())
	c.granted.Add(1)
}

// grantsInTransit reports whether a granted request may still be on its way to the wire.
func (c *simClock) grantsInTransit() bool {
	return c.granted.Load() > 0 && time.Since(time.Unix(0, c.lastGrant.Load())) < 250*time.Millisecond
}

func newSimClock(t *testing.T) *simClock {
	c := &simClock{now: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)}
	stop := make(chan struct{})
	done := make(chan struct{})
	t.Cleanup(func() { close(stop); <-done })
	go c.drive(stop, done)
	return c
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *simClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	sl := &sleeper{until: c.now.Add(d), done: make(chan struct{})}
	c.sleepers = append(c.sleepers, sl)
	c.mu.Unlock()
	select {
	case <-sl.done:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		for i, x := range c.sleepers {
			if x == sl {
				c.sleepers = append(c.sleepers[:i], c.sleepers[i+1:]...)
				break
			}
		}
		c.mu.Unlock()
		return ctx.Err()
	}
}

// drive advances time whenever the clients have settled: nothing on the wire for two looks in a
// row (a request just granted is on its way to the wire by then).
func (c *simClock) drive(stop, done chan struct{}) {
	defer close(done)
	quiet := 0
	for {
		select {
		case <-stop:
			return
		case <-time.After(200 * time.Microsecond):
		}
		if c.busy.Load() != 0 || c.grantsInTransit() {
			quiet = 0
			continue
		}
		if quiet++; quiet < 3 {
			continue
		}
		quiet = 0
		c.mu.Lock()
		if len(c.sleepers) > 0 {
			sort.Slice(c.sleepers, func(i, j int) bool { return c.sleepers[i].until.Before(c.sleepers[j].until) })
			if c.sleepers[0].until.After(c.now) {
				c.now = c.sleepers[0].until
			}
			kept := c.sleepers[:0]
			for _, sl := range c.sleepers {
				if sl.until.After(c.now) {
					kept = append(kept, sl)
				} else {
					close(sl.done)
				}
			}
			c.sleepers = kept
		}
		c.mu.Unlock()
	}
}

// wire counts the HTTP exchanges under way for the clock.
type wire struct {
	base  http.RoundTripper
	clock *simClock
}

func (w wire) RoundTrip(r *http.Request) (*http.Response, error) {
	w.clock.busy.Add(1)
	if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") { // the budget's requests (OAuth is outside it)
		w.clock.granted.Add(-1)
	}
	resp, err := w.base.RoundTrip(r)
	if err != nil {
		w.clock.busy.Add(-1)
		return nil, err
	}
	resp.Body = &doneBody{ReadCloser: resp.Body, done: func() { w.clock.busy.Add(-1) }}
	return resp, nil
}

// doneBody calls done once when closed: the client closes an answer's body only after it dealt
// with it (a 429 is in the budget by then).
type doneBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (b *doneBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}

// process is one psn-client process: a Library and its client on the shared directories.
type process struct {
	name   string
	lib    *Library
	client *psnapi.Client

	mu     sync.Mutex
	grants []time.Time
	pauses [][2]time.Time // when the pause was recorded, and its end
}

func startProcess(t *testing.T, name string, p Paths, srv *psntest.Server, clock *simClock, rate psnapi.RateLimit, background bool) *process {
	t.Helper()
	lib := openTest(t, p, Options{Now: clock.Now, Language: "en-US", RateWindow: rate.Window, Background: background})
	t.Cleanup(func() { lib.Close() })
	cred := srv.IssueToken(psntest.DemoAccountID)
	pr := &process{name: name, lib: lib}
	pr.client = psnapi.New(lib.APIOptions(psnapi.Options{
		APIBase: srv.APIBase(), AuthBase: srv.AuthBase(), ProfileBase: srv.ProfileBase(),
		HTTPClient: &http.Client{Transport: wire{base: http.DefaultTransport, clock: clock}},
		RateLimit:  rate, Now: clock.Now, Sleep: clock.Sleep,
		Tokens: psnapi.NewMemoryTokens(psnapi.Token{AccessToken: cred.AccessToken, RefreshToken: cred.RefreshToken,
			AccessExpiresAt: cred.AccessExpiresAt, RefreshExpiresAt: cred.RefreshExpiresAt}),
		OnSent: func(at time.Time) {
			clock.grant()
			pr.mu.Lock()
			pr.grants = append(pr.grants, at)
			pr.mu.Unlock()
		},
		OnRateLimited: func(until time.Time) {
			pr.mu.Lock()
			pr.pauses = append(pr.pauses, [2]time.Time{clock.Now(), until})
			pr.mu.Unlock()
		},
	}))
	lib.SetAPI(pr.client)
	return pr
}

// record returns what the hooks saw (they may run a moment after a request finished).
func (pr *process) record() (grants []time.Time, pauses [][2]time.Time) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	return append(grants, pr.grants...), append(pauses, pr.pauses...)
}

// mostInOneWindow is the largest number of the fake's answered API requests within any window.
func mostInOneWindow(reqs []psntest.Request, window time.Duration) (most, limited int) {
	var at []time.Time
	for _, r := range reqs {
		if r.Status == http.StatusTooManyRequests {
			limited++
			continue
		}
		if r.Account != "" {
			at = append(at, r.At)
		}
	}
	for i, j := 0, 0; j < len(at); j++ {
		for at[j].Sub(at[i]) >= window {
			i++
		}
		most = max(most, j-i+1)
	}
	return most, limited
}

// Issue 14 #13: several processes (here three Libraries with their own clients on one state
// directory: two syncs and a browser opening titles) keep one budget together. The fake's budget
// matches PSN_RATE_LIMIT: not one 429, and no window above the limit.
func TestSeveralProcessesKeepOneBudget(t *testing.T) {
	rate := psnapi.RateLimit{Requests: 120, Window: 2 * time.Second}
	clock := newSimClock(t)
	srv := psntest.NewServer(psntest.Options{Titles: 200, Now: clock.Now, RateLimit: rate.Requests, RateWindow: rate.Window})
	t.Cleanup(srv.Close)
	p := testPaths(t)
	syncA := startProcess(t, "sync A", p, srv, clock, rate, true)
	syncB := startProcess(t, "sync B", p, srv, clock, rate, true)
	browser := startProcess(t, "browser", p, srv, clock, rate, false)

	tl, err := browser.lib.RefreshTitles(context.Background(), "me")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for _, pr := range []*process{syncA, syncB} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := pr.lib.Sync(context.Background(), "me", nil); err != nil {
				errs <- fmt.Errorf("%s: %w", pr.name, err)
			}
		}()
	}
	wg.Add(1)
	go func() { // the browser opens a title now and then, interactively
		defer wg.Done()
		for i, title := range tl.Titles {
			if i%10 != 0 {
				continue
			}
			if _, err := browser.lib.TitleTrophies(context.Background(), "me", title); err != nil {
				errs <- fmt.Errorf("browser: %w", err)
				return
			}
			clock.Sleep(context.Background(), 300*time.Millisecond)
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	most, limited := mostInOneWindow(srv.Requests(), rate.Window)
	total := 0
	for _, pr := range []*process{syncA, syncB, browser} {
		grants, _ := pr.record()
		total += len(grants)
	}
	t.Logf("%d requests from three processes; at most %d in one window of %v; %d answered 429", total, most, rate.Window, limited)
	if limited != 0 {
		t.Errorf("%d 429s provoked by processes sharing a budget that matches the server's", limited)
	}
	if most > rate.Requests {
		t.Errorf("%d requests in one window, budget %d", most, rate.Requests)
	}
	if total < 3*rate.Requests {
		t.Errorf("only %d requests: the budget was hardly the limit", total)
	}
	if h := browser.lib.RateHistory(); len(h.Sent) == 0 || len(h.Sent) > rate.Requests {
		t.Errorf("requests.log holds %d sends in the window", len(h.Sent))
	}
}

// Issue 14 #13: when Sony allows less than the processes believe, a 429 met by one holds them all:
// no process is granted a request after another recorded a pause and before that pause ends. Here a
// sync meets the 429s while a browser asks for the summary every 100 ms.
func TestNoProcessSendsDuringAnothersPause(t *testing.T) {
	clock := newSimClock(t)
	window := 2 * time.Second
	srv := psntest.NewServer(psntest.Options{Titles: 40, Now: clock.Now, RateLimit: 30, RateWindow: window})
	t.Cleanup(srv.Close)
	p := testPaths(t)
	rate := psnapi.RateLimit{Requests: 300, Window: window} // ten times what the server allows
	syncer := startProcess(t, "sync", p, srv, clock, rate, true)
	browser := startProcess(t, "browser", p, srv, clock, rate, false)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := syncer.lib.Sync(context.Background(), "me", nil); err != nil {
			t.Errorf("sync: %v", err)
		}
	}()
	for polls := 0; ; polls++ {
		select {
		case <-done:
		default:
			if _, err := browser.lib.RefreshSummary(context.Background(), "me"); err != nil {
				t.Fatal(err)
			}
			clock.Sleep(context.Background(), 100*time.Millisecond)
			continue
		}
		break
	}
	procs := []*process{syncer, browser}
	pauses := 0
	for _, pr := range procs {
		_, prPauses := pr.record()
		for _, pause := range prPauses {
			pauses++
			for _, other := range procs {
				grants, _ := other.record()
				for _, at := range grants {
					if at.After(pause[0]) && at.Before(pause[1]) {
						t.Errorf("%s was granted a request at %v, inside the pause %s recorded at %v until %v",
							other.name, at.Format("15:04:05.000"), pr.name, pause[0].Format("15:04:05.000"), pause[1].Format("15:04:05.000"))
					}
				}
			}
		}
	}
	_, limited := mostInOneWindow(srv.Requests(), window)
	browserGrants, _ := browser.record()
	if pauses == 0 || limited == 0 || len(browserGrants) < 5 {
		t.Fatalf("%d 429s, %d pauses, %d browser requests: the test proves nothing", limited, pauses, len(browserGrants))
	}
	t.Logf("%d 429s answered, %d pauses recorded, %d browser requests", limited, pauses, len(browserGrants))
}
