package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

var gradeNames = map[string]string{"platinum": "Platinum", "gold": "Gold", "silver": "Silver", "bronze": "Bronze"}

// detailView shows one trophy in full. Hidden, unearned trophies stay hidden until v (or V). ←/→
// (or p/n) step through the trophies as the list below shows them.
type detailView struct {
	c      *Common
	w, h   int
	data   *titleData
	order  []int // the trophies view's list: indices into data.trophies
	pos    int   // the trophy shown, in order
	vs     versus
	scroll int
	icon   picture // the trophy's icon at the right, when pictures are on and there is room
}

func newDetailView(c *Common, d *titleData, order []int, pos int, vs versus) *detailView {
	return &detailView{c: c, data: d, order: order, pos: pos, vs: vs}
}

func (v *detailView) trophy() *trophyRow { return &v.data.trophies[v.order[v.pos]] }

func (v *detailView) Crumb() string {
	t := v.trophy()
	if !v.c.shown(v.data.title.NPCommunicationID, t) {
		return "Hidden trophy"
	}
	return t.name
}

func (v *detailView) typing() bool { return false }
func (v *detailView) back() bool   { return false }

// ownsKey: ← steps to the previous trophy here, rather than going back (esc, backspace and h do).
func (v *detailView) ownsKey(msg tea.KeyMsg) bool { return key.Matches(msg, v.c.Keys.Prev) }

func (v *detailView) ShortHelp() []key.Binding {
	k := v.c.Keys
	return []key.Binding{withHelp(k.Move, "scroll"), k.Step, withHelp(k.Reveal, "reveal hidden"), k.Tips, withHelp(k.Back, "back to trophies"), k.Help, k.Quit}
}

func (v *detailView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{{withHelp(k.Up, "scroll up"), withHelp(k.Down, "scroll down"), k.Top}, {k.Prev, k.Next},
		{k.Reveal, k.RevealAll, k.Tips}, {withHelp(k.Back, "back to trophies"), k.Help, k.Quit}}
}

func (v *detailView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		k := v.c.Keys
		switch {
		case v.c.toggleReveal(msg, v.data.title.NPCommunicationID, v.trophy().id):
		case key.Matches(msg, k.Up):
			v.scroll = max(0, v.scroll-1)
		case key.Matches(msg, k.Down):
			v.scroll = min(v.scroll+1, max(0, len(v.lines())-v.h))
		case key.Matches(msg, k.Top):
			v.scroll = 0
		case key.Matches(msg, k.Prev):
			return v, v.step(-1)
		case key.Matches(msg, k.Next):
			return v, v.step(1)
		case key.Matches(msg, k.Tips):
			return v, send(openGameHelpMsg{title: v.data.title, trophy: *v.trophy()})
		}
	case trophiesLoadedMsg:
		v.onTrophies(msg)
	case pictureLoadedMsg:
		v.icon.update(v.c, msg)
	}
	return v, nil
}

// iconBox is the trophy icon's box for the view's size (trophy icons are square: 2 pixels a cell
// down, 1 across): none when pictures are off or there is no room beside the text.
func (v *detailView) iconBox() (cols, rows int) {
	switch {
	case !v.c.pictures:
		return 0, 0
	case v.w >= 80 && v.h >= 12:
		return 16, 8
	case v.w >= 56 && v.h >= 8:
		return 10, 5
	}
	return 0, 0
}

// pictureCmd shows the trophy's icon; a hidden trophy's only once it is revealed (its icon tells).
func (v *detailView) pictureCmd() tea.Cmd {
	cols, rows := v.iconBox()
	url := v.trophy().tr.TrophyIconURL
	if !v.c.shown(v.data.title.NPCommunicationID, v.trophy()) {
		url = ""
	}
	return v.icon.show(v.c, url, cols, rows, alignCentre)
}

// kittyImages is the icon's kitty image, deleted when the view goes.
func (v *detailView) kittyImages() []uint32 { return []uint32{v.icon.kitty} }

// step shows the previous (-1) or next (1) trophy of the list; the list below follows.
func (v *detailView) step(d int) tea.Cmd {
	p := v.pos + d
	if p < 0 || p >= len(v.order) {
		return nil
	}
	v.pos, v.scroll = p, 0
	return send(trophyShownMsg{npCommID: v.data.title.NPCommunicationID, id: v.trophy().id})
}

// onTrophies takes fresher data of the title (a refresh from the view below, following every trophy
// by id) and the other account's trophies when they land.
func (v *detailView) onTrophies(msg trophiesLoadedMsg) {
	if msg.npCommID != v.data.title.NPCommunicationID || msg.data == nil || msg.err != nil {
		return
	}
	if v.vs.on && msg.account == v.vs.other.acct() {
		v.vs.update(msg, &titleLoader{})
		return
	}
	if msg.account != v.c.Account || msg.cached {
		return
	}
	at := make(map[int]int, len(msg.data.trophies))
	for i, t := range msg.data.trophies {
		at[t.id] = i
	}
	shown := v.trophy().id
	order := make([]int, 0, len(v.order))
	pos := 0
	for _, i := range v.order {
		id := v.data.trophies[i].id
		if j, ok := at[id]; ok {
			if id == shown {
				pos = len(order)
			}
			order = append(order, j)
		}
	}
	if len(order) > 0 {
		v.data, v.order, v.pos = msg.data, order, pos
	}
}

func (v *detailView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.scroll = min(v.scroll, max(0, len(v.lines())-h))
}

