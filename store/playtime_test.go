package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/assets"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// fakePlay is what the fake's played-games list says of each trophy title of an account (its
// durations as the wire carries them: whole seconds).
func fakePlay(s *stack, account string) (byTitle map[string]PlayTime, games, apps int) {
	byTitle = map[string]PlayTime{}
	s.srv.World(func(w *assets.World) {
		for _, g := range w.Account(account).PlayedGames() {
			games++
			if g.Title == nil {
				apps++
				continue
			}
			p := byTitle[g.Title.NPCommunicationID]
			p.Duration += g.Duration.Round(time.Second)
			p.Count += g.PlayCount
			byTitle[g.Title.NPCommunicationID] = p
		}
	})
	return byTitle, games, apps
}

// Play time per trophy title matches the fake's played-games list; PS3, Vita and PC titles have
// none; the mapping costs ceil(games/5) (plus one per unknown app) once, the list ceil(games/200).
func TestPlayTimeMatchesTheFake(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	want, games, apps := fakePlay(s, psntest.DemoAccountID)
	// A read maps a handful of games (those played lately); the library's first mapping is sync's.
	pt, err := s.lib.PlayTime(ctx, "me", Auto)
	if err != nil {
		t.Fatal(err)
	}
	if pt.Unmapped != games-AutoMapMax || s.sent("/titles/trophyTitles") > MapRequests(AutoMapMax)+apps {
		t.Fatalf("a read mapped %d of %d games with %d requests; want %d", games-pt.Unmapped, games, s.sent("/titles/trophyTitles"), AutoMapMax)
	}
	if c := s.lib.PlayTimeCost("me"); c.Unmapped != pt.Unmapped || c.MapRequests != MapRequests(pt.Unmapped) {
		t.Fatalf("cost %+v after a read, %d unmapped", c, pt.Unmapped)
	}
	if pt, _, err = s.lib.SyncPlayTime(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	if pt.Games != games || pt.Unmapped != 0 || pt.NoTrophies != apps || len(pt.ByTitle) != len(want) {
		t.Fatalf("games %d unmapped %d no trophies %d titles %d; want %d, 0, %d, %d",
			pt.Games, pt.Unmapped, pt.NoTrophies, len(pt.ByTitle), games, apps, len(want))
	}
	for id, w := range want {
		got, ok := pt.Of(id)
		if !ok || got.Duration != w.Duration || got.Count != w.Count || got.First.IsZero() || got.Last.IsZero() {
			t.Errorf("%s: %+v, want %v over %d plays", id, got, w.Duration, w.Count)
		}
	}
	if n := s.sent("/gamelist/"); n != pagesOf(games, 200) {
		t.Errorf("played-games requests %d, want %d", n, pagesOf(games, 200))
	}
	if n := s.sent("/titles/trophyTitles"); n < MapRequests(games) || n > MapRequests(games)+apps {
		t.Errorf("mapping requests %d, want %d…%d", n, MapRequests(games), MapRequests(games)+apps)
	}

	// PS3, Vita and PC-only titles simply have none.
	tl, err := s.lib.Titles(ctx, "me", Auto)
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]bool{}
	for _, ti := range tl.Titles {
		_, ok := pt.Of(ti.NPCommunicationID)
		switch p := ti.TrophyTitlePlatform; p {
		case "PS3", "PSVITA", "PSPC":
			checked[p] = true
			if ok {
				t.Errorf("%s title %s has play time", p, ti.NPCommunicationID)
			}
		case "PS5", "PS4":
			if !ok {
				t.Errorf("%s title %s has no play time", p, ti.NPCommunicationID)
			}
		}
	}
	if len(checked) != 3 {
		t.Fatalf("platforms without play time checked: %v", checked)
	}

	// Fresh: nothing asked. Stale: the first page only; the mapping is never asked again, not even
	// for the apps Sony knows no trophies of.
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	if _, err := s.lib.PlayTime(ctx, "me", Auto); err != nil || s.allSent() != 0 {
		t.Fatalf("fresh play time: %v, %d requests", err, s.allSent())
	}
	s.clock.Advance(PlayedFreshFor + time.Second)
	if c := s.lib.PlayTimeCost("me"); c.Requests() != 1 || c.Unmapped != 0 {
		t.Fatalf("stale cost %+v, want 1 request", c)
	}
	if _, err := s.lib.PlayTime(ctx, "me", Auto); err != nil {
		t.Fatal(err)
	}
	if s.sent("/gamelist/") != 1 || s.sent("/titles/trophyTitles") != 0 {
		t.Fatalf("stale play time: %d list, %d mapping requests; want 1, 0", s.sent("/gamelist/"), s.sent("/titles/trophyTitles"))
	}
	if _, err := s.lib.PlayTime(ctx, "me", Offline); err != nil {
		t.Fatal(err)
	}
}

