package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// Play time comes from Sony's played-games list (gamelist/v2: PS4 and PS5 games only, 200 a
// request), joined to trophy titles through the titleId mapping (titleids.go). The list is kept per
// account (v1/accounts/<id>/played.bin) under the cache rule: fresh for PlayedFreshFor, then asked
// again; like the title list it is newest first, so a refresh reads pages only until one holds a game
// unchanged since the cached list (usually one request), and every page at least once a day.

// PlayedFreshFor is how long a cached played-games list is answered without asking (Policy Auto).
const PlayedFreshFor = FreshFor

// playedFullEvery is how often a refresh reads every page of the played-games list.
const playedFullEvery = 24 * time.Hour

// playedPageLimit bounds an incremental refresh: more pages changed than that, and the whole list is read.
const playedPageLimit = 3

// PlayTime is an account's play of one trophy title: the sum over the games (titleIds) that map to
// it (a PS4 and a PS5 version may share a trophy set).
type PlayTime struct {
	Duration    time.Duration
	Count       int       // how many times it was started
	First, Last time.Time // first and last played
	TitleIDs    []string  // the games (titleIds) counted
}

// PlayTimes is an account's play time per trophy title. PS3, PS Vita and PC titles have none: Sony
// keeps play time for PS4 and PS5 games only.
type PlayTimes struct {
	Account string
	ByTitle map[string]PlayTime // npCommunicationId → play time
	Games   int                 // games in the played-games list
	// Unmapped counts the games whose trophy title is not known yet: mapping them costs
	// MapRequests(Unmapped) requests, once.
	Unmapped int
	// NoTrophies counts the games and apps that have no trophy set (their play time is in no title).
	NoTrophies int
	FetchedAt  time.Time // when the played-games list was fetched
	Offline    bool      // served from the cache: the API could not be reached or the budget is spent
	Err        error     // with Offline, or a mapping that could not be done: why
}

// Of returns the play time of a trophy title; false for a title without any (never played on PS4
// or PS5, or not mapped yet).
func (p PlayTimes) Of(npCommID string) (PlayTime, bool) {
	t, ok := p.ByTitle[npCommID]
	return t, ok
}

// PlayTimeCost is what PlayTime (and sync's play time step) would send now, known before spending.
type PlayTimeCost struct {
	Cached       bool // a played-games list is cached (else every figure is an estimate from the title list)
	Fresh        bool // and fresh: Policy Auto does not ask for it
	Games        int  // games in the cached list (estimated: PS4 and PS5 titles of the title list)
	ListRequests int  // requests for the played-games list (a stale list: usually 1)
	Unmapped     int  // games whose trophy title is still to be asked (5 a request, once)
	MapRequests  int
}

// Requests is the whole cost.
func (c PlayTimeCost) Requests() int { return c.ListRequests + c.MapRequests }

// CachedPlayTime returns the account's play time from the cache alone (no request); false when no
// played-games list is cached. Games whose mapping is not cached count in Unmapped.
func (l *Library) CachedPlayTime(account string) (PlayTimes, bool, error) {
	rec, ok := l.loadPlayed(l.accountKey(account))
	if !ok {
		return PlayTimes{Account: account, ByTitle: map[string]PlayTime{}}, false, nil
	}
	return l.joinPlayTime(account, rec), true, nil
}

// AutoMapMax is how many games PlayTime (Policy Auto) maps to their trophy titles in one call: a
// handful of requests' worth, enough for the games played since the last read. A library's first
// mapping (hundreds of requests) is sync's work (SyncPlayTime), told beforehand by PlayTimeCost.
const AutoMapMax = CostAskAbove * psnapi.MaxTitleIDsPerRequest

// PlayTime returns the account's play time per trophy title under the cache rule: the played-games
// list is fresh for PlayedFreshFor, then refreshed (the pages that changed: usually one request;
// Refresh reads every page); games not mapped to their trophy title yet are mapped (5 a request,
// once for good): at most AutoMapMax of them under Auto (Unmapped counts the rest), all under
// Refresh. With a list cached, Auto never waits for the budget: the cache comes back with
// Offline and Err. Requests carry ctx's priority. A played-games list Sony hides is a forbidden
// psnapi error.
func (l *Library) PlayTime(ctx context.Context, account string, p Policy) (PlayTimes, error) {
	key := l.accountKey(account)
	rec, ok := l.loadPlayed(key)
	switch p {
	case Offline:
		if !ok {
			return PlayTimes{Account: account, ByTitle: map[string]PlayTime{}}, ErrNotCached
		}
		return l.joinPlayTime(account, rec), nil
	case Auto:
		if ok {
			ctx = psnapi.WithFailFast(ctx)
		}
	}
	var err error
	if !ok || p == Refresh || !l.freshWithin(rec.FetchedAt, PlayedFreshFor) {
		var fresh playedRecord
		fresh, _, err = l.refreshPlayed(ctx, account, p == Refresh)
		if err == nil {
			rec, ok = fresh, true
		}
	}
	if err == nil {
		limit := AutoMapMax // a read is not a sync: the rest is SyncPlayTime's (or Refresh's)
		if p == Refresh {
			limit = 0
		}
		_, err = l.mapTitleIDs(ctx, account, rec.Games, limit)
	}
	if !ok {
		return PlayTimes{Account: account, ByTitle: map[string]PlayTime{}}, err
	}
	pt := l.joinPlayTime(account, rec)
	if err != nil {
		if !offline(err) && !psnapi.IsForbidden(err) {
			return pt, err
		}
		pt.Offline, pt.Err = offline(err), err
	}
	return pt, nil
}

