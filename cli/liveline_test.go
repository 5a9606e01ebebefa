package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// testClock is a settable clock for the live line.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

var sony = psnapi.RateSnapshot{Limit: 300, Window: 15 * time.Minute, BackgroundCap: 300, Pace: 3 * time.Second}

// waitingFor is a snapshot of one request held back for d by why.
func waitingFor(at time.Time, why psnapi.WaitReason, d time.Duration) psnapi.RateSnapshot {
	s := sony
	s.At, s.Waiting, s.WaitReason, s.WaitUntil = at, 1, why, at.Add(d)
	if why == psnapi.WaitPause {
		s.NextAvailable = s.WaitUntil
	}
	return s
}

func idleAt(at time.Time) psnapi.RateSnapshot { s := sony; s.At = at; return s }

// frames splits what a terminal line wrote into its redraws ("" for an erase).
func frames(out string) []string {
	parts := strings.Split(out, "\r\x1b[2K")
	return parts[1:]
}

// Issue 11 #1: on a terminal a wait for the budget is one redrawn line that counts down, says how
// to stop, and is erased when the wait ends; Sony's 429 reads differently from our own budget.
func TestTerminalWaitCountsDownAndIsErased(t *testing.T) {
	clock := &testClock{now: time.Unix(1_800_000_000, 0)}
	var b bytes.Buffer
	l := newLiveLine(&b, true, 200, clock.Now)
	l.setRate(waitingFor(clock.Now(), psnapi.WaitBudget, 110*time.Second))
	clock.Advance(5 * time.Second)
	l.tick()
	l.tick() // nothing moved: no redraw
	l.setRate(idleAt(clock.Now()))
	l.setRate(waitingFor(clock.Now(), psnapi.WaitPause, 24*time.Second))
	l.stop()
	got := frames(b.String())
	want := []string{
		"waiting 1m50s for the request budget (300/15m) · ctrl-c stops",
		"waiting 1m45s for the request budget (300/15m) · ctrl-c stops",
		"",
		"PSN asked to wait (429) · 24s · ctrl-c stops",
		"",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("frames\n%q\nwant\n%q", got, want)
	}
	if strings.Contains(b.String(), "\n") {
		t.Errorf("a wait line left a newline: %q", b.String())
	}
}

// A wait of a second or less, our own pacing and the in-flight cap are not waits worth a line, on a
// terminal or off one.
func TestShortWaitsAndPacingAreNotSaid(t *testing.T) {
	for _, tty := range []bool{true, false} {
		clock := &testClock{now: time.Unix(1_800_000_000, 0)}
		var b bytes.Buffer
		l := newLiveLine(&b, tty, 80, clock.Now)
		l.setRate(waitingFor(clock.Now(), psnapi.WaitBudget, 900*time.Millisecond))
		l.setRate(waitingFor(clock.Now(), psnapi.WaitPacing, 3*time.Second))
		slot := idleAt(clock.Now())
		slot.Waiting, slot.WaitReason = 1, psnapi.WaitSlot
		l.setRate(slot)
		l.stop()
		if b.Len() != 0 {
			t.Errorf("tty %v: %q", tty, b.String())
		}
	}
}

// Off a terminal a wait is one line when it starts; a spent budget that lets requests go one by
// one is not a line per request (issue 11: 1,225 lines of "waiting 0s" in 200 s), and a 429 has a
// line of its own.
func TestOffTerminalWaitLinesDoNotFlood(t *testing.T) {
	clock := &testClock{now: time.Unix(1_800_000_000, 0)}
	var b bytes.Buffer
	l := newLiveLine(&b, false, 0, clock.Now)
	for i := 0; i < 200; i++ {
		l.setRate(waitingFor(clock.Now(), psnapi.WaitBudget, 3*time.Second))
		clock.Advance(3 * time.Second)
		l.setRate(idleAt(clock.Now()))
		l.setRate(waitingFor(clock.Now(), psnapi.WaitPacing, 3*time.Second))
	}
	l.setRate(waitingFor(clock.Now(), psnapi.WaitPause, 24*time.Second))
	l.stop()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	// 600 s of budget waits: one line a minute at most, and the 429.
	if len(lines) > 11 || len(lines) < 2 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	if lines[0] != "waiting 3s for the request budget (300/15m)" {
		t.Errorf("first line %q", lines[0])
	}
	if last := lines[len(lines)-1]; last != "PSN asked to wait (429) · 24s" {
		t.Errorf("last line %q", last)
	}
}

