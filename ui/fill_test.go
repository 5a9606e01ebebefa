package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// fakeFiller records what the app asks of a fill; its reports are sent as messages by the test.
type fakeFiller struct {
	mu    sync.Mutex
	ch    chan store.SyncProgress
	calls []string
}

func newFakeFiller() *fakeFiller { return &fakeFiller{ch: make(chan store.SyncProgress, 1)} }

func (f *fakeFiller) log(s string)                       { f.mu.Lock(); f.calls = append(f.calls, s); f.mu.Unlock() }
func (f *fakeFiller) Updates() <-chan store.SyncProgress { return f.ch }
func (f *fakeFiller) Wait() (store.SyncResult, error)    { return store.SyncResult{}, nil }
func (f *fakeFiller) Stop() (store.SyncResult, error)    { f.log("Stop"); return store.SyncResult{}, nil }
func (f *fakeFiller) Pause()                             { f.log("Pause") }
func (f *fakeFiller) Resume()                            { f.log("Resume") }
func (f *fakeFiller) called() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.calls, ",")
}

// withFakeFill makes m's background fill a fakeFiller and delivers one report.
func withFakeFill(m *Model, p store.SyncProgress) *fakeFiller {
	f := newFakeFiller()
	m.bg.started, m.bg.f, m.c.fill.running = true, f, true
	m.Update(fillProgressMsg{p: p})
	return f
}

var fill112 = store.SyncProgress{TitlesDone: 112, TitlesTotal: 300, ETA: 25 * time.Minute}

// The fill's progress, P, opening a title and quitting, on a fill the test plays.
func TestFillKeysAndLifecycle(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(40), 100, 30))
	f := withFakeFill(m, fill112)
	if !strings.Contains(statusLine(m), "filling 112/300 · ETA 25m") {
		t.Fatalf("status: %q", statusLine(m))
	}
	press(t, m, "?")
	if !strings.Contains(m.View(), "P pause filling") {
		t.Fatalf("full help lacks P:\n%s", m.View())
	}
	press(t, m, "?", "P")
	if !strings.Contains(statusLine(m), "filling paused 112/300 · P resumes") || f.called() != "Pause" {
		t.Fatalf("after P: %q, calls %s", statusLine(m), f.called())
	}
	// A report taken before the P does not undo it.
	m.Update(fillProgressMsg{p: fill112})
	if !strings.Contains(statusLine(m), "paused") {
		t.Fatalf("a late report resumed the fill on screen: %q", statusLine(m))
	}
	press(t, m, "?")
	if !strings.Contains(m.View(), "P resume filling") {
		t.Fatalf("full help while paused:\n%s", m.View())
	}
	// Opening a title asks nothing of the fill: the store fetches it ahead of the fill.
	press(t, m, "?", "P", "j", "enter")
	want := "Pause,Resume"
	if f.called() != want {
		t.Fatalf("calls %s, want %s", f.called(), want)
	}
	// Typing in a filter never fires P.
	press(t, m, "esc", "/")
	typeText(t, m, "P")
	if f.called() != want {
		t.Fatalf("P typed into the filter reached the fill: %s", f.called())
	}
	m.Close()
	if !strings.HasSuffix(f.called(), ",Stop") {
		t.Fatalf("Close did not stop the fill: %s", f.called())
	}
}

// The status bar's fill states, at three widths.
func TestFillStatusLine(t *testing.T) {
	for _, w := range []int{100, 80, 40} {
		m := start(t, newTestModel(newFakeLib(5), w, 30))
		withFakeFill(m, fill112)
		running := statusLine(m)
		press(t, m, "P")
		paused := statusLine(m)
		m.Update(fillProgressMsg{p: store.SyncProgress{TitlesDone: 300, TitlesTotal: 300, GroupNamesLeft: 12, ETA: 40 * time.Second}})
		press(t, m, "P")
		names := statusLine(m)
		for _, l := range []string{running, paused, names} {
			if width(l) > w {
				t.Fatalf("%d cells at %d: %q", width(l), w, l)
			}
		}
		if w == 100 && (!strings.Contains(running, "filling 112/300 · ETA 25m") || !strings.Contains(paused, "filling paused 112/300") ||
			!strings.Contains(names, "filling group names · 12 left · ETA 40s")) {
			t.Fatalf("at 100:\n%s\n%s\n%s", running, paused, names)
		}
		if w == 40 && (!strings.Contains(running, "112/300") || !strings.Contains(paused, "paused")) {
			t.Fatalf("at 40:\n%s\n%s", running, paused)
		}
	}
}

