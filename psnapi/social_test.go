package psnapi

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/psnclient/psn-client/assets"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// demoClient is a client logged in as the demo account on srv, with a budget.
func demoClient(t *testing.T, o psntest.Options, mod func(*Options)) (*psntest.Server, *Client) {
	t.Helper()
	clock := newAutoClock()
	o.Now = clock.Now
	srv, creds := psntest.StartDemo(o)
	t.Cleanup(srv.Close)
	c := fakeClient(srv, clock, func(opt *Options) {
		opt.Tokens = NewMemoryTokens(Token{AccessToken: creds.AccessToken, RefreshToken: creds.RefreshToken,
			AccessExpiresAt: creds.AccessExpiresAt, RefreshExpiresAt: creds.RefreshExpiresAt})
		opt.RateLimit = DefaultRateLimit
		if mod != nil {
			mod(opt)
		}
	})
	return srv, c
}

// Issue 13 #6: the friends list of me (account IDs) and every friend's profile with its avatar.
func TestFriendsAndTheirProfiles(t *testing.T) {
	srv, c := demoClient(t, psntest.Options{}, nil)
	ctx := context.Background()
	friends, err := c.Friends(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	if len(friends.AccountIDs) != 3+assets.GeneratedFriends || len(friends.Skipped) != 0 {
		t.Fatalf("%d friends, skipped %q", len(friends.AccountIDs), friends.Skipped)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests for the friends list, want 1", n)
	}
	for _, id := range friends.AccountIDs {
		p, err := c.ProfileByAccountID(ctx, id)
		if err != nil || p.OnlineID == "" || p.AccountID != id || !strings.HasPrefix(p.AvatarURL, srv.URL+"/images/") {
			t.Fatalf("profile of %s: %+v, %v", id, p, err)
		}
	}
	_, err = c.Friends(ctx, psntest.PrivateAccountID)
	var ae *APIError
	if !IsForbidden(err) || !errors.As(err, &ae) || ae.Code != 2281486 || ae.Endpoint != EndpointFriends {
		t.Errorf("a private friends list: %v", err)
	}
	theirs, err := c.Friends(ctx, psntest.FriendAccountID)
	if err != nil || len(theirs.AccountIDs) == 0 {
		t.Errorf("TrophyFriend's friends: %+v, %v", theirs, err)
	}
}

// A friends list longer than one answer is completed from the count held (Sony names no nextOffset
// here); an entry that is not an account ID is skipped with a note, a number is read as its digits.
func TestFriendsPaging(t *testing.T) {
	all := make([]string, 2500)
	for i := range all {
		all[i] = `"1000000000000` + pad4(i) + `00"`
	}
	all[10] = `12`
	all[1500] = `"not-an-id"`
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		off := 0
		if o := r.URL.Query().Get("offset"); o != "" {
			off = atoi(o)
		}
		if r.URL.Query().Get("limit") != "1000" {
			t.Errorf("limit %q", r.URL.Query().Get("limit"))
		}
		end := min(off+1000, len(all))
		writeJSON(w, 200, `{"friends":[`+strings.Join(all[off:end], ",")+`],"totalItemCount":2500}`)
	})
	got, err := e.client.Friends(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.AccountIDs) != 2499 || got.AccountIDs[10] != "12" || got.AccountIDs[2498] != "1000000000000249900" ||
		len(got.Skipped) != 1 || !strings.Contains(got.Skipped[0], `"not-an-id" is not an account ID`) {
		t.Errorf("%d ids, skipped %q", len(got.AccountIDs), got.Skipped)
	}
	if n := len(e.requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if q := e.requests()[0].Query; q.Has("offset") {
		t.Errorf("the first request sends offset, the app sends only limit: %v", q)
	}

	// A server that answers the same page whatever the offset: the paging stops.
	e = newEnv(t, serve(`{"friends":["111","222"],"totalItemCount":50}`))
	got, err = e.client.Friends(context.Background(), "me")
	if err != nil || len(got.AccountIDs) != 2 || len(e.requests()) != 2 {
		t.Errorf("%+v, %v after %d requests", got, err, len(e.requests()))
	}
}

