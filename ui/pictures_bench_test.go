package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/store"
)

// colourModel is the app on a true-colour terminal (pictures on) over the fake, at 120×40.
func colourModel(tb testing.TB, lib *fakeLib) *Model {
	m := New(Options{Lib: lib, AccountName: "FakeHunter", Display: colourDisplay(), Now: fixedClock})
	m.c.tick = noTick
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return start(tb, m)
}

// BenchmarkTrophiesKeystrokeMoveIcons is one cursor move (Update + View) in a 500-trophy title with
// its icon beside the heading, in true colour: the picture is drawn once, not per keystroke.
func BenchmarkTrophiesKeystrokeMoveIcons(b *testing.B) {
	lib := newFakeLib(40)
	t := lib.titles[2]
	tt := demoTrophies(t)
	base := tt.Trophies[3]
	tt.Trophies = tt.Trophies[:0]
	for id := range 500 {
		tr := base
		tr.TrophyID, tr.Status.TrophyID, tr.TrophyGroupID = id, id, "default"
		tr.TrophyName = "Trophy number " + strings.Repeat("x", id%20)
		tt.Trophies = append(tt.Trophies, tr)
	}
	lib.trophies[t.NPCommunicationID] = tt
	m := colourModel(b, lib)
	openTitle(b, m, titles(m), t.NPCommunicationID)
	if !strings.Contains(m.View(), "▀") {
		b.Fatal("no icon")
	}
	benchMoves(b, m, "j", "k")
}

// BenchmarkDetailStepIcons is ← / → in the trophy detail (Update + View): each step shows another
// trophy's icon, whose load is a command (off the UI goroutine; not run here), so the frame never
// waits for it.
func BenchmarkDetailStepIcons(b *testing.B) {
	m := colourModel(b, newFakeLib(40))
	openTitle(b, m, titles(m), "NPWR00002_00")
	press(b, m, "enter")
	if _, ok := m.top().(*detailView); !ok {
		b.Fatalf("not in the detail: %T", m.top())
	}
	benchMoves(b, m, "right", "left")
}

// BenchmarkFriendsKeystrokeMoveAvatars is one cursor move in a list of 2,000 named friends with the
// avatar of the friend under the cursor beside it (its load a command, not run here).
func BenchmarkFriendsKeystrokeMoveAvatars(b *testing.B) {
	lib := newFakeLib(40)
	lib.social.extra = 2000
	lib.social.named = map[string]bool{}
	for i := range 2000 {
		lib.social.named[fakeFriendID(i)] = true
	}
	m := colourModel(b, lib)
	press(b, m, "c")
	if fv := friendsOpen(m); fv == nil || len(fv.rows) != 2002 || fv.unnamed != 0 {
		b.Fatal("no friends list of 2,002 named friends")
	}
	benchMoves(b, m, "down", "up")
}

// BenchmarkFirstFrameIcons is BenchmarkFirstFrameWarmCache's start (2,000 cached titles, no
// request) on a true-colour terminal with pictures on.
func BenchmarkFirstFrameIcons(b *testing.B) {
	p := warmStore(b, 2000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		lib, err := store.Open(p, store.Options{Now: fixedClock})
		if err != nil {
			b.Fatal(err)
		}
		m := New(Options{Lib: lib, AccountName: "FakeHunter", Display: colourDisplay(), Now: fixedClock})
		m.c.tick = noTick
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		runOnce(m, m.Init())
		if len(titles(m).rows) != 2000 || !m.c.pictures {
			b.Fatalf("%d rows, pictures %v", len(titles(m).rows), m.c.pictures)
		}
		_ = m.View()
	}
}

// runOnce runs cmd and applies the messages it answers with, without running the commands those
// lead to (the refreshes a first frame never waits for).
func runOnce(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			runOnce(m, c)
		}
	case nil:
	default:
		m.Update(msg)
	}
}

// benchMoves alternates 30 presses of one key and 30 of the other (Update + View each).
func benchMoves(b *testing.B, m *Model, fwd, back string) {
	f, r := keyMsg(fwd), keyMsg(back)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := f
		if i/30%2 == 1 {
			k = r
		}
		m.Update(k)
		_ = m.View()
	}
}
