package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// Play time in the command line: titles --json and export carry playDuration (seconds) and
// playCount for the titles Sony keeps play time for (PS4 and PS5 games); stats has hours per month
// where they can be told; sync fetches it (its last step) and sync --plan says what that costs.

// playFields are the play time fields of a title in titles --json and export (absent for a title
// without play time: PS3, Vita and PC titles, games never mapped).
type playFields struct {
	PlayDuration *int64 `json:"playDuration,omitempty"` // seconds
	PlayCount    *int   `json:"playCount,omitempty"`
}

func playFieldsOf(pt store.PlayTimes, npCommID string) playFields {
	p, ok := pt.Of(npCommID)
	if !ok {
		return playFields{}
	}
	secs, count := int64(p.Duration/time.Second), p.Count
	return playFields{PlayDuration: &secs, PlayCount: &count}
}

// playTime reads the account's play time under the session's policy (the played-games list when
// stale, games never mapped to their trophy title; see store.PlayTime). It never fails the command:
// what cannot be had is the note it returns (for stderr), and the titles go without play time.
func (s *session) playTime(ctx context.Context) (store.PlayTimes, string) {
	pt, err := s.lib.PlayTime(ctx, s.account.ID, s.policy)
	switch {
	case errors.Is(err, store.ErrNotCached):
		return pt, "play time not cached yet, and --offline sends no request"
	case psnapi.IsForbidden(err) || psnapi.IsForbidden(pt.Err):
		return pt, fmt.Sprintf("play time: %s's played games are private", s.displayName())
	case err != nil:
		return pt, "play time left out: " + userMessage(err)
	case pt.Unmapped > 0:
		return pt, fmt.Sprintf("play time: %s not matched to their trophy titles yet (%s; psn-client sync does it)",
			plural(pt.Unmapped, "game", "games"), plural(store.MapRequests(pt.Unmapped), "request", "requests"))
	}
	return pt, ""
}

// syncPlayTime is sync's last step: the played-games list and the mapping of new games to their
// trophy titles, at the sync's background priority. It returns the line sync prints.
func (s *session) syncPlayTime(ctx context.Context) (string, int) {
	pt, sent, err := s.lib.SyncPlayTime(ctx, s.account.ID)
	line := fmt.Sprintf("play time of %s: %s sent", plural(pt.Games, "game", "games"), plural(sent, "request", "requests"))
	switch {
	case psnapi.IsForbidden(err):
		line = fmt.Sprintf("play time: %s's played games are private", s.displayName())
	case err != nil && ctx.Err() == nil:
		line += "; not complete: " + userMessage(err)
	case pt.Unmapped > 0:
		line += fmt.Sprintf("; %s not matched yet (sync again)", plural(pt.Unmapped, "game", "games"))
	}
	return line, sent
}

// planPlayTime is sync --plan's line for the play time step.
func planPlayTime(c store.PlayTimeCost) string {
	if c.Requests() == 0 {
		return fmt.Sprintf("play time: nothing to fetch (%s)", plural(c.Games, "game", "games"))
	}
	about := ""
	if !c.Cached {
		about = "about "
	}
	line := "play time: " + about + plural(c.ListRequests, "request", "requests") + " for the played-games list"
	if c.MapRequests > 0 {
		line += fmt.Sprintf(", %s%s to match %s to their trophy titles (once)", about,
			plural(c.MapRequests, "request", "requests"), plural(c.Unmapped, "game", "games"))
	}
	return line
}

// statsWithPlay is stats --json: its fields and, once the played-games list is cached, playTime.
type statsWithPlay struct {
	jsonStats
	PlayTime *jsonPlayMonths `json:"playTime,omitempty"`
}

// jsonPlayMonths is stats --json's playTime.
type jsonPlayMonths struct {
	TotalSeconds    int64           `json:"totalSeconds"`
	PlacedSeconds   int64           `json:"placedSeconds"`
	UnplacedSeconds int64           `json:"unplacedSeconds"`
	Since           *time.Time      `json:"since,omitempty"`
	PerMonth        []jsonPlayMonth `json:"perMonth"`
}

type jsonPlayMonth struct {
	Month   string `json:"month"`
	Seconds int64  `json:"seconds"`
}

func playMonthsJSON(pm store.PlayMonths) *jsonPlayMonths {
	j := &jsonPlayMonths{TotalSeconds: int64(pm.Total() / time.Second), PlacedSeconds: int64(pm.Placed / time.Second),
		UnplacedSeconds: int64(pm.Unplaced / time.Second), Since: timePtr(pm.Since), PerMonth: []jsonPlayMonth{}}
	for _, m := range pm.Months {
		j.PerMonth = append(j.PerMonth, jsonPlayMonth{Month: m.Month.Format("2006-01"), Seconds: int64(m.Played / time.Second)})
	}
	return j
}

// writePlayMonths is stats' "Hours played per month": hours placed in months, and how much of the
// whole that is (the rest cannot honestly be given a month).
func writePlayMonths(w io.Writer, width int, pm store.PlayMonths) {
	fmt.Fprintln(w, "\nHours played per month")
	// The twelve months up to the last one with hours placed (the months since, if any, had none).
	months := pm.Months
	for len(months) > 0 && months[len(months)-1].Played < time.Hour/2 {
		months = months[:len(months)-1]
	}
	var rows []barRow
	for _, m := range months[max(0, len(months)-12):] {
		rows = append(rows, barRow{m.Month.Format("2006-01"), int(math.Round(m.Played.Hours()))})
	}
	if len(rows) > 0 {
		writeBars(w, width, rows)
	}
	fmt.Fprintln(w, fit(fmt.Sprintf("placed in a month: %s of %s h", hours(pm.Placed), hours(pm.Total())), width))
	if pm.Unplaced > 0 {
		fmt.Fprintln(w, fit("(Sony tells a game's hours, not when)", width))
	}
}

func hours(d time.Duration) string { return thousands(int(math.Round(d.Hours()))) }
