package psnapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fuzz targets for the decoders fuzz_test.go does not cover: the trophy summary, title and earned
// trophy groups, title summaries by npTitleId, and the OAuth token answer.

func FuzzDecodeTrophySummary(f *testing.F) {
	fuzzDecoder[TrophySummary](f, []string{refSummaryExample, `{"trophyLevel":"437","progress":"x"}`,
		`{"earnedTrophies":{"bronze":-1,"platinum":1e9}}`}, "/trophySummary")
}

func FuzzDecodeTitleTrophyGroups(f *testing.F) {
	fuzzDecoder[TitleTrophyGroups](f, []string{refTitleGroupsExample1, refTitleGroupsExample2,
		`{"trophyGroups":[{"trophyGroupId":null,"definedTrophies":{}}]}`}, "/trophyGroups")
}

func FuzzDecodeEarnedTrophyGroups(f *testing.F) {
	fuzzDecoder[EarnedTrophyGroups](f, []string{refEarnedGroupsExample1, refEarnedGroupsExample2,
		`{"trophyGroups":[{"progress":101,"lastUpdatedDateTime":"2020-13-45T99:99:99Z"}]}`}, "/trophyGroups")
}

func FuzzDecodeTitleSummaries(f *testing.F) {
	fuzzDecoder[TitleSummaries](f, []string{refTitleSummariesExample1, refTitleSummariesExample2,
		`{"titles":[{"npTitleId":"CUSA1","trophyTitles":[]}]}`, `{"titles":[{"trophyTitles":null}]}`}, "/titles/")
}

// FuzzTokenAnswer feeds the token endpoint's answer to a real login: whatever Sony sends, the
// login either yields a usable token or fails with a typed error, and the error never repeats a
// token from the body.
func FuzzTokenAnswer(f *testing.F) {
	for _, s := range []string{
		tokenAnswer,
		`{"access_token":"a","expires_in":"3599","refresh_token":"r","refresh_token_expires_in":"5183999"}`,
		`{"access_token":"a","expires_in":-5}`,
		`{"access_token":"a","expires_in":1e300,"refresh_token_expires_in":9223372036854775807}`,
		`{"access_token":"","refresh_token":"r"}`,
		`{"error":"invalid_grant","error_description":"Invalid refresh token","error_code":4159}`,
		`{"access_token":"secret-a","expires_in":`,
		`<html>502</html>`, ``, `null`, `[]`,
	} {
		f.Add(200, []byte(s))
	}
	f.Add(400, []byte(`{"error":"invalid_grant","error_description":"Invalid grant","error_code":4159}`))
	f.Add(500, []byte(`{"access_token":"secret-b"}`))

	var mu sync.Mutex
	var status int
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		st, b := status, body
		mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/authorize") {
			w.Header().Set("Location", oauthRedirectURI+"?code=v3.fuzz&cid=x")
			w.WriteHeader(http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(st)
		w.Write(b)
	}))
	f.Cleanup(srv.Close)

	f.Fuzz(func(t *testing.T, st int, b []byte) {
		if st < 200 || st > 599 || st == http.StatusTooManyRequests {
			st = 200 + (st%400+400)%400
		}
		if st >= 300 && st < 400 || st == http.StatusTooManyRequests {
			st = 200
		}
		mu.Lock()
		status, body = st, b
		mu.Unlock()
		c := New(Options{APIBase: srv.URL, AuthBase: srv.URL, ProfileBase: srv.URL, HTTPClient: srv.Client(),
			Tokens: NewMemoryTokens(Token{}), Now: func() time.Time { return clockStart },
			Sleep: func(context.Context, time.Duration) error { return nil }})
		tok, err := c.Login(context.Background(), "fuzz-npsso")
		var sent struct{ AccessToken, RefreshToken string }
		var raw map[string]any
		if json.Unmarshal(b, &raw) == nil {
			sent.AccessToken, _ = raw["access_token"].(string)
			sent.RefreshToken, _ = raw["refresh_token"].(string)
		}
		if err != nil {
			var de *DecodeError
			var ae *APIError
			if !errors.As(err, &de) && !errors.As(err, &ae) && !errors.Is(err, ErrNPSSOInvalid) && !errors.Is(err, ErrLoginRequired) {
				t.Fatalf("status %d: untyped error %T %v", st, err, err)
			}
			for _, s := range []string{sent.AccessToken, sent.RefreshToken} {
				if len(s) >= 4 && strings.Contains(err.Error(), s) {
					t.Fatalf("error %q repeats a token from the answer", err)
				}
			}
			return
		}
		if tok.AccessToken == "" || !tok.AccessExpiresAt.After(clockStart) {
			t.Fatalf("status %d: login accepted an unusable token %v (expires %v)", st, tok, tok.AccessExpiresAt)
		}
	})
}
