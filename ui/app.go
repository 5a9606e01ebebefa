package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/psnclient/psn-client/psnapi"
)

// Display is what main detects about the terminal before the program starts (the background query
// cannot run once Bubble Tea owns stdin). The UI never asks the terminal itself.
type Display struct {
	// Renderer is the lipgloss renderer main warmed (ColorProfile, HasDarkBackground). Nil: a
	// renderer on stdout with Profile and Dark set explicitly.
	Renderer *lipgloss.Renderer
	Profile  termenv.Profile // termenv.Ascii under NO_COLOR or without colour
	Dark     bool
	Glamour  string   // glamour style name for Game Help ("dark", "light", "notty")
	Theme    string   // config theme preset: "", "default", "mono"
	Player   []string // argv of the video player, for Game Help
	// PlayerErr says why Player is empty when the configured player could not be read (a
	// PSN_PLAYER with an unterminated quote); opening a video shows it instead of "no video player found".
	PlayerErr error
	// Notifier is the argv of the desktop notifier (notify-send where present; the summary and body
	// are appended after "--"); empty: config notify uses the terminal's OSC 9.
	Notifier []string
	// Kitty says the terminal shows images with the kitty graphics protocol (KittyTerminal); they
	// are drawn that way only when config kitty is on too, half blocks otherwise.
	Kitty bool
}

// Options configure the TUI. Lib is the store; everything else has a sensible zero value.
type Options struct {
	Lib         Library
	Account     string // account for store calls: "me" (default) or a numeric account id
	AccountName string // shown in the status bar and header: the online ID
	Display     Display
	// Rate reads the client's rate window (psnapi.Client.Rate); optional.
	Rate func() psnapi.RateSnapshot
	// Subscribe pushes rate window changes (psnapi.Client.Subscribe); optional.
	Subscribe func() (<-chan psnapi.RateSnapshot, func())
	// Titles, when main has read the cache already, is shown in the first frame.
	Titles *TitleListInput
	// NeedLogin starts on the screen that explains how to log in or try the demo.
	NeedLogin bool
	// Compare starts in compare mode with this online ID or account ID (--compare); the lookup
	// runs in a command like c does.
	Compare string
	// User is the account to browse (--user NAME) when main could not resolve it without a request
	// (store.CachedUser): it is looked up in a command and the first frame says "looking up NAME…".
	// Account is then ignored.
	User string
	// Fill runs the background fill of the account's cache while the browser is open (logged in and
	// config autoSync): most recently played titles first, what is opened first; P pauses it.
	Fill bool
	// Watch checks for new trophies while the browser is open (logged in), every
	// store.WatchInterval; config bell and notify announce them beyond the status bar.
	Watch   bool
	Now     func() time.Time
	Context context.Context
}

// TitleListInput is a title list main read from the cache before starting (store.TitleList fields).
type TitleListInput struct {
	Titles    []psnapi.TrophyTitle
	FetchedAt time.Time
}

