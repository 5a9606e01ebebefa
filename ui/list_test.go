package ui

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// footerLine is the view's last line above the help line and status bar.
func footerLine(m *Model) string {
	lines := strings.Split(m.View(), "\n")
	return strings.TrimSpace(lines[len(lines)-3])
}

// Issue 14 #22: esc clears a kept title filter, and the footer says so at once.
func TestEscClearsAKeptFilterAndItsFooter(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(300), 100, 30))
	press(t, m, "/")
	typeText(t, m, "astro")
	press(t, m, "enter")
	if f := footerLine(m); !strings.HasPrefix(f, "/ astro") || !strings.HasSuffix(f, "of 300") {
		t.Fatalf("kept filter footer: %q", f)
	}
	press(t, m, "esc")
	if f := footerLine(m); f != "300 titles · sorted by last played ↓ · show: all" {
		t.Fatalf("after esc the footer says %q", f)
	}
	if len(m.stack) != 1 {
		t.Fatal("esc popped the root view")
	}
}

// openAllTrophies opens title 1 (no groups: every trophy, default order).
func openAllTrophies(t *testing.T, w, h int) (*Model, *trophiesView) {
	t.Helper()
	m := start(t, newTestModel(newFakeLib(10), w, h))
	press(t, m, "j", "enter")
	v, ok := m.top().(*trophiesView)
	if !ok {
		t.Fatalf("opened %T", m.top())
	}
	return m, v
}

func listedTrophies(v *trophiesView) []string {
	var out []string
	for _, i := range v.list.order {
		t := v.trophy(i)
		if v.c.shown(v.load.title.NPCommunicationID, t) {
			out = append(out, t.name)
		} else {
			out = append(out, "Hidden trophy")
		}
	}
	return out
}

// Issue 12 #1 (with the list component): / filters the trophies view by name and description under
// the one matching rule; letters typed there never run g or t.
func TestTrophiesSlashFilters(t *testing.T) {
	m, v := openAllTrophies(t, 100, 30)
	press(t, m, "/")
	typeText(t, m, "gat")
	if _, ok := m.top().(*trophiesView); !ok || len(m.stack) != 2 {
		t.Fatalf("typing /gat left the trophies view: %T", m.top())
	}
	if got := listedTrophies(v); len(got) != 0 {
		t.Fatalf("/gat lists %v", got)
	}
	press(t, m, "backspace", "backspace", "backspace")
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"sackboys big", []string{"Sackboy’s Big Adventure"}}, // ’ and ' alike
		{"SPEED RUNNER!", []string{"Speed Runner"}},           // case and punctuation
		{"detail of welcome", []string{"Welcome Aboard"}},     // the description
		{"secret", nil}, // a hidden trophy's name stays hidden
		{"hidden", []string{"Hidden trophy", "Hidden trophy"}}, // what the screen shows
		{"ナイト", []string{"ナイトメア"}},
	} {
		v.list.input.SetValue("")
		press(t, m, "backspace")
		typeText(t, m, c.query)
		if got := listedTrophies(v); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Fatalf("/%s lists %v, want %v", c.query, got, c.want)
		}
	}
	press(t, m, "enter")
	if f := footerLine(m); !strings.HasPrefix(f, "/ ナイト") || !strings.HasSuffix(f, "1 of 7") {
		t.Fatalf("footer of a kept filter: %q", f)
	}
	press(t, m, "esc") // clears the filter, stays
	if len(m.stack) != 2 || len(v.list.order) != 7 {
		t.Fatalf("esc: stack %d, %d listed", len(m.stack), len(v.list.order))
	}
	press(t, m, "V", "/")
	typeText(t, m, "secret")
	if got := listedTrophies(v); fmt.Sprint(got) != "[Secret Ending]" {
		t.Fatalf("revealed, /secret lists %v", got)
	}
}

// Issue 12 #7 (with the list component): S reverses the trophies view's sort, and the footer says so.
func TestTrophiesReverse(t *testing.T) {
	m, v := openAllTrophies(t, 100, 30)
	before := listedTrophies(v)
	press(t, m, "S")
	after := listedTrophies(v)
	for i := range before {
		if after[i] != before[len(before)-1-i] {
			t.Fatalf("S did not reverse the default order: %v → %v", before, after)
		}
	}
	if f := footerLine(m); !strings.HasPrefix(f, "sorted by default order ↑") {
		t.Fatalf("footer: %q", f)
	}
	press(t, m, "s") // rarity, rarest first; S: most common first
	press(t, m, "S")
	for p := 1; p < len(v.list.order); p++ {
		if v.trophy(v.list.order[p-1]).rate < v.trophy(v.list.order[p]).rate {
			t.Fatalf("reversed rarity: %v before %v", v.trophy(v.list.order[p-1]).rate, v.trophy(v.list.order[p]).rate)
		}
	}
}

// The groups view filters as the title list does; esc clears the filter before it goes back.
func TestGroupsSlashFilters(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(10), 100, 30))
	press(t, m, "enter")
	v, ok := m.top().(*groupsView)
	if !ok {
		t.Fatalf("opened %T", m.top())
	}
	press(t, m, "/")
	typeText(t, m, "nightmare")
	if len(v.list.order) != 1 || v.load.data.groups[v.list.selected()].name != "Lost in Nightmares" {
		t.Fatalf("/nightmare lists %v", v.list.order)
	}
	press(t, m, "enter", "esc")
	if len(m.stack) != 2 || len(v.list.order) != 2 {
		t.Fatal("esc did not clear the filter first")
	}
	press(t, m, "esc")
	if len(m.stack) != 1 {
		t.Fatal("a second esc did not go back")
	}
}

