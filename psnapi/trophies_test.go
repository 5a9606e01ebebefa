package psnapi

import (
	"context"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// expectRequest wraps body in a handler that fails the test unless the request has path and
// exactly the query given ("" values: must be absent).
func expectRequest(t *testing.T, path string, query map[string]string, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			t.Errorf("path = %s, want %s", r.URL.Path, path)
		}
		for k, v := range query {
			if got := r.URL.Query().Get(k); got != v {
				t.Errorf("query %s = %q, want %q", k, got, v)
			}
		}
		if got := r.Header.Get("Authorization"); got != "Bearer "+testAccess {
			t.Errorf("Authorization = %q", got)
		}
		writeJSON(w, 200, body)
	}
}

func deepEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %+v\n want %+v", what, got, want)
	}
}

func TestTitleTrophiesDecodesReferenceExamples(t *testing.T) {
	e := newEnv(t, expectRequest(t, "/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies",
		map[string]string{"npServiceName": ""}, refTitleTrophiesExample1))
	got, err := e.client.TitleTrophies(context.Background(), TitleRef{NPCommunicationID: "NPWR20188_00", Platform: "PS5"}, "all")
	if err != nil {
		t.Fatal(err)
	}
	want := TitleTrophies{
		TrophySetVersion: "01.40",
		HasTrophyGroups:  true,
		Trophies: []Trophy{{
			TrophyID: 0, TrophyHidden: false, TrophyType: Platinum,
			TrophyName:    "You've Only Done Everything",
			TrophyDetail:  "Found all trophies in ASTRO's PLAYROOM. See you in our next adventure!",
			TrophyIconURL: "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/4e1f7ad7-5720-4b03-96a4-ecf8abb17ed8.png",
			TrophyGroupID: "default",
		}, {
			TrophyID: 45, TrophyHidden: true, TrophyType: Bronze,
			TrophyName:    "Gravity Daze!",
			TrophyDetail:  "Made the CPU Chip punch the glass sphere, sending at least 10 Bots flying.",
			TrophyIconURL: "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/ed83d6d9-2708-4465-8f0f-6e3db7ae9665.png",
			TrophyGroupID: "001",
		}},
		Paging: Paging{TotalItemCount: 46},
		// The reference prints 2 of the title's 46 trophies: that shortfall is named, not hidden.
		Skipped: []string{"only 2 of the 46 trophies Sony counts came back"},
	}
	deepEqual(t, "example 1", got, want)

	e = newEnv(t, expectRequest(t, "/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups/all/trophies",
		map[string]string{"npServiceName": "trophy"}, refTitleTrophiesExample2))
	got, err = e.client.TitleTrophies(context.Background(), TitleRef{NPCommunicationID: "NPWR10600_00", Platform: "PS4"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.TrophySetVersion != "01.01" || got.TotalItemCount != 71 || len(got.Trophies) != 2 {
		t.Fatalf("example 2: %+v", got)
	}
	deepEqual(t, "example 2 last trophy", got.Trophies[1], Trophy{
		TrophyID: 70, TrophyType: Bronze, TrophyName: "Shoot the Messenger",
		TrophyDetail:  `Defeat 3 Agitator Majini in one playthrough of "Desperate Escape."`,
		TrophyIconURL: "https://image.api.playstation.com/trophy/np/NPWR10600_00_00A0CF3468337FB7E2039182A26608B0545DE39292/DB4F19B53DF8C9303728EA28F5A992EF8B3392FD.PNG",
		TrophyGroupID: "003",
	})
}

func TestTrophyBonusExamplesDecodeProgressAndRewards(t *testing.T) {
	var progress, reward Trophy
	if err := decodeJSON("t", []byte(refTrophyProgressBonus), &progress); err != nil {
		t.Fatal(err)
	}
	if progress.TrophyProgressTargetValue != "9" || progress.ProgressTarget() != 9 || progress.TrophyType != Silver {
		t.Errorf("progress bonus: %+v", progress)
	}
	if err := decodeJSON("t", []byte(refTrophyRewardBonus), &reward); err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "reward bonus", reward, Trophy{
		TrophyID: 28, TrophyType: Gold, TrophyName: "Checking out the competition",
		TrophyDetail:              "Win at least 1 online match with each AllStar",
		TrophyIconURL:             "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22792_00/908c536b-c8d4-4591-bd62-b330ccdb20ef.png",
		TrophyGroupID:             "default",
		TrophyProgressTargetValue: "16",
		TrophyRewardName:          "Profile Avatar",
		TrophyRewardImageURL:      "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22792_00/486de18c-2da3-46e7-8229-4006adb8c28b.png",
	})

	var earned EarnedTrophy
	if err := decodeJSON("t", []byte(refEarnedProgressBonus), &earned); err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "earned progress bonus", earned, EarnedTrophy{
		TrophyID: 35, Earned: false, Progress: "2", ProgressRate: 22,
		ProgressedDateTime: mustTime(t, "2020-11-27T16:17:23Z"),
		TrophyType:         Silver, TrophyRare: VeryRare, TrophyEarnedRate: "5.4",
	})
	if earned.ProgressValue() != 2 || earned.EarnedRate() != 5.4 {
		t.Errorf("helpers: %d %v", earned.ProgressValue(), earned.EarnedRate())
	}
}

