package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/NimbleMarkets/ntcharts/barchart"
	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/lipgloss"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// The stats screen's pictures, drawn with ntcharts (a chart library for Bubble Tea v1): its bar
// chart for trophies per month and the distributions, its canvas for the calendar heatmap. They
// are rendered in a command (renderStats) for one width; the view only shows the lines. Every
// picture reads without colour: bars are block characters, the heatmap's intensity is a character
// (· ░ ▒ ▓ █) as well as a colour, and every number is written next to its bar.

// heatLevels are the heatmap's characters: none, then each quarter of the busiest day.
var heatLevels = []rune{'·', '░', '▒', '▓', '█'}

// heatColours are their colours, from faint to the earned colour.
var heatColours = []lipgloss.AdaptiveColor{
	{Light: "#C8C8C8", Dark: "#3A3A3A"},
	{Light: "#9BD3A8", Dark: "#1F5F33"},
	{Light: "#5DB874", Dark: "#2E8B4A"},
	{Light: "#2E9A4E", Dark: "#45B865"},
	{Light: "#1F6F36", Dark: "#6FE08D"},
}

// statsRender is what a render needs: values only, so it can run in a command.
type statsRender struct {
	st    store.Stats
	name  string
	width int
	s     *Styles
}

// renderStats draws the whole stats screen for a width: lines no wider than it.
func renderStats(r statsRender) []string {
	w := max(20, r.width)
	cw := w - 2 // one cell of margin each side
	var out []string
	add := func(lines ...string) {
		for _, l := range lines {
			out = append(out, truncate(" "+l, w))
		}
	}
	section := func(title string) {
		out = append(out, "")
		add(titledRule(r.s, title, cw))
	}
	st := r.st
	add(r.numbers()...)

	if len(st.PerMonth) > 0 {
		section("Trophies per month")
		add(r.monthChart(cw)...)
	}
	section("The last year")
	add(r.heatmap(cw)...)

	grades := r.gradeChart()
	rarity := r.rarityChart()
	completion := r.completionChart()
	if cw >= 120 {
		// Side by side when there is room for three charts of 38 cells.
		colW := (cw - 4) / 3
		section("What you earned, and how complete your titles are")
		add(sideBySide([][]string{
			hbars(r.s, "By grade", grades, colW),
			hbars(r.s, "By rarity", rarity, colW),
			hbars(r.s, fmt.Sprintf("Titles by completion · average %.0f%%", st.AverageCompletion), completion, colW),
		}, colW, 2)...)
	} else {
		section("Earned by grade")
		add(hbars(r.s, "", grades, cw)...)
		section("Earned by rarity")
		add(hbars(r.s, "", rarity, cw)...)
		section(fmt.Sprintf("Titles by completion · average %.0f%%", st.AverageCompletion))
		add(hbars(r.s, "", completion, cw)...)
	}

	if len(st.Rarest) > 0 {
		section("The rarest trophies you earned")
		add(r.rarest(cw)...)
	}
	return out
}

// numbers are the totals at the top: earned and left per grade, points, completion, first and
// latest trophy.
func (r statsRender) numbers() []string {
	st, s := r.st, r.s
	grades := func(c psnapi.TrophyCounts) string {
		var parts []string
		for i, g := range gradeOrder {
			parts = append(parts, s.Grade[i].Render(g.Letter()+" "+commas(c.Of(g))))
		}
		return strings.Join(parts, "  ")
	}
	lines := []string{
		s.Heading.Render(commas(st.Earned.Total())+" trophies") + " in " + plural(st.Titles, "title", "titles") + " · " + commas(st.Points) + " points",
		"earned  " + grades(st.Earned),
		"left    " + grades(st.Unearned) + s.Faint.Render(" · "+commas(st.Unearned.Total())+" to earn"),
		fmt.Sprintf("average completion %.0f%%", st.AverageCompletion),
	}
	if !st.First.IsZero() {
		lines[3] += " · first " + st.First.Local().Format("2006-01-02") + " · latest " + st.Last.Local().Format("2006-01-02")
	}
	if st.Undated > 0 {
		lines = append(lines, s.Faint.Render(plural(st.Undated, "trophy", "trophies")+" without a date (in no month)"))
	}
	return lines
}

