package psnapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestParseRateLimit(t *testing.T) {
	cases := map[string]RateLimit{
		"":              DefaultRateLimit,
		"300/15m":       {300, 15 * time.Minute},
		" 300/15min ":   {300, 15 * time.Minute},
		"300/10s":       {300, 10 * time.Second},
		"100/1h":        {100, time.Hour},
		"60/m":          {60, time.Minute},
		"300 per 15m":   {300, 15 * time.Minute},
		"off":           {},
		"OFF":           {},
		"0":             {},
		"0/15m":         {},
		"1000/2hours":   {1000, 2 * time.Hour},
		"5/30seconds":   {5, 30 * time.Second},
		"20 / 1 minute": {20, time.Minute},
	}
	for in, want := range cases {
		got, err := ParseRateLimit(in)
		if err != nil || got != want {
			t.Errorf("ParseRateLimit(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"300", "300/", "300/15d", "abc", "-1/15m", "300/0m", "/15m"} {
		if _, err := ParseRateLimit(bad); err == nil {
			t.Errorf("ParseRateLimit(%q) accepted", bad)
		}
	}
	if !(RateLimit{}).Off() || DefaultRateLimit.Off() || DefaultRateLimit.String() != "300/15m" || (RateLimit{}).String() != "off" {
		t.Error("Off/String")
	}
}

// summaryFor serves the trophy summary; the account in the path tells requests apart.
func accountOf(r loggedRequest) string {
	return strings.TrimSuffix(strings.TrimPrefix(r.Path, "/api/trophy/v1/users/"), "/trophySummary")
}

func TestWindowPacesRequests(t *testing.T) {
	e := newEnv(t, serve(summaryBody), withManualClock, func(o *Options, e *testEnv) {
		o.RateLimit = RateLimit{Requests: 3, Window: time.Minute}
		o.Reserve = -1
	})
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		e.clock.Advance(time.Second)
		if _, err := e.client.TrophySummary(ctx, strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error)
	go func() {
		_, err := e.client.TrophySummary(ctx, "3")
		done <- err
	}()
	waitFor(t, "the fourth request to queue", func() bool { return e.client.Rate().Waiting == 1 })
	e.clock.waitSleepers(t, 1)
	if n := len(e.requests()); n != 3 {
		t.Fatalf("%d requests sent with a full window", n)
	}
	// A request counts for the window plus a fiftieth: 61.2 s.
	span := time.Minute + time.Minute/50
	s := e.client.Rate()
	if s.Used != 3 || s.Limit != 3 || s.Window != time.Minute || !s.ResetAt.Equal(clockStart.Add(time.Second+time.Minute)) ||
		!s.WaitUntil.Equal(clockStart.Add(time.Second+span)) || s.WaitReason != WaitBudget || s.WaitingInteractive != 1 ||
		s.Wait() != s.WaitUntil.Sub(s.At) {
		t.Errorf("snapshot %+v", s)
	}
	e.clock.Advance(59 * time.Second) // +62 s: the first request left the window, not its margin
	time.Sleep(10 * time.Millisecond)
	if len(e.requests()) != 3 || e.client.Rate().Waiting != 1 {
		t.Fatal("sent before the margin passed")
	}
	e.clock.Advance(span - time.Minute) // the first request leaves the window and its margin
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	reqs := e.requests()
	if len(reqs) != 4 || reqs[3].At.Before(reqs[0].At.Add(span)) {
		t.Errorf("fourth request at %v, first at %v", reqs[3].At, reqs[0].At)
	}
	// No sliding minute ever held more than 3 requests.
	for i := range reqs {
		n := 0
		for j := range reqs {
			if !reqs[j].At.Before(reqs[i].At) && reqs[j].At.Before(reqs[i].At.Add(time.Minute)) {
				n++
			}
		}
		if n > 3 {
			t.Errorf("%d requests within a minute from %v", n, reqs[i].At)
		}
	}
}

func TestNothingIsSentBeforeNextAvailable(t *testing.T) {
	next := clockStart.Add(10 * time.Minute).Truncate(time.Second)
	var limited []time.Time
	var mu sync.Mutex
	calls := 0
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if first {
			w.Header().Set("X-RateLimit-Next-Available", strconv.FormatInt(next.Unix(), 10))
			writeJSON(w, 429, `{"error":{"referenceId":"r","code":2240532,"message":"Too many requests"}}`)
			return
		}
		writeJSON(w, 200, summaryBody)
	}, func(o *Options, e *testEnv) {
		o.OnRateLimited = func(until time.Time) { limited = append(limited, until) }
	})
	ctx := WithFailFast(context.Background())
	_, err := e.client.TrophySummary(ctx, "a")
	var rl *RateLimitedError
	if !errors.As(err, &rl) || !rl.NextAvailable.Equal(next) || rl.Status != 429 {
		t.Fatalf("err = %#v", err)
	}
	if len(limited) != 1 || !limited[0].Equal(next) {
		t.Errorf("OnRateLimited got %v", limited)
	}
	// Failing fast: no request leaves while next-available is ahead.
	for i := 0; i < 3; i++ {
		_, err = e.client.TrophySummary(ctx, "b")
		if !errors.As(err, &rl) || !rl.NextAvailable.Equal(next) {
			t.Fatalf("err = %v", err)
		}
	}
	if n := len(e.requests()); n != 1 {
		t.Fatalf("%d requests sent during the pause", n)
	}
	// A request allowed to wait goes at next-available, not before.
	if _, err := e.client.TrophySummary(context.Background(), "c"); err != nil {
		t.Fatal(err)
	}
	reqs := e.requests()
	if len(reqs) != 2 || reqs[1].At.Before(next) {
		t.Errorf("sent at %v, next-available %v", reqs[len(reqs)-1].At, next)
	}
}

