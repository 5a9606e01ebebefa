package store

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// The trophy index's benchmarks run on a library of tixBenchTitles() titles of 50 trophies: 500 by
// default (CI's one pass), 20,000 (1,000,000 trophies) with PSN_STORE_BIG=1, the size issue 12's
// bars are set for. The library is built once per test binary; each benchmark opens it as a new
// process would (a new Library, the page cache warm).

func tixBenchTitles() int {
	if os.Getenv("PSN_STORE_BIG") == "1" {
		return 20000
	}
	return 500
}

const tixBenchPer = SyntheticPerTitle

var tixFixture struct {
	once  sync.Once
	paths Paths
	root  string
	build time.Duration
	err   error
}

// tixBenchList is the title list of the benchmark library (SyntheticTitles).
func tixBenchList(n int) []psnapi.TrophyTitle { return SyntheticTitles(n) }

// writeTixBenchLibrary writes a library of n titles under paths for the account key
// (WriteSyntheticLibrary).
func writeTixBenchLibrary(tb testing.TB, paths Paths, lang, key string, n int) {
	if err := WriteSyntheticLibrary(paths, SyntheticLibrary{Language: lang, Account: key, Titles: n}); err != nil {
		tb.Fatal(err)
	}
}

// tixBench returns a fresh Library on the benchmark library, its index built.
func tixBench(b *testing.B) *Library {
	b.Helper()
	f := &tixFixture
	f.once.Do(func() {
		f.root, f.err = os.MkdirTemp("", "psn-client-tix-bench-")
		if f.err != nil {
			return
		}
		f.paths = Paths{Config: filepath.Join(f.root, "config"), State: filepath.Join(f.root, "state"), Cache: filepath.Join(f.root, "cache")}
		writeTixBenchLibrary(b, f.paths, "", "me", tixBenchTitles())
		start := time.Now()
		_, f.err = openTest(b, f.paths, Options{}).Recent("me", 0, 1)
		f.build = time.Since(start)
	})
	if f.err != nil {
		b.Fatal(f.err)
	}
	l := openTest(b, f.paths, Options{Now: func() time.Time { return time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC) }})
	if _, err := l.Recent("me", 0, 1); err != nil { // warm: page cache, no update pending
		b.Fatal(err)
	}
	b.ReportMetric(float64(tixBenchTitles()*tixBenchPer), "trophies")
	b.ResetTimer()
	return openTest(b, f.paths, Options{Now: func() time.Time { return time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC) }})
}

