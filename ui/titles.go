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

// titlesView is the account's title list: the list component over precomputed rows (titlerows.go);
// in compare mode the union of both accounts' lists (titles_compare.go).
type titlesView struct {
	c    *Common
	w, h int
	list *list

	set   *titleSet // what is shown: plain, or in compare mode the union
	plain *titleSet // the user's own list
	their *titleSet // compare mode: the other account's list
	rows  []titleRow

	show     showFilter
	platform int // platform bit, 0 for all
	cmpShow  compareShow
	cmpPend  uint64 // a rebuild of the union
	// The sort in use before compare mode, restored when it ends.
	plainSort int
	plainRev  bool

	summary    psnapi.TrophySummary
	hasSummary bool

	pendCache, pendNet uint64
	userRefresh        bool // the running refresh was asked for with r: say when it is done
	// The budget was spent, so the cache was served: refresh the list, the summary when it frees
	// (budgetFreedMsg).
	listBudget, sumBudget bool
	// lookup is the --user name being looked up: the view waits for the account (lookup.go).
	lookup                   string
	pendSumCache, pendSumNet uint64
	haveNet                  bool
	appliedNet               uint64 // id of the network answer on screen
	loaded                   bool
	err                      string

	headLine, ruleLine string // rendered on layout and new summaries, so View only joins strings

	// Play time (playtime.go): the cells by title, the cached read and the refresh running, the
	// play time order being computed for the set shown.
	play                        *playCells
	playCache, playNet, playOrd uint64
}

// titleSortNames are the sorts s cycles through; compare mode adds the difference.
func titleSortNames(compare bool) []string {
	n := numPlainSorts
	if compare {
		n = numTitleSorts
	}
	out := make([]string, n)
	for i := range out {
		out[i] = titleSort(i).String()
	}
	return out
}

func newTitlesView(c *Common, pre *TitleListInput) (*titlesView, tea.Cmd) {
	v := &titlesView{c: c}
	v.list = newList(c, v, "title", "titles", "filter by name", titleSortNames(false)...)
	e := c.env()
	v.playCache = c.newID()
	cmds := []tea.Cmd{loadCachedPlayTime(e, v.playCache, c.Account)}
	if pre != nil {
		set := buildTitleRows(pre.Titles, c.Now())
		set.fetchedAt = pre.FetchedAt
		v.plain = set
		v.apply(set)
		v.loaded = true
		cmds = append(cmds, v.refreshAuto(true))
	} else {
		v.pendCache, v.pendSumCache = c.newID(), c.newID()
		cmds = append(cmds, loadCachedTitles(e, v.pendCache, c.Account), loadCachedSummary(e, v.pendSumCache, c.Account))
	}
	return v, tea.Batch(cmds...)
}

// refreshAuto brings the list and the summary up to date under the cache rule (store.Auto): fresh
// data costs nothing, stale data on screen is refreshed without waiting for the budget. The list is
// left to the background fill when one runs and a list is cached: its title list is the refresh.
func (v *titlesView) refreshAuto(listCached bool) tea.Cmd {
	var cmds []tea.Cmd
	if v.pendNet == 0 && (!listCached || !v.c.fill.ownsList) {
		cmds = append(cmds, v.refreshList(store.Auto))
	}
	if v.pendSumNet == 0 {
		cmds = append(cmds, v.refreshSummary(store.Auto))
	}
	return tea.Batch(cmds...)
}

func (v *titlesView) refreshList(p store.Policy) tea.Cmd {
	v.pendNet, v.listBudget = v.c.newID(), false
	v.c.track(v.pendNet, "titles")
	return refreshTitles(v.c.env(), v.pendNet, v.c.Account, p)
}

func (v *titlesView) refreshSummary(p store.Policy) tea.Cmd {
	v.pendSumNet, v.sumBudget = v.c.newID(), false
	v.c.track(v.pendSumNet, "summary")
	return refreshSummary(v.c.env(), v.pendSumNet, v.c.Account, p)
}

// refresh is r: the whole list and the summary, whatever the cache holds (store.Refresh).
func (v *titlesView) refresh() tea.Cmd {
	cmds := []tea.Cmd{v.refreshList(store.Refresh), v.refreshSummary(store.Refresh)}
	if v.c.Compare != nil && v.their != nil {
		// In compare mode r refreshes the other account's list too; onTitles takes it.
		id := v.c.newID()
		v.c.track(id, "titles")
		cmds = append(cmds, refreshTitles(v.c.env(), id, v.c.Compare.ID, store.Refresh))
	}
	return tea.Batch(cmds...)
}

func (v *titlesView) Crumb() string { return "Titles" }
func (v *titlesView) typing() bool  { return v.list.typing() }
func (v *titlesView) back() bool    { return v.list.back() }

