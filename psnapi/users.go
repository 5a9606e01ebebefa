package psnapi

import (
	"context"
	"errors"
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

// codeUserNotFound is profile2's code for an online ID no account has.
const codeUserNotFound = 2105356

// LookupOnlineID resolves an online ID to its account through profile2 (one request). An unknown
// user is a not-found *APIError (IsUserNotFound), as is a string that cannot be an online ID
// (no request then).
//
// When profile2 itself fails rather than answering (profile2Failed: no connection, a 5xx, a 404
// that is not Sony's "user not found" code 2105356, 400, 401, 403, 410 or any other refusal, an
// unreadable answer), the online ID is looked up once more through Sony's universal user search
// (EndpointUserSearch, one request), so --user NAME and compare survive the legacy host's
// retirement. The search matches the current online ID exactly (case ignored); its not-found is
// the answer then. A 429 or a cancelled context is not a failure of the host: no fallback.
func (c *Client) LookupOnlineID(ctx context.Context, onlineID string) (Profile, error) {
	const endpoint = EndpointProfile2
	onlineID = strings.TrimSpace(onlineID)
	if !onlineIDPattern.MatchString(onlineID) {
		return Profile{}, &APIError{Kind: KindNotFound, Endpoint: endpoint,
			Message: "not an online ID (3 to 16 letters, digits, - or _, starting with a letter)"}
	}
	p, err := c.profile2(ctx, onlineID)
	if err == nil || !profile2Failed(err) || ctx.Err() != nil {
		return p, err
	}
	found, serr := c.searchOnlineID(ctx, onlineID)
	switch {
	case serr == nil:
		return found, nil
	case IsUserNotFound(serr):
		return Profile{}, serr
	}
	// Both failed: profile2's error says what broke first.
	return Profile{}, err
}

func (c *Client) profile2(ctx context.Context, onlineID string) (Profile, error) {
	const endpoint = EndpointProfile2
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

// profile2Failed tells a profile2 host that failed from one that answered: everything except
// Sony's own "user not found" (404 with code 2105356), the rate limit, an expired session and
// cancellation.
func profile2Failed(err error) bool {
	var ae *APIError
	switch {
	case errors.As(err, &ae):
		return !(ae.Kind == KindNotFound && ae.Code == codeUserNotFound)
	case IsRateLimited(err), IsLoginRequired(err), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	}
	var de *DecodeError
	return IsNetwork(err) || errors.As(err, &de)
}

// IsUserNotFound reports that a user lookup found no such user: profile2's "user not found", the
// universal search finding nobody by that online ID, or a name that cannot be an online ID. A
// not-found from any other endpoint (a title list, a title) is about that resource, not the user.
func IsUserNotFound(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Kind == KindNotFound &&
		(ae.Endpoint == EndpointProfile2 || ae.Endpoint == EndpointUserSearch)
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
