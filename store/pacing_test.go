package store

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// A small budget (30 per 2 s on both sides): sync waits instead of provoking a 429, and progress shows
// the wait and an ETA computed from the budget. The clock is fake: waiting costs no real time.
func TestSyncPacedBySmallBudget(t *testing.T) {
	rate := psnapi.RateLimit{Requests: 30, Window: 2 * time.Second}
	s := smallStackWithServerLimit(t, rate) // the server enforces the same budget
	var ps []SyncProgress
	res, err := s.lib.Sync(context.Background(), "me", func(p SyncProgress) { ps = append(ps, p) })
	if err != nil {
		t.Fatal(err)
	}
	c := s.counts()
	if c.limited != 0 {
		t.Fatalf("%d 429s provoked with a matching budget", c.limited)
	}
	if res.Requests < 3*rate.Requests {
		t.Fatalf("only %d requests: the budget was never the limit", res.Requests)
	}
	start := s.srv.Requests()[0].At
	end := s.srv.Requests()[len(s.srv.Requests())-1].At
	bg := backgroundLimit(rate.Requests, 0.2)
	minSpan := time.Duration((res.Requests-1)/bg) * rate.Window
	if end.Sub(start) < minSpan {
		t.Fatalf("%d requests in %v: faster than %d per %v", res.Requests, end.Sub(start), bg, rate.Window)
	}
	waited, etaSeen := false, false
	for _, p := range ps {
		if p.Waiting > 0 {
			waited = true
		}
		if p.RequestsLeft > bg && p.ETA >= rate.Window {
			etaSeen = true
		}
		if p.Rate.Limit != rate.Requests {
			t.Fatalf("progress without the budget: %+v", p.Rate)
		}
	}
	if !waited || !etaSeen {
		t.Fatalf("progress never showed a wait (%v) or a budget ETA (%v)", waited, etaSeen)
	}
	// The window went to requests.log: a new run starts with it.
	if h := s.lib.RateHistory(); len(h.Sent) == 0 || len(h.Sent) > rate.Requests {
		t.Fatalf("restored history has %d entries", len(h.Sent))
	}
}

func smallStackWithServerLimit(t *testing.T, rate psnapi.RateLimit) *stack {
	o := stackOpts{rate: rate}
	o.server.RateLimit, o.server.RateWindow = rate.Requests, rate.Window
	return smallStack(t, o)
}

