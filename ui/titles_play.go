package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// The title list's play time (playtime.go): its columns, its sort order and its refresh.

// playColumn is the play time column (count: the play count's), empty while no play time is known;
// both are the first to go when the width runs out.
func (v *titlesView) playColumn(count bool) column {
	if v.play == nil {
		return column{}
	}
	if count {
		return column{title: "Plays", width: v.play.playsW, right: true, drop: 8, last: true}
	}
	return column{title: "Play time", width: v.play.timeW, right: true, drop: 7}
}

// refreshPlay brings the play time up to date: its cost first (no request), then the play time at
// background priority when there is anything to fetch.
func (v *titlesView) refreshPlay() tea.Cmd {
	if v.playNet != 0 || v.c.Account == "" {
		return nil
	}
	v.playNet = v.c.newID()
	return playTimeCost(v.c.env(), v.playNet, v.c.Account)
}

// onPlay takes the play time (cached, then fresh), its cost and its sort order.
func (v *titlesView) onPlay(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case playTimeLoadedMsg:
		if m.account != v.c.Account {
			return nil
		}
		switch m.id {
		case v.playCache:
			v.playCache = 0
			if m.found && v.play == nil {
				return v.takePlay(m.cells)
			}
		case v.playNet:
			v.playNet = 0
			if m.found {
				return v.takePlay(m.cells)
			}
		}
	case playCostMsg:
		if m.id != v.playNet || m.account != v.c.Account {
			return nil
		}
		// Nothing cached: the first read (the whole list, every game mapped) is sync's, told by
		// sync --plan. Cached: what changed since, a read maps at most a handful of new games.
		n := m.cost.ListRequests + min(m.cost.MapRequests, store.AutoMapMax/psnapi.MaxTitleIDsPerRequest)
		if !m.cost.Cached || n == 0 {
			v.playNet = 0
			return nil
		}
		v.playNet = v.c.newID()
		cmd := refreshPlayTime(v.c.env(), v.playNet, v.c.Account)
		if n > store.CostAskAbove {
			return tea.Batch(send(noteMsg{text: "play time: " + plural(n, "request", "requests") + " in the background"}), cmd)
		}
		return cmd
	case playOrderMsg:
		if m.id != v.playOrd || m.set != v.set {
			return nil
		}
		v.playOrd = 0
		m.set.orders[sortPlayTime] = m.order
		// The list keeps the orders it was given: the play time order is new.
		v.list.orders = nil
		v.list.refilter()
	}
	return nil
}

// takePlay shows new play time: the columns, then its sort order.
func (v *titlesView) takePlay(pc *playCells) tea.Cmd {
	v.play = pc
	v.layout()
	return v.orderByPlay()
}

// orderByPlay computes the shown set's play time order in a command.
func (v *titlesView) orderByPlay() tea.Cmd {
	if v.play == nil || v.set == nil {
		return nil
	}
	v.playOrd = v.c.newID()
	return sortByPlay(v.playOrd, v.set, v.play)
}

// syncPlay is sync's play time step, run when the browser's fill (its sync) completes: the
// played-games list when stale and every game not mapped yet, at background priority.
func (v *titlesView) syncPlay() tea.Cmd {
	if v.playNet != 0 || v.c.Account == "" {
		return nil
	}
	v.playNet = v.c.newID()
	return syncPlayTime(v.c.env(), v.playNet, v.c.Account)
}
