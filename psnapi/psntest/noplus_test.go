package psntest

import (
	"strings"
	"testing"
)

// TestNoPlus: an account without PS Plus still sees which trophies have Game Help, but metGetTips
// answers hasAccess false with no trophies (so no video URL); the default has access.
func TestNoPlus(t *testing.T) {
	tips := gqlPath("metGetTips", `{"npCommId":"NPWR20188_00","trophies":[{"trophyId":"18","udsObjectId":"GATCHA_SECRET","helpType":"HINT"}]}`, tipsExt)
	avail := gqlPath("metGetHintAvailability", `{"npCommId":"NPWR20188_00","trophyIds":[]}`, hintExt)

	plus := start(t, Options{})
	withPlus := plus.getOK(avail, gqlHeaders...)
	m := plus.getOK(tips, gqlHeaders...)
	if r := obj(obj(m["data"])["tipsRetrieve"]); r["hasAccess"] != true || len(r["trophies"].([]any)) != 1 {
		t.Fatalf("with PS Plus: %v", r)
	}

	h := start(t, Options{NoPlus: true})
	assertEqualJSON(t, h.getOK(avail, gqlHeaders...), withPlus, "availability without PS Plus")
	m = h.getOK(tips, gqlHeaders...)
	assertEqualJSON(t, m, mustJSON(t, `{"data":{"tipsRetrieve":{"__typename":"Tips","hasAccess":false,"trophies":[]}}}`), "tips without PS Plus")
	if r := h.get(tips); r.status != 400 || !strings.Contains(string(r.body), "BAD_REQUEST") {
		t.Fatalf("NoPlus skipped the header check: %d %s", r.status, r.body)
	}
}
