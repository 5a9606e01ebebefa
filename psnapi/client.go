package psnapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Default base URLs (DESIGN.md, "External contract"; PSN_API_URL, PSN_AUTH_URL, PSN_PROFILE_URL).
const (
	DefaultAPIBase     = "https://m.np.playstation.com/api"
	DefaultAuthBase    = "https://ca.account.sony.com/api"
	DefaultProfileBase = "https://us-prof.np.community.playstation.net"
)

// Options configure a Client. The zero value talks to Sony with no request budget: callers that
// talk to Sony set RateLimit (ParseRateLimit of PSN_RATE_LIMIT gives DefaultRateLimit for "").
type Options struct {
	APIBase     string // trophy, GraphQL and profiles; default DefaultAPIBase
	AuthBase    string // OAuth authorize and token; default DefaultAuthBase
	ProfileBase string // profile2 (online ID lookup); default DefaultProfileBase
	HTTPClient  *http.Client
	Tokens      TokenStore // default: an empty MemoryTokens
	Language    string     // Accept-Language, e.g. "en-US"; empty sends none (the account's language)

	// The OAuth client presented to Sony (PSN_CLIENT_ID, PSN_CLIENT_SECRET, PSN_REDIRECT_URI,
	// PSN_SCOPE); "" is the PlayStation App's value (DefaultClientID…).
	ClientID, ClientSecret, RedirectURI, Scope string

	// ImageConcurrency is how many Image downloads run at once (default 2). Images are outside
	// the request budget.
	ImageConcurrency int

	RateLimit RateLimit // the sliding-window budget; zero is off
	// Reserve is the share of the window kept for interactive requests while an interactive process
	// runs (always, without a Ledger); 0 = 0.2, <0 = none.
	Reserve     float64
	MaxInFlight int         // concurrent requests; default 4
	Retry       RetryPolicy // default 3 attempts, 500ms…8s

	// Ledger shares the budget with other processes: every grant sees their sends, their 429
	// pauses and whether an interactive process runs (store.Library.APIOptions sets it to
	// requests.log). Nil keeps the budget to this client, starting from History.
	Ledger  Ledger
	History RateHistory // the window restored across runs when there is no Ledger

	// OnSent is called once for every request granted by the budget (every attempt), with its
	// grant time. Calls are serialised; keep them short.
	OnSent func(at time.Time)
	// OnRateLimited is called when a 429 pushes the next-available time to until.
	OnRateLimited func(until time.Time)

	// Now and Sleep replace the clock and the waiting, for tests.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Client talks to Sony's trophy, user, Game Help and OAuth endpoints. It is safe for concurrent
// use; every request goes through one limiter (budget, priorities, in-flight cap).
type Client struct {
	apiBase, authBase, profileBase string
	http                           *http.Client
	noRedirect                     *http.Client
	language                       string
	retry                          RetryPolicy
	now                            func() time.Time
	sleep                          func(context.Context, time.Duration) error
	limiter                        *limiter
	oauth                          oauthClient
	images                         imageGate

	auth authState
}

// New builds a Client; unset options take their defaults.
func New(o Options) *Client {
	if o.APIBase == "" {
		o.APIBase = DefaultAPIBase
	}
	if o.AuthBase == "" {
		o.AuthBase = DefaultAuthBase
	}
	if o.ProfileBase == "" {
		o.ProfileBase = DefaultProfileBase
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = DefaultMaxInFlight
	}
	if o.HTTPClient == nil {
		// The default transport keeps 2 idle connections per host; with 4 requests in flight the
		// other 2 would pay a new TLS handshake every time.
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = o.MaxInFlight
		o.HTTPClient = &http.Client{Timeout: 30 * time.Second, Transport: tr}
	}
	if o.Tokens == nil {
		o.Tokens = &MemoryTokens{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleepContext
	}
	// The authorize step must see Sony's 302 itself: the code is in its Location, and following
	// it would lead to an app URI scheme (success) or a sign-in page (failure).
	noRedirect := *o.HTTPClient
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c := &Client{
		apiBase:     strings.TrimRight(o.APIBase, "/"),
		authBase:    strings.TrimRight(o.AuthBase, "/"),
		profileBase: strings.TrimRight(o.ProfileBase, "/"),
		http:        o.HTTPClient,
		noRedirect:  &noRedirect,
		language:    o.Language,
		retry:       o.Retry.withDefaults(),
		now:         o.Now,
		sleep:       o.Sleep,
		limiter:     newLimiter(o),
		oauth:       newOAuthClient(o),
		images:      newImageGate(o.ImageConcurrency),
	}
	c.auth.store = o.Tokens
	return c
}

// Rate returns the current state of the request budget: the window as of now (requests leave it
// as time passes) with the other processes' sends read from the Ledger. With a Ledger it reads the
// lines appended since the last look (a stat and a small read, never waiting for a lock): call it
// from a goroutine or a tea.Cmd, not from a View; a front end's status bar uses Subscribe.
func (c *Client) Rate() RateSnapshot { return c.limiter.rate() }

// Subscribe delivers a RateSnapshot on every change: a request granted or finished, a 429, and,
// checked once a second while subscribed, whatever time alone or another process changed (a
// request leaving the window, a pause ending, the other processes' sends). The channel holds only
// the latest snapshot. The function unsubscribes and closes the channel.
func (c *Client) Subscribe() (<-chan RateSnapshot, func()) { return c.limiter.subscribe() }

// String describes the client without its tokens.
func (c *Client) String() string {
	s := c.Rate()
	return fmt.Sprintf("psnapi.Client{api: %s, auth: %s, profile: %s, rate: %d/%d in %s, in flight %d}",
		c.apiBase, c.authBase, c.profileBase, s.Used, s.Limit, s.Window, s.InFlight)
}

// GoString is String: %#v must not dump the token fields.
func (c *Client) GoString() string { return c.String() }

// Format prints String for every verb.
func (c *Client) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

// request is one HTTP exchange as the pipeline sees it.
type request struct {
	endpoint string // operation name for errors and logs; never a URL
	method   string
	url      string // without query
	query    url.Values
	header   http.Header
	form     url.Values // POST body
	bearer   bool       // send the access token
	retry    bool       // idempotent: may be retried on faults
	redirect bool       // false: return 3xx answers as they are
	// oauth requests go to the OAuth host: outside the trophy budget (Sony counts that per API
	// host), not held by a trophy API 429 pause, without an in-flight slot (a request holding one
	// may need a token refresh), and not recorded in the window.
	oauth bool
}

type response struct {
	status int
	header http.Header
	body   []byte
	pause  time.Time // after a 429: the pause the limiter keeps (the header's time, made believable)
}

// maxBodySize bounds what is read of an answer: a title list of 800 entries is ~500 KB.
const maxBodySize = 32 << 20

// Headers the Android app sends; Sony's gateways are used to them.
const (
	apiUserAgent  = "Mozilla/5.0 (Linux; Android 11; sdk_gphone_x86 Build/RSR1.201013.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/83.0.4103.106 Mobile Safari/537.36"
	authUserAgent = "com.sony.snei.np.android.sso.share.oauth.versa.USER_AGENT"
)

// send makes one attempt: it waits for the budget (API requests), takes the access token right
// then (refreshing it if it expires meanwhile: a wait for the budget can outlive a token), sends,
// reads the whole body and frees the slot. It returns the token it sent. Transport failures come
// back as *NetworkError, cancellation as ctx.Err().
func (c *Client) send(ctx context.Context, r request) (*response, string, error) {
	if !r.oauth {
		release, err := c.limiter.acquire(ctx, r.endpoint)
		if err != nil {
			return nil, "", err
		}
		defer release()
	}
	var token string
	if r.bearer {
		var err error
		if token, err = c.accessToken(ctx); err != nil {
			return nil, "", err
		}
	}

	u := r.url
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if r.form != nil {
		body = strings.NewReader(r.form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		// Only a malformed base URL gets here: a configuration error, not an offline network.
		return nil, token, fmt.Errorf("psn: %s: invalid request URL (check PSN_API_URL, PSN_AUTH_URL, PSN_PROFILE_URL)", r.endpoint)
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", apiUserAgent)
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	if c.language != "" {
		req.Header.Set("Accept-Language", c.language)
	}
	if r.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if r.bearer {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	hc := c.http
	if !r.redirect {
		hc = c.noRedirect
	}
	resp, err := hc.Do(req)
	if !r.oauth && (err == nil || ctx.Err() == nil) {
		// Sent: answered, or failed on the way. One cancelled mid-way may or may not have left.
		countSent(ctx)
	}
	if err != nil {
		return nil, token, c.transportError(ctx, r.endpoint, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBodySize+1))
	if err != nil {
		return nil, token, c.transportError(ctx, r.endpoint, err)
	}
	if len(data) > maxBodySize {
		return nil, token, &DecodeError{Endpoint: r.endpoint, Err: errors.New("answer larger than 32 MB")}
	}
	res := &response{status: resp.StatusCode, header: resp.Header, body: data}
	if resp.StatusCode == http.StatusTooManyRequests && !r.oauth {
		// Recorded while this request still holds its slot, so that no queued request slips
		// out between the 429 and the pause it imposes.
		now := c.now()
		until := nextAvailable(resp.Header, now)
		if floor := now.Add(minRateLimitPause); until.Before(floor) {
			until = floor
		}
		res.pause = c.limiter.rateLimited(until)
	}
	return res, token, nil
}

// transportError strips the *url.Error (its URL and, for authorize, the request it came from are
// nobody's business in an error string) and reports cancellation as the context's own error.
func (c *Client) transportError(ctx context.Context, endpoint string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &NetworkError{Endpoint: endpoint, Err: err}
}

// getJSON performs an authenticated GET with the whole policy: token refresh before expiry and
// once after a 401, retries with backoff on 5xx, undecodable 2xx and dropped connections, a 429
// recorded in the limiter (and waited out unless the caller fails fast), and typed errors.
func (c *Client) getJSON(ctx context.Context, endpoint, rawURL string, query url.Values, header http.Header, out any) error {
	r := request{endpoint: endpoint, method: http.MethodGet, url: rawURL, query: query, header: header,
		bearer: true, retry: true, redirect: true}
	return c.do(ctx, r, func(body []byte) error { return decodeJSON(endpoint, body, out) })
}

// do runs r until it succeeds, decode accepts its 2xx body, or the policy gives up.
func (c *Client) do(ctx context.Context, r request, decode func([]byte) error) error {
	attempt := 1
	refreshed := false
	for {
		resp, token, err := c.send(ctx, r)
		var failure error
		switch {
		case err != nil:
			var ne *NetworkError
			if !errors.As(err, &ne) || !retryableNetErr(ne.Err) {
				return err // offline, cancelled, budget refused: another attempt would not help
			}
			failure = err
		case resp.status >= 200 && resp.status <= 299:
			err := decode(resp.body)
			if err == nil {
				return nil
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				return err // a typed answer-level error (GraphQL errors): not a fault to retry
			}
			if json.Valid(resp.body) {
				// Whole, well-formed JSON of another shape: every attempt would get the same.
				return err
			}
			failure = err // cut short or garbled on the way: worth another attempt
		case resp.status == http.StatusUnauthorized && r.bearer && !refreshed:
			// The token was refused before its expiry (revoked, clock skew): refresh once and
			// resend; this does not use a retry attempt.
			refreshed = true
			if err := c.refreshAfterUnauthorized(ctx, token); err != nil {
				return err
			}
			continue
		case resp.status == http.StatusTooManyRequests:
			rl := parseErrorResponse(r.endpoint, resp.status, resp.header, resp.body, c.now())
			var rle *RateLimitedError
			if errors.As(rl, &rle) && !resp.pause.IsZero() {
				rle.NextAvailable = resp.pause
			}
			if !r.retry || failFast(ctx) || attempt >= c.retry.Attempts {
				return rl
			}
			// The limiter holds the next attempt until NextAvailable (or fails if ctx can't wait).
			attempt++
			continue
		case resp.status >= 500 && resp.status <= 599:
			failure = parseErrorResponse(r.endpoint, resp.status, resp.header, resp.body, c.now())
		default:
			return parseErrorResponse(r.endpoint, resp.status, resp.header, resp.body, c.now())
		}
		if !r.retry || attempt >= c.faultAttempts(ctx) {
			return failure
		}
		if err := c.sleep(ctx, c.retry.backoff(attempt)); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		attempt++
	}
}

// faultAttempts is how many attempts a request gets against 5xx, unreadable answers and dropped
// connections: more for background work than for a person waiting.
func (c *Client) faultAttempts(ctx context.Context) int {
	if PriorityFrom(ctx) == Background {
		return c.retry.BackgroundAttempts
	}
	return c.retry.Attempts
}

// endpointURL joins a base and path segments, escaping each segment: ids come from users and
// from Sony's data, and must not be able to change the path.
func endpointURL(base string, segments ...string) string {
	var b strings.Builder
	b.WriteString(base)
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}
