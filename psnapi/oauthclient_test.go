package psnapi

import (
	"context"
	"encoding/base64"
	"net/http"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

func TestDefaultOAuthClientIsTheApps(t *testing.T) {
	oc := newOAuthClient(Options{})
	if oc.basic != oauthBasic || oc.id != DefaultClientID || oc.redirectURI != DefaultRedirectURI || oc.scope != DefaultScope {
		t.Fatalf("%+v", oc)
	}
	if oauthBasic != psntest.ClientBasic || DefaultClientSecret != psntest.ClientSecret {
		t.Fatal("the fake and the client disagree on the app's client")
	}
}

// Issue 14 #18: the OAuth client values can be replaced. Against a fake playing a Sony that
// rotated its client, the app's values are refused and the new ones log in and refresh.
func TestOAuthClientCanBeReplaced(t *testing.T) {
	clock := newAutoClock()
	rotated := psntest.Options{Now: clock.Now, TokenLifetime: 10 * time.Minute,
		ClientID: "11111111-2222-3333-4444-555555555555", ClientSecret: "n3wS3cret",
		RedirectURI: "com.example.psn://cb", Scope: "psn:mobile.v3.core psn:clientapp"}
	srv := psntest.NewServer(rotated)
	defer srv.Close()
	ctx := context.Background()

	old := fakeClient(srv, clock, nil)
	if _, err := old.Login(ctx, psntest.DemoNPSSO); err == nil {
		t.Fatal("the retired client id still logs in")
	}

	c := fakeClient(srv, clock, func(o *Options) {
		o.ClientID, o.ClientSecret, o.RedirectURI, o.Scope = " "+rotated.ClientID+" ", rotated.ClientSecret, rotated.RedirectURI, rotated.Scope
	})
	tok, err := c.Login(ctx, psntest.DemoNPSSO)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Scope != rotated.Scope {
		t.Errorf("scope %q", tok.Scope)
	}
	clock.Advance(20 * time.Minute) // past the access token: the next call refreshes
	if _, err := c.TrophySummary(ctx, "me"); err != nil {
		t.Fatalf("after the refresh: %v", err)
	}
	var sawAuthorize, sawRefresh bool
	for _, r := range srv.Requests() {
		switch r.Path {
		case "/api/authz/v3/oauth/authorize":
			if r.Query.Get("client_id") == rotated.ClientID && r.Query.Get("redirect_uri") == rotated.RedirectURI &&
				r.Query.Get("scope") == rotated.Scope && r.Status == http.StatusFound {
				sawAuthorize = true
			}
		case "/api/authz/v3/oauth/token":
			if r.Status == http.StatusOK {
				sawRefresh = true
			}
		}
	}
	if !sawAuthorize || !sawRefresh {
		t.Errorf("authorize with the new values %v, token answered %v", sawAuthorize, sawRefresh)
	}
}

// The token endpoint gets Basic base64(id:secret) of the replaced client, and a refresh its scope.
func TestReplacedClientSecretIsSentAsBasic(t *testing.T) {
	var basic, scope string
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == tokenPath {
			basic, scope = r.Header.Get("Authorization"), r.PostForm.Get("scope")
			writeJSON(w, 200, tokenAnswer)
			return
		}
		writeJSON(w, 200, summaryBody)
	}, func(o *Options, e *testEnv) {
		o.ClientID, o.ClientSecret, o.Scope = "id", "secret", "s1 s2"
		e.tokens = NewMemoryTokens(Token{AccessToken: "old", RefreshToken: testRefresh, AccessExpiresAt: clockStart.Add(-time.Hour)})
		o.Tokens = e.tokens
	})
	if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	if basic != "Basic "+base64.StdEncoding.EncodeToString([]byte("id:secret")) || scope != "s1 s2" {
		t.Errorf("Authorization %q, scope %q", basic, scope)
	}
}

// Issue 14 #20: authorize is sent with Accept: */*, as the app and the reference clients send it.
func TestAuthorizeAcceptsAnything(t *testing.T) {
	e := newEnv(t, sonyAuth(t, acceptOnly(newAccess)))
	if _, err := e.client.Login(context.Background(), testNPSSO); err != nil {
		t.Fatal(err)
	}
	for _, r := range e.requests() {
		if r.Path == authorizePath || r.Path == tokenPath {
			if got := r.Header.Get("Accept"); got != "*/*" {
				t.Errorf("%s: Accept %q", r.Path, got)
			}
		}
	}
}
