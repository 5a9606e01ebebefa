package store

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// SyncProgress is reported while a fill (or Sync) runs, from one goroutine at a time. The last
// report's counts are the SyncResult's.
type SyncProgress struct {
	TitlesDone     int // titles whose trophies and earned status are current (unchanged ones count at once)
	TitlesTotal    int // titles in the list
	TitlesFetched  int // titles whose data this fill fetched and wrote
	TitlesByOthers int // titles another fill (another process) fetched while this one waited
	GroupNamesLeft int // titles whose DLC group names are still to fetch (fetched after every title's trophies)
	Requests       int // requests this fill has sent (with a *psnapi.Client: every attempt that went out)
	Rate           psnapi.RateSnapshot
	RequestsLeft   int           // requests still needed
	ETA            time.Duration // at the budget's pace: requests left / rate, plus the current wait
	Waiting        time.Duration // how long sending is held back by the rate limit right now
	Paused         bool          // Fill.Pause holds it
	Current        string        // name of the title being fetched
}

// SyncResult sums up a Sync (or a fill).
type SyncResult struct {
	TitlesChecked int // titles in the list
	TitlesFetched int // titles whose data this sync fetched and wrote
	Requests      int // requests sent
	Failed        int // titles that could not be fetched (see the returned error)
}

// syncSlots is how many of a sync's requests may be in flight at once (the client caps in-flight
// requests at 4 too); syncWorkers is how many titles are worked on at once: more than the slots, so a
// freed slot always finds a request waiting while a title writes its files or waits for its last answer.
const (
	syncSlots   = 4
	syncWorkers = 8
)

// maxTitleAttempts bounds the retries of one title after 429s (each waits for next-available).
const maxTitleAttempts = 50

// Sync fills the cache for every title of an account with the fewest requests: the title list (only
// the pages that changed; every page at most once a FullListEvery), then for each title new or changed
// since the last sync its definitions (only when not cached for its set version, definedTrophies and
// the language; shared by all accounts) and its earned status (only when lastUpdatedDateTime
// changed), most recently played first, and the DLC group names last. It is a fill (StartFill) run to
// completion. Requests carry background priority, so they are paced by the client's budget and leave
// its reserve to interactive requests. Each title is written as it completes; cancelling ctx keeps
// what finished and the next Sync fetches only the rest. A 429 makes the title wait (the client holds
// every request until next-available) and retry. Per-title failures (a private or missing title) do
// not stop the sync: they are counted and the first is returned. A cache that cannot be written stops
// it before its first request, or at the first failed write (a *CacheWriteError).
func (l *Library) Sync(ctx context.Context, account string, progress func(SyncProgress)) (SyncResult, error) {
	return l.StartFill(ctx, account, FillOptions{Progress: progress}).Wait()
}

// pages is how many title-list requests n titles take.
func pages(n int) int {
	if n <= psnapi.MaxTitlesPage {
		return 1
	}
	return (n + psnapi.MaxTitlesPage - 1) / psnapi.MaxTitlesPage
}

// fatal errors stop the whole sync; others only fail their title.
func fatal(err error) bool {
	var rl *psnapi.RateLimitedError
	if errors.As(err, &rl) && rl.Status == 0 {
		return true // the client refused to wait (the context cannot last until the budget allows)
	}
	var we *CacheWriteError
	return errors.As(err, &we) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		psnapi.IsNetwork(err) || psnapi.IsUnauthorized(err) || psnapi.IsLoginRequired(err) || errors.Is(err, ErrNoAPI) ||
		errors.Is(err, ErrBudgetLocked)
}

type syncRun struct {
	l        *Library
	api      API
	titleAPI API // api with at most syncSlots per-title requests in flight, held while paused
	index    *titleIndex
	account  string
	full     bool
	q        *fillQueue
	report   func(SyncProgress)

	mu       sync.Mutex
	p        SyncProgress
	left     int
	failed   int
	firstErr error
	fetched  map[string]bool
	repMu    sync.Mutex   // serialises report calls
	sent     atomic.Int64 // requests a *psnapi.Client sent on the fill's behalf (psnapi.WithSentCounter)
}

// requests is what the fill sent: a *psnapi.Client counts every attempt that went out (retries
// included, waits refused not); other APIs (tests, benchmarks) count the calls. Call with mu held.
func (s *syncRun) requests() int {
	if _, ok := s.api.(*psnapi.Client); ok {
		return int(s.sent.Load())
	}
	return s.p.Requests
}

// count adds requests about to be sent.
func (s *syncRun) count(n int) {
	s.mu.Lock()
	s.p.Requests += n
	s.mu.Unlock()
}

func (s *syncRun) result() SyncResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	return SyncResult{TitlesChecked: s.p.TitlesTotal, TitlesFetched: s.p.TitlesFetched, Requests: s.requests(), Failed: s.failed}
}

