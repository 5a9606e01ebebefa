package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// huntRow is an unearned trophy of a cached title, cleaned on arrival.
type huntRow struct {
	title     psnapi.TrophyTitle
	titleName string
	titleW    int
	data      *titleData // the trophy alone, for its detail view
	plats     int
}

func buildHuntRows(items []store.HuntItem) []huntRow {
	rows := make([]huntRow, len(items))
	for i, it := range items {
		r := &rows[i]
		r.title = it.Title
		r.titleName = clean(it.Title.TrophyTitleName)
		r.titleW = width(r.titleName)
		r.data = buildTitleData(store.TitleTrophies{Title: it.Title, Trophies: []store.Trophy{it.Trophy}})
		for _, p := range it.Title.Platforms() {
			for _, pn := range platformNames {
				if pn.api == p {
					r.plats |= pn.bit
				}
			}
		}
	}
	return rows
}

func (r *huntRow) trophy() *trophyRow { return &r.data.trophies[0] }

// huntView is "next to hunt": unearned trophies across the cached titles, easiest (highest earned
// rate) first, filterable by grade (f) and platform (p). It reads the cache only: no request.
type huntView struct {
	c        *Common
	w, h     int
	rows     []huntRow
	order    []int
	cur      scroller
	grade    int // 0 all, else 1 + index in gradeOrder
	platform int // platform bit, 0 for all
	pending  uint64
	loaded   bool
	err      string
	cols     []column
	widths   []int
}

// Column indices of the hunt table.
const (
	hcTrophy = iota
	hcTitle
	hcGrade
	hcRate
	hcTier
)

func newHuntView(c *Common) (*huntView, tea.Cmd) {
	v := &huntView{c: c, pending: c.newID()}
	return v, loadHunt(c.env(), v.pending, c.Account)
}

func (v *huntView) Crumb() string { return "Next to hunt" }
func (v *huntView) typing() bool  { return false }
func (v *huntView) back() bool    { return false }

func (v *huntView) ShortHelp() []key.Binding {
	k := v.c.Keys
	return []key.Binding{k.Move, withHelp(k.Open, "go to trophy"), k.Tips, k.Grade, k.Platform, withHelp(k.Reveal, "reveal hidden"), withHelp(k.Back, "back"), k.Help, k.Quit}
}

func (v *huntView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{withHelp(k.Open, "go to the trophy in its title"), k.Tips, withHelp(k.Grade, "all/P/G/S/B"), withHelp(k.Platform, "all/PS5/PS4/PS3/Vita/PC"), withHelp(k.Reveal, "reveal this hidden trophy"), withHelp(k.RevealAll, "reveal all hidden")},
		{withHelp(k.Refresh, "reload from the cache"), k.Back, k.Help, k.Quit},
	}
}

func (v *huntView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case huntLoadedMsg:
		if msg.id != v.pending || msg.account != v.c.Account {
			return v, nil
		}
		v.pending, v.loaded, v.err = 0, true, ""
		if msg.err != nil {
			v.err = errorLine(msg.err)
		}
		v.rows = msg.rows
		v.rebuild()
	case tea.KeyMsg:
		k := v.c.Keys
		if c, ok := v.cur.navigate(msg, k); ok {
			v.cur = c
			return v, nil
		}
		switch {
		case key.Matches(msg, k.Open):
			if i := v.selected(); i >= 0 {
				r := &v.rows[i]
				return v, send(openHuntTrophyMsg{title: r.title, group: r.trophy().group, trophyID: r.trophy().id})
			}
		case key.Matches(msg, k.Tips):
			if i := v.selected(); i >= 0 {
				return v, send(openGameHelpMsg{title: v.rows[i].title, trophy: *v.rows[i].trophy()})
			}
		case key.Matches(msg, k.Grade):
			v.grade = (v.grade + 1) % 5
			v.rebuild()
		case key.Matches(msg, k.Platform):
			v.platform = v.nextPlatform()
			v.rebuild()
		case key.Matches(msg, k.Reveal):
			if i := v.selected(); i >= 0 {
				rk := revealKey(v.rows[i].title.NPCommunicationID, v.rows[i].trophy().id)
				v.c.revealed[rk] = !v.c.revealed[rk]
			}
		case key.Matches(msg, k.RevealAll):
			v.c.Reveal = !v.c.Reveal
		case key.Matches(msg, k.Refresh):
			if v.pending == 0 {
				v.pending = v.c.newID()
				return v, loadHunt(v.c.env(), v.pending, v.c.Account)
			}
		}
	case tea.MouseMsg:
		v.cur, _ = v.cur.navigate(msg, v.c.Keys)
	}
	return v, nil
}

func (v *huntView) nextPlatform() int {
	var present int
	for i := range v.rows {
		present |= v.rows[i].plats
	}
	started := v.platform == 0
	for _, pn := range platformNames {
		if present&pn.bit == 0 {
			continue
		}
		if started {
			return pn.bit
		}
		started = pn.bit == v.platform
	}
	return 0
}

