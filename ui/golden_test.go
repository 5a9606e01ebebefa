package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// probeMsg asks the running program for its screen and whether requests are still running.
type probeMsg struct{ reply chan probeReply }

type probeReply struct {
	view   string
	busy   bool
	titles []psnapi.TrophyTitle // the title list the titles view holds
}

// probed wraps the app so a test can read the screen of the running program between keystrokes.
type probed struct{ *Model }

func (p probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if pm, ok := msg.(probeMsg); ok {
		r := probeReply{view: p.Model.View(), busy: len(p.Model.c.tasks) > 0}
		for _, v := range p.Model.stack {
			r.busy = r.busy || readingCache(v)
		}
		if tv, ok := p.Model.stack[0].(*titlesView); ok {
			for _, row := range tv.rows {
				r.titles = append(r.titles, row.t)
			}
		}
		pm.reply <- r
		return p, nil
	}
	_, cmd := p.Model.Update(msg)
	return p, cmd
}

var fakePort = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

var spinnerFrames = regexp.MustCompile(`[⣾⣽⣻⢿⡿⣟⣯⣷]`)

// demoEnv is the real stack the TUI runs on in --demo: psntest on loopback, a real psnapi client and
// a real store in a temporary directory. Every clock is fixed, so screens are stable.
type demoEnv struct {
	srv    *psntest.Server
	client *psnapi.Client
	lib    *store.Library
	tok    psnapi.Token
}

func newDemoEnv(t *testing.T) *demoEnv { t.Helper(); return newDemoEnvWith(t, psntest.Options{}) }

// newDemoEnvWith is newDemoEnv with server options (NoPlus…); the clock is always fixedClock.
func newDemoEnvWith(t *testing.T, o psntest.Options) *demoEnv {
	t.Helper()
	return newEnv(t, envOpts{server: o})
}

// envOpts vary the real stack: the server's options, the client's budget (default 300/15m) and
// the clock every part reads (default fixedClock).
type envOpts struct {
	server psntest.Options
	rate   *psnapi.RateLimit
	now    func() time.Time
}

func newEnv(t *testing.T, eo envOpts) *demoEnv {
	t.Helper()
	now := eo.now
	if now == nil {
		now = fixedClock
	}
	rate := psnapi.RateLimit{Requests: 300, Window: 15 * time.Minute}
	if eo.rate != nil {
		rate = *eo.rate
	}
	o := eo.server
	o.Now = now
	srv, cred := psntest.StartDemo(o)
	t.Cleanup(srv.Close)
	tok := psnapi.Token{AccessToken: cred.AccessToken, RefreshToken: cred.RefreshToken,
		AccessExpiresAt: cred.AccessExpiresAt, RefreshExpiresAt: cred.RefreshExpiresAt, Scope: cred.Scope}
	// Not t.TempDir: a request the test leaves waiting unwinds (its claim file removed) after Close
	// cancelled it, so the removal is retried until that is done.
	dir, err := os.MkdirTemp("", "psn-ui-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 100 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	p := store.Paths{Config: filepath.Join(dir, "config"), State: filepath.Join(dir, "state"), Cache: filepath.Join(dir, "cache")}
	lib, err := store.Open(p, store.Options{Now: now, RateWindow: rate.Window})
	if err != nil {
		t.Fatal(err)
	}
	client := psnapi.New(lib.APIOptions(psnapi.Options{
		APIBase: srv.APIBase(), AuthBase: srv.AuthBase(), ProfileBase: srv.ProfileBase(), HTTPClient: srv.Client(),
		Tokens: psnapi.NewMemoryTokens(tok), RateLimit: rate, Now: now,
	}))
	lib.SetAPI(client)
	return &demoEnv{srv: srv, client: client, lib: lib, tok: tok}
}

func (e *demoEnv) options() Options {
	return Options{Lib: e.lib, AccountName: psntest.DemoOnlineID, Display: asciiDisplay(), Now: fixedClock, Rate: e.client.Rate}
}

// session is a running program under teatest.
type session struct {
	t  *testing.T
	tm *teatest.TestModel
}

func newSession(t *testing.T, o Options, w, h int) *session {
	m := New(o)
	t.Cleanup(m.Close) // what Run does: requests still waiting and the fill end with the test
	m.c.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	tm := teatest.NewTestModel(t, probed{m}, teatest.WithInitialTermSize(w, h))
	return &session{t: t, tm: tm}
}

// title returns a title of the list the running program shows.
func (s *session) title(npCommID string) psnapi.TrophyTitle {
	s.t.Helper()
	reply := make(chan probeReply, 1)
	s.tm.Send(probeMsg{reply: reply})
	for _, t := range (<-reply).titles {
		if t.NPCommunicationID == npCommID {
			return t
		}
	}
	s.t.Fatalf("%s is not in the title list", npCommID)
	return psnapi.TrophyTitle{}
}

// screen waits until no request runs and the screen contains want, then returns it.
func (s *session) screen(want string) string {
	s.t.Helper()
	return s.await(want, true)
}

// screenBusy waits until the screen contains want, requests running or not.
func (s *session) screenBusy(want string) string {
	s.t.Helper()
	return s.await(want, false)
}

func (s *session) await(want string, idle bool) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last probeReply
	for time.Now().Before(deadline) {
		reply := make(chan probeReply, 1)
		s.tm.Send(probeMsg{reply: reply})
		select {
		case last = <-reply:
		case <-time.After(5 * time.Second):
			s.t.Fatal("the program does not answer")
		}
		if (!idle || !last.busy) && strings.Contains(last.view, want) {
			// Picture URLs point at the fake, whose port changes from run to run.
			return fakePort.ReplaceAllString(last.view, "http://127.0.0.1:PORT")
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.t.Fatalf("screen never showed %q (idle: %v); last screen:\n%s", want, idle, last.view)
	return ""
}

func (s *session) keys(keys ...string) {
	for _, k := range keys {
		s.tm.Send(keyMsg(k))
	}
}

func (s *session) golden(name, want string) {
	s.t.Helper()
	view := s.screen(want)
	s.t.Run(name, func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(view+"\n")) })
}

