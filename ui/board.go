package ui

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// A title's leaderboard among friends (issue 13 #2): L on a title (titles or groups view) lists you
// and every friend who played it, most progress first: progress, earned per grade, the platinum's
// date; friends who hide their trophies last, marked private. Each friend not cached yet costs one
// earned-status request (kept like any earned status, so comparing the title later costs nothing):
// the view reads the cost first (no request) and, above a handful, shows what is cached and asks
// ("12 friends · 12 requests · ok?") before spending. Rows stream in as the answers arrive; r asks
// everyone again (its cost asked the same way); enter compares with the friend under the cursor.

// openBoardMsg asks the app to push the leaderboard of a title.
type openBoardMsg struct{ title psnapi.TrophyTitle }

// boardRow is a leaderboard row cleaned and worded for display.
type boardRow struct {
	r        store.LeaderboardRow
	name     string // the online ID, cleaned; the account ID while not named
	nameW    int
	key      string // folded name, for the filter
	grades   [4]string
	platinum string // "2026-10-31", "" none
}

func buildBoardRow(r store.LeaderboardRow, f *folder) boardRow {
	b := boardRow{r: r, name: clean(r.Friend.Name())}
	if b.name == "" {
		b.name = clean(r.Friend.AccountID)
	}
	b.nameW = width(b.name)
	b.key = f.fold(b.name)
	e := r.Earned
	for g, n := range []int{e.Platinum, e.Gold, e.Silver, e.Bronze} {
		b.grades[g] = strconv.Itoa(n)
	}
	if !r.PlatinumAt.IsZero() {
		b.platinum = r.PlatinumAt.Local().Format("2006-01-02")
	}
	return b
}

// boardCostMsg answers boardCost; boardRowMsg is one row as it arrives, boardDoneMsg the end.
type boardCostMsg struct {
	answer
	refresh bool
	cost    store.LeaderboardCost
}

type boardRowMsg struct {
	id    uint64
	row   boardRow
	st    *store.Stream[store.LeaderboardRow]
	board *store.Leaderboard // written by the stream's function when it returns
	e     env
}

type boardDoneMsg struct {
	answer
	board store.Leaderboard
	rows  []boardRow
}

// boardCost tells what the leaderboard costs, without a request; when the friends list is not
// cached yet it is fetched first (one request per 1,000 friends: the board cannot be priced without it).
func boardCost(e env, id uint64, account string, title psnapi.TrophyTitle, refresh bool) tea.Cmd {
	return func() tea.Msg {
		cost := e.lib.LeaderboardCost
		if refresh {
			cost = e.lib.LeaderboardCostRefresh
		}
		c, err := cost(account, title)
		m := boardCostMsg{answer: answer{id: id}, refresh: refresh}
		if errors.Is(err, store.ErrNotCached) {
			fl, ferr := e.lib.Friends(e.ctx, account, store.Auto)
			m.stale, m.why, m.fetchedAt = fl.Offline, fl.Err, fl.FetchedAt
			e.snapshot(&m.answer)
			if ferr != nil {
				m.err = ferr
				return m
			}
			c, err = cost(account, title)
		}
		m.cost, m.err = c, err
		return m
	}
}

// streamBoard builds the leaderboard under p, one row per message, the whole board at the end.
func streamBoard(e env, id uint64, account string, title psnapi.TrophyTitle, p store.Policy) tea.Cmd {
	return func() tea.Msg {
		lib := e.lib
		var board store.Leaderboard
		st := store.Streamed(e.ctx, func(ctx context.Context, emit func(store.LeaderboardRow)) error {
			b, err := lib.Leaderboard(ctx, account, title, p, emit)
			board = b
			return err
		})
		return nextBoardRow(e, id, st, &board)()
	}
}

