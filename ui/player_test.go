//go:build unix

package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// mediaLib is a fakeLib whose Game Help video address is whatever the test says Sony sent.
type mediaLib struct {
	*fakeLib
	url string
}

func (m *mediaLib) FreshMediaURL(context.Context, string, psnapi.TipRequest, string) (string, error) {
	return m.url, nil
}

// Issue 14 #2: a Game Help mediaUrl of "--script=evil.lua" reached the player as an option. Only
// http(s) URLs reach the player, and mpv gets them after "--".
func TestVideoURLIsCheckedAndPassedAfterDoubleDash(t *testing.T) {
	dir := t.TempDir()
	got := filepath.Join(dir, "args")
	player := filepath.Join(dir, "mpv") // a stub named like the real one, which honours "--"
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + got + ".tmp' && mv '" + got + ".tmp' '" + got + "'\n"
	if err := os.WriteFile(player, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		url  string
		want []string // the player's arguments; nil: it must not run
	}{
		{"--script=evil.lua", nil},
		{"-fs", nil},
		{"file:///etc/passwd", nil},
		{"javascript:alert(1)", nil},
		{"https://video.example/a b.m3u8", nil},
		{"https://user:pw@video.example/v.m3u8", nil},
		{"https:///no-host", nil},
		{"https://video.example/\x1b]52;c;eA==\a.m3u8", nil},
		{"https://video.example/v.m3u8?token=fresh", []string{"--", "https://video.example/v.m3u8?token=fresh"}},
		{"http://127.0.0.1:8080/media/v.m3u8", []string{"--", "http://127.0.0.1:8080/media/v.m3u8"}},
	} {
		os.Remove(got)
		lib := &mediaLib{fakeLib: newFakeLib(10), url: c.url}
		m := start(t, newTestModel(lib, 100, 30))
		m.c.Display.Player = []string{player}
		openTitle(t, m, titles(m), "NPWR00002_00") // PS5 and PC: PS4 sets have no Game Help
		press(t, m, "j", "t")
		if _, ok := m.top().(*gameHelpView); !ok {
			t.Fatalf("t opened %T", m.top())
		}
		press(t, m, "o")
		view := m.View()
		if c.want == nil {
			if !strings.Contains(view, "not a web link") {
				t.Errorf("%q: no refusal in the status bar:\n%s", c.url, view)
			}
			time.Sleep(50 * time.Millisecond) // a stub started by mistake would have written by now
			if b, err := os.ReadFile(got); err == nil {
				t.Errorf("%q reached the player as %q", c.url, b)
			}
			continue
		}
		if !strings.Contains(view, "opened in mpv") {
			t.Errorf("%q: not opened:\n%s", c.url, view)
		}
		var b []byte
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			var err error
			if b, err = os.ReadFile(got); err == nil || time.Now().After(deadline) {
				break
			}
		}
		if args := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"); !slices.Equal(args, c.want) {
			t.Errorf("%q: the player got %q, want %q", c.url, args, c.want)
		}
	}
}

func TestOnlyPlayersThatHonourDoubleDashGetIt(t *testing.T) {
	for program, want := range map[string]bool{"/usr/bin/mpv": true, "vlc": true, `C:\VLC\VLC.EXE`: true,
		"/usr/bin/xdg-open": false, "open": false, "/opt/stub player.sh": false} {
		args, err := playerArgs([]string{program, "--fs"}, "https://v.example/x")
		if err != nil {
			t.Fatal(err)
		}
		if has := slices.Contains(args, "--"); has != want || args[len(args)-1] != "https://v.example/x" || args[1] != "--fs" {
			t.Errorf("%s: %q", program, args)
		}
	}
}

// A player setting that could not be read is named when a video is opened, instead of "no video
// player found".
func TestPlayerSettingErrorIsShown(t *testing.T) {
	m := start(t, newTestModel(newFakeLib(10), 100, 30))
	m.c.Display.Player, m.c.Display.PlayerErr = nil, errors.New("PSN_PLAYER: unterminated quote")
	openTitle(t, m, titles(m), "NPWR00002_00") // PS5 and PC: PS4 sets have no Game Help
	press(t, m, "j", "t", "o")
	if view := m.View(); !strings.Contains(view, "PSN_PLAYER: unterminated quote") || strings.Contains(view, "no video player found") {
		t.Errorf("the status bar does not name the broken setting:\n%s", view)
	}
}
