package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// syncedHarness is a logged-in account whose library is synced, with the request log emptied.
func syncedHarness(t *testing.T, o psntest.Options) *harness {
	t.Helper()
	h := newHarness(t, o)
	h.login()
	if r := h.run("", "sync"); r.code != 0 {
		t.Fatalf("sync: %s", r.stderr)
	}
	h.srv.ResetLog()
	return h
}

func (h *harness) ok(args ...string) result {
	h.t.Helper()
	r := h.run("", args...)
	if r.code != 0 {
		h.t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
	}
	return r
}

func TestSearchFromTheCache(t *testing.T) {
	h := syncedHarness(t, psntest.Options{})

	r := h.ok("search", "astro's")
	if !strings.HasPrefix(r.stdout, "G  TROPHY") || !strings.Contains(r.stdout, "ASTRO’s PLAYROOM") {
		t.Errorf("search astro's:\n%s", r.stdout)
	}
	var items []jsonTrophy
	r = h.ok("search", "ASTROS", "--json", "--limit", "0")
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil || len(items) < 10 {
		t.Fatalf("search --json: %v (%d items)\n%.300s", err, len(items), r.stdout)
	}
	for _, it := range items {
		if it.NPCommunicationID != "NPWR20188_00" || it.Platform != "PS5" {
			t.Fatalf("search ASTROS found %s (%s)", it.Title, it.Platform)
		}
	}

	items = nil
	r = h.ok("search", "grade:platinum", "earned", "--json", "--limit", "0")
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil || len(items) == 0 {
		t.Fatalf("platinums: %v, %d", err, len(items))
	}
	for _, it := range items {
		if it.Grade != "platinum" || !it.Earned || it.EarnedAt == nil {
			t.Fatalf("grade:platinum earned gave %+v", it)
		}
	}

	// A query with spaces in one argument stays one term; --limit cuts and says so.
	r = h.ok("search", "title:astro's playroom", "--limit", "3")
	if n := strings.Count(r.stdout, "\n"); n != 4 || !strings.Contains(r.stderr, "3 of ") {
		t.Errorf("search with a limit: %d lines, stderr %q", n, r.stderr)
	}

	for _, c := range []struct{ args, says string }{
		{"grad:gold", `"grad:gold": no such filter (did you mean grade:?)`},
		{"rarity<abc", `"rarity<abc": "abc" is not a percentage`},
		{"earned:2025-13", `is not a date`},
	} {
		r := h.run("", "search", c.args)
		if r.code != 2 || !strings.Contains(r.stderr, c.says) || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "search --help") {
			t.Errorf("search %s: exit %d, %q", c.args, r.code, r.stderr)
		}
	}
	if r := h.run("", "search", "zzzz-no-such-trophy"); r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "no trophy matches") {
		t.Errorf("no match: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("search sent %d requests: %v", n, h.requestPaths())
	}
}

