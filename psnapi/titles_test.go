package psnapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestTrophyTitlesDecodesReferenceExamples(t *testing.T) {
	e := newEnv(t, expectRequest(t, "/api/trophy/v1/users/me/trophyTitles",
		map[string]string{"limit": "10", "offset": "50"}, refTitlesExample2))
	got, err := e.client.TrophyTitles(context.Background(), "me", 10, 50)
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "example 2", got, TrophyTitles{
		TrophyTitles: []TrophyTitle{{
			NPServiceName:       "trophy",
			NPCommunicationID:   "NPWR18910_00",
			TrophySetVersion:    "01.04",
			TrophyTitleName:     "Two Point Hospital",
			TrophyTitleDetail:   "Two Point Hospital",
			TrophyTitleIconURL:  "https://image.api.playstation.com/trophy/np/NPWR18910_00_00D60FA9AEAADEBBC7C2EB26DB1E2122A86B887436/CBE975BD1527E46830FE821D4CA194D32955C7BE.PNG",
			TrophyTitlePlatform: "PS4",
			HasTrophyGroups:     true,
			DefinedTrophies:     TrophyCounts{Bronze: 23, Silver: 15, Gold: 7, Platinum: 1},
			Progress:            1,
			EarnedTrophies:      TrophyCounts{Bronze: 1},
			HiddenFlag:          false,
			LastUpdatedDateTime: mustTime(t, "2020-08-18T11:34:58Z"),
		}},
		Paging: Paging{TotalItemCount: 300, NextOffset: intp(60), PreviousOffset: intp(49)},
	})
	if got.TrophyTitles[0].Ref().ServiceName() != "trophy" {
		t.Error("a PS4 title must be asked with npServiceName=trophy")
	}

	e = newEnv(t, expectRequest(t, "/api/trophy/v1/users/me/trophyTitles",
		map[string]string{"limit": "800", "offset": "0"}, refTitlesExample1))
	got, err = e.client.TrophyTitles(context.Background(), "", 0, -3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.TrophyTitles) != 2 || got.TotalItemCount != 300 || got.NextOffset != nil || got.PreviousOffset != nil {
		t.Fatalf("example 1: %+v", got)
	}
	deepEqual(t, "example 1 first", got.TrophyTitles[0], TrophyTitle{
		NPServiceName: "trophy2", NPCommunicationID: "NPWR21575_00", TrophySetVersion: "01.07",
		TrophyTitleName:     "Destiny 2",
		TrophyTitleIconURL:  "https://psnobj.prod.dl.playstation.net/psnobj/NPWR21575_00/45976ee9-344e-423d-940d-5e42fc82e5b8.png",
		TrophyTitlePlatform: "PS5", HasTrophyGroups: true,
		DefinedTrophies:     TrophyCounts{Bronze: 8, Silver: 4, Gold: 11, Platinum: 1},
		Progress:            53,
		EarnedTrophies:      TrophyCounts{Bronze: 2, Silver: 3, Gold: 6},
		LastUpdatedDateTime: mustTime(t, "2021-03-17T21:58:18Z"),
	})
	if got.TrophyTitles[1].Ref().ServiceName() != "" {
		t.Error("a PS5 title must be asked without npServiceName")
	}
}