// monthChart is trophies per month as vertical bars (stacked by grade: bronze at the bottom), as
// many of the latest months as fit, with the years under them and the busiest month named.
func (r statsRender) monthChart(cw int) []string {
	months := r.st.PerMonth
	const height = 8
	bw := 1
	if n := len(months); n > 0 && cw/n >= 2 {
		bw = min(cw/n, 6)
	}
	n := min(len(months), cw/bw)
	months = months[len(months)-n:]
	top, busiest := 0, 0
	data := make([]barchart.BarData, n)
	for i, m := range months {
		c := m.Counts
		if c.Total() > top {
			top, busiest = c.Total(), i
		}
		data[i] = barchart.BarData{Label: m.Month.Format("2006-01"), Values: []barchart.BarValue{
			{Name: "bronze", Value: float64(c.Bronze), Style: r.s.Grade[3]},
			{Name: "silver", Value: float64(c.Silver), Style: r.s.Grade[2]},
			{Name: "gold", Value: float64(c.Gold), Style: r.s.Grade[1]},
			{Name: "platinum", Value: float64(c.Platinum), Style: r.s.Grade[0]},
		}}
	}
	chart := barchart.New(n*bw, height, barchart.WithNoAxis(), barchart.WithNoAutoBarWidth(), barchart.WithBarWidth(bw),
		barchart.WithBarGap(0), barchart.WithMaxValue(float64(max(1, top))), barchart.WithDataSet(data))
	chart.Draw()
	lines := strings.Split(chart.View(), "\n")

	// The years under their Januaries (the first month too), as far as they fit.
	axis := []rune(strings.Repeat(" ", n*bw))
	for i, m := range months {
		if i > 0 && m.Month.Month() != time.January {
			continue
		}
		label := m.Month.Format("2006")
		if m.Month.Month() != time.January {
			label = m.Month.Format("2006-01") // the first month shown
		}
		x := i * bw
		if x+len(label) > len(axis) {
			break
		}
		free := true
		for j := max(0, x-1); j < x+len(label) && j < len(axis); j++ {
			free = free && axis[j] == ' '
		}
		if free {
			copy(axis[x:], []rune(label))
		}
	}
	lines = append(lines, r.s.Rule.Render(strings.Repeat("▔", n*bw)), r.s.Faint.Render(strings.TrimRight(string(axis), " ")))
	if n > 0 {
		lines = append(lines, r.s.Faint.Render(fmt.Sprintf("busiest month %s: %s · %s",
			months[busiest].Month.Format("2006-01"), plural(top, "trophy", "trophies"), legend(r.s))))
	}
	return lines
}

// legend names the grade colours (in letters, which read without colour too).
func legend(s *Styles) string {
	return s.Grade[3].Render("B") + " " + s.Grade[2].Render("S") + " " + s.Grade[1].Render("G") + " " + s.Grade[0].Render("P") + " from the bottom"
}

