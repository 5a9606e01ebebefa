package psnapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The PlayStation App's OAuth client, as in the reference's "Obtaining an Authentication Token"
// and the recordings (test_authenticator__authentication.json). Options.ClientID, ClientSecret,
// RedirectURI and Scope replace them (PSN_CLIENT_ID…): Sony retired the previous client id once, in
// December 2022, and every client had to ship a release.
const (
	DefaultClientID     = "09515159-7237-4370-9b40-3806e67c0891"
	DefaultClientSecret = "ucPjka5tntB2KqsP"
	DefaultRedirectURI  = "com.scee.psxandroid.scecompcall://redirect"
	DefaultScope        = "psn:mobile.v2.core psn:clientapp"
)

// The defaults under their old names, for the tests.
const (
	oauthClientID    = DefaultClientID
	oauthRedirectURI = DefaultRedirectURI
	oauthScope       = DefaultScope
	// oauthBasic is "Basic base64(client_id:client_secret)" of the app, from the reference.
	oauthBasic = "Basic MDk1MTUxNTktNzIzNy00MzcwLTliNDAtMzgwNmU2N2MwODkxOnVjUGprYTV0bnRCMktxc1A="
)

// oauthClient is the OAuth client the Client presents: the app's by default.
type oauthClient struct {
	id, redirectURI, scope string
	basic                  string // "Basic base64(id:secret)"
}

func newOAuthClient(o Options) oauthClient {
	orDefault := func(v, def string) string {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
		return def
	}
	id := orDefault(o.ClientID, DefaultClientID)
	secret := orDefault(o.ClientSecret, DefaultClientSecret)
	return oauthClient{
		id:          id,
		redirectURI: orDefault(o.RedirectURI, DefaultRedirectURI),
		scope:       orDefault(o.Scope, DefaultScope),
		basic:       "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret)),
	}
}

// authorizeQuery is what the app sends to authorize (recorded in 2025); Sony answers with a 302
// whose Location carries the code.
func (oc oauthClient) authorizeQuery() url.Values {
	return url.Values{
		"PlatformPrivacyWs1":       {"minimal"},
		"access_type":              {"offline"},
		"client_id":                {oc.id},
		"device_base_font_size":    {"10"},
		"device_profile":           {"mobile"},
		"elements_visibility":      {"no_aclink"},
		"enable_scheme_error_code": {"true"},
		"no_captcha":               {"true"},
		"redirect_uri":             {oc.redirectURI},
		"response_type":            {"code"},
		"scope":                    {oc.scope},
		"service_entity":           {"urn:service-entity:psn"},
		"service_logo":             {"ps"},
		"smcid":                    {"psapp:signin"},
		"support_scheme":           {"sneiprls"},
		"turnOnTrustedBrowser":     {"true"},
		"ui":                       {"pr"},
	}
}

// authState is the client's view of its tokens: loaded once from the TokenStore, replaced by
// every login and refresh, with at most one refresh in flight.
type authState struct {
	mu     sync.Mutex
	store  TokenStore
	loaded bool
	token  Token
	margin time.Duration // expiryMargin of token, fixed when it arrived or was loaded
	flight *refreshFlight
}

// setTokenLocked replaces the token held, with its refresh margin. A token just received
// (received) has a known lifetime; a stored one may be near the end of a long one, so it keeps the
// full tokenExpiryMargin.
func (c *Client) setTokenLocked(t Token, received bool) {
	c.auth.token, c.auth.loaded = t, true
	c.auth.margin = tokenExpiryMargin
	if received {
		c.auth.margin = expiryMargin(t, c.now())
	}
}

// refreshFlight is one refresh that every concurrent caller waits for.
type refreshFlight struct {
	done   chan struct{}
	joined int // callers waiting on it, the starter included (guarded by authState.mu)
	token  Token
	err    error
}

// Login exchanges an NPSSO for tokens: authorize (no redirects followed; the code is in the
// Location), then the token exchange; the tokens are saved in the TokenStore and used from then on.
// A Location without a code (Sony sends such users to its sign-in page) is ErrNPSSOInvalid.
func (c *Client) Login(ctx context.Context, npsso string) (Token, error) {
	npsso = strings.TrimSpace(npsso)
	// A value that could not be a cookie value is not sent at all.
	if npsso == "" || strings.ContainsAny(npsso, "; \t\r\n,\"\\") {
		return Token{}, ErrNPSSOInvalid
	}
	code, cid, err := c.authorize(ctx, npsso)
	if err != nil {
		return Token{}, err
	}
	form := url.Values{
		"code":         {code},
		"redirect_uri": {c.oauth.redirectURI},
		"grant_type":   {"authorization_code"},
		"token_format": {"jwt"},
		"scope":        {c.oauth.scope},
	}
	if cid != "" {
		// The correlation id Sony put next to the code goes back with it, as the app sends it.
		form.Set("cid", cid)
	}
	tok, err := c.tokenRequest(ctx, "token exchange", form, Token{})
	if err != nil {
		return Token{}, err
	}
	if err := c.auth.store.SaveToken(tok); err != nil {
		return Token{}, fmt.Errorf("psn: saving tokens: %w", err)
	}
	c.auth.mu.Lock()
	c.setTokenLocked(tok, true)
	c.auth.mu.Unlock()
	return tok, nil
}

