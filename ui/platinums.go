package ui

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/store"
)

// platRow is an earned platinum, numbered in earning order.
type platRow struct {
	item   huntRow
	number string // "#55"
	date   string // "2026-10-31", "–" without a date
	taken  string // "29h", "3mo", "–"
	trophy string // the platinum's own name
}

type platSort int

const (
	platByDate platSort = iota
	platByRarity
	platByTime
	numPlatSorts
)

func (s platSort) String() string { return [...]string{"date", "rarity", "time taken"}[s] }

// platinumsLoadedMsg answers loadPlatinums: the rows newest first and every sort order.
type platinumsLoadedMsg struct {
	answer
	account string
	rows    []platRow
	orders  [numPlatSorts][]int
	cov     store.Coverage
	took    time.Duration
}

// loadPlatinums reads the earned platinums (the store's trophy index: no request) and sorts them
// every way s offers.
func loadPlatinums(e env, id uint64, account string) tea.Cmd {
	return func() tea.Msg {
		began := time.Now()
		res, err := e.lib.Platinums(account, store.PlatinumsByDate, 0)
		m := platinumsLoadedMsg{answer: answer{id: id, err: err, cached: true}, account: account, cov: res.Coverage}
		e.notes(&m.answer)
		if err != nil {
			return m
		}
		f := newFolder()
		at := map[int]int{} // earning number → row
		for i, p := range res.Items {
			r := platRow{item: buildHuntRow(p.HuntItem, f), number: "#" + commas(p.Number), date: "–", taken: "–"}
			r.trophy = r.item.trophy().name
			if !p.EarnedAt.IsZero() {
				r.date = p.EarnedAt.Local().Format("2006-01-02")
				if !p.FirstTrophyAt.IsZero() {
					r.taken = timeTaken(p.TimeTaken)
				}
			}
			at[p.Number] = i
			m.rows = append(m.rows, r)
		}
		for by := platByRarity; by < numPlatSorts; by++ {
			ps := append([]store.Platinum(nil), res.Items...)
			order := store.PlatinumsByRarity
			if by == platByTime {
				order = store.PlatinumsByTimeTaken
			}
			store.SortPlatinums(ps, order)
			o := make([]int, len(ps))
			for j, p := range ps {
				o[j] = at[p.Number]
			}
			m.orders[by] = o
		}
		m.took = time.Since(began)
		return m
	}
}

// timeTaken says how long from a title's first trophy to its platinum: 45m, 5h, 3d, 7mo, 2y3mo.
func timeTaken(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", max(0, int(d.Minutes())))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	case d < 365*24*time.Hour:
		return fmt.Sprintf("%dmo", int(d.Hours()/24/30))
	}
	days := int(d.Hours() / 24)
	if mo := (days % 365) / 30; mo > 0 {
		return fmt.Sprintf("%dy%dmo", days/365, mo)
	}
	return fmt.Sprintf("%dy", days/365)
}

// platinumsView lists the earned platinums numbered #1…#N in earning order, with the date, the
// platinum's rarity and the time from the title's first trophy to it; s sorts by date, rarity or
// time taken.
type platinumsView struct {
	c       *Common
	w, h    int
	list    *list
	rows    []platRow
	orders  [numPlatSorts][]int
	numW    int
	cov     store.Coverage
	pending uint64
	loaded  bool
	err     string
	reloads cacheReloader
}

func newPlatinumsView(c *Common) (*platinumsView, tea.Cmd) {
	v := &platinumsView{c: c, numW: 2}
	sorts := make([]string, numPlatSorts)
	for i := range sorts {
		sorts[i] = platSort(i).String()
	}
	v.list = newList(c, v, "platinum", "platinums", "filter by title", sorts...)
	v.pending = c.newID()
	return v, loadPlatinums(c.env(), v.pending, c.Account)
}

func (v *platinumsView) library()      {}
func (v *platinumsView) Crumb() string { return "Platinums" }
func (v *platinumsView) typing() bool  { return v.list.typing() }
func (v *platinumsView) back() bool    { return v.list.back() }

func (v *platinumsView) ShortHelp() []key.Binding {
	k := v.c.Keys
	if v.typing() {
		return v.list.ShortHelp()
	}
	return []key.Binding{k.Move, withHelp(k.Open, "go to platinum"), v.list.sortHelp(), k.Reverse, k.Filter, withHelp(k.Back, "back"), k.Help, k.Quit}
}

func (v *platinumsView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{
		v.list.moveHelp(),
		append([]key.Binding{withHelp(k.Open, "go to the platinum in its title"), k.Tips}, v.list.listHelp()...),
		libraryHelp(v.c, libPlatinums),
		{withHelp(k.Refresh, "reload from the cache"), k.Back, k.Help, k.Quit},
	}
}