// Next to hunt says how much of the library it covers, and reloads (paced) as the fill completes titles.
func TestHuntCoverage(t *testing.T) {
	lib := newFakeLib(40) // trophies for 20 of 40 titles
	m := newTestModel(lib, 100, 30)
	now := fixedNow
	tk := newTicker(t, m, &now)
	start(t, m)
	press(t, m, "n")
	if !strings.Contains(m.View(), "from 20 of 40 titles · psn-client sync fills the rest") {
		t.Fatalf("no coverage without a fill:\n%s", m.View())
	}
	withFakeFill(m, store.SyncProgress{TitlesDone: 20, TitlesTotal: 40, ETA: 25 * time.Minute})
	if !strings.Contains(m.View(), "from 20 of 40 titles · filling, ETA 25m") {
		t.Fatalf("no fill in the coverage:\n%s", m.View())
	}
	// The fill completes a title: the list reloads once the reload timer is due, no sooner.
	lib.mu.Lock()
	lib.trophies[lib.titles[30].NPCommunicationID] = demoTrophies(lib.titles[30])
	lib.mu.Unlock()
	m.Update(fillProgressMsg{p: store.SyncProgress{TitlesDone: 21, TitlesTotal: 40, ETA: 24 * time.Minute}})
	m.Update(fillProgressMsg{p: store.SyncProgress{TitlesDone: 22, TitlesTotal: 40, ETA: 23 * time.Minute}})
	var due []tea.Msg
	for _, msg := range tk.other {
		if _, ok := msg.(reloadDueMsg); ok {
			due = append(due, msg)
		}
	}
	if len(due) != 1 {
		t.Fatalf("%d reloads armed for three reports", len(due))
	}
	if strings.Contains(m.View(), "21 of 40") {
		t.Fatal("reloaded before the timer")
	}
	_, cmd := m.Update(due[0])
	drive(t, m, cmd)
	if !strings.Contains(m.View(), "from 21 of 40 titles · filling, ETA 23m") {
		t.Fatalf("not reloaded:\n%s", m.View())
	}
	// Complete: nothing said.
	for _, ti := range lib.titles {
		lib.trophies[ti.NPCommunicationID] = demoTrophies(ti)
	}
	m.Update(fillEndedMsg{})
	for _, msg := range tk.other {
		if r, ok := msg.(reloadDueMsg); ok && r.seq > due[0].(reloadDueMsg).seq {
			_, cmd := m.Update(r)
			drive(t, m, cmd)
		}
	}
	if v := m.View(); strings.Contains(v, "of 40 titles") || !strings.Contains(v, "from the cache · showing all") {
		t.Fatalf("complete coverage still noted:\n%s", v)
	}
}

// The browser's fill against the fake: from an empty cache it fetches every title once (the minimum
// sync sends, plus the browser's own title list and summary), most recently played first, ends with
// a note, and next to hunt then covers the library.
func TestFillFromBrowser(t *testing.T) {
	env := newEnv(t, envOpts{rate: &psnapi.RateLimit{}, server: psntest.Options{Titles: 60}})
	o := env.options()
	o.Fill = true
	m := newTestModelWith(env.lib, o, 100, 30)
	t.Cleanup(m.Close)
	start(t, m) // drives the fill to its end
	if m.bg.running() || m.c.fill.running {
		t.Fatal("the fill still runs")
	}
	list, _, _ := env.lib.CachedTitles("me")
	n, g := len(list.Titles), 0
	order := map[string]int{}
	for i, ti := range list.Titles {
		order[ti.NPCommunicationID] = i
		if ti.HasTrophyGroups {
			g++
		}
	}
	var lists, summaries, earned, other, played, mapped int
	var earnedOrder []int
	seen := map[string]bool{}
	for _, r := range env.srv.Requests() {
		switch {
		case strings.Contains(r.Path, "/gamelist/"):
			played++
		case strings.HasSuffix(r.Path, "/titles/trophyTitles"):
			mapped++
		case strings.HasSuffix(r.Path, "/trophyTitles"):
			lists++
		case strings.HasSuffix(r.Path, "/trophySummary"):
			summaries++
		case strings.Contains(r.Path, "/users/") && strings.Contains(r.Path, "/npCommunicationIds/"):
			earned++
			np := strings.Split(strings.Split(r.Path, "/npCommunicationIds/")[1], "/")[0]
			earnedOrder = append(earnedOrder, order[np])
			if seen[r.Path] {
				t.Fatalf("fetched twice: %s", r.Path)
			}
			seen[r.Path] = true
		default:
			other++
		}
	}
	// The browser's list and summary, then the fill: its list, and 2n + g; then, as a sync, its
	// play time step: the played-games list and every game mapped to its trophy title, 5 a request
	// (more when Sony answers 404 for a batch: psnapi splits it to find the unknown ids).
	if lists != 2 || summaries != 1 || earned < n || other+earned != 2*n+g {
		t.Fatalf("%d titles (%d with groups): %d lists, %d summaries, %d earned, %d other\n%s", n, g, lists, summaries, earned, other, m.View())
	}
	pt, ok, _ := env.lib.CachedPlayTime("me")
	ids := pt.NoTrophies // a game without trophies is asked too (the answer: none)
	for _, p := range pt.ByTitle {
		ids += len(p.TitleIDs)
	}
	if !ok || pt.Unmapped != 0 || played != 1 || mapped < store.MapRequests(ids) {
		t.Fatalf("the play time step after the fill: %d list requests, %d mapping requests for %d games (%d titleIds, %d unmapped)",
			played, mapped, pt.Games, ids, pt.Unmapped)
	}
	// Most recently played first: the k-th earned status asked for is among the first k + 8 titles
	// (eight are worked on at once).
	for k, pos := range earnedOrder {
		if pos > k+8 {
			t.Fatalf("earned status %d asked for title %d of the list", k, pos)
		}
	}
	if !strings.Contains(m.View(), "cache complete · 60 titles") {
		t.Fatalf("no end note:\n%s", m.View())
	}
	press(t, m, "n")
	if v := m.View(); !strings.Contains(v, "from the cache · showing all") {
		t.Fatalf("next to hunt after the fill:\n%s", v)
	}
}

