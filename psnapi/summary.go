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
	err := c.getJSON(ctx, "trophySummary",
		endpointURL(c.apiBase, "trophy", "v1", "users", accountSegment(account), "trophySummary"), nil, nil, &out)
	return out, err
}

// MaxTitleIDsPerRequest is Sony's limit of npTitleIds per title summaries request.
const MaxTitleIDsPerRequest = 5

// TitleSummaries links npTitleIds (CUSA…, PPSA…) to trophy sets and the account's progress in
// them. Any number of ids is accepted: they are sent in batches of 5, concurrently. The result
// holds one entry per distinct id in the order asked (Sony answers in any order); an id the
// account never played has no trophyTitles. An id Sony does not know at all fails its whole
// batch with a 404 naming it: that id is dropped and the batch asked again without it.
func (c *Client) TitleSummaries(ctx context.Context, account string, npTitleIDs []string, includeNotEarned bool) ([]TitleSummary, error) {
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
		return nil, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		found    = make([]*TitleSummary, len(ids))
	)
	for start := 0; start < len(ids); start += MaxTitleIDsPerRequest {
		batch := ids[start:min(start+MaxTitleIDsPerRequest, len(ids))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			titles, err := c.titleSummaryBatch(ctx, account, batch, includeNotEarned)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				return
			}
			for i := range titles {
				if at, ok := order[titles[i].NPTitleID]; ok && found[at] == nil {
					found[at] = &titles[i]
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	out := make([]TitleSummary, 0, len(ids))
	for _, t := range found {
		if t != nil {
			out = append(out, *t)
		}
	}
	return out, nil
}

var unknownTitleID = regexp.MustCompile(`npTitleId='([^']+)'`)

func (c *Client) titleSummaryBatch(ctx context.Context, account string, batch []string, includeNotEarned bool) ([]TitleSummary, error) {
	u := endpointURL(c.apiBase, "trophy", "v1", "users", accountSegment(account), "titles", "trophyTitles")
	for {
		q := url.Values{"npTitleIds": {strings.Join(batch, ",")}}
		if includeNotEarned {
			q.Set("includeNotEarnedTrophyIds", "true")
		}
		var out TitleSummaries
		err := c.getJSON(ctx, "titleSummaries", u, q, nil, &out)
		if err == nil {
			return out.Titles, nil
		}
		var ae *APIError
		if !errors.As(err, &ae) || ae.Kind != KindNotFound {
			return nil, err
		}
		m := unknownTitleID.FindStringSubmatch(ae.Message)
		if m == nil {
			return nil, err
		}
		rest := make([]string, 0, len(batch))
		for _, id := range batch {
			if id != m[1] {
				rest = append(rest, id)
			}
		}
		if len(rest) == 0 || len(rest) == len(batch) {
			// Every id was unknown, or Sony named one we did not send: nothing to learn.
			if len(rest) == 0 {
				return nil, nil
			}
			return nil, err
		}
		batch = rest
	}
}