// SyncPlayTime is sync's play time step: the played-games list when it is stale and every game's
// mapping not cached yet, at background priority (as the rest of a sync), waiting for the budget as
// ctx allows. It returns the play time and the requests sent.
func (l *Library) SyncPlayTime(ctx context.Context, account string) (PlayTimes, int, error) {
	var sent atomic.Int64
	ctx = psnapi.WithSentCounter(psnapi.WithPriority(ctx, psnapi.Background), &sent)
	key := l.accountKey(account)
	rec, ok := l.loadPlayed(key)
	var err error
	if !ok || !l.freshWithin(rec.FetchedAt, PlayedFreshFor) {
		rec, _, err = l.refreshPlayed(ctx, account, false)
		if err != nil {
			pt, _, _ := l.CachedPlayTime(account)
			return pt, int(sent.Load()), err
		}
	}
	_, err = l.mapTitleIDs(ctx, account, rec.Games, 0)
	return l.joinPlayTime(account, rec), int(sent.Load()), err
}

// PlayTimeCost tells, without a request, what PlayTime (Policy Auto) or sync's play time step would
// send. Without a cached played-games list it estimates from the cached title list: one game per
// PS4 or PS5 trophy title.
func (l *Library) PlayTimeCost(account string) PlayTimeCost {
	var c PlayTimeCost
	rec, ok := l.loadPlayed(l.accountKey(account))
	if ok {
		c.Cached, c.Games = true, len(rec.Games)
		c.Fresh = l.freshWithin(rec.FetchedAt, PlayedFreshFor)
		if !c.Fresh {
			c.ListRequests = 1
			if !l.freshWithin(rec.FullAt, playedFullEvery) {
				c.ListRequests = pagesOf(len(rec.Games), psnapi.MaxPlayedGamesPage)
			}
		}
		c.Unmapped = len(unmappedOf(l.loadTitleIDs(), rec.Games))
	} else {
		tl, _, _ := l.CachedTitles(account)
		for _, t := range tl.Titles {
			if hasPlayTime(t.TrophyTitlePlatform) {
				c.Games++
			}
		}
		c.ListRequests = pagesOf(c.Games, psnapi.MaxPlayedGamesPage)
		c.Unmapped = c.Games
	}
	c.MapRequests = MapRequests(c.Unmapped)
	return c
}

// hasPlayTime reports whether Sony keeps play time for a trophy title's platforms (PS4 or PS5).
func hasPlayTime(platform string) bool {
	for _, p := range splitPlatforms(platform) {
		if p == "PS4" || p == "PS5" {
			return true
		}
	}
	return false
}

func splitPlatforms(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}

// pagesOf is how many requests n items take at per a page (at least one: the first page tells
// the total).
func pagesOf(n, per int) int {
	return max(1, (n+per-1)/per)
}

// joinPlayTime sums each mapped game's play into its trophy title.
func (l *Library) joinPlayTime(account string, rec playedRecord) PlayTimes {
	ids := l.loadTitleIDs()
	pt := PlayTimes{Account: account, ByTitle: map[string]PlayTime{}, Games: len(rec.Games), FetchedAt: rec.FetchedAt}
	for _, g := range rec.Games {
		if mapNeeded(ids, g.TitleID, g.LastPlayed) {
			pt.Unmapped++
			continue
		}
		e := ids.IDs[g.TitleID]
		if len(e.NPCommIDs) == 0 {
			pt.NoTrophies++
			continue
		}
		id := e.NPCommIDs[0]
		t := pt.ByTitle[id]
		t.Duration += g.PlayDuration
		t.Count += g.PlayCount
		if !g.FirstPlayed.IsZero() && (t.First.IsZero() || g.FirstPlayed.Before(t.First)) {
			t.First = g.FirstPlayed
		}
		if g.LastPlayed.After(t.Last) {
			t.Last = g.LastPlayed
		}
		t.TitleIDs = append(t.TitleIDs, g.TitleID)
		pt.ByTitle[id] = t
	}
	return pt
}

func (l *Library) loadPlayed(key string) (playedRecord, bool) {
	var rec playedRecord
	found, err := l.readRecord(l.playedPath(key), kindPlayed, &rec)
	return rec, err == nil && found
}

func (l *Library) playedClaimPath(key string) string {
	return filepath.Join(l.claimsDir(), "g+"+safeName(l.accountKeyDir(key)))
}

