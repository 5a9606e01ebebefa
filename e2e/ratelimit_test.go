package e2e

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// budgetRun is a cold sync against a fake whose limit matches the client's PSN_RATE_LIMIT.
type budgetRun struct {
	requests, limited int
	span              time.Duration // first to last request, on the fake's clock
	maxInWindow       int           // most requests the fake saw in any window
	perWindow         int           // what background work may use per window
}

// syncWithMatchingBudget runs a cold sync of a background-only process (as `psn-client sync` is)
// or, with interactive, of one that keeps the interactive reserve.
func syncWithMatchingBudget(t testing.TB, titles int, rate psnapi.RateLimit, clock *fakeClock, interactive bool) budgetRun {
	t.Helper()
	o := stackOptions{
		server:     psntest.Options{Titles: titles, RateLimit: rate.Requests, RateWindow: rate.Window},
		client:     psnapi.Options{RateLimit: rate},
		background: !interactive,
	}
	if clock != nil {
		o.server.Now = clock.Now
		o.client.Now, o.client.Sleep = clock.Now, clock.Sleep
	}
	s := newStack(t, o)
	res, err := s.lib.Sync(context.Background(), "me", nil)
	if err != nil {
		t.Fatalf("sync: %v (%+v)", err, res)
	}
	run := budgetRun{perWindow: rate.Requests}
	if interactive {
		run.perWindow = rate.Requests - rate.Requests/5
	}
	var at []time.Time
	for _, r := range s.srv.Requests() {
		if !isAPI(r) {
			continue
		}
		run.requests++
		if r.Status == http.StatusTooManyRequests {
			run.limited++
			continue
		}
		at = append(at, r.At)
	}
	run.span = at[len(at)-1].Sub(at[0])
	for i, j := 0, 0; j < len(at); j++ {
		for at[j].Sub(at[i]) >= rate.Window {
			i++
		}
		run.maxInWindow = max(run.maxInWindow, j-i+1)
	}
	return run
}

// minimumSpan is the shortest time a background sync of n requests may take within rate when it
// may use perWindow requests per window: the last request goes no earlier than
// floor((n−1)/perWindow) windows after the first.
func minimumSpan(n, perWindow int, rate psnapi.RateLimit) time.Duration {
	return time.Duration((n-1)/perWindow) * rate.Window
}

func checkBudgetRun(t *testing.T, run budgetRun, rate psnapi.RateLimit) {
	t.Helper()
	minSpan := minimumSpan(run.requests, run.perWindow, rate)
	t.Logf("%d requests in %v (minimum %v at %d per %v); %d answered 429; at most %d in one window",
		run.requests, run.span, minSpan, run.perWindow, rate.Window, run.limited, run.maxInWindow)
	if run.limited != 0 {
		t.Errorf("%d 429s provoked although the client's budget matches the server's", run.limited)
	}
	if run.maxInWindow > rate.Requests {
		t.Errorf("%d requests in one %v window, budget %d", run.maxInWindow, rate.Window, rate.Requests)
	}
	if run.span < minSpan {
		t.Errorf("%d requests took %v: faster than the background budget allows (%v)", run.requests, run.span, minSpan)
	}
	if run.requests < 3*run.perWindow {
		t.Errorf("only %d requests: the budget was hardly the limit", run.requests)
	}
}

// TestSyncKeepsToTheBudget is the scaled, clock-driven version of the 2,000-title run below: the
// fake allows 60 requests per 2 s and PSN_RATE_LIMIT says the same; the process keeps the reserve
// (as with a browser open).
func TestSyncKeepsToTheBudget(t *testing.T) {
	rate := psnapi.RateLimit{Requests: 60, Window: 2 * time.Second}
	run := syncWithMatchingBudget(t, 200, rate, newFakeClock(), true)
	checkBudgetRun(t, run, rate)
}

// TestSyncKeepsToTheBudgetLong: 2,000 titles, the fake's limit 300 per 10 s and
// PSN_RATE_LIMIT=300/10s, in real time (about 3 minutes), with nothing interactive running: the
// sync uses the whole budget, evenly, within 1.05 × requests/300 × 10 s (issue 11 #8). Set
// PSN_LONG_TESTS=1.
func TestSyncKeepsToTheBudgetLong(t *testing.T) {
	if os.Getenv("PSN_LONG_TESTS") != "1" {
		t.Skip("set PSN_LONG_TESTS=1 for the 2,000-title sync at 300 requests per 10 s (about 3 minutes)")
	}
	rate := psnapi.RateLimit{Requests: 300, Window: 10 * time.Second}
	start := time.Now()
	run := syncWithMatchingBudget(t, 2000, rate, nil, false)
	wall := time.Since(start)
	checkBudgetRun(t, run, rate)
	perfect := time.Duration(run.requests) * rate.Window / time.Duration(rate.Requests)
	t.Logf("wall time %v; requests/300×10s = %v: %.3f×", wall.Round(time.Millisecond), perfect, float64(wall)/float64(perfect))
	if float64(run.span) > 1.05*float64(perfect) {
		t.Errorf("%d requests took %v, more than 1.05 × %v", run.requests, run.span, perfect)
	}
}

