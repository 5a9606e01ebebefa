package ui

import (
	"strings"
	"testing"
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
