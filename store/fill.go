package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"

	"github.com/psnclient/psn-client/psnapi"
)

// FillOptions configure a fill (StartFill). The zero value is a fill with the default title-list rule.
type FillOptions struct {
	// Progress, when set, is called with every change (from one goroutine at a time; keep it quick).
	Progress func(SyncProgress)
	// FullList fetches every page of the title list instead of only the pages that changed (the rule
	// of RefreshTitles: a full list at most once a FullListEvery).
	FullList bool
	// Paused starts the fill paused (Resume starts it); the title list is fetched at once all the same.
	Paused bool
}

// Fill is a running fill of one account's cache: the same work as Sync (which is a fill run to
// completion), in the background. Titles go in title-list order, most recently played first, each
// title's trophies and earned status first and the DLC group names of every title after that, so
// next to hunt, search and stats are complete sooner. Its requests carry background priority (the
// client keeps its reserve for interactive ones). A title the user opens (TitleTrophies) goes at
// once at interactive priority; Prioritize moves a title to the head of the fill's queue. Several fills, in this process or others, share the work through
// claims: a title another is fetching is skipped and revisited later, so none is fetched twice.
// Every method is safe for concurrent use.
type Fill struct {
	run     *syncRun
	cancel  context.CancelFunc
	done    chan struct{}
	updates chan SyncProgress
	res     SyncResult
	err     error
	ended   bool // updates is closed (guarded by run.repMu)
}

// StartFill starts filling the account's cache in the background and returns at once. Stop it with
// Stop (or by cancelling ctx); what was fetched is kept.
func (l *Library) StartFill(ctx context.Context, account string, o FillOptions) *Fill {
	ctx, cancel := context.WithCancel(ctx)
	f := &Fill{cancel: cancel, done: make(chan struct{}), updates: make(chan SyncProgress, 1)}
	report := o.Progress
	f.run = &syncRun{l: l, account: account, full: o.FullList, q: newFillQueue(o.Paused), fetched: map[string]bool{}}
	f.run.report = func(p SyncProgress) {
		if f.ended {
			return // a Pause or Resume after the end
		}
		if report != nil {
			report(p)
		}
		select { // keep only the latest report in the channel
		case <-f.updates:
		default:
		}
		f.updates <- p
	}
	go func() {
		defer close(f.done)
		f.res, f.err = f.run.execute(ctx)
		f.run.repMu.Lock() // reports run under repMu
		f.ended = true
		close(f.updates)
		f.run.repMu.Unlock()
	}()
	return f
}

// Updates delivers the latest progress (older reports not yet received are dropped); it is closed
// when the fill ends. For a Bubble Tea program: a Cmd that receives from it.
func (f *Fill) Updates() <-chan SyncProgress { return f.updates }

// Progress returns the latest progress.
func (f *Fill) Progress() SyncProgress {
	f.run.mu.Lock()
	defer f.run.mu.Unlock()
	return f.run.p
}

// Done is closed when the fill has ended (finished, failed or stopped).
func (f *Fill) Done() <-chan struct{} { return f.done }

// Wait waits for the fill to end and returns its result and error (as Sync's).
func (f *Fill) Wait() (SyncResult, error) {
	<-f.done
	return f.res, f.err
}

// Stop cancels the fill and waits for it to end; what was fetched is kept.
func (f *Fill) Stop() (SyncResult, error) {
	f.cancel()
	return f.Wait()
}

// Pause stops the fill sending until Resume: the titles being worked on go back to the queue (what
// they received is kept), requests already handed to the client complete. Titles given to
// Prioritize still go.
// (The report goes from another goroutine: a Progress callback may call Pause and Resume.)
func (f *Fill) Pause() { f.run.q.setPaused(true); go f.run.emit("") }

// Resume lets a paused fill go on.
func (f *Fill) Resume() { f.run.q.setPaused(false); go f.run.emit("") }

// Paused reports whether the fill is paused.
func (f *Fill) Paused() bool { return f.run.q.isPaused() }

// Prioritize moves a title to the head of the queue (also while paused), for a title the user is
// about to need. A title the user opens needs no call: TitleTrophies fetches it at once at
// interactive priority (ahead of every background request) and the fill then finds it current.
func (f *Fill) Prioritize(npCommID string) { f.run.q.prioritize(npCommID) }

