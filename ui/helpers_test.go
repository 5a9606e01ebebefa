package ui

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

var fixedNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

// asciiDisplay is what main passes under NO_COLOR: goldens are plain text.
func asciiDisplay() Display {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return Display{Renderer: r, Profile: termenv.Ascii, Dark: true}
}

// fakeLib is an in-memory Library for tests that do not need the real store.
type fakeLib struct {
	mu        sync.Mutex
	cfg       store.Config
	titles    []psnapi.TrophyTitle
	cached    bool
	fetchedAt time.Time
	summary   psnapi.TrophySummary
	trophies  map[string]store.TitleTrophies
	err       error // returned by network calls
	offline   bool  // network calls serve the cache marked Offline
	calls     []string
	// The other accounts (compare mode): friend is TrophyFriend's list (account friendID).
	friend []psnapi.TrophyTitle
	saved  []store.Config
	// hints are the trophy ids HintAvailability lists for every title (nil: "0" and "1").
	hints []string
	// budgetSpent: Auto refreshes of cached data are refused for the budget (served stale).
	budgetSpent bool
	// news is what the next CheckNew returns.
	news []store.NewTrophy
	// social is the fake's friends, leaderboards, presence, play time and pictures (social_fake_test.go).
	social fakeSocial
}

// The fake's other accounts: TrophyFriend is public, LockedVault private, every other name unknown.
const (
	friendID  = "4242"
	privateID = "1313"
)

func (f *fakeLib) ResolveUser(ctx context.Context, q string) (store.Account, error) {
	f.log("ResolveUser " + q)
	switch strings.ToLower(strings.TrimSpace(q)) {
	case "trophyfriend", friendID:
		return store.Account{ID: friendID, OnlineID: "TrophyFriend"}, nil
	case "lockedvault", privateID:
		return store.Account{ID: privateID, OnlineID: "LockedVault"}, nil
	case "fakehunter", "me":
		return store.Account{ID: "me", OnlineID: "FakeHunter"}, nil
	}
	return store.Account{}, &psnapi.APIError{Kind: psnapi.KindNotFound, Status: 404, Code: 2105356}
}

func (f *fakeLib) SaveConfig(c store.Config) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cfg = c
	f.saved = append(f.saved, c)
	return nil
}

// friendTitles gives TrophyFriend every other title of mine with other progress, and three of its own.
func friendTitles(mine []psnapi.TrophyTitle) []psnapi.TrophyTitle {
	var out []psnapi.TrophyTitle
	for i, t := range mine {
		if i%2 == 1 {
			continue
		}
		t.Progress = (t.Progress + 37*(i%3)) % 101
		t.EarnedTrophies = psnapi.TrophyCounts{Bronze: t.DefinedTrophies.Bronze * t.Progress / 100, Silver: t.DefinedTrophies.Silver * t.Progress / 100}
		t.LastUpdatedDateTime = t.LastUpdatedDateTime.Add(-time.Hour)
		out = append(out, t)
	}
	for i := range 3 {
		out = append(out, psnapi.TrophyTitle{NPServiceName: "trophy2", NPCommunicationID: fmt.Sprintf("NPWR9%04d_00", i),
			TrophySetVersion: "01.00", TrophyTitleName: fmt.Sprintf("Friend Only %d", i), TrophyTitlePlatform: "PS5",
			DefinedTrophies: psnapi.TrophyCounts{Bronze: 20, Silver: 4}, EarnedTrophies: psnapi.TrophyCounts{Bronze: 10}, Progress: 25 + 10*i,
			LastUpdatedDateTime: fixedNow.Add(-time.Duration(i+1) * time.Hour), HasTrophyGroups: i == 0, TrophyGroupCount: 2 * (1 - min(i, 1))})
	}
	return out
}

// friendTrophies is demoTrophies as TrophyFriend earned them: what I have it lacks, and the reverse.
func friendTrophies(t psnapi.TrophyTitle) store.TitleTrophies {
	tt := demoTrophies(t)
	tt.Groups[0].Earned, tt.Groups[0].Progress = psnapi.TrophyCounts{Silver: 1, Bronze: 1}, 30
	tt.Groups[1].Earned, tt.Groups[1].Progress = psnapi.TrophyCounts{Bronze: 2}, 100
	for i := range tt.Trophies {
		tr := &tt.Trophies[i]
		tr.Status.Earned = !tr.Status.Earned
		tr.Status.EarnedDateTime = time.Time{}
		if tr.Status.Earned {
			tr.Status.EarnedDateTime = fixedNow.Add(-time.Duration(100+i) * time.Hour)
		}
	}
	return tt
}

