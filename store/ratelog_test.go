package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// peek is what a Library's ledger shows now without waiting, from since on.
func peek(t *testing.T, l *Library, since time.Time) psnapi.LedgerView {
	t.Helper()
	var v psnapi.LedgerView
	if !l.rlog.Peek(since, func(x psnapi.LedgerView) {
		v = x
		v.Sent = append([]time.Time(nil), x.Sent...)
	}) {
		t.Fatal("Peek did not answer")
	}
	return v
}

// Each Library reads what the others append since its last look, and reads the file whole again when
// another one compacted it.
func TestRequestLogIsSharedLive(t *testing.T) {
	p := testPaths(t)
	now := time.Unix(1_700_000_000, 0)
	clock := func() time.Time { return now }
	a := openTest(t, p, Options{Now: clock})
	b := openTest(t, p, Options{Now: clock})
	since := now.Add(-time.Hour)
	if v := peek(t, b, since); len(v.Sent) != 0 {
		t.Fatalf("empty log: %v", v.Sent)
	}
	a.RecordSent(now.Add(-time.Second))
	a.RecordRateLimited(now.Add(time.Minute))
	if v := peek(t, b, since); len(v.Sent) != 1 || !v.NextAvailable.Equal(now.Add(time.Minute)) {
		t.Fatalf("b sees %v, pause %v", v.Sent, v.NextAvailable)
	}
	b.RecordSent(now)
	if v := peek(t, a, since); len(v.Sent) != 2 {
		t.Fatalf("a sees %v", v.Sent)
	}
	// A writer that died mid-line: the fragment is skipped, the next entry is not lost.
	f, _ := os.OpenFile(p.RequestLogFile(), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("s 17")
	f.Close()
	if v := peek(t, a, since); len(v.Sent) != 2 {
		t.Fatalf("a fragment counted: %v", v.Sent)
	}
	a.RecordSent(now)
	if v := peek(t, b, since); len(v.Sent) != 3 {
		t.Fatalf("the entry after a fragment: %v", v.Sent)
	}
	// Another process compacts (a new inode with fewer lines): the others read it whole.
	old, _ := os.Stat(p.RequestLogFile())
	for i := 0; i < 3*compactMin; i++ {
		a.RecordSent(now.Add(-20 * time.Minute)) // long gone: dead lines
	}
	now = now.Add(time.Second)
	a.RecordSent(now)
	st, _ := os.Stat(p.RequestLogFile())
	if os.SameFile(old, st) {
		t.Fatal("no compaction happened")
	}
	if v := peek(t, b, since); len(v.Sent) != 4 {
		t.Fatalf("after a compaction elsewhere: %d sends, want 4", len(v.Sent))
	}
	if n := a.Notes(); len(n) != 0 {
		t.Fatal(n)
	}
}

// Issue 14 #11: a short PSN_RATE_LIMIT window never erases what Sony's 15 minutes need.
func TestAShortWindowKeepsSonysHistory(t *testing.T) {
	p := testPaths(t)
	now := time.Unix(1_700_000_000, 0)
	clock := func() time.Time { return now }
	full := openTest(t, p, Options{Now: clock})
	for i := 0; i < 240; i++ {
		full.RecordSent(now.Add(-10*time.Minute + time.Duration(i)*time.Second))
	}
	short := openTest(t, p, Options{Now: clock, RateWindow: 10 * time.Second})
	if h := short.RateHistory(); len(h.Sent) != 0 {
		t.Fatalf("the 10 s window holds %d sends", len(h.Sent))
	}
	for i := 0; i < 2*compactMin; i++ {
		short.RecordSent(now.Add(-time.Hour)) // dead lines: compactions happen
	}
	if h := openTest(t, p, Options{Now: clock}).RateHistory(); len(h.Sent) != 240 {
		t.Fatalf("after the short window compacted the log, the default one sees %d of 240 sends", len(h.Sent))
	}
}

// Times far ahead in requests.log (a clock set back a year, garbage) are never waited for.
func TestRequestLogTimesFarAheadAreIgnored(t *testing.T) {
	p := testPaths(t)
	now := time.Unix(1_700_000_000, 0)
	future := now.AddDate(1, 0, 0)
	var b strings.Builder
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "s %d\n", future.Add(time.Duration(i)*time.Second).UnixNano())
	}
	fmt.Fprintf(&b, "n %d\n", future.UnixNano())
	os.MkdirAll(p.State, 0o700)
	os.WriteFile(p.RequestLogFile(), []byte(b.String()), 0o600)
	l := openTest(t, p, Options{Now: func() time.Time { return now }})
	if v := peek(t, l, time.Time{}); len(v.Sent) != 0 || !v.NextAvailable.IsZero() {
		t.Fatalf("a year ahead counted: %d sends, pause %v", len(v.Sent), v.NextAvailable)
	}
}

