package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/glamour"
	"github.com/muesli/termenv"
	"github.com/psnclient/psn-client/psnapi"
)

// gameHelpLoadedMsg answers loadGameHelp: whether the trophy has Game Help, and its tips.
type gameHelpLoadedMsg struct {
	answer
	has  bool
	req  psnapi.TipRequest
	tips psnapi.Tips
}

// helpRenderedMsg carries Markdown rendered for one width; applied only when both still match.
type helpRenderedMsg struct {
	id    uint64
	width int
	text  string
	err   error
}

// playerStartedMsg says whether the video player started.
type playerStartedMsg struct {
	name string
	err  error
}

// loadGameHelp asks the store which trophies of the title have Game Help (cached for days), then the
// tips of this one.
func loadGameHelp(e env, id uint64, title psnapi.TrophyTitle, trophyID int) tea.Cmd {
	return func() tea.Msg {
		m := gameHelpLoadedMsg{answer: answer{id: id}}
		avail, err := e.lib.HintAvailability(e.ctx, title)
		if err != nil {
			m.err = err
			e.snapshot(&m.answer)
			return m
		}
		for _, h := range avail.Trophies {
			if strings.TrimSpace(h.TrophyID) == strconv.Itoa(trophyID) {
				m.has = true
				m.req = psnapi.TipRequest{TrophyID: h.TrophyID, UDSObjectID: h.UDSObjectID, HelpType: h.HelpType}
				break
			}
		}
		if m.has {
			m.tips, m.err = e.lib.Tips(e.ctx, title.NPCommunicationID, m.req)
		}
		e.snapshot(&m.answer)
		return m
	}
}

// renderHelp renders Markdown with glamour for a width, inside a command (never in Update).
func renderHelp(id uint64, md string, width int, d Display) tea.Cmd {
	return func() tea.Msg {
		style := d.Glamour
		switch {
		case d.Profile == termenv.Ascii:
			style = "notty"
		case style == "":
			style = "dark"
			if !d.Dark {
				style = "light"
			}
		}
		r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(max(10, min(width, 120))),
			glamour.WithColorProfile(d.Profile))
		if err != nil {
			return helpRenderedMsg{id: id, width: width, err: err}
		}
		out, err := r.Render(md)
		return helpRenderedMsg{id: id, width: width, text: strings.Trim(out, "\n"), err: err}
	}
}

// playVideo gets a fresh video URL (they carry short-lived tokens) and starts the player detached:
// no terminal, its own session, reaped in the background.
func playVideo(e env, d Display, npCommID string, req psnapi.TipRequest, tipID string) tea.Cmd {
	argv := d.Player
	return func() tea.Msg {
		if len(argv) == 0 && d.PlayerErr != nil {
			return playerStartedMsg{err: d.PlayerErr}
		}
		if len(argv) == 0 {
			return playerStartedMsg{err: fmt.Errorf("no video player found: set PSN_PLAYER (mpv, vlc…)")}
		}
		name := filepath.Base(argv[0])
		url, err := e.lib.FreshMediaURL(e.ctx, npCommID, req, tipID)
		if err != nil {
			return playerStartedMsg{name: name, err: err}
		}
		args, err := playerArgs(argv, url)
		if err != nil {
			return playerStartedMsg{name: name, err: err}
		}
		return playerStartedMsg{name: name, err: startDetached(context.WithoutCancel(e.ctx), args)}
	}
}

// hasVideo reports whether tips hold a video tip.
func hasVideo(t psnapi.Tips) bool {
	for _, tr := range t.Trophies {
		for _, g := range tr.Groups {
			for _, tc := range g.TipContents {
				if tc.IsVideo() {
					return true
				}
			}
		}
	}
	return false
}

// gameHelpView shows the Game Help of one trophy as rendered Markdown; o (or 1–9) opens a video tip.
type gameHelpView struct {
	c       *Common
	w, h    int
	title   psnapi.TrophyTitle
	trophy  trophyRow
	pending uint64
	loaded  bool
	err     string
	req     psnapi.TipRequest
	md      string
	videos  []psnapi.TipContent

	renderID   uint64
	renderW    int
	lines      []string
	offset     int
	wantRender bool
}

