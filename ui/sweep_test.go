package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// screens builds the app in every state worth rendering: each view, plus loading, empty, error,
// filter typing and full help.
func screens(t *testing.T) map[string]*Model {
	t.Helper()
	out := map[string]*Model{}
	mk := func(lib *fakeLib) *Model { return start(t, newTestModel(lib, 100, 30)) }

	out["titles"] = mk(newFakeLib(300))
	m := mk(newFakeLib(300))
	press(t, m, "/")
	typeText(t, m, "ゼノ")
	out["filter"] = m
	m = mk(newFakeLib(300))
	press(t, m, "?")
	out["help"] = m
	m = mk(newFakeLib(40))
	press(t, m, "enter")
	out["groups"] = m
	m = mk(newFakeLib(40))
	press(t, m, "enter", "enter")
	out["trophies"] = m
	m = mk(newFakeLib(40))
	press(t, m, "enter", "enter", "j", "j", "enter")
	out["detail"] = m
	m = mk(newFakeLib(40))
	press(t, m, "G", "enter")
	out["error"] = m

	m = mk(newFakeLib(40))
	press(t, m, "n")
	out["hunt"] = m
	m = mk(newFakeLib(40))
	press(t, m, "n", "enter")
	out["hunt_trophy"] = m // the trophy in its title
	m = mk(newFakeLib(40))
	press(t, m, "n", "enter", "enter")
	out["hunt_detail"] = m
	// Game Help markers: a PS5/PC title whose hidden trophy has help too, and its detail.
	hl := newFakeLib(40)
	hl.hints = []string{"0", "1", "2", "3"}
	m = mk(hl)
	openTitle(t, m, titles(m), "NPWR00002_00")
	out["trophies_help"] = m
	m = mk(hl)
	openTitle(t, m, titles(m), "NPWR00002_00")
	press(t, m, "j", "enter")
	out["detail_help"] = m

	// Compare mode: the union, a title with groups, a title both played, one only the friend has,
	// the prompt, and the union filtered down to nothing.
	m = mk(newFakeLib(300))
	compareWith(t, m, "TrophyFriend")
	out["compare_titles"] = m
	m = mk(newFakeLib(40))
	compareWith(t, m, "TrophyFriend")
	openTitle(t, m, titles(m), "NPWR00000_00")
	out["compare_groups"] = m
	m = mk(newFakeLib(40))
	compareWith(t, m, "TrophyFriend")
	openTitle(t, m, titles(m), "NPWR00002_00")
	out["compare_trophies"] = m
	m = mk(newFakeLib(40))
	compareWith(t, m, "TrophyFriend")
	openTitle(t, m, titles(m), "NPWR90001_00")
	out["compare_not_mine"] = m
	m = mk(newFakeLib(40))
	compareWith(t, m, "TrophyFriend")
	openTitle(t, m, titles(m), "NPWR00002_00")
	press(t, m, "enter")
	out["compare_detail"] = m
	m = mk(newFakeLib(40))
	press(t, m, "c")
	out["compare_prompt"] = m
	m = mk(newFakeLib(40))
	compareWith(t, m, "TrophyFriend")
	press(t, m, "/")
	typeText(t, m, "zzz")
	out["compare_empty"] = m

	// The list component in every view: a typed filter in trophies, a kept one in groups and next to
	// hunt, a reversed sort; an earned status still unknown (… instead of zeros).
	m = mk(newFakeLib(40))
	press(t, m, "enter", "enter", "/")
	typeText(t, m, "sa")
	out["trophies_filter"] = m
	m = mk(newFakeLib(40))
	press(t, m, "enter", "/")
	typeText(t, m, "night")
	press(t, m, "enter")
	out["groups_filter"] = m
	m = mk(newFakeLib(40))
	press(t, m, "n", "/")
	typeText(t, m, "pokemon")
	press(t, m, "enter", "S")
	out["hunt_filter"] = m
	m = mk(newFakeLib(40))
	m.Update(openTitleMsg{title: titles(m).rows[0].t})
	gv := m.top().(*groupsView)
	tt := demoTrophies(titles(m).rows[0].t)
	tt.EarnedKnown = false
	m.Update(trophiesLoadedMsg{answer: answer{id: gv.load.pendCache, cached: true}, account: "me",
		npCommID: tt.Title.NPCommunicationID, found: true, data: buildTitleData(tt)})
	out["earned_unknown"] = m

	// The views of the whole library (issue 12): search typed, kept, wrong and empty; recent
	// trophies with headings, filtered; platinums sorted; stats at the top and scrolled; next to hunt
	// in one title and with a query; each one loading and with an empty cache.
	m = mk(newFakeLib(40))
	press(t, m, "F")
	typeText(t, m, "welcome aboard")
	out["search"] = m
	m = mk(newFakeLib(40))
	press(t, m, "F")
	typeText(t, m, "speed grad:x")
	press(t, m, "enter")
	out["search_error"] = m
	m = mk(newFakeLib(40))
	press(t, m, "F")
	out["search_empty"] = m
	m = mk(newFakeLib(40))
	press(t, m, "E")
	out["recent"] = m
	m = mk(newFakeLib(40))
	press(t, m, "E", "/")
	typeText(t, m, "ナイト")
	press(t, m, "enter")
	out["recent_filter"] = m
	m = mk(newFakeLib(40))
	press(t, m, "#", "s")
	out["platinums"] = m
	m = mk(newFakeLib(40))
	press(t, m, "I")
	out["stats"] = m
	m = mk(newFakeLib(40))
	press(t, m, "I", "G")
	out["stats_end"] = m
	m = mk(newFakeLib(40))
	press(t, m, "j", "N")
	out["hunt_title"] = m
	m = mk(newFakeLib(40))
	press(t, m, "n", "/")
	typeText(t, m, "speed earned:2025")
	out["hunt_query_error"] = m
	for i, k := range []string{"F", "E", "#", "I"} {
		m = mk(newFakeLib(10))
		m.Update(openLibraryMsg{kind: libraryKind(i)}) // its command (the read) never runs
		m.Update(loadingDueMsg{seq: m.c.loadSeq})
		out["loading_"+k] = m
		none := newFakeLib(0)
		none.cached = false
		m = mk(none)
		press(t, m, k)
		out["empty_"+k] = m
	}

	loading := newTestModel(newFakeLib(10), 100, 30) // Init not run: nothing has arrived
	loading.Update(loadingDueMsg{seq: loading.c.loadSeq})
	out["loading"] = loading
	empty := newFakeLib(0)
	empty.cached = false
	out["empty"] = mk(empty)
	out["login"] = New(Options{NeedLogin: true, Display: asciiDisplay(), Now: fixedClock})
	limited := mk(newFakeLib(40))
	limited.Update(titlesLoadedMsg{answer: answer{id: 9999, err: &psnapi.RateLimitedError{NextAvailable: fixedNow.Add(252e9)}}})
	out["limited"] = limited

	// Issue 11's states: lookups, waits in loading lines, the fill, a new trophy, stale cache.
	spent := psnapi.RateSnapshot{Used: 300, Limit: 300, Window: 15 * time.Minute, ResetAt: fixedNow.Add(110 * time.Second),
		Waiting: 1, WaitingInteractive: 1, WaitUntil: fixedNow.Add(110 * time.Second), WaitReason: psnapi.WaitBudget}
	m = newTestModelWith(newFakeLib(10), Options{User: "PlatinumQueen"}, 100, 30)
	m.status.setRate(spent, fixedNow)
	m.renderChrome()
	out["looking_up"] = m
	out["looking_up_failed"] = start(t, newTestModelWith(newFakeLib(10), Options{User: "NoSuchUser"}, 100, 30))
	m = mk(newFakeLib(40))
	m.Update(openTitleMsg{title: titles(m).rows[0].t}) // its commands are not run: it stays loading
	m.Update(rateMsg{snap: spent})
	out["wait_loading"] = m
	m = mk(newFakeLib(40))
	spent429 := spent
	spent429.NextAvailable, spent429.WaitUntil, spent429.WaitReason = fixedNow.Add(24*time.Second), fixedNow.Add(24*time.Second), psnapi.WaitPause
	m.Update(openTitleMsg{title: titles(m).rows[2].t})
	m.Update(rateMsg{snap: spent429})
	out["pause_loading"] = m
	m = mk(newFakeLib(300))
	withFakeFill(m, fill112)
	out["filling"] = m
	m = mk(newFakeLib(300))
	withFakeFill(m, fill112)
	press(t, m, "P")
	out["fill_paused"] = m
	m = mk(newFakeLib(40))
	withFakeFill(m, store.SyncProgress{TitlesDone: 20, TitlesTotal: 40, ETA: 25 * time.Minute})
	press(t, m, "n")
	out["hunt_partial"] = m
	nl := newFakeLib(40)
	m = start(t, newTestModelWith(nl, Options{Watch: true}, 100, 30))
	ntt := demoTrophies(nl.titles[0])
	nl.news = []store.NewTrophy{{Title: nl.titles[0], Trophy: ntt.Trophies[5]}}
	m.bg.watchSeq = 1
	_, cmd := m.Update(watchDueMsg{seq: 1})
	drive(t, m, cmd)
	out["new_trophy"] = m
	sl := newFakeLib(40)
	sl.budgetSpent = true
	out["budget_stale"] = mk(sl)

	// Issue 13's views: the friends list asking, named, filtered, private; the leaderboard asking
	// and filled; play time columns; presence in the heading, alone and in compare mode.
	m = mk(newFakeLib(40))
	press(t, m, "c")
	out["friends_ask"] = m
	m = mk(newFakeLib(40))
	press(t, m, "c", "enter")
	out["friends"] = m
	m = mk(newFakeLib(40))
	press(t, m, "c")
	typeText(t, m, "pix")
	out["friends_filter"] = m
	pl := newFakeLib(40)
	pl.social.friendsPrivate = true
	m = mk(pl)
	press(t, m, "c")
	out["friends_private"] = m
	m = mk(newFakeLib(40))
	press(t, m, "L")
	out["board_ask"] = m
	m = mk(newFakeLib(40))
	press(t, m, "L", "y")
	out["board"] = m
	ptl := newFakeLib(300)
	ptl.social.play = playOf(ptl.titles)
	out["play_time"] = mk(ptl)
	m = mk(withPresence(newFakeLib(40)))
	askPresenceNow(t, m)
	out["presence"] = m
	m = mk(withPresence(newFakeLib(40)))
	compareWith(t, m, "TrophyFriend")
	askPresenceNow(t, m)
	out["presence_compare"] = m
	return out
}

