package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

func TestClean(t *testing.T) {
	cases := map[string]string{
		"Silent Oracle: Remastered\n":       "Silent Oracle: Remastered",
		"  Spaced\u00a0\u00a0Out \t Title ": "Spaced Out Title",
		"Control\x07Chars\x1b[31mRed":       "ControlCharsRed",
		"Zero\u200bWidth":                   "ZeroWidth",
		"ASTRO’s PLAYROOM":                  "ASTRO’s PLAYROOM",
		"line\r\nbreak":                     "line break",
	}
	for in, want := range cases {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFitMeasuresCells(t *testing.T) {
	for _, s := range []string{"ゼノブレイド 決定版", "🎮 Emoji Party 🎉✨", "Kestrel’s “Night Run”", strings.Repeat("Long ", 30), "ok"} {
		for w := 1; w <= 30; w++ {
			got := fit(s, w)
			if width(got) != w {
				t.Fatalf("fit(%q, %d) is %d cells: %q", s, w, width(got), got)
			}
			if width(s) > w && !strings.HasSuffix(strings.TrimRight(got, " "), "…") {
				t.Fatalf("fit(%q, %d) = %q: cut without …", s, w, got)
			}
		}
	}
	if got := fitRight("5%", 4); got != "  5%" {
		t.Errorf("fitRight = %q", got)
	}
}

func TestFoldIsCaseAndAccentInsensitive(t *testing.T) {
	f := newFolder()
	if got := f.fold("Pokémon Café"); got != "pokemon cafe" {
		t.Errorf("fold = %q", got)
	}
	if !strings.Contains(f.fold("ÉCLAIR Ærø"), f.fold("eclair")) {
		t.Error("accent folding failed")
	}
}

func TestTextHelpers(t *testing.T) {
	if got := commas(2541); got != "2,541" {
		t.Errorf("commas = %q", got)
	}
	if got := commas(1234567); got != "1,234,567" {
		t.Errorf("commas = %q", got)
	}
	if got := duration(4*time.Minute + 12*time.Second); got != "4m 12s" {
		t.Errorf("duration = %q", got)
	}
	if got := bar(100, 10); got != "██████████" {
		t.Errorf("bar(100) = %q", got)
	}
	if got := bar(0, 4); got != "▏   " {
		t.Errorf("bar(0) = %q", got)
	}
	if got := bar(1, 10); width(got) != 10 || !strings.HasPrefix(got, "▏") {
		t.Errorf("bar(1) = %q", got)
	}
	if got := lastPlayed(fixedNow.Add(-30*time.Hour), fixedNow); got != "yesterday" {
		t.Errorf("lastPlayed = %q", got)
	}
}

// TestScrollerKeys drives the pure cursor with key sequences, shrinking the height as it goes: the
// cursor is always on screen.
func TestScrollerKeys(t *testing.T) {
	k := DefaultKeyMap()
	c := scroller{}.resize(100, 10)
	seq := func(keys string) {
		for _, r := range keys {
			c, _ = c.navigate(keyMsg(string(r)), k)
		}
	}
	seq("jjj")
	if c.pos != 3 || c.offset != 0 {
		t.Fatalf("jjj: %+v", c)
	}
	seq("G")
	if c.pos != 99 || c.offset != 90 {
		t.Fatalf("G: %+v", c)
	}
	seq("g")
	if c.pos != 0 || c.offset != 0 {
		t.Fatalf("g: %+v", c)
	}
	c, _ = c.navigate(keyMsg("pgdown"), k)
	if c.pos != 10 {
		t.Fatalf("pgdn: %+v", c)
	}
	seq("kkkkkkkkkkkkkkkkkkkk")
	if c.pos != 0 {
		t.Fatalf("k past the top: %+v", c)
	}
	seq("G")
	for h := 10; h >= 0; h-- {
		c = c.resize(100, h)
		from, to := c.visible()
		if h > 0 && (c.pos < from || c.pos >= to) {
			t.Fatalf("height %d: cursor %d outside %d..%d", h, c.pos, from, to)
		}
	}
	c = c.resize(0, 5)
	if c.pos != 0 || c.offset != 0 {
		t.Fatalf("empty: %+v", c)
	}
	c, _ = c.navigate(tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown}, k)
	if c.pos != 0 {
		t.Fatalf("wheel on empty list moved: %+v", c)
	}
}

func titles(m *Model) *titlesView { return m.stack[0].(*titlesView) }

// visibleNames are the display names of the rows on screen, in order.
func visibleNames(v *titlesView) []string {
	from, to := v.list.cur.visible()
	var out []string
	for p := from; p < to; p++ {
		out = append(out, v.rows[v.list.order[p]].name)
	}
	return out
}

func TestTitlesSortCyclesAndFollowsTheSelection(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(150), 100, 30))
	v := titles(m)
	press(t, m, "j", "j")
	id := v.rows[v.list.selected()].t.NPCommunicationID
	press(t, m, "s")
	if v.sortBy() != sortName {
		t.Fatalf("sort = %v", v.sortBy())
	}
	names := visibleNames(v)
	for i := 1; i < len(names); i++ {
		if v.list.fold.fold(names[i-1]) > v.list.fold.fold(names[i]) {
			t.Fatalf("not sorted by name: %q before %q", names[i-1], names[i])
		}
	}
	if got := v.rows[v.list.selected()].t.NPCommunicationID; got != id {
		t.Fatalf("selection moved from %s to %s on sort", id, got)
	}
	if !strings.Contains(m.View(), "sorted by name ↓") {
		t.Fatal("footer does not name the sort")
	}
	press(t, m, "S")
	first := v.rows[v.list.order[0]].name
	last := v.rows[v.list.order[len(v.list.order)-1]].name
	if v.list.fold.fold(first) < v.list.fold.fold(last) {
		t.Fatalf("S did not reverse: %q … %q", first, last)
	}
	press(t, m, "s") // progress, highest first
	if p0, p1 := v.rows[v.list.order[0]].t.Progress, v.rows[v.list.order[len(v.list.order)-1]].t.Progress; p0 < p1 {
		t.Fatalf("progress sort: %d before %d", p0, p1)
	}
	press(t, m, "s", "s") // platform, earned
	if v.sortBy() != sortEarned {
		t.Fatalf("sort = %v", v.sortBy())
	}
	press(t, m, "s") // fewest left to 100%, complete titles last (issue 12 #7)
	if v.sortBy() != sortLeft {
		t.Fatalf("sort = %v", v.sortBy())
	}
	left := func(p int) int { r := v.rows[v.list.order[p]]; return r.defined - r.earned }
	for p := 1; p < len(v.list.order); p++ {
		if l0, l1 := left(p-1), left(p); l1 > 0 && (l0 == 0 || l0 > l1) {
			t.Fatalf("fewest left: %d left before %d left", l0, l1)
		}
	}
	if left(0) == 0 || left(len(v.list.order)-1) != 0 {
		t.Fatalf("fewest left: %d first, %d last", left(0), left(len(v.list.order)-1))
	}
	press(t, m, "s") // play time (none cached here: said, the order kept)
	if v.sortBy() != sortPlayTime || !strings.Contains(m.View(), "no play time cached") {
		t.Fatalf("sort = %v:\n%s", v.sortBy(), m.View())
	}
	press(t, m, "s")
	if v.sortBy() != sortLastPlayed {
		t.Fatalf("sort did not cycle back: %v", v.sortBy())
	}
}

