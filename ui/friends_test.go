package ui

import (
	"net/http"
	"strings"
	"testing"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// sentTo counts the requests the fake answered (429s left out) whose path contains part.
func (e *demoEnv) sentTo(part string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Status != http.StatusTooManyRequests && strings.Contains(r.Path, part) {
			n++
		}
	}
	return n
}

// TestFriendsDemo (issue 13 #1): c opens the friends list; names cost one request each, asked
// first when more than a handful, streamed in, and never asked again (a second opening costs
// nothing); typing filters; enter compares with the friend under the cursor.
func TestFriendsDemo(t *testing.T) {
	env := newDemoEnv(t)
	friends := env.srv.FriendIDs(psntest.DemoAccountID)
	s := newSession(t, env.options(), 100, 30)
	s.screen("Level")
	s.keys("c")
	s.golden("asked", "names to look up · ok?")
	if n := env.sentTo("/profiles"); n != 0 {
		t.Fatalf("%d names asked before the cost was agreed to", n)
	}
	if n := env.sentTo("/friends"); n != 1 {
		t.Fatalf("the friends list cost %d requests, want 1", n)
	}
	s.keys("enter") // the question row is first: agree
	s.golden("named", "sorted by name")
	if n := env.sentTo("/profiles"); n != len(friends) {
		t.Fatalf("%d name requests for %d friends", n, len(friends))
	}
	before := len(env.srv.Requests())
	s.keys("esc", "c")
	s.screen("sorted by name")
	if n := len(env.srv.Requests()); n != before {
		for _, r := range env.srv.Requests()[before:] {
			t.Logf("again: %s", r.Path)
		}
		t.Fatalf("a second opening sent %d requests", n-before)
	}
	s.keys("/", "t", "r", "o", "p", "h")
	s.golden("filtered", "compare with “troph”")
	s.keys("down", "enter")
	s.screen("comparing with TrophyFriend")
	s.quit()
}

// A handful of unnamed friends is named at once (no question); the friends list's own request is
// one whatever happens next, and a private list says so with the input still working.
func TestFriendsFewNamedAtOnce(t *testing.T) {
	lib := newFakeLib(10)
	lib.social.extra = 3 // TrophyFriend and LockedVault named, 3 not
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "c")
	fv := friendsOpen(m)
	if fv == nil || fv.ask || fv.unnamed != 0 {
		t.Fatalf("a handful was not named at once: %+v", fv)
	}
	if n := countPrefixed(lib, "NameFriend "); n != 3 {
		t.Fatalf("%d names asked, want 3", n)
	}
	out := m.View()
	for _, want := range []string{"NeonFalcon", "PixelOtter", "ShadowKnight", "TrophyFriend", "5 friends"} {
		if !strings.Contains(out, want) {
			t.Fatalf("friends list lacks %q:\n%s", want, out)
		}
	}
	press(t, m, "esc", "c")
	if n := countPrefixed(lib, "NameFriend "); n != 3 {
		t.Fatalf("reopening asked %d names again", n-3)
	}
}

func TestFriendsPrivateList(t *testing.T) {
	lib := newFakeLib(10)
	lib.social.friendsPrivate = true
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "c")
	if out := m.View(); !strings.Contains(out, "friends list is private") {
		t.Fatalf("no word of the private list:\n%s", out)
	}
	typeText(t, m, "TrophyFriend")
	press(t, m, "enter")
	if m.c.Compare == nil || m.c.Compare.ID != friendID {
		t.Fatalf("typing a name did not compare: %+v", m.c.Compare)
	}
}

// A name from the server is hostile: control characters never reach the screen.
func TestFriendsHostileNames(t *testing.T) {
	lib := newFakeLib(10)
	lib.social.extra = 1
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "c")
	fv := friendsOpen(m)
	r := fv.rows[0]
	r.f.OnlineID = "Evil\x1b[2J\x07Name"
	fv.takeName(buildFriendRow(r.f, newFolder()))
	if out := m.View(); strings.ContainsAny(out, "\x07") || strings.Contains(out, "\x1b[2J") {
		t.Fatalf("control characters on screen: %q", out)
	}
}

// countPrefixed counts the fake's calls starting with prefix.
func countPrefixed(lib *fakeLib, prefix string) int {
	lib.mu.Lock()
	defer lib.mu.Unlock()
	n := 0
	for _, c := range lib.calls {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}
