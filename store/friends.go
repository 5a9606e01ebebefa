package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// FriendsFreshFor is how long a cached friends list is answered without asking (Policy Auto). The
// list is one request per 1,000 friends; the names, one request each, are kept for good.
const FriendsFreshFor = FreshFor

// ErrFriendsPrivate says an account's friends list is not visible to you (Sony's 403).
var ErrFriendsPrivate = errors.New("store: the friends list is private")

// Friend is an account on a friends list, with what the cache knows of it.
type Friend struct {
	AccountID string
	OnlineID  string // "" until its profile is fetched (NameFriends: one request, once)
	AvatarURL string // the profile's largest avatar ("" when none or not fetched)
	IsPlus    bool
	NamedAt   time.Time // when the profile was fetched
	// NoProfile says Sony has no profile for the ID (a closed account): it stays unnamed and is not
	// asked again (RefreshFriend asks anyway).
	NoProfile bool
}

// Named reports whether the friend's profile is cached (with a name, or known to have none).
func (f Friend) Named() bool { return f.OnlineID != "" || f.NoProfile }

// Name is the online ID, or the account ID while none is known.
func (f Friend) Name() string {
	if f.OnlineID != "" {
		return f.OnlineID
	}
	return f.AccountID
}

// FriendList is an account's friends list, in Sony's order, with the names the cache holds.
type FriendList struct {
	Account string
	Friends []Friend
	// Unnamed counts the friends whose profile is not cached: what NameFriends costs, in requests.
	Unnamed   int
	FetchedAt time.Time // when the list (the account IDs) was fetched
	Offline   bool      // served from the cache because the API could not be reached or the budget is spent
	Err       error     // with Offline: why
	Skipped   int       // entries of Sony's answer that were not account IDs
}

// CachedFriends returns the cached friends list with the cached names, without a request; false
// when no list is cached. A list Sony refused (private) comes back empty with ErrFriendsPrivate.
func (l *Library) CachedFriends(account string) (FriendList, bool, error) {
	rec, ok := l.loadFriends(l.accountKey(account))
	if !ok {
		return FriendList{Account: account}, false, nil
	}
	fl := l.friendList(account, rec)
	if rec.Private {
		return fl, true, ErrFriendsPrivate
	}
	return fl, true, nil
}

// Friends returns the account's friends list under the cache rule: fresh for FriendsFreshFor, then
// asked again (one request per 1,000 friends; with a list cached, without waiting for the budget:
// the cache comes back with Offline and Err). Names come from the cache; NameFriends fetches the
// missing ones. Requests carry ctx's priority (interactive unless the caller says otherwise). An
// account whose list Sony hides gives ErrFriendsPrivate.
func (l *Library) Friends(ctx context.Context, account string, p Policy) (FriendList, error) {
	fl, ok, err := l.CachedFriends(account)
	switch p {
	case Offline:
		if !ok {
			return fl, ErrNotCached
		}
		return fl, err
	case Auto:
		if ok && l.freshWithin(fl.FetchedAt, FriendsFreshFor) {
			return fl, err
		}
		if ok {
			ctx = psnapi.WithFailFast(ctx)
		}
	}
	return l.refreshFriends(ctx, account)
}

// freshWithin reports whether something fetched at at is younger than d (a time in the future, from
// a clock set back, is not).
func (l *Library) freshWithin(at time.Time, d time.Duration) bool {
	now := l.now()
	return !at.IsZero() && !at.After(now) && now.Sub(at) < d
}

func (l *Library) refreshFriends(ctx context.Context, account string) (FriendList, error) {
	key := l.accountKey(account)
	err := l.once(ctx, "friends\x00"+l.accountKeyDir(key), func() error {
		api, err := l.social()
		if err != nil {
			return err
		}
		got, err := api.Friends(ctx, apiAccount(account))
		rec := friendsRecord{Account: account, FetchedAt: l.now()}
		switch {
		case psnapi.IsForbidden(err) && !isMe(account):
			rec.Private = true
		case err != nil:
			return err
		default:
			rec.IDs, rec.Skipped = got.AccountIDs, len(got.Skipped)
			l.noteSkipped("friends list", got.Skipped)
		}
		if err := l.writeRecord(l.friendsPath(key), kindFriends, rec); err != nil {
			if rec.Private {
				return ErrFriendsPrivate
			}
			return fmt.Errorf("caching the friends list: %w", err)
		}
		return nil
	})
	fl, ok, cerr := l.CachedFriends(account)
	if err != nil {
		if ok && cerr == nil && offline(err) {
			fl.Offline, fl.Err = true, err
			return fl, nil
		}
		if !errors.Is(err, ErrFriendsPrivate) && psnapi.IsForbidden(err) {
			err = ErrFriendsPrivate
		}
		return FriendList{Account: account}, err
	}
	if !ok {
		return fl, fmt.Errorf("store: the friends list could not be cached")
	}
	return fl, cerr
}

