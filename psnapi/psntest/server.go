package psntest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/psnclient/psn-client/assets"
)

// The fake's accounts and secrets.
const (
	DemoOnlineID           = assets.DemoOnlineID
	DemoAccountID          = assets.DemoAccountID
	FriendOnlineID         = assets.FriendOnlineID
	FriendAccountID        = assets.FriendAccountID
	FriendPreviousOnlineID = assets.FriendPreviousOnlineID
	PrivateOnlineID        = assets.PrivateOnlineID
	PrivateAccountID       = assets.PrivateAccountID
	EmptyOnlineID          = assets.EmptyOnlineID
	EmptyAccountID         = assets.EmptyAccountID

	// DemoNPSSO is the NPSSO cookie value that logs in as the demo account (64 characters, like a real one).
	DemoNPSSO = "DemoNPSSOcookieFakeHunter0123456789abcdefghijklmnopqrstuvwxyzABC"
	// ClientID, ClientSecret and ClientBasic are the PlayStation App's OAuth client id, secret and
	// the Basic Authorization header value the token endpoint requires of it.
	ClientID     = "09515159-7237-4370-9b40-3806e67c0891"
	ClientSecret = "ucPjka5tntB2KqsP"
	ClientBasic  = "Basic MDk1MTUxNTktNzIzNy00MzcwLTliNDAtMzgwNmU2N2MwODkxOnVjUGprYTV0bnRCMktxc1A="
	// RedirectURI is the app's redirect URI; authorize's Location starts with it on success.
	RedirectURI = "com.scee.psxandroid.scecompcall://redirect"
	// Scope is the scope tokens are issued for.
	Scope = "psn:mobile.v2.core psn:clientapp"
	// HintHash and TipsHash are the persisted-query hashes of metGetHintAvailability and metGetTips.
	HintHash = "71bf26729f2634f4d8cca32ff73aaf42b3b76ad1d2f63b490a809b66483ea5a7"
	TipsHash = "93768752a9f4ef69922a543e2209d45020784d8781f57b37a5294e6e206c5630"
	// SearchHash is the persisted-query hash of metGetContextSearchResults (universal search).
	SearchHash = "ac5fb2b82c4d086ca0d272fba34418ab327a7762dd2cd620e63f175bbc5aff10"
)

// Options configure a Server. The zero value is a fast, fault-free server with the default demo data.
type Options struct {
	// Latency delays every response (after the in-flight count goes up, before any lock is taken).
	Latency time.Duration
	// RateLimit is the number of API requests allowed per RateWindow (sliding, all accounts
	// together); 0 means no limit.
	// Beyond it the API answers 429 with X-RateLimit-Next-Available (unix seconds).
	RateLimit  int
	RateWindow time.Duration // default 15 minutes
	// RateLimitHTML makes 429 answers carry an HTML body instead of Sony's JSON error.
	RateLimitHTML bool
	// TokenLifetime is the access tokens' lifetime (default 3599 s); RefreshTokenLifetime the
	// refresh tokens' (default 5,183,999 s ≈ 60 days, not extended by a refresh); MediaTokenLifetime
	// the Game Help video URLs' tokens' (default 10 minutes).
	TokenLifetime        time.Duration
	RefreshTokenLifetime time.Duration
	MediaTokenLifetime   time.Duration
	// FaultRate5xx is the share of API requests answered 503 with an HTML body; FaultRateTruncated
	// the share of successful API answers cut in half (a 200 whose JSON does not parse). Decided by a
	// generator seeded with Seed, one draw per API request in arrival order.
	FaultRate5xx       float64
	FaultRateTruncated float64
	Seed               int64
	// Titles is the demo account's title count (default assets.DefaultTitles = 300, at least the 11
	// hand-written titles; 2,000 or 20,000 for load tests). DataSeed varies the generated titles
	// (default assets.DefaultSeed). Only the defaults reproduce the reference's level-437 summary.
	Titles   int
	DataSeed int64
	// Now is the server's clock (token expiry, rate window, dates in the log). Default time.Now.
	Now func() time.Time
	// Sleep waits for Latency. Default: a timer that stops when the request's context ends.
	Sleep func(ctx context.Context, d time.Duration) error
	// NoPlus makes every account one without PlayStation Plus: metGetTips answers hasAccess false
	// with an empty trophies list (and no video URL), as Sony does; availability is unchanged.
	NoPlus bool
	// SonyImageURLs keeps Sony's picture URLs in the answers instead of pointing them at the fake
	// (images.go), for tests that compare the data of two servers (their ports differ) or with
	// Sony's printed examples. The fake still serves the pictures it handed out.
	SonyImageURLs bool
	// RetiredProfile2, when set, is the status the legacy profile2 host answers every lookup with,
	// an HTML page (404, 410, 503…): Sony retiring it. psnapi then finds users by universal search.
	RetiredProfile2 int
	// ClientID, ClientSecret, RedirectURI and Scope are the OAuth client the auth endpoints accept
	// (default: the PlayStation App's, ClientID…Scope); set them to play a Sony that rotated its
	// client, which then refuses the old values.
	ClientID, ClientSecret, RedirectURI, Scope string
}

