package ui

import "github.com/charmbracelet/lipgloss"

// Theme names colours by role. Every colour is adaptive (light and dark terminals); the renderer the
// styles are bound to decides which half applies and drops colour entirely under NO_COLOR.
type Theme struct {
	Text, Faint, Accent, Selected, Rule lipgloss.TerminalColor
	Platinum, Gold, Silver, Bronze      lipgloss.TerminalColor
	Earned, Error, Warn                 lipgloss.TerminalColor
	UltraRare, VeryRare, Rare, Common   lipgloss.TerminalColor
}

func ac(light, dark string) lipgloss.AdaptiveColor {
	return lipgloss.AdaptiveColor{Light: light, Dark: dark}
}

// DefaultTheme is the built-in theme: PlayStation blue accents and metal-coloured grades.
func DefaultTheme() Theme {
	return Theme{
		Text:      ac("#1A1A1A", "#E4E4E4"),
		Faint:     ac("#8A8A8A", "#6C6C6C"),
		Accent:    ac("#0060D0", "#4C9BFF"),
		Selected:  ac("#E3ECFA", "#1F2F4A"),
		Rule:      ac("#C8C8C8", "#3A3A3A"),
		Platinum:  ac("#5A6FA8", "#B8C8F0"),
		Gold:      ac("#A57A00", "#E6B422"),
		Silver:    ac("#6E6E6E", "#C0C0C0"),
		Bronze:    ac("#8C4F1F", "#CD7F32"),
		Earned:    ac("#1F8A3B", "#5FD37A"),
		Error:     ac("#C0262D", "#FF6B6B"),
		Warn:      ac("#B35C00", "#FFB454"),
		UltraRare: ac("#A0269E", "#E37BE0"),
		VeryRare:  ac("#0060D0", "#6CAEFF"),
		Rare:      ac("#1F8A3B", "#7FD88F"),
		Common:    ac("#8A8A8A", "#8A8A8A"),
	}
}

// MonoTheme keeps emphasis (bold, reverse, faint) and no hues, for terminals where colours clash.
func MonoTheme() Theme {
	n := lipgloss.NoColor{}
	return Theme{Text: n, Faint: ac("#8A8A8A", "#6C6C6C"), Accent: n, Selected: n, Rule: ac("#C8C8C8", "#3A3A3A"),
		Platinum: n, Gold: n, Silver: n, Bronze: n, Earned: n, Error: n, Warn: n,
		UltraRare: n, VeryRare: n, Rare: n, Common: n}
}

// ThemeByName picks a preset by the config's "theme" value: "", "default" or "mono".
func ThemeByName(name string) (Theme, bool) {
	switch name {
	case "", "default", "auto":
		return DefaultTheme(), true
	case "mono", "none":
		return MonoTheme(), true
	}
	return DefaultTheme(), false
}
