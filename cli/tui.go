package cli

import (
	"context"
	"os"
	"os/exec"
	"runtime/debug"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/psnclient/psn-client/store"
	"github.com/psnclient/psn-client/ui"
)

// runTUI starts the interactive browser. Without credentials it still starts, on the screen that
// explains how to log in or try the demo.
func runTUI(ctx context.Context, env Env, g *globalFlags) error {
	s, err := openSession(ctx, env, g, false)
	if err != nil {
		return err
	}
	defer s.Close()
	opts, err := s.tuiOptions(g, detectDisplay(env, s.lib.Config()))
	if err != nil {
		return err
	}
	opts.Context = ctx
	// The browser is what a person waits on: while it runs, background work of every psn-client
	// process (its own fill included) keeps the interactive reserve (the store's default for a
	// wired Library, said here so it stays true).
	s.lib.SetInteractive(true)
	if env.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(browserMemoryLimit)
	}
	return ui.Run(opts)
}

// browserMemoryLimit is the browser's soft memory limit. Each view of the whole library reads the
// trophy index in its command (25–50 MB at 1,000,000 trophies, garbage once its rows are built)
// while the title list's 20,000 rows and the open view's stay live (35–60 MB): with the Go
// runtime's default alone the heap grows to twice the live set before a collection, and the
// process peaked at 130–160 MB. Near the limit the collector runs sooner instead (its CPU capped by
// the runtime), which keeps the browser under 100 MB there (README's Performance). A GOMEMLIMIT set
// by the user wins.
const browserMemoryLimit = 64 << 20

// tuiOptions prepares the browser without a request: --user resolved from the cache when it can be
// (then the first frame shows the account's cached list), else looked up by the browser in a command
// ("looking up NAME…"); the background fill (config autoSync) and the check for new trophies for a
// logged-in user. The demo fills its temporary cache through the same fill.
func (s *session) tuiOptions(g *globalFlags, d ui.Display) (ui.Options, error) {
	loggedIn, err := s.loggedIn()
	if err != nil {
		return ui.Options{}, err
	}
	cfg := s.lib.Config()
	if loggedIn && cfg.Notify {
		if p, err := exec.LookPath("notify-send"); err == nil {
			d.Notifier = []string{p, "--app-name=psn-client"}
		}
	}
	opts := ui.Options{
		Lib:       s.lib,
		Display:   d,
		Rate:      s.api.Rate,
		Subscribe: s.api.Subscribe,
		NeedLogin: !loggedIn,
		Compare:   g.compare,
		Fill:      loggedIn && cfg.AutoSync(),
		Watch:     loggedIn,
	}
	if !loggedIn {
		return opts, nil
	}
	acct, ok := s.lib.CachedUser(g.user)
	if !ok {
		opts.User = g.user
		return opts, nil
	}
	s.account = acct
	opts.Account, opts.AccountName = acct.ID, s.displayName()
	// The first frame shows the cached list: zero requests before it.
	if list, ok, err := s.lib.CachedTitles(acct.ID); err == nil && ok {
		opts.Titles = &ui.TitleListInput{Titles: list.Titles, FetchedAt: list.FetchedAt}
	}
	return opts, nil
}

// displayName is the online ID the status bar shows for the session's account.
func (s *session) displayName() string {
	if s.account.OnlineID != "" {
		return s.account.OnlineID
	}
	if s.demo != nil && (s.account.ID == "me" || s.account.ID == "") {
		return "FakeHunter"
	}
	if me, ok := s.lib.LoggedIn(); ok && (s.account.ID == "me" || s.account.ID == me.ID) && me.OnlineID != "" {
		return me.OnlineID
	}
	return s.account.ID
}

// detectDisplay asks the terminal for its colour profile and background once, before Bubble Tea
// owns stdin (afterwards the answer would arrive as keystrokes). NO_COLOR skips the query.
func detectDisplay(env Env, cfg store.Config) ui.Display {
	r := lipgloss.NewRenderer(env.Stdout)
	d := ui.Display{Renderer: r, Theme: cfg.Theme, Kitty: ui.KittyTerminal(env.Getenv)}
	d.Player, d.PlayerErr = playerCommand(env, cfg)
	if env.Getenv("NO_COLOR") != "" {
		r.SetColorProfile(termenv.Ascii)
	}
	d.Profile = r.ColorProfile()
	if d.Profile == termenv.Ascii {
		d.Dark, d.Glamour = true, "notty"
		r.SetHasDarkBackground(true)
		return d
	}
	if f, ok := env.Stdout.(*os.File); ok && f == os.Stdout {
		// Bubble Tea's package init asked the terminal on os.Stdout already (its OSC 11 and DSR
		// round trip): its answer, not a second round trip before the first frame (over ssh, one
		// network round trip each).
		d.Dark = lipgloss.HasDarkBackground()
		r.SetHasDarkBackground(d.Dark) // else its adaptive colours would ask again
	} else {
		d.Dark = r.HasDarkBackground()
	}
	d.Glamour = "light"
	if d.Dark {
		d.Glamour = "dark"
	}
	return d
}