// A game played since the last read moves to the front: one page tells, and its new hours land in
// its title; the rest of the cached list is kept.
func TestPlayTimeIncrementalRefresh(t *testing.T) {
	s := newStack(t, stackOpts{server: psntest.Options{Titles: 900}})
	ctx := context.Background()
	if _, _, err := s.lib.SyncPlayTime(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	_, games, _ := fakePlay(s, psntest.DemoAccountID)
	if games <= 400 {
		t.Fatalf("only %d games: the test needs three pages", games)
	}
	// An old game is played for two more hours now.
	var id, np string
	var was time.Duration
	s.srv.World(func(w *assets.World) {
		gs := w.Account(psntest.DemoAccountID).PlayedGames()
		g := gs[len(gs)-5]
		for g.Title == nil {
			g = gs[len(gs)-6]
		}
		id, np, was = g.TitleID, g.Title.NPCommunicationID, g.Duration.Round(time.Second)
		g.Duration += 2 * time.Hour
		g.PlayCount++
		g.Last = s.clock.Now().Add(-time.Minute)
		// The list is newest first: the game moves to the front.
		for i := len(gs) - 5; i > 0; i-- {
			gs[i], gs[i-1] = gs[i-1], gs[i]
		}
	})
	s.clock.Advance(PlayedFreshFor + time.Second)
	s.srv.ResetLog()
	pt, err := s.lib.PlayTime(ctx, "me", Auto)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.sent("/gamelist/"); n != 1 {
		t.Fatalf("refresh read %d pages, want 1", n)
	}
	want, _, _ := fakePlay(s, psntest.DemoAccountID)
	if got := pt.ByTitle[np].Duration; got != want[np].Duration || got != was+2*time.Hour {
		t.Fatalf("%s (%s) now %v, want %v", np, id, got, want[np].Duration)
	}
	for k, w := range want {
		if pt.ByTitle[k].Duration != w.Duration {
			t.Fatalf("%s: %v after the merge, want %v", k, pt.ByTitle[k].Duration, w.Duration)
		}
	}
	// Placed: the two new hours were played in the month of the previous read.
	pm, ok := s.lib.PlayMonths("me")
	if !ok {
		t.Fatal("no play months")
	}
	last := pm.Months[len(pm.Months)-1]
	if monthKey(last.Month) != monthKey(s.clock.Now()) || last.Played < 2*time.Hour {
		t.Fatalf("this month %v: %v, want at least 2h", last.Month, last.Played)
	}
	if pm.Total() != sumPlay(want)+appsPlay(s) {
		t.Fatalf("total %v, want %v", pm.Total(), sumPlay(want)+appsPlay(s))
	}
}

func sumPlay(m map[string]PlayTime) time.Duration {
	var d time.Duration
	for _, p := range m {
		d += p.Duration
	}
	return d
}

func appsPlay(s *stack) time.Duration {
	var d time.Duration
	s.srv.World(func(w *assets.World) {
		for _, g := range w.Account(psntest.DemoAccountID).PlayedGames() {
			if g.Title == nil {
				d += g.Duration.Round(time.Second)
			}
		}
	})
	return d
}

// Months: a game whose first and last play fall in one month is placed there; hours gained
// between two reads in one month are placed in it; the rest is unplaced, never guessed.
func TestPlaceHoursOnlyWhereKnown(t *testing.T) {
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 12, 0, 0, 0, time.Local) }
	g := func(id string, first, last time.Time, h int) psnapi.PlayedGame {
		return psnapi.PlayedGame{TitleID: id, FirstPlayed: first, LastPlayed: last, PlayDuration: time.Duration(h) * time.Hour}
	}
	var led playLedger
	placePlay(&led, []psnapi.PlayedGame{
		g("ONE_MONTH", day(3, 2), day(3, 19), 10),
		g("SPREAD", day(1, 5), day(3, 10), 30),
	}, day(3, 20))
	if led.Months["2026-03"] != 10*time.Hour || led.Unplaced != 30*time.Hour {
		t.Fatalf("first read: %v, unplaced %v", led.Months, led.Unplaced)
	}
	placePlay(&led, []psnapi.PlayedGame{
		g("ONE_MONTH", day(3, 2), day(3, 30), 12), // 2 h more, last played in the earlier read's month
		g("SPREAD", day(1, 5), day(4, 2), 35),     // 5 h more, but across a month boundary
	}, day(4, 3))
	if led.Months["2026-03"] != 12*time.Hour || led.Unplaced != 35*time.Hour {
		t.Fatalf("second read: %v, unplaced %v", led.Months, led.Unplaced)
	}
	placePlay(&led, []psnapi.PlayedGame{
		g("ONE_MONTH", day(3, 2), day(3, 30), 12),
		g("SPREAD", day(1, 5), day(4, 19), 39), // 4 h more, all in April
	}, day(4, 20))
	if led.Months["2026-04"] != 4*time.Hour || led.Unplaced != 35*time.Hour || !led.Since.Equal(day(3, 20)) {
		t.Fatalf("third read: %v, unplaced %v, since %v", led.Months, led.Unplaced, led.Since)
	}
}

