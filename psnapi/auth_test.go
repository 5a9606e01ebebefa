package psnapi

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	authorizePath = "/api/authz/v3/oauth/authorize"
	tokenPath     = "/api/authz/v3/oauth/token"
	summaryPath   = "/api/trophy/v1/users/me/trophySummary"
	newAccess     = "access-SECRET-new1"
	newRefresh    = "refresh-SECRET-new2"
)

const tokenAnswer = `{"access_token": "` + newAccess + `", "token_type": "bearer", "expires_in": 3599,
 "scope": "psn:mobile.v2.core psn:clientapp", "id_token": "id-SECRET", "refresh_token": "` + newRefresh + `",
 "refresh_token_expires_in": 5183999}`

// sonyAuth plays Sony's OAuth server: authorize redirects with a code for the right NPSSO (to the
// sign-in page otherwise), token exchanges codes and refresh tokens. api answers the API calls.
func sonyAuth(t *testing.T, api http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case authorizePath:
			q := r.URL.Query()
			for k, v := range map[string]string{"client_id": oauthClientID, "redirect_uri": oauthRedirectURI,
				"scope": "psn:mobile.v2.core psn:clientapp", "response_type": "code", "access_type": "offline"} {
				if q.Get(k) != v {
					t.Errorf("authorize %s = %q, want %q", k, q.Get(k), v)
				}
			}
			if c, err := r.Cookie("npsso"); err != nil || c.Value != testNPSSO {
				w.Header().Set("Location", "https://my.account.sony.com/sonyacct/signin/?access_type=offline&auth_ver=v3&error=login_required&error_code=4165&error_description=User+is+not+authenticated")
				w.WriteHeader(http.StatusFound)
				return
			}
			w.Header().Set("Location", "com.scee.psxandroid.scecompcall://redirect/?code=v3.kqNaIA&cid=00000000-0000-0000-0000-5d152414a040")
			w.WriteHeader(http.StatusFound)
		case tokenPath:
			if r.Method != http.MethodPost || r.Header.Get("Authorization") != oauthBasic {
				t.Errorf("token: %s with Authorization %q", r.Method, r.Header.Get("Authorization"))
			}
			if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
				t.Errorf("token content type %q", r.Header.Get("Content-Type"))
			}
			f := r.PostForm
			if f.Get("token_format") != "jwt" {
				t.Errorf("token_format = %q", f.Get("token_format"))
			}
			switch f.Get("grant_type") {
			case "authorization_code":
				if f.Get("code") != "v3.kqNaIA" || f.Get("redirect_uri") != oauthRedirectURI {
					t.Errorf("exchange form %v", f)
				}
			case "refresh_token":
				if f.Get("scope") != oauthScope {
					t.Errorf("refresh scope %q", f.Get("scope"))
				}
				if f.Get("refresh_token") != testRefresh && f.Get("refresh_token") != newRefresh {
					writeJSON(w, 400, `{"error":"invalid_grant","error_description":"Invalid refresh token","error_code":4159}`)
					return
				}
			default:
				t.Errorf("grant_type %q", f.Get("grant_type"))
			}
			writeJSON(w, 200, tokenAnswer)
		default:
			api(w, r)
		}
	}
}

const summaryBody = `{"accountId":"1","trophyLevel":1,"trophyPoint":0,"trophyLevelBasePoint":0,"trophyLevelNextPoint":60,"progress":0,"tier":1,"earnedTrophies":{"bronze":0,"silver":0,"gold":0,"platinum":0}}`

// acceptOnly answers the API only for the given access token, 401 otherwise.
func acceptOnly(token string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			writeJSON(w, 401, `{"error":{"referenceId":"r","code":2241025,"message":"Invalid token"}}`)
			return
		}
		writeJSON(w, 200, summaryBody)
	}
}

