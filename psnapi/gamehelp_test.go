package psnapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
)

// graphQLServer checks the persisted-query GET and answers body.
func graphQLServer(t *testing.T, operation, hash string, wantVars map[string]any, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/api/graphql/v1/op" {
			t.Errorf("%s %s", r.Method, r.URL.Path)
		}
		if r.Header.Get("apollographql-client-name") != "PlayStationApp-Android" || r.Header.Get("content-type") != "application/json" {
			t.Errorf("headers %v", r.Header)
		}
		if r.Header.Get("Authorization") != "Bearer "+testAccess {
			t.Error("no bearer token")
		}
		q := r.URL.Query()
		if q.Get("operationName") != operation {
			t.Errorf("operationName %q", q.Get("operationName"))
		}
		var ext struct {
			PersistedQuery struct {
				Version    int    `json:"version"`
				SHA256Hash string `json:"sha256Hash"`
			} `json:"persistedQuery"`
		}
		if err := json.Unmarshal([]byte(q.Get("extensions")), &ext); err != nil || ext.PersistedQuery.Version != 1 || ext.PersistedQuery.SHA256Hash != hash {
			t.Errorf("extensions %q (%v)", q.Get("extensions"), err)
		}
		var vars map[string]any
		if err := json.Unmarshal([]byte(q.Get("variables")), &vars); err != nil {
			t.Errorf("variables %q: %v", q.Get("variables"), err)
		}
		wantJSON, _ := json.Marshal(wantVars)
		gotJSON, _ := json.Marshal(vars)
		if string(wantJSON) != string(gotJSON) {
			t.Errorf("variables %s, want %s", gotJSON, wantJSON)
		}
		writeJSON(w, 200, body)
	}
}

func TestHintAvailabilityDecodesReferenceExamples(t *testing.T) {
	e := newEnv(t, graphQLServer(t, "metGetHintAvailability", hashHintAvailability,
		map[string]any{"npCommId": "NPWR20188_00"}, refHintsExample1))
	got, err := e.client.HintAvailability(context.Background(), "NPWR20188_00", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Trophies) != 22 {
		t.Fatalf("%d trophies with help, want 22", len(got.Trophies))
	}
	deepEqual(t, "first hint", got.Trophies[0], HintTrophy{ID: "NPWR20188_00::18", TrophyID: "18", UDSObjectID: "GATCHA_SECRET", HelpType: "HINT"})
	deepEqual(t, "last hint", got.Trophies[21], HintTrophy{ID: "NPWR20188_00::45", TrophyID: "45", UDSObjectID: "DAY1__GRAVITY_DAZE", HelpType: "HINT"})

	e = newEnv(t, graphQLServer(t, "metGetHintAvailability", hashHintAvailability,
		map[string]any{"npCommId": "NPWR20188_00", "trophyIds": []any{"18", "19", "21"}}, refHintsExample2))
	got, err = e.client.HintAvailability(context.Background(), "NPWR20188_00", []string{"18", "19", "21"})
	if err != nil || len(got.Trophies) != 2 || got.Trophies[1].UDSObjectID != "PLAZA_SEND_BOT_FLYING" {
		t.Errorf("example 2: %+v, %v", got, err)
	}

	e = newEnv(t, serve(`{"data":{"hintAvailabilityRetrieve":{"__typename":"HintAvailability","trophies":[]}}}`))
	got, err = e.client.HintAvailability(context.Background(), "NPWR00001_00", nil)
	if err != nil || got.Trophies == nil || len(got.Trophies) != 0 {
		t.Errorf("no help: %+v, %v", got, err)
	}
}

func TestTipsDecodeReferenceExamples(t *testing.T) {
	reqs := []TipRequest{
		{TrophyID: "18", UDSObjectID: "GATCHA_SECRET", HelpType: "HINT"},
		{TrophyID: "45", UDSObjectID: "DAY1__GRAVITY_DAZE", HelpType: "HINT"},
	}
	e := newEnv(t, graphQLServer(t, "metGetTips", hashTips, map[string]any{"npCommId": "NPWR20188_00", "trophies": []any{
		map[string]any{"trophyId": "18", "udsObjectId": "GATCHA_SECRET", "helpType": "HINT"},
		map[string]any{"trophyId": "45", "udsObjectId": "DAY1__GRAVITY_DAZE", "helpType": "HINT"},
	}}, refTipsExample3))
	got, err := e.client.Tips(context.Background(), "NPWR20188_00", reqs)
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "tips", got, Tips{HasAccess: true, Trophies: []TrophyTip{
		{ID: "NPWR20188_00::45", TrophyID: "45", TotalGroupCount: 1, Groups: []TipGroup{{TipContents: []TipContent{{
			TipID:       "NPWR20188_00__DAY1__GRAVITY_DAZE_H1",
			DisplayName: "You Kat get me",
			Description: "In CPU Plaza, punch ten bots to get them to follow you. Lead the bot group to the glass dome in the center of CPU Plaza and punch the glass to tease the CPU Chip.",
			MediaID:     "psnea251771293d407fa81bf0fc7fb0e2da",
			MediaType:   "VIDEO",
			MediaURL:    "https://gms-ght.playstation-cloud.com/2/417ff4e103ec31d38e559f87ff12e53e131e1d2c/psnea251771293d407fa81bf0fc7fb0e2da/private/video/master_playlist.m3u8?token=redacted",
		}}}}},
		{ID: "NPWR20188_00::18", TrophyID: "18", TotalGroupCount: 1, Groups: []TipGroup{{TipContents: []TipContent{{
			TipID:       "NPWR20188_00__GATCHA_SECRET_H1",
			DisplayName: "Since 1995",
			Description: "The gatcha prize you seek is inside a silver ball, but which one? You just have to keep playing to find out. ",
			MediaID:     "psn534f6d378d6841939cd709202c46a220",
			MediaType:   "VIDEO",
			MediaURL:    "https://gms-ght.playstation-cloud.com/2/417ff4e103ec31d38e559f87ff12e53e131e1d2c/psn534f6d378d6841939cd709202c46a220/private/video/master_playlist.m3u8?token=redacted",
		}}}}},
	}})
	if !got.Trophies[0].Groups[0].TipContents[0].IsVideo() {
		t.Error("VIDEO content not a video")
	}

	var multi Tips
	if _, err := decodeGraphQL("metGetTips", "tipsRetrieve", []byte(refTipsExample2), &multi); err != nil {
		t.Fatal(err)
	}
	if c := multi.Trophies[0].Groups[0].TipContents; len(c) != 2 || c[1].DisplayName != "INCREASED STATS" || c[1].TipID != "NPWR20842_00__21_Weapon_to_Level_5_h2" {
		t.Errorf("multi-step tip: %+v", c)
	}
	var single Tips
	if _, err := decodeGraphQL("metGetTips", "tipsRetrieve", []byte(refTipsExample1), &single); err != nil || single.Trophies[0].TrophyID != "18" {
		t.Errorf("example 1: %+v %v", single, err)
	}
}

