package ui

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/psnclient/psn-client/store"
)

// The friends list (issue 13 #1): c opens it to choose whom to compare with. Its input is the old
// compare prompt ("compare with:", prefilled with the last account compared and selected, so typing
// replaces it): what is typed filters the friends, and the first row compares with the text itself
// (any online ID or account ID), so c, a name and enter work as they always did. ↑/↓ pick a friend,
// enter compares, esc cancels. The list is Sony's friends endpoint under the cache rule; each name
// is a profile, one request, once, kept for good: names are asked as soon as the list is on screen
// when that is a handful, and otherwise only once the row saying what they cost ("39 friends · 39
// names to look up · ok?") is chosen. They stream in as they arrive; a friend not named yet shows
// their account ID and "…". With pictures on, the chosen friend's avatar stands beside the list.

// Rows of the friends list: two action rows, then the friends.
const (
	friendLookup = iota // compare with the typed text
	friendAsk           // name the friends not named yet (the cost, asked)
	friendFirst         // the first friend
)

// friendRow is a friend cleaned and measured for display.
type friendRow struct {
	f     store.Friend
	name  string // the online ID, cleaned ("" not named yet)
	nameW int
	key   string // folded name and account ID, for the filter
	plus  bool
}

func buildFriendRows(friends []store.Friend) []friendRow {
	f := newFolder()
	out := make([]friendRow, len(friends))
	for i, fr := range friends {
		out[i] = buildFriendRow(fr, f)
	}
	return out
}

func buildFriendRow(fr store.Friend, f *folder) friendRow {
	r := friendRow{f: fr, name: clean(fr.OnlineID), plus: fr.IsPlus}
	r.nameW = width(r.name)
	r.key = f.fold(r.name) + "\x00" + clean(fr.AccountID)
	return r
}

// friendsLoadedMsg answers loadCachedFriends and fetchFriends.
type friendsLoadedMsg struct {
	answer
	account string
	found   bool
	list    store.FriendList
	rows    []friendRow
}

// friendNamedMsg is one friend named (a profile fetched); friendsNamedMsg ends the naming.
type friendNamedMsg struct {
	id  uint64
	row friendRow
	st  *store.Stream[store.Friend]
	e   env
}

type friendsNamedMsg struct{ answer }

// compareChosenMsg asks the app to compare with query (the friends list closes; the app handles
// its enter and esc itself, so a key typed right after lands where the user sees it).
type compareChosenMsg struct{ query string }

func loadCachedFriends(e env, id uint64, account string) tea.Cmd {
	return func() tea.Msg {
		fl, ok, err := e.lib.CachedFriends(account)
		m := friendsLoadedMsg{answer: answer{id: id, err: err, cached: true, fetchedAt: fl.FetchedAt}, account: account, found: ok, list: fl}
		if ok && err == nil {
			m.rows = buildFriendRows(fl.Friends)
		}
		return m
	}
}

// fetchFriends gets the friends list under the cache rule p (interactive: the user looks at it).
func fetchFriends(e env, id uint64, account string, p store.Policy) tea.Cmd {
	return func() tea.Msg {
		fl, err := e.lib.Friends(e.ctx, account, p)
		m := friendsLoadedMsg{answer: answer{id: id, err: err, stale: fl.Offline, why: fl.Err, fetchedAt: fl.FetchedAt}, account: account,
			found: err == nil, list: fl}
		e.snapshot(&m.answer)
		if err == nil {
			m.rows = buildFriendRows(fl.Friends)
		}
		return m
	}
}

// nameFriends starts naming the friends not named yet (one request each, once) and returns the
// first name; nextName returns each following one.
func nameFriends(e env, id uint64, friends []store.Friend) tea.Cmd {
	return func() tea.Msg {
		lib := e.lib
		st := store.Streamed(e.ctx, func(ctx context.Context, emit func(store.Friend)) error {
			_, err := lib.NameFriends(ctx, friends, emit)
			return err
		})
		return nextName(e, id, st)()
	}
}

