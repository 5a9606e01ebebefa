package store

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// another opens a second Library with its own client on the stack's directories and server, as a
// second psn-client process would.
func (s *stack) another() *Library {
	s.t.Helper()
	lib, err := Open(s.paths, Options{Now: s.clock.Now})
	if err != nil {
		s.t.Fatal(err)
	}
	lib.SetAPI(psnapi.New(lib.APIOptions(psnapi.Options{APIBase: s.srv.APIBase(), AuthBase: s.srv.AuthBase(),
		ProfileBase: s.srv.ProfileBase(), HTTPClient: s.srv.Client(), Now: s.clock.Now, Sleep: s.clock.Sleep,
		Retry: psnapi.RetryPolicy{Attempts: 1}})))
	return lib
}

// titleRequests counts the successful per-title requests (definitions, groups, earned) by path.
func titleRequests(s *stack) map[string]int {
	m := map[string]int{}
	for _, r := range s.apiRequests() {
		if r.Status == http.StatusOK && npCommFromPath(r.Path) != "" {
			m[r.Path]++
		}
	}
	return m
}

// waitFill drains a fill's updates until it ends.
func waitFill(t *testing.T, f *Fill) (SyncResult, SyncProgress) {
	t.Helper()
	var last SyncProgress
	for p := range f.Updates() {
		last = p
	}
	res, err := f.Wait()
	if err != nil {
		t.Fatalf("fill: %v", err)
	}
	return res, last
}

// A background fill sends the minimum (ceil(n/800) + 2n + g), most recently played titles first,
// every title's trophies and earned status before any DLC group names; its last report agrees with
// its result.
func TestFillMinimumAndOrder(t *testing.T) {
	s := smallStack(t, stackOpts{})
	f := s.lib.StartFill(context.Background(), "me", FillOptions{})
	res, last := waitFill(t, f)
	titles := s.cachedTitles("me")
	n, g := len(titles), groupsOf(titles)
	c := s.counts()
	if c.total() != ceilDiv(n, 800)+2*n+g || c.titleList != ceilDiv(n, 800) || c.limited != 0 {
		t.Fatalf("fill of %d titles (%d with groups): %s", n, g, describe(c))
	}
	if res.Requests != c.total() || res.TitlesFetched != n || last.Requests != res.Requests ||
		last.TitlesFetched != res.TitlesFetched || last.TitlesDone != n || last.GroupNamesLeft != 0 || last.RequestsLeft != 0 {
		t.Fatalf("result %+v, last progress %+v, %d requests logged", res, last, c.total())
	}
	s.noRepeats()
	pos := map[string]int{}
	for i, title := range titles {
		pos[title.NPCommunicationID] = i
	}
	// Requests go in title-list order, give or take the titles worked on at once (the queue's own
	// order is TestFillQueueOrder's): every title of the list's first quarter is asked for before any
	// of its last quarter.
	seen, lastEarned, firstGroups, lastEarly, firstLate := 0, -1, -1, -1, -1
	for i, r := range s.apiRequests() {
		id := npCommFromPath(r.Path)
		if id == "" {
			continue
		}
		if strings.HasSuffix(r.Path, "/trophyGroups") {
			if firstGroups < 0 {
				firstGroups = i
			}
			continue
		}
		if strings.Contains(r.Path, "/users/") {
			lastEarned = i
			if p := pos[id]; p < n/4 {
				lastEarly = seen
			} else if p >= n-n/4 && firstLate < 0 {
				firstLate = seen
			}
			seen++
		}
	}
	if lastEarly > firstLate {
		t.Fatalf("a title of the list's first quarter was asked for at %d, after one of its last quarter (%d)", lastEarly, firstLate)
	}
	if g > 0 && firstGroups < lastEarned-3*syncWorkers {
		t.Fatalf("group names fetched at request %d, before the trophies of the last titles (%d)", firstGroups, lastEarned)
	}
}

