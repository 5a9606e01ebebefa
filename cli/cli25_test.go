package cli

import (
	"strings"
	"testing"

	"github.com/psnclient/psn-client/assets"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Issue 14 #25: trophies takes a title's name when it matches one title, and lists the candidates
// when it matches several.
func TestTrophiesByTitleName(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 40})
	h.login()
	byID := h.run("", "trophies", "NPWR20188_00")
	if byID.code != 0 {
		t.Fatal(byID.stderr)
	}
	for _, args := range [][]string{
		{"trophies", "astros playroom"},            // ’ vs nothing, case
		{"trophies", "ASTRO'S", "PLAYROOM"},        // ' vs ’, words as separate arguments
		{"trophies", "  Astro’s   Playroom  "},     // spaces
		{"trophies", "astro's playroom", "--json"}, // a part of the name is enough only when unique: here it is whole
	} {
		r := h.run("", args...)
		if r.code != 0 {
			t.Errorf("%q: exit %d: %s", args, r.code, r.stderr)
			continue
		}
		if args[len(args)-1] != "--json" && r.stdout != byID.stdout {
			t.Errorf("%q printed another title than NPWR20188_00:\n%.200s", args, r.stdout)
		}
	}
	h.srv.ResetLog()
	r := h.run("", "trophies", "resident evil")
	if r.code != 1 || !strings.Contains(r.stderr, `"resident evil" matches 2 titles: `) ||
		!strings.Contains(r.stderr, "NPWR10600_00 RESIDENT EVIL 5 (PS4)") || !strings.Contains(r.stderr, "NPWR15179_00 RESIDENT EVIL 2") ||
		strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("an ambiguous name: exit %d, %q", r.code, r.stderr)
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("an ambiguous name in the cached list sent %d requests", n)
	}
	if r := h.run("", "trophies", "no such game"); r.code != 1 || !strings.Contains(r.stderr, `no title "no such game"`) {
		t.Errorf("an unknown name: exit %d, %q", r.code, r.stderr)
	}
}

// Shell completion offers the cached titles' NPCOMMIDs (described by their cleaned names) without a
// request, and json|csv for --format.
func TestCompletionFromTheCache(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 12})
	h.login()
	h.srv.World(func(w *assets.World) { w.Title("NPWR20188_00").Name = "ASTRO’s\tPLAY\x1b[2JROOM\n" })
	if r := h.run("", "__complete", "trophies", ""); strings.Contains(r.stdout, "NPWR") {
		t.Errorf("completion before anything is cached: %q", r.stdout)
	}
	h.run("", "titles")
	h.srv.ResetLog()
	r := h.run("", "__complete", "trophies", "npwr2018")
	if !strings.Contains(r.stdout, "NPWR20188_00\tASTRO’s PLAYROOM\n") || strings.Contains(r.stdout, "NPWR10600_00") || !strings.Contains(r.stdout, ":4\n") {
		t.Errorf("completion of npwr2018: %q", r.stdout)
	}
	all := h.run("", "__complete", "trophies", "")
	if n := strings.Count(all.stdout, "NPWR"); n != 12 {
		t.Errorf("completion of all: %d ids: %q", n, all.stdout)
	}
	humanSafe(t, "completion", strings.ReplaceAll(all.stdout, "\t", " ")) // the tab separates id and description
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("completion sent %d requests", n)
	}
	if r := h.run("", "__complete", "export", "--format", ""); !strings.HasPrefix(r.stdout, "json\ncsv\n:4\n") {
		t.Errorf("--format completion: %q", r.stdout)
	}
}

// --limit abc is one line saying what --limit needs (exit 2), not strconv's words and a usage page.
func TestBadFlagValueIsOneLine(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 12})
	for args, want := range map[string]string{
		"next --limit abc": `psn-client: --limit needs a whole number, not "abc" (see psn-client next --help)` + "\n",
		"next --limit -3":  `psn-client: --limit needs 0 (no limit) or more, not -3 (see psn-client next --help)` + "\n",
	} {
		if args == "next --limit -3" {
			h.login()
		}
		r := h.run("", strings.Fields(args)...)
		if r.code != 2 || r.stderr != want {
			t.Errorf("%s: exit %d, %q; want 2, %q", args, r.code, r.stderr, want)
		}
	}
}

// The GROUP column says "Base game" for the default group, as the browser does; summary names the
// demo's account as it names a real one.
func TestGroupColumnAndSummaryName(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 12})
	h.login()
	r := h.run("", "trophies", "NPWR10600_00")
	lines := strings.Split(r.stdout, "\n")
	if len(lines) < 4 || !strings.Contains(lines[3], " Base game ") {
		t.Errorf("the default group's row: %q", lines[min(3, len(lines)-1)])
	}
	for _, args := range [][]string{{"summary"}, {"summary", "--demo"}} {
		if r := h.run("", args...); !strings.HasPrefix(r.stdout, psntest.DemoOnlineID+" · level ") {
			t.Errorf("%v: %q", args, r.stdout)
		}
	}
}
