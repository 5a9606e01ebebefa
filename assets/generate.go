package assets

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed special.json
var specialJSON []byte

// The accounts of the fake world.
const (
	DemoOnlineID           = "FakeHunter"
	DemoAccountID          = "7803210546917730418"
	FriendOnlineID         = "TrophyFriend"
	FriendAccountID        = "2958041076612398745"
	FriendPreviousOnlineID = "TrophyPal"
	PrivateOnlineID        = "LockedVault"
	PrivateAccountID       = "1174530988263417209"
	EmptyOnlineID          = "FreshStart"
	EmptyAccountID         = "5620194837261550936"
)

// DefaultTitles is the demo account's title count by default. With it (and the default seed) the
// demo account's earned trophies add up exactly to the reference's trophy summary: level 437,
// 200,430 points, 6,212 bronze, 1,450 silver, 525 gold, 55 platinum.
const DefaultTitles = 300

// DefaultSeed is the generator's seed when Options.Seed is 0.
const DefaultSeed = 20201112

// ReferenceEarned is the earned count of the reference's trophy summary example.
var ReferenceEarned = Counts{6212, 1450, 525, 55}

// Options chooses the world to build.
type Options struct {
	// Titles is the demo account's title count, the 11 hand-written titles included (so never fewer
	// than 11; default DefaultTitles). 2,000 or 20,000 make load-test accounts; trophies are
	// generated lazily.
	Titles int
	// Seed varies the generated part (default DefaultSeed).
	Seed int64
}

// dateMax is the latest date the generator uses (the data must not lie in the future).
var dateMax = time.Date(2026, 10, 31, 22, 0, 0, 0, time.UTC)

type specFile struct {
	Titles []titleSpec `json:"titles"`
	Plays  []playSpec  `json:"plays"`
}

type titleSpec struct {
	ID         string              `json:"id"`
	Service    string              `json:"service"`
	Version    string              `json:"version"`
	Platform   string              `json:"platform"`
	Name       string              `json:"name"`
	Detail     string              `json:"detail"`
	Icon       string              `json:"icon"`
	NPTitleIDs []string            `json:"npTitleIds"`
	Rates      [2]float64          `json:"rates"`
	Progressy  bool                `json:"progressy"`
	Groups     []groupSpec         `json:"groups"`
	Trophies   []trophySpec        `json:"trophies"`
	Lang       map[string]langSpec `json:"lang"`
	Hints      []hintSpec          `json:"hints"`
}

type groupSpec struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Detail string `json:"detail"`
	Icon   string `json:"icon"`
	Counts Counts `json:"counts"`
}

type trophySpec struct {
	ID          int    `json:"id"`
	Group       string `json:"group"`
	Type        string `json:"type"`
	Hidden      bool   `json:"hidden"`
	Name        string `json:"name"`
	Detail      string `json:"detail"`
	Icon        string `json:"icon"`
	Target      int    `json:"target"`
	RewardName  string `json:"rewardName"`
	RewardImage string `json:"rewardImage"`
	Rare        *int   `json:"rare"`
	Rate        string `json:"rate"`
}

type langSpec struct {
	Name     string               `json:"name"`
	Generate bool                 `json:"generate"`
	Groups   map[string]string    `json:"groups"`
	Trophies map[string][2]string `json:"trophies"`
}

type hintSpec struct {
	Trophy int       `json:"trophy"`
	UDS    string    `json:"uds"`
	Tips   []tipSpec `json:"tips"`
}

type tipSpec struct {
	TipID       string `json:"tipId"`
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
	MediaID     string `json:"mediaId"`
	MediaType   string `json:"mediaType"`
	MediaPath   string `json:"mediaPath"`
}

type playSpec struct {
	Account     string            `json:"account"`
	Title       string            `json:"title"`
	Hidden      bool              `json:"hidden"`
	Start       string            `json:"start"`
	LastUpdated string            `json:"lastUpdated"`
	Earned      map[string]Counts `json:"earned"`
	GroupLast   map[string]string `json:"groupLast"`
	Trophies    []stateSpec       `json:"trophies"`
}

type stateSpec struct {
	ID         int    `json:"id"`
	At         string `json:"at"`
	Earned     *bool  `json:"earned"`
	Progress   int    `json:"progress"`
	ProgressAt string `json:"progressAt"`

	at, progressAt time.Time
}

func (s *stateSpec) isEarned() bool { return s.Earned == nil || *s.Earned }

