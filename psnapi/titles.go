package psnapi

import (
	"context"
	"net/url"
	"strconv"
	"sync"
)

// MaxTitlesPage is the largest limit the trophy titles endpoint accepts.
const MaxTitlesPage = 800

// maxPageFollows bounds how many extra pages a nextOffset chain may cost: a server that keeps
// answering with a nextOffset must not drain the budget.
const maxPageFollows = 50

// accountSegment is the {accountId} path segment: "me" when empty.
func accountSegment(account string) string {
	if account == "" {
		return "me"
	}
	return account
}

// TrophyTitles fetches one page of an account's title list ("me" or a numeric account id),
// most recently updated first. limit is clamped to 1…800 (0 means 800); Sony answers an offset
// past the end with an empty page.
func (c *Client) TrophyTitles(ctx context.Context, account string, limit, offset int) (TrophyTitles, error) {
	if limit <= 0 || limit > MaxTitlesPage {
		limit = MaxTitlesPage
	}
	if offset < 0 {
		offset = 0
	}
	q := url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}}
	var page TrophyTitles
	err := c.getJSON(ctx, EndpointTrophyTitles,
		endpointURL(c.apiBase, "trophy", "v1", "users", accountSegment(account), "trophyTitles"), q, nil, &page)
	return page, err
}

// TrophyTitleList is an account's whole title list: the titles that could be read, and one line
// for each title left out because a field of it could not be read (see TrophyTitles.Skipped).
type TrophyTitleList struct {
	Titles  []TrophyTitle
	Skipped []string
}

// TitleList fetches the whole title list in pages of 800. The first page tells the total, so the
// others are fetched concurrently (the limiter still caps what is in flight). A title Sony sends
// with a field that cannot be read is left out and named in Skipped; the others are kept.
func (c *Client) TitleList(ctx context.Context, account string) (TrophyTitleList, error) {
	return c.allTrophyTitles(ctx, account, MaxTitlesPage)
}

// AllTrophyTitles is TitleList without the lines about skipped titles, for callers that report
// nothing; prefer TitleList.
func (c *Client) AllTrophyTitles(ctx context.Context, account string) ([]TrophyTitle, error) {
	l, err := c.TitleList(ctx, account)
	return l.Titles, err
}

// allTrophyTitles pages through the list with pageSize. Sony's paging has quirks it copes
// with: nextOffset is absent on the last page, previousOffset is offset−1 (not a page back) and
// an offset past the end answers an empty page. A list that changes while it is read (a title
// moving to the top) may shift items across pages: duplicates are dropped by npCommunicationId,
// and a short page that still names a nextOffset is followed until the next page's offset.
func (c *Client) allTrophyTitles(ctx context.Context, account string, pageSize int) (TrophyTitleList, error) {
	first, err := c.TrophyTitles(ctx, account, pageSize, 0)
	if err != nil {
		return TrophyTitleList{}, err
	}
	offsets := []int{0}
	for o := pageSize; o < first.TotalItemCount; o += pageSize {
		offsets = append(offsets, o)
	}
	pages := make([]TrophyTitles, len(offsets))
	pages[0] = first
	if len(offsets) > 1 {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var wg sync.WaitGroup
		var mu sync.Mutex
		var firstErr error
		for i := 1; i < len(offsets); i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				p, err := c.TrophyTitles(ctx, account, pageSize, offsets[i])
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
					return
				}
				pages[i] = p
			}(i)
		}
		wg.Wait()
		if firstErr != nil {
			return TrophyTitleList{}, firstErr
		}
	}

	out := make([]TrophyTitle, 0, first.TotalItemCount)
	seen := make(map[string]bool, first.TotalItemCount)
	var skipped []string
	seenSkip := map[string]bool{}
	add := func(p TrophyTitles) {
		for _, t := range p.TrophyTitles {
			if seen[t.NPCommunicationID] {
				continue
			}
			seen[t.NPCommunicationID] = true
			out = append(out, t)
		}
		for _, s := range p.Skipped {
			if !seenSkip[s] {
				seenSkip[s] = true
				skipped = append(skipped, s)
			}
		}
	}
	follows := 0
	for i, p := range pages {
		add(p)
		end := -1 // the last page's range is open: the list may have grown
		if i+1 < len(offsets) {
			end = offsets[i+1]
		}
		at := offsets[i]
		for p.NextOffset != nil && *p.NextOffset > at && (end < 0 || *p.NextOffset < end) {
			if follows++; follows > maxPageFollows {
				break
			}
			at = *p.NextOffset
			limit := pageSize
			if end >= 0 && end-at < limit {
				limit = end - at
			}
			if p, err = c.TrophyTitles(ctx, account, limit, at); err != nil {
				return TrophyTitleList{}, err
			}
			add(p)
		}
	}
	return TrophyTitleList{Titles: out, Skipped: skipped}, nil
}
