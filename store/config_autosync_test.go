package store

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// autoSync is on unless config.json says "autoSync": false, and saving keeps what the file said.
func TestConfigAutoSync(t *testing.T) {
	p := testPaths(t)
	l := openTest(t, p, Options{})
	if !l.Config().AutoSync() {
		t.Fatal("autoSync is off by default")
	}
	os.MkdirAll(p.Config, 0o755)
	if err := os.WriteFile(p.ConfigFile(), []byte(`{"autoSync": false, "theme": "dark"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c := l.ReloadConfig()
	if c.AutoSync() || c.Theme != "dark" {
		t.Fatalf("config %+v", c)
	}
	if err := l.SaveConfig(c); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p.ConfigFile())
	if !strings.Contains(string(b), `"autoSync": false`) {
		t.Fatalf("saved %s", b)
	}
	c.NoAutoSync = false
	b, _ = json.Marshal(c)
	if strings.Contains(string(b), "autoSync") {
		t.Fatalf("the default is written out: %s", b)
	}
	var back Config
	if err := json.Unmarshal([]byte(`{"autoSync": "yes"}`), &back); err == nil {
		t.Fatal("a string autoSync was accepted")
	}
}

// bell and notify are off by default, read from config.json and written back only when on.
func TestConfigBellNotify(t *testing.T) {
	p := testPaths(t)
	l := openTest(t, p, Options{})
	if c := l.Config(); c.Bell || c.Notify {
		t.Fatalf("on by default: %+v", c)
	}
	os.MkdirAll(p.Config, 0o755)
	if err := os.WriteFile(p.ConfigFile(), []byte(`{"bell": true, "notify": true, "theme": "dark"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c := l.ReloadConfig()
	if !c.Bell || !c.Notify || c.Extra != nil {
		t.Fatalf("config %+v", c)
	}
	c.Notify = false
	if err := l.SaveConfig(c); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p.ConfigFile())
	if !strings.Contains(string(b), `"bell": true`) || strings.Contains(string(b), "notify") {
		t.Fatalf("saved %s", b)
	}
	var back Config
	if err := json.Unmarshal([]byte(`{"bell": "yes"}`), &back); err == nil {
		t.Fatal("a string bell was accepted")
	}
}