// Build makes a fresh world. Each call returns independent data (servers mutate theirs).
func Build(o Options) (*World, error) {
	if o.Titles <= 0 {
		o.Titles = DefaultTitles
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	var spec specFile
	if err := json.Unmarshal(specialJSON, &spec); err != nil {
		return nil, fmt.Errorf("assets: special.json: %w", err)
	}
	w := &World{}
	demo := &Account{AccountID: DemoAccountID, OnlineID: DemoOnlineID, AboutMe: "Hunting platinums since 2008 🏆", Plus: true, Languages: []string{"en-US", "de-DE"}}
	friend := &Account{AccountID: FriendAccountID, OnlineID: FriendOnlineID, PreviousOnlineID: FriendPreviousOnlineID, AboutMe: "Compare me!", Languages: []string{"en-GB"}}
	private := &Account{AccountID: PrivateAccountID, OnlineID: PrivateOnlineID, Private: true, Languages: []string{"fr-FR"}}
	empty := &Account{AccountID: EmptyAccountID, OnlineID: EmptyOnlineID, Languages: []string{"en-US"}}
	w.Accounts = []*Account{demo, friend, private, empty}
	byKey := map[string]*Account{"demo": demo, "friend": friend, "private": private, "empty": empty}

	seed := uint64(o.Seed)
	for i := range spec.Titles {
		t, err := specTitle(&spec.Titles[i], seed)
		if err != nil {
			return nil, err
		}
		w.addTitle(t)
	}
	var fixed []*Play
	for i := range spec.Plays {
		ps := &spec.Plays[i]
		a := byKey[ps.Account]
		t := w.Title(ps.Title)
		if a == nil || t == nil {
			return nil, fmt.Errorf("assets: play %s/%s: unknown account or title", ps.Account, ps.Title)
		}
		p, err := specPlay(ps, t, seed)
		if err != nil {
			return nil, err
		}
		a.addPlay(p)
		fixed = append(fixed, p)
	}

	// Generated titles of the demo account.
	n := o.Titles - len(demo.Plays)
	if n < 0 {
		n = 0
	}
	var gen []*Play
	for i := 0; i < n; i++ {
		t := genTitle(seed, i, 30000+i)
		w.addTitle(t)
		p := genPlay(t, seed^0xd1b54a32d192ed03, i)
		if i == 20 || i == 47 {
			p.Hidden = true
		}
		demo.addPlay(p)
		gen = append(gen, p)
	}
	if o.Titles == DefaultTitles {
		if err := calibrate(demo, gen, ReferenceEarned); err != nil {
			return nil, err
		}
	}
	for _, p := range gen {
		planDates(p, demoHistory)
	}

	// The friend: about half of the demo account's first 240 generated titles with other progress,
	// plus titles of its own.
	fr := newRNG(seed ^ 0x5bf03635f0b2ad39)
	for i, p := range gen {
		if i >= 240 {
			break
		}
		if fr.float() < 0.45 {
			q := genPlay(p.Title, seed^0x94d049bb133111eb, i)
			planDates(q, friendHistory)
			friend.addPlay(q)
		}
	}
	for j := 0; j < 25; j++ {
		t := genTitle(seed^0x2545f4914f6cdd1d, j+11, 90000+j)
		w.addTitle(t)
		q := genPlay(t, seed^0x94d049bb133111eb, 1000+j)
		if j == 3 {
			q.Hidden = true
		}
		planDates(q, friendHistory)
		friend.addPlay(q)
	}
	for i, p := range gen {
		if i%9 == 2 && len(private.Plays) < 30 {
			q := genPlay(p.Title, seed^0x7fb5d329728ea185, i)
			planDates(q, privateHistory)
			private.addPlay(q)
		}
	}
	buildSocial(w, seed, demo, friend, private, empty, fixed, gen)
	return w, nil
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, s)
}

