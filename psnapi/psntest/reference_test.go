package psntest

import (
	"net/url"
	"strings"
	"testing"
)

// The reference (../shared/reference/psn-trophy-api.md) prints these values; the fake returns them.

func TestReferenceAstroTrophies(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies")
	assertSubset(t, m, mustJSON(t, `{"trophySetVersion":"01.40","hasTrophyGroups":true,"totalItemCount":46}`), "astro")
	trs := list(m["trophies"])
	if len(trs) != 46 {
		t.Fatalf("%d trophies, want 46", len(trs))
	}
	assertEqualJSON(t, trs[0], mustJSON(t, `{
"trophyId": 0, "trophyHidden": false, "trophyType": "platinum",
"trophyName": "You've Only Done Everything",
"trophyDetail": "Found all trophies in ASTRO's PLAYROOM. See you in our next adventure!",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/4e1f7ad7-5720-4b03-96a4-ecf8abb17ed8.png",
"trophyGroupId": "default"}`), "trophy 0")
	assertEqualJSON(t, trs[45], mustJSON(t, `{
"trophyId": 45, "trophyHidden": true, "trophyType": "bronze", "trophyName": "Gravity Daze!",
"trophyDetail": "Made the CPU Chip punch the glass sphere, sending at least 10 Bots flying.",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/ed83d6d9-2708-4465-8f0f-6e3db7ae9665.png",
"trophyGroupId": "001"}`), "trophy 45")
	if _, ok := m["nextOffset"]; ok {
		t.Fatal("nextOffset on a complete answer")
	}
}

func TestReferenceRE5Trophies(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups/all/trophies?npServiceName=trophy")
	assertSubset(t, m, mustJSON(t, `{"trophySetVersion":"01.01","hasTrophyGroups":true,"totalItemCount":71}`), "re5")
	trs := list(m["trophies"])
	assertEqualJSON(t, trs[0], mustJSON(t, `{
"trophyId": 0, "trophyHidden": false, "trophyType": "platinum", "trophyName": "RESIDENT EVIL 5 Platinum Trophy",
"trophyDetail": "Congratulations! You've overcome all your fears in RESIDENT EVIL 5!",
"trophyIconUrl": "https://image.api.playstation.com/trophy/np/NPWR10600_00_00A0CF3468337FB7E2039182A26608B0545DE39292/2B4F7ECA102EDB19D18DA17C594DBC50348ECEAF.PNG",
"trophyGroupId": "default"}`), "trophy 0")
	assertEqualJSON(t, trs[70], mustJSON(t, `{
"trophyId": 70, "trophyHidden": false, "trophyType": "bronze", "trophyName": "Shoot the Messenger",
"trophyDetail": "Defeat 3 Agitator Majini in one playthrough of \"Desperate Escape.\"",
"trophyIconUrl": "https://image.api.playstation.com/trophy/np/NPWR10600_00_00A0CF3468337FB7E2039182A26608B0545DE39292/DB4F19B53DF8C9303728EA28F5A992EF8B3392FD.PNG",
"trophyGroupId": "003"}`), "trophy 70")
	groups := map[string]int{}
	for _, tr := range trs {
		groups[obj(tr)["trophyGroupId"].(string)]++
	}
	if len(groups) != 4 || groups["default"] != 51 {
		t.Fatalf("groups %v, want default(51)/001/002/003", groups)
	}
}

