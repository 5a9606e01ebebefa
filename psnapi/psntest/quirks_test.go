package psntest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPaginationTitles(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/trophy/v1/users/me/trophyTitles?limit=10&offset=50")
	assertSubset(t, m, mustJSON(t, `{"nextOffset":60,"previousOffset":49,"totalItemCount":300}`), "page")
	if n := len(list(m["trophyTitles"])); n != 10 {
		t.Fatalf("%d titles, want 10", n)
	}
	m = h.getOK("/api/trophy/v1/users/me/trophyTitles?limit=50&offset=0")
	if _, ok := m["previousOffset"]; ok {
		t.Fatal("previousOffset on the first page")
	}
	if m["nextOffset"] != 50.0 {
		t.Fatalf("nextOffset %v", m["nextOffset"])
	}
	m = h.getOK("/api/trophy/v1/users/me/trophyTitles?limit=50&offset=280")
	if _, ok := m["nextOffset"]; ok {
		t.Fatal("nextOffset on the last page")
	}
	if m["previousOffset"] != 279.0 || len(list(m["trophyTitles"])) != 20 {
		t.Fatalf("last page: prev %v, %d titles", m["previousOffset"], len(list(m["trophyTitles"])))
	}
	m = h.getOK("/api/trophy/v1/users/me/trophyTitles?limit=10&offset=500")
	if m["previousOffset"] != 299.0 || len(list(m["trophyTitles"])) != 0 {
		t.Fatalf("past the end: prev %v, %d titles", m["previousOffset"], len(list(m["trophyTitles"])))
	}
	// default limit 100
	m = h.getOK("/api/trophy/v1/users/me/trophyTitles")
	if len(list(m["trophyTitles"])) != 100 || m["nextOffset"] != 100.0 {
		t.Fatalf("default page: %d titles, next %v", len(list(m["trophyTitles"])), m["nextOffset"])
	}
	wantError(t, h.get("/api/trophy/v1/users/me/trophyTitles?limit=801"), 400, 2240513, "Bad Request (query: limit)")
	wantError(t, h.get("/api/trophy/v1/users/me/trophyTitles?offset=-1"), 400, 2240513, "Bad Request (query: offset)")
	// newest first
	all := h.allTitles("me")
	for i := 1; i < len(all); i++ {
		if obj(all[i-1])["lastUpdatedDateTime"].(string) < obj(all[i])["lastUpdatedDateTime"].(string) {
			t.Fatalf("titles not newest first at %d", i)
		}
	}
}

func TestPaginationTrophies(t *testing.T) {
	h := start(t, Options{})
	base := "/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups/all/trophies?npServiceName=trophy"
	m := h.getOK(base + "&limit=20&offset=20")
	assertSubset(t, m, mustJSON(t, `{"nextOffset":40,"previousOffset":19,"totalItemCount":71}`), "trophies page")
	if obj(list(m["trophies"])[0])["trophyId"] != 20.0 {
		t.Fatalf("page starts at %v", list(m["trophies"])[0])
	}
	m = h.getOK(base + "&limit=20&offset=60")
	if _, ok := m["nextOffset"]; ok || len(list(m["trophies"])) != 11 {
		t.Fatalf("last trophies page: %v", m["nextOffset"])
	}
	m = h.getOK("/api/trophy/v1/users/me/npCommunicationIds/NPWR10600_00/trophyGroups/002/trophies?npServiceName=trophy&limit=2&offset=1")
	assertSubset(t, m, mustJSON(t, `{"nextOffset":3,"previousOffset":0,"totalItemCount":6}`), "earned page")
	if obj(list(m["trophies"])[0])["trophyId"] != 60.0 {
		t.Fatalf("group 002 page starts at %v", list(m["trophies"])[0])
	}
	wantError(t, h.get(base+"&limit=0"), 400, 2240513, "Bad Request (query: limit)")
}

func TestNPServiceName(t *testing.T) {
	h := start(t, Options{})
	for _, p := range []string{
		"/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups/all/trophies",
		"/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups",
		"/api/trophy/v1/users/me/npCommunicationIds/NPWR10600_00/trophyGroups/all/trophies",
		"/api/trophy/v1/users/me/npCommunicationIds/NPWR10600_00/trophyGroups",
	} {
		wantError(t, h.get(p), 404, 2240525, "Resource not found")
		wantError(t, h.get(p+"?npServiceName=trophy2"), 404, 2240525, "Resource not found")
		if r := h.get(p + "?npServiceName=trophy"); r.status != 200 {
			t.Fatalf("%s with trophy: %d", p, r.status)
		}
		p = strings.Replace(p, "NPWR10600_00", "NPWR22859_00", 1) // PS5,PSPC
		wantError(t, h.get(p+"?npServiceName=trophy"), 404, 2240525, "Resource not found")
		for _, q := range []string{"", "?npServiceName=trophy2"} {
			if r := h.get(p + q); r.status != 200 {
				t.Fatalf("%s%s: %d", p, q, r.status)
			}
		}
	}
	wantError(t, h.get("/api/trophy/v1/npCommunicationIds/NPWR22859_00/trophyGroups?npServiceName=trophy3"), 400, 2240513, "Bad Request (query: npServiceName)")
	wantError(t, h.get("/api/trophy/v1/npCommunicationIds/NPWR99999_99/trophyGroups"), 404, 2240525, "Resource not found")
	wantError(t, h.get("/api/trophy/v1/npCommunicationIds/NPWR22859_00/trophyGroups/009/trophies"), 404, 2240525, "Resource not found")
}

