package cli

import (
	"github.com/psnclient/psn-client/ui"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// table writes aligned plain-text columns measured in terminal cells, so Japanese, emoji and curly
// quotes line up. Cells are cleaned of control characters before they are measured.
type table struct {
	header []string
	rows   [][]string
	right  map[int]bool // right-aligned columns (numbers)
	max    map[int]int  // cap on a column's width; longer cells end in "…"
	// headings are lines printed as they are before row i (recent's days), outside the columns.
	headings map[int]string
}

func newTable(header ...string) *table {
	return &table{header: header, right: map[int]bool{}, max: map[int]int{}}
}

func (t *table) alignRight(cols ...int) *table {
	for _, c := range cols {
		t.right[c] = true
	}
	return t
}

func (t *table) limit(col, width int) *table {
	t.max[col] = width
	return t
}

// heading prints a line before the next row, outside the columns (cleaned like a cell).
func (t *table) heading(text string) {
	if t.headings == nil {
		t.headings = map[int]string{}
	}
	t.headings[len(t.rows)] = ui.CleanLine(text)
}

func (t *table) add(cells ...string) {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = ui.CleanLine(c)
	}
	t.rows = append(t.rows, row)
}

func (t *table) write(w io.Writer) error {
	widths := make([]int, len(t.header))
	measure := func(row []string) {
		for i, c := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], ansi.StringWidth(c))
			}
		}
	}
	measure(t.header)
	for _, r := range t.rows {
		measure(r)
	}
	for c, m := range t.max {
		if c < len(widths) && widths[c] > m {
			widths[c] = m
		}
	}
	var b strings.Builder
	line := func(row []string) {
		b.Reset()
		for i := range widths {
			cell := ""
			if i < len(row) {
				cell = row[i]
			}
			if ansi.StringWidth(cell) > widths[i] {
				cell = ansi.Truncate(cell, widths[i], "…")
			}
			pad := strings.Repeat(" ", widths[i]-ansi.StringWidth(cell))
			if i > 0 {
				b.WriteString("  ")
			}
			if t.right[i] {
				b.WriteString(pad + cell)
			} else if i == len(widths)-1 {
				b.WriteString(cell)
			} else {
				b.WriteString(cell + pad)
			}
		}
		io.WriteString(w, strings.TrimRight(b.String(), " ")+"\n")
	}
	line(t.header)
	for i, r := range t.rows {
		if h, ok := t.headings[i]; ok {
			io.WriteString(w, h+"\n")
		}
		line(r)
	}
	return nil
}
