package ui

import (
	"os/exec"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/psnclient/psn-client/assets"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// openHelpOf opens title 2 (PS5 and PC, no groups: all trophies in default order) and presses t on
// trophy n.
func openHelpOf(t *testing.T, lib *fakeLib, n int) *Model {
	m := start(t, newTestModel(lib, 100, 30))
	openTitle(t, m, titles(m), "NPWR00002_00")
	for range n {
		press(t, m, "j")
	}
	press(t, m, "t")
	if _, ok := m.top().(*gameHelpView); !ok {
		t.Fatalf("t opened %T", m.top())
	}
	return m
}

func TestGameHelpTipsAndVideo(t *testing.T) {
	lib := newFakeLib(10)
	m := openHelpOf(t, lib, 1) // trophy 1: a text tip and a video tip
	out := m.View()
	for _, want := range []string{"Game Help · ゼノブレイド 決定版 › Speed Runner", "Since 1995", "inside a silver ball", "Video tip 1"} {
		if !strings.Contains(out, want) {
			t.Fatalf("Game Help lacks %q:\n%s", want, out)
		}
	}
	player, err := exec.LookPath("true")
	if err != nil {
		t.Skip("no true(1) to stand in for the video player")
	}
	m.c.Display.Player = []string{player}
	press(t, m, "o")
	if !strings.Contains(m.View(), "opened in true") {
		t.Fatalf("no note after o:\n%s", m.View())
	}
	if !strings.Contains(strings.Join(lib.calls, ","), "FreshMediaURL t2") {
		t.Fatalf("the video URL was not fetched fresh: %v", lib.calls)
	}
	m.c.Display.Player = nil
	press(t, m, "1")
	if !strings.Contains(m.View(), "no video player found") {
		t.Fatalf("no note without a player:\n%s", m.View())
	}
}

func TestGameHelpMessagesAreContent(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "needs PlayStation Plus"},
		{2, "This trophy is hidden"},
		{3, "There is no Game Help for this trophy"},
	} {
		m := openHelpOf(t, newFakeLib(10), c.n)
		if out := m.View(); !strings.Contains(out, c.want) {
			t.Fatalf("trophy %d: want %q:\n%s", c.n, c.want, out)
		}
	}
}

func TestGameHelpRerendersOnResizeAndDropsStaleRenders(t *testing.T) {
	m := openHelpOf(t, newFakeLib(10), 1)
	v := m.top().(*gameHelpView)
	oldID := v.renderID
	_, cmd := m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	if v.renderID == oldID || v.renderW != 56 {
		t.Fatalf("no new render for the new width (%d)", v.renderW)
	}
	before := strings.Join(v.lines, "\n")
	m.Update(helpRenderedMsg{id: oldID, width: 96, text: "STALE"})
	if strings.Join(v.lines, "\n") != before {
		t.Fatal("a render for the old width was applied")
	}
	drive(t, m, cmd)
	for _, l := range strings.Split(m.View(), "\n") {
		if width(l) > 60 {
			t.Fatalf("line wider than the window after the re-render: %q", l)
		}
	}
}

// TestGameHelpDemo opens the Game Help of ASTRO's PLAYROOM's "Gatcha Gotcha" against the fake server.
func TestGameHelpDemo(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {40, 10}} {
		env := newDemoEnv(t)
		s := newSession(t, env.options(), sz[0], sz[1])
		s.screen("Level")
		s.keys("/")
		for _, r := range "astro" {
			s.keys(string(r))
		}
		s.keys("enter", "enter")
		s.screen("Base game")
		s.keys("enter")
		s.screen("sorted by default order")
		for range trophyIndex(t, env, s.title("NPWR20188_00"), 18) {
			s.keys("j")
		}
		s.keys("t")
		t.Run(map[int]string{100: "100x30", 40: "40x10"}[sz[0]], func(t *testing.T) {
			teatest.RequireEqualOutput(t, []byte(s.screen("Since 1995")+"\n"))
		})
		s.quit()
	}
}

// trophyIndex is the position of a trophy in its group's default order, read from the store's cache.
func trophyIndex(t *testing.T, env *demoEnv, ti psnapi.TrophyTitle, id int) int {
	t.Helper()
	{
		tt, ok, err := env.lib.CachedTitleTrophies("me", ti)
		if !ok || err != nil {
			t.Fatalf("title not cached: %v", err)
		}
		n := 0
		for _, tr := range tt.Trophies {
			if tr.TrophyGroupID != "default" && tr.TrophyGroupID != "" {
				continue
			}
			if tr.TrophyID == id {
				return n
			}
			n++
		}
	}
	t.Fatalf("trophy %d of %s not found", id, ti.NPCommunicationID)
	return 0
}

