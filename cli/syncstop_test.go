package cli

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Issue 11 #9: Ctrl-C stops a sync with status 130 and says what was kept; its last progress line
// and its summary give the same counts.
func TestCtrlCStopsSyncWithWhatWasKept(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	// A quarter of the budget goes at once, then one request every 90 s: the sync is under way and
	// keeps to the whole budget (nothing interactive runs) when Ctrl-C comes.
	h.env["PSN_RATE_LIMIT"] = "40/1h"
	h.login()
	r := h.start(nil, "sync")
	deadline := time.Now().Add(20 * time.Second)
	for len(h.apiRequests()) < 6 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("%d requests before Ctrl-C", len(h.apiRequests()))
	time.Sleep(100 * time.Millisecond) // the burst's answers written
	r.cancel()
	if code := r.wait(t, 20*time.Second); code != ExitStopped {
		t.Fatalf("exit %d, want %d\n%s", code, ExitStopped, r.errb.String())
	}
	stderr := r.errb.String()
	m := regexp.MustCompile(`(?m)^([0-9]+)/300 titles · ([0-9]+) requests sent\n`).FindAllStringSubmatch(stderr, -1)
	if len(m) == 0 {
		t.Fatalf("no closing progress line:\n%s", stderr)
	}
	last := m[len(m)-1]
	if want := last[2] + " requests sent"; !strings.Contains(r.out.String(), "300 titles checked, ") || !strings.HasSuffix(r.out.String(), want+"\n") {
		t.Errorf("summary %q does not agree with the progress line %q", r.out.String(), last[0])
	}
	if !strings.HasSuffix(stderr, "psn-client: sync stopped: "+last[1]+" of 300 titles are complete in the cache; run sync again to fetch the rest\n") {
		t.Errorf("stopped line:\n%s", stderr)
	}
	if sent := len(h.apiRequests()); last[2] != strconv.Itoa(sent) {
		t.Errorf("the fake saw %d requests, the summary says %s", sent, last[2])
	}
	if !strings.Contains(stderr, " · keeping to 40/1h · ") || strings.Contains(stderr, "waiting") {
		t.Errorf("the even pacing is not said as the sync's pace (or is said as a wait):\n%s", stderr)
	}
}
