// Package psntest is a fake of Sony's PlayStation Network servers for tests, benchmarks and the
// demo mode. It listens on 127.0.0.1 only, behaves like the real services as described in
// ../shared/reference/psn-trophy-api.md, DESIGN.md ("API facts") and the recordings in
// ../shared/psn-recordings, and serves the data of package assets.
//
// # Starting
//
//	srv := psntest.NewServer(psntest.Options{})      // like httptest.NewServer
//	defer srv.Close()
//	srv.URL          // http://127.0.0.1:PORT
//	srv.APIBase()    // srv.URL+"/api"  (PSN_API_URL: trophy, GraphQL, userProfile/internal)
//	srv.AuthBase()   // srv.URL+"/api"  (PSN_AUTH_URL: /authz/v3/oauth/authorize and /token)
//	srv.ProfileBase() // srv.URL        (PSN_PROFILE_URL: /userProfile/v1/users/{onlineId}/profile2)
//	srv.Client()     // an *http.Client that does not follow redirects
//
// NewUnstartedServer + Start exist too. For the demo mode, StartDemo(Options{}) returns a running
// server and Credentials (access + refresh token, expiry times, scope) for the demo account, so no
// login is needed; the tokens refresh through the fake's token endpoint like real ones.
// IssueToken(accountID) makes a token pair for any account (a test logging in as the friend).
//
// # Endpoints
//
//   - GET  /api/authz/v3/oauth/authorize — needs client_id=09515159-…, response_type=code, the
//     app's redirect_uri and (when sent) its scope; Options.ClientID, ClientSecret, RedirectURI and
//     Scope make the server expect other values instead (a Sony that rotated its client). With Cookie npsso=DemoNPSSO (or one added by RegisterNPSSO) it answers 302
//     with Location com.scee.psxandroid.scecompcall://redirect/?code=v3.XXXXXX&cid=…; with any other
//     npsso a 302 to https://my.account.sony.com/sonyacct/signin/?…&error=login_required&error_code=4165….
//     Codes are single-use and live 5 minutes.
//   - POST /api/authz/v3/oauth/token — Authorization must be Basic base64(client id:secret), ClientBasic
//     by default (else 401 invalid_client); a scope other than the server's is 400 invalid_scope;
//     grant_type=authorization_code (code, redirect_uri) or refresh_token (refresh_token). Answers
//     {access_token, token_type:"bearer", expires_in (= TokenLifetime), scope, id_token,
//     refresh_token, refresh_token_expires_in}. A refresh keeps the refresh token and its expiry
//     (refresh_token_expires_in counts down). Unknown, used or expired codes and refresh tokens: 400
//     {"error":"invalid_grant","error_description":…,"error_code":N}.
//   - Every trophy endpoint of the reference under /api/trophy/v1/… (title list, summary, title
//     summaries by npTitleId, title and earned trophy groups, title and earned trophies).
//   - GET /userProfile/v1/users/{onlineId}/profile2?fields=… — only the fields asked for
//     (onlineId, accountId, currentOnlineId, npId, avatarUrls, plus as 0/1, aboutMe, languagesUsed,
//     isOfficiallyVerified, trophySummary(…)); names match case-insensitively; a previous online ID
//     (FriendPreviousOnlineID) answers with currentOnlineId; unknown: 404 code 2105356 without
//     referenceId.
//   - GET /api/userProfile/v1/internal/users/{accountId|me}/profiles — malformed or unknown id: 400
//     code 2281473 "Bad Request (path: accountId)".
//   - GET /api/graphql/v1/op?operationName=metGetHintAvailability|metGetTips&variables=…&extensions=…
//     — needs headers apollographql-client-name and content-type application/json (else 400 with a
//     GraphQL {"errors":[…]} body, code BAD_REQUEST), the reference's persisted-query hashes
//     (HintHash, TipsHash; else 200 PersistedQueryNotFound). Tips come back in reverse request
//     order (Sony's order is not the request's either); video tips carry a mediaUrl on this server.
//   - GET /media/…/master_playlist.m3u8?token=… — a small HLS playlist, 200 only for a token issued
//     with a tip, for that video, not older than MediaTokenLifetime; else 403 (HTML).
//   - GET /api/userProfile/v1/internal/users/{accountId|me}/friends?limit=&offset= — account IDs as
//     recorded ({"friends":[…],"totalItemCount":n}, nextOffset only when more follow); limit 1…1000
//     (else 400 code 2281473 "Bad Request (query: limit)"); another account's private friends list
//     403 code 2281486.
//   - GET /api/userProfile/v2/internal/users//basicPresences?type=primary&accountIds=…&platforms=…
//     &withOwnGameTitleInfo=true — the app's batch form, empty path segment included (not
//     redirected); at most 50 ids; the caller's own presence and its friends' (others are left
//     out); online entries name the game played (npTitleId, titleName, format, npTitleIconUrl).
//   - GET /api/gamelist/v2/users/{accountId|me}/titles?limit=&offset= — the played-games list, last
//     played first: PS4/PS5 games only (PS3, Vita and PC titles keep no play time) with playCount,
//     first/last played (microseconds) and playDuration as ISO-8601 (PT215H2M16S); a few apps
//     without trophies for the demo account (unknown to the npTitleId endpoint). limit 1…200,
//     previousOffset always, nextOffset when more follow; a trophy-private account's list is 403.
//   - GET /api/graphql/v1/op?operationName=metGetContextSearchResults — universal search, players:
//     up to 15 accounts whose online ID contains the term, an exact match first (SearchHash).
//   - GET /images/{host}/{path} — pictures: every icon, reward image, avatar and game image URL in the
//     answers is Sony's URL re-rooted here (https://host/path → {srv.URL}/images/host/path), and
//     answers a small deterministic PNG: titles with their own colours and shape (wide for PS3/PS4/
//     Vita sets), trophies a cup in their grade's colour, avatars a bust. No token needed, never
//     counted in the rate limit, logged with Request.Image; ImageFetches() counts them by path.
//     Options.SonyImageURLs keeps Sony's URLs instead (tests comparing two servers' data).
//     SonyImageURL maps a fake URL back.
//
// Every request except OAuth, media and images needs "Authorization: Bearer <token>" with a token the fake
// issued and that has not expired (else 401 {"error":{"referenceId","code":2241025,"message":
// "Invalid token"}}).
// "me" is the token's account.
//
// # Quirks reproduced
//
//   - Errors are Sony's JSON {"error":{"referenceId","code","message"}}: 400 code 2240513 "Bad
//     Request (query: limit)" etc., 403 code 2240526 "Not permitted by access control" (another
//     account's private trophies, every trophy endpoint), 404 code 2240525 "Resource not found"
//     (unknown title or group, a title the account never played on the earned endpoints, the wrong
//     npServiceName, an unknown numeric account).
//   - npServiceName: PS3/PS4/PS Vita sets need npServiceName=trophy (404 without it or with
//     trophy2); PS5/PC sets answer without it or with trophy2 and 404 with trophy.
//   - Pagination: trophyTitles default limit 100, at most 800 (more: 400); trophy lists default to
//     all. nextOffset only when items follow; previousOffset = offset-1 when offset > 0, or the last
//     index when offset is past the end. Titles come newest lastUpdatedDateTime first.
//   - Title lists carry trophyGroupCount; hidden titles (hiddenFlag true) only on the owner's list.
//   - Title summaries: at most 5 npTitleIds (more: 400 "Bad Request (query: npTitleId)"), a trailing
//     comma is fine, an unknown id is 404 "Resource not found (npTitleId='…')", titles the account
//     never played come back with "trophyTitles": [], the order is shuffled, notEarnedTrophyIds only
//     with includeNotEarnedTrophyIds=true (and [] when everything is earned).
//   - Accept-Language: "de…" gives German trophy names for a few titles (ASTRO's PLAYROOM as in the
//     reference's example, some generated ones); other titles stay English.
//   - progress is Sony's: earned points over defined points with platinum left out, rounded down
//     (this reproduces every value in the reference and the recordings); per group likewise.
//
// # Options
//
// Latency (per request, through Sleep, which is injectable), RateLimit per RateWindow (sliding;
// 0 = off; beyond it 429 with X-RateLimit-Next-Available in unix seconds = when the oldest counted
// request leaves the window, and Sony's JSON body {"error":{"code":2138635,"message":"Rate limit
// exceeded"}} or, with RateLimitHTML, an HTML one; OAuth and
// media requests are not counted, 429s are not counted), TokenLifetime, RefreshTokenLifetime,
// MediaTokenLifetime, FaultRate5xx (503 with an HTML body) and FaultRateTruncated (a 200 whose JSON
// is cut in half, Content-Length matching) decided per API request by a generator seeded with Seed,
// Titles (the demo account's title count; 2,000 or 20,000 for load tests, built in well under a
// second, trophies generated per title on first request), DataSeed, Now (the clock for token
// expiry, the rate window and the log), and NoPlus (accounts without PlayStation Plus: metGetTips
// answers "hasAccess": false with "trophies": [], availability answers as usual). FailNext(status, n) forces the next n API answers.
//
// Order of checks for API requests: bearer token (401), rate limit (429), forced or random faults,
// then the endpoint.
//
// # Observing
//
// Requests() is the request log: Method, Path, Query (values of token, code and refresh_token
// redacted), Header (Accept, Accept-Language, Apollographql-Client-Name and -Version, Content-Type,
// User-Agent, and Authorization reduced to "Bearer [redacted]"), Authorized (a header was sent),
// Account (the token's account), Status, At (from Now) and Image (a picture download).
// ImageFetches() counts the picture downloads by path. No secret is ever logged. MaxInFlight() is the
// high-water mark of requests handled at once (counted before the latency wait); ResetLog() clears
// both.
//
// # Changing the data (incremental-sync tests)
//
//	srv.EarnTrophy(accountID, npCommunicationID, trophyID, at) // counts, progress, group and title lastUpdatedDateTime
//	srv.BumpSetVersion(npCommunicationID)                     // "01.40" → "01.41"
//	srv.AddTrophy(npCommunicationID, groupID, "bronze", name)  // definedTrophies change, the version does not
//	srv.BreakTitleField(npCommunicationID, field, rawJSON)    // one bad field in title-list answers
//	srv.World(func(w *assets.World) { … })                    // anything else, under the server's lock
//	srv.FriendIDs(accountID)                                  // an account's friends list, to compare with
//
// The server is safe for concurrent use: one mutex guards the data, tokens and log.
//
// # Accounts and data
//
//   - FakeHunter (DemoAccountID 7803210546917730418, DemoNPSSO logs in): 300 titles by default over
//     PS3, PS4, PSVITA, "PS4,PSVITA", PS5, "PS5,PSPC" and PSPC; its earned trophies add up exactly to
//     the reference's summary (level 437, 200,430 points, 6,212/1,450/525/55). Two titles hidden.
//     Hand-written titles reproduce the reference's examples: ASTRO's PLAYROOM NPWR20188_00 (01.40,
//     groups default + 001, 46 trophies, 100% with the printed dates, Game Help for trophies 18 … 45,
//     German names), RESIDENT EVIL 5 NPWR10600_00 (01.01, PS4, 71 trophies, groups default/001/002/003),
//     Ghost of Tsushima NPWR22859_00 (PS5,PSPC, 01.25), Returnal, RESIDENT EVIL 2 (the title-summary
//     example, with npTitleIds PPSA01284_00, CUSA09171_00; Apex Legends PPSA04874_00 unplayed),
//     Destiny 2, Crash Bandicoot 4, Two Point Hospital (the title-list examples), Sackboy (progress
//     trophy 35) and Destruction AllStars (reward trophy 28), Ratchet & Clank: Rift Apart (two-step
//     Game Help for trophy 21). The rest is generated from a seed: DLC groups, hidden trophies, PS5
//     progress trophies with rewards, all four rarity tiers, Game Help (video and text tips) on some
//     PS5 titles, and messy names (no-break spaces, trailing newline and spaces, Japanese, full-width,
//     emoji, curly quotes, a 120-character name, two titles named "Shadow Protocol", a control
//     character in a trophy name).
//   - TrophyFriend (FriendAccountID 2958041076612398745, formerly TrophyPal): public; about half of
//     the demo account's titles with other progress, titles of its own (Apex Legends …), one hidden
//     title; its RESIDENT EVIL 5 is the reference's "another account" example.
//   - LockedVault (PrivateAccountID 1174530988263417209): private, 403 on every trophy endpoint for
//     anyone else.
//   - FreshStart (EmptyAccountID 5620194837261550936): no titles.
//   - Friends: FakeHunter has 39 (TrophyFriend, LockedVault, FreshStart and assets.GeneratedFriends
//     generated accounts playing 20–60% of its titles with their own progress; a few keep their
//     trophies or their friends list private). Presence: FakeHunter and TrophyFriend are online on
//     PS5 playing their latest PS5 game, the others a deterministic mix of online, app and offline.
//     Every account has its own avatar (sizes s, m, l, xl) and a played-games list joined to its
//     trophy titles (PS5 version's PPSA titleId first, else the PS4 version's CUSA one).
//   - RetiredProfile2 makes the legacy profile2 host answer every lookup with that status (an HTML
//     page), as when Sony retires it.
package psntest
