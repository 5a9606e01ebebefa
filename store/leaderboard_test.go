package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/assets"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// earnedRequests counts the earned-status requests (GET /trophy/v1/users/{id}/npCommunicationIds/…/trophies).
func (s *stack) earnedRequests() int {
	n := 0
	for _, r := range s.srv.Requests() {
		if strings.HasPrefix(r.Path, "/api/trophy/v1/users/") && strings.HasSuffix(r.Path, "/trophies") && r.Status != 429 {
			n++
		}
	}
	return n
}

// boardSetup caches your title list and the friends list with every name, and returns a title.
func boardSetup(t *testing.T, s *stack, np string) psnapi.TrophyTitle {
	t.Helper()
	ctx := context.Background()
	if err := s.lib.SetLoggedInAccount(Account{ID: psntest.DemoAccountID, OnlineID: psntest.DemoOnlineID}); err != nil {
		t.Fatal(err)
	}
	tl, err := s.lib.Titles(ctx, "me", Auto)
	if err != nil {
		t.Fatal(err)
	}
	fl, err := s.lib.Friends(ctx, "me", Auto)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.lib.NameFriends(ctx, fl.Friends, nil); err != nil {
		t.Fatal(err)
	}
	for _, ti := range tl.Titles {
		if ti.NPCommunicationID == np {
			return ti
		}
	}
	t.Fatalf("no title %s", np)
	return psnapi.TrophyTitle{}
}

// wantRow is the fake's truth for one account's row.
type wantRow struct {
	played, private bool
	earned          assets.Counts
	progress        int
	platinum        time.Time
}

func fakeBoard(s *stack, np string, ids []string) map[string]wantRow {
	out := map[string]wantRow{}
	s.srv.World(func(w *assets.World) {
		for _, id := range ids {
			a := w.Account(id)
			if a.Private && id != psntest.DemoAccountID {
				out[id] = wantRow{private: true}
				continue
			}
			p := a.Play(np)
			if p == nil || (p.Hidden && id != psntest.DemoAccountID) {
				out[id] = wantRow{}
				continue
			}
			r := wantRow{played: true, earned: p.Earned(), progress: p.Progress()}
			for i, tr := range p.Title.Trophies() {
				if tr.Grade == assets.Platinum && p.States()[i].Earned {
					r.platinum = p.States()[i].EarnedAt
				}
			}
			out[id] = r
		}
	})
	return out
}

