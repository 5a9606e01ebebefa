package ui

import (
	"strconv"
	"strings"
	"time"

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
	titleKey  string     // folded title name, for the filter
	data      *titleData // the trophy alone, for its detail view
	plats     int
}

func buildHuntRows(items []store.HuntItem) []huntRow {
	rows := make([]huntRow, len(items))
	f := newFolder()
	for i, it := range items {
		r := &rows[i]
		r.title = it.Title
		r.titleName = clean(it.Title.TrophyTitleName)
		r.titleW = width(r.titleName)
		r.titleKey = f.fold(r.titleName)
		r.data = buildTitleDataWith(store.TitleTrophies{Title: it.Title, Trophies: []store.Trophy{it.Trophy}, EarnedKnown: true}, f)
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
// rate) first, filterable by grade (f), platform (p) and a query (/, trophy or title name). It
// reads the cache only: no request.
type huntView struct {
	c        *Common
	w, h     int
	list     *list
	rows     []huntRow
	grade    int // 0 all, else 1 + index in gradeOrder
	platform int // platform bit, 0 for all
	pending  uint64
	loaded   bool
	err      string
	// What the list covers (store.Coverage), said when it is partial.
	cov    store.Coverage
	hasCov bool
	// While the cache fills, the list reloads at most every max(huntReloadEvery, 4 × took): armed is
	// the timer's seq, 0 when none is armed; took is the last load's duration.
	armed, armSeq int
	took          time.Duration
}

// huntReloadEvery is the shortest time between two reloads of next to hunt while the cache fills.
const huntReloadEvery = 5 * time.Second

// huntReloadMsg is a reload of next to hunt falling due.
type huntReloadMsg struct{ seq int }

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
	v.list = newList(c, v, "unearned trophy", "unearned trophies", "filter by trophy or title")
	return v, loadHunt(c.env(), v.pending, c.Account)
}

func (v *huntView) Crumb() string { return "Next to hunt" }
func (v *huntView) typing() bool  { return v.list.typing() }
func (v *huntView) back() bool    { return v.list.back() }

func (v *huntView) ShortHelp() []key.Binding {
	k := v.c.Keys
	if v.typing() {
		return v.list.ShortHelp()
	}
	return []key.Binding{k.Move, withHelp(k.Open, "go to trophy"), k.Tips, k.Filter, k.Grade, k.Platform, withHelp(k.Reveal, "reveal hidden"), withHelp(k.Back, "back"), k.Help, k.Quit}
}

func (v *huntView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{
		v.list.moveHelp(),
		append(append([]key.Binding{withHelp(k.Open, "go to the trophy in its title"), k.Tips}, v.list.listHelp()...),
			withHelp(k.Grade, "all/P/G/S/B"), withHelp(k.Platform, "all/PS5/PS4/PS3/Vita/PC"), withHelp(k.Reveal, "reveal this hidden trophy"), withHelp(k.RevealAll, "reveal all hidden")),
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
		v.cov, v.hasCov, v.took = msg.cov, msg.hasCov, msg.took
		// A reload keeps the cursor on the same trophy.
		var keepTitle string
		keepID := -1
		if i := v.list.selected(); i >= 0 {
			keepTitle, keepID = v.rows[i].title.NPCommunicationID, v.rows[i].trophy().id
		}
		v.rows = msg.rows
		v.list.setRows(func(i int) bool {
			return v.rows[i].title.NPCommunicationID == keepTitle && v.rows[i].trophy().id == keepID
		})
	case cacheGrewMsg:
		// Titles were completed: reload, but not more often than the list takes to load allows.
		if v.armed == 0 {
			v.armSeq++
			v.armed = v.armSeq
			seq := v.armSeq
			return v, v.c.tick(max(huntReloadEvery, 4*v.took), func(time.Time) tea.Msg { return huntReloadMsg{seq: seq} })
		}
	case huntReloadMsg:
		if msg.seq == v.armed {
			v.armed = 0
			if v.pending == 0 {
				v.pending = v.c.newID()
				return v, loadHunt(v.c.env(), v.pending, v.c.Account)
			}
		}
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

// onKey handles the hunt list's own keys; moving and / are the list's.
func (v *huntView) onKey(msg tea.KeyMsg) tea.Cmd {
	k := v.c.Keys
	i := v.list.selected()
	var r *huntRow
	np, id := "", -1
	if i >= 0 {
		r = &v.rows[i]
		np, id = r.title.NPCommunicationID, r.trophy().id
	}
	switch {
	case v.c.toggleReveal(msg, np, id):
	case key.Matches(msg, k.Open) && r != nil:
		return send(openHuntTrophyMsg{title: r.title, group: r.trophy().group, trophyID: r.trophy().id})
	case key.Matches(msg, k.Tips) && r != nil:
		return send(openGameHelpMsg{title: r.title, trophy: *r.trophy()})
	case key.Matches(msg, k.Grade):
		v.grade = (v.grade + 1) % 5
		v.list.refilter()
	case key.Matches(msg, k.Platform):
		v.platform = v.nextPlatform()
		v.list.refilter()
	case key.Matches(msg, k.Refresh):
		if v.pending == 0 {
			v.pending = v.c.newID()
			return loadHunt(v.c.env(), v.pending, v.c.Account)
		}
	}
	return nil
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

func (v *huntView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.list.SetSize(w, h-1)
	gradeW, gradeTitle := 6, "Grade"
	if w < 56 {
		gradeW, gradeTitle = 1, ""
	}
	v.list.setColumns([]column{
		{title: "Trophy", flex: true},
		{title: "Title", width: max(12, min(32, w/3)), drop: 4},
		{title: gradeTitle, width: gradeW},
		{title: "Rarity", width: 6, right: true},
		{width: 10, drop: 5},
	}, max(14, min(30, w/3)))
}

func (v *huntView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	head := "Next to hunt"
	if v.loaded {
		head += " · " + commas(len(v.list.order)) + " unearned · easiest first"
	}
	head = " " + titledRule(v.c.Styles, head, v.w-2)
	return v.list.View(head)
}

// The list's rows (listRows): unearned trophies, easiest first as the store ranks them.

func (v *huntView) len() int         { return len(v.rows) }
func (v *huntView) sorted(int) []int { return nil }

// filter keeps f (grade), p (platform) and the query, which matches the trophy's name (or "hidden
// trophy" while it is hidden) and its title's name.
func (v *huntView) filter(q string) func(int) bool {
	if v.grade == 0 && v.platform == 0 && q == "" {
		return nil
	}
	return func(i int) bool {
		r := &v.rows[i]
		t := r.trophy()
		if v.grade > 0 && t.grade != gradeOrder[v.grade-1] || v.platform != 0 && r.plats&v.platform == 0 {
			return false
		}
		switch {
		case q == "" || strings.Contains(r.titleKey, q):
			return true
		case v.c.shown(r.title.NPCommunicationID, t):
			return strings.Contains(t.key, q)
		}
		return strings.Contains(hiddenKey, q)
	}
}

func (v *huntView) empty() string {
	s := v.c.Styles
	switch {
	case !v.loaded:
		return v.c.reading("Reading the cache…")
	case v.err != "":
		return " " + s.Error.Render(v.err)
	case len(v.rows) == 0:
		return " Nothing to hunt in the cache yet: open some titles, or run psn-client sync."
	}
	return " " + s.Faint.Render("No unearned trophies match. f, p and / change the filters.")
}

func (v *huntView) footer() string {
	if !v.loaded {
		return ""
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
	from := "from the cache"
	if v.hasCov {
		if c := v.c.coverage(v.cov); c != "" {
			from = c // "from 14 of 300 titles · filling, ETA 25m"
		}
	}
	foot := from + " · showing " + f
	if len(v.rows) == huntLimit {
		foot += " · first " + strconv.Itoa(huntLimit)
	}
	return v.c.Styles.Faint.Render(foot)
}

func (v *huntView) row(i int, selected bool) string {
	p := &v.c.Styles.P
	r := &v.rows[i]
	t := r.trophy()
	st := painter(selected)
	widths := v.list.widths
	cells := make([]string, len(widths))
	if v.c.shown(r.title.NPCommunicationID, t) {
		cells[hcTrophy] = fitW(t.name, t.nameW, widths[hcTrophy])
	} else {
		cells[hcTrophy] = st(p.Hidden, fit("Hidden trophy", widths[hcTrophy]))
	}
	if w := widths[hcTitle]; w > 0 {
		cells[hcTitle] = st(p.Faint, fitW(r.titleName, r.titleW, w))
	}
	g := t.grade.Letter()
	if widths[hcGrade] > 1 {
		g += " " + gradeWords[t.grade]
	}
	cells[hcGrade] = st(p.Grade[t.grade.Rank()], fit(g, widths[hcGrade]))
	cells[hcRate] = fitRight(t.rarity, widths[hcRate])
	if w := widths[hcTier]; w > 0 {
		cells[hcTier] = spaces(w)
		if t.hasRate {
			cells[hcTier] = st(p.tierPaint(t.rare), fit(t.rare.String(), w))
		}
	}
	return v.list.joinCells(cells)
}
