package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// TestCompareDemo compares FakeHunter with TrophyFriend against the fake PSN server: the union of
// titles, a title with DLC groups, its base game's trophies (all, then "they have, you don't") and a
// title only TrophyFriend has (go test ./ui -run TestCompareDemo -update rewrites the goldens).
func TestCompareDemo(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {80, 24}, {40, 10}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			env := newDemoEnv(t)
			s := newSession(t, env.options(), sz[0], sz[1])
			s.screen("Level")
			s.keys("c")
			s.screen("compare with:")
			s.keys("TrophyFriend", "enter")
			s.golden("titles", "sorted by difference")
			s.keys("/")
			for _, r := range "resident evil 5" {
				s.keys(string(r))
			}
			s.keys("enter", "enter")
			s.golden("groups", "Lost in Nightmares")
			s.keys("enter")
			s.golden("trophies", "sorted by default order")
			s.keys("tab")
			s.golden("trophies_they_have", "showing th")
			s.keys("esc", "esc", "esc", "esc")
			s.screen("titles · sorted")
			s.keys("/")
			for _, r := range "apex" {
				s.keys(string(r))
			}
			s.keys("enter", "enter")
			s.golden("not_mine", "you 0")
			s.keys("esc", "esc", "c")
			s.golden("left", "sorted by last played")
			s.quit()
		})
	}
}

// TestCompareDemoUnknownAndPrivate looks up an unknown name and the private account against the fake
// server through the real store (the private account resolves; its title list answers 403): one line
// each, the title list stays as it was and usable. An account with no titles compares fine.
func TestCompareDemoUnknownAndPrivate(t *testing.T) {
	env := newDemoEnv(t)
	s := newSession(t, env.options(), 100, 30)
	before := s.screen("300 titles")
	body := func(screen string) string { return strings.Join(strings.Split(screen, "\n")[:27], "\n") }
	for _, c := range []struct{ name, want string }{
		{"NoSuchPlayer", "no PSN user named NoSuchPlayer"},
		{psntest.PrivateOnlineID, psntest.PrivateOnlineID + "’s trophies are private"},
	} {
		s.keys("c")
		s.screen("compare with:")
		s.keys(c.name, "enter")
		if got := s.screen(c.want); body(got) != body(before) {
			t.Fatalf("%s: the view changed:\n%s", c.name, got)
		}
	}
	s.keys("j", "c")
	s.screen("compare with:")
	s.keys(psntest.EmptyOnlineID, "enter")
	// Nothing to lead in: the heading says what is true (issue 14 #24), not "you lead 0".
	if got := s.screen("FakeHunter vs " + psntest.EmptyOnlineID + " · " + psntest.EmptyOnlineID + " has no titles yet"); strings.Contains(got, "lead") {
		t.Fatalf("heading against an empty account:\n%s", got)
	}
	s.quit()
}

// TestCompareLoadingIsNotZero (issue 14 #15): while TrophyFriend's earned status of RESIDENT EVIL 5
// is on its way (its request held by the fake server), the groups and trophies views show it as
// loading, never as 0/8 or unearned, although the definitions (shared by every account) are cached.
func TestCompareLoadingIsNotZero(t *testing.T) {
	var hold atomic.Bool
	release := make(chan struct{})
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { close(release) }) })
	env := newDemoEnvWith(t, psntest.Options{Latency: time.Nanosecond, Sleep: func(ctx context.Context, _ time.Duration) error {
		if !hold.Load() {
			return nil
		}
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}})
	s := newSession(t, env.options(), 100, 30)
	s.screen("Level")
	// Open the title as myself first: its definitions are cached, my earned status too.
	s.keys("/")
	s.typeText("resident evil 5")
	s.screen("1 of")
	s.keys("enter", "enter")
	s.screen("Lost in Nightmares")
	s.keys("esc")
	s.screen("enter open")
	s.keys("c")
	s.screen("compare with:")
	s.keys("TrophyFriend", "enter")
	s.screen("FakeHunter vs TrophyFriend · 128 in common")
	hold.Store(true) // from here the fake server holds every request
	s.keys("enter")
	// The footer names TrophyFriend once its cached title entry is in: wait for that state, not for
	// the first frame with my groups (which came first under load, and the golden differed).
	groups := s.goldenBusy("groups_loading", "TrophyFriend 53")
	if r := rowOf(t, groups, "Base game"); !strings.HasSuffix(r, "…") {
		t.Fatalf("TrophyFriend's unknown progress in the base game: %q", r)
	}
	s.keys("enter")
	trophies := s.goldenBusy("trophies_loading", "TrophyFriend …")
	for _, name := range []string{"RESIDENT EVIL 5 Platinum Trophy", "Brave Artisan", "Wild Tactician"} {
		if r := rowOf(t, trophies, name); !strings.HasSuffix(r, "…") {
			t.Fatalf("TrophyFriend's unknown mark of %s: %q", name, r)
		}
	}
	once.Do(func() { close(release) })
	s.screen("TrophyFriend 51")
	s.keys("esc")
	s.screen("100% 51/51")
	s.quit()
}
