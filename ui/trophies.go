package ui

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

type trophySort int

const (
	trophyDefault trophySort = iota
	trophyRarity
	trophyEarnedDate
	trophyGrade
	numTrophySorts
)

func (s trophySort) String() string {
	return [...]string{"default order", "rarity", "earned date", "grade"}[s]
}

type earnedFilter int

const (
	earnedAll earnedFilter = iota
	earnedOnly
	unearnedOnly
	numEarnedFilters
)

func (f earnedFilter) String() string { return [...]string{"all", "earned", "unearned"}[f] }

// trophiesView lists the trophies of one group of a title (or all of them).
type trophiesView struct {
	c      *Common
	w, h   int
	load   titleLoader
	vs     versus
	cmp    trophyCompare // compare mode's tab filter
	group  string        // "" for all groups
	order  []int
	cur    scroller
	sortBy trophySort
	show   earnedFilter
	cols   []column
	widths []int
	rowsH  int
	progW  int
	// focus is the trophy the cursor goes to when the data arrives (enter in next to hunt).
	focus    int
	hasFocus bool
}

// Column indices of the trophy table.
const (
	ycName = iota
	ycProgress
	ycGrade
	ycRate
	ycTier
	ycMark
	ycDate
	ycHelp // only when the title has Game Help
)

// newTrophiesView shows data when the title is loaded already, else loads it.
func newTrophiesView(c *Common, t psnapi.TrophyTitle, data *titleData, group string, vs versus) (*trophiesView, tea.Cmd) {
	v := &trophiesView{c: c, load: titleLoader{c: c, title: t, data: data}, group: group, vs: vs}
	var cmds []tea.Cmd
	if data == nil && !vs.notMine {
		cmds = append(cmds, v.load.start())
	}
	if vs.on && vs.other.data == nil && !vs.other.loading() {
		cmds = append(cmds, v.vs.startFor(nil))
	}
	cmds = append(cmds, c.wantHelp(t))
	v.rebuild()
	return v, tea.Batch(cmds...)
}

func (v *trophiesView) Crumb() string {
	t := clean(v.load.title.TrophyTitleName)
	if v.group != "" && v.load.data != nil && len(v.load.data.groups) > 1 {
		for _, g := range v.load.data.groups {
			if g.id == v.group {
				return g.name
			}
		}
	}
	return t
}

func (v *trophiesView) typing() bool { return false }
func (v *trophiesView) back() bool   { return false }

func (v *trophiesView) ShortHelp() []key.Binding {
	k := v.c.Keys
	if v.c.Compare != nil {
		return []key.Binding{k.Move, withHelp(k.Open, "detail"), withHelp(k.CompareShow, "they have, you don't"),
			withHelp(k.Sort, "sort ("+v.sortBy.String()+")"), withHelp(k.Earned, "earned/unearned"), k.Tips, v.c.compareKey(), k.Back, k.Help, k.Quit}
	}
	return []key.Binding{k.Move, withHelp(k.Open, "detail"), k.Tips, withHelp(k.Reveal, "reveal hidden"),
		withHelp(k.Sort, "sort ("+v.sortBy.String()+")"), withHelp(k.Earned, "earned/unearned"), v.c.compareKey(), k.Back, k.Help, k.Quit}
}

func (v *trophiesView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{withHelp(k.Open, "detail"), k.Tips, k.Sort, withHelp(k.Earned, "all/earned/unearned"), withHelp(k.Reveal, "reveal this hidden trophy"), withHelp(k.RevealAll, "reveal all hidden")},
		v.compareHelp(k.Refresh, v.c.compareKey()),
		{k.Back, k.Help, k.Quit},
	}
}

// compareHelp adds tab's help in compare mode.
func (v *trophiesView) compareHelp(b ...key.Binding) []key.Binding {
	if v.c.Compare != nil {
		b = append(b, withHelp(v.c.Keys.CompareShow, "they have / you have"))
	}
	return b
}

func (v *trophiesView) selected() int {
	if v.cur.pos < 0 || v.cur.pos >= len(v.order) {
		return -1
	}
	return v.order[v.cur.pos]
}

