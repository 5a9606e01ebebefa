package psnapi

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

var secrets = []string{testAccess, testRefresh, testNPSSO, newAccess, newRefresh, "SECRET"}

func assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, secret := range secrets {
		if strings.Contains(s, secret) {
			t.Errorf("%s leaks %q: %s", what, secret, s)
		}
	}
}

var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

func assertPrintsNoSecret(t *testing.T, what string, v any) {
	t.Helper()
	for _, verb := range verbs {
		assertNoSecret(t, what+" "+verb, fmt.Sprintf(verb, v))
	}
}

func TestTokensNeverPrint(t *testing.T) {
	tok := validToken(clockStart)
	assertPrintsNoSecret(t, "Token", tok)
	assertPrintsNoSecret(t, "*Token", &tok)
	assertPrintsNoSecret(t, "[]Token", []Token{tok})
	assertPrintsNoSecret(t, "struct with a Token", struct{ T Token }{tok})
	assertPrintsNoSecret(t, "map of Token", map[string]Token{"me": tok})
	assertNoSecret(t, "Token.String", tok.String())
	assertNoSecret(t, "Token.GoString", tok.GoString())
	if !strings.Contains(tok.String(), "redacted") || !strings.Contains(tok.String(), "2026-01-02T04:04:05Z") {
		t.Errorf("the redacted form should still say what is there: %s", tok)
	}
	m := NewMemoryTokens(tok)
	assertPrintsNoSecret(t, "*MemoryTokens", m)
	assertPrintsNoSecret(t, "Options", Options{Tokens: m})
	assertPrintsNoSecret(t, "*Options", &Options{Tokens: m})
}

func TestClientNeverPrintsItsTokens(t *testing.T) {
	e := newEnv(t, sonyAuth(t, acceptOnly(newAccess)))
	if _, err := e.client.Login(context.Background(), testNPSSO); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	assertPrintsNoSecret(t, "*Client", e.client)
	assertPrintsNoSecret(t, "struct with a *Client", struct{ C *Client }{e.client})
	assertNoSecret(t, "Client.String", e.client.String())
}

// collectErrors provokes every error path that handles a secret and returns the errors.
func collectErrors(t *testing.T) []error {
	var errs []error
	add := func(err error) {
		if err == nil {
			t.Error("expected an error")
			return
		}
		errs = append(errs, err)
	}
	ctx := context.Background()

	// Invalid NPSSO (Sony's sign-in redirect).
	e := newEnv(t, sonyAuth(t, acceptOnly(newAccess)))
	_, err := e.client.Login(ctx, "npssoSECRETwrong")
	add(err)

	// Refused refresh token.
	e = newEnv(t, sonyAuth(t, acceptOnly(newAccess)), func(o *Options, e *testEnv) {
		tok := validToken(clockStart)
		tok.AccessExpiresAt = clockStart
		tok.RefreshToken = "refresh-SECRET-revoked"
		o.Tokens = NewMemoryTokens(tok)
	})
	_, err = e.client.TrophySummary(ctx, "me")
	add(err)

	// 401 that survives a refresh.
	e = newEnv(t, sonyAuth(t, acceptOnly("nobody")))
	_, err = e.client.TrophySummary(ctx, "me")
	add(err)

	// A token answer that is not JSON but still holds the token.
	e = newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == authorizePath {
			w.Header().Set("Location", oauthRedirectURI+"/?code=v3.SECRET")
			w.WriteHeader(http.StatusFound)
			return
		}
		writeJSON(w, 200, `{"access_token": "`+newAccess+`", "refresh_token": "`+newRefresh+`", "expires_in": "x`)
	})
	_, err = e.client.Login(ctx, testNPSSO)
	add(err)

	// A token exchange refused with the code echoed in Sony's message.
	e = newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == authorizePath {
			w.Header().Set("Location", oauthRedirectURI+"/?code=v3.abc")
			w.WriteHeader(http.StatusFound)
			return
		}
		writeJSON(w, 400, `{"error":"invalid_grant","error_description":"Invalid authorization code","error_code":4142}`)
	})
	_, err = e.client.Login(ctx, testNPSSO)
	add(err)

	// Offline during authorize (the request carries the NPSSO cookie) and during a refresh.
	ln, lerr := net.Listen("tcp", "127.0.0.1:0")
	if lerr != nil {
		t.Fatal(lerr)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	tok := validToken(clockStart)
	tok.AccessExpiresAt = clockStart
	offline := New(Options{APIBase: dead, AuthBase: dead, ProfileBase: dead, Tokens: NewMemoryTokens(tok),
		HTTPClient: &http.Client{Timeout: 5 * time.Second}, Now: newAutoClock().Now, Sleep: newAutoClock().Sleep})
	_, err = offline.Login(ctx, testNPSSO)
	add(err)
	_, err = offline.TrophySummary(ctx, "me")
	add(err)
	return errs
}

func TestErrorsNeverCarrySecrets(t *testing.T) {
	errs := collectErrors(t)
	if len(errs) != 7 {
		t.Fatalf("%d errors collected", len(errs))
	}
	for i, err := range errs {
		assertNoSecret(t, fmt.Sprintf("error %d Error()", i), err.Error())
		assertPrintsNoSecret(t, fmt.Sprintf("error %d (%T)", i, err), err)
	}
	if !IsNetwork(errs[5]) || !IsNetwork(errs[6]) {
		t.Errorf("offline errors: %v / %v", errs[5], errs[6])
	}
}
