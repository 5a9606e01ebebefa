package store

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/adrg/xdg"
	"github.com/psnclient/psn-client/psnapi"
)

func testPaths(t testing.TB) Paths {
	t.Helper()
	d := t.TempDir()
	return Paths{Config: filepath.Join(d, "config", AppName), State: filepath.Join(d, "state", AppName), Cache: filepath.Join(d, "cache", AppName)}
}

func openTest(t testing.TB, p Paths, o Options) *Library {
	t.Helper()
	l, err := Open(p, o)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestDefaultPathsFollowXDG(t *testing.T) {
	d := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(d, "c"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(d, "s"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(d, "k"))
	xdg.Reload()
	defer xdg.Reload()
	p := DefaultPaths()
	want := Paths{Config: filepath.Join(d, "c", AppName), State: filepath.Join(d, "s", AppName), Cache: filepath.Join(d, "k", AppName)}
	if p != want {
		t.Fatalf("DefaultPaths = %+v, want %+v", p, want)
	}
}

func TestConfigMissingIsDefaultsAndUnknownKeysRoundTrip(t *testing.T) {
	p := testPaths(t)
	l := openTest(t, p, Options{})
	if c := l.Config(); c.Player != "" || c.Reveal || c.Extra != nil {
		t.Fatalf("missing config should be defaults, got %+v", c)
	}
	if err := os.MkdirAll(p.Config, 0o755); err != nil {
		t.Fatal(err)
	}
	in := `{"player":"mpv","theme":"dark","reveal":true,"futureKey":{"a":[1,2]},"zz":"x"}`
	if err := os.WriteFile(p.ConfigFile(), []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	c := l.ReloadConfig()
	if c.Player != "mpv" || c.Theme != "dark" || !c.Reveal || string(c.Extra["futureKey"]) != `{"a":[1,2]}` {
		t.Fatalf("config read wrong: %+v", c)
	}
	c.CompareUser = "Friend_1"
	c.Reveal = false
	if err := l.SaveConfig(c); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p.ConfigFile())
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("saved config is not JSON: %v\n%s", err, b)
	}
	if m["compareUser"] != "Friend_1" || m["zz"] != "x" || m["futureKey"] == nil || m["reveal"] != nil {
		t.Fatalf("saved config lost keys: %s", b)
	}
	again := openTest(t, p, Options{}).Config()
	if again.CompareUser != "Friend_1" || string(again.Extra["zz"]) != `"x"` {
		t.Fatalf("config did not round-trip: %+v", again)
	}
}

func TestCorruptConfigIsDefaultsWithNote(t *testing.T) {
	p := testPaths(t)
	os.MkdirAll(p.Config, 0o755)
	os.WriteFile(p.ConfigFile(), []byte(`{"player": "mpv",`), 0o644)
	l := openTest(t, p, Options{})
	if l.Config().Player != "" {
		t.Fatal("corrupt config should give defaults")
	}
	notes := l.Notes()
	if len(notes) != 1 || !strings.Contains(notes[0], "config.json") {
		t.Fatalf("want a note about config.json, got %q", notes)
	}
	if len(l.Notes()) != 0 {
		t.Fatal("notes should be handed out once")
	}
}

func TestCredentialsPermissionsAndLogout(t *testing.T) {
	p := testPaths(t)
	// A state directory that exists with loose permissions is tightened.
	if err := os.MkdirAll(p.State, 0o755); err != nil {
		t.Fatal(err)
	}
	l := openTest(t, p, Options{})
	ts := l.Credentials()
	if tok, err := ts.LoadToken(); err != nil || tok.AccessToken != "" {
		t.Fatalf("no credentials: want zero token, got %v, %v", tok, err)
	}
	exp := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tok := psnapi.Token{AccessToken: "acc-1", RefreshToken: "ref-1", AccessExpiresAt: exp, RefreshExpiresAt: exp.Add(time.Hour), Scope: "s"}
	if err := ts.SaveToken(tok); err != nil {
		t.Fatal(err)
	}
	if err := l.SetLoggedInAccount(Account{ID: "1234567890", OnlineID: "Me_Online"}); err != nil {
		t.Fatal(err)
	}
	// A refresh keeps the account.
	tok.AccessToken = "acc-2"
	if err := ts.SaveToken(tok); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p.CredentialsFile())
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("credentials.json mode %v, want 0600", st.Mode().Perm())
	}
	dst, _ := os.Stat(p.State)
	if dst.Mode().Perm() != 0o700 {
		t.Fatalf("state dir mode %v, want 0700", dst.Mode().Perm())
	}
	l2 := openTest(t, p, Options{})
	got, err := l2.Credentials().LoadToken()
	if err != nil || got.AccessToken != "acc-2" || got.RefreshToken != "ref-1" || !got.AccessExpiresAt.Equal(exp) {
		t.Fatalf("reloaded token %v, %v", got, err)
	}
	if a, ok := l2.LoggedIn(); !ok || a.ID != "1234567890" || a.OnlineID != "Me_Online" {
		t.Fatalf("LoggedIn = %+v %v", a, ok)
	}
	if k := l2.accountKey("me"); k != "1234567890" {
		t.Fatalf(`"me" maps to %q, want the numeric ID`, k)
	}
	entries, _ := os.ReadDir(p.State)
	for _, e := range entries {
		if e.Name() != "credentials.json" {
			t.Fatalf("unexpected file in state dir: %s", e.Name())
		}
	}
	if err := l2.Logout(); err != nil {
		t.Fatal(err)
	}
	if err := l2.Logout(); err != nil {
		t.Fatalf("second logout: %v", err)
	}
	if _, ok := l2.LoggedIn(); ok {
		t.Fatal("still logged in after logout")
	}
}

