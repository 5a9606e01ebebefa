package store

import (
	"context"
	"testing"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// TestEarnedKnownPerAccount: definitions are shared by every account, so a cached read for an account whose
// earned status was never fetched finds the title; it must say the status is unknown rather than
// let every trophy read as unearned (the browser showed a friend's 0/13 for minutes, issue 14 #15).
func TestEarnedKnownPerAccount(t *testing.T) {
	s := smallStack(t, stackOpts{})
	ctx := context.Background()
	tl, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	title := tl.Titles[0]
	mine, err := s.lib.TitleTrophies(ctx, "me", title)
	if err != nil || !mine.EarnedKnown {
		t.Fatalf("my fetched trophies: unknown %v, %v", !mine.EarnedKnown, err)
	}
	if c, ok, err := s.lib.CachedTitleTrophies("me", title); !ok || err != nil || !c.EarnedKnown {
		t.Fatalf("my cached trophies: found %v, unknown %v, %v", ok, !c.EarnedKnown, err)
	}
	theirs, ok, err := s.lib.CachedTitleTrophies(psntest.FriendAccountID, title)
	if !ok || err != nil || theirs.EarnedKnown || len(theirs.Trophies) == 0 {
		t.Fatalf("the friend's cached read: found %v, unknown %v, %d trophies, %v", ok, !theirs.EarnedKnown, len(theirs.Trophies), err)
	}
}