// sortBy is the sort order in use.
func (v *titlesView) sortBy() titleSort { return titleSort(v.list.sortBy) }

func (v *titlesView) ShortHelp() []key.Binding {
	k := v.c.Keys
	if v.lookup != "" {
		return []key.Binding{k.Help, k.Quit} // nothing else works before the account is known
	}
	if v.typing() {
		return v.list.ShortHelp()
	}
	if v.comparing() {
		return []key.Binding{k.Move, k.Open, withHelp(k.CompareShow, v.cmpShow.next().String()), k.Sort, k.Filter, v.c.compareKey(), k.Help, k.Quit}
	}
	return []key.Binding{k.Move, k.Open, k.Filter, k.Sort, k.Filters, k.Platform, v.c.compareKey(), k.Hunt, k.Help, k.Quit}
}

func (v *titlesView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	if v.lookup != "" {
		return [][]key.Binding{{k.Help, k.Quit}}
	}
	cmp := []key.Binding{v.c.compareKey()}
	if v.comparing() {
		cmp = append(cmp, withHelp(k.CompareShow, "all/both/only mine/only theirs"))
	}
	return [][]key.Binding{
		v.list.moveHelp(),
		append([]key.Binding{k.Open}, append(v.list.listHelp(), k.Filters, k.Platform)...),
		append(cmp, k.Refresh, k.Help, k.Quit),
		append(libraryHelp(v.c, -1), withHelp(k.HuntTitle, "hunt in this title"), k.Board),
	}
}

func (v *titlesView) comparing() bool { return v.set != nil && v.set.compare }

func (v *titlesView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case titlesLoadedMsg:
		return v, v.onTitles(msg)
	case summaryLoadedMsg:
		return v, v.onSummary(msg)
	case compareResolvedMsg:
		return v, v.enterCompare(msg)
	case compareBuiltMsg:
		if msg.id == v.cmpPend && v.c.Compare != nil {
			v.cmpPend = 0
			return v, v.apply(msg.set)
		}
	case compareEndedMsg:
		return v, v.leaveCompare()
	case playTimeLoadedMsg, playCostMsg, playOrderMsg:
		return v, v.onPlay(msg)
	case presenceLoadedMsg:
		v.ruleLine = " " + presenceRule(v.c, v.w-2)
	case budgetFreedMsg:
		// The budget frees: the cache shown because it was spent is refreshed now.
		var cmds []tea.Cmd
		if v.listBudget && v.pendNet == 0 {
			cmds = append(cmds, v.refreshList(store.Auto))
		}
		if v.sumBudget && v.pendSumNet == 0 {
			cmds = append(cmds, v.refreshSummary(store.Auto))
		}
		return v, tea.Batch(cmds...)
	case fillEndedMsg:
		// The fill ended before its title list came: the list is refreshed here after all.
		if !v.haveNet && v.pendNet == 0 && v.lookup == "" && v.plain != nil && !v.c.fill.ownsList {
			return v, v.refreshList(store.Auto)
		}
	case tea.KeyMsg, tea.MouseMsg:
		if v.lookup != "" {
			return v, nil // nothing to move, filter or open before the account is known
		}
		if cmd, ok := v.list.Update(msg); ok {
			return v, cmd
		}
		if km, ok := msg.(tea.KeyMsg); ok {
			return v, v.onKey(km)
		}
	}
	return v, nil
}

// onKey handles the title list's own keys; moving, / and s/S are the list's.
func (v *titlesView) onKey(msg tea.KeyMsg) tea.Cmd {
	k := v.c.Keys
	if cmd := libraryKey(v.c, msg); cmd != nil {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Open):
		if r := v.list.selected(); r >= 0 {
			return send(v.openMsg(r))
		}
	case key.Matches(msg, k.CompareShow) && v.comparing():
		v.cmpShow = v.cmpShow.next()
		v.list.refilter()
	case key.Matches(msg, k.Filters):
		v.show = (v.show + 1) % numShows
		v.list.refilter()
	case key.Matches(msg, k.Platform):
		v.platform = v.nextPlatform()
		v.list.refilter()
	case key.Matches(msg, k.HuntTitle):
		if r := v.list.selected(); r >= 0 {
			t := v.rows[r].t
			return send(openLibraryMsg{kind: libHunt, title: &t})
		}
	case key.Matches(msg, k.Board):
		if r := v.list.selected(); r >= 0 && (!v.comparing() || v.rows[r].side&sideMine != 0) {
			return send(openBoardMsg{title: v.rows[r].t})
		}
	case key.Matches(msg, k.Refresh):
		if v.pendNet == 0 {
			v.userRefresh = true
			return tea.Batch(v.refresh(), v.refreshPlay())
		}
	}
	return nil
}

