package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/store"
)

// Recent trophies are read a page at a time, the next page when the cursor nears the end of what
// is loaded, up to recentMax (psn-client recent --limit 0 lists them all).
const (
	recentFirstPage = 500
	recentPage      = 2000
	recentMax       = 20000
)

// recentRow is a day's heading or an earned trophy with its place in the user's trophy life.
type recentRow struct {
	header    bool
	day       string // both: the local day ("2026-11-29 Sunday", "no date")
	label     string // header: the day as shown ("2026-11-29 Sunday · yesterday")
	count     int    // header: the day's trophies loaded
	item      huntRow
	clock     string // "21:14"
	number    int
	milestone bool
	platinum  int
}

// recentLoadedMsg answers loadRecent: one page, headings included.
type recentLoadedMsg struct {
	answer
	account string
	offset  int
	rows    []recentRow
	items   int // trophies in rows
	total   int
	cov     store.Coverage
	took    time.Duration
}

// loadRecent reads limit earned trophies from offset, newest first (the store's trophy index: no
// request), and puts a heading before each new local day; prevDay is the day the previous page
// ended with (no heading for it again).
func loadRecent(e env, id uint64, account string, offset, limit int, prevDay string) tea.Cmd {
	return func() tea.Msg {
		began := time.Now()
		res, err := e.lib.Recent(account, offset, limit)
		m := recentLoadedMsg{answer: answer{id: id, err: err, cached: true}, account: account, offset: offset,
			total: res.Total, cov: res.Coverage, items: len(res.Items)}
		e.notes(&m.answer)
		if err != nil {
			return m
		}
		f := newFolder()
		now := e.now.Local()
		today := now.Format("2006-01-02 Monday")
		yesterday := now.AddDate(0, 0, -1).Format("2006-01-02 Monday")
		day, head := prevDay, -1
		m.rows = make([]recentRow, 0, len(res.Items)+len(res.Items)/4)
		for _, it := range res.Items {
			r := recentRow{item: buildHuntRow(it.HuntItem, f), number: it.Number, milestone: it.Milestone, platinum: it.Platinum, day: "no date"}
			if at := it.Trophy.Status.EarnedDateTime; !at.IsZero() {
				local := at.Local()
				r.day, r.clock = local.Format("2006-01-02 Monday"), local.Format("15:04")
			}
			if r.day != day {
				day = r.day
				head = len(m.rows)
				label := day
				switch day {
				case today:
					label += " · today"
				case yesterday:
					label += " · yesterday"
				}
				m.rows = append(m.rows, recentRow{header: true, day: day, label: label})
			}
			if head >= 0 {
				m.rows[head].count++
			}
			m.rows = append(m.rows, r)
		}
		m.took = time.Since(began)
		return m
	}
}

// recentView is every earned trophy across the cached titles, newest first, under a heading per
// day, with milestones marked (the 1st, 100th, every 1,000th trophy; each platinum numbered).
type recentView struct {
	c       *Common
	w, h    int
	list    *list
	rows    []recentRow
	items   int // trophies loaded
	total   int
	cov     store.Coverage
	pending uint64
	loaded  bool
	err     string
	reloads cacheReloader
}

func newRecentView(c *Common) (*recentView, tea.Cmd) {
	v := &recentView{c: c}
	v.list = newList(c, v, "trophy", "trophies", "filter by trophy or title")
	v.pending = c.newID()
	return v, loadRecent(c.env(), v.pending, c.Account, 0, recentFirstPage, "")
}

func (v *recentView) library()      {}
func (v *recentView) Crumb() string { return "Recently earned" }
func (v *recentView) typing() bool  { return v.list.typing() }
func (v *recentView) back() bool    { return v.list.back() }

func (v *recentView) ShortHelp() []key.Binding {
	k := v.c.Keys
	if v.typing() {
		return v.list.ShortHelp()
	}
	return []key.Binding{k.Move, withHelp(k.Open, "go to trophy"), k.Filter, k.Tips, withHelp(k.Back, "back"), k.Help, k.Quit}
}

func (v *recentView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{
		v.list.moveHelp(),
		append([]key.Binding{withHelp(k.Open, "go to the trophy in its title"), k.Tips}, v.list.listHelp()...),
		libraryHelp(v.c, libRecent),
		{withHelp(k.Refresh, "reload from the cache"), k.Back, k.Help, k.Quit},
	}
}