// Two fills on one cache at once (a browser and a CLI sync, as two Libraries with their own
// clients) share the work: no title request is sent twice, and both end with the whole cache.
func TestTwoFillsShareTitles(t *testing.T) {
	// A little real latency, so each fill lasts long enough for the other to take its share.
	s := smallStack(t, stackOpts{server: psntest.Options{Latency: 2 * time.Millisecond}})
	other := s.another()
	ctx := context.Background()
	a := s.lib.StartFill(ctx, "me", FillOptions{Paused: true})
	b := other.StartFill(ctx, "me", FillOptions{Paused: true})
	// Both have their plan before either sends a title request, so they really overlap.
	for _, f := range []*Fill{a, b} {
		for p := range f.Updates() {
			if p.TitlesTotal > 0 {
				break
			}
		}
	}
	a.Resume()
	b.Resume()
	resA, lastA := waitFill(t, a)
	resB, lastB := waitFill(t, b)
	titles := s.cachedTitles("me")
	n, g := len(titles), groupsOf(titles)
	for path, k := range titleRequests(s) {
		if k > 1 {
			t.Fatalf("%s fetched %d times", path, k)
		}
	}
	c := s.counts()
	if c.titleList != 2 || c.defs != n || c.earned != n || c.groups != g || c.limited != 0 {
		t.Fatalf("two fills of %d titles (%d with groups): %s", n, g, describe(c))
	}
	if resA.Requests+resB.Requests != c.total() || resA.TitlesFetched+resB.TitlesFetched < n {
		t.Fatalf("results %+v and %+v for %s", resA, resB, describe(c))
	}
	if resA.TitlesFetched == 0 || resB.TitlesFetched == 0 {
		t.Fatalf("one fill did everything (%+v, %+v): they did not run together", resA, resB)
	}
	if lastA.TitlesDone != n || lastB.TitlesDone != n {
		t.Fatalf("done %d and %d of %d", lastA.TitlesDone, lastB.TitlesDone, n)
	}
	for _, title := range titles {
		if tt, ok, _ := s.lib.CachedTitleTrophies("me", title); !ok || tt.Stale || !tt.EarnedKnown {
			t.Fatalf("%s incomplete after both fills", title.NPCommunicationID)
		}
	}
	if entries, _ := os.ReadDir(s.lib.claimsDir()); len(entries) != 0 {
		t.Fatalf("%d claim files left behind", len(entries))
	}
}

// A claim is the other process's: while it is held, a fill skips the title and comes back to it;
// when its holder dies (here: releases without writing), the title is fetched.
func TestFillRevisitsHeldTitle(t *testing.T) {
	s := smallStack(t, stackOpts{})
	tl, err := s.lib.RefreshTitles(context.Background(), "me")
	if err != nil {
		t.Fatal(err)
	}
	held := tl.Titles[0]
	release, err := tryClaim(s.lib.earnedClaimPath(s.lib.accountKey("me"), held.NPCommunicationID))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tryClaim(s.lib.earnedClaimPath(s.lib.accountKey("me"), held.NPCommunicationID)); !errors.Is(err, errClaimHeld) {
		t.Fatalf("a second claim: %v", err)
	}
	var once sync.Once
	f := s.lib.StartFill(context.Background(), "me", FillOptions{Progress: func(p SyncProgress) {
		// Everything else is done: the held title is being revisited. Let it go.
		if p.TitlesDone >= p.TitlesTotal-1 && p.TitlesTotal > 0 {
			once.Do(func() { go release() })
		}
	}})
	waitFill(t, f)
	earnedPath := "/api/trophy/v1/users/me/npCommunicationIds/" + held.NPCommunicationID + "/trophyGroups/all/trophies"
	k := titleRequests(s)[earnedPath]
	if k != 1 {
		t.Fatalf("held title's earned status fetched %d times", k)
	}
	reqs := s.apiRequests()
	if npCommFromPath(reqs[len(reqs)-1].Path) != held.NPCommunicationID && !strings.HasSuffix(reqs[len(reqs)-1].Path, "/trophyGroups") {
		t.Fatalf("the held title was not left for later: last request %s", reqs[len(reqs)-1].Path)
	}
}