func nextBoardRow(e env, id uint64, st *store.Stream[store.LeaderboardRow], board *store.Leaderboard) tea.Cmd {
	return func() tea.Msg {
		r, ok := st.Next()
		if !ok {
			// The stream has ended: the board is written (Next returns false after the call returned).
			m := boardDoneMsg{answer: answer{id: id, err: st.Err(), stale: board.Offline, why: board.Err}, board: *board}
			e.snapshot(&m.answer)
			f := newFolder()
			for _, row := range board.Rows {
				m.rows = append(m.rows, buildBoardRow(row, f))
			}
			return m
		}
		return boardRowMsg{id: id, row: buildBoardRow(r, newFolder()), st: st, board: board, e: e}
	}
}

// stopStream ends a stream nobody reads any more, in a command (Stop waits for its function).
func stopStream(stop func() error) tea.Cmd {
	return func() tea.Msg { _ = stop(); return nil }
}

// boardView is one title's leaderboard.
type boardView struct {
	c      *Common
	w, h   int
	list   *list
	title  psnapi.TrophyTitle
	name   string // the title's name, cleaned
	ctx    context.Context
	cancel context.CancelFunc

	rows []boardRow
	gw   [4]int

	pendCost, pendRows uint64
	asking             bool // the cost is shown and waits for y or n
	askRefresh         bool // the question is about r (everyone again)
	cost               store.LeaderboardCost
	done               bool // a board (cached or fetched) arrived whole
	fetched            bool // the network was asked (not only the cache)
	requests           int  // requests the last fetch sent
	notPlayed          int
	friends            int
	err                string
	stale              bool
	moved              bool // the user moved the cursor (until then it stays on your row)
	keys               boardKeys
}

type boardKeys struct{ yes, no, compare key.Binding }

func newBoardView(c *Common, title psnapi.TrophyTitle) (*boardView, tea.Cmd) {
	v := &boardView{c: c, title: title, name: clean(title.TrophyTitleName), gw: [4]int{1, 1, 1, 1}}
	v.ctx, v.cancel = context.WithCancel(c.Ctx)
	v.list = newList(c, v, "player", "players", "filter by name")
	v.keys = boardKeys{
		yes:     key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "ok")),
		no:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "not now")),
		compare: withHelp(c.Keys.Open, "compare with them"),
	}
	v.pendCost = c.newID()
	c.track(v.pendCost, "leaderboard")
	return v, boardCost(v.env(), v.pendCost, c.Account, title, false)
}

func (v *boardView) env() env { e := v.c.env(); e.ctx = v.ctx; return e }

func (v *boardView) Crumb() string { return "Leaderboard" }
func (v *boardView) typing() bool  { return v.list.typing() }

// back: esc answers the question "not now" before it leaves the view.
func (v *boardView) back() bool {
	if v.list.back() {
		return true
	}
	if v.asking {
		v.setAsking(false)
		return true
	}
	return false
}

// stop ends the fetching when the view goes (what arrived is cached already): its answers reach
// nobody now.
func (v *boardView) stop() tea.Cmd {
	v.cancel()
	delete(v.c.tasks, v.pendCost)
	delete(v.c.tasks, v.pendRows)
	return nil
}

func (v *boardView) ShortHelp() []key.Binding {
	k := v.c.Keys
	if v.typing() {
		return v.list.ShortHelp()
	}
	if v.asking {
		return []key.Binding{v.keys.yes, v.keys.no, withHelp(k.Back, "back"), k.Quit}
	}
	return []key.Binding{k.Move, v.keys.compare, k.Filter, withHelp(k.Refresh, "ask everyone again"), withHelp(k.Back, "back"), k.Help, k.Quit}
}

func (v *boardView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{
		v.list.moveHelp(),
		{v.keys.compare, k.Filter, withHelp(k.Refresh, "ask everyone again")},
		{v.keys.yes, v.keys.no},
		{k.Back, k.Help, k.Quit},
	}
}