func TestReferenceBonusExamples(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR19950_00/trophyGroups/all/trophies")
	assertEqualJSON(t, list(m["trophies"])[35], mustJSON(t, `{
"trophyId": 35, "trophyHidden": false, "trophyType": "silver", "trophyName": "Naturalist",
"trophyDetail": "Find all of Gerald's secret spots.",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR19950_00/ee1bc4b9-98d7-46c6-a3ea-1e6b2b258a2a.png",
"trophyGroupId": "default", "trophyProgressTargetValue": "9"}`), "sackboy 35")
	m = h.getOK("/api/trophy/v1/users/me/npCommunicationIds/NPWR19950_00/trophyGroups/all/trophies")
	assertEqualJSON(t, list(m["trophies"])[35], mustJSON(t, `{
"trophyId": 35, "trophyHidden": false, "earned": false, "progress": "2", "progressRate": 22,
"progressedDateTime": "2020-11-27T16:17:23Z", "trophyType": "silver", "trophyRare": 1, "trophyEarnedRate": "5.4"}`), "sackboy earned 35")
	m = h.getOK("/api/trophy/v1/npCommunicationIds/NPWR22792_00/trophyGroups/all/trophies")
	assertEqualJSON(t, list(m["trophies"])[28], mustJSON(t, `{
"trophyId": 28, "trophyHidden": false, "trophyType": "gold", "trophyName": "Checking out the competition",
"trophyDetail": "Win at least 1 online match with each AllStar",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22792_00/908c536b-c8d4-4591-bd62-b330ccdb20ef.png",
"trophyGroupId": "default", "trophyProgressTargetValue": "16", "trophyRewardName": "Profile Avatar",
"trophyRewardImageUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22792_00/486de18c-2da3-46e7-8229-4006adb8c28b.png"}`), "destruction 28")
}

func TestReferenceAstroEarned(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/trophy/v1/users/me/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies")
	assertSubset(t, m, mustJSON(t, `{"trophySetVersion":"01.40","hasTrophyGroups":true,"lastUpdatedDateTime":"2020-11-21T10:45:19Z","totalItemCount":46}`), "astro earned")
	trs := list(m["trophies"])
	assertEqualJSON(t, trs[0], mustJSON(t, `{"trophyId": 0, "trophyHidden": false, "earned": true, "earnedDateTime": "2020-11-20T23:53:13Z", "trophyType": "platinum", "trophyRare": 1, "trophyEarnedRate": "8.0"}`), "trophy 0")
	assertEqualJSON(t, trs[45], mustJSON(t, `{"trophyId": 45, "trophyHidden": true, "earned": true, "earnedDateTime": "2020-11-21T10:45:19Z", "trophyType": "bronze", "trophyRare": 1, "trophyEarnedRate": "12.8"}`), "trophy 45")
	assertEqualJSON(t, m["rarestTrophies"], mustJSON(t, `[{"trophyId": 44, "trophyHidden": true, "earned": true, "earnedDateTime": "2020-11-20T15:21:21Z", "trophyType": "gold", "trophyRare": 1, "trophyEarnedRate": "6.1"}]`), "rarest")
	for _, tr := range trs {
		if obj(tr)["earned"] != true {
			t.Fatalf("ASTRO is 100%% for the demo account, %v is not earned", tr)
		}
	}
}

func TestReferenceRE5EarnedByFriend(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/trophy/v1/users/" + FriendAccountID + "/npCommunicationIds/NPWR10600_00/trophyGroups/default/trophies?npServiceName=trophy")
	assertSubset(t, m, mustJSON(t, `{"trophySetVersion":"01.01","hasTrophyGroups":true,"lastUpdatedDateTime":"2017-02-09T22:14:52Z","totalItemCount":51}`), "re5 earned")
	want := mustJSON(t, `{"trophyId": 0, "trophyHidden": false, "earned": true, "earnedDateTime": "2017-02-09T22:12:14Z", "trophyType": "platinum", "trophyRare": 0, "trophyEarnedRate": "3.7"}`)
	assertEqualJSON(t, list(m["trophies"])[0], want, "trophy 0")
	assertEqualJSON(t, m["rarestTrophies"], []any{want}, "rarest")
	m = h.getOK("/api/trophy/v1/users/" + FriendAccountID + "/npCommunicationIds/NPWR10600_00/trophyGroups?npServiceName=trophy")
	assertEqualJSON(t, m, mustJSON(t, `{
"trophySetVersion": "01.01", "hiddenFlag": false, "progress": 74,
"earnedTrophies": {"bronze": 40, "silver": 11, "gold": 1, "platinum": 1},
"lastUpdatedDateTime": "2017-02-09T22:14:52Z",
"trophyGroups": [
{"trophyGroupId": "default", "progress": 100, "earnedTrophies": {"bronze": 38, "silver": 11, "gold": 1, "platinum": 1}, "lastUpdatedDateTime": "2017-02-09T22:12:14Z"},
{"trophyGroupId": "001", "progress": 0, "earnedTrophies": {"bronze": 0, "silver": 0, "gold": 0, "platinum": 0}},
{"trophyGroupId": "002", "progress": 16, "earnedTrophies": {"bronze": 1, "silver": 0, "gold": 0, "platinum": 0}, "lastUpdatedDateTime": "2016-07-17T17:44:28Z"},
{"trophyGroupId": "003", "progress": 16, "earnedTrophies": {"bronze": 1, "silver": 0, "gold": 0, "platinum": 0}, "lastUpdatedDateTime": "2016-07-17T19:49:44Z"}
]}`), "re5 earned groups")
}

