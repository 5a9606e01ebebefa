//go:build unix

package cli

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/ui"
)

// screenProbe asks the running TUI for its screen.
type screenProbe struct{ reply chan string }

// probedUI lets the test read the screen of the running program between keystrokes.
type probedUI struct{ *ui.Model }

func (p probedUI) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if sp, ok := msg.(screenProbe); ok {
		sp.reply <- p.Model.View()
		return p, nil
	}
	_, cmd := p.Model.Update(msg)
	return p, cmd
}

// TestVideoTipLaunchesThePlayer runs the TUI the way psn-client --demo does, with PSN_PLAYER set to
// a stub player (a shell script) resolved by cli's own player resolution, opens the video tip of
// ASTRO's PLAYROOM's "Gatcha Gotcha" and presses o. The script, started detached, writes the
// arguments it received to a file; the URL among them must be fetchable from the fake server: a
// 200 with the HLS playlist.
func TestVideoTipLaunchesThePlayer(t *testing.T) {
	dir := t.TempDir()
	got := filepath.Join(dir, "args.txt")
	script := filepath.Join(dir, "stub player.sh")
	body := "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + got + ".tmp' && mv '" + got + ".tmp' '" + got + "'\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	env := Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string {
		switch k {
		case "PSN_PLAYER":
			return "'" + script + "' --stub-flag"
		case "NO_COLOR":
			return "1"
		case "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME":
			return filepath.Join(dir, k)
		}
		return ""
	}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := openSession(ctx, env, &globalFlags{demo: true}, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	display := detectDisplay(env, s.lib.Config())
	if len(display.Player) != 2 || display.Player[0] != script || display.Player[1] != "--stub-flag" {
		t.Fatalf("player resolved to %q", display.Player)
	}
	m := ui.New(ui.Options{Lib: s.lib, Account: "me", AccountName: "FakeHunter", Display: display, Rate: s.api.Rate, Context: ctx})
	defer m.Close()
	tm := teatest.NewTestModel(t, probedUI{m}, teatest.WithInitialTermSize(100, 30))
	screen := func(want string) string {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		last := ""
		for time.Now().Before(deadline) {
			reply := make(chan string, 1)
			tm.Send(screenProbe{reply: reply})
			select {
			case last = <-reply:
			case <-time.After(5 * time.Second):
				t.Fatal("the program does not answer")
			}
			if strings.Contains(last, want) {
				return last
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("the screen never showed %q; last screen:\n%s", want, last)
		return ""
	}
	keys := func(ks ...string) {
		for _, k := range ks {
			switch k {
			case "enter":
				tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
			default:
				tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
			}
		}
	}
	screen("300 titles") // the list is in: keys typed before would find nothing to open
	keys("/", "astro", "enter", "enter")
	screen("Base game")
	keys("enter")
	screen("Gatcha Gotcha")
	// Gatcha Gotcha (trophy 18) is in the base game; the rows follow the set's order.
	list, ok, err := s.lib.CachedTitles("me")
	if err != nil || !ok {
		t.Fatalf("no cached title list: %v", err)
	}
	var astro psnapi.TrophyTitle
	for _, ti := range list.Titles {
		if ti.NPCommunicationID == "NPWR20188_00" {
			astro = ti
		}
	}
	tt, ok, err := s.lib.CachedTitleTrophies("me", astro)
	if err != nil || !ok {
		t.Fatalf("ASTRO's PLAYROOM not cached: %v", err)
	}
	n := 0
	for _, tr := range tt.Trophies {
		if tr.TrophyGroupID != "default" && tr.TrophyGroupID != "" {
			continue
		}
		if tr.TrophyID == 18 {
			break
		}
		n++
	}
	keys(strings.Repeat("j", n), "t")
	screen("Video tip 1")
	keys("o")
	screen("opened in stub player.sh")

	// The player runs detached: wait for what it wrote, with a deadline.
	var args []byte
	deadline := time.Now().Add(10 * time.Second)
	for {
		if args, err = os.ReadFile(got); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the stub player never wrote %s: %v", got, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	argv := strings.Split(strings.TrimSpace(string(args)), "\n")
	if len(argv) != 2 || argv[0] != "--stub-flag" {
		t.Fatalf("the player got %q", argv)
	}
	url := argv[1]
	if !strings.HasPrefix(url, s.demo.URL+"/media/") {
		t.Fatalf("the player got %q, not a video of the fake server", url)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	playlist, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(playlist), "#EXTM3U") {
		t.Fatalf("GET %s: %d %q", url, resp.StatusCode, playlist)
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}