func TestTitlesFilterAsYouType(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(150), 100, 30))
	v := titles(m)
	press(t, m, "/")
	if !v.typing() || m.c.Keys.Quit.Enabled() || m.c.Keys.Sort.Enabled() {
		t.Fatal("filter focus must disable letter bindings")
	}
	typeText(t, m, "POKEMON CAFE") // upper case, no accents
	if len(v.list.order) == 0 || len(v.list.order) == len(v.rows) {
		t.Fatalf("filter matched %d of %d", len(v.list.order), len(v.rows))
	}
	for _, i := range v.list.order {
		if !strings.Contains(v.rows[i].name, "Pokémon Café") {
			t.Fatalf("%q does not match", v.rows[i].name)
		}
	}
	if v.sortBy() != sortLastPlayed || v.show != showAll {
		t.Fatal("letters typed into the filter fired bindings")
	}
	n := len(v.list.order)
	press(t, m, "backspace", "backspace", "backspace", "backspace", "backspace")
	if len(v.list.order) < n {
		t.Fatal("deleting characters must widen the match")
	}
	typeText(t, m, " cafe 2")
	if len(v.list.order) >= n {
		t.Fatalf("narrowing kept %d rows", len(v.list.order))
	}
	press(t, m, "enter")
	if v.typing() || !m.c.Keys.Quit.Enabled() {
		t.Fatal("enter must leave the input and re-enable keys")
	}
	press(t, m, "esc")
	if len(v.list.order) != len(v.rows) {
		t.Fatal("esc must clear the filter")
	}
	press(t, m, "esc") // nothing to clear, nothing to pop: still running
	if len(m.stack) != 1 {
		t.Fatal("esc on the root view changed the stack")
	}
}

