package psnapi

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestNewAppliesDefaults(t *testing.T) {
	c := New(Options{})
	if c.apiBase != DefaultAPIBase || c.authBase != DefaultAuthBase || c.profileBase != DefaultProfileBase {
		t.Errorf("bases %s %s %s", c.apiBase, c.authBase, c.profileBase)
	}
	if c.limiter.maxInFlight != DefaultMaxInFlight || c.retry != DefaultRetryPolicy {
		t.Errorf("in flight %d, retry %+v", c.limiter.maxInFlight, c.retry)
	}
	if s := c.Rate(); s.Limit != 0 {
		t.Errorf("zero Options must mean no budget, got %+v", s)
	}
	c = New(Options{RateLimit: DefaultRateLimit})
	if c.limiter.bgCap() != 240 || c.limiter.limit != 300 {
		t.Errorf("300/15m with the default 20%% reserve: background cap %d", c.limiter.bgCap())
	}
	if !strings.Contains(c.String(), "0/300") {
		t.Errorf("String %s", c)
	}
}

func TestHeadersAndBaseURLs(t *testing.T) {
	e := newEnv(t, serve(summaryBody), func(o *Options, e *testEnv) {
		o.Language = "de-DE"
		o.APIBase += "/" // a trailing slash must not double
	})
	if _, err := e.client.TrophySummary(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	r := e.requests()[0]
	if r.Path != "/api/trophy/v1/users/me/trophySummary" || r.Header.Get("Accept-Language") != "de-DE" ||
		r.Header.Get("Accept") != "application/json" || r.Header.Get("User-Agent") == "" {
		t.Errorf("%s %v", r.Path, r.Header)
	}
}

func TestPathSegmentsAreEscaped(t *testing.T) {
	var got []string
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.EscapedPath())
		writeJSON(w, 404, `{"error":{"code":2240525,"message":"Resource not found"}}`)
	})
	_, _ = e.client.TrophySummary(context.Background(), "../../authz")
	_, _ = e.client.TitleTrophies(context.Background(), TitleRef{NPCommunicationID: "NPWR1_00/../x?y"}, "all")
	want := []string{
		"/api/trophy/v1/users/..%2F..%2Fauthz/trophySummary",
		"/api/trophy/v1/npCommunicationIds/NPWR1_00%2F..%2Fx%3Fy/trophyGroups/all/trophies",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paths\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
