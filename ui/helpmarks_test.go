package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

func countCalls(lib *fakeLib, call string) int {
	lib.mu.Lock()
	defer lib.mu.Unlock()
	n := 0
	for _, c := range lib.calls {
		if c == call {
			n++
		}
	}
	return n
}

// rowOf is the screen line listing a trophy, with trailing spaces cut.
func rowOf(t *testing.T, screen, name string) string {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, name) {
			return strings.TrimRight(l, " ")
		}
	}
	t.Fatalf("no row %q on the screen:\n%s", name, screen)
	return ""
}

func headerOf(screen string) string { return strings.Split(screen, "\n")[1] }

// TestHelpMarkers: opening a PS5/PC title asks for its Game Help availability once; trophies with help
// carry "?" (hidden ones too), "▶" once their tips were read and hold a video; the detail says so;
// reopening asks nothing; a PS4 title never asks; the column drops first when the width is tight.
func TestHelpMarkers(t *testing.T) {
	lib := newFakeLib(40)
	lib.hints = []string{"0", "1", "2"} // 2 is "Secret Ending", hidden and unearned
	m := start(t, newTestModel(lib, 100, 30))
	openTitle(t, m, titles(m), "NPWR00002_00") // PS5,PSPC, one group
	if _, ok := m.top().(*trophiesView); !ok {
		t.Fatalf("opened %T", m.top())
	}
	if n := countCalls(lib, "HintAvailability NPWR00002_00"); n != 1 {
		t.Fatalf("%d availability calls on opening, want 1", n)
	}
	out := m.View()
	if !strings.Contains(headerOf(out), "Help") {
		t.Fatalf("no Help column:\n%s", out)
	}
	for name, want := range map[string]string{"You’ve Only Done Everything": "?", "Speed Runner": "?", "Hidden trophy": "?", "Sackboy’s Big Adventure": "–", "Welcome Aboard": "2026-11-26"} {
		if r := rowOf(t, out, name); !strings.HasSuffix(r, " "+want) {
			t.Fatalf("row of %s should end with %q: %q", name, want, r)
		}
	}
	if strings.Contains(out, "Secret Ending") {
		t.Fatal("the marker revealed a hidden trophy")
	}

	press(t, m, "j", "enter") // Speed Runner
	if out := m.View(); !strings.Contains(out, "Game Help available: t") {
		t.Fatalf("the detail does not mention Game Help:\n%s", out)
	}
	press(t, m, "t")
	if _, ok := m.top().(*gameHelpView); !ok {
		t.Fatalf("t in the detail opened %T", m.top())
	}
	press(t, m, "esc")
	if out := m.View(); !strings.Contains(out, "Game Help available (with a video): t") {
		t.Fatalf("the detail does not know the video it just showed:\n%s", out)
	}
	press(t, m, "esc")
	if r := rowOf(t, m.View(), "Speed Runner"); !strings.HasSuffix(r, " ▶") {
		t.Fatalf("a trophy with a video tip read in this session is not ▶: %q", r)
	}
	press(t, m, "j", "j", "enter") // Sackboy's Big Adventure: no help
	if out := m.View(); strings.Contains(out, "Game Help available") {
		t.Fatalf("a trophy without help says it has some:\n%s", out)
	}
	press(t, m, "esc")

	// Tight widths: the Help column goes first, before any other column (it does not come back into
	// the cells a wider column left).
	for _, w := range []int{40, 47, 63} {
		m.Update(tea.WindowSizeMsg{Width: w, Height: 12})
		if h := headerOf(m.View()); strings.Contains(h, "Help") {
			t.Fatalf("the Help column stayed at %d cells: %q", w, h)
		}
	}
	if h := headerOf(m.View()); !strings.Contains(h, "Earned") {
		t.Fatalf("at 63 cells the earned date went with the Help column: %q", h)
	}
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})

	// (t asked the store too: Game Help reads the availability from the store's cache.)
	asked := countCalls(lib, "HintAvailability NPWR00002_00")
	press(t, m, "esc")
	openTitle(t, m, titles(m), "NPWR00002_00")
	if n := countCalls(lib, "HintAvailability NPWR00002_00"); n != asked {
		t.Fatalf("reopening asked again: %d calls", n-asked)
	}
	press(t, m, "esc")
	openTitle(t, m, titles(m), "NPWR00001_00") // PS4
	if n := countCalls(lib, "HintAvailability NPWR00001_00"); n != 0 {
		t.Fatalf("a PS4 title asked for Game Help %d times", n)
	}
	if h := headerOf(m.View()); strings.Contains(h, "Help") {
		t.Fatalf("a PS4 title has a Help column: %q", h)
	}
}

