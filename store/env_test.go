package store

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// fakeClock is the clock shared by the fake server, the client and the store. Sleeping advances it
// at once, so rate-limit waits cost no real time.
type fakeClock struct {
	mu       sync.Mutex
	now      time.Time
	sleeps   []time.Duration
	manual   bool // Sleep blocks until Advance passes its deadline
	sleepers []*sleeper
}

type sleeper struct {
	until time.Time
	done  chan struct{}
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
	c.sleeps = append(c.sleeps, d)
	if !c.manual {
		c.now = c.now.Add(d)
		c.mu.Unlock()
		return nil
	}
	sl := &sleeper{until: c.now.Add(d), done: make(chan struct{})}
	c.sleepers = append(c.sleepers, sl)
	c.mu.Unlock()
	select {
	case <-sl.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.sleepers[:0]
	for _, sl := range c.sleepers {
		if !sl.until.After(c.now) {
			close(sl.done)
		} else {
			kept = append(kept, sl)
		}
	}
	c.sleepers = kept
}

// stack is the real path: psntest on loopback, a real psnapi client, a real Library on temp dirs.
type stack struct {
	t      testing.TB
	srv    *psntest.Server
	clock  *fakeClock
	paths  Paths
	tok    psnapi.Token
	lib    *Library
	client *psnapi.Client
}

type stackOpts struct {
	server    psntest.Options
	rate      psnapi.RateLimit // client budget; zero = off
	language  string
	clientMod func(*psnapi.Options)
}

func newStack(t testing.TB, o stackOpts) *stack {
	t.Helper()
	clock := newFakeClock()
	o.server.Now = clock.Now
	srv := psntest.NewServer(o.server)
	t.Cleanup(srv.Close)
	cred := srv.IssueToken(psntest.DemoAccountID)
	s := &stack{t: t, srv: srv, clock: clock, paths: testPaths(t),
		tok: psnapi.Token{AccessToken: cred.AccessToken, RefreshToken: cred.RefreshToken,
			AccessExpiresAt: cred.AccessExpiresAt, RefreshExpiresAt: cred.RefreshExpiresAt, Scope: cred.Scope}}
	s.reopen(o)
	return s
}

// reopen starts a new "run": a new Library and client on the same directories (as a new process would).
func (s *stack) reopen(o stackOpts) {
	s.t.Helper()
	lib, err := Open(s.paths, Options{Now: s.clock.Now, Language: o.language, RateWindow: o.rate.Window})
	if err != nil {
		s.t.Fatal(err)
	}
	if err := lib.Credentials().SaveToken(s.tok); err != nil {
		s.t.Fatal(err)
	}
	co := psnapi.Options{APIBase: s.srv.APIBase(), AuthBase: s.srv.AuthBase(), ProfileBase: s.srv.ProfileBase(),
		HTTPClient: s.srv.Client(), RateLimit: o.rate, Now: s.clock.Now, Sleep: s.clock.Sleep,
		Retry: psnapi.RetryPolicy{Attempts: 1}}
	if o.clientMod != nil {
		o.clientMod(&co)
	}
	s.client = psnapi.New(lib.APIOptions(co))
	lib.SetAPI(s.client)
	s.lib = lib
}

// apiRequests returns the trophy API requests logged since the last reset.
func (s *stack) apiRequests() []psntest.Request {
	var out []psntest.Request
	for _, r := range s.srv.Requests() {
		if strings.HasPrefix(r.Path, "/api/trophy/") {
			out = append(out, r)
		}
	}
	return out
}

type requestCounts struct {
	titleList, defs, groups, earned, other, limited int
}

func (c requestCounts) total() int { return c.titleList + c.defs + c.groups + c.earned + c.other }

func (s *stack) counts() requestCounts {
	var c requestCounts
	for _, r := range s.apiRequests() {
		if r.Status == http.StatusTooManyRequests {
			c.limited++
			continue
		}
		p := r.Path
		switch {
		case strings.HasSuffix(p, "/trophyTitles") && strings.Contains(p, "/users/"):
			c.titleList++
		case strings.Contains(p, "/users/") && strings.HasSuffix(p, "/trophies"):
			c.earned++
		case strings.HasPrefix(p, "/api/trophy/v1/npCommunicationIds/") && strings.HasSuffix(p, "/trophies"):
			c.defs++
		case strings.HasPrefix(p, "/api/trophy/v1/npCommunicationIds/") && strings.HasSuffix(p, "/trophyGroups"):
			c.groups++
		default:
			c.other++
		}
	}
	return c
}

// noRepeats fails when one request (path and query) was answered successfully twice.
func (s *stack) noRepeats() {
	s.t.Helper()
	seen := map[string]bool{}
	for _, r := range s.apiRequests() {
		if r.Status != http.StatusOK {
			continue
		}
		k := r.Path + "?" + r.Query.Encode() + " " + r.Header.Get("Accept-Language")
		if seen[k] {
			s.t.Fatalf("request repeated in one run: %s", k)
		}
		seen[k] = true
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func groupsOf(titles []psnapi.TrophyTitle) int {
	g := 0
	for _, t := range titles {
		if t.HasTrophyGroups {
			g++
		}
	}
	return g
}

func (s *stack) sync(account string) (SyncResult, []SyncProgress) {
	s.t.Helper()
	var ps []SyncProgress
	res, err := s.lib.Sync(context.Background(), account, func(p SyncProgress) { ps = append(ps, p) })
	if err != nil {
		s.t.Fatalf("sync %s: %v", account, err)
	}
	return res, ps
}

func (s *stack) cachedTitles(account string) []psnapi.TrophyTitle {
	s.t.Helper()
	tl, ok, err := s.lib.CachedTitles(account)
	if err != nil || !ok {
		s.t.Fatalf("no cached titles for %s: %v", account, err)
	}
	return tl.Titles
}

func describe(c requestCounts) string {
	return fmt.Sprintf("list %d, defs %d, groups %d, earned %d, other %d, 429 %d", c.titleList, c.defs, c.groups, c.earned, c.other, c.limited)
}

var _ = sort.Strings
