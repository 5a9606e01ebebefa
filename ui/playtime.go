package ui

import (
	"sort"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// Play time (issue 13 #4): the title list's "Play time" and "Plays" columns (the first to go when
// narrow) and its "play time" sort, from Sony's played-games list joined to the trophy titles by
// the store. PS3, Vita and PC titles have none ("–": Sony keeps play time for PS4 and PS5 games
// only). The cached play time is read at start (disk only). Sync fills it as its last step, and so
// does the browser's fill when it completes (the same step, at background priority); r
// brings it up to date with the title list, under the cache rule at background priority (usually
// one request, none while fresh; at most a handful of new games mapped to their trophy titles),
// its cost said in the status bar when it is more than a handful.

// playCell is a title's play time, worded once on arrival.
type playCell struct {
	dur         time.Duration
	count       int
	time, plays string // "12h 30m", "14"
}

// playCells is the play time of an account's titles by npCommunicationId.
type playCells struct {
	byID          map[string]playCell
	timeW, playsW int
}

// buildPlayCells words play times for the title list (in the command that read them).
func buildPlayCells(pt store.PlayTimes) *playCells {
	pc := &playCells{byID: make(map[string]playCell, len(pt.ByTitle)), timeW: 9, playsW: 5}
	for id, t := range pt.ByTitle {
		c := playCell{dur: t.Duration, count: t.Count, time: playDuration(t.Duration), plays: commas(t.Count)}
		pc.timeW = max(pc.timeW, len(c.time))
		pc.playsW = max(pc.playsW, len(c.plays))
		pc.byID[id] = c
	}
	return pc
}

// playDuration words a play time: "45m", "5h 20m", "123h", "1,204h".
func playDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 10*time.Hour:
		h := int(d / time.Hour)
		m := int((d - time.Duration(h)*time.Hour) / time.Minute)
		if m == 0 {
			return strconv.Itoa(h) + "h"
		}
		return strconv.Itoa(h) + "h " + strconv.Itoa(m) + "m"
	}
	return commas(int(d/time.Hour)) + "h"
}

// of is a title's play time, if it has one.
func (pc *playCells) of(t *psnapi.TrophyTitle) (playCell, bool) {
	if pc == nil {
		return playCell{}, false
	}
	c, ok := pc.byID[t.NPCommunicationID]
	return c, ok
}

// playTimeLoadedMsg answers loadCachedPlayTime and refreshPlayTime; playCostMsg answers
// playTimeCost (no request).
type playTimeLoadedMsg struct {
	answer
	account string
	found   bool
	cells   *playCells
}

type playCostMsg struct {
	id      uint64
	account string
	cost    store.PlayTimeCost
}

// loadCachedPlayTime reads the cached play time: disk only.
func loadCachedPlayTime(e env, id uint64, account string) tea.Cmd {
	return func() tea.Msg {
		pt, ok, err := e.lib.CachedPlayTime(account)
		m := playTimeLoadedMsg{answer: answer{id: id, err: err, cached: true, fetchedAt: pt.FetchedAt}, account: account, found: ok && err == nil}
		if m.found {
			m.cells = buildPlayCells(pt)
		}
		return m
	}
}

// playTimeCost tells what bringing the play time up to date costs, without a request.
func playTimeCost(e env, id uint64, account string) tea.Cmd {
	return func() tea.Msg { return playCostMsg{id: id, account: account, cost: e.lib.PlayTimeCost(account)} }
}

// refreshPlayTime brings the play time up to date under the cache rule, at background priority.
func refreshPlayTime(e env, id uint64, account string) tea.Cmd {
	return func() tea.Msg {
		pt, err := e.lib.PlayTime(psnapi.WithPriority(e.ctx, psnapi.Background), account, store.Auto)
		m := playTimeLoadedMsg{answer: answer{id: id, err: err, fetchedAt: pt.FetchedAt}, account: account}
		e.snapshot(&m.answer)
		if err == nil && (pt.Games > 0 || !pt.FetchedAt.IsZero()) {
			m.found = true
			m.cells = buildPlayCells(pt)
		}
		return m
	}
}

// syncPlayTime is sync's play time step (background priority: the store sets it).
func syncPlayTime(e env, id uint64, account string) tea.Cmd {
	return func() tea.Msg {
		pt, _, err := e.lib.SyncPlayTime(e.ctx, account)
		m := playTimeLoadedMsg{answer: answer{id: id, err: err, fetchedAt: pt.FetchedAt}, account: account}
		e.snapshot(&m.answer)
		if pt.Games > 0 || !pt.FetchedAt.IsZero() {
			m.found = true
			m.cells = buildPlayCells(pt)
		}
		return m
	}
}

// playOrderMsg answers sortByPlay: the rows of set, most played first.
type playOrderMsg struct {
	id    uint64
	set   *titleSet
	order []int
}

// sortByPlay orders a title set by play time (most first; titles without any after, by last
// played), in a command.
func sortByPlay(id uint64, set *titleSet, pc *playCells) tea.Cmd {
	return func() tea.Msg {
		base := set.orders[sortLastPlayed]
		dur := make([]time.Duration, len(set.rows))
		for i := range set.rows {
			r := &set.rows[i]
			if set.compare && r.side&sideMine == 0 {
				dur[i] = -1
				continue
			}
			if c, ok := pc.of(&r.t); ok {
				dur[i] = c.dur
			} else {
				dur[i] = -1
			}
		}
		o := append([]int(nil), base...)
		if len(o) != len(set.rows) {
			o = make([]int, len(set.rows))
			for i := range o {
				o[i] = i
			}
		}
		sort.SliceStable(o, func(a, b int) bool { return dur[o[a]] > dur[o[b]] })
		return playOrderMsg{id: id, set: set, order: o}
	}
}