func TestNotPlayedAndAccounts(t *testing.T) {
	h := start(t, Options{})
	// Apex Legends: the friend played it, the demo account did not.
	wantError(t, h.get("/api/trophy/v1/users/me/npCommunicationIds/NPWR21473_00/trophyGroups/all/trophies"), 404, 2240525, "Resource not found")
	wantError(t, h.get("/api/trophy/v1/users/me/npCommunicationIds/NPWR21473_00/trophyGroups"), 404, 2240525, "Resource not found")
	h.getOK("/api/trophy/v1/users/" + FriendAccountID + "/npCommunicationIds/NPWR21473_00/trophyGroups/all/trophies")
	h.getOK("/api/trophy/v1/npCommunicationIds/NPWR21473_00/trophyGroups/all/trophies") // definitions need no play

	// The private account: 403 on every trophy endpoint, its profile still resolves.
	for _, p := range []string{
		"/trophyTitles", "/trophySummary", "/titles/trophyTitles?npTitleIds=PPSA01325_00",
		"/npCommunicationIds/NPWR20188_00/trophyGroups", "/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies",
	} {
		wantError(t, h.get("/api/trophy/v1/users/"+PrivateAccountID+p), 403, 2240526, "Not permitted by access control")
	}
	m := h.getOK("/userProfile/v1/users/" + PrivateOnlineID + "/profile2?fields=accountId,onlineId")
	assertEqualJSON(t, m, map[string]any{"profile": map[string]any{"onlineId": PrivateOnlineID, "accountId": PrivateAccountID}}, "private profile")
	// ... but the private account sees its own trophies.
	priv := h.srv.IssueToken(PrivateAccountID).AccessToken
	if r := h.do("GET", "/api/trophy/v1/users/me/trophyTitles", priv); r.status != 200 {
		t.Fatalf("private account's own list: %d", r.status)
	}
	if r := h.do("GET", "/api/trophy/v1/users/"+PrivateAccountID+"/trophySummary", priv); r.status != 200 {
		t.Fatalf("private account's own summary: %d", r.status)
	}

	// The empty account.
	m = h.getOK("/api/trophy/v1/users/" + EmptyAccountID + "/trophyTitles")
	assertEqualJSON(t, m, map[string]any{"trophyTitles": []any{}, "totalItemCount": 0.0}, "empty list")
	m = h.getOK("/api/trophy/v1/users/" + EmptyAccountID + "/trophySummary")
	assertSubset(t, m, mustJSON(t, `{"trophyLevel":1,"trophyPoint":0,"progress":0,"tier":1,"earnedTrophies":{"bronze":0,"silver":0,"gold":0,"platinum":0}}`), "empty summary")

	// Unknown and malformed account ids.
	wantError(t, h.get("/api/trophy/v1/users/1234567890123456789/trophyTitles"), 404, 2240525, "Resource not found")
	wantError(t, h.get("/api/trophy/v1/users/FakeHunter/trophyTitles"), 400, 2240513, "Bad Request (path: accountId)")
}

