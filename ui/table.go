package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// scroller is the scroll state of a list of n rows shown height at a time. Its methods are pure: they
// return a new scroller, always clamped so the selected row is visible.
type scroller struct {
	n, height   int
	pos, offset int
}

func (c scroller) clamp() scroller {
	if c.n <= 0 {
		return scroller{height: c.height}
	}
	c.pos = max(0, min(c.pos, c.n-1))
	h := max(1, c.height)
	if c.pos < c.offset {
		c.offset = c.pos
	}
	if c.pos >= c.offset+h {
		c.offset = c.pos - h + 1
	}
	c.offset = max(0, min(c.offset, c.n-h))
	return c
}

// move goes delta rows down (negative: up).
func (c scroller) move(delta int) scroller { c.pos += delta; return c.clamp() }

// page moves a screenful, keeping the scroller's place on the screen where possible.
func (c scroller) page(dir int) scroller {
	h := max(1, c.height)
	c.pos += dir * h
	c.offset += dir * h
	return c.clamp()
}

func (c scroller) top() scroller    { c.pos, c.offset = 0, 0; return c.clamp() }
func (c scroller) bottom() scroller { c.pos = c.n - 1; return c.clamp() }

// resize applies a new row count and height.
func (c scroller) resize(n, height int) scroller { c.n, c.height = n, max(0, height); return c.clamp() }

// visible is the half-open range of rows on screen.
func (c scroller) visible() (from, to int) {
	return c.offset, min(c.n, c.offset+max(0, c.height))
}

// navigate applies a navigation key or mouse wheel; handled reports whether msg was one.
func (c scroller) navigate(msg tea.Msg, k *KeyMap) (scroller, bool) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Up):
			return c.move(-1), true
		case key.Matches(msg, k.Down):
			return c.move(1), true
		case key.Matches(msg, k.PageUp):
			return c.page(-1), true
		case key.Matches(msg, k.PageDown):
			return c.page(1), true
		case key.Matches(msg, k.Top):
			return c.top(), true
		case key.Matches(msg, k.Bottom):
			return c.bottom(), true
		}
	case tea.MouseMsg:
		if msg.Action != tea.MouseActionPress {
			return c, false
		}
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			return c.move(-3), true
		case tea.MouseButtonWheelDown:
			return c.move(3), true
		}
	}
	return c, false
}

// column is one column of a table layout. Width 0 with flex marks the column that takes what is left;
// width 0 without flex is a column with nothing to show (it takes no room).
type column struct {
	title string
	width int
	right bool
	flex  bool
	drop  int // priority: higher numbers are dropped first when the width runs out; 0 never
	// span: the title covers this column and the next (an account's name over its bar and
	// percentage); when this column is dropped the next shows its own title.
	span bool
	// pair: columns with the same non-zero pair are kept or dropped together (both accounts' columns
	// of a comparison stay symmetric).
	pair int
	// last: dropped as soon as any other droppable column is (the Help column never outlives the
	// earned dates into cells a wider column left).
	last bool
	// head renders a pre-styled header cell w cells wide instead of the title (grade letters).
	head func(w int) string
}

// layout decides which columns fit in w cells (one space between columns, two for the marker) and
// how wide the flexible one is: columns go in order of drop priority (highest first) until the flexible
// column has minFlex cells, then any dropped column that still fits comes back. It returns the widths,
// 0 for dropped columns.
func layout(cols []column, w int, minFlex int) []int {
	alive := make([]bool, len(cols))
	for i, c := range cols {
		alive[i] = c.width > 0 || c.flex
	}
	left := func() int {
		used := 2
		for i, c := range cols {
			if !alive[i] {
				continue
			}
			if c.flex {
				used++
				continue
			}
			used += c.width + 1
		}
		return w - used
	}
	var dropped []int
	for left() < minFlex {
		worst, at := 0, -1
		for i, c := range cols {
			if alive[i] && c.drop > worst {
				worst, at = c.drop, i
			}
		}
		if at < 0 {
			break
		}
		alive[at] = false
		dropped = append(dropped, at)
	}
	// Bring back what fits, least important last.
	for j := len(dropped) - 1; j >= 0; j-- {
		i := dropped[j]
		if left()-(cols[i].width+1) >= minFlex {
			alive[i] = true
		}
	}
	widths := make([]int, len(cols))
	l := left()
	for i, c := range cols {
		switch {
		case !alive[i]:
		case c.flex:
			widths[i] = max(1, l)
		default:
			widths[i] = c.width
		}
	}
	return widths
}

// fitColumns is layout followed by the pair and last rules: the cells of a column dropped for them
// go to the flexible column.
func fitColumns(cols []column, w int, minFlex int) []int {
	widths := layout(cols, w, minFlex)
	flex := -1
	for i, c := range cols {
		if c.flex {
			flex = i
		}
	}
	give := func(i int) {
		if flex >= 0 {
			widths[flex] += widths[i] + 1
		}
		widths[i] = 0
	}
	for i, c := range cols {
		if c.pair == 0 || widths[i] > 0 {
			continue
		}
		for j, d := range cols {
			if d.pair == c.pair && widths[j] > 0 {
				give(j)
			}
		}
	}
	for i, c := range cols {
		if !c.last || widths[i] == 0 {
			continue
		}
		for j, d := range cols {
			if j != i && d.drop > 0 && d.width > 0 && widths[j] == 0 {
				give(i)
				break
			}
		}
	}
	return widths
}

// columnHeader renders the column titles for widths from fitColumns.
func columnHeader(s *Styles, cols []column, widths []int) string {
	var b strings.Builder
	b.WriteString("  ")
	first := true
	for i, c := range cols {
		w := widths[i]
		if w == 0 || i > 0 && cols[i-1].span && widths[i-1] > 0 {
			continue // dropped, or under the previous column's title
		}
		if c.span && i+1 < len(cols) && widths[i+1] > 0 {
			w += 1 + widths[i+1]
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		switch {
		case c.head != nil:
			b.WriteString(c.head(w))
		case c.right:
			b.WriteString(s.Header.Render(fitRight(c.title, w)))
		default:
			b.WriteString(s.Header.Render(fit(c.title, w)))
		}
	}
	return b.String()
}

// rule is a horizontal line w cells wide.
func rule(s *Styles, w int) string {
	if w <= 0 {
		return ""
	}
	return s.Rule.Render(strings.Repeat("─", w))
}

// titledRule is "text ───…" filling w cells, the text bold.
func titledRule(s *Styles, text string, w int) string {
	text = truncate(text, max(0, w-1))
	tw := width(text)
	if w-tw-1 <= 0 {
		return s.Heading.Render(fit(text, w))
	}
	return s.Heading.Render(text) + " " + s.Rule.Render(strings.Repeat("─", w-tw-1))
}