// Common is the state every view shares: passed in, never global. Only the UI goroutine touches it.
type Common struct {
	Styles  *Styles
	Keys    *KeyMap
	Lib     Library
	Display Display
	Account string
	Name    string
	Now     func() time.Time
	Ctx     context.Context
	Rate    func() psnapi.RateSnapshot
	// Reveal is the global "show hidden trophies" toggle (V), defaulting to store Config.Reveal.
	Reveal bool
	// Compare is the account compared with (c), nil outside compare mode. Every view reads it:
	// compare mode is state, not a second view tree.
	Compare *Account

	lastCompare string // prefill of the compare prompt: config compareUser, then the last one used

	lastID   uint64
	tasks    map[uint64]string
	revealed map[string]bool // per trophy reveal (v), by npCommID/trophyId
	// Game Help markers (helpmarks.go): per title, the trophy ids with help, learned once per
	// session; the running availability request per title; trophies whose tips hold a video.
	help       map[string]map[int]bool
	helpPend   map[string]uint64
	helpVideos map[string]bool
	// epoch moves whenever something rows are drawn from changes outside their view's data (a
	// trophy revealed, Game Help markers learned): lists drop the rows they keep rendered.
	epoch int
	frame string // spinner frame, for loading states inside views
	// wait is how the user's requests wait for the budget right now ("waiting 1m50s for the request
	// budget (300/15m)", "PSN asked to wait (429) · 24s"), "" when they do not: set with the status
	// line, shown in every loading line so no wait is silent.
	wait, waitShort string
	// looking holds the lookups running (--user, --compare, c), by request id: the status bar says so.
	looking map[uint64]string
	// fill is the background fill as the status bar and coverage notes show it.
	fill fillStatus
	// subscribed: the client pushes rate snapshots (Options.Subscribe), so the one-second tick
	// need not read them.
	subscribed bool
	// slow turns on loading text 100 ms after a view starts waiting, so a quick cache read never
	// flashes "Loading…"; loadSeq identifies the latest timer.
	slow    bool
	loadSeq int
	// tick schedules a timed message (tea.Tick); tests replace it so nothing waits on the wall clock.
	tick func(time.Duration, func(time.Time) tea.Msg) tea.Cmd

	// pictures: icons and avatars are drawn (config pictures, at least 256 colours); kitty draws
	// them with the kitty graphics protocol (nil: half blocks); picLines keeps the half-block
	// pictures drawn in this session (pictures.go).
	pictures bool
	kitty    *kittyOut
	picLines map[string][]string
	// now is what you and the compared account play (nowplaying.go), shown in the title list's heading.
	now nowPlaying
}

func (c *Common) newID() uint64 { c.lastID++; return c.lastID }

// track registers a running request so the status bar counts it; its result message ends it.
func (c *Common) track(id uint64, label string) { c.tasks[id] = label }

func (c *Common) env() env {
	return env{ctx: c.Ctx, lib: c.Lib, rate: c.Rate, now: c.Now()}
}

func revealKey(npCommID string, id int) string { return npCommID + "/" + strconv.Itoa(id) }

// shown reports whether a hidden trophy's name and detail may be displayed.
func (c *Common) shown(npCommID string, r *trophyRow) bool {
	return !r.hidden || c.Reveal || c.revealed[revealKey(npCommID, r.id)]
}

// toggleReveal handles v (reveal or hide again trophy id of the title; id < 0: none selected) and V
// (every hidden trophy), and reports whether msg was one of them.
func (c *Common) toggleReveal(msg tea.KeyMsg, npCommID string, id int) bool {
	switch {
	case key.Matches(msg, c.Keys.Reveal):
		if id >= 0 {
			rk := revealKey(npCommID, id)
			c.revealed[rk] = !c.revealed[rk]
		}
	case key.Matches(msg, c.Keys.RevealAll):
		c.Reveal = !c.Reveal
	default:
		return false
	}
	c.epoch++
	return true
}

// loading renders a view's loading line, w cells at most, with the spinner ("" during the first
// 100 ms, unless the request is known to wait for the budget: a wait is said at once, with its
// countdown, shortened before it is cut).
func (c *Common) loading(what string, w int) string {
	if !c.slow && c.wait == "" {
		return ""
	}
	return c.spinLine(what, w)
}

// lookingUp is the line of a view waiting for a lookup: shown at once (it is a request, never a
// quick cache read), with the wait if the budget holds it.
func (c *Common) lookingUp(name string, w int) string {
	return c.spinLine("looking up "+name+"…", w)
}

// reading is loading for work that never waits for the budget (a cache read).
func (c *Common) reading(what string) string {
	if !c.slow {
		return ""
	}
	return c.spinLine(what, 0)
}

// spinLine is " ⣾ what · wait": the wait in full, else in short, else alone, whichever fits w
// (w <= 0: no limit).
func (c *Common) spinLine(what string, w int) string {
	f := c.frame
	if f == "" {
		f = "⣾"
	}
	head := " " + c.Styles.Accent.Render(f) + " "
	if c.wait == "" {
		return head + what
	}
	options := []string{what + " · " + c.wait, what + " · " + c.waitShort, c.waitShort}
	for _, o := range options {
		if w <= 0 || 3+width(o) <= w {
			return head + o
		}
	}
	return head + truncate(c.waitShort, max(0, w-3))
}

