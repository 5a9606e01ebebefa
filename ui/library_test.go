package ui

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// calls are the fake's calls whose name starts with prefix.
func (f *fakeLib) callsOf(prefix string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		if strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	return out
}

// Issue 12 #2: F opens a search typing into its query; each keystroke that parses runs the store's
// search, a mistake shows inline and keeps the last matches; esc clears, esc again goes back.
func TestSearchTypesTheQueryLanguage(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "F")
	v, ok := m.top().(*searchView)
	if !ok || !v.typing() {
		t.Fatalf("F opened %T (typing: %v)", m.top(), ok && v.typing())
	}
	if !strings.Contains(m.View(), "Type a query") {
		t.Fatalf("an empty search explains the query:\n%s", m.View())
	}
	typeText(t, m, "welcome")
	if got := lib.callsOf("Search "); got[len(got)-1] != "Search welcome" {
		t.Fatalf("searches: %v", got)
	}
	if len(v.rows) != 20 || !strings.Contains(footerLine(m), "20 matches") {
		t.Fatalf("%d rows, footer %q", len(v.rows), footerLine(m))
	}
	searches := len(lib.callsOf("Search "))
	typeText(t, m, " grad:x")
	if got := len(lib.callsOf("Search ")); got != searches+4 { // " g", " gr", " gra", " grad" parse; "grad:" does not; " " changes nothing
		t.Fatalf("%d searches for 7 keystrokes", got-searches)
	}
	if f := footerLine(m); !strings.Contains(f, `"grad:x": no such filter (did you mean grade:?)`) {
		t.Fatalf("the mistake is not inline: %q", f)
	}
	press(t, m, "enter") // browse what the last query that parsed found
	if v.typing() || v.ran != "welcome grad" {
		t.Fatalf("typing %v, rows answer %q", v.typing(), v.ran)
	}
	press(t, m, "esc")
	if len(m.stack) != 2 || len(v.rows) != 0 || v.list.input.Value() != "" {
		t.Fatalf("esc: stack %d, %d rows, query %q", len(m.stack), len(v.rows), v.list.input.Value())
	}
	press(t, m, "esc")
	if len(m.stack) != 1 {
		t.Fatalf("esc did not go back: %T", m.top())
	}
	for _, c := range lib.calls {
		if strings.HasPrefix(c, "TitleTrophies") || strings.HasPrefix(c, "RefreshTitles") && c != "RefreshTitles me" {
			t.Fatalf("search asked the network: %s", c)
		}
	}
}

// A search answering an older query is not shown: the view asks for the latest one instead, and
// only one search runs at a time however fast the user types.
func TestSearchDropsStaleAnswers(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(40), 100, 30))
	press(t, m, "F")
	v := m.top().(*searchView)
	cmd := v.setQuery("speed")
	first := v.pending
	if cmd == nil || first == 0 {
		t.Fatal("no search started")
	}
	if v.setQuery("speed runner") != nil || v.pending != first {
		t.Fatal("a second search started while one runs")
	}
	stale := cmd().(searchLoadedMsg)
	_, again := v.Update(stale)
	if len(v.rows) != 0 || again == nil {
		t.Fatalf("the stale answer was shown (%d rows) or nothing was asked again", len(v.rows))
	}
	fresh := again().(searchLoadedMsg)
	if fresh.query != "speed runner" {
		t.Fatalf("asked again for %q", fresh.query)
	}
	v.Update(fresh)
	if v.ran != "speed runner" || len(v.rows) != 20 {
		t.Fatalf("rows answer %q: %d", v.ran, len(v.rows))
	}
	// An answer for another account (the id of a view gone) changes nothing.
	v.Update(searchLoadedMsg{answer: answer{id: 999}, account: "me", query: "x"})
	if v.ran != "speed runner" {
		t.Fatal("a foreign answer was applied")
	}
}

