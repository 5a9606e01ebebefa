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
	var reveal, wide bool
	cmd := &cobra.Command{
		Use:   "trophies NPCOMMID|NAME",
		Short: "One title's trophies merged with the account's earned status",
		Long: `trophies lists one title's trophies with the account's earned status. Name the title by its
npCommunicationId (see psn-client titles; shell completion offers the cached ones) or by its name:
case, accents, ™ ®, apostrophes and punctuation do not matter, and a part of the name is enough when
only one title has it. When several titles match, they are listed.`,
		Example: `  psn-client trophies NPWR20188_00
  psn-client trophies "astros playroom"
  psn-client trophies NPWR10600_00 --reveal --json`,
		Args:              minimumArgs(1, "an npCommunicationId or a title name (see psn-client titles)"),
		ValidArgsFunction: completeTitleIDs(env, g),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openSession(cmd.Context(), env, g, true)
			if err != nil {
				return err
			}
			defer s.Close()
			tt, listNote, err := s.titleTrophies(cmd.Context(), strings.Join(args, " "))
			s.endWaits()
			if err != nil {
				return s.explain(err)
			}
			// One note: the title's own when it came from the cache, else the list's it was found in.
			if note := s.cacheNote(tt.Offline, tt.Err, tt.FetchedAt); note != "" {
				listNote = note
			}
			if listNote != "" {
				defer fmt.Fprintln(env.Stderr, listNote)
			}
			if g.json {
				return writeJSON(env.Stdout, trophiesJSON(tt, reveal))
			}
			writeTrophyTable(env.Stdout, tt, reveal, wide)
			return nil
		},
	}
	addUserFlags(cmd, g, true)
	addPolicyFlags(cmd, g)
	cmd.Flags().BoolVar(&reveal, "reveal", false, "show the names of hidden trophies not yet earned")
	cmd.Flags().BoolVar(&wide, "wide", false, "add each trophy's description: a checklist")
	return cmd
}

// titleTrophies finds the title in the account's list (it tells the platform and set version the
// trophy requests need, and whether the cached trophies are current) and returns its merged
// trophies under the session's policy, with the note for a title list served from the cache.
func (s *session) titleTrophies(ctx context.Context, idOrName string) (store.TitleTrophies, string, error) {
	title, list, err := s.findTitle(ctx, idOrName)
	if err != nil {
		return store.TitleTrophies{}, "", err
	}
	tt, err := s.lib.Trophies(ctx, s.account.ID, title, s.policy)
	if err != nil {
		return tt, "", s.notCached(err, fmt.Sprintf("the trophies of %s are", ui.CleanLine(title.TrophyTitleName)))
	}
	return tt, s.cacheNote(list.Offline, list.Err, list.FetchedAt), nil
}

// findTitle finds a title by npCommunicationId or by name (see matchTitles) in the title list as the
// policy reads it, and in a fresh list when that one has no match (a title played since).
func (s *session) findTitle(ctx context.Context, idOrName string) (psnapi.TrophyTitle, store.TitleList, error) {
	cached, wasCached, _ := s.lib.CachedTitles(s.account.ID)
	var list store.TitleList
	var err error
	if s.policy == store.Refresh {
		// The pages that changed tell whether the title did: every page is not needed for one title.
		list, err = s.lib.RefreshTitles(ctx, s.account.ID)
	} else {
		list, err = s.lib.Titles(ctx, s.account.ID, s.policy)
	}
	if err != nil {
		return psnapi.TrophyTitle{}, list, s.notCached(err, "the title list is")
	}
	if found := matchTitles(list.Titles, idOrName); len(found) > 0 {
		t, err := oneTitle(idOrName, found)
		return t, list, err
	}
	fromCache := wasCached && list.FetchedAt.Equal(cached.FetchedAt)
	if s.policy != store.Offline && fromCache {
		if list, err = s.lib.RefreshTitles(ctx, s.account.ID); err != nil {
			return psnapi.TrophyTitle{}, list, err
		}
		if found := matchTitles(list.Titles, idOrName); len(found) > 0 {
			t, err := oneTitle(idOrName, found)
			return t, list, err
		}
	}
	where := possessive(s.accountName()) + " trophy list"
	if s.policy == store.Offline {
		where = possessive(s.accountName()) + " cached trophy list (--offline sends no request)"
	}
	return psnapi.TrophyTitle{}, list, userError{fmt.Sprintf("no title %q in %s (see psn-client titles)", idOrName, where)}
}