// waitNote is a footer's "prefix · wait", the wait in short when the full one does not fit w.
func (c *Common) waitNote(prefix string, w int) string {
	if width(prefix)+3+width(c.wait) <= w-1 {
		return c.Styles.Faint.Render(prefix+" · ") + c.wait
	}
	return c.Styles.Faint.Render(prefix+" · ") + c.waitShort
}

// lookups are the names being looked up, oldest first.
func (c *Common) lookups() []string {
	if len(c.looking) == 0 {
		return nil
	}
	ids := make([]uint64, 0, len(c.looking))
	for id := range c.looking {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = c.looking[id]
	}
	return out
}

// view is one screen of the stack. Future views (compare, Game Help, next to hunt) implement it too.
type view interface {
	Update(tea.Msg) (view, tea.Cmd)
	View() string // exactly the size last given to SetSize
	SetSize(w, h int)
	help.KeyMap
	Crumb() string
	// typing reports a focused text input: only ctrl+c stays global, letters go to the input.
	typing() bool
	// back handles esc itself (clearing a filter) and reports whether it did; false lets the app pop.
	back() bool
}

// keyOwner is a view that takes a key the app would otherwise handle (← in the trophy detail steps
// to the previous trophy instead of going back).
type keyOwner interface {
	ownsKey(tea.KeyMsg) bool
}

// Model is the root Bubble Tea model: a stack of views, the help line and the status bar.
type Model struct {
	c      *Common
	stack  []view
	status statusBar
	help   help.Model
	w, h   int
	// The help and status lines, rendered at the end of each Update (the status bar reads the
	// clock there, so View never does).
	helpLine, statusLine string
	lookup               compareLookup
	init                 []tea.Cmd
	sub                  func() (<-chan psnapi.RateSnapshot, func())
	unsub                func()
	cancel               context.CancelFunc // ends the requests still running when the program ends
	// user is the --user lookup running (Options.User), compare the --compare name waiting for it.
	user    userLookup
	compare string
	// bg is the background work of a logged-in browser: the fill and the check for new trophies.
	bg background
	// out is the terminal (Run's locked output): the bell and OSC 9 notifications are written there.
	out io.Writer
}

// New builds the root model. Nothing is read or requested until the program runs Init's commands.
func New(o Options) *Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	ctx, cancel := context.WithCancel(o.Context)
	if o.Account == "" {
		o.Account = "me"
	}
	switch {
	case o.NeedLogin || o.Lib == nil:
		o.AccountName = "psn-client" // nobody is logged in: the status bar names the app, not an account
	case o.AccountName == "":
		o.AccountName = o.Account
		if o.Account == "me" {
			o.AccountName = "You"
		}
	}
	r := o.Display.Renderer
	if r == nil {
		r = lipgloss.NewRenderer(os.Stdout, termenv.WithProfile(o.Display.Profile))
		r.SetColorProfile(o.Display.Profile)
		r.SetHasDarkBackground(o.Display.Dark)
	}
	theme, _ := ThemeByName(o.Display.Theme)
	c := &Common{
		Styles: NewStyles(theme, r), Keys: DefaultKeyMap(), Lib: o.Lib, Display: o.Display,
		Account: o.Account, Name: clean(o.AccountName), Now: o.Now, Ctx: ctx, Rate: o.Rate,
		tasks: map[uint64]string{}, revealed: map[string]bool{}, tick: tea.Tick, looking: map[uint64]string{},
		help: map[string]map[int]bool{}, helpPend: map[string]uint64{}, helpVideos: map[string]bool{},
	}
	m := &Model{c: c, help: help.New(), sub: o.Subscribe, cancel: cancel}
	m.help.Styles = c.Styles.Help
	m.help.ShortSeparator = " · "
	m.status = newStatusBar()
	if o.NeedLogin || o.Lib == nil {
		m.stack = []view{newLoginView(c)}
		return m
	}
	cfg := o.Lib.Config()
	c.Reveal, c.lastCompare = cfg.Reveal, cfg.CompareUser
	c.pictures = picturesFor(cfg.Pictures(), o.Display.Profile)
	m.bg = background{fill: o.Fill, watch: o.Watch, bell: cfg.Bell, notify: cfg.Notify}
	// With a fill, the fill's title list is the refresh: the titles view does not ask for it too.
	c.fill.ownsList = o.Fill
	if q := strings.TrimSpace(o.User); q != "" {
		// Nothing about the account is known before the lookup: the first frame says so.
		c.Account, c.Name = "", clean(q)
		m.stack = []view{newLookupView(c, q)}
		m.init = append(m.init, m.lookUpUser(q))
		m.compare = strings.TrimSpace(o.Compare)
		return m
	}
	tv, cmd := newTitlesView(c, o.Titles)
	m.stack = []view{tv}
	m.init = append(m.init, cmd)
	if q := strings.TrimSpace(o.Compare); q != "" {
		m.init = append(m.init, m.startCompare(q))
	}
	return m
}

