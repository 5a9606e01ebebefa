package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// groupsView lists a title's trophy groups: the base game and each DLC. In compare mode both
// accounts' progress and counts stand side by side.
type groupsView struct {
	c    *Common
	w, h int
	list *list
	load titleLoader
	vs   versus
	gw   [4]int // widths of the earned/defined cells per grade
	cw   int    // compare mode: width of the "earned/defined" counts
	icon picture
}

// Column indices of the groups table.
const (
	gcName = iota
	gcBar
	gcPct
	gcGrades
)

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

func newGroupsView(c *Common, t psnapi.TrophyTitle, vs versus) (*groupsView, tea.Cmd) {
	v := &groupsView{c: c, load: titleLoader{c: c, title: t}, vs: vs}
	v.list = newList(c, v, "group", "groups", "filter by name")
	var cmd tea.Cmd
	if !vs.notMine {
		cmd = v.load.start()
	}
	return v, tea.Batch(cmd, v.vs.startFor(nil))
}

func (v *groupsView) Crumb() string { return clean(v.load.title.TrophyTitleName) }
func (v *groupsView) typing() bool  { return v.list.typing() }
func (v *groupsView) back() bool    { return v.list.back() }

func (v *groupsView) ShortHelp() []key.Binding {
	k := v.c.Keys
	if v.typing() {
		return v.list.ShortHelp()
	}
	return []key.Binding{k.Move, withHelp(k.Open, "trophies"), k.Filter, withHelp(k.Back, "back to titles"), k.Refresh, v.c.compareKey(), k.Help, k.Quit}
}

func (v *groupsView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{v.list.moveHelp(), append([]key.Binding{withHelp(k.Open, "trophies")}, append(v.list.listHelp(), withHelp(k.HuntTitle, "hunt in this title"), k.Board, k.Refresh, v.c.compareKey())...),
		{withHelp(k.Back, "back to titles"), k.Help, k.Quit}}
}

func (v *groupsView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case pictureLoadedMsg:
		v.icon.update(v.c, msg)
	case trophiesLoadedMsg:
		changed := v.load.update(msg)
		if v.vs.update(msg, &v.load) {
			changed = true
		}
		if d := v.load.data; changed && d != nil && len(d.groups) <= 1 {
			// One group: skip straight to its trophies.
			tv, cmd := newTrophiesView(v.c, d.title, d, "", v.vs)
			tv.load = v.load
			tv.SetSize(v.w, v.h)
			return v, tea.Batch(send(replaceViewMsg{old: v, new: tv}), cmd)
		}
		if changed {
			v.newData()
		}
	case compareResolvedMsg:
		their, _ := msg.set.theirTitle(v.load.title.NPCommunicationID)
		v.vs = newVersus(v.c, their, false)
		cmd := v.vs.startFor(msg.started)
		v.newData()
		return v, cmd
	case budgetFreedMsg:
		return v, tea.Batch(v.load.retry(), v.vs.retry())
	case titlesMovedMsg:
		return v, v.load.moved(msg.titles)
	case compareEndedMsg:
		v.vs = versus{}
		if v.load.data == nil && v.load.pendNet == 0 && v.load.err == "" {
			v.load.err = "you have not played this title"
		}
		v.newData()
	case tea.KeyMsg, tea.MouseMsg:
		if cmd, ok := v.list.Update(msg); ok {
			return v, cmd
		}
		if km, ok := msg.(tea.KeyMsg); ok {
			return v, v.onKey(km)
		}
	}
	return v, nil
}

// onKey handles the group list's own keys; moving and / are the list's.
func (v *groupsView) onKey(msg tea.KeyMsg) tea.Cmd {
	k := v.c.Keys
	switch {
	case key.Matches(msg, k.Open):
		if d, i := v.load.data, v.list.selected(); d != nil && i >= 0 {
			return send(openGroupMsg{data: d, group: d.groups[i].id, vs: v.vs})
		}
	case key.Matches(msg, k.Refresh):
		return v.vs.reload(&v.load)
	case key.Matches(msg, k.HuntTitle):
		t := v.load.title
		return send(openLibraryMsg{kind: libHunt, title: &t})
	case key.Matches(msg, k.Board) && !v.vs.notMine:
		return send(openBoardMsg{title: v.load.title})
	}
	return nil
}