// Issue 12 #2: enter on a match opens its title at the trophy, as next to hunt does; esc comes back
// to the matches.
func TestSearchEnterOpensTheTrophy(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(40), 100, 30))
	press(t, m, "F")
	typeText(t, m, "speed runner")
	press(t, m, "enter", "j", "enter")
	tv, ok := m.top().(*trophiesView)
	if !ok {
		t.Fatalf("enter opened %T", m.top())
	}
	if i := tv.list.selected(); i < 0 || tv.trophy(i).name != "Speed Runner" || tv.load.title.NPCommunicationID != "NPWR00001_00" {
		t.Fatalf("opened %s at %v", tv.load.title.NPCommunicationID, tv.list.selected())
	}
	press(t, m, "esc")
	if _, ok := m.top().(*searchView); !ok {
		t.Fatalf("esc went to %T", m.top())
	}
}

// The views of the whole library replace one another; esc goes back to where they were opened.
func TestLibraryViewsReplaceEachOther(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(40), 100, 30))
	for _, k := range []string{"E", "#", "I", "n", "F"} {
		if k == "F" {
			press(t, m, "esc") // out of nothing typed: E, P, I, n go to the view
		}
		press(t, m, k)
		if len(m.stack) != 2 {
			t.Fatalf("after %s: %d views (%T)", k, len(m.stack), m.top())
		}
	}
	press(t, m, "esc", "esc")
	if len(m.stack) != 1 {
		t.Fatalf("esc from a library view: %T", m.top())
	}
}

// Issue 12 #3: recent trophies newest first under a heading per day, the cursor never on a heading,
// milestones and platinums marked.
func TestRecentGroupsByDay(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(40), 100, 30))
	press(t, m, "E")
	v := m.top().(*recentView)
	if len(v.rows) == 0 || !v.rows[0].header {
		t.Fatalf("rows do not start with a day: %+v", v.rows[:min(1, len(v.rows))])
	}
	// fakeLib: 20 titles earned 3 trophies each, on the same 3 days.
	heads := 0
	for _, r := range v.rows {
		if r.header {
			heads++
			if r.count != 20 {
				t.Fatalf("%s counts %d trophies", r.label, r.count)
			}
		}
	}
	if heads != 3 || v.items != 60 || !strings.Contains(v.rows[0].label, "today") {
		t.Fatalf("%d days, %d trophies, first day %q", heads, v.items, v.rows[0].label)
	}
	for _, keys := range [][]string{{"g"}, {"k"}, {"j"}, {"G"}, {"pgup"}, {"home"}, {"j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j"}, {"k"}, {"end"}} {
		press(t, m, keys...)
		if i := v.list.selected(); i < 0 || v.rows[i].header {
			t.Fatalf("after %v the cursor is on %+v", keys, v.rows[max(0, i)])
		}
	}
	if f := footerLine(m); !strings.HasPrefix(f, "newest first") {
		t.Fatalf("footer %q", f)
	}
	out := m.View()
	if !strings.Contains(out, "★ 1st trophy") && !strings.Contains(out, "#1 platinum") {
		press(t, m, "G")
		out = m.View()
	}
	if !strings.Contains(out, "★ 1st") {
		t.Fatalf("the first trophy is not marked:\n%s", out)
	}
	// / keeps a day while one of its trophies matches.
	press(t, m, "/")
	typeText(t, m, "speed runner")
	if v.list.listed() != 20 || len(v.list.order) != 21 {
		t.Fatalf("/speed runner lists %d trophies in %d rows", v.list.listed(), len(v.list.order))
	}
	if f := footerLine(m); !strings.HasSuffix(f, "20 of 60") {
		t.Fatalf("the filter counts headings: %q", f)
	}
}