// Run starts the TUI on the terminal and returns when the user quits.
func Run(o Options, opts ...tea.ProgramOption) error {
	m := New(o)
	out := newTermOutput(os.Stdout)
	m.out = out
	if m.c.pictures && o.Display.Kitty && o.Display.Profile == termenv.TrueColor && o.Lib != nil && o.Lib.Config().Kitty {
		m.c.kitty = newKittyOut(out)
	}
	base := []tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithOutput(out)}
	if o.Context != nil {
		base = append(base, tea.WithContext(o.Context))
	}
	_, err := tea.NewProgram(m, append(base, opts...)...).Run()
	m.Close()
	if errors.Is(err, tea.ErrProgramKilled) && o.Context != nil && o.Context.Err() != nil {
		return nil
	}
	return err
}

// Close ends the requests still running, the background fill (what it fetched is kept; Close
// returns once it has stopped) and the rate subscription. Run calls it; callers of New that run their
// own program call it after the program ends.
func (m *Model) Close() {
	if m.c.kitty != nil {
		m.c.kitty.remove(nil)
	}
	m.cancel()
	m.bg.stop()
	if m.unsub != nil {
		m.unsub()
		m.unsub = nil
	}
}

// loadingSoon arms the 100 ms timer after which views may say they are loading.
func (m *Model) loadingSoon() tea.Cmd {
	m.c.slow = false
	m.c.loadSeq++
	seq := m.c.loadSeq
	return m.c.tick(100*time.Millisecond, func(time.Time) tea.Msg { return loadingDueMsg{seq: seq} })
}

// Init starts the commands New prepared: the cache read first, never a request before it.
func (m *Model) Init() tea.Cmd {
	cmds := append([]tea.Cmd{m.loadingSoon()}, m.init...)
	m.init = nil
	if m.sub != nil {
		ch, cancel := m.sub()
		m.unsub = cancel
		m.c.subscribed = true
		cmds = append(cmds, waitForRate(ch))
	}
	if len(m.c.tasks) > 0 {
		cmds = append(cmds, m.status.startSpinner())
	}
	return tea.Batch(cmds...)
}

func (m *Model) top() view { return m.stack[len(m.stack)-1] }

