package ui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// helpMark is what the trophies view shows in its Help column.
type helpMark uint8

const (
	helpNone  helpMark = iota
	helpText           // "?": the trophy has Game Help
	helpVideo          // "▶": its tips, read in this session, contain a video
)

// hintsLoadedMsg answers loadHints: the trophies of a title that have Game Help.
type hintsLoadedMsg struct {
	answer
	npCommID string
	ids      map[int]bool
}

// gameHelpPlatform reports whether a title's set can have Game Help: only PS5 and PC sets do, so
// PS3/PS4/Vita-only titles never cost an availability request.
func gameHelpPlatform(t psnapi.TrophyTitle) bool {
	for _, p := range t.Platforms() {
		if p == "PS5" || p == "PSPC" {
			return true
		}
	}
	return false
}

// loadHints asks the store which trophies of a title have Game Help (one request per title, then
// cached by the store for days).
func loadHints(e env, id uint64, title psnapi.TrophyTitle) tea.Cmd {
	return func() tea.Msg {
		m := hintsLoadedMsg{answer: answer{id: id}, npCommID: title.NPCommunicationID}
		avail, err := e.lib.HintAvailability(e.ctx, title)
		e.snapshot(&m.answer)
		if err != nil {
			m.err = err
			return m
		}
		m.ids = make(map[int]bool, len(avail.Trophies))
		for _, h := range avail.Trophies {
			if n, err := strconv.Atoi(strings.TrimSpace(h.TrophyID)); err == nil {
				m.ids[n] = true
			}
		}
		return m
	}
}

// wantHelp returns the command that learns which trophies of a title have Game Help, or nil when
// this session knows already, a request is running, or the title's platforms have no Game Help.
func (c *Common) wantHelp(t psnapi.TrophyTitle) tea.Cmd {
	np := t.NPCommunicationID
	if c.Lib == nil || np == "" || !gameHelpPlatform(t) {
		return nil
	}
	if _, known := c.help[np]; known {
		return nil
	}
	if c.helpPend[np] != 0 {
		return nil
	}
	id := c.newID()
	c.helpPend[np] = id
	c.track(id, "game help")
	return loadHints(c.env(), id, t)
}

// applyHints records an availability answer (the app calls it whatever view is on top, so an answer
// that lands after esc is kept). A failure is forgotten: the next opening of the title asks again.
func (c *Common) applyHints(m hintsLoadedMsg) bool {
	if c.helpPend[m.npCommID] != m.id {
		return false
	}
	delete(c.helpPend, m.npCommID)
	if m.err != nil {
		return false
	}
	c.help[m.npCommID] = m.ids
	c.epoch++
	return true
}

// titleHasHelp reports whether any trophy of the title is known to have Game Help.
func (c *Common) titleHasHelp(npCommID string) bool { return len(c.help[npCommID]) > 0 }

// helpMark is a trophy's marker: helpVideo once its tips were read in this session and hold a video
// (known without another request), else helpText when the title's availability lists it.
func (c *Common) helpMark(npCommID string, id int) helpMark {
	if !c.help[npCommID][id] {
		return helpNone
	}
	if c.helpVideos[revealKey(npCommID, id)] {
		return helpVideo
	}
	return helpText
}

// helpCell renders a trophy's Help cell w cells wide.
func (c *Common) helpCell(npCommID string, id int, w int, plain bool) string {
	txt := ""
	switch c.helpMark(npCommID, id) {
	case helpText:
		txt = "?"
	case helpVideo:
		txt = "▶"
	default:
		return spaces(w)
	}
	if plain {
		return fit(txt, w)
	}
	return c.Styles.P.Accent.on(txt) + spaces(w-1)
}