func TestLoginExchangesNPSSOForTokens(t *testing.T) {
	e := newEnv(t, sonyAuth(t, acceptOnly(newAccess)), func(o *Options, e *testEnv) {
		e.tokens = &MemoryTokens{}
		o.Tokens = e.tokens
	})
	tok, err := e.client.Login(context.Background(), "  "+testNPSSO+"\n")
	if err != nil {
		t.Fatal(err)
	}
	now := e.clock.Now()
	if tok.AccessToken != newAccess || tok.RefreshToken != newRefresh || tok.Scope != oauthScope ||
		!tok.AccessExpiresAt.Equal(now.Add(3599*time.Second)) || !tok.RefreshExpiresAt.Equal(now.Add(5183999*time.Second)) {
		t.Errorf("token %v (%s, %s)", tok, tok.AccessExpiresAt, tok.RefreshExpiresAt)
	}
	saved, _ := e.tokens.LoadToken()
	if e.tokens.Saves() != 1 || saved != tok {
		t.Errorf("%d saves, saved %v, want %v", e.tokens.Saves(), saved, tok)
	}
	// The new token is used at once.
	if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	if e.count(authorizePath) != 1 || e.count(tokenPath) != 1 || e.count(summaryPath) != 1 {
		t.Errorf("requests: %+v", e.requests())
	}
}

func TestLoginWithAnInvalidNPSSO(t *testing.T) {
	e := newEnv(t, sonyAuth(t, acceptOnly(newAccess)))
	_, err := e.client.Login(context.Background(), "npssoWRONG")
	if !errors.Is(err, ErrNPSSOInvalid) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "login_required") {
		t.Errorf("Sony's reason is lost: %v", err)
	}
	if e.count(tokenPath) != 0 {
		t.Error("a code exchange was attempted without a code")
	}
	for _, bad := range []string{"", "   ", "a;b", "x\r\nSet-Cookie: y"} {
		before := len(e.requests())
		if _, err := e.client.Login(context.Background(), bad); !errors.Is(err, ErrNPSSOInvalid) {
			t.Errorf("Login(%q) = %v", bad, err)
		}
		if len(e.requests()) != before {
			t.Errorf("Login(%q) sent a request", bad)
		}
	}
}

func TestLoginRequiresRedirectNotFollowed(t *testing.T) {
	// Sony answering 200 (a sign-in page) instead of a redirect is a refused NPSSO.
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><title>Sign in</title></html>"))
	})
	if _, err := e.client.Login(context.Background(), testNPSSO); !errors.Is(err, ErrNPSSOInvalid) {
		t.Errorf("err = %v", err)
	}
	// An HTTP redirect to a normal URL must not be followed either.
	e = newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != authorizePath {
			t.Errorf("followed the redirect to %s", r.URL.Path)
		}
		http.Redirect(w, r, "/elsewhere?error=login_required", http.StatusFound)
	})
	if _, err := e.client.Login(context.Background(), testNPSSO); !errors.Is(err, ErrNPSSOInvalid) {
		t.Errorf("err = %v", err)
	}
}

func TestAccessTokenIsRefreshedBeforeExpiry(t *testing.T) {
	e := newEnv(t, sonyAuth(t, acceptOnly(newAccess)), func(o *Options, e *testEnv) {
		tok := validToken(clockStart)
		tok.AccessExpiresAt = clockStart.Add(30 * time.Second) // within the one-minute margin
		e.tokens = NewMemoryTokens(tok)
		o.Tokens = e.tokens
	})
	if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	reqs := e.requests()
	if len(reqs) != 2 || reqs[0].Path != tokenPath || reqs[1].Path != summaryPath {
		t.Fatalf("requests %+v", reqs)
	}
	if reqs[0].Form.Get("grant_type") != "refresh_token" || reqs[0].Form.Get("refresh_token") != testRefresh {
		t.Errorf("refresh form %v", reqs[0].Form)
	}
	saved, _ := e.tokens.LoadToken()
	if e.tokens.Saves() != 1 || saved.AccessToken != newAccess || saved.RefreshToken != newRefresh {
		t.Errorf("refreshed token not saved: %d saves, %v", e.tokens.Saves(), saved)
	}
	// Still valid: no second refresh.
	if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	if e.count(tokenPath) != 1 {
		t.Errorf("%d refreshes", e.count(tokenPath))
	}
}

func TestUnauthorizedTriggersOneRefreshAndOneRetry(t *testing.T) {
	e := newEnv(t, sonyAuth(t, acceptOnly(newAccess)))
	if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	if e.count(tokenPath) != 1 || e.count(summaryPath) != 2 {
		t.Errorf("%d refreshes, %d API requests", e.count(tokenPath), e.count(summaryPath))
	}

	// A token the server keeps refusing: one refresh, one retry, then the 401 as an error.
	e = newEnv(t, sonyAuth(t, acceptOnly("nobody")))
	_, err := e.client.TrophySummary(context.Background(), "me")
	if !IsUnauthorized(err) || KindOf(err) != KindUnauthorized {
		t.Fatalf("err = %v", err)
	}
	if e.count(tokenPath) != 1 || e.count(summaryPath) != 2 {
		t.Errorf("%d refreshes, %d API requests", e.count(tokenPath), e.count(summaryPath))
	}
}

