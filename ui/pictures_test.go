package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

// TestPicturesDemo (issue 13 #5): with a true-colour terminal the game's icon stands beside the
// groups and trophies headings and the trophy's icon beside its detail, drawn as half blocks, at
// two sizes; each picture is downloaded once however often it is shown.
func TestPicturesDemo(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {60, 16}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			env := newDemoEnv(t)
			o := env.options()
			o.Display = colourDisplay()
			s := newSession(t, o, sz[0], sz[1])
			s.screen("Level")
			s.keys("/")
			for _, r := range "tsushima" {
				s.keys(string(r))
			}
			s.keys("enter", "enter")
			s.golden("groups", "Base game")
			s.keys("enter")
			s.golden("trophies", "sorted by default order")
			s.keys("enter")
			s.golden("detail", "Group:")
			s.keys("right", "left", "esc", "esc")
			s.screen("Base game")
			s.keys("enter")
			s.screen("sorted by default order")
			s.keys("enter")
			screen := s.screen("Group:")
			if !strings.Contains(screen, "▀") || !strings.Contains(screen, "\x1b[38;2;") {
				t.Fatalf("no half-block picture:\n%s", screen)
			}
			for path, n := range env.srv.ImageFetches() {
				if n != 1 {
					t.Errorf("%s fetched %d times", path, n)
				}
			}
			if len(env.srv.ImageFetches()) < 2 {
				t.Fatalf("%d pictures fetched: want the title's icon and a trophy's", len(env.srv.ImageFetches()))
			}
			s.quit()
		})
	}
}

// Under NO_COLOR (an Ascii profile), a 16-colour terminal or config pictures false, no picture is
// drawn and none is downloaded.
func TestPicturesOff(t *testing.T) {
	for _, c := range []struct {
		name    string
		profile termenv.Profile
		off     bool
	}{{"ascii", termenv.Ascii, false}, {"ansi16", termenv.ANSI, false}, {"config", termenv.TrueColor, true}} {
		t.Run(c.name, func(t *testing.T) {
			env := newDemoEnv(t)
			if c.off {
				cfg := env.lib.Config()
				cfg.NoPictures = true
				if err := env.lib.SaveConfig(cfg); err != nil {
					t.Fatal(err)
				}
			}
			o := env.options()
			o.Display = colourDisplay()
			o.Display.Profile = c.profile
			s := newSession(t, o, 100, 30)
			s.screen("Level")
			s.keys("/")
			for _, r := range "tsushima" {
				s.keys(string(r))
			}
			s.keys("enter", "enter")
			s.screen("Base game")
			s.keys("enter")
			s.screen("sorted by default order")
			s.keys("enter")
			screen := s.screen("Group:")
			if strings.Contains(screen, "▀") || strings.Contains(screen, "▄") {
				t.Fatalf("a picture was drawn:\n%s", screen)
			}
			if n := len(env.srv.ImageFetches()); n != 0 {
				t.Fatalf("%d pictures downloaded", n)
			}
			s.quit()
		})
	}
}
