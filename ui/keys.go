package ui

import "github.com/charmbracelet/bubbles/key"

// KeyMap holds every binding of the TUI. Views pick from it for their help, so help text can never
// drift from what the keys do. While a text input has focus, letter bindings are disabled (see
// setTyping) so the letters reach the input and help hides them.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Move                                    key.Binding // help only: "↑/↓ move"
	Open, Back, Quit, ForceQuit, Help       key.Binding
	Filter, Sort, Reverse, Filters          key.Binding
	Platform, Refresh, Earned               key.Binding
	Reveal, RevealAll                       key.Binding
	Hunt, Grade                             key.Binding
	Tips, Play, PlayN                       key.Binding
	Compare, CompareShow                    key.Binding // c: enter/leave compare mode; tab: its filter
	Prev, Next                              key.Binding // trophy detail: the previous / next trophy
	Step                                    key.Binding // help only: "←/→ previous/next"
	Fill                                    key.Binding // P: pause or resume the background fill
	// Used only while typing into a filter.
	Apply, Cancel key.Binding

	// HuntTitle (N) is next to hunt in one title: the title under the cursor or the open one.
	HuntTitle key.Binding
	// The views of the whole cached library (issue 12), from the titles and from one another.
	Search, Recent, Platinums, Stats key.Binding

	// Board (L) is a title's leaderboard among friends (issue 13); Yes and No answer a question of
	// cost ("12 friends · 12 requests · ok?").
	Board, Yes, No key.Binding
}

// DefaultKeyMap returns the bindings: arrows and vim keys, pgup/pgdn, home/end and g/G.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Up:          key.NewBinding(key.WithKeys("up", "k", "ctrl+p"), key.WithHelp("↑/k", "up")),
		Move:        key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		Down:        key.NewBinding(key.WithKeys("down", "j", "ctrl+n"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "ctrl+b", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "ctrl+d", " "), key.WithHelp("pgdn", "page down")),
		Top:         key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		Bottom:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
		Open:        key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter", "open")),
		Back:        key.NewBinding(key.WithKeys("esc", "backspace", "left", "h"), key.WithHelp("esc", "back")),
		Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Reverse:     key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse")),
		Filters:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "show")),
		Platform:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "platform")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Earned:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "earned/unearned")),
		Reveal:      key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "reveal")),
		RevealAll:   key.NewBinding(key.WithKeys("V"), key.WithHelp("V", "reveal all")),
		Hunt:        key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next to hunt")),
		Grade:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "grade")),
		Tips:        key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "game help")),
		Play:        key.NewBinding(key.WithKeys("o", "enter"), key.WithHelp("o", "open video")),
		PlayN:       key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "open video n")),
		Compare:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "compare")),
		CompareShow: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "mine/theirs")),
		Prev:        key.NewBinding(key.WithKeys("left", "p"), key.WithHelp("←/p", "previous trophy")),
		Next:        key.NewBinding(key.WithKeys("right", "n"), key.WithHelp("→/n", "next trophy")),
		Step:        key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "previous/next")),
		Fill:        key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "pause filling")),
		Apply:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),

		HuntTitle: key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "hunt this title")),
		Search:    key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "find trophies")),
		Recent:    key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "recently earned")),
		Platinums: key.NewBinding(key.WithKeys("#"), key.WithHelp("#", "platinums")),
		Stats:     key.NewBinding(key.WithKeys("I"), key.WithHelp("I", "stats")),

		Board: key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "friends' leaderboard")),
		Yes:   key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "ok")),
		No:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "not now")),
	}
}

// setTyping disables (or re-enables) every binding a typed letter could trigger.
func (k *KeyMap) setTyping(typing bool) {
	for _, b := range []*key.Binding{&k.Move, &k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom, &k.Open, &k.Back,
		&k.Quit, &k.Help, &k.Filter, &k.Sort, &k.Reverse, &k.Filters, &k.Platform, &k.Refresh, &k.Earned,
		&k.Reveal, &k.RevealAll, &k.Hunt, &k.Grade, &k.Tips, &k.Play, &k.PlayN, &k.Compare, &k.CompareShow, &k.Prev, &k.Next, &k.Step, &k.Fill} {
		b.SetEnabled(!typing)
	}
	for _, b := range []*key.Binding{&k.HuntTitle, &k.Search, &k.Recent, &k.Platinums, &k.Stats, &k.Board, &k.Yes, &k.No} {
		b.SetEnabled(!typing)
	}
}

// withHelp returns a copy of b with view-specific help text ("esc" reads "back to titles").
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
