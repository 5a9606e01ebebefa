package cli

import (
	"strings"
	"testing"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Issue 14 #3 end to end: one title with a field that cannot be read (a date of 9999-99-99, a
// hasTrophyGroups of "yes") no longer fails titles and sync for every title: it is left out with a
// note naming it, and the rest works.
func TestOneBadTitleIsSkippedWithANote(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 30})
	h.srv.BreakTitleField("NPWR20188_00", "lastUpdatedDateTime", `"9999-99-99T99:99:99Z"`)
	h.srv.BreakTitleField("NPWR10600_00", "hasTrophyGroups", `"yes"`)
	h.login()
	r := h.run("", "titles")
	if r.code != 0 {
		t.Fatalf("titles: exit %d: %s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, "NPWR20188_00") || strings.Contains(r.stdout, "NPWR10600_00") || !strings.Contains(r.stdout, "NPWR22859_00") {
		t.Errorf("titles:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "note: title list: skipped title NPWR20188_00") || !strings.Contains(r.stderr, "(and 1 more like it)") {
		t.Errorf("stderr %q", r.stderr)
	}
	if r := h.run("", "sync"); r.code != 0 || !strings.Contains(r.stdout+r.stderr, "28 titles") {
		t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
