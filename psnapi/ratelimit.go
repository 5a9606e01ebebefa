package psnapi

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
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

func shortDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
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

// RateSnapshot is the budget as the status bar shows it.
type RateSnapshot struct {
	Used          int           // requests sent within the window
	Limit         int           // 0 when the budget is off
	Window        time.Duration // 0 when the budget is off
	ResetAt       time.Time     // when the oldest counted request leaves the window; zero if none
	NextAvailable time.Time     // after a 429, when Sony accepts requests again; zero if none
	InFlight      int
	Waiting       int // requests queued for budget or an in-flight slot
}

// RateHistory is the window restored across runs (from requests.log).
type RateHistory struct {
	Sent          []time.Time
	NextAvailable time.Time
}

// limiter decides when each request may go: the sliding window, the background reserve, a 429's
// next-available time and the in-flight cap, granting interactive waiters before background
// ones and each class in arrival order.
type limiter struct {
	mu          sync.Mutex
	limit       int
	window      time.Duration
	bgCap       int // background requests go only while used < bgCap
	maxInFlight int

	sent          []time.Time // ascending
	nextAvailable time.Time
	inFlight      int
	queues        [2][]*waiter // by Priority

	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	timerAt     time.Time
	timerCancel context.CancelFunc

	subs   map[int]chan RateSnapshot
	nextID int

	hookMu        sync.Mutex // serialises the user hooks
	onSent        func(time.Time)
	onRateLimited func(time.Time)
}

type waiter struct {
	prio     Priority
	ready    chan struct{} // closed when granted or refused
	granted  bool
	refused  error // a *RateLimitedError for a waiter that may not wait that long
	failFast bool
	deadline time.Time // the context's, on the real clock; zero if none
	endpoint string
}

// unwilling reports whether w may not wait until at (injected clock, now being its present).
// The deadline is on the real clock: compare durations.
func (w *waiter) unwilling(at, now time.Time) bool {
	return w.failFast || (!w.deadline.IsZero() && time.Until(w.deadline) < at.Sub(now))
}

func newLimiter(o Options) *limiter {
	l := &limiter{
		maxInFlight:   o.MaxInFlight,
		now:           o.Now,
		sleep:         o.Sleep,
		onSent:        o.OnSent,
		onRateLimited: o.OnRateLimited,
		subs:          map[int]chan RateSnapshot{},
	}
	if !o.RateLimit.Off() {
		l.limit = o.RateLimit.Requests
		l.window = o.RateLimit.Window
		reserve := o.Reserve
		switch {
		case reserve == 0:
			reserve = DefaultReserve
		case reserve < 0:
			reserve = 0
		case reserve > 1:
			reserve = 1
		}
		// At least one background request per window: a reserve of 100% would starve sync forever.
		l.bgCap = max(1, l.limit-int(float64(l.limit)*reserve+0.5))
	}
	now := l.now()
	for _, t := range o.History.Sent {
		if l.window > 0 && t.After(now.Add(-l.window)) {
			l.sent = append(l.sent, t)
		}
	}
	sort.Slice(l.sent, func(i, j int) bool { return l.sent[i].Before(l.sent[j]) })
	l.nextAvailable = o.History.NextAvailable
	return l
}

// DefaultReserve is the share of the window kept for interactive requests.
const DefaultReserve = 0.2

// DefaultMaxInFlight caps concurrent requests per client.
const DefaultMaxInFlight = 4

// prune drops the sent times that left the window.
func (l *limiter) prune(now time.Time) {
	if l.window <= 0 {
		l.sent = l.sent[:0]
		return
	}
	cut := now.Add(-l.window)
	i := 0
	for i < len(l.sent) && !l.sent[i].After(cut) {
		i++
	}
	if i > 0 {
		l.sent = append(l.sent[:0], l.sent[i:]...)
	}
}

// capFor is how many requests may be in the window for a priority to go.
func (l *limiter) capFor(p Priority) int {
	if p == Background {
		return l.bgCap
	}
	return l.limit
}

// readyAt is the earliest time a request of priority p could go as far as the budget is
// concerned (ignoring the in-flight cap); <= now means it may go now.
func (l *limiter) readyAt(p Priority, now time.Time) time.Time {
	at := now
	if l.nextAvailable.After(at) {
		at = l.nextAvailable
	}
	if l.limit > 0 {
		if over := len(l.sent) - l.capFor(p); over >= 0 {
			if t := l.sent[over].Add(l.window); t.After(at) {
				at = t
			}
		}
	}
	return at
}

// acquire waits until a request may be sent, counts it in the window and takes an in-flight
// slot; the returned release gives the slot back.
func (l *limiter) acquire(ctx context.Context, endpoint string) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w := &waiter{prio: PriorityFrom(ctx), ready: make(chan struct{}), failFast: failFast(ctx), endpoint: endpoint}
	if w.prio != Background {
		w.prio = Interactive
	}
	if dl, ok := ctx.Deadline(); ok {
		w.deadline = dl
	}
	l.mu.Lock()
	l.queues[w.prio] = append(l.queues[w.prio], w)
	granted := l.dispatch()
	l.mu.Unlock()
	l.runSentHooks(granted)

	select {
	case <-w.ready:
		if w.refused != nil {
			return nil, w.refused
		}
		return l.releaser(), nil
	case <-ctx.Done():
		l.mu.Lock()
		if w.granted {
			// Granted while we were giving up: hand the slot back.
			l.inFlight--
		} else if w.refused == nil {
			l.remove(w)
		}
		granted := l.dispatch()
		l.mu.Unlock()
		l.runSentHooks(granted)
		return nil, ctx.Err()
	}
}

