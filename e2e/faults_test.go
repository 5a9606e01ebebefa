package e2e

import (
	"context"
	"testing"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// TestSyncUnderFaultsEqualsAFaultFreeSync: with 10% of API answers an HTML 503 and 5% a truncated
// 200, a cold sync completes and caches exactly what a sync against a healthy server caches.
func TestSyncUnderFaultsEqualsAFaultFreeSync(t *testing.T) {
	const titles = 150
	// Sony's picture URLs: the two servers' caches are compared, and their ports differ.
	clean := newStack(t, stackOptions{server: psntest.Options{Titles: titles, SonyImageURLs: true}})
	if _, err := clean.lib.Sync(context.Background(), "me", nil); err != nil {
		t.Fatal(err)
	}
	faulty := newStack(t, stackOptions{
		server: psntest.Options{Titles: titles, FaultRate5xx: 0.10, FaultRateTruncated: 0.05, Seed: 7, SonyImageURLs: true},
		client: psnapi.Options{Sleep: scaledSleep(50)},
	})
	res, err := faulty.lib.Sync(context.Background(), "me", nil)
	if err != nil {
		t.Fatalf("sync under faults: %v (%+v)", err, res)
	}
	status := map[int]int{}
	for _, r := range faulty.srv.Requests() {
		status[r.Status]++
	}
	if status[503] == 0 {
		t.Fatal("no fault was injected: the test proves nothing")
	}
	t.Logf("result %+v; answers by status %v", res, status)
	if got, want := faulty.trophyDump("me"), clean.trophyDump("me"); got != want {
		t.Errorf("the cache after a faulty sync differs from a fault-free sync's (%d vs %d bytes)", len(got), len(want))
	}
}
