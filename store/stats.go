package store

import (
	"container/heap"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// Stats is your trophy life in numbers, from the cached titles.
type Stats struct {
	Coverage Coverage
	// Titles counts the titles whose trophies and earned status are cached: everything below is
	// about them.
	Titles   int
	Earned   psnapi.TrophyCounts // earned trophies per grade
	Unearned psnapi.TrophyCounts // trophies left per grade
	Points   int                 // the trophy-level points of the earned trophies
	// First and Last are the first and the last trophy earned (zero when none is dated); Undated
	// counts earned trophies Sony gave no date for (in no month or day below).
	First, Last time.Time
	Undated     int
	// PerMonth counts the trophies earned each month, every month from the first trophy's to the
	// current one (months without a trophy included), in local time.
	PerMonth []MonthCount
	// LastYear counts the trophies earned on each of the last 365 days, ending today (local time).
	LastYear []DayCount
	// ByRarity counts earned trophies per Sony tier (index psnapi.Rarity: ultra rare … common);
	// RarityUnknown those without a rarity.
	ByRarity      [4]int
	RarityUnknown int
	// Completion counts titles per completion: [0] 0–9%, [1] 10–19% … [9] 90–99%, [10] 100%.
	Completion        [11]int
	AverageCompletion float64 // percent, over Titles
	// Rarest are the ten rarest trophies you earned (lowest earned rate first).
	Rarest []HuntItem
}

// MonthCount is one month of trophies: Month is its first day at midnight, local time.
type MonthCount struct {
	Month  time.Time
	Counts psnapi.TrophyCounts
}

// DayCount is one day of trophies: Day is its midnight, local time.
type DayCount struct {
	Day   time.Time
	Count int
}

// rarestKept is how many of the rarest earned trophies Stats lists.
const rarestKept = 10

// Stats computes the account's trophy statistics from the trophy index: one pass over its sorted
// earned list and its titles (no request, a few milliseconds for a million trophies).
func (l *Library) Stats(account string) (Stats, error) {
	var st Stats
	now := l.now()
	cov, err := l.indexed(account, func(ix *tindex) error {
		st = Stats{}
		completion := 0
		for i := range ix.m.slots {
			s := &ix.m.slots[i]
			if s.seg < 0 {
				continue
			}
			st.Titles++
			st.Earned = st.Earned.Add(countsOf([4]int{int(s.earned[0]), int(s.earned[1]), int(s.earned[2]), int(s.earned[3])}))
			st.Unearned = st.Unearned.Add(countsOf([4]int{int(s.unearned[0]), int(s.unearned[1]), int(s.unearned[2]), int(s.unearned[3])}))
			st.Completion[min(int(s.progress)/10, 10)]++
			completion += int(s.progress)
		}
		if st.Titles > 0 {
			st.AverageCompletion = float64(completion) / float64(st.Titles)
		}
		st.Points = st.Earned.Points()

		loc := time.Local
		today := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day(), 0, 0, 0, 0, loc)
		yearStart := today.AddDate(0, 0, -364)
		st.LastYear = make([]DayCount, 365)
		for d := range st.LastYear {
			st.LastYear[d].Day = yearStart.AddDate(0, 0, d)
		}
		yearFrom, yearTo := yearStart.UnixMilli(), today.AddDate(0, 0, 1).UnixMilli()
		var (
			monthFrom, monthTo int64 = 1, 0 // the current month's span, empty until the first trophy
			dayFrom, dayTo     int64 = 1, 0
			day                      = -1
			rare               rareHeap
		)
		err := ix.eachEntry(0, func(_ int, run []byte) error {
			for k := range len(run) / earnedEntrySize {
				e := earnedEntryAt(run, k)
				if e.tier < 4 {
					st.ByRarity[e.tier]++
				} else {
					st.RarityUnknown++
				}
				if e.rate != rateUnknown {
					if len(rare) < rarestKept {
						heap.Push(&rare, e)
					} else if rareLess(e, rare[0]) {
						rare[0] = e
						heap.Fix(&rare, 0)
					}
				}
				if e.at == 0 {
					st.Undated++
					continue
				}
				if e.at < monthFrom || e.at >= monthTo {
					t := time.UnixMilli(e.at).In(loc)
					m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
					if len(st.PerMonth) == 0 {
						st.PerMonth = append(st.PerMonth, MonthCount{Month: m})
					}
					for last := st.PerMonth[len(st.PerMonth)-1].Month; last.Before(m); last = last.AddDate(0, 1, 0) {
						st.PerMonth = append(st.PerMonth, MonthCount{Month: last.AddDate(0, 1, 0)})
					}
					monthFrom, monthTo = m.UnixMilli(), m.AddDate(0, 1, 0).UnixMilli()
				}
				mc := &st.PerMonth[len(st.PerMonth)-1]
				mc.Counts = mc.Counts.Add(countOf(gradeOfCode[min(e.grade, 4)]))
				if e.at >= yearFrom && e.at < yearTo {
					if e.at < dayFrom || e.at >= dayTo {
						t := time.UnixMilli(e.at).In(loc)
						d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
						day = int(d.Sub(yearStart).Hours()/24 + 0.5)
						dayFrom, dayTo = d.UnixMilli(), d.AddDate(0, 0, 1).UnixMilli()
					}
					if day >= 0 && day < len(st.LastYear) {
						st.LastYear[day].Count++
					}
				}
				if st.First.IsZero() {
					st.First = time.UnixMilli(e.at).UTC()
				}
				st.Last = time.UnixMilli(e.at).UTC()
			}
			return nil
		})
		if err != nil {
			return err
		}
		// Every month up to the current one.
		if n := len(st.PerMonth); n > 0 {
			cur := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc)
			for last := st.PerMonth[n-1].Month; last.Before(cur); last = last.AddDate(0, 1, 0) {
				st.PerMonth = append(st.PerMonth, MonthCount{Month: last.AddDate(0, 1, 0)})
			}
		}
		// The rarest, rarest first.
		refs := make([]tref, len(rare))
		for i := len(rare) - 1; i >= 0; i-- {
			e := heap.Pop(&rare).(earnedEntry)
			refs[i] = tref{e.slot, e.ord}
		}
		st.Rarest, err = ix.items(refs)
		return err
	})
	st.Coverage = cov
	return st, err
}

// rareLess orders earned trophies rarest first, then the earlier earned.
func rareLess(a, b earnedEntry) bool {
	if a.rate != b.rate {
		return a.rate < b.rate
	}
	return a.at < b.at
}

// rareHeap keeps the rarest earned trophies seen, the least rare of them on top.
type rareHeap []earnedEntry

func (h rareHeap) Len() int           { return len(h) }
func (h rareHeap) Less(i, j int) bool { return rareLess(h[j], h[i]) }
func (h rareHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *rareHeap) Push(x any)        { *h = append(*h, x.(earnedEntry)) }
func (h *rareHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
