package cli

import (
	"fmt"
	"github.com/psnclient/psn-client/ui"
	"io"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/store"
)

func newSummaryCmd(env Env, g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "summary",
		Short:   "Trophy level, tier, points and earned counts",
		Example: "  psn-client summary\n  psn-client summary --user TrophyFriend --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openSession(cmd.Context(), env, g, true)
			if err != nil {
				return err
			}
			defer s.Close()
			sum, err := s.lib.Summary(cmd.Context(), s.account.ID, s.policy)
			s.endWaits()
			if err != nil {
				return s.explain(s.notCached(err, "the trophy summary is"))
			}
			// Said after the answer, whichever form it takes.
			defer s.noteCached(sum.Offline, sum.Err, sum.FetchedAt)
			if g.json {
				return writeJSON(env.Stdout, summaryJSON(sum))
			}
			writeSummary(env.Stdout, s.displayName(), sum)
			return nil
		},
	}
	addUserFlags(cmd, g, true)
	addPolicyFlags(cmd, g)
	return cmd
}

type jsonSummary struct {
	AccountID     string     `json:"accountId"`
	Level         int        `json:"level"`
	Tier          int        `json:"tier"`
	Points        int        `json:"points"`
	LevelBase     int        `json:"levelBasePoints"`
	LevelNext     int        `json:"levelNextPoints"`
	LevelProgress int        `json:"levelProgress"`
	Earned        jsonCounts `json:"earned"`
	Total         int        `json:"total"`
}

func summaryJSON(s store.Summary) jsonSummary {
	return jsonSummary{
		AccountID: s.AccountID, Level: s.TrophyLevel, Tier: s.Tier, Points: s.TrophyPoint,
		LevelBase: s.TrophyLevelBasePoint, LevelNext: s.TrophyLevelNextPoint, LevelProgress: s.Progress,
		Earned: countsJSON(s.EarnedTrophies), Total: s.EarnedTrophies.Total(),
	}
}

// writeSummary names the account by its online ID (the demo's as well), "You" when it is unknown.
func writeSummary(w io.Writer, name string, s store.Summary) {
	if name == "" || name == "me" {
		name = "You"
	}
	e := s.EarnedTrophies
	fmt.Fprintf(w, "%s · level %d (tier %d) · %d%% to level %d\n", ui.CleanLine(name), s.TrophyLevel, s.Tier, s.Progress, s.TrophyLevel+1)
	fmt.Fprintf(w, "points    %s  (level %d at %s, level %d at %s)\n", thousands(s.TrophyPoint),
		s.TrophyLevel, thousands(s.TrophyLevelBasePoint), s.TrophyLevel+1, thousands(s.TrophyLevelNextPoint))
	fmt.Fprintf(w, "trophies  %s  ·  P %s  G %s  S %s  B %s\n", thousands(e.Total()),
		thousands(e.Platinum), thousands(e.Gold), thousands(e.Silver), thousands(e.Bronze))
}