func TestTipsTextOnlyAndNoAccess(t *testing.T) {
	const textOnly = `{"data":{"tipsRetrieve":{"__typename":"Tips","hasAccess":true,"trophies":[{"__typename":"TrophyTip",
	 "groups":[{"__typename":"TipGroup","groupId":null,"groupName":null,"tipContents":[{"__typename":"TipContent",
	 "description":"Beat the boss without healing.","displayName":"No potions","mediaId":null,"mediaType":null,
	 "mediaUrl":null,"tipId":"NPWR1_00__BOSS_H1"}]}],"id":"NPWR1_00::3","totalGroupCount":1,"trophyId":"3"}]}}}`
	e := newEnv(t, serve(textOnly))
	got, err := e.client.Tips(context.Background(), "NPWR1_00", []TipRequest{{TrophyID: "3", UDSObjectID: "BOSS", HelpType: "HINT"}})
	if err != nil {
		t.Fatal(err)
	}
	c := got.Trophies[0].Groups[0].TipContents[0]
	if c.IsVideo() || c.MediaURL != "" || c.Description != "Beat the boss without healing." || got.Trophies[0].Groups[0].GroupID != "" {
		t.Errorf("text-only tip: %+v", c)
	}

	e = newEnv(t, serve(`{"data":{"tipsRetrieve":{"__typename":"Tips","hasAccess":false,"trophies":[]}}}`))
	got, err = e.client.Tips(context.Background(), "NPWR1_00", nil)
	if err != nil || got.HasAccess || len(got.Trophies) != 0 {
		t.Errorf("no access is data, not an error: %+v, %v", got, err)
	}
}

func TestGraphQLErrorsAreTyped(t *testing.T) {
	e := newEnv(t, serve(`{"errors":[{"message":"PersistedQueryNotFound","extensions":{"code":"PERSISTED_QUERY_NOT_FOUND"}},{"message":"second"}],"data":null}`))
	_, err := e.client.Tips(context.Background(), "NPWR1_00", nil)
	var ge *GraphQLError
	if !errors.As(err, &ge) || ge.Operation != "metGetTips" || len(ge.Messages) != 2 || ge.Messages[0] != "PersistedQueryNotFound" {
		t.Fatalf("err = %#v", err)
	}
	if n := len(e.requests()); n != 1 {
		t.Errorf("a GraphQL error was retried: %d requests", n)
	}
	// Data without the field asked is a decode error.
	e = newEnv(t, serve(`{"data":{}}`))
	_, err = e.client.HintAvailability(context.Background(), "NPWR1_00", nil)
	var de *DecodeError
	if !errors.As(err, &de) || de.Endpoint != "metGetHintAvailability" {
		t.Errorf("err = %v", err)
	}
}

// Issue 14 #5: {"data": null} (and a null result) is a title without Game Help, not an unreadable
// answer: no error, no retry, and nothing that reads as "needs PlayStation Plus".
func TestNullGameHelpAnswerMeansNoHelp(t *testing.T) {
	for _, body := range []string{`{"data":null}`, `{"data":{"tipsRetrieve":null,"hintAvailabilityRetrieve":null}}`, `{"data": null, "errors": []}`} {
		e := newEnv(t, serve(body))
		tips, err := e.client.Tips(context.Background(), "NPWR1_00", []TipRequest{{TrophyID: "3", UDSObjectID: "X", HelpType: "HINT"}})
		if err != nil || !tips.HasAccess || tips.Trophies == nil || len(tips.Trophies) != 0 {
			t.Errorf("%s: tips %+v, %v", body, tips, err)
		}
		hints, err := e.client.HintAvailability(context.Background(), "NPWR1_00", nil)
		if err != nil || hints.Trophies == nil || len(hints.Trophies) != 0 {
			t.Errorf("%s: hints %+v, %v", body, hints, err)
		}
		if n := len(e.requests()); n != 2 {
			t.Errorf("%s: %d requests, want 2 (no retry)", body, n)
		}
	}
}
