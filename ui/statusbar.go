package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// statusBar is the last line of every screen: account · breadcrumb on the left; a 429 countdown,
// lookups and requests running, the background fill, the rate window and the cache's age on the right.
type statusBar struct {
	spin     spinner.Model
	spinning bool

	rate    psnapi.RateSnapshot
	hasRate bool

	limitedUntil time.Time // Sony's 429 pause: no request before this
	// The one-second tick runs while anything is in the window or a wait runs (tick.go's rule:
	// needsTick); tickSeq tells the live chain from an old one.
	ticking bool
	tickSeq int

	offline  bool // the network failed: the data shown is the cache
	cachedAt time.Time
	// budgetStale: the request budget was spent, so the cache was served (not offline); views
	// refresh it at refreshAt (budgetFreedMsg).
	budgetStale bool
	refreshAt   time.Time

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

// onResult records what a result message says about the rate window, a 429 and cached data.
func (s *statusBar) onResult(r result, c *Common) tea.Cmd {
	now := c.Now()
	if snap, ok := r.rateInfo(); ok {
		s.setRate(snap, now)
	}
	var rl *psnapi.RateLimitedError
	if err := r.failure(); err != nil && errors.As(err, &rl) && rl.Status == http.StatusTooManyRequests && rl.NextAvailable.After(now) {
		s.limitedUntil = rl.NextAvailable
	}
	if a, ok := r.(interface{ isCacheRead() bool }); !ok || !a.isCacheRead() {
		if stale, at, why := r.offline(); stale {
			// The note tells the age of the oldest data on screen.
			if !s.offline && !s.budgetStale || at.Before(s.cachedAt) {
				s.cachedAt = at
			}
			if d, ok := store.BudgetFreeIn(why, now); ok && !psnapi.IsNetwork(why) {
				// Not offline: the budget is spent. The cache stays on screen and views refresh it
				// when the budget frees (never sooner than a second, so a refusal cannot spin).
				s.budgetStale = true
				if at := now.Add(max(d, time.Second)); at.After(s.refreshAt) {
					s.refreshAt = at
				}
			} else {
				s.offline = true
			}
		} else if r.failure() == nil {
			s.offline, s.budgetStale = false, false
		}
	}
	if notes := r.storeNotes(); len(notes) > 0 {
		text := notes[0]
		if len(notes) > 1 {
			text += fmt.Sprintf(" (+%d more)", len(notes)-1)
		}
		return tea.Batch(s.setWarn(c, text), s.maybeTick(c))
	}
	return s.maybeTick(c)
}

// needsTick: the status bar moves with time alone while anything is in the window (requests leave
// it: the count falls, the reset comes nearer), a request waits, or a countdown runs.
func (s *statusBar) needsTick(now time.Time) bool {
	return s.hasRate && (s.rate.Used > 0 || s.rate.Waiting > 0) || s.limitedUntil.After(now) || !s.refreshAt.IsZero()
}

// maybeTick starts the one-second tick when it is needed and not running.
func (s *statusBar) maybeTick(c *Common) tea.Cmd {
	if s.ticking || !s.needsTick(c.Now()) {
		return nil
	}
	s.ticking = true
	s.tickSeq++
	return rateTick(c, s.tickSeq)
}

func rateTick(c *Common, seq int) tea.Cmd {
	return c.tick(time.Second, func(time.Time) tea.Msg { return rateTickMsg{seq: seq} })
}

// afterTick ends what time has ended and re-arms the tick while it is still needed. When the budget
// frees for cached data on screen, views are told to refresh it.
func (s *statusBar) afterTick(c *Common, seq int) tea.Cmd {
	now := c.Now()
	if !s.limitedUntil.After(now) {
		s.limitedUntil = time.Time{}
	}
	var freed tea.Cmd
	if !s.refreshAt.IsZero() && !s.refreshAt.After(now) {
		s.refreshAt = time.Time{}
		freed = send(budgetFreedMsg{})
	}
	if seq != s.tickSeq {
		return freed
	}
	if !s.needsTick(now) {
		s.ticking = false
		return freed
	}
	return tea.Batch(freed, rateTick(c, seq))
}

// setNote shows a transient note for three seconds; a newer note is never erased by an older timer.
// Every note goes through the one cleaner here, whatever it carries (a store note names files and
// repeats errors; an error can repeat Sony's strings).
func (s *statusBar) setNote(c *Common, text string) tea.Cmd {
	return s.noteFor(c, text, false, 3*time.Second)
}

// setWarn is setNote for a failure: shown in the warning style, kept longer and before other segments.
func (s *statusBar) setWarn(c *Common, text string) tea.Cmd {
	return s.noteFor(c, text, true, 6*time.Second)
}

func (s *statusBar) noteFor(c *Common, text string, warn bool, d time.Duration) tea.Cmd {
	s.noteSeq++
	s.note, s.noteWarn = clean(text), warn
	seq := s.noteSeq
	return c.tick(d, func(time.Time) tea.Msg { return noteExpiredMsg{seq: seq} })
}

// update handles the status bar's own messages (spinner ticks, the one-second tick, note expiry).
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
	case rateTickMsg:
		if msg.seq != s.tickSeq || !s.ticking {
			return nil
		}
		if c.Rate != nil && !c.subscribed {
			// The window is read in a command (the client's lock, the ledger), never here. With a
			// subscription the client pushes what time changes in the window; the tick only moves
			// the countdowns, which are fixed times.
			return readRate(c.Rate, msg.seq)
		}
		return s.afterTick(c, msg.seq)
	case rateReadMsg:
		s.setRate(msg.snap, c.Now())
		return s.afterTick(c, msg.seq)
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
		left := countdown(s.limitedUntil.Sub(now))
		right = append(right, segment{text: "PSN asked to wait (429) · " + left, short: "429 · " + left, keep: 9, warn: true})
	}
	for _, l := range c.lookups() {
		// A lookup (--user, --compare, c) says what it waits for, with the wait if one runs.
		text := "looking up " + l + "…"
		if c.wait != "" {
			text += " · " + c.wait
		}
		right = append(right, segment{text: text, short: "looking up " + l + "…", keep: 9})
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
	if text, short := c.fill.segment(); text != "" {
		right = append(right, segment{text: text, short: short, keep: 4})
	}
	if s.hasRate && s.rate.Limit > 0 {
		right = append(right, segment{text: fmt.Sprintf("%s/%s in %s", commas(s.rate.Used), commas(s.rate.Limit), shortDuration(s.rate.Window)),
			short: commas(s.rate.Used) + "/" + commas(s.rate.Limit), keep: 8})
		if s.rate.Used > 0 && s.rate.ResetAt.After(now) {
			right = append(right, segment{text: "resets " + roughDuration(s.rate.ResetAt.Sub(now)), keep: 2})
		}
	}
	switch {
	case s.offline:
		txt := "offline"
		if !s.cachedAt.IsZero() {
			txt += " · cached " + ago(s.cachedAt, now)
		}
		right = append(right, segment{text: txt, short: "offline", keep: 7, warn: true})
	case s.budgetStale:
		// The budget is spent: the cache is shown, and refreshed when it frees.
		txt := "cached " + ago(s.cachedAt, now)
		if s.refreshAt.After(now) {
			txt += " · refresh in " + countdown(s.refreshAt.Sub(now))
		}
		right = append(right, segment{text: txt, short: "cached " + ago(s.cachedAt, now), keep: 7})
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
