package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

var gradeNames = map[string]string{"platinum": "Platinum", "gold": "Gold", "silver": "Silver", "bronze": "Bronze"}

// detailView shows one trophy in full. Hidden, unearned trophies stay hidden until v (or V).
type detailView struct {
	c      *Common
	w, h   int
	data   *titleData
	idx    int
	their  *trophyRow // compare mode: the other account's status of the trophy
	scroll int
}

func newDetailView(c *Common, d *titleData, idx int, their *trophyRow) *detailView {
	return &detailView{c: c, data: d, idx: idx, their: their}
}

func (v *detailView) trophy() *trophyRow { return &v.data.trophies[v.idx] }

func (v *detailView) Crumb() string {
	t := v.trophy()
	if !v.c.shown(v.data.title.NPCommunicationID, t) {
		return "Hidden trophy"
	}
	return t.name
}

func (v *detailView) typing() bool { return false }
func (v *detailView) back() bool   { return false }

func (v *detailView) ShortHelp() []key.Binding {
	k := v.c.Keys
	return []key.Binding{withHelp(k.Reveal, "reveal hidden"), k.RevealAll, k.Tips, withHelp(k.Back, "back to trophies"), k.Move, k.Help, k.Quit}
}

func (v *detailView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{{withHelp(k.Up, "scroll up"), withHelp(k.Down, "scroll down")}, {k.Reveal, k.RevealAll, k.Tips}, {withHelp(k.Back, "back to trophies"), k.Help, k.Quit}}
}

func (v *detailView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		k := v.c.Keys
		switch {
		case key.Matches(msg, k.Up):
			v.scroll = max(0, v.scroll-1)
		case key.Matches(msg, k.Down):
			v.scroll = min(v.scroll+1, max(0, len(v.lines())-v.h))
		case key.Matches(msg, k.Top):
			v.scroll = 0
		case key.Matches(msg, k.Reveal):
			rk := revealKey(v.data.title.NPCommunicationID, v.trophy().id)
			v.c.revealed[rk] = !v.c.revealed[rk]
		case key.Matches(msg, k.RevealAll):
			v.c.Reveal = !v.c.Reveal
		case key.Matches(msg, k.Tips):
			return v, send(openGameHelpMsg{title: v.data.title, trophy: *v.trophy()})
		}
	case trophiesLoadedMsg:
		// A refresh of the same title (from the view below) brings fresher data: follow the trophy by id.
		if msg.npCommID == v.data.title.NPCommunicationID && msg.account == v.c.Account && msg.data != nil && !msg.cached && msg.err == nil {
			id := v.trophy().id
			for i, t := range msg.data.trophies {
				if t.id == id {
					v.data, v.idx = msg.data, i
				}
			}
		}
	}
	return v, nil
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
		theirs := s.Faint.Render("not earned")
		switch {
		case v.their == nil:
			theirs = s.Faint.Render("–")
		case v.their.earned:
			theirs = s.Earned.Render("✓ earned")
			if !v.their.earnedAt.IsZero() {
				theirs += " " + v.their.earnedAt.Format("2006-01-02 15:04")
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
	if u := clean(t.tr.TrophyIconURL); u != "" && shown {
		field("Icon", u)
	}
	return out
}

// wrap breaks text into lines of at most w cells (long words are cut).
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
			head := truncateNoTail(word, w)
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