func TestTitlesShowAndPlatformFilters(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(150), 100, 30))
	v := titles(m)
	press(t, m, "f") // incomplete
	for _, i := range v.list.order {
		if v.rows[i].t.Progress >= 100 {
			t.Fatal("incomplete filter shows a complete title")
		}
	}
	press(t, m, "f") // complete
	for _, i := range v.list.order {
		if v.rows[i].t.Progress < 100 {
			t.Fatal("complete filter shows an incomplete title")
		}
	}
	press(t, m, "f") // has platinum
	for _, i := range v.list.order {
		if v.rows[i].t.DefinedTrophies.Platinum == 0 {
			t.Fatal("platinum filter shows a title without one")
		}
	}
	press(t, m, "f", "p") // all; first platform (PS5)
	if v.platform != platPS5 {
		t.Fatalf("platform = %d", v.platform)
	}
	for _, i := range v.list.order {
		if !strings.Contains(v.rows[i].platform, "PS5") {
			t.Fatalf("%q shown under PS5", v.rows[i].platform)
		}
	}
	if !strings.Contains(m.View(), "show: PS5") {
		t.Fatal("footer does not show the platform filter")
	}
}

func TestStaleTitlesAnswerIsDropped(t *testing.T) {
	lib := newFakeLib(50)
	m := start(t, newTestModel(lib, 100, 30))
	v := titles(m)
	before := m.View()
	m.Update(keyMsg("r")) // a new question: the refresh (its command is not run)
	pending := v.pendNet
	if pending == 0 {
		t.Fatal("r did not start a refresh")
	}
	// An answer to an older question arrives with other data: it must change nothing.
	stale := titlesLoadedMsg{answer: answer{id: pending - 3}, account: "me", found: true, rows: buildTitleRows(genTitles(3), fixedNow)}
	m.Update(stale)
	if len(v.rows) != 50 || v.pendNet != pending {
		t.Fatalf("stale answer applied: %d rows", len(v.rows))
	}
	// The answer to the latest question is applied.
	m.Update(titlesLoadedMsg{answer: answer{id: pending}, account: "me", found: true, rows: buildTitleRows(genTitles(3), fixedNow)})
	if len(v.rows) != 3 {
		t.Fatalf("fresh answer not applied: %d rows", len(v.rows))
	}
	if m.View() == before {
		t.Fatal("screen did not change")
	}
}

func TestCachedListRendersBeforeAnyRequest(t *testing.T) {
	lib := newFakeLib(30)
	m := newTestModel(lib, 100, 30)
	cmd := m.Init()
	msgs := []tea.Msg{}
	for _, c := range cmd().(tea.BatchMsg) {
		if c != nil {
			msgs = append(msgs, c())
		}
	}
	for _, call := range lib.calls {
		if strings.HasPrefix(call, "Refresh") {
			t.Fatalf("request before the first frame: %v", lib.calls)
		}
	}
	for _, msg := range msgs {
		if _, ok := msg.(titlesLoadedMsg); ok {
			_, next := m.Update(msg)
			if !strings.Contains(m.View(), "ASTRO’s PLAYROOM") {
				t.Fatal("cached titles not on screen")
			}
			drive(t, m, next)
		}
	}
	if calls := strings.Join(lib.calls, ","); !strings.Contains(calls, "RefreshTitles") {
		t.Fatalf("no background refresh after the cached frame: %s", calls)
	}
}

