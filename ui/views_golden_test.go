package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/psnclient/psn-client/psnapi"
)

// TestStatusBarStates renders the status bar states of the mock-ups by direct View calls, at the
// mock-up width and the smallest supported one.
func TestStatusBarStates(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(5), 100, 30))
	c := m.c
	crumbs := []string{"Titles", "ASTRO’s PLAYROOM"}
	states := []struct {
		name string
		set  func(s *statusBar)
	}{
		{"idle", func(s *statusBar) {}},
		{"requests", func(s *statusBar) { c.tasks[1], c.tasks[2] = "a", "b" }},
		{"rate_limited", func(s *statusBar) { s.limitedUntil = fixedNow.Add(4*time.Minute + 12*time.Second) }},
		{"offline", func(s *statusBar) { s.offline, s.cachedAt = true, fixedNow.Add(-2*time.Hour) }},
		{"everything", func(s *statusBar) {
			c.tasks[1] = "a"
			s.limitedUntil = fixedNow.Add(72 * time.Second)
			s.offline, s.cachedAt = true, fixedNow.Add(-26*time.Hour)
			s.note = "refreshed · 150 titles"
		}},
		{"no_rate", func(s *statusBar) { s.hasRate = false }},
		// Issue 11: the fill, a lookup, cache served because the budget is spent.
		{"filling", func(s *statusBar) { c.fill = fillStatus{running: true, prog: fill112} }},
		{"fill_paused", func(s *statusBar) { c.fill = fillStatus{running: true, paused: true, prog: fill112} }},
		{"fill_list", func(s *statusBar) { c.fill = fillStatus{running: true} }},
		{"looking_up", func(s *statusBar) { c.looking[1] = "TrophyFriend" }},
		{"budget_stale", func(s *statusBar) {
			s.budgetStale, s.cachedAt, s.refreshAt = true, fixedNow.Add(-12*time.Minute), fixedNow.Add(110*time.Second)
		}},
	}
	var b strings.Builder
	for _, w := range []int{100, 80, 40} {
		for _, st := range states {
			s := m.status
			clear(c.tasks)
			clear(c.looking)
			c.fill = fillStatus{}
			s.setRate(psnapi.RateSnapshot{Used: 37, Limit: 300, Window: 15 * time.Minute, ResetAt: fixedNow.Add(12 * time.Minute)}, fixedNow)
			st.set(&s)
			line := s.view(c, crumbs, w)
			if width(line) > w {
				t.Fatalf("%s at %d: %d cells", st.name, w, width(line))
			}
			fmt.Fprintf(&b, "%-12s |%s|\n", st.name, line)
		}
	}
	golden.RequireEqual(t, []byte(b.String()))
}

// TestMessyTitles renders the title list of messy names (Japanese, emoji, curly quotes, control
// characters, 120-cell names, no-break spaces) at three sizes: columns stay aligned.
func TestMessyTitles(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {80, 24}, {40, 10}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := start(t, newTestModel(newFakeLib(24), sz[0], sz[1]))
			golden.RequireEqual(t, []byte(m.View()+"\n"))
		})
	}
}
