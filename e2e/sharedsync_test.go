package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Two `psn-client sync` processes on one cache at once share the work: no title request is sent
// twice (the fake's log proves it), and together they send the cold minimum plus the second one's
// title list.
func TestTwoSyncProcessesShareTitles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary twice at once")
	}
	a := newApp(t, psntest.Options{Titles: 150, Latency: 10 * time.Millisecond})
	a.login()
	var titles []titleInfo
	if err := json.Unmarshal([]byte(a.must("titles", "--json").stdout), &titles); err != nil {
		t.Fatal(err)
	}
	minimum := minimumRequests(titles)
	a.srv.ResetLog()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	first, outA, errA := a.command(ctx, "", "sync")
	second, outB, errB := a.command(ctx, "", "sync")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	if err := first.Wait(); err != nil {
		t.Fatalf("first sync: %v\n%s", err, errA)
	}
	if err := second.Wait(); err != nil {
		t.Fatalf("second sync: %v\n%s", err, errB)
	}
	seen := map[string]bool{}
	lists, total := 0, 0
	for _, r := range a.srv.Requests() {
		if !isAPI(r) {
			continue
		}
		if isPlayTime(r) {
			// Counted apart, and never sent by both: the second waits for the first's answers.
			if k := requestKey(r); seen[k] {
				t.Fatalf("two syncs both sent %s", k)
			} else {
				seen[k] = true
			}
			continue
		}
		total++
		if isTitleList(r) {
			lists++
			continue
		}
		if r.Status != 200 {
			t.Fatalf("%s answered %d", r.Path, r.Status)
		}
		k := requestKey(r)
		if seen[k] {
			t.Fatalf("two syncs both sent %s", k)
		}
		seen[k] = true
	}
	if total != minimum-1+lists || lists > 2 {
		t.Fatalf("two syncs of %d titles sent %d requests (%d title-list pages); the minimum is %d", len(titles), total, lists, minimum)
	}
	for _, out := range []string{outA.String(), outB.String()} {
		var checked, fetched, sent int
		if _, err := fmt.Sscanf(out, "%d titles checked, %d fetched, %d", &checked, &fetched, &sent); err != nil || fetched == 0 {
			t.Fatalf("a sync did no share of the work (they did not run together): %q", out)
		}
	}
	export := a.exportJSON()
	if len(export) == 0 {
		t.Fatal("nothing cached after both syncs")
	}
}
