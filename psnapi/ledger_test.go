package psnapi

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// memLedger is a Ledger in memory: the clients sharing one stand for several processes (the store's
// requests.log is tested in package store).
type memLedger struct {
	mu          sync.Mutex
	sent        []time.Time
	next        time.Time
	interactive bool
	fail        error         // Exchange fails with it
	block       chan struct{} // Exchange waits for it to close (or for ctx)
	exchanges   int
}

func (m *memLedger) Exchange(ctx context.Context, since time.Time, decide func(LedgerView) LedgerRecord) error {
	if m.block != nil {
		select {
		case <-m.block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if m.fail != nil {
		return m.fail
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.exchanges++
	rec := decide(m.viewLocked(since))
	m.sent = append(m.sent, rec.Sent...)
	sort.Slice(m.sent, func(i, j int) bool { return m.sent[i].Before(m.sent[j]) })
	if rec.NextAvailable.After(m.next) {
		m.next = rec.NextAvailable
	}
	return nil
}

func (m *memLedger) Peek(since time.Time, fn func(LedgerView)) bool {
	if !m.mu.TryLock() {
		return false
	}
	defer m.mu.Unlock()
	fn(m.viewLocked(since))
	return true
}

func (m *memLedger) viewLocked(since time.Time) LedgerView {
	i := sort.Search(len(m.sent), func(i int) bool { return m.sent[i].After(since) })
	return LedgerView{Sent: m.sent[i:], NextAvailable: m.next, Interactive: m.interactive}
}

// another records a send or a pause as another process would.
func (m *memLedger) another(sent []time.Time, next time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, sent...)
	sort.Slice(m.sent, func(i, j int) bool { return m.sent[i].Before(m.sent[j]) })
	if next.After(m.next) {
		m.next = next
	}
}

func withLedger(l Ledger) func(*Options, *testEnv) {
	return func(o *Options, e *testEnv) { o.Ledger = l }
}

// Another process's sends count before every grant, and show in Rate without any request here.
func TestAnotherProcessSendsCountBeforeEveryGrant(t *testing.T) {
	led := &memLedger{interactive: true}
	led.another([]time.Time{clockStart.Add(-3 * time.Second), clockStart.Add(-2 * time.Second), clockStart.Add(-time.Second)}, time.Time{})
	e := newEnv(t, serve(summaryBody), withManualClock, withLedger(led), func(o *Options, e *testEnv) {
		o.RateLimit = RateLimit{Requests: 4, Window: time.Minute}
	})
	if s := e.client.Rate(); s.Used != 3 || !s.Shared {
		t.Fatalf("the other process's sends: %+v", s)
	}
	if _, err := e.client.TrophySummary(context.Background(), "mine"); err != nil {
		t.Fatal(err)
	}
	var rl *RateLimitedError
	if _, err := e.client.TrophySummary(WithFailFast(context.Background()), "over"); !errors.As(err, &rl) || rl.Status != 0 {
		t.Fatalf("the shared window is full: err = %v", err)
	}
	if n := len(e.requests()); n != 1 {
		t.Fatalf("%d requests sent", n)
	}
	led.another([]time.Time{clockStart}, time.Time{}) // sent meanwhile over there
	if s := e.client.Rate(); s.Used != 5 {
		t.Errorf("Rate does not count the other process's new send: %+v", s)
	}
	if len(led.sent) != 5 {
		t.Errorf("our send was not recorded in the ledger: %v", led.sent)
	}
}

// No request leaves while another process's 429 pause lasts; one that may wait goes at its end.
func TestAnotherProcessPauseHoldsEveryRequest(t *testing.T) {
	led := &memLedger{interactive: true}
	pause := clockStart.Add(30 * time.Second)
	led.another(nil, pause)
	e := newEnv(t, serve(summaryBody), withManualClock, withLedger(led), func(o *Options, e *testEnv) {
		o.RateLimit = DefaultRateLimit
	})
	var rl *RateLimitedError
	if _, err := e.client.TrophySummary(WithFailFast(context.Background()), "me"); !errors.As(err, &rl) ||
		rl.Status != http.StatusTooManyRequests || !rl.NextAvailable.Equal(pause) {
		t.Fatalf("during another process's pause: err = %v", err)
	}
	done := make(chan error)
	go func() {
		_, err := e.client.TrophySummary(WithPriority(context.Background(), Background), "me")
		done <- err
	}()
	waitFor(t, "the request to queue", func() bool { return e.client.Rate().Waiting == 1 })
	if s := e.client.Rate(); s.WaitReason != WaitPause || !s.WaitUntil.Equal(pause) || !s.NextAvailable.Equal(pause) ||
		s.Pause() != 30*time.Second {
		t.Errorf("snapshot during the pause: %+v", s)
	}
	e.clock.waitSleepers(t, 1)
	e.clock.Advance(29 * time.Second)
	if len(e.requests()) != 0 {
		t.Fatal("sent during the pause")
	}
	e.clock.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if reqs := e.requests(); len(reqs) != 1 || reqs[0].At.Before(pause) {
		t.Fatalf("requests %+v", reqs)
	}
}

// A 429 met here is written to the ledger for the others, made believable first.
func TestOur429IsRecordedInTheLedger(t *testing.T) {
	for _, c := range []struct {
		header string
		want   time.Duration
	}{
		{strconv.FormatInt(clockStart.Add(40*time.Second).Unix(), 10), 40 * time.Second},
		{"99999999999", defaultRateLimitPause}, // the year 5138: ignored, as if absent
		{strconv.FormatInt(clockStart.Add(400*24*time.Hour).Unix(), 10), defaultRateLimitPause},
	} {
		led := &memLedger{interactive: true}
		e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Next-Available", c.header)
			writeJSON(w, 429, "")
		}, withLedger(led), func(o *Options, e *testEnv) { o.RateLimit = DefaultRateLimit })
		_, err := e.client.TrophySummary(WithFailFast(context.Background()), "me")
		var rl *RateLimitedError
		if !errors.As(err, &rl) || !rl.NextAvailable.Equal(clockStart.Add(c.want)) {
			t.Errorf("header %s: err = %v", c.header, err)
		}
		if !led.next.Equal(clockStart.Add(c.want)) {
			t.Errorf("header %s: the ledger holds the pause %v", c.header, led.next)
		}
		if s := e.client.Rate(); s.Pause() != c.want {
			t.Errorf("header %s: Rate shows a pause of %v", c.header, s.Pause())
		}
	}
}

