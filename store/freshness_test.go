package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// With the budget spent and the data cached, Auto answers from the cache at once, says why it is
// not fresh and when the budget frees; Offline never sends; fresh data costs nothing.
func TestPolicyServesCacheWhenBudgetSpent(t *testing.T) {
	s := smallStack(t, stackOpts{rate: psnapi.RateLimit{Requests: 2, Window: 15 * time.Minute}})
	ctx := context.Background()
	if _, err := s.lib.Titles(ctx, "me", Auto); err != nil { // nothing cached: fetched
		t.Fatal(err)
	}
	if _, err := s.lib.Summary(ctx, "me", Auto); err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	s.clock.Advance(time.Minute)
	if tl, err := s.lib.Titles(ctx, "me", Auto); err != nil || tl.Offline || len(s.apiRequests()) != 0 {
		t.Fatalf("fresh list: offline %v, err %v, %d requests", tl.Offline, err, len(s.apiRequests()))
	}
	s.clock.Advance(FreshFor) // stale now, and the window (2 requests per 15 minutes) is still full
	sleeps := len(s.clock.sleeps)
	tl, err := s.lib.Titles(ctx, "me", Auto)
	if err != nil || !tl.Offline || len(tl.Titles) == 0 {
		t.Fatalf("stale list with the budget spent: offline %v, %d titles, err %v", tl.Offline, len(tl.Titles), err)
	}
	if len(s.apiRequests()) != 0 || len(s.clock.sleeps) != sleeps {
		t.Fatalf("it sent %d requests or waited", len(s.apiRequests()))
	}
	free, ok := BudgetFreeIn(tl.Err, s.clock.Now())
	if !ok || free <= 0 || free > 15*time.Minute {
		t.Fatalf("budget free in %v (%v): %v", free, ok, tl.Err)
	}
	sum, err := s.lib.Summary(ctx, "me", Auto)
	if err != nil || !sum.Offline {
		t.Fatalf("summary: offline %v, err %v", sum.Offline, err)
	}
	tt, err := s.lib.Trophies(ctx, "me", tl.Titles[0], Offline)
	if !errors.Is(err, ErrNotCached) {
		t.Fatalf("offline trophies not cached: %+v %v", tt.Title.NPCommunicationID, err)
	}
	if _, err := s.lib.Titles(ctx, psntest.FriendAccountID, Offline); !errors.Is(err, ErrNotCached) {
		t.Fatalf("offline, nothing cached: %v", err)
	}
	if tl, err := s.lib.Titles(ctx, "me", Offline); err != nil || tl.Offline || len(tl.Titles) == 0 {
		t.Fatalf("offline list: %v", err)
	}
	if n := len(s.apiRequests()); n != 0 {
		t.Fatalf("%d requests", n)
	}
}

// Coverage counts the titles whose trophies and earned status are cached, without a request.
func TestCoverage(t *testing.T) {
	s := smallStack(t, stackOpts{})
	if c, err := s.lib.Coverage("me"); err != nil || c.Titles != 0 || !c.Partial() {
		t.Fatalf("nothing cached: %+v %v", c, err)
	}
	tl, err := s.lib.RefreshTitles(context.Background(), "me")
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range tl.Titles[:5] {
		if _, err := s.lib.TitleTrophies(context.Background(), "me", title); err != nil {
			t.Fatal(err)
		}
	}
	s.srv.ResetLog()
	c, err := s.lib.Coverage("me")
	if err != nil || c.Titles != len(tl.Titles) || c.Complete != 5 || !c.Partial() || len(s.apiRequests()) != 0 {
		t.Fatalf("5 opened: %+v %v", c, err)
	}
	s.sync("me")
	if c, err := s.lib.Coverage("me"); err != nil || c.Complete != c.Titles || c.Partial() || c.GroupNamesLeft != 0 {
		t.Fatalf("after sync: %+v %v", c, err)
	}
}

