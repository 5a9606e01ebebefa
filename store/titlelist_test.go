package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/assets"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

func sameLists(t *testing.T, got, want []psnapi.TrophyTitle) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d titles, want %d", len(got), len(want))
	}
	for i := range got {
		if !sameTitle(got[i], want[i]) {
			t.Fatalf("title %d: %s (%v), want %s (%v)", i, got[i].NPCommunicationID, got[i].LastUpdatedDateTime,
				want[i].NPCommunicationID, want[i].LastUpdatedDateTime)
		}
	}
}

// A browser start on 20,000 cached titles with nothing changed sends one request; a trophy earned
// deep in the list costs still one and moves its title to the front, as a full list shows it.
func TestIncrementalTitleList20000(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 titles")
	}
	s := newStack(t, stackOpts{server: psntest.Options{Titles: 20000}})
	ctx := context.Background()
	full, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil || len(full.Titles) < 20000 {
		t.Fatalf("cold list: %d titles, %v", len(full.Titles), err)
	}
	if c := s.counts(); c.titleList != ceilDiv(len(full.Titles), 800) {
		t.Fatalf("cold list: %s", describe(c))
	}
	s.srv.ResetLog()
	s.clock.Advance(time.Hour)
	s.reopen(stackOpts{})
	tl, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	if c := s.counts(); c.total() > 2 || c.titleList != 1 {
		t.Fatalf("unchanged 20,000-title list: %s", describe(c))
	}
	sameLists(t, tl.Titles, full.Titles)

	deep := full.Titles[15000]
	s.clock.Advance(time.Minute)
	if err := s.srv.EarnTrophy(psntest.DemoAccountID, deep.NPCommunicationID, unearnedTrophy(t, s, deep), s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	tl, err = s.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	if c := s.counts(); c.total() != 1 {
		t.Fatalf("one title changed: %s", describe(c))
	}
	if tl.Titles[0].NPCommunicationID != deep.NPCommunicationID || !tl.Titles[0].LastUpdatedDateTime.After(deep.LastUpdatedDateTime) {
		t.Fatalf("the changed title is not at the front: %s", tl.Titles[0].NPCommunicationID)
	}
	fresh, err := s.lib.RefreshAllTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	sameLists(t, tl.Titles, fresh.Titles)
}

// unearnedTrophy returns the ID of a trophy of the title the demo account has not earned.
func unearnedTrophy(t *testing.T, s *stack, title psnapi.TrophyTitle) int {
	t.Helper()
	id := -1
	s.srv.World(func(w *assets.World) {
		p := w.Account(psntest.DemoAccountID).Play(title.NPCommunicationID)
		for i, st := range p.States() {
			if !st.Earned {
				id = i
				return
			}
		}
	})
	if id < 0 {
		t.Fatalf("%s is complete", title.NPCommunicationID)
	}
	return id
}

// When the merge cannot be proven (a title gone from the list), the full list is fetched; and a
// full list at least once a FullListEvery.
func TestIncrementalTitleListFallsBack(t *testing.T) {
	s := newStack(t, stackOpts{server: psntest.Options{Titles: 1000}})
	ctx := context.Background()
	full, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	gone := full.Titles[900]
	s.srv.World(func(w *assets.World) {
		a := w.Account(psntest.DemoAccountID)
		for i, p := range a.Plays {
			if p.Title.NPCommunicationID == gone.NPCommunicationID {
				a.Plays = append(a.Plays[:i], a.Plays[i+1:]...)
				break
			}
		}
	})
	s.srv.ResetLog()
	tl, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	if c := s.counts(); c.titleList != 1+ceilDiv(len(full.Titles)-1, 800) {
		t.Fatalf("a removed title: %s", describe(c))
	}
	for _, title := range tl.Titles {
		if title.NPCommunicationID == gone.NPCommunicationID {
			t.Fatal("the removed title is still listed")
		}
	}
	s.srv.ResetLog()
	s.clock.Advance(FullListEvery)
	if _, err := s.lib.RefreshTitles(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	if c := s.counts(); c.titleList != ceilDiv(len(tl.Titles), 800) {
		t.Fatalf("a day later: %s", describe(c))
	}
	for _, r := range s.apiRequests() {
		if !strings.Contains(r.Query.Get("limit"), "800") {
			t.Fatalf("full list page %v", r.Query)
		}
	}
}