// ticker replaces the app's timer: it records every one-second tick instead of waiting for it.
type ticker struct {
	t     testing.TB
	ticks []rateTickMsg
	other []tea.Msg // other timed messages (notes expiring, the watch, reloads)
	now   *time.Time
}

func newTicker(t testing.TB, m *Model, now *time.Time) *ticker {
	tk := &ticker{t: t, now: now}
	m.c.Now = func() time.Time { return *now }
	m.c.tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		switch msg := fn(*now).(type) {
		case rateTickMsg:
			if d != time.Second {
				t.Fatalf("rate tick of %v", d)
			}
			tk.ticks = append(tk.ticks, msg)
		default:
			tk.other = append(tk.other, msg)
		}
		return nil
	}
	return tk
}

// fire delivers the last tick armed (after the clock moved) and everything it leads to.
func (tk *ticker) fire(m *Model) {
	tk.t.Helper()
	if len(tk.ticks) == 0 {
		tk.t.Fatal("no tick armed")
	}
	msg := tk.ticks[len(tk.ticks)-1]
	_, cmd := m.Update(msg)
	drive(tk.t, m, cmd)
}

func TestCountdownAfter429(t *testing.T) {
	now := fixedNow
	lib := newFakeLib(20)
	m := newTestModel(lib, 100, 30)
	tk := newTicker(t, m, &now)
	window := psnapi.RateSnapshot{Limit: 300, Window: 15 * time.Minute}
	m.c.Rate = func() psnapi.RateSnapshot { return window }
	start(t, m)
	if len(tk.ticks) != 0 {
		t.Fatal("ticking with nothing in the window")
	}
	until := now.Add(4*time.Minute + 12*time.Second)
	m.Update(titlesLoadedMsg{answer: answer{id: 999, err: &psnapi.RateLimitedError{NextAvailable: until, Status: 429}}})
	if !strings.Contains(m.View(), "PSN asked to wait (429) · 4m12s") {
		t.Fatalf("no countdown:\n%s", m.View())
	}
	if len(tk.ticks) != 1 {
		t.Fatalf("%d ticks started", len(tk.ticks))
	}
	now = now.Add(time.Second)
	tk.fire(m)
	if !strings.Contains(m.View(), "PSN asked to wait (429) · 4m11s") {
		t.Fatalf("countdown did not advance:\n%s", m.View())
	}
	if len(tk.ticks) != 2 {
		t.Fatal("tick not re-armed during the countdown")
	}
	now = until.Add(time.Second)
	tk.fire(m)
	if strings.Contains(m.View(), "429") {
		t.Fatal("countdown still shown after next-available")
	}
	if len(tk.ticks) != 2 {
		t.Fatal("tick re-armed after the countdown ended")
	}
	// Our own refusal to wait (the budget, not Sony) is no 429.
	m.Update(titlesLoadedMsg{answer: answer{id: 998, err: &psnapi.RateLimitedError{NextAvailable: now.Add(time.Minute)}}})
	if strings.Contains(m.View(), "429") {
		t.Fatalf("a budget refusal reads as a 429:\n%s", m.View())
	}
}

func TestStatusBarFitsEveryWidth(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(20), 100, 30))
	m.c.tasks[1], m.c.tasks[2] = "a", "b"
	m.status.offline, m.status.cachedAt = true, fixedNow.Add(-2*time.Hour)
	m.status.limitedUntil = fixedNow.Add(3 * time.Minute)
	for w := 1; w <= 200; w++ {
		line := m.status.view(m.c, []string{"Titles", "ASTRO’s PLAYROOM", "Base game"}, w)
		if strings.Contains(line, "\n") || width(line) > w {
			t.Fatalf("width %d: %q (%d cells)", w, line, width(line))
		}
		if w >= 30 && !strings.Contains(line, "3m00s") {
			t.Fatalf("width %d lost the countdown: %q", w, line)
		}
		if w >= 160 && !(strings.Contains(line, "PSN asked to wait (429) · 3m00s") && strings.Contains(line, "2 requests") && strings.Contains(line, "offline · cached 2h ago") && strings.Contains(line, "37/300 in 15m")) {
			t.Fatalf("width %d dropped segments it had room for: %q", w, line)
		}
	}
}

