package psntest

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/assets"
)

func TestFriendsListPagingAndPrivacy(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/userProfile/v1/internal/users/me/friends?limit=1000")
	ids := strs(m["friends"])
	want := 3 + assets.GeneratedFriends
	if len(ids) != want || int(m["totalItemCount"].(float64)) != want || m["nextOffset"] != nil {
		t.Fatalf("%d friends (total %v, next %v), want %d", len(ids), m["totalItemCount"], m["nextOffset"], want)
	}
	for _, id := range []string{FriendAccountID, PrivateAccountID, EmptyAccountID} {
		if !slices.Contains(ids, id) {
			t.Errorf("%s is not FakeHunter's friend", id)
		}
	}
	// Pages of 10: nextOffset while more follow, the rest from an offset.
	p := h.getOK("/api/userProfile/v1/internal/users/me/friends?limit=10")
	if got := strs(p["friends"]); !slices.Equal(got, ids[:10]) || p["nextOffset"].(float64) != 10 {
		t.Errorf("first page %v next %v", got, p["nextOffset"])
	}
	p = h.getOK("/api/userProfile/v1/internal/users/me/friends?limit=10&offset=30")
	if got := strs(p["friends"]); !slices.Equal(got, ids[30:]) || p["nextOffset"] != nil {
		t.Errorf("last page %v next %v", got, p["nextOffset"])
	}
	// As recorded: limit=-1 is 400 code 2281473; a private friends list 403 code 2281486.
	wantError(t, h.get("/api/userProfile/v1/internal/users/me/friends?limit=-1"), 400, 2281473, "Bad Request (query: limit)")
	wantError(t, h.get("/api/userProfile/v1/internal/users/"+PrivateAccountID+"/friends?limit=1000"), 403, 2281486, "Not permitted by access control")
	wantError(t, h.get("/api/userProfile/v1/internal/users/nobody/friends"), 400, 2281473, "Bad Request (path: accountId)")
	fr := h.getOK("/api/userProfile/v1/internal/users/" + FriendAccountID + "/friends")
	if !slices.Contains(strs(fr["friends"]), DemoAccountID) {
		t.Error("friendship is not mutual")
	}
	// Every friend has a profile with avatars.
	for _, id := range ids {
		pr := h.getOK("/api/userProfile/v1/internal/users/" + id + "/profiles")
		if pr["onlineId"] == "" || len(list(pr["avatars"])) != 4 {
			t.Fatalf("profile of %s: %v", id, pr)
		}
	}
}

func TestBasicPresencesBatch(t *testing.T) {
	h := start(t, Options{})
	ids := strs(h.getOK("/api/userProfile/v1/internal/users/me/friends")["friends"])
	q := url.Values{"type": {"primary"}, "accountIds": {DemoAccountID + "," + strings.Join(ids, ",")},
		"platforms": {"PS4,PS5,MOBILE_APP,PSPC"}, "withOwnGameTitleInfo": {"true"}}
	r := h.get(presencesPath + "?" + q.Encode())
	if r.status != 200 {
		t.Fatalf("%d %s (the empty path segment must not be redirected)", r.status, r.body)
	}
	entries := list(r.json(t)["basicPresences"])
	if len(entries) != len(ids)+1 || obj(entries[0])["accountId"] != DemoAccountID {
		t.Fatalf("%d entries, want %d starting with the caller", len(entries), len(ids)+1)
	}
	online, offline := 0, 0
	for _, e := range entries {
		m := obj(e)
		info := obj(m["primaryPlatformInfo"])
		switch info["onlineStatus"] {
		case "online":
			online++
			if m["availability"] != "availableToPlay" || m["lastAvailableDate"] != nil {
				t.Errorf("online entry %v", m)
			}
		case "offline":
			offline++
			if _, err := time.Parse(time.RFC3339, info["lastOnlineDate"].(string)); err != nil || m["availability"] != "unavailable" {
				t.Errorf("offline entry %v", m)
			}
		default:
			t.Errorf("entry %v", m)
		}
	}
	if online < 3 || offline < 3 {
		t.Errorf("%d online, %d offline: the demo needs both", online, offline)
	}
	me := obj(entries[0])
	games := list(me["gameTitleInfoList"])
	if len(games) != 1 || !regexp.MustCompile(`^PPSA\d{5}_00$`).MatchString(obj(games[0])["npTitleId"].(string)) {
		t.Errorf("FakeHunter plays %v", games)
	}
	// Without withOwnGameTitleInfo the caller's own game is left out.
	q.Set("withOwnGameTitleInfo", "false")
	if own := obj(list(h.getOK(presencesPath + "?" + q.Encode())["basicPresences"])[0]); own["gameTitleInfoList"] != nil {
		t.Errorf("own game without withOwnGameTitleInfo: %v", own)
	}
	// An account that is not a friend is left out; more than 50 ids or a bad one is a 400.
	friendTok := h.srv.IssueToken(FriendAccountID).AccessToken
	q.Set("accountIds", FriendAccountID+","+PrivateAccountID+","+DemoAccountID)
	r = h.do("GET", presencesPath+"?"+q.Encode(), friendTok)
	if got := list(r.json(t)["basicPresences"]); len(got) != 2 {
		t.Errorf("TrophyFriend sees %d presences, want its own and FakeHunter's", len(got))
	}
	many := make([]string, 51)
	for i := range many {
		many[i] = strconv.Itoa(1000 + i)
	}
	q.Set("accountIds", strings.Join(many, ","))
	wantError(t, h.get(presencesPath+"?"+q.Encode()), 400, 2281473, "Bad Request (query: accountIds)")
	q.Set("accountIds", "me")
	wantError(t, h.get(presencesPath+"?"+q.Encode()), 400, 2281473, "Bad Request (query: accountIds)")
}

