package store

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

func smallStack(t *testing.T, o stackOpts) *stack {
	if o.server.Titles == 0 {
		o.server.Titles = 60
	}
	return newStack(t, o)
}

func findTitle(t *testing.T, titles []psnapi.TrophyTitle, groups bool) psnapi.TrophyTitle {
	t.Helper()
	for _, title := range titles {
		if title.HasTrophyGroups == groups {
			return title
		}
	}
	t.Fatalf("no title with hasTrophyGroups=%v", groups)
	return psnapi.TrophyTitle{}
}

// A new trophySetVersion refetches that title's definitions (and groups) and its earned status only.
func TestSetVersionChange(t *testing.T) {
	s := smallStack(t, stackOpts{})
	s.sync("me")
	title := findTitle(t, s.cachedTitles("me"), true)
	v, err := s.srv.BumpSetVersion(title.NPCommunicationID)
	if err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	res, _ := s.sync("me")
	if c := s.counts(); c.titleList != 1 || c.defs != 1 || c.groups != 1 || c.earned != 1 || c.other != 0 {
		t.Fatalf("after a set version change: %s", describe(c))
	}
	for _, r := range s.apiRequests() {
		if id := npCommFromPath(r.Path); id != "" && id != title.NPCommunicationID {
			t.Fatalf("other title fetched: %s", r.Path)
		}
	}
	if res.TitlesFetched != 1 {
		t.Fatalf("fetched %d titles", res.TitlesFetched)
	}
	d := s.lib.loadDefs(title.NPCommunicationID)
	if d == nil || d.SetVersion != v {
		t.Fatalf("cached set version %+v, want %s", d, v)
	}
}

// definedTrophies changing without a new version (ASTRO's PLAYROOM) also makes definitions stale.
func TestDefinedTrophiesChangeWithoutVersion(t *testing.T) {
	s := smallStack(t, stackOpts{})
	s.sync("me")
	title := findTitle(t, s.cachedTitles("me"), false)
	before, _, _ := s.lib.CachedTitleTrophies("me", title)
	id, err := s.srv.AddTrophy(title.NPCommunicationID, "default", "bronze", "Late Addition")
	if err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	s.sync("me")
	if c := s.counts(); c.titleList != 1 || c.defs != 1 || c.groups != 0 || c.earned != 1 {
		t.Fatalf("after definedTrophies changed: %s", describe(c))
	}
	var now psnapi.TrophyTitle
	for _, tt := range s.cachedTitles("me") {
		if tt.NPCommunicationID == title.NPCommunicationID {
			now = tt
		}
	}
	if now.TrophySetVersion != title.TrophySetVersion {
		t.Fatal("the fake changed the version: the test proves nothing")
	}
	after, _, _ := s.lib.CachedTitleTrophies("me", now)
	if len(after.Trophies) != len(before.Trophies)+1 || after.Trophies[len(after.Trophies)-1].TrophyID != id || after.Stale {
		t.Fatalf("trophies %d → %d, stale %v", len(before.Trophies), len(after.Trophies), after.Stale)
	}
}

// Another language needs its own title list and definitions, but the earned status is shared.
func TestLanguageChange(t *testing.T) {
	s := smallStack(t, stackOpts{})
	s.sync("me")
	titles := s.cachedTitles("me")
	n, g := len(titles), groupsOf(titles)
	s.srv.ResetLog()
	s.reopen(stackOpts{language: "fr-FR"})
	if _, ok, _ := s.lib.CachedTitles("me"); ok {
		t.Fatal("a French title list should not be cached yet")
	}
	s.sync("me")
	if c := s.counts(); c.titleList != 1 || c.defs != n || c.groups != g || c.earned != 0 {
		t.Fatalf("French sync of %d titles: %s", n, describe(c))
	}
	for _, r := range s.apiRequests() {
		if r.Header.Get("Accept-Language") != "fr-FR" {
			t.Fatalf("request without the language: %s %v", r.Path, r.Header)
		}
	}
	// Back to the first language: all cached, only the list.
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	s.sync("me")
	if c := s.counts(); c.total() != 1 {
		t.Fatalf("back to the first language: %s", describe(c))
	}
}

