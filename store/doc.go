// Package store is psn-client's data layer: XDG paths, config, credentials, the request log and an
// on-disk cache in front of psnapi, with a policy that spends as few requests as possible (Sony allows
// about 300 per 15 minutes). The ui and cli packages use only this package (plus psnapi's types).
// store imports psnapi, never ui.
//
// # Files
//
// Paths come from github.com/adrg/xdg (DefaultPaths) or are given to Open (tests use t.TempDir()):
//
//	$XDG_CONFIG_HOME/psn-client/config.json       Config: player, language, compareUser, theme, reveal.
//	                                              Missing file = defaults; unknown keys are kept and
//	                                              written back by SaveConfig, which merges its changes into
//	                                              the file as it is on disk (a symlink is written through).
//	                                              A file that cannot be read or is invalid = defaults + a
//	                                              note, and it is never overwritten (SaveConfig refuses).
//	$XDG_STATE_HOME/psn-client/credentials.json   access/refresh tokens with expiry, the logged-in online ID
//	                                              and account ID; mode 0600 in a 0700 directory; rewritten
//	                                              atomically on every login and refresh (Credentials is the
//	                                              psnapi.TokenStore); Logout removes it. Written nowhere else.
//	$XDG_STATE_HOME/psn-client/requests.log       "s <unix ns>" per request sent, "n <unix ns>" per 429
//	                                              next-available, by every psn-client process: the request
//	                                              budget they share live (the psnapi.Ledger of APIOptions).
//	                                              Every grant decision runs under an flock on
//	                                              requests.log.lock after reading the lines the others
//	                                              appended since its last look, and appends its own.
//	                                              Compacted (atomically) when more than half of it is older
//	                                              than the longest window any budget needs (at least 15
//	                                              minutes). Only a regular file is used (anything else in its
//	                                              place is replaced, with a note) and at most its last 4 MB read.
//	$XDG_STATE_HOME/psn-client/interactive.lock   held (a shared flock) by every interactive process for its
//	                                              whole life: while anyone holds it, background work in every
//	                                              process keeps the interactive reserve.
//	$XDG_CACHE_HOME/psn-client/v1/...             the cache (layout below). SAFE TO DELETE AT ANY TIME: it
//	                                              only costs requests to fill again.
//
// Cache layout (each file a gob payload in a checked container: magic "PSNC", format version, kind,
// CRC-32), chosen for load speed (a 20,000-title list in ~23 ms, a 500-trophy title in ~1.5 ms):
//
//	v1/users.bin                               online ID → account ID lookups (ResolveUser)
//	v1/defs/<lang>/<npCommunicationId>.bin     trophy groups + trophies of one set version: shared by
//	                                           every account, one file per title and language
//	v1/accounts/<accountId>/titles-<lang>.bin  the title list (names are localised)
//	v1/accounts/<accountId>/summary.bin        trophy summary
//	v1/accounts/<accountId>/earned/<id>.bin    earned status of one title; not localised, so shared by
//	                                           languages (a language change refetches only list + definitions)
//	v1/accounts/<accountId>/index-<lang>.bin   Sync's index: for each title, the title-list values its files
//	                                           were current for and their time and size, so an unchanged
//	                                           title costs two stats instead of two decodes (only a hint:
//	                                           any mismatch falls back to reading the files)
//	v1/accounts/<accountId>/trophies-<lang>/   the trophy index of the account (see "The trophy index"):
//	                                           derived from the files above, rebuilt from them at will
//	v1/help/hints/<npCommunicationId>.bin      Game Help availability (kept HelpMaxAge, default 7 days)
//	v1/help/tips/<lang>/<npCommId>/<key>.bin   Game Help tips WITHOUT video mediaUrl (short-lived tokens)
//	v1/claims/d+<lang>+<npCommId>               claim on a title's definitions while one is fetching them
//	v1/claims/e+<accountId>+<npCommId>          claim on an account's earned status of a title (both: an
//	                                           flock held while fetching and writing, the file removed
//	                                           before the unlock; see claims.go)
//	v1/claims/t+<accountId>+<lang>              claim on updating an account's trophy index
//	v1/accounts/<accountId>/friends.bin        the account's friends list (account IDs)
//	v1/accounts/<accountId>/profile.bin        the account's online ID and avatar, kept for good
//	v1/accounts/<accountId>/board/<id>.bin     a leaderboard answer other than an earned status: never
//	                                           played (404); board/+private.bin: trophies hidden (403)
//	v1/accounts/<accountId>/played.bin         the played-games list (play time)
//	v1/titleids.bin                            titleId → npCommunicationId, every answer kept for good
//	v1/images/<xx>/<sha256 of the URL>.bin     a picture as downloaded (capped, least recently used out)
//	v1/claims/{p,g,i}+…, v1/claims/m+titleids   claims on a profile, a played list, a picture, the mapping
//	$XDG_STATE_HOME/psn-client/played/<id>.bin the hours per month placed so far: observations Sony cannot
//	                                           give again, so NOT in the cache (mode 0600)
//
// "me" is stored under the numeric account ID once it is known (from credentials.json, or learned
// from RefreshSummary("me") or SetLoggedInAccount; data cached under "me" before that moves), so
// syncing yourself and looking yourself up by ID share one cache.
//
// Every file is read through readFileSafe: regular files only (a FIFO, device or directory is
// refused without blocking), at most a cap per kind (1 MB for config and credentials, 256 MB for a
// cache record). Every write is atomic (temp file in the same directory, fsync, rename, fsync of the directory): a
// killed writer leaves at most a stray ".<name>.tmp-*" file (the next Sync removes those older than
// an hour), never a torn file. A file that is
// corrupt, truncated, of another format version or of the wrong kind is removed and reported through
// Notes(), and the data is fetched again; nothing panics. A failed write is a *CacheWriteError. Several
// Libraries, in one process or several, may share the directories, and share the work: a part of a
// title (its definitions, or an account's earned status of it) is fetched under a claim, a per-part
// flock under v1/claims that the kernel drops when its holder dies; a fill skips a claimed title and
// revisits it when the rest is done, an interactive fetch waits for the holder's answer. Within one
// process concurrent callers wanting the same part also wait for one fetch (once).
//
// # Cache policy
//
//   - Definitions (title trophies "all", plus title trophy groups only when hasTrophyGroups) are kept
//     for (npCommunicationId, trophySetVersion, language) until the title list shows another
//     trophySetVersion or other definedTrophies counts (sets grow without a version change).
//   - An account's earned status for a title is kept while the title's lastUpdatedDateTime (and set)
//     in the freshest title list is unchanged. Group progress is derived from earned status and
//     definitions (Sony's formula: points, platinum left out); EarnedTrophyGroups is never called.
//   - Definitions of a title with DLC groups may be cached before its group names (GroupsPending: a
//     fill fetches every title's trophies and earned status first, group names last). They are
//     usable at once: merge() makes the groups from the trophies' group IDs, the base game named
//     after the title and the others by their ID (Group.NamePending), never mixed into the base game.
//     Such a title is Stale until its names arrive; TitleTrophies fetches them with the rest.
//   - Title list and summary: CachedTitles/CachedSummary answer from disk at once (FetchedAt says how
//     old); RefreshTitles/RefreshSummary fetch, write and return the fresh data. The title list is
//     newest first (lastUpdatedDateTime), so RefreshTitles fetches pages only until one ends with a
//     title the cache holds unchanged, and merges them with the cached rest; it fetches every page
//     when no list is cached, when the last full list is older than FullListEvery (24 h), or when
//     the merge is not provably right (its count differs from totalItemCount, a cached title would
//     sort before the unchanged one, more than 3 pages changed). RefreshAllTitles always fetches
//     every page. An unchanged 20,000-title list costs 1 request instead of 25.
//   - The cache rule (Policy, for every command and the TUI): the title list and summary are fresh
//     for FreshFor (5 minutes); a title's trophies while the title list shows the title unchanged.
//     Auto answers fresh data from the cache, refreshes stale data and, when something is cached,
//     never waits for the budget (psnapi.WithFailFast): the cache comes back with Offline and Err
//     (BudgetFreeIn(Err) says when the budget frees). Refresh always fetches (waiting); Offline never
//     sends (ErrNotCached when the cache lacks it).
//   - An account's earned status that is not cached is unknown, not unearned: TitleTrophies.EarnedKnown
//     is false and every Status zero; NextN and export skip such titles.
//   - When the API cannot be reached (network error, 5xx after retries, 429, no client) a refresh
//     returns the cached data with Offline set and Err saying why; with nothing cached, the typed
//     psnapi error.
//
// # Requests
//
// Sync(ctx, account, progress) sends, for n titles of which g have groups:
//
//	cold                         ceil(n/800) + 2n + g
//	nothing changed              1 (the first title-list page; ceil(n/800) once a day)
//	k titles gained trophies     1 + k (while the k moved titles fit one page of 800)
//	a friend after yourself      ceil(n'/800) + n' + definitions (and groups) of titles you lack
//	a set version / definedTrophies change: + definitions (+ groups) + earned status of that title
//
// Sync is a fill (StartFill) run to completion: the browser runs the same code in the background,
// with Pause/Resume and Prioritize; a title the user opens (TitleTrophies) is fetched at once at
// interactive priority, ahead of the fill's requests, which then find it current. Titles go in title-list order (most recently played first), each title's trophies and
// earned status first, every title's DLC group names after; two fills on one cache (a browser and a
// CLI sync, in any processes) fetch no title twice (claims). Before its first request a fill checks
// that the cache can be written, and it stops at the first failed write (*CacheWriteError): requests
// whose answers cannot be kept are not sent.
//
// Sync requests carry psnapi.WithPriority(ctx, psnapi.Background): the client paces them evenly to
// the budget it shares with every other psn-client process through requests.log (APIOptions) and,
// while an interactive process runs, keeps the reserve for interactive requests, which jump the queue.
// "Requests" in SyncProgress and SyncResult count what was sent (psnapi.WithSentCounter), retries
// included. Eight titles are worked on at a time with at most four requests in
// flight (the client also caps requests in flight at 4). Each title is written as it completes, each part as soon as it arrives; cancelling
// keeps what finished and the next Sync fetches only the rest. A 429 makes the client hold every
// request until next-available; the title is retried then, without refetching parts that succeeded.
// No request is sent twice in one run: concurrent callers wanting the same definitions wait for one
// fetch. Progress reports requests left and an ETA from the budget (requests left / rate, plus the
// current wait), and the current rate-limit wait; the last report's counts are the SyncResult's.
//
// # API
//
//	type Paths struct{ Config, State, Cache string }; func DefaultPaths() Paths
//	type Options struct{ API API; Language string; RateWindow time.Duration; Reserve float64;
//	    Background bool; Now func() time.Time; HelpMaxAge, UserMaxAge time.Duration; ImageCacheSize int64 }
//	type API interface{ … }  // the *psnapi.Client methods used; a *psnapi.Client is the value (an API
//	                         // that also has TrophyTitles(ctx, account, limit, offset) gets the
//	                         // incremental title list; without it every refresh fetches every page)
//	func Open(p Paths, o Options) (*Library, error)
//	func (l *Library) SetAPI(API); APIOptions(psnapi.Options) psnapi.Options  // wiring, see APIOptions
//	func (l *Library) Paths() Paths; Language() string; Notes() []string
//	func (l *Library) Config() Config; ReloadConfig() Config; SaveConfig(Config) error
//	func (l *Library) Credentials() psnapi.TokenStore; LoggedIn() (Account, bool)
//	func (l *Library) SetLoggedInAccount(Account) error; Logout() error
//	func (l *Library) RateHistory() psnapi.RateHistory; RecordSent(time.Time); RecordRateLimited(time.Time)
//	func (l *Library) Ledger() psnapi.Ledger                // requests.log, shared live (APIOptions sets it)
//	func (l *Library) SetInteractive(on bool); Close() error // see "The shared budget" below
//	func (l *Library) ResolveUser(ctx, nameOrID string) (Account, error)
//	func (l *Library) CachedTitles(account) (TitleList, bool, error); RefreshTitles(ctx, account) (TitleList, error)
//	func (l *Library) CachedSummary(account) (Summary, bool, error); RefreshSummary(ctx, account) (Summary, error)
//	func (l *Library) CachedTitleTrophies(account, title) (TitleTrophies, bool, error)
//	func (l *Library) TitleTrophies(ctx, account, title) (TitleTrophies, error)
//	func (l *Library) HintAvailability(ctx, title) (psnapi.HintAvailability, error)
//	func (l *Library) Tips(ctx, npCommID, psnapi.TipRequest) (psnapi.Tips, error)
//	func (l *Library) FreshMediaURL(ctx, npCommID, psnapi.TipRequest, tipID string) (string, error)
//	func (l *Library) RefreshAllTitles(ctx, account) (TitleList, error)  // every page (the browser's r)
//	type Policy int (Auto, Refresh, Offline); const FreshFor; var ErrNotCached
//	func (l *Library) Titles(ctx, account, Policy) (TitleList, error); Summary(ctx, account, Policy) (Summary, error)
//	func (l *Library) Trophies(ctx, account, title, Policy) (TitleTrophies, error)
//	func BudgetFreeIn(err error, now time.Time) (time.Duration, bool)  // "request budget free in 1m50s"
//	func (l *Library) Sync(ctx, account, func(SyncProgress)) (SyncResult, error)
//	func (l *Library) StartFill(ctx, account, FillOptions{Progress, FullList, Paused}) *Fill
//	func (f *Fill) Updates() <-chan SyncProgress; Progress() SyncProgress; Done() <-chan struct{}
//	func (f *Fill) Wait() (SyncResult, error); Stop() (SyncResult, error)
//	func (f *Fill) Pause(); Resume(); Paused() bool; Prioritize(npCommID string)
//	func (l *Library) Plan(ctx, account) (SyncPlan, error)     // sync --plan: only the title list is fetched
//	func (l *Library) Coverage(account) (Coverage, error)      // "from 14 of 300 titles", no request
//	func (l *Library) CheckNew(ctx, account) ([]NewTrophy, error)  // watch: one small list page when nothing moved
//	func (c Config) AutoSync() bool                            // config autoSync (default true)
//	func (l *Library) Next(account) ([]HuntItem, error); NextN(account, limit int) ([]HuntItem, error)
//	func (l *Library) CachedAccountTrophies(account, func(TitleTrophies) error) error  // export, one title at a time
//	… and the trophy index's: ParseQuery, Search, SearchEach, Hunt, Recent, Platinums, Stats (below)
//	… and friends, leaderboard, now playing, play time and pictures (below)
//
// # The trophy index (search, recent, platinums, stats, next to hunt)
//
// Everything computed across a whole library reads one index per account and language instead of a
// file per title (tix.go and tix_records.go have the formats): a 32-byte record per trophy scanned in
// place, each trophy's name and description folded once by textfold (the browser's filter rule, so
// a search is a byte scan), the earned trophies sorted by date and the unearned ones in next-to-hunt
// order, and per title one block read only for the rows a caller asks for. Nothing holds all the
// trophies in memory, and no Go string is made for a trophy that is not returned.
//
// It is derived data, SAFE TO DELETE: a missing, damaged or outdated index is rebuilt from the
// per-title records (a note says so when it was damaged; time, never a request). The cache writers
// (definitions, earned status, Game Help availability) leave a marker in every index a write
// concerns, before and after the write; a read that finds markers, or a title list other than the
// one the index was made from, updates the index first: the marked and new titles are read again
// into a small new segment, renamed or reordered titles cost no read at all. One updater at a time,
// in any process (a claim); index files are immutable once written and the manifest is replaced
// atomically, so a fill writes titles while views read, and a reader whose files an update replaced
// reads the new manifest. Segments are merged when they pile up or hold more dead records than live.
//
// Titles whose earned status is not cached are not in the index (unknown, not unearned). Every
// result carries the account's Coverage, computed from the index (no stat per title): say "from 14
// of 300 titles" when it is Partial.
//
// For the views (all zero requests; call them in a tea.Cmd: a read that finds the cache changed
// updates the index first, about 0.5 ms per changed title, seconds for a first build):
//
//	func ParseQuery(s string) (Query, error)     // the query language: see Query; a *QueryError names the
//	                                             // bad term (Term) and what is wrong (Msg)
//	func (q Query) Empty() bool; HasWords() bool
//	func (l *Library) Search(account, Query, SearchOptions{Limit, Reveal, Title}) (SearchResult, error)
//	                                             // Items (HuntItem: Title + Trophy, enough to open the trophy
//	                                             // in its title) in title-list order; Total; Coverage
//	func (l *Library) SearchEach(account, Query, SearchOptions, func([]HuntItem) error) (SearchResult, error)
//	func (l *Library) Hunt(account, HuntOptions{Query, Title, Limit, Reveal}) (HuntResult, error)
//	                                             // next to hunt: unearned, easiest first (a started PS5
//	                                             // progress trophy by its share done when higher); NextN is
//	                                             // Hunt{Limit: n}
//	func (l *Library) Recent(account, offset, limit int) (RecentResult, error)
//	                                             // earned, newest first: RecentItem{HuntItem, Number,
//	                                             // Milestone, Platinum}; Total; group by EarnedDateTime's
//	                                             // local day
//	func IsMilestone(n int) bool                 // the 1st, the 100th, every 1,000th trophy
//	func (l *Library) Platinums(account, PlatinumOrder, limit int) (PlatinumsResult, error)
//	                                             // Platinum{HuntItem, Number, EarnedAt, FirstTrophyAt,
//	                                             // TimeTaken} in that order, the first limit (0: all); Total
//	func SortPlatinums([]Platinum, PlatinumOrder) // PlatinumsByDate (newest first), PlatinumsByRarity
//	                                             // (rarest first), PlatinumsByTimeTaken (fastest first)
//	func (l *Library) Stats(account) (Stats, error)
//	                                             // Titles; Earned, Unearned (per grade); Points; First,
//	                                             // Last, Undated; PerMonth (every month, MonthCount);
//	                                             // LastYear (365 DayCount ending today, local time);
//	                                             // ByRarity, RarityUnknown; Completion (11 buckets),
//	                                             // AverageCompletion; Rarest (10 HuntItems)
//
// The sorts lists need without the index: "easiest first" is a title's trophies by
// Status.EarnedRate(); "fewest left to 100%" is DefinedTrophies.Total() − EarnedTrophies.Total() of
// the title list's entries.
//
// # Friends, a title's leaderboard, now playing, play time and pictures
//
// Each costs requests (pictures excepted) and says what before spending: call the Cost functions
// (no request, no wait) and ask the user above CostAskAbove. Every fetching call takes ctx's
// priority: give it psnapi.WithPriority(ctx, psnapi.Background) for work nobody looks at, leave it
// interactive when a view or a command waits. Run them in a tea.Cmd. Results that arrive one by one
// take a callback (called from one goroutine at a time); Streamed wraps any of them so a command can
// return one result per message:
//
//	st := store.Streamed(ctx, func(ctx context.Context, emit func(store.Friend)) error {
//		_, err := lib.NameFriends(ctx, list.Friends, emit)
//		return err
//	})
//	next := func() tea.Msg { f, ok := st.Next(); if !ok { return namesDoneMsg{st.Err()} }; return friendMsg{f} }
//
// (st.Stop() when the view goes away.) The API:
//
//	const CostAskAbove = 5                      // ask before spending more than this
//	func Streamed[T](ctx, func(ctx, emit func(T)) error) *Stream[T]; Next() (T, bool); Err(); Stop()
//
//	Friends (friends.go): the list is Sony's friends endpoint (1 request per 1,000, FriendsFreshFor = 5 min
//	under Policy); each name is a profile, one request, once, kept for good.
//	func (l *Library) CachedFriends(account) (FriendList, bool, error)   // no request; names from the cache
//	func (l *Library) Friends(ctx, account, Policy) (FriendList, error)  // Friends []Friend in Sony's order,
//	                                             // Unnamed (= NameFriends' cost), FetchedAt, Offline, Err;
//	                                             // ErrFriendsPrivate for another account's hidden list
//	func (l *Library) NameFriends(ctx, []Friend, emit func(Friend)) (sent int, error)  // the unnamed ones,
//	                                             // 4 at a time, each emitted as it arrives
//	func (l *Library) CachedFriend(accountID) (Friend, bool); RefreshFriend(ctx, accountID) (Friend, error)
//	type Friend{AccountID, OnlineID, AvatarURL, IsPlus, NamedAt, NoProfile}; Named(); Name()
//	ResolveUser and CachedUser resolve a cached friend's name without a request (within UserMaxAge; a
//	lookup that shows a friend renamed updates the name; a name PSN no longer knows asks the friend's
//	profile again and answers with the friend).
//
//	Leaderboard (leaderboard.go): one earned-status request per account not cached (it carries progress,
//	per-grade counts and the platinum date; cached as that account's earned status, so comparing the title
//	later costs nothing); "never played" and "private" answers cached a week (BoardMaxAge).
//	func (l *Library) LeaderboardCost(account, title) (LeaderboardCost, error)  // needs the friends list
//	                                             // cached (else ErrNotCached): Friends, Cached, Requests,
//	                                             // Names; Total(), Ask(), String() "12 friends · 12 requests"
//	func (l *Library) LeaderboardCostRefresh(account, title) (LeaderboardCost, error)  // for Policy Refresh
//	func (l *Library) Leaderboard(ctx, account, title, Policy, emit func(LeaderboardRow)) (Leaderboard, error)
//	                                             // cached rows first, then each as it arrives; Offline: cached
//	                                             // only; Refresh: everyone again. Rows sorted at the end
//	                                             // (SortLeaderboard sorts rows kept as they came)
//	type LeaderboardRow{Friend, Me, Private, Progress, Earned, Defined, PlatinumAt, LastEarned, FetchedAt, Cached}
//	type Leaderboard{Title, Rows, Friends, NotPlayed, Requests, Offline, Err}
//
//	Now playing (nowplaying.go): basicPresences, 50 accounts a request, kept in memory PresenceFreshFor (60 s);
//	the game's titleId mapped to its trophy title (one request per new game, once).
//	func (l *Library) PresenceCost(accounts...) int; CachedPresence(accounts...) map[string]NowPlaying
//	func (l *Library) Presence(ctx, accounts...) (PresenceResult, error)  // ByAccount by numeric ID ("me"
//	                                             // included once its ID is known), Requests, Offline, Err
//	type NowPlaying{psnapi.Presence, NPCommunicationID, FetchedAt}; Online(); Playing()
//	watch does not use presence: one small title-list page tells which title moved and whether it did;
//	presence costs as much and says only what is played, not whether a trophy came.
//
//	Play time (playtime.go, playmonths.go, titleids.go): the played-games list (PS4/PS5 games, 200 a request)
//	under the cache rule (PlayedFreshFor = 5 min; incremental like the title list, every page once a day),
//	joined to trophy titles through the titleId mapping (5 ids a request, every answer kept for good).
//	func (l *Library) CachedPlayTime(account) (PlayTimes, bool, error)   // no request
//	func (l *Library) PlayTime(ctx, account, Policy) (PlayTimes, error)  // ByTitle[npCommID] PlayTime{Duration,
//	                                             // Count, First, Last, TitleIDs}; Of(id); Games, Unmapped,
//	                                             // NoTrophies, FetchedAt, Offline, Err. PS3/Vita/PC: none.
//	                                             // Auto maps at most AutoMapMax new games a call
//	func (l *Library) PlayTimeCost(account) PlayTimeCost                 // Cached, Fresh, Games, ListRequests,
//	                                             // Unmapped, MapRequests; Requests(). SyncPlan.PlayTime too
//	func (l *Library) SyncPlayTime(ctx, account) (PlayTimes, sent int, error)  // sync's last step
//	func (l *Library) TrophyTitleOf(titleID) (string, bool); func MapRequests(n int) int
//	func (l *Library) PlayMonths(account) (PlayMonths, bool)             // Months []MonthPlay{Month, Played},
//	                                             // Placed, Unplaced, Since, Total(): hours are placed in a
//	                                             // month only where the data tells (see playmonths.go)
//
//	Pictures (images.go, pictures.go): outside the request budget; each URL downloaded once (claims across
//	processes), kept on disk (Options.ImageCacheSize, default 64 MB), 2 at a time, 10 a second.
//	func (l *Library) Picture(ctx, url, cols, rows int) (*image.RGBA, error)  // decoded and scaled (Catmull-Rom)
//	                                             // to fit cols × 2·rows pixels (a half block per 2 pixels),
//	                                             // aspect kept, alpha kept; shared: do not modify
//	func (l *Library) CachedPicture(url, cols, rows) (*image.RGBA, bool)  // memory only: no disk, no network
//	func (l *Library) ImageData(ctx, url) (psnapi.Image, error); CachedImage(url) (psnapi.Image, bool)
//	func DecodePicture([]byte) (image.Image, error); FitPicture(image.Image, cols, rows) *image.RGBA
//	func (c Config) Pictures() bool; Config.Kitty  // config pictures (default on) and kitty (opt-in)
//
// # The shared budget
//
// Every Library wired to a client (APIOptions) shares one request budget with every other psn-client
// process on the same state directory: requests.log is the psnapi.Ledger, so no process sends while
// another one's 429 pause lasts and the window counts everyone's sends. A process is interactive (the
// browser, a data command a person waits on) or background-only (sync, watch): declare the latter with
// Options.Background or SetInteractive(false); APIOptions otherwise announces the process as
// interactive by a shared flock on interactive.lock, held until SetInteractive(false), Close or the
// process's end (the kernel drops it on a crash). While any interactive process runs, background work
// everywhere keeps the reserve; while none runs, a sync may use the whole budget. Waits for a lock
// another process holds give up after a few seconds with ErrBudgetLocked naming the file (refreshes
// then answer from the cache, as offline); a cancelled context ends them at once.
//
// An account is "me" (or "") or a numeric account ID. Trophies are loaded per title, lazily: only the
// title lists of the last two accounts read (about 20 MB of heap for 20,000 titles; shared by callers:
// do not modify them) stay in memory, so a 20,000-title / 1,000,000-trophy account browses in about
// 50 MB RSS (measured with PSN_STORE_BIG=1 go test -run TestLargeAccountMemory ./store). The export
// walk reads every title file (about 9 s for 20,000 titles / 1,000,000 trophies); next to hunt,
// search, recent and stats read the trophy index instead (milliseconds, see README's Performance).
//
// Figures (go test -bench . -benchmem ./store, 2-core Xeon): the cached 20,000-title list loads in
// ~23 ms, a cached 500-trophy title in ~1.5 ms, an unchanged 5,000-title sync checks in ~80 ms, and a
// cold sync with 50 ms of latency runs at ~93% of latency × requests / 4.
package store