func TestReferenceAstroEarnedGroups(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/trophy/v1/users/me/npCommunicationIds/NPWR20188_00/trophyGroups")
	assertEqualJSON(t, m, mustJSON(t, `{
"trophySetVersion": "01.40", "hiddenFlag": false, "progress": 100,
"earnedTrophies": {"bronze": 27, "silver": 13, "gold": 5, "platinum": 1},
"lastUpdatedDateTime": "2020-11-21T10:45:19Z",
"trophyGroups": [
{"trophyGroupId": "default", "progress": 100, "earnedTrophies": {"bronze": 26, "silver": 13, "gold": 3, "platinum": 1}, "lastUpdatedDateTime": "2020-11-20T23:53:13Z"},
{"trophyGroupId": "001", "progress": 100, "earnedTrophies": {"bronze": 1, "silver": 0, "gold": 2, "platinum": 0}, "lastUpdatedDateTime": "2020-11-21T10:45:19Z"}
]}`), "astro earned groups")
}

func TestReferenceTitleGroups(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups")
	assertSubset(t, m, mustJSON(t, `{
"trophySetVersion": "01.40", "trophyTitleName": "ASTRO’s PLAYROOM",
"trophyTitleIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/035a02db-e64f-4572-8653-4a3db37fe2f6.png",
"trophyTitlePlatform": "PS5",
"definedTrophies": {"bronze": 27, "silver": 13, "gold": 5, "platinum": 1},
"trophyGroups": [
{"trophyGroupId": "default", "trophyGroupName": "ASTRO’s PLAYROOM",
 "trophyGroupIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/035a02db-e64f-4572-8653-4a3db37fe2f6.png",
 "definedTrophies": {"bronze": 26, "silver": 13, "gold": 3, "platinum": 1}},
{"trophyGroupId": "001", "trophyGroupName": "ASTRO’s PLAYROOM [ADD-ON]",
 "trophyGroupIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/07628edd-c7e7-4762-9409-edcece03a12d.png",
 "definedTrophies": {"bronze": 1, "silver": 0, "gold": 2, "platinum": 0}}
]}`), "astro groups")
	if len(m) != 8 { // npServiceName, npCommunicationId + the printed keys
		t.Fatalf("title groups keys %v", m)
	}
	m = h.getOK("/api/trophy/v1/npCommunicationIds/NPWR22859_00/trophyGroups")
	assertSubset(t, m, mustJSON(t, `{
"npServiceName": "trophy2", "npCommunicationId": "NPWR22859_00", "trophySetVersion": "01.25",
"trophyTitleName": "Ghost of Tsushima",
"trophyTitleIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22859_00/d7213b2e-8048-40ae-859e-3ce1863b9390.png",
"trophyTitlePlatform": "PS5,PSPC",
"definedTrophies": {"bronze": 59, "silver": 13, "gold": 4, "platinum": 1}}`), "ghost")
	gs := list(m["trophyGroups"])
	assertEqualJSON(t, gs[0], mustJSON(t, `{"trophyGroupId": "default", "trophyGroupName": "Ghost of Tsushima",
"trophyGroupIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22859_00/d7213b2e-8048-40ae-859e-3ce1863b9390.png",
"definedTrophies": {"bronze": 40, "silver": 9, "gold": 2, "platinum": 1}}`), "ghost default")
	assertEqualJSON(t, gs[1], mustJSON(t, `{"trophyGroupId": "001", "trophyGroupName": "Ghost of Tsushima: Legends Mode",
"trophyGroupIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22859_00/5da15285-93ab-4779-95ef-88278098be11.png",
"definedTrophies": {"bronze": 3, "silver": 2, "gold": 1, "platinum": 0}}`), "ghost 001")
	// Legacy sets carry details.
	m = h.getOK("/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups?npServiceName=trophy")
	if m["trophyTitleDetail"] != "RESIDENT EVIL 5 Trophy Set" || obj(list(m["trophyGroups"])[0])["trophyGroupDetail"] == nil {
		t.Fatalf("legacy details missing: %v", m)
	}
}