func TestCorruptCredentialsAreDiscarded(t *testing.T) {
	for _, content := range []string{`{"version":1,"accessToken":"a`, `{"version":99}`, "\x00\x01"} {
		p := testPaths(t)
		os.MkdirAll(p.State, 0o700)
		os.WriteFile(p.CredentialsFile(), []byte(content), 0o600)
		l := openTest(t, p, Options{})
		tok, err := l.Credentials().LoadToken()
		if err != nil || tok.AccessToken != "" {
			t.Fatalf("%q: want zero token and no error, got %v %v", content, tok, err)
		}
		if len(l.Notes()) == 0 {
			t.Fatalf("%q: want a note", content)
		}
		if _, err := os.Stat(p.CredentialsFile()); !os.IsNotExist(err) {
			t.Fatalf("%q: corrupt credentials should be removed", content)
		}
	}
}

func TestAtomicWriteSurvivesKilledWriter(t *testing.T) {
	p := testPaths(t)
	l := openTest(t, p, Options{})
	rec := &titlesRecord{Account: "me", FetchedAt: time.Unix(100, 0), Titles: []psnapi.TrophyTitle{{NPCommunicationID: "NPWR00001_00", TrophyTitleName: "Old"}}}
	if err := l.saveTitles("me", rec); err != nil {
		t.Fatal(err)
	}
	// A writer killed after writing half of its temp file: the temp file stays, the rename never happened.
	full, _ := encodeRecord(kindTitles, &titlesRecord{Titles: []psnapi.TrophyTitle{{NPCommunicationID: "NPWR00002_00", TrophyTitleName: "New"}}})
	path := l.titlesPath("me")
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-123"), full[:len(full)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	l2 := openTest(t, p, Options{})
	tl, ok, err := l2.CachedTitles("me")
	if err != nil || !ok || len(tl.Titles) != 1 || tl.Titles[0].TrophyTitleName != "Old" {
		t.Fatalf("old file should still be read: %+v %v %v", tl, ok, err)
	}
	if n := l2.Notes(); len(n) != 0 {
		t.Fatalf("no note expected, got %q", n)
	}
}

