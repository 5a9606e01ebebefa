package store

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// sent counts the requests the fake answered whose path contains every part (images included only
// when a part asks for them).
func (s *stack) sent(parts ...string) int {
	n := 0
	for _, r := range s.srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			continue
		}
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(r.Path, p)
		}
		if ok {
			n++
		}
	}
	return n
}

// allSent counts every request the fake answered (images too).
func (s *stack) allSent() int { return len(s.srv.Requests()) }

func profileOf(t *testing.T, s *stack, id string) psnapi.Profile {
	t.Helper()
	p, err := s.client.ProfileByAccountID(context.Background(), id)
	if err != nil {
		t.Fatalf("profile of %s: %v", id, err)
	}
	return p
}

// The friends list opens with each name costing one request, once: a second opening (a new
// process on the same cache) costs none, within FriendsFreshFor not even the list.
func TestFriendsNameEachFriendOnce(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	want := s.srv.FriendIDs(psntest.DemoAccountID)
	fl, err := s.lib.Friends(ctx, "me", Auto)
	if err != nil {
		t.Fatal(err)
	}
	if len(fl.Friends) != len(want) || fl.Unnamed != len(want) || len(want) != 39 {
		t.Fatalf("friends %d, unnamed %d; want %d (39) unnamed", len(fl.Friends), fl.Unnamed, len(want))
	}
	for i, f := range fl.Friends {
		if f.AccountID != want[i] || f.Named() {
			t.Fatalf("friend %d = %+v, want %s unnamed, in Sony's order", i, f, want[i])
		}
	}
	if n := s.sent("/friends"); n != 1 {
		t.Fatalf("friends list requests %d, want 1", n)
	}
	var arrived []Friend
	sent, err := s.lib.NameFriends(ctx, fl.Friends, func(f Friend) { arrived = append(arrived, f) })
	if err != nil {
		t.Fatal(err)
	}
	if sent != 39 || len(arrived) != 39 || s.sent("/profiles") != 39 {
		t.Fatalf("naming sent %d (logged %d), emitted %d; want 39 each", sent, s.sent("/profiles"), len(arrived))
	}
	s.srv.ResetLog()
	names := map[string]string{}
	for _, f := range arrived {
		names[f.AccountID] = f.OnlineID
	}
	for _, id := range want {
		p := profileOf(t, s, id)
		if names[id] != p.OnlineID || names[id] == "" {
			t.Errorf("friend %s named %q, Sony says %q", id, names[id], p.OnlineID)
		}
	}
	s.srv.ResetLog()

	// A second opening, in a new process: nothing is asked.
	s.reopen(stackOpts{})
	fl, err = s.lib.Friends(ctx, "me", Auto)
	if err != nil {
		t.Fatal(err)
	}
	if fl.Unnamed != 0 || len(fl.Friends) != 39 {
		t.Fatalf("second opening: %d friends, %d unnamed; want 39, 0", len(fl.Friends), fl.Unnamed)
	}
	for _, f := range fl.Friends {
		if f.OnlineID != names[f.AccountID] || f.AvatarURL == "" {
			t.Fatalf("cached friend %+v, want name %q and an avatar", f, names[f.AccountID])
		}
	}
	if sent, err := s.lib.NameFriends(ctx, fl.Friends, nil); sent != 0 || err != nil {
		t.Fatalf("naming again sent %d (%v), want 0", sent, err)
	}
	if n := s.allSent(); n != 0 {
		t.Fatalf("second opening sent %d requests, want 0", n)
	}

	// Once the list is stale it is asked again (one request); the names stay.
	s.clock.Advance(FriendsFreshFor + time.Second)
	if fl, err = s.lib.Friends(ctx, "me", Auto); err != nil || fl.Unnamed != 0 {
		t.Fatalf("stale list: %v, unnamed %d", err, fl.Unnamed)
	}
	if s.sent("/friends") != 1 || s.sent("/profiles") != 0 {
		t.Fatalf("stale list: %d list and %d profile requests, want 1 and 0", s.sent("/friends"), s.sent("/profiles"))
	}
}

// Policy Offline never asks; Refresh always does.
func TestFriendsPolicies(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	if _, err := s.lib.Friends(ctx, "me", Offline); !errors.Is(err, ErrNotCached) {
		t.Fatalf("offline with nothing cached: %v, want ErrNotCached", err)
	}
	if _, err := s.lib.Friends(ctx, "me", Auto); err != nil {
		t.Fatal(err)
	}
	if _, err := s.lib.Friends(ctx, "me", Refresh); err != nil {
		t.Fatal(err)
	}
	if fl, err := s.lib.Friends(ctx, "me", Offline); err != nil || len(fl.Friends) != 39 {
		t.Fatalf("offline: %d friends, %v", len(fl.Friends), err)
	}
	if n := s.sent("/friends"); n != 2 {
		t.Fatalf("friends requests %d, want 2 (auto, refresh)", n)
	}
}

