package store

import (
	"context"
	"testing"
	"time"

	"github.com/psnclient/psn-client/assets"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Presence: you and a friend in one request, the game played joined to its trophy title (once),
// answered from memory for a minute.
func TestPresenceOfYouAndAFriend(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	if err := s.lib.SetLoggedInAccount(Account{ID: psntest.DemoAccountID, OnlineID: psntest.DemoOnlineID}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	s.srv.World(func(w *assets.World) {
		for _, id := range []string{psntest.DemoAccountID, psntest.FriendAccountID} {
			want[id] = w.Account(id).Presence.Playing.NPCommunicationID
		}
	})
	if c := s.lib.PresenceCost("me", psntest.FriendAccountID); c != 1 {
		t.Fatalf("cost %d, want 1", c)
	}
	res, err := s.lib.Presence(ctx, "me", psntest.FriendAccountID)
	if err != nil {
		t.Fatal(err)
	}
	for id, np := range want {
		n, ok := res.ByAccount[id]
		if !ok || !n.Online() || n.Playing() == "" || n.NPCommunicationID != np {
			t.Errorf("%s: %+v, want online playing %s", id, n, np)
		}
	}
	if s.sent("basicPresences") != 1 || res.Requests != s.allSent() || s.sent("/titles/trophyTitles") > 2 {
		t.Fatalf("requests: %d presence, %d mapping, %d counted", s.sent("basicPresences"), s.sent("/titles/trophyTitles"), res.Requests)
	}
	s.srv.ResetLog()
	if res, err = s.lib.Presence(ctx, "me", psntest.FriendAccountID); err != nil || s.allSent() != 0 || len(res.ByAccount) != 2 {
		t.Fatalf("within a minute: %v, %d requests, %d presences", err, s.allSent(), len(res.ByAccount))
	}
	s.clock.Advance(PresenceFreshFor + time.Second)
	if _, err = s.lib.Presence(ctx, "me", psntest.FriendAccountID); err != nil || s.allSent() != 1 {
		t.Fatalf("after a minute: %v, %d requests (the mapping is kept)", err, s.allSent())
	}
}

// A whole friends list is one request per 50 accounts; accounts Sony tells nothing of are no error.
func TestPresenceOfTheFriendsList(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	fl, err := s.lib.Friends(ctx, "me", Auto)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"me", "4000000000000000001"} // you (not known yet: skipped) and a stranger
	for _, f := range fl.Friends {
		ids = append(ids, f.AccountID)
	}
	s.srv.ResetLog()
	res, err := s.lib.Presence(ctx, ids...)
	if err != nil {
		t.Fatal(err)
	}
	if s.sent("basicPresences") != 1 || len(res.ByAccount) != len(fl.Friends)+1 {
		t.Fatalf("%d requests, %d presences; want 1, %d", s.sent("basicPresences"), len(res.ByAccount), len(fl.Friends)+1)
	}
	online := 0
	for _, n := range res.ByAccount {
		if n.Online() {
			online++
		}
	}
	if online == 0 || res.ByAccount["4000000000000000001"].Online() {
		t.Fatalf("%d online; the stranger: %+v", online, res.ByAccount["4000000000000000001"])
	}
}