// A paused fill sends nothing but what is prioritized; a title opened meanwhile is fetched at once
// (interactive) and never again by the fill; Resume finishes with the minimum.
func TestFillPausePrioritizeResume(t *testing.T) {
	s := smallStack(t, stackOpts{})
	f := s.lib.StartFill(context.Background(), "me", FillOptions{Paused: true})
	var titles []psnapi.TrophyTitle
	for p := range f.Updates() {
		if p.TitlesTotal > 0 {
			if !p.Paused {
				t.Fatal("progress does not say paused")
			}
			titles = s.cachedTitles("me")
			break
		}
	}
	wanted := findTitle(t, titles[len(titles)/2:], true)
	f.Prioritize(wanted.NPCommunicationID)
	deadline := time.Now().Add(10 * time.Second)
	for {
		tt, ok, _ := s.lib.CachedTitleTrophies("me", wanted)
		if ok && !tt.Stale {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the prioritized title was not fetched while paused")
		}
		time.Sleep(time.Millisecond)
	}
	opened := titles[len(titles)-1]
	tt, err := s.lib.TitleTrophies(context.Background(), "me", opened)
	if err != nil || tt.Stale || !tt.EarnedKnown {
		t.Fatalf("opened title: stale %v, known %v, err %v", tt.Stale, tt.EarnedKnown, err)
	}
	for path := range titleRequests(s) {
		if id := npCommFromPath(path); id != wanted.NPCommunicationID && id != opened.NPCommunicationID {
			t.Fatalf("paused fill sent %s", path)
		}
	}
	f.Resume()
	res, _ := waitFill(t, f)
	n, g := len(titles), groupsOf(titles)
	if c := s.counts(); c.total() != 1+2*n+g {
		t.Fatalf("after resume: %s", describe(c))
	}
	if res.TitlesFetched != n-1 {
		t.Fatalf("fill fetched %d titles, want %d (the opened one was the browser's)", res.TitlesFetched, n-1)
	}
	s.noRepeats()
}

