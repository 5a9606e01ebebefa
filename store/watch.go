package store

import (
	"context"
	"sort"

	"github.com/psnclient/psn-client/psnapi"
)

// watchPageSize is the title-list page CheckNew polls with: one small request tells which titles
// moved (the list is newest first); more pages only when more titles moved than it holds.
const watchPageSize = 20

// NewTrophy is a trophy earned since the cache last knew the title's earned status.
type NewTrophy struct {
	Title  psnapi.TrophyTitle
	Trophy Trophy // definition with the account's status: name, grade, rarity, earned time
}

// CheckNew asks for the first page of the account's title list (one small request when nothing
// changed) and, for each title that moved, fetches its earned status (and, for a title new to the
// cache, its definitions), updates the cache and returns every trophy earned since the cache last
// saw it, oldest first. With no title list cached it fetches the whole list and returns nothing:
// that is the baseline. Requests carry ctx's priority.
func (l *Library) CheckNew(ctx context.Context, account string) ([]NewTrophy, error) {
	key := l.accountKey(account)
	old, err := l.loadTitles(key)
	if err != nil {
		return nil, err
	}
	if old == nil {
		_, err := l.refreshTitleList(ctx, account, titleFetch{})
		return nil, err
	}
	before := make(map[string]psnapi.TrophyTitle, len(old.Titles))
	for _, t := range old.Titles {
		before[t.NPCommunicationID] = t
	}
	since := old.FetchedAt
	tl, err := l.refreshTitleList(ctx, account, titleFetch{pageSize: watchPageSize})
	if err != nil {
		return nil, err
	}
	var out []NewTrophy
	for _, t := range tl.Titles {
		prev, known := before[t.NPCommunicationID]
		if known && !t.LastUpdatedDateTime.After(prev.LastUpdatedDateTime) && t.EarnedTrophies == prev.EarnedTrophies {
			continue
		}
		baseline := since
		if known {
			baseline = prev.LastUpdatedDateTime
		}
		was := l.loadEarned(key, t.NPCommunicationID)
		if was != nil && !known {
			was = nil
		}
		tt, err := l.TitleTrophies(ctx, account, t)
		if err != nil {
			return out, err
		}
		earnedBefore := map[int]bool{}
		if was != nil {
			for _, s := range was.Trophies {
				earnedBefore[s.TrophyID] = s.Earned
			}
		}
		for _, tr := range tt.Trophies {
			if !tr.Status.Earned || earnedBefore[tr.TrophyID] {
				continue
			}
			if was == nil && !tr.Status.EarnedDateTime.After(baseline) {
				continue // no earlier status to compare with: only what was earned since the baseline
			}
			out = append(out, NewTrophy{Title: t, Trophy: tr})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Trophy.Status.EarnedDateTime.Before(out[j].Trophy.Status.EarnedDateTime)
	})
	return out, nil
}
