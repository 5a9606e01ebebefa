package ui

import (
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// Account is an account the UI shows besides the user's own: ID for store calls (numeric, or "me"),
// Name for display (the online ID).
type Account struct{ ID, Name string }

// compareSide says which accounts have played a title.
type compareSide uint8

const (
	sideMine compareSide = 1 << iota
	sideTheirs
)

// compareShow is the titles view's tab filter in compare mode.
type compareShow int

const (
	cmpAll compareShow = iota
	cmpBoth
	cmpMine
	cmpTheirs
	numCompareShows
)

func (s compareShow) String() string {
	return [...]string{"all", "both played", "only mine", "only theirs"}[s]
}

// trophyCompare is the trophies view's tab filter in compare mode.
type trophyCompare int

const (
	tcAll trophyCompare = iota
	tcTheyHave
	tcYouHave
	numTrophyCompares
)

func (f trophyCompare) String() string {
	return [...]string{"all", "they have, you don't", "you have, they don't"}[f]
}

// Flags of compare rows (titleSet.flags), next to the platform and completion bits.
const (
	flagMine = 1 << (10 + iota)
	flagTheirs
)

// compareResolvedMsg answers resolveCompare: the account, its title list and the union with ours.
type compareResolvedMsg struct {
	answer
	query   string
	account Account
	mine    *titleSet // the user's list the union was built from
	their   *titleSet
	set     *titleSet // the union, for the titles view
	// started records the titles whose other-account trophies a view already asked for, so the
	// views of one title (groups below trophies) send one request between them.
	started map[string]bool
}

// compareBuiltMsg answers buildCompare: the union rebuilt after one of the two lists changed.
type compareBuiltMsg struct {
	id  uint64
	set *titleSet
}

// compareEndedMsg tells every view that compare mode ended.
type compareEndedMsg struct{}

// lookupError is a compare target that cannot be compared, worded for the one-line message.
type lookupError struct {
	msg string
	err error
}

func (e *lookupError) Error() string { return e.msg }
func (e *lookupError) Unwrap() error { return e.err }

// compareError words why an account cannot be compared: unknown, private, or what errorLine says.
func compareError(name string, err error) error {
	var api *psnapi.APIError
	if errors.As(err, &api) {
		switch api.Kind {
		case psnapi.KindNotFound, psnapi.KindBadRequest:
			if psnapi.IsAccountID(name) {
				return &lookupError{"no PSN account with ID " + name, err}
			}
			return &lookupError{"no PSN user named " + name, err}
		case psnapi.KindForbidden:
			return &lookupError{name + "’s trophies are private", err}
		}
	}
	return &lookupError{"compare with " + name + ": " + errorLine(err), err}
}

// resolveCompare looks the account up, reads its title list (a private account resolves but its
// list answers 403), builds the union with the user's list and remembers the name in the config.
func resolveCompare(e env, id uint64, query string, self Account, mine *titleSet) tea.Cmd {
	return func() tea.Msg {
		m := compareResolvedMsg{answer: answer{id: id}, query: query, mine: mine}
		acct, err := e.lib.ResolveUser(e.ctx, query)
		if err != nil {
			m.err = compareError(query, err)
			return m
		}
		name := clean(acct.OnlineID)
		if name == "" {
			name = query
		}
		if acct.ID == "me" || acct.ID == self.ID || strings.EqualFold(name, self.Name) {
			m.err = &lookupError{msg: name + " is you: compare with another account"}
			return m
		}
		list, err := e.lib.RefreshTitles(e.ctx, acct.ID)
		e.snapshot(&m.answer)
		if err != nil {
			m.err = compareError(name, err)
			return m
		}
		m.stale, m.fetchedAt = list.Offline, list.FetchedAt
		m.account = Account{ID: acct.ID, Name: name}
		m.their = buildTitleRows(list.Titles, e.now)
		m.their.fetchedAt = list.FetchedAt
		m.set = buildCompareRows(mine, m.their)
		if cfg := e.lib.Config(); cfg.CompareUser != query {
			cfg.CompareUser = query
			_ = e.lib.SaveConfig(cfg) // remembering the name is a convenience; comparing works without it
		}
		return m
	}
}

// buildCompare rebuilds the union after one of the lists changed.
func buildCompare(id uint64, mine, their *titleSet) tea.Cmd {
	return func() tea.Msg { return compareBuiltMsg{id: id, set: buildCompareRows(mine, their)} }
}

// buildCompareRows makes the union of two title lists by npCommunicationId: the user's rows first
// (their own title entry), then the titles only the other account has (its entry). Rows are copied,
// not cleaned again. It runs inside commands.
func buildCompareRows(mine, their *titleSet) *titleSet {
	if mine == nil {
		mine = &titleSet{}
	}
	if their == nil {
		their = &titleSet{}
	}
	idx := make(map[string]int32, len(their.rows))
	for j := range their.rows {
		idx[their.rows[j].t.NPCommunicationID] = int32(j)
	}
	n := len(mine.rows) + len(their.rows)
	set := &titleSet{compare: true, their: their, theirIdx: idx, fetchedAt: mine.fetchedAt,
		rows: make([]titleRow, 0, n), keys: make([]string, 0, n), flags: make([]uint16, 0, n),
		gradeW: [4]int{1, 1, 1, 1}, platW: max(8, mine.platW, their.platW)}
	for g := range 4 {
		set.gradeW[g] = max(1, mine.gradeW[g], their.gradeW[g])
	}
	have := make(map[string]struct{}, len(mine.rows))
	for i := range mine.rows {
		r := mine.rows[i]
		id := r.t.NPCommunicationID
		have[id] = struct{}{}
		r.side, r.fi = sideMine, -1
		f := mine.flags[i] | flagMine
		if j, ok := idx[id]; ok {
			r.side |= sideTheirs
			r.fi = j
			f |= flagTheirs
		}
		set.rows = append(set.rows, r)
		set.keys = append(set.keys, mine.keys[i])
		set.flags = append(set.flags, f)
	}
	for j := range their.rows {
		if _, ok := have[their.rows[j].t.NPCommunicationID]; ok {
			continue
		}
		r := their.rows[j]
		r.side, r.fi = sideTheirs, int32(j)
		set.rows = append(set.rows, r)
		set.keys = append(set.keys, their.keys[j])
		// f and the completion filter are about the user's progress: 0 on a title never played.
		set.flags = append(set.flags, their.flags[j]&^flagComplete|flagTheirs)
	}
	present := 0
	set.cgw = [2][4]int{{1, 1, 1, 1}, {1, 1, 1, 1}}
	for i := range set.rows {
		r := &set.rows[i]
		present |= r.plats
		mp, tp := set.progress(r)
		r.delta = max(0, mp) - max(0, tp)
		if r.side&sideMine != 0 {
			for g, grade := range gradeOrder {
				set.cgw[0][g] = max(set.cgw[0][g], digits(r.t.EarnedTrophies.Of(grade)))
			}
		}
		if r.fi >= 0 {
			te := their.rows[r.fi].t.EarnedTrophies
			for g, grade := range gradeOrder {
				set.cgw[1][g] = max(set.cgw[1][g], digits(te.Of(grade)))
			}
		}
		switch {
		case r.side == sideMine|sideTheirs:
			set.common++
			if r.delta > 0 {
				set.youLead++
			} else if r.delta < 0 {
				set.theyLead++
			}
		case r.side == sideMine:
			set.onlyMine++
		default:
			set.onlyTheirs++
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

func digits(n int) int { return len(strconv.Itoa(n)) }

// progress is the user's and the other account's progress on a compare row, -1 for a side that
// never played the title.
func (s *titleSet) progress(r *titleRow) (mine, theirs int) {
	mine, theirs = -1, -1
	if r.side&sideMine != 0 {
		mine = r.t.Progress
	}
	if r.fi >= 0 && s.their != nil {
		theirs = s.their.rows[r.fi].t.Progress
	}
	return mine, theirs
}

// theirTitle is the other account's entry of a title, if it played it.
func (s *titleSet) theirTitle(npCommID string) (*psnapi.TrophyTitle, bool) {
	if s == nil || s.their == nil {
		return nil, false
	}
	j, ok := s.theirIdx[npCommID]
	if !ok {
		return nil, false
	}
	t := s.their.rows[j].t
	return &t, true
}

// sortOrders computes every sort order of the set once (plain sets have no difference order).
func (s *titleSet) sortOrders() {
	rows := s.rows
	for by := range numTitleSorts {
		if by == sortDiff && !s.compare {
			continue
		}
		o := make([]int, len(rows))
		for i := range o {
			o[i] = i
		}
		var less func(a, b int) bool
		switch by {
		case sortLastPlayed:
			less = func(a, b int) bool { return rows[a].t.LastUpdatedDateTime.After(rows[b].t.LastUpdatedDateTime) }
		case sortName:
			less = func(a, b int) bool { return rows[a].key < rows[b].key }
		case sortProgress:
			less = func(a, b int) bool { return s.mineOf(a, rows[a].t.Progress) > s.mineOf(b, rows[b].t.Progress) }
		case sortPlatform:
			less = func(a, b int) bool {
				if rows[a].platform != rows[b].platform {
					return rows[a].platform < rows[b].platform
				}
				return rows[a].key < rows[b].key
			}
		case sortEarned:
			less = func(a, b int) bool { return s.mineOf(a, rows[a].earned) > s.mineOf(b, rows[b].earned) }
		case sortDiff:
			// Where the other account leads most first; ties by name.
			less = func(a, b int) bool {
				if rows[a].delta != rows[b].delta {
					return rows[a].delta < rows[b].delta
				}
				return rows[a].key < rows[b].key
			}
		}
		sort.SliceStable(o, func(i, j int) bool { return less(o[i], o[j]) })
		s.orders[by] = o
	}
}

// mineOf is v for a row the user played, -1 for a title only the other account has.
func (s *titleSet) mineOf(i, v int) int {
	if s.compare && s.rows[i].side&sideMine == 0 {
		return -1
	}
	return v
}

// versus is a title view's compare state: the other account's trophies of the title.
type versus struct {
	on      bool        // comparing and the other account played the title
	other   titleLoader // the other account's trophies
	notMine bool        // the user never played the title: its data is derived from theirs
	byID    map[int]int // trophy id → index in other.data.trophies
	groups  map[string]int
}

// newVersus prepares the compare state of a title view; their is the other account's entry.
func newVersus(c *Common, their *psnapi.TrophyTitle, notMine bool) versus {
	if c.Compare == nil || their == nil {
		return versus{notMine: notMine && c.Compare != nil}
	}
	return versus{on: true, notMine: notMine, other: titleLoader{c: c, account: c.Compare.ID, title: *their}}
}

// startFor starts loading unless another view of the title already asked (then its answer is taken).
func (vs *versus) startFor(started map[string]bool) tea.Cmd {
	if !vs.on {
		return nil
	}
	id := vs.other.title.NPCommunicationID
	if started != nil && started[id] {
		return nil
	}
	if started != nil {
		started[id] = true
	}
	return vs.other.start()
}

// update applies an answer about the other account's trophies; for a title the user never played it
// also derives the user's (nothing earned) data from it. It reports whether anything changed.
func (vs *versus) update(m trophiesLoadedMsg, mine *titleLoader) bool {
	if !vs.on || !vs.other.update(m) {
		if vs.on && vs.notMine && m.account == vs.other.acct() && vs.other.err != "" {
			mine.err = vs.other.err
			return true
		}
		return false
	}
	d := vs.other.data
	vs.byID = make(map[int]int, len(d.trophies))
	for i := range d.trophies {
		vs.byID[d.trophies[i].id] = i
	}
	vs.groups = make(map[string]int, len(d.groups))
	for i := range d.groups {
		vs.groups[d.groups[i].id] = i
	}
	if vs.notMine {
		mine.data, mine.err = unearned(d), ""
	}
	return true
}

// their is the other account's row of a trophy (nil: not loaded, or they never played the title).
func (vs *versus) their(id int) *trophyRow {
	if !vs.on || vs.other.data == nil {
		return nil
	}
	if i, ok := vs.byID[id]; ok {
		return &vs.other.data.trophies[i]
	}
	return nil
}

// theirGroup is the other account's row of a trophy group.
func (vs *versus) theirGroup(id string) *groupRow {
	if !vs.on || vs.other.data == nil {
		return nil
	}
	if i, ok := vs.groups[id]; ok {
		return &vs.other.data.groups[i]
	}
	return nil
}

// unearned is a title's data as seen by someone who never played it: the definitions, nothing
// earned, hidden trophies hidden.
func unearned(d *titleData) *titleData {
	out := *d
	out.title.EarnedTrophies = psnapi.TrophyCounts{}
	out.title.Progress = 0
	out.groups = make([]groupRow, len(d.groups))
	for i, g := range d.groups {
		g.earned, g.progress = psnapi.TrophyCounts{}, 0
		for j, grade := range gradeOrder {
			g.grades[j] = gradeCell(0, g.defined.Of(grade))
		}
		out.groups[i] = g
	}
	out.trophies = make([]trophyRow, len(d.trophies))
	for i, t := range d.trophies {
		t.earned, t.earnedAt, t.progress = false, time.Time{}, 0
		t.hidden = t.tr.TrophyHidden
		t.tr.Status.Earned, t.tr.Status.EarnedDateTime = false, time.Time{}
		out.trophies[i] = t
	}
	return &out
}

// displayName is the account part of the status bar: "FakeHunter vs TrophyFriend" in compare mode.
func (c *Common) displayName() string {
	if c.Compare != nil {
		return c.Name + " vs " + c.Compare.Name
	}
	return c.Name
}

// compareKey is the help of c: enter or leave compare mode.
func (c *Common) compareKey() key.Binding {
	if c.Compare != nil {
		return withHelp(c.Keys.Compare, "leave compare")
	}
	return c.Keys.Compare
}

// comparePrompt is the one-line input c opens in place of the help line.
type comparePrompt struct {
	input  textinput.Model
	active bool
	pend   uint64 // the lookup running
	query  string
}

func newComparePrompt() comparePrompt {
	in := textinput.New()
	in.Prompt = "compare with: "
	in.Placeholder = "online ID or account ID"
	in.Cursor.SetMode(cursor.CursorStatic)
	in.CharLimit = 64
	return comparePrompt{input: in}
}

// openPrompt starts typing the account to compare with, prefilled with the last one.
func (m *Model) openPrompt() tea.Cmd {
	m.prompt.active = true
	m.prompt.input.SetValue(m.c.lastCompare)
	m.prompt.input.CursorEnd()
	m.c.Keys.setTyping(true)
	m.relayout()
	return m.prompt.input.Focus()
}

func (m *Model) closePrompt() {
	m.prompt.active = false
	m.prompt.input.Blur()
	m.c.Keys.setTyping(false)
	m.relayout()
}

// promptKey handles a key while the prompt has focus: enter looks the account up, esc cancels,
// everything else edits the input.
func (m *Model) promptKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEnter:
		q := strings.TrimSpace(m.prompt.input.Value())
		m.closePrompt()
		if q == "" {
			return nil
		}
		return tea.Batch(m.startCompare(q), m.status.setNote(m.c, "looking up "+clean(q)+"…"))
	case tea.KeyEsc:
		m.closePrompt()
		return nil
	}
	var cmd tea.Cmd
	m.prompt.input, cmd = m.prompt.input.Update(msg)
	m.renderChrome()
	return cmd
}

// startCompare looks up q in a command; the answer enters compare mode or says why not.
func (m *Model) startCompare(q string) tea.Cmd {
	m.prompt.pend = m.c.newID()
	m.prompt.query = q
	m.c.track(m.prompt.pend, "compare")
	var mine *titleSet
	if tv, ok := m.stack[0].(*titlesView); ok {
		mine = tv.plain
	}
	return resolveCompare(m.c.env(), m.prompt.pend, q, Account{ID: m.c.Account, Name: m.c.Name}, mine)
}

// onCompareResolved enters compare mode, or shows in one line why it cannot.
func (m *Model) onCompareResolved(msg compareResolvedMsg) tea.Cmd {
	if msg.id != m.prompt.pend {
		return nil
	}
	m.prompt.pend = 0
	if msg.err != nil {
		return m.status.setWarn(m.c, clean(msg.err.Error()))
	}
	m.c.lastCompare = msg.query
	m.c.Compare = &msg.account
	msg.started = map[string]bool{}
	var cmds []tea.Cmd
	for i, v := range m.stack {
		nv, cmd := v.Update(msg)
		m.stack[i] = nv
		cmds = append(cmds, cmd)
	}
	m.relayout()
	cmds = append(cmds, m.status.setNote(m.c, "comparing with "+msg.account.Name))
	return tea.Batch(cmds...)
}

// leaveCompare ends compare mode in every view at once.
func (m *Model) leaveCompare() tea.Cmd {
	m.c.Compare = nil
	m.prompt.pend = 0
	for i, v := range m.stack {
		nv, _ := v.Update(compareEndedMsg{})
		m.stack[i] = nv
	}
	m.relayout()
	return m.status.setNote(m.c, "compare mode off")
}

// takeMine takes a new list of the user's titles: shown at once, or in compare mode merged with
// theirs in a command first.
func (v *titlesView) takeMine(set *titleSet) tea.Cmd {
	v.plain = set
	if v.c.Compare == nil || v.their == nil {
		v.apply(set)
		return nil
	}
	return v.rebuildCompare()
}

func (v *titlesView) rebuildCompare() tea.Cmd {
	v.cmpPend = v.c.newID()
	return buildCompare(v.cmpPend, v.plain, v.their)
}

// enterCompare shows the union, sorted by difference.
func (v *titlesView) enterCompare(m compareResolvedMsg) tea.Cmd {
	v.their = m.their
	if v.set == nil || !v.set.compare {
		v.plainSort, v.plainRev = v.sortBy, v.reverse
	}
	v.sortBy, v.reverse, v.cmpShow = sortDiff, false, cmpAll
	v.apply(m.set)
	// A new list in a new order: start at its top, where the other account leads most.
	v.placeCursor(0, nil)
	v.loaded = v.loaded || m.mine == nil
	if m.mine != v.plain {
		// Our list changed while the lookup ran.
		return v.rebuildCompare()
	}
	return nil
}

func (v *titlesView) leaveCompare() {
	v.their, v.cmpPend = nil, 0
	if v.set != nil && v.set.compare {
		v.sortBy, v.reverse = v.plainSort, v.plainRev
	}
	v.cmpShow = cmpAll
	if v.plain != nil {
		v.apply(v.plain)
		return
	}
	v.set, v.rows, v.order = nil, nil, nil
	clear(v.lines)
	v.layout()
}

// openMsg opens a title; in compare mode it says whose it is.
func (v *titlesView) openMsg(i int) openTitleMsg {
	r := &v.rows[i]
	m := openTitleMsg{title: r.t}
	if v.set.compare {
		if r.fi >= 0 {
			t := v.set.their.rows[r.fi].t
			m.their = &t
		}
		m.notMine = r.side&sideMine == 0
	}
	return m
}

// Column indices of the compare table.
const (
	ccName = iota
	ccMyBar
	ccMyPct
	ccMyGrades
	ccTheirBar
	ccTheirPct
	ccTheirGrades
	ccDelta
)

func gradesWidth(gw [4]int) int { return gw[0] + gw[1] + gw[2] + gw[3] + 3 }

func (v *titlesView) layoutCompare() {
	set := v.set
	v.cols = []column{
		{title: "Title", flex: true},
		{title: "You", width: 10, drop: 5},
		{title: "", width: 4, right: true},
		{title: "", width: gradesWidth(set.cgw[0]), right: true, drop: 7},
		{title: v.c.compareName(), width: 10, drop: 4},
		{title: "", width: 4, right: true},
		{title: "", width: gradesWidth(set.cgw[1]), right: true, drop: 6},
		{title: "Δ", width: 9, drop: 3},
	}
	v.widths = layout(v.cols, v.w, max(16, min(28, v.w/3)))
	pairDrop(v.widths, ccName, ccMyBar, ccTheirBar)
	pairDrop(v.widths, ccName, ccMyGrades, ccTheirGrades)
	v.finishLayout(v.compareHeader())
}

func (c *Common) compareName() string {
	if c.Compare == nil {
		return ""
	}
	return c.Compare.Name
}

func (v *titlesView) compareHeader() string {
	s := v.c.Styles
	var b strings.Builder
	b.WriteString("  ")
	first := true
	for i, c := range v.cols {
		w := v.widths[i]
		if w == 0 {
			continue
		}
		if (i == ccMyPct || i == ccTheirPct) && v.widths[i-1] > 0 {
			continue // written with the bar
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		switch i {
		case ccMyGrades:
			b.WriteString(gradeLetters(s, v.set.cgw[0]))
		case ccTheirGrades:
			b.WriteString(gradeLetters(s, v.set.cgw[1]))
		case ccMyBar, ccTheirBar:
			// The account's name spans the bar and the percentage.
			b.WriteString(s.Header.Render(fit(c.title, w+1+v.widths[i+1])))
		case ccMyPct, ccTheirPct:
			b.WriteString(s.Header.Render(fitRight(v.cols[i-1].title, w)))
		default:
			b.WriteString(s.Header.Render(fit(c.title, w)))
		}
	}
	return b.String()
}

func (v *titlesView) compareHeading() string {
	s := v.c.Styles
	set := v.set
	parts := []string{s.Heading.Render(v.c.displayName()),
		commas(set.common) + " in common",
		"you lead " + commas(set.youLead),
		"they lead " + commas(set.theyLead)}
	return truncate(" "+strings.Join(parts, s.Faint.Render(" · ")), v.w)
}

// renderCompareRow is one title of the union: both progress bars, both grade counts, the difference.
func (v *titlesView) renderCompareRow(i int, selected bool) string {
	p := &v.c.Styles.P
	set := v.set
	r := &v.rows[i]
	st := func(pt paint, text string) string {
		if selected {
			return text
		}
		return pt.on(text)
	}
	var b strings.Builder
	b.Grow(v.w + 96)
	nw := v.widths[ccName]
	if r.t.HiddenFlag && nw >= 14 {
		b.WriteString(fitW(r.name, r.nameW, nw-7))
		b.WriteString(" ")
		b.WriteString(st(p.Hidden, "hidden"))
	} else {
		b.WriteString(fitW(r.name, r.nameW, nw))
	}
	mine, theirs := set.progress(r)
	side := func(prog int, counts psnapi.TrophyCounts, bi, pi, gi int, gw [4]int) {
		barW, pctW, grW := v.widths[bi], v.widths[pi], v.widths[gi]
		if prog < 0 {
			// Never played: one faint note over the bar and percentage, nothing under the grades.
			w := pctW
			if barW > 0 {
				w += barW + 1
			}
			txt := "–"
			if w >= 13 {
				txt = "–  not played"
			}
			b.WriteByte(' ')
			b.WriteString(st(p.Faint, fitRight(txt, w)))
			if grW > 0 {
				b.WriteByte(' ')
				b.WriteString(spaces(grW))
			}
			return
		}
		if barW > 0 {
			bp := p.Bar
			if prog >= 100 {
				bp = p.BarDone
			}
			b.WriteByte(' ')
			b.WriteString(st(bp, bar(prog, barW)))
		}
		b.WriteByte(' ')
		b.WriteString(fitRight(strconv.Itoa(prog)+"%", pctW))
		if grW > 0 {
			b.WriteByte(' ')
			for g, grade := range gradeOrder {
				if g > 0 {
					b.WriteByte(' ')
				}
				n := strconv.Itoa(counts.Of(grade))
				txt := spaces(gw[g]-len(n)) + n
				if n == "0" {
					b.WriteString(st(p.Faint, txt))
				} else {
					b.WriteString(st(p.Grade[g], txt))
				}
			}
		}
	}
	side(mine, r.t.EarnedTrophies, ccMyBar, ccMyPct, ccMyGrades, set.cgw[0])
	var te psnapi.TrophyCounts
	if r.fi >= 0 {
		te = set.their.rows[r.fi].t.EarnedTrophies
	}
	side(theirs, te, ccTheirBar, ccTheirPct, ccTheirGrades, set.cgw[1])
	if w := v.widths[ccDelta]; w > 0 {
		b.WriteByte(' ')
		txt, pt := deltaText(r, mine, theirs, p)
		b.WriteString(st(pt, fit(txt, w)))
	}
	if selected {
		return p.Marker.on("▸") + " " + p.Selected.on(b.String())
	}
	return "  " + b.String()
}

// deltaText is the Δ cell: the difference in points of progress and who is ahead.
func deltaText(r *titleRow, mine, theirs int, p *rowPaints) (string, paint) {
	switch {
	case mine < 0:
		return "them", p.Warn
	case theirs < 0:
		return "you", p.Earned
	case r.delta > 0:
		return "+" + strconv.Itoa(r.delta) + " you", p.Earned
	case r.delta < 0:
		return "−" + strconv.Itoa(-r.delta) + " them", p.Warn
	}
	return "= tie", p.Faint
}

// canCompare: compare mode needs the title list at the bottom of the stack (not the login screen).
func (m *Model) canCompare() bool {
	_, ok := m.stack[0].(*titlesView)
	return ok && m.c.Lib != nil
}

// reload is r on a title view: the user's side and, when comparing, the other account's.
func (vs *versus) reload(mine *titleLoader) tea.Cmd {
	var cmds []tea.Cmd
	if !vs.notMine && mine.pendNet == 0 {
		cmds = append(cmds, mine.reload())
	}
	if vs.on && vs.other.pendNet == 0 {
		cmds = append(cmds, vs.other.reload())
	}
	return tea.Batch(cmds...)
}

// pairDrop keeps the two accounts' columns symmetric: when layout kept only one of a pair, the other
// goes too and the flexible column takes its room.
func pairDrop(widths []int, flex, a, b int) {
	if (widths[a] == 0) == (widths[b] == 0) {
		return
	}
	for _, i := range []int{a, b} {
		if widths[i] > 0 {
			widths[flex] += widths[i] + 1
			widths[i] = 0
		}
	}
}