// A clock set back (or a corrupt record) leaves times far ahead in the shared record: they are
// ignored, never waited for; sends a little ahead count as sent now.
func TestFarFutureRecordsAreIgnored(t *testing.T) {
	led := &memLedger{interactive: true}
	yearAhead := clockStart.Add(365 * 24 * time.Hour)
	led.another([]time.Time{clockStart.Add(5 * time.Minute), yearAhead, yearAhead}, yearAhead)
	e := newEnv(t, serve(summaryBody), withManualClock, withLedger(led), func(o *Options, e *testEnv) {
		o.RateLimit = RateLimit{Requests: 3, Window: 15 * time.Minute}
	})
	s := e.client.Rate()
	if s.Used != 1 || !s.NextAvailable.IsZero() || s.ResetAt.After(clockStart.Add(15*time.Minute)) {
		t.Fatalf("far-future records: %+v", s)
	}
	for i := 0; i < 2; i++ {
		if _, err := e.client.TrophySummary(WithFailFast(context.Background()), "me"); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	_, err := e.client.TrophySummary(WithFailFast(context.Background()), "me")
	var rl *RateLimitedError
	if !errors.As(err, &rl) || rl.NextAvailable.After(clockStart.Add(16*time.Minute)) {
		t.Fatalf("full window: err = %v: no wait may exceed the window", err)
	}
	// Without a ledger, a restored history behaves the same.
	e = newEnv(t, serve(summaryBody), withManualClock, func(o *Options, e *testEnv) {
		o.RateLimit = RateLimit{Requests: 3, Window: 15 * time.Minute}
		o.History = RateHistory{Sent: []time.Time{yearAhead}, NextAvailable: yearAhead}
	})
	if s := e.client.Rate(); s.Used != 0 || !s.NextAvailable.IsZero() {
		t.Fatalf("far-future history: %+v", s)
	}
}

// With nobody interactive, background work may use the whole window; with an interactive process
// somewhere, it keeps the reserve.
func TestTheReserveIsKeptOnlyWhileAnInteractiveProcessRuns(t *testing.T) {
	for _, interactive := range []bool{false, true} {
		led := &memLedger{interactive: interactive}
		e := newEnv(t, serve(summaryBody), withLedger(led), func(o *Options, e *testEnv) {
			o.RateLimit = RateLimit{Requests: 10, Window: time.Minute}
		})
		bg := WithPriority(context.Background(), Background)
		sent := 0
		for i := 0; i < 12; i++ {
			// Waiting for pacing is fine (the clock is automatic), waiting for the window is not.
			ctx, cancel := context.WithTimeout(bg, 10*time.Second)
			_, err := e.client.TrophySummary(ctx, "me")
			cancel()
			if err == nil {
				sent++
			}
			if s := e.client.Rate(); s.WaitReason == WaitBudget {
				break
			}
		}
		want, wantCap := 10, 10
		if interactive {
			want, wantCap = 8, 8
		}
		s := e.client.Rate()
		if s.Interactive != interactive || s.BackgroundCap != wantCap {
			t.Errorf("interactive=%v: snapshot %+v", interactive, s)
		}
		reqs := e.requests()
		inWindow := 0
		for _, r := range reqs {
			if r.At.Sub(reqs[0].At) < time.Minute {
				inWindow++
			}
		}
		if inWindow != want {
			t.Errorf("interactive=%v: %d background requests in the first minute, want %d", interactive, inWindow, want)
		}
	}
}

// Background requests beyond a small burst are spread evenly over the window; interactive requests
// are never held by the pacing.
func TestBackgroundWorkIsPacedEvenly(t *testing.T) {
	led := &memLedger{interactive: false}
	e := newEnv(t, serve(summaryBody), withLedger(led), func(o *Options, e *testEnv) {
		o.RateLimit = RateLimit{Requests: 100, Window: 100 * time.Second}
	})
	bg := WithPriority(context.Background(), Background)
	for i := 0; i < 40; i++ {
		if _, err := e.client.TrophySummary(bg, "bg"); err != nil {
			t.Fatal(err)
		}
	}
	pace := (100*time.Second + 2*time.Second) / 100 // the window and its margin over the whole budget
	if s := e.client.Rate(); s.Pace != pace {
		t.Fatalf("pace %v, want %v", s.Pace, pace)
	}
	// A burst of a quarter of the budget, then one per pace.
	step := pace
	reqs := e.requests()
	for i, r := range reqs {
		want := clockStart
		if i >= 25 {
			want = clockStart.Add(time.Duration(i-24) * step)
		}
		if !r.At.Equal(want) {
			t.Fatalf("background request %d at +%v, want +%v", i, r.At.Sub(clockStart), want.Sub(clockStart))
		}
	}
	before := e.clock.Now()
	for i := 0; i < 5; i++ {
		if _, err := e.client.TrophySummary(context.Background(), "interactive"); err != nil {
			t.Fatal(err)
		}
	}
	if !e.clock.Now().Equal(before) {
		t.Errorf("interactive requests waited %v for the pacing", e.clock.Now().Sub(before))
	}
}

// The window empties as time passes with no request sent: Rate says so, and subscribers are told.
func TestRateMovesWithTimeAlone(t *testing.T) {
	defer func(d time.Duration) { ratePollInterval = d }(ratePollInterval)
	ratePollInterval = time.Millisecond
	led := &memLedger{interactive: true}
	e := newEnv(t, serve(summaryBody), withManualClock, withLedger(led), func(o *Options, e *testEnv) {
		o.RateLimit = RateLimit{Requests: 300, Window: time.Minute}
	})
	for i := 0; i < 3; i++ {
		if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
			t.Fatal(err)
		}
	}
	ch, stop := e.client.Subscribe()
	defer stop()
	if s := <-ch; s.Used != 3 || !s.ResetAt.Equal(clockStart.Add(time.Minute)) {
		t.Fatalf("first snapshot %+v", s)
	}
	led.another([]time.Time{clockStart.Add(30 * time.Second)}, time.Time{}) // another process sends at +30 s
	e.clock.Advance(time.Minute)                                            // ours leave the window
	waitFor(t, "a pushed snapshot with only the other process's send", func() bool {
		select {
		case s := <-ch:
			return s.Used == 1 && s.ResetAt.Equal(clockStart.Add(90*time.Second))
		default:
			return false
		}
	})
	if s := e.client.Rate(); s.Used != 1 {
		t.Errorf("Rate %+v", s)
	}
	if n := len(e.requests()); n != 3 {
		t.Errorf("%d requests", n)
	}
}

