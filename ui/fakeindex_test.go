package ui

import (
	"sort"
	"strings"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
	"github.com/psnclient/psn-client/textfold"
)

// The fake's trophy index: the store's index answers from the fake's in-memory titles. Its query
// matching is only the words of the query (filters are the store's business and tested there and
// against the real store in the demo tests); the rest follows the store's contract.

// fakeItems is every trophy of the cached titles, in title-list order.
func (f *fakeLib) fakeItems() []store.HuntItem {
	var out []store.HuntItem
	for _, t := range f.titles {
		tt, ok := f.trophies[t.NPCommunicationID]
		if !ok {
			continue
		}
		for _, tr := range tt.Trophies {
			out = append(out, store.HuntItem{Title: t, Trophy: tr})
		}
	}
	return out
}

func (f *fakeLib) coverage() store.Coverage {
	return store.Coverage{Titles: len(f.titles), Complete: min(len(f.titles), len(f.trophies)), ListFetchedAt: f.fetchedAt}
}

// fakeMatch is the words of q found in the trophy's name, description or title.
func fakeMatch(q store.Query, it store.HuntItem, reveal bool) bool {
	text := textfold.Fold(it.Title.TrophyTitleName)
	if reveal || !it.Trophy.TrophyHidden || it.Trophy.Status.Earned {
		text += "\x00" + textfold.Fold(it.Trophy.TrophyName) + "\x00" + textfold.Fold(it.Trophy.TrophyDetail)
	} else {
		text += "\x00hidden trophy"
	}
	for _, w := range strings.Fields(q.Text) {
		if strings.ContainsAny(w, ":<>=") || w == "earned" || w == "unearned" || w == "hidden" {
			continue
		}
		if !strings.Contains(text, textfold.Fold(w)) {
			return false
		}
	}
	return true
}

func (f *fakeLib) Search(account string, q store.Query, o store.SearchOptions) (store.SearchResult, error) {
	f.log("Search " + q.Text)
	res := store.SearchResult{Coverage: f.coverage()}
	for _, it := range f.fakeItems() {
		if o.Title != "" && it.Title.NPCommunicationID != o.Title || !fakeMatch(q, it, o.Reveal) {
			continue
		}
		res.Total++
		if o.Limit <= 0 || len(res.Items) < o.Limit {
			res.Items = append(res.Items, it)
		}
	}
	return res, nil
}

func (f *fakeLib) Hunt(account string, o store.HuntOptions) (store.HuntResult, error) {
	f.log("Hunt " + o.Title + " " + o.Query.Text)
	res := store.HuntResult{Coverage: f.coverage()}
	if strings.Contains(o.Query.Text, "earned:") {
		return res, &store.QueryError{Term: "earned:", Msg: "next to hunt lists trophies you have not earned"}
	}
	var items []store.HuntItem
	for _, it := range f.fakeItems() {
		if it.Trophy.Status.Earned || o.Title != "" && it.Title.NPCommunicationID != o.Title || !fakeMatch(o.Query, it, o.Reveal) {
			continue
		}
		items = append(items, it)
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Trophy.Status.EarnedRate() > items[j].Trophy.Status.EarnedRate() })
	res.Total = len(items)
	if o.Limit > 0 && len(items) > o.Limit {
		items = items[:o.Limit]
	}
	res.Items = items
	return res, nil
}

// fakeEarned is every earned trophy, oldest first, numbered, platinums numbered.
func (f *fakeLib) fakeEarned() []store.RecentItem {
	var out []store.RecentItem
	for _, it := range f.fakeItems() {
		if it.Trophy.Status.Earned {
			out = append(out, store.RecentItem{HuntItem: it})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Trophy.Status.EarnedDateTime.Before(out[j].Trophy.Status.EarnedDateTime)
	})
	plats := 0
	for i := range out {
		out[i].Number = i + 1
		out[i].Milestone = store.IsMilestone(i + 1)
		if out[i].Trophy.TrophyType == psnapi.Platinum {
			plats++
			out[i].Platinum = plats
		}
	}
	return out
}

