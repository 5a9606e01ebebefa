package ui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
)

// takeMine takes a new list of the user's titles: shown at once, or in compare mode merged with
// theirs in a command first.
func (v *titlesView) takeMine(set *titleSet) tea.Cmd {
	v.plain = set
	if v.c.Compare == nil || v.their == nil {
		return v.apply(set)
	}
	return v.rebuildCompare()
}

func (v *titlesView) rebuildCompare() tea.Cmd {
	v.cmpPend = v.c.newID()
	return buildCompare(v.cmpPend, v.plain, v.their)
}

// enterCompare shows the union, sorted by difference.
func (v *titlesView) enterCompare(m compareResolvedMsg) tea.Cmd {
	v.their = m.their
	if !v.comparing() {
		v.plainSort, v.plainRev = v.list.sortBy, v.list.reverse
	}
	v.list.sortBy, v.list.reverse, v.cmpShow = int(sortDiff), false, cmpAll
	cmd := v.apply(m.set)
	// A new list in a new order: start at its top, where the other account leads most.
	v.list.top()
	v.loaded = v.loaded || m.mine == nil
	if m.mine != v.plain {
		// Our list changed while the lookup ran.
		return tea.Batch(cmd, v.rebuildCompare())
	}
	return cmd
}

func (v *titlesView) leaveCompare() tea.Cmd {
	v.their, v.cmpPend = nil, 0
	if v.comparing() {
		v.list.sortBy, v.list.reverse = v.plainSort, v.plainRev
	}
	v.cmpShow = cmpAll
	if v.plain != nil {
		return v.apply(v.plain)
	}
	v.set, v.rows = nil, nil
	v.list.sorts = titleSortNames(false)
	v.list.sortBy = min(v.list.sortBy, len(v.list.sorts)-1)
	v.list.setRows(nil)
	v.layout()
	return nil
}

// openMsg opens a title; in compare mode it says whose it is.
func (v *titlesView) openMsg(i int) openTitleMsg {
	r := &v.rows[i]
	m := openTitleMsg{title: r.t}
	if v.set.compare {
		if r.fi >= 0 {
			t := v.set.their.rows[r.fi].t
			m.their = &t
		}
		m.notMine = r.side&sideMine == 0
	}
	return m
}

// Column indices of the compare table.
const (
	ccName = iota
	ccMyBar
	ccMyPct
	ccMyGrades
	ccTheirBar
	ccTheirPct
	ccTheirGrades
	ccDelta
)

func gradesWidth(gw [4]int) int { return gw[0] + gw[1] + gw[2] + gw[3] + 3 }

// layoutCompare lays out both accounts' columns: each account's name over its bar and percentage,
// its earned counts per grade, and Δ; the two sides drop together.
func (v *titlesView) layoutCompare() {
	set := v.set
	s := v.c.Styles
	name := v.c.compareName()
	v.list.setColumns([]column{
		{title: "Title", flex: true},
		{title: "You", width: 10, drop: 5, span: true, pair: 1},
		{title: "You", width: 4, right: true},
		{width: gradesWidth(set.cgw[0]), drop: 7, pair: 2, head: func(int) string { return gradeLetters(s, set.cgw[0]) }},
		{title: name, width: 10, drop: 4, span: true, pair: 1},
		{title: name, width: 4, right: true},
		{width: gradesWidth(set.cgw[1]), drop: 6, pair: 2, head: func(int) string { return gradeLetters(s, set.cgw[1]) }},
		{title: "Δ", width: 9, drop: 3},
	}, max(16, min(28, v.w/3)))
}

// compareHeading is "FakeHunter vs TrophyFriend · 128 in common · you lead 61 · they lead 60", or
// what is true when there is nothing to lead in.
func (v *titlesView) compareHeading() string {
	s := v.c.Styles
	set := v.set
	parts := []string{s.Heading.Render(v.c.displayName())}
	switch {
	case set.their == nil || len(set.their.rows) == 0:
		parts = append(parts, v.c.compareName()+" has no titles yet")
	case set.common == 0:
		parts = append(parts, "no titles in common")
	default:
		parts = append(parts, commas(set.common)+" in common", "you lead "+commas(set.youLead), "they lead "+commas(set.theyLead))
	}
	return truncate(" "+strings.Join(parts, s.Faint.Render(" · ")), v.w)
}

// compareRow is one title of the union: both progress bars, both grade counts, the difference.
func (v *titlesView) compareRow(i int, selected bool) string {
	p := &v.c.Styles.P
	set := v.set
	r := &v.rows[i]
	st := painter(selected)
	widths := v.list.widths
	var b strings.Builder
	b.Grow(v.w + 96)
	v.nameCell(&b, r, widths[ccName], st)
	mine, theirs := set.progress(r)
	side := func(prog int, counts psnapi.TrophyCounts, bi, pi, gi int, gw [4]int) {
		barW, pctW, grW := widths[bi], widths[pi], widths[gi]
		if prog < 0 {
			// Never played: one faint note over the bar and percentage, nothing under the grades.
			w := pctW
			if barW > 0 {
				w += barW + 1
			}
			txt := "–"
			if w >= 13 {
				txt = "–  not played"
			}
			b.WriteByte(' ')
			b.WriteString(st(p.Faint, fitRight(txt, w)))
			if grW > 0 {
				b.WriteByte(' ')
				b.WriteString(spaces(grW))
			}
			return
		}
		if barW > 0 {
			b.WriteByte(' ')
			b.WriteString(st(barPaint(p, prog), bar(prog, barW)))
		}
		b.WriteByte(' ')
		b.WriteString(fitRight(strconv.Itoa(prog)+"%", pctW))
		if grW > 0 {
			b.WriteByte(' ')
			for g, grade := range gradeOrder {
				if g > 0 {
					b.WriteByte(' ')
				}
				n := strconv.Itoa(counts.Of(grade))
				txt := spaces(gw[g]-len(n)) + n
				if n == "0" {
					b.WriteString(st(p.Faint, txt))
				} else {
					b.WriteString(st(p.Grade[g], txt))
				}
			}
		}
	}
	side(mine, r.t.EarnedTrophies, ccMyBar, ccMyPct, ccMyGrades, set.cgw[0])
	var te psnapi.TrophyCounts
	if r.fi >= 0 {
		te = set.their.rows[r.fi].t.EarnedTrophies
	}
	side(theirs, te, ccTheirBar, ccTheirPct, ccTheirGrades, set.cgw[1])
	if w := widths[ccDelta]; w > 0 {
		b.WriteByte(' ')
		txt, pt := deltaText(r, mine, theirs, p)
		b.WriteString(st(pt, fit(txt, w)))
	}
	return b.String()
}

// deltaText is the Δ cell: the difference in points of progress and who is ahead.
func deltaText(r *titleRow, mine, theirs int, p *rowPaints) (string, paint) {
	switch {
	case mine < 0:
		return "them", p.Warn
	case theirs < 0:
		return "you", p.Earned
	case r.delta > 0:
		return "+" + strconv.Itoa(r.delta) + " you", p.Earned
	case r.delta < 0:
		return "−" + strconv.Itoa(-r.delta) + " them", p.Warn
	}
	return "= tie", p.Faint
}