// lines is the detail's content wrapped to the width (computed from state: cheap, a dozen lines).
func (v *detailView) lines() []string {
	if v.w <= 0 {
		return nil
	}
	s := v.c.Styles
	t := v.trophy()
	shown := v.c.shown(v.data.title.NPCommunicationID, t)
	inner := max(1, v.w-2)
	if v.icon.on() {
		inner = max(1, inner-v.icon.cols-2) // the icon stands at the right of the text
	}
	grade := s.GradeStyle(t.grade).Render(t.grade.Letter() + " " + gradeNames[string(t.grade)])
	name, detail := t.name, t.detail
	if !shown {
		name = "Hidden trophy"
		detail = "This trophy is hidden until you earn it. Press v to reveal it, V to reveal all."
	}
	gw := lipgloss.Width(grade)
	var out []string
	if inner-gw-1 >= 8 {
		nm := truncate(name, inner-gw-1)
		out = append(out, " "+s.Heading.Render(nm)+spaces(inner-width(nm)-gw)+grade)
	} else {
		out = append(out, " "+s.Heading.Render(truncate(name, inner)), " "+grade)
	}
	if detail != "" {
		for _, l := range wrap(detail, inner) {
			out = append(out, " "+l)
		}
	}
	out = append(out, "")
	rarity := "–"
	if t.hasRate {
		rarity = t.rarity + " (" + s.TierStyle(t.rare).Render(t.rare.String()) + ")"
	}
	earned := s.Faint.Render("not earned")
	if v.data.earnedUnknown {
		earned = s.Faint.Render("…")
	}
	if t.earned {
		earned = s.Earned.Render("✓ earned")
		if !t.earnedAt.IsZero() {
			earned += " " + t.earnedAt.Format("2006-01-02 15:04")
		}
	}
	progress := "–"
	if t.target > 0 {
		progress = s.Bar.Render("▕"+bar(t.progress*100/t.target, 8)+"▏") + " " + strconv.Itoa(t.progress) + "/" + strconv.Itoa(t.target)
	}
	reward := "–"
	if r := clean(t.tr.TrophyRewardName); r != "" {
		reward = r
	}
	field := func(label, value string) {
		for i, l := range wrap(label+": "+value, inner) {
			if i == 0 {
				l = s.Faint.Render(label+":") + strings.TrimPrefix(l, label+":")
			}
			out = append(out, " "+l)
		}
	}
	field("Group", t.groupName)
	field("Rarity", rarity)
	field("Earned", earned)
	if name := v.c.compareName(); name != "" {
		their := v.vs.their(t.id)
		theirs := s.Faint.Render("not earned")
		switch {
		case their == nil && v.vs.waiting():
			theirs = s.Faint.Render("…")
		case their == nil:
			theirs = s.Faint.Render("–")
		case their.earned:
			theirs = s.Earned.Render("✓ earned")
			if !their.earnedAt.IsZero() {
				theirs += " " + their.earnedAt.Format("2006-01-02 15:04")
			}
		}
		field(name, theirs)
	}
	field("Progress", progress)
	field("Reward", reward)
	switch v.c.helpMark(v.data.title.NPCommunicationID, t.id) {
	case helpText:
		out = append(out, " "+s.Accent.Render("Game Help available: t"))
	case helpVideo:
		out = append(out, " "+s.Accent.Render("Game Help available (with a video): t"))
	}
	field("Title", v.data.name)
	if u := clean(t.tr.TrophyIconURL); u != "" && shown && !v.icon.on() {
		field("Icon", u)
	}
	if v.icon.on() {
		for len(out) < v.icon.rows {
			out = append(out, "")
		}
		for i := range v.icon.rows {
			out[i] = fit(out[i], inner+1) + "  " + v.icon.line(i)
		}
	}
	return out
}

// wrap breaks text into lines of at most w cells. A word longer than a line (a URL) is broken after
// its last '/' (or other URL punctuation) that fits, and cut only when it has none.
func wrap(text string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	var cur strings.Builder
	cw := 0
	for _, word := range strings.Fields(text) {
		ww := width(word)
		for ww > w {
			if cw > 0 {
				out = append(out, cur.String())
				cur.Reset()
				cw = 0
			}
			head := breakWord(word, w)
			out = append(out, head)
			word = word[len(head):]
			ww = width(word)
		}
		switch {
		case cw == 0:
			cur.WriteString(word)
			cw = ww
		case cw+1+ww <= w:
			cur.WriteByte(' ')
			cur.WriteString(word)
			cw += 1 + ww
		default:
			out = append(out, cur.String())
			cur.Reset()
			cur.WriteString(word)
			cw = ww
		}
	}
	if cw > 0 {
		out = append(out, cur.String())
	}
	return out
}

// breakWord is the head of a word too long for w cells: up to its last break point that fits
// ('/' first, then '?', '&', '=', '-', '_', '.'), else the most that fits (at least one rune).
func breakWord(word string, w int) string {
	head := truncateNoTail(word, w)
	for _, seps := range []string{"/", "?&=", "-_."} {
		if i := strings.LastIndexAny(head, seps); i > 0 && i < len(head)-1 {
			return head[:i+1]
		}
	}
	return head
}

// truncateNoTail cuts s to at most w cells, at least one rune.
func truncateNoTail(s string, w int) string {
	cw := 0
	for i, r := range s {
		rw := width(string(r))
		if cw+rw > w && i > 0 {
			return s[:i]
		}
		cw += rw
	}
	return s
}

func (v *detailView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	ls := v.lines()
	from := min(v.scroll, max(0, len(ls)-1))
	ls = ls[from:]
	return clampLines(strings.Join(ls, "\n"), v.w, v.h)
}
