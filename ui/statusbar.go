package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// statusBar is the last line of every screen: account · breadcrumb on the left; a 429 countdown,
// requests running, the rate window and the offline note on the right.
type statusBar struct {
	spin     spinner.Model
	spinning bool

	rate    psnapi.RateSnapshot
	hasRate bool

	limitedUntil time.Time // after a 429: no request before this
	ticking      bool
	tickSeq      int

	offline  bool
	cachedAt time.Time

	note     string
	noteWarn bool // the note says something failed (a compare target that cannot be compared)
	noteSeq  int
}

func newStatusBar() statusBar {
	return statusBar{spin: spinner.New(spinner.WithSpinner(spinner.Spinner{
		Frames: []string{"⣾", "⣽", "⣻", "⢿", "⡿", "⣟", "⣯", "⣷"},
		FPS:    time.Second / 10,
	}))}
}

// startSpinner starts the tick chain; a duplicate chain is harmless (the spinner drops stale tags).
func (s *statusBar) startSpinner() tea.Cmd {
	s.spinning = true
	return s.spin.Tick
}

func (s *statusBar) setRate(r psnapi.RateSnapshot, now time.Time) {
	s.rate, s.hasRate = r, true
	if r.NextAvailable.After(now) {
		s.limitedUntil = r.NextAvailable
	}
}

// onResult records what a result message says about the rate window, a 429 and offline data.
func (s *statusBar) onResult(r result, c *Common) tea.Cmd {
	now := c.Now()
	if snap, ok := r.rateInfo(); ok {
		s.setRate(snap, now)
	}
	var rl *psnapi.RateLimitedError
	if err := r.failure(); err != nil && errors.As(err, &rl) && rl.NextAvailable.After(now) {
		s.limitedUntil = rl.NextAvailable
	}
	if a, ok := r.(interface{ isCacheRead() bool }); !ok || !a.isCacheRead() {
		if stale, at := r.offline(); stale {
			// The note tells the age of the oldest data on screen.
			if !s.offline || at.Before(s.cachedAt) {
				s.cachedAt = at
			}
			s.offline = true
		} else if r.failure() == nil {
			s.offline = false
		}
	}
	if notes := r.storeNotes(); len(notes) > 0 {
		text := notes[0]
		if len(notes) > 1 {
			text += fmt.Sprintf(" (+%d more)", len(notes)-1)
		}
		return tea.Batch(s.setWarn(c, text), s.maybeCountdown(c))
	}
	return s.maybeCountdown(c)
}

// maybeCountdown starts the one-second tick while a 429 countdown runs (and only then).
func (s *statusBar) maybeCountdown(c *Common) tea.Cmd {
	if s.ticking || !s.limitedUntil.After(c.Now()) {
		return nil
	}
	s.ticking = true
	s.tickSeq++
	return countdownTick(c, s.tickSeq)
}

func countdownTick(c *Common, seq int) tea.Cmd {
	return c.tick(time.Second, func(time.Time) tea.Msg { return countdownTickMsg{seq: seq} })
}

// setNote shows a transient note for three seconds; a newer note is never erased by an older timer.
// Every note goes through the one cleaner here, whatever it carries (a store note names files and
// repeats errors; an error can repeat Sony's strings).
func (s *statusBar) setNote(c *Common, text string) tea.Cmd {
	s.noteSeq++
	s.note, s.noteWarn = clean(text), false
	seq := s.noteSeq
	return c.tick(3*time.Second, func(time.Time) tea.Msg { return noteExpiredMsg{seq: seq} })
}

// setWarn is setNote for a failure: shown in the warning style, kept longer and before other segments.
func (s *statusBar) setWarn(c *Common, text string) tea.Cmd {
	s.noteSeq++
	s.note, s.noteWarn = clean(text), true
	seq := s.noteSeq
	return c.tick(6*time.Second, func(time.Time) tea.Msg { return noteExpiredMsg{seq: seq} })
}

// update handles the status bar's own messages (spinner ticks, countdown ticks, note expiry).
func (s *statusBar) update(msg tea.Msg, c *Common) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if len(c.tasks) == 0 {
			s.spinning = false
			return nil
		}
		var cmd tea.Cmd
		s.spin, cmd = s.spin.Update(msg)
		c.frame = s.spin.View()
		return cmd
	case countdownTickMsg:
		if msg.seq != s.tickSeq {
			return nil
		}
		if s.limitedUntil.After(c.Now()) {
			return countdownTick(c, s.tickSeq)
		}
		s.ticking = false
		s.limitedUntil = time.Time{}
	case noteExpiredMsg:
		if msg.seq == s.noteSeq {
			s.note = ""
		}
	}
	return nil
}

// segment is one piece of the status bar; pieces with lower keep are dropped first when space runs out.
type segment struct {
	text, short string // short replaces text when the line is tight ("" drops it instead)
	keep        int
	warn        bool
}