func (v *boardView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case boardCostMsg:
		return v, v.onCost(msg)
	case boardRowMsg:
		if msg.id != v.pendRows {
			return v, stopStream(msg.st.Stop)
		}
		v.takeRow(msg.row)
		return v, nextBoardRow(msg.e, msg.id, msg.st, msg.board)
	case boardDoneMsg:
		return v, v.onDone(msg)
	case tea.KeyMsg, tea.MouseMsg:
		if km, ok := msg.(tea.KeyMsg); ok && v.asking && !v.typing() {
			switch {
			case key.Matches(km, v.keys.yes):
				return v, v.spend()
			case key.Matches(km, v.keys.no):
				v.setAsking(false)
				return v, nil
			}
		}
		if cmd, ok := v.list.Update(msg); ok {
			v.moved = v.moved || v.list.selected() != v.rowIndex("me")
			return v, cmd
		}
		if km, ok := msg.(tea.KeyMsg); ok {
			return v, v.onKey(km)
		}
	}
	return v, nil
}

func (v *boardView) onKey(msg tea.KeyMsg) tea.Cmd {
	k := v.c.Keys
	switch {
	case key.Matches(msg, k.Open):
		if i := v.list.selected(); i >= 0 {
			r := &v.rows[i].r
			if r.Me || r.Private {
				return nil
			}
			return send(compareChosenMsg{query: r.Friend.AccountID})
		}
	case key.Matches(msg, k.Refresh):
		if v.pendCost == 0 && v.pendRows == 0 {
			v.pendCost = v.c.newID()
			v.c.track(v.pendCost, "leaderboard")
			return boardCost(v.env(), v.pendCost, v.c.Account, v.title, true)
		}
	}
	return nil
}

// onCost spends at once when the cost is a handful, else shows what is cached and asks.
func (v *boardView) onCost(m boardCostMsg) tea.Cmd {
	if m.id != v.pendCost {
		return nil
	}
	v.pendCost = 0
	if m.err != nil {
		v.done = true
		if errors.Is(m.err, store.ErrFriendsPrivate) {
			v.err = "your friends list is private to this account"
		} else {
			v.err = "leaderboard: " + errorLine(m.err)
		}
		return nil
	}
	v.cost, v.askRefresh, v.friends = m.cost, m.refresh, m.cost.Friends
	if m.cost.Ask() {
		v.setAsking(true)
		if m.refresh {
			return nil // the board shown stays
		}
		return v.fetch(store.Offline) // what is cached, free, under the question
	}
	return v.spend()
}

// spend builds the board with the network: everyone again after r, else the uncached only.
func (v *boardView) spend() tea.Cmd {
	v.setAsking(false)
	p := store.Auto
	if v.askRefresh {
		p = store.Refresh
	}
	v.fetched = true
	return v.fetch(p)
}

func (v *boardView) fetch(p store.Policy) tea.Cmd {
	if v.pendRows != 0 {
		delete(v.c.tasks, v.pendRows) // its rows are dropped (and its stream stopped) as they come
	}
	v.pendRows = v.c.newID()
	v.c.track(v.pendRows, "leaderboard")
	return streamBoard(v.env(), v.pendRows, v.c.Account, v.title, p)
}

// takeRow puts an arriving row in place (a row already shown for the account is replaced) and
// keeps the board's order.
func (v *boardView) takeRow(r boardRow) {
	keep := v.selectedKey()
	replaced := false
	for i := range v.rows {
		if v.rows[i].r.Friend.AccountID == r.r.Friend.AccountID && v.rows[i].r.Me == r.r.Me {
			v.rows[i], replaced = r, true
			break
		}
	}
	if !replaced {
		v.rows = append(v.rows, r)
	}
	v.sortRows()
	v.place(keep)
}

// place puts the cursor back on the row it was on once the user moved it; until then on your row
// (where you stand), else at the top.
func (v *boardView) place(keep string) {
	if !v.moved {
		keep = "me"
	}
	v.list.setRows(func(i int) bool { return v.rowKey(i) == keep })
	v.layout()
}

