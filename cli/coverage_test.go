package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Issue 11 #5: next and export say how much of the library they cover when it is partial.
func TestNextAndExportSayTheirCoverage(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	if r := h.run("", "trophies", "NPWR20188_00"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	h.srv.ResetLog()
	r := h.run("", "next")
	if r.code != 0 || !strings.HasSuffix(r.stderr, "from 1 of 300 titles; the others are not cached yet (psn-client sync fetches them)\n") {
		t.Errorf("next: exit %d, stderr %q", r.code, r.stderr)
	}
	r = h.run("", "export", "--format", "csv")
	if r.code != 0 || !strings.HasSuffix(r.stderr, "exported from 1 of 300 titles; the others are not cached yet (psn-client sync fetches them)\n") {
		t.Errorf("export: exit %d, stderr %q", r.code, r.stderr)
	}
	if reqs := h.apiRequests(); len(reqs) != 0 {
		t.Errorf("a fresh cache, and still %v", reqs)
	}
	if r := h.run("", "sync"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := h.run("", "next"); r.code != 0 || r.stderr != "" {
		t.Errorf("next after sync: exit %d, stderr %q", r.code, r.stderr)
	}
}

// Issue 11 #2: next refreshes what is stale, and only that: a title list older than a few minutes
// (one page, as nothing else moved) and the earned status of the title it shows changed; the trophy
// earned meanwhile is no longer listed.
func TestNextRefreshesOnlyWhatIsStale(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	if r := h.run("", "sync"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	var next []jsonTrophy
	if err := json.Unmarshal([]byte(h.run("", "next", "--json", "--limit", "1").stdout), &next); err != nil || len(next) != 1 {
		t.Fatalf("next: %v", err)
	}
	easiest := next[0]
	if err := h.srv.EarnTrophy(psntest.DemoAccountID, easiest.NPCommunicationID, easiest.TrophyID, time.Now()); err != nil {
		t.Fatal(err)
	}
	h.srv.ResetLog()
	r := h.start(func() time.Time { return time.Now().Add(6 * time.Minute) }, "next", "--json", "--limit", "0")
	if code := r.wait(t, 30*time.Second); code != 0 || r.errb.String() != "" {
		t.Fatalf("exit %d: %s", code, r.errb.String())
	}
	reqs := h.apiRequests()
	if len(reqs) != 2 || !strings.HasSuffix(reqs[0], "/trophyTitles") || !strings.Contains(reqs[1], "/users/me/npCommunicationIds/"+easiest.NPCommunicationID+"/") {
		t.Errorf("stale cache refreshed with %v, want the title list and the moved title's earned status", reqs)
	}
	if err := json.Unmarshal([]byte(r.out.String()), &next); err != nil {
		t.Fatal(err)
	}
	for _, tr := range next {
		if tr.NPCommunicationID == easiest.NPCommunicationID && tr.TrophyID == easiest.TrophyID {
			t.Fatalf("the trophy earned meanwhile is still to hunt")
		}
	}
}