func (l *limiter) releaser() func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			l.inFlight--
			granted := l.dispatch()
			l.mu.Unlock()
			l.runSentHooks(granted)
		})
	}
}

func (l *limiter) remove(w *waiter) {
	q := l.queues[w.prio]
	for i, x := range q {
		if x == w {
			l.queues[w.prio] = append(q[:i:i], q[i+1:]...)
			return
		}
	}
}

// dispatch grants every waiter that may go now, interactive first, and schedules a wake-up for
// the time the budget frees. It returns the send times to report to OnSent. Call with l.mu held.
func (l *limiter) dispatch() []time.Time {
	now := l.now()
	l.prune(now)
	var granted []time.Time
	for {
		var w *waiter
		if len(l.queues[Interactive]) > 0 {
			w = l.queues[Interactive][0]
		} else if len(l.queues[Background]) > 0 {
			w = l.queues[Background][0]
		}
		if w == nil || l.inFlight >= l.maxInFlight || l.readyAt(w.prio, now).After(now) {
			break
		}
		l.queues[w.prio] = l.queues[w.prio][1:]
		if l.limit > 0 {
			l.sent = append(l.sent, now)
		}
		l.inFlight++
		w.granted = true
		close(w.ready)
		granted = append(granted, now)
	}
	l.refuseUnwilling(now)
	l.schedule(now)
	l.publish()
	return granted
}

// refuseUnwilling fails the waiters that asked not to wait (WithFailFast, or a deadline before
// the budget frees) as soon as the budget, not just the in-flight cap, holds them back: at
// enqueue time, or later when a 429 arrives while they queue behind requests in flight.
func (l *limiter) refuseUnwilling(now time.Time) {
	for p := range l.queues {
		kept := l.queues[p][:0]
		for _, w := range l.queues[p] {
			at := l.readyAt(w.prio, now)
			if !at.After(now) || !w.unwilling(at, now) {
				kept = append(kept, w)
				continue
			}
			status := 0
			if !l.nextAvailable.Before(at) {
				status = http.StatusTooManyRequests // Sony's pause, not our own window, holds it
			}
			w.refused = &RateLimitedError{NextAvailable: at, Status: status, Endpoint: w.endpoint,
				Message: "not waiting for the request budget"}
			close(w.ready)
		}
		clear(l.queues[p][len(kept):])
		l.queues[p] = kept
	}
}

// schedule arms one wake-up at the time the head waiter's budget frees, replacing an older one.
func (l *limiter) schedule(now time.Time) {
	var head *waiter
	if len(l.queues[Interactive]) > 0 {
		head = l.queues[Interactive][0]
	} else if len(l.queues[Background]) > 0 {
		head = l.queues[Background][0]
	}
	var at time.Time
	if head != nil {
		at = l.readyAt(head.prio, now)
		if !at.After(now) {
			at = time.Time{} // only the in-flight cap holds it: a release will dispatch
		}
	}
	if at.Equal(l.timerAt) {
		return
	}
	if l.timerCancel != nil {
		l.timerCancel()
		l.timerCancel = nil
	}
	l.timerAt = at
	if at.IsZero() {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	l.timerCancel = cancel
	d := at.Sub(now)
	go func() {
		if l.sleep(ctx, d) != nil {
			return
		}
		l.mu.Lock()
		if ctx.Err() != nil { // replaced meanwhile
			l.mu.Unlock()
			return
		}
		l.timerAt = time.Time{}
		l.timerCancel = nil
		cancel()
		granted := l.dispatch()
		l.mu.Unlock()
		l.runSentHooks(granted)
	}()
}

func (l *limiter) runSentHooks(times []time.Time) {
	if len(times) == 0 || l.onSent == nil {
		return
	}
	l.hookMu.Lock()
	defer l.hookMu.Unlock()
	for _, t := range times {
		l.onSent(t)
	}
}

// rateLimited records a 429: nothing is sent before until.
func (l *limiter) rateLimited(until time.Time) {
	l.mu.Lock()
	changed := until.After(l.nextAvailable)
	if changed {
		l.nextAvailable = until
	}
	granted := l.dispatch()
	l.mu.Unlock()
	l.runSentHooks(granted)
	if changed && l.onRateLimited != nil {
		l.hookMu.Lock()
		l.onRateLimited(until)
		l.hookMu.Unlock()
	}
}

func (l *limiter) snapshot() RateSnapshot {
	now := l.now()
	l.prune(now)
	s := RateSnapshot{
		Used:     len(l.sent),
		Limit:    l.limit,
		Window:   l.window,
		InFlight: l.inFlight,
		Waiting:  len(l.queues[Interactive]) + len(l.queues[Background]),
	}
	if len(l.sent) > 0 {
		s.ResetAt = l.sent[0].Add(l.window)
	}
	if l.nextAvailable.After(now) {
		s.NextAvailable = l.nextAvailable
	}
	return s
}

// publish pushes the current snapshot to subscribers, dropping a value they have not read yet so
// a slow reader never blocks the client. Call with l.mu held.
func (l *limiter) publish() {
	if len(l.subs) == 0 {
		return
	}
	s := l.snapshot()
	for _, ch := range l.subs {
		select {
		case <-ch:
		default:
		}
		select {
		case ch <- s:
		default:
		}
	}
}

func (l *limiter) subscribe() (<-chan RateSnapshot, func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	id := l.nextID
	l.nextID++
	ch := make(chan RateSnapshot, 1)
	ch <- l.snapshot()
	l.subs[id] = ch
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			l.mu.Lock()
			delete(l.subs, id)
			close(ch)
			l.mu.Unlock()
		})
	}
}
