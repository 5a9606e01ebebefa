package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/store"
	"github.com/psnclient/psn-client/ui"
)

func newExportCmd(env Env, g *globalFlags) *cobra.Command {
	var format, output string
	cmd := &cobra.Command{
		Use:   "export --format json|csv",
		Short: "Every trophy of every cached title, as JSON or CSV",
		Long: `export writes every trophy of every cached title (title, platform, group, trophy, description,
grade, earned, date, rarity, progress, icon URL) from the cache ("psn-client sync" fills it), after
refreshing what is stale as next does (--refresh, --offline: see psn-client next --help).
Hidden trophies are exported with their names: the file is yours.`,
		Example: "  psn-client export --format csv -o trophies.csv\n  psn-client export --format json | jq length",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "csv" {
				return usageError{fmt.Errorf("--format must be json or csv")}
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
			out, err := openExportOutput(env, output)
			if err != nil {
				return err
			}
			defer out.abort()
			n, err := exportTrophies(out, s, format)
			if err != nil {
				return err
			}
			if cov, err := s.lib.Coverage(s.account.ID); err == nil && cov.Titles > 0 && cov.Partial() {
				fmt.Fprintf(env.Stderr, "exported from %s of %s; the others are not cached yet (psn-client sync fetches them)\n",
					thousands(cov.Complete), plural(cov.Titles, "title", "titles"))
			}
			if n == 0 {
				return userError{`nothing cached yet: run "psn-client sync" first`}
			}
			if err := out.commit(); err != nil {
				return err
			}
			if out.name != "" {
				fmt.Fprintf(env.Stderr, "exported %s to %s\n", plural(n, "trophy", "trophies"), ui.CleanLine(out.name))
			}
			return nil
		},
	}
	addUserFlags(cmd, g, false)
	addPolicyFlags(cmd, g)
	cmd.Flags().StringVar(&format, "format", "", "json or csv (required)")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]cobra.Completion{"json", "csv"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.Flags().StringVarP(&output, "output", "o", "", `write to this file instead of stdout ("-": stdout)`)
	return cmd
}

// csvHeader: a checklist's columns. Columns added later go at the end, so scripts that read the
// earlier ones by position keep working.
var csvHeader = []string{"npCommunicationId", "title", "platform", "groupId", "group", "trophyId", "trophy",
	"grade", "hidden", "earned", "earnedAt", "earnedRate", "rarity", "progress", "progressTarget", "detail", "iconUrl",
	"playDuration", "playCount"}

// exportTrophies streams title after title from the cache, so a million trophies never sit in memory.
func exportTrophies(w io.Writer, s *session, format string) (int, error) {
	n := 0
	var cw *csv.Writer
	first := true
	play, _, _ := s.lib.CachedPlayTime(s.account.ID) // the title's play time, from the cache as the rest
	if format == "csv" {
		cw = csv.NewWriter(w)
		cw.Write(csvHeader)
	} else {
		io.WriteString(w, "[")
	}
	err := s.lib.CachedAccountTrophies(s.account.ID, func(tt store.TitleTrophies) error {
		if !tt.EarnedKnown {
			return nil // the account's status is not cached: unknown, never "earned": false
		}
		pf := playFieldsOf(play, tt.Title.NPCommunicationID)
		for _, tr := range tt.Trophies {
			j := trophyJSON(tt.Title, tr, true)
			n++
			if cw != nil {
				if err := cw.Write(csvRow(tt, j, pf)); err != nil {
					return err
				}
				continue
			}
			b, err := json.Marshal(exportRow{j, pf})
			if err != nil {
				return err
			}
			b = escapeForTerminal(b)
			sep := ",\n  "
			if first {
				sep, first = "\n  ", false
			}
			if _, err := io.WriteString(w, sep+string(b)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	if cw != nil {
		cw.Flush()
		return n, cw.Error()
	}
	if n > 0 {
		io.WriteString(w, "\n")
	}
	_, err = io.WriteString(w, "]\n")
	return n, err
}

// exportRow is an object of export's JSON: the fields of trophies --json and the title's play time.
type exportRow struct {
	jsonTrophy
	playFields
}

func csvRow(tt store.TitleTrophies, j jsonTrophy, pf playFields) []string {
	opt := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	seconds := ""
	if pf.PlayDuration != nil {
		seconds = strconv.FormatInt(*pf.PlayDuration, 10)
	}
	earnedAt, rate := "", ""
	if j.EarnedAt != nil {
		earnedAt = j.EarnedAt.Format(time.RFC3339)
	}
	if j.EarnedRate != nil {
		rate = strconv.FormatFloat(*j.EarnedRate, 'f', 1, 64)
	}
	row := []string{j.NPCommunicationID, j.Title, tt.Title.TrophyTitlePlatform, j.GroupID, j.Group,
		strconv.Itoa(j.TrophyID), j.Name, j.Grade, strconv.FormatBool(j.Hidden), strconv.FormatBool(j.Earned),
		earnedAt, rate, j.Rarity, opt(j.Progress), opt(j.ProgressTarget), j.Detail, j.IconURL, seconds, opt(pf.PlayCount)}
	// A CSV file is for people and may go to a terminal: every cell, Sony's ids included, goes through
	// the one cleaner (CSV has no escape for control characters).
	for i, c := range row {
		row[i] = ui.CleanLine(c)
	}
	return row
}
