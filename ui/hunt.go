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

// huntRow is a trophy of a cached title (next to hunt, search), cleaned on arrival.
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
		rows[i] = buildHuntRow(it, f)
	}
	return rows
}

func buildHuntRow(it store.HuntItem, f *folder) huntRow {
	r := huntRow{title: it.Title}
	r.titleName = clean(it.Title.TrophyTitleName)
	if r.titleName == "" {
		r.titleName = it.Title.NPCommunicationID
	}
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
	return r
}

func (r *huntRow) trophy() *trophyRow { return &r.data.trophies[0] }

// key identifies the trophy across titles (the cursor follows it when rows change).
func (r *huntRow) key() string { return revealKey(r.title.NPCommunicationID, r.trophy().id) }

// nameCell is the trophy's name, or "Hidden trophy" until it is revealed.
func (r *huntRow) nameCell(c *Common, w int, st func(paint, string) string) string {
	t := r.trophy()
	if c.shown(r.title.NPCommunicationID, t) {
		return fitW(t.name, t.nameW, w)
	}
	return st(c.Styles.P.Hidden, fit("Hidden trophy", w))
}

// matches is the / filter of lists of such rows: the trophy's name and description (or "hidden
// trophy" while it is hidden) and its title's name.
func (r *huntRow) matches(c *Common, q string) bool {
	t := r.trophy()
	switch {
	case q == "" || strings.Contains(r.titleKey, q):
		return true
	case c.shown(r.title.NPCommunicationID, t):
		return strings.Contains(t.key, q)
	}
	return strings.Contains(hiddenKey, q)
}

// gradeRarity are the grade, rarity and tier cells of a trophy row in any list.
func gradeRarity(p *rowPaints, t *trophyRow, gradeW, rateW, tierW int, st func(paint, string) string) (grade, rate, tier string) {
	g := t.grade.Letter()
	if gradeW > 1 {
		g += " " + gradeWords[t.grade]
	}
	grade = st(p.Grade[t.grade.Rank()], fit(g, gradeW))
	if rateW > 0 {
		rate = fitRight(t.rarity, rateW)
	}
	if tierW > 0 {
		tier = spaces(tierW)
		if t.hasRate {
			tier = st(p.tierPaint(t.rare), fit(t.rare.String(), tierW))
		}
	}
	return grade, rate, tier
}

// huntLimit bounds the next-to-hunt list (the store keeps only the easiest, memory stays bounded).
const huntLimit = 10000

// huntLoadedMsg answers loadHunt.
type huntLoadedMsg struct {
	answer
	account string
	title   string // the title it is limited to ("" every title)
	query   string // the query as typed it answers ("" none)
	rows    []huntRow
	total   int
	cov     store.Coverage
	took    time.Duration
}

// loadHunt reads the unearned trophies of the cached titles (or one title) matching q, easiest
// first, from the store's trophy index: disk only.
func loadHunt(e env, id uint64, account, title string, q store.Query, reveal bool) tea.Cmd {
	return func() tea.Msg {
		began := time.Now()
		res, err := e.lib.Hunt(account, store.HuntOptions{Query: q, Title: title, Limit: huntLimit, Reveal: reveal})
		m := huntLoadedMsg{answer: answer{id: id, err: err, cached: true}, account: account, title: title, query: q.Text,
			total: res.Total, cov: res.Coverage}
		e.notes(&m.answer)
		if err == nil {
			m.rows = buildHuntRows(res.Items)
		}
		m.took = time.Since(began)
		return m
	}
}

// huntView is "next to hunt": unearned trophies across the cached titles (or in one title, N),
// easiest (highest earned rate) first, filterable by grade (f), platform (p) and the query language
// of search (/: words, grade:, rarity<, platform:, has:help …, run by the store as typed). It reads
// the cache only: no request.
type huntView struct {
	c        *Common
	w, h     int
	list     *list
	rows     []huntRow // listed: the query's answer, or base
	total    int
	grade    int // 0 all, else 1 + index in gradeOrder
	platform int // platform bit, 0 for all
	title    *psnapi.TrophyTitle
	cov      store.Coverage

	base      []huntRow // the answer without a query
	baseTotal int
	pendBase  uint64
	loaded    bool
	err       string

	reloads cacheReloader

	raw       string      // the query as typed
	want      store.Query // the last query that parsed
	perr      string
	pendQuery uint64
	ran       string // the query rows answer ("" base)
}

func newHuntView(c *Common, title *psnapi.TrophyTitle) (*huntView, tea.Cmd) {
	v := &huntView{c: c, title: title}
	v.list = newList(c, v, "unearned trophy", "unearned trophies", queryHint)
	return v, v.loadBase()
}

func (v *huntView) titleID() string {
	if v.title == nil {
		return ""
	}
	return v.title.NPCommunicationID
}

