package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/psnclient/psn-client/assets"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Hostile names Sony could send: terminal escapes (colour, title, clear screen, OSC 8 links), C1
// controls (U+009B is a one-rune CSI), bells, NULs, carriage returns, bidi overrides, and sizes.
var (
	escapeName = "\x1b[31mRED\x1b[0m \x1b]0;pwned\x07\x1b[2J\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \u009b31m C1\x00NUL\rCR\a\tTab\n"
	hugeName   = strings.Repeat("Ｗ\x1b[1m", 2000) + strings.Repeat("x", 10000)
	bidiName   = "\u202eevil\u202c \u200b\ufeff \x7f del"
)

// hostileWorld gives three titles and some of their trophies and groups hostile names, and
// returns the titles' ids.
func hostileWorld(h *harness) (ids []string) {
	h.srv.World(func(w *assets.World) {
		names := []string{escapeName, hugeName, ""}
		for i, t := range w.Titles[:3] {
			t.Name = names[i]
			if t.Lang != nil {
				for _, l := range t.Lang {
					l.Name = names[i]
				}
			}
			for _, g := range t.Groups {
				g.Name = escapeName
			}
			trs := t.Trophies()
			trs[0].Name, trs[0].Detail = escapeName, hugeName
			if len(trs) > 1 {
				trs[1].Name, trs[1].Detail = "", escapeName
			}
			if len(trs) > 2 {
				trs[2].Name, trs[2].Detail = hugeName, bidiName
			}
			ids = append(ids, t.NPCommunicationID)
		}
	})
	return ids
}

// checkTerminalSafe fails when text meant for a terminal holds a control character other than
// newline: C0 bytes, DEL and C1 runes.
func checkTerminalSafe(t *testing.T, what, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Errorf("%s: invalid UTF-8", what)
	}
	for i, r := range text {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			t.Errorf("%s: control character %U at byte %d: …%q…", what, r, i, text[max(0, i-40):min(len(text), i+40)])
			return
		}
	}
}