func TestReferenceTrophySummary(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/trophy/v1/users/me/trophySummary")
	assertEqualJSON(t, m, mustJSON(t, `{
"accountId": "`+DemoAccountID+`", "trophyLevel": 437, "trophyPoint": 200430,
"trophyLevelBasePoint": 199890, "trophyLevelNextPoint": 201240, "progress": 40, "tier": 5,
"earnedTrophies": {"bronze": 6212, "silver": 1450, "gold": 525, "platinum": 55}}`), "summary")
	// The summary is the sum of the title list.
	var sum [4]float64
	for _, e := range h.allTitles("me") {
		et := obj(obj(e)["earnedTrophies"])
		for i, k := range []string{"bronze", "silver", "gold", "platinum"} {
			sum[i] += et[k].(float64)
		}
	}
	if sum != [4]float64{6212, 1450, 525, 55} {
		t.Fatalf("title list sums to %v", sum)
	}
}

func TestReferenceTitleList(t *testing.T) {
	h := start(t, Options{})
	titles := h.allTitles("me")
	assertEqualJSON(t, findBy(t, titles, "npCommunicationId", "NPWR21575_00"), mustJSON(t, `{
"npServiceName": "trophy2", "npCommunicationId": "NPWR21575_00", "trophySetVersion": "01.07", "trophyTitleName": "Destiny 2",
"trophyTitleIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR21575_00/45976ee9-344e-423d-940d-5e42fc82e5b8.png",
"trophyTitlePlatform": "PS5", "hasTrophyGroups": true, "trophyGroupCount": 2,
"definedTrophies": {"bronze": 8, "silver": 4, "gold": 11, "platinum": 1}, "progress": 53,
"earnedTrophies": {"bronze": 2, "silver": 3, "gold": 6, "platinum": 0}, "hiddenFlag": false,
"lastUpdatedDateTime": "2021-03-17T21:58:18Z"}`), "destiny 2")
	assertSubset(t, findBy(t, titles, "npCommunicationId", "NPWR22596_00"), mustJSON(t, `{
"npServiceName": "trophy2", "npCommunicationId": "NPWR22596_00", "trophySetVersion": "01.00",
"trophyTitleName": "Crash Bandicoot 4: It's About Time",
"trophyTitleIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR22596_00/aeb3ccd0-9346-4845-8a9e-871cf7a7d9d8.png",
"trophyTitlePlatform": "PS5", "hasTrophyGroups": false,
"definedTrophies": {"bronze": 40, "silver": 9, "gold": 2, "platinum": 1}, "progress": 27,
"earnedTrophies": {"bronze": 19, "silver": 0, "gold": 0, "platinum": 0}, "hiddenFlag": false,
"lastUpdatedDateTime": "2021-03-17T18:05:41Z"}`), "crash")
	assertSubset(t, findBy(t, titles, "npCommunicationId", "NPWR18910_00"), mustJSON(t, `{
"npServiceName": "trophy", "npCommunicationId": "NPWR18910_00", "trophySetVersion": "01.04",
"trophyTitleName": "Two Point Hospital", "trophyTitleDetail": "Two Point Hospital",
"trophyTitleIconUrl": "https://image.api.playstation.com/trophy/np/NPWR18910_00_00D60FA9AEAADEBBC7C2EB26DB1E2122A86B887436/CBE975BD1527E46830FE821D4CA194D32955C7BE.PNG",
"trophyTitlePlatform": "PS4", "hasTrophyGroups": true,
"definedTrophies": {"bronze": 23, "silver": 15, "gold": 7, "platinum": 1}, "progress": 1,
"earnedTrophies": {"bronze": 1, "silver": 0, "gold": 0, "platinum": 0}, "hiddenFlag": false,
"lastUpdatedDateTime": "2020-08-18T11:34:58Z"}`), "two point")
	assertSubset(t, findBy(t, titles, "npCommunicationId", "NPWR20188_00"), mustJSON(t, `{
"trophySetVersion": "01.40", "trophyTitleName": "ASTRO’s PLAYROOM", "trophyTitlePlatform": "PS5", "progress": 100,
"definedTrophies": {"bronze": 27, "silver": 13, "gold": 5, "platinum": 1},
"earnedTrophies": {"bronze": 27, "silver": 13, "gold": 5, "platinum": 1}, "lastUpdatedDateTime": "2020-11-21T10:45:19Z"}`), "astro")
}