// Request is one entry of the request log. Header holds only the headers that matter to tests:
// Accept, Accept-Language, Apollographql-Client-Name and -Version, Content-Type and User-Agent, and Authorization
// reduced to its scheme ("Bearer [redacted]"). Secrets (tokens, NPSSO, codes) are never logged:
// query values named token, code or refresh_token are replaced with "[redacted]".
type Request struct {
	Method     string
	Path       string
	Query      url.Values
	Header     http.Header
	Authorized bool   // an Authorization header was present
	Account    string // the account id the bearer token belongs to ("" when none or invalid)
	Status     int
	At         time.Time
	// Image marks a picture download (GET /images/…): no token, outside the rate limit.
	Image bool
}

// Credentials is a token pair, as the token endpoint issues it.
type Credentials struct {
	AccessToken      string
	RefreshToken     string
	AccessExpiresAt  time.Time
	RefreshExpiresAt time.Time
	Scope            string
}

// String never shows the tokens.
func (c Credentials) String() string {
	return fmt.Sprintf("psntest.Credentials{access until %s, refresh until %s}", c.AccessExpiresAt.Format(time.RFC3339), c.RefreshExpiresAt.Format(time.RFC3339))
}

// GoString never shows the tokens.
func (c Credentials) GoString() string { return c.String() }

type tokenInfo struct {
	account string
	expires time.Time
}

type mediaToken struct {
	mediaID string
	expires time.Time
}

// Server is a fake of Sony's PSN servers on 127.0.0.1, shaped like httptest.Server.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234. API base: URL+"/api"; auth base:
	// URL+"/api"; profile base: URL.
	URL string

	opts     Options
	listener net.Listener
	http     *http.Server
	mux      *http.ServeMux

	mu          sync.Mutex
	world       *assets.World
	npsso       map[string]string // NPSSO → account id
	codes       map[string]tokenInfo
	access      map[string]tokenInfo
	refresh     map[string]tokenInfo
	media       map[string]mediaToken
	log         []Request
	window      []time.Time
	faults      *faultRNG
	forced      []int
	refCounter  uint64
	shuffleSeed uint64
	sorted      map[*assets.Account][]*assets.Play // title lists, newest first; reset by changes
	images      map[string]imageSpec               // image paths handed out (images.go)
	broken      map[string]map[string]string       // BreakTitleField: npCommunicationId → field → raw JSON

	flightMu sync.Mutex
	inFlight int
	maxFlt   int
}

// NewServer builds the world and starts serving on 127.0.0.1. It panics when the listener or the
// data cannot be made (like httptest.NewServer).
func NewServer(o Options) *Server {
	s := NewUnstartedServer(o)
	s.Start()
	return s
}