// authorize returns the authorization code and the correlation id (cid) of Sony's redirect.
func (c *Client) authorize(ctx context.Context, npsso string) (code, cid string, err error) {
	r := request{
		endpoint: EndpointAuthorize,
		method:   http.MethodGet,
		url:      c.authBase + "/authz/v3/oauth/authorize",
		query:    c.oauth.authorizeQuery(),
		// Accept */* as the app's web view and the reference clients send it: the answer is a
		// redirect, not JSON.
		header: http.Header{"Cookie": {"npsso=" + npsso}, "User-Agent": {apiUserAgent}, "Accept": {"*/*"}},
		oauth:  true,
	}
	resp, _, err := c.send(ctx, r)
	if err != nil {
		return "", "", err
	}
	switch {
	case resp.status >= 300 && resp.status <= 399:
		loc := resp.header.Get("Location")
		code, err := authorizationCode(loc)
		if err != nil {
			return "", "", err
		}
		if u, perr := url.Parse(strings.TrimSpace(loc)); perr == nil {
			cid = strings.TrimSpace(u.Query().Get("cid"))
		}
		return code, cid, nil
	case resp.status >= 200 && resp.status <= 299:
		// A page instead of a redirect: the sign-in form.
		return "", "", ErrNPSSOInvalid
	}
	return "", "", parseErrorResponse(r.endpoint, resp.status, resp.header, resp.body, c.now())
}

// authorizationCode takes the code from authorize's Location. Its absence is the NPSSO's fault:
// Sony redirects to its sign-in page with error=login_required instead.
func authorizationCode(location string) (string, error) {
	location = strings.TrimSpace(location)
	if location == "" {
		return "", fmt.Errorf("%w (authorize answered without a redirect)", ErrNPSSOInvalid)
	}
	u, err := url.Parse(location)
	if err != nil {
		return "", &DecodeError{Endpoint: EndpointAuthorize, Err: errors.New("unreadable redirect location")}
	}
	q := u.Query()
	if code := strings.TrimSpace(q.Get("code")); code != "" {
		return code, nil
	}
	var detail []string
	for _, k := range []string{"error", "error_code", "error_description"} {
		if v := cleanMessage(q.Get(k)); v != "" {
			detail = append(detail, v)
		}
	}
	if len(detail) == 0 {
		return "", fmt.Errorf("%w (no authorization code in the redirect)", ErrNPSSOInvalid)
	}
	return "", fmt.Errorf("%w (Sony: %s)", ErrNPSSOInvalid, strings.Join(detail, ", "))
}

// maxTokenLifetime caps the lifetimes a token answer names: Sony's are an hour and 60 days, and
// seconds beyond about 292 years overflow a time.Duration into the past (a token that looks expired
// the moment it arrives, and a refresh before every request).
const maxTokenLifetime = 10 * 365 * 24 * time.Hour

// lifetime turns an expires_in (seconds, already known positive) into a duration, capped.
func lifetime(sec flexInt) time.Duration {
	if sec >= flexInt(maxTokenLifetime/time.Second) {
		return maxTokenLifetime
	}
	return time.Duration(sec) * time.Second
}

// tokenResponse is the token endpoint's answer, for the exchange and refreshes alike.
type tokenResponse struct {
	AccessToken           string  `json:"access_token"`
	TokenType             string  `json:"token_type"`
	ExpiresIn             flexInt `json:"expires_in"`
	Scope                 string  `json:"scope"`
	IDToken               string  `json:"id_token"`
	RefreshToken          string  `json:"refresh_token"`
	RefreshTokenExpiresIn flexInt `json:"refresh_token_expires_in"`
}

// tokenRequest posts form to the token endpoint. prev supplies the refresh token to keep when
// an answer does not carry a new one.
func (c *Client) tokenRequest(ctx context.Context, endpoint string, form url.Values, prev Token) (Token, error) {
	r := request{
		endpoint: endpoint,
		method:   http.MethodPost,
		url:      c.authBase + "/authz/v3/oauth/token",
		form:     form,
		header:   http.Header{"Authorization": {c.oauth.basic}, "User-Agent": {authUserAgent}, "Accept": {"*/*"}},
		oauth:    true,
	}
	// Expiries count from before the request left: never later than Sony's own clock.
	sentAt := c.now()
	resp, _, err := c.send(ctx, r)
	if err != nil {
		return Token{}, err
	}
	if resp.status < 200 || resp.status > 299 {
		return Token{}, parseErrorResponse(endpoint, resp.status, resp.header, resp.body, c.now())
	}
	var tr tokenResponse
	if err := json.Unmarshal(resp.body, &tr); err != nil {
		// The body holds secrets: report the failure, not the content.
		return Token{}, &DecodeError{Endpoint: endpoint, Err: errors.New("token answer is not the expected JSON")}
	}
	if tr.AccessToken == "" {
		return Token{}, &DecodeError{Endpoint: endpoint, Err: errors.New("token answer has no access_token")}
	}
	tok := Token{
		AccessToken:      tr.AccessToken,
		RefreshToken:     prev.RefreshToken,
		RefreshExpiresAt: prev.RefreshExpiresAt,
		Scope:            tr.Scope,
	}
	if tr.ExpiresIn > 0 {
		tok.AccessExpiresAt = sentAt.Add(lifetime(tr.ExpiresIn))
	} else {
		tok.AccessExpiresAt = sentAt.Add(time.Hour) // Sony's usual lifetime
	}
	if tr.RefreshToken != "" {
		tok.RefreshToken = tr.RefreshToken
		tok.RefreshExpiresAt = time.Time{}
		if tr.RefreshTokenExpiresIn > 0 {
			tok.RefreshExpiresAt = sentAt.Add(lifetime(tr.RefreshTokenExpiresIn))
		}
	}
	return tok, nil
}

