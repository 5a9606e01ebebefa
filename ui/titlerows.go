package ui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// titleSort is the title list's sort order; s cycles through them, S reverses.
type titleSort int

const (
	sortLastPlayed titleSort = iota
	sortName
	sortProgress
	sortPlatform
	sortEarned
	sortLeft     // fewest trophies left to 100% first (complete titles last)
	sortPlayTime // most played first (playtime.go: the order comes with the play time)
	sortDiff     // compare mode only: where the other account leads most first
	numTitleSorts

	numPlainSorts = sortDiff // the cycle outside compare mode
)

func (s titleSort) String() string {
	return [...]string{"last played", "name", "progress", "platform", "earned", "fewest left", "play time", "difference"}[s]
}

// showFilter is the f filter over completion.
type showFilter int

const (
	showAll showFilter = iota
	showIncomplete
	showComplete
	showPlatinum
	numShows
)

func (f showFilter) String() string {
	return [...]string{"all", "incomplete", "complete", "has platinum"}[f]
}

// Platform bits, so the platform filter is one AND per row.
const (
	platPS5 = 1 << iota
	platPS4
	platPS3
	platVita
	platPC
)

var platformNames = []struct {
	bit        int
	api, label string
}{{platPS5, "PS5", "PS5"}, {platPS4, "PS4", "PS4"}, {platPS3, "PS3", "PS3"}, {platVita, "PSVITA", "Vita"}, {platPC, "PSPC", "PC"}}

// titleRow is one title, cleaned and measured once on arrival (in the command, off the UI goroutine).
type titleRow struct {
	t        psnapi.TrophyTitle
	name     string // display name: cleaned
	nameW    int
	platform string // "PS5 · PC"
	plats    int    // platform bits
	last     string // "2h ago", "2024-03-02"
	earned   int
	defined  int
	grades   [4]string // "3/3" or "–", platinum first
	// Compare rows only (see buildCompareRows).
	side  compareSide // who played the title
	fi    int32       // the other account's row in titleSet.their, -1 when it never played the title
	delta int         // the user's progress minus theirs (a side that never played counts 0)
}

// titleSet is a title list ready to show: rows plus every sort order, computed once.
type titleSet struct {
	rows      []titleRow
	orders    [numTitleSorts][]int
	gradeW    [4]int
	platW     int
	platforms []int // platform bits present, in platformNames order
	fetchedAt time.Time
	builtAt   time.Time // the now of its "3m ago" labels
	// Compact copies of what the filters read, for cache-friendly scans of 20,000 rows.
	keys  []string
	flags []uint16 // platform bits, flagComplete, flagPlatinum (and flagMine, flagTheirs)
	// foldOnce fills keys the first time a filter, a sort by name or a
	// compare needs them: folding 20,000 names is a quarter of the first frame's work, and most
	// sessions never filter. nil when the keys are already there.
	foldOnce *sync.Once

	// Compare mode: the union of the user's titles and another account's (buildCompareRows).
	compare                                         bool
	their                                           *titleSet
	theirIdx                                        map[string]int32 // npCommunicationId → row of their
	cgw                                             [2][4]int        // widths of earned counts per grade: mine, theirs
	common, youLead, theyLead, onlyMine, onlyTheirs int
}

const (
	flagComplete = 1 << (8 + iota)
	flagPlatinum
)

var gradeOrder = [4]psnapi.Grade{psnapi.Platinum, psnapi.Gold, psnapi.Silver, psnapi.Bronze}

func gradeCell(earned, defined int) string {
	if defined == 0 {
		return "–"
	}
	return strconv.Itoa(earned) + "/" + strconv.Itoa(defined)
}

// foldKeys fills the folded names, once, from whichever goroutine needs them first.
func (s *titleSet) foldKeys() {
	if s == nil || s.foldOnce == nil {
		return
	}
	s.foldOnce.Do(func() {
		f := newFolder()
		for i := range s.rows {
			s.keys[i] = f.fold(s.rows[i].name)
		}
	})
}

