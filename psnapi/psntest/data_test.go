package psntest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/psnclient/psn-client/assets"
)

func TestDataOverHTTP(t *testing.T) {
	h := start(t, Options{})
	titles := h.allTitles("me")
	if len(titles) < 150 {
		t.Fatalf("%d titles", len(titles))
	}
	platforms := map[string]bool{}
	names := map[string]int{}
	var ps5Progress []string
	for _, e := range titles {
		o := obj(e)
		platforms[o["trophyTitlePlatform"].(string)] = true
		names[o["trophyTitleName"].(string)]++
		svc := o["npServiceName"].(string)
		legacy := !strings.Contains(o["trophyTitlePlatform"].(string), "PS5") && !strings.Contains(o["trophyTitlePlatform"].(string), "PSPC")
		if legacy != (svc == "trophy") || (legacy && o["trophyTitleDetail"] == nil) || (!legacy && o["trophyTitleDetail"] != nil) {
			t.Fatalf("service/detail of %v", o)
		}
		if o["trophyGroupCount"] == nil {
			t.Fatalf("no trophyGroupCount: %v", o)
		}
		if o["trophyTitlePlatform"] == "PS5" {
			ps5Progress = append(ps5Progress, o["npCommunicationId"].(string))
		}
	}
	for _, p := range []string{"PS3", "PS4", "PSVITA", "PS4,PSVITA", "PS5", "PS5,PSPC", "PSPC"} {
		if !platforms[p] {
			t.Fatalf("no %s title", p)
		}
	}
	for _, n := range []string{"Silent Oracle: Remastered\n", "Radiant Spectrum  ", "Golden\u00a0Heart Reloaded", "星降る夜のレクイエム", "Kestrel’s “Night Run”"} {
		if names[n] != 1 {
			t.Fatalf("name %q: %d titles", n, names[n])
		}
	}
	if names["Shadow Protocol"] != 2 {
		t.Fatal("no duplicate title names")
	}
	// PS5 progress trophies: the target on the definition, progress and progressRate on unearned ones.
	sort.Strings(ps5Progress)
	found, rates := 0, map[float64]bool{}
	for _, id := range ps5Progress {
		defs := list(h.getOK("/api/trophy/v1/npCommunicationIds/" + id + "/trophyGroups/all/trophies")["trophies"])
		earned := list(h.getOK("/api/trophy/v1/users/me/npCommunicationIds/" + id + "/trophyGroups/all/trophies")["trophies"])
		for i, d := range defs {
			e := obj(earned[i])
			rates[e["trophyRare"].(float64)] = true
			if _, hasTarget := obj(d)["trophyProgressTargetValue"]; !hasTarget {
				if _, ok := e["progress"]; ok {
					t.Fatalf("%s trophy %d: progress without a target", id, i)
				}
				continue
			}
			if e["earned"] == true {
				continue
			}
			if _, ok := e["progress"].(string); !ok || e["progressRate"] == nil {
				t.Fatalf("%s trophy %d: unearned progress trophy without progress: %v", id, i, e)
			}
			found++
		}
	}
	if found < 5 || len(rates) != 4 {
		t.Fatalf("%d unearned progress trophies, rarity tiers %v", found, rates)
	}
}

func TestTextTips(t *testing.T) {
	h := start(t, Options{})
	var npComm string
	var req string
	h.srv.World(func(w *assets.World) {
		for _, p := range w.Account(DemoAccountID).Plays {
			for i, hint := range p.Title.Hints {
				for _, tip := range p.Title.HintTips(i) {
					if tip.MediaPath == "" && npComm == "" {
						npComm = p.Title.NPCommunicationID
						req = fmt.Sprintf(`{"trophyId":"%d","udsObjectId":"%s","helpType":"HINT"}`, hint.TrophyID, hint.UDSObjectID)
					}
				}
			}
		}
	})
	if npComm == "" {
		t.Fatal("no text tip in the demo data")
	}
	m := h.getOK(gqlPath("metGetTips", `{"npCommId":"`+npComm+`","trophies":[`+req+`]}`, tipsExt), gqlHeaders...)
	tr := obj(list(obj(obj(m["data"])["tipsRetrieve"])["trophies"])[0])
	text := false
	for _, c := range list(obj(list(tr["groups"])[0])["tipContents"]) {
		c := obj(c)
		if c["mediaUrl"] == nil && c["mediaType"] == nil && c["description"] != "" {
			text = true
		}
	}
	if !text || tr["totalGroupCount"] != 1.0 {
		t.Fatalf("no text tip in %v", tr)
	}
}

