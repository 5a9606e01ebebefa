package ui

import (
	"strings"
	"testing"

	"github.com/psnclient/psn-client/psnapi"
)

// TestDetailStepsThroughTheList (issue 14 #23): ←/→ and p/n step through the trophies in the order
// the list showed them (here rarest first); ← on the first trophy stays; esc lands on the trophy
// last shown. The help line says scroll, not move.
func TestDetailStepsThroughTheList(t *testing.T) {
	m, v := openAllTrophies(t, 100, 30)
	press(t, m, "s", "g") // rarity, from the top
	order := listedTrophies(v)
	press(t, m, "enter")
	shown := func() string {
		t.Helper()
		d, ok := m.top().(*detailView)
		if !ok {
			t.Fatalf("the detail is gone: %T", m.top())
		}
		return d.Crumb()
	}
	if shown() != order[0] {
		t.Fatalf("opened %q, want %q", shown(), order[0])
	}
	help := strings.Split(m.View(), "\n")[28]
	if !strings.Contains(help, "↑/↓ scroll") || !strings.Contains(help, "←/→ previous/next") {
		t.Fatalf("help line: %q", help)
	}
	for _, step := range []struct {
		key  string
		want int
	}{{"left", 0}, {"right", 1}, {"n", 2}, {"right", 3}, {"p", 2}, {"left", 1}} {
		press(t, m, step.key)
		if shown() != order[step.want] {
			t.Fatalf("%s: shows %q, want %q", step.key, shown(), order[step.want])
		}
	}
	press(t, m, "esc")
	if m.top() != v || v.trophy(v.list.selected()).name != order[1] {
		t.Fatalf("esc came back to %T on the wrong trophy", m.top())
	}
}

// TestWrapBreaksURLsAtSlashes (issue 14 #23): a URL longer than the line breaks after a '/' (after
// other URL punctuation when a segment is longer than the line), never mid-word; a word with no
// break point is still cut.
func TestWrapBreaksURLsAtSlashes(t *testing.T) {
	url := "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22859_00/1a5c64b2-8c91-4076-ce15-baac5c186575.png"
	for _, w := range []int{30, 40, 60, 98} {
		lines := wrap("Icon: "+url, w)
		if strings.Join(lines, "") != "Icon:"+url {
			t.Fatalf("%d: the URL changed: %q", w, lines)
		}
		for i, l := range lines {
			if width(l) > w {
				t.Fatalf("%d: line %q is too wide", w, l)
			}
			if i > 0 && i < len(lines)-1 && !strings.ContainsAny(l[len(l)-1:], "/?&=-_.") {
				t.Fatalf("%d: line %d ends mid-word: %q", w, i, l)
			}
			if w >= 60 && i > 0 && i < len(lines)-1 && !strings.HasSuffix(l, "/") {
				t.Fatalf("%d: line %d ends inside a path segment: %q", w, i, l)
			}
		}
		if last := lines[len(lines)-1]; w >= 60 && last != "1a5c64b2-8c91-4076-ce15-baac5c186575.png" {
			t.Fatalf("%d: the file name was cut: %q", w, lines)
		}
	}
	if got := wrap("abcdefghij", 4); strings.Join(got, "|") != "abcd|efgh|ij" {
		t.Fatalf("a word without break points: %q", got)
	}
}

// TestOwnLoadingIsNotZero (issue 14 #15, one account): definitions cached without my earned status
// (opened by another account before) show as loading in the groups, trophies and detail views.
func TestOwnLoadingIsNotZero(t *testing.T) {
	lib := newFakeLib(10)
	m := start(t, newTestModel(lib, 100, 30))
	title := lib.titles[0]               // two groups
	m.Update(openTitleMsg{title: title}) // its commands are not run: the network answer never comes
	gv := m.top().(*groupsView)
	tt := demoTrophies(title)
	for i := range tt.Trophies {
		tt.Trophies[i].Status = psnapi.EarnedTrophy{}
	}
	for i := range tt.Groups {
		tt.Groups[i].Earned, tt.Groups[i].Progress = psnapi.TrophyCounts{}, 0
	}
	tt.EarnedKnown = false
	m.Update(trophiesLoadedMsg{answer: answer{id: gv.load.pendCache, cached: true}, account: "me", npCommID: title.NPCommunicationID,
		found: true, data: buildTitleData(tt)})
	out := m.View()
	if r := rowOf(t, out, "Base game"); !strings.Contains(r, "…/1") || strings.Contains(r, "0/1") || strings.Contains(r, "0%") {
		t.Fatalf("base game with unknown earned status: %q", r)
	}
	press(t, m, "enter")
	out = m.View()
	if !strings.Contains(out, "5 trophies · … earned") {
		t.Fatalf("trophies heading:\n%s", out)
	}
	if r := rowOf(t, out, "Speed Runner"); !strings.Contains(r, " … ") || strings.ContainsAny(r, "✓·") {
		t.Fatalf("a trophy with unknown status: %q", r)
	}
	press(t, m, "j", "enter")
	if !strings.Contains(m.View(), "Earned: …") {
		t.Fatalf("detail:\n%s", m.View())
	}
}