// TestFoldRule: the one matching rule (issue 12 #1).
func TestFoldRule(t *testing.T) {
	f := newFolder()
	for _, c := range []struct{ text, query string }{
		{"Sackboy™: A Big Adventure", "sackboy a big"},
		{"ASTRO’s PLAYROOM", "astro's"},
		{"ASTRO’s PLAYROOM", "ASTROS"},
		{"Kestrel’s “Night Run”", "kestrel's \"night run\""},
		{"Pokémon Café Mix", "POKEMON CAFE"},
		{"F1® 23", "f1 23"},
		{"Ｆｕｌｌ－ｗｉｄｔｈ Ｔｉｔｌｅ", "fullwidth title"},
		{"Ratchet & Clank", "ratchet clank"},
		{"Silent  Oracle:\n Remastered", "silent oracle remastered"},
		{"ゼノブレイド 決定版", "ゼノ"},
	} {
		if !strings.Contains(f.fold(c.text), f.fold(c.query)) {
			t.Errorf("%q does not find %q (%q, %q)", c.query, c.text, f.fold(c.query), f.fold(c.text))
		}
		if Fold(c.text) != f.fold(c.text) {
			t.Errorf("Fold and the folder disagree on %q", c.text)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"already folded", "already folded"},
		{"  Spaced   OUT  ", "spaced out"},
		{"?!", ""},
		{"A\x00B", "ab"},
	} {
		if got := f.fold(c.in); got != c.want {
			t.Errorf("fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestFitColumns: pairs go together, a last column goes with any other, spans head two columns.
func TestFitColumns(t *testing.T) {
	cols := []column{
		{title: "Name", flex: true},
		{title: "A", width: 10, drop: 5, span: true, pair: 1},
		{title: "A", width: 4, right: true},
		{title: "B", width: 10, drop: 4, span: true, pair: 1},
		{title: "B", width: 4, right: true},
		{title: "Help", width: 4, drop: 9, last: true},
		{title: "Date", width: 10, drop: 3},
		{title: "Nothing", width: 0, drop: 1},
	}
	// Wide: everything; the empty column takes no room.
	if w := fitColumns(cols, 100, 20); fmt.Sprint(w) != "[49 10 4 10 4 4 10 0]" {
		t.Fatalf("wide: %v", w)
	}
	// Help goes first; at 68 the date goes too and B's bar would come back alone: pairs stay.
	w := fitColumns(cols, 68, 20)
	if w[5] != 0 || (w[1] == 0) != (w[3] == 0) {
		t.Fatalf("68: %v", w)
	}
	sum := 2
	for _, x := range w {
		if x > 0 {
			sum += x + 1
		}
	}
	if sum-1 != 67 { // layout keeps the last cell free
		t.Fatalf("68: the widths %v fill %d cells", w, sum-1)
	}
	head := columnHeader(NewStyles(DefaultTheme(), lipgloss.NewRenderer(nil)), cols, []int{20, 10, 4, 0, 4, 0, 0, 0})
	// A's title spans its bar and percentage; B's bar is dropped, so B's percentage shows its own.
	if want := "  " + fit("Name", 20) + " " + fit("A", 15) + " " + fitRight("B", 4); head != want {
		t.Fatalf("header: %q", head)
	}
}

// numRows is a list of the numbers 0…n-1 whose query language is "<N" (below N): a query that
// contains the previous one does not narrow it ("<50" lists more than "<5").
type numRows struct{ n int }

func (r numRows) len() int         { return r.n }
func (r numRows) sorted(int) []int { return nil }
func (r numRows) filter(q string) func(int) bool {
	if q == "" {
		return nil
	}
	below, err := strconv.Atoi(strings.TrimPrefix(q, "<"))
	if err != nil {
		return func(int) bool { return false }
	}
	return func(i int) bool { return i < below }
}
func (r numRows) row(i int, _ bool) string { return strconv.Itoa(i) }
func (r numRows) empty() string            { return "none" }
func (r numRows) footer() string           { return "" }
func (r numRows) narrows(prev, q string) bool {
	return false // "<5" then "<50" must scan everything again
}

// TestListQueryLanguage: a view with its own query language says when a query narrows; without
// that a longer query would only re-check the rows the shorter one listed.
func TestListQueryLanguage(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(1), 80, 24))
	l := newList(m.c, numRows{n: 100}, "number", "numbers", "")
	l.SetSize(80, 20)
	l.setRows(nil)
	l.Update(keyMsg("/"))
	for _, r := range "<5" {
		l.Update(keyMsg(string(r)))
	}
	if len(l.order) != 5 {
		t.Fatalf("<5 lists %d", len(l.order))
	}
	l.Update(keyMsg("0"))
	if len(l.order) != 50 {
		t.Fatalf("<50 lists %d", len(l.order))
	}
	l.Update(keyMsg("backspace"))
	if len(l.order) != 5 {
		t.Fatalf("back to <5 lists %d", len(l.order))
	}
	l.Update(tea.KeyMsg{Type: tea.KeyEsc})
	m.c.Keys.setTyping(false)
	if len(l.order) != 100 || l.typing() {
		t.Fatalf("esc: %d listed", len(l.order))
	}
}