func TestHiddenTitles(t *testing.T) {
	h := start(t, Options{})
	mine := h.allTitles("me")
	hidden := 0
	for _, e := range mine {
		if obj(e)["hiddenFlag"] == true {
			hidden++
		}
	}
	if hidden == 0 || len(mine) != 300 {
		t.Fatalf("%d titles, %d hidden", len(mine), hidden)
	}
	friend := &harness{t: t, srv: h.srv, clock: h.clock, token: h.srv.IssueToken(FriendAccountID).AccessToken}
	theirs := friend.allTitles(DemoAccountID)
	if len(theirs) != len(mine)-hidden {
		t.Fatalf("the friend sees %d of the demo account's titles, want %d", len(theirs), len(mine)-hidden)
	}
	for _, e := range theirs {
		if obj(e)["hiddenFlag"] == true {
			t.Fatal("a hidden title on another account's view")
		}
	}
	// The friend's own hidden title is not on the demo account's view of the friend.
	ownFriend := friend.allTitles("me")
	demoView := h.allTitles(FriendAccountID)
	if len(demoView) != len(ownFriend)-1 {
		t.Fatalf("friend has %d titles, demo sees %d", len(ownFriend), len(demoView))
	}
	// Overlap with differences: titles both have, titles only the friend has.
	mineByID := map[string]map[string]any{}
	for _, e := range mine {
		mineByID[obj(e)["npCommunicationId"].(string)] = obj(e)
	}
	both, onlyTheirs, differ := 0, 0, 0
	for _, e := range ownFriend {
		m, ok := mineByID[obj(e)["npCommunicationId"].(string)]
		if !ok {
			onlyTheirs++
			continue
		}
		both++
		if m["progress"] != obj(e)["progress"] {
			differ++
		}
	}
	if both < 50 || onlyTheirs < 10 || differ < both/2 {
		t.Fatalf("friend overlap: both %d, only theirs %d, differing progress %d", both, onlyTheirs, differ)
	}
}

func TestTitleSummariesQuirks(t *testing.T) {
	h := start(t, Options{})
	wantError(t, h.get("/api/trophy/v1/users/me/titles/trophyTitles?npTitleIds=CUSA09171_00,PPSA01284_00,PPSA04874_00,PPSA01325_00,CUSA04437_00,PPSA01423_00"),
		400, 2240513, "Bad Request (query: npTitleId)")
	wantError(t, h.get("/api/trophy/v1/users/me/titles/trophyTitles?npTitleIds=SSSA01325_00%2C"), 404, 2240525, "Resource not found (npTitleId='SSSA01325_00')")
	// A trailing comma is fine, five ids are fine.
	m := h.getOK("/api/trophy/v1/users/me/titles/trophyTitles?npTitleIds=CUSA09171_00,PPSA01284_00,PPSA04874_00,PPSA01325_00,CUSA04437_00,")
	if len(list(m["titles"])) != 5 {
		t.Fatalf("%d titles", len(list(m["titles"])))
	}
	// shuffled: the order changes between requests
	orders := map[string]bool{}
	for i := 0; i < 12; i++ {
		m := h.getOK("/api/trophy/v1/users/me/titles/trophyTitles?npTitleIds=CUSA09171_00,PPSA01284_00,PPSA04874_00,PPSA01325_00,CUSA04437_00")
		var ids []string
		for _, e := range list(m["titles"]) {
			ids = append(ids, obj(e)["npTitleId"].(string))
		}
		orders[strings.Join(ids, ",")] = true
	}
	if len(orders) < 2 {
		t.Fatal("title summaries always come back in the same order")
	}
}

func TestUnauthorized(t *testing.T) {
	h := start(t, Options{TokenLifetime: time.Hour})
	for _, tok := range []string{"", "not-a-token"} {
		r := h.do("GET", "/api/trophy/v1/users/me/trophyTitles", tok)
		wantError(t, r, 401, 2241025, "Invalid token")
	}
	h.getOK("/api/trophy/v1/users/me/trophySummary")
	h.clock.Advance(time.Hour)
	wantError(t, h.get("/api/trophy/v1/users/me/trophySummary"), 401, 2241025, "Invalid token")
	wantError(t, h.get("/userProfile/v1/users/FakeHunter/profile2"), 401, 2241025, "")
	wantError(t, h.get(gqlPath("metGetHintAvailability", `{"npCommId":"NPWR20188_00"}`, hintExt), gqlHeaders...), 401, 2241025, "")
}