// Every kind of cache file, damaged in each way, is discarded with a note and reads as a miss.
func TestCorruptCacheFilesAreDiscarded(t *testing.T) {
	title := psnapi.TrophyTitle{NPCommunicationID: "NPWR00001_00", TrophySetVersion: "01.00"}
	type kindCase struct {
		name  string
		write func(l *Library) string
		read  func(l *Library) bool
	}
	kinds := []kindCase{
		{"titles", func(l *Library) string {
			l.saveTitles("me", &titlesRecord{Titles: []psnapi.TrophyTitle{title}})
			return l.titlesPath("me")
		}, func(l *Library) bool { _, ok, _ := l.CachedTitles("me"); return ok }},
		{"summary", func(l *Library) string {
			l.writeRecord(l.summaryPath("me"), kindSummary, summaryRecord{Summary: psnapi.TrophySummary{TrophyLevel: 5}})
			return l.summaryPath("me")
		}, func(l *Library) bool { _, ok, _ := l.CachedSummary("me"); return ok }},
		{"defs", func(l *Library) string {
			l.writeRecord(l.defsPath(title.NPCommunicationID), kindDefs, defsRecord{NPCommunicationID: title.NPCommunicationID, SetVersion: "01.00"})
			return l.defsPath(title.NPCommunicationID)
		}, func(l *Library) bool { _, ok, _ := l.CachedTitleTrophies("me", title); return ok }},
		{"earned", func(l *Library) string {
			l.writeRecord(l.earnedPath("me", title.NPCommunicationID), kindEarned, earnedRecord{NPCommunicationID: title.NPCommunicationID})
			return l.earnedPath("me", title.NPCommunicationID)
		}, func(l *Library) bool { return l.loadEarned("me", title.NPCommunicationID) != nil }},
		{"users", func(l *Library) string {
			l.writeRecord(l.usersPath(), kindUsers, usersRecord{Users: map[string]userEntry{"a": {AccountID: "1"}}})
			return l.usersPath()
		}, func(l *Library) bool { return len(l.loadUsers().Users) == 1 }},
		{"hints", func(l *Library) string {
			l.writeRecord(l.hintsPath("X"), kindHints, hintsRecord{})
			return l.hintsPath("X")
		}, func(l *Library) bool {
			var r hintsRecord
			ok, _ := l.readRecord(l.hintsPath("X"), kindHints, &r)
			return ok
		}},
	}
	damages := map[string]func([]byte) []byte{
		"truncated":     func(b []byte) []byte { return b[:len(b)-7] },
		"flipped byte":  func(b []byte) []byte { c := bytes.Clone(b); c[len(c)-3] ^= 0xff; return c },
		"old version":   func(b []byte) []byte { c := bytes.Clone(b); c[4] = 0; c[5] = 0; return c },
		"wrong kind":    func(b []byte) []byte { c := bytes.Clone(b); c[6] = 200; return c },
		"json":          func([]byte) []byte { return []byte(`{"titles": [}`) },
		"empty":         func([]byte) []byte { return nil },
		"bad gob, good": func(b []byte) []byte { return reframe(b[:headerLen], []byte("\x05garbage")) },
	}
	for _, k := range kinds {
		for dn, damage := range damages {
			t.Run(k.name+"/"+dn, func(t *testing.T) {
				l := openTest(t, testPaths(t), Options{})
				path := k.write(l)
				if !k.read(l) {
					t.Fatal("intact file should read")
				}
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(path, damage(b), 0o644)
				l.titleMem = map[string]titlesMem{}
				if k.read(l) {
					t.Fatal("damaged file was accepted")
				}
				if n := l.Notes(); len(n) != 1 || !strings.Contains(n[0], "discarded") {
					t.Fatalf("want one note, got %q", n)
				}
				if _, err := os.Stat(path); !os.IsNotExist(err) {
					t.Fatal("damaged file should be removed")
				}
			})
		}
	}
}

// reframe builds a container with a valid checksum around payload.
func reframe(header, payload []byte) []byte {
	out, _ := encodeRecordRaw(header[6], payload)
	return out
}

func FuzzDecodeRecord(f *testing.F) {
	good, _ := encodeRecord(kindDefs, defsRecord{NPCommunicationID: "NPWR1", Trophies: []psnapi.Trophy{{TrophyID: 1, TrophyName: "x"}}})
	f.Add(good)
	f.Add([]byte("PSNC"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		var d defsRecord
		_ = decodeRecord(b, kindDefs, &d)
		if len(b) > headerLen {
			raw, _ := encodeRecordRaw(kindDefs, b[headerLen:])
			_ = decodeRecord(raw, kindDefs, &d)
		}
	})
}