// Update routes keys to the top view (then app keys), results to every view (each keeps only its own
// answers) and status information to the status bar.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	tasksBefore := len(m.c.tasks)
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = max(0, msg.Width), max(0, msg.Height)
		m.relayout()
		// Views that render for a width (Game Help) start a new render.
		for i, v := range m.stack {
			nv, cmd := v.Update(msg)
			m.stack[i] = nv
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !m.top().typing() {
			// Keys typed ahead arrive as one message ("jj"): handle them one by one, so bindings
			// match and a "/" among them moves the rest into the filter.
			for _, r := range msg.Runes {
				_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
				cmds = append(cmds, cmd)
			}
			return m, tea.Batch(cmds...)
		}
		cmd, handled := m.handleKey(msg)
		cmds = append(cmds, cmd)
		if !handled {
			v, cmd := m.top().Update(msg)
			m.stack[len(m.stack)-1] = v
			cmds = append(cmds, cmd)
		}
	case tea.MouseMsg:
		v, cmd := m.top().Update(msg)
		m.stack[len(m.stack)-1] = v
		cmds = append(cmds, cmd)
	case openTitleMsg:
		var v view
		var cmd tea.Cmd
		vs := newVersus(m.c, msg.their, msg.notMine)
		if msg.title.HasTrophyGroups && msg.title.TrophyGroupCount != 1 {
			v, cmd = newGroupsView(m.c, msg.title, vs)
		} else {
			v, cmd = newTrophiesView(m.c, msg.title, nil, "", vs)
		}
		m.push(v)
		cmds = append(cmds, cmd, m.loadingSoon())
	case openGroupMsg:
		v, cmd := newTrophiesView(m.c, msg.data.title, msg.data, msg.group, msg.vs)
		m.push(v)
		cmds = append(cmds, cmd)
	case openGameHelpMsg:
		v, cmd := newGameHelpView(m.c, msg.title, msg.trophy)
		m.push(v)
		cmds = append(cmds, cmd, m.loadingSoon())
	case playerStartedMsg:
		text := "opened in " + msg.name
		if msg.err != nil {
			text = clean(msg.err.Error())
			if msg.name != "" {
				text = msg.name + ": " + text
			}
		}
		cmds = append(cmds, m.status.setNote(m.c, text))
	case openLibraryMsg:
		v, cmd := newLibraryView(m.c, msg)
		if old, ok := m.top().(libraryView); ok {
			// One library view in place of another: esc goes back to where they were opened from.
			m.stack = m.stack[:len(m.stack)-1]
			cmds = append(cmds, m.dropped(old))
		}
		m.push(v)
		cmds = append(cmds, cmd, m.loadingSoon())
	case openTrophyMsg:
		m.push(newDetailView(m.c, msg.data, msg.order, msg.pos, msg.vs))
	case openHuntTrophyMsg:
		var their *psnapi.TrophyTitle
		if tv, ok := m.stack[0].(*titlesView); ok && m.c.Compare != nil {
			their, _ = tv.set.theirTitle(msg.title.NPCommunicationID)
		}
		v, cmd := newTrophiesView(m.c, msg.title, nil, msg.group, newVersus(m.c, their, false))
		v.focus, v.hasFocus = msg.trophyID, true
		m.push(v)
		cmds = append(cmds, cmd, m.loadingSoon())
	case openBoardMsg:
		v, cmd := newBoardView(m.c, msg.title)
		m.push(v)
		cmds = append(cmds, cmd, m.loadingSoon())
	case compareChosenMsg:
		cmds = append(cmds, m.onCompareChosen(msg))
	case presenceDueMsg:
		if msg.seq == m.c.now.seq {
			cmds = append(cmds, m.askPresence())
		}
	case presenceLoadedMsg:
		delete(m.c.tasks, msg.id)
		cmds = append(cmds, m.status.onResult(msg, m.c), m.onPresence(msg))
		for i, v := range m.stack {
			nv, cmd := v.Update(msg)
			m.stack[i] = nv
			cmds = append(cmds, cmd)
		}
	case compareResolvedMsg:
		delete(m.c.tasks, msg.id)
		delete(m.c.looking, msg.id)
		cmds = append(cmds, m.status.onResult(msg, m.c), m.onCompareResolved(msg))
	case replaceViewMsg:
		for i, v := range m.stack {
			if v == msg.old {
				m.stack[i] = msg.new
			}
		}
		m.relayout()
	case loginNeededMsg:
		m.stack = []view{newLoginView(m.c)}
		m.relayout()
	case loadingDueMsg:
		if msg.seq == m.c.loadSeq {
			m.c.slow = true
		}
	case noteMsg:
		cmds = append(cmds, m.status.setNote(m.c, msg.text))
	case rateMsg:
		m.status.setRate(msg.snap, m.c.Now())
		cmds = append(cmds, waitForRate(msg.ch), m.status.maybeTick(m.c))
	case userResolvedMsg:
		delete(m.c.tasks, msg.id)
		delete(m.c.looking, msg.id)
		cmds = append(cmds, m.status.onResult(msg, m.c), m.onUserResolved(msg))
	case fillProgressMsg:
		cmds = append(cmds, m.onFillProgress(msg))
	case fillEndedMsg:
		cmds = append(cmds, m.onFillEnded(msg))
	case watchDueMsg:
		cmds = append(cmds, m.onWatchDue(msg))
	case newTrophiesMsg:
		cmds = append(cmds, m.status.onResult(msg, m.c), m.onNewTrophies(msg))
	default:
		if hm, ok := msg.(hintsLoadedMsg); ok {
			m.c.applyHints(hm)
		}
		if r, ok := msg.(result); ok {
			delete(m.c.tasks, r.reqID())
			cmds = append(cmds, m.status.onResult(r, m.c))
			if err := r.failure(); err != nil && errors.Is(err, psnapi.ErrLoginRequired) && m.onlyEmptyTitles() {
				m.stack = []view{newLoginView(m.c)}
				m.relayout()
				return m, tea.Batch(cmds...)
			}
		}
		cmd := m.status.update(msg, m.c)
		cmds = append(cmds, cmd)
		// Results and other messages reach every view; each applies only its own answers.
		for i, v := range m.stack {
			nv, cmd := v.Update(msg)
			m.stack[i] = nv
			cmds = append(cmds, cmd)
		}
	}
	if len(m.c.tasks) > 0 && tasksBefore == 0 || len(m.c.tasks) > 0 && !m.status.spinning {
		cmds = append(cmds, m.status.startSpinner())
	}
	if len(m.c.tasks) == 0 {
		m.status.spinning = false
		m.c.frame = ""
	}
	if cmd := m.startBackground(); cmd != nil {
		cmds = append(cmds, cmd)
	}
	if !m.c.now.started {
		cmds = append(cmds, m.startPresence())
	}
	if p, ok := m.top().(picturer); ok {
		cmds = append(cmds, p.pictureCmd())
	}
	m.renderChrome()
	return m, tea.Batch(cmds...)
}

