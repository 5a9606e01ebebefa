//go:build linux

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// The browser as a user meets it on a big library: the real binary in a pseudo-terminal, its
// first full screen timed from the process's start, then next to hunt, recent trophies and stats
// opened while it refreshes the title list against the fake, and its peak RSS when it has quit.
// CI's one pass uses 500 titles; PSN_STORE_BIG=1 the bar's 20,000 titles with 1,000,000 cached
// trophies (their writing takes a few minutes on two busy cores; PSN_BIG_LIBRARY_DIR=dir keeps
// the library in dir and uses it again on the next run):
//
//	PSN_STORE_BIG=1 PSN_BIG_LIBRARY_DIR=/tmp/big-e2e go test ./e2e -run '^$' -bench Browser -benchtime 5x -v
//
// -v logs each session's peak RSS after each step and how long each view took to show. To look
// inside: PSN_PTY_WRAP='strace -f -tt -o /tmp/trace' runs the binary under that command,
// PSN_PTY_STDERR=file sends its stderr there (with GODEBUG=gctrace=1, passed on like GOGC and
// GOMEMLIMIT). PSN_BENCH_FIRST_PLAY=1 makes every session the library's first for play time: the
// played-games list and the titleId mapping are removed from the cache before it starts, so its
// fill reads the whole list and matches the games again (issue 12's 113 MB first session), and the
// session lasts until the fake has had no request for 3 s (the budget spent, or the work done).

func browserBenchTitles() int {
	if os.Getenv("PSN_STORE_BIG") == "1" {
		return 20000
	}
	return 500
}

// bigBrowserApp is a logged-in installation whose cache holds the fake's n titles, each with 50
// trophies (store.SyntheticLibrary) current for the title list, and the trophy index built: a
// library that was synced, as the browser finds it on a later start.
func bigBrowserApp(b *testing.B, n int) *app {
	a := newApp(b, psntest.Options{Titles: n})
	if dir := os.Getenv("PSN_BIG_LIBRARY_DIR"); dir != "" {
		a.dir = dir
		for k, sub := range map[string]string{"XDG_CONFIG_HOME": "config", "XDG_STATE_HOME": "state", "XDG_CACHE_HOME": "cache",
			"HOME": "home", "TMPDIR": "tmp"} {
			a.env[k] = filepath.Join(dir, sub)
		}
	}
	// Tokens are the fake's of this run: log in every time.
	a.login()
	lib, err := store.Open(a.paths(), store.Options{Language: "en-US"})
	if err != nil {
		b.Fatal(err)
	}
	defer lib.Close()
	me, ok := lib.LoggedIn()
	if !ok {
		b.Fatal("not logged in")
	}
	if c, err := lib.Coverage(me.ID); err == nil && c.Titles == n && c.Complete == n {
		b.Logf("using the library in %s", a.dir)
		return a
	}
	start := time.Now()
	a.must("titles", "--json") // the title list, as the binary caches it
	tl, ok, err := lib.CachedTitles(me.ID)
	if err != nil || !ok || len(tl.Titles) != n {
		b.Fatalf("cached %d titles (%v), want %d", len(tl.Titles), err, n)
	}
	if err := store.WriteSyntheticLibrary(a.paths(), store.SyntheticLibrary{Language: "en-US", Account: me.ID, List: tl.Titles}); err != nil {
		b.Fatal(err)
	}
	if _, err := lib.Stats(me.ID); err != nil { // builds the trophy index, as sync leaves it
		b.Fatal(err)
	}
	if c, err := lib.Coverage(me.ID); err != nil || c.Complete != n {
		b.Fatalf("coverage %+v, %v", c, err)
	}
	b.Logf("wrote %d titles, %d trophies in %v", n, n*store.SyntheticPerTitle, time.Since(start).Round(time.Second))
	return a
}

