package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/ui"
)

// tuiOptionsFor opens a session as the bare command does and prepares the browser's options.
func (h *harness) tuiOptionsFor(g *globalFlags) (ui.Options, *session) {
	h.t.Helper()
	env := Env{Getenv: func(k string) string { return h.env[k] }, IsTerminal: func(any) bool { return true }}
	s, err := openSession(context.Background(), env, g, false)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(s.Close)
	o, err := s.tuiOptions(g, ui.Display{})
	if err != nil {
		h.t.Fatal(err)
	}
	return o, s
}

// The browser's first frame never waits on the network: an unseen --user is left to the browser
// to look up ("looking up NAME…"), with no request before it starts; a name looked up before
// starts on its cached list. The fill and the watch run for a logged-in user; autoSync false
// turns the fill off.
func TestTUIOptionsSendNothing(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	o, _ := h.tuiOptionsFor(&globalFlags{user: psntest.FriendOnlineID})
	if n := len(h.srv.Requests()); n != 0 {
		t.Fatalf("%d requests before the browser starts: %v", n, h.requestPaths())
	}
	if o.User != psntest.FriendOnlineID || o.Titles != nil || !o.Fill || !o.Watch || o.NeedLogin {
		t.Fatalf("unseen user: %+v", o)
	}

	// Once looked up (and its list cached), the next start knows it without a request.
	if r := h.run("", "titles", "--user", psntest.FriendOnlineID); r.code != 0 {
		t.Fatalf("titles --user: %d %s", r.code, r.stderr)
	}
	h.srv.ResetLog()
	o, _ = h.tuiOptionsFor(&globalFlags{user: strings.ToLower(psntest.FriendOnlineID)})
	if n := len(h.srv.Requests()); n != 0 {
		t.Fatalf("%d requests: %v", n, h.requestPaths())
	}
	if o.User != "" || o.Account == "" || o.Account == "me" || o.AccountName != psntest.FriendOnlineID || o.Titles == nil || len(o.Titles.Titles) == 0 {
		t.Fatalf("known user: account %q name %q user %q titles %v", o.Account, o.AccountName, o.User, o.Titles != nil)
	}

	cfgDir := filepath.Join(h.dir, "config", "psn-client")
	if err := os.MkdirAll(cfgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfgDir, "config.json"), []byte(`{"autoSync": false}`), 0o644); err != nil {
		t.Fatal(err)
	}
	o, _ = h.tuiOptionsFor(&globalFlags{})
	if o.Fill || !o.Watch || o.Account != "me" {
		t.Fatalf("autoSync false: %+v", o)
	}
}

// Without credentials the browser starts on its login screen: no fill, no watch.
func TestTUIOptionsLoggedOut(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	o, _ := h.tuiOptionsFor(&globalFlags{user: psntest.FriendOnlineID})
	if !o.NeedLogin || o.Fill || o.Watch || o.User != "" || len(h.srv.Requests()) != 0 {
		t.Fatalf("logged out: %+v, %d requests", o, len(h.srv.Requests()))
	}
}
