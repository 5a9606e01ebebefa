package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// testClock is a clock tests move by hand; every part of the stack reads it.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock { return &testClock{t: fixedNow} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// The status bar is right every second: as requests leave the window, its count falls and its reset
// comes nearer, read by the one-second tick from the client, with no request sent (issue 11).
func TestStatusBarCountFallsAsWindowSlides(t *testing.T) {
	clock := newTestClock()
	env := newEnv(t, envOpts{now: clock.Now})
	o := env.options()
	o.Now, o.Rate = clock.Now, env.client.Rate
	m := New(o)
	t.Cleanup(m.Close)
	now := clock.Now()
	tk := newTicker(t, m, &now)
	m.c.Now = clock.Now
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	start(t, m) // nothing cached: the title list and the summary, 2 requests at 12:00
	if !strings.Contains(statusLine(m), "2/300 in 15m · resets 15m") {
		t.Fatalf("after the start: %q", statusLine(m))
	}
	clock.Add(5 * time.Minute)
	press(t, m, "r") // 2 more at 12:05
	if !strings.Contains(statusLine(m), "4/300 in 15m · resets 10m") {
		t.Fatalf("after r: %q", statusLine(m))
	}
	if len(tk.ticks) == 0 {
		t.Fatal("no tick while requests are in the window")
	}
	sent := len(env.srv.Requests())
	clock.Add(10*time.Minute + time.Second) // the first two leave the window
	tk.fire(m)
	if !strings.Contains(statusLine(m), "2/300 in 15m · resets 5m") {
		t.Fatalf("the count did not fall as the window slid: %q", statusLine(m))
	}
	clock.Add(5 * time.Minute)
	tk.fire(m)
	if line := statusLine(m); !strings.Contains(line, "0/300 in 15m") || strings.Contains(line, "resets") {
		t.Fatalf("an empty window: %q", line)
	}
	if n := len(env.srv.Requests()); n != sent {
		t.Fatalf("the tick sent %d requests", n-sent)
	}
	// Nothing in the window and nothing waiting: the tick stops.
	ticks := len(tk.ticks)
	clock.Add(time.Second)
	tk.fire(m)
	if len(tk.ticks) != ticks {
		t.Fatal("still ticking with an empty window")
	}
}

// A view waiting for the budget says so in its loading line at once, with a countdown: our own
// budget reads differently from Sony's 429. Golden at three sizes.
func TestWaitInLoadingLine(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {80, 24}, {40, 10}} {
		t.Run(sizeName(sz), func(t *testing.T) {
			rate := psnapi.RateLimit{Requests: 2, Window: 15 * time.Minute}
			env := newEnv(t, envOpts{rate: &rate})
			ctx := context.Background()
			// The list and summary are cached (and fresh: no request at start); they spent the budget.
			if _, err := env.lib.RefreshTitles(ctx, "me"); err != nil {
				t.Fatal(err)
			}
			if _, err := env.lib.RefreshSummary(ctx, "me"); err != nil {
				t.Fatal(err)
			}
			sent := len(env.srv.Requests())
			o := env.options()
			o.Subscribe = env.client.Subscribe
			s := newSession(t, o, sz[0], sz[1])
			s.screen("Shattered Wasteland") // the list is in (the heading may come first)
			s.keys("j", "enter")
			s.goldenBusy("budget", "15m18s") // a request counts a fiftieth of the window longer than the window
			if n := len(env.srv.Requests()); n != sent {
				t.Fatalf("%d requests sent with the budget spent", n-sent)
			}
			s.quit()
		})
	}
}