func TestOfflineNote(t *testing.T) {
	lib := newFakeLib(20)
	lib.offline = true
	m := start(t, newTestModel(lib, 100, 30))
	if !strings.Contains(m.View(), "offline · cached 2h ago") {
		t.Fatalf("no offline note:\n%s", m.View())
	}
}

func TestLoginScreen(t *testing.T) {
	m := New(Options{NeedLogin: true, Display: asciiDisplay(), Now: fixedClock})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	out := m.View()
	for _, want := range []string{"not logged in", "psn-client login", "psn-client --demo"} {
		if !strings.Contains(out, want) {
			t.Fatalf("login screen lacks %q:\n%s", want, out)
		}
	}
	if _, cmd := m.Update(keyMsg("q")); cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q does not quit")
	}
}

func TestLoginRequiredSwitchesToLoginScreen(t *testing.T) {
	lib := newFakeLib(0)
	lib.cached = false
	lib.err = psnapi.ErrLoginRequired
	m := start(t, newTestModel(lib, 80, 24))
	if _, ok := m.top().(*loginView); !ok {
		t.Fatalf("top view is %T:\n%s", m.top(), m.View())
	}
}

func TestEmptyAccount(t *testing.T) {
	lib := newFakeLib(0)
	lib.cached = false
	m := start(t, newTestModel(lib, 80, 24))
	if !strings.Contains(m.View(), "No titles yet") {
		t.Fatalf("no empty state:\n%s", m.View())
	}
}

func TestNavigationThroughViews(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "enter") // title 0 has groups
	if _, ok := m.top().(*groupsView); !ok {
		t.Fatalf("enter opened %T", m.top())
	}
	press(t, m, "j", "enter")
	tv, ok := m.top().(*trophiesView)
	if !ok || tv.group != "001" {
		t.Fatalf("enter on the DLC opened %T", m.top())
	}
	out := m.View()
	if !strings.Contains(out, "Hidden trophy") || strings.Contains(out, "Hidden DLC Boss") {
		t.Fatalf("hidden trophy shown:\n%s", out)
	}
	press(t, m, "j", "v")
	if !strings.Contains(m.View(), "Hidden DLC Boss") {
		t.Fatal("v did not reveal the trophy")
	}
	press(t, m, "enter")
	if _, ok := m.top().(*detailView); !ok || !strings.Contains(m.View(), "Detail of Hidden DLC Boss.") {
		t.Fatalf("detail:\n%s", m.View())
	}
	press(t, m, "v")
	if !strings.Contains(m.View(), "This trophy is hidden") {
		t.Fatal("v in the detail did not hide it again")
	}
	press(t, m, "V")
	if !strings.Contains(m.View(), "Hidden DLC Boss") {
		t.Fatal("V did not reveal all")
	}
	press(t, m, "esc", "esc", "esc")
	if len(m.stack) != 1 {
		t.Fatalf("esc ×3 left %d views", len(m.stack))
	}
	press(t, m, "j", "enter") // title 1 has no groups: straight to its trophies
	if _, ok := m.top().(*trophiesView); !ok {
		t.Fatalf("a title without groups opened %T", m.top())
	}
}

func TestOneGroupSkipsTheGroupList(t *testing.T) {
	lib := newFakeLib(10)
	tt := lib.trophies[lib.titles[0].NPCommunicationID]
	tt.Groups = tt.Groups[:1]
	tt.Trophies = tt.Trophies[:5]
	lib.trophies[lib.titles[0].NPCommunicationID] = tt
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "enter")
	if _, ok := m.top().(*trophiesView); !ok || len(m.stack) != 2 {
		t.Fatalf("one-group title shows %T (stack %d)", m.top(), len(m.stack))
	}
	press(t, m, "esc")
	if len(m.stack) != 1 {
		t.Fatal("esc from the skipped-to trophies must return to titles")
	}
}