func (v *boardView) onDone(m boardDoneMsg) tea.Cmd {
	if m.id != v.pendRows {
		return nil
	}
	v.pendRows = 0
	keep := v.selectedKey()
	v.done = true
	v.err, v.stale = "", m.stale
	if m.err != nil && !errors.Is(m.err, context.Canceled) {
		v.err = "leaderboard: " + errorLine(m.err)
	} else if m.board.Err != nil && !errors.Is(m.board.Err, context.Canceled) {
		v.err = "not everyone could be asked: " + errorLine(m.board.Err)
	}
	if v.fetched {
		v.requests = m.board.Requests
	}
	v.notPlayed, v.friends = m.board.NotPlayed, max(v.friends, m.board.Friends)
	v.rows = m.rows
	v.sortRows()
	v.place(keep)
	return nil
}

// sortRows keeps the board's order (store.SortLeaderboard's: most progress first, the earlier
// platinum, more trophies, the name; private accounts last) as rows arrive one by one.
func (v *boardView) sortRows() {
	sort.SliceStable(v.rows, func(i, j int) bool { return store.LeaderboardBefore(&v.rows[i].r, &v.rows[j].r) })
	v.gw = [4]int{1, 1, 1, 1}
	for i := range v.rows {
		for g := range 4 {
			v.gw[g] = max(v.gw[g], len(v.rows[i].grades[g]))
		}
	}
}

func (v *boardView) selectedKey() string { return v.rowKey(v.list.selected()) }

// rowIndex is the row of an account ("me" for yours), -1 when it has none.
func (v *boardView) rowIndex(key string) int {
	for i := range v.rows {
		if v.rowKey(i) == key {
			return i
		}
	}
	return -1
}

func (v *boardView) rowKey(i int) string {
	if i < 0 || i >= len(v.rows) {
		return ""
	}
	if v.rows[i].r.Me {
		return "me"
	}
	return v.rows[i].r.Friend.AccountID
}

// Column indices of the leaderboard.
const (
	bcRank = iota
	bcName
	bcBar
	bcPct
	bcGrades
	bcPlatinum
)

func (v *boardView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.resize()
	v.layout()
}

// resize gives the list what the heading (and the question, while asked) leave.
func (v *boardView) resize() { v.list.SetSize(v.w, v.h-1-b2i(v.asking)) }

// setAsking shows or hides the question line.
func (v *boardView) setAsking(on bool) {
	if v.asking != on {
		v.asking = on
		v.resize()
	}
}

func (v *boardView) layout() {
	gw := v.gw
	v.list.setColumns([]column{
		{title: "#", width: max(2, len(strconv.Itoa(len(v.rows)))), right: true, drop: 5},
		{title: "Player", flex: true},
		{title: "Progress", width: 10, drop: 3, span: true},
		{title: "%", width: 4, right: true},
		{width: gradesWidth(gw), right: true, drop: 2, head: func(int) string { return gradeLetters(v.c.Styles, gw) }},
		{title: "Platinum", width: 10, drop: 4},
	}, max(12, min(24, v.w/3)))
}

func (v *boardView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	head := "Leaderboard · " + v.name
	top := []string{" " + titledRule(v.c.Styles, head, v.w-2)}
	if v.asking {
		q := v.cost.String() + " · ok?"
		if v.askRefresh {
			q = "ask everyone again: " + q
		}
		top = append(top, truncate(" "+v.c.Styles.Warn.Render(q)+v.c.Styles.Faint.Render("  y: fetch · n: not now"), v.w))
	}
	return v.list.View(top...)
}

// The list's rows (listRows): you and the friends who played the title, in the board's order.

func (v *boardView) len() int         { return len(v.rows) }
func (v *boardView) sorted(int) []int { return nil }
func (v *boardView) filter(q string) func(int) bool {
	if q == "" {
		return nil
	}
	return func(i int) bool { return strings.Contains(v.rows[i].key, q) }
}

