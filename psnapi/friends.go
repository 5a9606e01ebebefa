package psnapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
)

// MaxFriendsPage is the largest limit the friends endpoint accepts (a larger one is a 400).
const MaxFriendsPage = 1000

// FriendList is an account's friends list: account IDs in Sony's order (names come from
// ProfileByAccountID, one request each), and a line for each entry that was not an account ID.
type FriendList struct {
	AccountIDs []string
	Skipped    []string
}

// friendsPage is one answer of GET /userProfile/v1/internal/users/{account}/friends.
type friendsPage struct {
	IDs     []string
	Paging  Paging
	Skipped []string
}

func (p *friendsPage) UnmarshalJSON(b []byte) error {
	var aux struct {
		Friends        []json.RawMessage `json:"friends"`
		TotalItemCount json.RawMessage   `json:"totalItemCount"`
		NextOffset     json.RawMessage   `json:"nextOffset"`
		PreviousOffset json.RawMessage   `json:"previousOffset"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	paging, err := readPaging(aux.TotalItemCount, aux.NextOffset, aux.PreviousOffset)
	if err != nil {
		return err
	}
	out := friendsPage{Paging: paging, IDs: make([]string, 0, len(aux.Friends))}
	for i, raw := range aux.Friends {
		id, err := readAccountID(raw)
		if err != nil {
			out.Skipped = append(out.Skipped, skipLine("friend", i, raw, nil, err))
			continue
		}
		out.IDs = append(out.IDs, id)
	}
	*p = out
	return nil
}

// readAccountID reads an account ID given as a string of digits (Sony's form) or as a number
// (read as its digits, not through a float that would round it).
func readAccountID(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		var n json.Number
		if json.Unmarshal(raw, &n) != nil {
			return "", errors.New("not an account ID")
		}
		s = n.String()
	}
	if !IsAccountID(s) {
		return "", errors.New(quoteShort(s) + " is not an account ID")
	}
	return s, nil
}

// Friends fetches the friends list of an account ("me", "" or a numeric id), 1000 IDs a request.
// Another account's list may be private: a forbidden *APIError (Sony's code 2281486). Sony names
// no nextOffset on this endpoint; when an answer holds fewer IDs than its totalItemCount, the rest
// is asked from the count held so far, until a page adds no new ID (at most maxPageFollows pages).
func (c *Client) Friends(ctx context.Context, account string) (FriendList, error) {
	u := endpointURL(c.apiBase, "userProfile", "v1", "internal", "users", accountSegment(account), "friends")
	var first friendsPage
	if err := c.getJSON(ctx, EndpointFriends, u, url.Values{"limit": {strconv.Itoa(MaxFriendsPage)}}, nil, &first); err != nil {
		return FriendList{}, err
	}
	out := FriendList{Skipped: first.Skipped}
	seen := map[string]bool{}
	add := func(ids []string) int {
		n := 0
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out.AccountIDs = append(out.AccountIDs, id)
				n++
			}
		}
		return n
	}
	add(first.IDs)
	p := first.Paging
	have := len(first.IDs) + len(first.Skipped)
	for n := 0; have < p.TotalItemCount && n < maxPageFollows; n++ {
		at := have
		if p.NextOffset != nil && *p.NextOffset > 0 {
			at = *p.NextOffset
		}
		q := url.Values{"limit": {strconv.Itoa(MaxFriendsPage)}, "offset": {strconv.Itoa(at)}}
		var page friendsPage
		if err := c.getJSON(ctx, EndpointFriends, u, q, nil, &page); err != nil {
			return FriendList{}, err
		}
		out.Skipped = append(out.Skipped, page.Skipped...)
		if add(page.IDs) == 0 && len(page.Skipped) == 0 {
			break
		}
		have, p = at+len(page.IDs)+len(page.Skipped), page.Paging
	}
	return out, nil
}
