package ui

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Issue 12 #6: a wide terminal shows the trophies' descriptions (hidden ones stay hidden) instead
// of a name column stretched across it.
func TestTrophiesDescriptionColumn(t *testing.T) {
	m, v := openAllTrophies(t, 250, 30)
	out := m.View()
	if !strings.Contains(out, "Description") || !strings.Contains(out, "Detail of Speed Runner.") {
		t.Fatalf("no description column at 250:\n%s", out)
	}
	if strings.Contains(out, "Detail of Secret Ending") || !strings.Contains(out, "hidden until earned") {
		t.Fatal("a hidden trophy's description shows")
	}
	if w := v.list.widths[ycName]; w > 48 {
		t.Fatalf("the name column is %d wide", w)
	}
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if strings.Contains(m.View(), "Description") {
		t.Fatal("a description column at 100")
	}
}

// Issue 12 #7: the trophies view sorts easiest first (the most earned first).
func TestTrophiesEasiestFirst(t *testing.T) {
	m, v := openAllTrophies(t, 100, 30)
	for v.sortBy() != trophyEasiest {
		press(t, m, "s")
	}
	var rates []float64
	for _, i := range v.list.order {
		rates = append(rates, v.trophy(i).rate)
	}
	if !slices.IsSortedFunc(rates, func(a, b float64) int { return -cmpFloat(a, b) }) {
		t.Fatalf("not easiest first: %v", rates)
	}
	if !strings.Contains(footerLine(m), "sorted by easiest first ↓") {
		t.Fatal(footerLine(m))
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Issue 12 #1: / in the titles and groups views folds like the trophy index does.
func TestFilterFoldsTheWayPeopleType(t *testing.T) {
	lib := newFakeLib(40)
	lib.titles[3].TrophyTitleName = "Sackboy™: A Big Adventure"
	m := start(t, newTestModel(lib, 100, 30))
	v := titles(m)
	for _, c := range []struct{ query, want string }{
		{"sackboy a big", "Sackboy™: A Big Adventure"},
		{"astro's", "ASTRO’s PLAYROOM"},
		{"ASTRO’S", "ASTRO’s PLAYROOM"},
		{"pokemon cafe", "Pokémon Café Mix"},
	} {
		press(t, m, "/")
		typeText(t, m, c.query)
		var got []string
		for _, i := range v.list.order {
			got = append(got, v.rows[i].name)
		}
		if len(got) == 0 || got[0] != c.want {
			t.Fatalf("/%s lists %v", c.query, got)
		}
		press(t, m, "esc")
	}
	// The groups view: DLC names under the same rule.
	openTitle(t, m, v, "NPWR00000_00")
	g := m.top().(*groupsView)
	press(t, m, "/")
	typeText(t, m, "lost in NIGHTMARES!")
	if len(g.list.order) != 1 || g.load.data.groups[g.list.order[0]].name != "Lost in Nightmares" {
		t.Fatalf("groups /lost-in nightmares: %v", g.list.order)
	}
}
