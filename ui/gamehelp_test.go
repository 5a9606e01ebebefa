package ui

import (
	"github.com/psnclient/psn-client/psnapi"
	"os/exec"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// openHelpOf opens title 1 (no groups: all trophies in default order) and presses t on trophy n.
func openHelpOf(t *testing.T, lib *fakeLib, n int) *Model {
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "j", "enter")
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
	for _, want := range []string{"Game Help · Kestrel’s “Night Run” › Speed Runner", "Since 1995", "inside a silver ball", "Video tip 1"} {
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
