package psnapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// The client against the fake PSN server of psntest: the whole path, as the demo runs it.

func fakeClient(srv *psntest.Server, clock *fakeClock, mod func(*Options)) *Client {
	o := Options{APIBase: srv.APIBase(), AuthBase: srv.AuthBase(), ProfileBase: srv.ProfileBase(),
		HTTPClient: &http.Client{}, Now: clock.Now, Sleep: clock.Sleep}
	if mod != nil {
		mod(&o)
	}
	return New(o)
}

func TestAgainstTheFakeServer(t *testing.T) {
	clock := newAutoClock()
	srv := psntest.NewServer(psntest.Options{Now: clock.Now})
	defer srv.Close()
	c := fakeClient(srv, clock, func(o *Options) { o.RateLimit = DefaultRateLimit })
	ctx := context.Background()

	if _, err := c.Login(ctx, "wrong"+psntest.DemoNPSSO[5:]); !errors.Is(err, ErrNPSSOInvalid) {
		t.Fatalf("wrong NPSSO: %v", err)
	}
	if _, err := c.Login(ctx, psntest.DemoNPSSO); err != nil {
		t.Fatal(err)
	}
	titles, err := c.AllTrophyTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	if len(titles) < 150 {
		t.Fatalf("%d demo titles", len(titles))
	}
	summary, err := c.TrophySummary(ctx, "me")
	if err != nil || summary.AccountID != psntest.DemoAccountID {
		t.Fatalf("summary %+v, %v", summary, err)
	}
	// One title per platform family: definitions, earned status and groups all line up.
	done := map[string]bool{}
	for _, title := range titles {
		family := ServiceNameForPlatform(title.TrophyTitlePlatform)
		if done[family] {
			continue
		}
		done[family] = true
		defs, err := c.TitleTrophies(ctx, title.Ref(), GroupAll)
		if err != nil {
			t.Fatalf("%s (%s): %v", title.NPCommunicationID, title.TrophyTitlePlatform, err)
		}
		earned, err := c.EarnedTrophies(ctx, "me", title.Ref(), GroupAll)
		if err != nil {
			t.Fatal(err)
		}
		groups, err := c.TitleTrophyGroups(ctx, title.Ref())
		if err != nil {
			t.Fatal(err)
		}
		earnedGroups, err := c.EarnedTrophyGroups(ctx, "me", title.Ref())
		if err != nil {
			t.Fatal(err)
		}
		if len(defs.Trophies) != title.DefinedTrophies.Total() || len(earned.Trophies) != len(defs.Trophies) ||
			groups.DefinedTrophies != title.DefinedTrophies || earnedGroups.EarnedTrophies != title.EarnedTrophies {
			t.Errorf("%s: %d definitions, %d earned, groups %+v / %+v, title %+v", title.NPCommunicationID,
				len(defs.Trophies), len(earned.Trophies), groups.DefinedTrophies, earnedGroups.EarnedTrophies, title)
		}
	}
	if len(done) != 2 {
		t.Errorf("platform families covered: %v", done)
	}

	friend, err := c.ResolveUser(ctx, psntest.FriendOnlineID)
	if err != nil || friend.AccountID != psntest.FriendAccountID {
		t.Fatalf("friend %+v, %v", friend, err)
	}
	if _, err := c.TrophyTitles(ctx, friend.AccountID, 10, 0); err != nil {
		t.Errorf("friend's titles: %v", err)
	}
	private, err := c.ResolveUser(ctx, psntest.PrivateOnlineID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.TrophyTitles(ctx, private.AccountID, 10, 0); !IsForbidden(err) {
		t.Errorf("private account: %v", err)
	}
	if _, err := c.ResolveUser(ctx, "NoSuchUser42"); !IsNotFound(err) {
		t.Errorf("unknown user: %v", err)
	}
	me, err := c.ProfileByAccountID(ctx, "me")
	if err != nil || me.OnlineID != psntest.DemoOnlineID {
		t.Errorf("me: %+v, %v", me, err)
	}

	// Game Help on the first PS5 title that has some.
	for _, title := range titles {
		if !strings.Contains(title.TrophyTitlePlatform, "PS5") {
			continue
		}
		hints, err := c.HintAvailability(ctx, title.NPCommunicationID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(hints.Trophies) == 0 {
			continue
		}
		h := hints.Trophies[0]
		tips, err := c.Tips(ctx, title.NPCommunicationID, []TipRequest{{TrophyID: h.TrophyID, UDSObjectID: h.UDSObjectID, HelpType: h.HelpType}})
		if err != nil || len(tips.Trophies) != 1 || len(tips.Trophies[0].Groups) == 0 {
			t.Errorf("tips: %+v, %v", tips, err)
		}
		break
	}

	// The access token expires: the next call refreshes through the fake's token endpoint.
	clock.Advance(2 * time.Hour)
	if _, err := c.TrophySummary(ctx, "me"); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	refreshes := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/oauth/token") && r.Status == 200 {
			refreshes++
		}
	}
	if refreshes != 2 { // the exchange, then one refresh
		t.Errorf("%d token requests", refreshes)
	}
}

