package psnapi_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// stepClock is a clock tests move by hand.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *stepClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Access tokens shorter-lived than the one-minute refresh margin are used for most of their life:
// one refresh per lifetime, not one before every request.
func TestShortLivedAccessTokenIsRefreshedOncePerLifetime(t *testing.T) {
	clock := &stepClock{now: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)}
	srv := psntest.NewServer(psntest.Options{TokenLifetime: 3 * time.Second, Now: clock.Now, Titles: 20})
	defer srv.Close()
	tokens := psnapi.NewMemoryTokens(psnapi.Token{})
	c := psnapi.New(psnapi.Options{APIBase: srv.APIBase(), AuthBase: srv.AuthBase(), ProfileBase: srv.ProfileBase(),
		HTTPClient: srv.Client(), Tokens: tokens, Now: clock.Now})
	ctx := context.Background()
	if _, err := c.Login(ctx, psntest.DemoNPSSO); err != nil {
		t.Fatal(err)
	}
	tokenRequests := func() int {
		n := 0
		for _, r := range srv.Requests() {
			if strings.HasSuffix(r.Path, "/oauth/token") {
				n++
			}
		}
		return n
	}
	afterLogin := tokenRequests()
	for i := 0; i < 4; i++ { // 0, 0.5, 1, 1.5 s into a 3 s life
		if _, err := c.TrophySummary(ctx, "me"); err != nil {
			t.Fatal(err)
		}
		clock.Add(500 * time.Millisecond)
	}
	if n := tokenRequests() - afterLogin; n != 0 {
		t.Fatalf("%d refreshes while the 3 s token had at least 1.5 s left", n)
	}
	first, _ := tokens.LoadToken()
	clock.Add(time.Second) // 2.5 s: within the quarter-lifetime margin
	if _, err := c.TrophySummary(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	if n := tokenRequests() - afterLogin; n != 1 {
		t.Fatalf("%d refreshes near the end of the token's life, want 1", n)
	}
	if now, _ := tokens.LoadToken(); now.AccessToken == first.AccessToken {
		t.Fatal("the refreshed token was not saved")
	}
	for _, r := range srv.Requests() {
		if r.Status == 401 {
			t.Fatalf("%s answered 401: a token was used after it expired", r.Path)
		}
	}
}

// Background requests (sync) ride out a longer run of 5xx than interactive ones, which give up
// after DefaultRetryPolicy.Attempts so that a person is not kept waiting.
func TestBackgroundRequestsRetryFaultsLonger(t *testing.T) {
	srv := psntest.NewServer(psntest.Options{Titles: 20})
	defer srv.Close()
	cred := srv.IssueToken(psntest.DemoAccountID)
	var slept []time.Duration
	var mu sync.Mutex
	c := psnapi.New(psnapi.Options{APIBase: srv.APIBase(), AuthBase: srv.AuthBase(), ProfileBase: srv.ProfileBase(),
		HTTPClient: srv.Client(), Tokens: psnapi.NewMemoryTokens(psnapi.Token{AccessToken: cred.AccessToken,
			RefreshToken: cred.RefreshToken, AccessExpiresAt: cred.AccessExpiresAt, RefreshExpiresAt: cred.RefreshExpiresAt}),
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			slept = append(slept, d)
			mu.Unlock()
			return nil
		}})
	ctx := context.Background()
	srv.FailNext(503, psnapi.DefaultRetryPolicy.Attempts)
	if _, err := c.TrophySummary(ctx, "me"); !errors.Is(err, psnapi.ErrServer) {
		t.Fatalf("interactive after %d 503s: %v, want the server error", psnapi.DefaultRetryPolicy.Attempts, err)
	}
	srv.ResetLog()
	srv.FailNext(503, psnapi.DefaultRetryPolicy.BackgroundAttempts-1)
	if _, err := c.TrophySummary(psnapi.WithPriority(ctx, psnapi.Background), "me"); err != nil {
		t.Fatalf("background after %d 503s: %v", psnapi.DefaultRetryPolicy.BackgroundAttempts-1, err)
	}
	if n := len(srv.Requests()); n != psnapi.DefaultRetryPolicy.BackgroundAttempts {
		t.Errorf("%d attempts, want %d", n, psnapi.DefaultRetryPolicy.BackgroundAttempts)
	}
	srv.ResetLog()
	srv.FailNext(503, psnapi.DefaultRetryPolicy.BackgroundAttempts)
	if _, err := c.TrophySummary(psnapi.WithPriority(ctx, psnapi.Background), "me"); err == nil {
		t.Fatal("background succeeded after every attempt failed")
	}
	for _, d := range slept {
		if d > psnapi.DefaultRetryPolicy.Max {
			t.Errorf("a pause of %v, above the cap", d)
		}
	}
}

// Sony's X-RateLimit-Next-Available is in whole seconds, so the time it names can be up to a second
// before requests are really accepted, or already past by the client's clock. The client must then
// still pause (at least the header's resolution) rather than retry at once: a burst of 429s, each
// counted in the client's own window, used to spend a whole 15-minute budget in two seconds.
func TestA429NamingAPastSecondStillPauses(t *testing.T) {
	srv := psntest.NewServer(psntest.Options{Titles: 20, RateLimit: 20, RateWindow: time.Second})
	defer srv.Close()
	cred := srv.IssueToken(psntest.DemoAccountID)
	c := psnapi.New(psnapi.Options{APIBase: srv.APIBase(), AuthBase: srv.AuthBase(), ProfileBase: srv.ProfileBase(),
		HTTPClient: srv.Client(), RateLimit: psnapi.RateLimit{Requests: 300, Window: 15 * time.Minute},
		Tokens: psnapi.NewMemoryTokens(psnapi.Token{AccessToken: cred.AccessToken, RefreshToken: cred.RefreshToken,
			AccessExpiresAt: cred.AccessExpiresAt, RefreshExpiresAt: cred.RefreshExpiresAt})})
	// Interactive: background work would be paced at one request per 3.8 s of real time.
	ctx := context.Background()
	const calls = 50
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for i := 0; i < calls; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.TrophySummary(ctx, "me"); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	failed := 0
	for range errs {
		failed++
	}
	limited := 0
	for _, r := range srv.Requests() {
		if r.Status == 429 {
			limited++
		}
	}
	// 50 requests at 20 per second need at least two pauses; each can cost up to the 4 requests in
	// flight plus one sent at a too-early second.
	if limited > 16 {
		t.Errorf("%d 429s for %d requests: the client retried without pausing", limited, calls)
	}
	t.Logf("%d requests, %d answered 429, %d failed, client window %d/300", calls, limited, failed, c.Rate().Used)
}