// NewUnstartedServer builds the server without listening yet; call Start.
func NewUnstartedServer(o Options) *Server {
	if o.RateWindow <= 0 {
		o.RateWindow = 15 * time.Minute
	}
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = 3599 * time.Second
	}
	if o.RefreshTokenLifetime <= 0 {
		o.RefreshTokenLifetime = 5183999 * time.Second
	}
	if o.MediaTokenLifetime <= 0 {
		o.MediaTokenLifetime = 10 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.ClientID == "" {
		o.ClientID = ClientID
	}
	if o.ClientSecret == "" {
		o.ClientSecret = ClientSecret
	}
	if o.RedirectURI == "" {
		o.RedirectURI = RedirectURI
	}
	if o.Scope == "" {
		o.Scope = Scope
	}
	w, err := assets.Build(assets.Options{Titles: o.Titles, Seed: o.DataSeed})
	if err != nil {
		panic("psntest: " + err.Error())
	}
	s := &Server{
		opts:    o,
		world:   w,
		npsso:   map[string]string{DemoNPSSO: DemoAccountID},
		codes:   map[string]tokenInfo{},
		access:  map[string]tokenInfo{},
		refresh: map[string]tokenInfo{},
		media:   map[string]mediaToken{},
		faults:  &faultRNG{s: uint64(o.Seed)*0x9e3779b97f4a7c15 + 1},
	}
	s.shuffleSeed = uint64(o.Seed) + 77
	s.routes()
	return s
}

// Start listens on 127.0.0.1 and serves.
func (s *Server) Start() {
	if s.listener != nil {
		panic("psntest: server already started")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("psntest: listen: " + err.Error())
	}
	s.listener = l
	s.URL = "http://" + l.Addr().String()
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(l) }()
}

// Close stops the server and closes its connections.
func (s *Server) Close() {
	if s.http != nil {
		_ = s.http.Close()
	}
}

// APIBase is the base for trophy, GraphQL and userProfile/internal requests (PSN_API_URL).
func (s *Server) APIBase() string { return s.URL + "/api" }

// AuthBase is the OAuth base (PSN_AUTH_URL).
func (s *Server) AuthBase() string { return s.URL + "/api" }

// ProfileBase is the profile2 base (PSN_PROFILE_URL).
func (s *Server) ProfileBase() string { return s.URL }

// Client returns an http.Client for the server that does not follow redirects.
func (s *Server) Client() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// ResetLog empties the request log and resets the in-flight high-water mark.
func (s *Server) ResetLog() {
	s.mu.Lock()
	s.log = nil
	s.mu.Unlock()
	s.flightMu.Lock()
	s.maxFlt = s.inFlight
	s.flightMu.Unlock()
}

// MaxInFlight is the largest number of requests the server was handling at once since the start
// (or the last ResetLog).
func (s *Server) MaxInFlight() int {
	s.flightMu.Lock()
	defer s.flightMu.Unlock()
	return s.maxFlt
}

// FailNext makes the next n API requests (after authentication) answer status: 429 answers like
// the rate limit (with X-RateLimit-Next-Available one minute ahead), other codes with an HTML body.
func (s *Server) FailNext(status, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < n; i++ {
		s.forced = append(s.forced, status)
	}
}

// RegisterNPSSO makes an NPSSO cookie value log in as an account (DemoNPSSO is registered).
func (s *Server) RegisterNPSSO(npsso, accountID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.npsso[npsso] = accountID
}

// IssueToken creates a token pair for an account without the OAuth dance.
func (s *Server) IssueToken(accountID string) Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issueLocked(accountID, time.Time{})
}

func (s *Server) issueLocked(accountID string, refreshExpires time.Time) Credentials {
	now := s.opts.Now()
	at := "fakeat." + randomToken(32)
	c := Credentials{AccessToken: at, AccessExpiresAt: now.Add(s.opts.TokenLifetime), Scope: s.opts.Scope}
	s.access[at] = tokenInfo{account: accountID, expires: c.AccessExpiresAt}
	if refreshExpires.IsZero() {
		rt := "fakert." + randomToken(32)
		refreshExpires = now.Add(s.opts.RefreshTokenLifetime)
		s.refresh[rt] = tokenInfo{account: accountID, expires: refreshExpires}
		c.RefreshToken = rt
	}
	c.RefreshExpiresAt = refreshExpires
	return c
}

// World gives fn exclusive access to the server's data (read or change it; see package assets).
func (s *Server) World(fn func(w *assets.World)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sorted = nil
	fn(s.world)
}