func TestAuthFlow(t *testing.T) {
	h := start(t, Options{TokenLifetime: 30 * time.Minute})
	authorize := func(npsso string) *http.Response {
		q := url.Values{"access_type": {"offline"}, "client_id": {ClientID}, "response_type": {"code"},
			"scope": {Scope}, "redirect_uri": {RedirectURI}}
		req, _ := http.NewRequest("GET", h.srv.AuthBase()+"/authz/v3/oauth/authorize?"+q.Encode(), nil)
		req.Header.Set("Cookie", "npsso="+npsso)
		resp, err := h.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	resp := authorize("wrong-npsso")
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 302 || !strings.HasPrefix(loc, "https://my.account.sony.com/sonyacct/signin/?") ||
		!strings.Contains(loc, "error=login_required&error_code=4165") || strings.Contains(loc, "code=v3") {
		t.Fatalf("bad npsso: %d %s", resp.StatusCode, loc)
	}
	resp = authorize(DemoNPSSO)
	loc = resp.Header.Get("Location")
	if resp.StatusCode != 302 || !strings.HasPrefix(loc, RedirectURI+"/?code=v3.") || !strings.Contains(loc, "&cid=") {
		t.Fatalf("good npsso: %d %s", resp.StatusCode, loc)
	}
	u, _ := url.Parse(strings.Replace(loc, RedirectURI, "http://x", 1))
	code := u.Query().Get("code")

	token := func(basic string, form url.Values) (int, map[string]any) {
		req, _ := http.NewRequest("POST", h.srv.AuthBase()+"/authz/v3/oauth/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", basic)
		resp, err := h.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, m
	}
	exchange := url.Values{"code": {code}, "redirect_uri": {RedirectURI}, "grant_type": {"authorization_code"}, "token_format": {"jwt"}}
	st, m := token("Basic d3Jvbmc6d3Jvbmc=", exchange)
	if st != 401 || m["error"] != "invalid_client" {
		t.Fatalf("wrong Basic header: %d %v", st, m)
	}
	st, m = token(ClientBasic, exchange)
	if st != 200 || m["token_type"] != "bearer" || m["expires_in"] != 1800.0 || m["refresh_token_expires_in"] != 5183999.0 ||
		m["scope"] != Scope || m["access_token"] == "" || m["id_token"] == "" {
		t.Fatalf("exchange: %d %v", st, m)
	}
	access, refresh := m["access_token"].(string), m["refresh_token"].(string)
	if r := h.do("GET", "/api/trophy/v1/users/me/trophySummary", access); r.status != 200 || !strings.Contains(string(r.body), DemoAccountID) {
		t.Fatalf("new access token: %d %s", r.status, r.body)
	}
	st, m = token(ClientBasic, exchange) // a code works once
	if st != 400 || m["error"] != "invalid_grant" || m["error_code"] == nil {
		t.Fatalf("code reuse: %d %v", st, m)
	}
	h.clock.Advance(31 * time.Minute)
	wantError(t, h.do("GET", "/api/trophy/v1/users/me/trophySummary", access), 401, 2241025, "Invalid token")
	refreshForm := url.Values{"refresh_token": {refresh}, "grant_type": {"refresh_token"}, "token_format": {"jwt"}, "scope": {Scope}}
	st, m = token(ClientBasic, refreshForm)
	if st != 200 || m["expires_in"] != 1800.0 || m["refresh_token_expires_in"] != float64(5183999-31*60) {
		t.Fatalf("refresh: %d %v", st, m)
	}
	if r := h.do("GET", "/api/trophy/v1/users/me/trophySummary", m["access_token"].(string)); r.status != 200 {
		t.Fatalf("refreshed token: %d", r.status)
	}
	st, m = token(ClientBasic, url.Values{"refresh_token": {"nope"}, "grant_type": {"refresh_token"}})
	if st != 400 || m["error"] != "invalid_grant" {
		t.Fatalf("unknown refresh token: %d %v", st, m)
	}
	h.clock.Advance(61 * 24 * time.Hour)
	st, m = token(ClientBasic, refreshForm)
	if st != 400 || m["error"] != "invalid_grant" || m["error_description"] == "" {
		t.Fatalf("expired refresh token: %d %v", st, m)
	}
}

func TestRateLimit(t *testing.T) {
	for _, html := range []bool{false, true} {
		h := start(t, Options{RateLimit: 3, RateWindow: 15 * time.Minute, RateLimitHTML: html})
		first := h.clock.Now()
		for i := 0; i < 3; i++ {
			h.getOK("/api/trophy/v1/users/me/trophySummary")
			h.clock.Advance(time.Minute)
		}
		r := h.get("/api/trophy/v1/users/me/trophySummary")
		if r.status != 429 {
			t.Fatalf("4th request: %d", r.status)
		}
		next, err := strconv.ParseInt(r.header.Get("X-RateLimit-Next-Available"), 10, 64)
		if err != nil || next != first.Add(15*time.Minute).Unix() {
			t.Fatalf("X-RateLimit-Next-Available %q, want %d", r.header.Get("X-RateLimit-Next-Available"), first.Add(15*time.Minute).Unix())
		}
		if html {
			if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !contains(string(r.body), "429") {
				t.Fatalf("HTML 429: %s %s", r.header.Get("Content-Type"), r.body)
			}
		} else {
			assertEqualJSON(t, r.json(t), map[string]any{"error": map[string]any{"code": 2138635.0, "message": "Rate limit exceeded"}}, "429 body")
		}
		// OAuth is not counted
		if r := h.do("POST", "/api/authz/v3/oauth/token", ""); r.status == 429 {
			t.Fatal("the token endpoint is rate limited")
		}
		h.clock.Advance(12 * time.Minute) // the first request leaves the window
		h.getOK("/api/trophy/v1/users/me/trophySummary")
		if r := h.get("/api/trophy/v1/users/me/trophySummary"); r.status != 429 {
			t.Fatalf("window full again: %d", r.status)
		}
	}
}

func TestFaults(t *testing.T) {
	run := func(seed int64) []int {
		h := start(t, Options{FaultRate5xx: 0.2, FaultRateTruncated: 0.1, Seed: seed})
		var statuses []int
		for i := 0; i < 300; i++ {
			r := h.get("/api/trophy/v1/users/me/trophySummary")
			switch {
			case r.status == 503:
				if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !contains(string(r.body), "<html>") {
					t.Fatalf("503 body: %s", r.body)
				}
				statuses = append(statuses, 503)
			case r.status == 200 && !json.Valid(r.body):
				statuses = append(statuses, -200) // truncated
			case r.status == 200:
				statuses = append(statuses, 200)
			default:
				t.Fatalf("status %d", r.status)
			}
		}
		return statuses
	}
	a, b, c := run(7), run(7), run(8)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatal("same seed, different faults")
	}
	if fmt.Sprint(a) == fmt.Sprint(c) {
		t.Fatal("different seeds, same faults")
	}
	count := map[int]int{}
	for _, s := range a {
		count[s]++
	}
	// 300 draws: 60 ± 25 server errors, 30 ± 20 truncated answers
	if count[503] < 35 || count[503] > 85 || count[-200] < 10 || count[-200] > 50 {
		t.Fatalf("fault counts %v", count)
	}
	h := start(t, Options{})
	h.srv.FailNext(502, 2)
	for i, want := range []int{502, 502, 200} {
		if r := h.get("/api/trophy/v1/users/me/trophySummary"); r.status != want {
			t.Fatalf("request %d: %d want %d", i, r.status, want)
		}
	}
	h.srv.FailNext(429, 1)
	if r := h.get("/api/trophy/v1/users/me/trophySummary"); r.status != 429 || r.header.Get("X-RateLimit-Next-Available") == "" {
		t.Fatalf("forced 429: %d", r.status)
	}
}

