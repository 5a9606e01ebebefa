package ui

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// bigModel is the title list of an account with n titles, as main would start it with a cached list.
func bigModel(b *testing.B, n int) *Model {
	lib := newFakeLib(0)
	m := New(Options{Lib: lib, AccountName: "FakeHunter", Display: asciiDisplay(), Now: fixedClock,
		Titles: &TitleListInput{Titles: genTitles(n), FetchedAt: fixedNow}})
	m.c.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return m
}

// BenchmarkTitlesKeystrokeMove is one cursor move (Update + View) on 20,000 titles.
func BenchmarkTitlesKeystrokeMove(b *testing.B) {
	m := bigModel(b, 20000)
	down, up := keyMsg("j"), keyMsg("k")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := down
		if i/30%2 == 1 {
			k = up
		}
		m.Update(k)
		_ = m.View()
	}
}

// BenchmarkTitlesKeystrokeFilter is one keystroke typed into the filter (Update + View) on 20,000
// titles, alternating a character that narrows the match and a backspace that widens it again
// (a full re-filter over every row).
func BenchmarkTitlesKeystrokeFilter(b *testing.B) {
	m := bigModel(b, 20000)
	m.Update(keyMsg("/"))
	m.Update(keyMsg("e"))
	typed, bs := keyMsg("r"), keyMsg("backspace")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			m.Update(typed)
		} else {
			m.Update(bs)
		}
		_ = m.View()
	}
}

// BenchmarkTitlesSort is one s keystroke on 20,000 titles (orders are precomputed on arrival).
func BenchmarkTitlesSort(b *testing.B) {
	m := bigModel(b, 20000)
	s := keyMsg("s")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.Update(s)
		_ = m.View()
	}
}

// stubAPI serves generated titles to the real store, to warm its cache.
type stubAPI struct{ titles []psnapi.TrophyTitle }

func (s stubAPI) AllTrophyTitles(context.Context, string) ([]psnapi.TrophyTitle, error) {
	return s.titles, nil
}
func (stubAPI) TitleTrophies(context.Context, psnapi.TitleRef, string) (psnapi.TitleTrophies, error) {
	return psnapi.TitleTrophies{}, nil
}
func (stubAPI) TitleTrophyGroups(context.Context, psnapi.TitleRef) (psnapi.TitleTrophyGroups, error) {
	return psnapi.TitleTrophyGroups{}, nil
}
func (stubAPI) EarnedTrophies(context.Context, string, psnapi.TitleRef, string) (psnapi.EarnedTrophies, error) {
	return psnapi.EarnedTrophies{}, nil
}
func (stubAPI) TrophySummary(context.Context, string) (psnapi.TrophySummary, error) {
	s := demoSummary()
	s.AccountID = "" // no credentials here: the store must keep the cache under "me"
	return s, nil
}
func (stubAPI) ResolveUser(context.Context, string) (psnapi.Profile, error) {
	return psnapi.Profile{AccountID: "1", OnlineID: "FakeHunter"}, nil
}
func (stubAPI) HintAvailability(context.Context, string, []string) (psnapi.HintAvailability, error) {
	return psnapi.HintAvailability{}, nil
}
func (stubAPI) Tips(context.Context, string, []psnapi.TipRequest) (psnapi.Tips, error) {
	return psnapi.Tips{}, nil
}
func (stubAPI) Rate() psnapi.RateSnapshot { return psnapi.RateSnapshot{} }

func warmStore(tb testing.TB, n int) store.Paths {
	dir := tb.TempDir()
	p := store.Paths{Config: filepath.Join(dir, "config"), State: filepath.Join(dir, "state"), Cache: filepath.Join(dir, "cache")}
	lib, err := store.Open(p, store.Options{API: stubAPI{titles: genTitles(n)}, Now: fixedClock})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := lib.RefreshTitles(context.Background(), "me"); err != nil {
		tb.Fatal(err)
	}
	if _, err := lib.RefreshSummary(context.Background(), "me"); err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkFirstFrameWarmCache is a start with 2,000 cached titles: open the store, New, run Init's
// cache reads, apply them and render the first frame. No request is made (there is no API at all).
func BenchmarkFirstFrameWarmCache(b *testing.B) {
	p := warmStore(b, 2000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		lib, err := store.Open(p, store.Options{Now: fixedClock})
		if err != nil {
			b.Fatal(err)
		}
		m := New(Options{Lib: lib, AccountName: "FakeHunter", Display: asciiDisplay(), Now: fixedClock})
		m.c.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		// Run Init's commands (the cache reads) and apply their answers; the refresh commands those
		// answers return are not run.
		var run func(tea.Cmd)
		run = func(c tea.Cmd) {
			if c == nil {
				return
			}
			switch msg := c().(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					run(c)
				}
			case nil:
			default:
				m.Update(msg)
			}
		}
		run(m.Init())
		if len(titles(m).rows) != 2000 {
			b.Fatalf("%d rows", len(titles(m).rows))
		}
		_ = m.View()
	}
}