// emit reports progress; current, when not empty, names the title now being fetched.
func (s *syncRun) emit(current string) {
	var snap psnapi.RateSnapshot
	if s.api != nil {
		snap = s.api.Rate()
	}
	s.mu.Lock()
	if current != "" {
		s.p.Current = current
	}
	s.p.Rate = snap
	if s.left < 0 {
		s.left = 0
	}
	s.p.GroupNamesLeft = max(s.p.GroupNamesLeft, 0)
	s.p.RequestsLeft = s.left
	s.p.Paused = s.q.isPaused()
	s.p.Waiting = waitFor(snap, s.l.opt.Reserve, s.l.now())
	s.p.ETA = eta(s.left, snap, s.l.opt.Reserve, s.l.now())
	p := s.p
	p.Requests = s.requests()
	s.mu.Unlock()
	s.repMu.Lock()
	defer s.repMu.Unlock()
	s.report(p)
}

// watchRate forwards the client's rate changes (a wait starting or ending) as progress, when the
// client can push them.
func (s *syncRun) watchRate() func() {
	sub, ok := s.api.(interface {
		Subscribe() (<-chan psnapi.RateSnapshot, func())
	})
	if !ok {
		return func() {}
	}
	ch, cancel := sub.Subscribe()
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		var last time.Duration = -1
		for {
			select {
			case <-done:
				return
			case snap, ok := <-ch:
				if !ok {
					return
				}
				if w := waitFor(snap, s.l.opt.Reserve, s.l.now()); w != last {
					last = w
					s.emit("")
				}
			}
		}
	}()
	return func() { close(done); cancel(); <-stopped }
}

// backgroundLimit is how many requests of a window background work may use.
func backgroundLimit(limit int, reserve float64) int {
	n := int(float64(limit) * (1 - reserve))
	if n < 1 {
		n = 1
	}
	return n
}

// waitFor is how long a background request is held back now: until a 429's next-available, or,
// with the background share of the window spent, until the budget frees. The even pacing of
// background requests (one per snap.Pace) is the sync's pace, not a wait.
func waitFor(snap psnapi.RateSnapshot, reserve float64, now time.Time) time.Duration {
	if snap.NextAvailable.After(now) {
		return snap.NextAvailable.Sub(now)
	}
	if snap.WaitReason == psnapi.WaitBudget && snap.WaitUntil.After(now) {
		return snap.WaitUntil.Sub(now)
	}
	bg := snap.BackgroundCap
	if bg <= 0 {
		bg = backgroundLimit(snap.Limit, reserve)
	}
	if snap.Limit > 0 && snap.Used >= bg && snap.ResetAt.After(now) {
		return snap.ResetAt.Sub(now)
	}
	return 0
}

// eta estimates how long left requests take at the budget's pace: the current wait, then what the
// client's burst allowance (a quarter of the background share) still holds goes at once, the rest
// one per snap.Pace. Zero without a limit.
func eta(left int, snap psnapi.RateSnapshot, reserve float64, now time.Time) time.Duration {
	if left <= 0 || snap.Limit <= 0 || snap.Window <= 0 {
		return 0
	}
	wait := waitFor(snap, reserve, now)
	bg := snap.BackgroundCap
	if bg <= 0 {
		bg = backgroundLimit(snap.Limit, reserve)
	}
	pace := snap.Pace
	if pace <= 0 {
		pace = snap.Window / time.Duration(bg)
	}
	burst := max(0, max(1, bg/4)-snap.Used)
	if left <= burst {
		return wait
	}
	return wait + time.Duration(left-burst)*pace
}

// slotAPI lets at most cap(slots) per-title requests be in flight; the others wait for a slot (in
// order of arrival at the channel), so a sync keeps the pipe full without queueing more than it sends.
// A paused fill's gate refuses its requests not yet sent (errPaused).
type slotAPI struct {
	API
	slots chan struct{}
	gate  *fillQueue
}

func (a *slotAPI) acquire(ctx context.Context, npCommID string) error {
	if a.gate != nil {
		if ok, _ := a.gate.allowed(npCommID); !ok {
			return errPaused // the job lets go of its claims and goes back to the queue
		}
	}
	select {
	case a.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *slotAPI) release() { <-a.slots }

func (a *slotAPI) TitleTrophies(ctx context.Context, t psnapi.TitleRef, group string) (psnapi.TitleTrophies, error) {
	if err := a.acquire(ctx, t.NPCommunicationID); err != nil {
		return psnapi.TitleTrophies{}, err
	}
	defer a.release()
	return a.API.TitleTrophies(ctx, t, group)
}

func (a *slotAPI) TitleTrophyGroups(ctx context.Context, t psnapi.TitleRef) (psnapi.TitleTrophyGroups, error) {
	if err := a.acquire(ctx, t.NPCommunicationID); err != nil {
		return psnapi.TitleTrophyGroups{}, err
	}
	defer a.release()
	return a.API.TitleTrophyGroups(ctx, t)
}

func (a *slotAPI) EarnedTrophies(ctx context.Context, account string, t psnapi.TitleRef, group string) (psnapi.EarnedTrophies, error) {
	if err := a.acquire(ctx, t.NPCommunicationID); err != nil {
		return psnapi.EarnedTrophies{}, err
	}
	defer a.release()
	return a.API.EarnedTrophies(ctx, account, t, group)
}