func (v *huntView) selected() int {
	if v.cur.pos < 0 || v.cur.pos >= len(v.order) {
		return -1
	}
	return v.order[v.cur.pos]
}

// rebuild applies the filters, keeping the cursor on the same trophy when it is still listed.
func (v *huntView) rebuild() {
	keep := v.selected()
	order := make([]int, 0, len(v.rows))
	pos := 0
	for i := range v.rows {
		r := &v.rows[i]
		if v.grade > 0 && r.trophy().grade != gradeOrder[v.grade-1] {
			continue
		}
		if v.platform != 0 && r.plats&v.platform == 0 {
			continue
		}
		if i == keep {
			pos = len(order)
		}
		order = append(order, i)
	}
	v.order = order
	c := v.cur.resize(len(order), max(0, v.h-3))
	c.pos = pos
	v.cur = c.clamp()
}

func (v *huntView) SetSize(w, h int) {
	v.w, v.h = w, h
	gradeW := 6
	if w < 56 {
		gradeW = 1
	}
	v.cols = []column{
		{title: "Trophy", flex: true},
		{title: "Title", width: max(12, min(32, w/3)), drop: 4},
		{title: "Grade", width: gradeW},
		{title: "Rarity", width: 6, right: true},
		{title: "", width: 10, drop: 5},
	}
	if gradeW == 1 {
		v.cols[hcGrade].title = ""
	}
	v.widths = layout(v.cols, w, max(14, min(30, w/3)))
	v.cur = v.cur.resize(len(v.order), max(0, h-3))
}

func (v *huntView) row(i int, selected bool) string {
	s := v.c.Styles
	r := &v.rows[i]
	t := r.trophy()
	st := func(style interface{ Render(...string) string }, text string) string {
		if selected {
			return text
		}
		return style.Render(text)
	}
	cells := make([]string, len(v.cols))
	if v.c.shown(r.title.NPCommunicationID, t) {
		cells[hcTrophy] = fitW(t.name, t.nameW, v.widths[hcTrophy])
	} else {
		cells[hcTrophy] = st(s.Hidden, fit("Hidden trophy", v.widths[hcTrophy]))
	}
	if w := v.widths[hcTitle]; w > 0 {
		cells[hcTitle] = st(s.Faint, fitW(r.titleName, r.titleW, w))
	}
	g := t.grade.Letter()
	if v.widths[hcGrade] > 1 {
		g += " " + gradeWords[t.grade]
	}
	cells[hcGrade] = st(s.GradeStyle(t.grade), fit(g, v.widths[hcGrade]))
	cells[hcRate] = fitRight(t.rarity, v.widths[hcRate])
	if w := v.widths[hcTier]; w > 0 {
		if t.hasRate {
			cells[hcTier] = st(s.TierStyle(t.rare), fit(t.rare.String(), w))
		} else {
			cells[hcTier] = spaces(w)
		}
	}
	if selected {
		return s.Marker.Render("▸") + " " + s.Selected.Render(joinCells("", cells, v.widths))
	}
	return joinCells("  ", cells, v.widths)
}

func (v *huntView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	s := v.c.Styles
	head := "Next to hunt"
	if v.loaded {
		head += " · " + commas(len(v.order)) + " unearned · easiest first"
	}
	lines := []string{" " + titledRule(s, head, v.w-2), truncate(headerLine(s, v.cols, v.widths), v.w)}
	switch {
	case !v.loaded:
		lines = append(lines, v.c.loading("Reading the cache…"))
	case v.err != "":
		lines = append(lines, " "+s.Error.Render(v.err))
	case len(v.rows) == 0:
		lines = append(lines, " Nothing to hunt in the cache yet: open some titles, or run psn-client sync.")
	case len(v.order) == 0:
		lines = append(lines, " "+s.Faint.Render("No unearned trophies match. f and p change the filters."))
	default:
		from, to := v.cur.visible()
		for p := from; p < to; p++ {
			lines = append(lines, v.row(v.order[p], p == v.cur.pos))
		}
	}
	for len(lines) < v.h-1 {
		lines = append(lines, "")
	}
	var filters []string
	if v.grade > 0 {
		filters = append(filters, gradeNames[string(gradeOrder[v.grade-1])])
	}
	for _, pn := range platformNames {
		if pn.bit == v.platform {
			filters = append(filters, pn.label)
		}
	}
	f := "all"
	if len(filters) > 0 {
		f = strings.Join(filters, ", ")
	}
	foot := fmt.Sprintf("from the cache · showing %s", f)
	if len(v.rows) == huntLimit {
		foot += " · first " + strconv.Itoa(huntLimit)
	}
	if !v.loaded {
		foot = ""
	}
	lines = append(lines, " "+s.Faint.Render(foot))
	return clampLines(strings.Join(lines, "\n"), v.w, v.h)
}
