package store

import (
	"context"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Coverage names the cached titles the list shows changed since (a trophy earned in one), without a
// request, and a refresh of that title makes it complete again.
func TestCoverageNamesChangedTitles(t *testing.T) {
	s := smallStack(t, stackOpts{})
	ctx := context.Background()
	s.sync("me")
	title := titleWithTrophyLeft(t, s.cachedTitles("me"), 7)
	s.clock.Advance(time.Minute)
	if err := s.srv.EarnTrophy(psntest.DemoAccountID, title.NPCommunicationID, unearnedTrophy(t, s, title), s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	tl, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	c, err := s.lib.Coverage("me")
	if err != nil || c.Complete != c.Titles-1 || len(c.Changed) != 1 || c.Changed[0].NPCommunicationID != title.NPCommunicationID {
		t.Fatalf("after a trophy in %s: %+v %v", title.NPCommunicationID, c, err)
	}
	if n := len(s.apiRequests()); n != 0 {
		t.Fatalf("coverage sent %d requests", n)
	}
	if _, err := s.lib.Trophies(ctx, "me", c.Changed[0], Auto); err != nil {
		t.Fatal(err)
	}
	if c, err := s.lib.Coverage("me"); err != nil || c.Complete != len(tl.Titles) || len(c.Changed) != 0 {
		t.Fatalf("after refreshing it: %+v %v", c, err)
	}
}