// renderChrome renders the help and status lines for View, and the wait every loading line shows
// (the clock is read here, in Update, never in View).
func (m *Model) renderChrome() {
	m.c.wait, m.c.waitShort = "", ""
	if m.status.hasRate {
		now := m.c.Now()
		m.c.wait, m.c.waitShort = holdOf(m.status.rate, now).text(m.status.rate, now)
	}
	m.helpLine = m.helpView()
	m.statusLine = m.status.view(m.c, m.crumbs(), m.w)
}

func (m *Model) onlyEmptyTitles() bool {
	if len(m.stack) != 1 {
		return false
	}
	tv, ok := m.stack[0].(*titlesView)
	return ok && len(tv.rows) == 0
}

// handleKey deals with the app-wide keys: ctrl+c always, the rest only when no input has focus.
func (m *Model) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.c.Keys
	if key.Matches(msg, k.ForceQuit) {
		return tea.Quit, true
	}
	if fv, ok := m.top().(*friendsView); ok {
		// Enter and esc close the friends list here, at once: a key typed next is not typed into it.
		switch msg.Type {
		case tea.KeyEsc:
			return m.pop(fv), true
		case tea.KeyEnter:
			if q, ok := fv.choice(); ok {
				return m.onCompareChosen(compareChosenMsg{query: q}), true
			}
		}
	}
	if m.top().typing() {
		return nil, false
	}
	if o, ok := m.top().(keyOwner); ok && o.ownsKey(msg) {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit, true
	case key.Matches(msg, k.Compare) && m.canCompare():
		if m.c.Compare != nil || m.lookup.pend != 0 {
			return m.leaveCompare(), true
		}
		return m.openFriends(), true
	case m.bg.running() && key.Matches(msg, k.Fill): // running() first: matching costs an allocation per keystroke
		return m.toggleFill(), true
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.relayout()
		return nil, true
	case key.Matches(msg, k.Back):
		if m.top().back() {
			return nil, true
		}
		if len(m.stack) > 1 {
			return m.pop(m.top()), true
		}
		return nil, false
	}
	return nil, false
}