// BenchmarkFirstFramePreloaded is the start main does (cli/tui.go): read the cached list of 2,000
// titles from the store, pass it in Options.Titles, render the first frame.
func BenchmarkFirstFramePreloaded(b *testing.B) {
	p := warmStore(b, 2000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		lib, err := store.Open(p, store.Options{Now: fixedClock})
		if err != nil {
			b.Fatal(err)
		}
		list, ok, err := lib.CachedTitles("me")
		if err != nil || !ok {
			b.Fatal("no cache", err)
		}
		m := New(Options{Lib: lib, AccountName: "FakeHunter", Display: asciiDisplay(), Now: fixedClock,
			Titles: &TitleListInput{Titles: list.Titles, FetchedAt: list.FetchedAt}})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		if out := m.View(); !strings.Contains(out, "2,000 titles") {
			b.Fatal("first frame lacks the list")
		}
	}
}

// bigCompareModel is bigModel in compare mode: n titles of mine, TrophyFriend with every other one
// of them (other progress) and three of its own, so the union has n+3 rows.
func bigCompareModel(b *testing.B, n int) *Model {
	m := bigModel(b, n)
	mine := titles(m).plain
	their := buildTitleRows(friendTitles(genTitles(n)), fixedNow)
	m.lookup.pend = m.c.newID()
	m.Update(compareResolvedMsg{answer: answer{id: m.lookup.pend}, query: "TrophyFriend", account: Account{ID: friendID, Name: "TrophyFriend"},
		mine: mine, their: their, set: buildCompareRows(mine, their)})
	if v := titles(m); len(v.list.order) != n+3 || !v.set.compare {
		b.Fatalf("not comparing: %d rows", len(v.list.order))
	}
	return m
}

// BenchmarkCompareKeystrokeMove is one cursor move (Update + View) on 20,000 titles in compare mode.
func BenchmarkCompareKeystrokeMove(b *testing.B) {
	m := bigCompareModel(b, 20000)
	down, up := keyMsg("j"), keyMsg("k")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := down
		if i/30%2 == 1 {
			k = up
		}
		m.Update(k)
		_ = m.View()
	}
}

// BenchmarkCompareKeystrokeFilter types into the filter in compare mode (a narrowing character and
// a backspace that widens again, a full re-filter of the union).
func BenchmarkCompareKeystrokeFilter(b *testing.B) {
	m := bigCompareModel(b, 20000)
	m.Update(keyMsg("/"))
	m.Update(keyMsg("e"))
	typed, bs := keyMsg("r"), keyMsg("backspace")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			m.Update(typed)
		} else {
			m.Update(bs)
		}
		_ = m.View()
	}
}

// BenchmarkCompareTab is one tab (all → both → only mine → only theirs) over the union of 20,000.
func BenchmarkCompareTab(b *testing.B) {
	m := bigCompareModel(b, 20000)
	tab := keyMsg("tab")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.Update(tab)
		_ = m.View()
	}
}

// BenchmarkCompareSort is one s (the difference order included) over the union of 20,000.
func BenchmarkCompareSort(b *testing.B) {
	m := bigCompareModel(b, 20000)
	s := keyMsg("s")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.Update(s)
		_ = m.View()
	}
}

// BenchmarkCompareBuild is the union of 20,000 and 10,003 titles, built in the lookup's command.
func BenchmarkCompareBuild(b *testing.B) {
	mine := buildTitleRows(genTitles(20000), fixedNow)
	their := buildTitleRows(friendTitles(genTitles(20000)), fixedNow)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		_ = buildCompareRows(mine, their)
	}
}

// bigTitleModel is the trophies view of a 500-trophy PS5 title whose every other trophy has Game
// Help (the Help column shown).
func bigTitleModel(b *testing.B) *Model {
	lib := newFakeLib(40)
	t := lib.titles[2] // PS5,PSPC, one group
	tt := demoTrophies(t)
	base := tt.Trophies[3]
	tt.Trophies = tt.Trophies[:0]
	lib.hints = nil
	for id := range 500 {
		tr := base
		tr.TrophyID, tr.Status.TrophyID, tr.TrophyGroupID = id, id, "default"
		tr.TrophyName = "Trophy number " + strings.Repeat("x", id%20)
		tt.Trophies = append(tt.Trophies, tr)
		if id%2 == 0 {
			lib.hints = append(lib.hints, strconv.Itoa(id))
		}
	}
	lib.trophies[t.NPCommunicationID] = tt
	m := start(b, newTestModel(lib, 120, 40))
	openTitle(b, m, titles(m), t.NPCommunicationID)
	if !strings.Contains(m.View(), "Help") {
		b.Fatal("no Help column")
	}
	return m
}

// BenchmarkTrophiesKeystrokeMoveHelp is one cursor move (Update + View) in bigTitleModel.
func BenchmarkTrophiesKeystrokeMoveHelp(b *testing.B) {
	m := bigTitleModel(b)
	down, up := keyMsg("j"), keyMsg("k")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := down
		if i/30%2 == 1 {
			k = up
		}
		m.Update(k)
		_ = m.View()
	}
}

// BenchmarkTrophiesKeystrokeFilter types into the trophies view's filter (name and description) of
// bigTitleModel: a narrowing letter and a backspace.
func BenchmarkTrophiesKeystrokeFilter(b *testing.B) {
	m := bigTitleModel(b)
	m.Update(keyMsg("/"))
	m.Update(keyMsg("x"))
	typed, bs := keyMsg("x"), keyMsg("backspace")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			m.Update(typed)
		} else {
			m.Update(bs)
		}
		_ = m.View()
	}
}
