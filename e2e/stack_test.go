package e2e

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// stack is the library and client a command builds, in-process, for tests that need to control
// the clock or the client's options.
type stack struct {
	t      testing.TB
	srv    *psntest.Server
	lib    *store.Library
	client *psnapi.Client
	paths  store.Paths
}

type stackOptions struct {
	server psntest.Options
	client psnapi.Options // RateLimit, Now, Sleep, Retry…; bases, tokens and HTTP client are filled in
	// background makes the process background-only, as `psn-client sync` is: with nothing
	// interactive running, it may use the whole budget.
	background bool
}

func newStack(t testing.TB, o stackOptions) *stack {
	t.Helper()
	srv := psntest.NewServer(o.server)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	s := &stack{t: t, srv: srv, paths: store.Paths{Config: filepath.Join(dir, "config"),
		State: filepath.Join(dir, "state"), Cache: filepath.Join(dir, "cache")}}
	lib, err := store.Open(s.paths, store.Options{Language: "en-US", Now: o.client.Now, RateWindow: o.client.RateLimit.Window,
		Background: o.background})
	if err != nil {
		t.Fatal(err)
	}
	cred := srv.IssueToken(psntest.DemoAccountID)
	if err := lib.Credentials().SaveToken(psnapi.Token{AccessToken: cred.AccessToken, RefreshToken: cred.RefreshToken,
		AccessExpiresAt: cred.AccessExpiresAt, RefreshExpiresAt: cred.RefreshExpiresAt, Scope: cred.Scope}); err != nil {
		t.Fatal(err)
	}
	co := o.client
	co.APIBase, co.AuthBase, co.ProfileBase = srv.APIBase(), srv.AuthBase(), srv.ProfileBase()
	co.HTTPClient = srv.Client()
	s.client = psnapi.New(lib.APIOptions(co))
	lib.SetAPI(s.client)
	s.lib = lib
	t.Cleanup(func() { lib.Close() })
	return s
}

// trophyDump is every cached title of the account with its groups and trophies, as JSON, without
// the fetch times.
func (s *stack) trophyDump(account string) string {
	s.t.Helper()
	type entry struct {
		Title    psnapi.TrophyTitle
		Groups   []store.Group
		Trophies []store.Trophy
	}
	var all []entry
	err := s.lib.CachedAccountTrophies(account, func(tt store.TitleTrophies) error {
		all = append(all, entry{tt.Title, tt.Groups, tt.Trophies})
		return nil
	})
	if err != nil {
		s.t.Fatal(err)
	}
	b, err := json.Marshal(all)
	if err != nil {
		s.t.Fatal(err)
	}
	return string(b)
}

// fakeClock is a shared clock for the client and the fake server. Sleep(d) moves it to d after the
// moment the sleep began (never back, so concurrent sleepers do not add up), after pace of real
// time: budget waits cost no real time, yet for pace the clock stands still inside a wait, long
// enough for a progress report to see it.
type fakeClock struct {
	mu   sync.Mutex
	now  time.Time
	pace time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	until := c.now.Add(d)
	c.mu.Unlock()
	if c.pace > 0 {
		tm := time.NewTimer(c.pace)
		defer tm.Stop()
		select {
		case <-tm.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	c.mu.Lock()
	if until.After(c.now) {
		c.now = until
	}
	c.mu.Unlock()
	return nil
}

// scaledSleep waits d/div of real time: retry backoffs keep their shape without costing seconds.
func scaledSleep(div time.Duration) func(context.Context, time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		tm := time.NewTimer(d / div)
		defer tm.Stop()
		select {
		case <-tm.C:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
