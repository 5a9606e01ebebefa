package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// liveLine is the one place on stderr where a command says what it is waiting for, and where sync
// shows its progress. It follows the client's budget (Subscribe), so a wait for the request budget
// or for Sony's 429 pause is said as soon as it starts, whatever the command does meanwhile:
//
//   - on a terminal, one line redrawn in place that counts down and is erased when the wait ends
//     (sync's line stays, with its progress);
//   - off a terminal, plain lines that keep a log short: one when a wait starts (a wait of the same
//     kind at most once a minute), and for sync one at each tenth of the way and one at the end.
//
// Waits of a second or less are not said. Our own even pacing of background work is sync's steady
// state ("keeping to 300/15m" in its progress), never a wait line.
type liveLine struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	width int // terminal columns, 0 when unknown
	now   func() time.Time

	rate     psnapi.RateSnapshot // the latest snapshot of the budget
	progress *store.SyncProgress // sync's latest report; nil for other commands

	drawn    string                          // terminal: the text on screen, "" when none
	printed  string                          // off a terminal: the last progress line printed
	lastTick int                             // off a terminal: the tenth of the way last printed
	waitSaid map[psnapi.WaitReason]time.Time // off a terminal: when each kind of wait was last said
	stopped  bool

	stopFollow func()
}

// waitSayAgain is how long, off a terminal, a wait of one kind is not said again: when the budget is
// spent, requests go one by one as old ones leave the window, and each would be a "new" wait.
const waitSayAgain = time.Minute

// liveTick is how often a terminal line is redrawn (only when its text changed): the countdown
// moves by the second.
const liveTick = 250 * time.Millisecond

func newLiveLine(w io.Writer, tty bool, width int, now func() time.Time) *liveLine {
	if now == nil {
		now = time.Now
	}
	return &liveLine{w: w, tty: tty, width: width, now: now, lastTick: -1, waitSaid: map[psnapi.WaitReason]time.Time{}}
}

// follow shows the waits of a client until stop: every snapshot it pushes (one comes the moment a
// request starts to wait), and on a terminal a redraw every liveTick for the countdown.
func (l *liveLine) follow(subscribe func() (<-chan psnapi.RateSnapshot, func())) {
	ch, cancel := subscribe()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(liveTick)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case s, ok := <-ch:
				if !ok {
					return
				}
				l.setRate(s)
			case <-t.C:
				l.tick()
			}
		}
	}()
	var once sync.Once
	l.stopFollow = func() {
		once.Do(func() {
			close(done)
			cancel()
			<-finished
		})
	}
}

// tick redraws a terminal line whose countdown moved.
func (l *liveLine) tick() {
	if !l.tty {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.render(false)
}

func (l *liveLine) setRate(s psnapi.RateSnapshot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s.At.Before(l.rate.At) {
		return
	}
	l.rate = s
	l.render(false)
}

// report takes a sync progress report (the callback of store.Library.Sync).
func (l *liveLine) report(p store.SyncProgress) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !p.Rate.At.Before(l.rate.At) {
		l.rate = p.Rate
	}
	l.progress = &p
	l.render(true)
}

// lastProgress is sync's last report (nil before the first).
func (l *liveLine) lastProgress() *store.SyncProgress {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.progress == nil {
		return nil
	}
	p := *l.progress
	return &p
}

// above writes f's output (stdout or stderr) with the terminal line out of the way: erased first,
// drawn again after.
func (l *liveLine) above(f func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.tty && l.drawn != "" {
		fmt.Fprint(l.w, "\r\x1b[2K")
		l.drawn = ""
	}
	f()
	if !l.stopped {
		l.render(false)
	}
}

// stop ends the line: a wait line is erased, sync's progress stays with its last counts (the
// SyncResult's), off a terminal printed once more when they moved since the last line.
func (l *liveLine) stop() {
	if l.stopFollow != nil {
		l.stopFollow()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		return
	}
	l.stopped = true
	final := ""
	if l.progress != nil {
		// The counts only: what is left and at what pace is over, whether it finished or stopped.
		l.progress.RequestsLeft = 0
		final = progressText(*l.progress, "", l.barWidth())
	}
	if l.tty {
		switch {
		case final != "":
			l.draw(final)
			fmt.Fprintln(l.w)
		case l.drawn != "":
			fmt.Fprint(l.w, "\r\x1b[2K")
		}
		l.drawn = ""
		return
	}
	if l.progress != nil {
		if line := progressText(*l.progress, "", 0); line != l.printed {
			fmt.Fprintln(l.w, line)
			l.printed = line
		}
	}
}

func (l *liveLine) barWidth() int {
	if l.tty {
		return 24
	}
	return 0
}