func TestReferenceTitleSummaries(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/trophy/v1/users/me/titles/trophyTitles?includeNotEarnedTrophyIds=true&npTitleIds=CUSA09171_00%2CPPSA01284_00%2CPPSA04874_00")
	titles := m["titles"]
	if len(list(titles)) != 3 {
		t.Fatalf("titles: %v", titles)
	}
	returnal := list(findBy(t, titles, "npTitleId", "PPSA01284_00")["trophyTitles"])
	assertSubset(t, returnal, mustJSON(t, `[{
"npServiceName": "trophy2", "npCommunicationId": "NPWR20004_00", "trophyTitleName": "Returnal",
"trophyTitleIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20004_00/f60fd55f-a01f-4274-a865-d8356dc0fd9c.png",
"hasTrophyGroups": true,
"rarestTrophies": [
{"trophyId": 34, "trophyHidden": true, "trophyType": "bronze", "trophyName": "Destroyer", "trophyDetail": "Kill 100 Hostiles with Disgorgers",
 "trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20004_00/c468768c-a6c3-4ced-9f0f-e75d5a9a36c2.png",
 "trophyRare": 0, "trophyEarnedRate": "1.3", "earned": true, "earnedDateTime": "2022-08-14T14:19:02Z"},
{"trophyId": 37, "trophyHidden": true, "trophyType": "gold", "trophyName": "Find Release", "trophyDetail": "Gain a moment of peace",
 "trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20004_00/3270f141-9f24-4d86-b7b3-c77654e47631.png",
 "trophyRare": 0, "trophyEarnedRate": "1.3", "earned": true, "earnedDateTime": "2022-08-14T19:43:38Z"}],
"progress": 100,
"earnedTrophies": {"bronze": 23, "silver": 6, "gold": 8, "platinum": 1},
"definedTrophies": {"bronze": 23, "silver": 6, "gold": 8, "platinum": 1},
"notEarnedTrophyIds": [], "lastUpdatedDateTime": "2022-08-14T19:43:39Z"}]`), "returnal")
	re2 := list(findBy(t, titles, "npTitleId", "CUSA09171_00")["trophyTitles"])
	assertSubset(t, re2, mustJSON(t, `[{
"npServiceName": "trophy", "npCommunicationId": "NPWR15179_00", "trophyTitleName": "RESIDENT EVIL 2", "trophyTitleDetail": "RESIDENT EVIL 2",
"trophyTitleIconUrl": "https://image.api.playstation.com/trophy/np/NPWR15179_00_004E1F39C12A2C6264BA2A0546D9234F56889DCC5F/BAFEDE2151A73E1FAFE59B8575EC1CF99F6A75F6.PNG",
"hasTrophyGroups": true,
"rarestTrophies": [{"trophyId": 0, "trophyHidden": false, "trophyType": "platinum", "trophyName": "Raccoon City Native", "trophyDetail": "Obtain all trophies.",
 "trophyIconUrl": "https://image.api.playstation.com/trophy/np/NPWR15179_00_004E1F39C12A2C6264BA2A0546D9234F56889DCC5F/F957C0C5B0D2B63EBE1BB072B521E2B5A24D2986.PNG",
 "trophyRare": 0, "trophyEarnedRate": "3.4", "earned": true, "earnedDateTime": "2020-10-18T15:23:07Z"}],
"progress": 95,
"earnedTrophies": {"bronze": 29, "silver": 9, "gold": 4, "platinum": 1},
"definedTrophies": {"bronze": 30, "silver": 10, "gold": 4, "platinum": 1},
"notEarnedTrophyIds": [42, 43], "lastUpdatedDateTime": "2020-10-18T15:23:11Z"}]`), "re2")
	assertEqualJSON(t, findBy(t, titles, "npTitleId", "PPSA04874_00")["trophyTitles"], []any{}, "apex")

	// Without includeNotEarnedTrophyIds there is no notEarnedTrophyIds.
	m = h.getOK("/api/trophy/v1/users/me/titles/trophyTitles?npTitleIds=CUSA09171_00%2CPPSA01284_00%2CPPSA04874_00")
	if _, ok := obj(list(findBy(t, m["titles"], "npTitleId", "CUSA09171_00")["trophyTitles"])[0])["notEarnedTrophyIds"]; ok {
		t.Fatal("notEarnedTrophyIds without includeNotEarnedTrophyIds")
	}
}

