package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// Account is an account the UI shows besides the user's own: ID for store calls (numeric, or "me"),
// Name for display (the online ID).
type Account struct{ ID, Name string }

// trophyCompare is the trophies view's tab filter in compare mode.
type trophyCompare int

const (
	tcAll trophyCompare = iota
	tcTheyHave
	tcYouHave
	numTrophyCompares
)

// next is the filter tab goes to.
func (f trophyCompare) next() trophyCompare { return (f + 1) % numTrophyCompares }

func (f trophyCompare) String() string {
	return [...]string{"all", "they have, you don't", "you have, they don't"}[f]
}

// compareResolvedMsg answers resolveCompare: the account, its title list and the union with ours.
type compareResolvedMsg struct {
	answer
	query   string
	account Account
	mine    *titleSet // the user's list the union was built from
	their   *titleSet
	set     *titleSet // the union, for the titles view
	// started records the titles whose other-account trophies a view already asked for, so the
	// views of one title (groups below trophies) send one request between them.
	started map[string]bool
}

// compareBuiltMsg answers buildCompare: the union rebuilt after one of the two lists changed.
type compareBuiltMsg struct {
	id  uint64
	set *titleSet
}

// compareEndedMsg tells every view that compare mode ended.
type compareEndedMsg struct{}

// lookupError is a compare target that cannot be compared, worded for the one-line message.
type lookupError struct {
	msg string
	err error
}

func (e *lookupError) Error() string { return e.msg }
func (e *lookupError) Unwrap() error { return e.err }

// compareError words why an account cannot be compared: unknown, private, or what errorLine says.
func compareError(name string, err error) error {
	var api *psnapi.APIError
	if errors.As(err, &api) {
		switch api.Kind {
		case psnapi.KindNotFound, psnapi.KindBadRequest:
			if psnapi.IsAccountID(name) {
				return &lookupError{"no PSN account with ID " + name, err}
			}
			return &lookupError{"no PSN user named " + name, err}
		case psnapi.KindForbidden:
			return &lookupError{name + "’s trophies are private", err}
		}
	}
	return &lookupError{"compare with " + name + ": " + errorLine(err), err}
}

// resolveCompare looks the account up, reads its title list (a private account resolves but its
// list answers 403), builds the union with the user's list and remembers the name in the config.
func resolveCompare(e env, id uint64, query string, self Account, mine *titleSet) tea.Cmd {
	return func() tea.Msg {
		m := compareResolvedMsg{answer: answer{id: id}, query: query, mine: mine}
		acct, err := e.lib.ResolveUser(e.ctx, query)
		if err != nil {
			m.err = compareError(query, err)
			return m
		}
		name := clean(acct.OnlineID)
		if name == "" {
			name = query
		}
		if acct.ID == "me" || acct.ID == self.ID || strings.EqualFold(name, self.Name) {
			m.err = &lookupError{msg: name + " is you: compare with another account"}
			return m
		}
		list, err := e.lib.RefreshTitles(e.ctx, acct.ID)
		e.snapshot(&m.answer)
		if err != nil {
			m.err = compareError(name, err)
			return m
		}
		m.stale, m.fetchedAt = list.Offline, list.FetchedAt
		m.account = Account{ID: acct.ID, Name: name}
		m.their = buildTitleRows(list.Titles, e.now)
		m.their.fetchedAt = list.FetchedAt
		m.set = buildCompareRows(mine, m.their)
		if cfg := e.lib.Config(); cfg.CompareUser != query {
			cfg.CompareUser = query
			_ = e.lib.SaveConfig(cfg) // remembering the name is a convenience; comparing works without it
		}
		return m
	}
}

// displayName is the account part of the status bar: "FakeHunter vs TrophyFriend" in compare mode.
func (c *Common) displayName() string {
	if c.Compare != nil {
		return c.Name + " vs " + c.Compare.Name
	}
	return c.Name
}

// compareKey is the help of c: enter or leave compare mode.
func (c *Common) compareKey() key.Binding {
	if c.Compare != nil {
		return withHelp(c.Keys.Compare, "leave compare")
	}
	return c.Keys.Compare
}

// compareLookup is the compare lookup running (c's friends list, --compare, L's enter).
type compareLookup struct {
	pend  uint64 // the lookup running
	query string
}

// openFriends is c: the friends list, to choose whom to compare with (friends.go).
func (m *Model) openFriends() tea.Cmd {
	v, cmd := newFriendsView(m.c)
	m.push(v)
	return tea.Batch(cmd, m.loadingSoon())
}

// onCompareChosen closes the friends list (when it is on top) and looks the account up.
func (m *Model) onCompareChosen(msg compareChosenMsg) tea.Cmd {
	var cmds []tea.Cmd
	if fv, ok := m.top().(*friendsView); ok {
		cmds = append(cmds, m.pop(fv))
	}
	return tea.Batch(append(cmds, m.startCompare(msg.query))...)
}

// startCompare looks up q in a command; the answer enters compare mode or says why not.
func (m *Model) startCompare(q string) tea.Cmd {
	delete(m.c.looking, m.lookup.pend)
	m.lookup.pend = m.c.newID()
	m.lookup.query = q
	m.c.track(m.lookup.pend, "compare")
	m.c.looking[m.lookup.pend] = clean(q)
	var mine *titleSet
	if tv, ok := m.stack[0].(*titlesView); ok {
		mine = tv.plain
	}
	return resolveCompare(m.c.env(), m.lookup.pend, q, Account{ID: m.c.Account, Name: m.c.Name}, mine)
}

// onCompareResolved enters compare mode, or shows in one line why it cannot.
func (m *Model) onCompareResolved(msg compareResolvedMsg) tea.Cmd {
	if msg.id != m.lookup.pend {
		return nil
	}
	m.lookup.pend = 0
	if msg.err != nil {
		return m.status.setWarn(m.c, clean(msg.err.Error()))
	}
	m.c.lastCompare = msg.query
	m.c.Compare = &msg.account
	msg.started = map[string]bool{}
	var cmds []tea.Cmd
	for i, v := range m.stack {
		nv, cmd := v.Update(msg)
		m.stack[i] = nv
		cmds = append(cmds, cmd)
	}
	m.relayout()
	cmds = append(cmds, m.status.setNote(m.c, "comparing with "+msg.account.Name), m.comparePresence())
	return tea.Batch(cmds...)
}

// leaveCompare ends compare mode in every view at once.
func (m *Model) leaveCompare() tea.Cmd {
	m.c.Compare = nil
	delete(m.c.looking, m.lookup.pend)
	m.lookup.pend = 0
	for i, v := range m.stack {
		nv, _ := v.Update(compareEndedMsg{})
		m.stack[i] = nv
	}
	m.relayout()
	return m.status.setNote(m.c, "compare mode off")
}

// takeMine takes a new list of the user's titles: shown at once, or in compare mode merged with
// theirs in a command first.
func (c *Common) compareName() string {
	if c.Compare == nil {
		return ""
	}
	return c.Compare.Name
}

// canCompare: compare mode needs the title list at the bottom of the stack (not the login screen).
func (m *Model) canCompare() bool {
	_, ok := m.stack[0].(*titlesView)
	return ok && m.c.Lib != nil && m.c.Account != ""
}