// The server's budget is lower than the client's belief: 429s arrive, the client holds everything
// until next-available, and sync retries those titles and completes with nothing lost or repeated.
func TestSync429Recovers(t *testing.T) {
	o := stackOpts{rate: psnapi.RateLimit{Requests: 100, Window: time.Minute}}
	o.server.RateLimit, o.server.RateWindow = 20, time.Minute
	s := smallStack(t, o)
	res, err := s.lib.Sync(context.Background(), "me", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := s.counts()
	if c.limited == 0 {
		t.Fatal("no 429 arrived: the test proves nothing")
	}
	titles := s.cachedTitles("me")
	n, g := len(titles), groupsOf(titles)
	if c.titleList != 1 || c.defs != n || c.groups != g || c.earned != n {
		t.Fatalf("after 429s: %s, want the cold budget for %d titles", describe(c), n)
	}
	s.noRepeats()
	if res.TitlesFetched != n || res.Failed != 0 {
		t.Fatalf("result %+v", res)
	}
	// A 429 stops all sending: the request after one is never in the same instant.
	reqs := s.apiRequests()
	for i, r := range reqs[:len(reqs)-1] {
		if r.Status == http.StatusTooManyRequests && reqs[i+1].Status == http.StatusOK && !reqs[i+1].At.After(r.At) {
			t.Fatalf("request %d sent at once after a 429", i+1)
		}
	}
	for _, title := range titles {
		if tt, ok, _ := s.lib.CachedTitleTrophies("me", title); !ok || tt.Stale {
			t.Fatalf("%s missing after the 429s", title.NPCommunicationID)
		}
	}
}

// Cancelling a sync keeps every title that finished; the next sync fetches only the rest.
func TestSyncCancelThenResume(t *testing.T) {
	s := smallStack(t, stackOpts{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last SyncProgress
	res, err := s.lib.Sync(ctx, "me", func(p SyncProgress) {
		last = p
		if p.TitlesFetched >= 15 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled sync returned %v", err)
	}
	titles := s.cachedTitles("me")
	n := len(titles)
	if res.TitlesFetched < 15 || res.TitlesFetched >= n {
		t.Fatalf("fetched %d of %d before the cancel took effect", res.TitlesFetched, n)
	}
	// What the disk holds now decides the rest.
	key := s.lib.accountKey("me")
	wantReq, wantTitles, done := 1, 0, 0
	for _, title := range titles {
		n, _, _ := s.lib.needOf(key, title)
		if n.cost() > 0 {
			wantReq += n.cost()
			wantTitles++
		}
		if !n.trophies && !n.earned {
			done++
		}
	}
	if done < last.TitlesDone || last.TitlesFetched != res.TitlesFetched || last.Requests != res.Requests {
		t.Fatalf("progress %+v, result %+v, but %d titles have trophies and earned status on disk", last, res, done)
	}
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	res2, _ := s.sync("me")
	if got := s.counts().total(); got != wantReq || res2.TitlesFetched != wantTitles {
		t.Fatalf("resume sent %d requests for %d titles, want %d for %d", got, res2.TitlesFetched, wantReq, wantTitles)
	}
	s.noRepeats()
	for _, title := range titles {
		if tt, ok, _ := s.lib.CachedTitleTrophies("me", title); !ok || tt.Stale {
			t.Fatalf("%s missing after resume", title.NPCommunicationID)
		}
	}
}

// Sync itself keeps at most 4 requests in flight, even with a client that would allow more, and uses
// all 4 (the server sees them overlap).
func TestSyncAtMostFourInFlight(t *testing.T) {
	o := stackOpts{clientMod: func(co *psnapi.Options) { co.MaxInFlight = 16 }}
	o.server.Latency = 2 * time.Millisecond
	o.server.Sleep = func(ctx context.Context, d time.Duration) error {
		tm := time.NewTimer(d) // the server's latency is real time: the overlap must be real
		defer tm.Stop()
		select {
		case <-tm.C:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	s := smallStack(t, o)
	s.sync("me")
	if m := s.srv.MaxInFlight(); m > 4 || m < 2 {
		t.Fatalf("server saw up to %d requests at once, want 2..4", m)
	}
}

// An interactive TitleTrophies while the sync waits for budget goes at once (the reserve), and the
// sync does not fetch that title again. The clock only moves when the test advances it.
func TestInteractiveFetchDuringSync(t *testing.T) {
	rate := psnapi.RateLimit{Requests: 30, Window: 2 * time.Second}
	s := smallStackWithServerLimit(t, rate)
	s.clock.manual = true
	ctx := context.Background()
	tl, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	target := tl.Titles[len(tl.Titles)-1] // synced last
	bg := backgroundLimit(rate.Requests, 0.2)
	syncDone := make(chan error, 1)
	go func() {
		_, err := s.lib.Sync(ctx, "me", nil)
		syncDone <- err
	}()
	// Let the paced sync run until it has used the background share and is queued for budget.
	for {
		r := s.client.Rate()
		if r.Used >= bg && r.Waiting > 0 && r.WaitReason == psnapi.WaitBudget {
			break
		}
		select {
		case err := <-syncDone:
			t.Fatalf("sync ended (%v) before it waited for budget", err)
		case <-time.After(time.Millisecond):
			if r.Waiting > 0 {
				s.clock.Advance(5 * time.Millisecond)
			}
		}
	}
	openedAt := s.clock.Now()
	opened := make(chan error, 1)
	go func() {
		_, err := s.lib.TitleTrophies(ctx, "me", target)
		opened <- err
	}()
	select {
	case err := <-opened:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second): // a deadlock guard, not a speed assertion: the clock is frozen
		t.Fatal("the interactive fetch waited behind the background budget")
	}
	if !s.clock.Now().Equal(openedAt) {
		t.Fatal("the clock moved")
	}
	// Let the sync finish: time goes on.
	for done := false; !done; {
		select {
		case err := <-syncDone:
			if err != nil {
				t.Fatal(err)
			}
			done = true
		case <-time.After(time.Millisecond):
			s.clock.Advance(100 * time.Millisecond)
		}
	}
	var interactive []time.Time
	for _, r := range s.apiRequests() {
		if npCommFromPath(r.Path) == target.NPCommunicationID {
			interactive = append(interactive, r.At)
		}
	}
	want := 2
	if target.HasTrophyGroups {
		want = 3
	}
	if len(interactive) != want {
		t.Fatalf("target fetched with %d requests, want %d (sync must not repeat them)", len(interactive), want)
	}
	for _, at := range interactive {
		if !at.Equal(openedAt) {
			t.Fatalf("interactive request sent %v after the open", at.Sub(openedAt))
		}
	}
	if c := s.counts(); c.limited != 0 {
		t.Fatalf("%d 429s", c.limited)
	}
}

// A server error on one title fails only that title; the next sync fetches only its missing part.
func TestSyncTitleFailureDoesNotStopSync(t *testing.T) {
	s := smallStack(t, stackOpts{})
	armed := false
	res, err := s.lib.Sync(context.Background(), "me", func(p SyncProgress) {
		if !armed && p.TitlesTotal > 0 {
			armed = true
			s.srv.FailNext(http.StatusServiceUnavailable, 1)
		}
	})
	n := len(s.cachedTitles("me"))
	if err == nil || res.Failed != 1 || res.TitlesFetched != n-1 || !errors.Is(err, psnapi.ErrServer) {
		t.Fatalf("result %+v, err %v", res, err)
	}
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	res, _ = s.sync("me")
	// The resume asks the title list and the failed title again, nothing else. Which request of
	// which title failed depends on the workers' order: a title with trophy groups needs more.
	c := s.counts()
	titles := map[string]bool{}
	for _, r := range s.apiRequests() {
		if rest, ok := strings.CutPrefix(r.Path, "/api/trophy/v1/npCommunicationIds/"); ok {
			titles[strings.SplitN(rest, "/", 2)[0]] = true
		} else if i := strings.Index(r.Path, "/npCommunicationIds/"); i >= 0 {
			titles[strings.SplitN(r.Path[i+len("/npCommunicationIds/"):], "/", 2)[0]] = true
		}
	}
	if res.TitlesFetched != 1 || c.titleList != 1 || len(titles) != 1 || c.total() < 2 || c.total() > 4 || c.other != 0 {
		t.Fatalf("resume after a failed title: %+v, %s, titles %v", res, describe(c), titles)
	}
}

func TestETAAndWait(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	w := 15 * time.Minute
	cases := []struct {
		name       string
		left       int
		snap       psnapi.RateSnapshot
		wait, want time.Duration
	}{
		{"budget off", 500, psnapi.RateSnapshot{}, 0, 0},
		// 20% reserve: 240 per window, a burst of 60, then one per 3.75 s.
		{"fits in the burst", 10, psnapi.RateSnapshot{Used: 40, Limit: 300, Window: w}, 0, 0},
		{"paced", 420, psnapi.RateSnapshot{Used: 40, Limit: 300, Window: w}, 0, 400 * 3750 * time.Millisecond},
		{"background share spent", 240, psnapi.RateSnapshot{Used: 250, Limit: 300, Window: w, ResetAt: now.Add(time.Minute)},
			time.Minute, time.Minute + w},
		{"waiting for the budget", 1, psnapi.RateSnapshot{Used: 300, Limit: 300, Window: w, ResetAt: now.Add(time.Minute),
			WaitUntil: now.Add(time.Minute + 18*time.Second), WaitReason: psnapi.WaitBudget}, time.Minute + 18*time.Second, time.Minute + 18*time.Second + 3750*time.Millisecond},
		{"pacing is no wait", 1, psnapi.RateSnapshot{Used: 100, Limit: 300, Window: w,
			WaitUntil: now.Add(3 * time.Second), WaitReason: psnapi.WaitPacing}, 0, 3750 * time.Millisecond},
		{"after a 429", 10, psnapi.RateSnapshot{Used: 5, Limit: 300, Window: w, NextAvailable: now.Add(30 * time.Second)},
			30 * time.Second, 30 * time.Second},
		// Nothing interactive: the whole budget, one per 3.06 s.
		{"whole budget", 100, psnapi.RateSnapshot{Limit: 300, Window: w, BackgroundCap: 300, Pace: 3060 * time.Millisecond},
			0, 25 * 3060 * time.Millisecond},
	}
	for _, c := range cases {
		if got := waitFor(c.snap, 0.2, now); got != c.wait {
			t.Errorf("%s: wait %v, want %v", c.name, got, c.wait)
		}
		if got := eta(c.left, c.snap, 0.2, now); got != c.want {
			t.Errorf("%s: ETA %v, want %v", c.name, got, c.want)
		}
	}
}
