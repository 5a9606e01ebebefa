package psnapi

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"time"
)

// DefaultReserve is the share of the window kept for interactive requests while an interactive
// process runs.
const DefaultReserve = 0.2

// DefaultMaxInFlight caps concurrent requests per client.
const DefaultMaxInFlight = 4

// The limiter's tuning.
const (
	// jitterShare: a request counts for its window plus window/jitterShare, so that a request sent
	// the moment ours leaves our window does not reach Sony while Sony still counts the old one
	// (their clock, the network and a send after a token refresh are not ours).
	jitterShare = 50
	// burstShare: background work may send BackgroundCap/burstShare requests at once while the
	// window holds fewer than that (a sync of a few dozen requests goes at once); beyond it one
	// request per Pace. A long sync therefore pauses once, for a quarter of its first window, and
	// then sends evenly: the requests of the burst leave the window while it keeps pace.
	burstShare = 4
	// catchUp is how many paces late background work may catch up on at once.
	catchUp = 4
	// maxRateLimitPause is the longest 429 pause believed, whatever the header or another process's
	// record says: Sony's window. Times further ahead are nonsense (a clock set back, a bad header).
	maxRateLimitPause = 15 * time.Minute
)

// ratePollInterval is how often (real time) the limiter re-reads the ledger and pushes a snapshot
// to subscribers when something changed with time alone (requests leaving the window, a pause
// ending, another process's sends).
var ratePollInterval = time.Second

// limiter decides when each request may go: the sliding window (shared through a Ledger when there
// is one), the background reserve while an interactive process runs, even pacing of background
// work, a 429's next-available time and the in-flight cap. Interactive waiters are granted before
// background ones, each class in arrival order.
//
// Locking: a Ledger's critical section is entered before mu, never while holding it.
type limiter struct {
	mu          sync.Mutex
	limit       int
	window      time.Duration
	reserve     float64 // 0…1
	maxInFlight int
	ledger      Ledger

	sent          []time.Time // ascending: sends inside span() as last seen (every process's with a ledger)
	nextAvailable time.Time
	interactive   bool      // an interactive process runs: background keeps the reserve
	lastGrant     time.Time // our last background grant,
	lastDue       time.Time // and when its pacing allowed it (at most lastGrant)
	inFlight      int
	queues        [2][]*waiter // by Priority

	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	timerAt     time.Time
	timerCancel context.CancelFunc

	subs     map[int]chan RateSnapshot
	nextID   int
	last     RateSnapshot // last pushed
	pollStop chan struct{}

	hookMu        sync.Mutex // serialises the user hooks
	onSent        func(time.Time)
	onRateLimited func(time.Time)
}

type waiter struct {
	prio     Priority
	ready    chan struct{} // closed when granted or refused
	granted  bool
	refused  error // a *RateLimitedError for a waiter that may not wait that long, or the ledger's failure
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
		ledger:        o.Ledger,
		interactive:   true,
		now:           o.Now,
		sleep:         o.Sleep,
		onSent:        o.OnSent,
		onRateLimited: o.OnRateLimited,
		subs:          map[int]chan RateSnapshot{},
	}
	if !o.RateLimit.Off() {
		l.limit = o.RateLimit.Requests
		l.window = o.RateLimit.Window
		switch r := o.Reserve; {
		case r == 0:
			l.reserve = DefaultReserve
		case r < 0:
			l.reserve = 0
		case r > 1:
			l.reserve = 1
		default:
			l.reserve = r
		}
	}
	now := l.now()
	hist := append([]time.Time(nil), o.History.Sent...)
	sort.Slice(hist, func(i, j int) bool { return hist[i].Before(hist[j]) })
	l.absorb(LedgerView{Sent: hist, NextAvailable: o.History.NextAvailable, Interactive: true}, now)
	return l
}

// span is how long a request counts in the window: the window plus the jitter margin.
func (l *limiter) span() time.Duration { return l.window + l.window/jitterShare }

// bgCap is how many requests of the window background work may use now.
func (l *limiter) bgCap() int {
	if l.limit <= 0 {
		return 0
	}
	if !l.interactive {
		return l.limit
	}
	// At least one background request per window: a reserve of 100% would starve sync forever.
	return max(1, l.limit-int(float64(l.limit)*l.reserve+0.5))
}

// pace is the spacing of background requests beyond the burst.
func (l *limiter) pace() time.Duration {
	if c := l.bgCap(); c > 0 {
		return l.span() / time.Duration(c)
	}
	return 0
}

