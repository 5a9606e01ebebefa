package store

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// Now playing: Sony's basicPresences says who is online and what they play (one request for up to
// 50 accounts). It changes by the minute, so it is kept in memory only, for PresenceFreshFor; the
// game's titleId is joined to its trophy title through the titleId mapping (titleids.go: asked
// once per game, for good).

// PresenceFreshFor is how long a presence is answered without asking again.
const PresenceFreshFor = 60 * time.Second

// NowPlaying is an account's presence with the trophy title of what it plays.
type NowPlaying struct {
	psnapi.Presence
	// NPCommunicationID is the trophy title of the first game played, when the game has one and
	// its mapping is known ("" otherwise: nothing played, an app, a game without trophies).
	NPCommunicationID string
	FetchedAt         time.Time
}

// Playing is the name of the first game played ("" when none).
func (n NowPlaying) Playing() string {
	if len(n.Games) == 0 {
		return ""
	}
	return n.Games[0].TitleName
}

// liveState is what a Library keeps in memory only.
type liveState struct {
	mu         sync.Mutex
	presence   map[string]NowPlaying   // account ID → last answer
	pictures   pictureMemo             // decoded and scaled pictures (pictures.go)
	failed     map[string]imageFailure // image URL → why it could not be fetched (not asked again soon)
	tokens     float64                 // picture downloads' pace (images.go)
	tokensAt   time.Time
	imageBytes int64 // the picture cache's size on disk, once sized
	sized      bool
}

// PresenceResult is Presence's answer.
type PresenceResult struct {
	ByAccount map[string]NowPlaying // account ID (numeric; yours too) → presence; absent: Sony tells nothing
	Requests  int                   // requests sent (presence and mapping)
	Offline   bool                  // the presence shown is older than PresenceFreshFor (or none)
	Err       error                 // with Offline, or a mapping that failed: why
}

// presenceIDs turns accounts ("me" or numeric) into the numeric IDs presence needs.
func (l *Library) presenceIDs(accounts []string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, a := range accounts {
		id := l.accountKey(a)
		if !isAccountID(id) {
			if isMe(a) {
				if c, ok := l.LoggedIn(); ok && isAccountID(c.ID) {
					id = c.ID
				}
			}
			if !isAccountID(id) {
				continue
			}
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// CachedPresence returns the presences held in memory, whatever their age (FetchedAt says), without
// a request.
func (l *Library) CachedPresence(accounts ...string) map[string]NowPlaying {
	out := map[string]NowPlaying{}
	l.live.mu.Lock()
	defer l.live.mu.Unlock()
	for _, id := range l.presenceIDs(accounts) {
		if n, ok := l.live.presence[id]; ok {
			out[id] = n
		}
	}
	return out
}

// PresenceCost is how many requests Presence would send for the accounts now: one per 50 accounts
// whose presence is older than PresenceFreshFor (the mapping of a game never seen, 1 request per
// account, comes on top and is known only from the answer).
func (l *Library) PresenceCost(accounts ...string) int {
	stale := len(l.stalePresence(l.presenceIDs(accounts)))
	return (stale + psnapi.MaxPresenceIDsPerRequest - 1) / psnapi.MaxPresenceIDsPerRequest
}

func (l *Library) stalePresence(ids []string) []string {
	l.live.mu.Lock()
	defer l.live.mu.Unlock()
	var out []string
	for _, id := range ids {
		if n, ok := l.live.presence[id]; !ok || !l.freshWithin(n.FetchedAt, PresenceFreshFor) {
			out = append(out, id)
		}
	}
	return out
}

// Presence tells what the accounts ("me" or numeric IDs: you and the friend you compare with, or a
// whole friends list) are doing now: presences younger than PresenceFreshFor come from memory, the
// others in one request per 50 accounts, and a game never seen before is mapped to its trophy
// title (one request per account, once for good). Requests carry ctx's priority. When the API
// cannot answer, the presences held are returned with Offline and Err.
func (l *Library) Presence(ctx context.Context, accounts ...string) (PresenceResult, error) {
	var sent atomic.Int64
	ctx = psnapi.WithSentCounter(ctx, &sent)
	ids := l.presenceIDs(accounts)
	res := PresenceResult{ByAccount: map[string]NowPlaying{}}
	if stale := l.stalePresence(ids); len(stale) > 0 {
		err := l.fetchPresence(ctx, stale)
		if err != nil {
			if !offline(err) {
				return res, err
			}
			res.Offline, res.Err = true, err
		}
	}
	for id, n := range l.CachedPresence(ids...) {
		res.ByAccount[id] = n
	}
	if err := l.mapPresence(ctx, res.ByAccount); err != nil && res.Err == nil {
		res.Err = err
	}
	res.Requests = int(sent.Load())
	return res, nil
}

func (l *Library) fetchPresence(ctx context.Context, ids []string) error {
	api, err := l.social()
	if err != nil {
		return err
	}
	got, err := api.Presences(ctx, ids)
	if err != nil {
		return err
	}
	l.noteSkipped("presence", got.Skipped)
	now := l.now()
	l.live.mu.Lock()
	defer l.live.mu.Unlock()
	if l.live.presence == nil {
		l.live.presence = map[string]NowPlaying{}
	}
	told := map[string]bool{}
	for _, p := range got.Presences {
		told[p.AccountID] = true
		l.live.presence[p.AccountID] = NowPlaying{Presence: p, FetchedAt: now}
	}
	// An account Sony tells nothing of (not a friend, presence hidden) is remembered as such.
	for _, id := range ids {
		if !told[id] {
			l.live.presence[id] = NowPlaying{Presence: psnapi.Presence{AccountID: id}, FetchedAt: now}
		}
	}
	return nil
}

// mapPresence joins each played game to its trophy title: from the cached mapping, else asking
// through the account that plays it (which has the trophy record of it, if anyone does).
func (l *Library) mapPresence(ctx context.Context, by map[string]NowPlaying) error {
	var firstErr error
	for id, n := range by {
		if len(n.Games) == 0 || n.Games[0].NPTitleID == "" {
			continue
		}
		tid := n.Games[0].NPTitleID
		np, ok := l.TrophyTitleOf(tid)
		if !ok {
			// LastPlayed zero: an id answered "no record yet" is asked again by the played-games
			// list once played, not at every presence.
			if _, err := l.mapTitleIDs(ctx, id, []psnapi.PlayedGame{{TitleID: tid}}, 0); err != nil {
				if firstErr == nil && !errors.Is(err, context.Canceled) {
					firstErr = err
				}
				continue
			}
			np, _ = l.TrophyTitleOf(tid)
		}
		n.NPCommunicationID = np
		by[id] = n
		l.live.mu.Lock()
		if m, ok := l.live.presence[id]; ok && m.FetchedAt.Equal(n.FetchedAt) {
			l.live.presence[id] = n
		}
		l.live.mu.Unlock()
	}
	return firstErr
}