// Recent trophies read a page at a time: the next when the cursor nears the end of what is loaded.
func TestRecentReadsMorePages(t *testing.T) {
	lib := newFakeLib(200)
	for _, ti := range lib.titles {
		lib.trophies[ti.NPCommunicationID] = demoTrophies(ti)
	}
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "E")
	v := m.top().(*recentView)
	if v.items != recentFirstPage || v.total != 600 {
		t.Fatalf("first page: %d of %d", v.items, v.total)
	}
	press(t, m, "G") // the last of what is loaded: the next page comes, the cursor stays
	if v.items != 600 || len(lib.callsOf("Recent")) != 2 {
		t.Fatalf("after G: %d loaded, %d reads", v.items, len(lib.callsOf("Recent")))
	}
	// The day the first page ended with goes on: one heading, its count grown.
	days := map[string]int{}
	for _, r := range v.rows {
		if r.header {
			days[r.day]++
			if r.count != 200 {
				t.Fatalf("%s counts %d", r.day, r.count)
			}
		}
	}
	for d, n := range days {
		if n != 1 {
			t.Fatalf("%s has %d headings", d, n)
		}
	}
	if i := v.list.selected(); i < 0 || v.rows[i].number != 101 {
		t.Fatalf("the cursor left the trophy it was on: %+v", v.rows[max(0, i)].number)
	}
	press(t, m, "G")
	if i := v.list.selected(); i < 0 || v.rows[i].number != 1 || len(lib.callsOf("Recent")) != 2 {
		t.Fatalf("G is not on the first trophy ever: %+v", v.rows[max(0, i)].number)
	}
}

// Issue 12 #4: platinums numbered in earning order, newest first; s sorts by rarity and by time
// taken, S reverses.
func TestPlatinumsSort(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(40), 100, 30))
	press(t, m, "#")
	v := m.top().(*platinumsView)
	listed := func() []string {
		var out []string
		for _, i := range v.list.order {
			out = append(out, v.rows[i].number)
		}
		return out
	}
	if got := listed(); len(got) != 20 || got[0] != "#20" || got[19] != "#1" {
		t.Fatalf("by date: %v", got)
	}
	press(t, m, "s")
	if v.list.sorting() != "sorted by rarity ↓" {
		t.Fatal(v.list.sorting())
	}
	press(t, m, "s")
	if got := listed(); got[0] != "#1" { // the fake's first platinum took the least time
		t.Fatalf("by time taken: %v", got)
	}
	press(t, m, "S")
	if got := listed(); got[0] != "#20" || !strings.Contains(footerLine(m), "sorted by time taken ↑") {
		t.Fatalf("reversed: %v, %q", got, footerLine(m))
	}
	press(t, m, "enter")
	if tv, ok := m.top().(*trophiesView); !ok || tv.trophy(tv.list.selected()).grade != psnapi.Platinum {
		t.Fatalf("enter opened %T", m.top())
	}
}

// Issue 12 #5: the stats screen fits every width from 40 to 300 and reads without colour (the
// heatmap's intensity in characters).
func TestStatsRenderFitsEveryWidth(t *testing.T) {
	lib := newFakeLib(40)
	st, _ := lib.Stats("me")
	c := newTestModel(lib, 100, 30).c
	for w := 40; w <= 300; w += 7 {
		lines := renderStats(statsRender{st: st, name: "FakeHunter", width: w, s: c.Styles})
		for i, l := range lines {
			if width(l) > w {
				t.Fatalf("width %d: line %d is %d cells: %q", w, i, width(l), l)
			}
		}
		all := strings.Join(lines, "\n")
		for _, want := range []string{"Trophies per month", "The last year", "Mon", "none", "by rarity", "average", "The rarest"} {
			if !strings.Contains(strings.ToLower(all), strings.ToLower(want)) {
				t.Fatalf("width %d lacks %q:\n%s", w, want, all)
			}
		}
		if !strings.ContainsAny(all, "░▒▓█") {
			t.Fatalf("width %d: the heatmap has no intensity characters", w)
		}
	}
}

// The heatmap scales by quartiles of the active days: one busy day does not flatten the rest.
func TestHeatLevels(t *testing.T) {
	days := make([]store.DayCount, 20)
	for i := range days {
		days[i].Count = i % 5
	}
	days[3].Count = 500
	steps := heatSteps(days)
	var levels []int
	for _, n := range []int{0, 1, 2, 3, 4, 500} {
		levels = append(levels, heatLevel(n, steps))
	}
	if !slices.Equal(levels, []int{0, 1, 1, 2, 3, 4}) {
		t.Fatalf("levels %v (steps %v)", levels, steps)
	}
}