// With the server gone, cached data is served marked Offline; without a cache the typed error comes back.
func TestOfflineServesCache(t *testing.T) {
	s := smallStack(t, stackOpts{})
	ctx := context.Background()
	if _, err := s.lib.RefreshTitles(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	sum, err := s.lib.RefreshSummary(ctx, "me")
	if err != nil || sum.Offline {
		t.Fatal(sum, err)
	}
	titles := s.cachedTitles(psntest.DemoAccountID) // the summary taught the store who "me" is
	opened := titles[0]
	if _, err := s.lib.TitleTrophies(ctx, "me", opened); err != nil {
		t.Fatal(err)
	}
	s.srv.Close()

	tl, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil || !tl.Offline || len(tl.Titles) != len(titles) || !psnapi.IsNetwork(tl.Err) {
		t.Fatalf("offline titles: offline=%v n=%d err=%v/%v", tl.Offline, len(tl.Titles), tl.Err, err)
	}
	if !tl.FetchedAt.Equal(s.clock.Now()) && tl.FetchedAt.IsZero() {
		t.Fatal("FetchedAt missing")
	}
	sum, err = s.lib.RefreshSummary(ctx, "me")
	if err != nil || !sum.Offline || sum.TrophyLevel == 0 {
		t.Fatalf("offline summary %+v %v", sum, err)
	}
	// The opened title is current: served without a request, not marked offline.
	tt, err := s.lib.TitleTrophies(ctx, "me", opened)
	if err != nil || tt.Offline || len(tt.Trophies) == 0 {
		t.Fatalf("cached title: offline=%v n=%d %v", tt.Offline, len(tt.Trophies), err)
	}
	// The same title after it changed: stale cache, marked offline.
	changed := opened
	changed.LastUpdatedDateTime = changed.LastUpdatedDateTime.Add(1e9)
	tt, err = s.lib.TitleTrophies(ctx, "me", changed)
	if err != nil || !tt.Offline || !tt.Stale || len(tt.Trophies) == 0 {
		t.Fatalf("stale title offline: offline=%v stale=%v %v", tt.Offline, tt.Stale, err)
	}
	// Never opened: the typed error.
	if _, err := s.lib.TitleTrophies(ctx, "me", titles[1]); !psnapi.IsNetwork(err) {
		t.Fatalf("uncached title offline: %v", err)
	}
	if _, err := s.lib.RefreshTitles(ctx, psntest.FriendAccountID); !psnapi.IsNetwork(err) {
		t.Fatalf("uncached list offline: %v", err)
	}
	if _, err := s.lib.Sync(ctx, "me", nil); !psnapi.IsNetwork(err) {
		t.Fatalf("sync offline: %v", err)
	}
}

// TitleTrophies: cache-then-network, a title opened once costs nothing until it changes; group
// progress is derived, and matches what Sony's earned groups endpoint says.
func TestTitleTrophiesCachedAfterFirstOpen(t *testing.T) {
	s := smallStack(t, stackOpts{})
	ctx := context.Background()
	tl, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	var title psnapi.TrophyTitle
	for _, tt := range tl.Titles {
		if tt.HasTrophyGroups && tt.EarnedTrophies.Total() > 0 && tt.Progress < 100 {
			title = tt
			break
		}
	}
	if title.NPCommunicationID == "" {
		t.Fatal("no partly earned title with groups")
	}
	s.srv.ResetLog()
	tt, err := s.lib.TitleTrophies(ctx, "me", title)
	if err != nil {
		t.Fatal(err)
	}
	if c := s.counts(); c.defs != 1 || c.groups != 1 || c.earned != 1 || c.total() != 3 {
		t.Fatalf("first open: %s", describe(c))
	}
	s.srv.ResetLog()
	again, err := s.lib.TitleTrophies(ctx, "me", title)
	if err != nil || len(s.apiRequests()) != 0 {
		t.Fatalf("second open sent %d requests (%v)", len(s.apiRequests()), err)
	}
	if len(again.Trophies) != len(tt.Trophies) || len(tt.Trophies) != title.DefinedTrophies.Total() {
		t.Fatalf("%d trophies, title defines %d", len(tt.Trophies), title.DefinedTrophies.Total())
	}
	var earned psnapi.TrophyCounts
	for _, g := range tt.Groups {
		earned = earned.Add(g.Earned)
	}
	if earned != title.EarnedTrophies || progress(earned, title.DefinedTrophies) != title.Progress {
		t.Fatalf("derived earned %+v progress %d, title list %+v %d", earned, progress(earned, title.DefinedTrophies), title.EarnedTrophies, title.Progress)
	}
	sony, err := s.client.EarnedTrophyGroups(ctx, "me", title.Ref())
	if err != nil {
		t.Fatal(err)
	}
	for _, sg := range sony.TrophyGroups {
		found := false
		for _, g := range tt.Groups {
			if g.TrophyGroupID == sg.TrophyGroupID {
				found = true
				if g.Earned != sg.EarnedTrophies || g.Progress != sg.Progress {
					t.Fatalf("group %s: derived %+v %d%%, Sony %+v %d%%", g.TrophyGroupID, g.Earned, g.Progress, sg.EarnedTrophies, sg.Progress)
				}
			}
		}
		if !found {
			t.Fatalf("group %s missing", sg.TrophyGroupID)
		}
	}
	for _, tr := range tt.Trophies {
		if tr.GroupName == "" || tr.Status.TrophyID != tr.TrophyID {
			t.Fatalf("trophy %d not merged: %+v", tr.TrophyID, tr)
		}
	}
}

// "me" maps to the numeric account ID on disk once known, so both share one cache.
func TestMeSharesCacheWithNumericID(t *testing.T) {
	s := smallStack(t, stackOpts{})
	ctx := context.Background()
	s.sync("me")
	if _, ok, _ := s.lib.CachedTitles(psntest.DemoAccountID); ok {
		t.Fatal("the ID is not known yet")
	}
	if _, err := s.lib.RefreshSummary(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.lib.CachedTitles(psntest.DemoAccountID); !ok {
		t.Fatal("cache did not move to the numeric ID")
	}
	if a, ok := s.lib.LoggedIn(); !ok || a.ID != psntest.DemoAccountID {
		t.Fatalf("credentials did not learn the ID: %+v", a)
	}
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	res, _ := s.sync(psntest.DemoAccountID)
	if res.TitlesFetched != 0 || s.counts().total() != 1 {
		t.Fatalf("syncing yourself by ID refetched: %+v %s", res, describe(s.counts()))
	}
}

// Next: every unearned trophy, easiest first (the earned rate, or the share done of a started
// progress trophy when higher); NextN keeps the first n; the export walk sees every cached title.
func TestNextAndExport(t *testing.T) {
	s := smallStack(t, stackOpts{})
	s.sync("me")
	titles := s.cachedTitles("me")
	want := 0
	for _, t := range titles {
		want += t.DefinedTrophies.Total() - t.EarnedTrophies.Total()
	}
	items, err := s.lib.Next("me")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != want || want == 0 {
		t.Fatalf("%d unearned, want %d", len(items), want)
	}
	hidden := 0
	for i, it := range items {
		if it.Trophy.Status.Earned {
			t.Fatal("earned trophy in Next")
		}
		if it.Trophy.TrophyHidden {
			hidden++
		}
		if i > 0 && easeOf(items[i-1]) < easeOf(it) {
			t.Fatalf("not sorted at %d: %.2f before %.2f", i, easeOf(items[i-1]), easeOf(it))
		}
	}
	if hidden == 0 {
		t.Log("no hidden unearned trophies in the demo data")
	}
	top, _ := s.lib.NextN("me", 25)
	if len(top) != 25 {
		t.Fatalf("NextN gave %d", len(top))
	}
	for i := range top {
		if top[i].Title.NPCommunicationID != items[i].Title.NPCommunicationID || top[i].Trophy.TrophyID != items[i].Trophy.TrophyID {
			t.Fatalf("NextN differs from Next at %d", i)
		}
	}
	seen := 0
	errStop := errors.New("stop")
	err = s.lib.CachedAccountTrophies("me", func(tt TitleTrophies) error {
		seen++
		if len(tt.Trophies) != tt.Title.DefinedTrophies.Total() {
			t.Fatalf("%s: %d trophies", tt.Title.NPCommunicationID, len(tt.Trophies))
		}
		return nil
	})
	if err != nil || seen != len(titles) {
		t.Fatalf("export saw %d of %d titles: %v", seen, len(titles), err)
	}
	if err := s.lib.CachedAccountTrophies("me", func(TitleTrophies) error { return errStop }); err != errStop {
		t.Fatalf("callback error not returned: %v", err)
	}
}

// easeOf is next to hunt's order key in percent: the earned rate, or the share done of a started
// PS5 progress trophy when that is higher.
func easeOf(it HuntItem) float64 {
	ease := it.Trophy.Status.EarnedRate()
	if target, p := it.Trophy.ProgressTarget(), it.Trophy.Status.ProgressValue(); target > 0 && p > 0 && p < target {
		ease = max(ease, float64(p)*100/float64(target))
	}
	return math.Floor(ease*100) / 100
}

// Game Help: availability and tips cached, video URLs never on disk, fresh URLs always fetched.
func TestGameHelpCaching(t *testing.T) {
	s := smallStack(t, stackOpts{})
	ctx := context.Background()
	tl, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	var title psnapi.TrophyTitle
	var hints psnapi.HintAvailability
	for _, tt := range tl.Titles {
		if tt.NPServiceName != "trophy2" {
			continue
		}
		h, err := s.lib.HintAvailability(ctx, tt)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Trophies) > 0 {
			title, hints = tt, h
			break
		}
	}
	if title.NPCommunicationID == "" {
		t.Fatal("no title with Game Help in the demo data")
	}
	s.srv.ResetLog()
	if h, err := s.lib.HintAvailability(ctx, title); err != nil || len(h.Trophies) != len(hints.Trophies) || len(s.srv.Requests()) != 0 {
		t.Fatalf("cached availability: %v, %d requests", err, len(s.srv.Requests()))
	}
	var videoTip psnapi.TipRequest
	var videoID string
	for _, h := range hints.Trophies {
		req := psnapi.TipRequest{TrophyID: h.TrophyID, UDSObjectID: h.UDSObjectID, HelpType: h.HelpType}
		tips, err := s.lib.Tips(ctx, title.NPCommunicationID, req)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range tips.Trophies {
			for _, g := range tr.Groups {
				for _, c := range g.TipContents {
					if c.IsVideo() && c.MediaURL != "" && videoID == "" {
						videoTip, videoID = req, c.TipID
					}
				}
			}
		}
	}
	if videoID == "" {
		t.Skip("no video tip in this title of the demo data")
	}
	s.srv.ResetLog()
	cached, err := s.lib.Tips(ctx, title.NPCommunicationID, videoTip)
	if err != nil || len(s.srv.Requests()) != 0 {
		t.Fatalf("cached tips: %v, %d requests", err, len(s.srv.Requests()))
	}
	for _, tr := range cached.Trophies {
		for _, g := range tr.Groups {
			for _, c := range g.TipContents {
				if c.MediaURL != "" {
					t.Fatal("a cached tip kept its media URL")
				}
			}
		}
	}
	b, _ := os.ReadFile(s.lib.tipsPath(title.NPCommunicationID, videoTip))
	if indexOf(string(b), "http") >= 0 {
		t.Fatal("a URL is on disk in the tips cache")
	}
	url, err := s.lib.FreshMediaURL(ctx, title.NPCommunicationID, videoTip, videoID)
	if err != nil || url == "" || len(s.srv.Requests()) != 1 {
		t.Fatalf("fresh URL %q %v after %d requests", url, err, len(s.srv.Requests()))
	}
}

// Two Libraries (two processes) syncing the same account on the same directories while a third reads:
// no torn file, no note, everything cached at the end. Run with -race.
func TestTwoLibrariesOnSameDirs(t *testing.T) {
	s := smallStack(t, stackOpts{})
	a := s.lib
	s.reopen(stackOpts{})
	b := s.lib
	reader, err := Open(s.paths, Options{Now: s.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for _, l := range []*Library{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := l.Sync(ctx, "me", nil); err != nil {
				errs <- err
			}
		}()
	}
	stop := make(chan struct{})
	var rwg sync.WaitGroup
	rwg.Add(1)
	go func() {
		defer rwg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			tl, ok, err := reader.CachedTitles("me")
			if err != nil {
				errs <- err
				return
			}
			if ok {
				for _, title := range tl.Titles[:10] {
					reader.CachedTitleTrophies("me", title)
				}
			}
			reader.RateHistory()
		}
	}()
	wg.Wait()
	close(stop)
	rwg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, l := range []*Library{a, b, reader} {
		if n := l.Notes(); len(n) != 0 {
			t.Fatalf("notes: %q", n)
		}
	}
	titles := s.cachedTitles("me")
	for _, title := range titles {
		tt, ok, _ := reader.CachedTitleTrophies("me", title)
		if !ok || tt.Stale {
			t.Fatalf("%s not fully cached", title.NPCommunicationID)
		}
	}
	// No temp file is left behind.
	filepath.Walk(s.paths.Cache, func(p string, info os.FileInfo, err error) error {
		if err == nil && isTempName(info.Name()) {
			t.Errorf("temp file left: %s", p)
		}
		return nil
	})
}
