package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// SyncProgress is reported while Sync runs (from one goroutine at a time).
type SyncProgress struct {
	TitlesDone    int // titles checked so far (unchanged ones count at once)
	TitlesTotal   int // titles in the list
	TitlesFetched int // titles whose data was fetched and written
	Requests      int // requests this sync has sent
	Rate          psnapi.RateSnapshot
	RequestsLeft  int           // requests still needed (estimate: 1–3 per remaining title)
	ETA           time.Duration // at the budget's pace: requests left / rate, plus the current wait
	Waiting       time.Duration // how long sending is held back by the rate limit right now
	Current       string        // name of the title being fetched
}

// SyncResult sums up a Sync.
type SyncResult struct {
	TitlesChecked int // titles in the list
	TitlesFetched int // titles fetched and written in this sync
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

// Sync fills the cache for every title of an account with the fewest requests: every page of the
// title list, then for each title new or changed since the last sync its definitions (only when not
// cached for its set version, definedTrophies and the language; shared by all accounts) and its earned
// status (only when lastUpdatedDateTime changed). Requests carry background priority, so they are
// paced by the client's budget and leave its reserve to interactive requests. Each title is written as
// it completes; cancelling ctx keeps what finished and the next Sync fetches only the rest. A 429 makes
// the title wait (the client holds every request until next-available) and retry. Per-title failures
// (a private or missing title) do not stop the sync: they are counted and the first is returned.
func (l *Library) Sync(ctx context.Context, account string, progress func(SyncProgress)) (SyncResult, error) {
	api := l.client()
	if api == nil {
		return SyncResult{}, ErrNoAPI
	}
	if progress == nil {
		progress = func(SyncProgress) {}
	}
	ctx = psnapi.WithPriority(ctx, psnapi.Background)
	s := &syncRun{l: l, api: api, account: account, report: progress,
		titleAPI: &slotAPI{API: api, slots: make(chan struct{}, syncSlots)}}

	s.emit("title list")
	tl, err := l.fetchTitles(ctx, account)
	s.mu.Lock()
	s.p.Requests += pages(len(tl.Titles))
	s.mu.Unlock()
	if err != nil {
		return s.result(), err
	}
	key := l.accountKey(account)
	sweepTemps(l.accountDir(key), filepath.Dir(l.earnedPath(key, "x")), filepath.Dir(l.defsPath("x")))
	s.index = l.openIndex(key)
	defer s.index.save(tl.Titles)
	var plan []syncJob
	for _, t := range tl.Titles {
		if s.index.current(t) {
			continue
		}
		j := syncJob{title: t}
		j.needDefs = !defsCurrent(l.loadDefs(t.NPCommunicationID), t)
		j.needEarned = !earnedCurrent(l.loadEarned(key, t.NPCommunicationID), t)
		if j.needDefs || j.needEarned {
			plan = append(plan, j)
			s.left += j.cost()
		} else {
			s.index.record(t)
		}
	}
	s.mu.Lock()
	s.p.TitlesTotal = len(tl.Titles)
	s.p.TitlesDone = len(tl.Titles) - len(plan)
	s.mu.Unlock()
	s.emit("")
	if len(plan) == 0 {
		return s.result(), nil
	}

	stopWatch := s.watchRate()
	defer stopWatch()

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan syncJob)
	var wg sync.WaitGroup
	for w := 0; w < syncWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := s.runJob(ctx, j); err != nil && fatal(err) {
					cancel(err)
				}
			}
		}()
	}
