package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/psnclient/psn-client/psnapi"
)

// Styles are every lipgloss style the views use, built once from a Theme and bound to one renderer
// (so tests and main choose the colour profile; nothing here reads the environment).
type Styles struct {
	r *lipgloss.Renderer

	Text, Faint, Bold, Accent, Rule, Error, Warn, Earned, Hidden   lipgloss.Style
	Header                                                         lipgloss.Style // table column titles
	Heading                                                        lipgloss.Style // first line of a view
	Selected                                                       lipgloss.Style // the cursor row
	Marker                                                         lipgloss.Style // ▸
	Bar, BarDone, BarEmpty                                         lipgloss.Style
	Grade                                                          [5]lipgloss.Style // by psnapi.Grade.Rank(): P G S B, other
	Tier                                                           [4]lipgloss.Style // by psnapi.Rarity
	StatusBar, StatusAccount, StatusCrumb, StatusRight, StatusWarn lipgloss.Style
	Help                                                           help.Styles

	// P holds the row styles as precomputed escape prefixes and suffixes: rendering a visible row
	// is then string concatenation, not a lipgloss Render per cell (see BenchmarkTitlesKeystroke*).
	P rowPaints
}

// rowPaints are the row styles as escape prefixes and suffixes (Styles.P).
type rowPaints struct {
	Faint, Hidden, Bar, BarDone, Earned, Marker, Selected, Warn, Accent paint
	Grade                                                               [5]paint
	Tier                                                                [4]paint
}

// paint is a style reduced to what it writes before and after a one-line text. Only for styles
// without width, padding, margins or borders.
type paint struct{ pre, suf string }

func newPaint(st lipgloss.Style) paint {
	const probe = "\uE000"
	out := st.Render(probe)
	i := strings.Index(out, probe)
	if i < 0 {
		return paint{}
	}
	return paint{pre: out[:i], suf: out[i+len(probe):]}
}

// on styles s.
func (p paint) on(s string) string {
	if p.pre == "" && p.suf == "" {
		return s
	}
	return p.pre + s + p.suf
}

// NewStyles derives every style from t, bound to r (nil means lipgloss's default renderer).
func NewStyles(t Theme, r *lipgloss.Renderer) *Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	s := &Styles{r: r}
	ns := r.NewStyle
	s.Text = ns().Foreground(t.Text)
	s.Faint = ns().Foreground(t.Faint)
	s.Bold = ns().Bold(true)
	s.Accent = ns().Foreground(t.Accent)
	s.Rule = ns().Foreground(t.Rule)
	s.Error = ns().Foreground(t.Error).Bold(true)
	s.Warn = ns().Foreground(t.Warn)
	s.Earned = ns().Foreground(t.Earned)
	s.Hidden = ns().Foreground(t.Faint).Italic(true)
	s.Header = ns().Foreground(t.Faint).Bold(true)
	s.Heading = ns().Bold(true)
	s.Selected = ns().Bold(true).Background(t.Selected)
	s.Marker = ns().Foreground(t.Accent).Bold(true)
	s.Bar = ns().Foreground(t.Accent)
	s.BarDone = ns().Foreground(t.Earned)
	s.BarEmpty = ns().Foreground(t.Rule)
	s.Grade = [5]lipgloss.Style{
		ns().Foreground(t.Platinum).Bold(true),
		ns().Foreground(t.Gold),
		ns().Foreground(t.Silver),
		ns().Foreground(t.Bronze),
		ns().Foreground(t.Faint),
	}
	s.Tier = [4]lipgloss.Style{
		ns().Foreground(t.UltraRare).Bold(true),
		ns().Foreground(t.VeryRare),
		ns().Foreground(t.Rare),
		ns().Foreground(t.Common),
	}
	s.StatusBar = ns().Foreground(t.Faint)
	s.StatusAccount = ns().Foreground(t.Accent).Bold(true)
	s.StatusCrumb = ns().Foreground(t.Text)
	s.StatusRight = ns().Foreground(t.Faint)
	s.StatusWarn = ns().Foreground(t.Warn).Bold(true)
	s.Help = help.Styles{
		Ellipsis:       ns().Foreground(t.Faint),
		ShortKey:       ns().Foreground(t.Text),
		ShortDesc:      ns().Foreground(t.Faint),
		ShortSeparator: ns().Foreground(t.Rule),
		FullKey:        ns().Foreground(t.Text),
		FullDesc:       ns().Foreground(t.Faint),
		FullSeparator:  ns().Foreground(t.Rule),
	}
	s.P.Faint, s.P.Hidden, s.P.Bar, s.P.BarDone = newPaint(s.Faint), newPaint(s.Hidden), newPaint(s.Bar), newPaint(s.BarDone)
	s.P.Earned, s.P.Marker, s.P.Selected, s.P.Warn = newPaint(s.Earned), newPaint(s.Marker), newPaint(s.Selected), newPaint(s.Warn)
	s.P.Accent = newPaint(s.Accent)
	for i := range s.Grade {
		s.P.Grade[i] = newPaint(s.Grade[i])
	}
	for i := range s.Tier {
		s.P.Tier[i] = newPaint(s.Tier[i])
	}
	return s
}

// GradeStyle is the style of a grade's letter and counts.
func (s *Styles) GradeStyle(g psnapi.Grade) lipgloss.Style { return s.Grade[g.Rank()] }

// tierPaint is TierStyle as a paint.
func (p *rowPaints) tierPaint(r psnapi.Rarity) paint {
	if r < 0 || int(r) >= len(p.Tier) {
		return p.Faint
	}
	return p.Tier[r]
}

// TierStyle is the style of a rarity tier word.
func (s *Styles) TierStyle(r psnapi.Rarity) lipgloss.Style {
	if r < 0 || int(r) >= len(s.Tier) {
		return s.Faint
	}
	return s.Tier[r]
}