// execute is the whole fill: title list, plan, then the queue until it is empty.
func (s *syncRun) execute(ctx context.Context) (SyncResult, error) {
	l := s.l
	api := l.client()
	if api == nil {
		s.emit("")
		return s.result(), ErrNoAPI
	}
	s.api = api
	s.titleAPI = &slotAPI{API: api, slots: make(chan struct{}, syncSlots), gate: s.q}
	ctx = psnapi.WithSentCounter(psnapi.WithPriority(ctx, psnapi.Background), &s.sent)
	if isMe(s.account) {
		l.refreshMe() // another process may have learned the numeric ID of "me"
	}
	key := l.accountKey(s.account)

	// Nothing is sent when nothing could be kept.
	probe := func() error {
		return probeWritable(filepath.Dir(l.earnedPath(key, "x")), filepath.Dir(l.defsPath("x")), l.claimsDir())
	}
	err := probe()
	if errors.Is(err, fs.ErrNotExist) && isMe(s.account) {
		l.refreshMe() // the "me" directory moved under the probe: another process learned the ID
		key = l.accountKey(s.account)
		err = probe()
	}
	if err != nil {
		s.emit("")
		return s.result(), err
	}
	s.emit("title list")
	tl, err := l.refreshTitleList(ctx, s.account, titleFetch{full: s.full, count: s.count, mustSave: true})
	if err != nil {
		s.emit("")
		return s.result(), err
	}
	sweepTemps(l.accountDir(key), filepath.Dir(l.earnedPath(key, "x")), filepath.Dir(l.defsPath("x")), l.claimsDir())
	s.index = l.openIndex(key)
	defer s.index.save(tl.Titles)
	s.plan(key, tl.Titles)
	s.emit("")

	stopWatch := s.watchRate()
	defer stopWatch()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for w := 0; w < syncWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j, ok := s.q.next(ctx)
				if !ok {
					return
				}
				err := s.runJob(ctx, j)
				if err != nil && fatal(err) {
					cancel(err)
				}
			}
		}()
	}
	wg.Wait()
	s.emit("")
	res := s.result()
	if cause := context.Cause(ctx); cause != nil {
		return res, cause
	}
	if s.firstErr != nil {
		return res, fmt.Errorf("%d of %d titles could not be synced, for example: %w", s.failed, len(tl.Titles), s.firstErr)
	}
	return res, nil
}

// plan queues every title the cache lacks something of: its trophies and earned status in the main
// tier (title-list order), its group names in the last.
func (s *syncRun) plan(key string, titles []psnapi.TrophyTitle) {
	var main, groups []syncJob
	left, groupsLeft := 0, 0
	for _, t := range titles {
		if s.index.current(t) {
			continue
		}
		n, _, _ := s.l.needOf(key, t)
		if n.none() {
			s.index.record(t)
			continue
		}
		left += n.cost()
		if n.groups {
			groupsLeft++
		}
		if n.trophies || n.earned {
			main = append(main, syncJob{title: t, n: need{trophies: n.trophies, earned: n.earned}, st: &partial{}, expectGroups: n.groups})
		} else {
			groups = append(groups, syncJob{title: t, n: need{groups: true}, st: &partial{}, names: true})
		}
	}
	s.mu.Lock()
	s.p.TitlesTotal = len(titles)
	s.p.TitlesDone = len(titles) - len(main)
	s.p.GroupNamesLeft = groupsLeft
	s.left = left
	s.mu.Unlock()
	s.q.load(main, groups)
}

// runJob works on one queued job and queues what follows from it (the group names after the
// trophies, a revisit of a title another fill holds).
func (s *syncRun) runJob(ctx context.Context, j syncJob) (err error) {
	defer func() { s.q.finish() }()
	s.emit(j.title.TrophyTitleName)
	key := s.l.accountKey(s.account)
	count := func(n int) { s.count(n); s.mu.Lock(); j.sent += n; s.mu.Unlock() }
	for attempt := 0; attempt < maxTitleAttempts; attempt++ {
		err = s.l.fetchTitle(ctx, s.account, j.title, j.n, fetchOpts{api: s.titleAPI, skipHeld: !j.revisit, count: count, st: j.st})
		var rl *psnapi.RateLimitedError
		if err == nil || !errors.As(err, &rl) || rl.Status == 0 || ctx.Err() != nil {
			break
		}
		// A 429: the client now holds every request until next-available; the retry waits there.
	}
	if errors.Is(err, errPaused) {
		tier := tierMain
		if j.names {
			tier = tierGroups
		} else if j.revisit {
			tier = tierRevisit
		}
		s.q.putBack(j, tier)
		return nil
	}
	if errors.Is(err, errClaimHeld) {
		// Another fill is fetching it: come back when the rest is done (then waiting for its claim).
		j.revisit = true
		s.q.add(j, tierRevisit)
		return nil
	}
	after, _, _ := s.l.needOf(key, j.title)
	s.mu.Lock()
	sent := j.sent
	if sent > 0 && err == nil && (!j.names || after.none()) {
		s.fetched[j.title.NPCommunicationID] = true
		s.p.TitlesFetched = len(s.fetched)
	}
	if j.names {
		s.left -= 1
		if err == nil || !fatal(err) {
			s.p.GroupNamesLeft--
		}
	} else {
		s.left -= j.n.cost()
		if err == nil || !fatal(err) {
			s.p.TitlesDone++
		}
	}
	if err == nil && j.expectGroups && !after.groups {
		// Its group names came with another fetcher's definitions.
		s.left--
		s.p.GroupNamesLeft--
	}
	if sent == 0 && err == nil && !j.names && !after.trophies && !after.earned {
		s.p.TitlesByOthers++
	}
	if err != nil && !fatal(err) {
		s.failed++
		if s.firstErr == nil {
			s.firstErr = fmt.Errorf("%s (%s): %w", j.title.TrophyTitleName, j.title.NPCommunicationID, err)
		}
	}
	s.mu.Unlock()
	switch {
	case err == nil && after.none():
		s.index.record(j.title)
	case !j.names && after.groups && !after.trophies && (err == nil || !fatal(err)):
		// Its trophies are here (even when its earned status failed): the names come last.
		s.q.add(syncJob{title: j.title, n: need{groups: true}, st: j.st, names: true}, tierGroups)
	}
	s.emit("")
	return err
}
