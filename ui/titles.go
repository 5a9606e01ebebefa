package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// titleSort is the title list's sort order; s cycles through them, S reverses.
type titleSort int

const (
	sortLastPlayed titleSort = iota
	sortName
	sortProgress
	sortPlatform
	sortEarned
	sortDiff // compare mode only: where the other account leads most first
	numTitleSorts

	numPlainSorts = sortDiff // the cycle outside compare mode
)

func (s titleSort) String() string {
	return [...]string{"last played", "name", "progress", "platform", "earned", "difference"}[s]
}

// showFilter is the f filter over completion.
type showFilter int

const (
	showAll showFilter = iota
	showIncomplete
	showComplete
	showPlatinum
	numShows
)

func (f showFilter) String() string {
	return [...]string{"all", "incomplete", "complete", "has platinum"}[f]
}

// Platform bits, so the platform filter is one AND per row.
const (
	platPS5 = 1 << iota
	platPS4
	platPS3
	platVita
	platPC
)

var platformNames = []struct {
	bit        int
	api, label string
}{{platPS5, "PS5", "PS5"}, {platPS4, "PS4", "PS4"}, {platPS3, "PS3", "PS3"}, {platVita, "PSVITA", "Vita"}, {platPC, "PSPC", "PC"}}

// titleRow is one title, cleaned and measured once on arrival (in the command, off the UI goroutine).
type titleRow struct {
	t        psnapi.TrophyTitle
	name     string // display name: cleaned
	nameW    int
	key      string // folded for the filter
	platform string // "PS5 · PC"
	plats    int    // platform bits
	last     string // "2h ago", "2024-03-02"
	earned   int
	defined  int
	grades   [4]string // "3/3" or "–", platinum first
	// Compare rows only (see buildCompareRows).
	side  compareSide // who played the title
	fi    int32       // the other account's row in titleSet.their, -1 when it never played the title
	delta int         // the user's progress minus theirs (a side that never played counts 0)
}

// titleSet is a title list ready to show: rows plus every sort order, computed once.
type titleSet struct {
	rows      []titleRow
	orders    [numTitleSorts][]int
	gradeW    [4]int
	platW     int
	platforms []int // platform bits present, in platformNames order
	fetchedAt time.Time
	// Compact copies of what the filters read, for cache-friendly scans of 20,000 rows.
	keys  []string
	flags []uint16 // platform bits, flagComplete, flagPlatinum (and flagMine, flagTheirs)

	// Compare mode: the union of the user's titles and another account's (buildCompareRows).
	compare                                         bool
	their                                           *titleSet
	theirIdx                                        map[string]int32 // npCommunicationId → row of their
	cgw                                             [2][4]int        // widths of earned counts per grade: mine, theirs
	common, youLead, theyLead, onlyMine, onlyTheirs int
}

const (
	flagComplete = 1 << (8 + iota)
	flagPlatinum
)

var gradeOrder = [4]psnapi.Grade{psnapi.Platinum, psnapi.Gold, psnapi.Silver, psnapi.Bronze}

func gradeCell(earned, defined int) string {
	if defined == 0 {
		return "–"
	}
	return strconv.Itoa(earned) + "/" + strconv.Itoa(defined)
}

// buildTitleRows cleans, measures and sorts a title list. It runs inside commands.
func buildTitleRows(titles []psnapi.TrophyTitle, now time.Time) *titleSet {
	f := newFolder()
	set := &titleSet{rows: make([]titleRow, len(titles)), gradeW: [4]int{1, 1, 1, 1}, platW: 8,
		keys: make([]string, len(titles)), flags: make([]uint16, len(titles))}
	var present int
	for i, t := range titles {
		r := &set.rows[i]
		r.t = t
		r.name = clean(t.TrophyTitleName)
		if r.name == "" {
			r.name = t.NPCommunicationID
		}
		r.nameW = width(r.name)
		r.key = f.fold(r.name)
		var labels []string
		for _, p := range t.Platforms() {
			for _, pn := range platformNames {
				if pn.api == p {
					r.plats |= pn.bit
					labels = append(labels, pn.label)
				}
			}
		}
		present |= r.plats
		r.platform = strings.Join(labels, " · ")
		set.platW = max(set.platW, min(12, width(r.platform)))
		r.last = lastPlayed(t.LastUpdatedDateTime, now)
		r.earned, r.defined = t.EarnedTrophies.Total(), t.DefinedTrophies.Total()
		set.keys[i] = r.key
		set.flags[i] = uint16(r.plats)
		if t.Progress >= 100 {
			set.flags[i] |= flagComplete
		}
		if t.DefinedTrophies.Platinum > 0 {
			set.flags[i] |= flagPlatinum
		}
		for g, grade := range gradeOrder {
			r.grades[g] = gradeCell(t.EarnedTrophies.Of(grade), t.DefinedTrophies.Of(grade))
			set.gradeW[g] = max(set.gradeW[g], len(r.grades[g]))
		}
	}
	for _, pn := range platformNames {
		if present&pn.bit != 0 {
			set.platforms = append(set.platforms, pn.bit)
		}
	}
	set.sortOrders()
	return set
}

