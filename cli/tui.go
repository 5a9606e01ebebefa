package cli

import (
	"context"

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
	loggedIn, err := s.loggedIn()
	if err != nil {
		return err
	}
	opts := ui.Options{
		Lib:       s.lib,
		Display:   detectDisplay(env, s.lib.Config()),
		Rate:      s.api.Rate,
		Subscribe: s.api.Subscribe,
		NeedLogin: !loggedIn,
		Compare:   g.compare,
		Context:   ctx,
	}
	if loggedIn {
		acct, err := s.lib.ResolveUser(ctx, g.user)
		if err != nil {
			return userFacingLookupError(g.user, err)
		}
		s.account = acct
		opts.Account, opts.AccountName = acct.ID, s.displayName()
		s.prefillDemoInBackground(ctx)
		// The first frame shows the cached list: zero requests before it.
		if list, ok, err := s.lib.CachedTitles(acct.ID); err == nil && ok {
			opts.Titles = &ui.TitleListInput{Titles: list.Titles, FetchedAt: list.FetchedAt}
		}
	}
	return ui.Run(opts)
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
	d := ui.Display{Renderer: r, Theme: cfg.Theme}
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
	d.Dark = r.HasDarkBackground()
	d.Glamour = "light"
	if d.Dark {
		d.Glamour = "dark"
	}
	return d
}