// nextAvailableRecorder remembers the X-RateLimit-Next-Available of every 429 the client receives.
type nextAvailableRecorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	seen []time.Time
}

func (r *nextAvailableRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		if sec, perr := strconv.ParseInt(resp.Header.Get("X-RateLimit-Next-Available"), 10, 64); perr == nil {
			r.mu.Lock()
			r.seen = append(r.seen, time.Unix(sec, 0))
			r.mu.Unlock()
		}
	}
	return resp, err
}

// TestSyncWhenTheServerAllowsLessThanTheClientBelieves: the fake allows 30 requests per window while
// the client thinks 300. 429s come; after each, nothing reaches the fake before the next-available
// time it announced (read from the fake's own log), the wait shows in the progress, and the sync
// completes with every title.
func TestSyncWhenTheServerAllowsLessThanTheClientBelieves(t *testing.T) {
	clock := newFakeClock()
	clock.pace = 20 * time.Millisecond // a wait lasts long enough in real time for progress to report it
	window := time.Minute
	srv := psntest.NewServer(psntest.Options{Titles: 60, RateLimit: 30, RateWindow: window, Now: clock.Now})
	defer srv.Close()
	dir := t.TempDir()
	lib, err := store.Open(store.Paths{Config: dir + "/config", State: dir + "/state", Cache: dir + "/cache"},
		store.Options{Language: "en-US", Now: clock.Now, RateWindow: window})
	if err != nil {
		t.Fatal(err)
	}
	cred := srv.IssueToken(psntest.DemoAccountID)
	rec := &nextAvailableRecorder{base: srv.Client().Transport}
	if rec.base == nil {
		rec.base = http.DefaultTransport
	}
	hc := *srv.Client()
	hc.Transport = rec
	lib.SetAPI(psnapi.New(lib.APIOptions(psnapi.Options{APIBase: srv.APIBase(), AuthBase: srv.AuthBase(),
		ProfileBase: srv.ProfileBase(), HTTPClient: &hc, Now: clock.Now, Sleep: clock.Sleep,
		RateLimit: psnapi.RateLimit{Requests: 300, Window: window},
		Tokens: psnapi.NewMemoryTokens(psnapi.Token{AccessToken: cred.AccessToken, RefreshToken: cred.RefreshToken,
			AccessExpiresAt: cred.AccessExpiresAt.Add(24 * time.Hour), RefreshExpiresAt: cred.RefreshExpiresAt})})))

	var maxWait time.Duration
	var mu sync.Mutex
	res, err := lib.Sync(context.Background(), "me", func(p store.SyncProgress) {
		mu.Lock()
		maxWait = max(maxWait, p.Waiting)
		mu.Unlock()
	})
	if err != nil || res.Failed != 0 {
		t.Fatalf("sync: %v (%+v)", err, res)
	}
	reqs := srv.Requests()
	limited := 0
	for i, r := range reqs {
		if r.Status != http.StatusTooManyRequests {
			continue
		}
		limited++
		// The fake announced: next-available = when the oldest counted request leaves the window.
		var counted []time.Time
		for _, q := range reqs[:i] {
			if isAPI(q) && q.Status != http.StatusTooManyRequests && r.At.Sub(q.At) < window {
				counted = append(counted, q.At)
			}
		}
		if len(counted) == 0 {
			t.Fatalf("429 at %v with no request in the window", r.At)
		}
		next := counted[0].Add(window).Truncate(time.Second)
		for _, q := range reqs[i+1:] {
			if isAPI(q) && q.At.After(r.At) && q.At.Before(next) {
				t.Fatalf("request %s at %v, before the next-available %v announced by the 429 at %v",
					q.Path, q.At.Format(time.TimeOnly), next.Format(time.TimeOnly), r.At.Format(time.TimeOnly))
			}
		}
	}
	if limited == 0 || len(rec.seen) == 0 {
		t.Fatal("no 429 arrived: the test proves nothing")
	}
	if maxWait <= 0 {
		t.Error("the rate-limit wait never showed in the progress")
	}
	n := 0
	lib.CachedAccountTrophies("me", func(store.TitleTrophies) error { n++; return nil })
	if n != res.TitlesChecked || n == 0 {
		t.Errorf("%d of %d titles cached after the 429s", n, res.TitlesChecked)
	}
	t.Logf("%d 429s; longest wait shown %v; %+v", limited, maxWait, res)
}