// titlesView is the account's title list: a virtualised table over precomputed rows.
type titlesView struct {
	c    *Common
	w, h int

	set   *titleSet // what is shown: plain, or in compare mode the union
	plain *titleSet // the user's own list
	their *titleSet // compare mode: the other account's list
	rows  []titleRow
	order []int // indices into rows: filtered, in display order
	cur   scroller

	sortBy   titleSort
	reverse  bool
	show     showFilter
	platform int // platform bit, 0 for all
	cmpShow  compareShow
	cmpPend  uint64 // a rebuild of the union
	// The sort in use before compare mode, restored when it ends.
	plainSort titleSort
	plainRev  bool
	input     textinput.Model
	query     string // folded filter text
	fold      *folder

	summary    psnapi.TrophySummary
	hasSummary bool

	pendCache, pendNet       uint64
	userRefresh              bool // the running refresh was asked for with r: say when it is done
	pendSumCache, pendSumNet uint64
	haveNet                  bool
	appliedNet               uint64 // id of the network answer on screen
	loaded                   bool
	err                      string

	steps []filterStep // earlier queries of this typing session and their matches: backspace restores

	cols   []column
	widths []int
	rowsH  int
	lines  map[int]string // rendered unselected rows of the current layout, by row index
	sel    string         // rendered selected row
	// Chrome rendered in Update (layout, new summary, each key), so View only joins strings.
	headLine, colHead, footLine, ruleLine string
}

// filterStep is a query typed earlier and the rows it matched.
type filterStep struct {
	query string
	order []int
}

func newTitlesView(c *Common, pre *TitleListInput) (*titlesView, tea.Cmd) {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "filter by name"
	in.Cursor.SetMode(cursor.CursorStatic)
	v := &titlesView{c: c, input: in, fold: newFolder(), lines: map[int]string{}}
	e := c.env()
	var cmds []tea.Cmd
	if pre != nil {
		set := buildTitleRows(pre.Titles, c.Now())
		set.fetchedAt = pre.FetchedAt
		v.plain = set
		v.apply(set)
		v.loaded = true
		cmds = append(cmds, v.refresh())
		v.pendSumCache = c.newID()
		cmds = append(cmds, loadCachedSummary(e, v.pendSumCache, c.Account))
	} else {
		v.pendCache, v.pendSumCache = c.newID(), c.newID()
		cmds = append(cmds, loadCachedTitles(e, v.pendCache, c.Account), loadCachedSummary(e, v.pendSumCache, c.Account))
	}
	return v, tea.Batch(cmds...)
}

// refresh asks the network for the title list and the summary.
func (v *titlesView) refresh() tea.Cmd {
	e := v.c.env()
	v.pendNet, v.pendSumNet = v.c.newID(), v.c.newID()
	v.c.track(v.pendNet, "titles")
	v.c.track(v.pendSumNet, "summary")
	cmds := []tea.Cmd{refreshTitles(e, v.pendNet, v.c.Account), refreshSummary(e, v.pendSumNet, v.c.Account)}
	if v.c.Compare != nil && v.their != nil {
		// In compare mode r refreshes the other account's list too; onTitles takes it.
		id := v.c.newID()
		v.c.track(id, "titles")
		cmds = append(cmds, refreshTitles(e, id, v.c.Compare.ID))
	}
	return tea.Batch(cmds...)
}

func (v *titlesView) Crumb() string { return "Titles" }
func (v *titlesView) typing() bool  { return v.input.Focused() }