func specTitle(s *titleSpec, seed uint64) (*Title, error) {
	t := &Title{
		NPCommunicationID: s.ID, ServiceName: s.Service, Version: s.Version, Name: s.Name, Detail: s.Detail,
		IconURL: s.Icon, Platform: s.Platform, NPTitleIDs: s.NPTitleIDs, seed: hashString(s.ID) ^ seed,
		rateLo: s.Rates[0], rateHi: s.Rates[1], progressy: s.Progressy, overrides: map[int]*trophySpec{},
	}
	if t.rateHi == 0 {
		t.rateLo, t.rateHi = 0.5, 90
	}
	r := newRNG(t.seed)
	if t.IconURL == "" {
		t.IconURL = titleIcon(t, r)
	}
	for _, g := range s.Groups {
		grp := &Group{ID: g.ID, Name: g.Name, Detail: g.Detail, IconURL: g.Icon, Defined: g.Counts}
		if grp.IconURL == "" {
			grp.IconURL = titleIcon(t, r)
		}
		t.Groups = append(t.Groups, grp)
	}
	for i := range s.Trophies {
		ts := &s.Trophies[i]
		if GradeOf(ts.Type) < 0 || t.Group(ts.Group) == nil {
			return nil, fmt.Errorf("assets: %s trophy %d: bad type or group", s.ID, ts.ID)
		}
		t.overrides[ts.ID] = ts
	}
	for lang, ls := range s.Lang {
		if t.Lang == nil {
			t.Lang = map[string]*Localized{}
		}
		l := &Localized{Name: ls.Name, Groups: ls.Groups, Trophies: map[int][2]string{}, generate: ls.Generate}
		for k, v := range ls.Trophies {
			id, err := strconv.Atoi(k)
			if err != nil {
				return nil, fmt.Errorf("assets: %s lang %s: bad trophy id %q", s.ID, lang, k)
			}
			l.Trophies[id] = v
		}
		t.Lang[lang] = l
	}
	for _, h := range s.Hints {
		hint := Hint{TrophyID: h.Trophy, UDSObjectID: h.UDS, HelpType: "HINT"}
		for _, tp := range h.Tips {
			hint.Tips = append(hint.Tips, Tip(tp))
		}
		t.Hints = append(t.Hints, hint)
	}
	return t, nil
}

func specPlay(s *playSpec, t *Title, seed uint64) (*Play, error) {
	p := &Play{Title: t, Hidden: s.Hidden, Groups: map[string]*GroupPlay{}, seed: hashString(s.Account+t.NPCommunicationID) ^ seed, explicit: map[int]*stateSpec{}}
	var err error
	if p.Start, err = parseTime(s.Start); err != nil {
		return nil, err
	}
	for _, g := range t.Groups {
		gp := &GroupPlay{Earned: s.Earned[g.ID]}
		for k := 0; k < 4; k++ {
			if gp.Earned[k] > g.Defined[k] {
				return nil, fmt.Errorf("assets: %s/%s group %s: more earned than defined", s.Account, t.NPCommunicationID, g.ID)
			}
		}
		if gp.Last, err = parseTime(s.GroupLast[g.ID]); err != nil {
			return nil, err
		}
		if gp.Earned.Total() > 0 && gp.Last.IsZero() {
			return nil, fmt.Errorf("assets: %s/%s group %s: earned trophies need a groupLast", s.Account, t.NPCommunicationID, g.ID)
		}
		if gp.Last.After(p.LastUpdated) {
			p.LastUpdated = gp.Last
		}
		p.Groups[g.ID] = gp
	}
	if s.LastUpdated != "" {
		if p.LastUpdated, err = parseTime(s.LastUpdated); err != nil {
			return nil, err
		}
	}
	if p.LastUpdated.IsZero() {
		p.LastUpdated = p.Start
	}
	for i := range s.Trophies {
		st := &s.Trophies[i]
		if st.at, err = parseTime(st.At); err != nil {
			return nil, err
		}
		if st.progressAt, err = parseTime(st.ProgressAt); err != nil {
			return nil, err
		}
		p.explicit[st.ID] = st
	}
	return p, nil
}

var platformWeights = []struct {
	platform string
	weight   int
}{
	{"PS4", 34}, {"PS5", 20}, {"PS3", 15}, {"PSVITA", 8}, {"PS4,PSVITA", 7}, {"PS5,PSPC", 9}, {"PSPC", 7},
}

// eras bound the dates of a platform's titles.
var eras = map[string][2]time.Time{
	"PS3":        {time.Date(2008, 1, 15, 0, 0, 0, 0, time.UTC), time.Date(2016, 12, 20, 0, 0, 0, 0, time.UTC)},
	"PSVITA":     {time.Date(2012, 2, 22, 0, 0, 0, 0, time.UTC), time.Date(2018, 12, 20, 0, 0, 0, 0, time.UTC)},
	"PS4,PSVITA": {time.Date(2013, 11, 29, 0, 0, 0, 0, time.UTC), time.Date(2019, 12, 20, 0, 0, 0, 0, time.UTC)},
	"PS4":        {time.Date(2013, 11, 29, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 20, 0, 0, 0, 0, time.UTC)},
	"PS5":        {time.Date(2020, 11, 12, 0, 0, 0, 0, time.UTC), dateMax},
	"PS5,PSPC":   {time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), dateMax},
	"PSPC":       {time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC), dateMax},
}