// newData lists the groups again (new data, or compare mode changed), keeping the cursor on the
// same group.
func (v *groupsView) newData() {
	keep := ""
	if d, i := v.load.data, v.list.selected(); d != nil && i >= 0 && i < len(d.groups) {
		keep = d.groups[i].id
	}
	v.list.setRows(func(i int) bool { return v.load.data.groups[i].id == keep })
	v.layout()
}

func (v *groupsView) SetSize(w, h int) {
	v.w, v.h = w, h
	_, rows := headIconBox(v.c, w, h)
	v.list.SetSize(w, h-max(1, rows))
	v.layout()
}

// pictureCmd shows the game's icon beside the heading when there is room.
func (v *groupsView) pictureCmd() tea.Cmd {
	cols, rows := headIconBox(v.c, v.w, v.h)
	return v.icon.show(v.c, iconOf(v.load.title), cols, rows, alignLeft)
}

// kittyImages is the icon's kitty image, deleted when the view goes.
func (v *groupsView) kittyImages() []uint32 { return []uint32{v.icon.kitty} }

func (v *groupsView) layout() {
	v.gw = [4]int{1, 1, 1, 1}
	v.cw = 3
	if d := v.load.data; d != nil {
		for _, g := range d.groups {
			for i := range 4 {
				v.gw[i] = max(v.gw[i], len(g.grades[i]))
			}
			v.cw = max(v.cw, len(countCell(g.defined.Total(), g.defined.Total())))
		}
	}
	minName := min(24, max(10, v.w/4))
	if v.c.Compare != nil {
		name := v.c.compareName()
		v.list.setColumns([]column{
			{title: "Group", flex: true},
			{title: "You", width: 10, drop: 5, span: true, pair: 1},
			{title: "You", width: 4, right: true},
			{width: v.cw, right: true, drop: 6, pair: 2},
			{title: name, width: 10, drop: 4, span: true, pair: 1},
			{title: name, width: 4, right: true},
			{width: v.cw, right: true, drop: 7, pair: 2},
		}, minName)
		return
	}
	gw := v.gw
	v.list.setColumns([]column{
		{title: "Group", flex: true},
		{title: "Progress", width: 10, drop: 4},
		{width: 4, right: true},
		{width: gradesWidth(gw), right: true, drop: 3, head: func(int) string { return gradeLetters(v.c.Styles, gw) }},
	}, minName)
}

func (v *groupsView) heading() string {
	d := v.load.data
	t := v.load.title
	parts := []string{clean(t.TrophyTitleName)}
	if d != nil && d.platform != "" {
		parts = append(parts, d.platform)
	}
	parts = append(parts, plural(t.DefinedTrophies.Total(), "trophy", "trophies"), strconv.Itoa(t.Progress)+"%")
	return strings.Join(parts, " · ")
}

func (v *groupsView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	return v.list.View(headLines(v.c, &v.icon, v.heading(), v.w)...)
}

// The list's rows (listRows): the title's groups.

func (v *groupsView) len() int {
	if v.load.data == nil {
		return 0
	}
	return len(v.load.data.groups)
}

func (v *groupsView) sorted(int) []int { return nil }

func (v *groupsView) filter(q string) func(int) bool {
	if q == "" || v.load.data == nil {
		return nil
	}
	groups := v.load.data.groups
	return func(i int) bool { return strings.Contains(groups[i].key, q) }
}

func (v *groupsView) empty() string {
	s := v.c.Styles
	d := v.load.data
	switch {
	case d == nil && v.load.err != "":
		return " " + s.Error.Render(v.load.err)
	case d == nil:
		return v.c.loading("Loading trophy groups…", v.w)
	case len(d.groups) == 0:
		return " No trophy groups."
	}
	return " " + s.Faint.Render("No groups match. esc clears the filter.")
}