// A ledger that cannot be entered (its lock held elsewhere) fails the request with its error at
// once; nothing is sent without the shared budget.
func TestALedgerThatCannotBeEnteredFailsTheRequest(t *testing.T) {
	locked := errors.New("requests.log.lock held for 5s")
	led := &memLedger{interactive: true, fail: locked}
	e := newEnv(t, serve(summaryBody), withLedger(led), func(o *Options, e *testEnv) { o.RateLimit = DefaultRateLimit })
	if _, err := e.client.TrophySummary(context.Background(), "me"); !errors.Is(err, locked) {
		t.Fatalf("err = %v", err)
	}
	if n := len(e.requests()); n != 0 || e.client.Rate().Waiting != 0 {
		t.Fatalf("%d requests sent without the ledger", n)
	}
}

// Ctrl-C (a cancelled context) ends a wait for the ledger at once.
func TestCancellingEndsAWaitForTheLedger(t *testing.T) {
	led := &memLedger{interactive: true, block: make(chan struct{})}
	defer close(led.block)
	e := newEnv(t, serve(summaryBody), withLedger(led), func(o *Options, e *testEnv) { o.RateLimit = DefaultRateLimit })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := e.client.TrophySummary(ctx, "me")
		done <- err
	}()
	waitFor(t, "the request to queue", func() bool { return e.client.Rate().Waiting == 1 })
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	case <-time.After(10 * time.Second): // a deadlock guard, not a speed assertion
		t.Fatal("the cancelled request kept waiting for the ledger")
	}
	if n := len(e.requests()); n != 0 {
		t.Fatalf("%d requests", n)
	}
}

