package psnapi

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
)

func TestTrophySummaryDecodesReferenceExample(t *testing.T) {
	e := newEnv(t, expectRequest(t, "/api/trophy/v1/users/me/trophySummary", nil, refSummaryExample))
	got, err := e.client.TrophySummary(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "summary", got, TrophySummary{
		AccountID: "0000000000000000000", TrophyLevel: 437, TrophyPoint: 200430,
		TrophyLevelBasePoint: 199890, TrophyLevelNextPoint: 201240, Progress: 40, Tier: 5,
		EarnedTrophies: TrophyCounts{Bronze: 6212, Silver: 1450, Gold: 525, Platinum: 55},
	})
}

func TestTrophyGroupsDecodeReferenceExamples(t *testing.T) {
	e := newEnv(t, expectRequest(t, "/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups",
		map[string]string{"npServiceName": ""}, refTitleGroupsExample1))
	got, err := e.client.TitleTrophyGroups(context.Background(), TitleRef{NPCommunicationID: "NPWR20188_00", Platform: "PS5"})
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "title groups 1", got, TitleTrophyGroups{
		TrophySetVersion:    "01.40",
		TrophyTitleName:     "ASTRO’s PLAYROOM",
		TrophyTitleIconURL:  "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/035a02db-e64f-4572-8653-4a3db37fe2f6.png",
		TrophyTitlePlatform: "PS5",
		DefinedTrophies:     TrophyCounts{Bronze: 27, Silver: 13, Gold: 5, Platinum: 1},
		TrophyGroups: []TrophyGroup{
			{TrophyGroupID: "default", TrophyGroupName: "ASTRO’s PLAYROOM",
				TrophyGroupIconURL: "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/035a02db-e64f-4572-8653-4a3db37fe2f6.png",
				DefinedTrophies:    TrophyCounts{Bronze: 26, Silver: 13, Gold: 3, Platinum: 1}},
			{TrophyGroupID: "001", TrophyGroupName: "ASTRO’s PLAYROOM [ADD-ON]",
				TrophyGroupIconURL: "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/07628edd-c7e7-4762-9409-edcece03a12d.png",
				DefinedTrophies:    TrophyCounts{Bronze: 1, Gold: 2}},
		},
	})

	var g2 TitleTrophyGroups
	if err := decodeJSON("g", []byte(refTitleGroupsExample2), &g2); err != nil {
		t.Fatal(err)
	}
	if g2.NPServiceName != "trophy2" || g2.NPCommunicationID != "NPWR22859_00" || g2.TrophyTitlePlatform != "PS5,PSPC" ||
		len(g2.TrophyGroups) != 2 || g2.TrophyGroups[1].TrophyGroupName != "Ghost of Tsushima: Legends Mode" {
		t.Errorf("title groups 2: %+v", g2)
	}

	e = newEnv(t, expectRequest(t, "/api/trophy/v1/users/0000000000000000000/npCommunicationIds/NPWR10600_00/trophyGroups",
		map[string]string{"npServiceName": "trophy"}, refEarnedGroupsExample2))
	earned, err := e.client.EarnedTrophyGroups(context.Background(), "0000000000000000000", TitleRef{NPCommunicationID: "NPWR10600_00", Platform: "PS4"})
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "earned groups 2", earned, EarnedTrophyGroups{
		TrophySetVersion:    "01.01",
		Progress:            74,
		EarnedTrophies:      TrophyCounts{Bronze: 40, Silver: 11, Gold: 1, Platinum: 1},
		LastUpdatedDateTime: mustTime(t, "2017-02-09T22:14:52Z"),
		TrophyGroups: []EarnedTrophyGroup{
			{TrophyGroupID: "default", Progress: 100, EarnedTrophies: TrophyCounts{Bronze: 38, Silver: 11, Gold: 1, Platinum: 1}, LastUpdatedDateTime: mustTime(t, "2017-02-09T22:12:14Z")},
			{TrophyGroupID: "001"}, // never played: no lastUpdatedDateTime, zero time
			{TrophyGroupID: "002", Progress: 16, EarnedTrophies: TrophyCounts{Bronze: 1}, LastUpdatedDateTime: mustTime(t, "2016-07-17T17:44:28Z")},
			{TrophyGroupID: "003", Progress: 16, EarnedTrophies: TrophyCounts{Bronze: 1}, LastUpdatedDateTime: mustTime(t, "2016-07-17T19:49:44Z")},
		},
	})
	var e1 EarnedTrophyGroups
	if err := decodeJSON("g", []byte(refEarnedGroupsExample1), &e1); err != nil {
		t.Fatal(err)
	}
	if e1.Progress != 100 || e1.HiddenFlag || len(e1.TrophyGroups) != 2 || e1.TrophyGroups[1].EarnedTrophies.Gold != 2 {
		t.Errorf("earned groups 1: %+v", e1)
	}
}