func (v *titlesView) back() bool {
	if v.query != "" || v.input.Value() != "" {
		v.input.SetValue("")
		v.query = ""
		v.refilter(false)
		return true
	}
	return false
}

func (v *titlesView) ShortHelp() []key.Binding {
	k := v.c.Keys
	if v.typing() {
		return []key.Binding{k.Apply, k.Cancel, withHelp(k.ForceQuit, "quit")}
	}
	if v.c.Compare != nil {
		return []key.Binding{k.Move, k.Open, withHelp(k.CompareShow, "mine/theirs"), k.Sort, k.Filter, v.c.compareKey(), k.Help, k.Quit}
	}
	return []key.Binding{k.Move, k.Open, k.Filter, k.Sort, k.Filters, k.Platform, v.c.compareKey(), k.Hunt, k.Help, k.Quit}
}

func (v *titlesView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	cmp := []key.Binding{v.c.compareKey()}
	if v.c.Compare != nil {
		cmp = append(cmp, withHelp(k.CompareShow, "all/both/only mine/only theirs"))
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Open, k.Filter, k.Sort, k.Reverse, k.Filters, k.Platform},
		append(cmp, k.Hunt, k.Refresh, k.Help, k.Quit),
	}
}

func (v *titlesView) Update(msg tea.Msg) (view, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case titlesLoadedMsg:
		cmd = v.onTitles(msg)
	case summaryLoadedMsg:
		cmd = v.onSummary(msg)
	case compareResolvedMsg:
		cmd = v.enterCompare(msg)
	case compareBuiltMsg:
		if msg.id == v.cmpPend && v.c.Compare != nil {
			v.cmpPend = 0
			v.apply(msg.set)
		}
	case compareEndedMsg:
		v.leaveCompare()
	case tea.KeyMsg:
		cmd = v.onKey(msg)
	case tea.MouseMsg:
		v.cur, _ = v.cur.navigate(msg, v.c.Keys)
	default:
		return v, nil
	}
	v.prepare()
	return v, cmd
}

func (v *titlesView) onTitles(m titlesLoadedMsg) tea.Cmd {
	if m.account != v.c.Account {
		// In compare mode a fresh list of the other account (r) replaces theirs in the union.
		if cmp := v.c.Compare; cmp != nil && v.their != nil && m.account == cmp.ID && !m.cached && m.err == nil && m.rows != nil {
			v.their = m.rows
			return v.rebuildCompare()
		}
		return nil
	}
	// A fresher list fetched by another view (r on a title) is taken when none of ours is pending.
	if !m.cached && v.pendNet == 0 && m.id > v.appliedNet && m.err == nil && m.found && m.rows != nil {
		m.rows.fetchedAt = m.fetchedAt
		v.loaded, v.haveNet, v.appliedNet = true, true, m.id
		return v.takeMine(m.rows)
	}
	var cmd tea.Cmd
	switch m.id {
	case v.pendCache:
		v.pendCache = 0
		if m.found && !v.haveNet {
			m.rows.fetchedAt = m.fetchedAt
			cmd = v.takeMine(m.rows)
			v.loaded = true
		}
		if v.pendNet == 0 && !v.haveNet {
			return tea.Batch(cmd, v.refresh())
		}
	case v.pendNet:
		v.pendNet = 0
		v.err = ""
		if m.err != nil {
			v.err = errorLine(m.err)
		}
		if m.found && m.rows != nil {
			m.rows.fetchedAt = m.fetchedAt
			cmd = v.takeMine(m.rows)
			v.loaded = true
			v.haveNet = m.err == nil
			v.appliedNet = m.id
		}
		if m.err == nil && !m.found {
			v.loaded = true
		}
		if m.err != nil && !v.loaded {
			v.loaded = true
		}
		if v.userRefresh && m.err == nil && !m.stale {
			v.userRefresh = false
			return tea.Batch(cmd, send(noteMsg{text: "refreshed · " + plural(len(v.plain.rows), "title", "titles")}))
		}
		v.userRefresh = false
	}
	return cmd
}

