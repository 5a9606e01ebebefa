package cli

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/psnclient/psn-client/assets"
	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/ui"
)

// hostileStrings are what issue 14 #1 saw reach the terminal (an OSC 52 clipboard write in a
// platform, OSC 8, U+202E, VT, FF) and their relatives. Each keeps a visible word, which must survive
// the cleaning.
var hostileStrings = []struct{ name, s, word string }{
	{"OSC 52", "OSC52 \x1b]52;c;cm0gLXJmIH4vKgo=\a clip", "clip"},
	{"OSC 8", "\x1b]8;;http://evil.example/\x1b\\hyperlink\x1b]8;;\x1b\\", "hyperlink"},
	{"C1 CSI", "\u009b2Jcsione", "csione"},
	{"RLO", "rlo\u202Eevil\u202C", "rlo"},
	{"isolates", "\u2066lri\u2069\u2067rli\u2069\u2068fsi\u2069", "lrirlifsi"},
	{"VT FF", "vt\vff\fend", "vt ff end"},
	{"BEL NUL CR", "bel\a\x00nul\rcr", "belnul cr"},
	{"newline", "Rocketio 2\n", "Rocketio 2"},
}

// humanSafe fails when text meant for people holds a rune the one cleaner removes (newlines between
// lines aside): a control character, a bidi control, any format character but the ZWJ.
func humanSafe(t *testing.T, what, text string) {
	t.Helper()
	for i, r := range text {
		if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || isFormat(r)) {
			t.Errorf("%s: %U at byte %d: …%q…", what, r, i, text[max(0, i-40):min(len(text), i+40)])
			return
		}
	}
}

func isFormat(r rune) bool { return r == 0x200b || r == 0xfeff || isBidiControl(r) }

