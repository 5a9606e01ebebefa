package store

import (
	"bytes"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC) }

// searchWorld: four titles covering every filter of the query language. D's earned status is not
// cached: its trophies are unknown, never searched.
func searchWorld(t testing.TB) *Library {
	l := openTest(t, testPaths(t), Options{})
	craft(t, l, "me",
		craftTitle{id: "NPWR00001_00", name: "Sackboy™: A Big Adventure", platform: "PS5", help: []int{2}, trophies: []craftTrophy{
			{name: "Sackboy Platinum", grade: psnapi.Platinum, earned: true, at: day(2025, 3, 14), rate: "2.5", rare: psnapi.UltraRare},
			{name: "Big Hug", detail: "Hug everyone", grade: psnapi.Bronze, earned: true, at: day(2024, 12, 31), rate: "30.0", rare: psnapi.Rare},
			{name: "Pokémon Café", grade: psnapi.Silver, rate: "45.0", rare: psnapi.Rare},
			{name: "Secret Ending", detail: "Finish the story", grade: psnapi.Gold, hidden: true, rate: "4.9", rare: psnapi.VeryRare},
			{name: "Collector", detail: "Collect 50 orbs", grade: psnapi.Bronze, rate: "10.0", rare: psnapi.VeryRare, progress: "45", target: "50"},
		}},
		craftTitle{id: "NPWR00002_00", name: "ASTRO’s PLAYROOM", platform: "PS5", trophies: []craftTrophy{
			{name: "ASTRO's Platinum", grade: psnapi.Platinum, earned: true, at: day(2021, 6, 1), rate: "8.0", rare: psnapi.VeryRare},
			{name: "Hidden Path", detail: "Find the hidden path", grade: psnapi.Bronze, hidden: true, earned: true, at: day(2021, 5, 30), rate: "60.0", rare: psnapi.Common},
		}},
		craftTitle{id: "NPWR00003_00", name: "RESIDENT EVIL 5", platform: "PS4", trophies: []craftTrophy{
			{name: "Brave Artisan", grade: psnapi.Bronze, rate: "75.9", rare: psnapi.Common},
			{name: "Bare Knuckles", grade: psnapi.Silver, earned: true, rate: "56.5", rare: psnapi.Common},
		}},
		craftTitle{id: "NPWR00004_00", name: "Friend Only", platform: "PS5", noEarned: true, trophies: []craftTrophy{
			{name: "Friend Bronze", grade: psnapi.Bronze},
		}},
	)
	return l
}

