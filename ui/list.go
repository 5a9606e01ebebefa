package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// listRows is what a list view supplies to its list: its rows, by index. The list never holds the
// rows themselves, only indices into them, so one list serves titles, groups, trophies and more.
type listRows interface {
	// len is the number of rows.
	len() int
	// sorted is every row in sort order by (an index into the list's sort names); nil means the
	// rows' own order. The list asks once per order after setRows and keeps the answer.
	sorted(by int) []int
	// filter is the rows to list: the view's own filters (f, p, e, tab) and the typed query
	// (folded, "" when none), as one predicate built once per change and called for every row. Nil
	// lists every row.
	filter(query string) func(i int) bool
	// row renders row i's cells for the list's widths, without the cursor marker; the selected row
	// is drawn without colours (the list shows it reversed as a whole).
	row(i int, selected bool) string
	// empty is the line shown when no row is listed: loading, an error, nothing yet, nothing matches.
	empty() string
	// footer is the line under the rows while no query is typed or kept ("" for none); list.count
	// and list.sorting word its usual parts.
	footer() string
}

// narrower is implemented by rows whose query language is not plain substring matching: it says
// whether every row matching q also matches prev, so typing q only re-checks prev's matches. Without
// it a query containing the previous one narrows (right for substring matches only).
type narrower interface {
	narrows(prev, q string) bool
}

// querier is implemented by rows whose query runs elsewhere (the store's query language, in a
// command): the list hands it every change of the typed text, raw, instead of filtering by it, and
// its footer shows queryStatus instead of a count. setQuery("") must need no command (esc clears a
// query where no command can be returned): keep the unqueried rows at hand.
type querier interface {
	setQuery(raw string) tea.Cmd
	queryStatus() string
}

// separated is implemented by rows some of which only separate others (a day's heading in recent
// trophies): the cursor steps over them and counts leave them out.
type separated interface {
	separator(i int) bool
}

// list is the machinery every list view shares: a cursor that scrolls (only visible rows are
// rendered, and unselected rows are kept rendered between keystrokes), a / filter typed into an
// input, sort orders cycled with s and reversed with S, columns that drop when narrow, the column
// header and the footer. A view keeps its rows, supplies them through listRows, and handles only its
// own keys: list.Update first, then the view's switch.
type list struct {
	c    *Common
	rows listRows
	// noun and nouns word the footer's count ("1 title", "300 titles").
	noun, nouns string
	// sorts names the sort orders s cycles through; none: the view does not sort.
	sorts   []string
	sortBy  int
	reverse bool

	w, h     int    // the list's part of the view: column header, rows, footer
	ruled    bool   // a rule above the footer (the title list, when tall enough)
	ruleLine string // that rule, rendered for the width

	cols    []column
	widths  []int // from fitColumns; 0 for dropped columns
	colHead string
	fits    bool // a row of this layout fits the width: rows need no measuring

	n      int
	orders [][]int // base orders by sort, asked for lazily
	order  []int   // listed rows: filtered, in display order
	cur    scroller

	input textinput.Model
	raw   string       // the typed text last handed to a querier
	query string       // folded filter text
	steps []filterStep // earlier queries of this typing session and their matches: backspace restores
	fold  *folder

	// Rendered rows, kept between keystrokes: lines holds unselected rows of the current layout and
	// data by row index, sel the selected row. ready says they cover what is on screen: every change
	// clears it, list.Update renders what is missing (prepare), and View renders afresh until then.
	lines map[int]string
	sel   string
	ready bool
	epoch int // Common.epoch the lines were rendered at
}

// filterStep is a query typed earlier and the rows it matched.
type filterStep struct {
	query string
	order []int
}

// newList builds a list over rows; placeholder is the filter input's hint ("filter by name").
func newList(c *Common, rows listRows, noun, nouns, placeholder string, sorts ...string) *list {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = placeholder
	in.Cursor.SetMode(cursor.CursorStatic)
	return &list{c: c, rows: rows, noun: noun, nouns: nouns, sorts: sorts, input: in, fold: newFolder(),
		lines: map[int]string{}, epoch: c.epoch}
}