func nextName(e env, id uint64, st *store.Stream[store.Friend]) tea.Cmd {
	return func() tea.Msg {
		fr, ok := st.Next()
		if !ok {
			m := friendsNamedMsg{answer{id: id, err: st.Err()}}
			e.snapshot(&m.answer)
			return m
		}
		return friendNamedMsg{id: id, row: buildFriendRow(fr, newFolder()), st: st, e: e}
	}
}

// friendsView is the friends list with the compare input.
type friendsView struct {
	c      *Common
	w, h   int
	list   *list
	ctx    context.Context // ends when the view goes: its naming stops
	cancel context.CancelFunc

	input    textinput.Model
	pristine bool   // the prefilled text is untouched: selected, not a filter
	query    string // the input, trimmed
	fq       string // folded, the filter
	exact    int    // the friend the text names exactly (index into rows), -1 none

	rows               []friendRow
	order              []int // friends by name (indices into rows), made by sorted
	loaded             bool
	pendCache, pendNet uint64
	err                string // one line: a private list, a failure
	private            bool
	stale              bool

	unnamed int    // friends not named yet
	ask     bool   // the cost of naming them is asked (the second row)
	naming  uint64 // the naming running
	named   int    // named by it so far
	toName  int    // it names that many

	moved  bool // the cursor was moved (else it stays on the first row as names arrive)
	avatar picture
	keys   friendsKeys
}

// friendsKeys are the help of the friends list (its input has focus, so the letter bindings are off).
type friendsKeys struct {
	pick, choose, cancel, refresh key.Binding
}

func newFriendsView(c *Common) (*friendsView, tea.Cmd) {
	v := &friendsView{c: c, exact: -1, pristine: c.lastCompare != ""}
	v.ctx, v.cancel = context.WithCancel(c.Ctx)
	v.list = newList(c, v, "friend", "friends", "", "name")
	v.keys = friendsKeys{
		pick:    key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "pick")),
		choose:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "compare")),
		cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		refresh: key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "refresh")),
	}
	in := textinput.New()
	in.Prompt = "compare with: "
	in.Placeholder = "online ID or account ID, or a friend below"
	in.Cursor.SetMode(cursor.CursorStatic)
	in.CharLimit = 64
	in.SetValue(c.lastCompare)
	in.CursorEnd()
	v.input = in
	v.setPristine(v.pristine)
	v.textChanged()
	c.Keys.setTyping(true)
	v.pendCache, v.pendNet = c.newID(), c.newID()
	c.track(v.pendNet, "friends")
	// The list is fetched with the app's context: one request, kept whether or not the view stays
	// (a name typed and entered at once still leaves it cached for the next c).
	e := c.env()
	return v, tea.Batch(v.input.Focus(), loadCachedFriends(e, v.pendCache, c.Account), fetchFriends(e, v.pendNet, c.Account, store.Auto))
}

// env is the commands' environment with the view's context: its work ends with it.
func (v *friendsView) env() env { e := v.c.env(); e.ctx = v.ctx; return e }

func (v *friendsView) Crumb() string { return "Friends" }
func (v *friendsView) typing() bool  { return true }
func (v *friendsView) back() bool    { return false }

// stop ends the naming when the view goes (what arrived is kept): its answers reach nobody now.
func (v *friendsView) stop() tea.Cmd {
	v.cancel()
	delete(v.c.tasks, v.naming)
	return nil
}

func (v *friendsView) kittyImages() []uint32 { return []uint32{v.avatar.kitty} }

func (v *friendsView) ShortHelp() []key.Binding {
	return []key.Binding{v.keys.pick, v.keys.choose, v.keys.cancel, v.keys.refresh, withHelp(v.c.Keys.ForceQuit, "quit")}
}

func (v *friendsView) FullHelp() [][]key.Binding {
	return [][]key.Binding{{v.keys.pick, v.keys.choose, v.keys.cancel}, {v.keys.refresh, withHelp(v.c.Keys.ForceQuit, "quit")}}
}

// setPristine selects the prefilled text (shown reversed: typing replaces it) or ends that.
func (v *friendsView) setPristine(on bool) {
	v.pristine = on
	v.input.TextStyle = lipgloss.Style{}
	if on {
		v.input.TextStyle = v.c.Styles.Selected
	}
}

