package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

func newNextCmd(env Env, g *globalFlags) *cobra.Command {
	var limit int
	var reveal bool
	var title string
	cmd := &cobra.Command{
		Use:   "next [QUERY]",
		Short: "Unearned trophies across cached titles, easiest (highest earned rate) first",
		Long: `next lists the trophies you have not earned yet across every cached title, the ones most
players have (highest earned rate) first; a PS5 progress trophy you have started ranks by how much of
it you have done when that is higher (45/50 ranks with trophies 90% of players have). A query narrows
the list with the language of psn-client search, and --title keeps one title. It reads the cache
("psn-client sync" fills it) after refreshing what is stale: the title list when older than 5
minutes, and the cached titles it shows changed (--refresh waits for the budget to do so, --offline
sends nothing). When the cache does not hold every title, stderr says how many the list covers.

` + queryHelp,
		Example: `  psn-client next --limit 20
  psn-client next grade:gold platform:ps5
  psn-client next --title "astros playroom"
  psn-client next --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return valueError{fmt.Errorf("--limit needs 0 (no limit) or more, not %d (see %s --help)", limit, cmd.CommandPath())}
			}
			q, err := parseQueryArgs(cmd, args)
			if err != nil {
				return err
			}
			s, err := openSession(cmd.Context(), env, g, true)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.prefillDemo(cmd.Context()); err != nil {
				return err
			}
			cacheNote, err := s.refreshComputed(cmd.Context())
			if err != nil {
				return s.explain(err)
			}
			if cacheNote != "" {
				defer fmt.Fprintln(env.Stderr, cacheNote)
			}
			var only psnapi.TrophyTitle
			if title != "" {
				if only, err = s.cachedTitle(title); err != nil {
					return err
				}
			}
			res, err := s.lib.Hunt(s.account.ID, store.HuntOptions{Query: q, Title: only.NPCommunicationID, Limit: limit, Reveal: reveal})
			var qe *store.QueryError
			if errors.As(err, &qe) {
				return valueError{fmt.Errorf("%v (see %s --help)", qe, cmd.CommandPath())}
			}
			if err != nil {
				return s.explain(err)
			}
			if err := requireCached(res.Coverage, res.Total > 0); err != nil {
				return err
			}
			if g.json {
				out := make([]jsonTrophy, len(res.Items))
				for i, it := range res.Items {
					out[i] = trophyJSON(it.Title, it.Trophy, reveal)
				}
				if err := writeJSON(env.Stdout, out); err != nil {
					return err
				}
			} else {
				writeNextTable(env.Stdout, res.Items, reveal)
			}
			if res.Total == 0 && (!q.Empty() || title != "") {
				fmt.Fprintln(env.Stderr, "no unearned trophy matches")
			}
			noteCoverage(env, res.Coverage)
			return nil
		},
	}
	addUserFlags(cmd, g, true)
	addPolicyFlags(cmd, g)
	cmd.Flags().IntVar(&limit, "limit", 50, "how many trophies to list (0: all)")
	cmd.Flags().BoolVar(&reveal, "reveal", false, "show (and match) hidden trophies not yet earned by their names")
	cmd.Flags().StringVar(&title, "title", "", "only this title: its NPCOMMID or name (as for psn-client trophies)")
	return cmd
}

// cachedTitle finds a title by NPCOMMID or name in the cached title list only (next sends no
// request).
func (s *session) cachedTitle(idOrName string) (psnapi.TrophyTitle, error) {
	list, ok, err := s.lib.CachedTitles(s.account.ID)
	if err != nil {
		return psnapi.TrophyTitle{}, err
	}
	if !ok {
		return psnapi.TrophyTitle{}, errNothingCached
	}
	found := matchTitles(list.Titles, idOrName)
	if len(found) == 0 {
		return psnapi.TrophyTitle{}, userError{fmt.Sprintf("no title %q in %s cached trophy list (see psn-client titles)", idOrName, possessive(s.accountName()))}
	}
	return oneTitle(idOrName, found)
}

func possessive(name string) string {
	if name == "your" {
		return name
	}
	return name + "’s"
}

func writeNextTable(w io.Writer, items []store.HuntItem, reveal bool) {
	t := newTable("RATE", "G", "TROPHY", "TITLE", "NPCOMMID", "PROGRESS").alignRight(0).limit(2, 40).limit(3, 40)
	for _, it := range items {
		t.add(fmt.Sprintf("%.1f%%", it.Trophy.Status.EarnedRate()), it.Trophy.TrophyType.Letter(), trophyName(it.Trophy, reveal),
			it.Title.TrophyTitleName, it.Title.NPCommunicationID, progressLabel(it.Trophy))
	}
	t.write(w)
}