// genTitle makes the i-th generated title (deterministic in seed and i) with id NPWR{num}_00.
func genTitle(seed uint64, i, num int) *Title {
	r := newRNG(seed ^ uint64(i+1)*0x9e3779b97f4a7c15)
	t := &Title{NPCommunicationID: fmt.Sprintf("NPWR%05d_00", num), overrides: map[int]*trophySpec{}}
	t.seed = r.next()
	style := ""
	switch {
	case i < len(unicodeTitles):
		u := unicodeTitles[i]
		t.Name, t.Platform, style = u.name, u.platform, u.style
	case i < len(unicodeTitles)+len(platformWeights):
		t.Platform = platformWeights[i-len(unicodeTitles)].platform
	default:
		x := r.intn(100)
		for _, pw := range platformWeights {
			if x < pw.weight {
				t.Platform = pw.platform
				break
			}
			x -= pw.weight
		}
	}
	if t.Name == "" {
		t.Name = genTitleName(r)
	}
	legacy := !strings.Contains(t.Platform, "PS5") && !strings.Contains(t.Platform, "PSPC")
	if legacy {
		t.ServiceName = "trophy"
		t.Detail = strings.TrimSpace(t.Name)
		if r.float() < 0.3 {
			t.Detail += " Trophy Set"
		}
	} else {
		t.ServiceName = "trophy2"
	}
	t.Version = fmt.Sprintf("01.%02d", r.intn(12))
	t.rateLo = 0.1 + r.float()*2.5
	t.rateHi = 55 + r.float()*44
	t.progressy = !legacy && r.float() < 0.6
	t.IconURL = titleIcon(t, r)
	t.NPTitleIDs = genNPTitleIDs(t.Platform, num)

	// The default group: a full game with a platinum, or a small game without.
	var def Counts
	if r.float() < 0.2 {
		def = Counts{6 + r.intn(9), 1 + r.intn(4), r.intn(3), 0}
	} else {
		def = Counts{18 + r.intn(28), 5 + r.intn(10), 2 + r.intn(6), 1}
	}
	t.Groups = []*Group{{ID: "default", Name: t.Name, Detail: t.Detail, IconURL: t.IconURL, Defined: def}}
	if def[Platinum] == 1 && r.float() < 0.25 {
		for g := 1; g <= 1+r.intn(3); g++ {
			name := strings.TrimSpace(t.Name) + ": " + dlcNames[r.intn(len(dlcNames))]
			grp := &Group{ID: fmt.Sprintf("%03d", g), Name: name, IconURL: titleIcon(t, r),
				Defined: Counts{2 + r.intn(8), r.intn(3), r.intn(2), 0}}
			if legacy {
				grp.Detail = "Additional trophies for " + strings.TrimSpace(t.Name)
			}
			t.Groups = append(t.Groups, grp)
		}
	}
	t.overrides = nil
	t.style = style
	if i%12 == 5 || style == "japanese" {
		t.Lang = map[string]*Localized{"de": {generate: true}}
	}
	// Game Help on some PS5 titles.
	if !legacy && i%3 == 0 {
		total := t.Defined().Total()
		prefix := strings.ToUpper(strings.Fields(strings.TrimSpace(t.Name) + " X")[0])
		for id := 1; id < total; id += 2 + r.intn(4) {
			t.Hints = append(t.Hints, Hint{TrophyID: id, UDSObjectID: prefix + "_" + strconv.Itoa(1000+id), HelpType: "HINT"})
		}
	}
	return t
}

func genTitleName(r *rng) string {
	a := titleAdjectives[r.intn(len(titleAdjectives))]
	n := titleNouns[r.intn(len(titleNouns))]
	switch r.intn(6) {
	case 0:
		return a + " " + n + ": " + titleSubtitles[r.intn(len(titleSubtitles))]
	case 1:
		return n + " of the " + a + " " + titleNouns[r.intn(len(titleNouns))]
	case 2:
		return a + " " + n + " " + strconv.Itoa(2+r.intn(4))
	default:
		return a + " " + n
	}
}

func genNPTitleIDs(platform string, num int) []string {
	var out []string
	for _, p := range strings.Split(platform, ",") {
		switch p {
		case "PS3":
			out = append(out, fmt.Sprintf("NPUB%05d_00", num))
		case "PSVITA":
			out = append(out, fmt.Sprintf("PCSE%05d_00", num))
		case "PS4":
			out = append(out, fmt.Sprintf("CUSA%05d_00", num))
		case "PS5":
			out = append(out, fmt.Sprintf("PPSA%05d_00", num))
		case "PSPC":
			out = append(out, fmt.Sprintf("PCWR%05d_00", num))
		}
	}
	return out
}