// Issue 14 #8: a requests.log.lock held by a stuck process makes a request fail within a few seconds
// with a message naming the file, and Ctrl-C ends the wait at once; the cache still answers.
func TestAHeldLockIsGivenUpOnWithAMessage(t *testing.T) {
	// Set atomically: the limiter's dispatch left running by the Ctrl-C below reads it after the
	// test returns (a plain variable made that a data race under -race).
	defer func(d time.Duration) { lockTimeoutNanos.Store(int64(d)) }(lockTimeout())
	lockTimeoutNanos.Store(int64(300 * time.Millisecond))
	s := smallStack(t, stackOpts{rate: psnapi.DefaultRateLimit})
	ctx := context.Background()
	if _, err := s.lib.RefreshTitles(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	held, err := os.OpenFile(s.paths.RequestLogFile()+".lock", os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if ok, err := tryLock(held, false); !ok || err != nil {
		t.Fatalf("could not hold the lock: %v", err)
	}
	_, err = s.client.TrophySummary(ctx, "me")
	if !errors.Is(err, ErrBudgetLocked) || !strings.Contains(err.Error(), "requests.log.lock") {
		t.Fatalf("err = %v, want ErrBudgetLocked naming requests.log.lock", err)
	}
	tl, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil || !tl.Offline || !errors.Is(tl.Err, ErrBudgetLocked) || len(tl.Titles) == 0 {
		t.Fatalf("the cached title list with the lock held: %v (offline %v, %v)", err, tl.Offline, tl.Err)
	}
	// Ctrl-C: a patient wait ends with the context.
	lockTimeoutNanos.Store(int64(time.Hour))
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() {
		_, err := s.client.TrophySummary(cctx, "me")
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	case <-time.After(10 * time.Second): // a deadlock guard, not a speed assertion
		t.Fatal("Ctrl-C did not end the wait for the lock")
	}
	if n := len(s.srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent without the shared budget", n)
	}
}

// Issue 11 #8: a background-only sync uses the whole budget, evenly, while nothing interactive runs:
// no more than 1.05 × requests/limit × window, and no 429.
func TestSyncUsesTheWholeBudgetWithNothingInteractive(t *testing.T) {
	rate := psnapi.RateLimit{Requests: 60, Window: 2 * time.Second}
	clock := newSimClock(t)
	srv := psntest.NewServer(psntest.Options{Titles: 100, Now: clock.Now, RateLimit: rate.Requests, RateWindow: rate.Window})
	t.Cleanup(srv.Close)
	p := testPaths(t)
	syncer := startProcess(t, "sync", p, srv, clock, rate, true)
	res, err := syncer.lib.Sync(context.Background(), "me", nil)
	if err != nil {
		t.Fatal(err)
	}
	grants, _ := syncer.record()
	span := grants[len(grants)-1].Sub(grants[0])
	perfect := time.Duration(len(grants)) * rate.Window / time.Duration(rate.Requests)
	most, limited := mostInOneWindow(srv.Requests(), rate.Window)
	t.Logf("%d requests in %v (%.3f × requests/limit × window); at most %d in a window; %d 429s",
		res.Requests, span, float64(span)/float64(perfect), most, limited)
	if limited != 0 || most > rate.Requests {
		t.Fatalf("%d 429s, %d in one window", limited, most)
	}
	if res.Requests != len(grants) {
		t.Errorf("sync reports %d requests, the budget granted %d", res.Requests, len(grants))
	}
	if float64(span) > 1.05*float64(perfect) {
		t.Errorf("%d requests took %v: more than 1.05 × %v with nothing interactive", len(grants), span, perfect)
	}
	if most < rate.Requests-rate.Requests/10 {
		t.Errorf("at most %d requests in a window of %d: the reserve was kept with nothing interactive", most, rate.Requests)
	}
}

// BenchmarkRequestLogExchange is what sharing the budget costs each grant: the lock, the look at
// what others appended, the interactive probe, the decision and the append (compactions included).
func BenchmarkRequestLogExchange(b *testing.B) {
	p := testPaths(b)
	var mu sync.Mutex
	now := time.Unix(1_700_000_000, 0)
	l := openTest(b, p, Options{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	defer l.Close()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		mu.Lock()
		now = now.Add(3 * time.Millisecond) // a budget-less sync's pace
		at := now
		mu.Unlock()
		err := l.rlog.Exchange(ctx, at.Add(-15*time.Minute), func(v psnapi.LedgerView) psnapi.LedgerRecord {
			return psnapi.LedgerRecord{Sent: []time.Time{at}}
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
