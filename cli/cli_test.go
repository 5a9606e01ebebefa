package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// harness runs the command line exactly as the binary does (cli.Run), against a psntest server on
// loopback, with XDG directories in a temporary folder.
type harness struct {
	t   *testing.T
	srv *psntest.Server
	dir string
	env map[string]string
}

func newHarness(t *testing.T, o psntest.Options) *harness {
	t.Helper()
	srv := psntest.NewServer(o)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	return &harness{t: t, srv: srv, dir: dir, env: map[string]string{
		"PSN_API_URL":     srv.APIBase(),
		"PSN_AUTH_URL":    srv.AuthBase(),
		"PSN_PROFILE_URL": srv.ProfileBase(),
		"PSN_RATE_LIMIT":  "off",
		"PSN_LANG":        "en-US",
		"XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_STATE_HOME":  filepath.Join(dir, "state"),
		"XDG_CACHE_HOME":  filepath.Join(dir, "cache"),
		"HOME":            filepath.Join(dir, "home"),
	}}
}

type result struct {
	stdout, stderr string
	code           int
}

func (h *harness) run(stdin string, args ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{
		Stdin:      strings.NewReader(stdin),
		Stdout:     &out,
		Stderr:     &errb,
		Getenv:     func(k string) string { return h.env[k] },
		IsTerminal: func(any) bool { return false },
	})
	return result{out.String(), errb.String(), code}
}

func (h *harness) login() {
	h.t.Helper()
	if r := h.run(psntest.DemoNPSSO+"\n", "login"); r.code != 0 {
		h.t.Fatalf("login: exit %d, stderr %q", r.code, r.stderr)
	}
	h.srv.ResetLog()
}

func (h *harness) credentialsFile() string {
	return filepath.Join(h.dir, "state", "psn-client", "credentials.json")
}

// paths of the requests the fake server saw, in order.
func (h *harness) requestPaths() []string {
	var out []string
	for _, r := range h.srv.Requests() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func TestLoginFromStdinStoresPrivateCredentials(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	r := h.run(psntest.DemoNPSSO+"\n", "login")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := "Logged in as " + psntest.DemoOnlineID + " (account ID " + psntest.DemoAccountID + ")\n"
	if r.stdout != want {
		t.Errorf("stdout %q, want %q", r.stdout, want)
	}
	st, err := os.Stat(h.credentialsFile())
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("credentials.json mode %v, want 0600", st.Mode().Perm())
	}
	dst, _ := os.Stat(filepath.Dir(h.credentialsFile()))
	if dst.Mode().Perm() != 0o700 {
		t.Errorf("state dir mode %v, want 0700", dst.Mode().Perm())
	}
	b, _ := os.ReadFile(h.credentialsFile())
	if bytes.Contains(b, []byte(psntest.DemoNPSSO)) {
		t.Error("credentials.json holds the NPSSO; only tokens may be stored")
	}
	paths := strings.Join(h.requestPaths(), "\n")
	for _, p := range []string{"GET /api/authz/v3/oauth/authorize", "POST /api/authz/v3/oauth/token", "/profiles"} {
		if !strings.Contains(paths, p) {
			t.Errorf("request log lacks %q:\n%s", p, paths)
		}
	}
}

