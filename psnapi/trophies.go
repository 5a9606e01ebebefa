package psnapi

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// GroupAll asks the per-group endpoints for every group of a title.
const GroupAll = "all"

// titleQuery is the npServiceName parameter for t: "trophy" for PS3/PS4/Vita sets (required by
// Sony there), nothing for PS5/PC sets, or t's explicit override.
func titleQuery(t TitleRef) url.Values {
	q := url.Values{}
	if s := t.ServiceName(); s != "" {
		q.Set("npServiceName", s)
	}
	return q
}

func groupSegment(group string) string {
	if group == "" {
		return GroupAll
	}
	return group
}

func requireTitle(endpoint string, t TitleRef) error {
	if t.NPCommunicationID == "" {
		return &APIError{Kind: KindBadRequest, Endpoint: endpoint, Message: "no npCommunicationId given"}
	}
	return nil
}

// TitleTrophies fetches the definitions of one group's trophies ("default", "001"…) or of all
// ("all" or ""). Sony returns every trophy when no limit is sent; should the answer still hold fewer
// than its totalItemCount, the rest is fetched (followPages) and appended. Trophies that cannot be
// read are left out and named in Skipped, as is a shortfall Sony never fills.
func (c *Client) TitleTrophies(ctx context.Context, t TitleRef, group string) (TitleTrophies, error) {
	const endpoint = EndpointTitleTrophies
	if err := requireTitle(endpoint, t); err != nil {
		return TitleTrophies{}, err
	}
	u := endpointURL(c.apiBase, "trophy", "v1", "npCommunicationIds", t.NPCommunicationID,
		"trophyGroups", groupSegment(group), "trophies")
	var all TitleTrophies
	if err := c.getJSON(ctx, endpoint, u, titleQuery(t), nil, &all); err != nil {
		return TitleTrophies{}, err
	}
	held, total, err := followPages(all.Paging, len(all.Trophies)+len(all.Skipped), func(offset int) (Paging, int, error) {
		q := titleQuery(t)
		q.Set("offset", strconv.Itoa(offset))
		var page TitleTrophies
		if err := c.getJSON(ctx, endpoint, u, q, nil, &page); err != nil {
			return Paging{}, 0, err
		}
		all.Trophies = append(all.Trophies, page.Trophies...)
		all.Skipped = append(all.Skipped, page.Skipped...)
		return page.Paging, len(page.Trophies) + len(page.Skipped), nil
	})
	if err != nil {
		return TitleTrophies{}, err
	}
	all.Skipped = appendShortfall(all.Skipped, held, total, "trophies")
	all.NextOffset, all.PreviousOffset = nil, nil
	return all, nil
}

// EarnedTrophies fetches an account's earned status for one group's trophies or all; short
// answers are completed like TitleTrophies. A title the account never played is a not-found error.
func (c *Client) EarnedTrophies(ctx context.Context, account string, t TitleRef, group string) (EarnedTrophies, error) {
	const endpoint = EndpointEarnedTrophies
	if err := requireTitle(endpoint, t); err != nil {
		return EarnedTrophies{}, err
	}
	u := endpointURL(c.apiBase, "trophy", "v1", "users", accountSegment(account), "npCommunicationIds",
		t.NPCommunicationID, "trophyGroups", groupSegment(group), "trophies")
	var all EarnedTrophies
	if err := c.getJSON(ctx, endpoint, u, titleQuery(t), nil, &all); err != nil {
		return EarnedTrophies{}, err
	}
	have := len(all.Trophies) + len(all.Skipped) - skippedRarest(all.Skipped)
	held, total, err := followPages(all.Paging, have, func(offset int) (Paging, int, error) {
		q := titleQuery(t)
		q.Set("offset", strconv.Itoa(offset))
		var page EarnedTrophies
		if err := c.getJSON(ctx, endpoint, u, q, nil, &page); err != nil {
			return Paging{}, 0, err
		}
		all.Trophies = append(all.Trophies, page.Trophies...)
		all.Skipped = append(all.Skipped, page.Skipped...)
		return page.Paging, len(page.Trophies) + len(page.Skipped) - skippedRarest(page.Skipped), nil
	})
	if err != nil {
		return EarnedTrophies{}, err
	}
	all.Skipped = appendShortfall(all.Skipped, held, total, "trophies")
	all.NextOffset, all.PreviousOffset = nil, nil
	return all, nil
}

// skippedRarest counts the skipped lines about rarestTrophies entries, which are not list items.
func skippedRarest(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "skipped rarest trophy") {
			n++
		}
	}
	return n
}

// followPages completes a list whose first answer holds have items of its totalItemCount by
// following nextOffset, until the count is reached, an answer names no further page (or one
// behind), a page adds nothing, or maxPageFollows pages were asked: a server that keeps promising
// more must not drain the budget. It returns how many items it holds then, and the count Sony
// named. fetch asks one page at offset and returns its paging and how many items it held.
func followPages(p Paging, have int, fetch func(offset int) (Paging, int, error)) (held, total int, err error) {
	at := 0
	for n := 0; have < p.TotalItemCount && n < maxPageFollows; n++ {
		if p.NextOffset == nil || *p.NextOffset <= at {
			break
		}
		next := *p.NextOffset
		page, got, err := fetch(next)
		if err != nil {
			return 0, 0, err
		}
		if got == 0 {
			break
		}
		at, have, p = next, have+got, page
	}
	return have, p.TotalItemCount, nil
}

// appendShortfall notes a list that stayed short of its totalItemCount.
func appendShortfall(skipped []string, held, total int, what string) []string {
	if held >= total {
		return skipped
	}
	return append(skipped, fmt.Sprintf("only %d of the %d %s Sony counts came back", held, total, what))
}
