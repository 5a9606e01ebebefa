package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
	"github.com/psnclient/psn-client/ui"
)

func newWatchCmd(env Env, g *globalFlags) *cobra.Command {
	var interval time.Duration
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Print each trophy as it is earned",
		Long: `watch keeps checking PSN for new trophies and prints each one as it is earned. A check is
one small request (the title list is newest first, so its first page tells which games moved); for
each game that moved it fetches only its earned status.

By default it checks as often as keeps watching under 10% of the request budget (every 30s at
PSN's 300 per 15 minutes) and less often while the budget is under pressure (after a 429, not
before its pause is over). It is background work: a browser or a command you wait on goes first.`,
		Example: "  psn-client watch\n  psn-client watch --interval 2m\n  psn-client watch --json | jq -r .name",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if interval < 0 || (interval > 0 && interval < time.Second) {
				return valueError{fmt.Errorf("--interval needs a duration of 1s or more, not %s (see %s --help)", interval, cmd.CommandPath())}
			}
			g.background = true
			s, err := openSession(cmd.Context(), env, g, true)
			if err != nil {
				return err
			}
			defer s.Close()
			return runWatch(cmd.Context(), s, interval, g.json)
		},
	}
	addUserFlags(cmd, g, true)
	cmd.Flags().Lookup("json").Usage = "print each new trophy as one JSON object a line"
	cmd.Flags().DurationVar(&interval, "interval", 0, "time between checks (default: what keeps watching under 10% of the request budget, 30s at 300/15m)")
	return cmd
}

func runWatch(ctx context.Context, s *session, interval time.Duration, asJSON bool) error {
	ctx = psnapi.WithPriority(ctx, psnapi.Background)
	env := s.env
	first := watchDelay(interval, s.api.Rate(), env.Now())
	s.live.above(func() { fmt.Fprintln(env.Stderr, watchClaim(s.displayName(), interval, first, s.api.Rate())) })
	seen := 0
	for {
		news, err := s.lib.CheckNew(ctx, s.account.ID)
		for _, n := range news {
			s.live.above(func() {
				if asJSON {
					writeJSONLine(env.Stdout, trophyJSON(n.Title, n.Trophy, true))
				} else {
					fmt.Fprintln(env.Stdout, newTrophyLine(n, env.Now()))
				}
			})
			seen++
		}
		if ctx.Err() != nil {
			break
		}
		delay := watchDelay(interval, s.api.Rate(), env.Now())
		if err != nil {
			if !watchCanRetry(err) {
				return s.explain(err)
			}
			s.live.above(func() {
				fmt.Fprintf(env.Stderr, "psn-client: check failed: %s; next check in %s\n", ui.VisibleLine(userMessage(err)), roundDuration(delay))
			})
		}
		if env.Sleep(ctx, delay) != nil {
			break
		}
	}
	if seen == 0 {
		return stoppedError{"watch stopped: no new trophy seen"}
	}
	return stoppedError{fmt.Sprintf("watch stopped: %s seen; the cache holds them", plural(seen, "new trophy", "new trophies"))}
}

// watchDelay is the time to the next check: the shared rule (store.WatchInterval: under
// store.WatchShare of the budget, stretched under pressure and past a 429's pause), or with
// --interval the user's time stretched by as much, and never inside a pause.
func watchDelay(interval time.Duration, s psnapi.RateSnapshot, now time.Time) time.Duration {
	rule := store.WatchInterval(s, now)
	if interval <= 0 {
		return rule
	}
	idle := s
	idle.Used, idle.NextAvailable = 0, time.Time{}
	d := time.Duration(float64(interval) * float64(rule) / float64(store.WatchInterval(idle, now)))
	if s.NextAvailable.After(now) {
		d = max(d, s.NextAvailable.Sub(now)+interval)
	}
	return max(d, interval)
}

// watchClaim is the first line: whose trophies, how often, and the share of the budget that takes
// while nothing new comes (a check then costs one request).
func watchClaim(name string, interval, every time.Duration, s psnapi.RateSnapshot) string {
	line := fmt.Sprintf("watching %s trophies: a check every %s", possessiveOf(name), roundDuration(every))
	if s.Limit > 0 && s.Window > 0 {
		share := float64(s.Window) / float64(every) / float64(s.Limit) * 100
		switch {
		case interval <= 0:
			line += fmt.Sprintf(", under %.0f%% of the request budget (%s)", store.WatchShare*100, budgetLabel(s.Limit, s.Window))
		case share > 100:
			line += fmt.Sprintf(", more than the request budget (%s) allows: checks wait for it", budgetLabel(s.Limit, s.Window))
		default:
			line += fmt.Sprintf(", about %.0f%% of the request budget (%s)", max(share, 1), budgetLabel(s.Limit, s.Window))
		}
	}
	return line + " · ctrl-c stops"
}

func possessiveOf(name string) string {
	if name == "" || name == "me" {
		return "your"
	}
	return ui.CleanLine(name) + "'s"
}

// watchCanRetry tells the failures a later check may not meet (PSN unreachable or failing, the
// budget's lock held elsewhere) from those it will (a login to renew, an unwritable cache).
func watchCanRetry(err error) bool {
	return psnapi.IsNetwork(err) || psnapi.IsRateLimited(err) || errors.Is(err, psnapi.ErrServer) ||
		errors.Is(err, store.ErrBudgetLocked) || errors.Is(err, context.DeadlineExceeded)
}

// newTrophyLine is one new trophy for people: "21:14  G  Gatcha Gotcha · ASTRO's PLAYROOM · 3.2%
// ultra rare" (with the date when it was not earned today).
func newTrophyLine(n store.NewTrophy, now time.Time) string {
	at := n.Trophy.Status.EarnedDateTime
	if at.IsZero() {
		at = now
	}
	at = at.Local()
	when := at.Format("15:04")
	if y, m, d := at.Date(); y != now.Local().Year() || m != now.Local().Month() || d != now.Local().Day() {
		when = at.Format("2006-01-02 15:04")
	}
	line := fmt.Sprintf("%s  %s  %s · %s", when, n.Trophy.TrophyType.Letter(), ui.CleanLine(n.Trophy.TrophyName), ui.CleanLine(n.Title.TrophyTitleName))
	if r := rarityLabel(n.Trophy.Status); r != "–" {
		line += " · " + r
	}
	return line
}

// writeJSONLine writes v as one line of JSON (JSON Lines), escaped for a terminal as writeJSON is.
func writeJSONLine(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeForTerminal(buf.Bytes()))
	return err
}
