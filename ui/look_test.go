package ui

import (
	"os"
	"testing"
)

// TestLook prints every screen at a few sizes for reading by eye: UI_LOOK=1 go test ./ui -run TestLook -v
func TestLook(t *testing.T) {
	if os.Getenv("UI_LOOK") == "" {
		t.Skip("set UI_LOOK=1 to print screens")
	}
	for _, sz := range [][2]int{{100, 30}, {80, 24}, {40, 10}} {
		m := start(t, newTestModel(newFakeLib(150), sz[0], sz[1]))
		show := func(name string) {
			t.Logf("=== %s %dx%d\n%s", name, sz[0], sz[1], m.View())
		}
		show("titles")
		press(t, m, "enter")
		show("groups")
		press(t, m, "enter")
		show("trophies")
		press(t, m, "j", "j", "enter")
		show("detail")
		press(t, m, "esc", "esc", "esc", "/")
		typeText(t, m, "pokemon")
		show("filter")
		press(t, m, "?")
		show("help")
	}
}