// refreshPlayed fetches the played-games list (the pages that changed, or every page when full,
// when none is cached or the last full read is older than playedFullEvery), places the new play
// time in months (playmonths.go) and writes both. It works under a claim, so two
// processes never count the same hours twice; one that finds the list refreshed by another since
// it was called takes that. It returns the record and the requests sent.
func (l *Library) refreshPlayed(ctx context.Context, account string, full bool) (playedRecord, int, error) {
	api, err := l.social()
	if err != nil {
		return playedRecord{}, 0, err
	}
	key := l.accountKey(account)
	var sent atomic.Int64
	ctx = psnapi.WithSentCounter(ctx, &sent)
	before, had := l.loadPlayed(key)
	var out playedRecord
	err = l.once(ctx, "played\x00"+l.accountKeyDir(key), func() error {
		release, err := waitClaim(ctx, l.playedClaimPath(key))
		if err != nil {
			return err
		}
		defer release()
		old, haveOld := l.loadPlayed(key)
		if haveOld && (!had || old.FetchedAt.After(before.FetchedAt)) {
			out = old // refreshed by another caller meanwhile
			return nil
		}
		full := full || !haveOld || !l.freshWithin(old.FullAt, playedFullEvery)
		games, skipped, wasFull, err := l.fetchPlayed(ctx, api, account, old.Games, old.Skipped, full)
		if err != nil {
			return err
		}
		rec := playedRecord{Account: account, FetchedAt: l.now(), FullAt: old.FullAt, Games: games, Skipped: skipped}
		if wasFull {
			rec.FullAt = rec.FetchedAt
		}
		// The ledger first: it knows what it accounted for, so a crash before the list's write only
		// makes the next refresh read the list again, never count hours twice.
		led, _ := l.loadLedger(key)
		led.Account = account
		placePlay(&led, games, rec.FetchedAt)
		if err := l.saveLedger(key, led); err != nil {
			l.note("keeping the hours played per month: %v", err)
		}
		if err := l.writeRecord(l.playedPath(key), kindPlayed, rec); err != nil {
			return fmt.Errorf("caching the played-games list: %w", err)
		}
		out = rec
		return nil
	})
	if err == nil && out.FetchedAt.IsZero() { // joined another caller's refresh
		out, _ = l.loadPlayed(key)
	}
	return out, int(sent.Load()), err
}

// fetchPlayed reads the played-games list. Not full: pages from the first until one holds a game
// unchanged since cached (every game after it is unchanged too: the list is newest first, and a game
// played since would have moved ahead), merged with the cached rest; the merge falls back to every
// page when its count differs from Sony's total or more than playedPageLimit pages changed.
func (l *Library) fetchPlayed(ctx context.Context, api socialAPI, account string, cached []psnapi.PlayedGame, cachedSkipped int, full bool) ([]psnapi.PlayedGame, int, bool, error) {
	was := make(map[string]int, len(cached)) // titleId → index in cached
	for i, g := range cached {
		was[g.TitleID] = i
	}
	var (
		games   []psnapi.PlayedGame
		skipped int
		seen    = map[string]bool{}
		total   int
	)
	add := func(p psnapi.PlayedGames) bool {
		unchanged := false
		for _, g := range p.Games {
			if seen[g.TitleID] {
				continue
			}
			seen[g.TitleID] = true
			games = append(games, g)
			if w, ok := was[g.TitleID]; ok && samePlay(cached[w], g) {
				unchanged = true
			}
		}
		skipped += len(p.Skipped)
		l.noteSkipped("played games", p.Skipped)
		return unchanged
	}
	for offset, page := 0, 0; ; page++ {
		p, err := api.PlayedGames(ctx, apiAccount(account), psnapi.MaxPlayedGamesPage, offset)
		if err != nil {
			return nil, 0, false, err
		}
		total = p.TotalItemCount
		unchanged := add(p)
		read := len(p.Games) + len(p.Skipped)
		offset += read
		if read == 0 || offset >= total || page >= 200 {
			return games, skipped, true, nil // every page read
		}
		if !full && unchanged {
			break
		}
		if !full && page+1 >= playedPageLimit {
			full = true // too much changed: read the rest too
		}
	}
	merged := games
	for _, g := range cached {
		if !seen[g.TitleID] {
			merged = append(merged, g)
		}
	}
	// The entries Sony sends that cannot be read are not in the list: either count may hold them.
	if n := len(merged); n+skipped != total && n+cachedSkipped != total {
		return l.fetchPlayed(ctx, api, account, cached, cachedSkipped, true)
	}
	return merged, max(skipped, cachedSkipped), false, nil
}

// samePlay reports whether a game's play is unchanged between two reads of the list.
func samePlay(a, b psnapi.PlayedGame) bool {
	return a.TitleID == b.TitleID && a.PlayDuration == b.PlayDuration && a.PlayCount == b.PlayCount &&
		a.LastPlayed.Equal(b.LastPlayed)
}
