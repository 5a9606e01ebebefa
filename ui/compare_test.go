package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// compareWith opens the friends list (c), types name and presses enter, driving the lookup to its answer.
func compareWith(t *testing.T, m *Model, name string) {
	t.Helper()
	press(t, m, "c")
	fv := friendsOpen(m)
	if fv == nil {
		t.Fatal("c did not open the friends list")
	}
	fv.input.SetValue("")
	fv.setPristine(false)
	fv.textChanged()
	press(t, m, name, "enter")
}

// friendsOpen is the friends list on top of the stack (c), nil when it is not there.
func friendsOpen(m *Model) *friendsView {
	fv, _ := m.top().(*friendsView)
	return fv
}

func statusLine(m *Model) string {
	out := m.View()
	return out[strings.LastIndex(out, "\n")+1:]
}

func TestCompareTitles(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	compareWith(t, m, "TrophyFriend")
	if m.c.Compare == nil || m.c.Compare.ID != friendID || m.c.Compare.Name != "TrophyFriend" {
		t.Fatalf("not in compare mode: %+v", m.c.Compare)
	}
	out := m.View()
	for _, want := range []string{"FakeHunter vs TrophyFriend · 20 in common", "sorted by difference", "–  not played", "Friend Only 0", "Δ"} {
		if !strings.Contains(out, want) {
			t.Fatalf("compare titles lack %q:\n%s", want, out)
		}
	}
	if !strings.Contains(statusLine(m), "FakeHunter vs TrophyFriend") {
		t.Fatalf("status bar: %q", statusLine(m))
	}
	v := titles(m)
	// The union: 40 of mine, 3 only theirs.
	if len(v.rows) != 43 || len(v.list.order) != 43 {
		t.Fatalf("%d rows, %d shown; want 43", len(v.rows), len(v.list.order))
	}
	// Sorted by difference: where the friend leads most first, never a bigger lead further down.
	for p := 1; p < len(v.list.order); p++ {
		if v.rows[v.list.order[p]].delta < v.rows[v.list.order[p-1]].delta {
			t.Fatalf("row %d (Δ %d) after Δ %d", p, v.rows[v.list.order[p]].delta, v.rows[v.list.order[p-1]].delta)
		}
	}
	if first := v.rows[v.list.order[0]]; first.delta >= 0 || v.list.cur.pos != 0 {
		t.Fatalf("the top row is not a title the friend leads (Δ %d, cursor %d)", first.delta, v.list.cur.pos)
	}
	// Δ agrees with both progress values for a title both played.
	for _, r := range v.rows {
		if r.side == sideMine|sideTheirs {
			if want := r.t.Progress - v.set.their.rows[r.fi].t.Progress; r.delta != want {
				t.Fatalf("%s: Δ %d, want %d", r.name, r.delta, want)
			}
		}
	}
	if lib.cfg.CompareUser != "TrophyFriend" || len(lib.saved) != 1 {
		t.Fatalf("the name was not kept in the config: %+v", lib.saved)
	}

	// tab: all → both played → only mine → only theirs → all.
	for _, c := range []struct {
		n    int
		show string
	}{{20, "both played"}, {20, "only mine"}, {3, "only theirs"}, {43, "all"}} {
		press(t, m, "tab")
		if len(v.list.order) != c.n || !strings.Contains(m.View(), "show: "+c.show) {
			t.Fatalf("tab to %q: %d rows:\n%s", c.show, len(v.list.order), m.View())
		}
	}
	// s cycles through difference too; c leaves compare mode and restores the plain list and sort.
	for range numTitleSorts {
		press(t, m, "s")
	}
	if v.sortBy() != sortDiff {
		t.Fatalf("s did not cycle back to difference: %s", v.sortBy())
	}
	press(t, m, "c")
	if m.c.Compare != nil || len(v.rows) != 40 || v.sortBy() != sortLastPlayed {
		t.Fatalf("c did not leave compare mode: %v, %d rows, sorted by %s", m.c.Compare, len(v.rows), v.sortBy())
	}
	if out := m.View(); strings.Contains(out, "TrophyFriend") || !strings.Contains(out, "sorted by last played") {
		t.Fatalf("still comparing after c:\n%s", out)
	}
	for range numTitleSorts {
		press(t, m, "s")
		if v.sortBy() == sortDiff {
			t.Fatal("difference offered outside compare mode")
		}
	}
	// The prompt comes back prefilled with the last name.
	press(t, m, "c")
	if got := friendsOpen(m).input.Value(); got != "TrophyFriend" {
		t.Fatalf("prompt prefilled with %q", got)
	}
}