func (v *platinumsView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case platinumsLoadedMsg:
		if msg.id != v.pending || msg.account != v.c.Account {
			return v, nil
		}
		v.pending, v.loaded, v.err = 0, true, ""
		v.reloads.took = msg.took
		if msg.err != nil {
			v.err = errorLine(msg.err)
			return v, nil
		}
		keep := ""
		if i := v.list.selected(); i >= 0 {
			keep = v.rows[i].item.key()
		}
		v.rows, v.orders, v.cov = msg.rows, msg.orders, msg.cov
		v.numW = 2
		for _, r := range v.rows {
			v.numW = max(v.numW, len(r.number))
		}
		v.list.setRows(func(i int) bool { return keep != "" && v.rows[i].item.key() == keep })
		v.layout()
	case cacheGrewMsg:
		return v, v.reloads.grew(v.c)
	case reloadDueMsg:
		if v.reloads.due(msg) && v.pending == 0 {
			v.pending = v.c.newID()
			return v, loadPlatinums(v.c.env(), v.pending, v.c.Account)
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

func (v *platinumsView) onKey(msg tea.KeyMsg) tea.Cmd {
	k := v.c.Keys
	if cmd := libraryKey(v.c, msg); cmd != nil {
		return cmd
	}
	i := v.list.selected()
	switch {
	case key.Matches(msg, k.Open) && i >= 0:
		r := &v.rows[i].item
		return send(openHuntTrophyMsg{title: r.title, group: r.trophy().group, trophyID: r.trophy().id})
	case key.Matches(msg, k.Tips) && i >= 0:
		r := &v.rows[i].item
		return send(openGameHelpMsg{title: r.title, trophy: *r.trophy()})
	case key.Matches(msg, k.Refresh) && v.pending == 0:
		v.pending = v.c.newID()
		return loadPlatinums(v.c.env(), v.pending, v.c.Account)
	}
	return nil
}

// Column indices of the platinum table.
const (
	pcNumber = iota
	pcDate
	pcTitle
	pcTrophy
	pcRate
	pcTier
	pcTaken
)

func (v *platinumsView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.list.SetSize(w, h-1)
	v.layout()
}

func (v *platinumsView) layout() {
	v.list.setColumns([]column{
		{title: "#", width: v.numW, right: true},
		{title: "Earned", width: 10, drop: 3},
		{title: "Title", flex: true},
		{title: "Platinum", width: max(16, min(36, v.w/4)), drop: 6},
		{title: "Rarity", width: 6, right: true},
		{width: 10, drop: 5},
		{title: "Taken", width: 6, right: true, drop: 2},
	}, max(14, min(30, v.w/3)))
}

func (v *platinumsView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	head := "Platinums"
	if v.loaded {
		head += " · " + commas(len(v.rows)) + " earned"
	}
	head = joinNonEmpty(head, v.c.coverage(v.cov))
	return v.list.View(" " + titledRule(v.c.Styles, head, v.w-2))
}

// The list's rows (listRows): platinums, newest first.

func (v *platinumsView) len() int { return len(v.rows) }

func (v *platinumsView) sorted(by int) []int {
	if by <= 0 || by >= int(numPlatSorts) {
		return nil
	}
	return v.orders[by]
}

func (v *platinumsView) filter(q string) func(int) bool {
	if q == "" {
		return nil
	}
	return func(i int) bool { return v.rows[i].item.matches(v.c, q) }
}

func (v *platinumsView) empty() string {
	s := v.c.Styles
	switch {
	case !v.loaded:
		return v.c.reading("Reading the cache…")
	case v.err != "":
		return " " + s.Error.Render(v.err)
	case len(v.rows) == 0:
		return " No platinum in the cache yet: open some titles, or run psn-client sync."
	}
	return " " + s.Faint.Render("No platinums match. esc clears the filter.")
}

func (v *platinumsView) footer() string {
	if !v.loaded {
		return ""
	}
	return v.c.Styles.Faint.Render(v.list.count() + " · " + v.list.sorting() + " · taken: from the title's first trophy")
}

func (v *platinumsView) row(i int, selected bool) string {
	p := &v.c.Styles.P
	r := &v.rows[i]
	t := r.item.trophy()
	st := painter(selected)
	widths := v.list.widths
	cells := make([]string, len(widths))
	cells[pcNumber] = st(p.Grade[0], fitRight(r.number, widths[pcNumber]))
	if w := widths[pcDate]; w > 0 {
		cells[pcDate] = fit(r.date, w)
	}
	cells[pcTitle] = fitW(r.item.titleName, r.item.titleW, widths[pcTitle])
	if w := widths[pcTrophy]; w > 0 {
		cells[pcTrophy] = st(p.Faint, fitW(t.name, t.nameW, w))
	}
	_, cells[pcRate], cells[pcTier] = gradeRarity(p, t, 0, widths[pcRate], widths[pcTier], st)
	if w := widths[pcTaken]; w > 0 {
		cells[pcTaken] = fitRight(r.taken, w)
	}
	return v.list.joinCells(cells)
}