feed:
	for _, j := range plan {
		select {
		case jobs <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	s.emit("")
	res := s.result()
	if cause := context.Cause(ctx); cause != nil {
		return res, cause
	}
	if s.firstErr != nil {
		return res, fmt.Errorf("%d of %d titles could not be synced, for example: %w", s.failed, len(plan), s.firstErr)
	}
	return res, nil
}

// pages is how many title-list requests n titles take.
func pages(n int) int {
	if n <= 800 {
		return 1
	}
	return (n + 799) / 800
}

// fatal errors stop the whole sync; others only fail their title.
func fatal(err error) bool {
	var rl *psnapi.RateLimitedError
	if errors.As(err, &rl) && rl.Status == 0 {
		return true // the client refused to wait (the context cannot last until the budget allows)
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		psnapi.IsNetwork(err) || psnapi.IsUnauthorized(err) || psnapi.IsLoginRequired(err) || errors.Is(err, ErrNoAPI)
}

type syncJob struct {
	title                psnapi.TrophyTitle
	needDefs, needEarned bool
}

func (j syncJob) cost() int {
	n := 0
	if j.needDefs {
		n++
		if j.title.HasTrophyGroups {
			n++
		}
	}
	if j.needEarned {
		n++
	}
	return n
}

type syncRun struct {
	l        *Library
	api      API
	titleAPI API // api with at most syncSlots per-title requests in flight
	index    *titleIndex
	account  string
	report   func(SyncProgress)

	mu       sync.Mutex
	p        SyncProgress
	left     int
	failed   int
	firstErr error
	repMu    sync.Mutex // serialises report calls
}

func (s *syncRun) runJob(ctx context.Context, j syncJob) error {
	s.emit(j.title.TrophyTitleName)
	planned := j.cost()
	var err error
	var n int
	st := &partial{}
	key := s.l.accountKey(s.account)
	for attempt := 0; attempt < maxTitleAttempts; attempt++ {
		// Recheck: what a view opened meanwhile, a sync of another account fetched, or an earlier
		// attempt completed, is not fetched again.
		j.needDefs = j.needDefs && !defsCurrent(s.l.loadDefs(j.title.NPCommunicationID), j.title)
		j.needEarned = j.needEarned && !earnedCurrent(s.l.loadEarned(key, j.title.NPCommunicationID), j.title)
		n, err = s.l.fetchTitle(ctx, s.titleAPI, s.account, j.title, j.needDefs, j.needEarned, st)
		s.mu.Lock()
		s.p.Requests += n
		s.mu.Unlock()
		var rl *psnapi.RateLimitedError
		if err == nil || !errors.As(err, &rl) || rl.Status == 0 || ctx.Err() != nil {
			break
		}
		// A 429: the client now holds every request until next-available; the retry waits there.
	}
	if err == nil {
		s.index.record(j.title)
	}
	s.mu.Lock()
	s.left -= planned
	if err == nil {
		s.p.TitlesDone++
		s.p.TitlesFetched++
	} else if !fatal(err) {
		s.p.TitlesDone++
		s.failed++
		if s.firstErr == nil {
			s.firstErr = fmt.Errorf("%s (%s): %w", j.title.TrophyTitleName, j.title.NPCommunicationID, err)
		}
	}
	s.mu.Unlock()
	s.emit("")
	return err
}

func (s *syncRun) result() SyncResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	return SyncResult{TitlesChecked: s.p.TitlesTotal, TitlesFetched: s.p.TitlesFetched, Requests: s.p.Requests, Failed: s.failed}
}

// emit reports progress; current, when not empty, names the title now being fetched.
func (s *syncRun) emit(current string) {
	snap := s.api.Rate()
	s.mu.Lock()
	if current != "" {
		s.p.Current = current
	}
	s.p.Rate = snap
	if s.left < 0 {
		s.left = 0
	}
	s.p.RequestsLeft = s.left
	s.p.Waiting = waitFor(snap, s.l.opt.Reserve, s.l.now())
	s.p.ETA = eta(s.left, snap, s.l.opt.Reserve, s.l.now())
	p := s.p
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

// waitFor is how long a background request must wait now: until a 429's next-available, or, with the
// background share of the window spent, until the oldest request leaves the window.
func waitFor(snap psnapi.RateSnapshot, reserve float64, now time.Time) time.Duration {
	if snap.NextAvailable.After(now) {
		return snap.NextAvailable.Sub(now)
	}
	if snap.Limit > 0 && snap.Used >= backgroundLimit(snap.Limit, reserve) && snap.ResetAt.After(now) {
		return snap.ResetAt.Sub(now)
	}
	return 0
}

// eta estimates how long left requests take at the budget's pace: what still fits in the window goes
// now, the rest at backgroundLimit requests per window, after the current wait. Zero without a limit.
func eta(left int, snap psnapi.RateSnapshot, reserve float64, now time.Time) time.Duration {
	if left <= 0 || snap.Limit <= 0 || snap.Window <= 0 {
		return 0
	}
	wait := waitFor(snap, reserve, now)
	bg := backgroundLimit(snap.Limit, reserve)
	free := bg - snap.Used
	if free < 0 {
		free = 0
	}
	if left <= free {
		return wait
	}
	return wait + time.Duration(float64(left-free)/float64(bg)*float64(snap.Window))
}

// slotAPI lets at most cap(slots) per-title requests be in flight; the others wait for a slot (in
// order of arrival at the channel), so a sync keeps the pipe full without queueing more than it sends.
type slotAPI struct {
	API
	slots chan struct{}
}

func (a *slotAPI) acquire(ctx context.Context) error {
	select {
	case a.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *slotAPI) release() { <-a.slots }

func (a *slotAPI) TitleTrophies(ctx context.Context, t psnapi.TitleRef, group string) (psnapi.TitleTrophies, error) {
	if err := a.acquire(ctx); err != nil {
		return psnapi.TitleTrophies{}, err
	}
	defer a.release()
	return a.API.TitleTrophies(ctx, t, group)
}

func (a *slotAPI) TitleTrophyGroups(ctx context.Context, t psnapi.TitleRef) (psnapi.TitleTrophyGroups, error) {
	if err := a.acquire(ctx); err != nil {
		return psnapi.TitleTrophyGroups{}, err
	}
	defer a.release()
	return a.API.TitleTrophyGroups(ctx, t)
}

func (a *slotAPI) EarnedTrophies(ctx context.Context, account string, t psnapi.TitleRef, group string) (psnapi.EarnedTrophies, error) {
	if err := a.acquire(ctx); err != nil {
		return psnapi.EarnedTrophies{}, err
	}
	defer a.release()
	return a.API.EarnedTrophies(ctx, account, t, group)
}
