package ui

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// compareSide says which accounts have played a title.
type compareSide uint8

const (
	sideMine compareSide = 1 << iota
	sideTheirs
)

// compareShow is the titles view's tab filter in compare mode.
type compareShow int

const (
	cmpAll compareShow = iota
	cmpBoth
	cmpMine
	cmpTheirs
	numCompareShows
)

// next is the filter tab goes to.
func (s compareShow) next() compareShow { return (s + 1) % numCompareShows }

func (s compareShow) String() string {
	return [...]string{"all", "both played", "only mine", "only theirs"}[s]
}

// Flags of compare rows (titleSet.flags), next to the platform and completion bits.
const (
	flagMine = 1 << (10 + iota)
	flagTheirs
)

// buildCompare rebuilds the union after one of the lists changed.
func buildCompare(id uint64, mine, their *titleSet) tea.Cmd {
	return func() tea.Msg { return compareBuiltMsg{id: id, set: buildCompareRows(mine, their)} }
}

// buildCompareRows makes the union of two title lists by npCommunicationId: the user's rows first
// (their own title entry), then the titles only the other account has (its entry). Rows are copied,
// not cleaned again. It runs inside commands.
func buildCompareRows(mine, their *titleSet) *titleSet {
	if mine == nil {
		mine = &titleSet{}
	}
	if their == nil {
		their = &titleSet{}
	}
	mine.foldKeys() // the union's rows and keys are copies: folded first, once
	their.foldKeys()
	idx := make(map[string]int32, len(their.rows))
	for j := range their.rows {
		idx[their.rows[j].t.NPCommunicationID] = int32(j)
	}
	n := len(mine.rows) + len(their.rows)
	set := &titleSet{compare: true, their: their, theirIdx: idx, fetchedAt: mine.fetchedAt,
		rows: make([]titleRow, 0, n), keys: make([]string, 0, n), flags: make([]uint16, 0, n),
		gradeW: [4]int{1, 1, 1, 1}, platW: max(8, mine.platW, their.platW)}
	for g := range 4 {
		set.gradeW[g] = max(1, mine.gradeW[g], their.gradeW[g])
	}
	have := make(map[string]struct{}, len(mine.rows))
	for i := range mine.rows {
		r := mine.rows[i]
		id := r.t.NPCommunicationID
		have[id] = struct{}{}
		r.side, r.fi = sideMine, -1
		f := mine.flags[i] | flagMine
		if j, ok := idx[id]; ok {
			r.side |= sideTheirs
			r.fi = j
			f |= flagTheirs
		}
		set.rows = append(set.rows, r)
		set.keys = append(set.keys, mine.keys[i])
		set.flags = append(set.flags, f)
	}
	for j := range their.rows {
		if _, ok := have[their.rows[j].t.NPCommunicationID]; ok {
			continue
		}
		r := their.rows[j]
		r.side, r.fi = sideTheirs, int32(j)
		set.rows = append(set.rows, r)
		set.keys = append(set.keys, their.keys[j])
		// f and the completion filter are about the user's progress: 0 on a title never played.
		set.flags = append(set.flags, their.flags[j]&^flagComplete|flagTheirs)
	}
	present := 0
	set.cgw = [2][4]int{{1, 1, 1, 1}, {1, 1, 1, 1}}
	for i := range set.rows {
		r := &set.rows[i]
		present |= r.plats
		mp, tp := set.progress(r)
		r.delta = max(0, mp) - max(0, tp)
		if r.side&sideMine != 0 {
			for g, grade := range gradeOrder {
				set.cgw[0][g] = max(set.cgw[0][g], digits(r.t.EarnedTrophies.Of(grade)))
			}
		}
		if r.fi >= 0 {
			te := their.rows[r.fi].t.EarnedTrophies
			for g, grade := range gradeOrder {
				set.cgw[1][g] = max(set.cgw[1][g], digits(te.Of(grade)))
			}
		}
		switch {
		case r.side == sideMine|sideTheirs:
			set.common++
			if r.delta > 0 {
				set.youLead++
			} else if r.delta < 0 {
				set.theyLead++
			}
		case r.side == sideMine:
			set.onlyMine++
		default:
			set.onlyTheirs++
		}
	}
	for _, pn := range platformNames {
		if present&pn.bit != 0 {
			set.platforms = append(set.platforms, pn.bit)
		}
	}
	set.sortOrders()
	return set
}

func digits(n int) int { return len(strconv.Itoa(n)) }

// progress is the user's and the other account's progress on a compare row, -1 for a side that
// never played the title.
func (s *titleSet) progress(r *titleRow) (mine, theirs int) {
	mine, theirs = -1, -1
	if r.side&sideMine != 0 {
		mine = r.t.Progress
	}
	if r.fi >= 0 && s.their != nil {
		theirs = s.their.rows[r.fi].t.Progress
	}
	return mine, theirs
}

// theirTitle is the other account's entry of a title, if it played it.
func (s *titleSet) theirTitle(npCommID string) (*psnapi.TrophyTitle, bool) {
	if s == nil || s.their == nil {
		return nil, false
	}
	j, ok := s.theirIdx[npCommID]
	if !ok {
		return nil, false
	}
	t := s.their.rows[j].t
	return &t, true
}
