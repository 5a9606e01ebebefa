package store

import (
	"encoding/json"
	"strings"
	"testing"
)

// Pictures are on unless config says "pictures": false; the kitty protocol only when asked; both
// round-trip and neither default is written out.
func TestConfigPicturesAndKitty(t *testing.T) {
	var c Config
	if err := json.Unmarshal([]byte(`{"theme":"dark"}`), &c); err != nil || !c.Pictures() || c.Kitty {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	if err := json.Unmarshal([]byte(`{"pictures": false, "kitty": true}`), &c); err != nil || c.Pictures() || !c.Kitty {
		t.Fatalf("set: %+v %v", c, err)
	}
	b, _ := json.Marshal(c)
	if !strings.Contains(string(b), `"pictures":false`) || !strings.Contains(string(b), `"kitty":true`) {
		t.Fatalf("written: %s", b)
	}
	b, _ = json.Marshal(Config{})
	if strings.Contains(string(b), "pictures") || strings.Contains(string(b), "kitty") {
		t.Fatalf("defaults written out: %s", b)
	}
	if err := json.Unmarshal([]byte(`{"pictures": "no"}`), &c); err == nil {
		t.Fatal("a string pictures was accepted")
	}
}