// The leaderboard's request count equals the friends not cached; its rows match the fake; private
// friends are marked; a second opening costs nothing, and neither does a later compare of the
// title with a friend on the board.
func TestLeaderboardCostsTheUncachedFriends(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	const np = "NPWR10600_00" // RESIDENT EVIL 5: TrophyFriend's is the reference's example
	title := boardSetup(t, s, np)
	if _, err := s.lib.TitleTrophies(ctx, "me", title); err != nil { // your own row is cached
		t.Fatal(err)
	}
	friends := s.srv.FriendIDs(psntest.DemoAccountID)
	cost, err := s.lib.LeaderboardCost("me", title)
	if err != nil {
		t.Fatal(err)
	}
	if cost.Friends != len(friends) || cost.Requests != len(friends) || cost.Cached != 1 || cost.Names != 0 || !cost.Ask() {
		t.Fatalf("cost %+v, want %d friends, %d requests, you cached", cost, len(friends), len(friends))
	}
	if got := cost.String(); got != "39 friends · 39 requests" {
		t.Fatalf("cost says %q", got)
	}
	s.srv.ResetLog()
	var arrived []LeaderboardRow
	b, err := s.lib.Leaderboard(ctx, "me", title, Auto, func(r LeaderboardRow) { arrived = append(arrived, r) })
	if err != nil {
		t.Fatal(err)
	}
	if n := s.earnedRequests(); n != cost.Requests || b.Requests != cost.Requests || s.allSent() != cost.Requests {
		t.Fatalf("sent %d earned requests (%d in all, board says %d), cost said %d", n, s.allSent(), b.Requests, cost.Requests)
	}
	truth := fakeBoard(s, np, append([]string{psntest.DemoAccountID}, friends...))
	played, private, notPlayed := 0, 0, 0
	for _, w := range truth {
		switch {
		case w.private:
			private++
		case w.played:
			played++
		default:
			notPlayed++
		}
	}
	if len(b.Rows) != played+private || len(arrived) != len(b.Rows) || b.NotPlayed != notPlayed || private == 0 || played < 3 {
		t.Fatalf("rows %d (emitted %d), not played %d; want %d played + %d private, %d not played",
			len(b.Rows), len(arrived), b.NotPlayed, played, private, notPlayed)
	}
	for i, r := range b.Rows {
		id := r.Friend.AccountID
		w := truth[id]
		if r.Friend.OnlineID == "" {
			t.Errorf("row %d (%s) has no name", i, id)
		}
		if r.Private != w.private || r.Me != (id == psntest.DemoAccountID) {
			t.Errorf("row %d (%s): private %v me %v, want private %v", i, r.Friend.OnlineID, r.Private, r.Me, w.private)
			continue
		}
		if w.private {
			continue
		}
		e := psnapi.TrophyCounts{Bronze: w.earned[assets.Bronze], Silver: w.earned[assets.Silver], Gold: w.earned[assets.Gold], Platinum: w.earned[assets.Platinum]}
		if r.Earned != e || r.Progress != w.progress || !r.PlatinumAt.Equal(w.platinum) {
			t.Errorf("row %s: %v %d%% platinum %v; want %v %d%% %v", r.Friend.OnlineID, r.Earned, r.Progress, r.PlatinumAt, e, w.progress, w.platinum)
		}
		if i > 0 && !b.Rows[i-1].Private && !r.Private && b.Rows[i-1].Progress < r.Progress {
			t.Errorf("rows not sorted by progress at %d", i)
		}
	}
	if !b.Rows[len(b.Rows)-1].Private {
		t.Errorf("private friends are not last")
	}

	// A second opening (a new process) costs nothing and shows the same board.
	s.reopen(stackOpts{})
	s.srv.ResetLog()
	if c, _ := s.lib.LeaderboardCost("me", title); c.Total() != 0 || c.Cached != len(friends)+1 {
		t.Fatalf("second cost %+v, want nothing to ask", c)
	}
	again, err := s.lib.Leaderboard(ctx, "me", title, Auto, nil)
	if err != nil || s.allSent() != 0 || len(again.Rows) != len(b.Rows) || again.NotPlayed != b.NotPlayed {
		t.Fatalf("second opening: %v, %d requests, %d rows", err, s.allSent(), len(again.Rows))
	}
	for i := range again.Rows {
		if again.Rows[i].Friend.AccountID != b.Rows[i].Friend.AccountID || !again.Rows[i].Cached {
			t.Fatalf("second opening row %d: %+v, want %+v from the cache", i, again.Rows[i], b.Rows[i])
		}
	}

	// Comparing the title with TrophyFriend later costs the friend's title list, not the title.
	if _, err := s.lib.Titles(ctx, psntest.FriendAccountID, Auto); err != nil {
		t.Fatal(err)
	}
	ftl, _, _ := s.lib.CachedTitles(psntest.FriendAccountID)
	for _, ft := range ftl.Titles {
		if ft.NPCommunicationID == np {
			if _, err := s.lib.Trophies(ctx, psntest.FriendAccountID, ft, Auto); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := s.earnedRequests(); n != 0 {
		t.Fatalf("compare after the board fetched the earned status again (%d requests)", n)
	}

	// Another title: the friends known private cost nothing there, and neither does TrophyFriend
	// when its title list (cached just now) says it never played it.
	const astro = "NPWR20188_00"
	other := boardSetup(t, s, astro)
	c2, _ := s.lib.LeaderboardCost("me", other)
	want := 1 + len(friends) - private // you (not cached for this title) and every friend not private
	if !fakeBoard(s, astro, []string{psntest.FriendAccountID})[psntest.FriendAccountID].played {
		want--
	}
	if c2.Requests != want {
		t.Fatalf("other title cost %+v, want %d requests (%d friends private)", c2, want, private)
	}
}

// Policy Offline shows the cached rows only; Refresh asks everyone again; a spent budget under
// fail-fast stops the board with what it has.
func TestLeaderboardPoliciesAndBudget(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	title := boardSetup(t, s, "NPWR10600_00")
	b, err := s.lib.Leaderboard(ctx, "me", title, Offline, nil)
	if err != nil || len(b.Rows) != 0 || s.earnedRequests() != 0 {
		t.Fatalf("offline board: %v, %d rows, %d requests", err, len(b.Rows), s.earnedRequests())
	}
	if _, err := s.lib.Leaderboard(ctx, "me", title, Auto, nil); err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	c, _ := s.lib.LeaderboardCostRefresh("me", title)
	if c.Requests != c.Friends+1 {
		t.Fatalf("refresh cost %+v, want every account", c)
	}
	if b, err = s.lib.Leaderboard(ctx, "me", title, Refresh, nil); err != nil || b.Requests != c.Requests {
		t.Fatalf("refresh: %v, %d requests, want %d", err, b.Requests, c.Requests)
	}

	// The budget is spent and the caller will not wait: the board says so and keeps what it had.
	s.srv.FailNext(429, 100)
	s.srv.ResetLog()
	failFast := psnapi.WithFailFast(ctx)
	b, err = s.lib.Leaderboard(failFast, "me", title, Refresh, nil)
	if err != nil || !b.Offline || !psnapi.IsRateLimited(b.Err) {
		t.Fatalf("spent budget: %v, offline %v (%v)", err, b.Offline, b.Err)
	}
}

// Without a friends list cached the cost cannot be told: the caller fetches the list first.
func TestLeaderboardNeedsTheFriendsList(t *testing.T) {
	s := newStack(t, stackOpts{})
	if _, err := s.lib.LeaderboardCost("me", psnapi.TrophyTitle{NPCommunicationID: "NPWR10600_00"}); !errors.Is(err, ErrNotCached) {
		t.Fatalf("cost without a friends list: %v", err)
	}
}
