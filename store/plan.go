package store

import (
	"context"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// SyncPlan is what a sync would do now (sync --plan).
type SyncPlan struct {
	Titles       int           // titles in the list
	ToFetch      int           // titles new or changed: trophies or earned status to fetch
	New          int           // of those, titles with no earned status cached for the account
	GroupNames   int           // titles whose DLC group names are to fetch
	Requests     int           // requests a sync would send for the titles (its title-list page not counted)
	ListRequests int           // title-list requests Plan itself sent
	PerWindow    int           // requests per window a sync may use (the budget, less the interactive reserve)
	Window       time.Duration // the budget's window (0 when the budget is off)
	ETA          time.Duration // how long the requests take at that pace, after the current wait
	// PlayTime is what sync's play time step would send on top (SyncPlayTime): the played-games
	// list when stale and the one-time mapping of games to trophy titles (an estimate from the title
	// list before the first sync).
	PlayTime PlayTimeCost
}

// Plan refreshes the title list (only the pages that changed, as a sync would) and tells, without
// any other request, what a sync would fetch, how many requests that takes and how long at the budget.
func (l *Library) Plan(ctx context.Context, account string) (SyncPlan, error) {
	var p SyncPlan
	tl, err := l.refreshTitleList(ctx, account, titleFetch{count: func(n int) { p.ListRequests += n }})
	if err != nil {
		return p, err
	}
	key := l.accountKey(account)
	idx := l.openIndex(key)
	defer idx.save(tl.Titles)
	p.Titles = len(tl.Titles)
	for _, t := range tl.Titles {
		if idx.current(t) {
			continue
		}
		n, _, e := l.needOf(key, t)
		if n.none() {
			idx.record(t)
			continue
		}
		p.Requests += n.cost()
		if n.groups {
			p.GroupNames++
		}
		if n.trophies || n.earned {
			p.ToFetch++
			if e == nil {
				p.New++
			}
		}
	}
	p.PlayTime = l.PlayTimeCost(account)
	var snap psnapi.RateSnapshot
	if api := l.client(); api != nil {
		snap = api.Rate()
	}
	if snap.Limit > 0 && snap.Window > 0 {
		p.PerWindow, p.Window = snap.BackgroundCap, snap.Window
		if p.PerWindow <= 0 {
			p.PerWindow = backgroundLimit(snap.Limit, l.opt.Reserve)
		}
		p.ETA = eta(p.Requests, snap, l.opt.Reserve, l.now())
	}
	return p, nil
}