func (l *Library) loadFriends(key string) (friendsRecord, bool) {
	var rec friendsRecord
	found, err := l.readRecord(l.friendsPath(key), kindFriends, &rec)
	return rec, err == nil && found
}

// friendList joins a friends list with the cached profiles.
func (l *Library) friendList(account string, rec friendsRecord) FriendList {
	fl := FriendList{Account: account, FetchedAt: rec.FetchedAt, Skipped: rec.Skipped, Friends: make([]Friend, 0, len(rec.IDs))}
	for _, id := range rec.IDs {
		f := l.cachedFriend(id)
		if !f.Named() {
			fl.Unnamed++
		}
		fl.Friends = append(fl.Friends, f)
	}
	return fl
}

// CachedFriend is what the cache knows of an account's profile (no request); false when nothing.
func (l *Library) CachedFriend(accountID string) (Friend, bool) {
	f := l.cachedFriend(accountID)
	return f, f.Named()
}

func (l *Library) cachedFriend(id string) Friend {
	rec, ok := l.loadProfile(id)
	if !ok {
		return Friend{AccountID: id}
	}
	return friendOf(rec)
}

func friendOf(rec profileRecord) Friend {
	return Friend{AccountID: rec.AccountID, OnlineID: rec.OnlineID, AvatarURL: rec.AvatarURL, IsPlus: rec.IsPlus,
		NamedAt: rec.FetchedAt, NoProfile: rec.Gone}
}

func (l *Library) loadProfile(id string) (profileRecord, bool) {
	if !isAccountID(id) {
		return profileRecord{}, false
	}
	var rec profileRecord
	found, err := l.readRecord(l.profilePath(id), kindProfile, &rec)
	if err != nil || !found {
		return profileRecord{}, false
	}
	if rec.AccountID != id {
		l.discard(l.profilePath(id), errors.New("it describes another account"))
		return profileRecord{}, false
	}
	return rec, true
}

// nameWorkers is how many profiles NameFriends asks for at once (the client sends at most four
// requests at a time anyway).
const nameWorkers = 4

// NameFriends fetches the profile (online ID, avatar) of each friend whose profile is not cached,
// one request each, once: each is cached for good and passed to emit as it arrives (emit is called
// from one goroutine at a time), so a list shows names as they come. A second call costs nothing.
// It returns the requests sent. Requests carry ctx's priority: background for a list nobody looks
// at, interactive (the default) when a view or a command waits. It stops at the first error that
// is not about one friend (the network, the budget under psnapi.WithFailFast, a cancelled ctx);
// what arrived is kept.
func (l *Library) NameFriends(ctx context.Context, friends []Friend, emit func(Friend)) (int, error) {
	var todo []string
	seen := map[string]bool{}
	for _, f := range friends {
		if !f.Named() && isAccountID(f.AccountID) && !seen[f.AccountID] {
			seen[f.AccountID] = true
			todo = append(todo, f.AccountID)
		}
	}
	if len(todo) == 0 {
		return 0, nil
	}
	if emit == nil {
		emit = func(Friend) {}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		emitMu   sync.Mutex
		sent     int
		firstErr error
		next     int
		wg       sync.WaitGroup
	)
	for w := 0; w < min(nameWorkers, len(todo)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if next >= len(todo) || firstErr != nil {
					mu.Unlock()
					return
				}
				id := todo[next]
				next++
				mu.Unlock()
				f, n, err := l.nameFriend(ctx, id, false)
				mu.Lock()
				sent += n
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				mu.Unlock()
				if err != nil {
					return
				}
				emitMu.Lock()
				emit(f)
				emitMu.Unlock()
			}
		}()
	}
	wg.Wait()
	return sent, firstErr
}

// RefreshFriend asks for an account's profile again (one request), whatever the cache holds: for a
// friend whose name no longer resolves, or a profile Sony had none for.
func (l *Library) RefreshFriend(ctx context.Context, accountID string) (Friend, error) {
	if !isAccountID(accountID) {
		return Friend{}, fmt.Errorf("store: %q is not an account ID", accountID)
	}
	f, _, err := l.nameFriend(ctx, accountID, true)
	return f, err
}