// EarnTrophy marks a trophy earned for an account (account id or online ID) at a time, updating the
// title's counts, progress, group and title lastUpdatedDateTime as Sony would.
func (s *Server) EarnTrophy(accountID, npCommunicationID string, trophyID int, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.world.Account(accountID)
	if a == nil {
		a, _ = s.world.AccountByOnlineID(accountID)
	}
	if a == nil {
		return fmt.Errorf("psntest: no account %s", accountID)
	}
	p := a.Play(npCommunicationID)
	if p == nil {
		return fmt.Errorf("psntest: %s never played %s", accountID, npCommunicationID)
	}
	delete(s.sorted, a)
	return p.Earn(trophyID, at)
}

// BumpSetVersion raises a title's trophySetVersion ("01.40" → "01.41") and returns the new one.
func (s *Server) BumpSetVersion(npCommunicationID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.world.Title(npCommunicationID)
	if t == nil {
		return "", fmt.Errorf("psntest: no title %s", npCommunicationID)
	}
	major, minor := 1, 0
	if i := strings.IndexByte(t.Version, '.'); i > 0 {
		major, _ = strconv.Atoi(t.Version[:i])
		minor, _ = strconv.Atoi(t.Version[i+1:])
	}
	t.Version = fmt.Sprintf("%02d.%02d", major, minor+1)
	return t.Version, nil
}

// AddTrophy adds a trophy (grade "bronze", "silver", "gold" or "platinum") to a group of a title
// without changing its set version (definedTrophies change, the version does not, as Sony does).
// It returns the new trophy's id.
func (s *Server) AddTrophy(npCommunicationID, groupID, grade, name string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := assets.GradeOf(grade)
	if g < 0 {
		return 0, fmt.Errorf("psntest: bad grade %q", grade)
	}
	tr, err := s.world.AddTrophy(npCommunicationID, groupID, g, name, "Added after release.")
	if err != nil {
		return 0, err
	}
	return tr.ID, nil
}

// sortedPlays is the account's title list, newest first, cached until the data changes.
func (s *Server) sortedPlays(a *assets.Account) []*assets.Play {
	if p, ok := s.sorted[a]; ok {
		return p
	}
	if s.sorted == nil {
		s.sorted = map[*assets.Account][]*assets.Play{}
	}
	p := a.SortedPlays()
	s.sorted[a] = p
	return p
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.flightMu.Lock()
	s.inFlight++
	if s.inFlight > s.maxFlt {
		s.maxFlt = s.inFlight
	}
	s.flightMu.Unlock()
	defer func() {
		s.flightMu.Lock()
		s.inFlight--
		s.flightMu.Unlock()
	}()
	if s.opts.Latency > 0 {
		if err := s.opts.Sleep(r.Context(), s.opts.Latency); err != nil {
			return
		}
	}
	rec := &recorder{header: http.Header{}}
	if r.Method == http.MethodGet && r.URL.Path == presencesPath {
		// The app's path has an empty segment (users//basicPresences), which ServeMux would
		// redirect to a cleaned path: Sony answers it as it is.
		s.handle(rec, r, kindAPI, (*Server).basicPresences)
	} else {
		s.mux.ServeHTTP(rec, r)
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	w.Header().Set("Content-Length", strconv.Itoa(rec.body.Len()))
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

// recorder buffers a handler's answer so that faults can replace or truncate it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// kind of endpoint, for the middleware.
const (
	kindAuth  = iota // OAuth: no bearer, no rate limit, no faults
	kindAPI          // bearer, rate limit, faults
	kindMedia        // media token in the URL
	kindImage        // pictures: no bearer, no rate limit, no faults
)

type call struct {
	r       *http.Request
	account *assets.Account // the token's account (API kind)
	lang    string
	now     time.Time // the request's one instant: logged, and used for the token and rate checks
}

type handlerFunc func(s *Server, c *call) response

func (s *Server) routes() {
	m := http.NewServeMux()
	add := func(pattern string, kind int, h handlerFunc) {
		m.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) { s.handle(w, r, kind, h) })
	}
	add("GET /api/authz/v3/oauth/authorize", kindAuth, (*Server).authorize)
	add("POST /api/authz/v3/oauth/token", kindAuth, (*Server).token)
	add("GET /api/trophy/v1/users/{account}/trophyTitles", kindAPI, (*Server).trophyTitles)
	add("GET /api/trophy/v1/users/{account}/trophySummary", kindAPI, (*Server).trophySummary)
	add("GET /api/trophy/v1/users/{account}/titles/trophyTitles", kindAPI, (*Server).titleSummaries)
	add("GET /api/trophy/v1/users/{account}/npCommunicationIds/{id}/trophyGroups", kindAPI, (*Server).earnedGroups)
	add("GET /api/trophy/v1/users/{account}/npCommunicationIds/{id}/trophyGroups/{group}/trophies", kindAPI, (*Server).earnedTrophies)
	add("GET /api/trophy/v1/npCommunicationIds/{id}/trophyGroups", kindAPI, (*Server).titleGroups)
	add("GET /api/trophy/v1/npCommunicationIds/{id}/trophyGroups/{group}/trophies", kindAPI, (*Server).titleTrophies)
	add("GET /userProfile/v1/users/{onlineId}/profile2", kindAPI, (*Server).profile2)
	add("GET /api/userProfile/v1/internal/users/{account}/profiles", kindAPI, (*Server).profiles)
	add("GET /api/graphql/v1/op", kindAPI, (*Server).graphql)
	add("GET /media/{path...}", kindMedia, (*Server).mediaFile)
	add("GET /images/{path...}", kindImage, (*Server).image)
	add("GET /api/userProfile/v1/internal/users/{account}/friends", kindAPI, (*Server).friends)
	add("GET /api/gamelist/v2/users/{account}/titles", kindAPI, (*Server).playedGames)
	add("/", kindAPI, func(s *Server, c *call) response {
		return s.apiError(http.StatusNotFound, 2240525, "Resource not found")
	})
	s.mux = m
}

