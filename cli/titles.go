package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

func newTitlesCmd(env Env, g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "titles",
		Short: "List the account's trophy titles (games) with progress and grade counts",
		Example: `  psn-client titles
  psn-client titles --user TrophyFriend --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openSession(cmd.Context(), env, g, true)
			if err != nil {
				return err
			}
			defer s.Close()
			list, err := s.titles(cmd.Context())
			var play store.PlayTimes
			var playNote string
			if err == nil && g.json {
				play, playNote = s.playTime(cmd.Context())
			}
			s.endWaits()
			if playNote != "" {
				fmt.Fprintln(env.Stderr, playNote)
			}
			if err != nil {
				return s.explain(s.notCached(err, "the title list is"))
			}
			// Said after the answer, whichever form it takes.
			defer s.noteCached(list.Offline, list.Err, list.FetchedAt)
			if g.json {
				out := make([]jsonTitlePlay, len(list.Titles))
				for i, t := range list.Titles {
					out[i] = jsonTitlePlay{titleJSON(t), playFieldsOf(play, t.NPCommunicationID)}
				}
				return writeJSON(env.Stdout, out)
			}
			writeTitleTable(env.Stdout, list.Titles)
			return nil
		},
	}
	addUserFlags(cmd, g, true)
	addPolicyFlags(cmd, g)
	return cmd
}

// jsonTitlePlay is a title of titles --json: its fields and its play time.
type jsonTitlePlay struct {
	jsonTitle
	playFields
}

// titles returns the account's title list under the session's policy: the cache while it is fresh,
// else the pages that changed (the cache, marked Offline, when the budget is spent or PSN cannot be
// reached).
func (s *session) titles(ctx context.Context) (store.TitleList, error) {
	return s.lib.Titles(ctx, s.account.ID, s.policy)
}

func writeTitleTable(w io.Writer, titles []psnapi.TrophyTitle) {
	t := newTable("NPCOMMID", "TITLE", "PLATFORM", "PROGRESS", "P", "G", "S", "B", "LAST PLAYED").
		alignRight(3, 4, 5, 6, 7).limit(1, 50)
	for _, ti := range titles {
		d, e := ti.DefinedTrophies, ti.EarnedTrophies
		name := ti.TrophyTitleName
		if ti.HiddenFlag {
			name += " (hidden)"
		}
		t.add(ti.NPCommunicationID, name, platformLabel(ti.TrophyTitlePlatform), fmt.Sprintf("%d%%", ti.Progress),
			fraction(e.Platinum, d.Platinum), fraction(e.Gold, d.Gold), fraction(e.Silver, d.Silver),
			fraction(e.Bronze, d.Bronze), shortDate(ti.LastUpdatedDateTime))
	}
	t.write(w)
}