// Token returns the tokens the client holds (loading them from the store the first time).
func (c *Client) Token() (Token, error) {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	if err := c.loadTokenLocked(); err != nil {
		return Token{}, err
	}
	return c.auth.token, nil
}

func (c *Client) loadTokenLocked() error {
	if c.auth.loaded {
		return nil
	}
	t, err := c.auth.store.LoadToken()
	if err != nil {
		return fmt.Errorf("%w (stored tokens unreadable: %w)", ErrLoginRequired, err)
	}
	c.setTokenLocked(t, false)
	return nil
}

// accessToken returns a usable access token, refreshing it first when it expires within a
// minute. Concurrent callers share one refresh.
func (c *Client) accessToken(ctx context.Context) (string, error) {
	c.auth.mu.Lock()
	if err := c.loadTokenLocked(); err != nil {
		c.auth.mu.Unlock()
		return "", err
	}
	if c.auth.token.accessValid(c.now(), c.auth.margin) {
		t := c.auth.token.AccessToken
		c.auth.mu.Unlock()
		return t, nil
	}
	f, err := c.startRefreshLocked(ctx)
	c.auth.mu.Unlock()
	if err != nil {
		return "", err
	}
	return waitRefresh(ctx, f)
}

// refreshAfterUnauthorized refreshes after a 401 to a request sent with used, unless another
// caller already replaced that token.
func (c *Client) refreshAfterUnauthorized(ctx context.Context, used string) error {
	c.auth.mu.Lock()
	if c.auth.token.AccessToken != used && c.auth.token.accessValid(c.now(), c.auth.margin) {
		c.auth.mu.Unlock()
		return nil
	}
	f, err := c.startRefreshLocked(ctx)
	c.auth.mu.Unlock()
	if err != nil {
		return err
	}
	_, err = waitRefresh(ctx, f)
	return err
}

// startRefreshLocked joins the refresh in flight or starts one. The refresh runs detached from
// the caller's cancellation (the others waiting need it), keeping its values (priority).
func (c *Client) startRefreshLocked(ctx context.Context) (*refreshFlight, error) {
	if f := c.auth.flight; f != nil {
		f.joined++
		return f, nil
	}
	prev := c.auth.token
	if !prev.refreshValid(c.now()) {
		return nil, ErrLoginRequired
	}
	f := &refreshFlight{done: make(chan struct{}), joined: 1}
	c.auth.flight = f
	go func() {
		tok, err := c.refresh(context.WithoutCancel(ctx), prev)
		if err == nil {
			if serr := c.auth.store.SaveToken(tok); serr != nil {
				err = fmt.Errorf("psn: saving refreshed tokens: %w", serr)
			}
		}
		c.auth.mu.Lock()
		if err == nil {
			c.setTokenLocked(tok, true)
		}
		c.auth.flight = nil
		c.auth.mu.Unlock()
		f.token, f.err = tok, err
		close(f.done)
	}()
	return f, nil
}

func waitRefresh(ctx context.Context, f *refreshFlight) (string, error) {
	select {
	case <-f.done:
		if f.err != nil {
			return "", f.err
		}
		return f.token.AccessToken, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// refresh trades the refresh token for a new pair (DESIGN.md, "API facts"). A refusal means
// the session is over: ErrLoginRequired, wrapping Sony's answer.
func (c *Client) refresh(ctx context.Context, prev Token) (Token, error) {
	form := url.Values{
		"refresh_token": {prev.RefreshToken},
		"grant_type":    {"refresh_token"},
		"token_format":  {"jwt"},
		"scope":         {c.oauth.scope},
	}
	tok, err := c.tokenRequest(ctx, "token refresh", form, prev)
	var ae *APIError
	if errors.As(err, &ae) && (ae.Kind == KindBadRequest || ae.Kind == KindUnauthorized || ae.Kind == KindForbidden) {
		return Token{}, fmt.Errorf("%w: %w", ErrLoginRequired, ae)
	}
	return tok, err
}
