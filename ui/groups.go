package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// groupsView lists a title's trophy groups: the base game and each DLC.
type groupsView struct {
	c      *Common
	w, h   int
	load   titleLoader
	cur    scroller
	cols   []column
	widths []int
	rowsH  int
	gw     [4]int
}

// Column indices of the groups table.
const (
	gcName = iota
	gcBar
	gcPct
	gcGrades
)

func newGroupsView(c *Common, t psnapi.TrophyTitle) (*groupsView, tea.Cmd) {
	v := &groupsView{c: c, load: titleLoader{c: c, title: t}}
	return v, v.load.start()
}

func (v *groupsView) Crumb() string { return clean(v.load.title.TrophyTitleName) }
func (v *groupsView) typing() bool  { return false }
func (v *groupsView) back() bool    { return false }

func (v *groupsView) ShortHelp() []key.Binding {
	k := v.c.Keys
	return []key.Binding{k.Move, withHelp(k.Open, "trophies"), withHelp(k.Back, "back to titles"), k.Refresh, k.Help, k.Quit}
}

func (v *groupsView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {withHelp(k.Open, "trophies"), k.Refresh}, {withHelp(k.Back, "back to titles"), k.Help, k.Quit}}
}

func (v *groupsView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case trophiesLoadedMsg:
		if v.load.update(msg) {
			d := v.load.data
			if len(d.groups) <= 1 {
				// One group: skip straight to its trophies.
				tv, cmd := newTrophiesView(v.c, d.title, d, "")
				tv.load = v.load
				tv.SetSize(v.w, v.h)
				return v, tea.Batch(send(replaceViewMsg{old: v, new: tv}), cmd)
			}
			v.layout()
		}
	case tea.KeyMsg:
		k := v.c.Keys
		if c, ok := v.cur.navigate(msg, k); ok {
			v.cur = c
			return v, nil
		}
		switch {
		case key.Matches(msg, k.Open):
			if d := v.load.data; d != nil && v.cur.pos < len(d.groups) {
				return v, send(openGroupMsg{data: d, group: d.groups[v.cur.pos].id})
			}
		case key.Matches(msg, k.Refresh):
			if v.load.pendNet == 0 {
				return v, v.load.reload()
			}
		}
	case tea.MouseMsg:
		v.cur, _ = v.cur.navigate(msg, v.c.Keys)
	}
	return v, nil
}

func (v *groupsView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.layout()
}

func (v *groupsView) layout() {
	v.gw = [4]int{1, 1, 1, 1}
	n := 0
	if d := v.load.data; d != nil {
		n = len(d.groups)
		for _, g := range d.groups {
			for i := range 4 {
				v.gw[i] = max(v.gw[i], len(g.grades[i]))
			}
		}
	}
	v.cols = []column{
		{title: "Group", flex: true},
		{title: "Progress", width: 10, drop: 4},
		{title: "", width: 4, right: true},
		{title: "", width: v.gw[0] + v.gw[1] + v.gw[2] + v.gw[3] + 3, right: true, drop: 3},
	}
	v.widths = layout(v.cols, v.w, min(24, max(10, v.w/4)))
	v.rowsH = max(0, v.h-3)
	v.cur = v.cur.resize(n, v.rowsH)
}

func (v *groupsView) heading() string {
	d := v.load.data
	t := v.load.title
	parts := []string{clean(t.TrophyTitleName)}
	if d != nil && d.platform != "" {
		parts = append(parts, d.platform)
	}
	parts = append(parts, plural(t.DefinedTrophies.Total(), "trophy", "trophies"), strconv.Itoa(t.Progress)+"%")
	return " " + titledRule(v.c.Styles, strings.Join(parts, " · "), v.w-2)
}

func (v *groupsView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	s := v.c.Styles
	lines := []string{v.heading()}
	head := "  " + s.Header.Render(fit("Group", v.widths[gcName]))
	if v.widths[gcBar] > 0 {
		head += " " + s.Header.Render(fit("Progress", v.widths[gcBar]))
	}
	head += " " + spaces(4)
	if v.widths[gcGrades] > 0 {
		head += " " + gradeLetters(s, v.gw)
	}
	lines = append(lines, truncate(head, v.w))
	d := v.load.data
	switch {
	case d == nil && v.load.err != "":
		lines = append(lines, " "+s.Error.Render(v.load.err))
	case d == nil:
		lines = append(lines, v.c.loading("Loading trophy groups…"))
	case len(d.groups) == 0:
		lines = append(lines, " No trophy groups.")
	default:
		from, to := v.cur.visible()
		for i := from; i < to; i++ {
			lines = append(lines, v.row(d.groups[i], i == v.cur.pos))
		}
	}
	for len(lines) < v.h-1 {
		lines = append(lines, "")
	}
	foot := ""
	switch {
	case v.load.err != "" && d != nil:
		foot = s.Error.Render(v.load.err)
	case d != nil:
		e := d.title.EarnedTrophies.Total()
		foot = s.Faint.Render(fmt.Sprintf("%s · %s of %s trophies earned", plural(len(d.groups), "group", "groups"), commas(e), commas(d.title.DefinedTrophies.Total())))
	}
	lines = append(lines, " "+foot)
	return clampLines(strings.Join(lines, "\n"), v.w, v.h)
}

func gradeLetters(s *Styles, gw [4]int) string {
	var b strings.Builder
	for g, l := range []string{"P", "G", "S", "B"} {
		if g > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.Grade[g].Bold(true).Render(fitRight(l, gw[g])))
	}
	return b.String()
}

func gradeCells(s *Styles, cells [4]string, gw [4]int, plain bool) string {
	var b strings.Builder
	for g := range 4 {
		if g > 0 {
			b.WriteByte(' ')
		}
		txt := fitRight(cells[g], gw[g])
		switch {
		case plain:
			b.WriteString(txt)
		case cells[g] == "–":
			b.WriteString(s.Faint.Render(txt))
		default:
			b.WriteString(s.Grade[g].Render(txt))
		}
	}
	return b.String()
}

func (v *groupsView) row(g groupRow, selected bool) string {
	s := v.c.Styles
	cells := make([]string, 4)
	cells[gcName] = fitW(g.name, g.nameW, v.widths[gcName])
	if v.widths[gcBar] > 0 {
		bs := s.Bar
		if g.progress >= 100 {
			bs = s.BarDone
		}
		cells[gcBar] = bar(g.progress, v.widths[gcBar])
		if !selected {
			cells[gcBar] = bs.Render(cells[gcBar])
		}
	}
	cells[gcPct] = fitRight(strconv.Itoa(g.progress)+"%", 4)
	if v.widths[gcGrades] > 0 {
		cells[gcGrades] = gradeCells(s, g.grades, v.gw, selected)
	}
	if selected {
		return s.Marker.Render("▸") + " " + s.Selected.Render(joinCells("", cells, v.widths))
	}
	return joinCells("  ", cells, v.widths)
}