// The stats view draws in a command for its width, again after a resize, and scrolls.
func TestStatsRedrawsOnResize(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(40), 100, 30))
	press(t, m, "I")
	v := m.top().(*statsView)
	if v.drawnW != 100 || len(v.lines) == 0 {
		t.Fatalf("drawn for %d", v.drawnW)
	}
	_, cmd := m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	if v.drawnW != 100 {
		t.Fatal("drawn in Update")
	}
	drive(t, m, cmd)
	if v.drawnW != 60 {
		t.Fatalf("not redrawn: %d", v.drawnW)
	}
	press(t, m, "G")
	if v.offset == 0 || !strings.Contains(m.View(), "The rarest") {
		t.Fatalf("G did not scroll to the end:\n%s", m.View())
	}
}

// Issue 12 #2 and #7: next to hunt's / is the query language, run by the store; a query asking for
// earned trophies says why inline; N limits the list to the selected trophy's title and back.
func TestHuntQueryAndTitle(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "n", "/")
	v := m.top().(*huntView)
	typeText(t, m, "aboard")
	if got := lib.callsOf("Hunt "); got[len(got)-1] != "Hunt  aboard" || v.ran != "aboard" || len(v.rows) != 0 {
		t.Fatalf("hunts %v, ran %q, %d rows", got, v.ran, len(v.rows))
	}
	press(t, m, "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	if v.ran != "" || len(v.rows) != len(v.base) || len(v.rows) == 0 {
		t.Fatalf("clearing the query: ran %q, %d rows of %d", v.ran, len(v.rows), len(v.base))
	}
	typeText(t, m, "earned:2025")
	if f := footerLine(m); !strings.Contains(f, `"earned:": next to hunt lists trophies`) {
		t.Fatalf("footer %q", f)
	}
	press(t, m, "esc")
	id := v.rows[v.list.selected()].title.NPCommunicationID
	press(t, m, "N")
	if v.title == nil || v.title.NPCommunicationID != id || !strings.Contains(m.View(), "Next to hunt in ") {
		t.Fatalf("N did not limit to %s", id)
	}
	for _, r := range v.rows {
		if r.title.NPCommunicationID != id {
			t.Fatalf("%s listed in %s's hunt", r.title.NPCommunicationID, id)
		}
	}
	press(t, m, "N")
	if v.title != nil || len(v.rows) != len(v.base) {
		t.Fatal("N again did not list every title")
	}
}

// Issue 12 #7: N in the title list opens next to hunt for the title under the cursor.
func TestTitlesNHuntsTheTitle(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "j", "N")
	v, ok := m.top().(*huntView)
	if !ok || v.title == nil || v.title.NPCommunicationID != titles(m).rows[titles(m).list.selected()].t.NPCommunicationID {
		t.Fatalf("N opened %T", m.top())
	}
	if got := lib.callsOf("Hunt "); got[0] != "Hunt "+v.title.NPCommunicationID+" " {
		t.Fatalf("hunts %v", got)
	}
}

// Issue 12 #7: N in a title's trophies (or groups) opens next to hunt in that title.
func TestTrophiesNHuntsTheOpenTitle(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	openTitle(t, m, titles(m), "NPWR00000_00") // groups
	press(t, m, "N")
	if v, ok := m.top().(*huntView); !ok || v.title.NPCommunicationID != "NPWR00000_00" {
		t.Fatalf("N in groups opened %T", m.top())
	}
	press(t, m, "esc", "enter", "N")
	if v, ok := m.top().(*huntView); !ok || v.title.NPCommunicationID != "NPWR00000_00" || len(m.stack) != 4 {
		t.Fatalf("N in trophies opened %T (%d views)", m.top(), len(m.stack))
	}
	for _, r := range m.top().(*huntView).rows {
		if r.title.NPCommunicationID != "NPWR00000_00" {
			t.Fatal(r.title.NPCommunicationID)
		}
	}
}