func pad4(i int) string {
	s := "0000" + itoa(i)
	return s[len(s)-4:]
}

// Presence for every friend in one request (batches of 50), in the order asked.
func TestPresencesInBatches(t *testing.T) {
	srv, c := demoClient(t, psntest.Options{}, nil)
	ctx := context.Background()
	friends, err := c.Friends(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetLog()
	ask := append([]string{psntest.DemoAccountID, "me", psntest.DemoAccountID}, friends.AccountIDs...)
	got, err := c.Presences(ctx, ask)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Presences) != 1+len(friends.AccountIDs) || got.Presences[0].AccountID != psntest.DemoAccountID {
		t.Fatalf("%d presences, first %+v", len(got.Presences), got.Presences[0])
	}
	if len(got.Skipped) != 1 || !strings.Contains(got.Skipped[0], `"me"`) {
		t.Errorf("skipped %q", got.Skipped)
	}
	me := got.Presences[0]
	if !me.Online() || me.Platform != "PS5" || len(me.Games) != 1 || !strings.HasPrefix(me.Games[0].NPTitleID, "PPSA") ||
		!strings.HasPrefix(me.Games[0].IconURL, srv.URL+"/images/") {
		t.Errorf("FakeHunter: %+v", me)
	}
	offline := 0
	for _, p := range got.Presences {
		if !p.Online() {
			offline++
			if p.LastOnline.IsZero() {
				t.Errorf("offline without a last online date: %+v", p)
			}
		}
	}
	if offline == 0 {
		t.Error("nobody is offline")
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/api/userProfile/v2/internal/users//basicPresences" ||
		reqs[0].Query.Get("type") != "primary" || reqs[0].Query.Get("withOwnGameTitleInfo") != "true" {
		t.Fatalf("requests %+v", reqs)
	}
	// More than 50 ids: one request per 50, concurrently; ids the server does not share are absent.
	many := append([]string(nil), friends.AccountIDs...)
	for i := 0; len(many) < 120; i++ {
		many = append(many, "9"+pad4(i)+"00000000000000")
	}
	srv.ResetLog()
	got, err = c.Presences(ctx, many)
	if err != nil || len(got.Presences) != len(friends.AccountIDs) {
		t.Fatalf("%d presences, %v", len(got.Presences), err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("%d requests for 120 ids, want 3", n)
	}
}

// The played-games list joined to the trophy titles: PS4/PS5 games map to their trophy sets
// through TitleSummaryList (batches of 5); apps without trophies come back Unknown; PS3, Vita and PC
// titles have no play time at all.
func TestPlayedGamesMapToTrophyTitles(t *testing.T) {
	srv, c := demoClient(t, psntest.Options{}, nil)
	ctx := context.Background()
	games, err := c.AllPlayedGames(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	if len(games.Skipped) != 0 || len(games.Games) < 150 {
		t.Fatalf("%d games, skipped %q", len(games.Games), games.Skipped)
	}
	var ids []string
	for _, g := range games.Games {
		if g.Platform() == "" && !strings.Contains(g.Category, "app") {
			t.Errorf("category %q", g.Category)
		}
		if g.PlayDuration <= 0 && g.Platform() != "" || g.PlayCount < 1 || g.LastPlayed.Before(g.FirstPlayed) {
			t.Errorf("implausible game %+v", g)
		}
		ids = append(ids, g.TitleID)
	}
	titles, err := c.TitleList(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetLog()
	m, err := c.TitleSummaryList(ctx, "me", ids, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Unknown) != 3 || len(m.Titles) != len(ids)-3 {
		t.Errorf("%d mapped, unknown %v", len(m.Titles), m.Unknown)
	}
	// ceil(n/5) batches, and one more request for each batch an app was dropped from.
	batches := (len(ids) + 4) / 5
	if n := len(srv.Requests()); n < batches+1 || n > batches+3 {
		t.Errorf("%d requests for %d ids", n, len(ids))
	}
	mapped := map[string]bool{}
	for _, s := range m.Titles {
		if len(s.TrophyTitles) != 1 {
			t.Fatalf("%s maps to %d sets", s.NPTitleID, len(s.TrophyTitles))
		}
		mapped[s.TrophyTitles[0].NPCommunicationID] = true
	}
	for _, tt := range titles.Titles {
		console := strings.Contains(tt.TrophyTitlePlatform, "PS5") || strings.Contains(tt.TrophyTitlePlatform, "PS4")
		if mapped[tt.NPCommunicationID] != console {
			t.Errorf("%s (%s) has play time: %v", tt.NPCommunicationID, tt.TrophyTitlePlatform, mapped[tt.NPCommunicationID])
		}
	}
	if _, err := c.AllPlayedGames(ctx, psntest.PrivateAccountID); !IsForbidden(err) {
		t.Errorf("a private account's games: %v", err)
	}
}

// Pictures come from the image hosts without a token, outside the request budget, a few at once.
func TestImagesAreFetchedOutsideTheBudget(t *testing.T) {
	var sent atomic.Int64
	srv, c := demoClient(t, psntest.Options{}, func(o *Options) {
		o.OnSent = func(time.Time) { sent.Add(1) }
		o.RateLimit = RateLimit{Requests: 5, Window: time.Hour}
	})
	ctx := context.Background()
	page, err := c.TrophyTitles(ctx, "me", 30, 0)
	if err != nil {
		t.Fatal(err)
	}
	used := c.Rate().Used
	srv.ResetLog()
	for _, tt := range page.TrophyTitles {
		img, err := c.Image(ctx, tt.TrophyTitleIconURL)
		if err != nil || img.ContentType != "image/png" {
			t.Fatalf("%s: %v", tt.TrophyTitleIconURL, err)
		}
		if _, err := png.Decode(bytes.NewReader(img.Data)); err != nil {
			t.Fatal(err)
		}
	}
	if c.Rate().Used != used || sent.Load() != int64(used) {
		t.Errorf("images counted in the budget: used %d → %d, sent %d", used, c.Rate().Used, sent.Load())
	}
	for _, r := range srv.Requests() {
		if !r.Image || r.Authorized {
			t.Errorf("%s: image %v, token sent %v", r.Path, r.Image, r.Authorized)
		}
	}
	for p, n := range srv.ImageFetches() {
		if n != 1 {
			t.Errorf("%s fetched %d times", p, n)
		}
	}
}

func TestImageRefusesWhatIsNotAPicture(t *testing.T) {
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("<html><body>not found</body></html>"))
		case "/big.png":
			w.Write(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, MaxImageSize)...))
		case "/gone.png":
			w.WriteHeader(404)
		default:
			t.Errorf("%s requested", r.URL.Path)
		}
	})
	ctx := context.Background()
	var de *DecodeError
	for _, u := range []string{"file:///etc/passwd", "javascript:alert(1)", "", "//host/x.png", e.srv.URL + "/page.png", e.srv.URL + "/big.png"} {
		if _, err := e.client.Image(ctx, u); !errors.As(err, &de) || de.Endpoint != EndpointImage {
			t.Errorf("%q: %v", u, err)
		}
	}
	if _, err := e.client.Image(ctx, e.srv.URL+"/gone.png"); !IsNotFound(err) {
		t.Errorf("404: %v", err)
	}
	for _, r := range e.requests() {
		if r.Header.Get("Authorization") != "" {
			t.Error("the access token went to an image host")
		}
	}
}

func TestParsePlayDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"PT228H56M33S": 228*time.Hour + 56*time.Minute + 33*time.Second, "PT1M9S": 69 * time.Second, "PT18H": 18 * time.Hour,
		"PT18H20S": 18*time.Hour + 20*time.Second, "PT4H21M": 4*time.Hour + 21*time.Minute, "PT0S": 0, " pt25m34s ": 25*time.Minute + 34*time.Second,
		"P2DT3H": 51 * time.Hour, "P1W": 168 * time.Hour, "PT1.5S": 1500 * time.Millisecond, "PT0,25H": 15 * time.Minute,
	} {
		if got, err := ParsePlayDuration(in); err != nil || got != want {
			t.Errorf("%q: %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "P", "PT", "T1H", "PT1H2", "P1Y", "P1M", "PT-1S", "PT1X", "1H", "PTHMS", "P1HT", "PT1..5S", "PT99999999999999H", "P1DT"} {
		if d, err := ParsePlayDuration(bad); err == nil {
			t.Errorf("%q accepted as %v", bad, d)
		}
	}
}

// Issue 14 #19: when the legacy profile2 host fails, the online ID is found by universal search.
func TestLookupFallsBackToUserSearch(t *testing.T) {
	for _, status := range []int{404, 410, 503, 403} {
		srv, c := demoClient(t, psntest.Options{RetiredProfile2: status}, nil)
		ctx := context.Background()
		p, err := c.LookupOnlineID(ctx, "trophyfriend")
		if err != nil || p.AccountID != psntest.FriendAccountID || p.OnlineID != psntest.FriendOnlineID ||
			!strings.HasPrefix(p.AvatarURL, srv.URL+"/images/") {
			t.Fatalf("profile2 %d: %+v, %v", status, p, err)
		}
		searches := 0
		for _, r := range srv.Requests() {
			if r.Query.Get("operationName") == "metGetContextSearchResults" {
				searches++
			}
		}
		if searches != 1 {
			t.Errorf("profile2 %d: %d searches", status, searches)
		}
		_, err = c.LookupOnlineID(ctx, "NoSuchUser42")
		if !IsUserNotFound(err) || KindOf(err) != KindNotFound {
			t.Errorf("profile2 %d, unknown user: %v", status, err)
		}
	}

	// A real "user not found" from profile2 is the answer: no search.
	srv, c := demoClient(t, psntest.Options{}, nil)
	_, err := c.LookupOnlineID(context.Background(), "NoSuchUser42")
	var ae *APIError
	if !IsUserNotFound(err) || !errors.As(err, &ae) || ae.Code != codeUserNotFound || len(srv.Requests()) != 1 {
		t.Errorf("unknown user: %v after %d requests", err, len(srv.Requests()))
	}

	// No connection to the profile2 host at all: the search finds the user.
	srv, c = demoClient(t, psntest.Options{}, func(o *Options) { o.ProfileBase = "http://127.0.0.1:1" })
	p, err := c.LookupOnlineID(context.Background(), psntest.FriendOnlineID)
	if err != nil || p.AccountID != psntest.FriendAccountID {
		t.Errorf("profile2 unreachable: %+v, %v", p, err)
	}

	// A 429 is not a failure of the host: no search spends more of the budget.
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/profile2") {
			w.Header().Set("X-RateLimit-Next-Available", "1")
			writeJSON(w, 429, `{"error":{"code":2138635,"message":"Rate limit exceeded"}}`)
			return
		}
		t.Errorf("fell back on a 429: %s", r.URL.Path)
	})
	if _, err := e.client.LookupOnlineID(WithFailFast(context.Background()), "TrophyFriend"); !IsRateLimited(err) {
		t.Errorf("429: %v", err)
	}
}

// Issue 14 #17 (psnapi's part): a not-found says which lookup it came from, so a missing title list
// after a successful profile lookup is not reported as an unknown user.
func TestNotFoundNamesItsEndpoint(t *testing.T) {
	_, c := demoClient(t, psntest.Options{}, nil)
	ctx := context.Background()
	_, err := c.TrophyTitles(ctx, "1234567890123456789", 10, 0)
	var ae *APIError
	if !IsNotFound(err) || IsUserNotFound(err) || !errors.As(err, &ae) || ae.Endpoint != EndpointTrophyTitles {
		t.Errorf("title list of an unknown account: %v", err)
	}
	_, err = c.EarnedTrophies(ctx, "me", TitleRef{NPCommunicationID: "NPWR90001_00", Platform: "PS5"}, GroupAll)
	if !IsNotFound(err) || IsUserNotFound(err) || !errors.As(err, &ae) || ae.Endpoint != EndpointEarnedTrophies {
		t.Errorf("a title never played: %v", err)
	}
	if _, err := c.LookupOnlineID(ctx, "x"); !IsUserNotFound(err) {
		t.Errorf("impossible online ID: %v", err)
	}
}