func TestRequestLog(t *testing.T) {
	h := start(t, Options{})
	h.get("/api/trophy/v1/users/me/trophyTitles?limit=5", "Accept-Language", "de-DE")
	h.clock.Advance(time.Second)
	h.do("GET", "/api/trophy/v1/users/me/trophySummary", "")
	h.get(gqlPath("metGetTips", `{"npCommId":"NPWR20188_00","trophies":[{"trophyId":"18","udsObjectId":"GATCHA_SECRET","helpType":"HINT"}]}`, tipsExt), gqlHeaders...)
	log := h.srv.Requests()
	if len(log) != 3 {
		t.Fatalf("%d log entries", len(log))
	}
	e := log[0]
	if e.Method != "GET" || e.Path != "/api/trophy/v1/users/me/trophyTitles" || e.Query.Get("limit") != "5" ||
		e.Header.Get("Accept-Language") != "de-DE" || !e.Authorized || e.Account != DemoAccountID || e.Status != 200 ||
		!e.At.Equal(newClock().Now()) || e.Header.Get("Authorization") != "Bearer [redacted]" {
		t.Fatalf("entry 0: %+v", e)
	}
	if e := log[1]; e.Authorized || e.Status != 401 || e.Account != "" || !e.At.Equal(newClock().Now().Add(time.Second)) {
		t.Fatalf("entry 1: %+v", e)
	}
	if e := log[2]; e.Header.Get("Apollographql-Client-Name") != "PlayStationApp-Android" || e.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("entry 2: %+v", e)
	}
	if dump := fmt.Sprintf("%+v %#v", log, log); strings.Contains(dump, h.token) {
		t.Fatal("the request log holds the token")
	}
	// media URLs: the token is redacted in the log
	m := h.getOK(gqlPath("metGetTips", `{"npCommId":"NPWR20188_00","trophies":[{"trophyId":"18","udsObjectId":"GATCHA_SECRET","helpType":"HINT"}]}`, tipsExt), gqlHeaders...)
	u := stripMediaURLs(t, h, m)[0]
	h.do("GET", strings.TrimPrefix(u, h.srv.URL), "")
	if last := h.srv.Requests()[len(h.srv.Requests())-1]; last.Query.Get("token") != "[redacted]" || last.Status != 200 {
		t.Fatalf("media log entry %+v", last)
	}
	h.srv.ResetLog()
	if len(h.srv.Requests()) != 0 {
		t.Fatal("ResetLog kept entries")
	}
}