// pump runs cmd and what it leads to the way a program does (commands at once, each on its own
// goroutine; messages one at a time) until done() holds. Commands still blocked are left running.
func pump(t testing.TB, m *Model, cmd tea.Cmd, done func() bool) {
	t.Helper()
	msgs := make(chan tea.Msg, 64)
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c != nil {
			go func() { msgs <- c() }()
		}
	}
	run(cmd)
	deadline := time.After(10 * time.Second)
	for !done() {
		select {
		case msg := <-msgs:
			switch msg := msg.(type) {
			case nil:
			case tea.BatchMsg:
				for _, c := range msg {
					run(c)
				}
			default:
				_, next := m.Update(msg)
				run(next)
			}
		case <-deadline:
			t.Fatalf("never done:\n%s", m.View())
		}
	}
}

// Quitting stops the fill and waits for it: no goroutine of it is left, what it fetched is kept.
func TestFillStopsOnClose(t *testing.T) {
	rate := psnapi.RateLimit{Requests: 20, Window: 15 * time.Minute}
	env := newEnv(t, envOpts{rate: &rate})
	o := env.options()
	o.Fill = true
	m := newTestModelWith(env.lib, o, 100, 30)
	pump(t, m, m.Init(), func() bool { return m.c.fill.prog.TitlesTotal > 0 }) // the fill runs (and holds at its share of the budget)
	f, ok := m.bg.f.(*store.Fill)
	if !ok {
		t.Fatalf("no fill started:\n%s", m.View())
	}
	m.Close()
	select {
	case <-f.Done():
	default:
		t.Fatal("Close returned with the fill running")
	}
	if m.bg.running() {
		t.Fatal("the app still holds the fill")
	}
}

// pausedFills starts every fill paused: the fill fetches its title list and plans, then holds, so a
// screen of it is the same every run.
type pausedFills struct{ *store.Library }

func (l pausedFills) StartFill(ctx context.Context, account string, o store.FillOptions) *store.Fill {
	o.Paused = true
	return l.Library.StartFill(ctx, account, o)
}

// A paused fill with 112 of 300 titles cached, against the fake: the status bar and next to hunt,
// at three sizes.
func TestFillPausedGolden(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {80, 24}, {40, 10}} {
		t.Run(sizeName(sz), func(t *testing.T) { fillPausedGolden(t, sz[0], sz[1]) })
	}
}

func fillPausedGolden(t *testing.T, w, h int) {
	env := newEnv(t, envOpts{rate: &psnapi.RateLimit{}})
	ctx := context.Background()
	list, err := env.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.lib.RefreshSummary(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	for _, ti := range list.Titles[:112] {
		if _, err := env.lib.TitleTrophies(ctx, "me", ti); err != nil {
			t.Fatal(err)
		}
	}
	o := env.options()
	o.Lib, o.Fill = pausedFills{env.lib}, true
	s := newSession(t, o, w, h)
	s.golden("titles", "paused 112/300")
	s.keys("n")
	s.golden("hunt", "from 112 of 300 titles")
	s.quit()
}
