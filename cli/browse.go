package cli

import (
	"context"
)

// runBrowse is the bare command: the TUI on a terminal, the plain title list when stdout is not one.
func runBrowse(ctx context.Context, env Env, g *globalFlags) error {
	if !env.IsTerminal(env.Stdout) {
		s, err := openSession(ctx, env, g, true)
		if err != nil {
			return err
		}
		defer s.Close()
		list, err := s.titles(ctx)
		s.endWaits()
		if err != nil {
			return s.explain(err)
		}
		writeTitleTable(env.Stdout, list.Titles)
		s.noteCached(list.Offline, list.Err, list.FetchedAt)
		return nil
	}
	g.tui = true // its status bar says what it waits for, not a line on stderr
	return runTUI(ctx, env, g)
}