// typing reports whether the filter input has focus (every letter goes to it).
func (l *list) typing() bool { return l.input.Focused() }

// filtered reports whether a query is typed or kept.
func (l *list) filtered() bool { return l.input.Focused() || l.input.Value() != "" }

// selected is the row under the cursor, or -1.
func (l *list) selected() int {
	if l.cur.pos < 0 || l.cur.pos >= len(l.order) {
		return -1
	}
	return l.order[l.cur.pos]
}

// Update handles the keys every list shares: moving, /, typing into the filter, s and S. It reports
// whether it took msg; the view handles the rest. The rows on screen are rendered before it returns.
func (l *list) Update(msg tea.Msg) (tea.Cmd, bool) {
	cmd, ok := l.update(msg)
	if ok {
		l.prepare()
	}
	return cmd, ok
}

func (l *list) update(msg tea.Msg) (tea.Cmd, bool) {
	k := l.c.Keys
	if km, ok := msg.(tea.KeyMsg); ok && l.input.Focused() {
		return l.typeKey(km), true
	}
	if c, ok := l.cur.navigate(msg, k); ok {
		dir := c.pos - l.cur.pos
		l.cur, l.ready = c, false
		l.settle(dir)
		return nil, true
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil, false
	}
	switch {
	case key.Matches(km, k.Filter):
		k.setTyping(true)
		return l.input.Focus(), true
	case key.Matches(km, k.Sort) && len(l.sorts) > 1:
		l.sortBy = (l.sortBy + 1) % len(l.sorts)
		l.reverse = false
		l.refilter()
	case key.Matches(km, k.Reverse) && len(l.sorts) > 0:
		l.reverse = !l.reverse
		l.refilter()
	default:
		return nil, false
	}
	return nil, true
}

// typeKey edits the filter: enter keeps it, esc clears it, arrows still move the cursor.
func (l *list) typeKey(msg tea.KeyMsg) tea.Cmd {
	k := l.c.Keys
	switch msg.Type {
	case tea.KeyEnter:
		l.input.Blur()
		k.setTyping(false)
		return nil
	case tea.KeyEsc:
		l.input.Blur()
		k.setTyping(false)
		l.clearQuery()
		return nil
	case tea.KeyUp, tea.KeyDown, tea.KeyPgUp, tea.KeyPgDown, tea.KeyCtrlN, tea.KeyCtrlP:
		k.setTyping(false)
		c, _ := l.cur.navigate(msg, k)
		dir := c.pos - l.cur.pos
		l.cur = c
		k.setTyping(true)
		l.ready = false
		l.settle(dir)
		return nil
	}
	var cmd tea.Cmd
	l.input, cmd = l.input.Update(msg)
	if q, ok := l.rows.(querier); ok {
		if raw := l.input.Value(); raw != l.raw {
			l.raw = raw
			return tea.Batch(cmd, q.setQuery(raw))
		}
		return cmd
	}
	if q := l.fold.fold(l.input.Value()); q != l.query {
		l.setQuery(q)
	}
	return cmd
}

// focusInput gives the filter input the focus (a search view opens typing).
func (l *list) focusInput() tea.Cmd {
	l.c.Keys.setTyping(true)
	return l.input.Focus()
}

// settle takes the cursor off a separator row: on in the direction it moved (dir > 0 down, < 0
// up, 0 down), else back.
func (l *list) settle(dir int) {
	s, ok := l.rows.(separated)
	if !ok || l.cur.pos < 0 || l.cur.pos >= len(l.order) || !s.separator(l.order[l.cur.pos]) {
		return
	}
	step := 1
	if dir < 0 {
		step = -1
	}
	for _, st := range []int{step, -step} {
		for p := l.cur.pos + st; p >= 0 && p < len(l.order); p += st {
			if !s.separator(l.order[p]) {
				l.cur.pos = p
				l.cur = l.cur.clamp()
				return
			}
		}
	}
}

// back is esc when no input has focus: it clears a kept filter and reports whether it did.
func (l *list) back() bool {
	if l.query == "" && l.input.Value() == "" {
		return false
	}
	l.clearQuery()
	return true
}

