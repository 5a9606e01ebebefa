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
//		Ledger:    library.Ledger(),       // requests.log: the budget shared live with other processes
//	})
//
// (store.Library.APIOptions fills in Tokens, Ledger, Language and Now.)
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
// One limiter per client decides when each request (every attempt) to the trophy, user and Game
// Help APIs is sent:
//
//   - a sliding window of RateLimit.Requests per RateLimit.Window (ParseRateLimit: "300/15m",
//     "300/10s", "off"/"0"; "" is DefaultRateLimit); the zero RateLimit disables it. A request counts
//     for the window plus a fiftieth of it, so that one sent as an old one leaves our window does not
//     reach Sony while Sony still counts the old one;
//   - shared with other processes through Options.Ledger (the store's requests.log): every grant is
//     decided inside the ledger's critical section after reading every process's sends and 429
//     pauses, and records its own sends there before the section ends. Without a Ledger the window
//     is this client's alone, restored from Options.History;
//   - priorities in the context: WithPriority(ctx, Background) for sync and prefetch; Interactive
//     (the default) goes ahead of every waiting background request and is never paced;
//   - the reserve: while an interactive process runs (LedgerView.Interactive; always, without a
//     Ledger) background work stops at limit − Reserve (default 20%); while none runs it may use the
//     whole window;
//   - even pacing: background work sends a burst of up to a quarter of its share (BackgroundCap/4)
//     while the window holds fewer, then one request per Pace = window ⁄ BackgroundCap, across
//     processes (measured from the last send of any of them). A long sync pauses once, for a quarter
//     of its first window, then runs evenly at the budget; a sync of a few dozen requests goes at once;
//   - after a 429 nothing is sent, by any process sharing the ledger, before its
//     X-RateLimit-Next-Available (one minute when absent), nor for a second at least (the header is
//     in whole seconds). A time more than 15 minutes ahead (Sony's window) — a broken header, a
//     clock set back — is ignored like a missing header; recorded sends and pauses further ahead than
//     the window are ignored too, so no wait ever exceeds the window;
//   - at most MaxInFlight (4) requests at once per client.
//
// OAuth requests (authorize, token exchange, refresh) go to another host: they are outside the
// trophy budget, not held by its 429 pauses, take no in-flight slot and are not recorded. A request
// takes its budget slot first and its access token right before it is sent, refreshing the token
// then if the wait outlived it (a wait for a spent budget can last longer than a token).
//
// Requests wait for the budget as long as their context allows; WithFailFast(ctx), or a deadline
// before the time the budget frees, makes them fail at once with *RateLimitedError instead. A 429
// answer is waited out and retried unless the caller fails fast. A ledger that cannot be entered
// (its lock held by a stuck process) fails the waiting requests with its error; a cancelled context
// ends any wait at once. GETs are retried (3 attempts in all, 8 for Background requests; exponential
// backoff 500ms…8s with jitter) on 5xx, answers cut short or garbled (a 2xx body that is not valid
// JSON) and dropped or timed-out connections; valid JSON of the wrong shape is the same at every
// attempt and fails at once (*DecodeError); refused connections and DNS failures fail at once
// (offline). Options.Retry (RetryPolicy{Attempts, Base, Max, BackgroundAttempts}) changes that.
// WithSentCounter(ctx, &n) counts the attempts actually sent on ctx's behalf.
//
//	Rate() RateSnapshot                        the budget now (see RateSnapshot: Used, Limit, Window,
//	                                           ResetAt, NextAvailable, InFlight, Waiting,
//	                                           WaitingInteractive, WaitUntil, WaitReason, Interactive,
//	                                           BackgroundCap, Pace, Shared, At; Wait(), Pause())
//	Subscribe() (<-chan RateSnapshot, func())  the latest snapshot on every change, and once a second
//	                                           whatever time or another process changed
//	Ledger, LedgerView, LedgerRecord           the shared budget's interface (store implements it)
//	WaitReason: WaitNone, WaitSlot, WaitPacing ("keeping to 300/15m"), WaitBudget ("waiting for the
//	                                           request budget"), WaitPause (Sony's 429)
//	WithSentCounter(ctx, *atomic.Int64)        counts requests sent on ctx's behalf
//	Options.History (RateHistory{Sent, NextAvailable}), Options.OnSent, Options.OnRateLimited
package psnapi
