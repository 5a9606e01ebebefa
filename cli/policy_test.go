package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Issue 11 #2: every data command answers from the cache while it is fresh, --refresh fetches,
// --offline never sends, and the two together are a usage error.
func TestRefreshAndOfflineFlags(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	for _, args := range [][]string{
		{"titles", "--offline"}, {"summary", "--offline"}, {"trophies", "NPWR20188_00", "--offline"},
		{"next", "--offline"}, {"export", "--format", "json", "--offline"},
	} {
		r := h.run("", args...)
		if r.code != 1 || !strings.Contains(r.stderr, "--offline sends no request") && !strings.Contains(r.stderr, "nothing cached yet") {
			t.Errorf("%v with nothing cached: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if reqs := h.apiRequests(); len(reqs) != 0 {
		t.Fatalf("--offline sent %v", reqs)
	}
	for _, cmd := range []string{"titles", "summary", "next", "export", "trophies"} {
		args := []string{cmd, "--refresh", "--offline"}
		switch cmd {
		case "trophies":
			args = append(args, "NPWR20188_00")
		case "export":
			args = append(args, "--format", "csv")
		}
		r := h.run("", args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "--refresh and --offline cannot be used together") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}

	for _, c := range []struct {
		args  []string
		first int // requests the first run sends: nothing cached
	}{
		{[]string{"titles"}, 1},
		{[]string{"summary"}, 1},
		{[]string{"trophies", "NPWR20188_00"}, 3}, // the list is cached by now: definitions, groups, earned status
	} {
		h.srv.ResetLog()
		if r := h.run("", c.args...); r.code != 0 || len(h.apiRequests()) != c.first {
			t.Fatalf("%v: exit %d, %v\n%s", c.args, r.code, h.apiRequests(), r.stderr)
		}
		out := h.run("", c.args...).stdout
		h.srv.ResetLog()
		r := h.run("", c.args...)
		if r.code != 0 || len(h.apiRequests()) != 0 || r.stderr != "" || r.stdout != out {
			t.Errorf("%v again while fresh: exit %d, sent %v, stderr %q", c.args, r.code, h.apiRequests(), r.stderr)
		}
		r = h.run("", append(c.args, "--offline")...)
		if r.code != 0 || len(h.apiRequests()) != 0 || r.stdout != out || !strings.HasPrefix(r.stderr, "cached just now (--offline") {
			t.Errorf("%v --offline: exit %d, sent %v, stderr %q", c.args, r.code, h.apiRequests(), r.stderr)
		}
		r = h.run("", append(c.args, "--refresh")...)
		if r.code != 0 || len(h.apiRequests()) == 0 || r.stdout != out {
			t.Errorf("%v --refresh: exit %d, sent %v", c.args, r.code, h.apiRequests())
		}
	}
}

// --offline looks up no user: a name seen before is known, a new one is an error that says why.
func TestOfflineUserLookup(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	r := h.run("", "titles", "--user", psntest.FriendOnlineID, "--offline")
	if r.code != 1 || !strings.Contains(r.stderr, psntest.FriendOnlineID+" has not been looked up yet, and --offline sends no request") {
		t.Errorf("unseen user offline: exit %d, %q", r.code, r.stderr)
	}
	if r := h.run("", "titles", "--user", psntest.FriendOnlineID); r.code != 0 {
		t.Fatal(r.stderr)
	}
	h.srv.ResetLog()
	if r := h.run("", "titles", "--user", psntest.FriendOnlineID, "--offline"); r.code != 0 || len(h.apiRequests()) != 0 {
		t.Errorf("known user offline: exit %d, sent %v, %q", r.code, h.apiRequests(), r.stderr)
	}
}

// A stale title list (older than store.FreshFor) is refreshed, and only the pages that changed.
func TestStaleTitleListIsRefreshed(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	if r := h.run("", "titles"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	h.srv.ResetLog()
	r := h.start(func() time.Time { return time.Now().Add(6 * time.Minute) }, "titles")
	if code := r.wait(t, 20*time.Second); code != 0 || r.errb.String() != "" {
		t.Fatalf("exit %d: %s", code, r.errb.String())
	}
	if reqs := h.apiRequests(); len(reqs) != 1 || !strings.HasSuffix(reqs[0], "/trophyTitles") {
		t.Errorf("a 6-minute-old list refreshed with %v, want one title-list page", reqs)
	}
}
