package psnapi

import (
	"context"
	"net/url"
	"strconv"
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
// ("all" or ""). Sony returns every trophy when no limit is sent; should a page still come back
// partial (a nextOffset), the rest is fetched and appended.
func (c *Client) TitleTrophies(ctx context.Context, t TitleRef, group string) (TitleTrophies, error) {
	const endpoint = "titleTrophies"
	if err := requireTitle(endpoint, t); err != nil {
		return TitleTrophies{}, err
	}
	u := endpointURL(c.apiBase, "trophy", "v1", "npCommunicationIds", t.NPCommunicationID,
		"trophyGroups", groupSegment(group), "trophies")
	var all TitleTrophies
	if err := c.getJSON(ctx, endpoint, u, titleQuery(t), nil, &all); err != nil {
		return TitleTrophies{}, err
	}
	at := 0
	for n := 0; followable(all.Paging, at, len(all.Trophies)) && n < maxPageFollows; n++ {
		at = *all.NextOffset
		q := titleQuery(t)
		q.Set("offset", strconv.Itoa(at))
		var page TitleTrophies
		if err := c.getJSON(ctx, endpoint, u, q, nil, &page); err != nil {
			return TitleTrophies{}, err
		}
		all.Trophies = append(all.Trophies, page.Trophies...)
		all.NextOffset = page.NextOffset
	}
	all.NextOffset, all.PreviousOffset = nil, nil
	return all, nil
}

// EarnedTrophies fetches an account's earned status for one group's trophies or all; partial
// pages are followed like TitleTrophies. A title the account never played is a not-found error.
func (c *Client) EarnedTrophies(ctx context.Context, account string, t TitleRef, group string) (EarnedTrophies, error) {
	const endpoint = "earnedTrophies"
	if err := requireTitle(endpoint, t); err != nil {
		return EarnedTrophies{}, err
	}
	u := endpointURL(c.apiBase, "trophy", "v1", "users", accountSegment(account), "npCommunicationIds",
		t.NPCommunicationID, "trophyGroups", groupSegment(group), "trophies")
	var all EarnedTrophies
	if err := c.getJSON(ctx, endpoint, u, titleQuery(t), nil, &all); err != nil {
		return EarnedTrophies{}, err
	}
	at := 0
	for n := 0; followable(all.Paging, at, len(all.Trophies)) && n < maxPageFollows; n++ {
		at = *all.NextOffset
		q := titleQuery(t)
		q.Set("offset", strconv.Itoa(at))
		var page EarnedTrophies
		if err := c.getJSON(ctx, endpoint, u, q, nil, &page); err != nil {
			return EarnedTrophies{}, err
		}
		all.Trophies = append(all.Trophies, page.Trophies...)
		all.NextOffset = page.NextOffset
	}
	all.NextOffset, all.PreviousOffset = nil, nil
	return all, nil
}

// followable reports whether p names a further page worth fetching: forward of the last offset
// and not past what is already held of the total.
func followable(p Paging, at, have int) bool {
	return p.NextOffset != nil && *p.NextOffset > at && have < p.TotalItemCount
}