// Sync's progress on a terminal stays on one row, however narrow, and says the pace it keeps to
// while no wait holds it.
func TestTerminalProgressStaysOnOneRow(t *testing.T) {
	clock := &testClock{now: time.Unix(1_800_000_000, 0)}
	var b bytes.Buffer
	l := newLiveLine(&b, true, 40, clock.Now)
	rate := sony
	rate.At, rate.Used = clock.Now(), 240
	p := store.SyncProgress{TitlesDone: 106, TitlesTotal: 2000, Requests: 236, RequestsLeft: 4000, ETA: 3 * time.Hour, Rate: rate}
	l.report(p)
	l.setRate(waitingFor(clock.Now(), psnapi.WaitBudget, 4*time.Minute+12*time.Second))
	l.stop()
	fs := frames(strings.TrimSuffix(b.String(), "\n"))
	if len(fs) != 3 {
		t.Fatalf("want three frames, got %q", b.String())
	}
	for _, f := range fs {
		if w := ansi.StringWidth(f); w > 39 || strings.Contains(f, "\n") {
			t.Errorf("frame %q is %d cells wide on a 40-column terminal", f, w)
		}
	}
	if !strings.HasSuffix(b.String(), "\n") {
		t.Error("sync's last line is not kept")
	}
	full := progressText(p, "", 0)
	if full != "106/2,000 titles · 236 requests sent · keeping to 300/15m · 4,000 left, about 3h00m" {
		t.Errorf("progress %q", full)
	}
	wait, _ := waitText(waitingFor(clock.Now(), psnapi.WaitBudget, 4*time.Minute+12*time.Second), clock.Now(), false)
	if got := progressText(p, wait, 0); got != "106/2,000 titles · 236 requests sent · waiting 4m12s for the request budget (300/15m)" {
		t.Errorf("progress while waiting %q", got)
	}
	p.Rate.BackgroundCap, p.Rate.Interactive = 240, true
	if got := progressText(p, "", 0); !strings.Contains(got, "keeping to 240/15m") {
		t.Errorf("with a browser open: %q", got)
	}
	one := store.SyncProgress{TitlesDone: 1, TitlesTotal: 1, Requests: 1}
	if got := progressText(one, "", 0); got != "1/1 titles · 1 request sent" {
		t.Errorf("one request: %q", got)
	}
}

// Off a terminal sync prints a line at each tenth and, at the end, its last counts: the same as
// the closing summary, although requests went on after the last title (DLC group names).
func TestOffTerminalProgressEndsWithTheSummaryCounts(t *testing.T) {
	clock := &testClock{now: time.Unix(1_800_000_000, 0)}
	var b bytes.Buffer
	l := newLiveLine(&b, false, 0, clock.Now)
	p := store.SyncProgress{TitlesTotal: 300}
	for done := 0; done <= 300; done++ {
		p.TitlesDone, p.Requests = done, 1+2*done
		l.report(p)
	}
	p.Requests = 655 // the group names, after every title
	l.report(p)
	l.stop()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 12 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	if last := lines[len(lines)-1]; last != "300/300 titles · 655 requests sent" {
		t.Errorf("last line %q", last)
	}
	if s := syncSummary(store.SyncResult{TitlesChecked: 300, TitlesFetched: 300, Requests: 655}, 0); s != "300 titles checked, 300 fetched, 655 requests sent" {
		t.Errorf("summary %q", s)
	}
	if s := syncSummary(store.SyncResult{TitlesChecked: 1, Requests: 1}, 2); s != "1 title checked, 0 fetched, 1 request sent; 2 fetched meanwhile by another psn-client" {
		t.Errorf("summary %q", s)
	}
}

// Issue 11 #9: counts agree in number with their noun.
func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 requests", 1: "1 request", 2: "2 requests", 1204: "1,204 requests"} {
		if got := plural(n, "request", "requests"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
}
