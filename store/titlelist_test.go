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
// titleWithTrophyLeft is the first title from titles[from] on with a trophy left to earn.
func titleWithTrophyLeft(t *testing.T, titles []psnapi.TrophyTitle, from int) psnapi.TrophyTitle {
	t.Helper()
	for _, ti := range titles[from:] {
		if ti.EarnedTrophies != ti.DefinedTrophies {
			return ti
		}
	}
	t.Fatalf("every title from the %dth on is complete", from+1)
	return psnapi.TrophyTitle{}
}

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

// listPager answers pages of a fixed list, with a totalItemCount that may lie.
type listPager struct {
	titles []psnapi.TrophyTitle
	total  int
	asked  int
}

func (p *listPager) TrophyTitles(_ context.Context, _ string, limit, offset int) (psnapi.TrophyTitles, error) {
	p.asked++
	offset = min(offset, len(p.titles))
	end := min(offset+limit, len(p.titles))
	return psnapi.TrophyTitles{TrophyTitles: p.titles[offset:end], Paging: psnapi.Paging{TotalItemCount: p.total}}, nil
}

// The merge is taken only when provably the list; everything else asks for the full list.
func TestMergeTitlePagesRefusesWhatItCannotProve(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	mk := func(id string, h int) psnapi.TrophyTitle {
		return psnapi.TrophyTitle{NPCommunicationID: id, LastUpdatedDateTime: base.Add(time.Duration(h) * time.Hour)}
	}
	cached := []psnapi.TrophyTitle{mk("e", 5), mk("d", 4), mk("c", 3), mk("b", 2), mk("a", 1)}
	withX := append([]psnapi.TrophyTitle{mk("x", 6)}, cached...)
	cases := []struct {
		name   string
		now    []psnapi.TrophyTitle
		total  int // 0: len(now)
		ok     bool
		pages  int
		result string
	}{
		{"unchanged", cached, 0, true, 1, "e d c b a"},
		{"one moved to the front", []psnapi.TrophyTitle{mk("b", 9), mk("e", 5), mk("d", 4), mk("c", 3), mk("a", 1)}, 0, true, 1, "b e d c a"},
		{"a new title", []psnapi.TrophyTitle{mk("n", 9), mk("e", 5), mk("d", 4), mk("c", 3), mk("b", 2), mk("a", 1)}, 0, true, 1, "n e d c b a"},
		{"a title gone", []psnapi.TrophyTitle{mk("e", 5), mk("d", 4), mk("b", 2), mk("a", 1)}, 0, false, 1, ""},
		{"the total lies", cached, 9, false, 1, ""},
		{"a negative total", cached, -1, false, 1, ""},
		{"everything changed", []psnapi.TrophyTitle{mk("a", 19), mk("b", 18), mk("c", 17), mk("d", 16), mk("e", 15)}, 0, true, 3, "a b c d e"},
	}
	// A cached title whose time went back sorts after the unchanged one: not provable.
	back := &listPager{titles: []psnapi.TrophyTitle{mk("e", 5), mk("d", 4), mk("x", 3), mk("c", 3), mk("b", 2), mk("a", 1)}, total: 6}
	if m, _ := mergeTitlePages(context.Background(), back, "me", withX, 0, 2, func(int) {}); m.ok {
		t.Fatal("a title that went back in time was merged")
	}
	for _, c := range cases {
		total := c.total
		if total == 0 {
			total = len(c.now)
		}
		p := &listPager{titles: c.now, total: total}
		sent := 0
		m, err := mergeTitlePages(context.Background(), p, "me", cached, 0, 2, func(n int) { sent += n })
		got, ok := m.titles, m.ok
		if err != nil || ok != c.ok || sent != p.asked {
			t.Fatalf("%s: ok %v, err %v, counted %d of %d", c.name, ok, err, sent, p.asked)
		}
		if !ok {
			continue
		}
		var ids []string
		for _, title := range got {
			ids = append(ids, title.NPCommunicationID)
		}
		if strings.Join(ids, " ") != c.result || p.asked != c.pages {
			t.Fatalf("%s: %q after %d pages, want %q after %d", c.name, strings.Join(ids, " "), p.asked, c.result, c.pages)
		}
	}
}

// A title psnapi cannot read (left out with a note) does not make every refresh a full list: it is
// counted as the cached list counted it. A second bad title makes the count differ: a full list.
func TestIncrementalTitleListWithUnreadableTitle(t *testing.T) {
	s := newStack(t, stackOpts{server: psntest.Options{Titles: 1000}})
	ctx := context.Background()
	full, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	s.srv.BreakTitleField(full.Titles[500].NPCommunicationID, "lastUpdatedDateTime", `"9999-99-99"`)
	s.srv.ResetLog()
	s.clock.Advance(FullListEvery) // a full list: it learns of the bad title
	tl, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil || len(tl.Titles) != len(full.Titles)-1 {
		t.Fatalf("%d titles, %v", len(tl.Titles), err)
	}
	if notes := strings.Join(s.lib.Notes(), "\n"); !strings.Contains(notes, full.Titles[500].NPCommunicationID) {
		t.Fatalf("no note of the bad title: %q", notes)
	}
	s.srv.ResetLog()
	if _, err := s.lib.RefreshTitles(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	if c := s.counts(); c.titleList != 1 {
		t.Fatalf("with one unreadable title cached as such: %s", describe(c))
	}
	s.srv.BreakTitleField(full.Titles[700].NPCommunicationID, "hasTrophyGroups", `"yes"`)
	s.srv.ResetLog()
	tl, err = s.lib.RefreshTitles(ctx, "me")
	if err != nil || len(tl.Titles) != len(full.Titles)-2 {
		t.Fatalf("%d titles, %v", len(tl.Titles), err)
	}
	if c := s.counts(); c.titleList != 1+ceilDiv(len(full.Titles), 800) {
		t.Fatalf("a second unreadable title: %s", describe(c))
	}
}