func TestMaxInFlight(t *testing.T) {
	release := make(chan struct{})
	var waiting sync.WaitGroup
	waiting.Add(4)
	h := start(t, Options{Latency: time.Millisecond, Sleep: func(ctx context.Context, d time.Duration) error {
		waiting.Done()
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}})
	var done sync.WaitGroup
	for i := 0; i < 4; i++ {
		done.Add(1)
		go func() {
			defer done.Done()
			req, _ := http.NewRequest("GET", h.srv.URL+"/api/trophy/v1/users/me/trophySummary", nil)
			req.Header.Set("Authorization", "Bearer "+h.token)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}()
	}
	waiting.Wait() // all four are inside the server
	if got := h.srv.MaxInFlight(); got != 4 {
		t.Fatalf("MaxInFlight %d while 4 wait", got)
	}
	close(release)
	done.Wait()
	if got := h.srv.MaxInFlight(); got != 4 {
		t.Fatalf("MaxInFlight %d after, want 4", got)
	}
	h.srv.ResetLog()
	if got := h.srv.MaxInFlight(); got != 0 {
		t.Fatalf("MaxInFlight after reset %d", got)
	}
}

func TestGraphQLChecks(t *testing.T) {
	h := start(t, Options{})
	p := gqlPath("metGetHintAvailability", `{"npCommId":"NPWR20188_00"}`, hintExt)
	gqlError := func(r result, status int, code string) {
		t.Helper()
		var m struct {
			Errors []struct {
				Message    string
				Extensions struct{ Code string }
			}
			Data any
		}
		if r.status != status || json.Unmarshal(r.body, &m) != nil || len(m.Errors) != 1 || m.Errors[0].Extensions.Code != code || m.Data != nil {
			t.Fatalf("want GraphQL error %s (%d), got %d %s", code, status, r.status, r.body)
		}
	}
	gqlError(h.get(p, "Content-Type", "application/json"), 400, "BAD_REQUEST")
	gqlError(h.get(p, "Apollographql-Client-Name", "PlayStationApp-Android"), 400, "BAD_REQUEST")
	gqlError(h.get(p, "Apollographql-Client-Name", "PlayStationApp-Android", "Content-Type", "text/plain"), 400, "BAD_REQUEST")
	gqlError(h.get(gqlPath("metGetHintAvailability", `{"npCommId":"NPWR20188_00"}`, tipsExt), gqlHeaders...), 200, "PERSISTED_QUERY_NOT_FOUND")
	gqlError(h.get(gqlPath("metGetTips", `{"npCommId":"NPWR20188_00","trophies":[]}`, hintExt), gqlHeaders...), 200, "PERSISTED_QUERY_NOT_FOUND")
	gqlError(h.get(gqlPath("metGetSomething", `{}`, hintExt), gqlHeaders...), 400, "GRAPHQL_VALIDATION_FAILED")
	gqlError(h.get(gqlPath("metGetHintAvailability", `{}`, hintExt), gqlHeaders...), 400, "BAD_USER_INPUT")
	h.getOK(p, gqlHeaders...)
	// A trophy without help: an empty tip.
	m := h.getOK(gqlPath("metGetTips", `{"npCommId":"NPWR20188_00","trophies":[{"trophyId":"19","udsObjectId":"NOPE","helpType":"HINT"}]}`, tipsExt), gqlHeaders...)
	assertEqualJSON(t, obj(obj(m["data"])["tipsRetrieve"])["trophies"], mustJSON(t, `[{"__typename":"TrophyTip","groups":[],"id":"NPWR20188_00::19","totalGroupCount":0,"trophyId":"19"}]`), "no tip")
}

func TestMediaURLs(t *testing.T) {
	h := start(t, Options{MediaTokenLifetime: 5 * time.Minute})
	m := h.getOK(gqlPath("metGetTips", `{"npCommId":"NPWR20188_00","trophies":[{"trophyId":"18","udsObjectId":"GATCHA_SECRET","helpType":"HINT"}]}`, tipsExt), gqlHeaders...)
	u := stripMediaURLs(t, h, m)[0]
	path := strings.TrimPrefix(u, h.srv.URL)
	r := h.do("GET", path, "")
	if r.status != 200 || !strings.HasPrefix(string(r.body), "#EXTM3U") || r.header.Get("Content-Type") != "application/vnd.apple.mpegurl" {
		t.Fatalf("fresh media URL: %d %s", r.status, r.body)
	}
	h.clock.Advance(5 * time.Minute)
	if r := h.do("GET", path, ""); r.status != 403 {
		t.Fatalf("expired media URL: %d", r.status)
	}
	if r := h.do("GET", strings.Split(path, "?")[0]+"?token=forged", ""); r.status != 403 {
		t.Fatalf("forged media token: %d", r.status)
	}
	// a fresh fetch gives a working URL again; a token only opens its own video
	m = h.getOK(gqlPath("metGetTips", `{"npCommId":"NPWR20188_00","trophies":[{"trophyId":"18","udsObjectId":"GATCHA_SECRET","helpType":"HINT"}, {"trophyId":"45","udsObjectId":"DAY1__GRAVITY_DAZE","helpType":"HINT"}]}`, tipsExt), gqlHeaders...)
	urls := stripMediaURLs(t, h, m)
	for _, u := range urls {
		if r := h.do("GET", strings.TrimPrefix(u, h.srv.URL), ""); r.status != 200 {
			t.Fatalf("refetched media URL: %d", r.status)
		}
	}
	swapped := strings.Split(strings.TrimPrefix(urls[0], h.srv.URL), "?")[0] + "?" + strings.Split(urls[1], "?")[1]
	if r := h.do("GET", swapped, ""); r.status != 403 {
		t.Fatalf("token of another video: %d", r.status)
	}
}