// Plan sends only the title list and says what a sync would fetch and how long it takes.
func TestPlan(t *testing.T) {
	s := smallStack(t, stackOpts{rate: psnapi.RateLimit{Requests: 30, Window: 15 * time.Minute}})
	ctx := context.Background()
	p, err := s.lib.Plan(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	titles := s.cachedTitles("me")
	n, g := len(titles), groupsOf(titles)
	if c := s.counts(); c.total() != 1 || c.titleList != 1 {
		t.Fatalf("plan sent %s", describe(c))
	}
	// The ETA at the client's pace: a burst of a quarter of the 24 background requests (one of which
	// the list used), then one per (15 minutes + a fiftieth) / 24.
	pace := (15*time.Minute + 15*time.Minute/50) / 24
	if p.Titles != n || p.ToFetch != n || p.New != n || p.GroupNames != g || p.Requests != 2*n+g || p.ListRequests != 1 ||
		p.PerWindow != 24 || p.Window != 15*time.Minute || p.ETA != time.Duration(p.Requests-5)*pace {
		t.Fatalf("cold plan %+v (%d titles, %d with groups)", p, n, g)
	}
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	res, _ := s.sync("me")
	if res.Requests != 1+p.Requests {
		t.Fatalf("sync sent %d, plan said %d + the list", res.Requests, p.Requests)
	}
	if p, err := s.lib.Plan(ctx, "me"); err != nil || p.ToFetch != 0 || p.Requests != 0 || p.ETA != 0 {
		t.Fatalf("plan after sync %+v %v", p, err)
	}
}

// CheckNew costs one small title-list page when nothing changed, and announces a trophy earned
// meanwhile with its title, name and grade, fetching only that title's earned status.
func TestCheckNew(t *testing.T) {
	s := smallStack(t, stackOpts{})
	ctx := context.Background()
	if got, err := s.lib.CheckNew(ctx, "me"); err != nil || len(got) != 0 { // the baseline
		t.Fatalf("first check: %v %v", got, err)
	}
	s.sync("me")
	s.srv.ResetLog()
	if got, err := s.lib.CheckNew(ctx, "me"); err != nil || len(got) != 0 {
		t.Fatalf("nothing new: %v %v", got, err)
	}
	reqs := s.apiRequests()
	if len(reqs) != 1 || reqs[0].Query.Get("limit") != "20" {
		t.Fatalf("an unchanged check sent %d requests (%v)", len(reqs), reqs)
	}
	titles := s.cachedTitles("me")
	title := titles[len(titles)-3]
	id := unearnedTrophy(t, s, title)
	s.clock.Advance(time.Minute)
	if err := s.srv.EarnTrophy(psntest.DemoAccountID, title.NPCommunicationID, id, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	got, err := s.lib.CheckNew(ctx, "me")
	if err != nil || len(got) != 1 {
		t.Fatalf("one earned: %+v %v", got, err)
	}
	nt := got[0]
	if nt.Title.NPCommunicationID != title.NPCommunicationID || nt.Trophy.TrophyID != id || nt.Trophy.TrophyName == "" ||
		nt.Trophy.TrophyType == "" || !nt.Trophy.Status.Earned || !nt.Trophy.Status.EarnedDateTime.Equal(s.clock.Now().Truncate(time.Second)) {
		t.Fatalf("new trophy %+v", nt)
	}
	c := s.counts()
	if c.titleList != 1 || c.earned != 1 || c.total() != 2 {
		t.Fatalf("check after one trophy: %s", describe(c))
	}
	for _, r := range s.apiRequests() {
		if strings.Contains(r.Path, "/users/") && npCommFromPath(r.Path) != "" && npCommFromPath(r.Path) != title.NPCommunicationID {
			t.Fatalf("fetched %s", r.Path)
		}
	}
	if got, _ := s.lib.CheckNew(ctx, "me"); len(got) != 0 {
		t.Fatalf("announced twice: %+v", got)
	}
}

// Auto serves cached trophies at once while another process is fetching the title's new earned
// status (its claim is held), instead of waiting for it.
func TestTrophiesAutoDoesNotWaitForClaim(t *testing.T) {
	s := smallStack(t, stackOpts{})
	ctx := context.Background()
	s.sync("me")
	titles := s.cachedTitles("me")
	title := titles[5]
	s.clock.Advance(time.Minute)
	if err := s.srv.EarnTrophy(psntest.DemoAccountID, title.NPCommunicationID, unearnedTrophy(t, s, title), s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	tl, err := s.lib.RefreshAllTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	moved := tl.Titles[0]
	release, err := tryClaim(s.lib.earnedClaimPath(s.lib.accountKey("me"), moved.NPCommunicationID))
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	s.srv.ResetLog()
	tt, err := s.lib.Trophies(ctx, "me", moved, Auto)
	if err != nil || !tt.Offline || !tt.Stale || len(tt.Trophies) == 0 {
		t.Fatalf("auto with the title claimed elsewhere: offline %v, stale %v, err %v", tt.Offline, tt.Stale, err)
	}
	if c := s.counts(); c.earned != 0 {
		t.Fatalf("%s", describe(c))
	}
}