// newGameHelpView opens the Game Help of a trophy. Nothing is asked when the answer is known: a
// PS3/PS4/Vita set has no Game Help, and a hidden trophy's tips wait until it is revealed.
func newGameHelpView(c *Common, title psnapi.TrophyTitle, t trophyRow) (*gameHelpView, tea.Cmd) {
	v := &gameHelpView{c: c, title: title, trophy: t}
	switch {
	case !c.shown(title.NPCommunicationID, &t):
		return v, v.show("This trophy is hidden. Go back and press v to reveal it before reading its Game Help.\n")
	case !gameHelpPlatform(title):
		return v, v.show("Game Help exists for PS5 and PC trophies only; this is a " + platformLabel(title) + " trophy.\n")
	}
	v.pending = c.newID()
	c.track(v.pending, "game help")
	return v, loadGameHelp(c.env(), v.pending, title, t.id)
}

// show makes a message the view's content, with no request; it is rendered once the view has its
// size (helpNoteMsg).
func (v *gameHelpView) show(md string) tea.Cmd {
	v.loaded, v.md = true, md
	v.pending = v.c.newID()
	return send(helpNoteMsg{id: v.pending})
}

// helpNoteMsg asks the Game Help view that made it to render its message, now that it has a size.
type helpNoteMsg struct{ id uint64 }

// platformLabel is a title's platforms as the views name them: "PS4", "PS3 · Vita".
func platformLabel(t psnapi.TrophyTitle) string {
	var labels []string
	for _, p := range t.Platforms() {
		for _, pn := range platformNames {
			if pn.api == p {
				labels = append(labels, pn.label)
			}
		}
	}
	if len(labels) == 0 {
		return "PS3/PS4/Vita"
	}
	return strings.Join(labels, " · ")
}

func (v *gameHelpView) name() string {
	if !v.c.shown(v.title.NPCommunicationID, &v.trophy) {
		return "Hidden trophy"
	}
	return v.trophy.name
}

func (v *gameHelpView) Crumb() string { return "Game Help" }
func (v *gameHelpView) typing() bool  { return false }
func (v *gameHelpView) back() bool    { return false }

func (v *gameHelpView) ShortHelp() []key.Binding {
	k := v.c.Keys
	out := []key.Binding{withHelp(k.Move, "scroll")}
	if len(v.videos) > 0 {
		out = append(out, k.Play)
	}
	return append(out, k.Back, k.Help, k.Quit)
}

func (v *gameHelpView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{{withHelp(k.Up, "scroll up"), withHelp(k.Down, "scroll down"), k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Play, withHelp(k.PlayN, "open video tip n")}, {k.Back, k.Help, k.Quit}}
}

func (v *gameHelpView) Update(msg tea.Msg) (view, tea.Cmd) {
	switch msg := msg.(type) {
	case gameHelpLoadedMsg:
		if msg.id != v.pending {
			return v, nil
		}
		v.pending, v.loaded = 0, true
		if msg.err != nil {
			v.err = errorLine(msg.err)
			return v, nil
		}
		v.req = msg.req
		v.md, v.videos = v.markdown(msg.has, msg.tips)
		if msg.has && msg.tips.HasAccess && hasVideo(msg.tips) {
			// Known now without another request: the trophies view marks it ▶.
			v.c.helpVideos[revealKey(v.title.NPCommunicationID, v.trophy.id)] = true
			v.c.epoch++
		}
		return v, v.render()
	case helpNoteMsg:
		if msg.id == v.pending {
			v.pending = 0
			return v, v.render()
		}
	case helpRenderedMsg:
		if msg.id != v.renderID || msg.width != v.renderW {
			return v, nil
		}
		if msg.err != nil {
			v.err = "could not render Game Help: " + clean(msg.err.Error())
			return v, nil
		}
		v.lines = strings.Split(msg.text, "\n")
		v.offset = min(v.offset, max(0, len(v.lines)-v.h+1))
	case tea.WindowSizeMsg:
		if v.md != "" && v.renderW != v.textWidth() {
			return v, v.render()
		}
	case tea.KeyMsg:
		k := v.c.Keys
		pageH := max(1, v.h-2)
		switch {
		case key.Matches(msg, k.Up):
			v.offset--
		case key.Matches(msg, k.Down):
			v.offset++
		case key.Matches(msg, k.PageUp):
			v.offset -= pageH
		case key.Matches(msg, k.PageDown):
			v.offset += pageH
		case key.Matches(msg, k.Top):
			v.offset = 0
		case key.Matches(msg, k.Bottom):
			v.offset = len(v.lines)
		case key.Matches(msg, k.Play):
			return v, v.play(0)
		case key.Matches(msg, k.PlayN):
			n, _ := strconv.Atoi(msg.String())
			return v, v.play(n - 1)
		}
		v.offset = max(0, min(v.offset, len(v.lines)-(v.h-1)))
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonWheelUp {
			v.offset = max(0, v.offset-3)
		}
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonWheelDown {
			v.offset = max(0, min(v.offset+3, len(v.lines)-(v.h-1)))
		}
	}
	return v, nil
}

