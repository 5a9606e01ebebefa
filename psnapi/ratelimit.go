package psnapi

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Priority decides who gets the request budget first.
type Priority int

const (
	// Interactive is what the user just asked for. It may use the whole window and goes ahead of
	// every waiting background request.
	Interactive Priority = iota
	// Background is sync and prefetch work. It waits while the window is above limit − reserve,
	// so the user's own clicks always find budget left.
	Background
)

func (p Priority) String() string {
	if p == Background {
		return "background"
	}
	return "interactive"
}

type priorityKey struct{}
type failFastKey struct{}

// WithPriority marks the requests made with ctx. Without it requests are Interactive.
func WithPriority(ctx context.Context, p Priority) context.Context {
	return context.WithValue(ctx, priorityKey{}, p)
}

// PriorityFrom returns the priority WithPriority put in ctx.
func PriorityFrom(ctx context.Context) Priority {
	p, _ := ctx.Value(priorityKey{}).(Priority)
	return p
}

// WithFailFast makes requests that would have to wait for the budget (a 429's next-available
// time, or a full window) fail at once with *RateLimitedError instead. Without it they wait,
// as long as ctx allows: when ctx's deadline falls before the time the request could go, the
// request fails at once too rather than waiting for nothing.
func WithFailFast(ctx context.Context) context.Context {
	return context.WithValue(ctx, failFastKey{}, true)
}

func failFast(ctx context.Context) bool {
	v, _ := ctx.Value(failFastKey{}).(bool)
	return v
}

// RateLimit is a request budget: Requests per sliding Window. Requests == 0 means no budget
// (only the in-flight cap applies).
type RateLimit struct {
	Requests int
	Window   time.Duration
}

// DefaultRateLimit is what Sony is understood to allow: 300 requests per 15 minutes.
var DefaultRateLimit = RateLimit{Requests: 300, Window: 15 * time.Minute}

// Off reports whether the budget is disabled.
func (r RateLimit) Off() bool { return r.Requests <= 0 || r.Window <= 0 }

func (r RateLimit) String() string {
	if r.Off() {
		return "off"
	}
	return fmt.Sprintf("%d/%s", r.Requests, shortDuration(r.Window))
}

// shortDuration writes a window in the one unit ParseRateLimit reads back: 15m, 1h, 90s (not
// time.Duration's "1m30s", which PSN_RATE_LIMIT refuses). Only a window of a fraction of a second,
// which ParseRateLimit never gives, is written otherwise.
func shortDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return d.String()
}

var rateLimitPattern = regexp.MustCompile(`^(\d+)\s*(?:/|per)\s*(\d*)\s*([a-z]+)$`)

// ParseRateLimit reads PSN_RATE_LIMIT: "300/15m", "300/10s", "100/1h", "300/15min",
// "300 per 15m"; "off", "none", "0" disable the budget; "" gives DefaultRateLimit.
func ParseRateLimit(s string) (RateLimit, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "":
		return DefaultRateLimit, nil
	case "off", "none", "0", "unlimited":
		return RateLimit{}, nil
	}
	m := rateLimitPattern.FindStringSubmatch(s)
	if m == nil {
		return RateLimit{}, fmt.Errorf("psn: rate limit %q: want REQUESTS/WINDOW like 300/15m, or off", s)
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return RateLimit{}, fmt.Errorf("psn: rate limit %q: %v", s, err)
	}
	count := 1
	if m[2] != "" {
		// A window beyond a year is a typo, and would overflow time.Duration soon after.
		if count, err = strconv.Atoi(m[2]); err != nil || count <= 0 || count > 366*24*3600 {
			return RateLimit{}, fmt.Errorf("psn: rate limit %q: bad window", s)
		}
	}
	var unit time.Duration
	switch m[3] {
	case "s", "sec", "secs", "second", "seconds":
		unit = time.Second
	case "m", "min", "mins", "minute", "minutes":
		unit = time.Minute
	case "h", "hr", "hour", "hours":
		unit = time.Hour
	default:
		return RateLimit{}, fmt.Errorf("psn: rate limit %q: unknown unit %q (use s, m or h)", s, m[3])
	}
	if n == 0 {
		return RateLimit{}, nil
	}
	return RateLimit{Requests: n, Window: time.Duration(count) * unit}, nil
}