func TestProfiles(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/userProfile/v1/users/TrophyFriend/profile2?fields=accountId%2ConlineId%2CcurrentOnlineId")
	assertEqualJSON(t, m, map[string]any{"profile": map[string]any{"onlineId": FriendOnlineID, "accountId": FriendAccountID}}, "friend")
	m = h.getOK("/userProfile/v1/users/trophypal/profile2?fields=accountId,onlineId,currentOnlineId")
	assertEqualJSON(t, m, map[string]any{"profile": map[string]any{"onlineId": FriendPreviousOnlineID, "accountId": FriendAccountID, "currentOnlineId": FriendOnlineID}}, "previous name")
	m = h.getOK("/userProfile/v1/users/FakeHunter/profile2?fields=npId,onlineId,plus,trophySummary(@default,level,progress,earnedTrophies)")
	p := obj(m["profile"])
	if len(p) != 4 || p["plus"] != 1.0 || obj(p["trophySummary"])["level"] != 437.0 {
		t.Fatalf("profile fields: %v", p)
	}
	r := h.get("/userProfile/v1/users/dfhlidsahfdszh/profile2?fields=accountId")
	assertEqualJSON(t, r.json(t), map[string]any{"error": map[string]any{"code": 2105356.0, "message": "User not found (user: 'dfhlidsahfdszh')"}}, "unknown user")
	if r.status != 404 {
		t.Fatalf("unknown user: %d", r.status)
	}
	m = h.getOK("/api/userProfile/v1/internal/users/" + FriendAccountID + "/profiles")
	if m["onlineId"] != FriendOnlineID || m["isMe"] != false || m["isPlus"] != false {
		t.Fatalf("profiles: %v", m)
	}
	m = h.getOK("/api/userProfile/v1/internal/users/me/profiles")
	if m["onlineId"] != DemoOnlineID || m["isMe"] != true {
		t.Fatalf("profiles me: %v", m)
	}
	wantError(t, h.get("/api/userProfile/v1/internal/users/VaultTec-Co/profiles"), 400, 2281473, "Bad Request (path: accountId)")
	wantError(t, h.get("/api/userProfile/v1/internal/users/0000000000000000000/profiles"), 400, 2281473, "Bad Request (path: accountId)")
}