func TestLoginFromEnvironmentAndThenTitles(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.env["PSN_NPSSO"] = psntest.DemoNPSSO
	if r := h.run("", "login"); r.code != 0 || !strings.Contains(r.stdout, psntest.DemoOnlineID) {
		t.Fatalf("login via PSN_NPSSO: exit %d, out %q, err %q", r.code, r.stdout, r.stderr)
	}
	r := h.run("", "titles")
	if r.code != 0 {
		t.Fatalf("titles: exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "ASTRO’s PLAYROOM") || !strings.HasPrefix(r.stdout, "NPCOMMID") {
		t.Errorf("titles table lacks the header or ASTRO’s PLAYROOM:\n%.600s", r.stdout)
	}
}

func TestBadNPSSOSaysWhereToGetAFreshOne(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	r := h.run("not-a-valid-npsso\n", "login")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1", r.code)
	}
	if strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("error is not one line: %q", r.stderr)
	}
	for _, w := range []string{"invalid or expired", "ssocookie"} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr %q lacks %q", r.stderr, w)
		}
	}
	if strings.Contains(r.stderr, "not-a-valid-npsso") {
		t.Error("the NPSSO leaked into the error")
	}
	if _, err := os.Stat(h.credentialsFile()); !os.IsNotExist(err) {
		t.Error("a failed login wrote credentials")
	}
}

func TestExpiredAccessTokenIsRefreshedSilently(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	// Age the stored access token: the next command must refresh it and carry on.
	b, err := os.ReadFile(h.credentialsFile())
	if err != nil {
		t.Fatal(err)
	}
	var creds map[string]any
	if err := json.Unmarshal(b, &creds); err != nil {
		t.Fatal(err)
	}
	before := findString(creds, "accessToken")
	setField(creds, "accessExpiresAt", time.Now().Add(-time.Hour).UTC().Format(time.RFC3339))
	b, _ = json.Marshal(creds)
	if err := os.WriteFile(h.credentialsFile(), b, 0o600); err != nil {
		t.Fatal(err)
	}
	r := h.run("", "summary")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("summary: exit %d, stderr %q", r.code, r.stderr)
	}
	if !strings.Contains(strings.Join(h.requestPaths(), "\n"), "POST /api/authz/v3/oauth/token") {
		t.Error("no token refresh was sent")
	}
	b, _ = os.ReadFile(h.credentialsFile())
	creds = nil
	json.Unmarshal(b, &creds)
	if after := findString(creds, "accessToken"); after == before || after == "" {
		t.Error("credentials.json was not updated with the refreshed token")
	}
}

func TestUserByNameByIDPrivateAndUnknown(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()

	byName := h.run("", "titles", "--user", psntest.FriendOnlineID, "--json")
	if byName.code != 0 {
		t.Fatalf("--user name: exit %d: %s", byName.code, byName.stderr)
	}
	if !strings.Contains(strings.Join(h.requestPaths(), "\n"), "/profile2") {
		t.Error("an online ID was not looked up through profile2")
	}
	h.srv.ResetLog()
	byID := h.run("", "titles", "--user", psntest.FriendAccountID, "--json")
	if byID.code != 0 {
		t.Fatalf("--user id: exit %d: %s", byID.code, byID.stderr)
	}
	for _, p := range h.requestPaths() {
		if strings.Contains(p, "profile") {
			t.Errorf("a numeric account ID was looked up: %s", p)
		}
	}
	var a, b []jsonTitle
	if err := json.Unmarshal([]byte(byName.stdout), &a); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(byID.stdout), &b)
	if len(a) == 0 || len(a) != len(b) {
		t.Errorf("friend by name has %d titles, by id %d", len(a), len(b))
	}

	priv := h.run("", "titles", "--user", psntest.PrivateOnlineID)
	if priv.code != 1 || priv.stderr != "psn-client: "+psntest.PrivateOnlineID+"'s trophies are private\n" {
		t.Errorf("private: exit %d, stderr %q", priv.code, priv.stderr)
	}
	unknown := h.run("", "summary", "--user", "NoSuchPlayer123")
	if unknown.code != 1 || unknown.stderr != "psn-client: no PSN user named NoSuchPlayer123\n" {
		t.Errorf("unknown: exit %d, stderr %q", unknown.code, unknown.stderr)
	}
}

