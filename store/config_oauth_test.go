package store

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// Issue 14 #18: config.json carries the OAuth client values (clientId, clientSecret, redirectUri,
// scope) as known keys, read and saved back unchanged.
func TestConfigOAuthClientKeys(t *testing.T) {
	p := testPaths(t)
	if err := os.MkdirAll(p.Config, 0o755); err != nil {
		t.Fatal(err)
	}
	in := `{"clientId":"id-1","clientSecret":"s3","redirectUri":"app://cb","scope":"a b","theme":"dark"}`
	if err := os.WriteFile(p.ConfigFile(), []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	l := openTest(t, p, Options{})
	c := l.Config()
	if c.ClientID != "id-1" || c.ClientSecret != "s3" || c.RedirectURI != "app://cb" || c.Scope != "a b" || len(c.Extra) != 0 {
		t.Fatalf("read %+v", c)
	}
	c.CompareUser = "TrophyFriend"
	if err := l.SaveConfig(c); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p.ConfigFile())
	for _, want := range []string{`"clientId": "id-1"`, `"clientSecret": "s3"`, `"redirectUri": "app://cb"`, `"scope": "a b"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("saved config lacks %s:\n%s", want, b)
		}
	}
	if again := openTest(t, p, Options{}).Config(); !reflect.DeepEqual(again, Config{ClientID: "id-1", ClientSecret: "s3",
		RedirectURI: "app://cb", Scope: "a b", Theme: "dark", CompareUser: "TrophyFriend"}) {
		t.Errorf("round trip: %+v", again)
	}
}