// nameFriend fetches one profile (unless it is cached and force is false) under a claim, so two
// processes naming the same friends send each request once. It returns the requests sent.
func (l *Library) nameFriend(ctx context.Context, id string, force bool) (Friend, int, error) {
	var sent atomic.Int64
	ctx = psnapi.WithSentCounter(ctx, &sent)
	var out Friend
	before, had := l.loadProfile(id)
	err := l.once(ctx, "profile\x00"+id, func() error {
		release, err := waitClaim(ctx, l.profileClaimPath(id))
		if err != nil {
			return err
		}
		defer release()
		// Cached, or (forced) fetched by another caller since this one looked.
		if rec, ok := l.loadProfile(id); ok && (!force || !had || rec.FetchedAt.After(before.FetchedAt)) {
			out = friendOf(rec)
			return nil
		}
		api, err := l.social()
		if err != nil {
			return err
		}
		p, err := api.ProfileByAccountID(ctx, id)
		rec := profileRecord{AccountID: id, FetchedAt: l.now()}
		switch {
		case err == nil:
			rec.OnlineID, rec.AvatarURL, rec.IsPlus = p.OnlineID, p.AvatarURL, p.IsPlus
			if p.CurrentOnlineID != "" {
				rec.OnlineID = p.CurrentOnlineID
			}
			if rec.OnlineID == "" {
				rec.Gone = true
			}
		case psnapi.KindOf(err) == psnapi.KindNotFound || psnapi.KindOf(err) == psnapi.KindBadRequest:
			rec.Gone = true
		default:
			return err
		}
		out = friendOf(rec)
		if err := l.writeRecord(l.profilePath(id), kindProfile, rec); err != nil {
			return fmt.Errorf("caching a friend's profile: %w", err)
		}
		return nil
	})
	if err != nil {
		return Friend{AccountID: id}, int(sent.Load()), err
	}
	if out.AccountID == "" { // joined another caller's fetch
		out = l.cachedFriend(id)
	}
	return out, int(sent.Load()), nil
}

func (l *Library) profileClaimPath(id string) string {
	return filepath.Join(l.claimsDir(), "p+"+safeName(id))
}

// profileSeen updates a cached profile from a lookup that named the account (a profile2 or search
// answer): a friend who changed their online ID shows the new one without a request of its own.
func (l *Library) profileSeen(accountID, onlineID string) {
	if !isAccountID(accountID) || onlineID == "" {
		return
	}
	rec, ok := l.loadProfile(accountID)
	if !ok || rec.OnlineID == onlineID {
		return
	}
	rec.OnlineID, rec.Gone, rec.FetchedAt = onlineID, false, l.now()
	if err := l.writeRecord(l.profilePath(accountID), kindProfile, rec); err != nil {
		l.note("caching a friend's new name: %v", err)
	}
}

// friendByName finds a cached friend of the logged-in account by online ID (case ignored) whose
// profile is younger than maxAge (0: any age).
func (l *Library) friendByName(name string, maxAge time.Duration) (Friend, bool) {
	rec, ok := l.loadFriends(l.accountKey("me"))
	if !ok {
		return Friend{}, false
	}
	for _, id := range rec.IDs {
		p, ok := l.loadProfile(id)
		if !ok || p.Gone || !equalFoldASCII(p.OnlineID, name) {
			continue
		}
		if maxAge > 0 && !l.freshWithin(p.FetchedAt, maxAge) {
			continue
		}
		return friendOf(p), true
	}
	return Friend{}, false
}

// equalFoldASCII compares online IDs, which are ASCII letters, digits, '-' and '_'.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// nameGone handles a lookup by a name PSN no longer knows: when a cached friend had that name, the
// friend's profile is asked again (one request), so the friends list shows the name they go by now,
// and the lookup answers with that friend (true), as Sony's own lookup does for a previous online ID.
func (l *Library) nameGone(ctx context.Context, name string) (Account, bool) {
	f, ok := l.friendByName(name, 0)
	if !ok {
		return Account{}, false
	}
	nf, err := l.RefreshFriend(ctx, f.AccountID)
	if err != nil || nf.OnlineID == "" || equalFoldASCII(nf.OnlineID, name) {
		return Account{}, false
	}
	return Account{ID: nf.AccountID, OnlineID: nf.OnlineID}, true
}
