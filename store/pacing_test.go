package store

import (
	"context"
	"errors"
	"net/http"
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
	res, err := s.lib.Sync(ctx, "me", func(p SyncProgress) {
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
		j := syncJob{title: title,
			needDefs:   !defsCurrent(s.lib.loadDefs(title.NPCommunicationID), title),
			needEarned: !earnedCurrent(s.lib.loadEarned(key, title.NPCommunicationID), title)}
		if j.cost() > 0 {
			wantReq += j.cost()
			wantTitles++
		} else {
			done++
		}
	}
	if done < res.TitlesFetched {
		t.Fatalf("%d titles reported fetched, only %d complete on disk", res.TitlesFetched, done)
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