var loggedHeaders = []string{"Accept", "Accept-Language", "Apollographql-Client-Name", "Apollographql-Client-Version", "Content-Type", "User-Agent"}

func (s *Server) handle(w http.ResponseWriter, r *http.Request, kind int, h handlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	entry := Request{Method: r.Method, Path: r.URL.Path, Query: redactQuery(r.URL.Query()), Header: http.Header{}, At: now}
	for _, k := range loggedHeaders {
		if v := r.Header.Values(k); len(v) > 0 {
			entry.Header[k] = append([]string(nil), v...)
		}
	}
	if a := r.Header.Get("Authorization"); a != "" {
		entry.Authorized = true
		scheme, _, _ := strings.Cut(a, " ")
		entry.Header.Set("Authorization", scheme+" [redacted]")
	}
	entry.Image = kind == kindImage
	c := &call{r: r, lang: language(r.Header.Get("Accept-Language")), now: now}
	res := s.dispatch(c, kind, h)
	if c.account != nil {
		entry.Account = c.account.AccountID
	}
	entry.Status = res.status
	s.log = append(s.log, entry)
	for k, v := range res.header {
		w.Header()[k] = v
	}
	w.WriteHeader(res.status)
	_, _ = w.Write(res.body)
}

func (s *Server) dispatch(c *call, kind int, h handlerFunc) response {
	if kind != kindAPI {
		return h(s, c)
	}
	// 1. the bearer token
	auth := c.r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || tok == "" {
		return s.unauthorized()
	}
	ti, ok := s.access[tok]
	if !ok || !c.now.Before(ti.expires) {
		return s.unauthorized()
	}
	c.account = s.world.Account(ti.account)
	if c.account == nil {
		return s.unauthorized()
	}
	// 2. the rate limit, at the instant the request is logged (a clock another goroutine moves
	// must not let a request logged at T be counted at a later time)
	now := c.now
	if s.opts.RateLimit > 0 {
		cut := now.Add(-s.opts.RateWindow)
		i := 0
		for i < len(s.window) && !s.window[i].After(cut) {
			i++
		}
		s.window = s.window[i:]
		if len(s.window) >= s.opts.RateLimit {
			return s.rateLimited(s.window[0].Add(s.opts.RateWindow))
		}
		s.window = append(s.window, now)
	}
	// 3. faults
	if len(s.forced) > 0 {
		st := s.forced[0]
		s.forced = s.forced[1:]
		if st == http.StatusTooManyRequests {
			return s.rateLimited(now.Add(time.Minute))
		}
		return htmlError(st)
	}
	truncate := false
	if s.opts.FaultRate5xx > 0 || s.opts.FaultRateTruncated > 0 {
		u := s.faults.float()
		switch {
		case u < s.opts.FaultRate5xx:
			return htmlError(http.StatusServiceUnavailable)
		case u < s.opts.FaultRate5xx+s.opts.FaultRateTruncated:
			truncate = true
		}
	}
	res := h(s, c)
	if truncate && res.status == http.StatusOK && len(res.body) > 1 {
		res.body = res.body[:len(res.body)/2]
	}
	return res
}

