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

// unmappedOf lists the games whose titleId must still be asked, in the list's order.
func unmappedOf(rec titleIDsRecord, games []psnapi.PlayedGame) []psnapi.PlayedGame {
	var out []psnapi.PlayedGame
	seen := map[string]bool{}
	for _, g := range games {
		if !seen[g.TitleID] && mapNeeded(rec, g.TitleID, g.LastPlayed) {
			seen[g.TitleID] = true
			out = append(out, g)
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
		todo := unmappedOf(l.loadTitleIDs(), games) // another process may have mapped some meanwhile
		if limit > 0 && len(todo) > limit {
			todo = todo[:limit]
		}
		for start := 0; start < len(todo); start += mapChunk {
			chunk := todo[start:min(start+mapChunk, len(todo))]
			ids := make([]string, len(chunk))
			for i, g := range chunk {
				ids[i] = g.TitleID
			}
			ans, err := api.TitleSummaryList(ctx, apiAccount(account), ids, false)
			if err != nil {
				return err
			}
			l.noteSkipped("trophy titles by titleId", ans.Skipped)
			at := l.now()
			got := map[string]titleIDEntry{}
			for _, t := range ans.Titles {
				e := titleIDEntry{At: at}
				for _, tt := range t.TrophyTitles {
					if tt.NPCommunicationID != "" {
						e.NPCommIDs = append(e.NPCommIDs, tt.NPCommunicationID)
					}
				}
				e.Empty = len(e.NPCommIDs) == 0
				got[t.NPTitleID] = e
			}
			for _, id := range ans.Unknown {
				got[id] = titleIDEntry{Unknown: true, At: at}
			}
			// An id Sony left out (a record it could not read) is asked again after the next play.
			for _, id := range ids {
				if _, ok := got[id]; !ok {
					got[id] = titleIDEntry{Empty: true, At: at}
				}
			}
			rec := l.loadTitleIDs()
			for id, e := range got {
				rec.IDs[id] = e
			}
			if err := l.writeRecord(l.titleIDsPath(), kindTitleIDs, rec); err != nil {
				return fmt.Errorf("caching the titleId mapping: %w", err)
			}
		}
		return nil
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