func TestTrophySortAndEarnedFilter(t *testing.T) {
	lib := newFakeLib(10)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "j", "enter") // all trophies of title 1
	v := m.top().(*trophiesView)
	press(t, m, "s") // rarity
	for i := 1; i < len(v.list.order); i++ {
		if v.trophy(v.list.order[i-1]).rate > v.trophy(v.list.order[i]).rate {
			t.Fatal("not sorted by rarity")
		}
	}
	press(t, m, "s", "s") // grade
	if v.trophy(v.list.order[0]).grade != psnapi.Platinum {
		t.Fatal("grade sort does not start with the platinum")
	}
	press(t, m, "e")
	for _, i := range v.list.order {
		if !v.trophy(i).earned {
			t.Fatal("earned filter shows an unearned trophy")
		}
	}
	press(t, m, "e")
	for _, i := range v.list.order {
		if v.trophy(i).earned {
			t.Fatal("unearned filter shows an earned trophy")
		}
	}
}

func TestRevealDefaultFromConfig(t *testing.T) {
	lib := newFakeLib(10)
	lib.cfg.Reveal = true
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "j", "enter")
	if !strings.Contains(m.View(), "Secret Ending") {
		t.Fatal("Config.Reveal does not reveal hidden trophies")
	}
}

func TestErrorIsOneLineAndTheViewStaysUsable(t *testing.T) {
	lib := newFakeLib(30)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "G", "enter") // no trophies for title 29: the fake answers 404
	out := m.View()
	if !strings.Contains(out, "not found on PSN") {
		t.Fatalf("no error line:\n%s", out)
	}
	press(t, m, "esc", "k")
	if len(m.stack) != 1 {
		t.Fatal("could not go back after an error")
	}
}

func TestRefreshNoteAndItsExpiry(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(20), 100, 30))
	var expire []tea.Msg
	m.c.tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		if msg, ok := fn(fixedNow).(noteExpiredMsg); ok {
			expire = append(expire, msg)
		}
		return nil
	}
	press(t, m, "r")
	if !strings.Contains(m.View(), "refreshed · 20 titles") || len(expire) != 1 {
		t.Fatalf("no note after r:\n%s", m.View())
	}
	press(t, m, "r") // a second note replaces the first; the first timer must not erase it
	m.Update(expire[0])
	if !strings.Contains(m.View(), "refreshed") {
		t.Fatal("an old timer erased a newer note")
	}
	m.Update(expire[1])
	if strings.Contains(m.View(), "refreshed") {
		t.Fatal("note not cleared by its own timer")
	}
}

func TestStaleTrophiesAnswerIsDropped(t *testing.T) {
	lib := newFakeLib(10)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "enter")
	g := m.top().(*groupsView)
	m.Update(keyMsg("r"))
	pending := g.load.pendNet
	other := buildTitleData(demoTrophies(lib.titles[0]))
	other.groups = other.groups[:0]
	m.Update(trophiesLoadedMsg{answer: answer{id: pending - 1}, npCommID: lib.titles[0].NPCommunicationID, found: true, data: other})
	if len(g.load.data.groups) != 2 {
		t.Fatal("an answer older than the pending question was applied")
	}
	m.Update(trophiesLoadedMsg{answer: answer{id: pending + 5}, npCommID: "NPWR99999_00", found: true, data: other})
	if len(g.load.data.groups) != 2 {
		t.Fatal("an answer about another title was applied")
	}
}

// TestTypedAheadKeys: Bubble Tea delivers letters typed quickly as one message; each must act.
func TestTypedAheadKeys(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(50), 100, 30))
	v := titles(m)
	press(t, m, "jjj")
	if v.list.cur.pos != 3 {
		t.Fatalf("jjj moved to %d", v.list.cur.pos)
	}
	press(t, m, "g/ast") // to the top, open the filter, type into it
	if !v.typing() || v.list.input.Value() != "ast" {
		t.Fatalf("filter = %q (typing %v)", v.list.input.Value(), v.typing())
	}
}