func (l *list) clearQuery() {
	l.input.SetValue("")
	if q, ok := l.rows.(querier); ok {
		if l.raw != "" {
			l.raw = ""
			q.setQuery("")
		}
		return
	}
	l.query = ""
	l.refilter()
}

// setQuery filters by a new query. A narrower query only re-checks the rows the previous one
// matched; a query typed earlier in this session (backspace) gets its matches back without a scan.
func (l *list) setQuery(q string) {
	sel := l.selected()
	isSel := func(i int) bool { return i == sel }
	for j := len(l.steps) - 1; j >= 0; j-- {
		if l.steps[j].query == q {
			l.query, l.order = q, l.steps[j].order
			l.steps = l.steps[:j]
			l.place(-1, isSel)
			return
		}
	}
	if l.query == "" && q != "" || l.query != "" && q != "" && l.narrows(l.query, q) {
		l.steps = append(l.steps, filterStep{query: l.query, order: l.order})
		l.query = q
		l.rebuild(true, isSel)
		return
	}
	l.query = q
	l.steps = nil
	l.rebuild(false, isSel)
}

func (l *list) narrows(prev, q string) bool {
	if n, ok := l.rows.(narrower); ok {
		return n.narrows(prev, q)
	}
	return strings.Contains(q, prev)
}

// setRows takes new rows (new data): orders are asked again, the cursor goes to the row isSel
// picks (nil or none: the top). It reports whether isSel found a listed row.
func (l *list) setRows(isSel func(i int) bool) bool {
	l.n = l.rows.len()
	l.orders = nil
	l.steps = nil
	clear(l.lines)
	l.ready = false
	l.order = nil
	return l.rebuild(false, isSel)
}

// refilter applies changed filters or sort order to the same rows; the cursor stays on the
// selected row while it is listed, else goes to the top.
func (l *list) refilter() {
	sel := l.selected()
	l.steps = nil
	l.rebuild(false, func(i int) bool { return i == sel })
}

// focus puts the cursor on the listed row isSel picks and reports whether there was one.
func (l *list) focus(isSel func(i int) bool) bool {
	for p, i := range l.order {
		if isSel(i) {
			l.place(p, nil)
			return true
		}
	}
	return false
}

// top puts the cursor on the first row.
func (l *list) top() { l.place(0, nil) }

// base is the sort order in use, before filters and reversal.
func (l *list) base() []int {
	by := 0
	if len(l.sorts) > 0 {
		by = min(max(l.sortBy, 0), len(l.sorts)-1)
	}
	if l.orders == nil {
		l.orders = make([][]int, max(1, len(l.sorts)))
	}
	if l.orders[by] == nil {
		o := l.rows.sorted(by)
		if o == nil {
			o = make([]int, l.n)
			for i := range o {
				o[i] = i
			}
		}
		l.orders[by] = o
	}
	return l.orders[by]
}

// rebuild lists the rows the filter lets through, in sort order (reversed by S); narrowing only
// re-checks the rows listed already. The cursor goes to the row isSel picks, else to the top.
func (l *list) rebuild(narrowing bool, isSel func(int) bool) bool {
	keep := l.rows.filter(l.query)
	pos := -1
	if narrowing && l.order != nil {
		out := make([]int, 0, len(l.order)/2)
		for _, i := range l.order {
			if keep == nil || keep(i) {
				if pos < 0 && isSel != nil && isSel(i) {
					pos = len(out)
				}
				out = append(out, i)
			}
		}
		l.order = out
	} else {
		base := l.base()
		n := len(base)
		out := make([]int, 0, n)
		for j := range n {
			i := base[j]
			if l.reverse {
				i = base[n-1-j]
			}
			if keep == nil || keep(i) {
				if pos < 0 && isSel != nil && isSel(i) {
					pos = len(out)
				}
				out = append(out, i)
			}
		}
		l.order = out
	}
	l.place(pos, nil)
	return pos >= 0
}