func TestComparePromptTakesLetters(t *testing.T) {
	lib := newFakeLib(40)
	lib.cfg.CompareUser = "OldFriend"
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "c")
	fv := friendsOpen(m)
	if got := fv.input.Value(); got != "OldFriend" {
		t.Fatalf("prompt not prefilled from the config: %q", got)
	}
	if !strings.Contains(m.View(), "compare with: OldFriend") {
		t.Fatalf("no prompt line:\n%s", m.View())
	}
	fv.input.SetValue("")
	fv.setPristine(false)
	v := titles(m)
	// Letters that are bindings elsewhere reach the input: q does not quit, s does not sort, j does not move.
	for _, k := range []string{"q", "s", "j", "n", "c", "?", "/", "r", "t"} {
		_, cmd := m.Update(keyMsg(k))
		if cmd != nil {
			if _, quit := cmd().(tea.QuitMsg); quit {
				t.Fatalf("%s quit while typing", k)
			}
		}
	}
	if got := fv.input.Value(); got != "qsjnc?/rt" {
		t.Fatalf("the input got %q", got)
	}
	if v.sortBy() != sortLastPlayed || v.list.cur.pos != 0 || len(m.stack) != 2 || m.help.ShowAll {
		t.Fatal("a letter typed into the prompt fired a command")
	}
	// esc cancels: no lookup, no compare mode, keys work again.
	press(t, m, "esc")
	if friendsOpen(m) != nil || m.c.Compare != nil || m.lookup.pend != 0 {
		t.Fatal("esc did not cancel the prompt")
	}
	press(t, m, "j")
	if v.list.cur.pos != 1 {
		t.Fatal("keys do not work after the prompt")
	}
	for _, c := range lib.calls {
		if strings.HasPrefix(c, "ResolveUser") {
			t.Fatalf("a cancelled prompt looked a name up: %v", lib.calls)
		}
	}
}

func TestCompareUnknownAndPrivate(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"NoSuchPlayer", "no PSN user named NoSuchPlayer"},
		{"LockedVault", "LockedVault’s trophies are private"},
		{"99999", "no PSN account with ID 99999"},
		{"fakehunter", "FakeHunter is you: compare with another account"},
	} {
		t.Run(c.name, func(t *testing.T) {
			lib := newFakeLib(40)
			m := start(t, newTestModel(lib, 100, 30))
			press(t, m, "j")
			before := m.View()
			compareWith(t, m, c.name)
			if m.c.Compare != nil {
				t.Fatal("entered compare mode")
			}
			if sl := statusLine(m); !strings.Contains(sl, c.want) {
				t.Fatalf("status bar %q lacks %q", sl, c.want)
			}
			// One line: the rest of the screen is what it was, and the view still works.
			out := m.View()
			if strings.Join(strings.Split(out, "\n")[:27], "\n") != strings.Join(strings.Split(before, "\n")[:27], "\n") {
				t.Fatalf("the view changed:\n%s", out)
			}
			press(t, m, "j", "enter")
			if len(m.stack) != 2 {
				t.Fatal("the view is not usable after the failed lookup")
			}
			if len(lib.saved) != 0 {
				t.Fatalf("a failed lookup was saved as the last compare user: %+v", lib.saved)
			}
		})
	}
}

// A numeric account id unknown to PSN: the store takes it as is and the title list answers 404.
func TestCompareErrorWording(t *testing.T) {
	nf := &psnapi.APIError{Kind: psnapi.KindNotFound, Status: 404}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"1234567890123", nf, "no PSN account with ID 1234567890123"},
		{"Someone", &psnapi.APIError{Kind: psnapi.KindForbidden, Status: 403}, "Someone’s trophies are private"},
		{"Someone", &psnapi.NetworkError{}, "compare with Someone: offline: could not reach PSN"},
	} {
		if got := compareError(c.name, c.err).Error(); got != c.want {
			t.Fatalf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}

func TestStaleCompareAnswerIsDropped(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(10), 100, 30))
	m.Update(compareResolvedMsg{answer: answer{id: 9999}, account: Account{ID: friendID, Name: "Ghost"}, set: &titleSet{compare: true}})
	if m.c.Compare != nil || strings.Contains(m.View(), "Ghost") {
		t.Fatal("an answer nobody asked for entered compare mode")
	}
}