func titleIcon(t *Title, r *rng) string {
	if t.ServiceName == "trophy" {
		return fmt.Sprintf("https://image.api.playstation.com/trophy/np/%s_00%s/%s.PNG", t.NPCommunicationID, r.hex(40, true), r.hex(40, true))
	}
	return fmt.Sprintf("https://psnobj.prod.dl.playstation.net/psnobj/%s/%s.png", t.NPCommunicationID, r.uuid())
}

func trophyIcon(t *Title, r *rng) string {
	if t.ServiceName == "trophy" {
		return fmt.Sprintf("https://image.api.playstation.com/trophy/np/%s_00%s/%s.PNG", t.NPCommunicationID, hexOf(t.seed, 40), r.hex(40, true))
	}
	return fmt.Sprintf("https://psnobj.prod.dl.playstation.net/psnobj/%s/%s.png", t.NPCommunicationID, r.uuid())
}

// HintTips returns the tips of t.Hints[i], generating them on first use.
func (t *Title) HintTips(i int) []Tip {
	h := &t.Hints[i]
	if h.Tips == nil {
		h.Tips = genTips(t, h.TrophyID, h.UDSObjectID)
	}
	return h.Tips
}

func genTips(t *Title, trophyID int, uds string) []Tip {
	r := newRNG(t.seed ^ uint64(trophyID+7)*0xbf58476d1ce4e5b9)
	n := 1 + r.intn(2)
	var tips []Tip
	for k := 1; k <= n; k++ {
		tip := Tip{
			TipID:       fmt.Sprintf("%s__%s_H%d", t.NPCommunicationID, uds, k),
			DisplayName: trophyPhrases[r.intn(len(trophyPhrases))],
			Description: fmt.Sprintf("Step %d: head back to the area where the trophy's challenge starts and take your time; "+
				"the trick is to %s. ", k, []string{"stay close to the wall", "keep moving", "use the charged attack", "wait for the second wave", "look up"}[r.intn(5)]),
		}
		if r.float() < 0.6 {
			tip.MediaID = "psn" + r.hex(32, false)
			tip.MediaType = "VIDEO"
			tip.MediaPath = fmt.Sprintf("%d/%s/%s/private/video/master_playlist.m3u8", 2+r.intn(2), r.hex(40, false), tip.MediaID)
		}
		tips = append(tips, tip)
	}
	return tips
}

// generateTrophies lays the trophies out: group after group, ids consecutive; the platinum first.
func generateTrophies(t *Title) []*Trophy {
	r := newRNG(t.seed ^ 0x632be59bd9b4e019)
	var out []*Trophy
	var draws []float64
	id := 0
	for _, g := range t.Groups {
		n := g.Defined.Total()
		left := g.Defined
		slots := make([]int, n) // grade per slot, -1 free
		for k := range slots {
			slots[k] = -1
			if ov := t.overrides[id+k]; ov != nil {
				slots[k] = GradeOf(ov.Type)
				left[slots[k]]--
			}
		}
		var pool []int
		for gr := Platinum; gr >= Bronze; gr-- {
			for c := 0; c < left[gr]; c++ {
				pool = append(pool, gr)
			}
		}
		// keep a platinum first, shuffle the rest
		start := 0
		if len(pool) > 0 && pool[0] == Platinum {
			start = 1
		}
		rest := pool[start:]
		for k := len(rest) - 1; k > 0; k-- {
			j := r.intn(k + 1)
			rest[k], rest[j] = rest[j], rest[k]
		}
		pi := 0
		for k := range slots {
			if slots[k] < 0 && pi < len(pool) {
				slots[k] = pool[pi]
				pi++
			}
		}
		for k, gr := range slots {
			if gr < 0 {
				gr = Bronze
			}
			tr := &Trophy{ID: id + k, GroupID: g.ID, Grade: gr}
			draws = append(draws, fillTrophy(t, tr, r))
			out = append(out, tr)
		}
		id += n
	}
	rateTrophies(t, out, draws)
	return out
}

