package assets

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Grade indexes of Counts: bronze, silver, gold, platinum (Sony's order in count objects).
const (
	Bronze = iota
	Silver
	Gold
	Platinum
)

// GradeNames are Sony's spellings of the grades, indexed by grade.
var GradeNames = [4]string{"bronze", "silver", "gold", "platinum"}

// GradePoints are the trophy-level point values of the grades.
var GradePoints = [4]int{15, 30, 90, 300}

// GradeOf returns the grade index of Sony's spelling, or -1.
func GradeOf(name string) int {
	for i, n := range GradeNames {
		if n == name {
			return i
		}
	}
	return -1
}

// Counts holds a number per grade: bronze, silver, gold, platinum.
type Counts [4]int

// Total is the number over every grade.
func (c Counts) Total() int { return c[0] + c[1] + c[2] + c[3] }

// Add returns c + o.
func (c Counts) Add(o Counts) Counts {
	return Counts{c[0] + o[0], c[1] + o[1], c[2] + o[2], c[3] + o[3]}
}

// Points is the trophy-level point value.
func (c Counts) Points() int {
	return c[0]*GradePoints[0] + c[1]*GradePoints[1] + c[2]*GradePoints[2] + c[3]*GradePoints[3]
}

// Progress is Sony's completion percentage: earned points over defined points, platinum excluded,
// rounded down (this reproduces every progress value in the reference and the recordings). A set
// whose only trophy is a platinum is 100 when it is earned.
func Progress(earned, defined Counts) int {
	d := defined[0]*15 + defined[1]*30 + defined[2]*90
	if d == 0 {
		if defined[3] > 0 && earned[3] >= defined[3] {
			return 100
		}
		return 0
	}
	e := earned[0]*15 + earned[1]*30 + earned[2]*90
	return e * 100 / d
}

// Level is the trophy level computed from points with the formula the reference cites
// (60 points a level up to 100, then 90, 450, 900, 1350, 1800, 2250, 2700, 3150; 999 at most).
type Level struct {
	Level, Base, Next, Progress, Tier int
}

var levelSteps = []struct{ upTo, step int }{
	{100, 60}, {200, 90}, {300, 450}, {400, 900}, {500, 1350}, {600, 1800}, {700, 2250}, {800, 2700}, {999, 3150},
}

// LevelFor computes the level, its base and next points, the progress in percent and the tier.
func LevelFor(points int) Level {
	level, base := 1, 0
	for _, s := range levelSteps {
		for level < s.upTo && base+s.step <= points {
			base += s.step
			level++
		}
		if level < s.upTo {
			next := base + s.step
			return Level{Level: level, Base: base, Next: next, Progress: (points - base) * 100 / s.step, Tier: tierOf(level)}
		}
	}
	return Level{Level: 999, Base: base, Next: base, Progress: 100, Tier: 10}
}

func tierOf(level int) int {
	if level >= 999 {
		return 10
	}
	t := level/100 + 1
	if t > 9 {
		t = 9
	}
	return t
}

// RarityOf maps an earned rate (percent) to Sony's trophyRare: 0 ultra rare (≤5), 1 very rare (≤15),
// 2 rare (≤50), 3 common.
func RarityOf(rate float64) int {
	switch {
	case rate <= 5:
		return 0
	case rate <= 15:
		return 1
	case rate <= 50:
		return 2
	}
	return 3
}

// Trophy is a trophy definition.
type Trophy struct {
	ID             int
	GroupID        string
	Grade          int
	Hidden         bool
	Name, Detail   string
	IconURL        string
	ProgressTarget int // 0: the trophy tracks no progress
	RewardName     string
	RewardImageURL string
	Rare           int
	Rate           string // trophyEarnedRate, e.g. "8.0"
}

// RateValue is Rate as a number.
func (t *Trophy) RateValue() float64 {
	f, _ := strconv.ParseFloat(t.Rate, 64)
	return f
}

// Group is a trophy group definition ("default", "001", …).
type Group struct {
	ID, Name, Detail, IconURL string
	Defined                   Counts
}

// Localized holds the names of a title in another language. Empty strings fall back to the default.
type Localized struct {
	Name, Detail string
	Groups       map[string]string
	Trophies     map[int][2]string // name, detail

	generate bool // generate German names for the trophies without one
}

// Tip is one step of Game Help. MediaPath is the part of the media URL after the host, without the
// token ("2/<hash>/<mediaId>/private/video/master_playlist.m3u8"); empty for text tips.
type Tip struct {
	TipID, DisplayName, Description string
	MediaID, MediaType, MediaPath   string
}

// Hint is Game Help for one trophy. Tips may be nil until Title.HintTips generates them.
type Hint struct {
	TrophyID    int
	UDSObjectID string
	HelpType    string
	Tips        []Tip
}

// Title is a trophy set. Its trophies are generated on first use (Trophies).
type Title struct {
	NPCommunicationID string
	ServiceName       string // "trophy" (PS3, PS4, PS Vita) or "trophy2" (PS5, PC)
	Version           string
	Name, Detail      string // Detail only for legacy titles
	IconURL           string
	Platform          string
	NPTitleIDs        []string
	Groups            []*Group
	Lang              map[string]*Localized
	Hints             []Hint

	seed           uint64
	rateLo, rateHi float64
	overrides      map[int]*trophySpec
	progressy      bool   // PS5 generated: some trophies track progress
	style          string // name style of the generated trophies (japanese, emoji, curly, control)
	trophies       []*Trophy
}

// Legacy reports whether the set is a PS3/PS4/PS Vita set (npServiceName "trophy").
func (t *Title) Legacy() bool { return t.ServiceName == "trophy" }

// Defined is the number of trophies per grade over every group.
func (t *Title) Defined() Counts {
	var c Counts
	for _, g := range t.Groups {
		c = c.Add(g.Defined)
	}
	return c
}

// Group returns the group with that id, or nil.
func (t *Title) Group(id string) *Group {
	for _, g := range t.Groups {
		if g.ID == id {
			return g
		}
	}
	return nil
}

// Trophies returns every trophy of the set, ordered by id (ids are 0…n-1), generating them on first
// use. Not safe for concurrent use: the caller serialises access to a World.
func (t *Title) Trophies() []*Trophy {
	if t.trophies == nil {
		t.trophies = generateTrophies(t)
	}
	return t.trophies
}

// Localize returns the title's name, detail and the localized names for lang ("" = default).
func (t *Title) Localize(lang string) *Localized {
	if lang == "" || t.Lang == nil {
		return nil
	}
	return t.Lang[lang]
}

// AddTrophy appends a trophy to a group without changing the set version (Sony does that). Every
// play of the title must be materialized first (World.AddTrophy does it).
func (t *Title) addTrophy(groupID string, grade int, name, detail string) (*Trophy, error) {
	g := t.Group(groupID)
	if g == nil {
		return nil, fmt.Errorf("assets: %s has no group %q", t.NPCommunicationID, groupID)
	}
	if grade < 0 || grade > Platinum {
		return nil, fmt.Errorf("assets: bad grade %d", grade)
	}
	all := t.Trophies()
	id := len(all)
	r := newRNG(t.seed ^ uint64(id)*0x9e3779b97f4a7c15)
	tr := &Trophy{ID: id, GroupID: groupID, Grade: grade, Name: name, Detail: detail,
		IconURL: trophyIcon(t, r)}
	t.rateAdded(tr, r.float())
	t.trophies = append(all, tr)
	g.Defined[grade]++
	return tr, nil
}

// GroupPlay is an account's earned counts for one group and its last earned date (zero: none).
type GroupPlay struct {
	Earned Counts
	Last   time.Time

	first time.Time // a generated play's first earned date in the group (zero: not planned)
}

// State is an account's status for one trophy.
type State struct {
	Earned     bool
	EarnedAt   time.Time
	Progress   int // for trophies that track progress, when not earned
	ProgressAt time.Time
}

// Play is an account's record of a title: what it earned and when.
type Play struct {
	Title       *Title
	Hidden      bool
	LastUpdated time.Time
	Start       time.Time
	Groups      map[string]*GroupPlay

	seed     uint64
	explicit map[int]*stateSpec
	states   []State
}

// Earned is the earned count per grade over every group.
func (p *Play) Earned() Counts {
	var c Counts
	for _, g := range p.Title.Groups {
		if gp := p.Groups[g.ID]; gp != nil {
			c = c.Add(gp.Earned)
		}
	}
	return c
}

// Group returns the play of a group (never nil for a group of the title).
func (p *Play) Group(id string) *GroupPlay {
	gp := p.Groups[id]
	if gp == nil {
		gp = &GroupPlay{}
		p.Groups[id] = gp
	}
	return gp
}

// Progress is the title's completion percentage for this account.
func (p *Play) Progress() int { return Progress(p.Earned(), p.Title.Defined()) }

// States returns the per-trophy status, indexed by trophy id, generating it on first use.
func (p *Play) States() []State {
	if p.states == nil {
		p.states = generateStates(p)
	}
	if n := len(p.Title.Trophies()); len(p.states) < n {
		p.states = append(p.states, make([]State, n-len(p.states))...)
	}
	return p.states
}

// Earn marks a trophy earned at the given time and updates the counts and dates.
func (p *Play) Earn(id int, at time.Time) error {
	trs := p.Title.Trophies()
	if id < 0 || id >= len(trs) {
		return fmt.Errorf("assets: %s has no trophy %d", p.Title.NPCommunicationID, id)
	}
	st := p.States()
	if st[id].Earned {
		return fmt.Errorf("assets: trophy %d of %s is already earned", id, p.Title.NPCommunicationID)
	}
	at = at.UTC().Truncate(time.Second)
	st[id] = State{Earned: true, EarnedAt: at}
	tr := trs[id]
	gp := p.Group(tr.GroupID)
	gp.Earned[tr.Grade]++
	if at.After(gp.Last) {
		gp.Last = at
	}
	if at.After(p.LastUpdated) {
		p.LastUpdated = at
	}
	return nil
}

// Account is a PSN account of the fake world.
type Account struct {
	AccountID        string
	OnlineID         string
	PreviousOnlineID string // an older online ID that still resolves (profile2 answers currentOnlineId)
	AboutMe          string
	Private          bool // trophies visible to nobody else (403)
	Plus             bool
	Languages        []string
	Plays            []*Play
	Friends          []string // account IDs of its friends, in the order Sony lists them
	FriendsPrivate   bool     // its friends list is visible to nobody else (403)
	Presence         Presence

	byTitle map[string]*Play
	games   []*Game // PlayedGames, generated on first use
}

// Play returns the account's play of a title, or nil when the account never played it.
func (a *Account) Play(npCommunicationID string) *Play { return a.byTitle[npCommunicationID] }

func (a *Account) addPlay(p *Play) {
	if a.byTitle == nil {
		a.byTitle = map[string]*Play{}
	}
	a.Plays = append(a.Plays, p)
	a.byTitle[p.Title.NPCommunicationID] = p
}

// Earned is the account's earned count per grade over every title.
func (a *Account) Earned() Counts {
	var c Counts
	for _, p := range a.Plays {
		c = c.Add(p.Earned())
	}
	return c
}

// SortedPlays returns the plays newest lastUpdatedDateTime first (ties by npCommunicationId).
func (a *Account) SortedPlays() []*Play {
	out := append([]*Play(nil), a.Plays...)
	slices.SortFunc(out, func(x, y *Play) int {
		if c := y.LastUpdated.Compare(x.LastUpdated); c != 0 {
			return c
		}
		return strings.Compare(x.Title.NPCommunicationID, y.Title.NPCommunicationID)
	})
	return out
}

// World is the whole fake PSN: the title catalog and the accounts. Not safe for concurrent use.
type World struct {
	Titles      []*Title
	Accounts    []*Account
	byID        map[string]*Title
	byNPTitleID map[string]*Title
}

// Title returns the title with that npCommunicationId, or nil.
func (w *World) Title(id string) *Title { return w.byID[id] }

// TitleByNPTitleID returns the title linked to an npTitleId (CUSA…, PPSA…), or nil.
func (w *World) TitleByNPTitleID(id string) *Title { return w.byNPTitleID[id] }

// Account returns the account with that numeric id, or nil.
func (w *World) Account(accountID string) *Account {
	for _, a := range w.Accounts {
		if a.AccountID == accountID {
			return a
		}
	}
	return nil
}

// AccountByOnlineID finds an account by its online ID or a previous one, case-insensitively.
// previous reports whether the name matched a previous online ID.
func (w *World) AccountByOnlineID(name string) (a *Account, previous bool) {
	for _, a := range w.Accounts {
		if equalFold(a.OnlineID, name) {
			return a, false
		}
	}
	for _, a := range w.Accounts {
		if a.PreviousOnlineID != "" && equalFold(a.PreviousOnlineID, name) {
			return a, true
		}
	}
	return nil, false
}

// AddTrophy adds a trophy to a title's group for every account (unearned), keeping the set version.
func (w *World) AddTrophy(npCommunicationID, groupID string, grade int, name, detail string) (*Trophy, error) {
	t := w.Title(npCommunicationID)
	if t == nil {
		return nil, fmt.Errorf("assets: no title %s", npCommunicationID)
	}
	for _, a := range w.Accounts {
		if p := a.Play(npCommunicationID); p != nil {
			p.States()
		}
	}
	tr, err := t.addTrophy(groupID, grade, name, detail)
	if err != nil {
		return nil, err
	}
	for _, a := range w.Accounts {
		if p := a.Play(npCommunicationID); p != nil {
			p.States()
		}
	}
	return tr, nil
}

func (w *World) addTitle(t *Title) {
	if w.byID == nil {
		w.byID = map[string]*Title{}
		w.byNPTitleID = map[string]*Title{}
	}
	if w.byID[t.NPCommunicationID] != nil {
		panic("assets: duplicate title " + t.NPCommunicationID)
	}
	w.Titles = append(w.Titles, t)
	w.byID[t.NPCommunicationID] = t
	for _, id := range t.NPTitleIDs {
		w.byNPTitleID[id] = t
	}
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