func TestCompareTrophies(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	compareWith(t, m, "TrophyFriend")
	v := titles(m)
	// Title 2 (no groups) is played by both.
	openTitle(t, m, v, "NPWR00002_00")
	tv, ok := m.top().(*trophiesView)
	if !ok {
		t.Fatalf("opened %T", m.top())
	}
	out := m.View()
	for _, want := range []string{"you 3 · TrophyFriend 4", "You", "TrophyFriend", "✓ 2026-11-30", "✓ 2026-11-26"} {
		if !strings.Contains(out, want) {
			t.Fatalf("compare trophies lack %q:\n%s", want, out)
		}
	}
	// tab: they have, you don't → exactly the trophies the friend earned and I did not.
	press(t, m, "tab")
	if len(tv.list.order) != 4 || !strings.Contains(m.View(), "showing they have, you don't") {
		t.Fatalf("they have, you don't: %d rows:\n%s", len(tv.list.order), m.View())
	}
	for _, i := range tv.list.order {
		tr := tv.trophy(i)
		if tr.earned || !tv.vs.their(tr.id).earned {
			t.Fatalf("%s is not theirs only", tr.name)
		}
	}
	press(t, m, "tab")
	if len(tv.list.order) != 3 {
		t.Fatalf("you have, they don't: %d rows", len(tv.list.order))
	}
	// The detail says both.
	press(t, m, "enter")
	if out := m.View(); !strings.Contains(out, "TrophyFriend: not earned") || !strings.Contains(out, "Earned: ✓ earned") {
		t.Fatalf("detail lacks both accounts:\n%s", out)
	}
	for _, c := range lib.calls {
		if c == "TitleTrophies "+friendID+" NPWR00001_00" {
			t.Fatal("asked for the friend's trophies of a title it never played")
		}
	}
}

// openTitle moves the cursor of the titles view to a title and opens it.
func openTitle(t testing.TB, m *Model, v *titlesView, npCommID string) {
	t.Helper()
	for p, i := range v.list.order {
		if v.rows[i].t.NPCommunicationID == npCommID {
			v.list.cur.pos = p
			v.list.cur = v.list.cur.clamp()
			v.list.prepare()
			press(t, m, "enter")
			return
		}
	}
	t.Fatalf("%s not listed", npCommID)
}

func TestCompareOpensATitleOnlyTheFriendHas(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	compareWith(t, m, "TrophyFriend")
	openTitle(t, m, titles(m), "NPWR90001_00")
	// No groups in its title entry: straight to the trophies, from the friend's definitions, with
	// nothing earned on my side.
	tv := m.top().(*trophiesView)
	for _, tr := range tv.load.data.trophies {
		if tr.earned {
			t.Fatalf("%s shows as earned by me", tr.name)
		}
		if tr.tr.TrophyHidden && !tr.hidden {
			t.Fatalf("hidden %s is revealed because the friend earned it", tr.name)
		}
	}
	if out := m.View(); !strings.Contains(out, "you 0 · TrophyFriend") || !strings.Contains(out, "Hidden trophy") {
		t.Fatalf("trophies of a title I never played:\n%s", out)
	}
	for _, c := range lib.calls {
		if strings.HasPrefix(c, "TitleTrophies me NPWR9") {
			t.Fatalf("asked for my trophies of a title I never played: %v", lib.calls)
		}
	}
}

// A title only the friend has, with DLC: its group list from the friend's definitions, nothing mine.
func TestCompareOpensGroupsOfATitleOnlyTheFriendHas(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	compareWith(t, m, "TrophyFriend")
	openTitle(t, m, titles(m), "NPWR90000_00")
	gv, ok := m.top().(*groupsView)
	if !ok {
		t.Fatalf("opened %T", m.top())
	}
	out := m.View()
	for _, want := range []string{"Base game", "Lost in Nightmares", "–  not played", "30% 2/5", "you 0 of"} {
		if !strings.Contains(out, want) {
			t.Fatalf("groups of a title I never played lack %q:\n%s", want, out)
		}
	}
	if gv.load.data.groups[0].earned.Total() != 0 {
		t.Fatal("my side of a title I never played has earned trophies")
	}
	press(t, m, "enter")
	tv := m.top().(*trophiesView)
	if len(tv.list.order) != 5 || !strings.Contains(m.View(), "you 0 · TrophyFriend 2") {
		t.Fatalf("base game of a title I never played (%d rows):\n%s", len(tv.list.order), m.View())
	}
	for _, c := range lib.calls {
		if strings.HasPrefix(c, "TitleTrophies me NPWR9") {
			t.Fatalf("asked for my trophies of a title I never played: %v", lib.calls)
		}
	}
}