func (f *fakeLib) log(s string) { f.mu.Lock(); f.calls = append(f.calls, s); f.mu.Unlock() }

func (f *fakeLib) Config() store.Config { return f.cfg }
func (f *fakeLib) CachedTitles(account string) (store.TitleList, bool, error) {
	f.log("CachedTitles")
	if !f.cached {
		return store.TitleList{}, false, nil
	}
	return store.TitleList{Account: account, Titles: f.titles, FetchedAt: f.fetchedAt}, true, nil
}
func (f *fakeLib) RefreshTitles(ctx context.Context, account string) (store.TitleList, error) {
	f.log("RefreshTitles " + account)
	switch account {
	case friendID:
		return store.TitleList{Account: account, Titles: f.friend, FetchedAt: fixedNow}, nil
	case privateID:
		return store.TitleList{}, &psnapi.APIError{Kind: psnapi.KindForbidden, Status: 403, Code: 2240526}
	}
	if f.offline {
		return store.TitleList{Account: account, Titles: f.titles, FetchedAt: f.fetchedAt, Offline: true}, nil
	}
	if f.err != nil {
		return store.TitleList{}, f.err
	}
	return store.TitleList{Account: account, Titles: f.titles, FetchedAt: fixedNow}, nil
}
func (f *fakeLib) CachedSummary(account string) (store.Summary, bool, error) {
	f.log("CachedSummary")
	return store.Summary{TrophySummary: f.summary, FetchedAt: f.fetchedAt}, f.cached, nil
}
func (f *fakeLib) RefreshSummary(ctx context.Context, account string) (store.Summary, error) {
	f.log("RefreshSummary")
	if f.err != nil && !f.offline {
		return store.Summary{}, f.err
	}
	if f.offline {
		return store.Summary{TrophySummary: f.summary, FetchedAt: f.fetchedAt, Offline: true}, nil
	}
	return store.Summary{TrophySummary: f.summary, FetchedAt: fixedNow}, nil
}
func (f *fakeLib) CachedTitleTrophies(account string, title psnapi.TrophyTitle) (store.TitleTrophies, bool, error) {
	f.log("CachedTitleTrophies " + title.NPCommunicationID)
	return store.TitleTrophies{}, false, nil
}
func (f *fakeLib) TitleTrophies(ctx context.Context, account string, title psnapi.TrophyTitle) (store.TitleTrophies, error) {
	f.log("TitleTrophies " + account + " " + title.NPCommunicationID)
	if f.err != nil {
		return store.TitleTrophies{}, f.err
	}
	if account == friendID {
		for _, ft := range f.friend {
			if ft.NPCommunicationID == title.NPCommunicationID {
				return friendTrophies(ft), nil
			}
		}
		return store.TitleTrophies{}, &psnapi.APIError{Kind: psnapi.KindNotFound, Status: 404}
	}
	if account != "me" {
		return store.TitleTrophies{}, &psnapi.APIError{Kind: psnapi.KindNotFound, Status: 404}
	}
	tt, ok := f.trophies[title.NPCommunicationID]
	if !ok {
		return store.TitleTrophies{}, &psnapi.APIError{Kind: psnapi.KindNotFound, Status: 404}
	}
	return tt, nil
}

// Titles, Summary and Trophies follow store's cache rule on the fake's data: fresh (younger than
// store.FreshFor) is answered from the cache, anything else asks (RefreshTitles…, logged as such).
func (f *fakeLib) Titles(ctx context.Context, account string, p store.Policy) (store.TitleList, error) {
	f.log("Titles " + p.String())
	if p == store.Auto && f.cached && account == "me" && fixedNow.Sub(f.fetchedAt) < store.FreshFor {
		return store.TitleList{Account: account, Titles: f.titles, FetchedAt: f.fetchedAt}, nil
	}
	if p == store.Auto && f.budgetSpent && f.cached {
		return store.TitleList{Account: account, Titles: f.titles, FetchedAt: f.fetchedAt, Offline: true, Err: f.spentErr()}, nil
	}
	return f.RefreshTitles(ctx, account)
}

