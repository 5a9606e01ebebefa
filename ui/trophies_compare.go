package ui

// Column indices of the trophy table in compare mode.
const (
	yvName = iota
	yvGrade
	yvRate
	yvTier
	yvMine
	yvTheirs
	yvHelp // only when the title has Game Help
)

// layoutCompare lays out the trophy table with both accounts' marks: "✓ 2020-11-19" when the width
// allows, else the marks alone under the accounts' initials.
func (v *trophiesView) layoutCompare(gradeW int, gradeTitle string, help []column) {
	minName := max(16, min(26, v.w/3))
	markW := 12
	mine, theirs := "You", v.c.compareName()
	if 2+minName+1+gradeW+2*(1+markW) > v.w {
		markW = 1
		mine, theirs = "Y", firstRune(theirs)
	}
	v.list.setColumns(append([]column{
		{title: "Trophy", flex: true},
		{title: gradeTitle, width: gradeW},
		{title: "Rarity", width: 6, right: true, drop: 2},
		{width: 10, drop: 5},
		{title: mine, width: markW},
		{title: theirs, width: markW},
	}, help...), minName)
}

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

// markCell is an account's mark for a trophy: "✓ 2020-11-19", "·", or "–" when it never played.
func (v *trophiesView) markCell(t *trophyRow, played bool, w int, plain bool) string {
	s := &v.c.Styles.P
	st := painter(plain)
	switch {
	case !played:
		return st(s.Faint, fit("–", w))
	case t == nil:
		return st(s.Faint, fit("…", w))
	case !t.earned:
		return st(s.Faint, fit("·", w))
	}
	txt := "✓"
	if w > 1 && !t.earnedAt.IsZero() {
		return st(s.Earned, "✓") + fit(" "+t.earnedAt.Format("2006-01-02"), w-1)
	}
	return st(s.Earned, fit(txt, w))
}

func (v *trophiesView) compareRow(i int, selected bool) string {
	t := v.trophy(i)
	st := painter(selected)
	widths := v.list.widths
	cells := make([]string, len(widths))
	cells[yvName] = v.nameCell(t, widths[yvName], st)
	cells[yvGrade], cells[yvRate], cells[yvTier] = v.gradeRarityCells(t, widths[yvGrade], widths[yvRate], widths[yvTier], st)
	mine := t
	if v.load.data.earnedUnknown {
		mine = nil // loading
	}
	cells[yvMine] = v.markCell(mine, !v.vs.notMine, widths[yvMine], selected)
	cells[yvTheirs] = v.markCell(v.vs.their(t.id), v.vs.on, widths[yvTheirs], selected)
	if len(widths) > yvHelp && widths[yvHelp] > 0 {
		cells[yvHelp] = v.c.helpCell(v.load.title.NPCommunicationID, t.id, widths[yvHelp], selected)
	}
	return v.list.joinCells(cells)
}

// theirCount is the heading's part about the other account: how many of these trophies it earned.
func (v *trophiesView) theirCount() string {
	name := v.c.compareName()
	switch {
	case !v.vs.on:
		return name + " has not played it"
	case !v.vs.known():
		return name + " …"
	}
	n := 0
	for _, t := range v.vs.other.data.trophies {
		if t.earned && (v.group == "" || t.group == v.group) {
			n++
		}
	}
	return name + " " + commas(n)
}
