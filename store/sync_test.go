package store

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

var _ API = (*psnapi.Client)(nil)

// The request budgets of DESIGN.md, counted in the fake server's log, on a 1,000-title account.
func TestSyncRequestBudgets(t *testing.T) {
	s := newStack(t, stackOpts{server: psntest.Options{Titles: 1000}})
	ctx := context.Background()

	// Cold sync: ceil(n/800) + 2n + g.
	res, ps := s.sync("me")
	titles := s.cachedTitles("me")
	n, g := len(titles), groupsOf(titles)
	if n < 1000 {
		t.Fatalf("big account has %d titles", n)
	}
	c := s.counts()
	t.Logf("cold sync, %d titles, %d with groups: %s", n, g, describe(c))
	if c.titleList != ceilDiv(n, 800) || c.defs != n || c.earned != n || c.groups != g || c.other != 0 || c.limited != 0 {
		t.Fatalf("cold sync of %d titles (%d with groups): %s", n, g, describe(c))
	}
	if want := ceilDiv(n, 800) + 2*n + g; res.Requests != want || res.TitlesFetched != n || res.TitlesChecked != n {
		t.Fatalf("result %+v, want %d requests", res, want)
	}
	s.noRepeats()
	last := ps[len(ps)-1]
	if last.TitlesDone != n || last.TitlesTotal != n || last.RequestsLeft != 0 {
		t.Fatalf("last progress %+v", last)
	}

	// Nothing changed, new run: only the title list's first page (the rest is unchanged).
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	res, _ = s.sync("me")
	if c := s.counts(); c.total() != 1 || c.titleList != 1 {
		t.Fatalf("second sync: %s", describe(c))
	}
	if res.TitlesFetched != 0 {
		t.Fatalf("second sync fetched %d titles", res.TitlesFetched)
	}

	// k titles gained a trophy: ceil(n/800) + k earned lists.
	k := 0
	changed := map[string]bool{}
	for _, title := range titles {
		if k == 3 {
			break
		}
		tt, ok, _ := s.lib.CachedTitleTrophies("me", title)
		if !ok {
			t.Fatal("synced title not cached")
		}
		for _, tr := range tt.Trophies {
			if !tr.Status.Earned {
				s.clock.Advance(time.Minute)
				if err := s.srv.EarnTrophy(psntest.DemoAccountID, title.NPCommunicationID, tr.TrophyID, s.clock.Now()); err != nil {
					t.Fatal(err)
				}
				changed[title.NPCommunicationID] = true
				k++
				break
			}
		}
	}
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	s.sync("me")
	if c := s.counts(); c.total() != 1+k || c.earned != k {
		t.Fatalf("after %d titles changed: %s", k, describe(c))
	}
	for _, r := range s.apiRequests() {
		if r.Path != "" && !changed[npCommFromPath(r.Path)] && npCommFromPath(r.Path) != "" {
			t.Fatalf("unchanged title refetched: %s", r.Path)
		}
	}
	// The new trophy is earned in the cache.
	for _, title := range s.cachedTitles("me") {
		if changed[title.NPCommunicationID] {
			tt, _, _ := s.lib.CachedTitleTrophies("me", title)
			if tt.Stale || earnedCount(tt) != title.EarnedTrophies.Total() {
				t.Fatalf("%s: %d earned in cache, title list says %d (stale %v)", title.NPCommunicationID, earnedCount(tt), title.EarnedTrophies.Total(), tt.Stale)
			}
		}
	}

	// A friend after yourself: their list, their earned status, definitions only of titles you lack.
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	friend, err := s.lib.ResolveUser(ctx, psntest.FriendOnlineID)
	if err != nil || friend.ID != psntest.FriendAccountID {
		t.Fatalf("resolve friend: %+v %v", friend, err)
	}
	s.srv.ResetLog()
	s.sync(friend.ID)
	mine := map[string]bool{}
	for _, title := range titles {
		mine[title.NPCommunicationID] = true
	}
	theirs := s.cachedTitles(friend.ID)
	newDefs, newGroups := 0, 0
	for _, title := range theirs {
		if !mine[title.NPCommunicationID] {
			newDefs++
			if title.HasTrophyGroups {
				newGroups++
			}
		}
	}
	if newDefs == 0 || newDefs == len(theirs) {
		t.Fatalf("friend shares %d of %d titles: the test needs some shared and some not", len(theirs)-newDefs, len(theirs))
	}
	c = s.counts()
	t.Logf("friend sync, %d titles, %d not mine: %s", len(theirs), newDefs, describe(c))
	if c.titleList != ceilDiv(len(theirs), 800) || c.earned != len(theirs) || c.defs != newDefs || c.groups != newGroups || c.other != 0 {
		t.Fatalf("friend sync (%d titles, %d not mine, %d of those with groups): %s", len(theirs), newDefs, newGroups, describe(c))
	}
	s.noRepeats()
	// The looked-up name is cached: no second profile request.
	s.srv.ResetLog()
	if _, err := s.lib.ResolveUser(ctx, "trophyfriend"); err != nil {
		t.Fatal(err)
	}
	if len(s.srv.Requests()) != 0 {
		t.Fatalf("cached user lookup sent %d requests", len(s.srv.Requests()))
	}
}

