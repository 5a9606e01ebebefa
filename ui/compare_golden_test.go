package ui

import (
	"fmt"
	"strings"
	"testing"

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
	s.screen("FakeHunter vs " + psntest.EmptyOnlineID + " · 0 in common")
	s.quit()
}