func (v *trophiesView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case trophiesLoadedMsg:
		changed := v.load.update(msg)
		if v.vs.update(msg, &v.load) {
			changed = true
		}
		if changed {
			v.rebuild()
			v.layout()
		}
	case hintsLoadedMsg:
		if msg.npCommID == v.load.title.NPCommunicationID {
			v.layout()
		}
	case compareResolvedMsg:
		their, _ := msg.set.theirTitle(v.load.title.NPCommunicationID)
		v.vs = newVersus(v.c, their, false)
		v.cmp = tcAll
		cmd := v.vs.startFor(msg.started)
		v.rebuild()
		v.layout()
		return v, cmd
	case compareEndedMsg:
		v.vs, v.cmp = versus{}, tcAll
		if v.load.data == nil && v.load.pendNet == 0 && v.load.err == "" {
			v.load.err = "you have not played this title"
		}
		v.rebuild()
		v.layout()
	case tea.KeyMsg:
		k := v.c.Keys
		if c, ok := v.cur.navigate(msg, k); ok {
			v.cur = c
			return v, nil
		}
		switch {
		case key.Matches(msg, k.Open):
			if i := v.selected(); i >= 0 {
				m := openTrophyMsg{data: v.load.data, idx: i}
				if t := v.vs.their(v.load.data.trophies[i].id); t != nil {
					cp := *t
					m.their = &cp
				}
				return v, send(m)
			}
		case key.Matches(msg, k.CompareShow) && v.c.Compare != nil:
			v.cmp = (v.cmp + 1) % numTrophyCompares
			v.rebuild()
		case key.Matches(msg, k.Tips):
			if i := v.selected(); i >= 0 {
				return v, send(openGameHelpMsg{title: v.load.data.title, trophy: v.load.data.trophies[i]})
			}
		case key.Matches(msg, k.Sort):
			v.sortBy = (v.sortBy + 1) % numTrophySorts
			v.rebuild()
		case key.Matches(msg, k.Earned):
			v.show = (v.show + 1) % numEarnedFilters
			v.rebuild()
		case key.Matches(msg, k.Reveal):
			if i := v.selected(); i >= 0 {
				rk := revealKey(v.load.title.NPCommunicationID, v.load.data.trophies[i].id)
				v.c.revealed[rk] = !v.c.revealed[rk]
			}
		case key.Matches(msg, k.RevealAll):
			v.c.Reveal = !v.c.Reveal
		case key.Matches(msg, k.Refresh):
			return v, v.vs.reload(&v.load)
		}
	case tea.MouseMsg:
		v.cur, _ = v.cur.navigate(msg, v.c.Keys)
	}
	return v, nil
}

// rebuild filters and sorts the trophy indices, keeping the cursor on the same trophy.
func (v *trophiesView) rebuild() {
	d := v.load.data
	if d == nil {
		v.order = nil
		v.cur = v.cur.resize(0, v.rowsH)
		return
	}
	keep := -1
	if i := v.selected(); i >= 0 && i < len(d.trophies) {
		keep = d.trophies[i].id
	}
	if v.hasFocus {
		keep = v.focus
	}
	ts := d.trophies
	order := make([]int, 0, len(ts))
	for i := range ts {
		t := &ts[i]
		if v.group != "" && t.group != v.group {
			continue
		}
		if v.show == earnedOnly && !t.earned || v.show == unearnedOnly && t.earned {
			continue
		}
		if v.cmp != tcAll {
			their := v.vs.their(t.id)
			theirs := their != nil && their.earned
			if v.cmp == tcTheyHave && (!theirs || t.earned) || v.cmp == tcYouHave && (theirs || !t.earned) {
				continue
			}
		}
		order = append(order, i)
	}
	switch v.sortBy {
	case trophyRarity:
		sort.SliceStable(order, func(a, b int) bool {
			x, y := &ts[order[a]], &ts[order[b]]
			if x.hasRate != y.hasRate {
				return x.hasRate
			}
			return x.rate < y.rate
		})
	case trophyEarnedDate:
		sort.SliceStable(order, func(a, b int) bool {
			x, y := &ts[order[a]], &ts[order[b]]
			if x.earned != y.earned {
				return x.earned
			}
			return x.earnedAt.After(y.earnedAt)
		})
	case trophyGrade:
		sort.SliceStable(order, func(a, b int) bool { return ts[order[a]].grade.Rank() < ts[order[b]].grade.Rank() })
	}
	v.order = order
	pos := 0
	for p, i := range order {
		if ts[i].id == keep {
			pos = p
			v.hasFocus = false
		}
	}
	c := v.cur.resize(len(order), v.rowsH)
	c.pos = pos
	v.cur = c.clamp()
}

