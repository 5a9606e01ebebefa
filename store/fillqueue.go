package store

import (
	"context"
	"errors"
	"sync"

	"github.com/psnclient/psn-client/psnapi"
)

// Queue tiers, served in this order: every title's trophies and earned status, then titles another
// fill held (revisited, waiting for its claim), then the DLC group names.
const (
	tierMain = iota
	tierRevisit
	tierGroups
	tiers
)

type syncJob struct {
	title        psnapi.TrophyTitle
	n            need
	st           *partial // answers kept across retries
	names        bool     // the group-names job (after every title's trophies)
	revisit      bool     // another fill held it: wait for its claim this time
	sent         int      // requests sent for it so far (a revisited job keeps its count)
	expectGroups bool     // the plan counted its group names
}

// fillQueue is a fill's work queue: tiers in order, prioritized titles first, a pause that holds
// everything but prioritized titles. Workers block in next until there is a job or nothing can come
// any more (every tier empty and no job running that could queue a follow-up).
type fillQueue struct {
	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change
	jobs    [tiers][]syncJob
	prio    map[string]bool // prioritized titles: their requests go while paused
	want    map[string]bool // prioritized titles not taken yet
	paused  bool
	active  int // jobs taken and not finished
}

func newFillQueue(paused bool) *fillQueue {
	return &fillQueue{changed: make(chan struct{}), prio: map[string]bool{}, want: map[string]bool{}, paused: paused}
}

// signal wakes every waiter; call with mu held.
func (q *fillQueue) signal() {
	close(q.changed)
	q.changed = make(chan struct{})
}

func (q *fillQueue) load(main, groups []syncJob) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs[tierMain] = main
	q.jobs[tierGroups] = groups
	q.signal()
}

func (q *fillQueue) add(j syncJob, tier int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.prio[j.title.NPCommunicationID] {
		q.want[j.title.NPCommunicationID] = true // a prioritized title's group names go first too
	}
	q.jobs[tier] = append(q.jobs[tier], j)
	q.signal()
}

// putBack returns a job interrupted by a pause to the head of its tier.
func (q *fillQueue) putBack(j syncJob, tier int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs[tier] = append([]syncJob{j}, q.jobs[tier]...)
	q.signal()
}

// errPaused is a request a paused fill did not send.
var errPaused = errors.New("store: fill paused")

// finish marks a taken job done (after it queued its follow-ups).
func (q *fillQueue) finish() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.active--
	q.signal()
}

func (q *fillQueue) setPaused(p bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.paused = p
	q.signal()
}

func (q *fillQueue) isPaused() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.paused
}

func (q *fillQueue) prioritize(npCommID string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.prio[npCommID] = true
	q.want[npCommID] = true
	q.signal()
}

// allowed reports whether a request for the title may go now (not paused, or prioritized).
func (q *fillQueue) allowed(npCommID string) (bool, <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return !q.paused || q.prio[npCommID], q.changed
}

// take removes and returns the next job; call with mu held.
func (q *fillQueue) take() (syncJob, bool) {
	if len(q.want) > 0 { // prioritized titles first, whatever their tier
		for t := range q.jobs {
			for i, j := range q.jobs[t] {
				if q.want[j.title.NPCommunicationID] {
					q.jobs[t] = append(q.jobs[t][:i], q.jobs[t][i+1:]...)
					return j, true
				}
			}
		}
		clear(q.want) // the rest are running or done already
	}
	if q.paused {
		return syncJob{}, false
	}
	for t := range q.jobs {
		if len(q.jobs[t]) > 0 {
			j := q.jobs[t][0]
			q.jobs[t] = q.jobs[t][1:]
			return j, true
		}
	}
	return syncJob{}, false
}

// next waits for a job; false when the queue is drained (or ctx ended).
func (q *fillQueue) next(ctx context.Context) (syncJob, bool) {
	for {
		q.mu.Lock()
		if j, ok := q.take(); ok {
			q.active++
			q.mu.Unlock()
			return j, true
		}
		empty := q.active == 0
		for t := range q.jobs {
			empty = empty && len(q.jobs[t]) == 0
		}
		ch := q.changed
		q.mu.Unlock()
		if empty || ctx.Err() != nil {
			return syncJob{}, false
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return syncJob{}, false
		}
	}
}