func TestConcurrentCallersShareOneRefresh(t *testing.T) {
	release := make(chan struct{})
	auth := sonyAuth(t, acceptOnly(newAccess))
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == tokenPath {
			<-release
		}
		auth(w, r)
	}, func(o *Options, e *testEnv) {
		tok := validToken(clockStart)
		tok.AccessExpiresAt = clockStart.Add(-time.Minute)
		o.Tokens = NewMemoryTokens(tok)
		o.MaxInFlight = 32
	})
	const callers = 16
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.client.TrophySummary(context.Background(), "me")
			errs <- err
		}()
	}
	// Wait until every caller joined the refresh in flight, then let it finish.
	for {
		e.client.auth.mu.Lock()
		joined := 0
		if f := e.client.auth.flight; f != nil {
			joined = f.joined
		}
		e.client.auth.mu.Unlock()
		if joined == callers {
			break
		}
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := e.count(tokenPath); n != 1 {
		t.Errorf("%d refreshes for %d concurrent callers, want 1", n, callers)
	}
}

func TestRefusedRefreshMeansLoginRequired(t *testing.T) {
	e := newEnv(t, sonyAuth(t, acceptOnly(newAccess)), func(o *Options, e *testEnv) {
		tok := validToken(clockStart)
		tok.AccessExpiresAt = clockStart
		tok.RefreshToken = "refresh-SECRET-revoked"
		o.Tokens = NewMemoryTokens(tok)
	})
	_, err := e.client.TrophySummary(context.Background(), "me")
	if !errors.Is(err, ErrLoginRequired) || !IsLoginRequired(err) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "log in again") {
		t.Errorf("message %q does not tell what to do", err)
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != 4159 || !strings.Contains(ae.Message, "invalid_grant") {
		t.Errorf("Sony's answer is lost: %#v", ae)
	}
	if e.count(summaryPath) != 0 {
		t.Error("the API was called without a token")
	}
}

func TestMissingOrExpiredSessionNeedsLoginWithoutRequests(t *testing.T) {
	expired := validToken(clockStart.Add(-90 * 24 * time.Hour))
	cases := map[string]TokenStore{
		"no tokens":             &MemoryTokens{},
		"refresh token expired": NewMemoryTokens(expired),
		"store unreadable":      failingStore{},
	}
	for name, store := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, sonyAuth(t, acceptOnly(newAccess)), func(o *Options, e *testEnv) { o.Tokens = store })
			_, err := e.client.TrophySummary(context.Background(), "me")
			if !errors.Is(err, ErrLoginRequired) {
				t.Errorf("err = %v", err)
			}
			if n := len(e.requests()); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

type failingStore struct{}

func (failingStore) LoadToken() (Token, error) {
	return Token{}, errors.New("credentials.json: permission denied")
}
func (failingStore) SaveToken(Token) error { return errors.New("read-only") }

func TestAuthorizationCodeFromLocation(t *testing.T) {
	cases := []struct {
		location, code string
		npssoInvalid   bool
	}{
		{"com.scee.psxandroid.scecompcall://redirect/?code=v3.kqNaIA&cid=00000000-0000-0000-0000-5d152414a040", "v3.kqNaIA", false},
		{"com.scee.psxandroid.scecompcall://redirect?code=v3.X", "v3.X", false},
		{"https://my.account.sony.com/sonyacct/signin/?error=login_required&error_code=4165&error_description=User+is+not+authenticated", "", true},
		{"https://my.account.sony.com/sonyacct/signin/", "", true},
		{"", "", true},
		{"com.scee.psxandroid.scecompcall://redirect/?code=", "", true},
	}
	for _, tc := range cases {
		code, err := authorizationCode(tc.location)
		if code != tc.code || errors.Is(err, ErrNPSSOInvalid) != tc.npssoInvalid {
			t.Errorf("authorizationCode(%q) = %q, %v", tc.location, code, err)
		}
	}
	if _, err := authorizationCode("%zz://bad"); err == nil {
		t.Error("an unparsable location gave no error")
	}
}