// withPresence gives the fake's accounts something to be doing: you play a game with a long name,
// TrophyFriend was last seen a while ago.
func withPresence(lib *fakeLib) *fakeLib {
	lib.social.presence = map[string]store.NowPlaying{
		"1": {Presence: psnapi.Presence{OnlineStatus: "online", Platform: "PS5",
			Games: []psnapi.PresenceGame{{TitleName: "A Game With A Rather Long Name: Definitive Edition", LaunchPlatform: "PS5"}}}},
		friendID: {Presence: psnapi.Presence{OnlineStatus: "offline", LastOnline: fixedNow.Add(-50 * time.Hour)}},
	}
	return lib
}

// askPresenceNow fires presence's timer (tests never wait for it) and drives the answer in.
func askPresenceNow(t testing.TB, m *Model) {
	t.Helper()
	m.c.now.started = true
	_, cmd := m.Update(presenceDueMsg{seq: m.c.now.seq})
	drive(t, m, cmd)
}

func checkScreen(t *testing.T, name string, m *Model, w, h int) {
	t.Helper()
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	out := m.View()
	lines := strings.Split(out, "\n")
	if len(lines) > h {
		t.Fatalf("%s at %dx%d: %d lines", name, w, h, len(lines))
	}
	for i, l := range lines {
		if lw := width(l); lw > w {
			t.Fatalf("%s at %dx%d: line %d is %d cells: %q", name, w, h, i, lw, l)
		}
		if strings.ContainsAny(l, "\x1b\x07\r\t") {
			t.Fatalf("%s at %dx%d: control character in line %d: %q", name, w, h, i, l)
		}
	}
}