// play opens the i-th video tip (from 0), or says why there is none.
func (v *gameHelpView) play(i int) tea.Cmd {
	switch {
	case !v.loaded || v.err != "":
		return nil
	case len(v.videos) == 0:
		return send(noteMsg{text: "no video tip in this Game Help"})
	case i < 0 || i >= len(v.videos):
		return send(noteMsg{text: fmt.Sprintf("no video tip %d: this Game Help has %s", i+1, plural(len(v.videos), "video tip", "video tips"))})
	}
	return playVideo(v.c.env(), v.c.Display, v.title.NPCommunicationID, v.req, v.videos[i].TipID)
}

func (v *gameHelpView) textWidth() int { return max(10, v.w-4) }

// render starts a render for the current width; older renders are ignored when they land.
func (v *gameHelpView) render() tea.Cmd {
	v.renderID = v.c.newID()
	v.renderW = v.textWidth()
	return renderHelp(v.renderID, v.md, v.renderW, v.c.Display)
}

// markdown turns the tips into the document shown; "PS Plus needed" and "no help" are content.
func (v *gameHelpView) markdown(has bool, tips psnapi.Tips) (string, []psnapi.TipContent) {
	var b strings.Builder
	var videos []psnapi.TipContent
	switch {
	case !has:
		b.WriteString("There is no Game Help for this trophy.\n")
	case !tips.HasAccess:
		b.WriteString("Game Help for this trophy needs PlayStation Plus.\n")
	default:
		for _, tr := range tips.Trophies {
			for _, g := range tr.Groups {
				for _, tc := range g.TipContents {
					if n := clean(tc.DisplayName); n != "" {
						b.WriteString("## " + n + "\n\n")
					}
					if d := strings.TrimSpace(cleanLines(tc.Description)); d != "" {
						b.WriteString(d + "\n\n")
					}
					if tc.IsVideo() {
						videos = append(videos, tc)
						player := "the video player"
						if len(v.c.Display.Player) > 0 {
							player = filepath.Base(v.c.Display.Player[0])
						}
						fmt.Fprintf(&b, "▶ Video tip %d: press %d (or o for the first) to open it in %s\n\n", len(videos), len(videos), player)
					}
				}
			}
		}
		if b.Len() == 0 {
			b.WriteString("There is no Game Help for this trophy.\n")
		}
	}
	return b.String(), videos
}

func (v *gameHelpView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.offset = max(0, min(v.offset, len(v.lines)-(h-1)))
}

func (v *gameHelpView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	s := v.c.Styles
	lines := []string{" " + titledRule(s, "Game Help · "+clean(v.title.TrophyTitleName)+" › "+v.name(), v.w-2)}
	switch {
	case v.err != "":
		lines = append(lines, " "+s.Error.Render(v.err))
	case !v.loaded || v.lines == nil:
		lines = append(lines, v.c.loading("Loading Game Help…", v.w))
	default:
		end := min(len(v.lines), v.offset+v.h-1)
		lines = append(lines, v.lines[v.offset:end]...)
	}
	return clampLines(strings.Join(lines, "\n"), v.w, v.h)
}