func (v *trophiesView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.layout()
}

func (v *trophiesView) layout() {
	v.progW = 0
	if d := v.load.data; d != nil {
		for _, t := range d.trophies {
			if t.target > 0 {
				v.progW = max(v.progW, 7+len(strconv.Itoa(t.progress))+1+len(strconv.Itoa(t.target)))
			}
		}
	}
	gradeW := 6
	if v.w < 56 {
		gradeW = 1
	}
	v.cols = []column{
		{title: "Trophy", flex: true},
		{title: "Progress", width: v.progW, drop: 4},
		{title: "Grade", width: gradeW},
		{title: "Rarity", width: 6, right: true, drop: 2},
		{title: "", width: 10, drop: 5},
		{title: "", width: 1},
		{title: "Earned", width: 10, drop: 3},
	}
	if v.c.titleHasHelp(v.load.title.NPCommunicationID) {
		v.cols = append(v.cols, column{title: "Help", width: 4, drop: 10})
	}
	if v.progW == 0 {
		v.cols[ycProgress].drop = 9
	}
	if gradeW == 1 {
		v.cols[ycGrade].title = ""
	}
	if v.c.Compare != nil {
		v.layoutCompare(gradeW)
		return
	}
	v.widths = layout(v.cols, v.w, max(16, min(26, v.w/3)))
	if v.progW == 0 {
		v.widths[ycProgress] = 0
		v.widths = layout(append(append([]column{}, v.cols[:ycProgress]...), v.cols[ycProgress+1:]...), v.w, max(16, min(26, v.w/3)))
		v.widths = append(v.widths[:ycProgress], append([]int{0}, v.widths[ycProgress:]...)...)
	}
	lastToStay(v.cols, v.widths, ycHelp, ycName)
	v.rowsH = max(0, v.h-3)
	v.cur = v.cur.resize(len(v.order), v.rowsH)
}

var gradeWords = map[psnapi.Grade]string{psnapi.Platinum: "plat", psnapi.Gold: "gold", psnapi.Silver: "silv", psnapi.Bronze: "bron"}

// painter paints a cell with its precomputed style, or leaves it plain on the selected row (which is
// shown in reverse as a whole).
func painter(selected bool) func(pt paint, text string) string {
	if selected {
		return func(_ paint, text string) string { return text }
	}
	return func(pt paint, text string) string { return pt.on(text) }
}

// nameCell is a trophy's name fitted to w cells, or "Hidden trophy" until it is revealed.
func (v *trophiesView) nameCell(t *trophyRow, w int, st func(paint, string) string) string {
	if v.c.shown(v.load.title.NPCommunicationID, t) {
		return fitW(t.name, t.nameW, w)
	}
	return st(v.c.Styles.P.Hidden, fit("Hidden trophy", w))
}

// gradeRarityCells are the grade, rarity and tier cells, the same in plain and compare rows.
func (v *trophiesView) gradeRarityCells(t *trophyRow, gradeW, rateW, tierW int, st func(paint, string) string) (grade, rate, tier string) {
	s := &v.c.Styles.P
	g := t.grade.Letter()
	if gradeW > 1 {
		g += " " + gradeWords[t.grade]
	}
	grade = st(s.Grade[t.grade.Rank()], fit(g, gradeW))
	if rateW > 0 {
		rate = fitRight(t.rarity, rateW)
	}
	if tierW > 0 {
		tier = spaces(tierW)
		if t.hasRate {
			tier = st(s.tierPaint(t.rare), fit(t.rare.String(), tierW))
		}
	}
	return grade, rate, tier
}