// fillTrophy fills in a trophy's text, icon and progress; it returns the draw its earned rate comes
// from (rateTrophies sets the rates once every trophy of the set exists).
func fillTrophy(t *Title, tr *Trophy, r *rng) (rateDraw float64) {
	ov := t.overrides[tr.ID]
	tr.Hidden = tr.Grade != Platinum && r.float() < 0.12
	tr.Name = genTrophyName(t, tr, r)
	tr.Detail = genTrophyDetail(tr, r, detailTemplates)
	if tr.Grade == Platinum {
		tr.Detail = "Earn all other trophies in " + strings.TrimSpace(t.Name) + "."
	}
	tr.IconURL = trophyIcon(t, r)
	rateDraw = r.float()
	if t.progressy && tr.Grade != Platinum && r.float() < 0.15 {
		tr.ProgressTarget = []int{3, 5, 9, 10, 16, 20, 25, 50, 100, 300, 1000}[r.intn(11)]
		if r.float() < 0.3 {
			tr.RewardName = rewardNames[r.intn(len(rewardNames))]
			tr.RewardImageURL = fmt.Sprintf("https://psnobj.prod.dl.playstation.net/psnobj/%s/%s.png", t.NPCommunicationID, r.uuid())
		}
	}
	if ov == nil {
		return rateDraw
	}
	tr.Hidden = ov.Hidden
	if ov.Name != "" {
		tr.Name = ov.Name
	}
	if ov.Detail != "" {
		tr.Detail = ov.Detail
	}
	if ov.Icon != "" {
		tr.IconURL = ov.Icon
	}
	tr.ProgressTarget, tr.RewardName, tr.RewardImageURL = ov.Target, ov.RewardName, ov.RewardImage
	if ov.Rate != "" {
		tr.Rate = ov.Rate
		tr.Rare = RarityOf(tr.RateValue())
	}
	if ov.Rare != nil {
		tr.Rare = *ov.Rare
	}
	return rateDraw
}

func genTrophyName(t *Title, tr *Trophy, r *rng) string {
	if tr.Grade == Platinum {
		return strings.TrimSpace(t.Name) + " Platinum"
	}
	switch t.style {
	case "japanese":
		return japaneseTrophyNames[r.intn(len(japaneseTrophyNames))]
	case "emoji":
		return emojiTrophyNames[r.intn(len(emojiTrophyNames))]
	case "curly":
		return curlyTrophyNames[r.intn(len(curlyTrophyNames))]
	case "control":
		if tr.ID == 1 {
			return "Ring the Bell\a"
		}
		if tr.ID == 2 {
			return "Tabs\tand\u00a0spaces "
		}
	}
	if r.float() < 0.4 {
		return trophyPhrases[r.intn(len(trophyPhrases))]
	}
	return trophyAdjectives[r.intn(len(trophyAdjectives))] + " " + trophyNouns[r.intn(len(trophyNouns))]
}

func genTrophyDetail(tr *Trophy, r *rng, templates []string) string {
	tpl := templates[r.intn(len(templates))]
	if strings.Contains(tpl, "%d") {
		return fmt.Sprintf(tpl, 2+r.intn(98))
	}
	return tpl
}

// TitleName is the title's name in lang (falls back to the default name).
func (t *Title) TitleName(lang string) string {
	if l := t.Localize(lang); l != nil && l.Name != "" {
		return l.Name
	}
	return t.Name
}

// GroupName is a group's name in lang.
func (t *Title) GroupName(lang string, g *Group) string {
	if l := t.Localize(lang); l != nil && l.Groups[g.ID] != "" {
		return l.Groups[g.ID]
	}
	return g.Name
}

// TrophyText is a trophy's name and detail in lang. Titles with generated translations get German
// names for every trophy without a hand-written one.
func (t *Title) TrophyText(lang string, tr *Trophy) (name, detail string) {
	l := t.Localize(lang)
	if l == nil {
		return tr.Name, tr.Detail
	}
	if v, ok := l.Trophies[tr.ID]; ok {
		return v[0], v[1]
	}
	if !l.generate {
		return tr.Name, tr.Detail
	}
	r := newRNG(t.seed ^ uint64(tr.ID+1)*0x2545f4914f6cdd1d)
	if tr.Grade == Platinum {
		return strings.TrimSpace(t.Name) + " – Platin", "Erhalte alle anderen Trophäen in " + strings.TrimSpace(t.Name) + "."
	}
	return germanTrophyWords[r.intn(len(germanTrophyWords))], genTrophyDetail(tr, r, germanDetailTemplates)
}