func TestFakeServerSeesAtMostFourInFlight(t *testing.T) {
	srv, creds := psntest.StartDemo(psntest.Options{Latency: 5 * time.Millisecond})
	defer srv.Close()
	tokens := NewMemoryTokens(Token{AccessToken: creds.AccessToken, RefreshToken: creds.RefreshToken,
		AccessExpiresAt: creds.AccessExpiresAt, RefreshExpiresAt: creds.RefreshExpiresAt})
	c := New(Options{APIBase: srv.APIBase(), AuthBase: srv.AuthBase(), ProfileBase: srv.ProfileBase(), Tokens: tokens})
	ctx := context.Background()
	titles, err := c.TrophyTitles(ctx, "me", 40, 0)
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetLog()
	var wg sync.WaitGroup
	for _, title := range titles.TrophyTitles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.EarnedTrophies(ctx, "me", title.Ref(), GroupAll); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := len(srv.Requests()); got != len(titles.TrophyTitles) {
		t.Errorf("%d requests for %d titles", got, len(titles.TrophyTitles))
	}
	if m := srv.MaxInFlight(); m != DefaultMaxInFlight {
		t.Errorf("the server saw %d requests at once, want %d", m, DefaultMaxInFlight)
	}
}

// With the client's budget equal to the server's, no 429 is ever provoked; with the budget off,
// the server's 429 stops the client until its next-available time and the request goes then.
func TestFakeServerRateLimit(t *testing.T) {
	for _, matched := range []bool{true, false} {
		clock := newAutoClock()
		srv := psntest.NewServer(psntest.Options{Now: clock.Now, RateLimit: 20, RateWindow: time.Minute})
		creds := srv.IssueToken(psntest.DemoAccountID)
		c := fakeClient(srv, clock, func(o *Options) {
			o.Tokens = NewMemoryTokens(Token{AccessToken: creds.AccessToken, RefreshToken: creds.RefreshToken,
				AccessExpiresAt: creds.AccessExpiresAt, RefreshExpiresAt: creds.RefreshExpiresAt})
			if matched {
				o.RateLimit = RateLimit{Requests: 20, Window: time.Minute}
			}
		})
		ctx := WithPriority(context.Background(), Background)
		for i := 0; i < 50; i++ {
			if _, err := c.TrophySummary(ctx, "me"); err != nil {
				t.Fatalf("matched=%v request %d: %v", matched, i, err)
			}
		}
		limited := 0
		for _, r := range srv.Requests() {
			if r.Status == http.StatusTooManyRequests {
				limited++
			}
		}
		if matched && limited != 0 {
			t.Errorf("%d 429s provoked with a matching budget", limited)
		}
		if !matched && limited == 0 {
			t.Error("the server never limited an unpaced client: the test proves nothing")
		}
		srv.Close()
	}
}

// The fake's random 503s (HTML) and truncated 200s: every call either succeeds within 3 attempts
// or fails, typed, after exactly 3.
func TestFakeServerFaultsAreRetried(t *testing.T) {
	clock := newAutoClock()
	srv := psntest.NewServer(psntest.Options{Now: clock.Now, FaultRate5xx: 0.25, FaultRateTruncated: 0.15, Seed: 7})
	defer srv.Close()
	creds := srv.IssueToken(psntest.DemoAccountID)
	c := fakeClient(srv, clock, func(o *Options) {
		o.Tokens = NewMemoryTokens(Token{AccessToken: creds.AccessToken, RefreshToken: creds.RefreshToken,
			AccessExpiresAt: creds.AccessExpiresAt, RefreshExpiresAt: creds.RefreshExpiresAt})
	})
	retried := 0
	for i := 0; i < 40; i++ {
		before := len(srv.Requests())
		_, err := c.TrophySummary(context.Background(), "me")
		attempts := len(srv.Requests()) - before
		var de *DecodeError
		switch {
		case err == nil && attempts >= 1 && attempts <= 3:
		case err != nil && attempts == 3 && (KindOf(err) == KindServer || errors.As(err, &de)):
		default:
			t.Fatalf("call %d: %d attempts, err %v", i, attempts, err)
		}
		if attempts > 1 {
			retried++
		}
	}
	if retried == 0 {
		t.Error("no fault was injected: the test proves nothing")
	}
}