func (v *recentView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case recentLoadedMsg:
		if msg.id != v.pending || msg.account != v.c.Account {
			return v, nil
		}
		v.pending, v.loaded = 0, true
		if msg.err != nil {
			v.err = errorLine(msg.err)
			return v, nil
		}
		v.err = ""
		v.total, v.cov = msg.total, msg.cov
		if msg.offset == 0 {
			v.reloads.took = msg.took
		}
		keep := -1
		if i := v.list.selected(); i >= 0 && msg.offset > 0 {
			keep = v.rows[i].number
		}
		if msg.offset == 0 {
			v.rows, v.items = nil, 0
		}
		rows := msg.rows
		// The page may go on with the day the loaded rows end with: that heading counts them.
		for len(rows) > 0 && !rows[0].header && len(v.rows) > 0 {
			for h := len(v.rows) - 1; h >= 0; h-- {
				if v.rows[h].header {
					v.rows[h].count += leading(rows)
					break
				}
			}
			break
		}
		v.rows = append(v.rows, rows...)
		v.items += msg.items
		v.list.setRows(func(i int) bool { return keep >= 0 && !v.rows[i].header && v.rows[i].number == keep })
		return v, v.more()
	case cacheGrewMsg:
		return v, v.reloads.grew(v.c)
	case reloadDueMsg:
		if v.reloads.due(msg) && v.pending == 0 {
			return v, v.reload()
		}
	case tea.KeyMsg, tea.MouseMsg:
		if cmd, ok := v.list.Update(msg); ok {
			return v, tea.Batch(cmd, v.more())
		}
		if km, ok := msg.(tea.KeyMsg); ok {
			return v, v.onKey(km)
		}
	}
	return v, nil
}

// leading counts the trophies before the first heading of rows.
func leading(rows []recentRow) int {
	n := 0
	for _, r := range rows {
		if r.header {
			break
		}
		n++
	}
	return n
}

// more reads the next page when the cursor is within two screens of the end of what is loaded
// (not while a filter is typed or kept: it would read everything looking for matches).
func (v *recentView) more() tea.Cmd {
	if v.pending != 0 || !v.loaded || v.items >= v.total || v.items >= recentMax || v.list.filtered() {
		return nil
	}
	if v.list.cur.pos < len(v.list.order)-2*max(1, v.list.rowsHeight()) {
		return nil
	}
	prev := ""
	if n := len(v.rows); n > 0 {
		prev = v.rows[n-1].day
	}
	v.pending = v.c.newID()
	return loadRecent(v.c.env(), v.pending, v.c.Account, v.items, min(recentPage, recentMax-v.items), prev)
}

func (v *recentView) onKey(msg tea.KeyMsg) tea.Cmd {
	k := v.c.Keys
	if cmd := libraryKey(v.c, msg); cmd != nil {
		return cmd
	}
	i := v.list.selected()
	if i < 0 || v.rows[i].header {
		if key.Matches(msg, k.Refresh) {
			return v.reload()
		}
		return nil
	}
	r := &v.rows[i].item
	switch {
	case key.Matches(msg, k.Open):
		return send(openHuntTrophyMsg{title: r.title, group: r.trophy().group, trophyID: r.trophy().id})
	case key.Matches(msg, k.Tips):
		return send(openGameHelpMsg{title: r.title, trophy: *r.trophy()})
	case key.Matches(msg, k.Refresh):
		return v.reload()
	}
	return nil
}

// reload reads the first page again (r).
func (v *recentView) reload() tea.Cmd {
	v.pending = v.c.newID()
	return loadRecent(v.c.env(), v.pending, v.c.Account, 0, max(recentFirstPage, min(v.items, recentMax)), "")
}

func (v *recentView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.list.SetSize(w, h-1)
	gradeW, gradeTitle := 6, "Grade"
	if w < 56 {
		gradeW, gradeTitle = 1, ""
	}
	markW, markTitle := 16, "Milestone"
	if w < 70 {
		markW, markTitle = 1, ""
	}
	v.list.setColumns([]column{
		{title: "Time", width: 5, drop: 7},
		{title: gradeTitle, width: gradeW},
		{title: "Trophy", flex: true},
		{title: "Title", width: max(12, min(32, w/4)), drop: 4},
		{title: "Rarity", width: 6, right: true, drop: 2},
		{width: 10, drop: 6},
		{title: markTitle, width: markW},
	}, max(14, min(28, w/4)))
}