// textChanged filters the friends by the text and puts the cursor on the friend it names, else on
// the first row (comparing with the text itself).
func (v *friendsView) textChanged() {
	v.query = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v.input.Value()), "/"))
	v.fq = v.list.fold.fold(v.query)
	v.exact = -1
	for i := range v.rows {
		r := &v.rows[i]
		if v.query != "" && (strings.EqualFold(r.name, v.query) || r.f.AccountID == v.query) {
			v.exact = i
			break
		}
	}
	v.list.refilter()
	v.place()
}

// place puts the cursor on the friend the text names, else at the top.
func (v *friendsView) place() {
	if v.exact >= 0 {
		ex := friendFirst + v.exact
		if v.list.focus(func(i int) bool { return i == ex }) {
			return
		}
	}
	v.list.top()
}

func (v *friendsView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case friendsLoadedMsg:
		return v, v.onList(msg)
	case friendNamedMsg:
		if msg.id != v.naming {
			return v, stopStream(msg.st.Stop)
		}
		v.named++
		v.takeName(msg.row)
		return v, tea.Batch(nextName(msg.e, msg.id, msg.st), v.avatarCmd())
	case friendsNamedMsg:
		if msg.id != v.naming {
			return v, nil
		}
		v.naming = 0
		if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
			v.err = "naming friends: " + errorLine(msg.err)
		}
		v.countUnnamed()
		return v, nil
	case pictureLoadedMsg:
		v.avatar.update(v.c, msg)
	case tea.KeyMsg:
		return v, v.onKey(msg)
	case tea.MouseMsg:
		v.moved = true
		cmd, _ := v.list.Update(msg)
		return v, tea.Batch(cmd, v.avatarCmd())
	}
	return v, nil
}

func (v *friendsView) onKey(msg tea.KeyMsg) tea.Cmd {
	k := v.c.Keys
	switch msg.Type {
	case tea.KeyEnter:
		if v.list.selected() == friendAsk {
			return v.startNaming()
		}
		return nil
	case tea.KeyCtrlR:
		if v.pendNet == 0 {
			v.pendNet = v.c.newID()
			v.c.track(v.pendNet, "friends")
			return fetchFriends(v.c.env(), v.pendNet, v.c.Account, store.Refresh)
		}
		return nil
	case tea.KeyUp, tea.KeyDown, tea.KeyPgUp, tea.KeyPgDown, tea.KeyCtrlN, tea.KeyCtrlP:
		// The moving keys are off while the input has focus (their letters type): on for this one.
		v.moved = true
		k.setTyping(false)
		cmd, _ := v.list.Update(msg)
		k.setTyping(true)
		return tea.Batch(cmd, v.avatarCmd())
	}
	if v.pristine {
		v.setPristine(false)
		switch msg.Type {
		case tea.KeyRunes, tea.KeySpace:
			v.input.SetValue("")
		case tea.KeyBackspace, tea.KeyDelete, tea.KeyCtrlH:
			v.input.SetValue("")
			v.textChanged()
			return v.avatarCmd()
		}
	}
	before := v.input.Value()
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(msg)
	if v.input.Value() != before || v.query == "" && v.fq == "" {
		v.textChanged()
	} else {
		v.list.refilter() // the text is no longer the untouched prefill: it filters now
	}
	return tea.Batch(cmd, v.avatarCmd())
}

// choice is what enter compares with: the friend under the cursor, or the text itself; false on
// the question row (enter names the friends there) or with nothing to compare with.
func (v *friendsView) choice() (string, bool) {
	switch i := v.list.selected(); {
	case i == friendAsk:
		return "", false
	case i >= friendFirst:
		f := v.rows[i-friendFirst].f
		q := f.OnlineID
		if q == "" || f.NoProfile {
			q = f.AccountID
		}
		return q, true
	case v.query != "":
		return v.query, true
	}
	return "", false
}

