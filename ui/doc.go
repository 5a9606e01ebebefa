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
//		Context:     ctx,
//	})
//
// Run starts the program in the alternate screen with mouse wheel support and returns when the user
// quits; extra tea.ProgramOptions may be passed after the options. New builds the root model
// without running it (tests, or a caller with its own tea.Program). Options.Titles lets main show a
// title list it already read from the cache; by default Init's first command reads it (disk only),
// and the background refresh starts only once that answer is in, so no request precedes the first
// frame. Display.Glamour is the glamour style for Game Help ("notty" is used under the Ascii
// profile whatever it says); Display.Player is the video player's argv (the URL is appended; the
// player starts detached, without the terminal).
//
// # Design
//
// Views: titles (titles.go), groups (groups.go), trophies (trophies.go), trophy detail (detail.go),
// next to hunt (hunt.go, cache only), Game Help (gamehelp.go: availability and tips through the
// store, Markdown rendered by glamour inside a command and again on resize, video tips opened with
// a fresh URL) and the not-logged-in screen (login.go).
//
// Every fetch is a command returning a typed message with a request id (msgs.go, cmds.go); views
// keep the id of their latest question and drop older answers. Results reach every view of the
// stack (a title list refresh lands while a trophy detail is on top); keys go to the top view, then
// to the app (q, ?, esc). Common carries styles, keys, the store, the clock (Now, fixed in tests)
// and the request registry behind the status bar's spinner. A new view (compare, next)
// implements the view interface in app.go and is pushed by a message, like openTitleMsg.
//
// The title list is virtualised (table.go, titles.go): rows are cleaned (trim, collapse whitespace,
// drop controls and escape sequences), measured and folded for search inside the loading command;
// every sort order is computed there too; filtering scans compact key arrays and keeps the matches
// of shorter queries for backspace; only visible rows are rendered, with precomputed escape
// prefixes instead of lipgloss per cell. Widths are terminal cells (charmbracelet/x/ansi); every
// view holds from 40×10 up (TestSizeSweep) and the status bar is built to a width budget.
//
// # Keys (for README.md)
//
//	↑/↓, k/j, ctrl+p/ctrl+n   move            enter, →, l   open
//	pgup/pgdn, ctrl+b/ctrl+f  page            esc, ←, h, backspace   back (or clear the filter)
//	g/home, G/end             first / last    mouse wheel   scroll
//	/                         filter titles by name as you type (case and accents ignored);
//	                          enter keeps the filter, esc clears it
//	s / S                     cycle sort / reverse it (titles: last played, name, progress,
//	                          platform, earned; trophies: default, rarity, earned date, grade)
//	f                         titles: all → incomplete → complete → has platinum;
//	                          next to hunt: all grades → platinum → gold → silver → bronze
//	p                         titles, next to hunt: all platforms → PS5 → PS4 → PS3 → Vita → PC
//	n                         next to hunt: unearned trophies of the cached titles, easiest first
//	e                         trophies: all → earned → unearned
//	v / V                     reveal this hidden trophy / all hidden trophies (default: config "reveal")
//	t                         Game Help of the trophy (trophies, detail, next to hunt)
//	o, 1–9                    in Game Help: open the first / n-th video tip in the player
//	r                         refresh this view
//	?                         full help          q, ctrl+c   quit
//
// Screens: testdata/TestGolden/{100x30,80x24,40x10}/*.golden are text captures of every view,
// produced by TestGolden against the fake PSN server (go test ./ui -run TestGolden -update).
package ui