func TestTitleSummariesDecodeReferenceExamples(t *testing.T) {
	e := newEnv(t, expectRequest(t, "/api/trophy/v1/users/me/titles/trophyTitles",
		map[string]string{"npTitleIds": "CUSA09171_00,PPSA01284_00,PPSA04874_00", "includeNotEarnedTrophyIds": "true"},
		refTitleSummariesExample2))
	got, err := e.client.TitleSummaries(context.Background(), "me", []string{"CUSA09171_00", "PPSA01284_00", "PPSA04874_00"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].NPTitleID != "CUSA09171_00" || got[1].NPTitleID != "PPSA01284_00" || got[2].NPTitleID != "PPSA04874_00" {
		t.Fatalf("not in the order asked: %+v", got)
	}
	re2 := got[0].TrophyTitles[0]
	deepEqual(t, "RESIDENT EVIL 2", re2, TitleSummaryTrophyTitle{
		NPServiceName: "trophy", NPCommunicationID: "NPWR15179_00",
		TrophyTitleName: "RESIDENT EVIL 2", TrophyTitleDetail: "RESIDENT EVIL 2",
		TrophyTitleIconURL: "https://image.api.playstation.com/trophy/np/NPWR15179_00_004E1F39C12A2C6264BA2A0546D9234F56889DCC5F/BAFEDE2151A73E1FAFE59B8575EC1CF99F6A75F6.PNG",
		HasTrophyGroups:    true,
		RarestTrophies: []RareTrophy{{
			TrophyID: 0, TrophyType: Platinum, TrophyName: "Raccoon City Native", TrophyDetail: "Obtain all trophies.",
			TrophyIconURL: "https://image.api.playstation.com/trophy/np/NPWR15179_00_004E1F39C12A2C6264BA2A0546D9234F56889DCC5F/F957C0C5B0D2B63EBE1BB072B521E2B5A24D2986.PNG",
			TrophyRare:    UltraRare, TrophyEarnedRate: "3.4", Earned: true, EarnedDateTime: mustTime(t, "2020-10-18T15:23:07Z"),
		}},
		Progress:            95,
		EarnedTrophies:      TrophyCounts{Bronze: 29, Silver: 9, Gold: 4, Platinum: 1},
		DefinedTrophies:     TrophyCounts{Bronze: 30, Silver: 10, Gold: 4, Platinum: 1},
		NotEarnedTrophyIDs:  []int{42, 43},
		LastUpdatedDateTime: mustTime(t, "2020-10-18T15:23:11Z"),
	})
	if n := len(got[1].TrophyTitles[0].RarestTrophies); n != 2 || got[1].TrophyTitles[0].NotEarnedTrophyIDs == nil {
		t.Errorf("Returnal: %d rarest, notEarned %v (an empty list must stay non-nil)", n, got[1].TrophyTitles[0].NotEarnedTrophyIDs)
	}
	if len(got[2].TrophyTitles) != 0 {
		t.Error("Apex Legends was never played")
	}

	var ex1 TitleSummaries
	if err := decodeJSON("s", []byte(refTitleSummariesExample1), &ex1); err != nil {
		t.Fatal(err)
	}
	if ex1.Titles[0].TrophyTitles[0].NotEarnedTrophyIDs != nil || ex1.Titles[0].TrophyTitles[0].TrophyTitleName != "Returnal" {
		t.Errorf("example 1: %+v", ex1.Titles[0])
	}
}

func TestTitleSummariesBatchByFive(t *testing.T) {
	var mu sync.Mutex
	var batches []string
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		ids := strings.Split(r.URL.Query().Get("npTitleIds"), ",")
		mu.Lock()
		batches = append(batches, r.URL.Query().Get("npTitleIds"))
		mu.Unlock()
		if len(ids) > 5 {
			writeJSON(w, 400, `{"error":{"referenceId":"r","code":2240513,"message":"Bad Request (query: npTitleId)"}}`)
			return
		}
		// Sony answers in no particular order: reverse.
		var parts []string
		for i := len(ids) - 1; i >= 0; i-- {
			parts = append(parts, fmt.Sprintf(`{"npTitleId":%q,"trophyTitles":[]}`, ids[i]))
		}
		writeJSON(w, 200, `{"titles":[`+strings.Join(parts, ",")+`]}`)
	})
	var ids []string
	for i := 0; i < 12; i++ {
		ids = append(ids, fmt.Sprintf("CUSA%05d_00", i))
	}
	ids = append(ids, ids[3], " ") // duplicates and blanks are dropped
	got, err := e.client.TitleSummaries(context.Background(), "123", ids, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 12 {
		t.Fatalf("%d summaries", len(got))
	}
	for i, s := range got {
		if s.NPTitleID != ids[i] {
			t.Errorf("summary %d is %s, want %s", i, s.NPTitleID, ids[i])
		}
	}
	sort.Strings(batches)
	if len(batches) != 3 || strings.Count(batches[0], ",") != 4 || strings.Count(batches[2], ",") != 1 {
		t.Errorf("batches %v, want 5+5+2", batches)
	}
	for _, r := range e.requests() {
		if _, ok := r.Query["includeNotEarnedTrophyIds"]; ok {
			t.Error("includeNotEarnedTrophyIds sent without being asked")
		}
	}
}

func TestTitleSummariesDropAnUnknownID(t *testing.T) {
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		ids := r.URL.Query().Get("npTitleIds")
		if strings.Contains(ids, "SSSA01325_00") {
			writeJSON(w, 404, `{"error": {"referenceId": "7d81a945", "code": 2240525, "message": "Resource not found (npTitleId='SSSA01325_00')"}}`)
			return
		}
		writeJSON(w, 200, `{"titles":[{"npTitleId":"CUSA12057_00","trophyTitles":[]}]}`)
	})
	got, err := e.client.TitleSummaries(context.Background(), "me", []string{"SSSA01325_00", "CUSA12057_00"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].NPTitleID != "CUSA12057_00" || len(e.requests()) != 2 {
		t.Errorf("got %+v after %d requests", got, len(e.requests()))
	}
	// A 404 without a named id is an error as it is.
	e = newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, `{"error": {"referenceId": "7", "code": 2240525, "message": "Resource not found"}}`)
	})
	if _, err := e.client.TitleSummaries(context.Background(), "me", []string{"CUSA1"}, false); !IsNotFound(err) {
		t.Errorf("err = %v", err)
	}
}
