package psnapi

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// TrophySummary fetches an account's level, tier, points and earned counts.
func (c *Client) TrophySummary(ctx context.Context, account string) (TrophySummary, error) {
	var out TrophySummary
	err := c.getJSON(ctx, EndpointTrophySummary,
		endpointURL(c.apiBase, "trophy", "v1", "users", accountSegment(account), "trophySummary"), nil, nil, &out)
	return out, err
}

// MaxTitleIDsPerRequest is Sony's limit of npTitleIds per title summaries request.
const MaxTitleIDsPerRequest = 5

// TitleSummaryList is the answer of TitleSummaryList: one entry per npTitleId Sony knows (in the
// order asked), the ids Sony does not know at all (a game without trophies, an app, a typo), and
// one line for each entry left out because it could not be read.
type TitleSummaryList struct {
	Titles  []TitleSummary
	Unknown []string
	Skipped []string
}

// TitleSummaries is TitleSummaryList's Titles.
func (c *Client) TitleSummaries(ctx context.Context, account string, npTitleIDs []string, includeNotEarned bool) ([]TitleSummary, error) {
	l, err := c.TitleSummaryList(ctx, account, npTitleIDs, includeNotEarned)
	return l.Titles, err
}

// TitleSummaryList links npTitleIds (CUSA…, PPSA…: a played game's titleId) to trophy sets and the
// account's progress in them: the titleId → npCommunicationId mapping. Any number of ids is
// accepted: they are sent in batches of 5, concurrently. The result holds one entry per distinct
// id Sony knows, in the order asked (Sony answers in any order). An entry without trophyTitles is
// a game the account has no trophy record for (yet: that changes when it earns one). An id Sony
// does not know at all fails its whole batch with a 404 naming it: that id goes to Unknown and
// the batch is asked again without it (one more request per unknown id).
func (c *Client) TitleSummaryList(ctx context.Context, account string, npTitleIDs []string, includeNotEarned bool) (TitleSummaryList, error) {
	var ids []string
	order := map[string]int{}
	for _, id := range npTitleIDs {
		id = strings.TrimSpace(id)
		if _, dup := order[id]; id == "" || dup {
			continue
		}
		order[id] = len(ids)
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return TitleSummaryList{}, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		found    = make([]*TitleSummary, len(ids))
		unknown  = make([]bool, len(ids))
		skipped  []string
	)
	for start := 0; start < len(ids); start += MaxTitleIDsPerRequest {
		batch := ids[start:min(start+MaxTitleIDsPerRequest, len(ids))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			ans, gone, err := c.titleSummaryBatch(ctx, account, batch, includeNotEarned)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				return
			}
			for i := range ans.Titles {
				if at, ok := order[ans.Titles[i].NPTitleID]; ok && found[at] == nil {
					found[at] = &ans.Titles[i]
				}
			}
			for _, id := range gone {
				unknown[order[id]] = true
			}
			skipped = append(skipped, ans.Skipped...)
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return TitleSummaryList{}, firstErr
	}
	out := TitleSummaryList{Titles: make([]TitleSummary, 0, len(ids)), Skipped: skipped}
	for i, t := range found {
		switch {
		case t != nil:
			out.Titles = append(out.Titles, *t)
		case unknown[i]:
			out.Unknown = append(out.Unknown, ids[i])
		}
	}
	return out, nil
}

var unknownTitleID = regexp.MustCompile(`npTitleId='([^']+)'`)

// titleSummaryBatch asks for one batch of at most 5 ids, dropping the ids Sony names as unknown
// (returned as gone) and asking again for the rest.
func (c *Client) titleSummaryBatch(ctx context.Context, account string, batch []string, includeNotEarned bool) (ans TitleSummaries, gone []string, err error) {
	u := endpointURL(c.apiBase, "trophy", "v1", "users", accountSegment(account), "titles", "trophyTitles")
	for {
		q := url.Values{"npTitleIds": {strings.Join(batch, ",")}}
		if includeNotEarned {
			q.Set("includeNotEarnedTrophyIds", "true")
		}
		var out TitleSummaries
		err := c.getJSON(ctx, EndpointTitleSummaries, u, q, nil, &out)
		if err == nil {
			return out, gone, nil
		}
		var ae *APIError
		if !errors.As(err, &ae) || ae.Kind != KindNotFound {
			return TitleSummaries{}, nil, err
		}
		m := unknownTitleID.FindStringSubmatch(ae.Message)
		if m == nil {
			return TitleSummaries{}, nil, err
		}
		rest := make([]string, 0, len(batch))
		for _, id := range batch {
			if id != m[1] {
				rest = append(rest, id)
			}
		}
		if len(rest) == len(batch) {
			// Sony named an id we did not send: nothing to learn.
			return TitleSummaries{}, nil, err
		}
		gone = append(gone, m[1])
		if len(rest) == 0 {
			return TitleSummaries{}, gone, nil
		}
		batch = rest
	}
}