// The hours per month are observations Sony cannot give again: they live in the state directory,
// so deleting the cache (safe at any time) neither loses them nor counts any hour twice.
func TestPlayLedgerSurvivesTheCache(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	if _, _, err := s.lib.SyncPlayTime(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	before, ok := s.lib.PlayMonths("me")
	if !ok || before.Total() == 0 {
		t.Fatalf("no play months: %+v", before)
	}
	files, _ := filepath.Glob(filepath.Join(s.paths.State, "played", "*.bin"))
	if len(files) != 1 {
		t.Fatalf("ledger files %v", files)
	}
	if st, err := os.Stat(files[0]); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("ledger mode: %v %v", st.Mode(), err)
	}
	if err := os.RemoveAll(s.paths.Cache); err != nil {
		t.Fatal(err)
	}
	s.reopen(stackOpts{})
	if _, err := s.lib.PlayTime(ctx, "me", Auto); err != nil {
		t.Fatal(err)
	}
	after, ok := s.lib.PlayMonths("me")
	if !ok || after.Total() != before.Total() || after.Placed != before.Placed || !after.Since.Equal(before.Since) {
		t.Fatalf("after the cache was deleted: %v placed of %v (before %v of %v)", after.Placed, after.Total(), before.Placed, before.Total())
	}
}

// A played-games list Sony hides is a forbidden error; a Library without the social endpoints
// answers from the cache alone.
func TestPlayTimePrivateAndNoClient(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	if _, err := s.lib.PlayTime(ctx, psntest.PrivateAccountID, Auto); !psnapi.IsForbidden(err) {
		t.Fatalf("private list: %v, want forbidden", err)
	}
	lib := openTest(t, s.paths, Options{Now: s.clock.Now})
	if _, err := lib.PlayTime(ctx, "me", Auto); !errors.Is(err, ErrNoAPI) {
		t.Fatalf("no client: %v, want ErrNoAPI", err)
	}
	if c := lib.PlayTimeCost("me"); c.Cached || c.Requests() == 0 {
		t.Fatalf("cost with nothing cached: %+v", c)
	}
}

// The cost before spending: estimated from the title list, then exact once the list is cached;
// sync's step spends it.
func TestPlayTimeCostAndSyncStep(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	if _, err := s.lib.Titles(ctx, "me", Auto); err != nil {
		t.Fatal(err)
	}
	est := s.lib.PlayTimeCost("me")
	_, games, apps := fakePlay(s, psntest.DemoAccountID)
	if est.Cached || est.Games != games-apps || est.MapRequests != MapRequests(games-apps) {
		t.Fatalf("estimate %+v, want %d games (the PS4/PS5 titles)", est, games-apps)
	}
	s.srv.ResetLog()
	pt, sent, err := s.lib.SyncPlayTime(psnapi.WithPriority(ctx, psnapi.Background), "me")
	if err != nil || pt.Unmapped != 0 {
		t.Fatalf("sync step: %v, unmapped %d", err, pt.Unmapped)
	}
	if sent != s.allSent() || sent < est.Requests() {
		t.Fatalf("sync step sent %d (logged %d), estimate %d", sent, s.allSent(), est.Requests())
	}
	if c := s.lib.PlayTimeCost("me"); !c.Cached || !c.Fresh || c.Requests() != 0 {
		t.Fatalf("cost after sync: %+v", c)
	}
	for _, r := range s.srv.Requests() {
		if strings.Contains(r.Path, "/gamelist/") && r.Query.Get("limit") != "200" {
			t.Fatalf("page of %s games, want 200", r.Query.Get("limit"))
		}
	}
}