// The recorded account with 2,053 titles, served page by page as Sony answered limit=50.
func TestAllTrophyTitlesPagesThroughRecordedAccount(t *testing.T) {
	pages := map[string]string{}
	for _, it := range loadRecordings(t) {
		if it.File == "test_user__trophy_titles_pagination_test.json" && strings.HasSuffix(it.URI.Path, "/trophyTitles") {
			pages[it.URI.Query().Get("offset")] = it.Body
		}
	}
	if len(pages) != 42 {
		t.Fatalf("%d recorded pages, want 42", len(pages))
	}
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("limit") != "50" {
			t.Errorf("limit = %s", r.URL.Query().Get("limit"))
		}
		body, ok := pages[r.URL.Query().Get("offset")]
		if !ok {
			t.Errorf("offset %s was not recorded", r.URL.Query().Get("offset"))
			writeJSON(w, 404, `{"error":{"code":2240525,"message":"Resource not found"}}`)
			return
		}
		writeJSON(w, 200, body)
	})
	list, err := e.client.allTrophyTitles(context.Background(), "93330175277685226", 50)
	if err != nil {
		t.Fatal(err)
	}
	titles := list.Titles
	if len(list.Skipped) != 0 {
		t.Errorf("recorded titles skipped: %q", list.Skipped)
	}
	if len(titles) != 2053 {
		t.Fatalf("%d titles, want 2053", len(titles))
	}
	if n := len(e.requests()); n != 42 {
		t.Errorf("%d requests, want 42 (one per page)", n)
	}
	// The list comes out in Sony's order: page by page, as served.
	var first TrophyTitles
	if err := json.Unmarshal([]byte(pages["0"]), &first); err != nil {
		t.Fatal(err)
	}
	var last TrophyTitles
	if err := json.Unmarshal([]byte(pages["2050"]), &last); err != nil {
		t.Fatal(err)
	}
	if titles[0].NPCommunicationID != first.TrophyTitles[0].NPCommunicationID ||
		titles[2052].NPCommunicationID != last.TrophyTitles[2].NPCommunicationID {
		t.Error("titles out of order")
	}
	names := map[string]int{}
	for _, tt := range titles {
		names[tt.TrophyTitleName]++
		if tt.NPCommunicationID == "" || tt.LastUpdatedDateTime.IsZero() || tt.Progress < 0 || tt.Progress > 100 {
			t.Fatalf("implausible title %+v", tt)
		}
	}
	if len(names) == len(titles) {
		t.Error("the recording has duplicate names; ids, not names, must key the list")
	}
}

// syntheticTitles answers trophyTitles for an account of total titles like Sony does,
// including its paging quirks.
func syntheticTitles(total func() int, idPrefix string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		n := total()
		writeJSON(w, 200, titlesPage(idPrefix, offset, limit, n))
	}
}