func (v *boardView) row(i int, selected bool) string {
	p := &v.c.Styles.P
	r := &v.rows[i]
	st := painter(selected)
	widths := v.list.widths
	cells := make([]string, len(widths))
	if w := widths[bcRank]; w > 0 {
		rank := strconv.Itoa(i + 1)
		if r.r.Private {
			rank = ""
		}
		cells[bcRank] = st(p.Faint, fitRight(rank, w))
	}
	name := r.name
	nameW := r.nameW
	if r.r.Me {
		if r.r.Friend.OnlineID == "" && v.c.Name != "" {
			name, nameW = v.c.Name, width(v.c.Name) // the store knows you by number until a login names you
		}
		name, nameW = name+" (you)", nameW+6
	}
	if r.r.Me {
		cells[bcName] = st(p.Accent, fitW(name, nameW, widths[bcName]))
	} else {
		cells[bcName] = fitW(name, nameW, widths[bcName])
	}
	if r.r.Private {
		w := widths[bcPct]
		if widths[bcBar] > 0 {
			w += 1 + widths[bcBar]
			cells[bcBar] = ""
		}
		cells[bcPct] = st(p.Faint, fit("private", w))
		if gw := widths[bcGrades]; gw > 0 {
			cells[bcGrades] = spaces(gw)
		}
		if w := widths[bcPlatinum]; w > 0 {
			cells[bcPlatinum] = spaces(w)
		}
		return v.list.joinCells(cells)
	}
	if w := widths[bcBar]; w > 0 {
		cells[bcBar] = st(barPaint(p, r.r.Progress), bar(r.r.Progress, w))
	}
	cells[bcPct] = fitRight(strconv.Itoa(r.r.Progress)+"%", widths[bcPct])
	if widths[bcGrades] > 0 {
		var b strings.Builder
		for g := range 4 {
			if g > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(st(p.Grade[g], fitRight(r.grades[g], v.gw[g])))
		}
		cells[bcGrades] = b.String()
	}
	if w := widths[bcPlatinum]; w > 0 {
		if r.platinum == "" {
			cells[bcPlatinum] = st(p.Faint, fit("–", w))
		} else {
			cells[bcPlatinum] = st(p.Grade[0], fit(r.platinum, w))
		}
	}
	return v.list.joinCells(cells)
}

func (v *boardView) empty() string {
	s := v.c.Styles
	switch {
	case v.err != "":
		return " " + s.Warn.Render(v.err)
	case v.asking && v.pendRows == 0:
		return " " + s.Faint.Render("Nothing cached for this title yet: y fetches it.")
	case !v.done || v.pendRows != 0 && v.fetched:
		return v.c.loading("Asking your friends…", v.list.w)
	case len(v.rows) == 0 && !v.fetched:
		return " " + s.Faint.Render("Nothing cached: r asks your friends.")
	case len(v.rows) == 0:
		return " " + s.Faint.Render("Nobody on your friends list played this title.")
	}
	return " " + s.Faint.Render("Nobody matches. esc clears the filter.")
}

func (v *boardView) footer() string {
	s := v.c.Styles
	if !v.done && len(v.rows) == 0 {
		return ""
	}
	if v.err != "" && len(v.rows) > 0 {
		return s.Warn.Render(v.err)
	}
	private := 0
	for i := range v.rows {
		if v.rows[i].r.Private {
			private++
		}
	}
	parts := []string{v.list.count(), "most progress first"}
	if private > 0 {
		parts = append(parts, commas(private)+" private")
	}
	if v.notPlayed > 0 {
		parts = append(parts, commas(v.notPlayed)+" never played it")
	}
	switch {
	case v.pendRows != 0 && v.fetched:
		parts = append(parts, "asking…")
		if v.c.wait != "" {
			return v.c.waitNote(strings.Join(parts, " · "), v.list.w)
		}
	case v.fetched && v.done:
		parts = append(parts, plural(v.requests, "request", "requests"))
	case v.done && !v.fetched:
		parts = append(parts, "cached only")
	}
	if v.stale {
		parts = append(parts, "cached")
	}
	return s.Faint.Render(strings.Join(parts, " · "))
}