func TestRecentFromTheCache(t *testing.T) {
	h := syncedHarness(t, psntest.Options{})
	var items []jsonRecent
	r := h.ok("recent", "--json", "--limit", "0")
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil || len(items) < 100 {
		t.Fatalf("recent --json: %v (%d)", err, len(items))
	}
	plats := 0
	for i, it := range items {
		if !it.Earned || it.Number != len(items)-i {
			t.Fatalf("item %d: number %d, earned %v", i, it.Number, it.Earned)
		}
		if i > 0 && it.EarnedAt != nil && items[i-1].EarnedAt != nil && it.EarnedAt.After(*items[i-1].EarnedAt) {
			t.Fatalf("item %d is newer than the one before", i)
		}
		if it.Milestone != (it.Number == 1 || it.Number == 100 || it.Number%1000 == 0) {
			t.Fatalf("milestone %v at %d", it.Milestone, it.Number)
		}
		if it.Grade == "platinum" {
			plats++
		}
	}
	for i := len(items) - 1; i >= 0; i-- { // platinums numbered oldest first
		if items[i].Grade == "platinum" {
			if items[i].Platinum == 0 || items[i].Platinum > plats {
				t.Fatalf("platinum numbered %d of %d", items[i].Platinum, plats)
			}
		} else if items[i].Platinum != 0 {
			t.Fatalf("a %s numbered as a platinum", items[i].Grade)
		}
	}
	r = h.ok("recent", "--limit", "30")
	day := regexp.MustCompile(`(?m)^\d{4}-\d{2}-\d{2} (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$`)
	if !strings.HasPrefix(r.stdout, "TIME   G  TROPHY") || len(day.FindAllString(r.stdout, -1)) == 0 {
		t.Errorf("recent has no day heading:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "the latest 30 of ") {
		t.Errorf("recent --limit: stderr %q", r.stderr)
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("recent sent %d requests", n)
	}
}

func TestStatsFromTheCache(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	h.ok("sync")
	var sum jsonSummary
	json.Unmarshal([]byte(h.ok("summary", "--json").stdout), &sum)
	h.srv.ResetLog()

	var st jsonStats
	r := h.ok("stats", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatal(err)
	}
	if st.Earned != sum.Earned || st.Titles == 0 || st.CoveredTitles != st.LibraryTitles || len(st.LastYear) != 365 {
		t.Errorf("stats earned %+v (summary %+v), %d titles, %d of %d covered, %d days", st.Earned, sum.Earned, st.Titles,
			st.CoveredTitles, st.LibraryTitles, len(st.LastYear))
	}
	perMonth := 0
	for _, m := range st.PerMonth {
		perMonth += m.Total
	}
	total := st.Earned.Platinum + st.Earned.Gold + st.Earned.Silver + st.Earned.Bronze
	if perMonth+st.Undated != total || len(st.Platinums) != st.Earned.Platinum || len(st.Rarest) != 10 || len(st.Completion) != 11 {
		t.Errorf("per month %d + %d undated of %d; %d platinums; %d rarest", perMonth, st.Undated, total, len(st.Platinums), len(st.Rarest))
	}
	for i, p := range st.Platinums {
		if p.Number != len(st.Platinums)-i || p.Grade != "platinum" {
			t.Fatalf("platinum %d: %+v", i, p)
		}
	}
	json.Unmarshal([]byte(h.ok("stats", "--json", "--sort", "time").stdout), &st)
	for i := 1; i < len(st.Platinums); i++ {
		a, b := st.Platinums[i-1].TimeTaken, st.Platinums[i].TimeTaken
		if a != nil && b != nil && *a > *b {
			t.Fatalf("--sort time: %.0f s before %.0f s", *a, *b)
		}
	}

	// The text fits 40 columns and shows every part.
	r = h.ok("stats")
	for _, line := range strings.Split(strings.TrimRight(r.stdout, "\n"), "\n") {
		if w := ansi.StringWidth(line); w > 40 {
			t.Errorf("a line of %d columns: %q", w, line)
		}
	}
	for _, part := range []string{"Trophies per month", "The last year", "Earned by grade", "Earned by rarity",
		"Titles by completion", "Platinums: ", "The rarest trophies you earned"} {
		if !strings.Contains(r.stdout, part) {
			t.Errorf("stats lacks %q", part)
		}
	}
	if r := h.run("", "stats", "--sort", "fastest"); r.code != 2 || !strings.Contains(r.stderr, "--sort needs date, rarity or time") {
		t.Errorf("--sort fastest: exit %d %q", r.code, r.stderr)
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("stats sent %d requests", n)
	}
}

func TestNextTakesAQueryAndATitle(t *testing.T) {
	h := syncedHarness(t, psntest.Options{})
	var items []jsonTrophy
	json.Unmarshal([]byte(h.ok("next", "grade:gold", "platform:ps5", "--json", "--limit", "0").stdout), &items)
	if len(items) == 0 {
		t.Fatal("no unearned gold trophy on PS5")
	}
	for _, it := range items {
		if it.Grade != "gold" || it.Earned || !strings.Contains(it.Platform, "PS5") {
			t.Fatalf("next grade:gold platform:ps5 gave %+v", it)
		}
	}
	first := items[len(items)-1]
	items = nil
	json.Unmarshal([]byte(h.ok("next", "--title", first.NPCommunicationID, "--json", "--limit", "0").stdout), &items)
	if len(items) == 0 {
		t.Fatalf("nothing left in %s", first.Title)
	}
	for _, it := range items {
		if it.NPCommunicationID != first.NPCommunicationID {
			t.Fatalf("--title gave %s", it.Title)
		}
	}
	// By name, as trophies takes it (a name several titles share lists them instead).
	if r := h.run("", "next", "--title", strings.ToLower(first.Title)+"™"); !strings.Contains(r.stdout, first.NPCommunicationID) &&
		!strings.Contains(r.stderr, "matches") {
		t.Errorf("--title by name: %s %s", r.stdout, r.stderr)
	}
	if r := h.run("", "next", "earned"); r.code != 2 || !strings.Contains(r.stderr, "not earned") {
		t.Errorf("next earned: exit %d %q", r.code, r.stderr)
	}
	if r := h.run("", "next", "--title", "no such game at all"); r.code != 1 || !strings.Contains(r.stderr, "no title") {
		t.Errorf("next --title unknown: exit %d %q", r.code, r.stderr)
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("next sent %d requests: %v", n, h.requestPaths())
	}
}

func TestTrophiesWideIsAChecklist(t *testing.T) {
	h := syncedHarness(t, psntest.Options{})
	r := h.ok("trophies", "NPWR20188_00", "--wide")
	header, _, _ := strings.Cut(strings.SplitN(r.stdout, "\n", 3)[2], "\n")
	if !strings.Contains(header, "TROPHY") || !strings.Contains(header, "DESCRIPTION") {
		t.Fatalf("--wide header %q", header)
	}
	var items []jsonTrophy
	json.Unmarshal([]byte(h.ok("trophies", "NPWR20188_00", "--json").stdout), &items)
	shown := 0
	for _, it := range items {
		if it.Detail != "" && strings.Contains(r.stdout, it.Detail[:min(len(it.Detail), 30)]) {
			shown++
		}
	}
	if shown < len(items)/2 {
		t.Errorf("--wide shows %d of %d descriptions", shown, len(items))
	}
	if plain := h.ok("trophies", "NPWR20188_00"); strings.Contains(plain.stdout, "DESCRIPTION") {
		t.Error("the description column without --wide")
	}
}

// Before a sync there is nothing to compute from; with one title cached, every command says how
// much of the library it covers.
func TestCacheOnlyCommandsSayWhatTheyCover(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	for _, args := range [][]string{{"search", "astro"}, {"recent"}, {"stats"}, {"next"}} {
		if r := h.run("", args...); r.code != 1 || !strings.Contains(r.stderr, `run "psn-client sync" first`) {
			t.Errorf("%v before a sync: exit %d %q", args, r.code, r.stderr)
		}
	}
	h.ok("trophies", "NPWR20188_00") // the title list and one title
	h.srv.ResetLog()
	for _, args := range [][]string{{"search", "astro"}, {"recent"}, {"stats"}, {"next"}} {
		r := h.ok(args...)
		if !regexp.MustCompile(`from 1 of \d+ titles; the others are not cached yet \(psn-client sync fetches them\)`).MatchString(r.stderr) {
			t.Errorf("%v: stderr %q", args, r.stderr)
		}
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("cache-only commands sent %d requests", n)
	}
}

// Hostile names reach the terminal cleaned through the one cleaner, and the raw value (escaped)
// in JSON; a damaged index and an unreadable title record cost a note, not the answer.
func TestCacheOnlyCommandsWithHostileData(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 30})
	h.login()
	hostileWorld(h)
	h.ok("sync")
	for _, args := range [][]string{{"search", "red"}, {"search", "a", "--limit", "0", "--reveal"}, {"recent", "--limit", "0"},
		{"stats"}, {"next", "--limit", "0", "--reveal"}, {"search", "--json", "a", "--limit", "0"}} {
		r := h.ok(args...)
		checkTerminalSafe(t, strings.Join(args, " "), r.stdout+r.stderr)
	}
	r := h.ok("search", "red", "--json")
	if !strings.Contains(r.stdout, `\u001b[31mRED`) {
		t.Errorf("search --json lost the raw name:\n%.400s", r.stdout)
	}

	cache := filepath.Join(h.dir, "cache", "psn-client", "v1")
	manifests, _ := filepath.Glob(filepath.Join(cache, "accounts", "*", "trophies-*", "manifest.bin"))
	if len(manifests) != 1 {
		t.Fatalf("manifests: %v", manifests)
	}
	before := h.ok("search", "a", "--limit", "0", "--json").stdout
	os.WriteFile(manifests[0], []byte("PSNX\x01\x00garbage"), 0o644)
	r = h.ok("search", "a", "--limit", "0", "--json")
	if r.stdout != before || !strings.Contains(r.stderr, "note: the trophy index") || !strings.Contains(r.stderr, "rebuilt") {
		t.Errorf("after a damaged index: same answer %v, stderr %q", r.stdout == before, r.stderr)
	}
	defs, _ := filepath.Glob(filepath.Join(cache, "defs", "*", "NPWR*.bin"))
	os.WriteFile(defs[0], []byte("not a cache file"), 0o644)
	// The writers' markers are how the index hears of a change; a file damaged behind its back is
	// found when its title is read again (here: the next full list).
	markers, _ := filepath.Glob(filepath.Join(cache, "accounts", "*", "trophies-*", "changes"))
	os.WriteFile(filepath.Join(markers[0], strings.TrimSuffix(filepath.Base(defs[0]), ".bin")+".0000000000000001"), nil, 0o644)
	r = h.ok("stats")
	if !strings.Contains(r.stderr, "was unreadable") || !strings.Contains(r.stderr, "from 29 of 30 titles") {
		t.Errorf("one bad title record: stderr %q", r.stderr)
	}
	_ = time.Now
}
