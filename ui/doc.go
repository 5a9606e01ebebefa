// Package ui is psn-client's terminal interface: a Bubble Tea program with a stack of views (titles →
// groups → trophies → trophy detail), a help line built from the key bindings and a one-line status
// bar. It reads data only through the store (type Library, implemented by *store.Library), and only
// inside tea.Cmds: Update and View never touch disk or network.
//
// # Entry points for main
//
// main detects the terminal before the program starts (the background query cannot run once Bubble
// Tea owns stdin), then hands everything over in Options:
//
//	r := lipgloss.NewRenderer(os.Stdout)          // honours NO_COLOR (profile Ascii)
//	dark := r.ColorProfile() != termenv.Ascii && r.HasDarkBackground()
//	err := ui.Run(ui.Options{
//		Lib:         lib,                       // *store.Library, API already set
//		Account:     "me",                      // or a numeric account id (--user)
//		AccountName: onlineID,                  // shown in the header and status bar
//		Display:     ui.Display{Renderer: r, Profile: r.ColorProfile(), Dark: dark, Theme: lib.Config().Theme},
//		Rate:        client.Rate,               // psnapi.Client: the status bar's rate window
//		Subscribe:   client.Subscribe,          // optional: live rate window and 429 countdown
//		NeedLogin:   !loggedIn,                 // no credentials: a screen explains login / --demo
//		Compare:     compareFlag,               // --compare NAME: start in compare mode (looked up in a command)
//		User:        userFlag,                  // --user NAME not resolvable without a request (store.CachedUser)
//		Fill:        loggedIn && cfg.AutoSync(), // the background fill
//		Watch:       loggedIn,                  // the check for new trophies
//		Context:     ctx,
//	})
//
// Run starts the program in the alternate screen with mouse wheel support and returns when the user
// quits (Close then stops the fill and waits for it); extra tea.ProgramOptions may be passed after
// the options. Run renders to stdout through a locked writer (announce.go's termOutput), so the bell
// and OSC 9 notifications written from commands never land inside a frame. New builds the root model
// without running it (tests, or a caller with its own tea.Program). Options.Titles lets main show a
// title list it already read from the cache; by default Init's first command reads it (disk only),
// and the background refresh starts only once that answer is in, so no request precedes the first
// frame. Display.Glamour is the glamour style for Game Help ("notty" is used under the Ascii
// profile whatever it says); Display.Player is the video player's argv (the URL is appended; the
// player starts detached, without the terminal).
//
// # Design
//
// Views: titles (titles.go; its rows in titlerows.go, compare mode in titles_compare.go), groups
// (groups.go), trophies (trophies.go, trophies_compare.go), trophy detail (detail.go: ←/→ or p/n
// step through the list it was opened from, and the list below follows), next to hunt (hunt.go,
// cache only; enter pushes the trophy's title at the group holding it with the cursor on the
// trophy, esc comes back to the list where it was), Game Help (gamehelp.go: availability and tips
// through the store, Markdown rendered by glamour inside a command and again on resize, video tips
// opened with a fresh URL; nothing is asked for a PS3/PS4/Vita trophy or a hidden one) and the
// not-logged-in screen (login.go).
//
// # The budget, visibly (issue 11)
//
// Waits (budget.go): the status bar keeps the client's RateSnapshot (pushed by Subscribe, and
// carried by every result). A one-second tick runs while anything is in the window, a request waits
// or a countdown runs (statusBar.needsTick); without a subscription it reads Rate in a command, never
// in Update or View. At the end of every Update, renderChrome turns the snapshot into Common.wait
// (and waitShort): what holds the user's requests (WaitingInteractive, WaitUntil, WaitReason), worded
// "waiting 1m50s for the request budget (300/15m)" or "PSN asked to wait (429) · 24s". Every loading
// line shows it at once (Common.loading(what, width): the wait in full, in short, or alone, whichever
// fits); footers of views with data on screen say "loading · …" or "refreshing · …"; the compare
// lookup's status segment carries it. Background-only waits are not the user's: the fill's segment
// has its own ETA.
//
// The cache rule: views ask store.Titles, Summary and Trophies with store.Auto (fresh data is not
// fetched; with data cached nothing waits); r asks with store.Refresh. Data served because the
// budget is spent (Offline with a *psnapi.RateLimitedError) sets the status bar's "cached 12m ago ·
// refresh in 1m50s"; when that time comes, budgetFreedMsg makes each view refresh what it served
// that way (titlesView.listBudget/sumBudget, titleLoader.budget).
//
// --user (lookup.go): when main cannot resolve the name without a request, the stack starts with a
// titles view in its lookup state ("looking up NAME…", only ? and q work); userResolvedMsg builds the
// real titles view (then --compare runs) or shows why there is none.
//
// The fill (fill.go): once the account's title list and summary are on screen, startBackground
// calls Library.StartFill from Update (it only starts a goroutine, so Close can always stop it) and
// re-arms waitForFill on Updates; its first report with a plan means its title list is cached, so
// the titles view reads it (Common.fill.ownsList: the titles view does not refresh a cached list
// itself while a fill runs). An opened title needs no call to the fill (the store fetches it at
// interactive priority, ahead of the fill); P pauses and resumes (the app's key,
// added to every full help by helpKeys while a fill runs). Reports that complete titles broadcast
// cacheGrewMsg: next to hunt reloads, at most every max(5 s, 4 × its last load). Views computed from
// the cache say what they cover with Common.coverage(store.Coverage) — "from 14 of 300 titles ·
// filling, ETA 25m" — a new such view should too.
//
// New trophies (watch.go): after the same start, a check (store.CheckNew, background priority) is
// armed every store.WatchInterval of the latest snapshot; new trophies go to the status bar (10 s),
// the titles view re-reads its list from the cache, views of a moved title re-read it
// (titlesMovedMsg), next to hunt reloads, and announce (announce.go) rings the bell and notifies
// (notify-send detached, "--" before the text; else OSC 9) when config bell / notify say so.
//
// # Lists
//
// Every list view is a view around one list (list.go): the list owns the cursor and scrolling (only
// visible rows are rendered; unselected rows are kept rendered between keystrokes), the / filter
// (an input, backspace memory, a predicate the view builds), s and S over the view's sort orders,
// the column layout (table.go: columns drop by priority when narrow; pair keeps both accounts'
// columns together, last drops the Help column first, span puts one title over two columns), the
// column header and the footer ("300 titles · sorted by last played ↓ · show: all", or the filter
// input with "12 of 300"). The view keeps its data and its own keys. Its Update calls
// list.Update first; whatever the list did not take is the view's (onKey). Rows are indices: the
// view supplies them through listRows. Filtering uses one matching rule, fold.go (case, accents,
// ’ vs ', ™ ® and punctuation ignored), exported as Fold for the command line; keys are folded
// on arrival, inside the loading command.
//
// Adding a list view (search results, recent trophies, platinums…):
//
//  1. A type with c *Common, w, h and list *list, and its rows (cleaned, measured and folded in the
//     command that loads them, never in Update).
//  2. listRows: len; sorted(by) returns the row indices in sort order by (nil: as they are; asked
//     once per order after setRows, so sorting happens only when the order is first shown); filter(q)
//     returns one predicate for the view's filters and the folded query (a query language parses q
//     here, once per keystroke, and implements narrows); row(i, selected) renders the cells with
//     v.list.widths (list.joinCells joins them; paints, not lipgloss, for speed; plain text when
//     selected); empty and footer word the empty list and the footer (list.count, list.sorting).
//  3. In the constructor: v.list = newList(c, v, "platinum", "platinums", "filter by title",
//     "date", "rarity", "time taken"): the names are the sorts s cycles through (S reverses, and
//     the footer's arrow says so). New data: v.list.setRows(isSel) (isSel keeps the cursor on a row
//     by identity), then the layout; a changed filter of the view: v.list.refilter().
//  4. SetSize: v.list.SetSize(w, h-1) (minus the heading lines), then v.list.setColumns(cols,
//     minFlex). View: return v.list.View(heading).
//  5. Update: results by request id; keys and mouse: if cmd, ok := v.list.Update(msg); ok, else
//     onKey. typing() and back() are the list's. ShortHelp returns v.list.ShortHelp() while typing;
//     FullHelp starts with v.list.moveHelp() and includes v.list.listHelp().
//  6. Push it with a message the app handles (openHuntMsg is the model), add a screen to the size
//     sweep (sweep_test.go) and a golden.
//
// A new sort order of an existing list is one more name in its newList call and one case in its
// sorted method.
//
// Game Help markers (helpmarks.go): when a trophies view opens a PS5 or PC title (PS3/PS4/Vita-only
// sets have no Game Help and cost nothing), one command asks store.HintAvailability (cached by the
// store for days) unless this session knows the title already or is asking; the answer is kept in
// Common whatever view is on top (a failure is forgotten, so the next opening asks again). Titles
// with help get a "Help" column: "?" on the trophies that have help (hidden ones too: it reveals
// nothing), "▶" once the trophy's tips were read in this session and hold a video (known without
// another request; the tips the store cached in an earlier session are not read for this). The
// column is the first to go when the width is tight and does not come back into cells a wider
// column left. The trophy detail says "Game Help available: t".
//
// Every fetch is a command returning a typed message with a request id (msgs.go, cmds.go); views
// keep the id of their latest question and drop older answers. Results reach every view of the
// stack (a title list refresh lands while a trophy detail is on top); keys go to the top view, then
// to the app (q, ?, esc, c). Common carries styles, keys, the store, the clock (Now, fixed in
// tests), the compared account and the request registry behind the status bar's spinner. A new
// view implements the view interface in app.go and is pushed by a message, like openTitleMsg.
//
// # Compare mode
//
// c opens the friends list (friends.go) whose input is the compare prompt (bubbles/textinput,
// prefilled with config compareUser, then the last name used, selected: typing replaces it); while
// it has focus every letter binding is disabled, so letters reach the input, which also filters the
// friends; esc closes it. enter, on a friend or on the first row (what was typed, as an online ID
// or account ID), looks the account up in a command (Library.ResolveUser,
// then the account's title list through RefreshTitles under its own account id: a private account
// resolves but its list answers 403, so it is caught here) and saves it as compareUser
// (SaveConfig, in the same command). An unknown name ("no PSN user named X"), a private account
// ("X's trophies are private") or any other failure is one warning in the status bar; the view stays
// as it was. --compare NAME (Options.Compare) runs the same lookup from Init.
//
// Compare mode is state, not a second view tree: Common.Compare (*Account{ID, Name}) is set, and
// every view of the stack gets the lookup's answer (compareResolvedMsg) or compareEndedMsg (c again)
// and re-lays itself out. The status bar and the title heading say "FakeHunter vs TrophyFriend".
//
//   - Titles: the union of both lists by npCommunicationId (compare.go buildCompareRows, in the
//     lookup's command, rows copied not cleaned again, every sort order precomputed), with both
//     progress bars, both accounts' earned counts per grade and Δ (+45 you, −25 them, "them" for a
//     title only they have); "–  not played" for the side that lacks a title. tab cycles all → both
//     played → only mine → only theirs; s gains "difference" (where they lead most first), the
//     default when compare mode starts; the previous sort comes back when it ends. A refresh of
//     either list rebuilds the union in a command.
//   - Groups and trophies: each title view keeps a versus (the other account's titleLoader, with
//     its account id: store.TitleTrophies(ctx, friendID, theirTitle), definitions shared through the
//     cache). Groups show both progress bars and counts; trophies show both marks and earned dates,
//     and tab cycles all → they have, you don't → you have, they don't. The trophy detail adds the
//     other account's line. A title only they have opens from their definitions, with nothing
//     earned on the user's side (hidden trophies stay hidden); no request is made for the user's
//     earned status of it. When compare mode starts inside a title, the views of that title send
//     one request between them.
//
// The title list is virtualised: rows are cleaned (trim, collapse whitespace, drop controls and
// escape sequences), measured and folded for search inside the loading command; every sort order is
// computed there too; filtering scans compact key arrays and keeps the matches of shorter queries for
// backspace; only visible rows are rendered, with precomputed escape prefixes instead of lipgloss
// per cell. Widths are terminal cells (charmbracelet/x/ansi); every view holds from 40×10 up
// (TestSizeSweep) and the status bar is built to a width budget.
//
// An earned status not known yet (trophy definitions are cached for every account, an account's
// earned record separately: store.TitleTrophies.EarnedKnown) shows as loading (…), never as
// zero.
//
// # Keys (for README.md)
//
//	↑/↓, k/j, ctrl+p/ctrl+n   move            enter, →, l   open
//	pgup/pgdn, ctrl+b/ctrl+f  page            esc, ←, h, backspace   back (or clear the filter)
//	g/home, G/end             first / last    mouse wheel   scroll
//	                                          (enter in next to hunt: the trophy in its title)
//	/                         filter as you type in every list (titles and groups by name,
//	                          trophies by name and description, next to hunt by trophy or
//	                          title; case, accents, ’ vs ', ™ ® and punctuation ignored);
//	                          enter keeps the filter, esc clears it
//	s / S                     cycle sort / reverse it in every list that sorts (titles: last
//	                          played, name, progress, platform, earned, fewest left, play time,
//	                          and difference in compare mode; trophies: default, rarity, earned
//	                          date, grade)
//	f                         titles: all → incomplete → complete → has platinum;
//	                          next to hunt: all grades → platinum → gold → silver → bronze
//	p                         titles, next to hunt: all platforms → PS5 → PS4 → PS3 → Vita → PC
//	n                         next to hunt: unearned trophies of the cached titles, easiest first
//	e                         trophies: all → earned → unearned
//	v / V                     reveal this hidden trophy / all hidden trophies (default: config "reveal")
//	←/→, p/n                  trophy detail: the previous / next trophy of its list (↑/↓ scroll)
//	t                         Game Help of the trophy (trophies, detail, next to hunt)
//	o, 1–9                    in Game Help: open the first / n-th video tip in the player
//	                          (one that does not exist is named in the status bar)
//	c                         the friends list: pick a friend or type an online ID or account
//	                          ID to compare with (the last one is prefilled and selected:
//	                          typing replaces it, and filters); c again leaves compare mode
//	L                         titles, groups: the title's leaderboard among your friends (board.go)
//	tab                       compare mode: titles all → both played → only mine → only theirs;
//	                          trophies all → they have, you don't → you have, they don't (the
//	                          help names the next state)
//	r                         refresh this view
//	P                         pause / resume the background fill (while one runs)
//	?                         full help          q, ctrl+c   quit
//
// Screens: testdata/TestGolden/{100x30,80x24,40x10}/*.golden are text captures of every view,
// produced by TestGolden against the fake PSN server (go test ./ui -run TestGolden -update);
// testdata/TestCompareDemo/... the compare screens (FakeHunter vs TrophyFriend),
// testdata/TestCompareLoadingIsNotZero, the friend's side while its earned status loads,
// testdata/TestGameHelpDemo*, Game Help with a text and a video tip, without help and for an account
// without PS Plus (psntest NoPlus), and testdata/TestHelpMarkersDemo, ASTRO's PLAYROOM's trophies
// with their Help markers and a detail with the Game Help line.
//
// testdata/TestWaitInLoadingLine, TestPauseInLoadingLine and TestUnseenUserWaitsVisibly are waits
// in loading lines against the fake with a spent budget or a 429; TestFillPausedGolden a paused fill
// with 112 of 300 titles cached (titles and next to hunt); TestNewTrophyAnnounced a trophy earned on
// the fake while the browser runs; TestStatusBarStates every status bar state at three widths.
//
// testdata/TestFriendsDemo, TestLeaderboardDemo, TestPlayTimeDemo and TestPicturesDemo are issue
// 13's views against the fake: the friends list asked, named and filtered; a leaderboard asked and
// filled; play time columns and their sort; icons drawn as true-colour half blocks at two sizes.
//
// # Friends, leaderboards, now playing, play time and pictures
//
// Each is the store's (store/doc.go, "the API for the views"), called in commands: friends.go
// (names stream in through store.Streamed, one message each), board.go (the cost first, asked above
// store.CostAskAbove), nowplaying.go (presence on a timer, background priority), playtime.go and
// titles_play.go (cached play time, sync's step when the fill completes), pictures.go with
// halfblock.go and kitty.go (a picture per place a view shows one; the app asks the top view's
// pictureCmd after every update; loads and draws in commands; none under Ascii or 16 colours).
// A view that leaves the stack stops its streams (stopper) and deletes its kitty images.
//
// Library (what the UI needs from *store.Library) includes ResolveUser and SaveConfig for compare
// mode, Titles/Summary/Trophies for the cache rule, Coverage, StartFill and CheckNew, and issue 13's
// friends, leaderboard, presence, play time and picture calls.
package ui
