package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// A title's leaderboard among friends: you and every friend who played the title, with progress,
// earned trophies per grade and the platinum date. Each account's row is its earned status of the
// title (one request: the earned trophies carry every figure, the platinum date included, and need
// no definitions), cached like any earned status (v1/accounts/<id>/earned/), so a later compare with
// that friend costs nothing for the title. "Never played" (404) and "trophies private" (403) are
// answers too, cached under v1/accounts/<id>/board/.

// BoardMaxAge is how long a leaderboard answer is used without asking again when nothing tells
// whether it changed (the account's cached title list does, when there is one): rows show their age,
// and Policy Refresh asks every friend again.
const BoardMaxAge = 7 * 24 * time.Hour

// boardWorkers is how many accounts the leaderboard asks at once (the client sends at most four
// requests at a time anyway).
const boardWorkers = 4

// LeaderboardRow is one account's standing in a title.
type LeaderboardRow struct {
	Friend     Friend // the account: its name and avatar when cached (for you, your own)
	Me         bool   // the row of the account whose friends these are
	Private    bool   // the account hides its trophies: no figures
	Progress   int    // percent, Sony's formula
	Earned     psnapi.TrophyCounts
	Defined    psnapi.TrophyCounts
	PlatinumAt time.Time // zero: no platinum earned
	LastEarned time.Time // the latest trophy
	FetchedAt  time.Time // when the answer was fetched
	Cached     bool      // answered from the cache, without a request
}

// Leaderboard is a title's leaderboard among an account's friends.
type Leaderboard struct {
	Title psnapi.TrophyTitle
	// Rows are the account and every friend who played the title: most progress first, then the
	// earlier platinum, then more trophies; private friends last.
	Rows      []LeaderboardRow
	Friends   int // friends on the list
	NotPlayed int // friends (and the account) who never played the title
	Requests  int // requests sent
	// Offline says the board stopped before asking every friend (the budget, the network, ctx):
	// Err says why; the friends not asked are in no count.
	Offline bool
	Err     error
}

// LeaderboardCost is what Leaderboard would send, told before anything is spent.
type LeaderboardCost struct {
	Friends  int // friends on the list
	Cached   int // friends (and you) answered from the cache
	Requests int // earned-status requests: one per friend (or you) not cached or outdated
	// Names is at most how many profiles are fetched to name the rows (friends not named yet).
	Names int
}

// Total is every request the leaderboard may send.
func (c LeaderboardCost) Total() int { return c.Requests + c.Names }

// Ask reports whether the cost is above what a view spends without asking (CostAskAbove): then it
// says "12 friends · 12 requests · ok?" first.
func (c LeaderboardCost) Ask() bool { return c.Total() > CostAskAbove }

func (c LeaderboardCost) String() string {
	s := fmt.Sprintf("%d friends · %d requests", c.Friends, c.Total())
	if c.Total() == 1 {
		s = strings.TrimSuffix(s, "s")
	}
	return s
}

// boardState is what the cache answers for one account's row.
type boardState int

const (
	boardAsk boardState = iota
	boardEarned
	boardNotPlayed
	boardPrivate
)

// boardAnswer reads one account's cached answer for the title. entry is the account's own title-list
// entry of the title when its cached list has one (it proves an earned status current or not).
func (l *Library) boardAnswer(key string, title psnapi.TrophyTitle, p Policy) (boardState, *earnedRecord, *psnapi.TrophyTitle, time.Time) {
	var entry *psnapi.TrophyTitle
	listFresh := false
	if rec, err := l.loadTitles(key); err == nil && rec != nil {
		listFresh = l.freshWithin(rec.FetchedAt, BoardMaxAge)
		for i := range rec.Titles {
			if rec.Titles[i].NPCommunicationID == title.NPCommunicationID {
				entry = &rec.Titles[i]
				break
			}
		}
	}
	e := l.loadEarned(key, title.NPCommunicationID)
	if p == Refresh {
		return boardAsk, e, entry, time.Time{}
	}
	var priv boardRecord
	if found, _ := l.readRecord(l.privatePath(key), kindBoard, &priv); found && priv.Private && l.freshWithin(priv.FetchedAt, BoardMaxAge) {
		return boardPrivate, nil, entry, priv.FetchedAt
	}
	if entry != nil {
		if earnedCurrent(e, *entry) {
			return boardEarned, e, entry, e.FetchedAt
		}
		return boardAsk, e, entry, time.Time{}
	}
	if listFresh && e == nil {
		return boardNotPlayed, nil, nil, time.Time{} // the account's own recent list lacks the title
	}
	var b boardRecord
	if found, _ := l.readRecord(l.boardPath(key, title.NPCommunicationID), kindBoard, &b); found && b.NotPlayed &&
		l.freshWithin(b.FetchedAt, BoardMaxAge) && (e == nil || b.FetchedAt.After(e.FetchedAt)) {
		return boardNotPlayed, nil, nil, b.FetchedAt
	}
	if e != nil && l.freshWithin(e.FetchedAt, BoardMaxAge) {
		return boardEarned, e, nil, e.FetchedAt
	}
	return boardAsk, e, nil, time.Time{}
}

