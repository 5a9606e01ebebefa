package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/store"
)

func newNextCmd(env Env, g *globalFlags) *cobra.Command {
	var limit int
	var reveal bool
	cmd := &cobra.Command{
		Use:   "next",
		Short: "Unearned trophies across cached titles, easiest (highest earned rate) first",
		Long: `next lists the trophies you have not earned yet across every cached title, the ones most
players have (highest earned rate) first. It reads only the cache: run "psn-client sync" first.`,
		Example: "  psn-client next --limit 20\n  psn-client next --json",
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
			items, err := s.lib.Next(s.account.ID)
			if err != nil {
				return s.explain(err)
			}
			if len(items) == 0 {
				if has, _ := s.hasCachedTrophies(); !has {
					return userError{`nothing cached yet: run "psn-client sync" first`}
				}
			}
			if limit > 0 && len(items) > limit {
				items = items[:limit]
			}
			if g.json {
				out := make([]jsonTrophy, len(items))
				for i, it := range items {
					out[i] = trophyJSON(it.Title, it.Trophy, reveal)
				}
				return writeJSON(env.Stdout, out)
			}
			writeNextTable(env.Stdout, items, reveal)
			return nil
		},
	}
	addUserFlags(cmd, g, true)
	cmd.Flags().IntVar(&limit, "limit", 50, "how many trophies to list (0: all)")
	cmd.Flags().BoolVar(&reveal, "reveal", false, "show the names of hidden trophies not yet earned")
	return cmd
}

// hasCachedTrophies tells an empty cache (run sync) from an account with nothing left to earn.
func (s *session) hasCachedTrophies() (bool, error) {
	found := false
	err := s.lib.CachedAccountTrophies(s.account.ID, func(store.TitleTrophies) error {
		found = true
		return errStopIteration
	})
	if err == errStopIteration {
		err = nil
	}
	return found, err
}

var errStopIteration = fmt.Errorf("stop")

func writeNextTable(w io.Writer, items []store.HuntItem, reveal bool) {
	t := newTable("RATE", "G", "TROPHY", "TITLE", "NPCOMMID", "PROGRESS").alignRight(0).limit(2, 40).limit(3, 40)
	for _, it := range items {
		name := it.Trophy.TrophyName
		if !trophyVisible(it.Trophy, reveal) {
			name = hiddenName
		}
		t.add(fmt.Sprintf("%.1f%%", it.Trophy.Status.EarnedRate()), it.Trophy.TrophyType.Letter(), name,
			it.Title.TrophyTitleName, it.Title.NPCommunicationID, progressLabel(it.Trophy))
	}
	t.write(w)
}