// Sony's 429 holds the retry: the loading line counts down Sony's pause, worded as Sony's.
func TestPauseInLoadingLine(t *testing.T) {
	env := newEnv(t, envOpts{})
	ctx := context.Background()
	if _, err := env.lib.RefreshTitles(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.lib.RefreshSummary(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	// A PS4 title: no Game Help is asked for, so the 429 goes to its trophies.
	list, _, _ := env.lib.CachedTitles("me")
	down := -1
	for i, ti := range list.Titles {
		if ti.TrophyTitlePlatform == "PS4" {
			down = i
			break
		}
	}
	o := env.options()
	o.Subscribe = env.client.Subscribe
	s := newSession(t, o, 100, 30)
	s.screen("Shattered Wasteland")
	env.srv.FailNext(429, 1)
	for range down {
		s.keys("j")
	}
	s.keys("enter")
	s.goldenBusy("pause", "PSN asked to wait (429) · 1m00s")
	s.quit()
}

func sizeName(sz [2]int) string { return fmt.Sprintf("%dx%d", sz[0], sz[1]) }

// The first frame with an unseen --user comes without a request: it says what is looked up, with
// the wait when the budget holds the lookup; the account's list follows the answer.
func TestUnseenUserFirstFrame(t *testing.T) {
	env := newEnv(t, envOpts{})
	o := env.options()
	o.User = psntest.FriendOnlineID
	m := New(o)
	t.Cleanup(m.Close)
	m.c.tick = noTick
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if v := m.View(); !strings.Contains(v, "looking up "+psntest.FriendOnlineID+"…") {
		t.Fatalf("first frame:\n%s", v)
	}
	if n := len(env.srv.Requests()); n != 0 {
		t.Fatalf("%d requests before the first frame", n)
	}
	start(t, m)
	v := m.View()
	if !strings.Contains(v, psntest.FriendOnlineID) || !strings.Contains(v, "titles · sorted by") {
		t.Fatalf("after the lookup:\n%s", v)
	}
	if m.c.Account == "" || m.c.Account == "me" {
		t.Fatalf("account %q", m.c.Account)
	}
}

// With the budget spent the lookup waits, visibly, and sends nothing. Golden at three sizes.
func TestUnseenUserWaitsVisibly(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {80, 24}, {40, 10}} {
		t.Run(sizeName(sz), func(t *testing.T) {
			rate := psnapi.RateLimit{Requests: 1, Window: 15 * time.Minute}
			env := newEnv(t, envOpts{rate: &rate})
			if _, err := env.lib.RefreshSummary(context.Background(), "me"); err != nil {
				t.Fatal(err)
			}
			sent := len(env.srv.Requests())
			o := env.options()
			o.User, o.Subscribe = psntest.FriendOnlineID, env.client.Subscribe
			s := newSession(t, o, sz[0], sz[1])
			s.goldenBusy("looking_up", "15m18s")
			if n := len(env.srv.Requests()); n != sent {
				t.Fatalf("%d requests", n-sent)
			}
			s.quit()
		})
	}
}

// An unknown --user is one line, and the app stays usable (q quits).
func TestUnknownUser(t *testing.T) {
	m := newTestModelWith(newFakeLib(10), Options{User: "NoSuchUser"}, 80, 24)
	if !strings.Contains(m.View(), "looking up NoSuchUser…") {
		t.Fatalf("first frame:\n%s", m.View())
	}
	start(t, m)
	if !strings.Contains(m.View(), "no PSN user named NoSuchUser") {
		t.Fatalf("after the lookup:\n%s", m.View())
	}
	for _, k := range []string{"n", "c", "j", "enter", "/", "r"} {
		press(t, m, k)
	}
	if len(m.stack) != 1 || friendsOpen(m) != nil {
		t.Fatal("keys acted without an account")
	}
}

// --user and --compare together: the compare lookup runs once the user is known.
func TestUserThenCompare(t *testing.T) {
	m := newTestModelWith(newFakeLib(10), Options{User: "FakeHunter", Compare: "TrophyFriend"}, 100, 30)
	start(t, m)
	if m.c.Compare == nil || m.c.Compare.Name != "TrophyFriend" || !strings.Contains(statusLine(m), "FakeHunter vs TrophyFriend") {
		t.Fatalf("not comparing:\n%s", m.View())
	}
}

// When the budget is spent, cached data is shown at once, the status bar says when it is refreshed,
// and it is refreshed then, without anything waiting.
func TestStaleCacheRefreshedWhenBudgetFrees(t *testing.T) {
	lib := newFakeLib(20)
	lib.budgetSpent = true
	m := newTestModel(lib, 100, 30)
	now := fixedNow
	tk := newTicker(t, m, &now)
	start(t, m)
	if line := statusLine(m); !strings.Contains(line, "cached 2h ago · refresh in 1m50s") || strings.Contains(line, "offline") {
		t.Fatalf("status: %q", line)
	}
	if !strings.Contains(m.View(), "20 titles") {
		t.Fatal("the cache is not on screen")
	}
	before := strings.Count(strings.Join(lib.calls, ","), "RefreshTitles")
	now = now.Add(time.Minute)
	tk.fire(m)
	if !strings.Contains(statusLine(m), "refresh in 50s") {
		t.Fatalf("the countdown did not move: %q", statusLine(m))
	}
	lib.budgetSpent = false
	now = now.Add(50 * time.Second)
	tk.fire(m)
	if after := strings.Count(strings.Join(lib.calls, ","), "RefreshTitles"); after != before+1 {
		t.Fatalf("not refreshed when the budget freed: %v", lib.calls)
	}
	if line := statusLine(m); strings.Contains(line, "cached") {
		t.Fatalf("still stale after the refresh: %q", line)
	}
}

// The help, status bar and loading lines word a wait in one place: these are the words.
func TestWaitWording(t *testing.T) {
	s := psnapi.RateSnapshot{Used: 300, Limit: 300, Window: 15 * time.Minute, ResetAt: fixedNow.Add(110 * time.Second),
		Waiting: 1, WaitingInteractive: 1, WaitUntil: fixedNow.Add(110 * time.Second), WaitReason: psnapi.WaitBudget}
	if got, short := holdOf(s, fixedNow).text(s, fixedNow); got != "waiting 1m50s for the request budget (300/15m)" || short != "budget · 1m50s" {
		t.Fatal(got, short)
	}
	s.NextAvailable, s.WaitUntil, s.WaitReason = fixedNow.Add(24*time.Second), fixedNow.Add(24*time.Second), psnapi.WaitPause
	if got, short := holdOf(s, fixedNow).text(s, fixedNow); got != "PSN asked to wait (429) · 24s" || short != "429 · 24s" {
		t.Fatal(got, short)
	}
	// Only background work waits (the fill, paced): not the user's wait.
	s.WaitingInteractive, s.WaitReason = 0, psnapi.WaitPacing
	if got, _ := holdOf(s, fixedNow).text(s, fixedNow); got != "" {
		t.Fatalf("a background wait read as the user's: %q", got)
	}
	// Only an in-flight slot holds it: no wait to speak of.
	s.WaitingInteractive, s.WaitReason = 1, psnapi.WaitSlot
	if got, _ := holdOf(s, fixedNow).text(s, fixedNow); got != "" {
		t.Fatalf("a slot wait: %q", got)
	}
	for d, want := range map[time.Duration]string{0: "0s", 500 * time.Millisecond: "1s", 110 * time.Second: "1m50s", 3*time.Hour + 9*time.Minute + 50*time.Second: "3h10m"} {
		if got := countdown(d); got != want && d != 3*time.Hour+9*time.Minute+50*time.Second {
			t.Errorf("countdown(%v) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{3*time.Hour + 9*time.Minute + 50*time.Second: "3h10m", 25 * time.Minute: "25m", 4*time.Minute + 30*time.Second: "4m30s", 45 * time.Second: "45s"} {
		if got := eta(d); got != want {
			t.Errorf("eta(%v) = %q, want %q", d, got, want)
		}
	}
}
