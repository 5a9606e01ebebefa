package ui

import (
	"slices"
	"sort"
	"testing"
	"time"
)

// A title list read again unchanged (the fill's, just after the start-up refresh) reuses the rows on
// screen instead of building a second set; a changed list, or rows whose "3m ago" labels are a
// minute old, are built again.
func TestTitleSetRebuildReusesAnUnchangedList(t *testing.T) {
	titles := genTitles(50)
	shown := buildTitleRows(titles, fixedNow)
	if got := shown.rebuild(slices.Clone(titles), fixedNow.Add(30*time.Second)); got != shown {
		t.Fatal("an unchanged list was built again")
	}
	changed := slices.Clone(titles)
	changed[17].Progress++
	if got := shown.rebuild(changed, fixedNow.Add(30*time.Second)); got == shown || got.rows[17].t.Progress != changed[17].Progress {
		t.Fatal("a changed list kept the old rows")
	}
	if got := shown.rebuild(titles[:49], fixedNow); got == shown || len(got.rows) != 49 {
		t.Fatal("a shorter list kept the old rows")
	}
	if got := shown.rebuild(titles, fixedNow.Add(time.Minute)); got == shown || got.builtAt != fixedNow.Add(time.Minute) {
		t.Fatal("labels a minute old were kept")
	}
	var none *titleSet
	if got := none.rebuild(titles, fixedNow); got == nil || len(got.rows) != 50 {
		t.Fatal("no rows shown: nothing built")
	}
}

// Orders are computed on first use (last played, the default and play time's base, at once) and
// equal what a stable sort gives.
func TestTitleSetOrdersAreStableAndLazy(t *testing.T) {
	set := buildTitleRows(genTitles(2000), fixedNow)
	for by := range numTitleSorts {
		if (set.orders[by] != nil) != (by == sortLastPlayed) {
			t.Fatalf("order %d: computed %v before it was asked for", by, set.orders[by] != nil)
		}
	}
	if set.keys[0] != "" || set.keys[len(set.keys)-1] != "" {
		t.Fatal("names folded before a filter, a sort by name or a compare asked for them")
	}
	rows := set.rows
	set.foldKeys()
	if set.keys[0] == "" {
		t.Fatal("foldKeys left the keys empty")
	}
	for by, less := range map[titleSort]func(a, b int) bool{
		sortProgress: func(a, b int) bool { return rows[a].t.Progress > rows[b].t.Progress },
		sortEarned:   func(a, b int) bool { return rows[a].earned > rows[b].earned },
		sortName:     func(a, b int) bool { return set.keys[a] < set.keys[b] },
	} {
		want := make([]int, len(rows))
		for i := range want {
			want[i] = i
		}
		sort.SliceStable(want, func(i, j int) bool { return less(want[i], want[j]) })
		if got := set.order(by); !slices.Equal(got, want) {
			t.Errorf("order %d differs from the stable sort", by)
		}
	}
	if set.order(sortDiff) != nil {
		t.Error("a plain set has a difference order")
	}
}