// buildTitleRows cleans, measures and sorts a title list. It runs inside commands.
func buildTitleRows(titles []psnapi.TrophyTitle, now time.Time) *titleSet {
	set := &titleSet{rows: make([]titleRow, len(titles)), gradeW: [4]int{1, 1, 1, 1}, platW: 8,
		keys: make([]string, len(titles)), flags: make([]uint16, len(titles)), builtAt: now, foldOnce: new(sync.Once)}
	var present int
	for i, t := range titles {
		r := &set.rows[i]
		r.t = t
		r.name = clean(t.TrophyTitleName)
		if r.name == "" {
			r.name = t.NPCommunicationID
		}
		r.nameW = width(r.name)
		var labels []string
		for _, p := range t.Platforms() {
			for _, pn := range platformNames {
				if pn.api == p {
					r.plats |= pn.bit
					labels = append(labels, pn.label)
				}
			}
		}
		present |= r.plats
		r.platform = strings.Join(labels, " · ")
		set.platW = max(set.platW, min(12, width(r.platform)))
		r.last = lastPlayed(t.LastUpdatedDateTime, now)
		r.earned, r.defined = t.EarnedTrophies.Total(), t.DefinedTrophies.Total()
		set.flags[i] = uint16(r.plats)
		if t.Progress >= 100 {
			set.flags[i] |= flagComplete
		}
		if t.DefinedTrophies.Platinum > 0 {
			set.flags[i] |= flagPlatinum
		}
		for g, grade := range gradeOrder {
			r.grades[g] = gradeCell(t.EarnedTrophies.Of(grade), t.DefinedTrophies.Of(grade))
			set.gradeW[g] = max(set.gradeW[g], len(r.grades[g]))
		}
	}
	for _, pn := range platformNames {
		if present&pn.bit != 0 {
			set.platforms = append(set.platforms, pn.bit)
		}
	}
	set.order(sortLastPlayed)
	return set
}

// rebuild is buildTitleRows(titles, now), or s itself when s shows exactly these titles and its
// labels are under a minute old: a list read again unchanged (the fill's, just after the start-up
// refresh) then costs no second set of 20,000 rows while the first is still on screen. It only reads
// s, which is not changed once built (but for orders and fetchedAt, set on the UI goroutine).
func (s *titleSet) rebuild(titles []psnapi.TrophyTitle, now time.Time) *titleSet {
	if s == nil || s.compare || len(s.rows) != len(titles) || now.Before(s.builtAt) || now.Sub(s.builtAt) >= time.Minute {
		return buildTitleRows(titles, now)
	}
	for i := range titles {
		if s.rows[i].t != titles[i] {
			return buildTitleRows(titles, now)
		}
	}
	return s
}

// sortOrders computes every sort order of the set (plain sets have no difference order; the play
// time order comes with the play time, sortByPlay): a compare set does it in the command that
// builds it. A plain set computes only the last played order before it is shown (the default, and
// sortByPlay's base, read in a command), each other the first time it is asked for (order).
func (s *titleSet) sortOrders() {
	for by := range numTitleSorts {
		s.order(by)
	}
}

// order is the set's order by (nil: a plain set has no difference order, and none has a play time
// order before sortByPlay's answer), computed once. Ties keep
// the list's order, as a stable sort would; pdqsort on indexes is several times faster than
// sort.SliceStable's merging (about 6 ms for 20,000 titles).
func (s *titleSet) order(by titleSort) []int {
	if by == sortDiff && !s.compare {
		return nil
	}
	if s.orders[by] != nil || by == sortPlayTime {
		return s.orders[by]
	}
	if by == sortName || by == sortPlatform || by == sortDiff {
		s.foldKeys()
	}
	rows, keys := s.rows, s.keys
	o := make([]int, len(rows))
	for i := range o {
		o[i] = i
	}
	var less func(a, b int) bool
	switch by {
	case sortLastPlayed:
		less = func(a, b int) bool { return rows[a].t.LastUpdatedDateTime.After(rows[b].t.LastUpdatedDateTime) }
	case sortName:
		less = func(a, b int) bool { return keys[a] < keys[b] }
	case sortProgress:
		less = func(a, b int) bool { return s.mineOf(a, rows[a].t.Progress) > s.mineOf(b, rows[b].t.Progress) }
	case sortPlatform:
		less = func(a, b int) bool {
			if rows[a].platform != rows[b].platform {
				return rows[a].platform < rows[b].platform
			}
			return keys[a] < keys[b]
		}
	case sortEarned:
		less = func(a, b int) bool { return s.mineOf(a, rows[a].earned) > s.mineOf(b, rows[b].earned) }
	case sortLeft:
		less = func(a, b int) bool { return s.leftOf(a) < s.leftOf(b) }
	case sortDiff:
		// Where the other account leads most first; ties by name.
		less = func(a, b int) bool {
			if rows[a].delta != rows[b].delta {
				return rows[a].delta < rows[b].delta
			}
			return keys[a] < keys[b]
		}
	}
	slices.SortFunc(o, func(a, b int) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return cmp.Compare(a, b)
	})
	s.orders[by] = o
	return o
}

// leftOf orders by trophies left to 100%: the fewest first, then complete titles and those only the
// other account played.
func (s *titleSet) leftOf(i int) int {
	r := &s.rows[i]
	left := r.defined - r.earned
	if left <= 0 || s.compare && r.side&sideMine == 0 {
		return 1 << 30
	}
	return left
}

// mineOf is v for a row the user played, -1 for a title only the other account has.
func (s *titleSet) mineOf(i, v int) int {
	if s.compare && s.rows[i].side&sideMine == 0 {
		return -1
	}
	return v
}
