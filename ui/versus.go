package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// versus is a title view's compare state: the other account's trophies of the title.
type versus struct {
	on      bool        // comparing and the other account played the title
	other   titleLoader // the other account's trophies
	notMine bool        // the user never played the title: its data is derived from theirs
	byID    map[int]int // trophy id → index in other.data.trophies
	groups  map[string]int
}

// newVersus prepares the compare state of a title view; their is the other account's entry.
func newVersus(c *Common, their *psnapi.TrophyTitle, notMine bool) versus {
	if c.Compare == nil || their == nil {
		return versus{notMine: notMine && c.Compare != nil}
	}
	return versus{on: true, notMine: notMine, other: titleLoader{c: c, account: c.Compare.ID, title: *their}}
}

// startFor starts loading unless another view of the title already asked (then its answer is taken).
func (vs *versus) startFor(started map[string]bool) tea.Cmd {
	if !vs.on {
		return nil
	}
	id := vs.other.title.NPCommunicationID
	if started != nil && started[id] {
		return nil
	}
	if started != nil {
		started[id] = true
	}
	return vs.other.start()
}

// update applies an answer about the other account's trophies; for a title the user never played it
// also derives the user's (nothing earned) data from it. It reports whether anything changed.
func (vs *versus) update(m trophiesLoadedMsg, mine *titleLoader) bool {
	if !vs.on || !vs.other.update(m) {
		if vs.on && vs.notMine && m.account == vs.other.acct() && vs.other.err != "" {
			mine.err = vs.other.err
			return true
		}
		return false
	}
	d := vs.other.data
	vs.byID = make(map[int]int, len(d.trophies))
	for i := range d.trophies {
		vs.byID[d.trophies[i].id] = i
	}
	vs.groups = make(map[string]int, len(d.groups))
	for i := range d.groups {
		vs.groups[d.groups[i].id] = i
	}
	if vs.notMine {
		mine.data, mine.err = unearned(d), ""
	}
	return true
}

// known reports whether the other account's earned status is here (loaded, and not definitions
// alone).
func (vs *versus) known() bool {
	return vs.on && vs.other.data != nil && !vs.other.data.earnedUnknown
}

// waiting reports whether the other account played the title and its earned status is not here yet.
func (vs *versus) waiting() bool { return vs.on && !vs.known() }

// their is the other account's row of a trophy (nil: not loaded, or they never played the title).
func (vs *versus) their(id int) *trophyRow {
	if !vs.known() {
		return nil
	}
	if i, ok := vs.byID[id]; ok {
		return &vs.other.data.trophies[i]
	}
	return nil
}

// theirGroup is the other account's row of a trophy group.
func (vs *versus) theirGroup(id string) *groupRow {
	if !vs.known() {
		return nil
	}
	if i, ok := vs.groups[id]; ok {
		return &vs.other.data.groups[i]
	}
	return nil
}

// unearned is a title's data as seen by someone who never played it: the definitions, nothing
// earned, hidden trophies hidden.
func unearned(d *titleData) *titleData {
	out := *d
	out.earnedUnknown = false // never played: nothing earned is known for sure
	out.title.EarnedTrophies = psnapi.TrophyCounts{}
	out.title.Progress = 0
	out.groups = make([]groupRow, len(d.groups))
	for i, g := range d.groups {
		g.earned, g.progress = psnapi.TrophyCounts{}, 0
		for j, grade := range gradeOrder {
			g.grades[j] = gradeCell(0, g.defined.Of(grade))
		}
		out.groups[i] = g
	}
	out.trophies = make([]trophyRow, len(d.trophies))
	for i, t := range d.trophies {
		t.earned, t.earnedAt, t.progress = false, time.Time{}, 0
		t.hidden = t.tr.TrophyHidden
		t.tr.Status.Earned, t.tr.Status.EarnedDateTime = false, time.Time{}
		out.trophies[i] = t
	}
	return &out
}

// retry refreshes the other account's side when it was served from the cache for a spent budget.
func (vs *versus) retry() tea.Cmd {
	if !vs.on {
		return nil
	}
	return vs.other.retry()
}

// reload is r on a title view: the user's side and, when comparing, the other account's.
func (vs *versus) reload(mine *titleLoader) tea.Cmd {
	var cmds []tea.Cmd
	if !vs.notMine && mine.pendNet == 0 {
		cmds = append(cmds, mine.reload())
	}
	if vs.on && vs.other.pendNet == 0 {
		cmds = append(cmds, vs.other.reload())
	}
	return tea.Batch(cmds...)
}

// pairDrop keeps the two accounts' columns symmetric: when layout kept only one of a pair, the other
// goes too and the flexible column takes its room.