func isBidiControl(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// Issue 14 #1: every string from Sony reaches people through the one cleaner, on every path: the
// tables, the trophies header (where an OSC 52 platform came out raw), summary and login lines, the
// notes and errors on stderr, and every CSV cell; JSON keeps the raw value, escaped so no terminal
// acts on it.
func TestHostileStringsThroughEveryCommand(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 12})
	var online strings.Builder
	var ids []string
	h.srv.World(func(w *assets.World) {
		me := w.Account(psntest.DemoAccountID)
		var played []*assets.Title
		for _, title := range w.Titles {
			if me.Play(title.NPCommunicationID) != nil {
				played = append(played, title)
			}
		}
		for i, hs := range hostileStrings {
			title := played[i]
			title.Name, title.Platform = hs.s, "PS5,"+hs.s
			for _, l := range title.Lang {
				l.Name = hs.s
			}
			for _, g := range title.Groups {
				g.Name = hs.s
			}
			trs := title.Trophies()
			trs[0].Name, trs[0].Detail, trs[0].Hidden = hs.s, hs.s, false
			ids = append(ids, title.NPCommunicationID)
			online.WriteString(hs.s)
		}
		me.OnlineID = online.String()
	})
	if r := h.run(psntest.DemoNPSSO+"\n", "login"); r.code != 0 {
		t.Fatalf("login: exit %d: %s", r.code, r.stderr)
	} else {
		humanSafe(t, "login", r.stdout+r.stderr)
		if !strings.Contains(r.stdout, "Logged in as OSC52 clip") {
			t.Errorf("login: %q, want the online ID cleaned", r.stdout)
		}
	}
	if r := h.run("", "sync"); r.code != 0 {
		t.Fatalf("sync: %s", r.stderr)
	}

	for _, c := range []struct {
		args  []string
		words int // how many hostile strings' cleaned words the output must show at least
	}{
		{[]string{"titles"}, len(hostileStrings)},
		{[]string{}, len(hostileStrings)}, // the bare command off a terminal: the title list
		{[]string{"summary"}, 0},
		{[]string{"next", "--limit", "0", "--reveal"}, 1}, // complete titles have no row here
		{[]string{"sync"}, 0},
		{[]string{"trophies", "NPWR99999_99"}, 0}, // an error naming the account
	} {
		r := h.run("", c.args...)
		humanSafe(t, strings.Join(c.args, " "), r.stdout+r.stderr)
		shown := 0
		for _, hs := range hostileStrings {
			if strings.Contains(r.stdout, hs.word) {
				shown++
			}
		}
		if shown < c.words {
			t.Errorf("%v: the cleaned words of %d hostile strings shown, want %d:\n%s", c.args, shown, c.words, r.stdout)
		}
	}
	for i, hs := range hostileStrings {
		r := h.run("", "trophies", ids[i])
		humanSafe(t, "trophies "+hs.name, r.stdout+r.stderr)
		header, _, _ := strings.Cut(r.stdout, "\n")
		if want := ui.CleanLine(hs.s) + " · PS5 · " + ui.CleanLine(hs.s) + " · "; !strings.HasPrefix(header, want) {
			t.Errorf("trophies %s: header %q, want it to start %q", hs.name, header, want)
		}
		if strings.Count(r.stdout, hs.word) < 3 { // header, group, trophy
			t.Errorf("trophies %s: %q shown %d times, want at least 3:\n%s", hs.name, hs.word, strings.Count(r.stdout, hs.word), r.stdout)
		}
	}

	// CSV: every cell cleaned, none spanning lines, and the words kept.
	ec := h.run("", "export", "--format", "csv")
	humanSafe(t, "export csv", ec.stdout+ec.stderr)
	rows, err := csv.NewReader(strings.NewReader(ec.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("export csv: %v", err)
	}
	platforms := map[string]string{}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if strings.ContainsAny(cell, "\n\r") {
				t.Errorf("export csv: a cell spans lines: %q", cell)
			}
		}
		platforms[row[0]] = row[2]
	}
	for i, hs := range hostileStrings {
		if want := "PS5," + ui.CleanLine(hs.s); platforms[ids[i]] != want {
			t.Errorf("export csv: %s: platform %q, want %q", hs.name, platforms[ids[i]], want)
		}
	}

	// JSON: the raw values, decodable, with nothing a terminal acts on.
	for _, args := range [][]string{{"titles", "--json"}, {"export", "--format", "json"}, {"next", "--json", "--limit", "0"}, {"trophies", ids[0], "--json"}} {
		r := h.run("", args...)
		checkTerminalSafe(t, strings.Join(args, " "), r.stdout)
		for i, rr := range r.stdout {
			if isBidiControl(rr) {
				t.Errorf("%v: raw %U at byte %d", args, rr, i)
				break
			}
		}
		var v []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	var titles []jsonTitle
	json.Unmarshal([]byte(h.run("", "titles", "--json").stdout), &titles)
	raw := map[string]jsonTitle{}
	for _, ti := range titles {
		raw[ti.NPCommunicationID] = ti
	}
	for i, hs := range hostileStrings {
		if got := raw[ids[i]]; got.Name != hs.s || got.Platform != "PS5,"+hs.s {
			t.Errorf("titles --json: %s: name %q platform %q, want the raw values", hs.name, got.Name, got.Platform)
		}
	}
}

// Issue 14 #17: a 404 on a title list after a successful profile lookup said "no PSN user named X".
// The user exists: the error names them and says what PSN answered; an unknown name still says so.
func TestNotFoundAfterALookupIsNotAnUnknownUser(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 12})
	h.login()
	if r := h.run("", "summary", "--user", "TrophyFriend"); r.code != 0 { // looks the name up (and remembers it)
		t.Fatal(r.stderr)
	}
	h.srv.ResetLog()
	h.srv.FailNext(404, 1)
	r := h.run("", "titles", "--user", "TrophyFriend")
	if r.code != 1 || strings.Contains(r.stderr, "no PSN user") || !strings.Contains(r.stderr, "TrophyFriend: ") || !strings.Contains(r.stderr, "404") {
		t.Errorf("a 404 on the title list after the lookup: exit %d, %q", r.code, r.stderr)
	}
	if reqs := h.srv.Requests(); len(reqs) != 1 || !strings.HasSuffix(reqs[0].Path, "/trophyTitles") || reqs[0].Status != 404 {
		t.Fatalf("want only the title list, answered 404: %v", h.requestPaths())
	}
	if r := h.run("", "titles", "--user", "NoSuchUser"); r.code != 1 || !strings.Contains(r.stderr, "no PSN user named NoSuchUser") {
		t.Errorf("an unknown name: exit %d, %q", r.code, r.stderr)
	}
}