func TestPlayedGamesJoinTrophyTitles(t *testing.T) {
	h := start(t, Options{})
	first := h.getOK("/api/gamelist/v2/users/me/titles?limit=200&offset=0")
	total := int(first["totalItemCount"].(float64))
	if first["previousOffset"].(float64) != 0 || first["nextOffset"] != nil && total <= 200 {
		t.Errorf("paging %v %v", first["previousOffset"], first["nextOffset"])
	}
	games := list(first["titles"])
	for off := 200; off < total; off += 200 {
		games = append(games, list(h.getOK("/api/gamelist/v2/users/me/titles?limit=200&offset=" + strconv.Itoa(off))["titles"])...)
	}
	if len(games) != total {
		t.Fatalf("%d games of %d", len(games), total)
	}
	var w *assets.World
	h.srv.World(func(x *assets.World) { w = x })
	demo := w.Account(DemoAccountID)
	byID := map[string]map[string]any{}
	durations := regexp.MustCompile(`^PT(\d+H)?(\d+M)?(\d+S)?$`)
	var last time.Time
	for i, g := range games {
		m := obj(g)
		byID[m["titleId"].(string)] = m
		if !durations.MatchString(m["playDuration"].(string)) || m["playDuration"] == "PT" {
			t.Errorf("playDuration %q", m["playDuration"])
		}
		at, err := time.Parse(time.RFC3339Nano, m["lastPlayedDateTime"].(string))
		if err != nil || (i > 0 && at.After(last)) {
			t.Errorf("game %d last played %v after %v (%v)", i, at, last, err)
		}
		last = at
	}
	// Every PS4/PS5 title of the account is there; PS3, Vita and PC-only titles are not.
	for _, p := range demo.Plays {
		hasConsole := strings.Contains(p.Title.Platform, "PS5") || strings.Contains(p.Title.Platform, "PS4")
		found := false
		for _, id := range p.Title.NPTitleIDs {
			if _, ok := byID[id]; ok {
				found = true
			}
		}
		if found != hasConsole {
			t.Errorf("%s (%s): in the played-games list %v", p.Title.NPCommunicationID, p.Title.Platform, found)
		}
	}
	if len(byID) != total {
		t.Error("duplicate titleIds")
	}
	wantError(t, h.get("/api/gamelist/v2/users/me/titles?limit=201"), 400, 2240513, "Bad Request (query: limit)")
	wantError(t, h.get("/api/gamelist/v2/users/"+PrivateAccountID+"/titles"), 403, 2240526, "Not permitted by access control")
	if fr := h.getOK("/api/gamelist/v2/users/" + FriendAccountID + "/titles?limit=5"); len(list(fr["titles"])) != 5 || fr["nextOffset"].(float64) != 5 {
		t.Errorf("friend's games %v", fr["nextOffset"])
	}
}