const (
	hintExt = `{"persistedQuery":{"version":1,"sha256Hash":"71bf26729f2634f4d8cca32ff73aaf42b3b76ad1d2f63b490a809b66483ea5a7"}}`
	tipsExt = `{"persistedQuery":{"version":1,"sha256Hash":"93768752a9f4ef69922a543e2209d45020784d8781f57b37a5294e6e206c5630"}}`
)

func gqlPath(op, vars, ext string) string {
	return "/api/graphql/v1/op?operationName=" + op + "&variables=" + url.QueryEscape(vars) + "&extensions=" + url.QueryEscape(ext)
}

var gqlHeaders = []string{"Apollographql-Client-Name", "PlayStationApp-Android", "Content-Type", "application/json"}

func TestReferenceHintAvailability(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK(gqlPath("metGetHintAvailability", `{"npCommId":"NPWR20188_00"}`, hintExt), gqlHeaders...)
	trs := list(obj(obj(m["data"])["hintAvailabilityRetrieve"])["trophies"])
	want := map[string]string{"18": "GATCHA_SECRET", "21": "PLAZA_SEND_BOT_FLYING", "22": "PLAZA_WALK_AROUND_BOT", "23": "LABO_PUNCH_AND_SPIN_PS2LOGO",
		"25": "LABO_LOOK_INTO_PSVR", "26": "LABO_RIDE_AIM_CONTROLLER", "27": "LABO_WALK_HOME_ICON", "28": "LABO_OPEN_PS1",
		"29": "COOLING_JUGGLE_BALL_WITH_FROG", "30": "COOLING_DIVED_FROM_DIVING_BOARD", "31": "COOLING_JUMP_IN_FOUNTAIN", "32": "COOLING_JUMP_ATTACK",
		"33": "MEMORY_AWAY_FROM_RAIN", "34": "MEMORY_HIT_FLYING_CAN", "35": "MEMORY_GOT_STRIKE", "36": "GPU_DEFLECT_SPTR_BLT_WITH_ARROW",
		"37": "GPU_MADE_HUGE_SNOWBALL", "38": "GPU_CATCH_THE_CLIFF_AFTER_FALL", "39": "GPU_HIT_RABBIT_WITH_ARROW",
		"40": "SSD_SPIN_WHILE_SHOOT_MACHINE_GUN", "42": "LABO_PUNCH_COMPANY_LOGO", "45": "DAY1__GRAVITY_DAZE"}
	if len(trs) != len(want) {
		t.Fatalf("%d trophies with help, want %d", len(trs), len(want))
	}
	for _, tr := range trs {
		id := obj(tr)["trophyId"].(string)
		assertEqualJSON(t, tr, map[string]any{"__typename": "TrophyInfoWithHintAvailable", "helpType": "HINT",
			"id": "NPWR20188_00::" + id, "trophyId": id, "udsObjectId": want[id]}, "hint "+id)
	}
	m = h.getOK(gqlPath("metGetHintAvailability", `{"npCommId":"NPWR20188_00","trophyIds":["18", "19", "21"]}`, hintExt), gqlHeaders...)
	assertEqualJSON(t, m, mustJSON(t, `{"data": {"hintAvailabilityRetrieve": {"__typename": "HintAvailability", "trophies": [
{"__typename": "TrophyInfoWithHintAvailable", "helpType": "HINT", "id": "NPWR20188_00::18", "trophyId": "18", "udsObjectId": "GATCHA_SECRET"},
{"__typename": "TrophyInfoWithHintAvailable", "helpType": "HINT", "id": "NPWR20188_00::21", "trophyId": "21", "udsObjectId": "PLAZA_SEND_BOT_FLYING"}]}}}`), "hints 18,19,21")
	// A title without Game Help: an empty list.
	m = h.getOK(gqlPath("metGetHintAvailability", `{"npCommId":"NPWR22596_00"}`, hintExt), gqlHeaders...)
	if n := len(list(obj(obj(m["data"])["hintAvailabilityRetrieve"])["trophies"])); n != 0 {
		t.Fatalf("Crash has %d hints, want none", n)
	}
}