func (v *trophiesView) row(i int, selected bool) string {
	if v.c.Compare != nil {
		return v.compareRow(i, selected)
	}
	s := &v.c.Styles.P
	t := &v.load.data.trophies[i]
	st := painter(selected)
	cells := make([]string, len(v.cols))
	cells[ycName] = v.nameCell(t, v.widths[ycName], st)
	if w := v.widths[ycProgress]; w > 0 {
		txt := ""
		if t.target > 0 {
			pct := t.progress * 100 / t.target
			txt = st(s.Bar, "▕"+bar(pct, 4)+"▏") + " " + strconv.Itoa(t.progress) + "/" + strconv.Itoa(t.target)
		}
		cells[ycProgress] = fit(txt, w)
	}
	cells[ycGrade], cells[ycRate], cells[ycTier] = v.gradeRarityCells(t, v.widths[ycGrade], v.widths[ycRate], v.widths[ycTier], st)
	if t.earned {
		cells[ycMark] = st(s.Earned, "✓")
	} else {
		cells[ycMark] = st(s.Faint, "·")
	}
	if w := v.widths[ycDate]; w > 0 {
		if t.earned && !t.earnedAt.IsZero() {
			cells[ycDate] = fit(t.earnedAt.Format("2006-01-02"), w)
		} else {
			cells[ycDate] = st(s.Faint, fit("–", w))
		}
	}
	if len(v.widths) > ycHelp && v.widths[ycHelp] > 0 {
		cells[ycHelp] = v.c.helpCell(v.load.title.NPCommunicationID, t.id, v.widths[ycHelp], selected)
	}
	if selected {
		return s.Marker.on("▸") + " " + s.Selected.on(joinCells("", cells, v.widths))
	}
	return joinCells("  ", cells, v.widths)
}

func (v *trophiesView) heading() string {
	d := v.load.data
	name := clean(v.load.title.TrophyTitleName)
	if d == nil {
		return " " + titledRule(v.c.Styles, name, v.w-2)
	}
	parts := []string{name}
	if v.group != "" && len(d.groups) > 1 {
		parts[0] += " › " + v.Crumb()
	}
	total, earned := 0, 0
	for _, t := range d.trophies {
		if v.group == "" || t.group == v.group {
			total++
			if t.earned {
				earned++
			}
		}
	}
	parts = append(parts, plural(total, "trophy", "trophies"), commas(earned)+" earned")
	if v.c.Compare != nil {
		parts[len(parts)-1] = "you " + commas(earned)
		parts = append(parts, v.theirCount())
	}
	return " " + titledRule(v.c.Styles, strings.Join(parts, " · "), v.w-2)
}

func (v *trophiesView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	s := v.c.Styles
	lines := []string{v.heading(), headerLine(s, v.cols, v.widths)}
	var rows []string
	d := v.load.data
	switch {
	case d == nil && v.load.err != "":
		lines = append(lines, " "+s.Error.Render(v.load.err))
	case d == nil:
		lines = append(lines, v.c.loading("Loading trophies…"))
	case len(v.order) == 0 && v.cmp != tcAll:
		lines = append(lines, " "+s.Faint.Render(fmt.Sprintf("No trophies %s here. tab shows the others.", v.cmp)))
	case len(v.order) == 0 && v.show != earnedAll:
		lines = append(lines, " "+s.Faint.Render(fmt.Sprintf("No %s trophies here. e shows the others.", v.show)))
	case len(v.order) == 0:
		lines = append(lines, " No trophies.")
	default:
		// Rows are laid out to the width: measured only when the columns do not fit (tiny windows).
		fits := v.rowsFit()
		from, to := v.cur.visible()
		for p := from; p < to; p++ {
			l := v.row(v.order[p], p == v.cur.pos)
			if !fits {
				l = truncate(l, v.w)
			}
			rows = append(rows, l)
		}
	}
	for i, l := range lines {
		lines[i] = truncate(l, v.w)
	}
	lines = append(lines, rows...)
	for len(lines) < v.h-1 {
		lines = append(lines, "")
	}
	foot := ""
	if v.load.err != "" && d != nil {
		foot = s.Error.Render(v.load.err)
	} else if d != nil {
		reveal := "off"
		if v.c.Reveal {
			reveal = "on"
		}
		foot = s.Faint.Render(fmt.Sprintf("sorted by %s · showing %s · reveal hidden: %s", v.sortBy, v.show, reveal))
		if v.c.Compare != nil {
			show := string(v.show.String())
			if v.cmp != tcAll {
				show = v.cmp.String()
				if v.show != earnedAll {
					show += ", " + v.show.String() + " by you"
				}
			}
			foot = s.Faint.Render(fmt.Sprintf("sorted by %s · showing %s", v.sortBy, show))
			if v.vs.other.err != "" {
				foot = s.Error.Render(v.c.compareName() + ": " + v.vs.other.err)
			}
		}
	}
	lines = append(lines, truncate(" "+foot, v.w))
	if len(lines) > v.h {
		lines = lines[:v.h]
	}
	return strings.Join(lines, "\n")
}

