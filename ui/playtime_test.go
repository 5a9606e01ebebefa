package ui

import (
	"context"
	"sort"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// TestPlayTimeDemo (issue 13 #4): with sync's play time cached, the title list shows each title's
// play time and play count as the fake server tells them; PS3, Vita and PC titles show none; s
// sorts by play time (most first) and S reverses it. Reading it costs no request.
func TestPlayTimeDemo(t *testing.T) {
	env := newDemoEnv(t)
	ctx := context.Background()
	if _, err := env.lib.RefreshSummary(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.lib.RefreshTitles(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	pt, _, err := env.lib.SyncPlayTime(ctx, "me")
	if err != nil || len(pt.ByTitle) == 0 {
		t.Fatalf("no play time to show: %v", err)
	}
	list, _, _ := env.lib.CachedTitles("me")
	before := len(env.srv.Requests())
	s := newSession(t, env.options(), 140, 30)
	s.screen("Play time")                        // the play time (it may come before the titles)…
	screen := s.screen("300 titles · sorted by") // …and the titles (then both are on screen)
	s.golden("titles", "300 titles · sorted by")
	checkPlayRows(t, screen, list.Titles, pt.ByTitle)
	if n := len(env.srv.Requests()) - before; n > 2 {
		t.Fatalf("showing the cached play time sent %d requests (the title list and summary are 2)", n)
	}
	for range int(sortPlayTime) {
		s.keys("s")
	}
	s.keys("g") // the cursor follows its title through a sort: to the top
	screen = s.screen("sorted by play time ↓")
	s.golden("by_play_time", "sorted by play time ↓")
	most := mostPlayed(list.Titles, pt.ByTitle)
	if rows := titleLines(screen); len(rows) == 0 || !strings.Contains(rows[0], clean(most.TrophyTitleName)) {
		t.Fatalf("the most played title %q is not first:\n%s", most.TrophyTitleName, screen)
	}
	s.keys("S", "G")
	screen = s.screen("sorted by play time ↑")
	if rows := titleLines(screen); len(rows) == 0 || !strings.Contains(rows[len(rows)-1], clean(most.TrophyTitleName)) {
		t.Fatalf("S did not reverse the play time order (the most played last):\n%s", screen)
	}
	s.quit()
}

// titleLines are the screen's table rows (between the column header and the rule above the footer).
func titleLines(screen string) []string {
	lines := strings.Split(screen, "\n")
	var out []string
	for i, l := range lines {
		if i < 3 || strings.HasPrefix(strings.TrimSpace(l), "─") {
			continue
		}
		if strings.Contains(l, " titles · sorted by") {
			break
		}
		out = append(out, l)
	}
	return out
}

// checkPlayRows checks every listed title on screen: its play time and count as the store has
// them, "–" for titles without any (and at least one such title is a PS3, Vita or PC one).
func checkPlayRows(t *testing.T, screen string, titles []psnapi.TrophyTitle, by map[string]store.PlayTime) {
	t.Helper()
	checked, none := 0, 0
	for _, line := range titleLines(screen) {
		fields := strings.Join(strings.Fields(line[strings.Index(line, "%")+1:]), " ")
		named, good := false, false
		for _, ti := range titles {
			name := clean(ti.TrophyTitleName)
			if !strings.HasPrefix(strings.TrimLeft(line, "▸ "), name+" ") {
				continue
			}
			named = true // titles may share a name (a PS4 and a PS5 version): one of them must match
			p, ok := by[ti.NPCommunicationID]
			switch {
			case !ok && strings.Contains(fields, "– –"):
				good = true
				if !strings.Contains(ti.TrophyTitlePlatform, "PS5") && !strings.Contains(ti.TrophyTitlePlatform, "PS4") {
					none++
				}
			case ok && strings.Contains(fields, playDuration(p.Duration)+" "+commas(p.Count)):
				good = true
			}
		}
		if named && !good {
			t.Fatalf("play time of %q does not match the store's", line)
		}
		if named {
			checked++
		}
	}
	if checked < 10 || none == 0 {
		t.Fatalf("checked %d rows, %d PS3/Vita/PC rows without play time:\n%s", checked, none, screen)
	}
}

func mostPlayed(titles []psnapi.TrophyTitle, by map[string]store.PlayTime) psnapi.TrophyTitle {
	ts := append([]psnapi.TrophyTitle(nil), titles...)
	sort.SliceStable(ts, func(i, j int) bool {
		return by[ts[i].NPCommunicationID].Duration > by[ts[j].NPCommunicationID].Duration
	})
	return ts[0]
}

// Play time goes first when the window narrows; the fake's PS3 title (and every one without play
// time) shows "–".
func TestPlayTimeColumnsDropFirst(t *testing.T) {
	lib := newFakeLib(30)
	lib.social.play = playOf(lib.titles)
	m := start(t, newTestModel(lib, 140, 30))
	out := m.View()
	if !strings.Contains(out, "Play time") || !strings.Contains(out, "Plays") || !strings.Contains(out, "Last played") {
		t.Fatalf("no play time columns at 140:\n%s", out)
	}
	m.Update(tea.WindowSizeMsg{Width: 90, Height: 30})
	out = m.View()
	if strings.Contains(out, "Play time") || strings.Contains(out, "Plays") || !strings.Contains(out, "Last played") {
		t.Fatalf("play time not dropped first at 90:\n%s", out)
	}
}