func TestEarnedTrophiesDecodesReferenceExamples(t *testing.T) {
	e := newEnv(t, expectRequest(t, "/api/trophy/v1/users/me/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies",
		map[string]string{"npServiceName": ""}, refEarnedExample1))
	got, err := e.client.EarnedTrophies(context.Background(), "me", TitleRef{NPCommunicationID: "NPWR20188_00", Platform: "PS5"}, "all")
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "example 1", got, EarnedTrophies{
		TrophySetVersion:    "01.40",
		HasTrophyGroups:     true,
		LastUpdatedDateTime: mustTime(t, "2020-11-21T10:45:19Z"),
		Trophies: []EarnedTrophy{
			{TrophyID: 0, Earned: true, EarnedDateTime: mustTime(t, "2020-11-20T23:53:13Z"), TrophyType: Platinum, TrophyRare: VeryRare, TrophyEarnedRate: "8.0"},
			{TrophyID: 45, TrophyHidden: true, Earned: true, EarnedDateTime: mustTime(t, "2020-11-21T10:45:19Z"), TrophyType: Bronze, TrophyRare: VeryRare, TrophyEarnedRate: "12.8"},
		},
		RarestTrophies: []EarnedTrophy{
			{TrophyID: 44, TrophyHidden: true, Earned: true, EarnedDateTime: mustTime(t, "2020-11-20T15:21:21Z"), TrophyType: Gold, TrophyRare: VeryRare, TrophyEarnedRate: "6.1"},
		},
		Paging:  Paging{TotalItemCount: 46},
		Skipped: []string{"only 2 of the 46 trophies Sony counts came back"},
	})

	e = newEnv(t, expectRequest(t, "/api/trophy/v1/users/0000000000000000000/npCommunicationIds/NPWR10600_00/trophyGroups/default/trophies",
		map[string]string{"npServiceName": "trophy"}, refEarnedExample2))
	got, err = e.client.EarnedTrophies(context.Background(), "0000000000000000000",
		TitleRef{NPCommunicationID: "NPWR10600_00", Platform: "PS4"}, "default")
	if err != nil {
		t.Fatal(err)
	}
	if got.TotalItemCount != 51 || got.Trophies[0].TrophyRare != UltraRare || got.Trophies[0].EarnedRate() != 3.7 ||
		!got.LastUpdatedDateTime.Equal(mustTime(t, "2017-02-09T22:14:52Z")) || len(got.RarestTrophies) != 1 {
		t.Errorf("example 2: %+v", got)
	}
}