// rowsFit reports whether a row of the current layout fits the width: the marker, the kept
// columns and one space between each.
func (v *trophiesView) rowsFit() bool {
	w, n := 2, 0
	for _, cw := range v.widths {
		if cw > 0 {
			w += cw
			n++
		}
	}
	return w+max(0, n-1) <= v.w
}

// Column indices of the trophy table in compare mode.
const (
	yvName = iota
	yvGrade
	yvRate
	yvTier
	yvMine
	yvTheirs
	yvHelp // only when the title has Game Help
)

// layoutCompare lays out the trophy table with both accounts' marks: "✓ 2020-11-19" when the width
// allows, else the marks alone under the accounts' initials.
func (v *trophiesView) layoutCompare(gradeW int) {
	minName := max(16, min(26, v.w/3))
	markW := 12
	mine, theirs := "You", v.c.compareName()
	if 2+minName+1+gradeW+2*(1+markW) > v.w {
		markW = 1
		mine, theirs = "Y", firstRune(theirs)
	}
	v.cols = []column{
		{title: "Trophy", flex: true},
		{title: "Grade", width: gradeW},
		{title: "Rarity", width: 6, right: true, drop: 2},
		{title: "", width: 10, drop: 5},
		{title: mine, width: markW},
		{title: theirs, width: markW},
	}
	if v.c.titleHasHelp(v.load.title.NPCommunicationID) {
		v.cols = append(v.cols, column{title: "Help", width: 4, drop: 10})
	}
	if gradeW == 1 {
		v.cols[yvGrade].title = ""
	}
	v.widths = layout(v.cols, v.w, minName)
	lastToStay(v.cols, v.widths, yvHelp, yvName)
	v.rowsH = max(0, v.h-3)
	v.cur = v.cur.resize(len(v.order), v.rowsH)
}

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

// markCell is an account's mark for a trophy: "✓ 2020-11-19", "·", or "–" when it never played.
func (v *trophiesView) markCell(t *trophyRow, played bool, w int, plain bool) string {
	s := &v.c.Styles.P
	st := func(pt paint, text string) string {
		if plain {
			return text
		}
		return pt.on(text)
	}
	switch {
	case !played:
		return st(s.Faint, fit("–", w))
	case t == nil:
		return st(s.Faint, fit("…", w))
	case !t.earned:
		return st(s.Faint, fit("·", w))
	}
	txt := "✓"
	if w > 1 && !t.earnedAt.IsZero() {
		return st(s.Earned, "✓") + fit(" "+t.earnedAt.Format("2006-01-02"), w-1)
	}
	return st(s.Earned, fit(txt, w))
}

func (v *trophiesView) compareRow(i int, selected bool) string {
	s := &v.c.Styles.P
	t := &v.load.data.trophies[i]
	st := painter(selected)
	cells := make([]string, len(v.cols))
	cells[yvName] = v.nameCell(t, v.widths[yvName], st)
	cells[yvGrade], cells[yvRate], cells[yvTier] = v.gradeRarityCells(t, v.widths[yvGrade], v.widths[yvRate], v.widths[yvTier], st)
	cells[yvMine] = v.markCell(t, !v.vs.notMine, v.widths[yvMine], selected)
	cells[yvTheirs] = v.markCell(v.vs.their(t.id), v.vs.on, v.widths[yvTheirs], selected)
	if len(v.widths) > yvHelp && v.widths[yvHelp] > 0 {
		cells[yvHelp] = v.c.helpCell(v.load.title.NPCommunicationID, t.id, v.widths[yvHelp], selected)
	}
	if selected {
		return s.Marker.on("▸") + " " + s.Selected.on(joinCells("", cells, v.widths))
	}
	return joinCells("  ", cells, v.widths)
}

// theirCount is the heading's part about the other account: how many of these trophies it earned.
func (v *trophiesView) theirCount() string {
	name := v.c.compareName()
	switch {
	case !v.vs.on:
		return name + " has not played it"
	case v.vs.other.data == nil:
		return name + " …"
	}
	n := 0
	for _, t := range v.vs.other.data.trophies {
		if t.earned && (v.group == "" || t.group == v.group) {
			n++
		}
	}
	return name + " " + commas(n)
}
