package ui

import (
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// titleData is one title's groups and trophies, cleaned for display once on arrival. It is shared
// read-only by the views of that title.
type titleData struct {
	title    psnapi.TrophyTitle
	name     string
	platform string
	groups   []groupRow
	trophies []trophyRow
	// earnedUnknown: only the definitions are known (the account's earned status is not cached
	// yet): earned counts, marks and dates show as loading, never as zero.
	earnedUnknown bool
}

type groupRow struct {
	id, name string
	nameW    int
	key      string // folded name, for the filter
	defined  psnapi.TrophyCounts
	earned   psnapi.TrophyCounts
	progress int
	grades   [4]string
}

type trophyRow struct {
	tr        store.Trophy
	id        int
	name      string
	nameW     int
	detail    string
	key       string // folded name and description, for the filter
	group     string // group id
	groupName string
	grade     psnapi.Grade
	earned    bool
	earnedAt  time.Time
	rate      float64
	hasRate   bool
	rarity    string // "8.0%"
	rare      psnapi.Rarity
	progress  int
	target    int
	hidden    bool // hidden by Sony and not earned: shown as "Hidden trophy" until revealed
}

func groupName(id, name string) string {
	if id == "default" || id == "" {
		return "Base game"
	}
	if n := clean(name); n != "" {
		return n
	}
	return "Group " + id
}

// buildTitleData cleans a store.TitleTrophies for display. It runs inside commands.
func buildTitleData(tt store.TitleTrophies) *titleData { return buildTitleDataWith(tt, newFolder()) }

// buildTitleDataWith is buildTitleData with the caller's folder (one per goroutine, reused).
func buildTitleDataWith(tt store.TitleTrophies, f *folder) *titleData {
	d := &titleData{title: tt.Title, name: clean(tt.Title.TrophyTitleName), earnedUnknown: !tt.EarnedKnown}
	if d.name == "" {
		d.name = tt.Title.NPCommunicationID
	}
	var labels []string
	for _, p := range tt.Title.Platforms() {
		for _, pn := range platformNames {
			if pn.api == p {
				labels = append(labels, pn.label)
			}
		}
	}
	for i, l := range labels {
		if i > 0 {
			d.platform += " · "
		}
		d.platform += l
	}
	names := map[string]string{}
	for _, g := range tt.Groups {
		gr := groupRow{id: g.TrophyGroupID, name: groupName(g.TrophyGroupID, g.TrophyGroupName),
			defined: g.DefinedTrophies, earned: g.Earned, progress: g.Progress}
		gr.nameW = width(gr.name)
		gr.key = f.fold(gr.name)
		for i, grade := range gradeOrder {
			gr.grades[i] = gradeCell(g.Earned.Of(grade), g.DefinedTrophies.Of(grade))
			if d.earnedUnknown && g.DefinedTrophies.Of(grade) > 0 {
				gr.grades[i] = "…/" + strconv.Itoa(g.DefinedTrophies.Of(grade))
			}
		}
		names[gr.id] = gr.name
		d.groups = append(d.groups, gr)
	}
	d.trophies = make([]trophyRow, len(tt.Trophies))
	for i, t := range tt.Trophies {
		r := &d.trophies[i]
		r.tr = t
		r.id = t.TrophyID
		r.name = clean(t.TrophyName)
		if r.name == "" {
			r.name = "Trophy " + strconv.Itoa(t.TrophyID)
		}
		r.nameW = width(r.name)
		r.detail = clean(t.TrophyDetail)
		// The separator keeps a query from matching across the name and the description.
		r.key = f.fold(r.name) + "\x00" + f.fold(r.detail)
		r.group = t.TrophyGroupID
		if r.group == "" {
			r.group = "default"
		}
		r.groupName = names[r.group]
		if r.groupName == "" {
			r.groupName = groupName(r.group, t.GroupName)
		}
		r.grade = t.TrophyType
		if r.grade == "" {
			r.grade = t.Status.TrophyType
		}
		r.earned = t.Status.Earned
		r.earnedAt = t.Status.EarnedDateTime
		if s := t.Status.TrophyEarnedRate; s != "" {
			r.rate, r.hasRate = t.Status.EarnedRate(), true
			r.rarity = strconv.FormatFloat(r.rate, 'f', 1, 64) + "%"
			r.rare = t.Status.TrophyRare
		}
		r.target = t.ProgressTarget()
		r.progress = t.Status.ProgressValue()
		if r.earned && r.target > 0 && r.progress < r.target {
			r.progress = r.target
		}
		r.hidden = (t.TrophyHidden || t.Status.TrophyHidden) && !r.earned
	}
	return d
}

// titleLoader fetches one title's trophies for a view: the cache first, then the store's policy.
type titleLoader struct {
	c                  *Common
	account            string // "" is the user's account (Common.Account); compare mode loads the other with its id
	title              psnapi.TrophyTitle
	data               *titleData
	pendCache, pendNet uint64
	applied            uint64
	err                string
	// budget: the request budget was spent, so the cache was served; refreshed when it frees.
	budget bool
}

func (l *titleLoader) acct() string {
	if l.account == "" {
		return l.c.Account
	}
	return l.account
}

func (l *titleLoader) start() tea.Cmd {
	l.pendCache = l.c.newID()
	return tea.Batch(loadCachedTrophies(l.c.env(), l.pendCache, l.acct(), l.title), l.refresh())
}

func (l *titleLoader) refresh() tea.Cmd {
	l.pendNet = l.c.newID()
	l.c.track(l.pendNet, "trophies")
	return fetchTrophies(l.c.env(), l.pendNet, l.acct(), l.title)
}

// reload is r: the title list, then this title's trophies if the list says it changed.
func (l *titleLoader) reload() tea.Cmd {
	l.pendNet = l.c.newID()
	l.c.track(l.pendNet, "trophies")
	return refreshTitleTrophies(l.c.env(), l.pendNet, l.acct(), l.title)
}

func (l *titleLoader) loading() bool { return l.pendNet != 0 || l.pendCache != 0 }

// retry refreshes what was served from the cache because the budget was spent (budgetFreedMsg).
func (l *titleLoader) retry() tea.Cmd {
	if !l.budget || l.pendNet != 0 || l.c == nil {
		return nil
	}
	l.budget = false
	return l.refresh()
}

// moved reads the title again when the check for new trophies found it moved: the check cached its
// earned status for the new entry, so this is a cache read.
func (l *titleLoader) moved(titles map[string]psnapi.TrophyTitle) tea.Cmd {
	t, ok := titles[l.title.NPCommunicationID]
	if !ok || l.account != "" || l.pendNet != 0 || l.c == nil {
		return nil
	}
	l.title = t
	return l.refresh()
}

// update applies an answer about this title and reports whether the data changed. Answers to an
// older question than the latest one are dropped; fresher answers from a sibling view are taken.
func (l *titleLoader) update(m trophiesLoadedMsg) bool {
	if m.npCommID != l.title.NPCommunicationID || m.account != l.acct() {
		return false
	}
	if m.cached {
		if m.id != l.pendCache {
			return false
		}
		l.pendCache = 0
		if m.found && l.data == nil {
			l.data = m.data
			return true
		}
		return false
	}
	if m.id != l.pendNet && (l.pendNet != 0 || m.id <= l.applied) {
		return false
	}
	l.pendNet = 0
	l.pendCache = 0
	l.applied = m.id
	l.err = ""
	_, budget := store.BudgetFreeIn(m.why, l.c.Now())
	l.budget = m.stale && budget
	if m.err != nil {
		l.err = errorLine(m.err)
		return false
	}
	if m.data != nil {
		l.data = m.data
		return true
	}
	return false
}