func TestMutations(t *testing.T) {
	h := start(t, Options{})
	find := func() map[string]any {
		return findBy(t, h.allTitles("me"), "npCommunicationId", "NPWR10600_00")
	}
	before := find()
	at := time.Date(2026, 11, 29, 20, 0, 0, 0, time.UTC)
	// trophy 70 (bronze, group 003) is not earned by the demo account
	earned := h.getOK("/api/trophy/v1/users/me/npCommunicationIds/NPWR10600_00/trophyGroups/all/trophies?npServiceName=trophy")
	if obj(list(earned["trophies"])[70])["earned"] != false {
		t.Fatal("trophy 70 already earned")
	}
	if err := h.srv.EarnTrophy(DemoAccountID, "NPWR10600_00", 70, at); err != nil {
		t.Fatal(err)
	}
	if err := h.srv.EarnTrophy(DemoOnlineID, "NPWR10600_00", 70, at); err == nil {
		t.Fatal("earning twice succeeded")
	}
	if err := h.srv.EarnTrophy(DemoAccountID, "NPWR21473_00", 1, at); err == nil {
		t.Fatal("earning in a title never played succeeded")
	}
	after := find()
	if after["lastUpdatedDateTime"] != "2026-11-29T20:00:00Z" ||
		obj(after["earnedTrophies"])["bronze"].(float64) != obj(before["earnedTrophies"])["bronze"].(float64)+1 ||
		after["progress"].(float64) <= before["progress"].(float64) {
		t.Fatalf("after EarnTrophy: %v (before %v)", after, before)
	}
	if first := obj(list(h.getOK("/api/trophy/v1/users/me/trophyTitles?limit=1")["trophyTitles"])[0]); first["npCommunicationId"] != "NPWR10600_00" {
		t.Fatalf("the updated title is not first: %v", first["npCommunicationId"])
	}
	earned = h.getOK("/api/trophy/v1/users/me/npCommunicationIds/NPWR10600_00/trophyGroups/all/trophies?npServiceName=trophy")
	if e := obj(list(earned["trophies"])[70]); e["earned"] != true || e["earnedDateTime"] != "2026-11-29T20:00:00Z" {
		t.Fatalf("trophy 70 after EarnTrophy: %v", e)
	}
	groups := h.getOK("/api/trophy/v1/users/me/npCommunicationIds/NPWR10600_00/trophyGroups?npServiceName=trophy")
	if g := obj(list(groups["trophyGroups"])[3]); g["lastUpdatedDateTime"] != "2026-11-29T20:00:00Z" || obj(g["earnedTrophies"])["bronze"] != 1.0 {
		t.Fatalf("group 003 after EarnTrophy: %v", g)
	}

	v, err := h.srv.BumpSetVersion("NPWR20188_00")
	if err != nil || v != "01.41" {
		t.Fatalf("BumpSetVersion: %q %v", v, err)
	}
	if m := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups"); m["trophySetVersion"] != "01.41" {
		t.Fatalf("version %v", m["trophySetVersion"])
	}

	id, err := h.srv.AddTrophy("NPWR20188_00", "002", "bronze", "Extra")
	if err == nil {
		t.Fatal("AddTrophy to a missing group succeeded")
	}
	id, err = h.srv.AddTrophy("NPWR20188_00", "001", "bronze", "Bot Rescue")
	if err != nil || id != 46 {
		t.Fatalf("AddTrophy: %d %v", id, err)
	}
	m := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies")
	if m["totalItemCount"] != 47.0 || m["trophySetVersion"] != "01.41" || obj(list(m["trophies"])[46])["trophyName"] != "Bot Rescue" {
		t.Fatalf("after AddTrophy: %v %v", m["totalItemCount"], m["trophySetVersion"])
	}
	astro := findBy(t, h.allTitles("me"), "npCommunicationId", "NPWR20188_00")
	if obj(astro["definedTrophies"])["bronze"] != 28.0 || astro["progress"] != 98.0 {
		t.Fatalf("ASTRO after AddTrophy: %v", astro)
	}
	e := h.getOK("/api/trophy/v1/users/me/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies")
	if e["totalItemCount"] != 47.0 || obj(list(e["trophies"])[46])["earned"] != false {
		t.Fatalf("earned after AddTrophy: %v", e["totalItemCount"])
	}
}

func TestStartDemo(t *testing.T) {
	srv, creds := StartDemo(Options{})
	defer srv.Close()
	if creds.AccessToken == "" || creds.RefreshToken == "" || !creds.AccessExpiresAt.After(time.Now()) {
		t.Fatalf("demo credentials %v", creds)
	}
	if strings.Contains(fmt.Sprint(creds)+fmt.Sprintf("%#v", creds), creds.AccessToken) {
		t.Fatal("Credentials print their token")
	}
	req, _ := http.NewRequest("GET", srv.APIBase()+"/trophy/v1/users/me/trophySummary", nil)
	req.Header.Set("Authorization", "Bearer "+creds.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("demo server: %d %s", resp.StatusCode, srv.URL)
	}
}

func TestConcurrentUse(t *testing.T) {
	h := start(t, Options{})
	var wg sync.WaitGroup
	paths := []string{
		"/api/trophy/v1/users/me/trophyTitles?limit=800",
		"/api/trophy/v1/users/me/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies",
		"/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies",
		"/api/trophy/v1/users/me/trophySummary",
	}
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				req, _ := http.NewRequest("GET", h.srv.URL+paths[(i+j)%len(paths)], nil)
				req.Header.Set("Authorization", "Bearer "+h.token)
				if resp, err := http.DefaultClient.Do(req); err == nil {
					resp.Body.Close()
				}
			}
		}(i)
	}
	for k := 0; k < 5; k++ {
		if _, err := h.srv.AddTrophy("NPWR20188_00", "001", "bronze", fmt.Sprintf("Extra %d", k)); err != nil {
			t.Fatal(err)
		}
		if err := h.srv.EarnTrophy(DemoAccountID, "NPWR20188_00", 46+k, h.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	m := h.getOK("/api/trophy/v1/users/me/npCommunicationIds/NPWR20188_00/trophyGroups")
	if m["progress"] != 100.0 || obj(m["earnedTrophies"])["bronze"] != 32.0 {
		t.Fatalf("after concurrent changes: %v", m)
	}
	if n := len(h.srv.Requests()); n != 41 {
		t.Fatalf("%d requests logged, want 41", n)
	}
}
