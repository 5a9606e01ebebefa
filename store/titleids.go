package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// The titleId → npCommunicationId mapping: a played game (gamelist, presence) names its titleId
// (CUSA…, PPSA…), a trophy title its npCommunicationId (NPWR…), and only the by-npTitleIds trophy
// endpoint links the two, 5 ids a request. The link never changes, so every answer is kept for good
// in one file shared by every account (v1/titleids.bin), "no trophy set" answers included; an id
// the asking account had no trophy record of yet is asked again only once the game was played
// after the answer.

// mapChunk is how many ids are asked between two writes of the mapping: four requests in flight,
// and a cancelled mapping keeps every chunk that finished.
const mapChunk = 4 * psnapi.MaxTitleIDsPerRequest

// mapWriteEvery is how long a mapping's answers may wait in memory before they are written (a
// killed process loses at most that much of the mapping: requests asked again in its next run).
const mapWriteEvery = time.Second

// MapRequests is how many requests mapping n titleIds takes.
func MapRequests(n int) int {
	return (n + psnapi.MaxTitleIDsPerRequest - 1) / psnapi.MaxTitleIDsPerRequest
}

func (l *Library) titleIDsClaimPath() string { return filepath.Join(l.claimsDir(), "m+titleids") }

func (l *Library) loadTitleIDs() titleIDsRecord {
	var rec titleIDsRecord
	if found, _ := l.readRecord(l.titleIDsPath(), kindTitleIDs, &rec); !found || rec.IDs == nil {
		rec.IDs = map[string]titleIDEntry{}
	}
	return rec
}

// mapNeeded reports whether a titleId must be asked: never answered, or answered "no record yet"
// before the game was last played.
func mapNeeded(rec titleIDsRecord, id string, lastPlayed time.Time) bool {
	e, ok := rec.IDs[id]
	if !ok {
		return true
	}
	return e.Empty && lastPlayed.After(e.At)
}

// unmappedOf lists the titleIds of the games that must still be asked, in the list's order (ids,
// not copies of the games: a first mapping covers every game of the list).
func unmappedOf(rec titleIDsRecord, games []psnapi.PlayedGame) []string {
	var out []string
	var seen map[string]bool
	for _, g := range games {
		if mapNeeded(rec, g.TitleID, g.LastPlayed) && !seen[g.TitleID] {
			if seen == nil {
				seen = map[string]bool{}
			}
			seen[g.TitleID] = true
			out = append(out, g.TitleID)
		}
	}
	return out
}

// mapTitleIDs asks Sony, through account (the account that played the games: the endpoint answers
// only for titles that account has a trophy record of), for the trophy sets of the games not
// mapped yet (the first limit of them, most recently played first; 0: all), and caches every answer
// as it arrives. It holds a claim while it works, so two processes never ask the same ids. It
// returns the requests sent.
func (l *Library) mapTitleIDs(ctx context.Context, account string, games []psnapi.PlayedGame, limit int) (int, error) {
	if len(unmappedOf(l.loadTitleIDs(), games)) == 0 {
		return 0, nil
	}
	api, err := l.social()
	if err != nil {
		return 0, err
	}
	var sent atomic.Int64
	ctx = psnapi.WithSentCounter(ctx, &sent)
	err = l.once(ctx, "titleids\x00"+l.accountKeyDir(l.accountKey(account))+"\x00"+strconv.Itoa(limit), func() error {
		release, err := waitClaim(ctx, l.titleIDsClaimPath())
		if err != nil {
			return err
		}
		defer release()
		// The claim keeps every other writer of the mapping out: it is read once and written after
		// the answers of mapWriteEvery at most (and when the work ends, cancelled or not), not after
		// every chunk: rewriting the whole mapping per chunk made a first mapping of 20,000 games
		// quadratic (4 GB of garbage).
		rec := l.loadTitleIDs()
		todo := unmappedOf(rec, games) // another process may have mapped some meanwhile
		if limit > 0 && len(todo) > limit {
			todo = todo[:limit]
		}
		dirty, wrote := false, time.Now()
		save := func() error {
			if !dirty {
				return nil
			}
			dirty, wrote = false, time.Now()
			if err := l.writeRecord(l.titleIDsPath(), kindTitleIDs, rec); err != nil {
				return fmt.Errorf("caching the titleId mapping: %w", err)
			}
			return nil
		}
		for start := 0; start < len(todo); start += mapChunk {
			ids := todo[start:min(start+mapChunk, len(todo))]
			ans, err := api.TitleSummaryList(ctx, apiAccount(account), ids, false)
			if err != nil {
				if werr := save(); werr != nil {
					l.note("%v", werr)
				}
				return err
			}
			l.noteSkipped("trophy titles by titleId", ans.Skipped)
			at := l.now()
			got := make(map[string]bool, len(ids))
			for _, t := range ans.Titles {
				e := titleIDEntry{At: at}
				for _, tt := range t.TrophyTitles {
					if tt.NPCommunicationID != "" {
						e.NPCommIDs = append(e.NPCommIDs, tt.NPCommunicationID)
					}
				}
				e.Empty = len(e.NPCommIDs) == 0
				rec.IDs[t.NPTitleID], got[t.NPTitleID] = e, true
			}
			for _, id := range ans.Unknown {
				rec.IDs[id], got[id] = titleIDEntry{Unknown: true, At: at}, true
			}
			// An id Sony left out (a record it could not read) is asked again after the next play.
			for _, id := range ids {
				if !got[id] {
					rec.IDs[id] = titleIDEntry{Empty: true, At: at}
				}
			}
			dirty = true
			if time.Since(wrote) >= mapWriteEvery {
				if err := save(); err != nil {
					return err
				}
			}
		}
		return save()
	})
	return int(sent.Load()), err
}

// TrophyTitleOf returns the trophy title (npCommunicationId) of a game's titleId from the cached
// mapping, without a request; false when it is not mapped yet or has no trophy set.
func (l *Library) TrophyTitleOf(titleID string) (string, bool) {
	e, ok := l.loadTitleIDs().IDs[titleID]
	if !ok || len(e.NPCommIDs) == 0 {
		return "", false
	}
	return e.NPCommIDs[0], true
}
