package ui

import (
	"context"
	"errors"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/store"
)

// The background fill: while a logged-in browser is open, it runs the same resumable fill as
// psn-client sync (store.StartFill): most recently played titles first, with the budget above the
// interactive reserve. A title the user opens goes ahead of it with no call to the fill: the store
// fetches it at once at interactive priority and the fill then finds it current (Prioritize would
// let the fill lead that fetch at background priority). P pauses and resumes it; Close stops it
// (what it fetched is kept). Its title list is the browser's refresh of the list; the titles its
// data completes reach next to hunt and the coverage notes.

// filler is a running fill (*store.Fill).
type filler interface {
	Updates() <-chan store.SyncProgress
	Wait() (store.SyncResult, error)
	Stop() (store.SyncResult, error)
	Pause()
	Resume()
}

// fillStatus is the fill as views and the status bar show it (Common.fill).
type fillStatus struct {
	// ownsList: a fill runs (or is about to) and its title list is the list's refresh.
	ownsList bool
	running  bool
	paused   bool
	prog     store.SyncProgress
}

// segment is the status bar's piece: "filling 112/2,053 · ETA 3h10m", and a short form.
func (f *fillStatus) segment() (text, short string) {
	p := f.prog
	switch {
	case !f.running:
		return "", ""
	case p.TitlesTotal == 0 && f.paused:
		return "filling paused · P resumes", "filling paused"
	case p.TitlesTotal == 0:
		return "filling · title list", "filling"
	}
	count := commas(p.TitlesDone) + "/" + commas(p.TitlesTotal)
	if p.TitlesDone >= p.TitlesTotal && p.GroupNamesLeft > 0 {
		count = "group names · " + commas(p.GroupNamesLeft) + " left"
	}
	if f.paused {
		return "filling paused " + count + " · P resumes", "paused " + count
	}
	text = "filling " + count
	if p.ETA > 0 {
		text += " · ETA " + eta(p.ETA)
	}
	return text, count
}

// coverageNote is what a view computed from the cache adds to "from 14 of 300 titles": the fill's
// state ("filling, ETA 25m", "filling paused"), or how the rest gets filled without one.
func (f *fillStatus) coverageNote() string {
	switch {
	case f.running && f.paused:
		return "filling paused (P resumes)"
	case f.running && f.prog.ETA > 0:
		return "filling, ETA " + eta(f.prog.ETA)
	case f.running:
		return "filling"
	}
	return "psn-client sync fills the rest"
}

// coverage words a store.Coverage for a view computed from the cache: "" when complete.
func (c *Common) coverage(cov store.Coverage) string {
	if !cov.Partial() {
		return ""
	}
	if cov.Titles == 0 {
		return "no title list cached yet · " + c.fill.coverageNote()
	}
	return "from " + commas(cov.Complete) + " of " + plural(cov.Titles, "title", "titles") + " · " + c.fill.coverageNote()
}

// fillProgressMsg is a progress report of the fill; fillEndedMsg says it ended (finished, failed or
// stopped) with its result.
type fillProgressMsg struct{ p store.SyncProgress }

type fillEndedMsg struct {
	res store.SyncResult
	err error
}

// cacheGrewMsg tells views computed from the cache (next to hunt) that titles were completed.
type cacheGrewMsg struct{}

// waitForFill reads one progress report; the app re-arms it after each (the channel keeps only the
// latest report, so a slow frame never holds the fill back). A closed channel is the end.
func waitForFill(f filler) tea.Cmd {
	ch := f.Updates()
	return func() tea.Msg {
		p, ok := <-ch
		if !ok {
			res, err := f.Wait()
			return fillEndedMsg{res: res, err: err}
		}
		return fillProgressMsg{p: p}
	}
}

// background is the app's background work: the fill and the check for new trophies (watch.go).
type background struct {
	fill, watch  bool // enabled (Options.Fill, Options.Watch)
	bell, notify bool // config: how a new trophy is announced beyond the status bar
	started      bool
	f            filler
	listSeen     bool // the fill's title list reached the titles view
	keyed        bool // P was pressed: the fill's paused state is what P made it
	// The watch: the id of the check running, and the seq of the timer armed.
	watchPend uint64
	watchSeq  int
}

func (b *background) running() bool { return b.f != nil }

// stop stops the fill and waits for it (Close).
func (b *background) stop() {
	if b.f != nil {
		b.f.Stop()
		b.f = nil
	}
}