// matchTitles returns the title whose npCommunicationId is idOrName, else the titles whose name
// matches it whole under the browser's rule (ui.Fold: case, accents, ™®, apostrophes and
// punctuation do not matter), else those whose name contains it.
func matchTitles(titles []psnapi.TrophyTitle, idOrName string) []psnapi.TrophyTitle {
	id := strings.ToUpper(strings.TrimSpace(idOrName))
	for _, t := range titles {
		if t.NPCommunicationID == id {
			return []psnapi.TrophyTitle{t}
		}
	}
	key := ui.Fold(idOrName)
	if key == "" {
		return nil
	}
	var whole, part []psnapi.TrophyTitle
	for _, t := range titles {
		switch k := ui.Fold(t.TrophyTitleName); {
		case k == key:
			whole = append(whole, t)
		case strings.Contains(k, key):
			part = append(part, t)
		}
	}
	if len(whole) > 0 {
		return whole
	}
	return part
}

// oneTitle is the only match, or an error listing the candidates by id, name and platform.
func oneTitle(query string, found []psnapi.TrophyTitle) (psnapi.TrophyTitle, error) {
	if len(found) == 1 {
		return found[0], nil
	}
	const shown = 8
	var b strings.Builder
	fmt.Fprintf(&b, "%q matches %d titles: ", query, len(found))
	for i, t := range found[:min(len(found), shown)] {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s %s (%s)", t.NPCommunicationID, ui.CleanLine(t.TrophyTitleName), platformLabel(t.TrophyTitlePlatform))
	}
	if len(found) > shown {
		fmt.Fprintf(&b, "; and %d more", len(found)-shown)
	}
	b.WriteString(". Name one by its NPCOMMID")
	return psnapi.TrophyTitle{}, userError{b.String()}
}

// completeTitleIDs completes a trophies argument with the npCommunicationIds of the account's cached
// title list, each described by its name. It reads the cache only: completing never sends a request.
func completeTitleIDs(env Env, g *globalFlags) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 || g.demo {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		lib, err := store.Open(storePaths(env), store.Options{Language: languageTag(firstNonEmpty(env.Getenv("PSN_LANG"), env.Getenv("LC_ALL"), env.Getenv("LANG")))})
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		acct, err := lib.ResolveUser(cmd.Context(), g.user) // no client: the cache or nothing
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		list, ok, err := lib.CachedTitles(acct.ID)
		if err != nil || !ok {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		prefix := strings.ToUpper(toComplete)
		var out []cobra.Completion
		for _, t := range list.Titles {
			if strings.HasPrefix(t.NPCommunicationID, prefix) {
				out = append(out, cobra.CompletionWithDesc(ui.CleanLine(t.NPCommunicationID), ui.CleanLine(t.TrophyTitleName)))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
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
	Platform          string     `json:"platform"`
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
		Platform:          title.TrophyTitlePlatform,
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

// writeTrophyTable prints a title's trophies; wide adds their descriptions (a checklist).
func writeTrophyTable(w io.Writer, tt store.TitleTrophies, reveal, wide bool) {
	fmt.Fprintf(w, "%s · %s · %s · %d%%\n\n", ui.CleanLine(tt.Title.TrophyTitleName),
		platformLabel(tt.Title.TrophyTitlePlatform), plural(len(tt.Trophies), "trophy", "trophies"), tt.Title.Progress)
	header := []string{"ID", "GROUP", "G", "TROPHY", "EARNED", "RARITY", "PROGRESS"}
	if wide {
		header = []string{"ID", "GROUP", "G", "TROPHY", "DESCRIPTION", "EARNED", "RARITY", "PROGRESS"}
	}
	t := newTable(header...).alignRight(0).limit(1, 24).limit(3, 50)
	if wide {
		t.limit(4, 90)
	}
	for _, tr := range tt.Trophies {
		row := []string{fmt.Sprint(tr.TrophyID), groupLabel(tr), tr.TrophyType.Letter(), trophyName(tr, reveal)}
		if wide {
			detail := tr.TrophyDetail
			if !trophyVisible(tr, reveal) {
				detail = "(hidden: --reveal shows it)"
			}
			row = append(row, detail)
		}
		t.add(append(row, earnedLabel(tr), rarityLabel(tr.Status), progressLabel(tr))...)
	}
	t.write(w)
}

// groupLabel names the trophy's group as the browser does: "Base game" for the default group.
func groupLabel(t store.Trophy) string { return ui.GroupLabel(t.TrophyGroupID, t.GroupName) }

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