// genPlay makes an account's random play of a generated title: its earned counts (planDates gives
// it its dates once the counts are final).
func genPlay(t *Title, seed uint64, i int) *Play {
	r := newRNG(seed ^ t.seed ^ uint64(i+3)*0xd6e8feb86659fd93)
	p := &Play{Title: t, Groups: map[string]*GroupPlay{}, seed: r.next()}
	x := r.float()
	def := t.Groups[0]
	switch {
	case x < 0.10: // synced only
		for _, g := range t.Groups {
			p.Groups[g.ID] = &GroupPlay{}
		}
	case x < 0.30 && def.Defined[Platinum] == 1: // completed the base game
		for _, g := range t.Groups {
			gp := &GroupPlay{}
			if g.ID == "default" {
				gp.Earned = g.Defined
			} else {
				gp.Earned = partial(g.Defined, r)
			}
			p.Groups[g.ID] = gp
		}
	default:
		f := 0.05 + r.float()*0.9
		for _, g := range t.Groups {
			gp := &GroupPlay{}
			for k := Bronze; k <= Gold; k++ {
				gp.Earned[k] = int(float64(g.Defined[k])*f*(0.7+r.float()*0.6) + 0.5)
				if gp.Earned[k] > g.Defined[k] {
					gp.Earned[k] = g.Defined[k]
				}
			}
			if g.ID == "default" && g.Defined[Platinum] == 1 {
				capBelowComplete(gp, g)
			}
			p.Groups[g.ID] = gp
		}
		if p.Earned().Total() == 0 {
			p.Groups["default"].Earned[Bronze] = min(1, def.Defined[Bronze])
		}
	}
	return p
}

func partial(defined Counts, r *rng) Counts {
	var c Counts
	f := r.float()
	for k := Bronze; k <= Gold; k++ {
		c[k] = int(float64(defined[k])*f + 0.5)
	}
	return c
}

// capBelowComplete keeps a base game with a platinum below completion (the platinum would be earned).
func capBelowComplete(gp *GroupPlay, g *Group) {
	if gp.Earned[Bronze] == g.Defined[Bronze] && gp.Earned[Silver] == g.Defined[Silver] && gp.Earned[Gold] == g.Defined[Gold] {
		for k := Bronze; k <= Gold; k++ {
			if gp.Earned[k] > 0 {
				gp.Earned[k]--
				return
			}
		}
	}
}

func isComplete(p *Play) bool {
	gp := p.Groups["default"]
	return gp != nil && gp.Earned[Platinum] > 0
}

// calibrate makes the account's earned totals equal want: first the platinums (completing or
// un-completing base games of generated titles), then bronze, silver and gold one at a time.
func calibrate(a *Account, gen []*Play, want Counts) error {
	have := a.Earned()
	r := newRNG(0x1234567)
	order := make([]int, len(gen))
	for i := range order {
		order[i] = i
	}
	for i := len(order) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		order[i], order[j] = order[j], order[i]
	}
	for _, i := range order {
		p := gen[i]
		def := p.Title.Groups[0]
		gp := p.Groups["default"]
		if def.Defined[Platinum] == 0 || p.Earned().Total() == 0 {
			continue
		}
		switch {
		case have[Platinum] < want[Platinum] && !isComplete(p):
			gp.Earned = def.Defined
			have = a.Earned()
		case have[Platinum] > want[Platinum] && isComplete(p):
			gp.Earned[Platinum] = 0
			capBelowComplete(gp, def)
			have = a.Earned()
		}
	}
	if have[Platinum] != want[Platinum] {
		return fmt.Errorf("assets: cannot calibrate platinums: have %d want %d", have[Platinum], want[Platinum])
	}
	for k := Bronze; k <= Gold; k++ {
		for have[k] != want[k] {
			changed := false
			for _, i := range order {
				if have[k] == want[k] {
					break
				}
				p := gen[i]
				if p.Earned().Total() == 0 {
					continue
				}
				for _, g := range p.Title.Groups {
					gp := p.Groups[g.ID]
					if have[k] < want[k] && gp.Earned[k] < g.Defined[k] {
						if g.ID == "default" && g.Defined[Platinum] == 1 {
							if gp.Earned[Platinum] == 1 {
								continue
							}
							e, d := gp.Earned, g.Defined
							if e[0]+e[1]+e[2]+1 >= d[0]+d[1]+d[2] {
								continue
							}
						}
						gp.Earned[k]++
						have[k]++
						changed = true
						break
					}
					if have[k] > want[k] && gp.Earned[k] > 0 && p.Earned().Total() > 1 {
						if g.ID == "default" && gp.Earned[Platinum] == 1 {
							continue
						}
						gp.Earned[k]--
						have[k]--
						changed = true
						break
					}
				}
			}
			if !changed {
				return fmt.Errorf("assets: cannot calibrate %s: have %d want %d", GradeNames[k], have[k], want[k])
			}
		}
	}
	return nil
}

