package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/psnclient/psn-client/psnapi"
)

// notingLib is a fakeLib whose store leaves one note, handed out once, as *store.Library does.
type notingLib struct {
	*fakeLib
	notes []string
}

func (n *notingLib) Notes() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := n.notes
	n.notes = nil
	return out
}

// Issue 14 #1 in the browser: a hostile title name in the list and in the title's header, and a
// hostile store note in the status bar, reach the screen cleaned (the same cleaner as the CLI's).
func TestHostileStringsInTheBrowserAreCleaned(t *testing.T) {
	const hostile = "OSC52 \x1b]52;c;cm0gLXJmIH4vKgo=\a clip \u202Eevil\u2066\x0b\x0c\u009b2J"
	f := newFakeLib(3)
	f.titles[0].TrophyTitleName = hostile
	f.titles[0].TrophyTitlePlatform = "PS5," + hostile
	f.trophies[f.titles[0].NPCommunicationID] = demoTrophies(f.titles[0])
	lib := &notingLib{fakeLib: f, notes: []string{"cache file v1/" + hostile + " was unreadable"}}
	m := start(t, newTestModel(lib, 100, 20))
	screens := map[string]string{"titles": m.View()}
	press(t, m, "enter")
	screens["title"] = m.View()
	for name, screen := range screens {
		for i, r := range screen {
			if r != '\n' && unsafeRune(r) {
				t.Errorf("%s screen: %U at byte %d: …%q…", name, r, i, screen[max(0, i-30):min(len(screen), i+30)])
				break
			}
		}
	}
	if !strings.Contains(screens["titles"], "OSC52 clip evil") {
		t.Errorf("titles screen lacks the cleaned name:\n%s", screens["titles"])
	}
	if !strings.Contains(screens["titles"], "cache file v1/OSC52 clip") {
		t.Errorf("the status bar lacks the cleaned note:\n%s", screens["titles"])
	}
	if first, _, _ := strings.Cut(screens["title"], "\n"); !strings.Contains(first, "OSC52 clip evil") {
		t.Errorf("the title's header %q lacks the cleaned name", first)
	}
}

// hostileTipsLib is a fakeLib whose Game Help tips carry a hostile name and description.
type hostileTipsLib struct {
	*fakeLib
	s string
}

func (h *hostileTipsLib) Tips(ctx context.Context, npCommID string, req psnapi.TipRequest) (psnapi.Tips, error) {
	tips, err := h.fakeLib.Tips(ctx, npCommID, req)
	for i := range tips.Trophies {
		for j := range tips.Trophies[i].Groups {
			for k := range tips.Trophies[i].Groups[j].TipContents {
				tc := &tips.Trophies[i].Groups[j].TipContents[k]
				tc.DisplayName, tc.Description = "Tip "+h.s, "First line "+h.s+"\nsecond line"
			}
		}
	}
	return tips, err
}

// Game Help's Markdown goes through the same rule (its line breaks kept): no escape sequence, C1 or
// bidi control reaches the screen.
func TestHostileGameHelpIsCleaned(t *testing.T) {
	lib := &hostileTipsLib{fakeLib: newFakeLib(10), s: "\x1b]52;c;eA==\aclip \u202Eevil\u2066 \u009b2J"}
	m := start(t, newTestModel(lib, 100, 30))
	openTitle(t, m, titles(m), "NPWR00002_00") // a PS5 title
	press(t, m, "j", "t")
	screen := m.View()
	for i, r := range screen {
		if r != '\n' && unsafeRune(r) {
			t.Fatalf("Game Help: %U at byte %d: …%q…", r, i, screen[max(0, i-30):min(len(screen), i+30)])
		}
	}
	if !strings.Contains(screen, "clip evil") || !strings.Contains(screen, "second line") {
		t.Errorf("Game Help lacks the cleaned tip:\n%s", screen)
	}
}