// TestGameHelpDemoNone opens the Game Help of a trophy that has none (ASTRO's PLAYROOM's first
// trophy; the fake has help for trophies 18 … 45): a message in the view, not an error. "needs
// PlayStation Plus" against the fake server is TestGameHelpDemoNoPlus (psntest NoPlus).
func TestGameHelpDemoNone(t *testing.T) {
	env := newDemoEnv(t)
	s := newSession(t, env.options(), 100, 30)
	s.screen("Level")
	s.keys("/")
	for _, r := range "astro" {
		s.keys(string(r))
	}
	s.keys("enter", "enter")
	s.screen("Base game")
	s.keys("enter")
	s.screen("sorted by default order")
	for range trophyIndex(t, env, s.title("NPWR20188_00"), 1) {
		s.keys("j")
	}
	s.keys("t")
	teatest.RequireEqualOutput(t, []byte(s.screen("There is no Game Help")+"\n"))
	s.quit()
}

// graphqlRequests counts the Game Help requests of one operation the fake server received.
func graphqlRequests(env *demoEnv, op string) int {
	n := 0
	for _, r := range env.srv.Requests() {
		if strings.Contains(r.Path, "graphql") && r.Query.Get("operationName") == op {
			n++
		}
	}
	return n
}

// TestGameHelpNeverAsksInVain (issue 14 #16): t on a PS4 trophy sends no availability request (PS3,
// PS4 and Vita sets have no Game Help), and t on a hidden trophy downloads no tips until it is
// revealed, even when the trophy has some. Checked against the fake server's request log.
func TestGameHelpNeverAsksInVain(t *testing.T) {
	env := newDemoEnv(t)
	// Give Ghost of Tsushima's first hidden, unearned base-game trophy Game Help.
	hiddenID := -1
	env.srv.World(func(w *assets.World) {
		for _, p := range w.Account(psntest.DemoAccountID).Plays {
			if p.Title.NPCommunicationID != "NPWR22859_00" {
				continue
			}
			states := p.States()
			for _, tr := range p.Title.Trophies() {
				if tr.GroupID == "default" && tr.Hidden && !states[tr.ID].Earned && hiddenID < 0 {
					hiddenID = tr.ID
					p.Title.Hints = append(p.Title.Hints, assets.Hint{TrophyID: tr.ID, UDSObjectID: "HIDDEN_HELP", HelpType: "HINT"})
				}
			}
		}
	})
	if hiddenID < 0 {
		t.Fatal("Ghost of Tsushima has no hidden unearned trophy")
	}
	s := newSession(t, env.options(), 100, 30)
	s.screen("Level")
	open := func(query string) {
		s.keys("/")
		s.typeText(query)
		s.screen("1 of")
		s.keys("enter")
		s.screen("enter open")
		s.keys("enter")
		s.screen("Base game")
		s.keys("enter")
		s.screen("sorted by default order")
	}

	open("resident evil 5") // PS4
	avail := graphqlRequests(env, "metGetHintAvailability")
	s.keys("t")
	s.screen("Game Help exists for PS5 and PC trophies only; this is a PS4 trophy.")
	if n := graphqlRequests(env, "metGetHintAvailability") - avail; n != 0 {
		t.Fatalf("t on a PS4 trophy sent %d availability requests", n)
	}
	s.keys("esc", "esc", "esc", "esc")
	s.screen("Level")

	open("tsushima")
	down, _ := firstHidden(t, env, s.title("NPWR22859_00"))
	for range down {
		s.keys("j")
	}
	tips := graphqlRequests(env, "metGetTips")
	s.keys("t")
	s.screen("This trophy is hidden")
	if n := graphqlRequests(env, "metGetTips") - tips; n != 0 {
		t.Fatalf("t on a hidden trophy downloaded its tips (%d requests)", n)
	}
	s.keys("esc", "v", "t") // revealed: now its Game Help is read
	s.screen("Game Help · Ghost of Tsushima")
	if n := graphqlRequests(env, "metGetTips") - tips; n != 1 {
		t.Fatalf("t on the revealed trophy sent %d tips requests, want 1", n)
	}
	s.quit()
}

// TestGameHelpMissingVideo (issue 14 #24): 2–9 beyond the video tips say so in the status bar.
func TestGameHelpMissingVideo(t *testing.T) {
	m := openHelpOf(t, newFakeLib(10), 1) // one video tip
	press(t, m, "2")
	if sl := statusLine(m); !strings.Contains(sl, "no video tip 2: this Game Help has 1 video tip") {
		t.Fatalf("2 with one video: %q", sl)
	}
	m = openHelpOf(t, newFakeLib(10), 3) // no Game Help at all
	press(t, m, "o")
	if sl := statusLine(m); !strings.Contains(sl, "no video tip in this Game Help") {
		t.Fatalf("o without videos: %q", sl)
	}
}

// TestGameHelpHiddenTrophyAsksNothing: the fake library's log shows no availability or tips call
// for t on a hidden trophy that has Game Help.
func TestGameHelpHiddenTrophyAsksNothing(t *testing.T) {
	lib := newFakeLib(10)
	lib.hints = []string{"2"} // Secret Ending: hidden, unearned
	m := openHelpOf(t, lib, 2)
	if !strings.Contains(m.View(), "This trophy is hidden") {
		t.Fatalf("hidden trophy's Game Help:\n%s", m.View())
	}
	if n := countCalls(lib, "Tips 2"); n != 0 {
		t.Fatalf("the tips of a hidden trophy were read %d times", n)
	}
}