func (v *titlesView) onSummary(m summaryLoadedMsg) tea.Cmd {
	switch m.id {
	case v.pendSumCache:
		v.pendSumCache = 0
		if m.found && v.pendSumNet == 0 || m.found && !v.hasSummary {
			v.summary, v.hasSummary = m.summary, true
		}
	case v.pendSumNet:
		v.pendSumNet = 0
		if m.found {
			v.summary, v.hasSummary = m.summary, true
		}
	}
	v.headLine = v.heading()
	return nil
}

func (v *titlesView) onKey(msg tea.KeyMsg) tea.Cmd {
	k := v.c.Keys
	if v.input.Focused() {
		switch msg.Type {
		case tea.KeyEnter:
			v.input.Blur()
			k.setTyping(false)
			return nil
		case tea.KeyEsc:
			v.input.Blur()
			k.setTyping(false)
			v.input.SetValue("")
			v.query = ""
			v.refilter(false)
			return nil
		case tea.KeyUp, tea.KeyDown, tea.KeyPgUp, tea.KeyPgDown, tea.KeyCtrlN, tea.KeyCtrlP:
			k.setTyping(false)
			v.cur, _ = v.cur.navigate(msg, k)
			k.setTyping(true)
			return nil
		}
		var cmd tea.Cmd
		v.input, cmd = v.input.Update(msg)
		if q := v.fold.fold(strings.TrimSpace(v.input.Value())); q != v.query {
			v.setQuery(q)
		}
		return cmd
	}
	if c, ok := v.cur.navigate(msg, k); ok {
		v.cur = c
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		if r := v.selected(); r >= 0 {
			return send(v.openMsg(r))
		}
	case key.Matches(msg, k.CompareShow) && v.set != nil && v.set.compare:
		v.cmpShow = (v.cmpShow + 1) % numCompareShows
		v.refilter(false)
	case key.Matches(msg, k.Filter):
		k.setTyping(true)
		return v.input.Focus()
	case key.Matches(msg, k.Sort):
		n := numPlainSorts
		if v.set != nil && v.set.compare {
			n = numTitleSorts
		}
		v.sortBy = (v.sortBy + 1) % n
		v.reverse = false
		v.refilter(false)
	case key.Matches(msg, k.Reverse):
		v.reverse = !v.reverse
		v.refilter(false)
	case key.Matches(msg, k.Filters):
		v.show = (v.show + 1) % numShows
		v.refilter(false)
	case key.Matches(msg, k.Platform):
		v.platform = v.nextPlatform()
		v.refilter(false)
	case key.Matches(msg, k.Hunt):
		return send(openHuntMsg{})
	case key.Matches(msg, k.Refresh):
		if v.pendNet == 0 {
			v.userRefresh = true
			return v.refresh()
		}
	}
	return nil
}

func (v *titlesView) nextPlatform() int {
	if v.set == nil || len(v.set.platforms) == 0 {
		return 0
	}
	if v.platform == 0 {
		return v.set.platforms[0]
	}
	for i, p := range v.set.platforms {
		if p == v.platform {
			if i+1 < len(v.set.platforms) {
				return v.set.platforms[i+1]
			}
			return 0
		}
	}
	return 0
}

// selected is the row index under the cursor, or -1.
func (v *titlesView) selected() int {
	if v.cur.pos < 0 || v.cur.pos >= len(v.order) {
		return -1
	}
	return v.order[v.cur.pos]
}

// apply takes a new title set, keeping the cursor on the same title (by id, never by name).
func (v *titlesView) apply(set *titleSet) {
	var keep string
	if r := v.selected(); r >= 0 {
		keep = v.rows[r].t.NPCommunicationID
	}
	v.set, v.rows = set, set.rows
	if v.platform != 0 {
		found := false
		for _, p := range set.platforms {
			found = found || p == v.platform
		}
		if !found {
			v.platform = 0
		}
	}
	v.order = nil
	v.steps = nil
	clear(v.lines)
	v.refilterKeep(false, func(i int) bool { return keep != "" && v.rows[i].t.NPCommunicationID == keep })
	v.layout()
}

// filterMask returns the flag bits a row must have set (need) and clear (none) for the f and p filters.
func (v *titlesView) filterMask() (need, none uint16) {
	switch v.show {
	case showIncomplete:
		none = flagComplete
	case showComplete:
		need = flagComplete
	case showPlatinum:
		need = flagPlatinum
	}
	if v.set != nil && v.set.compare {
		switch v.cmpShow {
		case cmpBoth:
			need |= flagMine | flagTheirs
		case cmpMine:
			need |= flagMine
			none |= flagTheirs
		case cmpTheirs:
			need |= flagTheirs
			none |= flagMine
		}
	}
	return need, none
}