func TestQueryLanguage(t *testing.T) {
	l := searchWorld(t)
	all := []string{"A/Sackboy Platinum", "A/Big Hug", "A/Pokémon Café", "A/Secret Ending", "A/Collector",
		"B/ASTRO's Platinum", "B/Hidden Path", "C/Brave Artisan", "C/Bare Knuckles"}
	short := strings.NewReplacer("Sackboy™: A Big Adventure/", "A/", "ASTRO’s PLAYROOM/", "B/", "RESIDENT EVIL 5/", "C/")
	for _, c := range []struct {
		q      string
		reveal bool
		want   []string
	}{
		{"", false, all},
		{"sackboy a big", false, all[:5]},
		{"astro's", false, all[5:7]},
		{"pokemon cafe", false, []string{"A/Pokémon Café"}},
		{"grade:gold", false, []string{"A/Secret Ending"}},
		{"g:p", false, []string{"A/Sackboy Platinum", "B/ASTRO's Platinum"}},
		{"grade:p,g", false, []string{"A/Sackboy Platinum", "A/Secret Ending", "B/ASTRO's Platinum"}},
		{"grade=silver", false, []string{"A/Pokémon Café", "C/Bare Knuckles"}},
		{"rarity<5", false, []string{"A/Sackboy Platinum", "A/Secret Ending"}},
		{"rarity<=2.5", false, []string{"A/Sackboy Platinum"}},
		{"rate>70%", false, []string{"C/Brave Artisan"}},
		{"rarity:ultra", false, []string{"A/Sackboy Platinum"}},
		{"rarity:very,common", false, []string{"A/Secret Ending", "A/Collector", "B/ASTRO's Platinum", "B/Hidden Path", "C/Brave Artisan", "C/Bare Knuckles"}},
		{"earned", false, []string{"A/Sackboy Platinum", "A/Big Hug", "B/ASTRO's Platinum", "B/Hidden Path", "C/Bare Knuckles"}},
		{"unearned", false, []string{"A/Pokémon Café", "A/Secret Ending", "A/Collector", "C/Brave Artisan"}},
		{"is:unearned -earned", false, []string{"A/Pokémon Café", "A/Secret Ending", "A/Collector", "C/Brave Artisan"}},
		{"earned:2025", false, []string{"A/Sackboy Platinum"}},
		{"earned:2024-12", false, []string{"A/Big Hug"}},
		{"earned:2024-12-31", false, []string{"A/Big Hug"}},
		{"earned>=2024", false, []string{"A/Sackboy Platinum", "A/Big Hug"}},
		{"earned>2024", false, []string{"A/Sackboy Platinum"}},
		{"earned:2021..2024", false, []string{"A/Big Hug", "B/ASTRO's Platinum", "B/Hidden Path"}},
		{"earned<2022", false, []string{"B/ASTRO's Platinum", "B/Hidden Path"}},
		{"earned<=2021-05", false, []string{"B/Hidden Path"}},
		{"hidden", false, []string{"A/Secret Ending", "B/Hidden Path"}},
		{"-hidden -platform:ps5", false, []string{"C/Brave Artisan", "C/Bare Knuckles"}},
		{"platform:ps5", false, all[:7]},
		{"platform:ps4,vita", false, all[7:]},
		{"has:help", false, []string{"A/Pokémon Café"}},
		{"has:progress", false, []string{"A/Collector"}},
		{"title:astro", false, all[5:7]},
		{"title:npwr00003_00", false, all[7:]},
		{`title:"resident evil"`, false, all[7:]},
		{"in:evil brave", false, []string{"C/Brave Artisan"}},
		{"secret", false, nil}, // hidden and not earned: only "hidden trophy" until revealed
		{"secret", true, []string{"A/Secret Ending"}},
		{"story", true, []string{"A/Secret Ending"}},
		{`"hidden trophy"`, false, []string{"A/Secret Ending"}},
		{"hidden trophy", true, nil},
		{`"hidden"`, false, []string{"A/Secret Ending", "B/Hidden Path"}},
		{"-grade:bronze earned", false, []string{"A/Sackboy Platinum", "B/ASTRO's Platinum", "C/Bare Knuckles"}},
		{"platinum -astro", false, []string{"A/Sackboy Platinum"}},
		{`"big hug"`, false, []string{"A/Big Hug"}},
		{"hug big", false, []string{"A/Big Hug"}},
		{`"hug big"`, false, nil},
		{"everyone", false, []string{"A/Big Hug"}},
		{"hug everyone", false, []string{"A/Big Hug"}}, // name and description
		{"friend", false, nil},                         // its earned status is not cached
		{"–", false, all},                              // folds to nothing: no term
		{`"re:zero"`, false, nil},
		{"collect orbs 50", false, []string{"A/Collector"}},
	} {
		q, err := parseQuery(c.q, time.UTC)
		if err != nil {
			t.Errorf("%q: %v", c.q, err)
			continue
		}
		res, err := l.Search("me", q, SearchOptions{Reveal: c.reveal})
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		got := names(res.Items)
		for i := range got {
			got[i] = short.Replace(got[i])
		}
		sortStrings(got)
		want := append([]string(nil), c.want...)
		if len(want) == 0 {
			want = nil
		}
		if len(got) == 0 {
			got = nil
		}
		sortStrings(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q (reveal %v):\n got %q\nwant %q", c.q, c.reveal, got, want)
		}
		if res.Total != len(res.Items) {
			t.Errorf("%q: total %d for %d items", c.q, res.Total, len(res.Items))
		}
		if res.Coverage.Titles != 4 || res.Coverage.Complete != 3 {
			t.Errorf("%q: coverage %+v, want 3 of 4 titles", c.q, res.Coverage)
		}
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Results come in title-list order, each title's trophies in order; Limit keeps the first, Total
// counts them all; Title keeps one title.
func TestSearchOrderLimitAndTitle(t *testing.T) {
	l := searchWorld(t)
	q, _ := ParseQuery("earned")
	res, err := l.Search("me", q, SearchOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range res.Items {
		got = append(got, it.Trophy.TrophyName)
	}
	if strings.Join(got, ", ") != "Sackboy Platinum, Big Hug, ASTRO's Platinum" || res.Total != 5 {
		t.Fatalf("got %v of %d", got, res.Total)
	}
	res, _ = l.Search("me", Query{}, SearchOptions{Title: "npwr00002_00"})
	if len(res.Items) != 2 || res.Items[0].Title.NPCommunicationID != "NPWR00002_00" {
		t.Fatalf("title: %v", names(res.Items))
	}
	var batches, n int
	res, err = l.SearchEach("me", Query{}, SearchOptions{}, func(items []HuntItem) error { batches++; n += len(items); return nil })
	if err != nil || n != 9 || res.Total != 9 || batches != 1 || len(res.Items) != 0 {
		t.Fatalf("SearchEach: %d items in %d batches, total %d: %v", n, batches, res.Total, err)
	}
	stop := errors.New("stop")
	if _, err := l.SearchEach("me", Query{}, SearchOptions{}, func([]HuntItem) error { return stop }); err != stop {
		t.Fatalf("SearchEach returned %v, want the callback's error", err)
	}
}

func TestQueryErrors(t *testing.T) {
	for _, c := range []struct{ q, term, says string }{
		{"grad:gold", "grad:gold", "did you mean grade:"},
		{"grade:x", "grade:x", "not a grade"},
		{"grade:", "grade:", "needs a value"},
		{"rarity<abc", "rarity<abc", "not a percentage"},
		{"rarity<101", "rarity<101", "not a percentage"},
		{"rarity:5", "rarity:5", "rarity<5"},
		{"rarity:legendary", "rarity:legendary", "not a rarity"},
		{"earned:2025-13", "earned:2025-13", "not a date"},
		{"earned:2025-02-30", "earned:2025-02-30", "not a date"},
		{"earned:yesterday", "earned:yesterday", "not a date"},
		{"earned:2025..2024", "earned:2025..2024", "ends before it starts"},
		{`big "open`, `"open`, "not closed"},
		{"platform:xbox", "platform:xbox", "not a platform"},
		{"has:video", "has:video", "help or progress"},
		{"is:new", "is:new", "earned, unearned or hidden"},
		{"re:zero", "re:zero", "quote it"},
		{"grade<gold", "grade<gold", "not a comparison"},
		{"-title:", "-title:", "needs a value"},
	} {
		_, err := ParseQuery(c.q)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%q: %v, want a QueryError", c.q, err)
			continue
		}
		if qe.Term != c.term || !strings.Contains(qe.Error(), c.says) {
			t.Errorf("%q: %q (term %q), want term %q saying %q", c.q, qe.Error(), qe.Term, c.term, c.says)
		}
	}
	if q, err := ParseQuery(`"re:zero" 10:30 a-b`); err != nil || len(q.terms) != 3 {
		t.Errorf("quoted colon, a time and a hyphen are words: %v %+v", err, q)
	}
}

// Next to hunt: unearned only, a started progress trophy ranked by its share done, the query
// language and one title.
func TestHunt(t *testing.T) {
	l := searchWorld(t)
	order := func(o HuntOptions) string {
		t.Helper()
		r, err := l.Hunt("me", o)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, it := range r.Items {
			s = append(s, it.Trophy.TrophyName)
		}
		return strings.Join(s, ", ")
	}
	if got := order(HuntOptions{}); got != "Collector, Brave Artisan, Pokémon Café, Secret Ending" {
		t.Errorf("hunt order: %s", got)
	}
	if got := order(HuntOptions{Limit: 2}); got != "Collector, Brave Artisan" {
		t.Errorf("hunt limit: %s", got)
	}
	q, _ := ParseQuery("grade:bronze")
	if got := order(HuntOptions{Query: q}); got != "Collector, Brave Artisan" {
		t.Errorf("hunt bronze: %s", got)
	}
	if got := order(HuntOptions{Title: "NPWR00003_00"}); got != "Brave Artisan" {
		t.Errorf("hunt one title: %s", got)
	}
	q, _ = ParseQuery("a -hidden") // words: the text path, same order
	if got := order(HuntOptions{Query: q}); got != "Collector, Brave Artisan, Pokémon Café" {
		t.Errorf("hunt with words: %s", got)
	}
	q, _ = ParseQuery("grade:b earned")
	if _, err := l.Hunt("me", HuntOptions{Query: q}); err == nil || !strings.Contains(err.Error(), "not earned") {
		t.Errorf("hunt for earned trophies: %v", err)
	}
	next, _ := l.NextN("me", 0)
	if len(next) != 4 || next[0].Trophy.TrophyName != "Collector" || next[0].Title.TrophyTitleName != "Sackboy™: A Big Adventure" {
		t.Errorf("NextN: %v", names(next))
	}
}

func TestRecentPlatinumsAndStatsOfAKnownWorld(t *testing.T) {
	l := searchWorld(t)
	l.now = func() time.Time { return time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC) }
	r, err := l.Recent("me", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range r.Items {
		s := it.Trophy.TrophyName
		if it.Platinum > 0 {
			s += " P#" + strconv.Itoa(it.Platinum)
		}
		if it.Milestone {
			s += " *"
		}
		got = append(got, strconv.Itoa(it.Number)+" "+s)
	}
	want := "5 Sackboy Platinum P#2, 4 Big Hug, 3 ASTRO's Platinum P#1, 2 Hidden Path, 1 Bare Knuckles *"
	if strings.Join(got, ", ") != want || r.Total != 5 {
		t.Errorf("recent:\n got %s\nwant %s", strings.Join(got, ", "), want)
	}
	if page, _ := l.Recent("me", 1, 2); len(page.Items) != 2 || page.Items[0].Number != 4 || page.Items[1].Platinum != 1 {
		t.Errorf("recent page: %+v", page.Items)
	}
	if page, _ := l.Recent("me", 9, 2); len(page.Items) != 0 || page.Total != 5 {
		t.Errorf("recent past the end: %+v", page)
	}

	p, err := l.Platinums("me", PlatinumsByDate, 0)
	if err != nil || len(p.Items) != 2 {
		t.Fatalf("platinums: %+v %v", p, err)
	}
	a, b := p.Items[0], p.Items[1]
	if a.Number != 2 || a.Trophy.TrophyName != "Sackboy Platinum" || a.TimeTaken != day(2025, 3, 14).Sub(day(2024, 12, 31)) ||
		!a.FirstTrophyAt.Equal(day(2024, 12, 31)) || b.Number != 1 || b.TimeTaken != 48*time.Hour {
		t.Errorf("platinums: %+v", p.Items)
	}
	for by, want := range map[PlatinumOrder]int{PlatinumsByDate: 2, PlatinumsByRarity: 2, PlatinumsByTimeTaken: 1} {
		one, err := l.Platinums("me", by, 1)
		if err != nil || len(one.Items) != 1 || one.Total != 2 || one.Items[0].Number != want || one.Items[0].Trophy.TrophyName == "" ||
			one.Items[0].Trophy.Status.TrophyEarnedRate == "" || strings.Contains(one.Items[0].Trophy.Status.TrophyEarnedRate, ".00") {
			t.Errorf("the first platinum by %d: %+v %v", by, one, err)
		}
	}
	SortPlatinums(p.Items, PlatinumsByTimeTaken)
	if p.Items[0].Number != 1 {
		t.Errorf("fastest first: %+v", p.Items)
	}
	SortPlatinums(p.Items, PlatinumsByRarity)
	if p.Items[0].Number != 2 {
		t.Errorf("rarest first: %+v", p.Items)
	}
	SortPlatinums(p.Items, PlatinumsByDate)
	if p.Items[0].Number != 2 {
		t.Errorf("newest first: %+v", p.Items)
	}

	st, err := l.Stats("me")
	if err != nil {
		t.Fatal(err)
	}
	if st.Titles != 3 || st.Earned != (psnapi.TrophyCounts{Platinum: 2, Silver: 1, Bronze: 2}) ||
		st.Unearned != (psnapi.TrophyCounts{Gold: 1, Silver: 1, Bronze: 2}) || st.Undated != 1 {
		t.Errorf("stats counts: %+v", st)
	}
	if st.ByRarity != [4]int{1, 1, 1, 2} || st.RarityUnknown != 0 {
		t.Errorf("by rarity %v", st.ByRarity)
	}
	if len(st.Rarest) != 5 || st.Rarest[0].Trophy.TrophyName != "Sackboy Platinum" || st.Rarest[4].Trophy.TrophyName != "Hidden Path" {
		t.Errorf("rarest: %v", names(st.Rarest))
	}
	months := map[string]int{}
	total := 0
	for _, m := range st.PerMonth {
		months[m.Month.Format("2006-01")] = m.Counts.Total()
		total += m.Counts.Total()
	}
	first := time.Date(2021, 5, 1, 0, 0, 0, 0, time.Local)
	if total != 4 || !st.PerMonth[0].Month.Equal(first) || st.PerMonth[len(st.PerMonth)-1].Month.Format("2006-01") != "2025-03" ||
		len(st.PerMonth) != 47 {
		t.Errorf("per month: %d trophies over %d months from %v", total, len(st.PerMonth), st.PerMonth[0].Month)
	}
	year := 0
	for _, d := range st.LastYear {
		year += d.Count
	}
	if len(st.LastYear) != 365 || year != 2 || st.LastYear[364].Day.Format("2006-01-02") != "2025-03-20" {
		t.Errorf("last year: %d trophies, ends %v", year, st.LastYear[364].Day)
	}
	// Completion: A 2 of 5 (platinum left out of Sony's formula), B 100%, C 1 of 2.
	if st.Completion[10] != 1 || st.AverageCompletion <= 0 {
		t.Errorf("completion %v avg %.1f", st.Completion, st.AverageCompletion)
	}
}

// The anchored word search finds what bytes.Index finds.
func FuzzWordIndex(f *testing.F) {
	f.Add([]byte("the golden dragon of chapter 3"), []byte("dragon"))
	f.Add([]byte("aaaaab"), []byte("ab"))
	f.Add([]byte("zq"), []byte("q"))
	f.Add([]byte("the golden dragon of the drowned dragoon, a dragon"), []byte("dragon"))
	f.Add([]byte("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxdrdrdrdragonx"), []byte("dragon"))
	f.Fuzz(func(t *testing.T, s, w []byte) {
		if len(w) == 0 {
			return
		}
		cw := newCword(w, false)
		if got, want := cw.index(s), bytes.Index(s, w); got != want {
			t.Fatalf("index(%q, %q) = %d, want %d", s, w, got, want)
		}
		if got, want := cw.count(s), bytes.Count(s, w); got != want && len(w) > 0 {
			// bytes.Count counts non-overlapping occurrences, as count does.
			t.Fatalf("count(%q, %q) = %d, want %d", s, w, got, want)
		}
		// Through each of its pairs of bytes (search_pair.go), whatever tune would pick.
		for k := 0; k+1 < len(w); k++ {
			cp := newCword(w, false)
			cp.pair = k
			if got, want := cp.index(s), bytes.Index(s, w); got != want {
				t.Fatalf("index(%q, %q) through pair %d = %d, want %d", s, w, k, got, want)
			}
		}
		if got, want := pairCount(s, w[0], w[len(w)-1]), naivePairCount(s, w[0], w[len(w)-1]); got != want {
			t.Fatalf("pairCount(%q, %q, %q) = %d, want %d", s, w[0], w[len(w)-1], got, want)
		}
	})
}

func naivePairCount(s []byte, a, b byte) int {
	n := 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] == a && s[i+1] == b {
			n++
		}
	}
	return n
}