func (l *limiter) burst() int { return max(1, l.bgCap()/burstShare) }

// pauseLimit is the furthest ahead a 429 pause or a recorded send may lie and still be believed.
func (l *limiter) pauseLimit(now time.Time) time.Time {
	return now.Add(max(l.span(), maxRateLimitPause))
}

// absorb replaces the window with a ledger's view. Times beyond pauseLimit (a clock set back, a
// corrupt record) are ignored; sends a little in the future count as sent now. Call with mu held.
func (l *limiter) absorb(v LedgerView, now time.Time) {
	l.interactive = v.Interactive
	if t := v.NextAvailable; t.After(l.nextAvailable) && !t.After(l.pauseLimit(now)) {
		l.nextAvailable = t
	}
	l.sent = l.sent[:0]
	if l.limit <= 0 {
		return
	}
	limit := l.pauseLimit(now)
	for _, t := range v.Sent {
		if t.After(now) {
			if t.After(limit) {
				continue
			}
			t = now
		}
		l.sent = append(l.sent, t)
	}
	l.prune(now)
}

// prune drops the sent times that left the window.
func (l *limiter) prune(now time.Time) {
	if l.limit <= 0 {
		l.sent = l.sent[:0]
		return
	}
	cut := now.Add(-l.span())
	i := sort.Search(len(l.sent), func(i int) bool { return l.sent[i].After(cut) })
	if i > 0 {
		l.sent = append(l.sent[:0], l.sent[i:]...)
	}
}

// readyAt is the earliest time a request of priority p could go as far as the budget is concerned
// (ignoring the in-flight cap), and what holds it until then; at <= now means it may go now.
func (l *limiter) readyAt(p Priority, now time.Time) (at time.Time, why WaitReason) {
	at = now
	if l.nextAvailable.After(at) {
		at, why = l.nextAvailable, WaitPause
	}
	if l.limit <= 0 {
		return at, why
	}
	limit := l.limit
	if p == Background {
		limit = l.bgCap()
	}
	if over := len(l.sent) - limit; over >= 0 {
		if t := l.sent[over].Add(l.span()); t.After(at) {
			at, why = t, WaitBudget
		}
	}
	if p == Background {
		if t, ok := l.pacingDue(); ok && t.After(at) {
			at, why = t, WaitPacing
		}
	}
	return at, why
}

// pacingDue is when the next background request may go as far as the even pacing is concerned:
// one Pace after the last send of any process, or, when that was our own, after the time it was
// due. Each grant comes a little after its wake-up (timers, the ledger's lock, a worker busy
// writing), and pacing from the actual sends would add that up request after request. It never
// counts from more than catchUp paces before our last send, so that a long idle spell is not made
// up for with a burst. ok is false while the window holds fewer requests than the burst allowance.
func (l *limiter) pacingDue() (due time.Time, ok bool) {
	if l.limit <= 0 || len(l.sent) < l.burst() {
		return time.Time{}, false
	}
	pace := l.pace()
	last := l.sent[len(l.sent)-1]
	if last.Equal(l.lastGrant) {
		if early := last.Add(-catchUp * pace); l.lastDue.After(early) {
			last = l.lastDue
		} else {
			last = early
		}
	}
	return last.Add(pace), true
}

func (l *limiter) head() *waiter {
	if len(l.queues[Interactive]) > 0 {
		return l.queues[Interactive][0]
	}
	if len(l.queues[Background]) > 0 {
		return l.queues[Background][0]
	}
	return nil
}

// headMayGo reports whether the first waiter could be granted now, as far as this client knows.
func (l *limiter) headMayGo(now time.Time) bool {
	w := l.head()
	if w == nil || l.inFlight >= l.maxInFlight {
		return false
	}
	at, _ := l.readyAt(w.prio, now)
	return !at.After(now)
}

// acquire waits until a request may be sent, counts it in the window and takes an in-flight
// slot; the returned release gives the slot back. ctx also bounds the wait for the ledger.
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
	l.mu.Unlock()
	l.dispatch(ctx)

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
		l.mu.Unlock()
		l.kick()
		return nil, ctx.Err()
	}
}

func (l *limiter) releaser() func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			l.inFlight--
			l.mu.Unlock()
			l.kick()
		})
	}
}