// TestSizeSweep renders every view from 40×10 to 300×80: no panic, at most h lines, none wider than w.
func TestSizeSweep(t *testing.T) {
	widths := []int{40, 41, 47, 55, 63, 72, 80, 99, 100, 120, 157, 200, 255, 300}
	heights := []int{10, 11, 12, 13, 17, 24, 30, 50, 80}
	for name, m := range screens(t) {
		for _, w := range widths {
			for _, h := range heights {
				checkScreen(t, name, m, w, h)
			}
		}
		// Below the supported minimum nothing may panic either.
		for _, sz := range [][2]int{{1, 1}, {0, 0}, {5, 3}, {20, 5}, {39, 9}} {
			m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			_ = m.View()
		}
		// And it comes back.
		checkScreen(t, name, m, 80, 24)
		if out := m.View(); !strings.Contains(out[strings.LastIndex(out, "\n"):], "Titles") && name != "login" {
			t.Fatalf("%s lost its status bar after tiny sizes:\n%s", name, m.View())
		}
	}
}

// TestKeysAtTinySizes presses every key at 1×1: nothing panics.
func TestKeysAtTinySizes(t *testing.T) {
	for name, m := range screens(t) {
		m.Update(tea.WindowSizeMsg{Width: 1, Height: 1})
		for _, k := range []string{"j", "k", "G", "g", "pgdown", "pgup", "s", "S", "f", "p", "e", "v", "V", "?", "end", "home"} {
			if name == "filter" || name == "compare_prompt" || name == "compare_empty" || name == "trophies_filter" || strings.HasPrefix(name, "friends") {
				continue
			}
			m.Update(keyMsg(k))
			_ = m.View()
		}
	}
}