func TestBigAccountServer(t *testing.T) {
	h := start(t, Options{Titles: 2000})
	m := h.getOK("/api/trophy/v1/users/me/trophyTitles?limit=800&offset=1600")
	if m["totalItemCount"] != 2000.0 || len(list(m["trophyTitles"])) != 400 {
		t.Fatalf("big account: %v titles", m["totalItemCount"])
	}
	last := obj(list(m["trophyTitles"])[399])
	svc := ""
	if last["npServiceName"] == "trophy" {
		svc = "?npServiceName=trophy"
	}
	e := h.getOK("/api/trophy/v1/users/me/npCommunicationIds/" + last["npCommunicationId"].(string) + "/trophyGroups/all/trophies" + svc)
	if e["totalItemCount"].(float64) < 1 {
		t.Fatal("no trophies")
	}
}

// TestRecordedShapes compares the keys of the fake's answers with Sony's recorded ones
// (../shared/psn-recordings): every key Sony sends, the fake sends too.
func TestRecordedShapes(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "psn-recordings")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("recordings not found at %s (they live next to the project, not in it)", dir)
	}
	type interaction struct {
		Request  struct{ URI string }
		Response struct {
			Status struct{ Code int }
			Body   struct{ String string }
		}
	}
	load := func(file string) []interaction {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		var v struct{ Interactions []interaction }
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		return v.Interactions
	}
	recorded := func(file, uriPart string) map[string]any {
		for _, it := range load(file) {
			if strings.Contains(it.Request.URI, uriPart) && it.Response.Status.Code == 200 {
				var m map[string]any
				if err := json.Unmarshal([]byte(it.Response.Body.String), &m); err != nil {
					t.Fatal(err)
				}
				return m
			}
		}
		t.Fatalf("%s: no answer for %s", file, uriPart)
		return nil
	}
	h := start(t, Options{})
	cases := []struct {
		file, uri, path string
	}{
		{"test_user__trophy_titles.json", "/trophyTitles?", "/api/trophy/v1/users/me/trophyTitles?limit=50&offset=50"},
		{"test_user__trophies.json", "/trophy/v1/users/", "/api/trophy/v1/users/" + FriendAccountID + "/npCommunicationIds/NPWR10600_00/trophyGroups/default/trophies?npServiceName=trophy&limit=10&offset=0"},
		{"test_user__trophies.json", "v1/npCommunicationIds/", "/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups/default/trophies?npServiceName=trophy&limit=10&offset=0"},
		{"test_user__trophy_groups_summary.json", "/trophy/v1/users/", "/api/trophy/v1/users/" + FriendAccountID + "/npCommunicationIds/NPWR10600_00/trophyGroups?npServiceName=trophy"},
		{"test_user__trophy_groups_summary.json", "v1/npCommunicationIds/", "/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups?npServiceName=trophy"},
		{"test_user__trophy_summary.json", "trophySummary", "/api/trophy/v1/users/me/trophySummary"},
		{"test_user__trophy_titles_for_title.json", "titles/trophyTitles", "/api/trophy/v1/users/me/titles/trophyTitles?npTitleIds=CUSA09171_00"},
		{"test_user__user_account_id.json", "/profiles", "/api/userProfile/v1/internal/users/me/profiles"},
	}
	for _, c := range cases {
		want := recorded(c.file, c.uri)
		got := h.getOK(c.path)
		if err := sameKeys(got, want, c.file); err != nil {
			t.Error(err)
		}
	}
}

// sameKeys checks that every key of want (recursively, first element of arrays) is in got.
func sameKeys(got, want any, path string) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: not an object", path)
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s.%s: Sony sends it, the fake does not", path, k)
			}
			if err := sameKeys(gv, wv, path+"."+k); err != nil {
				return err
			}
		}
	case []any:
		g, _ := got.([]any)
		if len(w) > 0 && len(g) > 0 {
			return sameKeys(g[0], w[0], path+"[0]")
		}
	}
	return nil
}