// TestHelpMarkersCompare: in compare mode the trophies view keeps both accounts' marks and the Help
// column, and the title still costs one availability call.
func TestHelpMarkersCompare(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 120, 30))
	compareWith(t, m, "TrophyFriend")
	openTitle(t, m, titles(m), "NPWR00002_00")
	out := m.View()
	if h := headerOf(out); !strings.Contains(h, "You") || !strings.Contains(h, "TrophyFriend") || !strings.Contains(h, "Help") {
		t.Fatalf("compare header: %q", h)
	}
	if r := rowOf(t, out, "Speed Runner"); !strings.HasSuffix(r, " ?") {
		t.Fatalf("compare row: %q", r)
	}
	if n := countCalls(lib, "HintAvailability NPWR00002_00"); n != 1 {
		t.Fatalf("%d availability calls", n)
	}
}

// TestHelpMarkersFailureAsksAgain: a failed availability request shows no column and is not
// remembered: the next opening asks again.
func TestHelpMarkersFailureAsksAgain(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	v := titles(m)
	tv, cmd := newTrophiesView(m.c, v.rows[2].t, nil, "", versus{})
	_ = tv
	if cmd == nil || m.c.helpPend["NPWR00002_00"] == 0 {
		t.Fatal("no availability request")
	}
	m.Update(hintsLoadedMsg{answer: answer{id: m.c.helpPend["NPWR00002_00"], err: errTest}, npCommID: "NPWR00002_00"})
	if _, known := m.c.help["NPWR00002_00"]; known || m.c.helpPend["NPWR00002_00"] != 0 {
		t.Fatal("a failed answer was kept")
	}
	if m.c.wantHelp(v.rows[2].t) == nil {
		t.Fatal("the next opening does not ask again")
	}
}

type testError string

func (e testError) Error() string { return string(e) }

const errTest = testError("boom")

// hintRequests counts the availability requests the fake server received.
func hintRequests(env *demoEnv) int {
	n := 0
	for _, r := range env.srv.Requests() {
		if strings.Contains(r.Path, "graphql") && r.Query.Get("operationName") == "metGetHintAvailability" {
			n++
		}
	}
	return n
}

func (s *session) typeText(text string) {
	for _, r := range text {
		s.keys(string(r))
	}
}

// TestHelpMarkersDemo: ASTRO's PLAYROOM (Game Help for trophies 18 … 45 in the fake) costs one
// availability request when its trophies open, none when they open again, in this session or the
// next (the store caches it); RESIDENT EVIL 5 (PS4) costs none. Goldens of the list with markers and
// of a detail with the Game Help line.
func TestHelpMarkersDemo(t *testing.T) {
	env := newDemoEnv(t)
	s := newSession(t, env.options(), 100, 30)
	s.screen("Level")
	s.keys("/")
	s.typeText("astro")
	s.screen("1 of")
	s.keys("enter") // keep the filter
	s.screen("enter open")
	s.keys("enter")
	s.screen("Base game")
	before := hintRequests(env)
	s.keys("enter")
	s.screen("sorted by default order")
	if n := hintRequests(env) - before; n != 1 {
		t.Fatalf("opening ASTRO's trophies sent %d availability requests, want 1", n)
	}
	for range trophyIndex(t, env, s.title("NPWR20188_00"), 18) {
		s.keys("j")
	}
	s.golden("astro_trophies", "Help")
	s.keys("enter")
	s.golden("astro_detail", "Game Help available: t")
	s.keys("esc", "esc", "esc", "enter")
	s.screen("Base game")
	s.keys("enter")
	s.screen("sorted by default order")
	if n := hintRequests(env) - before; n != 1 {
		t.Fatalf("reopening sent %d more availability requests", n-1)
	}
	s.keys("esc", "esc", "esc", "esc") // titles, filter cleared
	s.screen("Level")
	s.keys("/")
	s.typeText("resident evil 5")
	s.screen("1 of")
	s.keys("enter") // keep the filter
	s.screen("enter open")
	s.keys("enter")
	s.screen("Base game")
	s.keys("enter")
	s.screen("sorted by default order")
	if n := hintRequests(env) - before; n != 1 {
		t.Fatalf("a PS4 title sent %d availability requests", n-1)
	}
	s.quit()

	// A new session on the same store: the availability comes from the cache.
	s = newSession(t, env.options(), 100, 30)
	s.screen("Level")
	s.keys("/")
	s.typeText("astro")
	s.screen("1 of")
	s.keys("enter") // keep the filter
	s.screen("enter open")
	s.keys("enter")
	s.screen("Base game")
	s.keys("enter")
	s.screen("Help")
	if n := hintRequests(env) - before; n != 1 {
		t.Fatalf("the next session sent %d more availability requests", n-1)
	}
	s.quit()
}

