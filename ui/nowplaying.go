package ui

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// Now playing (issue 13 #3): the title list's heading says what you, and in compare mode the
// compared account, are doing now: "● playing ASTRO's PLAYROOM on PS5", "● online on PS5", "last
// online 2h ago". Presence is one request for both accounts (basicPresences), asked in a command at
// background priority, so it never takes the reserve kept for what you open; the store keeps each
// answer PresenceFreshFor in memory. It is first asked presenceFirst after the title list and
// summary are on screen (the first screen's requests go first, and a quick look costs none), soon
// after compare mode starts, then every presenceEvery; a round is skipped while any request of
// yours waits for the budget or Sony's 429 pause runs (the budget is yours then). That is at most 8
// requests in 15 minutes, under 3% of Sony's budget.

// presenceEvery is how often presence is asked again while the browser is open; presenceFirst is
// the wait before the first ask, presenceSoon the wait after compare mode starts.
const (
	presenceEvery = 2 * time.Minute
	presenceFirst = 3 * time.Second
	presenceSoon  = time.Second
)

// nowPlaying is what the heading shows (Common.now).
type nowPlaying struct {
	me, them string // "● playing …", "last online 2h ago"; "" when Sony tells nothing
	themID   string // the account them is about
	started  bool
	pend     uint64
	seq      int
}

// presenceDueMsg is presence's timer; presenceLoadedMsg answers askPresence.
type presenceDueMsg struct{ seq int }

type presenceLoadedMsg struct {
	answer
	me, them string
	themID   string
	told     bool // Sony answered (else the texts are kept as they were)
}

// askPresence asks what the account and the compared one (themID, "" for none) are doing, at
// background priority, and words it.
func askPresence(e env, id uint64, account, themID string) tea.Cmd {
	return func() tea.Msg {
		accounts := []string{account}
		if themID != "" {
			accounts = append(accounts, themID)
		}
		res, err := e.lib.Presence(psnapi.WithPriority(e.ctx, psnapi.Background), accounts...)
		m := presenceLoadedMsg{answer: answer{id: id, err: err}, themID: themID}
		e.snapshot(&m.answer)
		if err != nil || res.Offline {
			return m
		}
		m.told = true
		var mine []store.NowPlaying
		for acct, n := range res.ByAccount {
			if themID != "" && acct == themID {
				m.them = presenceText(n, e.now)
				continue
			}
			mine = append(mine, n)
		}
		if len(mine) == 1 {
			m.me = presenceText(mine[0], e.now)
		}
		return m
	}
}

// presenceText words a presence: what is played and where, online, or when last seen.
func presenceText(n store.NowPlaying, now time.Time) string {
	platform := n.Platform
	if len(n.Games) > 0 {
		if p := n.Games[0].LaunchPlatform; p != "" {
			platform = p
		} else if p := n.Games[0].Format; p != "" {
			platform = p
		}
	}
	on := ""
	if p := presencePlatform(platform); p != "" {
		on = " on " + p
	}
	switch game := clean(n.Playing()); {
	case game != "" && n.Online():
		return "● playing " + game + on
	case n.Online():
		return "● online" + on
	case !n.LastOnline.IsZero():
		return "last online " + lastPlayed(n.LastOnline, now)
	}
	return ""
}

func presencePlatform(p string) string {
	switch strings.ToUpper(p) {
	case "":
		return ""
	case "PSPC":
		return "PC"
	case "MOBILE_APP":
		return "the PS App"
	}
	return clean(p)
}

// startPresence asks presence once the account's title list and summary are on screen (the
// summary tells the store the numeric ID behind "me").
func (m *Model) startPresence() tea.Cmd {
	if m.c.now.started || m.c.Account == "" || m.c.Lib == nil {
		return nil
	}
	tv, ok := m.stack[0].(*titlesView)
	if !ok || tv.plain == nil || tv.pendSumCache != 0 || tv.pendSumNet != 0 {
		return nil
	}
	m.c.now.started = true
	return m.armPresence(presenceFirst)
}

// askPresence asks now, unless the budget is the user's at the moment (then the next round will).
func (m *Model) askPresence() tea.Cmd {
	if m.c.now.pend != 0 {
		return nil
	}
	now := m.c.Now()
	if r := m.status.rate; m.status.hasRate && (r.WaitingInteractive > 0 || r.NextAvailable.After(now)) || m.status.limitedUntil.After(now) {
		return m.armPresence(presenceEvery)
	}
	m.c.now.pend = m.c.newID()
	them := ""
	if m.c.Compare != nil {
		them = m.c.Compare.ID
	}
	return askPresence(m.c.env(), m.c.now.pend, m.c.Account, them)
}

// armPresence asks again after d (an earlier timer is void).
func (m *Model) armPresence(d time.Duration) tea.Cmd {
	m.c.now.seq++
	seq := m.c.now.seq
	return m.c.tick(d, func(time.Time) tea.Msg { return presenceDueMsg{seq: seq} })
}

// comparePresence asks soon about the account compare mode started with (once presence runs).
func (m *Model) comparePresence() tea.Cmd {
	if !m.c.now.started {
		return nil
	}
	return m.armPresence(presenceSoon)
}

// onPresence keeps what Sony told and arms the next round.
func (m *Model) onPresence(msg presenceLoadedMsg) tea.Cmd {
	if msg.id != m.c.now.pend {
		return nil
	}
	m.c.now.pend = 0
	if msg.told {
		m.c.now.me = msg.me
		if m.c.Compare != nil && msg.themID == m.c.Compare.ID {
			m.c.now.them, m.c.now.themID = msg.them, msg.themID
		}
	}
	return m.armPresence(presenceEvery)
}

// presenceLine is the heading's "FakeHunter ● playing X on PS5", in compare mode both accounts'
// ("you ● playing X · TrophyFriend last online 2h ago"); "" when nothing is known.
func (c *Common) presenceLine() string {
	me := c.now.me
	var them string
	if c.Compare != nil && c.now.themID == c.Compare.ID {
		them = c.now.them
	}
	switch {
	case c.Compare != nil && (me != "" || them != ""):
		var parts []string
		if me != "" {
			parts = append(parts, "you "+me)
		}
		if them != "" {
			parts = append(parts, c.Compare.Name+" "+them)
		}
		return strings.Join(parts, " · ")
	case me != "":
		return c.Name + " " + me
	}
	return ""
}

// presenceRule is a rule w cells wide ending in the presence line: "──── FakeHunter ● playing X ─".
func presenceRule(c *Common, w int) string {
	text := c.presenceLine()
	if text == "" || w < 12 {
		return rule(c.Styles, w)
	}
	text = truncate(text, w-4)
	left := w - width(text) - 3
	return rule(c.Styles, left) + " " + c.Styles.Faint.Render(text) + " " + rule(c.Styles, 1)
}
