package psnapi

import (
	"context"
	"net/url"
	"regexp"
	"strings"
)

// IsAccountID reports whether s is a numeric PSN account id (up to 20 digits: a uint64). Online
// IDs start with a letter, so the two never collide.
func IsAccountID(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// onlineIDPattern is Sony's rule for online IDs: 3–16 letters, digits, '-' or '_', starting
// with a letter. Checking it first saves a request for input that cannot be a user.
var onlineIDPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{2,15}$`)

// LookupOnlineID resolves an online ID to its account through profile2. An unknown user is a
// not-found *APIError (Sony's code 2105356), as is a string that cannot be an online ID.
func (c *Client) LookupOnlineID(ctx context.Context, onlineID string) (Profile, error) {
	const endpoint = EndpointProfile2
	onlineID = strings.TrimSpace(onlineID)
	if !onlineIDPattern.MatchString(onlineID) {
		return Profile{}, &APIError{Kind: KindNotFound, Endpoint: endpoint,
			Message: "not an online ID (3 to 16 letters, digits, - or _, starting with a letter)"}
	}
	var out struct {
		Profile Profile `json:"profile"`
	}
	q := url.Values{"fields": {"accountId,onlineId,currentOnlineId"}}
	err := c.getJSON(ctx, endpoint,
		endpointURL(c.profileBase, "userProfile", "v1", "users", onlineID, "profile2"), q, nil, &out)
	if err != nil {
		return Profile{}, err
	}
	if out.Profile.AccountID == "" {
		return Profile{}, &DecodeError{Endpoint: endpoint, Err: errorString("profile without accountId")}
	}
	return out.Profile, nil
}

// ProfileByAccountID fetches a profile by account id, "me" included. The answer does not carry
// the id, so AccountID is the one asked for.
func (c *Client) ProfileByAccountID(ctx context.Context, accountID string) (Profile, error) {
	accountID = accountSegment(strings.TrimSpace(accountID))
	var p Profile
	err := c.getJSON(ctx, EndpointProfiles,
		endpointURL(c.apiBase, "userProfile", "v1", "internal", "users", accountID, "profiles"), nil, nil, &p)
	if err != nil {
		return Profile{}, err
	}
	p.AccountID = accountID
	return p, nil
}

// ResolveUser turns what a user typed for --user into an account: "" and "me" are the logged-in
// account and a numeric id is taken as it is (neither costs a request); anything else is looked
// up as an online ID.
func (c *Client) ResolveUser(ctx context.Context, nameOrID string) (Profile, error) {
	s := strings.TrimSpace(nameOrID)
	switch {
	case s == "" || strings.EqualFold(s, "me"):
		return Profile{AccountID: "me", IsMe: true}, nil
	case IsAccountID(s):
		return Profile{AccountID: s}, nil
	}
	return c.LookupOnlineID(ctx, s)
}
