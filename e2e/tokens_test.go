package e2e

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// TestShortLivedTokensDuringALongSync: access tokens that live 3 s expire several times during a
// sync; each is refreshed silently (no error, no message), credentials.json follows, and the client
// refreshes about once per lifetime rather than once per request.
func TestShortLivedTokensDuringALongSync(t *testing.T) {
	if testing.Short() {
		t.Skip("a sync of several seconds through the binary")
	}
	const lifetime = 3 * time.Second
	a := newApp(t, psntest.Options{Titles: 300, Latency: 25 * time.Millisecond, TokenLifetime: lifetime})
	a.login()
	before, _ := os.ReadFile(a.credentialsFile())
	start := time.Now()
	r := a.must("sync")
	elapsed := time.Since(start)
	if r.code != 0 {
		t.Fatalf("exit %d", r.code)
	}
	// Progress lines only: nothing about tokens, expiry or logging in, no error line.
	for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		low := strings.ToLower(line)
		if strings.HasPrefix(line, "psn-client:") || strings.Contains(low, "log in") || strings.Contains(low, "expired") ||
			strings.Contains(low, "token") || strings.Contains(low, "unauthori") {
			t.Errorf("sync showed the token's expiry: %q", line)
		}
	}
	refreshes, unauthorized, api := 0, 0, 0
	for _, q := range a.srv.Requests() {
		switch {
		case strings.HasSuffix(q.Path, "/oauth/token"):
			refreshes++
			if q.Status != 200 {
				t.Errorf("a refresh answered %d", q.Status)
			}
		case isAPI(q):
			api++
			if q.Status == 401 {
				unauthorized++
			}
		}
	}
	after, _ := os.ReadFile(a.credentialsFile())
	if string(after) == string(before) {
		t.Error("credentials.json was not updated by the refreshes")
	}
	expiries := int(elapsed / lifetime)
	t.Logf("sync of %v: %d API requests, %d refreshes, %d answered 401", elapsed.Round(time.Millisecond), api, refreshes, unauthorized)
	if expiries < 1 {
		t.Fatalf("the sync took %v, shorter than one token lifetime: the test proves nothing", elapsed)
	}
	if refreshes == 0 {
		t.Fatal("no refresh during a sync longer than the token lifetime")
	}
	// Each lifetime needs one refresh; a few more are fine (a 401 racing a refresh), one per
	// request is not.
	if limit := 2*expiries + 4; refreshes > limit {
		t.Errorf("%d refreshes in %v with %v tokens: want at most %d", refreshes, elapsed.Round(time.Millisecond), lifetime, limit)
	}
}