// TestRefreshOnATitleRefreshesTheList: r on a title view asks for the title list (to learn whether
// the title changed) and then its trophies; the title list view takes the fresher list.
func TestRefreshOnATitleRefreshesTheList(t *testing.T) {
	lib := newFakeLib(10)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "j", "enter")
	lib.mu.Lock()
	lib.calls = nil
	lib.titles[1].TrophyTitleName = "Renamed Upstream"
	lib.mu.Unlock()
	press(t, m, "r")
	calls := strings.Join(lib.calls, ",")
	if !strings.HasPrefix(calls, "RefreshTitles me,TitleTrophies me ") {
		t.Fatalf("r on a title called %s", calls)
	}
	press(t, m, "esc")
	if !strings.Contains(m.View(), "Renamed Upstream") {
		t.Fatalf("the title list did not take the fresher list:\n%s", m.View())
	}
}

// TestLoadingAppearsLate: no "Loading…" flash during the first 100 ms; after it, a spinner line.
func TestLoadingAppearsLate(t *testing.T) {
	m := newTestModel(newFakeLib(10), 80, 24)
	var due []tea.Msg
	m.c.tick = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		due = append(due, fn(fixedNow))
		return nil
	}
	m.Init() // the cache read is not run: the view is waiting
	if strings.Contains(m.View(), "Loading") {
		t.Fatal("loading text before 100 ms")
	}
	if len(due) != 1 {
		t.Fatalf("%d timers", len(due))
	}
	m.Update(due[0])
	if !strings.Contains(m.View(), "Loading titles…") {
		t.Fatalf("no loading text after 100 ms:\n%s", m.View())
	}
}

func TestNextToHunt(t *testing.T) {
	lib := newFakeLib(20)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "n")
	v, ok := m.top().(*huntView)
	if !ok {
		t.Fatalf("n opened %T", m.top())
	}
	out := m.View()
	if !strings.Contains(out, "Next to hunt · "+commas(len(v.rows))+" unearned · easiest first") || len(v.rows) != 80 {
		t.Fatalf("hunt heading:\n%s", out)
	}
	for i := 1; i < len(v.list.order); i++ {
		if v.rows[v.list.order[i-1]].trophy().rate < v.rows[v.list.order[i]].trophy().rate {
			t.Fatal("not easiest first")
		}
	}
	if strings.Contains(out, "Hidden DLC Boss") || !strings.Contains(out, "Hidden trophy") {
		t.Fatal("hidden trophies must stay hidden in the hunt list")
	}
	press(t, m, "f", "f", "f") // silver
	for _, i := range v.list.order {
		if v.rows[i].trophy().grade != psnapi.Silver {
			t.Fatal("grade filter shows another grade")
		}
	}
	press(t, m, "f", "f", "p")
	for _, i := range v.list.order {
		if v.rows[i].plats&v.platform == 0 {
			t.Fatal("platform filter shows another platform")
		}
	}
	for _, c := range lib.calls {
		if strings.HasPrefix(c, "TitleTrophies") {
			t.Fatal("next to hunt made a request")
		}
	}
	press(t, m, "enter") // the trophy in its title (TestHuntEnterJumpsToTrophy)
	if _, ok := m.top().(*trophiesView); !ok {
		t.Fatalf("enter opened %T", m.top())
	}
	press(t, m, "esc", "esc")
	if len(m.stack) != 1 {
		t.Fatal("esc did not come back to the titles")
	}
}

func TestStoreNotesShowInTheStatusBar(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(10), 100, 30))
	note := "cache file v1/accounts/1/titles-en-us.bin was unreadable (bad checksum) and was discarded; it will be fetched again"
	m.Update(summaryLoadedMsg{answer: answer{id: 999, notes: []string{note, "another note"}}})
	status := lastLine(m.View())
	if !strings.Contains(status, "cache file v1/accounts/1/titles-en-us.bin") {
		t.Fatalf("the store's note is not in the status bar: %q", status)
	}
	if width(status) > 100 {
		t.Fatalf("status bar wider than the window: %q", status)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}
