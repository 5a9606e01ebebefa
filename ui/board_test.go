package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/psnclient/psn-client/store"
)

// earnedRequests counts the earned-status requests the fake answered for other accounts than the
// title list's (GET /trophy/v1/users/{id}/npCommunicationIds/{np}/trophyGroups/all/trophies).
func (e *demoEnv) earnedRequests(np string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Status != 429 && strings.Contains(r.Path, "/npCommunicationIds/"+np+"/") && strings.HasSuffix(r.Path, "/trophies") &&
			strings.Contains(r.Path, "/users/") {
			n++
		}
	}
	return n
}

// TestLeaderboardDemo (issue 13 #2): L on a title prices its leaderboard (no request), asks above a
// handful ("39 friends · 40 requests · ok?"), shows nothing fetched before y, then sends exactly one
// earned-status request per account not cached; opened again it costs nothing.
func TestLeaderboardDemo(t *testing.T) {
	env := newDemoEnv(t)
	ctx := context.Background()
	if _, err := env.lib.Friends(ctx, "me", store.Auto); err != nil {
		t.Fatal(err)
	}
	s := newSession(t, env.options(), 100, 30)
	s.screen("Level")
	ti := s.title(titleRowsOf(t, env)[0])
	cost, err := env.lib.LeaderboardCost("me", ti)
	if err != nil || !cost.Ask() {
		t.Fatalf("cost %+v (%v): the test wants one to ask about", cost, err)
	}
	before := env.earnedRequests(ti.NPCommunicationID)
	s.keys("L")
	s.golden("asked", cost.String()+" · ok?")
	if n := env.earnedRequests(ti.NPCommunicationID); n != before {
		t.Fatalf("%d earned-status requests before the cost was agreed to", n-before)
	}
	s.keys("y")
	s.golden("board", "most progress first")
	if n := env.earnedRequests(ti.NPCommunicationID) - before; n != cost.Requests {
		t.Fatalf("%d earned-status requests, want %d (the accounts not cached)", n, cost.Requests)
	}
	sent := len(env.srv.Requests())
	s.keys("esc", "L")
	s.screen("most progress first")
	if n := len(env.srv.Requests()) - sent; n != 0 {
		t.Fatalf("the leaderboard opened again sent %d requests", n)
	}
	s.quit()
}

// titleRowsOf is the cached title list's IDs, newest first.
func titleRowsOf(t *testing.T, env *demoEnv) []string {
	t.Helper()
	list, _, err := env.lib.CachedTitles("me")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ti := range list.Titles {
		out = append(out, ti.NPCommunicationID)
	}
	return out
}

// A handful is fetched without a question; private friends are marked and last; rows are sorted by
// progress; n keeps only what is cached.
func TestLeaderboardFake(t *testing.T) {
	lib := newFakeLib(10)
	lib.social.extra = 2 // you, TrophyFriend, LockedVault and 2 more: 5 requests
	m := start(t, newTestModel(lib, 100, 30))
	press(t, m, "L")
	bv, ok := m.top().(*boardView)
	if !ok {
		t.Fatalf("L did not open the leaderboard:\n%s", m.View())
	}
	if bv.asking || countPrefixed(lib, "BoardAsk ") != 5 {
		t.Fatalf("a handful (5) was not fetched at once: asking %v, %d asked", bv.asking, countPrefixed(lib, "BoardAsk "))
	}
	out := m.View()
	if !strings.Contains(out, "FakeHunter (you)") || !strings.Contains(out, "private") {
		t.Fatalf("leaderboard lacks you or the private friend:\n%s", out)
	}
	last := bv.rows[len(bv.rows)-1].r
	if !last.Private {
		t.Fatalf("the private friend is not last: %+v", last)
	}
	for i := 1; i < len(bv.rows); i++ {
		a, b := bv.rows[i-1].r, bv.rows[i].r
		if !a.Private && !b.Private && a.Progress < b.Progress {
			t.Fatalf("row %d (%d%%) before row %d (%d%%)", i-1, a.Progress, i, b.Progress)
		}
	}
	press(t, m, "esc")
	lib.social.extra = 12
	press(t, m, "j", "L")
	bv = m.top().(*boardView)
	if !bv.asking || !strings.Contains(m.View(), "14 friends · 15 requests · ok?") {
		t.Fatalf("no question above a handful:\n%s", m.View())
	}
	asked := countPrefixed(lib, "BoardAsk ")
	press(t, m, "n")
	if bv.asking || countPrefixed(lib, "BoardAsk ") != asked {
		t.Fatal("n spent requests")
	}
	press(t, m, "r")
	if !bv.asking || !strings.Contains(m.View(), "ask everyone again") {
		t.Fatalf("r did not ask first:\n%s", m.View())
	}
	press(t, m, "y")
	if n := countPrefixed(lib, "BoardAsk ") - asked; n != 15 {
		t.Fatalf("r asked %d accounts, want 15", n)
	}
}
