package psnapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestErrorAnswersBecomeTypedErrors(t *testing.T) {
	now := clockStart
	cases := []struct {
		name     string
		status   int
		header   http.Header
		body     string
		kind     Kind
		sentinel error
		code     int
		message  string
		ref      string
	}{
		{"bad request", 400, nil,
			`{"error": {"referenceId": "e04f1646", "code": 2281473, "message": "Bad Request (path: accountId)"}}`,
			KindBadRequest, ErrBadRequest, 2281473, "Bad Request (path: accountId)", "e04f1646"},
		{"unauthorized", 401, nil, `{"error":{"referenceId":"r","code":2241025,"message":"Invalid token"}}`,
			KindUnauthorized, ErrUnauthorized, 2241025, "Invalid token", "r"},
		{"private", 403, nil,
			`{"error": {"referenceId": "f9b1594f", "code": 2240526, "message": "Not permitted by access control"}}`,
			KindForbidden, ErrForbidden, 2240526, "Not permitted by access control", "f9b1594f"},
		{"not found", 404, nil, `{"error": {"referenceId": "x", "code": 2240525, "message": "Resource not found"}}`,
			KindNotFound, ErrNotFound, 2240525, "Resource not found", "x"},
		{"profile2 user not found (no referenceId)", 404, nil,
			`{"error": {"code": 2105356, "message": "User not found (user: 'dfhlidsahfdszh')"}}`,
			KindNotFound, ErrNotFound, 2105356, "User not found (user: 'dfhlidsahfdszh')", ""},
		{"oauth", 400, nil, `{"error":"invalid_grant","error_description":"Invalid refresh token","error_code":4159}`,
			KindBadRequest, ErrBadRequest, 4159, "invalid_grant: Invalid refresh token", ""},
		{"graphql", 400, nil, `{"errors":[{"message":"PersistedQueryNotFound"}]}`,
			KindBadRequest, ErrBadRequest, 0, "PersistedQueryNotFound", ""},
		{"html 503", 503, nil,
			"<!DOCTYPE html>\n<html><head><title>503 Service\n Temporarily Unavailable</title></head><body><h1>Oops</h1></body></html>",
			KindServer, ErrServer, 0, "503 Service Temporarily Unavailable", ""},
		{"json 500", 500, nil, `{"error":{"referenceId":"z","code":2240513,"message":"Internal error"}}`,
			KindServer, ErrServer, 2240513, "Internal error", "z"},
		{"empty 502", 502, nil, "", KindServer, ErrServer, 0, "", ""},
		{"plain text 504", 504, nil, "upstream request timeout", KindServer, ErrServer, 0, "upstream request timeout", ""},
		{"teapot", 418, nil, `{"error":{"code":"17","message":"odd"}}`, KindOther, nil, 17, "odd", ""},
		{"garbage json", 400, nil, `{"error":`, KindBadRequest, ErrBadRequest, 0, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := parseErrorResponse("someEndpoint", tc.status, tc.header, []byte(tc.body), now)
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("%T %v", err, err)
			}
			if ae.Kind != tc.kind || ae.Status != tc.status || ae.Code != tc.code || ae.Message != tc.message ||
				ae.ReferenceID != tc.ref || ae.Endpoint != "someEndpoint" {
				t.Errorf("got %#v", ae)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("errors.Is(%v, %v) is false", err, tc.sentinel)
			}
			for _, other := range []error{ErrNotFound, ErrForbidden, ErrUnauthorized, ErrBadRequest, ErrServer, ErrRateLimited} {
				if other != tc.sentinel && errors.Is(err, other) {
					t.Errorf("%v also matches %v", err, other)
				}
			}
			if KindOf(err) != tc.kind {
				t.Errorf("KindOf = %v", KindOf(err))
			}
		})
	}
}

