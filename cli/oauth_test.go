package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// rotated plays a Sony that retired the app's OAuth client (as it did in December 2022).
var rotated = psntest.Options{ClientID: "11111111-2222-3333-4444-555555555555", ClientSecret: "n3wS3cret",
	RedirectURI: "com.example.psn://cb", Scope: "psn:mobile.v3.core psn:clientapp"}

// Issue 14 #18: the OAuth client values come from PSN_CLIENT_ID, PSN_CLIENT_SECRET, PSN_REDIRECT_URI
// and PSN_SCOPE, else from config.json; without them a rotated Sony refuses the login.
func TestOAuthClientFromEnvironmentAndConfig(t *testing.T) {
	h := newHarness(t, rotated)
	if r := h.run(psntest.DemoNPSSO+"\n", "login"); r.code == 0 {
		t.Fatalf("login with the retired client succeeded: %q", r.stdout)
	}

	h.env["PSN_CLIENT_ID"], h.env["PSN_CLIENT_SECRET"] = rotated.ClientID, rotated.ClientSecret
	h.env["PSN_REDIRECT_URI"], h.env["PSN_SCOPE"] = rotated.RedirectURI, rotated.Scope
	if r := h.run(psntest.DemoNPSSO+"\n", "login"); r.code != 0 {
		t.Fatalf("login with PSN_CLIENT_ID…: exit %d, %s", r.code, r.stderr)
	}

	h = newHarness(t, rotated)
	cfgDir := filepath.Join(h.dir, "config", "psn-client")
	if err := os.MkdirAll(cfgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := `{"clientId":"` + rotated.ClientID + `","clientSecret":"` + rotated.ClientSecret +
		`","redirectUri":"` + rotated.RedirectURI + `","scope":"` + rotated.Scope + `","theme":"dark"}`
	if err := os.WriteFile(filepath.Join(cfgDir, "config.json"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := h.run(psntest.DemoNPSSO+"\n", "login"); r.code != 0 {
		t.Fatalf("login with config.json's clientId…: exit %d, %s", r.code, r.stderr)
	}
	// The environment comes first: a wrong PSN_CLIENT_ID beats a right config.json.
	h.env["PSN_CLIENT_ID"] = "0badc11e-0000-0000-0000-000000000000"
	if r := h.run(psntest.DemoNPSSO+"\n", "login"); r.code == 0 {
		t.Fatal("PSN_CLIENT_ID did not override config.json")
	}
}
