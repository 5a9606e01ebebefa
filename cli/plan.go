package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/psnclient/psn-client/store"
)

// runPlan is sync --plan: the title list (only the pages that changed, as a sync reads it) and,
// from the cache, what a sync would fetch and how long that takes at the budget it would get.
func runPlan(ctx context.Context, s *session, asJSON bool) error {
	p, err := s.lib.Plan(ctx, s.account.ID)
	s.endWaits()
	if err != nil {
		return s.explain(err)
	}
	if asJSON {
		return writeJSON(s.env.Stdout, jsonPlan{
			Titles: p.Titles, ToFetch: p.ToFetch, New: p.New, Changed: p.ToFetch - p.New, GroupNames: p.GroupNames,
			Requests: p.Requests, ListRequests: p.ListRequests, PerWindow: p.PerWindow,
			WindowSeconds: int(p.Window / time.Second), ETASeconds: int(p.ETA.Round(time.Second) / time.Second),
			PlayTimeRequests: p.PlayTime.Requests(), PlayTimeMapRequests: p.PlayTime.MapRequests, PlayTimeEstimated: !p.PlayTime.Cached,
		})
	}
	fmt.Fprintln(s.env.Stdout, planLine(p))
	fmt.Fprintln(s.env.Stdout, planDetail(p))
	fmt.Fprintln(s.env.Stdout, planPlayTime(p.PlayTime))
	return nil
}

// planLine is the plan in one line: "2,053 titles · 1,204 to fetch · 2,511 requests · about 2h37m
// at 240/15m".
func planLine(p store.SyncPlan) string {
	head := plural(p.Titles, "title", "titles")
	if p.Requests == 0 {
		return head + " · nothing to fetch: the cache is complete"
	}
	line := fmt.Sprintf("%s · %s to fetch · %s", head, thousands(p.ToFetch), plural(p.Requests, "request", "requests"))
	switch {
	case p.PerWindow <= 0 || p.Window <= 0:
		return line + " · no request budget (PSN_RATE_LIMIT=off)"
	case p.ETA < time.Second:
		return line + " · right away at " + budgetLabel(p.PerWindow, p.Window)
	}
	return line + fmt.Sprintf(" · about %s at %s", roundDuration(p.ETA), budgetLabel(p.PerWindow, p.Window))
}

// planDetail says what the counts are made of and what the plan itself cost.
func planDetail(p store.SyncPlan) string {
	var parts []string
	if p.ToFetch > 0 {
		parts = append(parts, fmt.Sprintf("%s new, %s changed", thousands(p.New), thousands(p.ToFetch-p.New)))
	}
	if p.GroupNames > 0 {
		parts = append(parts, "DLC group names of "+plural(p.GroupNames, "title", "titles"))
	}
	parts = append(parts, plural(p.ListRequests, "request", "requests")+" sent to read the title list")
	return "(" + strings.Join(parts, "; ") + ")"
}

// jsonPlan is sync --plan --json.
type jsonPlan struct {
	Titles        int `json:"titles"`
	ToFetch       int `json:"toFetch"`
	New           int `json:"new"`
	Changed       int `json:"changed"`
	GroupNames    int `json:"groupNames"`
	Requests      int `json:"requests"`
	ListRequests  int `json:"listRequests"`
	PerWindow     int `json:"perWindow"`
	WindowSeconds int `json:"windowSeconds"`
	ETASeconds    int `json:"etaSeconds"`
	// The play time step: all its requests, those matching games to trophy titles (once), and
	// whether they are estimated (no played-games list cached yet).
	PlayTimeRequests    int  `json:"playTimeRequests"`
	PlayTimeMapRequests int  `json:"playTimeMapRequests"`
	PlayTimeEstimated   bool `json:"playTimeEstimated"`
}