func (v *recentView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	head := "Recently earned"
	if v.loaded {
		head += " · " + plural(v.total, "trophy", "trophies")
	}
	head = joinNonEmpty(head, v.c.coverage(v.cov))
	return v.list.View(" " + titledRule(v.c.Styles, head, v.w-2))
}

// The list's rows (listRows): headings and trophies, newest first.

func (v *recentView) len() int             { return len(v.rows) }
func (v *recentView) sorted(int) []int     { return nil }
func (v *recentView) separator(i int) bool { return v.rows[i].header }
func (v *recentView) filter(q string) func(int) bool {
	if q == "" {
		return nil
	}
	// A day's heading stays while one of its trophies does: each trophy's answer is kept, so a
	// trophy is matched once, not once for itself and again for its heading (20,000 rows a keystroke).
	const unknown, yes, no = 0, 1, 2
	memo := make([]uint8, len(v.rows))
	match := func(j int) bool {
		if memo[j] == unknown {
			memo[j] = no
			if v.rows[j].item.matches(v.c, q) {
				memo[j] = yes
			}
		}
		return memo[j] == yes
	}
	return func(i int) bool {
		if !v.rows[i].header {
			return match(i)
		}
		for j := i + 1; j < len(v.rows) && !v.rows[j].header; j++ {
			if match(j) {
				return true
			}
		}
		return false
	}
}

func (v *recentView) empty() string {
	s := v.c.Styles
	switch {
	case !v.loaded:
		return v.c.reading("Reading the cache…")
	case v.err != "":
		return " " + s.Error.Render(v.err)
	case len(v.rows) == 0:
		return " No earned trophy in the cache yet: open some titles, or run psn-client sync."
	}
	return " " + s.Faint.Render("No trophies match. esc clears the filter.")
}

func (v *recentView) footer() string {
	if !v.loaded {
		return ""
	}
	foot := "newest first"
	if v.items < v.total {
		foot += " · the latest " + commas(v.items) + " of " + commas(v.total)
		if v.items >= recentMax {
			foot += " (psn-client recent --limit 0 lists them all)"
		}
	}
	return v.c.Styles.Faint.Render(foot + " · ★ your 1st, 100th, every 1,000th trophy")
}

func (v *recentView) row(i int, selected bool) string {
	p := &v.c.Styles.P
	r := &v.rows[i]
	if r.header {
		return p.Accent.on(truncate(r.label+" · "+plural(r.count, "trophy", "trophies"), max(1, v.w-2)))
	}
	t := r.item.trophy()
	st := painter(selected)
	widths := v.list.widths
	cells := make([]string, len(widths))
	if w := widths[0]; w > 0 {
		cells[0] = st(p.Faint, fit(r.clock, w))
	}
	cells[1], cells[4], cells[5] = gradeRarity(p, t, widths[1], widths[4], widths[5], st)
	cells[2] = r.item.nameCell(v.c, widths[2], st)
	if w := widths[3]; w > 0 {
		cells[3] = st(p.Faint, fitW(r.item.titleName, r.item.titleW, w))
	}
	cells[6] = st(p.Accent, fit(r.mark(widths[6]), widths[6]))
	return v.list.joinCells(cells)
}

// mark is the milestone cell: "#55 platinum", "★ 1,000th trophy", "★" when narrow.
func (r *recentRow) mark(w int) string {
	switch {
	case r.platinum == 0 && !r.milestone:
		return ""
	case w < 8:
		return "★"
	case r.milestone && r.platinum > 0:
		return "★ " + ordinal(r.number) + " · #" + commas(r.platinum)
	case r.milestone && w >= 9+len(commas(r.number)):
		return "★ " + ordinal(r.number) + " trophy"
	case r.milestone:
		return "★ " + ordinal(r.number)
	}
	return "#" + commas(r.platinum) + " platinum"
}

// ordinal writes 1st, 2nd, 3rd, 11th, 100th, 1,000th.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return commas(n) + suffix
}