func (v *huntView) loadBase() tea.Cmd {
	v.pendBase = v.c.newID()
	return loadHunt(v.c.env(), v.pendBase, v.c.Account, v.titleID(), store.Query{}, v.c.Reveal)
}

func (v *huntView) library()      {}
func (v *huntView) Crumb() string { return "Next to hunt" }
func (v *huntView) typing() bool  { return v.list.typing() }
func (v *huntView) back() bool    { return v.list.back() }

func (v *huntView) ShortHelp() []key.Binding {
	k := v.c.Keys
	if v.typing() {
		return v.list.ShortHelp()
	}
	return []key.Binding{k.Move, withHelp(k.Open, "go to trophy"), k.Tips, withHelp(k.Filter, "query"), k.Grade, k.Platform,
		v.titleHelp(), withHelp(k.Reveal, "reveal hidden"), withHelp(k.Back, "back"), k.Help, k.Quit}
}

// titleHelp is N's help: limit to the selected trophy's title, or every title again.
func (v *huntView) titleHelp() key.Binding {
	if v.title != nil {
		return withHelp(v.c.Keys.HuntTitle, "every title")
	}
	return withHelp(v.c.Keys.HuntTitle, "this title only")
}

func (v *huntView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{
		v.list.moveHelp(),
		{withHelp(k.Open, "go to the trophy in its title"), k.Tips, withHelp(k.Filter, "query (as psn-client search)"),
			withHelp(k.Grade, "all/P/G/S/B"), withHelp(k.Platform, "all/PS5/PS4/PS3/Vita/PC"), v.titleHelp(),
			withHelp(k.Reveal, "reveal this hidden trophy"), withHelp(k.RevealAll, "reveal all hidden")},
		libraryHelp(v.c, libHunt),
		{withHelp(k.Refresh, "reload from the cache"), k.Back, k.Help, k.Quit},
	}
}