func TestHostileNamesNeverReachTheTerminalRaw(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 30})
	h.login()
	ids := hostileWorld(h)

	titles := h.run("", "titles")
	if titles.code != 0 {
		t.Fatalf("titles: exit %d: %s", titles.code, titles.stderr)
	}
	checkTerminalSafe(t, "titles", titles.stdout+titles.stderr)
	for _, line := range strings.Split(titles.stdout, "\n") {
		if len([]rune(line)) > 200 {
			t.Errorf("titles: a %d-rune line: the huge name was not cut", len([]rune(line)))
		}
	}
	if !strings.Contains(titles.stdout, "RED") || !strings.Contains(titles.stdout, ids[2]) {
		t.Error("titles: the hostile titles are missing instead of shown cleaned")
	}

	// JSON keeps Sony's raw names, escaped.
	tj := h.run("", "titles", "--json")
	checkTerminalSafe(t, "titles --json", tj.stdout)
	var list []jsonTitle
	if err := json.Unmarshal([]byte(tj.stdout), &list); err != nil {
		t.Fatal(err)
	}
	raw := map[string]string{}
	for _, ti := range list {
		raw[ti.NPCommunicationID] = ti.Name
	}
	if raw[ids[0]] != escapeName || raw[ids[1]] != hugeName || raw[ids[2]] != "" {
		t.Errorf("titles --json changed the raw names: %.60q / %d bytes / %q", raw[ids[0]], len(raw[ids[1]]), raw[ids[2]])
	}

	for _, id := range ids {
		for _, args := range [][]string{{"trophies", id}, {"trophies", id, "--reveal"}} {
			r := h.run("", args...)
			if r.code != 0 {
				t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
			}
			checkTerminalSafe(t, strings.Join(args, " "), r.stdout+r.stderr)
		}
		r := h.run("", "trophies", id, "--json", "--reveal")
		checkTerminalSafe(t, "trophies --json", r.stdout)
		var trs []jsonTrophy
		if err := json.Unmarshal([]byte(r.stdout), &trs); err != nil {
			t.Fatalf("trophies %s --json: %v", id, err)
		}
		if len(trs) == 0 || trs[0].Name != escapeName {
			t.Errorf("trophies %s --json: first name %.60q, want the raw escape-laden one", id, trs[0].Name)
		}
	}

	if r := h.run("", "sync"); r.code != 0 {
		t.Fatalf("sync: %s", r.stderr)
	} else {
		checkTerminalSafe(t, "sync", r.stdout+r.stderr)
	}
	next := h.run("", "next", "--limit", "500")
	checkTerminalSafe(t, "next", next.stdout+next.stderr)

	ej := h.run("", "export", "--format", "json")
	checkTerminalSafe(t, "export json", ej.stdout)
	var all []jsonTrophy
	if err := json.Unmarshal([]byte(ej.stdout), &all); err != nil {
		t.Fatalf("export json: %v", err)
	}
	found := 0
	for _, tr := range all {
		if tr.Name == escapeName || tr.Name == hugeName {
			found++
		}
	}
	if found < 6 {
		t.Errorf("export json keeps %d raw hostile names, want 6", found)
	}

	ec := h.run("", "export", "--format", "csv")
	if ec.code != 0 {
		t.Fatalf("export csv: %s", ec.stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(ec.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("export csv does not parse: %v", err)
	}
	for _, row := range rows {
		for _, cell := range row {
			for _, r := range cell {
				if r == 0x1b || r == 0x9b || r == 0x07 || r == 0 {
					t.Fatalf("export csv: a cell carries %U to the terminal: %.60q", r, cell)
				}
			}
		}
	}
}

// Damaged files are recovered from silently (or with one line saying what happened), never with a
// panic or a multi-line error.
func TestCorruptFilesThroughTheCLI(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 20})
	h.login()
	if r := h.run("", "sync"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	credentials, _ := os.ReadFile(h.credentialsFile())
	var cacheFiles []string
	filepath.WalkDir(filepath.Join(h.dir, "cache"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			cacheFiles = append(cacheFiles, p)
		}
		return nil
	})
	if len(cacheFiles) < 10 {
		t.Fatalf("only %d cache files after a sync", len(cacheFiles))
	}
	garbage := [][]byte{nil, []byte("\x00\xff garbage \x1b[2J"), []byte(`{"player": 5, "accessToken": [1]}`), bytes.Repeat([]byte("PSNC"), 5000)}
	commands := [][]string{{"titles"}, {"summary"}, {"next", "--limit", "3"}, {"export", "--format", "csv"}, {"trophies", "NPWR20188_00"}}

	check := func(what string, r result) {
		t.Helper()
		if r.code != 0 && r.code != 1 {
			t.Errorf("%s: exit %d", what, r.code)
		}
		checkTerminalSafe(t, what, r.stderr)
		for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
			if len(line) > 300 {
				t.Errorf("%s: a %d-byte error line", what, len(line))
			}
		}
		if r.code == 1 && strings.Count(strings.TrimSpace(r.stderr), "\n") > 1 {
			t.Errorf("%s: error of several lines: %q", what, r.stderr)
		}
	}
	for gi, g := range garbage {
		// config.json: defaults, the command works.
		cfg := filepath.Join(h.dir, "config", "psn-client", "config.json")
		os.MkdirAll(filepath.Dir(cfg), 0o700)
		os.WriteFile(cfg, g, 0o600)
		r := h.run("", "titles")
		check("corrupt config", r)
		if r.code != 0 {
			t.Errorf("corrupt config #%d: exit %d: %s", gi, r.code, r.stderr)
		}
		os.Remove(cfg)

		// requests.log: the window restarts, the command works.
		rl := filepath.Join(h.dir, "state", "psn-client", "requests.log")
		os.WriteFile(rl, g, 0o600)
		r = h.run("", "summary")
		check("corrupt requests.log", r)
		if r.code != 0 {
			t.Errorf("corrupt requests.log #%d: exit %d: %s", gi, r.code, r.stderr)
		}

		// Every cache file damaged at once: commands recover (refetch or say to sync).
		for _, f := range cacheFiles {
			os.WriteFile(f, g, 0o600)
		}
		for _, args := range commands {
			check("corrupt cache: "+strings.Join(args, " "), h.run("", args...))
		}
		if r := h.run("", "sync"); r.code != 0 {
			t.Errorf("sync over a damaged cache #%d: exit %d: %s", gi, r.code, r.stderr)
		}

		// credentials.json: not logged in, said in one line.
		os.WriteFile(h.credentialsFile(), g, 0o600)
		r = h.run("", "titles")
		check("corrupt credentials", r)
		if r.code != 1 || !strings.Contains(r.stderr, "login") {
			t.Errorf("corrupt credentials #%d: exit %d, stderr %q", gi, r.code, r.stderr)
		}
		os.WriteFile(h.credentialsFile(), credentials, 0o600)
	}
}