// heatmap is the last year as a calendar: a column a week, a row a weekday (Monday first), each
// day a character by how many trophies it saw; the latest weeks when the width holds fewer than 53.
func (r statsRender) heatmap(cw int) []string {
	days := r.st.LastYear
	if len(days) == 0 {
		return []string{r.s.Faint.Render("no dated trophy")}
	}
	const labelW = 4
	first := days[0].Day
	lead := (int(first.Weekday()) + 6) % 7 // Monday = 0
	weeks := (lead + len(days) + 6) / 7
	cell := max(1, min(3, (cw-labelW)/weeks)) // cells a day is wide: wider terminals, a roomier calendar
	show := min(weeks, max(1, (cw-labelW)/cell))
	skip := weeks - show
	top, total, busiest := 0, 0, store.DayCount{}
	for _, d := range days {
		total += d.Count
		if d.Count > top {
			top, busiest = d.Count, d
		}
	}
	c := canvas.New(labelW+show*cell, 8)
	for _, l := range []struct {
		row  int
		name string
	}{{1, "Mon"}, {3, "Wed"}, {5, "Fri"}} {
		c.SetStringWithStyle(canvas.Point{X: 0, Y: l.row}, l.name, r.s.Faint)
	}
	r.heatCells(&c, days, lead, skip, cell, heatSteps(days))
	// Month names over the week their first day falls in.
	lastX := -10
	for i, d := range days {
		if d.Day.Day() != 1 && i != 0 {
			continue
		}
		x := ((lead+i)/7 - skip) * cell
		if x < 0 || x-lastX < 4 || x+3 > show*cell {
			continue
		}
		c.SetStringWithStyle(canvas.Point{X: labelW + x, Y: 0}, d.Day.Format("Jan"), r.s.Faint)
		lastX = x
	}
	lines := strings.Split(c.View(), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	note := fmt.Sprintf("%s in the last year", plural(total, "trophy", "trophies"))
	if skip > 0 {
		note = fmt.Sprintf("the last %d weeks (wider shows the year) · %s in the year", show, commas(total))
	}
	legendLine := ""
	for lvl, ch := range heatLevels {
		legendLine += r.heatStyle(lvl).Render(string(ch))
	}
	lines = append(lines, r.s.Faint.Render(note), legendLine+r.s.Faint.Render(" none, then by quarter of the days with trophies"))
	if top > 0 {
		lines = append(lines, r.s.Faint.Render(fmt.Sprintf("busiest day %s: %s", busiest.Day.Format("2006-01-02 Monday"), plural(top, "trophy", "trophies"))))
	}
	return lines
}

// heatCells puts a character per day on the canvas (rows 1–7 are Monday–Sunday).
func (r statsRender) heatCells(c *canvas.Model, days []store.DayCount, lead, skip, cell int, steps [3]int) {
	for i, d := range days {
		x := (lead+i)/7 - skip
		if x < 0 {
			continue
		}
		lvl := heatLevel(d.Count, steps)
		for k := range cell {
			ch := heatLevels[lvl]
			if k > 0 {
				ch = ' ' // a wider day is its character and a gap: a grid, not a band
			}
			c.SetRuneWithStyle(canvas.Point{X: 4 + x*cell + k, Y: 1 + (lead+i)%7}, ch, r.heatStyle(lvl))
		}
	}
}

// heatSteps are the quartiles of the days with trophies: one busy day does not flatten the rest.
func heatSteps(days []store.DayCount) [3]int {
	var counts []int
	for _, d := range days {
		if d.Count > 0 {
			counts = append(counts, d.Count)
		}
	}
	if len(counts) == 0 {
		return [3]int{}
	}
	slices.Sort(counts)
	q := func(p int) int { return counts[min(len(counts)-1, len(counts)*p/4)] }
	return [3]int{q(1), q(2), q(3)}
}

// heatLevel is 0 for no trophy, else 1–4 by the quartile of the days with trophies it falls in.
func heatLevel(n int, steps [3]int) int {
	if n <= 0 {
		return 0
	}
	lvl := 1
	for _, s := range steps {
		if n > s {
			lvl++
		}
	}
	return lvl
}

func (r statsRender) heatStyle(lvl int) lipgloss.Style {
	return r.s.r.NewStyle().Foreground(heatColours[lvl])
}

// hbar is one bar of a distribution.
type hbar struct {
	label string
	n     int
	style lipgloss.Style
}

func (r statsRender) gradeChart() []hbar {
	e := r.st.Earned
	return []hbar{{"platinum", e.Platinum, r.s.Grade[0]}, {"gold", e.Gold, r.s.Grade[1]}, {"silver", e.Silver, r.s.Grade[2]}, {"bronze", e.Bronze, r.s.Grade[3]}}
}

func (r statsRender) rarityChart() []hbar {
	b := r.st.ByRarity
	out := []hbar{{"ultra rare", b[psnapi.UltraRare], r.s.Tier[psnapi.UltraRare]}, {"very rare", b[psnapi.VeryRare], r.s.Tier[psnapi.VeryRare]},
		{"rare", b[psnapi.Rare], r.s.Tier[psnapi.Rare]}, {"common", b[psnapi.Common], r.s.Tier[psnapi.Common]}}
	if r.st.RarityUnknown > 0 {
		out = append(out, hbar{"unknown", r.st.RarityUnknown, r.s.Faint})
	}
	return out
}

func (r statsRender) completionChart() []hbar {
	var out []hbar
	for i, n := range r.st.Completion {
		label := fmt.Sprintf("%d-%d%%", i*10, i*10+9)
		st := r.s.Bar
		if i == 10 {
			label, st = "100%", r.s.BarDone
		}
		out = append(out, hbar{label, n, st})
	}
	return out
}

// hbars draws a distribution as horizontal bars w cells wide (ntcharts' bar chart: labels, an axis,
// the bars), each followed by its count; title, when given, goes above.
func hbars(s *Styles, title string, bars []hbar, w int) []string {
	numW := 1
	for _, b := range bars {
		numW = max(numW, len(commas(b.n)))
	}
	chartW := max(8, w-numW-1)
	top := 1
	data := make([]barchart.BarData, len(bars))
	for i, b := range bars {
		top = max(top, b.n)
		data[i] = barchart.BarData{Label: b.label, Values: []barchart.BarValue{{Name: b.label, Value: float64(b.n), Style: b.style}}}
	}
	chart := barchart.New(chartW, len(bars), barchart.WithStyles(s.Rule, s.Faint), barchart.WithBarGap(0),
		barchart.WithMaxValue(float64(top)), barchart.WithDataSet(data), barchart.WithHorizontalBars())
	chart.Resize(chartW, len(bars)) // lays the labels out for the data
	chart.Draw()
	lines := strings.Split(chart.View(), "\n")
	var out []string
	if title != "" {
		out = append(out, s.Heading.Render(truncate(title, w)))
	}
	for i, l := range lines {
		if i < len(bars) {
			l += " " + fitRight(commas(bars[i].n), numW)
		}
		out = append(out, l)
	}
	return out
}

// sideBySide puts columns of lines next to each other, each padded to w cells, gap cells apart.
func sideBySide(cols [][]string, w, gap int) []string {
	h := 0
	for _, c := range cols {
		h = max(h, len(c))
	}
	out := make([]string, h)
	for i := range h {
		var b strings.Builder
		for j, c := range cols {
			if j > 0 {
				b.WriteString(spaces(gap))
			}
			cell := ""
			if i < len(c) {
				cell = c[i]
			}
			if j < len(cols)-1 {
				cell = padRight(cell, w)
			}
			b.WriteString(cell)
		}
		out[i] = strings.TrimRight(b.String(), " ")
	}
	return out
}

// padRight pads a styled line to w cells (cutting it when longer).
func padRight(s string, w int) string {
	sw := lipgloss.Width(s)
	if sw > w {
		return truncate(s, w)
	}
	return s + spaces(w-sw)
}

// rarest lists the rarest trophies earned: rate, grade, name, then its title.
func (r statsRender) rarest(cw int) []string {
	var out []string
	for _, it := range r.st.Rarest {
		t := it.Trophy
		rate := "–"
		if t.Status.TrophyEarnedRate != "" {
			rate = fmt.Sprintf("%.1f%%", t.Status.EarnedRate())
		}
		grade := t.TrophyType
		if grade == "" {
			grade = t.Status.TrophyType
		}
		head := fitRight(rate, 6) + " " + r.s.Grade[grade.Rank()].Render(grade.Letter()) + " "
		name := clean(t.TrophyName)
		title := clean(it.Title.TrophyTitleName)
		rest := cw - 9
		if rest >= 40 {
			nameW := min(width(name), rest/2)
			out = append(out, head+fit(name, nameW)+r.s.Faint.Render(" · "+truncate(title, rest-nameW-3)))
			continue
		}
		out = append(out, head+truncate(name, rest), spaces(9)+r.s.Faint.Render(truncate(title, rest)))
	}
	return out
}
