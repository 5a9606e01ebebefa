package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// toEarn is an unearned trophy of the demo account.
type toEarn struct {
	title, name string
	npCommID    string
	id          int
}

// unearnedTrophies picks one unearned trophy in each of the first n incomplete titles.
func unearnedTrophies(t *testing.T, h *harness, n int) []toEarn {
	t.Helper()
	var titles []jsonTitle
	if err := json.Unmarshal([]byte(h.run("", "titles", "--json").stdout), &titles); err != nil {
		t.Fatal(err)
	}
	var out []toEarn
	for _, ti := range titles {
		if ti.Progress == 100 || len(out) == n {
			continue
		}
		var trs []jsonTrophy
		if err := json.Unmarshal([]byte(h.run("", "trophies", ti.NPCommunicationID, "--json", "--reveal").stdout), &trs); err != nil {
			t.Fatal(err)
		}
		for _, tr := range trs {
			if !tr.Earned {
				out = append(out, toEarn{ti.Name, tr.Name, ti.NPCommunicationID, tr.TrophyID})
				break
			}
		}
	}
	return out
}

// watchRun runs psn-client watch on a fake clock: every wait of a watch interval or longer (the
// checks' spacing; the budget's own waits are shorter here) advances the clock at once and calls
// tick with its number, from 1; watch is stopped (as by Ctrl-C) after ticks intervals.
func watchRun(t *testing.T, h *harness, clock *testClock, ticks int, tick func(n int, stdout string), args ...string) (stdout, stderr string, code int) {
	t.Helper()
	out, errb := &syncBuffer{}, &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var mu sync.Mutex
	code = Run(ctx, append([]string{"watch"}, args...), Env{
		Stdin: strings.NewReader(""), Stdout: out, Stderr: errb,
		Getenv:     func(k string) string { return h.env[k] },
		IsTerminal: func(any) bool { return false },
		Now:        clock.Now,
		Sleep: func(ctx context.Context, d time.Duration) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			clock.Advance(d)
			if d < store.MinWatchInterval {
				return nil
			}
			mu.Lock()
			n++
			k := n
			mu.Unlock()
			if k > ticks {
				cancel()
				return ctx.Err()
			}
			tick(k, out.String())
			return nil
		},
	})
	return out.String(), errb.String(), code
}