func (v *titlesView) matches(i int, need, none uint16) bool {
	f := v.set.flags[i]
	if f&need != need || f&none != 0 {
		return false
	}
	if v.platform != 0 && f&uint16(v.platform) == 0 {
		return false
	}
	return v.query == "" || strings.Contains(v.set.keys[i], v.query)
}

// setQuery filters by a new query. A longer query only re-checks the rows the shorter one matched; a
// query typed earlier in this session (backspace) gets its matches back without a scan.
func (v *titlesView) setQuery(q string) {
	sel := v.selected()
	isSel := func(i int) bool { return i == sel }
	for j := len(v.steps) - 1; j >= 0; j-- {
		if v.steps[j].query == q {
			v.query, v.order = q, v.steps[j].order
			v.steps = v.steps[:j]
			v.placeCursor(-1, isSel)
			return
		}
	}
	if v.query != "" && strings.Contains(q, v.query) || v.query == "" && q != "" {
		v.steps = append(v.steps, filterStep{query: v.query, order: v.order})
		v.query = q
		v.refilterKeep(true, isSel)
		return
	}
	v.query = q
	v.steps = nil
	v.refilterKeep(false, isSel)
}

// refilter rebuilds order from the sort order and the filters; narrowing only re-checks the rows
// already shown (the query grew). The cursor stays on the selected title when it is still listed.
func (v *titlesView) refilter(narrowing bool) {
	sel := v.selected()
	if !narrowing {
		v.steps = nil
	}
	v.refilterKeep(narrowing, func(i int) bool { return i == sel })
}

func (v *titlesView) refilterKeep(narrowing bool, isSel func(int) bool) {
	if v.set == nil {
		return
	}
	pos := -1
	need, none := v.filterMask()
	if narrowing && v.order != nil {
		out := make([]int, 0, len(v.order)/2)
		for _, i := range v.order {
			if v.matches(i, need, none) {
				if pos < 0 && isSel(i) {
					pos = len(out)
				}
				out = append(out, i)
			}
		}
		v.order = out
	} else {
		base := v.set.orders[v.sortBy]
		if base == nil {
			base = v.set.orders[sortLastPlayed]
		}
		out := make([]int, 0, len(base))
		n := len(base)
		for j := range n {
			i := base[j]
			if v.reverse {
				i = base[n-1-j]
			}
			if v.matches(i, need, none) {
				if pos < 0 && isSel(i) {
					pos = len(out)
				}
				out = append(out, i)
			}
		}
		v.order = out
	}
	v.placeCursor(pos, nil)
}

// placeCursor puts the cursor at pos, or (pos < 0) on the row isSel finds, else at the top.
func (v *titlesView) placeCursor(pos int, isSel func(int) bool) {
	if pos < 0 && isSel != nil {
		for p, i := range v.order {
			if isSel(i) {
				pos = p
				break
			}
		}
	}
	c := v.cur.resize(len(v.order), v.rowsH)
	if pos >= 0 {
		c.pos = pos
	} else {
		c.pos, c.offset = 0, 0
	}
	v.cur = c.clamp()
}

// Column indices of the title table.
const (
	tcName = iota
	tcPlatform
	tcBar
	tcPct
	tcGrades
	tcLast
)

func (v *titlesView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.input.Width = max(1, w-24)
	v.layout()
	v.prepare()
}

// chrome lines around the rows: heading, (rule), header, rows, (rule), footer.
func (v *titlesView) rules() bool { return v.h >= 12 }

func (v *titlesView) layout() {
	if v.set != nil && v.set.compare {
		v.layoutCompare()
		return
	}
	gw := [4]int{1, 1, 1, 1}
	platW := 8
	if v.set != nil {
		gw, platW = v.set.gradeW, v.set.platW
	}
	grades := gw[0] + gw[1] + gw[2] + gw[3] + 3
	v.cols = []column{
		{title: "Title", flex: true},
		{title: "Platform", width: platW, drop: 5},
		{title: "Progress", width: 10, drop: 4},
		{title: "", width: 4, right: true},
		{title: "grades", width: grades, right: true, drop: 3},
		{title: "Last played", width: 11, right: true, drop: 6},
	}
	v.widths = layout(v.cols, v.w, max(16, min(28, v.w/3)))
	if v.widths[tcBar] == 0 {
		v.cols[tcPct].title = "%"
	}
	v.finishLayout(v.headerWithGrades())
}