func (f *fakeLib) Summary(ctx context.Context, account string, p store.Policy) (store.Summary, error) {
	if p == store.Auto && f.cached && fixedNow.Sub(f.fetchedAt) < store.FreshFor {
		return store.Summary{TrophySummary: f.summary, FetchedAt: f.fetchedAt}, nil
	}
	if p == store.Auto && f.budgetSpent && f.cached {
		return store.Summary{TrophySummary: f.summary, FetchedAt: f.fetchedAt, Offline: true, Err: f.spentErr()}, nil
	}
	return f.RefreshSummary(ctx, account)
}

func (f *fakeLib) Trophies(ctx context.Context, account string, title psnapi.TrophyTitle, p store.Policy) (store.TitleTrophies, error) {
	return f.TitleTrophies(ctx, account, title)
}

// spentErr is what the store says when a refresh would have to wait for the budget.
func (f *fakeLib) spentErr() error {
	return &psnapi.RateLimitedError{NextAvailable: fixedNow.Add(110 * time.Second), Message: "not waiting for the request budget"}
}

// Coverage counts the titles the fake has trophies for.
func (f *fakeLib) Coverage(account string) (store.Coverage, error) {
	f.log("Coverage")
	c := store.Coverage{Titles: len(f.titles), ListFetchedAt: f.fetchedAt}
	for _, t := range f.titles {
		if _, ok := f.trophies[t.NPCommunicationID]; ok {
			c.Complete++
		}
	}
	return c, nil
}

// StartFill: the fake has no fill (tests of the fill use the real store, or send its messages).
func (f *fakeLib) StartFill(ctx context.Context, account string, o store.FillOptions) *store.Fill {
	f.log("StartFill")
	return nil
}

// CheckNew returns the trophies queued in news, once.
func (f *fakeLib) CheckNew(ctx context.Context, account string) ([]store.NewTrophy, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "CheckNew")
	out := f.news
	f.news = nil
	return out, nil
}