func (v *huntView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case huntLoadedMsg:
		if msg.account != v.c.Account || msg.title != v.titleID() {
			return v, nil
		}
		return v, v.onLoaded(msg)
	case cacheGrewMsg:
		// The fill completed titles: read again, paced.
		return v, v.reloads.grew(v.c)
	case reloadDueMsg:
		if v.reloads.due(msg) && v.pendBase == 0 {
			return v, v.reload()
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

func (v *huntView) onLoaded(msg huntLoadedMsg) tea.Cmd {
	switch msg.id {
	case v.pendBase:
		v.pendBase, v.loaded, v.err = 0, true, ""
		v.reloads.took = msg.took
		if msg.err != nil {
			v.err = errorLine(msg.err)
		}
		v.base, v.baseTotal, v.cov = msg.rows, msg.total, msg.cov
		if v.ran == "" {
			v.show(v.base, v.baseTotal, "")
		}
	case v.pendQuery:
		v.pendQuery = 0
		if msg.query != v.want.Text || v.raw == "" {
			return v.runQuery()
		}
		if msg.err != nil {
			if qe := queryError(msg.err); qe != "" {
				v.perr = qe
			} else {
				v.err = errorLine(msg.err)
			}
			return nil
		}
		v.cov = msg.cov
		v.show(msg.rows, msg.total, msg.query)
	}
	return nil
}

// show lists rows, keeping the cursor on the same trophy when it is among them.
func (v *huntView) show(rows []huntRow, total int, query string) {
	keep := ""
	if i := v.list.selected(); i >= 0 {
		keep = v.rows[i].key()
	}
	v.rows, v.total, v.ran = rows, total, query
	v.list.setRows(func(i int) bool { return keep != "" && v.rows[i].key() == keep })
}

// setQuery is the list's input changing (querier): the store runs the query as typed.
func (v *huntView) setQuery(raw string) tea.Cmd {
	v.raw = raw
	if strings.TrimSpace(raw) == "" {
		v.perr, v.want = "", store.Query{}
		if v.ran != "" {
			v.show(v.base, v.baseTotal, "")
		}
		return nil
	}
	// Spaces typed between words change nothing: the same query is not run again.
	norm := strings.Join(strings.Fields(raw), " ")
	if norm == v.want.Text && v.perr == "" {
		return nil
	}
	q, err := store.ParseQuery(norm)
	if err != nil {
		if v.perr = queryError(err); v.perr == "" {
			v.perr = clean(err.Error())
		}
		return nil
	}
	v.perr, v.want = "", q
	return v.runQuery()
}

// runQuery runs the wanted query unless one runs already (its answer asks again).
func (v *huntView) runQuery() tea.Cmd {
	if v.pendQuery != 0 || strings.TrimSpace(v.raw) == "" || v.perr != "" {
		return nil
	}
	v.pendQuery = v.c.newID()
	return loadHunt(v.c.env(), v.pendQuery, v.c.Account, v.titleID(), v.want, v.c.Reveal)
}

func (v *huntView) queryStatus() string {
	s := v.c.Styles
	switch {
	case v.perr != "":
		return s.Error.Render(v.perr)
	case v.pendQuery != 0 && v.ran != v.want.Text:
		return s.Faint.Render("searching…")
	}
	return s.Faint.Render(commas(v.list.listed()) + " of " + commas(v.total))
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
	if key.Matches(msg, k.Hunt) {
		return nil // this is next to hunt already
	}
	if cmd := libraryKey(v.c, msg); cmd != nil {
		return cmd
	}
	switch {
	case v.c.toggleReveal(msg, np, id):
		if key.Matches(msg, k.RevealAll) {
			// Hidden trophies match by their words only when revealed: ask again.
			return v.reload()
		}
	case key.Matches(msg, k.Open) && r != nil:
		return send(openHuntTrophyMsg{title: r.title, group: r.trophy().group, trophyID: r.trophy().id})
	case key.Matches(msg, k.Tips) && r != nil:
		return send(openGameHelpMsg{title: r.title, trophy: *r.trophy()})
	case key.Matches(msg, k.HuntTitle):
		switch {
		case v.title != nil:
			v.title = nil
		case r != nil:
			t := r.title
			v.title = &t
		default:
			return nil
		}
		if v.raw != "" {
			v.ran = "\x00" // no answer for this title yet: neither the base rows nor the old answer are it
		}
		return v.reload()
	case key.Matches(msg, k.Grade):
		v.grade = (v.grade + 1) % 5
		v.list.refilter()
	case key.Matches(msg, k.Platform):
		v.platform = v.nextPlatform()
		v.list.refilter()
	case key.Matches(msg, k.Refresh):
		return v.reload()
	}
	return nil
}

// reload asks again for the list and for the query's answer (reveal, r, the fill completed titles).
func (v *huntView) reload() tea.Cmd {
	v.pendQuery = 0
	cmds := []tea.Cmd{v.loadBase()}
	if v.raw != "" {
		cmds = append(cmds, v.runQuery())
	}
	return tea.Batch(cmds...)
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
	if v.title != nil {
		head += " in " + clean(v.title.TrophyTitleName)
	}
	if v.loaded {
		head += " · " + commas(v.list.listed()) + " unearned · easiest first"
	}
	head = " " + titledRule(v.c.Styles, head, v.w-2)
	return v.list.View(head)
}

// The list's rows (listRows): unearned trophies, easiest first as the store ranks them.

func (v *huntView) len() int         { return len(v.rows) }
func (v *huntView) sorted(int) []int { return nil }

// filter keeps f (grade) and p (platform); the query is the store's (setQuery).
func (v *huntView) filter(string) func(int) bool {
	if v.grade == 0 && v.platform == 0 {
		return nil
	}
	return func(i int) bool {
		r := &v.rows[i]
		t := r.trophy()
		return (v.grade == 0 || t.grade == gradeOrder[v.grade-1]) && (v.platform == 0 || r.plats&v.platform != 0)
	}
}

func (v *huntView) empty() string {
	s := v.c.Styles
	switch {
	case !v.loaded:
		return v.c.reading("Reading the cache…")
	case v.err != "":
		return " " + s.Error.Render(v.err)
	case len(v.base) == 0 && v.title != nil:
		return " Nothing to hunt in this title: every cached trophy of it is earned."
	case len(v.base) == 0:
		return " Nothing to hunt in the cache yet: open some titles, or run psn-client sync."
	case v.raw != "" && v.pendQuery != 0:
		return v.c.reading("Searching…")
	}
	return " " + s.Faint.Render("No unearned trophies match. f, p, N and / change the filters.")
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
	if c := v.c.coverage(v.cov); c != "" {
		from = c // "from 14 of 300 titles · filling, ETA 25m"
	}
	foot := from + " · showing " + f
	if len(v.rows) < v.total {
		foot += " · the first " + strconv.Itoa(len(v.rows))
	}
	return v.c.Styles.Faint.Render(foot)
}

func (v *huntView) row(i int, selected bool) string {
	p := &v.c.Styles.P
	r := &v.rows[i]
	st := painter(selected)
	widths := v.list.widths
	cells := make([]string, len(widths))
	cells[0] = r.nameCell(v.c, widths[0], st)
	if w := widths[1]; w > 0 {
		cells[1] = st(p.Faint, fitW(r.titleName, r.titleW, w))
	}
	cells[2], cells[3], cells[4] = gradeRarity(p, r.trophy(), widths[2], widths[3], widths[4], st)
	return v.list.joinCells(cells)
}
