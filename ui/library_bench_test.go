package ui

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/store"
)

// The views of the whole library, measured as a user meets them: opening one (the store's read in
// its command, the rows built there, the answer applied, the first render) on a synthetic library
// of 500 titles (CI's one pass) or 20,000 titles / 1,000,000 trophies with PSN_STORE_BIG=1, and a
// keystroke (Update + View) in each list at the size it holds at most.

func bigLibraryTitles() int {
	if os.Getenv("PSN_STORE_BIG") == "1" {
		return 20000
	}
	return 500
}

var bigLibraryFixture struct {
	once    sync.Once
	dir     string // written here, removed by TestMain
	paths   store.Paths
	account string
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if d := bigLibraryFixture.dir; d != "" {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// bigNow is the synthetic library's "today": a week after its latest title.
var bigNow = time.Date(2026, 6, 8, 12, 0, 0, 0, time.UTC)

// bigLibrary opens the synthetic library, written once per test binary (or the logged-in library
// that e2e's BenchmarkBrowser or the store's TestWriteBigLibrary left in $PSN_BIG_LIBRARY_DIR), its
// trophy index built and read once (warm, as a second look at a view is).
func bigLibrary(b *testing.B) (*store.Library, string) {
	b.Helper()
	f := &bigLibraryFixture
	f.once.Do(func() {
		if dir := os.Getenv("PSN_BIG_LIBRARY_DIR"); dir != "" {
			f.paths = store.Paths{Config: filepath.Join(dir, "config", store.AppName), State: filepath.Join(dir, "state", store.AppName),
				Cache: filepath.Join(dir, "cache", store.AppName)}
			return
		}
		if f.dir, f.err = os.MkdirTemp("", "psn-client-ui-bench-"); f.err != nil {
			return
		}
		f.paths = store.Paths{Config: filepath.Join(f.dir, "config"), State: filepath.Join(f.dir, "state"), Cache: filepath.Join(f.dir, "cache")}
		f.account = "me"
		f.err = store.WriteSyntheticLibrary(f.paths, store.SyntheticLibrary{Language: "en-US", Account: "me", Titles: bigLibraryTitles()})
	})
	if f.err != nil {
		b.Fatal(f.err)
	}
	lib, err := store.Open(f.paths, store.Options{Language: "en-US", Now: func() time.Time { return bigNow }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { lib.Close() })
	account := f.account
	if account == "" {
		me, ok := lib.LoggedIn()
		if !ok {
			b.Fatal("nobody logged in in $PSN_BIG_LIBRARY_DIR")
		}
		account = me.ID
	}
	if _, err := lib.Stats(account); err != nil { // builds the index the first time
		b.Fatal(err)
	}
	return lib, account
}

// bigBrowser is the browser on the synthetic library, its title list on screen.
func bigBrowser(b *testing.B, lib Library, account string) *Model {
	list, ok, err := lib.CachedTitles(account)
	if err != nil || !ok {
		b.Fatal("no title list", err)
	}
	m := New(Options{Lib: lib, Account: account, AccountName: "BigHunter", Display: asciiDisplay(), Now: func() time.Time { return bigNow },
		Titles: &TitleListInput{Titles: list.Titles, FetchedAt: list.FetchedAt}})
	m.c.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return m
}

// openUntil runs cmd and the commands its answers lead to, concurrently as Bubble Tea does, applying
// every answer to m, until ready(m). Requests (the title list's refresh, the summary) are not made:
// these views never make one; the status bar's spinner ticks are dropped (they wait on the clock).
func openUntil(b *testing.B, m *Model, cmd tea.Cmd, ready func(m *Model) bool) {
	answers := make(chan tea.Msg, 64)
	running := 0
	run := func(c tea.Cmd) {
		if c != nil {
			running++
			go func() { answers <- c() }()
		}
	}
	run(cmd)
	for !ready(m) {
		if running == 0 {
			b.Fatalf("never ready:\n%s", m.View())
		}
		msg := <-answers
		running--
		switch msg := msg.(type) {
		case nil, titlesLoadedMsg, summaryLoadedMsg, spinner.TickMsg:
		case tea.BatchMsg:
			for _, c := range msg {
				run(c)
			}
		default:
			_, next := m.Update(msg)
			run(next)
		}
	}
}

// benchOpen measures opening a view of the library, up to its first full render.
func benchOpen(b *testing.B, open func(m *Model) tea.Cmd, ready func(m *Model) bool) {
	lib, account := bigLibrary(b)
	m := bigBrowser(b, lib, account)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		m.stack = m.stack[:1]
		openUntil(b, m, open(m), ready)
		_ = m.View()
	}
	reportCPU(b, cpu)
	cov, err := lib.Coverage(account)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(cov.Complete*store.SyntheticPerTitle), "trophies")
}

func openKind(kind libraryKind) func(m *Model) tea.Cmd {
	return func(m *Model) tea.Cmd { _, cmd := m.Update(openLibraryMsg{kind: kind}); return cmd }
}

// BenchmarkOpenRecent, …Platinums, …Stats, …Hunt (n in the browser), …Search (F, then "dragon"
// typed: the search of every cached trophy and its rows).
func BenchmarkOpenRecent(b *testing.B) {
	benchOpen(b, openKind(libRecent), func(m *Model) bool { v, ok := m.top().(*recentView); return ok && v.loaded && v.items > 0 })
}

func BenchmarkOpenPlatinums(b *testing.B) {
	benchOpen(b, openKind(libPlatinums), func(m *Model) bool { v, ok := m.top().(*platinumsView); return ok && v.loaded && len(v.rows) > 0 })
}

func BenchmarkOpenStats(b *testing.B) {
	benchOpen(b, openKind(libStats), func(m *Model) bool { v, ok := m.top().(*statsView); return ok && v.drawnW == 120 })
}

func BenchmarkOpenHunt(b *testing.B) {
	benchOpen(b, openKind(libHunt), func(m *Model) bool { v, ok := m.top().(*huntView); return ok && v.loaded && len(v.rows) > 0 })
}

func BenchmarkOpenSearch(b *testing.B) {
	benchOpen(b, func(m *Model) tea.Cmd {
		_, cmd := m.Update(openLibraryMsg{kind: libSearch})
		openUntil(b, m, cmd, func(m *Model) bool { _, ok := m.top().(*searchView); return ok })
		return m.top().(*searchView).setQuery("dragon")
	}, func(m *Model) bool { v, ok := m.top().(*searchView); return ok && v.ran == "dragon" && len(v.rows) > 0 })
}

// bigFakeLibrary is the fake with n titles of 7 trophies each (3 earned, a platinum among them): at
// 20,000 titles (PSN_STORE_BIG=1), enough rows to fill every list to its cap.
func bigFakeLibrary(n int) *fakeLib {
	lib := newFakeLib(n)
	for _, t := range lib.titles {
		lib.trophies[t.NPCommunicationID] = demoTrophies(t)
	}
	return lib
}

// bigFakeView opens a library view on the fake (bigLibraryTitles titles) and returns the model.
func bigFakeView(b *testing.B, keys ...string) *Model {
	m := start(b, newTestModel(bigFakeLibrary(bigLibraryTitles()), 120, 40))
	press(b, m, keys...)
	return m
}

// benchKeys alternates keystrokes (Update + View), every keystrokes of one then as many of the
// other (each undoing the first), and reports the rows the list holds.
func benchKeys(b *testing.B, m *Model, rows int, a, z tea.KeyMsg, every int) {
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for i := 0; b.Loop(); i++ {
		k := a
		if i/every%2 == 1 {
			k = z
		}
		m.Update(k)
		_ = m.View()
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(rows), "rows")
}

// reportCPU reports the process's CPU time per operation since since (processCPU), in ms: on a
// machine shared with other work, the figure to hold against the bars.
func reportCPU(b *testing.B, since time.Duration) {
	b.ReportMetric(float64(processCPU()-since)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// recentAll opens recent trophies and reads every page (up to recentMax).
func recentAll(b *testing.B) (*Model, *recentView) {
	m := bigFakeView(b, "E")
	v := m.top().(*recentView)
	for v.items < min(recentMax, v.total) {
		press(b, m, "G")
	}
	return m, v
}

// typeQuery types text into a search or next-to-hunt query, running only the last query.
func typeQuery(b *testing.B, m *Model, text string) {
	var cmds []tea.Cmd
	for _, r := range text {
		_, cmd := m.Update(keyMsg(string(r)))
		cmds = append(cmds, cmd)
	}
	drive(b, m, tea.Batch(cmds...))
}

// Moving in the biggest each list gets at 20,000 titles: recent's 20,000 loaded, platinums' 20,000,
// next to hunt's 10,000, search's 5,000.
func BenchmarkRecentKeystrokeMove(b *testing.B) {
	m, v := recentAll(b)
	benchKeys(b, m, v.items, keyMsg("k"), keyMsg("j"), 30)
}

func BenchmarkPlatinumsKeystrokeMove(b *testing.B) {
	m := bigFakeView(b, "#")
	v := m.top().(*platinumsView)
	if len(v.rows) != bigLibraryTitles() {
		b.Fatalf("%d platinums", len(v.rows))
	}
	benchKeys(b, m, len(v.rows), keyMsg("j"), keyMsg("k"), 30)
}

func BenchmarkHuntKeystrokeMove(b *testing.B) {
	m := bigFakeView(b, "n")
	benchKeys(b, m, len(m.top().(*huntView).rows), keyMsg("j"), keyMsg("k"), 30)
}

func BenchmarkSearchKeystrokeMove(b *testing.B) {
	m := bigFakeView(b, "F")
	typeQuery(b, m, "speed")
	press(b, m, "enter")
	v := m.top().(*searchView)
	if len(v.rows) != min(searchLimit, bigLibraryTitles()) {
		b.Fatalf("%d matches", len(v.rows))
	}
	benchKeys(b, m, len(v.rows), keyMsg("j"), keyMsg("k"), 30)
}

// A letter typed into a filter and a backspace, over every row the list holds: recent's 20,000
// (headings kept while a trophy of their day matches) and platinums' 20,000.
func BenchmarkRecentKeystrokeFilter(b *testing.B) {
	m, v := recentAll(b)
	press(b, m, "/")
	typeText(b, m, "s")
	benchKeys(b, m, v.items, keyMsg("p"), keyMsg("backspace"), 1)
}

func BenchmarkPlatinumsKeystrokeFilter(b *testing.B) {
	m := bigFakeView(b, "#", "/")
	typeText(b, m, "e")
	benchKeys(b, m, len(m.top().(*platinumsView).rows), keyMsg("r"), keyMsg("backspace"), 1)
}

// A letter typed into the query of search or of next to hunt and a backspace: the query parsed, the
// store asked for its answer (in a command, not run here: the store's side is BenchmarkOpenSearch,
// BenchmarkOpenHunt and the store's BenchmarkTix…).
func BenchmarkSearchKeystrokeQuery(b *testing.B) {
	m := bigFakeView(b, "F")
	typeQuery(b, m, "grade:gold rarity<5 speed")
	benchKeys(b, m, len(m.top().(*searchView).rows), keyMsg("s"), keyMsg("backspace"), 1)
}

func BenchmarkHuntKeystrokeQuery(b *testing.B) {
	m := bigFakeView(b, "n", "/")
	typeQuery(b, m, "grade:gold rarity<50 s")
	benchKeys(b, m, len(m.top().(*huntView).rows), keyMsg("p"), keyMsg("backspace"), 1)
}

// f in next to hunt: the grade filter over its 10,000 rows.
func BenchmarkHuntKeystrokeGrade(b *testing.B) {
	m := bigFakeView(b, "n")
	v := m.top().(*huntView)
	if len(v.rows) == 0 || len(v.rows) > huntLimit {
		b.Fatalf("%d rows", len(v.rows))
	}
	benchKeys(b, m, len(v.rows), keyMsg("f"), keyMsg("f"), 1)
}

// Scrolling the stats screen.
func BenchmarkStatsKeystrokeScroll(b *testing.B) {
	m := bigFakeView(b, "I")
	benchKeys(b, m, 0, keyMsg("j"), keyMsg("k"), 10)
}
