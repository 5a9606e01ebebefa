package ui

import (
	"errors"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// The check for new trophies: while a logged-in browser is open, store.CheckNew runs every
// store.WatchInterval (under a tenth of the budget, longer under pressure), with background
// priority. A new trophy shows in the status bar, the lists update in place from the cache the check
// wrote (no request), and config bell and notify add a terminal bell and a desktop notification.

// watchDueMsg says the next check is due; newTrophiesMsg answers it.
type watchDueMsg struct{ seq int }

type newTrophiesMsg struct {
	answer
	account string
	items   []store.NewTrophy
}

// titlesMovedMsg gives views the new title-list entries of titles whose earned status the check
// fetched: a view showing one of them reads it again (from the cache).
type titlesMovedMsg struct{ titles map[string]psnapi.TrophyTitle }

// armWatch schedules the next check at the interval the budget allows now.
func (m *Model) armWatch() tea.Cmd {
	m.bg.watchSeq++
	seq := m.bg.watchSeq
	d := store.WatchInterval(m.status.rate, m.c.Now())
	return m.c.tick(d, func(time.Time) tea.Msg { return watchDueMsg{seq: seq} })
}

func (m *Model) onWatchDue(msg watchDueMsg) tea.Cmd {
	if msg.seq != m.bg.watchSeq || m.bg.watchPend != 0 || m.c.Account == "" {
		return nil
	}
	m.bg.watchPend = m.c.newID()
	return checkNew(m.c.env(), m.bg.watchPend, m.c.Account)
}

// checkNew runs one check with background priority: it never takes the user's reserve.
func checkNew(e env, id uint64, account string) tea.Cmd {
	return func() tea.Msg {
		items, err := e.lib.CheckNew(psnapi.WithPriority(e.ctx, psnapi.Background), account)
		m := newTrophiesMsg{answer: answer{id: id, err: err}, account: account, items: items}
		e.snapshot(&m.answer)
		return m
	}
}

// onNewTrophies announces what the check found and arms the next one (not after a lost login).
func (m *Model) onNewTrophies(msg newTrophiesMsg) tea.Cmd {
	if msg.id != m.bg.watchPend {
		return nil
	}
	m.bg.watchPend = 0
	var cmds []tea.Cmd
	if !errors.Is(msg.err, psnapi.ErrLoginRequired) {
		cmds = append(cmds, m.armWatch())
	}
	if len(msg.items) == 0 || msg.account != m.c.Account {
		return tea.Batch(cmds...)
	}
	moved := map[string]psnapi.TrophyTitle{}
	for _, it := range msg.items {
		moved[it.Title.NPCommunicationID] = it.Title
	}
	last := msg.items[len(msg.items)-1]
	what := last.Trophy.TrophyType.Letter() + " " + clean(last.Trophy.TrophyName) + " · " + clean(last.Title.TrophyTitleName)
	text := "new trophy: " + what
	if n := len(msg.items); n > 1 {
		text = strconv.Itoa(n) + " new trophies: " + what
	}
	cmds = append(cmds,
		m.status.noteFor(m.c, text, false, 10*time.Second),
		m.reloadTitlesFromCache(),
		m.broadcast(titlesMovedMsg{titles: moved}),
		m.broadcast(cacheGrewMsg{}),
		announce(m.c, m.out, m.bg.bell, m.bg.notify, text))
	return tea.Batch(cmds...)
}