// onList takes the friends list (the cache's, then the fresh one) and asks for the names.
func (v *friendsView) onList(m friendsLoadedMsg) tea.Cmd {
	if m.account != v.c.Account {
		return nil
	}
	switch m.id {
	case v.pendCache:
		v.pendCache = 0
		if !m.found || v.loaded && v.pendNet == 0 {
			return nil
		}
		if errors.Is(m.err, store.ErrFriendsPrivate) {
			return nil // the fresh answer says so, or that it is not private any more
		}
		if m.err != nil {
			return nil
		}
	case v.pendNet:
		v.pendNet = 0
		v.err, v.private = "", false
		switch {
		case errors.Is(m.err, store.ErrFriendsPrivate):
			v.private, v.loaded = true, true
			v.rows = nil
			v.err = v.c.Name + "’s friends list is private: type an online ID or account ID"
			v.list.setRows(nil)
			v.place()
			return nil
		case m.err != nil:
			v.loaded = true
			v.err = "friends list: " + errorLine(m.err)
			return nil
		}
		v.stale = m.stale
	default:
		return nil
	}
	first := !v.loaded || len(v.rows) == 0
	v.loaded = true
	v.setRows(m.rows)
	v.countUnnamed()
	if first && v.exact < 0 {
		v.list.top() // the question (or the typed text) first
	}
	if v.naming == 0 && v.unnamed > 0 && v.unnamed <= store.CostAskAbove && v.pendNet == 0 {
		return tea.Batch(v.startNaming(), v.avatarCmd())
	}
	return v.avatarCmd()
}

// setRows shows new rows, keeping the cursor where it was (same friend, same action).
func (v *friendsView) setRows(rows []friendRow) {
	keep := v.selectedKey()
	v.rows = rows
	v.order = nil
	v.list.setRows(nil)
	v.textChanged()
	if keep != "" && (v.exact < 0 || v.list.selected() != friendFirst+v.exact) && !v.pristine {
		v.list.focus(func(i int) bool { return v.itemKey(i) == keep })
	} else if keep != "" && v.pristine && v.exact < 0 {
		v.list.focus(func(i int) bool { return v.itemKey(i) == keep })
	}
}

func (v *friendsView) selectedKey() string { return v.itemKey(v.list.selected()) }

func (v *friendsView) itemKey(i int) string {
	switch {
	case i < 0:
		return ""
	case i < friendFirst:
		return string(rune('0' + i))
	}
	return v.rows[i-friendFirst].f.AccountID
}

// countUnnamed counts the friends not named yet and asks about their cost when it is more than a
// handful (and no naming runs).
func (v *friendsView) countUnnamed() {
	v.unnamed = 0
	for i := range v.rows {
		if !v.rows[i].f.Named() {
			v.unnamed++
		}
	}
	ask := v.unnamed > store.CostAskAbove && v.naming == 0 && !v.private
	if ask != v.ask {
		keep := v.selectedKey()
		v.ask = ask
		v.list.refilter()
		v.list.focus(func(i int) bool { return v.itemKey(i) == keep })
	}
}

// startNaming names every friend not named yet (the question row, or a handful at once).
func (v *friendsView) startNaming() tea.Cmd {
	if v.naming != 0 || v.unnamed == 0 {
		return nil
	}
	var todo []store.Friend
	for i := range v.rows {
		if !v.rows[i].f.Named() {
			todo = append(todo, v.rows[i].f)
		}
	}
	v.naming, v.named, v.toName = v.c.newID(), 0, len(todo)
	v.c.track(v.naming, "names")
	v.ask = false
	keep := v.selectedKey()
	v.list.refilter()
	if keep == string(rune('0'+friendAsk)) {
		v.list.top()
	} else {
		v.list.focus(func(i int) bool { return v.itemKey(i) == keep })
	}
	return nameFriends(v.env(), v.naming, todo)
}

// takeName puts a friend's name in its row (the list sorts by name again, the cursor stays on its
// friend).
func (v *friendsView) takeName(r friendRow) {
	for i := range v.rows {
		if v.rows[i].f.AccountID == r.f.AccountID {
			v.rows[i] = r
			keep := v.selectedKey()
			v.order = nil
			if v.moved || v.exact >= 0 {
				v.list.setRows(func(j int) bool { return v.itemKey(j) == keep })
			} else {
				v.list.setRows(nil)
				v.list.top() // nobody moved: the cursor stays on the first row as names sort in
			}
			if v.exact < 0 && v.query != "" && strings.EqualFold(r.name, v.query) {
				v.textChanged() // the text names this friend now
			}
			return
		}
	}
}