// boardJob is an account the leaderboard asks for its earned status (ask), or names before showing
// its cached row.
type boardJob struct {
	account Friend
	me      bool
	ask     bool
	seen    time.Time // the fetch time of the earned status the cache held when the board looked
	row     LeaderboardRow
}

// boardAccounts is the account itself and its friends (from the cached friends list).
func (l *Library) boardAccounts(account string) ([]Friend, error) {
	fl, ok, err := l.CachedFriends(account)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("the friends list is %w", ErrNotCached)
	}
	me := Friend{AccountID: apiAccount(account)}
	if isMe(account) {
		if a, ok := l.LoggedIn(); ok {
			me.OnlineID = a.OnlineID
		}
		l.mu.Lock()
		if l.me != "" {
			me.AccountID = l.me
		}
		l.mu.Unlock()
	} else if f, ok := l.CachedFriend(account); ok {
		me = f
	}
	out := []Friend{me}
	for _, f := range fl.Friends {
		if f.AccountID != me.AccountID {
			out = append(out, f)
		}
	}
	return out, nil
}

// LeaderboardCost tells, without a request, what Leaderboard would send for the title: one
// earned-status request per account (you and each friend) whose answer is not cached, and the names
// of unnamed friends. It needs the friends list cached (Friends first; else ErrNotCached).
func (l *Library) LeaderboardCost(account string, title psnapi.TrophyTitle) (LeaderboardCost, error) {
	return l.leaderboardCost(account, title, Auto)
}

// LeaderboardCostRefresh is LeaderboardCost for Policy Refresh: every account is asked again.
func (l *Library) LeaderboardCostRefresh(account string, title psnapi.TrophyTitle) (LeaderboardCost, error) {
	return l.leaderboardCost(account, title, Refresh)
}

func (l *Library) leaderboardCost(account string, title psnapi.TrophyTitle, p Policy) (LeaderboardCost, error) {
	accounts, err := l.boardAccounts(account)
	if err != nil {
		return LeaderboardCost{}, err
	}
	c := LeaderboardCost{Friends: len(accounts) - 1}
	for i, a := range accounts {
		st, _, _, _ := l.boardAnswer(l.accountKey(a.AccountID), title, p)
		switch st {
		case boardAsk:
			c.Requests++
		default:
			c.Cached++
		}
		if i > 0 && st != boardNotPlayed && !a.Named() {
			c.Names++
		}
	}
	return c, nil
}

