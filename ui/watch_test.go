package ui

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// syncBuffer is the terminal a test reads what the app wrote to it (the bell, OSC 9).
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// The check for new trophies runs at store.WatchInterval of the budget, with background priority,
// and again after each answer.
func TestWatchInterval(t *testing.T) {
	lib := newFakeLib(20)
	m := newTestModelWith(lib, Options{Watch: true}, 100, 30)
	var due []watchDueMsg
	var after []time.Duration
	m.c.tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		if msg, ok := fn(fixedNow).(watchDueMsg); ok {
			due, after = append(due, msg), append(after, d)
		}
		return nil
	}
	start(t, m)
	// Armed once the list and the summary are in; the summary's answer carried the budget (37/300).
	snap := psnapi.RateSnapshot{Used: 37, Limit: 300, Window: 15 * time.Minute, ResetAt: fixedNow.Add(12 * time.Minute)}
	if len(due) != 1 || after[0] != store.WatchInterval(snap, fixedNow) || after[0] <= store.MinWatchInterval {
		t.Fatalf("armed %d checks, after %v", len(due), after)
	}
	if strings.Contains(strings.Join(lib.calls, ","), "CheckNew") {
		t.Fatal("checked before the interval")
	}
	_, cmd := m.Update(due[0])
	drive(t, m, cmd)
	if !strings.Contains(strings.Join(lib.calls, ","), "CheckNew") || len(due) != 2 || after[1] != store.WatchInterval(snap, fixedNow) {
		t.Fatalf("check not run or not re-armed: %v, armed after %v", lib.calls, after)
	}
	// An old timer does nothing.
	n := len(lib.calls)
	m.Update(due[0])
	if len(lib.calls) != n {
		t.Fatal("a stale timer ran a check")
	}
}

// A trophy earned on the fake while the browser is open: the check finds it, the status bar says
// so, the title list shows the new count without another request, and the bell and the OSC 9
// notification are written to the terminal because config asks for them.
func TestNewTrophyAnnounced(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {40, 10}} {
		t.Run(sizeName(sz), func(t *testing.T) { newTrophyAnnounced(t, sz[0], sz[1]) })
	}
}

func newTrophyAnnounced(t *testing.T, w, h int) {
	env := newEnv(t, envOpts{rate: &psnapi.RateLimit{}})
	ctx := context.Background()
	list, err := env.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.lib.RefreshSummary(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	// The title the trophy is earned in is cached; the rest need not be. It is not the first one, so
	// that it moves to the top past the cursor.
	var top psnapi.TrophyTitle
	var earn store.Trophy
	for _, ti := range list.Titles[1:] {
		tt, err := env.lib.TitleTrophies(ctx, "me", ti)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range tt.Trophies {
			if !tr.Status.Earned && !tr.TrophyHidden && tr.TrophyType != psnapi.Platinum {
				top, earn = ti, tr
				break
			}
		}
		if top.NPCommunicationID != "" {
			break
		}
	}
	cfg := env.lib.Config()
	cfg.Bell, cfg.Notify = true, true
	if err := env.lib.SaveConfig(cfg); err != nil {
		t.Fatal(err)
	}
	o := env.options()
	o.Watch = true
	m := New(o)
	t.Cleanup(m.Close)
	out := &syncBuffer{}
	m.out = out
	dueCh := make(chan tea.Msg, 8)
	m.c.tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		if msg, ok := fn(fixedNow).(watchDueMsg); ok {
			dueCh <- msg
		}
		return nil
	}
	tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(w, h))
	s := &session{t: t, tm: tm}
	s.screen("Level")
	before := len(env.srv.Requests())
	if err := env.srv.EarnTrophy(psntest.DemoAccountID, top.NPCommunicationID, earn.TrophyID, fixedNow); err != nil {
		t.Fatal(err)
	}
	select {
	case msg := <-dueCh:
		tm.Send(msg)
	case <-time.After(5 * time.Second):
		t.Fatal("no check armed")
	}
	want := "new trophy: " + earn.TrophyType.Letter() + " " + clean(earn.TrophyName)
	// The list is read again from the cache after the note: wait for both (the note is cut at 40).
	s.screen(want[:min(len(want), 16)])
	for deadline := time.Now().Add(10 * time.Second); s.title(top.NPCommunicationID).EarnedTrophies == top.EarnedTrophies; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the title list was not updated")
		}
	}
	s.golden("announced", want[:min(len(want), 16)])
	// One small list page, the moved title's earned status; nothing for the reload of the list.
	if sent := env.srv.Requests()[before:]; len(sent) != 2 {
		for _, r := range sent {
			t.Logf("%s %s", r.Method, r.Path)
		}
		t.Fatalf("%d requests for the check", len(sent))
	}
	got := out.String()
	for deadline := time.Now().Add(5 * time.Second); got == "" && time.Now().Before(deadline); got = out.String() {
		time.Sleep(10 * time.Millisecond) // written by a command of its own
	}
	if !strings.HasPrefix(got, "\a\x1b]9;psn-client: "+want) || !strings.HasSuffix(got, "\x07") || strings.Count(got, "\x1b") != 1 {
		t.Fatalf("terminal got %q", got)
	}
	s.quit()
}

// What reaches the terminal cannot be steered by a trophy's name: the OSC carries cleaned text only.
func TestAnnounceHostileName(t *testing.T) {
	m := newTestModel(newFakeLib(5), 80, 24)
	out := &syncBuffer{}
	cmd := announce(m.c, out, true, true, "new trophy: B Evil\x1b]9;pwned\x07\x1b]52;c;Y2xpcA==\x07\u202ename\nnext")
	if cmd == nil {
		t.Fatal("nothing announced")
	}
	cmd()
	got := out.String()
	if strings.Count(got, "\x1b") != 1 || strings.Count(got, "\x07") != 2 || strings.Contains(got, "52;") || strings.Contains(got, "\u202e") || strings.Contains(got, "\n") {
		t.Fatalf("terminal got %q", got)
	}
	if announce(m.c, out, false, false, "x") != nil {
		t.Fatal("announced with bell and notify off")
	}
}

// Several new trophies at once: one line names how many and the latest; open views of the title
// read it again from the cache.
func TestNewTrophiesUpdateOpenViews(t *testing.T) {
	lib := newFakeLib(20)
	m := newTestModelWith(lib, Options{Watch: true}, 100, 30)
	start(t, m)
	first := titles(m).rows[0].t
	press(t, m, "enter")
	moved := first
	moved.LastUpdatedDateTime = fixedNow
	tt := demoTrophies(moved)
	lib.mu.Lock()
	lib.news = []store.NewTrophy{{Title: moved, Trophy: tt.Trophies[3]}, {Title: moved, Trophy: tt.Trophies[5]}}
	lib.mu.Unlock()
	calls := len(lib.calls)
	m.bg.watchSeq = 7
	_, cmd := m.Update(watchDueMsg{seq: 7})
	drive(t, m, cmd)
	if !strings.Contains(statusLine(m), "2 new trophies: B ナイトメア") {
		t.Fatalf("status: %q", statusLine(m))
	}
	var reread bool
	for _, c := range lib.calls[calls:] {
		reread = reread || c == "TitleTrophies me "+first.NPCommunicationID
	}
	if !reread {
		t.Fatalf("the open title was not read again: %v", lib.calls[calls:])
	}
}
