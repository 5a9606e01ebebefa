package assets

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func build(t testing.TB, o Options) *World {
	t.Helper()
	w, err := Build(o)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestReferenceSummaryTotals(t *testing.T) {
	w := build(t, Options{})
	e := w.Account(DemoAccountID).Earned()
	if e != ReferenceEarned {
		t.Fatalf("demo earned %v, want %v", e, ReferenceEarned)
	}
	if lv := LevelFor(e.Points()); lv != (Level{Level: 437, Base: 199890, Next: 201240, Progress: 40, Tier: 5}) || e.Points() != 200430 {
		t.Fatalf("level %+v points %d", lv, e.Points())
	}
}

func TestLevelFor(t *testing.T) {
	for _, c := range []struct{ points, level, tier int }{
		{0, 1, 1}, {59, 1, 1}, {60, 2, 1}, {5940, 100, 2}, {14940, 200, 3}, {59940, 300, 4}, {149940, 400, 5},
		{10_000_000, 999, 10},
	} {
		if lv := LevelFor(c.points); lv.Level != c.level || lv.Tier != c.tier {
			t.Fatalf("LevelFor(%d) = %+v, want level %d tier %d", c.points, lv, c.level, c.tier)
		}
	}
}

func TestProgressFormula(t *testing.T) {
	// values from the reference and the recordings
	for _, c := range []struct {
		earned, defined Counts
		want            int
	}{
		{Counts{2, 3, 6, 0}, Counts{8, 4, 11, 1}, 53},
		{Counts{19, 0, 0, 0}, Counts{40, 9, 2, 1}, 27},
		{Counts{1, 0, 0, 0}, Counts{23, 15, 7, 1}, 1},
		{Counts{29, 9, 4, 1}, Counts{30, 10, 4, 1}, 95},
		{Counts{27, 13, 5, 1}, Counts{31, 14, 5, 1}, 93},
		{Counts{38, 15, 1, 1}, Counts{53, 18, 1, 1}, 77},
		{Counts{0, 0, 0, 1}, Counts{0, 0, 0, 1}, 100},
	} {
		if got := Progress(c.earned, c.defined); got != c.want {
			t.Fatalf("Progress(%v, %v) = %d, want %d", c.earned, c.defined, got, c.want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	dump := func(w *World) string {
		var b strings.Builder
		for _, a := range w.Accounts {
			for _, p := range a.SortedPlays() {
				fmt.Fprintf(&b, "%s %s %q %v %s|", a.OnlineID, p.Title.NPCommunicationID, p.Title.Name, p.Earned(), p.LastUpdated)
				for _, tr := range p.Title.Trophies() {
					fmt.Fprintf(&b, "%q%s", tr.Name, tr.Rate)
				}
				for _, st := range p.States() {
					fmt.Fprint(&b, st.Earned, st.EarnedAt.Unix(), st.Progress)
				}
			}
		}
		return b.String()
	}
	a, b := dump(build(t, Options{})), dump(build(t, Options{}))
	if a != b {
		t.Fatal("two builds differ")
	}
	if c := dump(build(t, Options{Seed: 99})); c == a {
		t.Fatal("another seed builds the same world")
	}
}

// TestConsistency checks every play of every account: the per-trophy states agree with the group
// counts, the platinum only with a complete base game, dates in 2008–2026, lastUpdatedDateTime the
// latest earned date (or at most a few minutes after it for the reference's hand-written titles),
// earned rates consistent with their rarity tier. Other seeds and sizes build consistent worlds too.
func TestConsistency(t *testing.T) {
	for _, o := range []Options{{}, {Seed: 7}, {Titles: 2000, Seed: 99}} {
		checkConsistency(t, build(t, o))
	}
}

func checkConsistency(t *testing.T, w *World) {
	lo, hi := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC), dateMax.Add(time.Second)
	for _, a := range w.Accounts {
		for _, p := range a.Plays {
			ti := p.Title
			trs := ti.Trophies()
			if len(trs) != ti.Defined().Total() {
				t.Fatalf("%s: %d trophies, defined %d", ti.NPCommunicationID, len(trs), ti.Defined().Total())
			}
			st := p.States()
			got := map[string]*Counts{}
			var latest time.Time
			groupLatest := map[string]time.Time{}
			for i, tr := range trs {
				if tr.ID != i || ti.Group(tr.GroupID) == nil {
					t.Fatalf("%s: trophy %d id %d group %q", ti.NPCommunicationID, i, tr.ID, tr.GroupID)
				}
				if RarityOf(tr.RateValue()) != tr.Rare {
					t.Fatalf("%s trophy %d: rate %s but rarity %d", ti.NPCommunicationID, tr.ID, tr.Rate, tr.Rare)
				}
				if got[tr.GroupID] == nil {
					got[tr.GroupID] = &Counts{}
				}
				got[tr.GroupID][tr.Grade]++
				if !st[i].Earned {
					if tr.ProgressTarget > 0 && (st[i].Progress >= tr.ProgressTarget || (st[i].Progress > 0) != !st[i].ProgressAt.IsZero()) {
						t.Fatalf("%s trophy %d: progress %d/%d at %v", ti.NPCommunicationID, tr.ID, st[i].Progress, tr.ProgressTarget, st[i].ProgressAt)
					}
					continue
				}
				at := st[i].EarnedAt
				if at.Before(lo) || !at.Before(hi) {
					t.Fatalf("%s trophy %d earned %v", ti.NPCommunicationID, tr.ID, at)
				}
				if at.After(latest) {
					latest = at
				}
				if at.After(groupLatest[tr.GroupID]) {
					groupLatest[tr.GroupID] = at
				}
			}
			earnedPerGroup := map[string]Counts{}
			for i, tr := range trs {
				if st[i].Earned {
					c := earnedPerGroup[tr.GroupID]
					c[tr.Grade]++
					earnedPerGroup[tr.GroupID] = c
				}
			}
			for _, g := range ti.Groups {
				if *got[g.ID] != g.Defined {
					t.Fatalf("%s group %s: trophies %v, defined %v", ti.NPCommunicationID, g.ID, *got[g.ID], g.Defined)
				}
				gp := p.Group(g.ID)
				if earnedPerGroup[g.ID] != gp.Earned {
					t.Fatalf("%s/%s group %s: states %v, counts %v", a.OnlineID, ti.NPCommunicationID, g.ID, earnedPerGroup[g.ID], gp.Earned)
				}
				if !gp.Last.Equal(groupLatest[g.ID]) {
					t.Fatalf("%s/%s group %s: last %v, latest earned %v", a.OnlineID, ti.NPCommunicationID, g.ID, gp.Last, groupLatest[g.ID])
				}
				if g.ID == "default" && gp.Earned[Platinum] == 1 {
					d := g.Defined
					if gp.Earned != d {
						t.Fatalf("%s/%s: platinum without the whole base game", a.OnlineID, ti.NPCommunicationID)
					}
				}
			}
			if p.LastUpdated.Before(lo) || !p.LastUpdated.Before(hi) {
				t.Fatalf("%s lastUpdated %v", ti.NPCommunicationID, p.LastUpdated)
			}
			if !latest.IsZero() {
				d := p.LastUpdated.Sub(latest)
				if d < 0 || d > 5*time.Minute || (d > 0 && ti.NPCommunicationID >= "NPWR30000_00") {
					t.Fatalf("%s/%s: lastUpdated %v, latest earned %v", a.OnlineID, ti.NPCommunicationID, p.LastUpdated, latest)
				}
			}
		}
	}
}

func TestCoverage(t *testing.T) {
	w := build(t, Options{})
	demo := w.Account(DemoAccountID)
	if len(demo.Plays) < 150 {
		t.Fatalf("%d demo titles", len(demo.Plays))
	}
	platforms := map[string]int{}
	tiers := map[int]int{}
	hidden, progress, rewards, withHints, dlc := 0, 0, 0, 0, 0
	names := map[string]int{}
	for _, p := range demo.Plays {
		ti := p.Title
		platforms[ti.Platform]++
		names[ti.Name]++
		if len(ti.Hints) > 0 {
			withHints++
		}
		if len(ti.Groups) > 1 {
			dlc++
		}
		for _, tr := range ti.Trophies() {
			tiers[tr.Rare]++
			if tr.Hidden {
				hidden++
			}
			if tr.ProgressTarget > 0 {
				progress++
			}
			if tr.RewardName != "" {
				rewards++
			}
		}
	}
	for _, pl := range []string{"PS3", "PS4", "PSVITA", "PS4,PSVITA", "PS5", "PS5,PSPC", "PSPC"} {
		if platforms[pl] < 3 {
			t.Fatalf("platform %s: %d titles (%v)", pl, platforms[pl], platforms)
		}
	}
	for tier := 0; tier < 4; tier++ {
		if tiers[tier] < 50 {
			t.Fatalf("rarity tier %d: %d trophies", tier, tiers[tier])
		}
	}
	if hidden < 100 || progress < 20 || rewards < 5 || withHints < 5 || dlc < 20 {
		t.Fatalf("hidden %d progress %d rewards %d titles with help %d with DLC %d", hidden, progress, rewards, withHints, dlc)
	}
	dup := false
	for _, n := range names {
		dup = dup || n > 1
	}
	var has120, hasNBSP, hasNewline, hasTrailingSpace, hasJapanese, hasEmoji, hasCurly bool
	for n := range names {
		has120 = has120 || utf8.RuneCountInString(n) == 120
		hasNBSP = hasNBSP || strings.Contains(n, "\u00a0")
		hasNewline = hasNewline || strings.HasSuffix(n, "\n")
		hasTrailingSpace = hasTrailingSpace || strings.HasSuffix(n, " ")
		hasJapanese = hasJapanese || strings.ContainsAny(n, "星夜")
		hasEmoji = hasEmoji || strings.Contains(n, "🎉")
		hasCurly = hasCurly || strings.ContainsAny(n, "’“”")
	}
	if !(dup && has120 && hasNBSP && hasNewline && hasTrailingSpace && hasJapanese && hasEmoji && hasCurly) {
		t.Fatalf("names: dup %v 120 %v nbsp %v newline %v trailing %v japanese %v emoji %v curly %v",
			dup, has120, hasNBSP, hasNewline, hasTrailingSpace, hasJapanese, hasEmoji, hasCurly)
	}
	// Messy trophy names, video and text tips.
	var ctrl, japanese bool
	video, text := 0, 0
	for _, p := range demo.Plays {
		for _, tr := range p.Title.Trophies() {
			ctrl = ctrl || strings.ContainsRune(tr.Name, '\a')
			japanese = japanese || strings.ContainsAny(tr.Name, "はじめの一歩伝説")
		}
		for i := range p.Title.Hints {
			for _, tip := range p.Title.HintTips(i) {
				if tip.MediaType == "VIDEO" && tip.MediaPath != "" && tip.MediaID != "" {
					video++
				} else if tip.MediaPath == "" && tip.Description != "" {
					text++
				}
			}
		}
	}
	if !ctrl || !japanese || video < 10 || text < 10 {
		t.Fatalf("control char %v, japanese %v, video tips %d, text tips %d", ctrl, japanese, video, text)
	}
	// A title with Game Help and a PS5 title without any.
	var ps5NoHelp bool
	for _, p := range demo.Plays {
		ps5NoHelp = ps5NoHelp || (p.Title.Platform == "PS5" && len(p.Title.Hints) == 0)
	}
	if !ps5NoHelp {
		t.Fatal("every PS5 title has Game Help")
	}
}

func TestBigAccounts(t *testing.T) {
	for _, n := range []int{2000, 20000} {
		w := build(t, Options{Titles: n})
		demo := w.Account(DemoAccountID)
		if len(demo.Plays) != n {
			t.Fatalf("%d titles, want %d", len(demo.Plays), n)
		}
		// trophies are generated lazily: none yet
		lazy := 0
		for _, p := range demo.Plays {
			if p.Title.trophies == nil {
				lazy++
			}
		}
		if lazy != n {
			t.Fatalf("%d of %d titles have no trophies generated yet", lazy, n)
		}
		if got := len(demo.Plays[n-1].Title.Trophies()); got == 0 {
			t.Fatal("no trophies on demand")
		}
	}
}

func BenchmarkBuild20000(b *testing.B) {
	for b.Loop() {
		if _, err := Build(Options{Titles: 20000}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuild2000(b *testing.B) {
	for b.Loop() {
		if _, err := Build(Options{Titles: 2000}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuildDemo(b *testing.B) {
	for b.Loop() {
		if _, err := Build(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDemoStates lays out the earned trophies of every play of the demo world (the fake does
// it for a play on its first request).
func BenchmarkDemoStates(b *testing.B) {
	w := build(b, Options{})
	var plays []*Play
	for _, a := range w.Accounts {
		for _, p := range a.Plays {
			p.Title.Trophies()
			plays = append(plays, p)
		}
	}
	for b.Loop() {
		for _, p := range plays {
			p.states = nil
			p.States()
		}
	}
}