// TestSyncShowsTheRateLimitWait: through the binary, when the fake allows fewer requests than
// PSN_RATE_LIMIT says, sync shows Sony's 429 pause in its progress, apart from its own budget, and
// still finishes.
func TestSyncShowsTheRateLimitWait(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary for a few seconds")
	}
	// The fake's window is long enough that its first 429 names a pause of seconds, which the
	// progress says (waits of a second or less are not).
	a := newApp(t, psntest.Options{Titles: 20, RateLimit: 30, RateWindow: 4 * time.Second})
	a.env["PSN_RATE_LIMIT"] = "300/15m"
	a.login()
	r := a.must("sync")
	limited := 0
	for _, q := range a.srv.Requests() {
		if q.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("no 429: the test proves nothing")
	}
	if !strings.Contains(r.stderr, "PSN asked to wait (429) · ") {
		t.Errorf("sync never showed the rate-limit wait:\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, "20 titles checked, 20 fetched") {
		t.Errorf("sync did not finish every title: %q", r.stdout)
	}
}

// TestTwoSyncProcessesShareTheBudget (issue 14 #13): two `psn-client sync` processes at once on one
// installation, PSN_RATE_LIMIT matching the fake's budget. They read each other's sends from
// requests.log before every request: no window of their grants holds more than the budget, and not
// one 429; and with the title claims, no title is fetched twice.
//
// The clock is the real one (two processes), so a request reaches the fake some time after its
// grant, and on a loaded machine that delay varies by tens or hundreds of milliseconds. The client
// counts a request window/50 longer than the window for such delays: 18 s of Sony's 15 minutes, but
// only 60 ms of a 3 s window, which a busy CI machine exceeds (two arrivals 2.99 s apart for grants
// 3.06 s apart, and a 429). So the fake's window is the client's less a second of transit allowance,
// as Sony's is in effect, and the budget itself is checked exactly on the grant times the two
// processes wrote to requests.log.
func TestTwoSyncProcessesShareTheBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary for a few seconds")
	}
	rate := psnapi.RateLimit{Requests: 60, Window: 3 * time.Second}
	const transit = time.Second
	a := newApp(t, psntest.Options{Titles: 45, RateLimit: rate.Requests, RateWindow: rate.Window - transit})
	a.env["PSN_RATE_LIMIT"] = rate.String()
	a.login()
	loginGrants := len(requestLogSends(t, a)) // sent before the fake's log was reset
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	type run struct {
		cmd       *exec.Cmd
		out, errb *bytes.Buffer
	}
	var runs []run
	for i := 0; i < 2; i++ {
		cmd, out, errb := a.command(ctx, "", "sync")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		runs = append(runs, run{cmd, out, errb})
	}
	for i, r := range runs {
		if err := r.cmd.Wait(); err != nil {
			t.Fatalf("sync %d: %v\n%s", i, err, r.errb.String())
		}
	}
	sent, limited := 0, 0
	seen := map[string]bool{}
	for _, r := range a.srv.Requests() {
		if !isAPI(r) {
			continue
		}
		sent++
		if r.Status == http.StatusTooManyRequests {
			limited++
			continue
		}
		if k := requestKey(r); !isTitleList(r) {
			if seen[k] {
				t.Errorf("fetched twice by the two syncs: %s", k)
			}
			seen[k] = true
		}
	}
	grants := requestLogSends(t, a)[loginGrants:]
	most := 0
	for i, j := 0, 0; j < len(grants); j++ {
		for grants[j].Sub(grants[i]) >= rate.Window {
			i++
		}
		most = max(most, j-i+1)
	}
	t.Logf("%d requests from two syncs (%d grants in requests.log); at most %d grants in one %v window; %d answered 429",
		sent, len(grants), most, rate.Window, limited)
	if len(grants) != sent {
		t.Errorf("requests.log holds %d grants for %d requests the fake saw: a request went without the shared budget", len(grants), sent)
	}
	if most > rate.Requests {
		t.Errorf("%d grants in one window, budget %d", most, rate.Requests)
	}
	if limited != 0 {
		t.Errorf("%d 429s: the two processes did not keep one budget", limited)
	}
	if sent <= rate.Requests {
		t.Errorf("only %d requests: the budget was never the limit", sent)
	}
	for i, r := range runs {
		if !strings.Contains(r.out.String(), "45 titles checked") {
			t.Errorf("sync %d: %q", i, r.out.String())
		}
	}
}

// requestLogSends is every grant recorded in the installation's requests.log, ascending.
func requestLogSends(t *testing.T, a *app) []time.Time {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(a.paths().State, "requests.log"))
	if err != nil {
		t.Fatal(err)
	}
	var sends []time.Time
	for _, line := range strings.Split(string(b), "\n") {
		if ns, ok := strings.CutPrefix(line, "s "); ok {
			n, err := strconv.ParseInt(ns, 10, 64)
			if err != nil {
				t.Fatalf("requests.log line %q: %v", line, err)
			}
			sends = append(sends, time.Unix(0, n))
		}
	}
	sort.Slice(sends, func(i, j int) bool { return sends[i].Before(sends[j]) })
	return sends
}
