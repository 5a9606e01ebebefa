package store

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 14 #7: a config with one syntax error held player, language, theme and a user's own key; the
// next setting the TUI saved replaced it with {"compareUser":"TrophyFriend"}. It must stay byte for
// byte, the note must say where the error is, and nothing is saved until it is fixed; once fixed,
// the next save keeps everything it holds.
func TestConfigWithASyntaxErrorIsNeverOverwritten(t *testing.T) {
	p := testPaths(t)
	os.MkdirAll(p.Config, 0o755)
	broken := "{\n  \"player\": \"mpv --fs\",\n  \"language\": \"de-DE\",\n  \"theme\": \"dark\"\n  \"myKey\": 1\n}\n"
	os.WriteFile(p.ConfigFile(), []byte(broken), 0o644)
	l := openTest(t, p, Options{})
	notes := l.Notes()
	if len(notes) != 1 || !strings.Contains(notes[0], p.ConfigFile()) || !strings.Contains(notes[0], "line 5, column 3") {
		t.Fatalf("notes %q: want one naming the file and the line and column of the error", notes)
	}
	c := l.Config()
	c.CompareUser = "TrophyFriend"
	err := l.SaveConfig(c)
	if err == nil || !strings.Contains(err.Error(), "not saved") || !strings.Contains(err.Error(), "line 5") {
		t.Fatalf("SaveConfig over an invalid config: %v, want a refusal that says why", err)
	}
	if b, _ := os.ReadFile(p.ConfigFile()); string(b) != broken {
		t.Fatalf("the invalid config was overwritten:\n%s", b)
	}
	if n := l.Notes(); len(n) != 1 || !strings.Contains(n[0], "not saved") {
		t.Fatalf("the refusal left no note for the TUI's status bar: %q", n)
	}

	// The user fixes the file; the same Library's next save keeps what it holds.
	os.WriteFile(p.ConfigFile(), []byte(strings.Replace(broken, `"dark"`, `"dark",`, 1)), 0o644)
	if err := l.SaveConfig(c); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	b, _ := os.ReadFile(p.ConfigFile())
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["player"] != "mpv --fs" || m["language"] != "de-DE" || m["theme"] != "dark" || m["myKey"] != 1.0 || m["compareUser"] != "TrophyFriend" {
		t.Fatalf("the save after the fix lost keys: %s", b)
	}
}

// Two processes: one saves the theme, the other (started before) then saves the compare user. The
// second save keeps the first one's theme.
func TestSaveConfigKeepsWhatAnotherProcessSaved(t *testing.T) {
	p := testPaths(t)
	a, b := openTest(t, p, Options{}), openTest(t, p, Options{})
	ca := a.Config()
	ca.Theme = "light"
	ca.NoAutoSync = true
	ca.Extra = map[string]json.RawMessage{"mine": json.RawMessage(`true`)}
	if err := a.SaveConfig(ca); err != nil {
		t.Fatal(err)
	}
	cb := b.Config()
	cb.CompareUser = "TrophyFriend"
	if err := b.SaveConfig(cb); err != nil {
		t.Fatal(err)
	}
	got := openTest(t, p, Options{}).Config()
	if got.Theme != "light" || got.AutoSync() || got.CompareUser != "TrophyFriend" || string(got.Extra["mine"]) != "true" {
		t.Fatalf("config after both saves: %+v", got)
	}
	// A key the caller removes (or sets back to its default) is removed.
	cb = b.Config()
	delete(cb.Extra, "mine")
	cb.Theme = ""
	cb.NoAutoSync = false
	if err := b.SaveConfig(cb); err != nil {
		t.Fatal(err)
	}
	if got := openTest(t, p, Options{}).Config(); got.Extra != nil || got.Theme != "" || !got.AutoSync() || got.CompareUser != "TrophyFriend" {
		t.Fatalf("config after removing keys: %+v", got)
	}
}

// A config.json symlinked from a dotfiles folder is saved where it points and stays a symlink.
func TestSaveConfigWritesThroughASymlink(t *testing.T) {
	p := testPaths(t)
	dotfiles := filepath.Join(t.TempDir(), "dotfiles", "psn.json")
	os.MkdirAll(filepath.Dir(dotfiles), 0o755)
	os.WriteFile(dotfiles, []byte(`{"player":"vlc"}`), 0o644)
	os.MkdirAll(p.Config, 0o755)
	if err := os.Symlink(dotfiles, p.ConfigFile()); err != nil {
		t.Skip(err)
	}
	l := openTest(t, p, Options{})
	c := l.Config()
	c.CompareUser = "TrophyFriend"
	if err := l.SaveConfig(c); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(p.ConfigFile()); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("config.json is no longer a symlink: %v %v", info, err)
	}
	b, _ := os.ReadFile(dotfiles)
	if !strings.Contains(string(b), `"vlc"`) || !strings.Contains(string(b), "TrophyFriend") {
		t.Fatalf("the symlink's target holds %s", b)
	}
}