// Issue 11 #7 (done when): watch prints each trophy earned on the fake within one interval, as
// "21:14  G  Gatcha Gotcha · ASTRO's PLAYROOM · 3.2% ultra rare", and its requests stay within the
// share of the budget it claims: one small title-list page a check, plus each moved title's earned
// status, never more than 10% of the window while nothing new comes.
func TestWatchPrintsEachNewTrophyWithinOneInterval(t *testing.T) {
	clock := &testClock{now: time.Now()}
	h := newHarness(t, psntest.Options{Now: clock.Now})
	h.login()
	earn := unearnedTrophies(t, h, 3)
	if len(earn) != 3 {
		t.Fatalf("found %d unearned trophies", len(earn))
	}
	h.env["PSN_RATE_LIMIT"] = "300/15m"
	h.srv.ResetLog()
	clock.Advance(time.Since(clock.Now())) // the setup ran on the real clock
	// 20 minutes of watching at one check every 30 s.
	const ticks = 40
	var failures []string
	stdout, stderr, code := watchRun(t, h, clock, ticks, func(k int, stdout string) {
		// Trophies earned during the intervals before the last check are printed by now.
		for _, e := range earn[:min(k-1, len(earn))] {
			if !strings.Contains(stdout, e.name) {
				failures = append(failures, fmt.Sprintf("check %d: %s (earned before check %d) not printed", k, e.name, k-1))
			}
		}
		if k <= len(earn) {
			e := earn[k-1]
			if err := h.srv.EarnTrophy(psntest.DemoAccountID, e.npCommID, e.id, clock.Now().Add(-10*time.Second)); err != nil {
				t.Error(err)
			}
		}
	})
	for _, f := range failures {
		t.Error(f)
	}
	if code != ExitStopped {
		t.Fatalf("exit %d, want %d\n%s", code, ExitStopped, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != len(earn) {
		t.Fatalf("%d lines, want one per trophy:\n%s", len(lines), stdout)
	}
	for i, e := range earn {
		want := regexp.MustCompile(`^([0-9]{4}-[0-9]{2}-[0-9]{2} )?[0-9]{2}:[0-9]{2}  [PGSB]  ` + regexp.QuoteMeta(e.name+" · "+e.title) +
			` · [0-9]+\.[0-9]% (ultra rare|very rare|rare|common)$`)
		if !want.MatchString(lines[i]) {
			t.Errorf("line %d %q, want %v", i, lines[i], want)
		}
	}
	t.Logf("\n%s", stdout)
	// The setup's requests are in the window: a second or so more than 30 s.
	if !regexp.MustCompile(`^watching FakeHunter's trophies: a check every 3[0-9]s, under 10% of the request budget \(300/15m\) · ctrl-c stops\n`).MatchString(stderr) ||
		!strings.HasSuffix(stderr, "psn-client: watch stopped: 3 new trophies seen; the cache holds them\n") {
		t.Errorf("stderr:\n%s", stderr)
	}

	// The fake's log: a title-list page of 20 a check, the moved titles' earned status, and within
	// any 15 minutes no more than 10% of 300 for the checks.
	var lists []time.Time
	earned := 0
	for _, r := range h.srv.Requests() {
		switch {
		case strings.HasSuffix(r.Path, "/trophyTitles"):
			if r.Query.Get("limit") != "20" {
				t.Errorf("check %d asked for %s titles at offset %s", len(lists)+1, r.Query.Get("limit"), r.Query.Get("offset"))
			}
			lists = append(lists, r.At)
		case strings.Contains(r.Path, "/users/me/npCommunicationIds/"):
			earned++
		case strings.Contains(r.Path, "/oauth/"):
		default:
			t.Errorf("watch sent %s", r.Path)
		}
	}
	if len(lists) != ticks+1 || earned != len(earn) {
		t.Errorf("%d checks and %d earned-status requests for %d intervals and %d trophies", len(lists), earned, ticks, len(earn))
	}
	most := 0
	for i, j := 0, 0; j < len(lists); j++ {
		for lists[j].Sub(lists[i]) >= 15*time.Minute {
			i++
		}
		most = max(most, j-i+1)
	}
	if most > 30 {
		t.Errorf("%d checks in 15 minutes: more than 10%% of 300", most)
	}
}

// watch --json prints one object per line with the fields of trophies --json (title and platform
// among them).
func TestWatchJSONLines(t *testing.T) {
	clock := &testClock{now: time.Now()}
	h := newHarness(t, psntest.Options{Now: clock.Now})
	h.login()
	e := unearnedTrophies(t, h, 1)[0]
	clock.Advance(time.Since(clock.Now()))
	stdout, _, code := watchRun(t, h, clock, 2, func(k int, _ string) {
		if k == 1 {
			h.srv.EarnTrophy(psntest.DemoAccountID, e.npCommID, e.id, clock.Now())
		}
	}, "--json", "--interval", "1m")
	if code != ExitStopped || strings.Count(stdout, "\n") != 1 {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	var got jsonTrophy
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.NPCommunicationID != e.npCommID || got.TrophyID != e.id || got.Name != e.name || got.Title != e.title ||
		!got.Earned || got.EarnedAt == nil || got.Platform == "" || got.Grade == "" {
		t.Errorf("%+v", got)
	}
}

// The user's --interval stretches under pressure as the default does, never ends inside a 429's
// pause, and --interval of less than a second is refused.
func TestWatchDelay(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	idle := psnapi.RateSnapshot{Limit: 300, Window: 15 * time.Minute}
	half := idle
	half.Used = 150
	paused := idle
	paused.NextAvailable = now.Add(5 * time.Minute)
	for _, c := range []struct {
		interval time.Duration
		s        psnapi.RateSnapshot
		want     time.Duration
	}{
		{0, idle, 30 * time.Second},
		{0, half, time.Minute},
		{2 * time.Minute, idle, 2 * time.Minute},
		{2 * time.Minute, half, 4 * time.Minute},
		{10 * time.Second, paused, 5*time.Minute + 10*time.Second},
	} {
		if got := watchDelay(c.interval, c.s, now); got < c.want || got > c.want+time.Second {
			t.Errorf("interval %v, used %d, pause %v: %v, want %v", c.interval, c.s.Used, c.s.NextAvailable, got, c.want)
		}
	}
	h := newHarness(t, psntest.Options{})
	if r := h.run("", "watch", "--interval", "10ms"); r.code != ExitUsage || !strings.Contains(r.stderr, "--interval needs a duration of 1s or more") {
		t.Errorf("--interval 10ms: exit %d, %q", r.code, r.stderr)
	}
}
