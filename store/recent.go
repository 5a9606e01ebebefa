package store

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// RecentItem is an earned trophy with its place in your trophy life.
type RecentItem struct {
	HuntItem
	// Number is the how-many-th trophy you earned this was across the cached titles, 1 the first
	// (trophies earned without a date count as the oldest).
	Number int
	// Milestone marks the 1st, the 100th and every 1,000th trophy.
	Milestone bool
	// Platinum numbers a platinum in earning order, 1 the first; 0 for other grades.
	Platinum int
}

// IsMilestone reports whether the n-th trophy is a milestone: the 1st, the 100th, every 1,000th.
func IsMilestone(n int) bool { return n == 1 || n == 100 || n > 0 && n%1000 == 0 }

// RecentResult is a page of earned trophies, newest first.
type RecentResult struct {
	Items    []RecentItem
	Total    int // earned trophies across the cached titles
	Coverage Coverage
}

// Recent returns the account's earned trophies across the cached titles, newest first, skipping
// offset and keeping limit (0: all); group them by day with their EarnedDateTime in local time. From
// the trophy index's earned list, sorted once: no request, and only the items returned are read.
func (l *Library) Recent(account string, offset, limit int) (RecentResult, error) {
	var res RecentResult
	cov, err := l.indexed(account, func(ix *tindex) error {
		n, err := ix.entries(0)
		if err != nil {
			return err
		}
		res.Total = n
		// Platinum numbers need the platinums before each: one pass over the list.
		var platBefore []int // platinums up to and including entry i, for the page
		from := n - 1 - max(offset, 0)
		to := -1
		if limit > 0 {
			to = max(from-limit, -1)
		}
		if from <= to {
			return nil
		}
		plats := 0
		platBefore = make([]int, from-to)
		page := make([]earnedEntry, from-to) // entries to+1 … from
		err = ix.eachEntry(0, func(first int, run []byte) error {
			for k := range min(len(run)/earnedEntrySize, from+1-first) { // the checksum needs the rest read
				i := first + k
				if run[k*earnedEntrySize+18] == 4 {
					plats++
				}
				if i > to {
					platBefore[i-to-1] = plats
					page[i-to-1] = earnedEntryAt(run, k)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		refs := make([]tref, 0, from-to)
		for i := from; i > to; i-- {
			e := page[i-to-1]
			refs = append(refs, tref{e.slot, e.ord})
		}
		items, err := ix.items(refs)
		if err != nil {
			return err
		}
		res.Items = make([]RecentItem, len(items))
		for k, it := range items {
			i := from - k
			ri := RecentItem{HuntItem: it, Number: i + 1, Milestone: IsMilestone(i + 1)}
			if page[i-to-1].grade == 4 {
				ri.Platinum = platBefore[i-to-1]
			}
			res.Items[k] = ri
		}
		return nil
	})
	res.Coverage = cov
	return res, err
}

// Platinum is an earned platinum with what it took.
type Platinum struct {
	HuntItem
	Number        int       // in earning order, 1 the first
	EarnedAt      time.Time // zero when Sony gave no date
	FirstTrophyAt time.Time // the title's first earned trophy (zero when none is dated)
	// TimeTaken is EarnedAt − FirstTrophyAt: from the title's first trophy to its platinum (0 when a
	// date is missing).
	TimeTaken time.Duration
}

// PlatinumOrder is an order of the platinum list.
type PlatinumOrder int

const (
	PlatinumsByDate      PlatinumOrder = iota // newest first
	PlatinumsByRarity                         // rarest (lowest earned rate) first
	PlatinumsByTimeTaken                      // fastest first; unknown times last
)

// PlatinumsResult is the earned platinums of the cached titles.
type PlatinumsResult struct {
	Items    []Platinum
	Total    int // platinums earned, limit aside
	Coverage Coverage
}

// Platinums returns the account's earned platinums, numbered in earning order, in the order by
// (PlatinumsByDate: newest first), keeping the first limit (0: all). The order is decided before any
// title is read, so the first ten of 2,500 platinums read ten titles' blocks. No request; a list
// view re-sorts with SortPlatinums.
func (l *Library) Platinums(account string, by PlatinumOrder, limit int) (PlatinumsResult, error) {
	var res PlatinumsResult
	cov, err := l.indexed(account, func(ix *tindex) error {
		var ps []Platinum // ordered on what the lists know; the trophies are read last
		var refs []tref
		err := ix.eachEntry(0, func(_ int, run []byte) error {
			for k := range len(run) / earnedEntrySize {
				if run[k*earnedEntrySize+18] != 4 {
					continue
				}
				e := earnedEntryAt(run, k)
				if int(e.slot) >= len(ix.m.slots) {
					return fmt.Errorf("%w: the earned list names no title", errTixCorrupt)
				}
				p := Platinum{Number: len(ps) + 1}
				if e.at != 0 {
					p.EarnedAt = time.UnixMilli(e.at).UTC()
				}
				if first := ix.m.slots[e.slot].first; first != 0 {
					p.FirstTrophyAt = time.UnixMilli(first).UTC()
					if e.at != 0 {
						p.TimeTaken = time.Duration(e.at-first) * time.Millisecond
					}
				}
				p.Trophy.Status.TrophyEarnedRate = rateString(e.rate) // for the order; replaced when read
				ps = append(ps, p)
				refs = append(refs, tref{e.slot, e.ord})
			}
			return nil
		})
		if err != nil {
			return err
		}
		res.Total = len(ps)
		SortPlatinums(ps, by)
		keep := ps[:limitOf(limit, len(ps))]
		want := make([]tref, len(keep))
		for i, p := range keep {
			want[i] = refs[p.Number-1]
		}
		items, err := ix.items(want)
		if err != nil {
			return err
		}
		for i := range keep {
			keep[i].HuntItem = items[i]
			if !items[i].Trophy.Status.EarnedDateTime.IsZero() {
				keep[i].EarnedAt = items[i].Trophy.Status.EarnedDateTime
			}
		}
		res.Items = keep
		return nil
	})
	res.Coverage = cov
	return res, err
}

// rateString writes a stored rate back as Sony's string, for ordering before the trophy is read.
func rateString(r uint16) string {
	if r == rateUnknown {
		return ""
	}
	return strconv.FormatFloat(float64(r)/100, 'f', 2, 64)
}

// SortPlatinums orders platinums by date (newest first), rarity (rarest first) or time taken
// (fastest first, unknown last); ties keep earning order, newest first. Each key is computed once
// (a rate is a string to parse) and the sort moves indexes, not the platinums: 2,500 of them sorted
// twice each time the browser opens its list.
func SortPlatinums(ps []Platinum, by PlatinumOrder) {
	n := len(ps)
	rate := make([]float64, n) // by rarity
	taken := make([]int64, n)  // by time taken
	for i := range ps {
		p := &ps[i]
		switch by {
		case PlatinumsByRarity:
			rate[i] = rateKey(p.HuntItem)
		case PlatinumsByTimeTaken:
			taken[i] = int64(p.TimeTaken)
			if p.EarnedAt.IsZero() || p.FirstTrophyAt.IsZero() {
				taken[i] = math.MaxInt64
			}
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(rate[a], rate[b]), cmp.Compare(taken[a], taken[b]), cmp.Compare(ps[b].Number, ps[a].Number),
			cmp.Compare(a, b))
	})
	sorted := make([]Platinum, n)
	for i, j := range idx {
		sorted[i] = ps[j]
	}
	copy(ps, sorted)
}

// rateKey orders by earned rate, unknown rates last.
func rateKey(it HuntItem) float64 {
	if it.Trophy.Status.TrophyEarnedRate == "" {
		return 1e9
	}
	return it.Trophy.Status.EarnedRate()
}
