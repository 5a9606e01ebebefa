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
	trophyEasiest // the most earned first: what to go for next
	numTrophySorts
)

func (s trophySort) String() string {
	return [...]string{"default order", "rarity", "earned date", "grade", "easiest first"}[s]
}

type earnedFilter int

const (
	earnedAll earnedFilter = iota
	earnedOnly
	unearnedOnly
	numEarnedFilters
)

func (f earnedFilter) String() string { return [...]string{"all", "earned", "unearned"}[f] }

// trophiesView lists the trophies of one group of a title (or all of them); in compare mode with
// both accounts' marks (trophies_compare.go).
type trophiesView struct {
	c     *Common
	w, h  int
	list  *list
	load  titleLoader
	vs    versus
	icon  picture       // the game's icon beside the heading
	cmp   trophyCompare // compare mode's tab filter
	group string        // "" for all groups
	rows  []int         // the group's trophies: indices into load.data.trophies, the list's rows
	show  earnedFilter
	progW int
	// focus is the trophy the cursor goes to when the data arrives (enter in next to hunt).
	focus    int
	hasFocus bool
}

// Column indices of the trophy table.
const (
	ycName = iota
	ycDesc // only when the terminal is wide enough: a checklist
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
	sorts := make([]string, numTrophySorts)
	for i := range sorts {
		sorts[i] = trophySort(i).String()
	}
	v.list = newList(c, v, "trophy", "trophies", "filter by name or description", sorts...)
	var cmds []tea.Cmd
	if data == nil && !vs.notMine {
		cmds = append(cmds, v.load.start())
	}
	if vs.on && vs.other.data == nil && !vs.other.loading() {
		cmds = append(cmds, v.vs.startFor(nil))
	}
	cmds = append(cmds, c.wantHelp(t))
	v.newData()
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

func (v *trophiesView) typing() bool { return v.list.typing() }
func (v *trophiesView) back() bool   { return v.list.back() }

// sortBy is the sort order in use.
func (v *trophiesView) sortBy() trophySort { return trophySort(v.list.sortBy) }

func (v *trophiesView) ShortHelp() []key.Binding {
	k := v.c.Keys
	if v.typing() {
		return v.list.ShortHelp()
	}
	if v.c.Compare != nil {
		return []key.Binding{k.Move, withHelp(k.Open, "detail"), withHelp(k.CompareShow, v.cmp.next().String()), k.Filter,
			v.list.sortHelp(), withHelp(k.Earned, "earned/unearned"), k.Tips, v.c.compareKey(), k.Back, k.Help, k.Quit}
	}
	return []key.Binding{k.Move, withHelp(k.Open, "detail"), k.Filter, k.Tips, withHelp(k.Reveal, "reveal hidden"),
		v.list.sortHelp(), withHelp(k.Earned, "earned/unearned"), v.c.compareKey(), k.Back, k.Help, k.Quit}
}

func (v *trophiesView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	more := []key.Binding{withHelp(k.Reveal, "reveal one"), withHelp(k.RevealAll, "reveal all"), withHelp(k.HuntTitle, "hunt in this title"), k.Refresh, v.c.compareKey()}
	if v.c.Compare != nil {
		more = append(more, withHelp(k.CompareShow, "they have / you have"))
	}
	return [][]key.Binding{
		v.list.moveHelp(),
		append([]key.Binding{withHelp(k.Open, "detail"), k.Tips}, append(v.list.listHelp(), withHelp(k.Earned, "all/earned/unearned"))...),
		more,
		{k.Back, k.Help, k.Quit},
	}
}

func (v *trophiesView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case pictureLoadedMsg:
		v.icon.update(v.c, msg)
	case trophiesLoadedMsg:
		changed := v.load.update(msg)
		if v.vs.update(msg, &v.load) || changed {
			v.newData()
		}
	case hintsLoadedMsg:
		if msg.npCommID == v.load.title.NPCommunicationID {
			v.layout()
		}
	case trophyShownMsg:
		// The detail above stepped to another trophy: esc comes back to it.
		if msg.npCommID == v.load.title.NPCommunicationID && v.load.data != nil {
			v.list.focus(func(i int) bool { return v.trophy(i).id == msg.id })
		}
	case compareResolvedMsg:
		their, _ := msg.set.theirTitle(v.load.title.NPCommunicationID)
		v.vs = newVersus(v.c, their, false)
		v.cmp = tcAll
		cmd := v.vs.startFor(msg.started)
		v.newData()
		return v, cmd
	case budgetFreedMsg:
		return v, tea.Batch(v.load.retry(), v.vs.retry())
	case titlesMovedMsg:
		return v, v.load.moved(msg.titles)
	case compareEndedMsg:
		v.vs, v.cmp = versus{}, tcAll
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

// onKey handles the trophy list's own keys; moving, / and s/S are the list's.
func (v *trophiesView) onKey(msg tea.KeyMsg) tea.Cmd {
	k := v.c.Keys
	i := v.list.selected()
	id := -1
	if i >= 0 {
		id = v.trophy(i).id
	}
	switch {
	case v.c.toggleReveal(msg, v.load.title.NPCommunicationID, id):
	case key.Matches(msg, k.Open) && i >= 0:
		order := make([]int, len(v.list.order))
		for p, r := range v.list.order {
			order[p] = v.rows[r]
		}
		return send(openTrophyMsg{data: v.load.data, order: order, pos: v.list.cur.pos, vs: v.vs})
	case key.Matches(msg, k.Tips) && i >= 0:
		return send(openGameHelpMsg{title: v.load.data.title, trophy: *v.trophy(i)})
	case key.Matches(msg, k.CompareShow) && v.c.Compare != nil:
		v.cmp = v.cmp.next()
		v.list.refilter()
	case key.Matches(msg, k.Earned):
		v.show = (v.show + 1) % numEarnedFilters
		v.list.refilter()
	case key.Matches(msg, k.Refresh):
		return v.vs.reload(&v.load)
	case key.Matches(msg, k.HuntTitle):
		t := v.load.title
		return send(openLibraryMsg{kind: libHunt, title: &t})
	}
	return nil
}

// newData lists the trophies again (new data, or compare mode changed), keeping the cursor on the
// same trophy, or taking it to the one next to hunt asked for.
func (v *trophiesView) newData() {
	keep := -1
	if i := v.list.selected(); i >= 0 {
		keep = v.trophy(i).id
	}
	if v.hasFocus {
		keep = v.focus
	}
	v.rows = v.rows[:0]
	if d := v.load.data; d != nil {
		for i := range d.trophies {
			if v.group == "" || d.trophies[i].group == v.group {
				v.rows = append(v.rows, i)
			}
		}
	}
	if v.list.setRows(func(i int) bool { return v.trophy(i).id == keep }) {
		v.hasFocus = false
	}
	v.layout()
}

func (v *trophiesView) SetSize(w, h int) {
	v.w, v.h = w, h
	_, rows := headIconBox(v.c, w, h)
	v.list.SetSize(w, h-max(1, rows))
	v.layout()
}

// pictureCmd shows the game's icon beside the heading when there is room.
func (v *trophiesView) pictureCmd() tea.Cmd {
	cols, rows := headIconBox(v.c, v.w, v.h)
	return v.icon.show(v.c, iconOf(v.load.title), cols, rows, alignLeft)
}

// kittyImages is the icon's kitty image, deleted when the view goes.
func (v *trophiesView) kittyImages() []uint32 { return []uint32{v.icon.kitty} }

func (v *trophiesView) layout() {
	v.progW = 0
	if d := v.load.data; d != nil {
		for _, t := range d.trophies {
			if t.target > 0 {
				v.progW = max(v.progW, 7+len(strconv.Itoa(t.progress))+1+len(strconv.Itoa(t.target)))
			}
		}
	}
	gradeW, gradeTitle := 6, "Grade"
	if v.w < 56 {
		gradeW, gradeTitle = 1, ""
	}
	var help []column
	if v.c.titleHasHelp(v.load.title.NPCommunicationID) {
		help = []column{{title: "Help", width: 4, drop: 10, last: true}}
	}
	if v.c.Compare != nil {
		v.layoutCompare(gradeW, gradeTitle, help)
		return
	}
	cols := append([]column{
		{title: "Trophy", flex: true},
		{},
		{title: "Progress", width: v.progW, drop: 4},
		{title: gradeTitle, width: gradeW},
		{title: "Rarity", width: 6, right: true, drop: 2},
		{width: 10, drop: 5},
		{width: 1},
		{title: "Earned", width: 10, drop: 3},
	}, help...)
	minName := max(16, min(26, v.w/3))
	// A wide terminal shows the descriptions (a checklist) rather than a name column stretched
	// over it: the name gets what its longest name needs, the description the rest.
	if nameW := v.longestName(); nameW > 0 {
		widths := fitColumns(cols, v.w, minName)
		if descW := widths[ycName] - min(nameW, 48) - 1; descW >= 30 {
			cols[ycName] = column{title: "Trophy", width: widths[ycName] - descW - 1}
			cols[ycDesc] = column{title: "Description", flex: true}
			minName = descW
		}
	}
	v.list.setColumns(cols, minName)
}

// longestName is the width of the longest trophy name of the view (0 before data arrives).
func (v *trophiesView) longestName() int {
	n := 0
	if d := v.load.data; d != nil {
		for _, i := range v.rows {
			n = max(n, d.trophies[i].nameW)
		}
	}
	return n
}

func (v *trophiesView) heading() string {
	return " " + titledRule(v.c.Styles, v.headingText(), v.w-2)
}

// headingText is the heading's text: the title (› the group), trophies, how many earned.
func (v *trophiesView) headingText() string {
	d := v.load.data
	name := clean(v.load.title.TrophyTitleName)
	if d == nil {
		return name
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
	n := commas(earned)
	if d.earnedUnknown {
		n = "…"
	}
	parts = append(parts, plural(total, "trophy", "trophies"), n+" earned")
	if v.c.Compare != nil {
		parts[len(parts)-1] = "you " + n
		parts = append(parts, v.theirCount())
	}
	return strings.Join(parts, " · ")
}

func (v *trophiesView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	if v.icon.on() {
		return v.list.View(headLines(v.c, &v.icon, v.headingText(), v.w)...)
	}
	return v.list.View(truncate(v.heading(), v.w))
}

// The list's rows (listRows): the trophies of the view's group.

func (v *trophiesView) len() int { return len(v.rows) }

// trophy is row i of the list.
func (v *trophiesView) trophy(i int) *trophyRow { return &v.load.data.trophies[v.rows[i]] }

func (v *trophiesView) sorted(by int) []int {
	d := v.load.data
	if d == nil || trophySort(by) == trophyDefault {
		return nil
	}
	order := make([]int, len(v.rows))
	for i := range order {
		order[i] = i
	}
	var less func(x, y *trophyRow) bool
	switch trophySort(by) {
	case trophyRarity:
		less = func(x, y *trophyRow) bool {
			if x.hasRate != y.hasRate {
				return x.hasRate
			}
			return x.rate < y.rate
		}
	case trophyEarnedDate:
		less = func(x, y *trophyRow) bool {
			if x.earned != y.earned {
				return x.earned
			}
			return x.earnedAt.After(y.earnedAt)
		}
	case trophyGrade:
		less = func(x, y *trophyRow) bool { return x.grade.Rank() < y.grade.Rank() }
	case trophyEasiest:
		less = func(x, y *trophyRow) bool {
			if x.hasRate != y.hasRate {
				return x.hasRate
			}
			return x.rate > y.rate
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return less(v.trophy(order[a]), v.trophy(order[b])) })
	return order
}

// filter keeps e (earned / unearned), tab (compare mode) and the query, which matches a trophy's
// name and description, or "hidden trophy" for one still hidden.
func (v *trophiesView) filter(q string) func(int) bool {
	d := v.load.data
	if d == nil {
		return nil
	}
	np := v.load.title.NPCommunicationID
	return func(i int) bool {
		t := v.trophy(i)
		if v.show == earnedOnly && !t.earned || v.show == unearnedOnly && t.earned {
			return false
		}
		if v.cmp != tcAll {
			their := v.vs.their(t.id)
			theirs := their != nil && their.earned
			if v.cmp == tcTheyHave && (!theirs || t.earned) || v.cmp == tcYouHave && (theirs || !t.earned) {
				return false
			}
		}
		switch {
		case q == "":
			return true
		case v.c.shown(np, t):
			return strings.Contains(t.key, q)
		}
		return strings.Contains(hiddenKey, q)
	}
}

// hiddenKey is what a query can match of a trophy still hidden: its placeholder name.
const hiddenKey = "hidden trophy"

func (v *trophiesView) empty() string {
	s := v.c.Styles
	d := v.load.data
	switch {
	case d == nil && v.load.err != "":
		return " " + s.Error.Render(v.load.err)
	case d == nil:
		return v.c.loading("Loading trophies…", v.w)
	case v.list.query != "":
		return " " + s.Faint.Render("No trophies match. esc clears the filter.")
	case v.cmp != tcAll:
		return " " + s.Faint.Render(fmt.Sprintf("No trophies %s here. tab shows the others.", v.cmp))
	case v.show != earnedAll:
		return " " + s.Faint.Render(fmt.Sprintf("No %s trophies here. e shows the others.", v.show))
	}
	return " No trophies."
}

func (v *trophiesView) footer() string {
	s := v.c.Styles
	switch {
	case v.load.data == nil:
		return ""
	case v.load.err != "":
		return s.Error.Render(v.load.err)
	case v.c.Compare != nil && v.vs.other.err != "":
		return s.Error.Render(v.c.compareName() + ": " + v.vs.other.err)
	case v.c.wait != "" && (v.load.pendNet != 0 || v.vs.on && v.vs.other.pendNet != 0):
		// Shown from the cache while the rest waits for the budget: say so, with the countdown.
		return v.c.waitNote("loading", v.w)
	case v.c.Compare != nil:
		show := v.show.String()
		if v.cmp != tcAll {
			show = v.cmp.String()
			if v.show != earnedAll {
				show += ", " + v.show.String() + " by you"
			}
		}
		return s.Faint.Render(v.list.sorting() + " · showing " + show)
	}
	reveal := "off"
	if v.c.Reveal {
		reveal = "on"
	}
	return s.Faint.Render(v.list.sorting() + " · showing " + v.show.String() + " · reveal hidden: " + reveal)
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
	t := v.trophy(i)
	st := painter(selected)
	widths := v.list.widths
	cells := make([]string, len(widths))
	cells[ycName] = v.nameCell(t, widths[ycName], st)
	if w := widths[ycDesc]; w > 0 {
		if v.c.shown(v.load.title.NPCommunicationID, t) {
			cells[ycDesc] = st(s.Faint, fit(t.detail, w))
		} else {
			cells[ycDesc] = st(s.Faint, fit("hidden until earned", w))
		}
	}
	if w := widths[ycProgress]; w > 0 {
		txt := ""
		if t.target > 0 {
			pct := t.progress * 100 / t.target
			txt = st(s.Bar, "▕"+bar(pct, 4)+"▏") + " " + strconv.Itoa(t.progress) + "/" + strconv.Itoa(t.target)
		}
		cells[ycProgress] = fit(txt, w)
	}
	cells[ycGrade], cells[ycRate], cells[ycTier] = v.gradeRarityCells(t, widths[ycGrade], widths[ycRate], widths[ycTier], st)
	unknown := v.load.data.earnedUnknown
	switch {
	case unknown:
		cells[ycMark] = st(s.Faint, "…")
	case t.earned:
		cells[ycMark] = st(s.Earned, "✓")
	default:
		cells[ycMark] = st(s.Faint, "·")
	}
	if w := widths[ycDate]; w > 0 {
		switch {
		case unknown:
			cells[ycDate] = spaces(w)
		case t.earned && !t.earnedAt.IsZero():
			cells[ycDate] = fit(t.earnedAt.Format("2006-01-02"), w)
		default:
			cells[ycDate] = st(s.Faint, fit("–", w))
		}
	}
	if len(widths) > ycHelp && widths[ycHelp] > 0 {
		cells[ycHelp] = v.c.helpCell(v.load.title.NPCommunicationID, t.id, widths[ycHelp], selected)
	}
	return v.list.joinCells(cells)
}
