package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/store"
)

func newSyncCmd(env Env, g *globalFlags) *cobra.Command {
	var plan bool
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Fill the cache with every title's trophies, within PSN's request budget",
		Long: `sync fetches the title list, then the trophies of every title that is new or changed since the
last sync, and nothing else. It keeps to the request budget (PSN_RATE_LIMIT, 300 per 15 minutes by
default), evenly, waiting rather than provoking a rate limit, so a first sync of a large library takes
hours; it uses the whole budget unless a browser or another command runs. Stop it any time with
Ctrl-C: what was fetched is kept and the next sync fetches only the rest.

Last, sync reads your played games (play time: PS4 and PS5 games, 200 a request, only the pages that
changed) and matches new games to their trophy titles (5 a request, once for good).

sync --plan sends only the title-list request(s) and says what a sync would do: titles new or
changed, requests, and how long that takes at the budget, and what the play time step costs.`,
		Example: "  psn-client sync\n  psn-client sync --plan\n  psn-client sync --user TrophyFriend",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// Nobody waits on a sync (nor on its plan's estimate): it keeps the interactive reserve
			// only while a browser or a data command runs, and otherwise uses the whole budget.
			g.background = true
			s, err := openSession(cmd.Context(), env, g, true)
			if err != nil {
				return err
			}
			defer s.Close()
			if plan {
				return runPlan(cmd.Context(), s, g.json)
			}
			return runSync(cmd.Context(), s, g.json)
		},
	}
	addUserFlags(cmd, g, true)
	cmd.Flags().BoolVar(&plan, "plan", false, "send only the title-list request(s) and say what a sync would fetch, and how long it takes")
	return cmd
}

func runSync(ctx context.Context, s *session, asJSON bool) error {
	res, err := s.lib.Sync(ctx, s.account.ID, s.live.report)
	playLine, playSent := "", 0
	if err == nil && ctx.Err() == nil {
		playLine, playSent = s.syncPlayTime(ctx)
	}
	last := s.live.lastProgress()
	s.endWaits()
	byOthers := 0
	if last != nil {
		byOthers = last.TitlesByOthers
	}
	if asJSON {
		if werr := writeJSON(s.env.Stdout, jsonSyncResult{TitlesChecked: res.TitlesChecked, TitlesFetched: res.TitlesFetched,
			TitlesByOthers: byOthers, Requests: res.Requests, Failed: res.Failed, PlayTimeRequests: playSent}); werr != nil && err == nil {
			err = werr
		}
	} else {
		fmt.Fprintln(s.env.Stdout, syncSummary(res, byOthers))
		if playLine != "" {
			fmt.Fprintln(s.env.Stdout, playLine)
		}
	}
	if ctx.Err() != nil {
		kept := "sync stopped before the title list arrived; nothing else was fetched"
		if last != nil && last.TitlesTotal > 0 {
			kept = fmt.Sprintf("sync stopped: %s of %s are complete in the cache; run sync again to fetch the rest",
				thousands(last.TitlesDone), plural(last.TitlesTotal, "title", "titles"))
		}
		return stoppedError{kept}
	}
	return s.explain(err)
}

// syncSummary is sync's closing line; its counts are those of the last progress line.
func syncSummary(res store.SyncResult, byOthers int) string {
	line := fmt.Sprintf("%s checked, %s fetched, %s sent", plural(res.TitlesChecked, "title", "titles"),
		thousands(res.TitlesFetched), plural(res.Requests, "request", "requests"))
	if byOthers > 0 {
		line += fmt.Sprintf("; %s fetched meanwhile by another psn-client", thousands(byOthers))
	}
	return line
}

// jsonSyncResult is sync --json.
type jsonSyncResult struct {
	TitlesChecked  int `json:"titlesChecked"`
	TitlesFetched  int `json:"titlesFetched"`
	TitlesByOthers int `json:"titlesByOthers"`
	Requests       int `json:"requests"`
	Failed         int `json:"failed"`
	// PlayTimeRequests is what the play time step sent (the played-games list, new games' mapping).
	PlayTimeRequests int `json:"playTimeRequests"`
}

func windowLabel(d time.Duration) string {
	switch {
	case d <= 0:
		return "window"
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", int(d.Hours()))
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	default:
		return d.String()
	}
}

// bar draws a progress bar of eighth-blocks, width cells wide.
func bar(done, total, width int) string {
	if total <= 0 {
		total = 1
	}
	eighths := done * width * 8 / total
	if eighths > width*8 {
		eighths = width * 8
	}
	full := eighths / 8
	var b strings.Builder
	b.WriteString(strings.Repeat("█", full))
	if full < width {
		if rem := eighths % 8; rem > 0 {
			b.WriteRune([]rune("▏▎▍▌▋▊▉")[rem-1])
			full++
		}
		b.WriteString(strings.Repeat("░", width-full))
	}
	return b.String()
}