func TestA429IsWaitedOutAndRetriedWhenTheCallerMayWait(t *testing.T) {
	next := clockStart.Add(5 * time.Minute).Truncate(time.Second)
	e := newEnv(t, faults(func(w http.ResponseWriter) {
		w.Header().Set("X-RateLimit-Next-Available", strconv.FormatInt(next.Unix(), 10))
		writeJSON(w, 429, "")
	}), func(o *Options, e *testEnv) { o.RateLimit = DefaultRateLimit })
	if _, err := e.client.TrophySummary(WithPriority(context.Background(), Background), "me"); err != nil {
		t.Fatal(err)
	}
	reqs := e.requests()
	if len(reqs) != 2 || reqs[1].At.Before(next) {
		t.Fatalf("requests %+v", reqs)
	}
	if e.client.Rate().Used != 2 {
		t.Errorf("used %d, want 2 (the 429 counts)", e.client.Rate().Used)
	}
}

func TestADeadlineBeforeTheBudgetFailsAtOnce(t *testing.T) {
	e := newEnv(t, serve(summaryBody), withManualClock, func(o *Options, e *testEnv) {
		o.History = RateHistory{NextAvailable: clockStart.Add(10 * time.Minute)}
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := e.client.TrophySummary(ctx, "me")
	var rl *RateLimitedError
	if !errors.As(err, &rl) || !rl.NextAvailable.Equal(clockStart.Add(10*time.Minute)) || rl.Status != 429 {
		t.Fatalf("err = %v", err)
	}
	if len(e.requests()) != 0 || e.client.Rate().Waiting != 0 {
		t.Error("request sent or left waiting")
	}
}

func TestBackgroundWaitsAboveTheReserveWhileInteractiveGoes(t *testing.T) {
	// The window already holds 8 background requests: the reserve (20%) of 10 per minute is left.
	var hist []time.Time
	for i := 8; i > 0; i-- {
		hist = append(hist, clockStart.Add(-time.Duration(i)*time.Second))
	}
	e := newEnv(t, serve(summaryBody), withManualClock, func(o *Options, e *testEnv) {
		o.RateLimit = RateLimit{Requests: 10, Window: time.Minute}
		o.History = RateHistory{Sent: hist}
	})
	bg := WithPriority(context.Background(), Background)
	if _, err := e.client.TrophySummary(WithFailFast(bg), "bg-fast"); !IsRateLimited(err) {
		t.Fatalf("background above the reserve: err = %v", err)
	}
	done := make(chan error)
	go func() {
		_, err := e.client.TrophySummary(bg, "bg-waiting")
		done <- err
	}()
	waitFor(t, "the background request to queue", func() bool { return e.client.Rate().Waiting == 1 })
	if s := e.client.Rate(); s.WaitReason != WaitBudget || s.BackgroundCap != 8 || !s.Interactive {
		t.Errorf("waiting background: %+v", s)
	}
	// Interactive requests use the reserve, past the waiting background one.
	for i := 0; i < 2; i++ {
		if _, err := e.client.TrophySummary(context.Background(), "int"+strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.client.TrophySummary(WithFailFast(context.Background()), "int-over"); !IsRateLimited(err) {
		t.Fatalf("interactive over the limit: err = %v", err)
	}
	var rl *RateLimitedError
	if _, err := e.client.TrophySummary(WithFailFast(context.Background()), "x"); !errors.As(err, &rl) || rl.Status != 0 {
		t.Errorf("a spent client budget is not a 429: %#v", rl)
	}
	if n := len(e.requests()); n != 2 {
		t.Fatalf("%d requests, want the 2 interactive ones", n)
	}
	e.clock.waitSleepers(t, 1)
	e.clock.Advance(time.Minute)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	reqs := e.requests()
	if last := reqs[len(reqs)-1]; accountOf(last) != "bg-waiting" || last.At.Before(hist[0].Add(time.Minute)) {
		t.Errorf("last request %s at %v", accountOf(last), last.At)
	}
}

// blockingServer holds every request until released, counting concurrency.
type blockingServer struct {
	release chan struct{}
	current atomic.Int32
	max     atomic.Int32
	entered atomic.Int32
}

func newBlockingServer() *blockingServer { return &blockingServer{release: make(chan struct{})} }

func (b *blockingServer) handle(w http.ResponseWriter, r *http.Request) {
	n := b.current.Add(1)
	for {
		m := b.max.Load()
		if n <= m || b.max.CompareAndSwap(m, n) {
			break
		}
	}
	b.entered.Add(1)
	<-b.release
	b.current.Add(-1)
	writeJSON(w, 200, summaryBody)
}

func TestAtMostFourRequestsInFlight(t *testing.T) {
	b := newBlockingServer()
	e := newEnv(t, b.handle)
	var wg sync.WaitGroup
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
				t.Error(err)
			}
		}()
	}
	waitFor(t, "4 in flight and 8 waiting", func() bool {
		s := e.client.Rate()
		return b.entered.Load() == 4 && s.InFlight == 4 && s.Waiting == 8
	})
	close(b.release)
	wg.Wait()
	if m := b.max.Load(); m != 4 {
		t.Errorf("%d requests were in flight at once, want 4", m)
	}
	if s := e.client.Rate(); s.InFlight != 0 || s.Waiting != 0 {
		t.Errorf("after: %+v", s)
	}
}

func TestInteractiveJumpsAheadOfWaitingBackground(t *testing.T) {
	b := newBlockingServer()
	e := newEnv(t, b.handle, func(o *Options, e *testEnv) { o.MaxInFlight = 1 })
	var wg sync.WaitGroup
	call := func(ctx context.Context, account string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.client.TrophySummary(ctx, account); err != nil {
				t.Error(err)
			}
		}()
	}
	call(context.Background(), "first")
	waitFor(t, "the first request", func() bool { return b.entered.Load() == 1 })
	bg := WithPriority(context.Background(), Background)
	call(bg, "bg1")
	waitFor(t, "bg1 to queue", func() bool { return e.client.Rate().Waiting == 1 })
	call(bg, "bg2")
	waitFor(t, "bg2 to queue", func() bool { return e.client.Rate().Waiting == 2 })
	call(context.Background(), "interactive")
	waitFor(t, "interactive to queue", func() bool { return e.client.Rate().Waiting == 3 })
	close(b.release)
	wg.Wait()
	var order []string
	for _, r := range e.requests() {
		order = append(order, accountOf(r))
	}
	if strings.Join(order, " ") != "first interactive bg1 bg2" {
		t.Errorf("order %v, want first interactive bg1 bg2", order)
	}
}