// avatarCmd shows the avatar of the friend under the cursor, when there is room for it.
func (v *friendsView) avatarCmd() tea.Cmd {
	cols, rows := v.avatarBox()
	url := ""
	if i := v.list.selected(); i >= friendFirst {
		url = v.rows[i-friendFirst].f.AvatarURL
	}
	if url == "" {
		// Keep the box (blank) so the list does not move as the cursor passes an unnamed friend.
		if v.avatar.url != "" || v.avatar.cols != cols {
			cmd := v.avatar.hide(v.c)
			v.avatar.cols, v.avatar.rows = cols, rows
			return cmd
		}
		return nil
	}
	return v.avatar.show(v.c, url, cols, rows, alignCentre)
}

// avatarBox is the avatar's size for the window: larger when there is room, none when narrow.
func (v *friendsView) avatarBox() (cols, rows int) {
	switch {
	case !v.c.pictures:
		return 0, 0
	case v.w >= 110 && v.h >= 22:
		return 20, 10
	case v.w >= 80 && v.h >= 14:
		return 12, 6
	}
	return 0, 0
}

// panelW is the room the avatar panel takes at the right (0: none).
func (v *friendsView) panelW() int {
	if cols, _ := v.avatarBox(); cols > 0 {
		return cols + 3
	}
	return 0
}

func (v *friendsView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.input.Width = max(1, w-len(v.input.Prompt)-4)
	v.list.SetSize(w-v.panelW(), h-2)
	v.list.setColumns([]column{
		{title: "Friend", flex: true},
		{title: "Account ID", width: 19, drop: 2},
		{title: "Plus", width: 4, drop: 3},
	}, max(14, min(30, (w-v.panelW())/2)))
}

// pictureCmd is the avatar of the friend under the cursor, at the size the window gives it (the
// app asks after every update: a resize redraws it too).
func (v *friendsView) pictureCmd() tea.Cmd { return v.avatarCmd() }

func (v *friendsView) heading() string {
	head := "Friends"
	if v.loaded && !v.private {
		head += " · " + commas(len(v.rows))
	}
	if v.c.Account != "me" && v.c.Name != "" {
		head = v.c.Name + "’s friends"
		if v.loaded && !v.private {
			head += " · " + commas(len(v.rows))
		}
	}
	return " " + titledRule(v.c.Styles, head, v.w-2)
}

func (v *friendsView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	in := " " + truncate(v.input.View(), v.w-1)
	pw := v.panelW()
	if pw == 0 || v.h < 4 {
		return v.list.View(v.heading(), in)
	}
	body := strings.Split(v.list.View(), "\n")
	lw := v.w - pw
	panel := v.panel(pw)
	for i := range body {
		p := ""
		if i < len(panel) {
			p = panel[i]
		}
		body[i] = fit(body[i], lw) + p
	}
	return v.heading() + "\n" + in + "\n" + strings.Join(body, "\n")
}

// panel is the avatar of the friend under the cursor and their name, pw cells wide.
func (v *friendsView) panel(pw int) []string {
	out := make([]string, 0, v.avatar.rows+3)
	out = append(out, "")
	for i := range v.avatar.rows {
		out = append(out, "  "+v.avatar.line(i))
	}
	if i := v.list.selected(); i >= friendFirst {
		r := &v.rows[i-friendFirst]
		name := r.name
		if name == "" {
			name = r.f.AccountID
		}
		out = append(out, "  "+v.c.Styles.Bold.Render(truncate(name, pw-2)))
		if r.plus {
			out = append(out, "  "+v.c.Styles.Faint.Render("PS Plus"))
		}
	}
	return out
}

// The list's rows (listRows): the two action rows, then the friends.

func (v *friendsView) len() int { return friendFirst + len(v.rows) }