// A page that comes back partial (nextOffset set) is followed until every trophy is held.
func TestTitleAndEarnedTrophiesFollowNextOffset(t *testing.T) {
	page := func(offset int, n, total int, next *int) string {
		var b strings.Builder
		b.WriteString(`{"trophySetVersion":"01.00","hasTrophyGroups":false,"trophies":[`)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`{"trophyId":` + strconv.Itoa(offset+i) + `,"trophyType":"bronze","earned":true}`)
		}
		b.WriteString(`],"totalItemCount":` + strconv.Itoa(total))
		if next != nil {
			b.WriteString(`,"nextOffset":` + strconv.Itoa(*next))
		}
		if offset > 0 {
			b.WriteString(`,"previousOffset":` + strconv.Itoa(offset-1))
		}
		return b.String() + "}"
	}
	h := func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("offset") {
		case "":
			writeJSON(w, 200, page(0, 400, 450, intp(400)))
		case "400":
			writeJSON(w, 200, page(400, 50, 450, nil))
		default:
			t.Errorf("unexpected offset %q", r.URL.Query().Get("offset"))
		}
	}
	e := newEnv(t, h)
	ref := TitleRef{NPCommunicationID: "NPWR00001_00", Platform: "PS4"}
	defs, err := e.client.TitleTrophies(context.Background(), ref, "all")
	if err != nil {
		t.Fatal(err)
	}
	if len(defs.Trophies) != 450 || defs.Trophies[449].TrophyID != 449 || defs.NextOffset != nil {
		t.Errorf("definitions: %d trophies, last %d", len(defs.Trophies), defs.Trophies[len(defs.Trophies)-1].TrophyID)
	}
	earned, err := e.client.EarnedTrophies(context.Background(), "me", ref, "all")
	if err != nil {
		t.Fatal(err)
	}
	if len(earned.Trophies) != 450 || earned.Trophies[449].TrophyID != 449 {
		t.Errorf("earned: %d trophies", len(earned.Trophies))
	}
	if n := len(e.requests()); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
	for _, r := range e.requests() {
		if r.Query.Get("npServiceName") != "trophy" {
			t.Errorf("npServiceName missing on %s?%s", r.Path, r.Query.Encode())
		}
	}
}

func TestNPServiceNameFollowsPlatform(t *testing.T) {
	cases := []struct {
		platform, service, want string
	}{
		{"PS3", "", "trophy"},
		{"PS4", "", "trophy"},
		{"PSVITA", "", "trophy"},
		{"PS4,PSVITA", "", "trophy"},
		{"PS5", "", ""},
		{"PS5,PSPC", "", ""},
		{"PSPC", "", ""},
		{"PS5", "trophy", "trophy"},   // explicit override wins
		{"PS4", "trophy2", ""},        // trophy2 is Sony's default: omitted
		{"ps4, psvita", "", "trophy"}, // spacing and case tolerated
	}
	for _, tc := range cases {
		var got []string
		e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
			_, present := r.URL.Query()["npServiceName"]
			v := r.URL.Query().Get("npServiceName")
			if !present {
				v = "<absent>"
			}
			got = append(got, v)
			writeJSON(w, 200, `{"trophySetVersion":"01.00","trophies":[],"trophyGroups":[],"totalItemCount":0}`)
		})
		ref := TitleRef{NPCommunicationID: "NPWR00001_00", Platform: tc.platform, NPServiceName: tc.service}
		ctx := context.Background()
		if _, err := e.client.TitleTrophies(ctx, ref, "default"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.client.EarnedTrophies(ctx, "me", ref, "default"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.client.TitleTrophyGroups(ctx, ref); err != nil {
			t.Fatal(err)
		}
		if _, err := e.client.EarnedTrophyGroups(ctx, "me", ref); err != nil {
			t.Fatal(err)
		}
		want := tc.want
		if want == "" {
			want = "<absent>"
		}
		for i, g := range got {
			if g != want {
				t.Errorf("%s/%q request %d: npServiceName %s, want %s", tc.platform, tc.service, i, g, want)
			}
		}
		if len(got) != 4 {
			t.Errorf("%d requests", len(got))
		}
	}
}

func TestTitleEndpointsRefuseAnEmptyID(t *testing.T) {
	e := newEnv(t, serve(`{}`))
	_, err := e.client.TitleTrophies(context.Background(), TitleRef{}, "all")
	if KindOf(err) != KindBadRequest {
		t.Errorf("err = %v", err)
	}
	if len(e.requests()) != 0 {
		t.Error("a request was sent")
	}
}