// view builds exactly one line of at most w cells.
func (s *statusBar) view(c *Common, crumbs []string, w int) string {
	if w <= 0 {
		return ""
	}
	st := c.Styles
	now := c.Now()
	var right []segment
	if s.limitedUntil.After(now) {
		left := duration(s.limitedUntil.Sub(now))
		right = append(right, segment{text: "rate limited by PSN · next request in " + left, short: "429 · wait " + left, keep: 9, warn: true})
	}
	if n := len(c.tasks); n > 0 {
		frame := c.frame
		if frame == "" {
			frame = s.spin.Spinner.Frames[0]
		}
		right = append(right, segment{text: frame + " " + plural(n, "request", "requests"), short: frame + " " + strconv.Itoa(n), keep: 6})
	}
	if s.note != "" {
		// A long note (a store note names a file) gives way to its head rather than vanishing.
		short := truncate(s.note, max(12, w/2))
		if s.noteWarn {
			right = append(right, segment{text: s.note, short: short, keep: 10, warn: true})
		} else {
			right = append(right, segment{text: s.note, short: short, keep: 5})
		}
	}
	if s.hasRate && s.rate.Limit > 0 {
		right = append(right, segment{text: fmt.Sprintf("%s/%s in %s", commas(s.rate.Used), commas(s.rate.Limit), shortDuration(s.rate.Window)),
			short: commas(s.rate.Used) + "/" + commas(s.rate.Limit), keep: 8})
		if s.rate.Used > 0 && s.rate.ResetAt.After(now) {
			right = append(right, segment{text: "resets " + roughDuration(s.rate.ResetAt.Sub(now)), keep: 2})
		}
	}
	if s.offline {
		txt := "offline"
		if !s.cachedAt.IsZero() {
			txt += " · cached " + ago(s.cachedAt, now)
		}
		right = append(right, segment{text: txt, short: "offline", keep: 7, warn: true})
	}
	account := segment{text: c.displayName(), keep: 1}
	if c.Compare != nil {
		account.keep = 3 // "FakeHunter vs TrophyFriend" says which mode this is: kept before the reset time
	}
	crumb := strings.Join(crumbs, " › ")
	minCrumb := min(12, max(4, w/6))
	const sep = " · "

	total := func() int {
		n := 1 + width(crumb) + 1 // leading space, trailing space
		if account.text != "" {
			n += width(account.text) + len(sep) - 2 // " · " is 3 cells
		}
		for i, r := range right {
			if i > 0 {
				n += 3
			}
			n += width(r.text)
		}
		if len(right) > 0 {
			n += 2
		}
		return n
	}
	// Fit: first drop what matters less than the crumb (account, reset time), then shorten every
	// segment, then cut the crumb (down to minCrumb), then drop the rest, lowest priority first.
	const crumbKeep = 4
	fits := func(crumbW int) bool { return total()-width(crumb)+crumbW <= w }
	dropLowest := func(below int) bool {
		lowest, at := below, -2
		if account.text != "" && account.keep < lowest {
			lowest, at = account.keep, -1
		}
		for i, r := range right {
			if r.keep < lowest {
				lowest, at = r.keep, i
			}
		}
		switch at {
		case -2:
			return false
		case -1:
			account.text = ""
		default:
			right = append(right[:at], right[at+1:]...)
		}
		return true
	}
	for !fits(width(crumb)) && dropLowest(crumbKeep) {
	}
	if !fits(width(crumb)) {
		for i := range right {
			if right[i].short != "" {
				right[i].text = right[i].short
			}
		}
	}
	for !fits(min(width(crumb), minCrumb)) && dropLowest(100) {
	}
	// Right side.
	var rb strings.Builder
	rw := 0
	for i, r := range right {
		if i > 0 {
			rb.WriteString(st.StatusRight.Render(sep))
			rw += 3
		}
		if r.warn {
			rb.WriteString(st.StatusWarn.Render(r.text))
		} else {
			rb.WriteString(st.StatusRight.Render(r.text))
		}
		rw += width(r.text)
	}
	// Left side: account, then the crumb cut to what is left.
	left, lw := " ", 1
	if account.text != "" {
		left += st.StatusAccount.Render(account.text) + st.StatusRight.Render(sep)
		lw += width(account.text) + 3
	}
	room := w - lw - rw - 1
	if rw > 0 {
		room -= 2
	}
	if room < 1 && rw > 0 {
		// Still too narrow (tiny widths): keep the right side's first segment only, cut to fit.
		return fit(" "+truncate(right[0].text, max(0, w-2)), w)
	}
	cr := truncate(crumb, max(0, room))
	left += st.StatusCrumb.Render(cr)
	lw += width(cr)
	gap := w - lw - rw - 1
	if gap < 0 {
		return truncate(left, w)
	}
	return left + spaces(gap) + rb.String() + " "
}