// kick runs a dispatch for the waiters left: at once without a ledger, in the background with
// one, so that a finished request never waits on another process's lock.
func (l *limiter) kick() {
	if l.ledger == nil {
		l.dispatch(context.Background())
		return
	}
	go l.dispatch(context.Background())
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

// dispatch grants every waiter that may go now. With a ledger, it first checks what this client
// knows (a waiter that cannot go by it cannot go by the shared view either, except when the last
// interactive process ended, which the wake-up rechecks), then decides inside the ledger's critical
// section with every process's sends and pauses, recording its grants there.
func (l *limiter) dispatch(ctx context.Context) {
	if l.ledger == nil {
		l.mu.Lock()
		granted := l.step(l.now())
		l.mu.Unlock()
		l.runSentHooks(granted)
		return
	}
	l.mu.Lock()
	now := l.now()
	l.prune(now)
	if !l.headMayGo(now) {
		l.step(now) // grants nothing: refuses the unwilling, arms the wake-up, publishes
		l.mu.Unlock()
		return
	}
	since := l.since(now)
	l.mu.Unlock()
	var granted []time.Time
	err := l.ledger.Exchange(ctx, since, func(v LedgerView) LedgerRecord {
		l.mu.Lock()
		defer l.mu.Unlock()
		now := l.now()
		l.absorb(v, now)
		granted = l.step(now)
		return LedgerRecord{Sent: granted}
	})
	switch {
	case err == nil:
	case ctx.Err() != nil:
		// Only this caller gave up; the others still need a decision.
		go l.dispatch(context.Background())
	default:
		// The shared budget cannot be read (its lock is held elsewhere): every waiter would meet
		// the same, so none is left waiting silently.
		l.mu.Lock()
		l.refuseAll(err)
		l.publish(l.now())
		l.mu.Unlock()
	}
	l.runSentHooks(granted)
}

// since is how far back the ledger's view must reach.
func (l *limiter) since(now time.Time) time.Time {
	if l.limit <= 0 {
		return now
	}
	return now.Add(-l.span())
}

// step grants every waiter that may go now, interactive first, refuses those that asked not to
// wait, arms the wake-up for the time the head waiter's budget frees and pushes a snapshot. It
// returns the grant times. Call with mu held.
func (l *limiter) step(now time.Time) []time.Time {
	l.prune(now)
	var granted []time.Time
	for {
		w := l.head()
		if w == nil || l.inFlight >= l.maxInFlight {
			break
		}
		if at, _ := l.readyAt(w.prio, now); at.After(now) {
			break
		}
		if w.prio == Background {
			due, ok := l.pacingDue()
			if !ok {
				due = now
			}
			l.lastGrant, l.lastDue = now, due
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
	l.publish(now)
	return granted
}

// refuseUnwilling fails the waiters that asked not to wait (WithFailFast, or a deadline before
// the budget frees) as soon as the budget, not just the in-flight cap, holds them back: at
// enqueue time, or later when a 429 arrives while they queue behind requests in flight.
func (l *limiter) refuseUnwilling(now time.Time) {
	for p := range l.queues {
		kept := l.queues[p][:0]
		for _, w := range l.queues[p] {
			at, why := l.readyAt(w.prio, now)
			if !at.After(now) || !w.unwilling(at, now) {
				kept = append(kept, w)
				continue
			}
			status := 0
			if why == WaitPause {
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

// refuseAll fails every waiter with err. Call with mu held.
func (l *limiter) refuseAll(err error) {
	for p := range l.queues {
		for _, w := range l.queues[p] {
			w.refused = err
			close(w.ready)
		}
		clear(l.queues[p])
		l.queues[p] = l.queues[p][:0]
	}
}

// recheckAfter bounds a wait for the reserve while another process is interactive: when that
// process ends, the reserve is free, and only a fresh look at the ledger tells.
func (l *limiter) recheckAfter() time.Duration { return max(time.Second, l.window/100) }

// schedule arms one wake-up at the time the head waiter's budget frees, replacing an older one.
func (l *limiter) schedule(now time.Time) {
	var at time.Time
	if w := l.head(); w != nil {
		var why WaitReason
		at, why = l.readyAt(w.prio, now)
		if !at.After(now) {
			at = time.Time{} // only the in-flight cap holds it: a release will dispatch
		} else if l.ledger != nil && w.prio == Background && l.interactive && why != WaitPause &&
			at.Sub(now) > l.recheckAfter() {
			at = now.Add(l.recheckAfter())
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
		l.mu.Unlock()
		l.dispatch(context.Background())
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

// rateLimited records a 429: nothing is sent before until (by any process sharing the ledger).
// It returns the pause actually kept: until, brought within pauseLimit.
func (l *limiter) rateLimited(until time.Time) time.Time {
	l.mu.Lock()
	now := l.now()
	if limit := l.pauseLimit(now); until.After(limit) {
		until = limit
	}
	changed := until.After(l.nextAvailable)
	if changed {
		l.nextAvailable = until
	}
	var granted []time.Time
	if l.ledger == nil {
		granted = l.step(now) // refuses the waiters that will not wait that long
	}
	since := l.since(now)
	l.mu.Unlock()
	l.runSentHooks(granted)
	if !changed {
		return until
	}
	if l.ledger != nil {
		// Recorded even when the caller is gone: the other processes must hold back too.
		var more []time.Time
		err := l.ledger.Exchange(context.Background(), since, func(v LedgerView) LedgerRecord {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.absorb(v, l.now())
			more = l.step(l.now())
			return LedgerRecord{Sent: more, NextAvailable: until}
		})
		if err != nil {
			// Not shared, but kept here: the pause grants nothing, and refuses who will not wait.
			l.mu.Lock()
			l.step(l.now())
			l.mu.Unlock()
		}
		l.runSentHooks(more)
	}
	if l.onRateLimited != nil {
		l.hookMu.Lock()
		l.onRateLimited(until)
		l.hookMu.Unlock()
	}
	return until
}

// refresh brings the window up to date with the ledger, without waiting for it.
func (l *limiter) refresh() {
	if l.ledger == nil {
		return
	}
	l.mu.Lock()
	since := l.since(l.now())
	l.mu.Unlock()
	l.ledger.Peek(since, func(v LedgerView) {
		l.mu.Lock()
		l.absorb(v, l.now())
		l.mu.Unlock()
	})
}

// rate is the snapshot Client.Rate returns: the ledger re-read (without waiting) and the window
// pruned to now.
func (l *limiter) rate() RateSnapshot {
	l.refresh()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.snapshot(l.now())
}

// snapshot describes the budget at now. Call with mu held.
func (l *limiter) snapshot(now time.Time) RateSnapshot {
	l.prune(now)
	// Used and ResetAt are the window as Sony counts it; decisions wait its jitter margin longer
	// (WaitUntil says so).
	cut := now.Add(-l.window)
	inWindow := l.sent[sort.Search(len(l.sent), func(i int) bool { return l.sent[i].After(cut) }):]
	s := RateSnapshot{
		Used:               len(inWindow),
		Limit:              l.limit,
		Window:             l.window,
		InFlight:           l.inFlight,
		Waiting:            len(l.queues[Interactive]) + len(l.queues[Background]),
		WaitingInteractive: len(l.queues[Interactive]),
		Interactive:        l.interactive,
		BackgroundCap:      l.bgCap(),
		Pace:               l.pace(),
		Shared:             l.ledger != nil,
		At:                 now,
	}
	if len(inWindow) > 0 {
		s.ResetAt = inWindow[0].Add(l.window)
	}
	if l.nextAvailable.After(now) {
		s.NextAvailable = l.nextAvailable
	}
	if w := l.head(); w != nil {
		if at, why := l.readyAt(w.prio, now); at.After(now) {
			s.WaitUntil, s.WaitReason = at, why
		} else if l.inFlight >= l.maxInFlight {
			s.WaitReason = WaitSlot
		}
	}
	return s
}

// publish pushes the current snapshot to subscribers, dropping a value they have not read yet so
// a slow reader never blocks the client. Call with mu held.
func (l *limiter) publish(now time.Time) {
	if len(l.subs) == 0 {
		return
	}
	s := l.snapshot(now)
	l.last = s
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
	l.refresh()
	l.mu.Lock()
	defer l.mu.Unlock()
	id := l.nextID
	l.nextID++
	ch := make(chan RateSnapshot, 1)
	s := l.snapshot(l.now())
	ch <- s
	l.subs[id] = ch
	if len(l.subs) == 1 {
		l.last = s
		l.pollStop = make(chan struct{})
		go l.poll(l.pollStop)
	}
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			l.mu.Lock()
			delete(l.subs, id)
			close(ch)
			if len(l.subs) == 0 {
				close(l.pollStop)
			}
			l.mu.Unlock()
		})
	}
}

// poll pushes a snapshot whenever time alone changed it (a request left the window, a pause ended)
// or another process's records did, while anyone subscribes.
func (l *limiter) poll(stop chan struct{}) {
	t := time.NewTicker(ratePollInterval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		l.refresh()
		l.mu.Lock()
		select {
		case <-stop:
		default:
			if s := l.snapshot(l.now()); !s.sameAs(l.last) {
				l.publish(l.now())
			}
		}
		l.mu.Unlock()
	}
}
