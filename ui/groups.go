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
	vs     versus
	cur    scroller
	cols   []column
	widths []int
	rowsH  int
	gw     [4]int
	cw     int // compare mode: width of the "earned/defined" counts
}

// Column indices of the groups table.
const (
	gcName = iota
	gcBar
	gcPct
	gcGrades
)

func newGroupsView(c *Common, t psnapi.TrophyTitle, vs versus) (*groupsView, tea.Cmd) {
	v := &groupsView{c: c, load: titleLoader{c: c, title: t}, vs: vs}
	var cmd tea.Cmd
	if !vs.notMine {
		cmd = v.load.start()
	}
	return v, tea.Batch(cmd, v.vs.startFor(nil))
}

func (v *groupsView) Crumb() string { return clean(v.load.title.TrophyTitleName) }
func (v *groupsView) typing() bool  { return false }
func (v *groupsView) back() bool    { return false }

func (v *groupsView) ShortHelp() []key.Binding {
	k := v.c.Keys
	return []key.Binding{k.Move, withHelp(k.Open, "trophies"), withHelp(k.Back, "back to titles"), k.Refresh, v.c.compareKey(), k.Help, k.Quit}
}

func (v *groupsView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {withHelp(k.Open, "trophies"), k.Refresh, v.c.compareKey()}, {withHelp(k.Back, "back to titles"), k.Help, k.Quit}}
}