func TestISODuration(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "PT0S", 69 * time.Second: "PT1M9S", 18 * time.Hour: "PT18H",
		215*time.Hour + 2*time.Minute + 16*time.Second: "PT215H2M16S", time.Hour + 5*time.Second: "PT1H5S"} {
		if got := isoDuration(d); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}

func TestUniversalUserSearch(t *testing.T) {
	h := start(t, Options{})
	search := func(term string) []map[string]any {
		t.Helper()
		vars := `{"searchTerm":"` + term + `","searchContext":"MobileUniversalSearchSocial","displayTitleLocale":"en-US"}`
		q := url.Values{"operationName": {"metGetContextSearchResults"}, "variables": {vars},
			"extensions": {`{"persistedQuery":{"version":1,"sha256Hash":"` + SearchHash + `"}}`}}
		m := h.getOK("/api/graphql/v1/op?"+q.Encode(), "Apollographql-Client-Name", "PlayStationApp-Android", "Content-Type", "application/json")
		res := list(obj(obj(m["data"])["universalContextSearch"])["results"])
		d := obj(res[0])
		if d["domain"] != "SocialAllAccounts" {
			t.Fatalf("domain %v", d["domain"])
		}
		var out []map[string]any
		for _, r := range list(d["searchResults"]) {
			out = append(out, obj(obj(r)["result"]))
		}
		return out
	}
	got := search("trophyfriend")
	if len(got) == 0 || got[0]["onlineId"] != FriendOnlineID || got[0]["accountId"] != FriendAccountID {
		t.Fatalf("search: %v", got)
	}
	if got := search("zzzz"); len(got) != 0 {
		t.Errorf("nonsense found %v", got)
	}
	if got := search("e"); len(got) != 15 {
		t.Errorf("a broad search gave %d results, want a first page of 15", len(got))
	}
}

func TestRetiredProfile2(t *testing.T) {
	h := start(t, Options{RetiredProfile2: 410})
	r := h.get("/userProfile/v1/users/" + FriendOnlineID + "/profile2?fields=accountId")
	if r.status != 410 || !strings.Contains(string(r.body), "<html>") {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

func strs(v any) []string {
	var out []string
	for _, x := range list(v) {
		out = append(out, x.(string))
	}
	return out
}

func TestBreakTitleField(t *testing.T) {
	h := start(t, Options{})
	h.srv.BreakTitleField("NPWR20188_00", "lastUpdatedDateTime", `"9999-99-99T99:99:99Z"`)
	h.srv.BreakTitleField("NPWR20188_00", "hasTrophyGroups", `"yes"`)
	titles := list(h.getOK("/api/trophy/v1/users/me/trophyTitles?limit=800")["trophyTitles"])
	found := false
	for _, tt := range titles {
		m := obj(tt)
		if m["npCommunicationId"] == "NPWR20188_00" {
			found = true
			if m["lastUpdatedDateTime"] != "9999-99-99T99:99:99Z" || m["hasTrophyGroups"] != "yes" || m["trophyTitleName"] == nil {
				t.Errorf("broken title %v", m)
			}
		} else if _, ok := m["hasTrophyGroups"].(bool); !ok {
			t.Fatalf("another title changed: %v", m)
		}
	}
	if !found || len(titles) != assets.DefaultTitles {
		t.Fatalf("%d titles, ASTRO found %v", len(titles), found)
	}
	h.srv.BreakTitleField("NPWR20188_00", "lastUpdatedDateTime", "")
	h.srv.BreakTitleField("NPWR20188_00", "hasTrophyGroups", "")
	for _, tt := range list(h.getOK("/api/trophy/v1/users/me/trophyTitles?limit=800")["trophyTitles"]) {
		if m := obj(tt); m["npCommunicationId"] == "NPWR20188_00" && m["hasTrophyGroups"] != true {
			t.Errorf("restored title %v", m)
		}
	}
}