func (v *friendsView) sorted(int) []int {
	if v.order == nil {
		v.order = make([]int, len(v.rows))
		for i := range v.order {
			v.order[i] = i
		}
		rows := v.rows
		sort.SliceStable(v.order, func(a, b int) bool {
			x, y := &rows[v.order[a]], &rows[v.order[b]]
			if (x.name == "") != (y.name == "") {
				return x.name != ""
			}
			if x.name == "" {
				return x.f.AccountID < y.f.AccountID
			}
			return x.key < y.key
		})
	}
	out := make([]int, 0, friendFirst+len(v.rows))
	out = append(out, friendLookup, friendAsk)
	for _, i := range v.order {
		out = append(out, friendFirst+i)
	}
	return out
}

func (v *friendsView) filter(string) func(int) bool {
	lookup := v.query != "" && v.exact < 0
	ask := v.ask
	fq := v.fq
	filtering := !v.pristine && fq != ""
	rows := v.rows
	return func(i int) bool {
		switch i {
		case friendLookup:
			return lookup
		case friendAsk:
			return ask
		}
		return !filtering || strings.Contains(rows[i-friendFirst].key, fq)
	}
}

func (v *friendsView) row(i int, selected bool) string {
	p := &v.c.Styles.P
	st := painter(selected)
	lw := max(1, v.list.w-2)
	switch i {
	case friendLookup:
		what := "compare with “" + clean(v.query) + "”"
		return fit(what+st(p.Faint, " · as an online ID or account ID"), lw)
	case friendAsk:
		what := commas(len(v.rows)) + " friends · " + plural(v.unnamed, "name", "names") + " to look up · ok?"
		return fit(what+st(p.Faint, " enter: "+plural(v.unnamed, "request", "requests")+", once (names are kept)"), lw)
	}
	r := &v.rows[i-friendFirst]
	widths := v.list.widths
	cells := make([]string, 3)
	switch {
	case r.f.NoProfile:
		cells[0] = st(p.Faint, fit("(no profile) "+r.f.AccountID, widths[0]))
	case r.name == "":
		cells[0] = st(p.Faint, fit(r.f.AccountID+" …", widths[0]))
	default:
		cells[0] = fitW(r.name, r.nameW, widths[0])
	}
	if w := widths[1]; w > 0 {
		cells[1] = st(p.Faint, fit(r.f.AccountID, w))
	}
	if w := widths[2]; w > 0 {
		plus := ""
		if r.plus {
			plus = "Plus"
		}
		cells[2] = st(p.Accent, fit(plus, w))
	}
	return v.list.joinCells(cells)
}

func (v *friendsView) empty() string {
	s := v.c.Styles
	switch {
	case v.err != "":
		return " " + s.Warn.Render(v.err)
	case !v.loaded:
		return v.c.loading("Loading friends…", v.list.w)
	case len(v.rows) == 0 && v.query == "":
		return " " + s.Faint.Render("No friends on PSN yet: type an online ID or account ID.")
	}
	return " " + s.Faint.Render("No friend matches: enter compares with what you typed.")
}

func (v *friendsView) footer() string {
	s := v.c.Styles
	if !v.loaded || v.private {
		return ""
	}
	if v.err != "" && len(v.rows) > 0 {
		return s.Warn.Render(v.err)
	}
	listed := 0
	for _, i := range v.list.order {
		if i >= friendFirst {
			listed++
		}
	}
	count := plural(len(v.rows), "friend", "friends")
	if listed != len(v.rows) {
		count = commas(listed) + " of " + count
	}
	parts := []string{count, v.list.sorting()}
	switch {
	case v.naming != 0:
		parts = append(parts, "naming "+commas(v.named)+" of "+commas(v.toName)+"…")
		if v.c.wait != "" {
			return v.c.waitNote(strings.Join(parts, " · "), v.list.w)
		}
	case v.unnamed > 0:
		parts = append(parts, plural(v.unnamed, "friend", "friends")+" not named yet")
	}
	if v.stale {
		parts = append(parts, "cached")
	}
	return s.Faint.Render(strings.Join(parts, " · "))
}