// generateStates picks which trophies are earned (matching the group counts) and when: a group's
// trophies in the sessions of its run (layoutRun), the common ones first, its last date on the
// platinum when it has it; hand-written states keep their dates.
func generateStates(p *Play) []State {
	trs := p.Title.Trophies()
	st := make([]State, len(trs))
	r := newRNG(p.seed ^ 0x8cb92ba72f3d8dd7)
	rt := newRNG(p.seed ^ 0x1b873593cc9e2d51) // dates
	earned := 0
	type pick struct {
		id  int
		key float64
	}
	var order []pick
	for gi, g := range p.Title.Groups {
		gp := p.Group(g.ID)
		last := gp.Last
		if last.IsZero() {
			last = p.LastUpdated
		}
		start, planned := gp.first, !gp.first.IsZero()
		if !planned {
			start = p.Start
			if start.IsZero() || !start.Before(last) {
				start = last.Add(-30 * 24 * time.Hour)
			}
		}
		var chosen []int
		atLast := false
		for k := Bronze; k <= Platinum; k++ {
			need := gp.Earned[k]
			var cand []int
			for _, tr := range trs {
				if tr.GroupID != g.ID || tr.Grade != k {
					continue
				}
				if ex := p.explicit[tr.ID]; ex != nil {
					if ex.isEarned() && need > 0 {
						st[tr.ID] = State{Earned: true, EarnedAt: ex.at}
						earned++
						if ex.at.Equal(last) {
							atLast = true
						}
						need--
					}
					continue
				}
				cand = append(cand, tr.ID)
			}
			for i := len(cand) - 1; i > 0; i-- {
				j := r.intn(i + 1)
				cand[i], cand[j] = cand[j], cand[i]
			}
			if need > len(cand) {
				need = len(cand)
			}
			chosen = append(chosen, cand[:need]...)
		}
		// The order they came in: the commoner first (that is what makes them common), give or take;
		// the platinum last.
		order = order[:0]
		for _, id := range chosen {
			key := 1 - trs[id].RateValue()/100 + 0.45*rt.float()
			if trs[id].Grade == Platinum {
				key = math.Inf(1)
			}
			order = append(order, pick{id, key})
		}
		slices.SortFunc(order, func(x, y pick) int { return cmp.Compare(x.key, y.key) })
		times := layoutRun(rt, p.sessionRNG(gi), len(order), start, last, planned, !atLast)
		if n := len(order); n >= 2 && trs[order[n-1].id].Grade == Platinum {
			// the platinum pops seconds after the last trophy it needs
			if at := times[n-1].Add(-time.Duration(2+rt.intn(12)) * time.Second); at.After(times[n-2]) {
				times[n-2] = at
			}
		}
		for i, o := range order {
			st[o.id] = State{Earned: true, EarnedAt: times[i]}
		}
		earned += len(times)
	}
	for _, tr := range trs {
		if st[tr.ID].Earned || tr.ProgressTarget == 0 {
			continue
		}
		if ex := p.explicit[tr.ID]; ex != nil {
			st[tr.ID].Progress, st[tr.ID].ProgressAt = ex.Progress, ex.progressAt
			continue
		}
		if r.float() < 0.65 && tr.ProgressTarget > 1 {
			st[tr.ID].Progress = 1 + r.intn(tr.ProgressTarget-1)
			st[tr.ID].ProgressAt = progressDate(p, st, earned, r, rt)
		}
	}
	return st
}

// progressDate is when a trophy's progress last moved: during a session, minutes after one of the
// play's earned trophies (earned of them in st), never after its last update.
func progressDate(p *Play, st []State, earned int, r, rt *rng) time.Time {
	if earned == 0 {
		span := p.LastUpdated.Sub(p.Start)
		return p.Start.Add(time.Duration(r.float() * float64(span))).Truncate(time.Second)
	}
	k := r.intn(earned)
	var at time.Time
	for _, s := range st {
		if s.Earned {
			if k == 0 {
				at = s.EarnedAt.Add(time.Duration(60+rt.intn(2400)) * time.Second)
				break
			}
			k--
		}
	}
	if at.After(p.LastUpdated) {
		at = p.LastUpdated
	}
	return at
}

// rng is splitmix64: tiny, fast and stable across Go versions.
type rng struct{ s uint64 }

func newRNG(seed uint64) *rng { return &rng{s: seed} }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return int(r.next() % uint64(n))
}

func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

const hexLower = "0123456789abcdef"
const hexUpper = "0123456789ABCDEF"

func (r *rng) hex(n int, upper bool) string {
	digits := hexLower
	if upper {
		digits = hexUpper
	}
	b := make([]byte, n)
	var v uint64
	for i := range b {
		if i%16 == 0 {
			v = r.next()
		}
		b[i] = digits[v&15]
		v >>= 4
	}
	return string(b)
}

func (r *rng) uuid() string {
	h := r.hex(32, false)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + h[16:20] + "-" + h[20:32]
}

func hexOf(seed uint64, n int) string { return newRNG(seed).hex(n, true) }

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