// RateSnapshot is the request budget as a status bar or a wait line shows it. With a Ledger (the
// store's requests.log) the counts are every process's, not only this client's.
//
// Front ends read it this way: a queued request waits until WaitUntil for WaitReason; WaitPause is
// Sony's 429 ("PSN asked to wait (429) · 24s"), WaitBudget our own full window ("waiting 1m50s for
// the request budget (300/15m)"), WaitPacing the even spacing of background work ("keeping to
// 300/15m"). Countdowns are WaitUntil − At (see Wait) and NextAvailable − At; they are fixed times,
// so a front end redraws them from its own tick without a new snapshot.
type RateSnapshot struct {
	Used   int           // requests inside the window (every process's with a Ledger); 0 when off
	Limit  int           // requests per window; 0 when the budget is off
	Window time.Duration // 0 when the budget is off
	// ResetAt is when the oldest counted request leaves the window (then Used falls by one); zero if
	// none. The client itself counts a request a fiftieth of the window longer (Sony's clock and the
	// network are not ours): with the window full, WaitUntil is that much after ResetAt.
	ResetAt time.Time
	// NextAvailable is, while a 429 pause (this client's or another process's) lasts, its end;
	// zero otherwise. Never more than a window (at least Sony's 15 minutes) ahead.
	NextAvailable time.Time
	InFlight      int // requests being sent now by this client
	// Waiting is how many of this client's requests are queued (for the budget or an in-flight
	// slot), WaitingInteractive how many of those are interactive.
	Waiting            int
	WaitingInteractive int
	// WaitUntil is when the first queued request may go as far as the budget is concerned; zero when
	// none waits or only the in-flight cap holds it. WaitReason says what holds it.
	WaitUntil  time.Time
	WaitReason WaitReason
	// Interactive reports that an interactive process (this one or another) is running, so
	// background work keeps the reserve; BackgroundCap is how many requests of the window background
	// work may use now (Limit, or Limit minus the reserve while Interactive).
	Interactive   bool
	BackgroundCap int
	// Pace is the spacing of background requests at full speed (the window over BackgroundCap);
	// zero when the budget is off. A sync of n requests takes about n × Pace.
	Pace time.Duration
	// Shared reports that the budget is shared with other processes through a Ledger.
	Shared bool
	// At is the client's clock when the snapshot was taken.
	At time.Time
}

// Wait is how long the first queued request still waits for the budget (0 when it need not).
func (s RateSnapshot) Wait() time.Duration {
	if s.WaitUntil.After(s.At) {
		return s.WaitUntil.Sub(s.At)
	}
	return 0
}

// Pause is how long Sony's 429 pause still lasts (0 when none).
func (s RateSnapshot) Pause() time.Duration {
	if s.NextAvailable.After(s.At) {
		return s.NextAvailable.Sub(s.At)
	}
	return 0
}

// sameAs reports whether two snapshots say the same, whatever their At.
func (s RateSnapshot) sameAs(o RateSnapshot) bool {
	s.At, o.At = time.Time{}, time.Time{}
	return s.Used == o.Used && s.Limit == o.Limit && s.Window == o.Window && s.ResetAt.Equal(o.ResetAt) &&
		s.NextAvailable.Equal(o.NextAvailable) && s.InFlight == o.InFlight && s.Waiting == o.Waiting &&
		s.WaitingInteractive == o.WaitingInteractive && s.WaitUntil.Equal(o.WaitUntil) &&
		s.WaitReason == o.WaitReason && s.Interactive == o.Interactive && s.BackgroundCap == o.BackgroundCap &&
		s.Pace == o.Pace && s.Shared == o.Shared
}

// WaitReason says what holds a queued request back.
type WaitReason int

const (
	// WaitNone: nothing waits, or the first queued request may go now.
	WaitNone WaitReason = iota
	// WaitSlot: the budget allows it; it waits for one of the MaxInFlight requests to finish.
	WaitSlot
	// WaitPacing: background work is spread evenly over the window (one request per Pace).
	WaitPacing
	// WaitBudget: the window is spent (for background work: down to the interactive reserve);
	// WaitUntil is when its oldest request leaves.
	WaitBudget
	// WaitPause: Sony answered 429 (here or in another process) and named a time.
	WaitPause
)

func (w WaitReason) String() string {
	switch w {
	case WaitSlot:
		return "in-flight slot"
	case WaitPacing:
		return "pacing"
	case WaitBudget:
		return "request budget"
	case WaitPause:
		return "429 pause"
	}
	return "none"
}

// RateHistory is the window restored across runs when no Ledger is set.
type RateHistory struct {
	Sent          []time.Time
	NextAvailable time.Time
}

type sentCounterKey struct{}

// WithSentCounter makes every request sent on behalf of ctx add one to n: each attempt that went
// through the budget and was answered or failed on the way (retries included; waits that ended in a
// refusal, attempts cancelled before an answer, token refreshes and the OAuth endpoints not). Counters nest: an inner WithSentCounter adds to the
// outer ones too. Sync uses it to report "requests sent" as what was sent.
func WithSentCounter(ctx context.Context, n *atomic.Int64) context.Context {
	prev, _ := ctx.Value(sentCounterKey{}).([]*atomic.Int64)
	all := append(append([]*atomic.Int64(nil), prev...), n)
	return context.WithValue(ctx, sentCounterKey{}, all)
}

func countSent(ctx context.Context) {
	all, _ := ctx.Value(sentCounterKey{}).([]*atomic.Int64)
	for _, n := range all {
		n.Add(1)
	}
}