// startBackground starts the fill and the watch once the account is known and its title list and
// summary are on screen (from the cache or the network), so neither comes before the first frame's
// data.
func (m *Model) startBackground() tea.Cmd {
	if m.bg.started || !m.bg.fill && !m.bg.watch || m.c.Account == "" {
		return nil
	}
	tv, ok := m.stack[0].(*titlesView)
	// After the summary too: the user's own requests go before the fill's, and the summary tells the
	// store the numeric ID behind "me" before the fill writes under it.
	if !ok || tv.plain == nil || tv.pendSumCache != 0 || tv.pendSumNet != 0 {
		return nil
	}
	m.bg.started = true
	var cmds []tea.Cmd
	if m.bg.fill {
		// StartFill only starts a goroutine: called here, the fill can never outlive Close.
		if f := m.c.Lib.StartFill(m.c.Ctx, m.c.Account, store.FillOptions{}); f != nil {
			m.bg.f = f
			m.c.fill.running = true
			cmds = append(cmds, waitForFill(f))
		} else {
			m.c.fill.ownsList = false
			cmds = append(cmds, send(fillEndedMsg{}))
		}
	}
	if m.bg.watch {
		cmds = append(cmds, m.armWatch())
	}
	return tea.Batch(cmds...)
}

// onFillProgress shows a report; the first with the plan means the fill's title list is cached, so
// the titles view reads it (no request); titles completed reach next to hunt.
func (m *Model) onFillProgress(msg fillProgressMsg) tea.Cmd {
	if m.bg.f == nil {
		return nil
	}
	before := m.c.fill.prog
	m.c.fill.prog = msg.p
	if !m.bg.keyed {
		// Once P was pressed, paused stays what P made it: a report taken just before a P can
		// arrive after it.
		m.c.fill.paused = msg.p.Paused
	}
	cmds := []tea.Cmd{waitForFill(m.bg.f)}
	if msg.p.TitlesTotal > 0 && !m.bg.listSeen {
		m.bg.listSeen = true
		cmds = append(cmds, m.reloadTitlesFromCache())
	}
	if msg.p.TitlesDone != before.TitlesDone || msg.p.GroupNamesLeft != before.GroupNamesLeft {
		cmds = append(cmds, m.broadcast(cacheGrewMsg{}))
	}
	return tea.Batch(cmds...)
}

// onFillEnded says how the fill ended; a fill that ended before its title list leaves the titles
// view to refresh the list itself.
func (m *Model) onFillEnded(msg fillEndedMsg) tea.Cmd {
	wasRunning := m.bg.f != nil
	m.bg.f = nil
	m.c.fill.running, m.c.fill.paused = false, false
	if !m.bg.listSeen {
		m.c.fill.ownsList = false
	}
	cmds := []tea.Cmd{m.broadcast(msg), m.broadcast(cacheGrewMsg{})}
	switch {
	case !wasRunning:
	case msg.err != nil && !errors.Is(msg.err, context.Canceled):
		cmds = append(cmds, m.status.setWarn(m.c, "filling stopped: "+errorLine(msg.err)))
	case msg.err == nil:
		cmds = append(cmds, m.status.setNote(m.c, "cache complete · "+plural(msg.res.TitlesChecked, "title", "titles")))
		if tv, ok := m.stack[0].(*titlesView); ok {
			cmds = append(cmds, tv.syncPlay()) // the fill is the browser's sync: its last step too
		}
	}
	return tea.Batch(cmds...)
}

// toggleFill is P (the status bar's fill segment says which state it is in).
func (m *Model) toggleFill() tea.Cmd {
	if m.c.fill.paused {
		m.bg.f.Resume()
	} else {
		m.bg.f.Pause()
	}
	m.c.fill.paused = !m.c.fill.paused
	m.bg.keyed = true
	return nil
}

// reloadTitlesFromCache reads the account's title list the store just wrote (the fill's, or after
// new trophies) and hands it to the titles view as fresh data: no request.
func (m *Model) reloadTitlesFromCache() tea.Cmd {
	e, id, account := m.c.env(), m.c.newID(), m.c.Account
	var shown *titleSet
	if v, ok := m.stack[0].(*titlesView); ok {
		shown = v.plain
	}
	return func() tea.Msg {
		list, ok, err := e.lib.CachedTitles(account)
		msg := titlesLoadedMsg{answer: answer{id: id, err: err, fetchedAt: list.FetchedAt}, account: account, found: ok}
		if ok {
			msg.rows = shown.rebuild(list.Titles, e.now)
		}
		return msg
	}
}

// broadcast delivers msg to every view of the stack (through Update, so each takes what is its own).
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i, v := range m.stack {
		nv, cmd := v.Update(msg)
		m.stack[i] = nv
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// helpKeys is the top view's help plus the app's keys of the moment (P while a fill runs).
func (m *Model) helpKeys() help.KeyMap {
	if !m.bg.running() {
		return m.top()
	}
	b := m.c.Keys.Fill
	if m.c.fill.paused {
		b = withHelp(b, "resume filling")
	}
	return appHelp{view: m.top(), extra: []key.Binding{b}}
}

// appHelp adds a column of app keys to a view's full help.
type appHelp struct {
	view
	extra []key.Binding
}

func (a appHelp) FullHelp() [][]key.Binding { return append(a.view.FullHelp(), a.extra) }