func (f *fakeLib) NextN(account string, limit int) ([]store.HuntItem, error) {
	f.log("NextN")
	var out []store.HuntItem
	for _, t := range f.titles {
		tt, ok := f.trophies[t.NPCommunicationID]
		if !ok {
			continue
		}
		for _, tr := range tt.Trophies {
			if !tr.Status.Earned {
				out = append(out, store.HuntItem{Title: t, Trophy: tr})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Trophy.Status.EarnedRate() > out[j].Trophy.Status.EarnedRate() })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// The fake's Game Help: trophy 1 of every title has a text tip and a video tip, trophy 0 needs PS Plus.
func (f *fakeLib) HintAvailability(ctx context.Context, title psnapi.TrophyTitle) (psnapi.HintAvailability, error) {
	f.log("HintAvailability " + title.NPCommunicationID)
	ids := f.hints
	if ids == nil {
		ids = []string{"0", "1"}
	}
	var out psnapi.HintAvailability
	for _, id := range ids {
		out.Trophies = append(out.Trophies, psnapi.HintTrophy{TrophyID: id, UDSObjectID: "uds_" + id, HelpType: "HINT"})
	}
	return out, nil
}
func (f *fakeLib) Tips(ctx context.Context, npCommID string, req psnapi.TipRequest) (psnapi.Tips, error) {
	f.log("Tips " + req.TrophyID)
	if req.TrophyID == "0" {
		return psnapi.Tips{HasAccess: false}, nil
	}
	return psnapi.Tips{HasAccess: true, Trophies: []psnapi.TrophyTip{{TrophyID: req.TrophyID, Groups: []psnapi.TipGroup{{TipContents: []psnapi.TipContent{
		{TipID: "t1", DisplayName: "Since 1995", Description: "The prize you seek is inside a silver ball.\nKeep playing to find out."},
		{TipID: "t2", DisplayName: "Watch it", Description: "A short video.", MediaType: "VIDEO", MediaID: "m2"},
	}}}}}}, nil
}
func (f *fakeLib) FreshMediaURL(ctx context.Context, npCommID string, req psnapi.TipRequest, tipID string) (string, error) {
	f.log("FreshMediaURL " + tipID)
	return "https://video.example/" + tipID + ".mp4?token=fresh", nil
}

// messyNames are the kinds of names real accounts have.
var messyNames = []string{
	"ASTRO’s PLAYROOM",
	"Kestrel’s “Night Run”",
	"ゼノブレイド 決定版",
	"Golden Heart Reloaded",
	"Silent Oracle: Remastered\n",
	"  Spaced\u00a0\u00a0Out   Title  ",
	"🎮 Emoji Party 🎉✨",
	"Control\x07Chars\x1b[31mRed",
	strings.Repeat("Very Long Name ", 8),
	"Ｆｕｌｌ－ｗｉｄｔｈ Ｔｉｔｌｅ",
	"Pokémon Café Mix",
	"RESIDENT EVIL 5",
}

var platformsPool = []string{"PS5", "PS4", "PS5,PSPC", "PS3", "PSVITA", "PS4,PSVITA", "PSPC"}

// genTitles makes n deterministic titles with messy names, every platform and every progress.
func genTitles(n int) []psnapi.TrophyTitle {
	rnd := rand.New(rand.NewSource(7))
	out := make([]psnapi.TrophyTitle, n)
	for i := range out {
		name := messyNames[i%len(messyNames)]
		if i >= len(messyNames) {
			name = fmt.Sprintf("%s %d", name, i)
		}
		def := psnapi.TrophyCounts{Bronze: 10 + rnd.Intn(40), Silver: rnd.Intn(12), Gold: rnd.Intn(6), Platinum: rnd.Intn(2)}
		prog := rnd.Intn(101)
		if i%9 == 0 {
			prog = 100
		}
		earn := psnapi.TrophyCounts{Bronze: def.Bronze * prog / 100, Silver: def.Silver * prog / 100, Gold: def.Gold * prog / 100}
		if prog == 100 {
			earn = def
		}
		out[i] = psnapi.TrophyTitle{
			NPServiceName:       "trophy2",
			NPCommunicationID:   fmt.Sprintf("NPWR%05d_00", i),
			TrophySetVersion:    "01.00",
			TrophyTitleName:     name,
			TrophyTitleIconURL:  fmt.Sprintf("https://image.example/title/%d.png", i),
			TrophyTitlePlatform: platformsPool[i%len(platformsPool)],
			DefinedTrophies:     def,
			EarnedTrophies:      earn,
			Progress:            prog,
			HiddenFlag:          i%17 == 5,
			HasTrophyGroups:     i%4 == 0,
			LastUpdatedDateTime: fixedNow.Add(-time.Duration(i) * 7 * time.Hour),
		}
	}
	return out
}

func demoSummary() psnapi.TrophySummary {
	return psnapi.TrophySummary{AccountID: "1", TrophyLevel: 326, TrophyPoint: 83595, Progress: 28, Tier: 4,
		EarnedTrophies: psnapi.TrophyCounts{Platinum: 21, Gold: 223, Silver: 637, Bronze: 2541}}
}

// demoTrophies builds a title with two groups and trophies of every kind.
func demoTrophies(t psnapi.TrophyTitle) store.TitleTrophies {
	tt := store.TitleTrophies{Title: t, FetchedAt: fixedNow, EarnedKnown: true}
	tt.Groups = []store.Group{
		{TrophyGroup: psnapi.TrophyGroup{TrophyGroupID: "default", TrophyGroupName: clean(t.TrophyTitleName), DefinedTrophies: psnapi.TrophyCounts{Platinum: 1, Gold: 1, Silver: 1, Bronze: 2}}, Earned: psnapi.TrophyCounts{Platinum: 1, Gold: 1, Bronze: 1}, Progress: 70},
		{TrophyGroup: psnapi.TrophyGroup{TrophyGroupID: "001", TrophyGroupName: "Lost in Nightmares", DefinedTrophies: psnapi.TrophyCounts{Bronze: 2}}, Progress: 0},
	}
	mk := func(id int, g psnapi.Grade, name, group string, hidden, earned bool, rate string, rare psnapi.Rarity, target, prog string) store.Trophy {
		tr := store.Trophy{Trophy: psnapi.Trophy{TrophyID: id, TrophyType: g, TrophyName: name, TrophyDetail: "Detail of " + name + ".",
			TrophyHidden: hidden, TrophyGroupID: group, TrophyProgressTargetValue: target, TrophyIconURL: fmt.Sprintf("https://image.example/%d.png", id)}}
		tr.Status = psnapi.EarnedTrophy{TrophyID: id, Earned: earned, TrophyEarnedRate: rate, TrophyRare: rare, TrophyType: g, Progress: prog}
		if earned {
			tr.Status.EarnedDateTime = fixedNow.Add(-time.Duration(id) * 24 * time.Hour)
		}
		return tr
	}
	tt.Trophies = []store.Trophy{
		mk(0, psnapi.Platinum, "You’ve Only Done Everything", "default", false, true, "8.0", psnapi.VeryRare, "", ""),
		mk(1, psnapi.Gold, "Speed Runner", "default", false, true, "3.1", psnapi.UltraRare, "", ""),
		mk(2, psnapi.Silver, "Secret Ending", "default", true, false, "22.4", psnapi.Rare, "", ""),
		mk(3, psnapi.Bronze, "Sackboy’s Big Adventure", "default", false, false, "41.0", psnapi.Rare, "9", "2"),
		mk(4, psnapi.Bronze, "Welcome Aboard", "default", false, true, "92.3", psnapi.Common, "", ""),
		mk(5, psnapi.Bronze, "ナイトメア", "001", false, false, "12.5", psnapi.Rare, "", ""),
		mk(6, psnapi.Bronze, "Hidden DLC Boss", "001", true, false, "1.2", psnapi.UltraRare, "", ""),
	}
	return tt
}

func newFakeLib(n int) *fakeLib {
	f := &fakeLib{titles: genTitles(n), cached: true, fetchedAt: fixedNow.Add(-2 * time.Hour), summary: demoSummary(),
		trophies: map[string]store.TitleTrophies{}}
	for _, t := range f.titles[:min(n, 20)] {
		f.trophies[t.NPCommunicationID] = demoTrophies(t)
	}
	f.friend = friendTitles(f.titles)
	return f
}

// newTestModel builds the app with a fixed clock and ASCII output; timed ticks are disabled.
func newTestModel(lib Library, w, h int) *Model { return newTestModelWith(lib, Options{}, w, h) }

// newTestModelWith is newTestModel with more options (User, Fill, Watch…).
func newTestModelWith(lib Library, o Options, w, h int) *Model {
	o.Lib, o.AccountName, o.Display, o.Now = lib, "FakeHunter", asciiDisplay(), fixedClock
	o.Rate = func() psnapi.RateSnapshot {
		return psnapi.RateSnapshot{Used: 37, Limit: 300, Window: 15 * time.Minute, ResetAt: fixedNow.Add(12 * time.Minute)}
	}
	m := New(o)
	m.c.tick = noTick
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// noTick is the app's timer in tests: nothing waits on the wall clock.
func noTick(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }

// drive runs cmd and every command its messages lead to, synchronously, feeding results to m.
// Spinner ticks are dropped (they would wait on the wall clock).
func drive(t testing.TB, m *Model, cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("a command blocked")
		}
		switch msg := msg.(type) {
		case nil, spinner.TickMsg, tea.QuitMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// start runs Init and drives everything it leads to.
func start(t testing.TB, m *Model) *Model {
	drive(t, m, m.Init())
	return m
}

// press sends keys ("j", "enter", "esc", "/", "ab") and drives the commands they start.
func press(t testing.TB, m *Model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		drive(t, m, cmd)
	}
}

func keyMsg(k string) tea.KeyMsg {
	special := map[string]tea.KeyType{"enter": tea.KeyEnter, "esc": tea.KeyEsc, "up": tea.KeyUp, "down": tea.KeyDown,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd, "backspace": tea.KeyBackspace,
		"ctrl+c": tea.KeyCtrlC, "space": tea.KeySpace, "tab": tea.KeyTab, "left": tea.KeyLeft, "right": tea.KeyRight}
	if t, ok := special[k]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// typeText sends each rune as its own key press.
func typeText(t testing.TB, m *Model, s string) {
	for _, r := range s {
		press(t, m, string(r))
	}
}