// Leaderboard builds the title's leaderboard among the account's friends (the friends list must be
// cached: Friends first). Cached answers come first, then one request per account not cached (four
// at a time, at ctx's priority: interactive when someone waits), and unnamed friends who played
// are named (one request each, once). emit (from one goroutine at a time; may be nil) gets each row
// as it arrives, so a view fills as answers come. Policy Offline sends nothing, Refresh asks every
// account again. A failure that is not about one account (the network, the budget under
// psnapi.WithFailFast, ctx) stops the asking: the board comes back with what it has, Offline and Err.
func (l *Library) Leaderboard(ctx context.Context, account string, title psnapi.TrophyTitle, p Policy, emit func(LeaderboardRow)) (Leaderboard, error) {
	accounts, err := l.boardAccounts(account)
	if err != nil {
		return Leaderboard{Title: title}, err
	}
	if emit == nil {
		emit = func(LeaderboardRow) {}
	}
	var sent atomic.Int64
	ctx = psnapi.WithSentCounter(ctx, &sent)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b := Leaderboard{Title: title, Friends: len(accounts) - 1}
	var (
		mu     sync.Mutex
		emitMu sync.Mutex
		jobs   []boardJob
	)
	add := func(row LeaderboardRow, played bool) {
		mu.Lock()
		if played {
			b.Rows = append(b.Rows, row)
		} else {
			b.NotPlayed++
		}
		mu.Unlock()
		if played {
			emitMu.Lock()
			emit(row)
			emitMu.Unlock()
		}
	}
	for i, a := range accounts {
		st, e, _, at := l.boardAnswer(l.accountKey(a.AccountID), title, p)
		var row LeaderboardRow
		switch st {
		case boardAsk:
			if p != Offline {
				j := boardJob{account: a, me: i == 0, ask: true}
				if e != nil {
					j.seen = e.FetchedAt
				}
				jobs = append(jobs, j)
			}
			continue
		case boardNotPlayed:
			add(LeaderboardRow{}, false)
			continue
		case boardEarned:
			row = boardRow(a, i == 0, e, true)
		case boardPrivate:
			row = LeaderboardRow{Friend: a, Me: i == 0, Private: true, FetchedAt: at, Cached: true}
		}
		if i > 0 && !a.Named() && p != Offline {
			jobs = append(jobs, boardJob{account: a, row: row}) // shown once named
			continue
		}
		add(row, true)
	}
	var (
		wg       sync.WaitGroup
		next     int
		firstErr error
	)
	for w := 0; w < min(boardWorkers, len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if next >= len(jobs) || firstErr != nil {
					mu.Unlock()
					return
				}
				j := jobs[next]
				next++
				mu.Unlock()
				row, played, err := j.row, true, error(nil)
				if j.ask {
					row, played, err = l.askBoard(ctx, j.account, title, j.seen)
				}
				if err == nil && played && !j.me && !j.account.Named() {
					if f, _, nerr := l.nameFriend(ctx, j.account.AccountID, false); nerr == nil {
						row.Friend = f
					} else {
						err = nerr
					}
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
					return
				}
				row.Me = j.me
				add(row, played)
			}
		}()
	}
	wg.Wait()
	b.Requests = int(sent.Load())
	sortBoard(b.Rows)
	if firstErr != nil {
		b.Offline, b.Err = true, firstErr
		if !offline(firstErr) && !errors.Is(firstErr, context.Canceled) {
			return b, firstErr
		}
	}
	return b, nil
}