// place puts the cursor at pos, or (pos < 0) on the row isSel finds, else at the top.
func (l *list) place(pos int, isSel func(int) bool) {
	if pos < 0 && isSel != nil {
		for p, i := range l.order {
			if isSel(i) {
				pos = p
				break
			}
		}
	}
	c := l.cur.resize(len(l.order), l.rowsHeight())
	if pos >= 0 {
		c.pos = pos
	} else {
		c.pos, c.offset = 0, 0
	}
	l.cur = c.clamp()
	l.ready = false
	l.settle(1)
}

// rowsHeight is the room for rows: the list's height minus the column header, the footer and the
// rule above it.
func (l *list) rowsHeight() int { return max(0, l.h-2-b2i(l.ruled)) }

// SetSize sets the list's part of the view; the view lays out its columns (setColumns) after.
func (l *list) SetSize(w, h int) {
	l.w, l.h = w, max(0, h)
	l.ruleLine = " " + rule(l.c.Styles, w-2)
	l.input.Width = max(1, w-24)
	l.cur = l.cur.resize(len(l.order), l.rowsHeight())
	clear(l.lines)
	l.ready = false
}

// setColumns lays the columns out for the width (fitColumns) and renders their header.
func (l *list) setColumns(cols []column, minFlex int) {
	l.cols = cols
	l.widths = fitColumns(cols, l.w, minFlex)
	w, n := 2, 0
	for _, cw := range l.widths {
		if cw > 0 {
			w += cw
			n++
		}
	}
	l.fits = w+max(0, n-1) <= l.w
	l.colHead = truncate(columnHeader(l.c.Styles, cols, l.widths), l.w)
	clear(l.lines)
	l.ready = false
}

// render draws row i with the cursor marker: the selected row reversed as a whole.
func (l *list) render(i int, selected bool) string {
	p := &l.c.Styles.P
	var s string
	if selected {
		s = p.Marker.on("▸") + " " + p.Selected.on(l.rows.row(i, true))
	} else {
		s = "  " + l.rows.row(i, false)
	}
	if !l.fits {
		s = truncate(s, l.w)
	}
	return s
}

// prepare renders the visible rows not rendered yet, so View only joins strings. Anything outside
// the list that changes how rows look (reveal, Game Help markers) moves Common.epoch: the kept rows
// go.
func (l *list) prepare() {
	if l.epoch != l.c.epoch || len(l.lines) > 8*max(1, l.cur.height)+64 {
		clear(l.lines)
		l.epoch = l.c.epoch
	}
	from, to := l.cur.visible()
	for p := from; p < to; p++ {
		i := l.order[p]
		if _, ok := l.lines[i]; !ok {
			l.lines[i] = l.render(i, false)
		}
	}
	l.sel = ""
	if r := l.selected(); r >= 0 {
		l.sel = l.render(r, true)
	}
	l.ready = true
}

