package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/store"
)

func newSearchCmd(env Env, g *globalFlags) *cobra.Command {
	var limit int
	var reveal bool
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Every cached trophy matching a query (words and filters), no request sent",
		Long: `search finds trophies across every cached title: by words in their name, description or
title, and by filters such as grade, rarity, earned status and date, platform and Game Help. It reads
only the cache (run "psn-client sync" first) and lists the matches in title-list order.

` + queryHelp,
		Example: `  psn-client search sackboy a big
  psn-client search grade:gold 'rarity<5' unearned
  psn-client search 'title:"astro bot"' has:help
  psn-client search earned:2025 platform:ps5 --json`,
		Args: minimumArgs(1, "a query (see psn-client search --help)"),
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
			var t *table
			first := true
			if g.json {
				io.WriteString(env.Stdout, "[")
			} else {
				t = newTable("G", "TROPHY", "TITLE", "EARNED", "RARITY", "PROGRESS").limit(1, 40).limit(2, 36)
			}
			// Matches stream from the index a batch at a time: --limit 0 on a huge library stays small.
			res, err := s.lib.SearchEach(s.account.ID, q, store.SearchOptions{Limit: limit, Reveal: reveal}, func(items []store.HuntItem) error {
				for _, it := range items {
					if t != nil {
						t.add(it.Trophy.TrophyType.Letter(), trophyName(it.Trophy, reveal), it.Title.TrophyTitleName,
							earnedLabel(it.Trophy), rarityLabel(it.Trophy.Status), progressLabel(it.Trophy))
						continue
					}
					if err := writeJSONElement(env.Stdout, trophyJSON(it.Title, it.Trophy, reveal), &first); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return s.explain(err)
			}
			if err := requireCached(res.Coverage, res.Total > 0); err != nil {
				return err
			}
			if g.json {
				if !first {
					io.WriteString(env.Stdout, "\n")
				}
				io.WriteString(env.Stdout, "]\n")
			} else if res.Total > 0 {
				t.write(env.Stdout)
			}
			switch {
			case res.Total == 0:
				fmt.Fprintln(env.Stderr, "no trophy matches")
			case limit > 0 && res.Total > limit:
				fmt.Fprintf(env.Stderr, "%s of %s matches (--limit 0 lists them all)\n", thousands(limit), thousands(res.Total))
			}
			noteCoverage(env, res.Coverage)
			return nil
		},
	}
	addUserFlags(cmd, g, true)
	cmd.Flags().IntVar(&limit, "limit", 50, "how many matches to list (0: all)")
	cmd.Flags().BoolVar(&reveal, "reveal", false, "match and show hidden trophies not yet earned by their names")
	return cmd
}

// writeJSONElement writes one element of a JSON array streamed by hand, laid out as writeJSON
// lays out a whole array; first says whether it opens the array.
func writeJSONElement(w io.Writer, v any, first *bool) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("  ", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	sep := ",\n  "
	if *first {
		sep, *first = "\n  ", false
	}
	_, err := io.WriteString(w, sep+string(escapeForTerminal(bytes.TrimRight(buf.Bytes(), "\n"))))
	return err
}

// trophyName is the name a list shows: "Hidden trophy" for a hidden one not earned, unless revealed.
func trophyName(t store.Trophy, reveal bool) string {
	if !trophyVisible(t, reveal) {
		return hiddenName
	}
	return t.TrophyName
}

// earnedLabel is the EARNED cell: the date, "yes" without one, "–" when not earned.
func earnedLabel(t store.Trophy) string {
	if !t.Status.Earned {
		return "–"
	}
	if d := shortDate(t.Status.EarnedDateTime); d != "–" {
		return d
	}
	return "yes"
}