// askBoard fetches one account's earned status of the title (one request) under the title's claim
// for that account, and caches the answer: an earned status, "never played" or "private".
func (l *Library) askBoard(ctx context.Context, a Friend, title psnapi.TrophyTitle, seen time.Time) (LeaderboardRow, bool, error) {
	key := l.accountKey(a.AccountID)
	var (
		row    LeaderboardRow
		played bool
	)
	err := l.once(ctx, "board\x00"+l.accountKeyDir(key)+"\x00"+title.NPCommunicationID, func() error {
		release, err := waitClaim(ctx, l.earnedClaimPath(key, title.NPCommunicationID))
		if err != nil {
			return err
		}
		defer release()
		api := l.client()
		if api == nil {
			return ErrNoAPI
		}
		// Another process may have answered since the board looked.
		if e := l.loadEarned(key, title.NPCommunicationID); e != nil && e.FetchedAt.After(seen) {
			row, played = boardRow(a, false, e, true), true
			return nil
		}
		ans, err := api.EarnedTrophies(ctx, apiAccount(a.AccountID), title.Ref(), "all")
		now := l.now()
		switch {
		case psnapi.IsNotFound(err):
			rec := boardRecord{NPCommunicationID: title.NPCommunicationID, NotPlayed: true, FetchedAt: now}
			if werr := l.writeRecord(l.boardPath(key, title.NPCommunicationID), kindBoard, rec); werr != nil {
				return fmt.Errorf("caching a leaderboard answer: %w", werr)
			}
			return nil
		case psnapi.IsForbidden(err):
			rec := boardRecord{NPCommunicationID: title.NPCommunicationID, Private: true, FetchedAt: now}
			if werr := l.writeRecord(l.privatePath(key), kindBoard, rec); werr != nil {
				return fmt.Errorf("caching a leaderboard answer: %w", werr)
			}
			row, played = LeaderboardRow{Friend: a, Private: true, FetchedAt: now}, true
			return nil
		case err != nil:
			return err
		}
		l.noteSkipped(title.NPCommunicationID+" earned trophies", ans.Skipped)
		rec := earnedRecord{NPCommunicationID: title.NPCommunicationID, SetVersion: ans.TrophySetVersion,
			Trophies: ans.Trophies, FetchedAt: now}
		var latest time.Time
		for _, t := range ans.Trophies {
			rec.Defined = rec.Defined.Add(countOf(t.TrophyType))
			if t.Earned && t.EarnedDateTime.After(latest) {
				latest = t.EarnedDateTime
			}
		}
		// The account's own title-list entry, when cached, names the values the cache rule compares
		// with. Without it the title's last-updated time is not known (Sony's is often minutes after
		// the latest trophy): the record says so, and a title list that shows the title last updated
		// before this answer finds it current (earnedCurrent), so a later compare costs nothing.
		rec.LastUpdated, rec.LastUpdatedUnknown = latest, true
		if tl, err := l.loadTitles(key); err == nil && tl != nil {
			for _, t := range tl.Titles {
				if t.NPCommunicationID == title.NPCommunicationID {
					rec.LastUpdated, rec.SetVersion, rec.Defined = t.LastUpdatedDateTime, t.TrophySetVersion, t.DefinedTrophies
					rec.LastUpdatedUnknown = false
					break
				}
			}
		}
		if rec.SetVersion == "" {
			rec.SetVersion = title.TrophySetVersion
		}
		l.markEarnedChanged(key, title.NPCommunicationID)
		defer l.markEarnedChanged(key, title.NPCommunicationID)
		if err := l.writeRecord(l.earnedPath(key, title.NPCommunicationID), kindEarned, rec); err != nil {
			return fmt.Errorf("caching earned trophies: %w", err)
		}
		row, played = boardRow(a, false, &rec, false), true
		return nil
	})
	if err != nil {
		return LeaderboardRow{Friend: a}, false, err
	}
	if row.Friend.AccountID == "" { // joined another caller's request: read its answer
		st, e, _, at := l.boardAnswer(key, title, Auto)
		switch st {
		case boardEarned:
			return boardRow(a, false, e, false), true, nil
		case boardPrivate:
			return LeaderboardRow{Friend: a, Private: true, FetchedAt: at}, true, nil
		}
		return LeaderboardRow{}, false, nil
	}
	return row, played, nil
}

// boardRow makes an account's row from its earned status of the title.
func boardRow(a Friend, me bool, e *earnedRecord, cached bool) LeaderboardRow {
	row := LeaderboardRow{Friend: a, Me: me, FetchedAt: e.FetchedAt, Cached: cached}
	for _, t := range e.Trophies {
		row.Defined = row.Defined.Add(countOf(t.TrophyType))
		if !t.Earned {
			continue
		}
		row.Earned = row.Earned.Add(countOf(t.TrophyType))
		if t.TrophyType == psnapi.Platinum {
			row.PlatinumAt = t.EarnedDateTime
		}
		if t.EarnedDateTime.After(row.LastEarned) {
			row.LastEarned = t.EarnedDateTime
		}
	}
	row.Progress = progress(row.Earned, row.Defined)
	return row
}

// sortBoard orders rows: most progress first, then the earlier platinum, then more trophies, then
// by name; private accounts last.
func sortBoard(rows []LeaderboardRow) {
	sort.SliceStable(rows, func(i, j int) bool { return LeaderboardBefore(&rows[i], &rows[j]) })
}

// LeaderboardBefore reports whether a comes before b in a leaderboard (a view that keeps its own
// rows orders them with it).
func LeaderboardBefore(a, b *LeaderboardRow) bool {
	if a.Private != b.Private {
		return b.Private
	}
	if a.Progress != b.Progress {
		return a.Progress > b.Progress
	}
	if pa, pb := !a.PlatinumAt.IsZero(), !b.PlatinumAt.IsZero(); pa != pb {
		return pa
	} else if pa && !a.PlatinumAt.Equal(b.PlatinumAt) {
		return a.PlatinumAt.Before(b.PlatinumAt)
	}
	if ta, tb := a.Earned.Total(), b.Earned.Total(); ta != tb {
		return ta > tb
	}
	return strings.ToLower(a.Friend.Name()) < strings.ToLower(b.Friend.Name())
}

// SortLeaderboard orders rows as Leaderboard does (a view keeping rows as they arrive re-sorts).
func SortLeaderboard(rows []LeaderboardRow) { sortBoard(rows) }