// unauthorized is Sony's answer to a missing, unknown or expired bearer token.
func (s *Server) unauthorized() response {
	res := s.apiError(http.StatusUnauthorized, 2241025, "Invalid token")
	res.header.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	return res
}

func (s *Server) rateLimited(next time.Time) response {
	var res response
	if s.opts.RateLimitHTML {
		res = htmlError(http.StatusTooManyRequests)
	} else {
		// Sony's rate-limit body has no referenceId
		res = profileError(http.StatusTooManyRequests, 2138635, "Rate limit exceeded")
	}
	res.header.Set("X-RateLimit-Next-Available", strconv.FormatInt(next.Unix(), 10))
	return res
}

func (s *Server) referenceID() string {
	s.refCounter++
	n := s.refCounter
	return fmt.Sprintf("%08x-%04x-11f0-%04x-%012x", uint32(n*2654435761), uint16(n), uint16(n*40503), n*0x9e3779b97f4a7c15&0xffffffffffff)
}

// apiError is Sony's JSON error body {"error":{"referenceId","code","message"}}.
func (s *Server) apiError(status, code int, msg string) response {
	body, _ := json.Marshal(map[string]any{"error": orderedObj{{"referenceId", s.referenceID()}, {"code", code}, {"message", msg}}})
	return jsonResponse(status, body)
}

// profileError is the profile2 error body: no referenceId.
func profileError(status, code int, msg string) response {
	body, _ := json.Marshal(map[string]any{"error": orderedObj{{"code", code}, {"message", msg}}})
	return jsonResponse(status, body)
}

func jsonResponse(status int, body []byte) response {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return response{status: status, header: h, body: body}
}

func (s *Server) ok(v any, cache string) response {
	body, err := json.Marshal(v)
	if err != nil {
		return htmlError(http.StatusInternalServerError)
	}
	res := jsonResponse(http.StatusOK, body)
	if cache != "" {
		res.header.Set("Cache-Control", cache)
	}
	return res
}

func htmlError(status int) response {
	text := fmt.Sprintf("%d %s", status, http.StatusText(status))
	h := http.Header{}
	h.Set("Content-Type", "text/html")
	body := "<html>\r\n<head><title>" + text + "</title></head>\r\n<body>\r\n<center><h1>" + text +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	return response{status: status, header: h, body: []byte(body)}
}

// orderedObj marshals as a JSON object keeping its keys' order.
type orderedObj []kv

type kv struct {
	k string
	v any
}

func (o orderedObj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func redactQuery(q url.Values) url.Values {
	for _, k := range []string{"token", "code", "refresh_token"} {
		if _, ok := q[k]; ok {
			q[k] = []string{"[redacted]"}
		}
	}
	return q
}

// language is the primary subtag of the first Accept-Language entry ("de-DE,de;q=0.9" → "de").
func language(h string) string {
	first, _, _ := strings.Cut(h, ",")
	first, _, _ = strings.Cut(first, ";")
	first, _, _ = strings.Cut(strings.TrimSpace(first), "-")
	first, _, _ = strings.Cut(first, "_")
	return strings.ToLower(first)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// faultRNG is splitmix64, for deterministic fault decisions.
type faultRNG struct{ s uint64 }

func (r *faultRNG) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *faultRNG) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

var errBadParam = errors.New("bad parameter")

// intParam reads a non-negative integer query parameter; def when absent.
func intParam(q url.Values, name string, def int) (int, error) {
	v, ok := q[name]
	if !ok || len(v) == 0 {
		return def, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < 0 || n > math.MaxInt32 {
		return 0, errBadParam
	}
	return n, nil
}
