package ui

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/psnclient/psn-client/psnapi"
)

func init() {
	// Recent trophies group by local day and stats count local months: the same everywhere.
	time.Local = time.UTC
}

// colourDisplay is a dark true-colour terminal: goldens keep the escape sequences.
func colourDisplay() Display {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	return Display{Renderer: r, Profile: termenv.TrueColor, Dark: true}
}

// readingCache reports whether a view of the whole library still waits for the cache (its reads
// are not requests, so the status bar does not count them): goldens wait for them too.
func readingCache(v view) bool {
	switch v := v.(type) {
	case *searchView:
		return v.pending != 0
	case *huntView:
		return v.pendBase != 0 || v.pendQuery != 0
	case *recentView:
		return v.pending != 0
	case *platinumsView:
		return v.pending != 0
	case *statsView:
		return v.pending != 0 || v.drawing != 0 || v.loaded && v.err == "" && v.drawnW != v.w
	case *titlesView:
		// Its cached list, summary and play time, and the play time order (computed in a command):
		// the list's network refresh starts (and is tracked) only once the cached list is in, so
		// before then a screen is idle by the tasks alone.
		return v.pendCache != 0 || v.pendSumCache != 0 || v.playCache != 0 || v.playOrd != 0
	case *groupsView:
		return v.icon.pend != 0
	case *trophiesView:
		return v.icon.pend != 0
	case *detailView:
		return v.icon.pend != 0
	case *friendsView:
		return v.avatar.pend != 0
	}
	return false
}

// newFilledDemoEnv is newDemoEnv with the whole demo account in the cache, as psn-client sync
// leaves it (through a client of its own without a budget, so the session's rate window starts
// empty). The requests it sends are in the fake's log before the test starts counting.
func newFilledDemoEnv(t *testing.T) *demoEnv {
	t.Helper()
	env := newDemoEnv(t)
	fill := psnapi.New(psnapi.Options{APIBase: env.srv.APIBase(), AuthBase: env.srv.AuthBase(), ProfileBase: env.srv.ProfileBase(),
		HTTPClient: env.srv.Client(), Tokens: psnapi.NewMemoryTokens(env.tok),
		RateLimit: psnapi.RateLimit{Requests: 1 << 20, Window: time.Minute}, Now: fixedClock})
	env.lib.SetAPI(fill)
	ctx := context.Background()
	if _, err := env.lib.RefreshSummary(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.lib.Sync(ctx, "me", nil); err != nil {
		t.Fatal(err)
	}
	env.lib.SetAPI(env.client)
	return env
}

// TestLibraryViewsGolden (issue 12) drives search, recent trophies, platinums, stats and next to
// hunt with a query against the fake PSN server with the demo account synced, at 40×10, 100×30 and
// 200×60, without and with colour, and compares every screen with testdata. None of these views
// sends a request: the fake's log is the same before and after them.
func TestLibraryViewsGolden(t *testing.T) {
	env := newFilledDemoEnv(t)
	for _, colour := range []bool{false, true} {
		for _, sz := range [][2]int{{40, 10}, {100, 30}, {200, 60}} {
			name := fmt.Sprintf("%dx%d", sz[0], sz[1])
			o := env.options()
			if colour {
				name += "_colour"
				o.Display = colourDisplay()
			}
			t.Run(name, func(t *testing.T) {
				s := newSession(t, o, sz[0], sz[1])
				s.screen("Level")
				before := len(env.srv.Requests())
				// Views open through a command: wait for each before typing into it.
				s.keys("F")
				s.screen("Search every")
				s.typeText("grade:gold rarity<5")
				s.golden("search", "matches")
				s.typeText(" grad:x")
				s.golden("search_error", "no such")
				s.keys("esc", "E")
				s.golden("recent", "newest first")
				s.keys("#")
				s.golden("platinums", "sorted by date")
				s.keys("s")
				s.golden("platinums_by_rarity", "sorted by rarity")
				s.keys("I")
				s.golden("stats", "Trophies per month")
				s.keys("G")
				s.golden("stats_end", "Destroyer") // the last of the ten rarest: Returnal's hand-written 1.3%
				s.keys("n")
				s.screen("Next to hunt ·")
				s.keys("/")
				s.typeText("platform:ps5 rarity<10")
				s.keys("enter")
				s.golden("hunt_query", "rarity<10")
				if after := env.srv.Requests(); len(after) != before {
					for _, r := range after[before:] {
						t.Errorf("request sent: %s %s", r.Method, r.Path)
					}
				}
				s.quit()
			})
		}
	}
}
