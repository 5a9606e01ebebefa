package psnapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// goodTitle is a title list entry as Sony sends it; bad ones below replace one field.
const goodTitle = `{"npServiceName":"trophy2","npCommunicationId":"NPWR20188_00","trophySetVersion":"01.40",
"trophyTitleName":"ASTRO's PLAYROOM","trophyTitleIconUrl":"https://x/i.png","trophyTitlePlatform":"PS5",
"hasTrophyGroups":true,"trophyGroupCount":2,"definedTrophies":{"bronze":39,"silver":4,"gold":2,"platinum":1},
"progress":100,"earnedTrophies":{"bronze":39,"silver":4,"gold":2,"platinum":1},"hiddenFlag":false,
"lastUpdatedDateTime":"2020-11-21T10:45:19Z"}`

// withField returns goodTitle with one field's value replaced (and the id changed so each is distinct).
func withField(id, field, value string) string {
	s := strings.Replace(goodTitle, `"NPWR20188_00"`, `"`+id+`"`, 1)
	start := strings.Index(s, `"`+field+`":`)
	if start < 0 {
		panic(field)
	}
	rest := s[start+len(field)+3:]
	end := strings.IndexAny(rest, ",}")
	if rest[0] == '{' {
		end = strings.Index(rest, "}") + 1
	}
	return s[:start+len(field)+3] + value + rest[end:]
}

// Issue 14 #3: one title with a field we cannot read must not fail titles, sync and the TUI for
// every title. Before the fix each of these bodies failed the whole page with a DecodeError.
func TestOneBadTitleIsSkippedWithANote(t *testing.T) {
	bad := []struct{ title, note string }{
		{withField("NPWR00001_00", "lastUpdatedDateTime", `"9999-99-99T99:99:99Z"`), `NPWR00001_00 "ASTRO's PLAYROOM": lastUpdatedDateTime "9999-99-99T99:99:99Z" is not a date`},
		{withField("NPWR00002_00", "hasTrophyGroups", `"yes"`), `NPWR00002_00 "ASTRO's PLAYROOM": hasTrophyGroups: a string where a bool belongs`},
		{withField("NPWR00003_00", "progress", `1e400`), `NPWR00003_00 "ASTRO's PLAYROOM": progress "1e400" is not a number`},
		{withField("NPWR00004_00", "progress", `250`), `progress "250" is out of range (0…100)`},
		{withField("NPWR00005_00", "definedTrophies", `{"bronze":99999999999999999999}`), `definedTrophies.bronze "99999999999999999999" is out of range`},
		{withField("NPWR00006_00", "trophyTitleName", `7`), `NPWR00006_00: trophyTitleName: a number where a string belongs`},
		{withField("", "trophyTitleName", `"No id"`), `"No id": no npCommunicationId`},
		{`null`, `skipped title #11: empty record`},
		{`"a string"`, `skipped title #12: a string where an object belongs`},
	}
	// Progress values as strings (the reference's type) and numbers (what Sony sends today) both read.
	lenient := []string{goodTitle, withField("NPWR00100_00", "progress", `"42"`),
		withField("NPWR00101_00", "lastUpdatedDateTime", `"2024-05-01T10:00:00.123456Z"`)}
	items := append([]string{}, lenient...)
	for _, b := range bad {
		items = append(items, b.title)
	}
	body := `{"trophyTitles":[` + strings.Join(items, ",") + `],"totalItemCount":` + itoa(len(items)) + `}`
	e := newEnv(t, serve(body))
	list, err := e.client.TitleList(context.Background(), "me")
	if err != nil {
		t.Fatalf("one bad title sank the list: %v", err)
	}
	if len(list.Titles) != 3 || list.Titles[1].NPCommunicationID != "NPWR00100_00" || list.Titles[1].Progress != 42 ||
		list.Titles[2].LastUpdatedDateTime.Nanosecond() != 123456000 {
		t.Fatalf("kept %+v", list.Titles)
	}
	if len(list.Skipped) != len(bad) {
		t.Fatalf("skipped %d lines, want %d: %q", len(list.Skipped), len(bad), list.Skipped)
	}
	for i, b := range bad {
		if !strings.HasPrefix(list.Skipped[i], "skipped title ") || !strings.Contains(list.Skipped[i], b.note) {
			t.Errorf("note %d = %q, want it to contain %q", i, list.Skipped[i], b.note)
		}
	}
}

