package ui

import (
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/store"
)

// searchLimit bounds the rows a search lists; the heading counts every match.
const searchLimit = 5000

// searchLoadedMsg answers runSearch.
type searchLoadedMsg struct {
	answer
	account string
	query   string // the query as typed that this answers
	rows    []huntRow
	orders  [numSearchSorts][]int
	total   int
	cov     store.Coverage
	took    time.Duration
}

// runSearch searches every cached trophy (the store's trophy index: no request) and prepares the
// rows and their sort orders.
func runSearch(e env, id uint64, account string, q store.Query, reveal bool) tea.Cmd {
	return func() tea.Msg {
		began := time.Now()
		res, err := e.lib.Search(account, q, store.SearchOptions{Limit: searchLimit, Reveal: reveal})
		m := searchLoadedMsg{answer: answer{id: id, err: err, cached: true}, account: account, query: q.Text,
			total: res.Total, cov: res.Coverage}
		e.notes(&m.answer)
		if err == nil {
			m.rows = buildHuntRows(res.Items)
			m.orders = searchOrders(m.rows)
		}
		m.took = time.Since(began)
		return m
	}
}

type searchSort int

const (
	searchByTitle searchSort = iota
	searchByRarity
	searchByEarned
	searchByGrade
	numSearchSorts
)

func (s searchSort) String() string {
	return [...]string{"title", "rarity", "earned date", "grade"}[s]
}

// searchOrders sorts the rows every way s offers, in the command (title order is the store's).
func searchOrders(rows []huntRow) [numSearchSorts][]int {
	var out [numSearchSorts][]int
	for by := searchByRarity; by < numSearchSorts; by++ {
		o := make([]int, len(rows))
		for i := range o {
			o[i] = i
		}
		var less func(x, y *trophyRow) bool
		switch by {
		case searchByRarity:
			less = func(x, y *trophyRow) bool {
				if x.hasRate != y.hasRate {
					return x.hasRate
				}
				return x.rate < y.rate
			}
		case searchByEarned:
			less = func(x, y *trophyRow) bool {
				if x.earned != y.earned {
					return x.earned
				}
				return x.earnedAt.After(y.earnedAt)
			}
		case searchByGrade:
			less = func(x, y *trophyRow) bool { return x.grade.Rank() < y.grade.Rank() }
		}
		sort.SliceStable(o, func(a, b int) bool { return less(rows[o[a]].trophy(), rows[o[b]].trophy()) })
		out[by] = o
	}
	return out
}

// searchView searches every cached trophy with the query language of psn-client search (typed
// into the list's input, parsed at each keystroke, its mistakes shown inline) and lists the
// matches; enter opens a trophy in its title.
type searchView struct {
	c    *Common
	w, h int
	list *list

	rows   []huntRow
	orders [numSearchSorts][]int
	total  int
	cov    store.Coverage
	ran    string // the query the rows answer ("" none)
	reveal bool   // the reveal setting they were searched with

	raw     string      // the query as typed
	want    store.Query // the query to run (the last one that parsed)
	perr    string      // why raw does not parse
	pending uint64      // the search running
	err     string
	reloads cacheReloader
}

func newSearchView(c *Common) (*searchView, tea.Cmd) {
	v := &searchView{c: c}
	sorts := make([]string, numSearchSorts)
	for i := range sorts {
		sorts[i] = searchSort(i).String()
	}
	v.list = newList(c, v, "match", "matches", queryHint, sorts...)
	return v, v.list.focusInput()
}

func (v *searchView) library()      {}
func (v *searchView) Crumb() string { return "Search" }
func (v *searchView) typing() bool  { return v.list.typing() }
func (v *searchView) back() bool    { return v.list.back() }

func (v *searchView) ShortHelp() []key.Binding {
	k := v.c.Keys
	if v.typing() {
		return []key.Binding{withHelp(k.Apply, "browse matches"), withHelp(k.Cancel, "clear"), withHelp(k.ForceQuit, "quit")}
	}
	return []key.Binding{k.Move, withHelp(k.Open, "go to trophy"), withHelp(k.Filter, "edit query"), v.list.sortHelp(), k.Tips,
		withHelp(k.Back, "back"), k.Help, k.Quit}
}