// BenchmarkBrowser times the first full screen (process start to the title list drawn with its
// footer and status bar, the terminal's colour queries answered as a terminal does) and measures
// the process's peak RSS over a session: start, the start-up refresh of the title list, n, E, I, q.
// Bars at 20,000 titles: first frame < 100 ms, peak RSS < 100 MB. The views read the cache only,
// and the fill finds every title current: a request for a title's trophies fails the benchmark (the
// browser's own requests, the title list, the summary, play time and its matches, presence, do not).
func BenchmarkBrowser(b *testing.B) {
	n := browserBenchTitles()
	a := bigBrowserApp(b, n)
	a.srv.ResetLog()
	count := strconv.Itoa(n)
	if n >= 1000 {
		count = count[:len(count)-3] + "," + count[len(count)-3:]
	}
	var first, firstCPU time.Duration
	var peak float64
	b.ResetTimer()
	for b.Loop() {
		if os.Getenv("PSN_BENCH_FIRST_PLAY") == "1" {
			forgetPlayTime(b, a)
		}
		cmd := exec.Command(binary(b))
		if w := os.Getenv("PSN_PTY_WRAP"); w != "" {
			cmd = exec.Command(strings.Fields(w)[0], append(strings.Fields(w)[1:], binary(b))...)
		}
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "TERM=xterm-256color", "COLORTERM=truecolor", "LANG=C.UTF-8"}
		for _, k := range []string{"GOGC", "GOMEMLIMIT", "GODEBUG"} { // the Go runtime's settings, to try them
			if v, ok := os.LookupEnv(k); ok {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
		}
		for k, v := range a.env {
			if k != "NO_COLOR" && k != "TERM" {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
		}
		if p := os.Getenv("PSN_PTY_STDERR"); p != "" {
			f, err := os.Create(p)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { f.Close() })
			cmd.Stderr = f
		}
		term := startTerminal(b, cmd, 120, 40)
		at, off := term.waitFor(0, time.Minute, count+" titles", "Titles")
		first += at.Sub(term.started)
		firstCPU += term.cpu()
		phases := []string{fmt.Sprintf("first frame %.0f MB", term.hwm())}
		for _, step := range []struct{ key, shown string }{{"n", "showing all"}, {"E", "newest first"}, {"I", "Trophies per month"}} {
			pressed := time.Now()
			var shown time.Time
			term.press(step.key)
			shown, off = term.waitFor(off, time.Minute, step.shown)
			phases = append(phases, fmt.Sprintf("%s in %d ms %.0f MB", step.key, shown.Sub(pressed).Milliseconds(), term.hwm()))
		}
		// The start-up refresh of the title list has answered, and the fill has had a second to do
		// what it does after it, before the peak is read.
		for deadline := time.Now().Add(time.Minute); !refreshed(a.srv.Requests()); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				b.Fatal("the title list was never refreshed")
			}
		}
		time.Sleep(time.Second)
		if os.Getenv("PSN_BENCH_FIRST_PLAY") == "1" {
			quiet(a, 3*time.Second, 3*time.Minute) // the played-games list read and the matches sent
		}
		// VmHWM, not the exited child's rusage: os/exec starts the child with vfork, and until its
		// execve the child's RSS is the test process's, which ru_maxrss keeps.
		rss := term.hwm()
		phases = append(phases, fmt.Sprintf("refreshed %.0f MB", rss))
		peak = max(peak, rss)
		term.press("q")
		term.wait(time.Minute)
		b.Logf("peak RSS after: %s", strings.Join(phases, ", "))
		if os.Getenv("PSN_BENCH_LOG_REQUESTS") == "1" {
			byPath := map[string]int{}
			for _, r := range a.srv.Requests() {
				byPath[r.Path[:min(len(r.Path), 40)]]++
			}
			b.Logf("requests: %v", byPath)
		}
		for _, r := range a.srv.Requests() {
			if isAPI(r) && strings.Contains(r.Path, "/npCommunicationIds/") {
				b.Errorf("a request for a title's trophies: %s", requestKey(r))
			}
		}
		a.srv.ResetLog()
	}
	b.StopTimer()
	b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "first-frame-ms")
	b.ReportMetric(float64(firstCPU.Milliseconds())/float64(b.N), "first-frame-cpu-ms")
	b.ReportMetric(peak, "peak-RSS-MB")
	b.ReportMetric(float64(n), "titles")
}

// refreshed reports whether the log holds a title-list request.
func refreshed(log []psntest.Request) bool {
	for _, r := range log {
		if strings.HasSuffix(r.Path, "/trophyTitles") && r.Status == 200 {
			return true
		}
	}
	return false
}

// quiet waits until the fake has had no request for d (at most until limit).
func quiet(a *app, d, limit time.Duration) {
	n, since := -1, time.Now()
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if k := len(a.srv.Requests()); k != n {
			n, since = k, time.Now()
		} else if time.Since(since) >= d {
			return
		}
	}
}

// forgetPlayTime removes the cached played-games lists and the titleId mapping.
func forgetPlayTime(b *testing.B, a *app) {
	root := filepath.Join(a.env["XDG_CACHE_HOME"], "psn-client")
	played, _ := filepath.Glob(filepath.Join(root, "v*", "accounts", "*", "played.bin"))
	ids, _ := filepath.Glob(filepath.Join(root, "v*", "titleids.bin"))
	for _, p := range append(played, ids...) {
		if err := os.Remove(p); err != nil {
			b.Fatal(err)
		}
	}
}