// A name carrying terminal escapes never reaches a note raw.
func TestSkipNotesAreOneCleanLine(t *testing.T) {
	title := withField("NPWR00001_00", "hasTrophyGroups", `"yes"`)
	title = strings.Replace(title, `"ASTRO's PLAYROOM"`, `"OSC52 \u001b]52;c;cm0gLXJmIH4vKgo=\u0007 clip\nline two"`, 1)
	var page TrophyTitles
	if err := decodeJSON("trophyTitles", []byte(`{"trophyTitles":[`+title+`]}`), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Skipped) != 1 {
		t.Fatalf("%q", page.Skipped)
	}
	for _, r := range page.Skipped[0] {
		if !unicode.IsPrint(r) {
			t.Fatalf("unprintable %q in %q", r, page.Skipped[0])
		}
	}
}

// Issue 14 #3 for the per-title answers: one bad trophy or group does not sink its title.
func TestOneBadTrophyOrGroupIsSkippedWithANote(t *testing.T) {
	defs := `{"trophySetVersion":"01.00","hasTrophyGroups":false,"trophies":[
{"trophyId":0,"trophyType":"platinum","trophyName":"P","trophyGroupId":"default"},
{"trophyId":-4,"trophyType":"bronze","trophyName":"Negative","trophyGroupId":"default"},
{"trophyId":2,"trophyHidden":"no","trophyType":"bronze","trophyName":"Hidden?","trophyGroupId":"default"},
{"trophyType":"bronze","trophyName":"No id","trophyGroupId":"default"},
{"trophyId":"4","trophyType":"gold","trophyName":"String id","trophyGroupId":"default","trophyProgressTargetValue":16}],
"totalItemCount":5}`
	earned := `{"trophySetVersion":"01.00","hasTrophyGroups":false,"lastUpdatedDateTime":"2021-01-01T00:00:00Z","trophies":[
{"trophyId":0,"earned":true,"earnedDateTime":"2020-12-31T10:00:00Z","trophyType":"platinum","trophyRare":1,"trophyEarnedRate":"8.0"},
{"trophyId":1,"earned":false,"earnedDateTime":"","progress":3,"progressRate":"30","trophyType":"bronze","trophyRare":"3","trophyEarnedRate":55.5},
{"trophyId":2,"earned":true,"earnedDateTime":"2020-13-45T10:00:00Z","trophyType":"bronze","trophyRare":3,"trophyEarnedRate":"60.0"},
{"trophyId":3,"earned":"yes","trophyType":"bronze"}],"totalItemCount":4}`
	groups := `{"npServiceName":"trophy","npCommunicationId":"NPWR00001_00","trophySetVersion":"01.00","trophyTitleName":"T",
"trophyTitlePlatform":"PS4","definedTrophies":{"bronze":2,"silver":0,"gold":1,"platinum":1},"trophyGroups":[
{"trophyGroupId":"default","trophyGroupName":"T","definedTrophies":{"bronze":1,"silver":0,"gold":1,"platinum":1}},
{"trophyGroupId":"001","trophyGroupName":"DLC","definedTrophies":{"bronze":"-1"}},
{"trophyGroupName":"No id","definedTrophies":{"bronze":1}}]}`
	earnedGroups := `{"trophySetVersion":"01.00","hiddenFlag":false,"progress":"50","earnedTrophies":{"bronze":1},
"lastUpdatedDateTime":"2021-01-01T00:00:00Z","trophyGroups":[
{"trophyGroupId":"default","progress":50,"earnedTrophies":{"bronze":1},"lastUpdatedDateTime":"2021-01-01T00:00:00Z"},
{"trophyGroupId":"001","progress":"lots","earnedTrophies":{"bronze":0}}]}`
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/trophy/v1/users/") && strings.HasSuffix(r.URL.Path, "/trophies"):
			writeJSON(w, 200, earned)
		case strings.HasSuffix(r.URL.Path, "/trophies"):
			writeJSON(w, 200, defs)
		case strings.HasPrefix(r.URL.Path, "/api/trophy/v1/users/"):
			writeJSON(w, 200, earnedGroups)
		default:
			writeJSON(w, 200, groups)
		}
	})
	ctx := context.Background()
	ref := TitleRef{NPCommunicationID: "NPWR00001_00", Platform: "PS4"}

	d, err := e.client.TitleTrophies(ctx, ref, GroupAll)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Trophies) != 2 || d.Trophies[1].TrophyID != 4 || d.Trophies[1].ProgressTarget() != 16 {
		t.Errorf("definitions kept %+v", d.Trophies)
	}
	wantNotes(t, "definitions", d.Skipped, "skipped trophy -4 \"Negative\": trophyId \"-4\" is out of range",
		"skipped trophy 2 \"Hidden?\": trophyHidden: a string where a bool belongs", "skipped trophy \"No id\": no trophyId")

	er, err := e.client.EarnedTrophies(ctx, "me", ref, GroupAll)
	if err != nil {
		t.Fatal(err)
	}
	if len(er.Trophies) != 2 || er.Trophies[1].ProgressValue() != 3 || er.Trophies[1].ProgressRate != 30 ||
		!er.Trophies[1].EarnedDateTime.IsZero() || er.Trophies[1].EarnedRate() != 55.5 || er.Trophies[1].TrophyRare != Common {
		t.Errorf("earned kept %+v", er.Trophies)
	}
	wantNotes(t, "earned", er.Skipped, `skipped earned trophy 2: earnedDateTime "2020-13-45T10:00:00Z" is not a date`,
		"skipped earned trophy 3: earned: a string where a bool belongs")

	g, err := e.client.TitleTrophyGroups(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.TrophyGroups) != 1 || g.TrophyGroups[0].TrophyGroupID != "default" {
		t.Errorf("groups kept %+v", g.TrophyGroups)
	}
	wantNotes(t, "groups", g.Skipped, `skipped trophy group 001 "DLC": definedTrophies.bronze "-1" is out of range`,
		`skipped trophy group "No id": no trophyGroupId`)

	eg, err := e.client.EarnedTrophyGroups(ctx, "me", ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(eg.TrophyGroups) != 1 || eg.Progress != 50 {
		t.Errorf("earned groups kept %+v", eg)
	}
	wantNotes(t, "earned groups", eg.Skipped, `skipped earned trophy group 001: progress "lots" is not a number`)
}