func TestWaitingForBudgetRespectsCancellation(t *testing.T) {
	e := newEnv(t, serve(summaryBody), withManualClock, func(o *Options, e *testEnv) {
		o.RateLimit = RateLimit{Requests: 1, Window: time.Hour}
		o.History = RateHistory{Sent: []time.Time{clockStart.Add(-time.Minute)}}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := e.client.TrophySummary(ctx, "me")
		done <- err
	}()
	waitFor(t, "the request to queue", func() bool { return e.client.Rate().Waiting == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if s := e.client.Rate(); s.Waiting != 0 || s.Used != 1 || len(e.requests()) != 0 {
		t.Errorf("after cancel: %+v, %d requests", s, len(e.requests()))
	}
}

func TestHistoryRestoresTheWindow(t *testing.T) {
	window := 15 * time.Minute
	hist := RateHistory{
		Sent: []time.Time{
			clockStart.Add(-20 * time.Minute), // already out of the window
			clockStart.Add(-10 * time.Minute), clockStart.Add(-14 * time.Minute), clockStart.Add(-time.Minute),
		},
		NextAvailable: clockStart.Add(-time.Second), // past: no pause
	}
	var sent []time.Time
	e := newEnv(t, serve(summaryBody), func(o *Options, e *testEnv) {
		o.RateLimit = RateLimit{Requests: 4, Window: window}
		o.Reserve = -1
		o.History = hist
		o.OnSent = func(at time.Time) { sent = append(sent, at) }
	})
	span := window + window/50
	s := e.client.Rate()
	if s.Used != 3 || !s.ResetAt.Equal(clockStart.Add(-14*time.Minute+window)) || !s.NextAvailable.IsZero() {
		t.Fatalf("restored %+v", s)
	}
	if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	if len(sent) != 1 || !sent[0].Equal(clockStart) {
		t.Errorf("OnSent got %v", sent)
	}
	_, err := e.client.TrophySummary(WithFailFast(context.Background()), "me")
	var rl *RateLimitedError
	if !errors.As(err, &rl) || !rl.NextAvailable.Equal(clockStart.Add(-14*time.Minute+span)) || rl.Status != 0 {
		t.Errorf("err = %v", err)
	}
}

func TestBudgetOffOnlyCapsInFlight(t *testing.T) {
	e := newEnv(t, serve(summaryBody))
	for i := 0; i < 50; i++ {
		if _, err := e.client.TrophySummary(WithFailFast(context.Background()), "me"); err != nil {
			t.Fatal(err)
		}
	}
	if s := e.client.Rate(); s.Limit != 0 || s.Used != 0 {
		t.Errorf("%+v", s)
	}
}

func TestSubscribeDeliversSnapshots(t *testing.T) {
	e := newEnv(t, serve(summaryBody), func(o *Options, e *testEnv) { o.RateLimit = DefaultRateLimit })
	ch, stop := e.client.Subscribe()
	if s := <-ch; s.Used != 0 || s.Limit != 300 {
		t.Errorf("initial %+v", s)
	}
	if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	if s := <-ch; s.Used != 1 {
		t.Errorf("after a request %+v", s)
	}
	stop()
	stop()
	if _, ok := <-ch; ok {
		t.Error("channel open after unsubscribe")
	}
}

// A fail-fast request queued behind one in flight is refused when that one brings back a 429,
// instead of waiting out Sony's pause.
func TestAQueuedFailFastRequestIsRefusedByALater429(t *testing.T) {
	next := clockStart.Add(10 * time.Minute).Truncate(time.Second)
	release := make(chan struct{})
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		w.Header().Set("X-RateLimit-Next-Available", strconv.FormatInt(next.Unix(), 10))
		writeJSON(w, 429, "")
	}, withManualClock, func(o *Options, e *testEnv) { o.MaxInFlight = 1 })
	ctx := WithFailFast(context.Background())
	errs := make(chan error, 2)
	go func() {
		_, err := e.client.TrophySummary(ctx, "first")
		errs <- err
	}()
	waitFor(t, "the first request in flight", func() bool { return e.client.Rate().InFlight == 1 })
	go func() {
		_, err := e.client.TrophySummary(ctx, "second")
		errs <- err
	}()
	waitFor(t, "the second request to queue", func() bool { return e.client.Rate().Waiting == 1 })
	close(release)
	for i := 0; i < 2; i++ {
		var rl *RateLimitedError
		if err := <-errs; !errors.As(err, &rl) || !rl.NextAvailable.Equal(next) || rl.Status != 429 {
			t.Errorf("err = %v", err)
		}
	}
	if n := len(e.requests()); n != 1 {
		t.Errorf("%d requests reached the server", n)
	}
	if s := e.client.Rate(); s.Waiting != 0 || s.InFlight != 0 {
		t.Errorf("after: %+v", s)
	}
}