// An expired refresh token, whether the client knows it (the stored expiry) or only Sony does
// (invalid_grant), ends the command with one line telling the user to log in again.
func TestExpiredRefreshTokenSaysLogInAgain(t *testing.T) {
	var offset atomic.Int64
	h := newHarness(t, psntest.Options{Titles: 20, Now: func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }})
	h.login()
	offset.Store(int64(90 * 24 * time.Hour)) // Sony's clock: both tokens long expired
	r := h.run("", "titles")
	if r.code != 1 || r.stderr != "psn-client: your PSN login has expired: log in again with \"psn-client login\"\n" {
		t.Errorf("refresh refused by Sony: exit %d, stderr %q", r.code, r.stderr)
	}
	refused := false
	for _, q := range h.srv.Requests() {
		if strings.HasSuffix(q.Path, "/oauth/token") && q.Status == 400 {
			refused = true
		}
	}
	if !refused {
		t.Error("the client never tried the refresh Sony refused")
	}

	// The stored expiry says so: no request at all.
	h.srv.ResetLog()
	b, _ := os.ReadFile(h.credentialsFile())
	var creds map[string]any
	if err := json.Unmarshal(b, &creds); err != nil {
		t.Fatalf("credentials.json after the refused refresh: %v", err)
	}
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	if !setField(creds, "accessExpiresAt", past) || !setField(creds, "refreshExpiresAt", past) {
		t.Fatalf("credentials.json lacks the expiry fields: %v", creds)
	}
	b, _ = json.Marshal(creds)
	os.WriteFile(h.credentialsFile(), b, 0o600)
	r = h.run("", "summary")
	if r.code != 1 || !strings.Contains(r.stderr, "log in again") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("refresh token expired on record: exit %d, stderr %q", r.code, r.stderr)
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("%d requests sent with a refresh token known to be expired", n)
	}
}

// Errors that repeat what was typed show control characters escaped, on one line.
func TestControlCharactersInArgumentsAreShownEscaped(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 20})
	h.login()
	for _, args := range [][]string{
		{"trophies", "\x1b[2Jevil\u009b"},
		{"titles", "--user", "\x1b]0;x\a"},
		{"summary", "--user", "123\x1b[2J"},
		{"titles", "--bogus\x1b[2J"},
		{"trophies", "two\nlines"},
	} {
		r := h.run("", args...)
		if r.code == 0 {
			t.Errorf("%q: exit 0", args)
		}
		checkTerminalSafe(t, strings.Join(args, " "), r.stdout+r.stderr)
		if first, _, _ := strings.Cut(r.stderr, "\n"); !strings.Contains(first, `\x1b`) && !strings.Contains(first, `two\nlines`) {
			t.Errorf("%q: the error does not show what was typed: %q", args, first)
		}
	}
}