func (m *Model) push(v view) {
	m.stack = append(m.stack, v)
	m.relayout()
}

// pop takes v off the top of the stack (nothing when it is not there: it left already) and
// returns what ends its work (dropped).
func (m *Model) pop(v view) tea.Cmd {
	if len(m.stack) < 2 || m.top() != v {
		return nil
	}
	m.stack = m.stack[:len(m.stack)-1]
	m.c.Keys.setTyping(m.top().typing())
	m.relayout()
	return m.dropped(v)
}

// helpView is the short help line, or the full help under ?, indented one cell.
func (m *Model) helpView() string {
	m.help.Width = max(0, m.w-1)
	if m.w < 1 || m.h < 3 {
		return ""
	}
	keys := m.helpKeys()
	s := m.help.View(keys)
	if m.help.ShowAll {
		natural := m.help
		natural.Width = 0 // bubbles cuts columns that do not fit: measure them uncut
		if lipgloss.Width(natural.View(keys)) > m.w-1 {
			s = m.flowHelp(keys.FullHelp())
		}
		s = clampLines(s, m.w-1, max(1, min(lipgloss.Height(s), m.h-3)))
	} else {
		// bubbles' short help keeps adding items when not even its ellipsis fits: cut it here.
		s = truncate(s, m.w-1)
	}
	return indent(s)
}

// flowHelp lays the full help out as wrapped lines when its columns do not fit side by side.
func (m *Model) flowHelp(groups [][]key.Binding) string {
	st := m.c.Styles.Help
	var lines []string
	line, lw := "", 0
	for _, g := range groups {
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			item := st.FullKey.Render(b.Help().Key) + " " + st.FullDesc.Render(b.Help().Desc)
			iw := width(b.Help().Key) + 1 + width(b.Help().Desc)
			if lw > 0 && lw+3+iw > m.w-1 {
				lines = append(lines, line)
				line, lw = "", 0
			}
			if lw > 0 {
				line += st.FullSeparator.Render(" · ")
				lw += 3
			}
			line += item
			lw += iw
		}
	}
	if lw > 0 {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func indent(s string) string {
	if s == "" {
		return s
	}
	return " " + strings.ReplaceAll(s, "\n", "\n ")
}

// relayout gives every view of the stack the body size, so going back lands on a correct layout.
func (m *Model) relayout() {
	hh := 0
	if h := m.helpView(); h != "" {
		hh = lipgloss.Height(h)
	}
	bh := max(0, m.h-1-hh)
	for _, v := range m.stack {
		v.SetSize(m.w, bh)
	}
	m.renderChrome()
}

// View renders the top view, the help and the status bar: at most h lines, none wider than w.
func (m *Model) View() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	var parts []string
	body := m.top().View()
	hv := m.helpLine
	if body != "" || m.h > 1 {
		parts = append(parts, body)
	}
	if hv != "" {
		parts = append(parts, hv)
	}
	parts = append(parts, m.statusLine)
	out := strings.Join(parts, "\n")
	if lipgloss.Height(out) > m.h {
		out = clampLines(out, m.w, m.h)
	}
	return out
}

func (m *Model) crumbs() []string {
	out := make([]string, 0, len(m.stack))
	for _, v := range m.stack {
		if c := v.Crumb(); c != "" {
			out = append(out, c)
		}
	}
	return out
}