// sync --plan tells the play time step's cost: estimated before the first sync, nothing once done.
func TestPlanTellsThePlayTimeCost(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	p, err := s.lib.Plan(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	_, games, apps := fakePlay(s, psntest.DemoAccountID)
	if p.PlayTime.Cached || p.PlayTime.MapRequests != MapRequests(games-apps) || p.PlayTime.ListRequests != pagesOf(games-apps, 200) {
		t.Fatalf("plan before any sync: %+v", p.PlayTime)
	}
	if _, _, err := s.lib.SyncPlayTime(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	if p, err = s.lib.Plan(ctx, "me"); err != nil || p.PlayTime.Requests() != 0 {
		t.Fatalf("plan after: %+v %v", p.PlayTime, err)
	}
}

// Sync's play time step is background work: it leaves the interactive reserve alone.
func TestSyncPlayTimeKeepsTheReserve(t *testing.T) {
	s := newStack(t, stackOpts{rate: psnapi.RateLimit{Requests: 10, Window: 15 * time.Minute}})
	ctx := context.Background()
	for i := 0; i < 8; i++ { // 8 of 10: the rest is the interactive reserve
		if _, err := s.client.TrophySummary(ctx, "me"); err != nil {
			t.Fatal(err)
		}
	}
	s.srv.ResetLog()
	_, sent, err := s.lib.SyncPlayTime(psnapi.WithFailFast(ctx), "me")
	if !psnapi.IsRateLimited(err) || sent != 0 || s.allSent() != 0 {
		t.Fatalf("the step sent %d (logged %d) into the reserve: %v", sent, s.allSent(), err)
	}
	if _, err := s.lib.PlayTime(ctx, "me", Auto); err != nil || s.allSent() == 0 {
		t.Fatalf("an interactive read may use the reserve: %v, %d sent", err, s.allSent())
	}
}

// A first mapping asks every game of the played-games list once, 5 a request, and keeps every
// answer: a new process finds the whole list mapped and the same play time, without a request.
func TestFirstMappingAsksEachGameOnce(t *testing.T) {
	s := newStack(t, stackOpts{server: psntest.Options{Titles: 900}})
	ctx := context.Background()
	if _, err := s.lib.Titles(ctx, "me", Auto); err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	pt, _, err := s.lib.SyncPlayTime(ctx, "me")
	if err != nil || pt.Unmapped != 0 {
		t.Fatalf("sync step: %v, %d unmapped", err, pt.Unmapped)
	}
	rec, _ := s.lib.loadPlayed(s.lib.accountKey("me"))
	want := map[string]bool{}
	for _, g := range rec.Games {
		want[g.TitleID] = true
	}
	// An id Sony does not know fails its request with a 404, and the others are asked again
	// without it: each id is in one answered request at most, every id in some request.
	answered, asked := map[string]bool{}, map[string]bool{}
	for _, r := range s.srv.Requests() {
		q := r.Query.Get("npTitleIds")
		if q == "" {
			continue
		}
		ids := strings.Split(q, ",")
		if len(ids) > psnapi.MaxTitleIDsPerRequest {
			t.Fatalf("%d ids in one request", len(ids))
		}
		for _, id := range ids {
			if !want[id] || (r.Status == 200 && answered[id]) {
				t.Fatalf("%s answered twice (%v) or not a played game (%v)", id, answered[id], want[id])
			}
			asked[id], answered[id] = true, answered[id] || r.Status == 200
		}
	}
	if len(asked) != len(want) || len(want) < 500 {
		t.Fatalf("asked %d of %d games", len(asked), len(want))
	}
	s.reopen(stackOpts{})
	s.srv.ResetLog()
	again, ok, err := s.lib.CachedPlayTime("me")
	if err != nil || !ok || again.Unmapped != 0 || len(again.ByTitle) != len(pt.ByTitle) || sumPlay(again.ByTitle) != sumPlay(pt.ByTitle) {
		t.Fatalf("cached after: %v %v, %d unmapped, %d titles (want %d)", err, ok, again.Unmapped, len(again.ByTitle), len(pt.ByTitle))
	}
	if n := len(s.srv.Requests()); n != 0 {
		t.Fatalf("%d requests reading the cached play time", n)
	}
}