// A cache that cannot be written costs no request: the fill stops before the title list.
func TestFillUnwritableCacheSendsNothing(t *testing.T) {
	s := smallStack(t, stackOpts{})
	if err := os.MkdirAll(filepath.Dir(s.paths.Cache), 0o755); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(s.paths.Cache)
	if err := os.WriteFile(s.paths.Cache, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := s.lib.Sync(context.Background(), "me", nil)
	var we *CacheWriteError
	if !errors.As(err, &we) || res.Requests != 0 || len(s.apiRequests()) != 0 {
		t.Fatalf("sync on a file as cache: %+v, %v, %d requests", res, err, len(s.apiRequests()))
	}
}

// The first write that fails stops the fill: the titles already asked for finish, nothing more is sent.
func TestFillStopsAtFirstWriteFailure(t *testing.T) {
	s := smallStack(t, stackOpts{})
	tl, err := s.lib.RefreshTitles(context.Background(), "me")
	if err != nil {
		t.Fatal(err)
	}
	// A directory (not empty, so it cannot be discarded) where the first title's earned file goes:
	// its rename fails.
	blocker := s.lib.earnedPath(s.lib.accountKey("me"), tl.Titles[0].NPCommunicationID)
	if err := os.MkdirAll(filepath.Join(blocker, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	res, err := s.lib.Sync(context.Background(), "me", nil)
	var we *CacheWriteError
	if !errors.As(err, &we) {
		t.Fatalf("sync: %v", err)
	}
	n := len(tl.Titles)
	// Requests cancelled in flight by the stop may have reached the server uncounted (psnapi counts
	// sent attempts only through its own hook).
	if c := s.counts(); c.total() > 1+2*2*syncWorkers || res.Requests > c.total() {
		t.Fatalf("sync went on after a failed write: %+v, %s for %d titles", res, describe(c), n)
	}
}

// Definitions whose group names are not fetched yet are usable: DLC trophies stay in their group,
// named by its ID, never counted as the base game's.
func TestMergeWithGroupNamesPending(t *testing.T) {
	title := psnapi.TrophyTitle{NPCommunicationID: "NPWR00001_00", TrophyTitleName: "Game", HasTrophyGroups: true,
		TrophySetVersion: "01.00", DefinedTrophies: psnapi.TrophyCounts{Bronze: 2, Gold: 1}}
	d := &defsRecord{NPCommunicationID: title.NPCommunicationID, SetVersion: "01.00", Defined: title.DefinedTrophies,
		HasGroups: true, GroupsPending: true, Trophies: []psnapi.Trophy{
			{TrophyID: 0, TrophyType: psnapi.Bronze, TrophyGroupID: "default"},
			{TrophyID: 1, TrophyType: psnapi.Gold, TrophyGroupID: "001"},
			{TrophyID: 2, TrophyType: psnapi.Bronze, TrophyGroupID: "default"},
		}}
	e := &earnedRecord{NPCommunicationID: title.NPCommunicationID, SetVersion: "01.00", Defined: title.DefinedTrophies,
		Trophies: []psnapi.EarnedTrophy{{TrophyID: 1, Earned: true, TrophyType: psnapi.Gold}, {TrophyID: 0, TrophyType: psnapi.Bronze}, {TrophyID: 2, TrophyType: psnapi.Bronze}}}
	tt := merge(title, d, e)
	if len(tt.Groups) != 2 || tt.Groups[0].TrophyGroupID != "default" || tt.Groups[0].TrophyGroupName != "Game" || tt.Groups[0].NamePending {
		t.Fatalf("groups %+v", tt.Groups)
	}
	dlc := tt.Groups[1]
	if dlc.TrophyGroupID != "001" || dlc.TrophyGroupName != "001" || !dlc.NamePending || dlc.DefinedTrophies.Gold != 1 || dlc.Earned.Gold != 1 || dlc.Progress != 100 {
		t.Fatalf("DLC group %+v", dlc)
	}
	if tt.Groups[0].Earned.Total() != 0 || tt.Groups[0].DefinedTrophies.Bronze != 2 || tt.Trophies[1].GroupName != "001" {
		t.Fatalf("base game %+v, trophy %+v", tt.Groups[0], tt.Trophies[1])
	}
	if !tt.Stale || !tt.EarnedKnown {
		t.Fatalf("stale %v (group names still to fetch), known %v", tt.Stale, tt.EarnedKnown)
	}
	// Without an earned record the statuses are unknown, not unearned.
	if tt := merge(title, d, nil); tt.EarnedKnown {
		t.Fatal("no earned record, but EarnedKnown")
	}
}

// Pausing a running fill stops it sending: the titles in progress go back to the queue and their
// claims are let go; Resume finishes with the minimum, nothing fetched twice.
func TestFillPauseMidway(t *testing.T) {
	s := smallStack(t, stackOpts{})
	var once sync.Once
	var f *Fill
	started := make(chan struct{})
	f = s.lib.StartFill(context.Background(), "me", FillOptions{Progress: func(p SyncProgress) {
		if p.TitlesFetched >= 10 {
			once.Do(func() { <-started; f.Pause() })
		}
	}})
	close(started)
	deadline := time.Now().Add(10 * time.Second)
	for {
		f.run.q.mu.Lock()
		idle := f.run.q.paused && f.run.q.active == 0
		f.run.q.mu.Unlock()
		if idle {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the fill did not come to rest after Pause")
		}
		time.Sleep(time.Millisecond)
	}
	atPause := len(s.apiRequests())
	if p := f.Progress(); !p.Paused || p.TitlesDone >= p.TitlesTotal {
		t.Fatalf("paused progress %+v", p)
	}
	if entries, _ := os.ReadDir(s.lib.claimsDir()); len(entries) != 0 {
		t.Fatalf("a paused fill holds %d claims", len(entries))
	}
	time.Sleep(20 * time.Millisecond)
	if n := len(s.apiRequests()); n != atPause {
		t.Fatalf("%d requests sent while paused", n-atPause)
	}
	f.Resume()
	res, last := waitFill(t, f)
	titles := s.cachedTitles("me")
	n, g := len(titles), groupsOf(titles)
	if c := s.counts(); c.total() != 1+2*n+g || res.Requests != c.total() || last.TitlesDone != n {
		t.Fatalf("after pause and resume: %s, result %+v", describe(c), res)
	}
	s.noRepeats()
}

// Pause and Resume after the fill ended do nothing (no report into the closed channel).
func TestFillPauseAfterEnd(t *testing.T) {
	s := smallStack(t, stackOpts{})
	f := s.lib.StartFill(context.Background(), "me", FillOptions{})
	waitFill(t, f)
	f.Pause()
	f.Resume()
	f.Pause()
	time.Sleep(10 * time.Millisecond)
	if _, ok := <-f.Updates(); ok {
		t.Fatal("a report after the end")
	}
}

// The queue hands out every title's trophies in list order, then revisits, then group names; a
// prioritized title first, whatever its tier; while paused, only prioritized titles.
func TestFillQueueOrder(t *testing.T) {
	job := func(id string) syncJob { return syncJob{title: psnapi.TrophyTitle{NPCommunicationID: id}} }
	q := newFillQueue(false)
	q.load([]syncJob{job("a"), job("b"), job("c")}, []syncJob{job("g1")})
	q.add(job("r"), tierRevisit)
	q.prioritize("g1")
	var got []string
	ctx := context.Background()
	for {
		j, ok := q.next(ctx)
		if !ok {
			break
		}
		got = append(got, j.title.NPCommunicationID)
		q.finish()
		if len(got) == 2 {
			q.setPaused(true)
			q.prioritize("c")
		}
		if len(got) == 3 {
			q.setPaused(false)
		}
	}
	if want := "g1 a c b r"; strings.Join(got, " ") != want {
		t.Fatalf("order %q, want %q", strings.Join(got, " "), want)
	}
}