func (f *fakeLib) Recent(account string, offset, limit int) (store.RecentResult, error) {
	f.log("Recent")
	all := f.fakeEarned()
	res := store.RecentResult{Total: len(all), Coverage: f.coverage()}
	for i := len(all) - 1 - offset; i >= 0 && (limit <= 0 || len(res.Items) < limit); i-- {
		res.Items = append(res.Items, all[i])
	}
	return res, nil
}

func (f *fakeLib) Platinums(account string, by store.PlatinumOrder, limit int) (store.PlatinumsResult, error) {
	f.log("Platinums")
	res := store.PlatinumsResult{Coverage: f.coverage()}
	all := f.fakeEarned()
	for i := len(all) - 1; i >= 0; i-- {
		if it := all[i]; it.Platinum > 0 {
			at := it.Trophy.Status.EarnedDateTime
			first := at.Add(-time.Duration(it.Platinum*37) * time.Hour)
			res.Items = append(res.Items, store.Platinum{HuntItem: it.HuntItem, Number: it.Platinum, EarnedAt: at,
				FirstTrophyAt: first, TimeTaken: at.Sub(first)})
		}
	}
	return res, nil
}

func (f *fakeLib) Stats(account string) (store.Stats, error) {
	f.log("Stats")
	st := store.Stats{Coverage: f.coverage()}
	today := time.Date(fixedNow.Year(), fixedNow.Month(), fixedNow.Day(), 0, 0, 0, 0, time.Local)
	st.LastYear = make([]store.DayCount, 365)
	for d := range st.LastYear {
		st.LastYear[d].Day = today.AddDate(0, 0, d-364)
	}
	completion := 0
	for _, t := range f.titles {
		tt, ok := f.trophies[t.NPCommunicationID]
		if !ok {
			continue
		}
		st.Titles++
		st.Completion[min(t.Progress/10, 10)]++
		completion += t.Progress
		for _, tr := range tt.Trophies {
			c := psnapi.TrophyCounts{}
			switch tr.TrophyType {
			case psnapi.Platinum:
				c.Platinum = 1
			case psnapi.Gold:
				c.Gold = 1
			case psnapi.Silver:
				c.Silver = 1
			default:
				c.Bronze = 1
			}
			if !tr.Status.Earned {
				st.Unearned = st.Unearned.Add(c)
				continue
			}
			st.Earned = st.Earned.Add(c)
			st.ByRarity[tr.Status.TrophyRare]++
			at := tr.Status.EarnedDateTime.Local()
			m := time.Date(at.Year(), at.Month(), 1, 0, 0, 0, 0, time.Local)
			i := sort.Search(len(st.PerMonth), func(i int) bool { return !st.PerMonth[i].Month.Before(m) })
			if i == len(st.PerMonth) || !st.PerMonth[i].Month.Equal(m) {
				st.PerMonth = append(st.PerMonth[:i], append([]store.MonthCount{{Month: m}}, st.PerMonth[i:]...)...)
			}
			st.PerMonth[i].Counts = st.PerMonth[i].Counts.Add(c)
			if d := int(today.Sub(time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.Local)).Hours() / 24); d >= 0 && d < 365 {
				st.LastYear[364-d].Count++
			}
		}
	}
	if st.Titles > 0 {
		st.AverageCompletion = float64(completion) / float64(st.Titles)
	}
	st.Points = st.Earned.Points()
	earned := f.fakeEarned()
	if len(earned) > 0 {
		st.First, st.Last = earned[0].Trophy.Status.EarnedDateTime, earned[len(earned)-1].Trophy.Status.EarnedDateTime
	}
	sort.SliceStable(earned, func(i, j int) bool {
		return earned[i].Trophy.Status.EarnedRate() < earned[j].Trophy.Status.EarnedRate()
	})
	for _, it := range earned[:min(10, len(earned))] {
		st.Rarest = append(st.Rarest, it.HuntItem)
	}
	return st, nil
}