func npCommFromPath(p string) string {
	const key = "/npCommunicationIds/"
	i := indexOf(p, key)
	if i < 0 {
		return ""
	}
	rest := p[i+len(key):]
	if j := indexOf(rest, "/"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func earnedCount(tt TitleTrophies) int {
	n := 0
	for _, tr := range tt.Trophies {
		if tr.Status.Earned {
			n++
		}
	}
	return n
}

var _ = errors.New

// Sync's index is only a hint: a cache file deleted or damaged behind its back is fetched again.
func TestSyncIndexNeverHidesMissingFiles(t *testing.T) {
	s := smallStack(t, stackOpts{})
	s.sync("me")
	titles := s.cachedTitles("me")
	key := s.lib.accountKey("me")
	if _, err := os.Stat(s.lib.indexPath(key)); err != nil {
		t.Fatal("no index written")
	}
	os.Remove(s.lib.earnedPath(key, titles[0].NPCommunicationID))
	os.WriteFile(s.lib.defsPath(titles[1].NPCommunicationID), []byte("garbage"), 0o644)
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	res, _ := s.sync("me")
	c := s.counts()
	wantGroups := 0
	if titles[1].HasTrophyGroups {
		wantGroups = 1
	}
	if res.TitlesFetched != 2 || c.earned != 1 || c.defs != 1 || c.groups != wantGroups {
		t.Fatalf("after deleting one file and damaging another: %+v, %s", res, describe(c))
	}
	if n := s.lib.Notes(); len(n) != 1 {
		t.Fatalf("want a note for the damaged file, got %q", n)
	}
}

// fakeAPI serves a fixed title list and fails everything else: for benchmarks of the store alone.
type fakeAPI struct {
	API
	titles []psnapi.TrophyTitle
}

func (f fakeAPI) AllTrophyTitles(context.Context, string) ([]psnapi.TrophyTitle, error) {
	return f.titles, nil
}
func (f fakeAPI) Rate() psnapi.RateSnapshot { return psnapi.RateSnapshot{} }

// BenchmarkSyncNothingChanged5000: a sync of a 5,000-title account whose cache is current (the title
// list comes from memory here): the cost of checking every title through the index.
func BenchmarkSyncNothingChanged5000(b *testing.B) {
	l := openTest(b, testPaths(b), Options{})
	titles := benchTitles(5000)
	for _, t := range titles {
		writeBenchTitle(b, l, "me", t, 50)
	}
	l.SetAPI(fakeAPI{titles: titles})
	if _, err := l.Sync(context.Background(), "me", nil); err != nil { // reads every file once, writes the index
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := l.Sync(context.Background(), "me", nil)
		if err != nil || res.TitlesFetched != 0 {
			b.Fatal(res, err)
		}
	}
}