// TestSizeSweepPictures renders the views that show pictures in true colour from 40×10 to 300×80:
// the half blocks and their colours never make a line wider than the window nor add lines.
func TestSizeSweepPictures(t *testing.T) {
	mk := func() *Model {
		m := New(Options{Lib: newFakeLib(40), AccountName: "FakeHunter", Display: colourDisplay(), Now: fixedClock})
		m.c.tick = noTick
		m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		return m
	}
	build := map[string]func(m *Model){
		"friends":  func(m *Model) { press(t, m, "c", "enter", "down", "down") },
		"groups":   func(m *Model) { press(t, m, "enter") },
		"trophies": func(m *Model) { press(t, m, "enter", "enter") },
		"detail":   func(m *Model) { press(t, m, "enter", "enter", "j", "enter") },
	}
	widths := []int{40, 55, 56, 59, 60, 63, 79, 80, 100, 110, 157, 300}
	heights := []int{10, 11, 13, 14, 17, 22, 30, 80}
	for name, b := range build {
		m := mk()
		start(t, m)
		b(m)
		for _, w := range widths {
			for _, h := range heights {
				_, cmd := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
				drive(t, m, cmd)
				out := m.View()
				lines := strings.Split(out, "\n")
				if len(lines) > h {
					t.Fatalf("%s at %dx%d: %d lines", name, w, h, len(lines))
				}
				for i, l := range lines {
					if lw := width(l); lw > w {
						t.Fatalf("%s at %dx%d: line %d is %d cells: %q", name, w, h, i, lw, l)
					}
				}
				if w >= 100 && h >= 30 && !strings.Contains(out, "▀") {
					t.Fatalf("%s at %dx%d: no picture:\n%s", name, w, h, out)
				}
			}
		}
	}
}