// Another account's private friends list is ErrFriendsPrivate, remembered like any answer.
func TestFriendsPrivateList(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	_, err := s.lib.Friends(ctx, psntest.PrivateAccountID, Auto)
	if !errors.Is(err, ErrFriendsPrivate) {
		t.Fatalf("private list: %v, want ErrFriendsPrivate", err)
	}
	if _, err := s.lib.Friends(ctx, psntest.PrivateAccountID, Auto); !errors.Is(err, ErrFriendsPrivate) {
		t.Fatalf("private list again: %v", err)
	}
	if n := s.sent("/friends"); n != 1 {
		t.Fatalf("private list asked %d times, want once", n)
	}
}

// A friend's cached name resolves without a request; a friend whose name changed is noticed by a
// lookup and the cached profile follows, and a name nobody has any more is asked by account ID.
func TestFriendNamesResolveAndFollowRenames(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	fl, err := s.lib.Friends(ctx, "me", Auto)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.lib.NameFriends(ctx, fl.Friends, nil); err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	a, err := s.lib.ResolveUser(ctx, strings.ToLower(psntest.FriendOnlineID))
	if err != nil || a.ID != psntest.FriendAccountID {
		t.Fatalf("resolve a friend's name: %+v %v", a, err)
	}
	if c, ok := s.lib.CachedUser(psntest.FriendOnlineID); !ok || c.ID != psntest.FriendAccountID {
		t.Fatalf("CachedUser of a friend: %+v %v", c, ok)
	}
	if n := s.allSent(); n != 0 {
		t.Fatalf("resolving a friend's name sent %d requests, want 0", n)
	}

	// The cache still holds the friend's old name and is past the lookup age: typing the old
	// name asks PSN, whose answer (currentOnlineId) renames the cached friend.
	rec, _ := s.lib.loadProfile(psntest.FriendAccountID)
	rec.OnlineID = psntest.FriendPreviousOnlineID
	if err := s.lib.writeRecord(s.lib.profilePath(psntest.FriendAccountID), kindProfile, rec); err != nil {
		t.Fatal(err)
	}
	s.clock.Advance(31 * 24 * time.Hour)
	a, err = s.lib.ResolveUser(ctx, psntest.FriendPreviousOnlineID)
	if err != nil || a.ID != psntest.FriendAccountID || a.OnlineID != psntest.FriendOnlineID {
		t.Fatalf("resolve the old name: %+v %v", a, err)
	}
	if f, _ := s.lib.CachedFriend(psntest.FriendAccountID); f.OnlineID != psntest.FriendOnlineID {
		t.Fatalf("cached friend after the lookup: %q, want %q", f.OnlineID, psntest.FriendOnlineID)
	}

	// A name PSN does not know at all, still cached for a friend: the friend's profile is asked
	// again by account ID (one request) and the lookup answers with the friend's name now.
	rec, _ = s.lib.loadProfile(psntest.FriendAccountID)
	rec.OnlineID, rec.FetchedAt = "GoneName_77", s.clock.Now().Add(-40*24*time.Hour)
	if err := s.lib.writeRecord(s.lib.profilePath(psntest.FriendAccountID), kindProfile, rec); err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	a, err = s.lib.ResolveUser(ctx, "GoneName_77")
	if err != nil || a.ID != psntest.FriendAccountID || a.OnlineID != psntest.FriendOnlineID {
		t.Fatalf("resolve a name gone: %+v %v", a, err)
	}
	if n := s.sent("/profiles"); n != 1 {
		t.Fatalf("profile requests %d, want 1", n)
	}
	if f, _ := s.lib.CachedFriend(psntest.FriendAccountID); f.OnlineID != psntest.FriendOnlineID {
		t.Fatalf("cached friend after the refresh: %q", f.OnlineID)
	}
	// A name nobody has and no friend had stays unknown.
	if _, err := s.lib.ResolveUser(ctx, "NobodyAtAll_1"); !psnapi.IsUserNotFound(err) {
		t.Fatalf("unknown name: %v", err)
	}
}

// A profile Sony has none of (a closed account) is cached as such: not asked at every opening.
func TestFriendWithoutProfileIsAskedOnce(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	ghost := []Friend{{AccountID: "1000000000000000001"}}
	for i := 0; i < 2; i++ {
		var got []Friend
		if _, err := s.lib.NameFriends(ctx, ghost, func(f Friend) { got = append(got, f) }); err != nil {
			t.Fatal(err)
		}
		if i == 0 && (len(got) != 1 || !got[0].NoProfile || got[0].OnlineID != "") {
			t.Fatalf("closed account: %+v", got)
		}
		ghost[0], _ = s.lib.CachedFriend(ghost[0].AccountID)
	}
	if n := s.sent("/profiles"); n != 1 {
		t.Fatalf("profile requests %d, want 1", n)
	}
}