func (v *searchView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{
		v.list.moveHelp(),
		{withHelp(k.Open, "go to the trophy in its title"), k.Tips, withHelp(k.Filter, "edit the query"), k.Sort, k.Reverse,
			withHelp(k.Reveal, "reveal this hidden trophy"), withHelp(k.RevealAll, "reveal all hidden")},
		libraryHelp(v.c, libSearch),
		{withHelp(k.Refresh, "search again"), k.Back, k.Help, k.Quit},
	}
}

func (v *searchView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case searchLoadedMsg:
		if msg.id != v.pending || msg.account != v.c.Account {
			return v, nil
		}
		v.pending = 0
		v.reloads.took = msg.took
		if msg.query != v.want.Text || v.reveal != v.c.Reveal {
			// The query changed while this one ran: its answer is stale, ask the latest.
			return v, v.run()
		}
		v.err = ""
		if msg.err != nil {
			if qe := queryError(msg.err); qe != "" {
				v.perr = qe
			} else {
				v.err = errorLine(msg.err)
			}
			return v, nil
		}
		keep := v.selectedKey()
		v.rows, v.orders, v.total, v.cov, v.ran = msg.rows, msg.orders, msg.total, msg.cov, msg.query
		v.list.setRows(func(i int) bool { return keep != "" && v.rows[i].key() == keep })
	case cacheGrewMsg:
		if v.ran != "" {
			return v, v.reloads.grew(v.c)
		}
	case reloadDueMsg:
		if v.reloads.due(msg) {
			return v, v.run()
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

func (v *searchView) selectedKey() string {
	if i := v.list.selected(); i >= 0 {
		return v.rows[i].key()
	}
	return ""
}

// onKey handles the search's own keys; moving, the query input and s/S are the list's.
func (v *searchView) onKey(msg tea.KeyMsg) tea.Cmd {
	k := v.c.Keys
	i := v.list.selected()
	var r *huntRow
	np, id := "", -1
	if i >= 0 {
		r = &v.rows[i]
		np, id = r.title.NPCommunicationID, r.trophy().id
	}
	if cmd := libraryKey(v.c, msg); cmd != nil {
		return cmd
	}
	switch {
	case v.c.toggleReveal(msg, np, id):
		if key.Matches(msg, k.RevealAll) && v.ran != "" {
			// Hidden trophies match by their words only when revealed: search again.
			return v.run()
		}
	case key.Matches(msg, k.Open) && r != nil:
		return send(openHuntTrophyMsg{title: r.title, group: r.trophy().group, trophyID: r.trophy().id})
	case key.Matches(msg, k.Tips) && r != nil:
		return send(openGameHelpMsg{title: r.title, trophy: *r.trophy()})
	case key.Matches(msg, k.Refresh):
		return v.run()
	}
	return nil
}

// setQuery is the list's input changing (querier): parse it at once, search when it parses.
func (v *searchView) setQuery(raw string) tea.Cmd {
	v.raw = raw
	if strings.TrimSpace(raw) == "" {
		v.perr, v.want = "", store.Query{}
		v.rows, v.orders, v.total, v.ran = nil, [numSearchSorts][]int{}, 0, ""
		v.list.setRows(nil)
		return nil
	}
	// Spaces typed between words change nothing: the same query is not run again.
	norm := strings.Join(strings.Fields(raw), " ")
	if norm == v.want.Text && v.perr == "" {
		return nil
	}
	q, err := store.ParseQuery(norm)
	if err != nil {
		v.perr = queryError(err)
		if v.perr == "" {
			v.perr = clean(err.Error())
		}
		return nil
	}
	v.perr, v.want = "", q
	return v.run()
}

// run searches for the wanted query unless a search runs already (its answer then asks again).
func (v *searchView) run() tea.Cmd {
	if v.want.Empty() && strings.TrimSpace(v.want.Text) == "" {
		return nil
	}
	if v.pending != 0 {
		return nil
	}
	v.pending = v.c.newID()
	v.reveal = v.c.Reveal
	return runSearch(v.c.env(), v.pending, v.c.Account, v.want, v.reveal)
}

func (v *searchView) queryStatus() string {
	s := v.c.Styles
	switch {
	case v.perr != "":
		return s.Error.Render(v.perr)
	case v.pending != 0 && v.ran != v.want.Text:
		return s.Faint.Render("searching…")
	case v.ran == "":
		return ""
	case v.total > len(v.rows):
		return s.Faint.Render(commas(len(v.rows)) + " of " + plural(v.total, "match", "matches"))
	}
	return s.Faint.Render(plural(v.total, "match", "matches"))
}

func (v *searchView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.list.SetSize(w, h-1)
	gradeW, gradeTitle := 6, "Grade"
	if w < 56 {
		gradeW, gradeTitle = 1, ""
	}
	dateW := 10
	if w < 60 {
		dateW = 0 // the title matters more on a narrow terminal: ✓ says earned
	}
	v.list.setColumns([]column{
		{title: "Trophy", flex: true},
		{title: "Title", width: max(12, min(32, w/3)), drop: 3},
		{title: gradeTitle, width: gradeW},
		{title: "Rarity", width: 6, right: true, drop: 2},
		{width: 10, drop: 5},
		{width: 1},
		{title: "Earned", width: dateW, drop: 4},
	}, max(12, min(30, w/4)))
}

func (v *searchView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	head := "Search"
	if v.ran != "" {
		head += " · " + plural(v.total, "match", "matches")
	} else {
		head += " every cached trophy"
	}
	head = joinNonEmpty(head, v.c.coverage(v.cov))
	return v.list.View(" " + titledRule(v.c.Styles, head, v.w-2))
}

// The list's rows (listRows): the matches, in title-list order as the store lists them.

func (v *searchView) len() int { return len(v.rows) }

func (v *searchView) sorted(by int) []int {
	if by <= 0 || by >= int(numSearchSorts) {
		return nil
	}
	return v.orders[by]
}

func (v *searchView) filter(string) func(int) bool { return nil }

func (v *searchView) empty() string {
	s := v.c.Styles
	switch {
	case v.err != "":
		return " " + s.Error.Render(v.err)
	case v.raw == "" || v.ran == "" && v.perr != "":
		return " " + s.Faint.Render("Type a query: words find trophy names, descriptions and titles; filters such as grade:gold, rarity<5, earned, unearned, platform:ps5, has:help, hidden, earned:2025 combine.")
	case v.ran == "" || v.pending != 0 && v.ran != v.want.Text:
		return v.c.reading("Searching the cache…")
	}
	return " " + s.Faint.Render("No cached trophy matches.")
}

func (v *searchView) footer() string {
	return v.c.Styles.Faint.Render("/ types a query · " + v.list.sorting())
}

func (v *searchView) row(i int, selected bool) string {
	p := &v.c.Styles.P
	r := &v.rows[i]
	t := r.trophy()
	st := painter(selected)
	widths := v.list.widths
	cells := make([]string, len(widths))
	cells[0] = r.nameCell(v.c, widths[0], st)
	if w := widths[1]; w > 0 {
		cells[1] = st(p.Faint, fitW(r.titleName, r.titleW, w))
	}
	cells[2], cells[3], cells[4] = gradeRarity(p, t, widths[2], widths[3], widths[4], st)
	if t.earned {
		cells[5] = st(p.Earned, "✓")
	} else {
		cells[5] = st(p.Faint, "·")
	}
	if w := widths[6]; w > 0 {
		if t.earned && !t.earnedAt.IsZero() {
			cells[6] = fit(t.earnedAt.Local().Format("2006-01-02"), w)
		} else {
			cells[6] = st(p.Faint, fit("–", w))
		}
	}
	return v.list.joinCells(cells)
}