func (v *groupsView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case trophiesLoadedMsg:
		changed := v.load.update(msg)
		if v.vs.update(msg, &v.load) {
			changed = true
		}
		if d := v.load.data; changed && d != nil {
			if len(d.groups) <= 1 {
				// One group: skip straight to its trophies.
				tv, cmd := newTrophiesView(v.c, d.title, d, "", v.vs)
				tv.load = v.load
				tv.SetSize(v.w, v.h)
				return v, tea.Batch(send(replaceViewMsg{old: v, new: tv}), cmd)
			}
		}
		if changed {
			v.layout()
		}
	case compareResolvedMsg:
		their, _ := msg.set.theirTitle(v.load.title.NPCommunicationID)
		v.vs = newVersus(v.c, their, false)
		cmd := v.vs.startFor(msg.started)
		v.layout()
		return v, cmd
	case compareEndedMsg:
		v.vs = versus{}
		if v.load.data == nil && v.load.pendNet == 0 && v.load.err == "" {
			v.load.err = "you have not played this title"
		}
		v.layout()
	case tea.KeyMsg:
		k := v.c.Keys
		if c, ok := v.cur.navigate(msg, k); ok {
			v.cur = c
			return v, nil
		}
		switch {
		case key.Matches(msg, k.Open):
			if d := v.load.data; d != nil && v.cur.pos < len(d.groups) {
				return v, send(openGroupMsg{data: d, group: d.groups[v.cur.pos].id, vs: v.vs})
			}
		case key.Matches(msg, k.Refresh):
			return v, v.vs.reload(&v.load)
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
	if v.c.Compare != nil {
		v.cw = 3
		if d := v.load.data; d != nil {
			for _, g := range d.groups {
				v.cw = max(v.cw, len(countCell(g.defined.Total(), g.defined.Total())))
			}
		}
		v.cols = []column{
			{title: "Group", flex: true},
			{title: "You", width: 10, drop: 5},
			{title: "", width: 4, right: true},
			{title: "", width: v.cw, right: true, drop: 6},
			{title: v.c.compareName(), width: 10, drop: 4},
			{title: "", width: 4, right: true},
			{title: "", width: v.cw, right: true, drop: 7},
		}
	}
	v.widths = layout(v.cols, v.w, min(24, max(10, v.w/4)))
	if v.c.Compare != nil {
		pairDrop(v.widths, gvName, gvMyBar, gvTheirBar)
		pairDrop(v.widths, gvName, gvMyCount, gvTheirCount)
	}
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
	if v.c.Compare != nil {
		return v.compareView(lines)
	}
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
	lines = v.body(lines, func(i int, sel bool) string { return v.row(d.groups[i], sel) })
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

// body appends the list part of the view (error, loading, empty, or the visible rows drawn by row)
// and pads it to leave one line for the footer; plain and compare mode share it.
func (v *groupsView) body(lines []string, row func(i int, selected bool) string) []string {
	s := v.c.Styles
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
			lines = append(lines, row(i, i == v.cur.pos))
		}
	}
	for len(lines) < v.h-1 {
		lines = append(lines, "")
	}
	return lines
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

// countCell is "earned/defined".
func countCell(earned, defined int) string { return strconv.Itoa(earned) + "/" + strconv.Itoa(defined) }

// Column indices of the groups table in compare mode.
const (
	gvName = iota
	gvMyBar
	gvMyPct
	gvMyCount
	gvTheirBar
	gvTheirPct
	gvTheirCount
)

// compareView is the group list with both accounts' progress and counts side by side.
func (v *groupsView) compareView(lines []string) string {
	s := v.c.Styles
	var hb strings.Builder
	hb.WriteString("  ")
	first := true
	for i, c := range v.cols {
		w := v.widths[i]
		if w == 0 {
			continue
		}
		if (i == gvMyPct || i == gvTheirPct) && v.widths[i-1] > 0 {
			continue // written with the bar
		}
		if !first {
			hb.WriteByte(' ')
		}
		first = false
		title := c.title
		if (i == gvMyPct || i == gvTheirPct) && v.widths[i-1] == 0 {
			title = v.cols[i-1].title
		}
		if i == gvMyBar || i == gvTheirBar {
			w += 1 + v.widths[i+1] // the account's name spans the bar and the percentage
		}
		if c.right {
			hb.WriteString(fitRight(title, w))
		} else {
			hb.WriteString(fit(title, w))
		}
	}
	lines = append(lines, truncate(s.Header.Render(hb.String()), v.w))
	d := v.load.data
	lines = v.body(lines, func(i int, sel bool) string { return v.compareRow(&d.groups[i], sel) })
	foot := ""
	switch {
	case v.load.err != "" && d != nil:
		foot = s.Error.Render(v.load.err)
	case v.vs.other.err != "":
		foot = s.Error.Render(v.c.compareName() + ": " + v.vs.other.err)
	case d != nil:
		total := d.title.DefinedTrophies.Total()
		parts := []string{plural(len(d.groups), "group", "groups"), fmt.Sprintf("you %s of %s", commas(d.title.EarnedTrophies.Total()), commas(total))}
		switch {
		case !v.vs.on:
			parts = append(parts, v.c.compareName()+" has not played it")
		case v.vs.other.data != nil:
			parts = append(parts, fmt.Sprintf("%s %s", v.c.compareName(), commas(v.vs.other.data.title.EarnedTrophies.Total())))
		}
		foot = s.Faint.Render(strings.Join(parts, " · "))
	}
	lines = append(lines, " "+foot)
	return clampLines(strings.Join(lines, "\n"), v.w, v.h)
}

func (v *groupsView) compareRow(g *groupRow, selected bool) string {
	s := v.c.Styles
	st := func(style interface{ Render(...string) string }, text string) string {
		if selected {
			return text
		}
		return style.Render(text)
	}
	cells := make([]string, len(v.cols))
	cells[gvName] = fitW(g.name, g.nameW, v.widths[gvName])
	side := func(r *groupRow, loading bool, bi, pi, ci int) {
		if r == nil {
			txt := "–"
			if loading {
				txt = "…"
			}
			w := v.widths[bi] + 1 + v.widths[pi]
			if v.widths[bi] == 0 {
				w = v.widths[pi]
			} else {
				cells[bi] = ""
			}
			if !loading && w >= 13 {
				txt = "–  not played"
			}
			// With a bar, the note spans bar and percentage (the bar cell is folded into it).
			cells[pi] = st(s.Faint, fitRight(txt, w))
			if v.widths[ci] > 0 {
				cells[ci] = spaces(v.widths[ci])
			}
			return
		}
		if w := v.widths[bi]; w > 0 {
			bs := s.Bar
			if r.progress >= 100 {
				bs = s.BarDone
			}
			cells[bi] = st(bs, bar(r.progress, w))
		}
		cells[pi] = fitRight(strconv.Itoa(r.progress)+"%", v.widths[pi])
		if w := v.widths[ci]; w > 0 {
			cells[ci] = fitRight(countCell(r.earned.Total(), r.defined.Total()), w)
		}
	}
	var mine *groupRow
	if !v.vs.notMine {
		mine = g
	}
	side(mine, false, gvMyBar, gvMyPct, gvMyCount)
	side(v.vs.theirGroup(g.id), v.vs.on && v.vs.other.data == nil, gvTheirBar, gvTheirPct, gvTheirCount)
	line := joinCompareCells(cells, v.widths, []int{gvMyBar, gvTheirBar})
	if selected {
		return s.Marker.Render("▸") + " " + s.Selected.Render(line)
	}
	return "  " + line
}

// joinCompareCells joins the cells of the kept columns with single spaces; a folded bar cell (set to
// "" because the note in the next cell spans both) adds nothing, not even its separator.
func joinCompareCells(cells []string, widths []int, bars []int) string {
	var b strings.Builder
	first := true
	for i, c := range cells {
		if widths[i] == 0 {
			continue
		}
		folded := false
		for _, bi := range bars {
			folded = folded || i == bi && c == ""
		}
		if folded {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		b.WriteString(c)
	}
	return b.String()
}