// TestGameHelpDemoNoPlus opens the Game Help of ASTRO's PLAYROOM's "Gatcha Gotcha" as an account
// without PS Plus (psntest NoPlus): the message is the view's content.
func TestGameHelpDemoNoPlus(t *testing.T) {
	env := newDemoEnvWith(t, psntest.Options{NoPlus: true})
	s := newSession(t, env.options(), 100, 30)
	s.screen("Level")
	s.keys("/")
	s.typeText("astro")
	s.screen("1 of")
	s.keys("enter") // keep the filter
	s.screen("enter open")
	s.keys("enter")
	s.screen("Base game")
	s.keys("enter")
	s.screen("sorted by default order")
	for range trophyIndex(t, env, s.title("NPWR20188_00"), 18) {
		s.keys("j")
	}
	s.keys("t")
	teatest.RequireEqualOutput(t, []byte(s.screen("needs PlayStation Plus")+"\n"))
	s.quit()
}

// TestHuntEnterJumpsToTrophy: enter in next to hunt opens the trophy's title at the group holding it
// with the cursor on it; the detail is one enter away; esc comes back to the hunt list where it was.
func TestHuntEnterJumpsToTrophy(t *testing.T) {
	lib := newFakeLib(20)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "n")
	hv := m.top().(*huntView)
	// A DLC trophy, some way down the list.
	pos := -1
	for p, i := range hv.list.order {
		if hv.rows[i].trophy().group == "001" && p > 3 {
			pos = p
			break
		}
	}
	if pos < 0 {
		t.Fatal("no DLC trophy in the hunt list")
	}
	for range pos {
		press(t, m, "j")
	}
	row := hv.rows[hv.list.selected()]
	want := row.trophy()
	press(t, m, "enter")
	tv, ok := m.top().(*trophiesView)
	if !ok {
		t.Fatalf("enter opened %T", m.top())
	}
	if tv.load.title.NPCommunicationID != row.title.NPCommunicationID || tv.group != "001" {
		t.Fatalf("opened %s group %q, want %s group 001", tv.load.title.NPCommunicationID, tv.group, row.title.NPCommunicationID)
	}
	if i := tv.list.selected(); i < 0 || tv.trophy(i).id != want.id {
		t.Fatalf("the cursor is not on trophy %d", want.id)
	}
	if out := m.View(); !strings.Contains(out, "Lost in Nightmares") || !strings.Contains(out, "▸ "+want.name) {
		t.Fatalf("the group's trophies with the cursor on %s:\n%s", want.name, out)
	}
	press(t, m, "j", "k") // the cursor moves freely afterwards
	press(t, m, "enter")
	if dv, ok := m.top().(*detailView); !ok || dv.trophy().id != want.id {
		t.Fatalf("enter did not open the trophy's detail: %T", m.top())
	}
	press(t, m, "esc", "esc")
	if back, ok := m.top().(*huntView); !ok || back.list.cur.pos != pos || back.rows[back.list.selected()].trophy().id != want.id {
		t.Fatalf("esc did not come back to the hunt list at row %d: %T", pos, m.top())
	}
}

// TestHuntEnterInCompareMode: in compare mode the trophy's title opens with both accounts' marks.
func TestHuntEnterInCompareMode(t *testing.T) {
	lib := newFakeLib(20)
	m := start(t, newTestModel(lib, 120, 30))
	compareWith(t, m, "TrophyFriend")
	press(t, m, "n")
	hv := m.top().(*huntView)
	pos := -1
	for p, i := range hv.list.order {
		if hv.rows[i].title.NPCommunicationID == "NPWR00002_00" { // TrophyFriend played it too
			pos = p
			break
		}
	}
	if pos < 0 {
		t.Fatal("NPWR00002_00 is not in the hunt list")
	}
	for range pos {
		press(t, m, "j")
	}
	press(t, m, "enter")
	tv, ok := m.top().(*trophiesView)
	if !ok || !tv.vs.on || tv.vs.other.data == nil {
		t.Fatalf("enter in compare mode opened %T without the friend's trophies", m.top())
	}
	if h := headerOf(m.View()); !strings.Contains(h, "TrophyFriend") {
		t.Fatalf("no TrophyFriend column: %q", h)
	}
}
