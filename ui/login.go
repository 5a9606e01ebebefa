package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// loginView explains how to get started when there are no credentials, instead of failing.
type loginView struct {
	c    *Common
	w, h int
}

func newLoginView(c *Common) *loginView { return &loginView{c: c} }

func (v *loginView) Crumb() string            { return "Not logged in" }
func (v *loginView) typing() bool             { return false }
func (v *loginView) back() bool               { return false }
func (v *loginView) ShortHelp() []key.Binding { return []key.Binding{v.c.Keys.Quit} }
func (v *loginView) FullHelp() [][]key.Binding {
	return [][]key.Binding{{v.c.Keys.Quit, v.c.Keys.ForceQuit}}
}
func (v *loginView) Update(msg tea.Msg) (view, tea.Cmd) { return v, nil }
func (v *loginView) SetSize(w, h int)                   { v.w, v.h = w, h }

func (v *loginView) View() string {
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	s := v.c.Styles
	inner := max(1, v.w-4)
	var out []string
	out = append(out, "", "  "+s.Heading.Render(truncate("You are not logged in to PlayStation Network", inner)), "")
	para := func(text string) {
		for _, l := range wrap(text, inner) {
			out = append(out, "  "+l)
		}
		out = append(out, "")
	}
	para("psn-client reads your trophies with an NPSSO token from your PlayStation account. To log in:")
	para("1. Sign in at https://www.playstation.com in a browser.")
	para("2. Open https://ca.account.sony.com/api/v1/ssocookie and copy the npsso value.")
	out = append(out, "  "+s.Accent.Render(truncate("psn-client login", inner)), "")
	para("Or look around first with the demo account, no login and no network needed:")
	out = append(out, "  "+s.Accent.Render(truncate("psn-client --demo", inner)))
	return clampLines(strings.Join(out, "\n"), v.w, v.h)
}
