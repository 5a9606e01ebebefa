package cli

import (
	"context"
	"fmt"
	"github.com/psnclient/psn-client/ui"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

func newTrophiesCmd(env Env, g *globalFlags) *cobra.Command {
	var reveal bool
	cmd := &cobra.Command{
		Use:   "trophies NPCOMMID",
		Short: "One title's trophies merged with the account's earned status",
		Example: `  psn-client trophies NPWR20188_00
  psn-client trophies NPWR10600_00 --reveal --json`,
		Args: exactArgs(1, "one npCommunicationId (see psn-client titles)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openSession(cmd.Context(), env, g, true)
			if err != nil {
				return err
			}
			defer s.Close()
			tt, err := s.titleTrophies(cmd.Context(), args[0])
			if err != nil {
				return s.explain(err)
			}
			if g.json {
				return writeJSON(env.Stdout, trophiesJSON(tt, reveal))
			}
			writeTrophyTable(env.Stdout, tt, reveal)
			s.noteOffline(tt.Offline, tt.FetchedAt)
			return nil
		},
	}
	addUserFlags(cmd, g, true)
	cmd.Flags().BoolVar(&reveal, "reveal", false, "show the names of hidden trophies not yet earned")
	return cmd
}

// titleTrophies finds the title in the account's list (cached when possible: the list tells the
// platform and set version the trophy requests need) and returns its merged trophies.
func (s *session) titleTrophies(ctx context.Context, npCommID string) (store.TitleTrophies, error) {
	title, err := s.findTitle(ctx, npCommID)
	if err != nil {
		return store.TitleTrophies{}, err
	}
	return s.lib.TitleTrophies(ctx, s.account.ID, title)
}

func (s *session) findTitle(ctx context.Context, npCommID string) (psnapi.TrophyTitle, error) {
	npCommID = strings.ToUpper(strings.TrimSpace(npCommID))
	if list, ok, err := s.lib.CachedTitles(s.account.ID); err == nil && ok {
		for _, t := range list.Titles {
			if t.NPCommunicationID == npCommID {
				return t, nil
			}
		}
	}
	list, err := s.lib.RefreshTitles(ctx, s.account.ID)
	if err != nil {
		return psnapi.TrophyTitle{}, err
	}
	for _, t := range list.Titles {
		if t.NPCommunicationID == npCommID {
			return t, nil
		}
	}
	return psnapi.TrophyTitle{}, userError{fmt.Sprintf("no title %s in %s's trophy list (see psn-client titles)", npCommID, s.accountName())}
}

func (s *session) accountName() string {
	if s.account.OnlineID != "" {
		return s.account.OnlineID
	}
	if s.account.ID == "me" || s.account.ID == "" {
		return "your"
	}
	return s.account.ID
}

// hiddenName is what a hidden, unearned trophy shows until the user asks to reveal it.
const hiddenName = "Hidden trophy"

func trophyVisible(t store.Trophy, reveal bool) bool {
	return reveal || !t.TrophyHidden || t.Status.Earned
}

type jsonTrophy struct {
	NPCommunicationID string     `json:"npCommunicationId"`
	Title             string     `json:"title"`
	GroupID           string     `json:"groupId"`
	Group             string     `json:"group"`
	TrophyID          int        `json:"trophyId"`
	Name              string     `json:"name"`
	Detail            string     `json:"detail"`
	Grade             string     `json:"grade"`
	Hidden            bool       `json:"hidden"`
	Earned            bool       `json:"earned"`
	EarnedAt          *time.Time `json:"earnedAt,omitempty"`
	EarnedRate        *float64   `json:"earnedRate,omitempty"`
	Rarity            string     `json:"rarity,omitempty"`
	Progress          *int       `json:"progress,omitempty"`
	ProgressTarget    *int       `json:"progressTarget,omitempty"`
	Reward            string     `json:"reward,omitempty"`
	IconURL           string     `json:"iconUrl,omitempty"`
}

func trophiesJSON(tt store.TitleTrophies, reveal bool) []jsonTrophy {
	out := make([]jsonTrophy, 0, len(tt.Trophies))
	for i := range tt.Trophies {
		out = append(out, trophyJSON(tt.Title, tt.Trophies[i], reveal))
	}
	return out
}

func trophyJSON(title psnapi.TrophyTitle, t store.Trophy, reveal bool) jsonTrophy {
	j := jsonTrophy{
		NPCommunicationID: title.NPCommunicationID,
		Title:             title.TrophyTitleName,
		GroupID:           t.TrophyGroupID,
		Group:             t.GroupName,
		TrophyID:          t.TrophyID,
		Name:              t.TrophyName,
		Detail:            t.TrophyDetail,
		Grade:             string(t.TrophyType),
		Hidden:            t.TrophyHidden,
		Earned:            t.Status.Earned,
		Reward:            t.TrophyRewardName,
		IconURL:           t.TrophyIconURL,
	}
	if !trophyVisible(t, reveal) {
		j.Name, j.Detail, j.IconURL, j.Reward = "", "", "", ""
	}
	j.EarnedAt = timePtr(t.Status.EarnedDateTime)
	if t.Status.TrophyEarnedRate != "" {
		r := t.Status.EarnedRate()
		j.EarnedRate = &r
		j.Rarity = t.Status.TrophyRare.String()
	}
	if target := t.ProgressTarget(); target > 0 {
		p := t.Status.ProgressValue()
		if t.Status.Earned {
			p = target
		}
		j.Progress, j.ProgressTarget = &p, &target
	}
	return j
}

func writeTrophyTable(w io.Writer, tt store.TitleTrophies, reveal bool) {
	fmt.Fprintf(w, "%s · %s · %d trophies · %d%%\n\n", ui.CleanLine(tt.Title.TrophyTitleName),
		platformLabel(tt.Title.TrophyTitlePlatform), len(tt.Trophies), tt.Title.Progress)
	t := newTable("ID", "GROUP", "G", "TROPHY", "EARNED", "RARITY", "PROGRESS").alignRight(0).limit(1, 24).limit(3, 50)
	for _, tr := range tt.Trophies {
		name := tr.TrophyName
		if !trophyVisible(tr, reveal) {
			name = hiddenName
		}
		earned := "–"
		if tr.Status.Earned {
			earned = shortDate(tr.Status.EarnedDateTime)
			if earned == "–" {
				earned = "yes"
			}
		}
		t.add(fmt.Sprint(tr.TrophyID), groupLabel(tr), tr.TrophyType.Letter(), name, earned, rarityLabel(tr.Status), progressLabel(tr))
	}
	t.write(w)
}

func groupLabel(t store.Trophy) string {
	if t.GroupName != "" {
		return t.GroupName
	}
	if t.TrophyGroupID == "default" {
		return "Base game"
	}
	return t.TrophyGroupID
}

func rarityLabel(e psnapi.EarnedTrophy) string {
	if e.TrophyEarnedRate == "" {
		return "–"
	}
	return fmt.Sprintf("%.1f%% %s", e.EarnedRate(), e.TrophyRare)
}

func progressLabel(t store.Trophy) string {
	target := t.ProgressTarget()
	if target == 0 {
		return ""
	}
	if t.Status.Earned {
		return fmt.Sprintf("%d/%d", target, target)
	}
	return fmt.Sprintf("%d/%d", t.Status.ProgressValue(), target)
}
