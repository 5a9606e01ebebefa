package ui

import (
	"fmt"
	"testing"
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
			s.golden("trophies_they_have", "showing they")
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