// Entering compare mode with a title open loads the friend's side once for the views of that title.
func TestCompareEnteredInsideATitle(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "enter", "enter") // title 0: groups, then the base game's trophies
	if len(m.stack) != 3 {
		t.Fatalf("stack of %d", len(m.stack))
	}
	lib.mu.Lock()
	lib.calls = nil
	lib.mu.Unlock()
	compareWith(t, m, "TrophyFriend")
	n := 0
	for _, c := range lib.calls {
		if c == "TitleTrophies "+friendID+" NPWR00000_00" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the friend's trophies were asked for %d times: %v", n, lib.calls)
	}
	if out := m.View(); !strings.Contains(out, "TrophyFriend") || !strings.Contains(out, "✓ 2026-11-26") {
		t.Fatalf("the open trophy list does not compare:\n%s", out)
	}
	press(t, m, "esc")
	if out := m.View(); !strings.Contains(out, "TrophyFriend") || !strings.Contains(out, "30% 2/5") || !strings.Contains(out, "100% 2/2") {
		t.Fatalf("the group list below does not compare:\n%s", out)
	}
	// Leaving compare mode from inside the title: every view goes back to one account.
	press(t, m, "c")
	if out := m.View(); strings.Contains(out, "TrophyFriend") {
		t.Fatalf("still comparing:\n%s", out)
	}
	press(t, m, "enter")
	if out := m.View(); strings.Contains(out, "TrophyFriend") || !strings.Contains(out, "sorted by default order ↓ · showing all · reveal hidden") {
		t.Fatalf("trophies still compare:\n%s", out)
	}
}

// The friend's answer for a title never lands in my data (and the reverse).
func TestFriendTrophiesDoNotMixWithMine(t *testing.T) {
	lib := newFakeLib(40)
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "j", "j", "enter")
	tv := m.top().(*trophiesView)
	mine := tv.load.data
	friend := friendTrophies(lib.titles[2])
	m.Update(trophiesLoadedMsg{answer: answer{id: 99999}, account: friendID, npCommID: "NPWR00002_00", found: true, data: buildTitleData(friend)})
	if tv.load.data != mine {
		t.Fatal("the friend's trophies replaced mine")
	}
}

func TestCompareFromOptions(t *testing.T) {
	lib := newFakeLib(40)
	m := New(Options{Lib: lib, AccountName: "FakeHunter", Display: asciiDisplay(), Now: fixedClock, Compare: "TrophyFriend"})
	m.c.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	start(t, m)
	if m.c.Compare == nil || m.c.Compare.Name != "TrophyFriend" {
		t.Fatal("--compare did not start in compare mode")
	}
	// Whichever list arrived first, the union holds both.
	if v := titles(m); len(v.rows) != 43 || v.sortBy() != sortDiff {
		t.Fatalf("%d rows sorted by %s", len(v.rows), v.sortBy())
	}
	if !strings.Contains(m.View(), "FakeHunter vs TrophyFriend") {
		t.Fatalf("no compare heading:\n%s", m.View())
	}
}

// helpLine is the line above the status bar.
func helpLine(m *Model) string {
	lines := strings.Split(m.View(), "\n")
	return lines[len(lines)-2]
}

// TestComparePromptPrefillIsSelected (issue 14 #24): the prefilled name is selected, as in a
// dialog: typing replaces it, backspace clears it, a cursor key keeps it for editing.
func TestComparePromptPrefillIsSelected(t *testing.T) {
	lib := newFakeLib(10)
	lib.cfg.CompareUser = "OldFriend"
	m := start(t, newTestModel(lib, 100, 30))
	for _, c := range []struct {
		keys []string
		want string
	}{
		{[]string{"T", "F"}, "TF"},
		{[]string{"backspace"}, ""},
		{[]string{"end", "2"}, "OldFriend2"},
		{[]string{"left", "X"}, "OldFrienXd"},
	} {
		press(t, m, "c")
		fv := friendsOpen(m)
		if got := fv.input.Value(); got != "OldFriend" || !fv.pristine {
			t.Fatalf("prompt prefilled with %q (selected %v)", got, fv.pristine)
		}
		press(t, m, c.keys...)
		if got := fv.input.Value(); got != c.want {
			t.Fatalf("%v typed over the prefilled name: %q, want %q", c.keys, got, c.want)
		}
		press(t, m, "esc")
	}
}

// TestCompareTabHintNamesTheNextState (issue 14 #24): tab's help says where it goes, in the title
// list and in a title's trophies.
func TestCompareTabHintNamesTheNextState(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(40), 120, 30))
	compareWith(t, m, "TrophyFriend")
	for _, want := range []string{"tab both played", "tab only mine", "tab only theirs", "tab all", "tab both played"} {
		if h := helpLine(m); !strings.Contains(h, want) {
			t.Fatalf("titles: help %q lacks %q", h, want)
		}
		press(t, m, "tab")
	}
	press(t, m, "tab", "tab", "tab") // back to all
	openTitle(t, m, titles(m), "NPWR00002_00")
	for _, want := range []string{"tab they have, you don't", "tab you have, they don't", "tab all", "tab they have, you don't"} {
		if h := helpLine(m); !strings.Contains(h, want) {
			t.Fatalf("trophies: help %q lacks %q", h, want)
		}
		press(t, m, "tab")
	}
}