// View renders the view's top lines (its heading), then the list: the column header, the visible
// rows (or the empty line) and the footer, exactly h lines. Short windows keep the top and the rows,
// losing the footer first.
func (l *list) View(top ...string) string {
	if l.h <= 0 || l.w <= 0 {
		return strings.Join(top, "\n")
	}
	kept := l.ready && l.epoch == l.c.epoch
	lines := make([]string, 0, len(top)+l.h+1)
	lines = append(lines, top...)
	lines = append(lines, l.colHead)
	if len(l.order) > 0 {
		from, to := l.cur.visible()
		for p := from; p < to; p++ {
			i := l.order[p]
			var line string
			switch {
			case p == l.cur.pos && kept:
				line = l.sel
			case p == l.cur.pos:
				line = l.render(i, true)
			case kept:
				line = l.lines[i]
			default:
				line = l.render(i, false)
			}
			lines = append(lines, line)
		}
	} else {
		lines = append(lines, truncate(l.rows.empty(), l.w))
	}
	h := len(top) + l.h
	for len(lines) < h-1-b2i(l.ruled) {
		lines = append(lines, "")
	}
	if l.ruled {
		lines = append(lines, l.ruleLine)
	}
	lines = append(lines, l.footer())
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// footer is the filter input with its count while a query is typed or kept, else the view's line.
func (l *list) footer() string {
	if l.filtered() {
		count := commas(l.listed()) + " of " + commas(l.items())
		if q, ok := l.rows.(querier); ok {
			// The status (a query's mistake) leaves the input at least half the line.
			count = truncate(q.queryStatus(), max(1, l.w/2))
		}
		iw := max(1, l.w-width(count)-7)
		// The input pads itself to its width: cut the padding, not the text, when the count needs room.
		return truncate(" "+fit(strings.TrimRight(l.input.View(), " "), iw+3)+" "+l.c.Styles.Faint.Render(count), l.w)
	}
	f := l.rows.footer()
	if f == "" {
		return ""
	}
	return truncate(" "+f, l.w)
}

// count is the footer's "300 titles", or "12 of 300 titles" when filters hide some.
func (l *list) count() string {
	all := plural(l.items(), l.noun, l.nouns)
	if len(l.order) != l.n {
		return commas(l.listed()) + " of " + all
	}
	return all
}

// items is the number of rows that are not separators.
func (l *list) items() int {
	s, ok := l.rows.(separated)
	if !ok {
		return l.n
	}
	n := 0
	for i := range l.n {
		if !s.separator(i) {
			n++
		}
	}
	return n
}

// listed is the number of listed rows that are not separators.
func (l *list) listed() int {
	s, ok := l.rows.(separated)
	if !ok {
		return len(l.order)
	}
	n := 0
	for _, i := range l.order {
		if !s.separator(i) {
			n++
		}
	}
	return n
}

// sorting is the footer's "sorted by last played ↓" (↑ once S reversed it).
func (l *list) sorting() string {
	if len(l.sorts) == 0 {
		return ""
	}
	arrow := "↓"
	if l.reverse {
		arrow = "↑"
	}
	return "sorted by " + l.sorts[min(max(l.sortBy, 0), len(l.sorts)-1)] + " " + arrow
}

// sortHelp is s's help, naming the order in use: "s sort (rarity)".
func (l *list) sortHelp() key.Binding {
	if len(l.sorts) == 0 {
		return l.c.Keys.Sort
	}
	return withHelp(l.c.Keys.Sort, "sort ("+l.sorts[min(max(l.sortBy, 0), len(l.sorts)-1)]+")")
}

// The list is a help.KeyMap of its own keys. A view's help interleaves them with its own keys
// (moveHelp, listHelp, sortHelp) and is the list's ShortHelp while typing.
var _ help.KeyMap = (*list)(nil)

// ShortHelp is, while typing into the filter, enter, esc and ctrl+c; otherwise move, / and s.
func (l *list) ShortHelp() []key.Binding {
	k := l.c.Keys
	if l.typing() {
		return []key.Binding{k.Apply, k.Cancel, withHelp(k.ForceQuit, "quit")}
	}
	out := []key.Binding{k.Move, k.Filter}
	if len(l.sorts) > 1 {
		out = append(out, l.sortHelp())
	}
	return out
}

// FullHelp is the moving keys, then /, s and S.
func (l *list) FullHelp() [][]key.Binding { return [][]key.Binding{l.moveHelp(), l.listHelp()} }

// moveHelp is the full help's first column: the moving keys.
func (l *list) moveHelp() []key.Binding {
	k := l.c.Keys
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// listHelp is the full help of what the list does besides moving: /, and s and S when it sorts.
func (l *list) listHelp() []key.Binding {
	k := l.c.Keys
	if len(l.sorts) == 0 {
		return []key.Binding{k.Filter}
	}
	if len(l.sorts) == 1 {
		return []key.Binding{k.Filter, k.Reverse}
	}
	return []key.Binding{k.Filter, k.Sort, k.Reverse}
}

// joinCells joins pre-fitted, pre-styled cells of the kept columns with single spaces. A cell set to
// "" in a kept column whose title spans the next one (a note covering both) adds nothing, not even
// its separator.
func (l *list) joinCells(cells []string) string {
	var b strings.Builder
	b.Grow(l.w + 32)
	first := true
	for i, c := range cells {
		if l.widths[i] == 0 || c == "" && l.cols[i].span {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		b.WriteString(c)
	}
	return b.String()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
