package ui

import (
	"errors"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// --user NAME that main could not resolve from the cache is looked up here, in a command: the first
// frame never waits on the network, and says "looking up NAME…" (with the wait, if the budget holds
// the request) until the answer builds the titles view.

// userLookup is the --user lookup running.
type userLookup struct {
	pend  uint64
	query string
}

// userResolvedMsg answers lookUpUser.
type userResolvedMsg struct {
	answer
	acct store.Account
}

func resolveUser(e env, id uint64, q string) tea.Cmd {
	return func() tea.Msg {
		acct, err := e.lib.ResolveUser(e.ctx, q)
		m := userResolvedMsg{answer: answer{id: id, err: err}, acct: acct}
		e.snapshot(&m.answer)
		return m
	}
}

// newLookupView is the titles view before its account is known: it only says what is looked up.
func newLookupView(c *Common, q string) *titlesView {
	v := &titlesView{c: c, lookup: clean(q)}
	v.list = newList(c, v, "title", "titles", "filter by name", titleSortNames(false)...)
	return v
}

func (m *Model) lookUpUser(q string) tea.Cmd {
	m.user = userLookup{pend: m.c.newID(), query: q}
	m.c.track(m.user.pend, "user")
	return resolveUser(m.c.env(), m.user.pend, q)
}

// onUserResolved builds the titles view of the account found (then --compare runs), or says why
// there is none.
func (m *Model) onUserResolved(msg userResolvedMsg) tea.Cmd {
	if msg.id != m.user.pend {
		return nil
	}
	m.user.pend = 0
	if msg.err != nil {
		if tv, ok := m.stack[0].(*titlesView); ok {
			tv.err, tv.loaded = userLookupError(clean(m.user.query), msg.err), true
		}
		return nil
	}
	name := clean(msg.acct.OnlineID)
	if name == "" {
		name = clean(m.user.query)
	}
	m.c.Account, m.c.Name = msg.acct.ID, name
	tv, cmd := newTitlesView(m.c, nil)
	m.stack = []view{tv}
	m.relayout()
	cmds := []tea.Cmd{cmd, m.loadingSoon()}
	if m.compare != "" {
		cmds = append(cmds, m.startCompare(m.compare))
		m.compare = ""
	}
	return tea.Batch(cmds...)
}

// userLookupError words a failed --user lookup in one line.
func userLookupError(name string, err error) string {
	var api *psnapi.APIError
	if errors.As(err, &api) && (api.Kind == psnapi.KindNotFound || api.Kind == psnapi.KindBadRequest) {
		return "no PSN user named " + name
	}
	return "looking up " + name + ": " + errorLine(err)
}
