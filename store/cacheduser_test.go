package store

import (
	"context"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// CachedUser answers what ResolveUser knows without a request, and nothing else.
func TestCachedUser(t *testing.T) {
	s := newStack(t, stackOpts{})
	s.srv.ResetLog()
	if _, ok := s.lib.CachedUser(psntest.FriendOnlineID); ok {
		t.Fatal("an online ID never looked up is known")
	}
	for _, q := range []string{"", "me", " ME ", "1234567890"} {
		if a, ok := s.lib.CachedUser(q); !ok || a.ID == "" {
			t.Fatalf("%q: %+v %v", q, a, ok)
		}
	}
	if n := len(s.srv.Requests()); n != 0 {
		t.Fatalf("%d requests", n)
	}
	want, err := s.lib.ResolveUser(context.Background(), psntest.FriendOnlineID)
	if err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	got, ok := s.lib.CachedUser("  " + psntest.FriendOnlineID)
	if !ok || got != want {
		t.Fatalf("after a lookup: %+v %v, want %+v", got, ok, want)
	}
	if n := len(s.srv.Requests()); n != 0 {
		t.Fatalf("%d requests", n)
	}
	// As old as ResolveUser would look it up again: not known.
	s.clock.Advance(31 * 24 * time.Hour)
	if _, ok := s.lib.CachedUser(psntest.FriendOnlineID); ok {
		t.Fatal("an expired lookup is known")
	}
}
