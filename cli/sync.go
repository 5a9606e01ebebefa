package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/store"
)

func newSyncCmd(env Env, g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Fill the cache with every title's trophies, within PSN's request budget",
		Long: `sync fetches the title list, then the trophies of every title that is new or changed since the
last sync, and nothing else. It keeps to the request budget (PSN_RATE_LIMIT, 300 per 15 minutes by
default), waiting rather than provoking a rate limit, so a first sync of a large library takes hours.
Stop it any time with Ctrl-C: what was fetched is kept and the next sync fetches only the rest.`,
		Example: "  psn-client sync\n  psn-client sync --user TrophyFriend",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openSession(cmd.Context(), env, g, true)
			if err != nil {
				return err
			}
			defer s.Close()
			// Nobody waits on a sync: it keeps the interactive reserve only while a browser or a
			// data command runs, and otherwise uses the whole budget.
			s.lib.SetInteractive(false)
			rep := newSyncReporter(env.Stderr, env.IsTerminal(env.Stderr), env.width(env.Stderr))
			stop := rep.countdown(time.Second)
			res, err := s.lib.Sync(cmd.Context(), s.account.ID, rep.report)
			stop()
			rep.finish()
			fmt.Fprintf(env.Stdout, "%d titles checked, %d fetched, %d requests sent\n", res.TitlesChecked, res.TitlesFetched, res.Requests)
			if errors.Is(err, context.Canceled) {
				fmt.Fprintln(env.Stderr, "sync stopped: what was fetched is kept; run sync again to fetch the rest")
				return silentError{ExitError}
			}
			return s.explain(err)
		},
	}
	addUserFlags(cmd, g, false)
	return cmd
}

// syncReporter draws sync progress: one redrawn bar on a terminal, plain lines (at each tenth of the
// way and at each rate-limit wait) otherwise, so logs stay short.
// On a terminal a rate-limit wait counts down once a second between reports.
type syncReporter struct {
	mu       sync.Mutex // reports come from sync's workers, redraws from the countdown
	w        io.Writer
	tty      bool
	width    int // terminal columns, 0 when unknown
	lastTick int
	waiting  bool
	drawn    bool
	last     store.SyncProgress
	lastAt   time.Time
	now      func() time.Time
}

func newSyncReporter(w io.Writer, tty bool, width int) *syncReporter {
	return &syncReporter{w: w, tty: tty, width: width, lastTick: -1, now: time.Now}
}

// countdown redraws the bar every interval while a wait is shown (terminal only); call the returned
// function to stop it.
func (r *syncReporter) countdown(interval time.Duration) (stop func()) {
	if !r.tty {
		return func() {}
	}
	t := time.NewTicker(interval)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				r.tick()
			case <-done:
				return
			}
		}
	}()
	return func() { t.Stop(); close(done) }
}

// tick redraws the last report with its wait shortened by the time since it came.
func (r *syncReporter) tick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.drawn || r.last.Waiting <= 0 {
		return
	}
	p := r.last
	p.Waiting = max(0, p.Waiting-r.now().Sub(r.lastAt))
	r.draw(p)
}

func (r *syncReporter) report(p store.SyncProgress) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last, r.lastAt = p, r.now()
	r.draw(p)
}

func (r *syncReporter) draw(p store.SyncProgress) {
	if r.tty {
		// One row only: a line wider than the terminal would wrap, and \r redraws just its last row.
		line := progressLine(p, 24)
		if r.width > 1 {
			line = ansi.Truncate(line, r.width-1, "…")
		}
		fmt.Fprintf(r.w, "\r\x1b[2K%s", line)
		r.drawn = true
		return
	}
	wait := p.Waiting > 0
	tick := 0
	if p.TitlesTotal > 0 {
		tick = p.TitlesDone * 10 / p.TitlesTotal
	}
	if tick != r.lastTick || (wait && !r.waiting) {
		fmt.Fprintln(r.w, progressLine(p, 0))
		r.lastTick = tick
	}
	r.waiting = wait
}

func (r *syncReporter) finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tty && r.drawn {
		fmt.Fprintln(r.w)
	}
}

// progressLine says where sync is: titles, requests of the window, ETA or the rate-limit wait.
func progressLine(p store.SyncProgress, barWidth int) string {
	var b strings.Builder
	if p.TitlesTotal == 0 {
		b.WriteString("reading the title list")
		if p.Waiting > 0 {
			fmt.Fprintf(&b, " · waiting %s for the rate limit", roundDuration(p.Waiting))
		}
		return b.String()
	}
	if barWidth > 0 {
		b.WriteString(bar(p.TitlesDone, p.TitlesTotal, barWidth) + " ")
	}
	fmt.Fprintf(&b, "%s/%s titles · %s requests sent", thousands(p.TitlesDone), thousands(p.TitlesTotal), thousands(p.Requests))
	if p.Rate.Limit > 0 {
		fmt.Fprintf(&b, " · %d/%d in %s", p.Rate.Used, p.Rate.Limit, windowLabel(p.Rate.Window))
	}
	switch {
	case p.Waiting > 0:
		fmt.Fprintf(&b, " · waiting %s for the rate limit", roundDuration(p.Waiting))
	case p.RequestsLeft > 0:
		fmt.Fprintf(&b, " · %s left", thousands(p.RequestsLeft))
		if p.ETA > 0 {
			fmt.Fprintf(&b, " · about %s", roundDuration(p.ETA))
		}
	}
	return b.String()
}

func windowLabel(d time.Duration) string {
	switch {
	case d <= 0:
		return "window"
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", int(d.Hours()))
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	default:
		return d.String()
	}
}

// bar draws a progress bar of eighth-blocks, width cells wide.
func bar(done, total, width int) string {
	if total <= 0 {
		total = 1
	}
	eighths := done * width * 8 / total
	if eighths > width*8 {
		eighths = width * 8
	}
	full := eighths / 8
	var b strings.Builder
	b.WriteString(strings.Repeat("█", full))
	if full < width {
		if rem := eighths % 8; rem > 0 {
			b.WriteRune([]rune("▏▎▍▌▋▊▉")[rem-1])
			full++
		}
		b.WriteString(strings.Repeat("░", width-full))
	}
	return b.String()
}
