package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Issue 14 #12: after your own sync and a look at a friend's title list, the friend's titles have
// cached definitions but no cached earned status. Export must not call their trophies unearned: it
// exports only what is known and says how much that covers.
func TestExportSkipsTitlesWithUnknownEarnedStatus(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	if r := h.run("", "sync"); r.code != 0 {
		t.Fatalf("sync: %s", r.stderr)
	}
	if r := h.run("", "titles", "--user", psntest.FriendOnlineID); r.code != 0 {
		t.Fatalf("titles --user: %s", r.stderr)
	}
	r := h.run("", "export", "--format", "json", "--user", psntest.FriendOnlineID)
	var all []jsonTrophy
	json.Unmarshal([]byte(r.stdout), &all)
	for _, tr := range all {
		if !tr.Earned {
			t.Fatalf("exported %s trophy %d as unearned without knowing the friend's status", tr.NPCommunicationID, tr.TrophyID)
		}
	}
	if len(all) != 0 {
		t.Fatalf("exported %d trophies of titles whose status is not cached", len(all))
	}
	if !strings.Contains(r.stderr, "exported from 0 of ") {
		t.Errorf("no coverage note: %q", r.stderr)
	}
}
