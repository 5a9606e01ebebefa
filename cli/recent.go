package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/store"
)

func newRecentCmd(env Env, g *globalFlags) *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "recent",
		Short: "Your earned trophies across cached titles, newest first, with milestones",
		Long: `recent lists the trophies you earned across every cached title, newest first and grouped by
day (local time), with grade, rarity and title. Milestones are marked: your 1st, 100th and every
1,000th trophy, and every platinum numbered in the order you earned them. It reads only the cache
(run "psn-client sync" first).`,
		Example: "  psn-client recent\n  psn-client recent --limit 200\n  psn-client recent --json | jq '.[] | select(.milestone)'",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return valueError{fmt.Errorf("--limit needs 0 (no limit) or more, not %d (see %s --help)", limit, cmd.CommandPath())}
			}
			s, err := openSession(cmd.Context(), env, g, true)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.prefillDemo(cmd.Context()); err != nil {
				return err
			}
			res, err := s.lib.Recent(s.account.ID, 0, limit)
			if err != nil {
				return s.explain(err)
			}
			if err := requireCached(res.Coverage, res.Total > 0); err != nil {
				return err
			}
			if g.json {
				out := make([]jsonRecent, len(res.Items))
				for i, it := range res.Items {
					out[i] = jsonRecent{Number: it.Number, Milestone: it.Milestone, Platinum: it.Platinum,
						jsonTrophy: trophyJSON(it.Title, it.Trophy, true)}
				}
				if err := writeJSON(env.Stdout, out); err != nil {
					return err
				}
			} else {
				writeRecent(env, res)
			}
			noteCoverage(env, res.Coverage)
			return nil
		},
	}
	addUserFlags(cmd, g, true)
	cmd.Flags().IntVar(&limit, "limit", 50, "how many trophies to list (0: all)")
	return cmd
}

// jsonRecent is one trophy of recent --json: its place in your trophy life, then the trophy's fields.
type jsonRecent struct {
	Number    int  `json:"number"`
	Milestone bool `json:"milestone"`
	Platinum  int  `json:"platinum,omitempty"`
	jsonTrophy
}

func writeRecent(env Env, res store.RecentResult) {
	if len(res.Items) == 0 {
		fmt.Fprintln(env.Stderr, "no trophy earned yet")
		return
	}
	t := newTable("TIME", "G", "TROPHY", "TITLE", "RARITY", "").limit(2, 40).limit(3, 32)
	day := "\x00"
	for _, it := range res.Items {
		at := it.Trophy.Status.EarnedDateTime
		d, clock := "no date", ""
		if !at.IsZero() {
			local := at.Local()
			d, clock = local.Format("2006-01-02 Monday"), local.Format("15:04")
		}
		if d != day {
			t.heading(d)
			day = d
		}
		t.add(clock, it.Trophy.TrophyType.Letter(), it.Trophy.TrophyName, it.Title.TrophyTitleName,
			rarityLabel(it.Trophy.Status), recentMark(it))
	}
	t.write(env.Stdout)
	if shown := len(res.Items); shown < res.Total {
		fmt.Fprintf(env.Stderr, "the latest %s of %s (--limit 0 lists them all)\n", thousands(shown), plural(res.Total, "trophy", "trophies"))
	}
}

// recentMark is the milestone cell: "#55 platinum", "1,000th trophy", or both.
func recentMark(it store.RecentItem) string {
	var marks []string
	if it.Platinum > 0 {
		marks = append(marks, fmt.Sprintf("#%s platinum", thousands(it.Platinum)))
	}
	if it.Milestone {
		marks = append(marks, ordinal(it.Number)+" trophy")
	}
	return strings.Join(marks, " · ")
}

// ordinal writes 1st, 2nd, 3rd, 11th, 100th, 1,000th.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return thousands(n) + suffix
}