// BenchmarkTixBuild: a full build of the index from the per-title records (the first query after
// an upgrade, or after the index was deleted).
func BenchmarkTixBuild(b *testing.B) {
	l := tixBench(b)
	dir := l.tixDir(l.accountKey("me"))
	for b.Loop() {
		b.StopTimer()
		os.RemoveAll(dir)
		b.StartTimer()
		if _, err := l.Recent("me", 0, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func benchSearch(b *testing.B, query string) {
	l := tixBench(b)
	q, err := ParseQuery(query)
	if err != nil {
		b.Fatal(err)
	}
	var total int
	cpu := processCPU()
	for b.Loop() {
		res, err := l.Search("me", q, SearchOptions{Limit: 50})
		if err != nil {
			b.Fatal(err)
		}
		total = res.Total
	}
	// CPU time of every thread (the reader and the matcher run at once): on a machine shared with
	// other work, the figure to hold against the bar.
	b.ReportMetric(float64(processCPU()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(total), "matches")
}

// A search over every cached trophy: a common word, two words, a word found nowhere (the whole text
// scanned), filters only (no text read), and both.
func BenchmarkTixSearchWord(b *testing.B)     { benchSearch(b, "dragon") }
func BenchmarkTixSearchTwoWords(b *testing.B) { benchSearch(b, "golden chapter") }
func BenchmarkTixSearchNoMatch(b *testing.B)  { benchSearch(b, "zzzzqq") }
func BenchmarkTixSearchFilters(b *testing.B) {
	benchSearch(b, "grade:gold rarity<5 unearned platform:ps5")
}
func BenchmarkTixSearchMixed(b *testing.B) { benchSearch(b, "knight earned:2020 -hidden") }

func BenchmarkTixRecent(b *testing.B) {
	l := tixBench(b)
	for b.Loop() {
		if r, err := l.Recent("me", 0, 100); err != nil || len(r.Items) != 100 {
			b.Fatal(err)
		}
	}
}

func BenchmarkTixPlatinums(b *testing.B) {
	l := tixBench(b)
	var n int
	for b.Loop() {
		p, err := l.Platinums("me", PlatinumsByDate, 0)
		if err != nil {
			b.Fatal(err)
		}
		n = len(p.Items)
	}
	b.ReportMetric(float64(n), "platinums")
}

func BenchmarkTixStats(b *testing.B) {
	l := tixBench(b)
	for b.Loop() {
		if _, err := l.Stats("me"); err != nil {
			b.Fatal(err)
		}
	}
}

// next --limit 5, and the browser's n (the first 10,000).
func BenchmarkTixNext5(b *testing.B) {
	l := tixBench(b)
	for b.Loop() {
		if items, err := l.NextN("me", 5); err != nil || len(items) != 5 {
			b.Fatal(err)
		}
	}
}

func BenchmarkTixNext10000(b *testing.B) {
	l := tixBench(b)
	for b.Loop() {
		if _, err := l.NextN("me", 10000); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTixUpdateOneTitle: one title earned a trophy (its marker waits): the next query reads it
// again and writes a small segment, the lists and the manifest.
func BenchmarkTixUpdateOneTitle(b *testing.B) {
	l := tixBench(b)
	key := l.accountKey("me")
	tl, _, _ := l.CachedTitles("me")
	id := tl.Titles[len(tl.Titles)/2].NPCommunicationID
	for b.Loop() {
		l.markEarnedChanged(key, id)
		if _, err := l.Recent("me", 0, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTixLargeAccount builds the index of a 20,000-title / 1,000,000-trophy library and reports the
// time of the build, a search, recent, stats and next, and the peak RSS. PSN_STORE_BIG=1 only.
func TestTixLargeAccount(t *testing.T) {
	if os.Getenv("PSN_STORE_BIG") != "1" {
		t.Skip("set PSN_STORE_BIG=1 to build the trophy index of a 1,000,000-trophy library")
	}
	p := testPaths(t)
	writeTixBenchLibrary(t, p, "", "me", 20000)
	runtime.GC()
	l := openTest(t, p, Options{})
	timed := func(what string, fn func() error) {
		start := time.Now()
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		t.Logf("%-28s %v", what, time.Since(start).Round(time.Millisecond))
	}
	timed("build (first query)", func() error { _, err := l.Recent("me", 0, 1); return err })
	q, _ := ParseQuery("dragon")
	timed("search dragon", func() error { _, err := l.Search("me", q, SearchOptions{Limit: 50}); return err })
	timed("recent 50", func() error { _, err := l.Recent("me", 0, 50); return err })
	timed("platinums", func() error { _, err := l.Platinums("me", PlatinumsByDate, 0); return err })
	timed("stats", func() error { _, err := l.Stats("me"); return err })
	timed("next 5", func() error { _, err := l.NextN("me", 5); return err })
	timed("next 10000", func() error { _, err := l.NextN("me", 10000); return err })
	rss := vmHWM(t)
	t.Logf("peak RSS %.1f MB", rss)
	if rss > 100 {
		t.Fatalf("peak RSS %.1f MB", rss)
	}
}

// TestWriteBigLibrary writes a 20,000-title / 1,000,000-trophy library, logged in, under the XDG
// directories $PSN_TIX_WRITE_DIR/{config,state,cache}, for measuring the real binary on it:
//
//	PSN_TIX_WRITE_DIR=/tmp/big go test ./store -run TestWriteBigLibrary
//	XDG_CACHE_HOME=/tmp/big/cache XDG_STATE_HOME=/tmp/big/state XDG_CONFIG_HOME=/tmp/big/config \
//	    PSN_LANG=en-US /usr/bin/time -v psn-client next --limit 5
func TestWriteBigLibrary(t *testing.T) {
	root := os.Getenv("PSN_TIX_WRITE_DIR")
	if root == "" {
		t.Skip("set PSN_TIX_WRITE_DIR to write a 1,000,000-trophy library there")
	}
	p := Paths{Config: filepath.Join(root, "config", AppName), State: filepath.Join(root, "state", AppName), Cache: filepath.Join(root, "cache", AppName)}
	l := openTest(t, p, Options{Language: "en-US"})
	if err := l.Credentials().SaveToken(psnapi.Token{AccessToken: "benchmark", RefreshToken: "benchmark",
		AccessExpiresAt: time.Now().Add(time.Hour), RefreshExpiresAt: time.Now().Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	const id = "7803210546917730418"
	if err := l.SetLoggedInAccount(Account{ID: id, OnlineID: "BigHunter"}); err != nil {
		t.Fatal(err)
	}
	writeTixBenchLibrary(t, p, "en-US", id, 20000)
}

// BenchmarkTixCoverage: Coverage answered by a current trophy index (next and export ask it first).
func BenchmarkTixCoverage(b *testing.B) {
	l := tixBench(b)
	for b.Loop() {
		if c, err := l.Coverage("me"); err != nil || c.Titles != tixBenchTitles() {
			b.Fatal(c.Titles, err)
		}
	}
}