func TestRequestLogRestoresWindowAndCompacts(t *testing.T) {
	p := testPaths(t)
	now := time.Unix(1_700_000_000, 0)
	clock := func() time.Time { return now }
	l := openTest(t, p, Options{Now: clock, RateWindow: 15 * time.Minute})
	if h := l.RateHistory(); len(h.Sent) != 0 || !h.NextAvailable.IsZero() {
		t.Fatalf("empty log: %+v", h)
	}
	old := now.Add(-20 * time.Minute)
	for i := 0; i < 50; i++ {
		l.RecordSent(old.Add(time.Duration(i) * time.Second))
	}
	for i := 0; i < 10; i++ {
		l.RecordSent(now.Add(-time.Duration(i) * time.Minute))
	}
	l.RecordRateLimited(now.Add(30 * time.Second))
	before, _ := os.Stat(p.RequestLogFile())
	l2 := openTest(t, p, Options{Now: clock})
	h := l2.RateHistory()
	if len(h.Sent) != 10 || !h.NextAvailable.Equal(now.Add(30*time.Second)) {
		t.Fatalf("restored %d sends, next %v; want 10 and +30s", len(h.Sent), h.NextAvailable)
	}
	for i := 1; i < len(h.Sent); i++ {
		if h.Sent[i].Before(h.Sent[i-1]) {
			t.Fatal("history not sorted")
		}
	}
	after, _ := os.Stat(p.RequestLogFile())
	if after.Size() >= before.Size() {
		t.Fatalf("log not compacted: %d → %d bytes", before.Size(), after.Size())
	}
	if st, _ := os.Stat(p.RequestLogFile()); st.Mode().Perm() != 0o600 {
		t.Fatalf("requests.log mode %v", st.Mode().Perm())
	}
	// Garbage lines are skipped.
	f, _ := os.OpenFile(p.RequestLogFile(), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("garbage\ns notanumber\ns 12")
	f.Close()
	if h := l2.RateHistory(); len(h.Sent) != 10 {
		t.Fatalf("garbage changed the history: %d", len(h.Sent))
	}
}

func TestRequestLogBoundedAndSafeWithTwoWriters(t *testing.T) {
	p := testPaths(t)
	var mu sync.Mutex
	now := time.Unix(1_700_000_000, 0)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	a := openTest(t, p, Options{Now: clock, RateWindow: time.Minute})
	b := openTest(t, p, Options{Now: clock, RateWindow: time.Minute})
	var wg sync.WaitGroup
	const per = 4 * compactMin
	for _, l := range []*Library{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				mu.Lock()
				now = now.Add(10 * time.Millisecond)
				at := now
				mu.Unlock()
				l.RecordSent(at)
			}
		}()
	}
	wg.Wait()
	h := a.RateHistory()
	// Everything was sent within 2*per*10ms = 20s < window: nothing may be lost.
	if len(h.Sent) != 2*per {
		t.Fatalf("history has %d entries, want %d", len(h.Sent), 2*per)
	}
	// Move past the window and Sony's 15 minutes (the log keeps those for any budget): a compaction
	// drops everything.
	mu.Lock()
	now = now.Add(20 * time.Minute)
	mu.Unlock()
	if h := a.RateHistory(); len(h.Sent) != 0 {
		t.Fatalf("old entries kept: %d", len(h.Sent))
	}
	if st, _ := os.Stat(p.RequestLogFile()); st.Size() != 0 {
		t.Fatalf("compacted log should be empty, is %d bytes", st.Size())
	}
	if n := a.Notes(); len(n) != 0 {
		t.Fatal(n)
	}
}

func TestSafeName(t *testing.T) {
	seen := map[string]string{}
	for _, s := range []string{"NPWR20188_00", "../etc", "a/b", "", ".", "..", "x-41", "A", "me"} {
		n := safeName(s)
		if strings.ContainsAny(n, "/\\") || n == "." || n == ".." || n == "" {
			t.Fatalf("safeName(%q) = %q", s, n)
		}
		if o, ok := seen[n]; ok {
			t.Fatalf("%q and %q share %q", o, s, n)
		}
		seen[n] = s
	}
}

func TestSweepTempsRemovesOnlyOldOnes(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, ".titles-default.bin.tmp-1")
	fresh := filepath.Join(dir, ".titles-default.bin.tmp-2")
	keep := filepath.Join(dir, "titles-default.bin")
	for _, p := range []string{old, fresh, keep} {
		os.WriteFile(p, []byte("x"), 0o644)
	}
	long := time.Now().Add(-2 * staleTempAge)
	os.Chtimes(old, long, long)
	os.Chtimes(keep, long, long)
	sweepTemps(dir, filepath.Join(dir, "missing"))
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Fatal("old temp file kept")
	}
	for _, p := range []string{fresh, keep} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s removed", p)
		}
	}
}