func TestTooManyRequestsCarriesNextAvailable(t *testing.T) {
	at := clockStart.Add(10 * time.Minute).Truncate(time.Second)
	h := http.Header{"X-Ratelimit-Next-Available": {strconv.FormatInt(at.Unix(), 10)}}
	err := parseErrorResponse("trophyTitles", 429, h, []byte(`{"error":{"referenceId":"a","code":2240532,"message":"Too many requests"}}`), clockStart)
	var rl *RateLimitedError
	if !errors.As(err, &rl) || !rl.NextAvailable.Equal(at) || rl.Status != 429 || rl.Code != 2240532 ||
		rl.Message != "Too many requests" || !errors.Is(err, ErrRateLimited) || !IsRateLimited(err) {
		t.Fatalf("got %#v", err)
	}
	// An HTML 429 without the header still stops sending for a while.
	err = parseErrorResponse("trophyTitles", 429, http.Header{}, []byte("<html><title>429 Too Many Requests</title></html>"), clockStart)
	if !errors.As(err, &rl) || !rl.NextAvailable.Equal(clockStart.Add(defaultRateLimitPause)) || rl.Message != "429 Too Many Requests" {
		t.Fatalf("got %#v", err)
	}
	// Milliseconds and Retry-After are understood too.
	ms := http.Header{"X-Ratelimit-Next-Available": {strconv.FormatInt(at.UnixMilli(), 10)}}
	if got := nextAvailable(ms, clockStart); !got.Equal(at) {
		t.Errorf("milliseconds: %v", got)
	}
	if got := nextAvailable(http.Header{"Retry-After": {"120"}}, clockStart); !got.Equal(clockStart.Add(2 * time.Minute)) {
		t.Errorf("Retry-After: %v", got)
	}
	// Beyond Sony's 15-minute window a time is nonsense (a broken header, a clock set back): it is
	// ignored like a missing one, and the default pause applies.
	for _, h := range []http.Header{
		{"X-Ratelimit-Next-Available": {"99999999999"}},
		{"X-Ratelimit-Next-Available": {strconv.FormatInt(clockStart.Add(16*time.Minute).Unix(), 10)}},
		{"X-Ratelimit-Next-Available": {"1e300"}},
		{"Retry-After": {"999999999999"}},
		{"Retry-After": {"Fri, 31 Dec 9999 23:59:59 GMT"}},
	} {
		if got := nextAvailable(h, clockStart); !got.Equal(clockStart.Add(defaultRateLimitPause)) {
			t.Errorf("%v: next available %v", h, got)
		}
	}
}

func TestErrorsThroughTheClient(t *testing.T) {
	t.Run("HTML 503 after the retries", func(t *testing.T) {
		e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(503)
			_, _ = w.Write([]byte("<html><head><title>Service Unavailable</title></head></html>"))
		})
		_, err := e.client.TrophySummary(context.Background(), "me")
		var ae *APIError
		if !errors.As(err, &ae) || ae.Kind != KindServer || ae.Status != 503 || ae.Message != "Service Unavailable" || ae.Endpoint != "trophySummary" {
			t.Fatalf("err = %#v", err)
		}
		if n := len(e.requests()); n != 3 {
			t.Errorf("%d attempts, want 3", n)
		}
	})
	t.Run("HTML 429", func(t *testing.T) {
		next := clockStart.Add(10 * time.Minute)
		e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Next-Available", strconv.FormatInt(next.Unix(), 10))
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(429)
			_, _ = w.Write([]byte("<html><body>Too Many Requests</body></html>"))
		})
		_, err := e.client.TrophySummary(WithFailFast(context.Background()), "me")
		var rl *RateLimitedError
		if !errors.As(err, &rl) || !rl.NextAvailable.Equal(next) || rl.Status != 429 {
			t.Fatalf("err = %#v", err)
		}
		if !e.client.Rate().NextAvailable.Equal(next) {
			t.Errorf("snapshot next-available %v", e.client.Rate().NextAvailable)
		}
	})
	t.Run("404 and 403 are not retried", func(t *testing.T) {
		for status, body := range map[int]string{
			404: `{"error":{"referenceId":"a","code":2240525,"message":"Resource not found"}}`,
			403: `{"error":{"referenceId":"a","code":2240526,"message":"Not permitted by access control"}}`,
		} {
			e := newEnv(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, status, body) })
			_, err := e.client.EarnedTrophyGroups(context.Background(), "1", TitleRef{NPCommunicationID: "NPWR1_00", Platform: "PS4"})
			if KindOf(err) != kindForStatus(status) || len(e.requests()) != 1 {
				t.Errorf("%d: err %v after %d requests", status, err, len(e.requests()))
			}
		}
	})
}