func (v *groupsView) footer() string {
	s := v.c.Styles
	d := v.load.data
	switch {
	case v.load.err != "" && d != nil:
		return s.Error.Render(v.load.err)
	case v.c.Compare != nil && v.vs.other.err != "":
		return s.Error.Render(v.c.compareName() + ": " + v.vs.other.err)
	case d == nil:
		return ""
	case v.c.wait != "" && (v.load.pendNet != 0 || v.vs.on && v.vs.other.pendNet != 0):
		// Shown from the cache while the rest waits for the budget: say so, with the countdown.
		return v.c.waitNote("loading", v.w)
	}
	total := commas(d.title.DefinedTrophies.Total())
	mine := commas(d.title.EarnedTrophies.Total())
	if v.c.Compare == nil {
		return s.Faint.Render(fmt.Sprintf("%s · %s of %s trophies earned", v.list.count(), mine, total))
	}
	parts := []string{v.list.count(), "you " + mine + " of " + total}
	switch {
	case !v.vs.on:
		parts = append(parts, v.c.compareName()+" has not played it")
	case v.vs.other.data != nil:
		parts = append(parts, v.c.compareName()+" "+commas(v.vs.other.data.title.EarnedTrophies.Total()))
	}
	return s.Faint.Render(strings.Join(parts, " · "))
}

func (v *groupsView) row(i int, selected bool) string {
	g := &v.load.data.groups[i]
	if v.c.Compare != nil {
		return v.compareRow(g, selected)
	}
	p := &v.c.Styles.P
	st := painter(selected)
	widths := v.list.widths
	cells := make([]string, 4)
	cells[gcName] = fitW(g.name, g.nameW, widths[gcName])
	switch {
	case v.load.data.earnedUnknown:
		// Only the definitions are here: the earned status is loading, not zero.
		cells[gcBar] = spaces(widths[gcBar])
		cells[gcPct] = st(p.Faint, fitRight("…", 4))
	default:
		if w := widths[gcBar]; w > 0 {
			cells[gcBar] = st(barPaint(p, g.progress), bar(g.progress, w))
		}
		cells[gcPct] = fitRight(strconv.Itoa(g.progress)+"%", 4)
	}
	if widths[gcGrades] > 0 {
		cells[gcGrades] = gradeCells(v.c.Styles, g.grades, v.gw, selected)
	}
	return v.list.joinCells(cells)
}

// compareRow is a group with both accounts' bar, percentage and count; "–  not played" (or "…"
// while the other account's trophies load) spans the bar and percentage of a side without data.
func (v *groupsView) compareRow(g *groupRow, selected bool) string {
	p := &v.c.Styles.P
	st := painter(selected)
	widths := v.list.widths
	cells := make([]string, 7)
	cells[gvName] = fitW(g.name, g.nameW, widths[gvName])
	side := func(r *groupRow, loading bool, bi, pi, ci int) {
		if r == nil {
			txt := "–"
			if loading {
				txt = "…"
			}
			w := widths[pi]
			if widths[bi] > 0 {
				w += 1 + widths[bi]
				cells[bi] = "" // folded into the note
			}
			if !loading && w >= 13 {
				txt = "–  not played"
			}
			cells[pi] = st(p.Faint, fitRight(txt, w))
			if widths[ci] > 0 {
				cells[ci] = spaces(widths[ci])
			}
			return
		}
		if w := widths[bi]; w > 0 {
			cells[bi] = st(barPaint(p, r.progress), bar(r.progress, w))
		}
		cells[pi] = fitRight(strconv.Itoa(r.progress)+"%", widths[pi])
		if w := widths[ci]; w > 0 {
			cells[ci] = fitRight(countCell(r.earned.Total(), r.defined.Total()), w)
		}
	}
	var mine *groupRow
	if !v.vs.notMine {
		mine = g
	}
	unknown := v.load.data.earnedUnknown
	if unknown {
		mine = nil
	}
	side(mine, unknown, gvMyBar, gvMyPct, gvMyCount)
	side(v.vs.theirGroup(g.id), v.vs.waiting(), gvTheirBar, gvTheirPct, gvTheirCount)
	return v.list.joinCells(cells)
}

// countCell is "earned/defined".
func countCell(earned, defined int) string { return strconv.Itoa(earned) + "/" + strconv.Itoa(defined) }

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
