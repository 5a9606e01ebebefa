package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// TestNoSecretLeavesTheProcess runs a whole session through the built binary (login via
// PSN_NPSSO, titles, trophies, summary, sync, export, next, a private user's titles, a refresh, an
// expired refresh token) and searches everything the program wrote (stdout, stderr and every file
// under the XDG and temporary directories except credentials.json) for the NPSSO and every access
// and refresh token it held.
func TestNoSecretLeavesTheProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	var offset atomic.Int64 // the fake server's clock runs ahead by this much
	now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	a := newApp(t, psntest.Options{Titles: 40, Now: now})

	var written strings.Builder
	secrets := map[string]string{"NPSSO": psntest.DemoNPSSO}
	known := map[string]bool{}
	collect := func(r result) {
		written.WriteString(r.stdout)
		written.WriteString(r.stderr)
		b, err := os.ReadFile(a.credentialsFile())
		if err != nil {
			return
		}
		var tok struct{ AccessToken, RefreshToken string }
		json.Unmarshal(b, &tok)
		if tok.AccessToken != "" && !known[tok.AccessToken] {
			known[tok.AccessToken] = true
			secrets["access token #"+strconv.Itoa(len(known))] = tok.AccessToken
		}
		if tok.RefreshToken != "" && !known[tok.RefreshToken] {
			known[tok.RefreshToken] = true
			secrets["refresh token #"+strconv.Itoa(len(known))] = tok.RefreshToken
		}
	}

	a.env["PSN_NPSSO"] = psntest.DemoNPSSO
	steps := [][]string{
		{"login"},
		{"titles"},
		{"titles", "--json"},
		{"trophies", "NPWR20188_00"},
		{"trophies", "NPWR20188_00", "--json", "--reveal"},
		{"summary", "--json"},
		{"sync"},
		{"export", "--format", "csv"},
		{"export", "--format", "json"},
		{"next", "--limit", "5"},
		{"titles", "--user", psntest.PrivateOnlineID},
		{"summary", "--user", "NoSuchPlayer123"},
	}
	for _, args := range steps {
		r := a.run("", args...)
		want := 0
		if len(args) > 2 && args[len(args)-2] == "--user" {
			want = 1
		}
		if r.code != want {
			t.Fatalf("%v: exit %d, want %d: %s", args, r.code, want, r.stderr)
		}
		collect(r)
	}
	// Two hours later the access token has expired: refreshed silently. (--refresh: the summary
	// cached a moment ago is fresh, and would be answered without a request.)
	offset.Store(int64(2 * time.Hour))
	r := a.run("", "summary", "--refresh")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("summary after the access token expired: exit %d, stderr %q", r.code, r.stderr)
	}
	collect(r)
	// Ninety days later the refresh token has expired too: a clear "log in again".
	offset.Store(int64(90 * 24 * time.Hour))
	r = a.run("", "titles", "--refresh")
	collect(r)
	if r.code != 1 || !strings.Contains(r.stderr, "log in again") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("expired refresh token: exit %d, stderr %q", r.code, r.stderr)
	}
	refreshes := 0
	for name := range secrets {
		if strings.HasPrefix(name, "access token") {
			refreshes++
		}
	}
	if refreshes < 2 {
		t.Fatalf("saw %d access tokens: the session never refreshed, the search proves less", refreshes)
	}

	files := 0
	err := filepath.Walk(a.dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || path == a.credentialsFile() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		written.WriteString("\x00" + path + "\x00")
		written.Write(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 5 {
		t.Fatalf("only %d files written: the search proves little", files)
	}
	all := written.String()
	for name, s := range secrets {
		if i := strings.Index(all, s); i >= 0 {
			t.Errorf("the %s appears in what the program wrote: …%.80q…", name, all[max(0, i-80):i])
		}
	}
	t.Logf("searched %d bytes (output + %d files) for %d secrets", len(all), files, len(secrets))
}