// goldenBusy is golden for a screen taken while a request runs, without its status bar (the
// spinner's frame there depends on the wall clock). It returns the whole screen.
func (s *session) goldenBusy(name, want string) string {
	s.t.Helper()
	view := s.screenBusy(want)
	body := spinnerFrames.ReplaceAllString(view[:strings.LastIndex(view, "\n")+1], "⣾") // a loading line's spinner moves with the wall clock
	s.t.Run(name, func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(body)) })
	return view
}

func (s *session) quit() {
	s.keys("q")
	s.tm.WaitFinished(s.t, teatest.WithFinalTimeout(10*time.Second))
}

// firstHidden finds, from the store's cache (no request), how far down the base group's list the first
// hidden unearned trophy of a title is, and its name.
func firstHidden(t *testing.T, env *demoEnv, ti psnapi.TrophyTitle) (int, string) {
	t.Helper()
	{
		tt, ok, err := env.lib.CachedTitleTrophies("me", ti)
		if err != nil || !ok {
			t.Fatalf("title not cached: %v", err)
		}
		n := 0
		for _, tr := range tt.Trophies {
			if tr.TrophyGroupID != "default" && tr.TrophyGroupID != "" {
				continue
			}
			if tr.TrophyHidden && !tr.Status.Earned {
				return n, clean(tr.TrophyName)
			}
			n++
		}
	}
	t.Fatalf("%s has no hidden unearned trophy", ti.NPCommunicationID)
	return 0, ""
}

// TestGolden drives real key sequences through every view against the fake PSN server, at the
// mock-up size, 80×24 and the smallest supported size, and compares each screen with testdata
// (go test ./ui -run TestGolden -update rewrites them; review the diff).
func TestGolden(t *testing.T) {
	for _, sz := range [][2]int{{100, 30}, {80, 24}, {40, 10}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			env := newDemoEnv(t)
			s := newSession(t, env.options(), sz[0], sz[1])
			s.golden("titles", "Level")
			s.keys("/")
			for _, r := range "tsushima" {
				s.keys(string(r))
			}
			s.golden("filter", "1 of")
			s.keys("enter", "enter")
			s.golden("groups", "Base game")
			s.keys("enter")
			s.golden("trophies", "sorted by default order")
			down, name := firstHidden(t, env, s.title("NPWR22859_00"))
			for range down {
				s.keys("j")
			}
			s.keys("enter")
			s.golden("detail_hidden", "This trophy is hidden")
			s.keys("v")
			s.golden("detail_revealed", name)
			s.keys("esc", "s", "e")
			s.golden("trophies_sorted", "showing earned")
			s.keys("?")
			s.golden("help", "page up")
			s.keys("?", "esc", "esc", "esc", "s")
			s.golden("titles_by_name", "sorted by name")
			s.keys("n")
			s.golden("hunt", "unearned")
			s.quit()
		})
	}
}

// TestDemoRequests checks the data flow against the fake server: the start costs the title list and
// the summary; a title opened twice is fetched once.
func TestDemoRequests(t *testing.T) {
	env := newDemoEnv(t)
	s := newSession(t, env.options(), 100, 30)
	s.screen("Level")
	start := len(env.srv.Requests())
	if start == 0 {
		t.Fatal("no request at start")
	}
	s.keys("/")
	for _, r := range "astro" {
		s.keys(string(r))
	}
	s.keys("enter", "enter")
	s.screen("Base game")
	opened := len(env.srv.Requests())
	if opened == start {
		t.Fatal("opening a title made no request")
	}
	s.keys("esc", "enter")
	s.screen("Base game")
	if again := len(env.srv.Requests()); again != opened {
		for _, r := range env.srv.Requests()[opened:] {
			t.Logf("repeated: %s %s", r.Method, r.Path)
		}
		t.Fatalf("reopening a title sent %d more requests", again-opened)
	}
	s.quit()
}