func (v *titlesView) onTitles(m titlesLoadedMsg) tea.Cmd {
	if m.account != v.c.Account {
		// In compare mode a fresh list of the other account (r) replaces theirs in the union.
		if v.c.Compare != nil && m.account == v.c.Compare.ID && m.err == nil && m.found && m.rows != nil && v.their != nil {
			v.their = m.rows
			return v.rebuildCompare()
		}
		return nil
	}
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
		if !v.haveNet {
			return tea.Batch(cmd, v.refreshAuto(m.found))
		}
	case v.pendNet:
		v.pendNet = 0
		v.err = ""
		if m.err != nil {
			v.err = errorLine(m.err)
		}
		_, budget := store.BudgetFreeIn(m.why, v.c.Now())
		v.listBudget = m.stale && budget
		if m.found && m.rows != nil {
			m.rows.fetchedAt = m.fetchedAt
			cmd = v.takeMine(m.rows)
			v.loaded = true
			v.haveNet = m.err == nil
			v.appliedNet = m.id
		}
		if m.found && m.rows != nil || m.err != nil || !m.found {
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
		_, budget := store.BudgetFreeIn(m.why, v.c.Now())
		v.sumBudget = m.stale && budget
	}
	v.headLine = v.heading()
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

// apply takes a new title set, keeping the cursor on the same title (by id, never by name); with
// play time known, the set's play time order is computed in a command.
func (v *titlesView) apply(set *titleSet) tea.Cmd {
	var keep string
	if r := v.list.selected(); r >= 0 {
		keep = v.rows[r].t.NPCommunicationID
	}
	v.set, v.rows = set, set.rows
	v.list.sorts = titleSortNames(set.compare)
	v.list.sortBy = min(v.list.sortBy, len(v.list.sorts)-1)
	if v.platform != 0 {
		found := false
		for _, p := range set.platforms {
			found = found || p == v.platform
		}
		if !found {
			v.platform = 0
		}
	}
	v.list.setRows(func(i int) bool { return keep != "" && v.rows[i].t.NPCommunicationID == keep })
	v.layout()
	return v.orderByPlay()
}

// The list's rows (listRows).

func (v *titlesView) len() int { return len(v.rows) }

func (v *titlesView) sorted(by int) []int {
	if v.set == nil {
		return nil
	}
	if o := v.set.order(titleSort(by)); o != nil {
		return o
	}
	return v.set.order(sortLastPlayed)
}

// filter is f, p, tab and the query as one predicate over the set's compact flag and key arrays.
func (v *titlesView) filter(q string) func(int) bool {
	if v.set == nil {
		return nil
	}
	need, none := v.filterMask()
	plat := uint16(v.platform)
	if need == 0 && none == 0 && plat == 0 && q == "" {
		return nil
	}
	if q != "" {
		v.set.foldKeys()
	}
	flags, keys := v.set.flags, v.set.keys
	return func(i int) bool {
		f := flags[i]
		if f&need != need || f&none != 0 || plat != 0 && f&plat == 0 {
			return false
		}
		return q == "" || strings.Contains(keys[i], q)
	}
}

// filterMask returns the flag bits a row must have set (need) and clear (none) for f and tab.
func (v *titlesView) filterMask() (need, none uint16) {
	switch v.show {
	case showIncomplete:
		none = flagComplete
	case showComplete:
		need = flagComplete
	case showPlatinum:
		need = flagPlatinum
	}
	if v.comparing() {
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

func (v *titlesView) empty() string {
	s := v.c.Styles
	switch {
	case v.lookup != "" && v.err != "":
		return " " + s.Error.Render(v.err)
	case v.lookup != "":
		return v.c.lookingUp(v.lookup, v.w)
	case !v.loaded:
		return v.c.loading("Loading titles…", v.w)
	case v.err != "" && len(v.rows) == 0:
		return " " + s.Error.Render(v.err)
	case len(v.rows) == 0:
		return " No titles yet. Play a game with trophies, then press r to refresh."
	}
	return " " + s.Faint.Render("No titles match. esc clears the filter, f and p change what is shown.")
}

func (v *titlesView) footer() string {
	s := v.c.Styles
	switch {
	case !v.loaded || v.lookup != "":
		return ""
	case v.err != "":
		return s.Error.Render(v.err)
	case v.pendNet != 0 && v.c.wait != "":
		// The list shown is being refreshed (r) and the refresh waits: say so, with the countdown.
		return v.c.waitNote("refreshing", v.w)
	}
	var shown []string
	if v.comparing() && v.cmpShow != cmpAll {
		shown = append(shown, v.cmpShow.String())
	}
	if v.show != showAll {
		shown = append(shown, v.show.String())
	}
	for _, pn := range platformNames {
		if pn.bit == v.platform {
			shown = append(shown, pn.label)
		}
	}
	show := "all"
	if len(shown) > 0 {
		show = strings.Join(shown, ", ")
	}
	line := v.list.count() + " · " + v.list.sorting() + " · show: " + show
	if v.sortBy() == sortPlayTime && v.play == nil {
		line += " · no play time cached (psn-client sync reads it)"
	}
	return s.Faint.Render(line)
}

// Column indices of the title table.
const (
	tcName = iota
	tcPlatform
	tcBar
	tcPct
	tcGrades
	tcPlay  // play time: only when the account's play time is known
	tcPlays // play count
	tcLast
)

func (v *titlesView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.list.ruled = v.rules()
	v.list.SetSize(w, h-1-b2i(v.rules()))
	v.layout()
}

// rules: a rule under the heading and above the footer when the window is tall enough.
func (v *titlesView) rules() bool { return v.h >= 12 }

func (v *titlesView) layout() {
	if v.comparing() {
		v.layoutCompare()
	} else {
		gw, platW := [4]int{1, 1, 1, 1}, 8
		if v.set != nil {
			gw, platW = v.set.gradeW, v.set.platW
		}
		v.list.setColumns([]column{
			{title: "Title", flex: true},
			{title: "Platform", width: platW, drop: 5},
			{title: "Progress", width: 10, drop: 4, span: true},
			{title: "%", width: 4, right: true},
			{width: gradesWidth(gw), right: true, drop: 3, head: func(int) string { return gradeLetters(v.c.Styles, gw) }},
			v.playColumn(false),
			v.playColumn(true),
			{title: "Last played", width: 11, right: true, drop: 6},
		}, max(16, min(28, v.w/3)))
	}
	v.headLine = v.heading()
	v.ruleLine = " " + presenceRule(v.c, v.w-2)
}

// row is one title: name (with a "hidden" tag), platform, progress, earned counts per grade, last played.
func (v *titlesView) row(i int, selected bool) string {
	if v.comparing() {
		return v.compareRow(i, selected)
	}
	p := &v.c.Styles.P
	r := &v.rows[i]
	st := painter(selected)
	widths := v.list.widths
	var b strings.Builder
	b.Grow(v.w + 64)
	sep := func() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
	}
	v.nameCell(&b, r, widths[tcName], st)
	if w := widths[tcPlatform]; w > 0 {
		sep()
		b.WriteString(st(p.Faint, fit(r.platform, w)))
	}
	if w := widths[tcBar]; w > 0 {
		sep()
		b.WriteString(st(barPaint(p, r.t.Progress), bar(r.t.Progress, w)))
	}
	sep()
	b.WriteString(fitRight(strconv.Itoa(r.t.Progress)+"%", widths[tcPct]))
	if widths[tcGrades] > 0 {
		sep()
		gw := v.set.gradeW
		for g := range 4 {
			if g > 0 {
				b.WriteByte(' ')
			}
			txt := spaces(gw[g]-len(r.grades[g])) + r.grades[g]
			if r.grades[g] == "–" {
				b.WriteString(st(p.Faint, spaces(gw[g]-1)+"–"))
			} else {
				b.WriteString(st(p.Grade[g], txt))
			}
		}
	}
	if widths[tcPlay] > 0 || widths[tcPlays] > 0 {
		c, ok := v.play.of(&r.t)
		for _, col := range []struct {
			w    int
			text string
		}{{widths[tcPlay], c.time}, {widths[tcPlays], c.plays}} {
			if col.w == 0 {
				continue
			}
			sep()
			if ok {
				b.WriteString(fitRight(col.text, col.w))
			} else {
				b.WriteString(st(p.Faint, fitRight("–", col.w)))
			}
		}
	}
	if w := widths[tcLast]; w > 0 {
		sep()
		b.WriteString(st(p.Faint, fitRight(r.last, w)))
	}
	return b.String()
}

// nameCell writes a title's name w cells wide, with a faint "hidden" tag when the title is hidden.
func (v *titlesView) nameCell(b *strings.Builder, r *titleRow, w int, st func(paint, string) string) {
	if r.t.HiddenFlag && w >= 14 {
		b.WriteString(fitW(r.name, r.nameW, w-7))
		b.WriteString(" ")
		b.WriteString(st(v.c.Styles.P.Hidden, "hidden"))
		return
	}
	b.WriteString(fitW(r.name, r.nameW, w))
}

// barPaint is a progress bar's colour: the accent, or the earned colour once complete.
func barPaint(p *rowPaints, progress int) paint {
	if progress >= 100 {
		return p.BarDone
	}
	return p.Bar
}

func (v *titlesView) heading() string {
	if v.comparing() {
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

func (v *titlesView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	if v.rules() {
		return v.list.View(v.headLine, v.ruleLine)
	}
	return v.list.View(v.headLine)
}