// finishLayout sizes the rows area and renders the chrome once the columns are laid out (plain or
// compare), so rows are re-rendered for the new widths.
func (v *titlesView) finishLayout(colHead string) {
	chrome := 3
	if v.rules() {
		chrome += 2
	}
	v.rowsH = max(0, v.h-chrome)
	v.cur = v.cur.resize(len(v.order), v.rowsH)
	clear(v.lines)
	v.headLine = v.heading()
	v.colHead = truncate(colHead, v.w)
	v.ruleLine = " " + rule(v.c.Styles, v.w-2)
}

// prepare renders the visible rows not yet rendered, so View only joins strings.
func (v *titlesView) prepare() {
	if v.lines == nil {
		v.lines = map[int]string{}
	}
	v.footLine = v.footer()
	from, to := v.cur.visible()
	if len(v.lines) > 8*max(1, v.rowsH)+64 {
		clear(v.lines)
	}
	for p := from; p < to; p++ {
		i := v.order[p]
		if _, ok := v.lines[i]; !ok {
			v.lines[i] = v.renderRow(i, false)
		}
	}
	v.sel = ""
	if r := v.selected(); r >= 0 {
		v.sel = v.renderRow(r, true)
	}
}

func (v *titlesView) renderRow(i int, selected bool) string {
	if v.set.compare {
		return v.renderCompareRow(i, selected)
	}
	p := &v.c.Styles.P
	r := &v.rows[i]
	st := func(pt paint, text string) string {
		if selected {
			return text
		}
		return pt.on(text)
	}
	var b strings.Builder
	b.Grow(v.w + 64)
	sep := func() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
	}
	nw := v.widths[tcName]
	if r.t.HiddenFlag && nw >= 14 {
		b.WriteString(fitW(r.name, r.nameW, nw-7))
		b.WriteString(" ")
		b.WriteString(st(p.Hidden, "hidden"))
	} else {
		b.WriteString(fitW(r.name, r.nameW, nw))
	}
	if w := v.widths[tcPlatform]; w > 0 {
		sep()
		b.WriteString(st(p.Faint, fit(r.platform, w)))
	}
	if w := v.widths[tcBar]; w > 0 {
		sep()
		bp := p.Bar
		if r.t.Progress >= 100 {
			bp = p.BarDone
		}
		b.WriteString(st(bp, bar(r.t.Progress, w)))
	}
	sep()
	b.WriteString(fitRight(strconv.Itoa(r.t.Progress)+"%", v.widths[tcPct]))
	if v.widths[tcGrades] > 0 {
		sep()
		gw := v.set.gradeW
		for g := range 4 {
			if g > 0 {
				b.WriteByte(' ')
			}
			txt := spaces(gw[g]-len(r.grades[g])) + r.grades[g]
			if r.grades[g] == "–" {
				txt = spaces(gw[g]-1) + "–"
				b.WriteString(st(p.Faint, txt))
			} else {
				b.WriteString(st(p.Grade[g], txt))
			}
		}
	}
	if w := v.widths[tcLast]; w > 0 {
		sep()
		b.WriteString(st(p.Faint, fitRight(r.last, w)))
	}
	if selected {
		return p.Marker.on("▸") + " " + p.Selected.on(b.String())
	}
	return "  " + b.String()
}

func (v *titlesView) gradeHeader() string {
	s := v.c.Styles
	gw := [4]int{1, 1, 1, 1}
	if v.set != nil {
		gw = v.set.gradeW
	}
	var b strings.Builder
	for g, l := range []string{"P", "G", "S", "B"} {
		if g > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.Grade[g].Bold(true).Render(fitRight(l, gw[g])))
	}
	return b.String()
}

