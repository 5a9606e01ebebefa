package ui

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// A request that has to wait for the request budget says so at once, with a countdown that moves
// every second, and says why: our own budget (the window is spent) or Sony's 429 pause. The
// wording is shared by the status bar and the loading lines of views.

// hold is what holds the user's requests back right now: nothing (zero until), the spent window, or
// Sony's 429 pause.
type hold struct {
	until time.Time
	pause bool // Sony answered 429 and named a time
}

// holdOf reads a snapshot: the user's (interactive) requests wait, until WaitUntil, for Sony's 429
// pause or for the spent window. Interactive requests are never paced and go before background
// ones, so with one waiting the head waiter is the user's. Background-only waits (the fill) are not
// the user's: the fill's segment tells its own ETA.
func holdOf(s psnapi.RateSnapshot, now time.Time) hold {
	if s.WaitingInteractive == 0 || !s.WaitUntil.After(now) {
		return hold{}
	}
	switch s.WaitReason {
	case psnapi.WaitPause:
		return hold{until: s.WaitUntil, pause: true}
	case psnapi.WaitBudget:
		return hold{until: s.WaitUntil}
	}
	return hold{}
}

// pauseText is Sony's 429 countdown: "PSN asked to wait (429) · 24s".
func pauseText(left time.Duration) string { return "PSN asked to wait (429) · " + countdown(left) }

// budgetText is our own wait: "waiting 1m50s for the request budget (300/15m)".
func budgetText(left time.Duration, s psnapi.RateSnapshot) string {
	t := "waiting " + countdown(left) + " for the request budget"
	if s.Limit > 0 && s.Window > 0 {
		t += fmt.Sprintf(" (%d/%s)", s.Limit, shortDuration(s.Window))
	}
	return t
}

// text words the hold for a loading line ("" when nothing holds), and in short for narrow screens
// ("budget · 1m50s", "429 · 24s").
func (h hold) text(s psnapi.RateSnapshot, now time.Time) (long, short string) {
	if !h.until.After(now) {
		return "", ""
	}
	left := h.until.Sub(now)
	if h.pause {
		return pauseText(left), "429 · " + countdown(left)
	}
	return budgetText(left, s), "budget · " + countdown(left)
}

// countdown is a wait to the second, rounded up so it never reads 0s while it lasts: "1m50s", "24s",
// "1h05m".
func countdown(d time.Duration) string {
	s := int((max(d, 0) + time.Second - 1) / time.Second)
	switch {
	case s >= 3600:
		return fmt.Sprintf("%dh%02dm", s/3600, s/60%60)
	case s >= 60:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%ds", s)
}

// eta is an estimate, as precise as it deserves: "3h10m", "25m", "4m30s", "45s".
func eta(d time.Duration) string {
	d = max(d, 0)
	switch {
	case d >= time.Hour:
		d = d.Round(time.Minute)
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d/time.Minute)%60)
	case d >= 10*time.Minute:
		return fmt.Sprintf("%dm", int(d.Round(time.Minute)/time.Minute))
	}
	return countdown(d)
}

// rateTickMsg redraws what moves with time alone (the window's count and reset, a countdown) once a
// second while anything is in the window or a wait runs.
type rateTickMsg struct{ seq int }

// rateReadMsg answers readRate: the client's snapshot now.
type rateReadMsg struct {
	seq  int
	snap psnapi.RateSnapshot
}

// readRate reads the client's rate window in a command (it takes the client's lock).
func readRate(rate func() psnapi.RateSnapshot, seq int) tea.Cmd {
	return func() tea.Msg { return rateReadMsg{seq: seq, snap: rate()} }
}