// Well-formed JSON of the wrong shape is the same at every attempt: it is not retried, however
// patient the request. A body cut short is retried. The sent counter counts the attempts.
func TestOnlyUnreadableAnswersAreRetried(t *testing.T) {
	wrongShape := `{"accountId":"1","trophyLevel":"high","earnedTrophies":[1,2]}`
	for _, c := range []struct {
		name     string
		handler  http.HandlerFunc
		attempts int
		ok       bool
	}{
		{"wrong shape", serve(wrongShape), 1, false},
		{"truncated, then whole", faults(truncated, func(w http.ResponseWriter) { writeJSON(w, 200, summaryBody) }), 2, true},
		{"empty, then whole", faults(func(w http.ResponseWriter) { writeJSON(w, 200, "") }, func(w http.ResponseWriter) { writeJSON(w, 200, summaryBody) }), 2, true},
	} {
		e := newEnv(t, c.handler)
		var sent atomic.Int64
		ctx := WithSentCounter(WithPriority(context.Background(), Background), &sent)
		_, err := e.client.TrophySummary(ctx, "me")
		var de *DecodeError
		if c.ok && err != nil || !c.ok && !errors.As(err, &de) {
			t.Errorf("%s: err = %v", c.name, err)
		}
		if n := len(e.requests()); n != c.attempts || sent.Load() != int64(c.attempts) {
			t.Errorf("%s: %d attempts, %d counted; want %d", c.name, n, sent.Load(), c.attempts)
		}
	}
}

