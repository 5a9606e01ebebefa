package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/store"
)

// statsLoadedMsg answers loadStats.
type statsLoadedMsg struct {
	answer
	account string
	stats   store.Stats
	took    time.Duration
}

// loadStats computes the account's statistics from the store's trophy index: no request.
func loadStats(e env, id uint64, account string) tea.Cmd {
	return func() tea.Msg {
		began := time.Now()
		st, err := e.lib.Stats(account)
		m := statsLoadedMsg{answer: answer{id: id, err: err, cached: true}, account: account, stats: st, took: time.Since(began)}
		e.notes(&m.answer)
		return m
	}
}

// statsRenderedMsg carries the stats screen drawn for one width.
type statsRenderedMsg struct {
	id    uint64
	width int
	lines []string
}

// drawStats renders the charts in a command (they are redrawn only for a new width or new data).
func drawStats(id uint64, r statsRender) tea.Cmd {
	return func() tea.Msg { return statsRenderedMsg{id: id, width: r.width, lines: renderStats(r)} }
}

// statsView is your trophy life in numbers and pictures: totals, trophies per month, the last year
// as a calendar heatmap, what you earned by grade and rarity, how complete your titles are, and the
// rarest trophies you earned. It scrolls; the charts are drawn in a command for the width.
type statsView struct {
	c       *Common
	w, h    int
	stats   store.Stats
	loaded  bool
	err     string
	pending uint64 // the stats being read

	drawing uint64 // the render running
	drawnW  int    // the width lines were drawn for
	lines   []string
	offset  int
	reloads cacheReloader
}

func newStatsView(c *Common) (*statsView, tea.Cmd) {
	v := &statsView{c: c}
	v.pending = c.newID()
	return v, loadStats(c.env(), v.pending, c.Account)
}

func (v *statsView) library()      {}
func (v *statsView) Crumb() string { return "Stats" }
func (v *statsView) typing() bool  { return false }
func (v *statsView) back() bool    { return false }

func (v *statsView) ShortHelp() []key.Binding {
	k := v.c.Keys
	return []key.Binding{withHelp(k.Move, "scroll"), k.Platinums, k.Recent, withHelp(k.Back, "back"), k.Help, k.Quit}
}

func (v *statsView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{
		{withHelp(k.Up, "scroll up"), withHelp(k.Down, "scroll down"), k.PageUp, k.PageDown, withHelp(k.Top, "top"), withHelp(k.Bottom, "bottom")},
		libraryHelp(v.c, libStats),
		{withHelp(k.Refresh, "reload from the cache"), k.Back, k.Help, k.Quit},
	}
}

func (v *statsView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case statsLoadedMsg:
		if msg.id != v.pending || msg.account != v.c.Account {
			return v, nil
		}
		v.pending, v.loaded, v.err = 0, true, ""
		v.reloads.took = msg.took
		if msg.err != nil {
			v.err = errorLine(msg.err)
			return v, nil
		}
		v.stats = msg.stats
		return v, v.draw()
	case statsRenderedMsg:
		if msg.id != v.drawing {
			return v, nil
		}
		v.drawing = 0
		v.lines, v.drawnW = msg.lines, msg.width
		v.offset = v.clamp(v.offset)
		if msg.width != v.w {
			return v, v.draw() // resized while it drew
		}
	case cacheGrewMsg:
		return v, v.reloads.grew(v.c)
	case reloadDueMsg:
		if v.reloads.due(msg) && v.pending == 0 {
			v.pending = v.c.newID()
			return v, loadStats(v.c.env(), v.pending, v.c.Account)
		}
	case tea.WindowSizeMsg:
		if v.loaded && v.err == "" && v.w != v.drawnW {
			return v, v.draw()
		}
	case tea.KeyMsg:
		return v, v.onKey(msg)
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionPress {
			switch msg.Button {
			case tea.MouseButtonWheelUp:
				v.offset = v.clamp(v.offset - 3)
			case tea.MouseButtonWheelDown:
				v.offset = v.clamp(v.offset + 3)
			}
		}
	}
	return v, nil
}

// draw renders the charts for the current width, unless a render runs (its answer asks again).
func (v *statsView) draw() tea.Cmd {
	if v.drawing != 0 || v.w <= 0 {
		return nil
	}
	v.drawing = v.c.newID()
	return drawStats(v.drawing, statsRender{st: v.stats, name: v.c.Name, width: v.w, s: v.c.Styles})
}

func (v *statsView) onKey(msg tea.KeyMsg) tea.Cmd {
	k := v.c.Keys
	if cmd := libraryKey(v.c, msg); cmd != nil {
		return cmd
	}
	page := max(1, v.bodyH()-1)
	switch {
	case key.Matches(msg, k.Up):
		v.offset = v.clamp(v.offset - 1)
	case key.Matches(msg, k.Down):
		v.offset = v.clamp(v.offset + 1)
	case key.Matches(msg, k.PageUp):
		v.offset = v.clamp(v.offset - page)
	case key.Matches(msg, k.PageDown):
		v.offset = v.clamp(v.offset + page)
	case key.Matches(msg, k.Top):
		v.offset = 0
	case key.Matches(msg, k.Bottom):
		v.offset = v.clamp(len(v.lines))
	case key.Matches(msg, k.Refresh) && v.pending == 0:
		v.pending = v.c.newID()
		return loadStats(v.c.env(), v.pending, v.c.Account)
	}
	return nil
}

// bodyH is the room under the heading.
func (v *statsView) bodyH() int { return max(0, v.h-1) }

func (v *statsView) clamp(off int) int {
	return max(0, min(off, len(v.lines)-v.bodyH()))
}

func (v *statsView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.offset = v.clamp(v.offset)
}

func (v *statsView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	head := "Stats · " + v.c.Name
	head = joinNonEmpty(head, v.c.coverage(v.stats.Coverage))
	if len(v.lines) > v.bodyH() {
		head += " · " + commas(v.offset+1) + "–" + commas(min(len(v.lines), v.offset+v.bodyH())) + " of " + commas(len(v.lines)) + " lines"
	}
	lines := []string{" " + titledRule(v.c.Styles, head, v.w-2)}
	s := v.c.Styles
	switch {
	case v.err != "":
		lines = append(lines, truncate(" "+s.Error.Render(v.err), v.w))
	case !v.loaded || v.lines == nil:
		lines = append(lines, truncate(v.c.reading("Reading the cache…"), v.w))
	case v.stats.Titles == 0:
		lines = append(lines, truncate(" No title with its trophies in the cache yet: open some titles, or run psn-client sync.", v.w))
	default:
		body := v.lines[v.offset:min(len(v.lines), v.offset+v.bodyH())]
		if v.drawnW != v.w {
			// Drawn for another width: cut to this one until the new drawing arrives.
			return clampLines(strings.Join(append(lines, body...), "\n"), v.w, v.h)
		}
		lines = append(lines, body...)
	}
	for len(lines) < v.h {
		lines = append(lines, "")
	}
	return strings.Join(lines[:v.h], "\n")
}