func titlesPage(idPrefix string, offset, limit, total int) string {
	var b strings.Builder
	b.WriteString(`{"trophyTitles":[`)
	for i := offset; i < offset+limit && i < total; i++ {
		if i > offset {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"npServiceName":"trophy","npCommunicationId":"%s%05d_00","trophySetVersion":"01.00",`+
			`"trophyTitleName":"Game %d","trophyTitlePlatform":"PS4","hasTrophyGroups":false,"trophyGroupCount":1,`+
			`"definedTrophies":{"bronze":1,"silver":0,"gold":0,"platinum":0},"progress":0,`+
			`"earnedTrophies":{"bronze":0,"silver":0,"gold":0,"platinum":0},"hiddenFlag":false,`+
			`"lastUpdatedDateTime":"2024-01-01T00:00:00Z"}`, idPrefix, i, i)
	}
	b.WriteString(`]`)
	if offset+limit < total {
		fmt.Fprintf(&b, `,"nextOffset":%d`, offset+limit)
	}
	if offset > 0 {
		prev := offset - 1
		if offset >= total { // Sony: past the end, previousOffset names the last item
			prev = total - 1
		}
		fmt.Fprintf(&b, `,"previousOffset":%d`, prev)
	}
	fmt.Fprintf(&b, `,"totalItemCount":%d}`, total)
	return b.String()
}

func TestAllTrophyTitlesFetches800PerPageConcurrently(t *testing.T) {
	var mu sync.Mutex
	var offsets []string
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		offsets = append(offsets, r.URL.Query().Get("offset"))
		mu.Unlock()
		if r.URL.Query().Get("limit") != "800" {
			t.Errorf("limit = %s, want 800", r.URL.Query().Get("limit"))
		}
		syntheticTitles(func() int { return 2500 }, "NPWR")(w, r)
	})
	titles, err := e.client.AllTrophyTitles(context.Background(), "me")
	if err != nil {
		t.Fatal(err)
	}
	if len(titles) != 2500 {
		t.Fatalf("%d titles", len(titles))
	}
	for i, tt := range titles {
		if want := fmt.Sprintf("NPWR%05d_00", i); tt.NPCommunicationID != want {
			t.Fatalf("title %d is %s, want %s", i, tt.NPCommunicationID, want)
		}
	}
	if len(offsets) != 4 {
		t.Errorf("offsets asked: %v, want 0 800 1600 2400", offsets)
	}
}

func TestAllTrophyTitlesCopesWithPagingQuirks(t *testing.T) {
	t.Run("list grows while it is read", func(t *testing.T) {
		// The first page says 1000; by the time the second is read a title was added on top:
		// every item shifts one place down, so the second page starts with a duplicate.
		var mu sync.Mutex
		calls := 0
		e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			calls++
			first := calls == 1
			mu.Unlock()
			offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
			limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
			if first {
				writeJSON(w, 200, titlesPage("NPWR", offset, limit, 1000))
				return
			}
			// 1001 titles now: a new one ("NEWT") at index 0, the old ones one place down.
			body := titlesPage("NPWR", offset-1, limit, 1000)
			var page TrophyTitles
			_ = json.Unmarshal([]byte(body), &page)
			page.TotalItemCount = 1001
			page.NextOffset = nil
			if offset+limit < 1001 {
				page.NextOffset = intp(offset + limit)
			}
			data, _ := json.Marshal(page)
			writeJSON(w, 200, string(data))
		})
		titles, err := e.client.AllTrophyTitles(context.Background(), "me")
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, tt := range titles {
			if seen[tt.NPCommunicationID] {
				t.Fatalf("duplicate %s", tt.NPCommunicationID)
			}
			seen[tt.NPCommunicationID] = true
		}
		if len(titles) != 1000 {
			t.Errorf("%d titles, want the 1000 distinct ones", len(titles))
		}
	})

	t.Run("list shrinks: offset past the end is an empty page", func(t *testing.T) {
		var mu sync.Mutex
		calls := 0
		e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			calls++
			n := 900
			if calls > 1 {
				n = 780 // titles hidden meanwhile
			}
			mu.Unlock()
			syntheticTitles(func() int { return n }, "NPWR")(w, r)
		})
		titles, err := e.client.AllTrophyTitles(context.Background(), "me")
		if err != nil {
			t.Fatal(err)
		}
		if len(titles) != 800 {
			t.Errorf("%d titles", len(titles))
		}
	})

	t.Run("a short page with a nextOffset is followed", func(t *testing.T) {
		e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
			offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
			limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
			if offset == 0 { // only 500 of the 800 asked, but it says where to go on
				writeJSON(w, 200, titlesPage("NPWR", 0, 500, 1200))
				return
			}
			writeJSON(w, 200, titlesPage("NPWR", offset, limit, 1200))
		})
		titles, err := e.client.AllTrophyTitles(context.Background(), "me")
		if err != nil {
			t.Fatal(err)
		}
		if len(titles) != 1200 {
			t.Fatalf("%d titles, want 1200", len(titles))
		}
		for i, tt := range titles {
			if want := fmt.Sprintf("NPWR%05d_00", i); tt.NPCommunicationID != want {
				t.Fatalf("title %d is %s", i, tt.NPCommunicationID)
			}
		}
		var gap bool
		for _, r := range e.requests() {
			if r.Query.Get("offset") == "500" && r.Query.Get("limit") == "300" {
				gap = true
			}
		}
		if !gap {
			t.Error("the gap 500…799 was not asked for")
		}
	})

	t.Run("an empty account is one request", func(t *testing.T) {
		e := newEnv(t, serve(`{"trophyTitles": [], "totalItemCount": 0}`))
		titles, err := e.client.AllTrophyTitles(context.Background(), "me")
		if err != nil || len(titles) != 0 || len(e.requests()) != 1 {
			t.Errorf("titles %v, err %v, %d requests", titles, err, len(e.requests()))
		}
	})

	t.Run("an error on a later page fails the whole list", func(t *testing.T) {
		e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("offset") == "1600" {
				writeJSON(w, 403, `{"error":{"referenceId":"x","code":2240526,"message":"Not permitted by access control"}}`)
				return
			}
			syntheticTitles(func() int { return 2000 }, "NPWR")(w, r)
		})
		_, err := e.client.AllTrophyTitles(context.Background(), "123")
		if !IsForbidden(err) {
			t.Errorf("err = %v", err)
		}
	})
}