// Counters nest, and count only requests handed to the network: not one refused by the budget,
// not the OAuth endpoints.
func TestSentCounterCountsWhatWasSent(t *testing.T) {
	e := newEnv(t, sonyAuth(t, acceptOnly(newAccess)), func(o *Options, e *testEnv) {
		o.RateLimit = RateLimit{Requests: 2, Window: time.Hour}
		e.tokens = &MemoryTokens{}
		o.Tokens = e.tokens
	})
	var outer, inner atomic.Int64
	ctx := WithSentCounter(context.Background(), &outer)
	if _, err := e.client.Login(ctx, testNPSSO); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		e.client.TrophySummary(WithFailFast(WithSentCounter(ctx, &inner)), "me")
	}
	if outer.Load() != 2 || inner.Load() != 2 {
		t.Errorf("counted %d (outer) and %d (inner), want 2 and 2: the two summaries the budget let through", outer.Load(), inner.Load())
	}
}

// A wait for the budget can outlive the access token: the token is taken (and refreshed) after the
// wait, right before sending, and the refresh does not queue behind the budget. With a 3 s token and
// a budget of 1 request per 20 s, every request succeeds without a 401.
func TestTheTokenIsRefreshedAfterTheBudgetWait(t *testing.T) {
	clock := newAutoClock()
	srv := psntest.NewServer(psntest.Options{Now: clock.Now, TokenLifetime: 3 * time.Second, Titles: 20})
	defer srv.Close()
	c := fakeClient(srv, clock, func(o *Options) { o.RateLimit = RateLimit{Requests: 1, Window: 20 * time.Second} })
	ctx := context.Background()
	if _, err := c.Login(ctx, psntest.DemoNPSSO); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := c.TrophySummary(ctx, "me"); err != nil {
			t.Fatalf("summary %d: %v", i, err)
		}
	}
	var api []psntest.Request
	refreshes := 0
	for _, r := range srv.Requests() {
		if r.Status == http.StatusUnauthorized {
			t.Fatalf("%s answered 401 at +%v: a token outlived by the wait was sent", r.Path, r.At.Sub(clockStart))
		}
		switch {
		case r.Path == "/api/authz/v3/oauth/token" && r.At.After(clockStart):
			refreshes++
		case r.Path != "/api/authz/v3/oauth/token" && r.Path != "/api/authz/v3/oauth/authorize":
			api = append(api, r)
		}
	}
	if len(api) != 3 || refreshes != 2 {
		t.Fatalf("%d API requests and %d refreshes, want 3 and 2", len(api), refreshes)
	}
	for i := 1; i < len(api); i++ {
		if gap := api[i].At.Sub(api[i-1].At); gap < 20*time.Second {
			t.Errorf("requests %d and %d %v apart: the refresh spent the budget or jumped it", i-1, i, gap)
		}
	}
	if s := c.Rate(); s.Used != 1 {
		t.Errorf("the OAuth requests were counted in the window: %+v", s)
	}
}

// OAuth requests are outside the trophy budget: a spent window does not stop a login.
func TestOAuthIsOutsideTheBudget(t *testing.T) {
	e := newEnv(t, sonyAuth(t, acceptOnly(newAccess)), func(o *Options, e *testEnv) {
		o.RateLimit = RateLimit{Requests: 1, Window: time.Hour}
		o.History = RateHistory{Sent: []time.Time{clockStart.Add(-time.Minute)}, NextAvailable: clockStart.Add(time.Minute)}
		e.tokens = &MemoryTokens{}
		o.Tokens = e.tokens
	})
	if _, err := e.client.Login(WithFailFast(context.Background()), testNPSSO); err != nil {
		t.Fatalf("login with the trophy budget spent: %v", err)
	}
	if s := e.client.Rate(); s.Used != 1 {
		t.Errorf("login counted in the window: %+v", s)
	}
}