func (v *titlesView) heading() string {
	if v.set != nil && v.set.compare {
		return v.compareHeading()
	}
	s := v.c.Styles
	parts := []string{s.Heading.Render(v.c.Name)}
	if v.hasSummary {
		sum := v.summary
		parts = append(parts,
			fmt.Sprintf("Level %d %s%s", sum.TrophyLevel, s.Bar.Render("▕"+bar(sum.Progress, 10)+"▏"), strconv.Itoa(sum.Progress)+"%"),
			fmt.Sprintf("tier %d · %s pts", sum.Tier, commas(sum.TrophyPoint)))
		e := sum.EarnedTrophies
		var g []string
		for i, gr := range gradeOrder {
			g = append(g, s.Grade[i].Render([]string{"P", "G", "S", "B"}[i]+" "+commas(e.Of(gr))))
		}
		parts = append(parts, strings.Join(g, "  "))
	}
	return truncate(" "+strings.Join(parts, s.Faint.Render(" · ")), v.w)
}

func (v *titlesView) footer() string {
	s := v.c.Styles
	if !v.loaded {
		return ""
	}
	if v.input.Focused() || v.input.Value() != "" {
		count := fmt.Sprintf("%s of %s", commas(len(v.order)), commas(len(v.rows)))
		iw := max(1, v.w-width(count)-7)
		return truncate(" "+fit(v.input.View(), iw+3)+" "+s.Faint.Render(count), v.w)
	}
	arrow := "↓"
	if v.reverse {
		arrow = "↑"
	}
	filters := []string{}
	if v.set != nil && v.set.compare && v.cmpShow != cmpAll {
		filters = append(filters, v.cmpShow.String())
	}
	if v.show != showAll {
		filters = append(filters, v.show.String())
	}
	if v.platform != 0 {
		for _, pn := range platformNames {
			if pn.bit == v.platform {
				filters = append(filters, pn.label)
			}
		}
	}
	f := "none"
	if len(filters) > 0 {
		f = strings.Join(filters, ", ")
	}
	n := plural(len(v.rows), "title", "titles")
	if len(v.order) != len(v.rows) {
		n = fmt.Sprintf("%s of %s", commas(len(v.order)), plural(len(v.rows), "title", "titles"))
	}
	line := fmt.Sprintf("%s · sorted by %s %s · show: %s", n, v.sortBy, arrow, f)
	if v.err != "" {
		return truncate(" "+s.Error.Render(v.err), v.w)
	}
	return truncate(" "+s.Faint.Render(line), v.w)
}

func (v *titlesView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	s := v.c.Styles
	lines := make([]string, 0, v.h+2)
	lines = append(lines, v.headLine)
	if v.rules() {
		lines = append(lines, v.ruleLine)
	}
	lines = append(lines, v.colHead)
	from, to := v.cur.visible()
	switch {
	case len(v.order) > 0:
		sel := v.selected()
		for p := from; p < to; p++ {
			i := v.order[p]
			if i == sel {
				lines = append(lines, v.sel)
				continue
			}
			l, ok := v.lines[i]
			if !ok {
				l = v.renderRow(i, false)
			}
			lines = append(lines, l)
		}
	case !v.loaded:
		lines = append(lines, truncate(v.c.loading("Loading titles…"), v.w))
	case v.err != "" && len(v.rows) == 0:
		lines = append(lines, truncate(" "+s.Error.Render(v.err), v.w))
	case len(v.rows) == 0:
		lines = append(lines, truncate(" No titles yet. Play a game with trophies, then press r to refresh.", v.w))
	default:
		lines = append(lines, truncate(" "+s.Faint.Render("No titles match. esc clears the filter, f and p change what is shown."), v.w))
	}
	for len(lines) < v.h-1-b2i(v.rules()) {
		lines = append(lines, "")
	}
	if v.rules() {
		lines = append(lines, v.ruleLine)
	}
	lines = append(lines, v.footLine)
	if len(lines) > v.h {
		// Very short windows: keep the rows, drop chrome from the bottom.
		lines = lines[:v.h]
	}
	return strings.Join(lines, "\n")
}

func (v *titlesView) headerWithGrades() string {
	s := v.c.Styles
	var b strings.Builder
	b.WriteString("  ")
	first := true
	for i, c := range v.cols {
		if v.widths[i] == 0 {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		switch {
		case i == tcGrades:
			b.WriteString(v.gradeHeader())
		case c.right:
			b.WriteString(s.Header.Render(fitRight(c.title, v.widths[i])))
		default:
			b.WriteString(s.Header.Render(fit(c.title, v.widths[i])))
		}
	}
	return b.String()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