// render shows the current state; progressed says a sync report just came. Call with mu held.
func (l *liveLine) render(progressed bool) {
	if l.stopped {
		return
	}
	now := l.now()
	wait, reason := waitText(l.rate, now, l.tty)
	if l.tty {
		text := wait
		if l.progress != nil {
			text = progressText(*l.progress, wait, l.barWidth())
		}
		if text != l.drawn {
			if text == "" {
				fmt.Fprint(l.w, "\r\x1b[2K")
				l.drawn = ""
			} else {
				l.draw(text)
			}
		}
		return
	}
	if l.progress != nil && progressed {
		p := *l.progress
		tick := 0
		if p.TitlesTotal > 0 {
			tick = p.TitlesDone * 10 / p.TitlesTotal
		}
		if tick != l.lastTick && p.TitlesTotal > 0 {
			l.lastTick = tick
			l.printed = progressText(p, "", 0)
			fmt.Fprintln(l.w, l.printed)
		}
	}
	if wait == "" {
		return
	}
	if at, said := l.waitSaid[reason]; said && now.Sub(at) < waitSayAgain && !now.Before(at) {
		return
	}
	l.waitSaid[reason] = now
	if l.progress != nil {
		fmt.Fprintln(l.w, progressText(*l.progress, wait, 0))
		return
	}
	fmt.Fprintln(l.w, wait)
}

// draw puts text on the terminal line, cut to one row: a line wider than the terminal would wrap,
// and \r redraws only its last row. Call with mu held.
func (l *liveLine) draw(text string) {
	line := text
	if l.width > 1 {
		line = ansi.Truncate(line, l.width-1, "…")
	}
	fmt.Fprintf(l.w, "\r\x1b[2K%s", line)
	l.drawn = text
}

// waitText says what holds a queued request back, when that is the request budget or Sony's 429
// pause and lasts more than a second: "waiting 1m50s for the request budget (300/15m)", "PSN asked
// to wait (429) · 24s". Pacing and the in-flight cap are not waits worth a line. On a terminal it
// adds how to stop.
func waitText(s psnapi.RateSnapshot, now time.Time, tty bool) (string, psnapi.WaitReason) {
	if s.Waiting == 0 {
		return "", psnapi.WaitNone
	}
	left := s.WaitUntil.Sub(now)
	if left < time.Second {
		return "", psnapi.WaitNone
	}
	// Counted down in whole seconds, up: a wait is never shown as over before it is.
	if r := left % time.Second; r > 0 {
		left += time.Second - r
	}
	var text string
	switch s.WaitReason {
	case psnapi.WaitBudget:
		text = fmt.Sprintf("waiting %s for the request budget (%s)", roundDuration(left), budgetLabel(s.Limit, s.Window))
	case psnapi.WaitPause:
		text = fmt.Sprintf("PSN asked to wait (429) · %s", roundDuration(left))
	default:
		return "", psnapi.WaitNone
	}
	if tty {
		text += " · ctrl-c stops"
	}
	return text, s.WaitReason
}

// budgetLabel prints a budget as PSN_RATE_LIMIT spells it: 300/15m.
func budgetLabel(limit int, window time.Duration) string {
	return fmt.Sprintf("%d/%s", limit, windowLabel(window))
}

// progressText says where sync is: titles, requests sent, the pace it keeps to and the time left
// at it, or what it waits for.
func progressText(p store.SyncProgress, wait string, barWidth int) string {
	var b strings.Builder
	if p.TitlesTotal == 0 {
		b.WriteString("reading the title list")
		if wait != "" {
			b.WriteString(" · " + wait)
		}
		return b.String()
	}
	if barWidth > 0 {
		b.WriteString(bar(p.TitlesDone, p.TitlesTotal, barWidth) + " ")
	}
	fmt.Fprintf(&b, "%s/%s titles · %s sent", thousands(p.TitlesDone), thousands(p.TitlesTotal), plural(p.Requests, "request", "requests"))
	if wait != "" {
		b.WriteString(" · " + wait)
		return b.String()
	}
	if p.RequestsLeft > 0 {
		if p.Rate.Limit > 0 && p.Rate.Window > 0 {
			b.WriteString(" · keeping to " + budgetLabel(backgroundCap(p.Rate), p.Rate.Window))
		}
		fmt.Fprintf(&b, " · %s left", thousands(p.RequestsLeft))
		if p.ETA > 0 {
			fmt.Fprintf(&b, ", about %s", roundDuration(p.ETA))
		}
	}
	return b.String()
}

// backgroundCap is how many requests of the window background work may use now: the whole budget
// when nothing interactive runs, less the reserve while something does.
func backgroundCap(s psnapi.RateSnapshot) int {
	if s.BackgroundCap > 0 {
		return s.BackgroundCap
	}
	return s.Limit
}
