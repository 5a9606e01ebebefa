// Package psnapi talks to Sony's PlayStation Network: OAuth (NPSSO → tokens, refresh), the trophy
// API v1 endpoints, user lookups and Game Help (persisted-query GraphQL). It knows nothing of
// terminals or disks: the store package gives it a TokenStore and persists its rate window
// through the hooks, the ui package only reads its types.
//
// # Client
//
//	c := psnapi.New(psnapi.Options{
//		APIBase: os.Getenv("PSN_API_URL"), // "" → DefaultAPIBase, DefaultAuthBase, DefaultProfileBase
//		Tokens:  library.Credentials(),    // TokenStore
//		Language: "en-US",                 // Accept-Language
//		RateLimit: limit,                  // ParseRateLimit(os.Getenv("PSN_RATE_LIMIT")); zero = no budget
//		History:   library.RateHistory(),  // the window restored from requests.log
//		OnSent:    appendToRequestsLog, OnRateLimited: persistNextAvailable,
//	})
//
// A Client is safe for concurrent use and every method takes a context. Options.Now and
// Options.Sleep replace the clock for tests; Options.Retry the retry policy.
//
// # Auth
//
//	Login(ctx, npsso) (Token, error)   authorize (redirects not followed, code from Location) → token
//	                                   exchange → Tokens.SaveToken. No code: ErrNPSSOInvalid.
//	Token() (Token, error)             the tokens held (loaded from the store once)
//
// The OAuth client is the PlayStation App's (DefaultClientID, DefaultClientSecret,
// DefaultRedirectURI, DefaultScope) unless Options.ClientID, ClientSecret, RedirectURI or Scope
// name another, for the day Sony rotates it.
//
// Access tokens are refreshed a minute before they expire (a quarter of their lifetime before, for
// tokens living under four minutes) and once after a 401 (then the request is
// sent once more); concurrent callers share one refresh; every new pair is saved. No tokens, an
// expired refresh token or a refused refresh (invalid_grant) give ErrLoginRequired ("log in
// again"). Token, MemoryTokens and Client redact their secrets in every fmt verb; errors never hold
// a token, the NPSSO, a code or a *url.Error.
//
// # Endpoints
//
// account is "me" (or "") or a numeric account id. TitleRef picks npServiceName from the
// platform ("trophy" for PS3/PS4/Vita sets, omitted for PS5/PC) unless it names one.
//
//	TrophyTitles(ctx, account, limit, offset) (TrophyTitles, error)       one page, limit 1…800
//	TitleList(ctx, account) (TrophyTitleList, error)                      pages of 800, concurrent,
//	                                                                      deduplicated by npCommunicationId
//	AllTrophyTitles(ctx, account) ([]TrophyTitle, error)                  TitleList without Skipped
//	TitleTrophies(ctx, TitleRef, group) (TitleTrophies, error)            group "all" (""), "default", "001"…;
//	                                                                      nextOffset followed to totalItemCount
//	EarnedTrophies(ctx, account, TitleRef, group) (EarnedTrophies, error) likewise
//	TrophySummary(ctx, account) (TrophySummary, error)
//	TitleTrophyGroups(ctx, TitleRef) (TitleTrophyGroups, error)
//	EarnedTrophyGroups(ctx, account, TitleRef) (EarnedTrophyGroups, error)
//	TitleSummaryList(ctx, account, npTitleIDs, includeNotEarned) (TitleSummaryList, error)
//	                                                                      titleId → npCommunicationId: batches
//	                                                                      of 5, in the order asked; Unknown ids
//	TitleSummaries(…) ([]TitleSummary, error)                             TitleSummaryList's Titles
//	LookupOnlineID(ctx, onlineID) (Profile, error)                        profile2, universal search when the
//	                                                                      profile2 host fails; IsUserNotFound
//	SearchUsers(ctx, term) (UserSearch, error)                            universal search, players, 1st page
//	ProfileByAccountID(ctx, accountID) (Profile, error)                   profiles (AvatarURL); "me" works
//	ResolveUser(ctx, nameOrID) (Profile, error)                           ""/"me" and numeric ids cost
//	                                                                      no request
//	IsAccountID(s) bool
//	Friends(ctx, account) (FriendList, error)                             account IDs, 1000 a request;
//	                                                                      private list → forbidden
//	Presences(ctx, accountIDs) (PresenceList, error)                      basicPresences, 50 ids a request
//	PlayedGames(ctx, account, limit, offset) (PlayedGames, error)         gamelist/v2, one page, limit 1…200
//	AllPlayedGames(ctx, account) (PlayedGameList, error)                  pages of 200, concurrent
//	ParsePlayDuration(s) (time.Duration, error)                           "PT228H56M33S"
//	Image(ctx, url) (Image, error)                                        a picture; no token, no budget
//	HintAvailability(ctx, npCommID, trophyIDs) (HintAvailability, error)  GraphQL metGetHintAvailability
//	Tips(ctx, npCommID, []TipRequest) (Tips, error)                       GraphQL metGetTips; HasAccess
//	                                                                      false is data; MediaURL expires;
//	                                                                      {"data":null} is no Game Help
//
// Unknown JSON fields are ignored; timestamps are time.Time (zero when Sony sends none). Lists are
// read record by record: a title, trophy, group, friend, presence or game whose fields cannot be
// read is left out and named in the answer's Skipped lines (one line each, control characters
// removed), so one bad record never fails the rest. Progress values read as numbers or strings,
// empty dates as none.
//
// # Errors
//
// Every error names its operation (Endpoint…: EndpointTrophyTitles, EndpointProfile2…) so a caller
// can tell an unknown user (IsUserNotFound) from a title list or title that is not there.
// Use errors.As / errors.Is:
//
//	*APIError{Kind, Status, Code, Message, ReferenceID, Endpoint}   Kind: KindNotFound, KindForbidden
//	                      (private), KindUnauthorized, KindBadRequest, KindServer, KindOther; matches
//	                      ErrNotFound, ErrForbidden, ErrUnauthorized, ErrBadRequest, ErrServer
//	*RateLimitedError{NextAvailable, Status, …}  Status 429 from Sony, 0 when the client's own budget
//	                      refused to wait (WithFailFast or a too-near deadline); matches ErrRateLimited
//	*DecodeError{Endpoint, Err}                   an answer we could not read (after the retries)
//	*GraphQLError{Operation, Messages}            a GraphQL errors array
//	*NetworkError{Endpoint, Err}                  no answer (offline…); matches ErrNetwork
//	ErrNPSSOInvalid, ErrLoginRequired             sentinels
//	KindOf, IsNotFound, IsForbidden, IsUnauthorized, IsRateLimited, IsNetwork, IsLoginRequired
//
// HTML and empty bodies (gateway 5xx and 429) still give the error of their status.
//
// # Request budget
//
// One limiter per client decides when each request (every attempt, auth included) is sent:
//
//   - a sliding window of RateLimit.Requests per RateLimit.Window (ParseRateLimit: "300/15m",
//     "300/10s", "off"/"0"; "" is DefaultRateLimit); the zero RateLimit disables it;
//   - priorities in the context: WithPriority(ctx, Background) for sync and prefetch waits while the
//     window is above limit − Reserve (default 20%); Interactive (the default) may use it all and
//     is granted before any waiting background request;
//   - after a 429 nothing is sent before its X-RateLimit-Next-Available (one minute when absent),
//     nor for a second at least (the header is in whole seconds);
//   - at most MaxInFlight (4) requests at once.
//
// Requests wait for the budget as long as their context allows; WithFailFast(ctx), or a deadline
// before the time the budget frees, makes them fail at once with *RateLimitedError instead. A 429
// answer is waited out and retried unless the caller fails fast. GETs are retried (3 attempts in
// all, 8 for Background requests; exponential backoff 500ms…8s with jitter) on 5xx, unreadable
// 200s and dropped or timed-out connections; refused connections and DNS failures fail at once
// (offline). Options.Retry (RetryPolicy{Attempts, Base, Max, BackgroundAttempts}) changes that.
//
//	Rate() RateSnapshot                      Used, Limit, Window, ResetAt, NextAvailable, InFlight, Waiting
//	Subscribe() (<-chan RateSnapshot, func()) latest snapshot on every change
//	Options.History (RateHistory{Sent, NextAvailable}), Options.OnSent, Options.OnRateLimited
package psnapi
