package psnapi

import "context"

// TitleTrophyGroups fetches a title's groups (base game "default", DLC "001"…) with their names,
// icons and defined trophy counts.
func (c *Client) TitleTrophyGroups(ctx context.Context, t TitleRef) (TitleTrophyGroups, error) {
	const endpoint = EndpointTitleTrophyGroups
	if err := requireTitle(endpoint, t); err != nil {
		return TitleTrophyGroups{}, err
	}
	var out TitleTrophyGroups
	err := c.getJSON(ctx, endpoint,
		endpointURL(c.apiBase, "trophy", "v1", "npCommunicationIds", t.NPCommunicationID, "trophyGroups"),
		titleQuery(t), nil, &out)
	return out, err
}

// EarnedTrophyGroups fetches an account's progress per group of a title. A title the account
// never played is a not-found error.
func (c *Client) EarnedTrophyGroups(ctx context.Context, account string, t TitleRef) (EarnedTrophyGroups, error) {
	const endpoint = EndpointEarnedTrophyGroups
	if err := requireTitle(endpoint, t); err != nil {
		return EarnedTrophyGroups{}, err
	}
	var out EarnedTrophyGroups
	err := c.getJSON(ctx, endpoint,
		endpointURL(c.apiBase, "trophy", "v1", "users", accountSegment(account), "npCommunicationIds",
			t.NPCommunicationID, "trophyGroups"),
		titleQuery(t), nil, &out)
	return out, err
}