func TestTitlesJSONDecodesBack(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	r := h.run("", "titles", "--json")
	var titles []jsonTitle
	if err := json.Unmarshal([]byte(r.stdout), &titles); err != nil {
		t.Fatalf("titles --json does not decode: %v", err)
	}
	var astro *jsonTitle
	for i := range titles {
		if titles[i].NPCommunicationID == "NPWR20188_00" {
			astro = &titles[i]
		}
	}
	if astro == nil {
		t.Fatalf("ASTRO's PLAYROOM missing from %d titles", len(titles))
	}
	if astro.Name != "ASTRO’s PLAYROOM" || astro.Platform != "PS5" || astro.Defined.Bronze == 0 || astro.LastUpdated == nil {
		t.Errorf("ASTRO decoded as %+v", *astro)
	}
	if len(titles) < 150 {
		t.Errorf("%d titles, want the whole demo list", len(titles))
	}
}

func TestTrophiesHidesHiddenUnlessRevealed(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	title, hidden := findHiddenUnearned(t, h)
	r := h.run("", "trophies", title, "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var trophies []jsonTrophy
	if err := json.Unmarshal([]byte(r.stdout), &trophies); err != nil {
		t.Fatal(err)
	}
	for _, tr := range trophies {
		if tr.TrophyID == hidden.TrophyID && tr.Name != "" {
			t.Errorf("hidden unearned trophy %d shows its name %q without --reveal", tr.TrophyID, tr.Name)
		}
		if tr.Group == "" {
			t.Errorf("trophy %d has no group name", tr.TrophyID)
		}
	}
	table := h.run("", "trophies", title)
	if !strings.Contains(table.stdout, hiddenName) {
		t.Errorf("table lacks %q", hiddenName)
	}
	revealed := h.run("", "trophies", title, "--reveal", "--json")
	trophies = nil
	json.Unmarshal([]byte(revealed.stdout), &trophies)
	for _, tr := range trophies {
		if tr.TrophyID == hidden.TrophyID && tr.Name == "" {
			t.Errorf("--reveal still hides trophy %d", tr.TrophyID)
		}
	}
}

// findHiddenUnearned returns a title of the demo account with a hidden trophy not yet earned.
func findHiddenUnearned(t *testing.T, h *harness) (string, jsonTrophy) {
	t.Helper()
	if r := h.run("", "sync"); r.code != 0 {
		t.Fatalf("sync: %s", r.stderr)
	}
	r := h.run("", "export", "--format", "json")
	var all []jsonTrophy
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil {
		t.Fatalf("export json: %v", err)
	}
	for _, tr := range all {
		if tr.Hidden && !tr.Earned {
			return tr.NPCommunicationID, tr
		}
	}
	t.Fatal("the demo account has no hidden unearned trophy")
	return "", jsonTrophy{}
}

func TestSyncThenSecondSyncSendsOnlyTitleLists(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	r := h.run("", "sync")
	if r.code != 0 {
		t.Fatalf("sync: exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "titles") || !strings.Contains(r.stderr, "requests sent") {
		t.Errorf("non-TTY progress lines missing:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, "\r") || strings.Contains(r.stderr, "\x1b[") {
		t.Error("non-TTY progress contains terminal control sequences")
	}
	if !strings.Contains(r.stdout, "titles checked") {
		t.Errorf("no summary line: %q", r.stdout)
	}
	h.srv.ResetLog()
	r = h.run("", "sync")
	if r.code != 0 {
		t.Fatalf("second sync: %s", r.stderr)
	}
	for _, p := range h.requestPaths() {
		if !strings.HasSuffix(p, "/trophyTitles") {
			t.Errorf("second sync with nothing changed sent %s", p)
		}
	}
	if len(h.requestPaths()) != 1 {
		t.Errorf("second sync sent %d requests, want 1 (one title-list page)", len(h.requestPaths()))
	}
	if !strings.Contains(r.stdout, ", 0 fetched, 1 request sent") {
		t.Errorf("second sync summary %q", r.stdout)
	}
}

func TestExportCSVAfterSyncParsesBack(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	empty := h.run("", "export", "--format", "csv")
	if empty.code != 1 || !strings.Contains(empty.stderr, "run \"psn-client sync\" first") {
		t.Errorf("export before sync: exit %d, stderr %q", empty.code, empty.stderr)
	}
	h.run("", "sync")
	h.srv.ResetLog()
	out := filepath.Join(h.dir, "trophies.csv")
	r := h.run("", "export", "--format", "csv", "-o", out)
	if r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("export sent %d requests; it must read only the cache", n)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if strings.Join(rows[0], ",") != strings.Join(csvHeader, ",") {
		t.Errorf("header %v", rows[0])
	}
	var sawAstroPlatinum bool
	for _, row := range rows[1:] {
		if len(row) != len(csvHeader) {
			t.Fatalf("row with %d fields: %v", len(row), row)
		}
		if row[0] == "NPWR20188_00" && row[5] == "0" {
			sawAstroPlatinum = row[6] == "You've Only Done Everything" && row[7] == "platinum" && row[9] == "true" &&
				row[10] == "2020-11-20T23:53:13Z" && row[11] == "8.0" && row[12] == "very rare" &&
				row[2] == "PS5" && row[4] != "" && row[15] != "" && strings.HasPrefix(row[16], "http")
		}
	}
	if !sawAstroPlatinum {
		t.Error("ASTRO's platinum is missing or wrong in the CSV")
	}
	if len(rows) < 1000 {
		t.Errorf("only %d trophies exported", len(rows)-1)
	}
}

func TestNextIsEasiestFirst(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	if r := h.run("", "next"); r.code != 1 || !strings.Contains(r.stderr, "sync") {
		t.Errorf("next before sync: exit %d, %q", r.code, r.stderr)
	}
	h.run("", "sync")
	r := h.run("", "next", "--json", "--limit", "25")
	var items []jsonTrophy
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil {
		t.Fatal(err)
	}
	if len(items) != 25 {
		t.Fatalf("%d items, want 25", len(items))
	}
	for i, it := range items {
		if it.Earned {
			t.Errorf("item %d is earned", i)
		}
		if i > 0 && ease(it) > ease(items[i-1])+0.01 {
			t.Errorf("item %d (%.1f%%) after %.1f%%: not easiest first", i, ease(it), ease(items[i-1]))
		}
	}
}

// ease is next's order: the earned rate, or the share done of a started PS5 progress trophy when
// that is higher.
func ease(j jsonTrophy) float64 {
	e := *j.EarnedRate
	if j.Progress != nil && j.ProgressTarget != nil && *j.Progress > 0 && *j.Progress < *j.ProgressTarget {
		e = max(e, float64(*j.Progress)*100/float64(*j.ProgressTarget))
	}
	return e
}

func TestDemoTouchesNoXDGDirectory(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	tmp := filepath.Join(h.dir, "tmp")
	os.Mkdir(tmp, 0o700)
	t.Setenv("TMPDIR", tmp)
	for _, args := range [][]string{{"titles", "--demo"}, {"summary", "--demo"}, {"sync", "--demo"}, {"next", "--demo", "--limit", "3"},
		{"search", "--demo", "astro"}, {"recent", "--demo"}, {"stats", "--demo"}, {"--demo"}} {
		if r := h.run("", args...); r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	for _, d := range []string{"config", "state", "cache"} {
		if _, err := os.Stat(filepath.Join(h.dir, d)); !os.IsNotExist(err) {
			t.Errorf("--demo created $XDG_%s_HOME", strings.ToUpper(d))
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("--demo left %d temporary files", len(left))
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Errorf("--demo sent %d requests to PSN_API_URL", n)
	}
}

func TestBareCommandOffTerminalPrintsTitles(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	r := h.run("")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "NPCOMMID") {
		t.Errorf("bare run: exit %d, stdout %.200q", r.code, r.stdout)
	}
}

func TestNotLoggedInAndLogoutIsIdempotent(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	r := h.run("", "titles")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "psn-client: not logged in") || len(h.srv.Requests()) != 0 {
		t.Errorf("not logged in: exit %d, %q", r.code, r.stderr)
	}
	h.login()
	if r := h.run("", "logout"); r.code != 0 || !strings.Contains(r.stdout, "Logged out") {
		t.Errorf("logout: %d %q", r.code, r.stdout)
	}
	if _, err := os.Stat(h.credentialsFile()); !os.IsNotExist(err) {
		t.Error("credentials.json survived logout")
	}
	if r := h.run("", "logout"); r.code != 0 || !strings.Contains(r.stdout, "Not logged in") {
		t.Errorf("second logout: %d %q", r.code, r.stdout)
	}
}

func TestUsageErrorsExitTwoWithUsage(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	for _, args := range [][]string{{"trophies"}, {"titles", "--bogus"}, {"nosuchcommand"}, {"export", "--format", "xml"}, {"titles", "extra"}} {
		r := h.run("", args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, "Usage:") {
			t.Errorf("%v: no usage printed: %q", args, r.stderr)
		}
	}
	h.env["PSN_RATE_LIMIT"] = "lots"
	if r := h.run("", "titles", "--demo"); r.code != 2 || !strings.Contains(r.stderr, "PSN_RATE_LIMIT") {
		t.Errorf("bad PSN_RATE_LIMIT: exit %d, %q", r.code, r.stderr)
	}
}

func TestVersionHelpAndCompletion(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	if r := h.run("", "--version"); r.code != 0 || r.stdout != "psn-client "+Version+"\n" {
		t.Errorf("--version: %d %q", r.code, r.stdout)
	}
	r := h.run("", "--help")
	for _, cmd := range []string{"login", "logout", "titles", "trophies", "summary", "sync", "export", "next", "completion"} {
		if !strings.Contains(r.stdout, "  "+cmd) {
			t.Errorf("--help does not list %s", cmd)
		}
	}
	if r := h.run("", "completion", "bash"); r.code != 0 || !strings.Contains(r.stdout, "psn-client") {
		t.Errorf("completion bash: %d", r.code)
	}
}

func TestNoSecretInAnyOutput(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.env["PSN_NPSSO"] = psntest.DemoNPSSO
	var all strings.Builder
	for _, args := range [][]string{{"login"}, {"titles"}, {"summary", "--json"}, {"sync"}, {"next"}, {"titles", "--user", psntest.PrivateOnlineID}} {
		r := h.run("", args...)
		all.WriteString(r.stdout + r.stderr)
	}
	b, _ := os.ReadFile(h.credentialsFile())
	var tok psnapi.Token
	json.Unmarshal(b, &tok)
	secrets := map[string]string{"npsso": psntest.DemoNPSSO, "access token": tok.AccessToken, "refresh token": tok.RefreshToken}
	for name, s := range secrets {
		if s == "" {
			t.Fatalf("no %s to look for in credentials.json", name)
		}
		if strings.Contains(all.String(), s) {
			t.Errorf("the %s appears in the output", name)
		}
	}
}

func findString(m map[string]any, key string) string {
	if v, ok := m[key].(string); ok {
		return v
	}
	for _, v := range m {
		if sub, ok := v.(map[string]any); ok {
			if s := findString(sub, key); s != "" {
				return s
			}
		}
	}
	return ""
}

func setField(m map[string]any, key string, val any) bool {
	if _, ok := m[key]; ok {
		m[key] = val
		return true
	}
	for _, v := range m {
		if sub, ok := v.(map[string]any); ok && setField(sub, key, val) {
			return true
		}
	}
	return false
}

func TestPlayerCommandLine(t *testing.T) {
	cases := map[string][]string{
		`mpv`:                                  {"mpv"},
		`mpv --title "Game Help" --fs`:         {"mpv", "--title", "Game Help", "--fs"},
		`'/opt/my player/vlc' --play-and-exit`: {"/opt/my player/vlc", "--play-and-exit"},
		`iina\ cli  -w`:                        {"iina cli", "-w"},
		`echo ""`:                              {"echo", ""},
	}
	for in, want := range cases {
		got, err := splitCommandLine(in)
		if err != nil || strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("splitCommandLine(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := splitCommandLine(`mpv "unterminated`); err == nil {
		t.Error("an unterminated quote was accepted")
	}
	env := Env{Getenv: func(k string) string {
		if k == "PSN_PLAYER" {
			return `stub-player --flag`
		}
		return ""
	}}
	if got, err := playerCommand(env, store.Config{Player: "vlc"}); err != nil || strings.Join(got, " ") != "stub-player --flag" {
		t.Errorf("PSN_PLAYER not preferred over config: %q, %v", got, err)
	}
	env.Getenv = func(string) string { return "" }
	if got, err := playerCommand(env, store.Config{Player: "vlc --fs"}); err != nil || strings.Join(got, " ") != "vlc --fs" {
		t.Errorf("config player not used: %q, %v", got, err)
	}
}

// Issue 14 #17: a PSN_PLAYER with an unterminated quote said "no video player found" (or silently
// started another player). Opening a video now says what is wrong with which setting.
func TestBrokenPlayerSettingIsNamed(t *testing.T) {
	for _, c := range []struct {
		env, cfg, want string
	}{
		{`mpv --title "Game Help`, "vlc", "PSN_PLAYER: unterminated quote"},
		{"", `mpv 'x`, "player in config.json: unterminated quote"},
	} {
		env := Env{Getenv: func(k string) string {
			if k == "PSN_PLAYER" {
				return c.env
			}
			return ""
		}}
		d := detectDisplay(env, store.Config{Player: c.cfg})
		if d.Player != nil || d.PlayerErr == nil || !strings.Contains(d.PlayerErr.Error(), c.want) {
			t.Errorf("PSN_PLAYER %q, player %q: %q, %v; want no player and an error saying %q", c.env, c.cfg, d.Player, d.PlayerErr, c.want)
		}
	}
}

func TestRepairedCacheIsNotedInOneLine(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	if r := h.run("", "titles"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	lists, _ := filepath.Glob(filepath.Join(h.dir, "cache", "psn-client", "v1", "accounts", "*", "titles-*.bin"))
	if len(lists) != 1 {
		t.Fatalf("want one cached title list, found %v", lists)
	}
	if err := os.WriteFile(lists[0], []byte("not a cache file"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := h.run("", "trophies", "NPWR20188_00")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stderr, "psn-client: note: cache file ") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("want one note line about the discarded file, got %q", r.stderr)
	}
	if !strings.Contains(r.stdout, "ASTRO’s PLAYROOM") {
		t.Errorf("the title was not refetched after the corrupt list was discarded:\n%s", r.stdout)
	}
}

func TestLanguageFromConfigUnlessPSNLang(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	cfgDir := filepath.Join(h.dir, "config", "psn-client")
	os.MkdirAll(cfgDir, 0o755)
	if err := os.WriteFile(filepath.Join(cfgDir, "config.json"), []byte(`{"language":"de-DE"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	lastLang := func() string {
		reqs := h.srv.Requests()
		return reqs[len(reqs)-1].Header.Get("Accept-Language")
	}
	delete(h.env, "PSN_LANG")
	h.env["LANG"] = "fr_FR.UTF-8"
	if r := h.run("", "summary"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if got := lastLang(); got != "de-DE" {
		t.Errorf("config language not used over LANG: Accept-Language %q", got)
	}
	h.env["PSN_LANG"] = "en-GB"
	h.run("", "summary", "--refresh") // the summary cached a moment ago is fresh: ask PSN again
	if got := lastLang(); got != "en-GB" {
		t.Errorf("PSN_LANG does not win over config: Accept-Language %q", got)
	}
}