func wantNotes(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: notes %q, want %d", what, got, len(want))
		return
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("%s: note %d = %q, want %q", what, i, got[i], want[i])
		}
	}
}

// Issue 14 #20: a trophy list is checked against its totalItemCount and nextOffset followed until
// it is complete; a server promising pages forever costs at most maxPageFollows requests.
func TestTrophyListsFollowNextOffsetToTheirTotal(t *testing.T) {
	page := func(offset, n, total int, next int) string {
		var b strings.Builder
		b.WriteString(`{"trophySetVersion":"01.00","hasTrophyGroups":false,"trophies":[`)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`{"trophyId":` + itoa(offset+i) + `,"trophyType":"bronze","trophyName":"x","trophyGroupId":"default"}`)
		}
		b.WriteString(`],"totalItemCount":` + itoa(total))
		if next >= 0 {
			b.WriteString(`,"nextOffset":` + itoa(next))
		}
		return b.String() + "}"
	}
	// Three partial pages of a 51-trophy list.
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("offset") {
		case "":
			writeJSON(w, 200, page(0, 20, 51, 20))
		case "20":
			writeJSON(w, 200, page(20, 20, 51, 40))
		case "40":
			writeJSON(w, 200, page(40, 11, 51, -1))
		}
	})
	d, err := e.client.TitleTrophies(context.Background(), TitleRef{NPCommunicationID: "NPWR1_00", Platform: "PS5"}, "all")
	if err != nil || len(d.Trophies) != 51 || d.Trophies[50].TrophyID != 50 || len(d.Skipped) != 0 {
		t.Fatalf("%d trophies, notes %q, %v", len(d.Trophies), d.Skipped, err)
	}
	if n := len(e.requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}

	// A server that answers one trophy and always promises the next.
	e = newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		at := 0
		if o := r.URL.Query().Get("offset"); o != "" {
			at = atoi(o)
		}
		writeJSON(w, 200, page(at, 1, 100000, at+1))
	})
	d, err = e.client.TitleTrophies(context.Background(), TitleRef{NPCommunicationID: "NPWR1_00", Platform: "PS5"}, "all")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(e.requests()); n != 1+maxPageFollows {
		t.Errorf("%d requests, want %d", n, 1+maxPageFollows)
	}
	wantNotes(t, "endless", d.Skipped, "only 51 of the 100000 trophies Sony counts came back")
}

func itoa(n int) string { return strconv.Itoa(n) }