// stripMediaURLs removes mediaUrl values (they carry a fresh token and the fake's host) after
// checking they point at the reference's media path on the fake server; it returns them.
func stripMediaURLs(t *testing.T, h *harness, v any) []string {
	var urls []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if u, ok := x["mediaUrl"].(string); ok {
				urls = append(urls, u)
				delete(x, "mediaUrl")
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	for _, u := range urls {
		if !strings.HasPrefix(u, h.srv.URL+"/media/") || !strings.Contains(u, "/private/video/master_playlist.m3u8?token=") {
			t.Fatalf("media URL %q", u)
		}
	}
	return urls
}

func TestReferenceTips(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK(gqlPath("metGetTips", `{"npCommId":"NPWR20188_00","trophies":[{"trophyId":"18","udsObjectId":"GATCHA_SECRET","helpType":"HINT"}, {"trophyId":"45","udsObjectId":"DAY1__GRAVITY_DAZE","helpType":"HINT"}]}`, tipsExt), gqlHeaders...)
	urls := stripMediaURLs(t, h, m)
	if len(urls) != 2 || !strings.Contains(urls[0], "/2/417ff4e103ec31d38e559f87ff12e53e131e1d2c/psnea251771293d407fa81bf0fc7fb0e2da/") {
		t.Fatalf("media URLs %v", urls)
	}
	assertEqualJSON(t, m, mustJSON(t, `{"data": {"tipsRetrieve": {"__typename": "Tips", "hasAccess": true, "trophies": [
{"__typename": "TrophyTip", "groups": [{"__typename": "TipGroup", "groupId": null, "groupName": null, "tipContents": [
{"__typename": "TipContent", "description": "In CPU Plaza, punch ten bots to get them to follow you. Lead the bot group to the glass dome in the center of CPU Plaza and punch the glass to tease the CPU Chip.",
 "displayName": "You Kat get me", "mediaId": "psnea251771293d407fa81bf0fc7fb0e2da", "mediaType": "VIDEO", "tipId": "NPWR20188_00__DAY1__GRAVITY_DAZE_H1"}]}],
 "id": "NPWR20188_00::45", "totalGroupCount": 1, "trophyId": "45"},
{"__typename": "TrophyTip", "groups": [{"__typename": "TipGroup", "groupId": null, "groupName": null, "tipContents": [
{"__typename": "TipContent", "description": "The gatcha prize you seek is inside a silver ball, but which one? You just have to keep playing to find out. ",
 "displayName": "Since 1995", "mediaId": "psn534f6d378d6841939cd709202c46a220", "mediaType": "VIDEO", "tipId": "NPWR20188_00__GATCHA_SECRET_H1"}]}],
 "id": "NPWR20188_00::18", "totalGroupCount": 1, "trophyId": "18"}]}}}`), "tips 18+45")

	m = h.getOK(gqlPath("metGetTips", `{"npCommId":"NPWR20842_00","trophies":[{"trophyId":"21","udsObjectId":"Weapon_to_Level_5","helpType":"HINT"}]}`, tipsExt), gqlHeaders...)
	stripMediaURLs(t, h, m)
	contents := list(obj(list(obj(list(obj(obj(m["data"])["tipsRetrieve"])["trophies"])[0])["groups"])[0])["tipContents"])
	assertEqualJSON(t, contents, mustJSON(t, `[
{"__typename": "TipContent", "description": "To max out a weapon to level five, you'll want to use it on enemies at every possible opportunity. AoE (Area of Effect) weapons are typically the fastest to level, as they can hit multiple enemies at once, earning you more XP per ammo refill. Make a habit of kiting enemies into groups to get the most out of this strategy. ",
 "displayName": "HIGH FIVE", "mediaId": "psncbc9ffb8d893459688563506d4a1b78e", "mediaType": "VIDEO", "tipId": "NPWR20842_00__21_Weapon_to_Level_5_h1"},
{"__typename": "TipContent", "description": "Always upgrade your weapon with Raritanium as it levels; the increased stats will usually make it gain XP faster. ",
 "displayName": "INCREASED STATS", "mediaId": "psn7e4553c0088e4cf09101f12d1dcb609b", "mediaType": "VIDEO", "tipId": "NPWR20842_00__21_Weapon_to_Level_5_h2"}]`), "ratchet tips")
}

func TestReferenceGerman(t *testing.T) {
	h := start(t, Options{})
	m := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies", "Accept-Language", "de-de")
	assertEqualJSON(t, list(m["trophies"])[0], mustJSON(t, `{
"trophyId": 0, "trophyHidden": false, "trophyType": "platinum", "trophyName": "Du hast wirklich alles erledigt",
"trophyDetail": "Alle Trophäen in ASTRO's PLAYROOM gefunden. Wir sehen uns im nächsten Abenteuer!",
"trophyIconUrl": "https://psnobj.prod.dl.playstation.net/psnobj/NPWR20188_00/4e1f7ad7-5720-4b03-96a4-ecf8abb17ed8.png",
"trophyGroupId": "default"}`), "german trophy 0")
	en := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies", "Accept-Language", "en-US")
	de := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies", "Accept-Language", "de-DE,de;q=0.9")
	differ := 0
	for i := range list(en["trophies"]) {
		if obj(list(en["trophies"])[i])["trophyName"] != obj(list(de["trophies"])[i])["trophyName"] {
			differ++
		}
	}
	if differ != 46 {
		t.Fatalf("%d of 46 ASTRO trophy names differ in German", differ)
	}
	g := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups", "Accept-Language", "de")
	if obj(list(g["trophyGroups"])[1])["trophyGroupName"] != "ASTRO’s PLAYROOM [ZUSATZINHALT]" {
		t.Fatalf("German group name: %v", g["trophyGroups"])
	}
	// A title without a translation stays English.
	a := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR22596_00/trophyGroups/all/trophies", "Accept-Language", "de")
	b := h.getOK("/api/trophy/v1/npCommunicationIds/NPWR22596_00/trophyGroups/all/trophies")
	assertEqualJSON(t, a, b, "crash in German")
}
