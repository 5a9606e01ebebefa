package cli

import (
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/assets"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// count counts the requests the fake answered whose path contains part.
func (h *harness) count(part string) int {
	n := 0
	for _, r := range h.srv.Requests() {
		if strings.Contains(r.Path, part) {
			n++
		}
	}
	return n
}

// friends: every friend by name with the account ID, each name one request the first time and none
// after; --json is an array of {accountId, onlineId, avatarUrl, isPlus}.
func TestFriendsCommandNamesEachFriendOnce(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	want := h.srv.FriendIDs(psntest.DemoAccountID)
	r := h.run("", "friends")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "naming 39 friends: 39 requests, once") {
		t.Errorf("stderr does not say the cost: %q", r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != len(want)+1 || !strings.HasPrefix(lines[0], "ONLINE ID") || !strings.Contains(r.stdout, psntest.FriendOnlineID+" ") {
		t.Fatalf("table:\n%s", r.stdout)
	}
	if h.count("/profiles") != len(want) || h.count("/friends") != 1 {
		t.Fatalf("%d profile and %d list requests, want %d and 1", h.count("/profiles"), h.count("/friends"), len(want))
	}
	h.srv.ResetLog()
	r = h.run("", "friends", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got []struct {
		AccountID string  `json:"accountId"`
		OnlineID  *string `json:"onlineId"`
		AvatarURL string  `json:"avatarUrl"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for i, f := range got {
		ids[f.AccountID] = true
		if f.OnlineID == nil || f.AvatarURL == "" {
			t.Fatalf("friend %d: %+v", i, f)
		}
		if i > 0 && strings.ToLower(*got[i-1].OnlineID) > strings.ToLower(*f.OnlineID) {
			t.Fatalf("not sorted by name at %d", i)
		}
	}
	for _, id := range want {
		if !ids[id] {
			t.Fatalf("friend %s missing", id)
		}
	}
	if n := len(h.srv.Requests()); n != 0 {
		t.Fatalf("second listing sent %d requests, want none", n)
	}
	// --offline never asks; a friend's name now resolves without a lookup.
	if r = h.run("", "friends", "--offline"); r.code != 0 || len(h.srv.Requests()) != 0 {
		t.Fatalf("--offline: exit %d, %d requests", r.code, len(h.srv.Requests()))
	}
	if r = h.run("", "summary", "--user", "trophyfriend"); r.code != 0 || h.count("/profile2") != 0 {
		t.Fatalf("--user a friend's name: exit %d, %d lookups (%s)", r.code, h.count("/profile2"), r.stderr)
	}
}

// Another account's private friends list is one clear line.
func TestFriendsCommandPrivateList(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	r := h.run("", "friends", "--user", psntest.PrivateAccountID)
	if r.code != 1 || !strings.Contains(r.stderr, "friends list is private") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// fakeGamePlay is the fake's play time per trophy title (whole seconds, as on the wire).
func fakeGamePlay(h *harness) map[string][2]int64 {
	out := map[string][2]int64{}
	h.srv.World(func(w *assets.World) {
		for _, g := range w.Account(psntest.DemoAccountID).PlayedGames() {
			if g.Title != nil {
				p := out[g.Title.NPCommunicationID]
				p[0] += int64(g.Duration.Round(time.Second) / time.Second)
				p[1] += int64(g.PlayCount)
				out[g.Title.NPCommunicationID] = p
			}
		}
	})
	return out
}

// titles --json and export carry playDuration (seconds) and playCount matching the fake; PS3, Vita
// and PC titles have none; sync fetches play time and --plan says what it costs first.
func TestPlayTimeInTitlesExportAndSync(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	want := fakeGamePlay(h)
	r := h.run("", "sync", "--plan")
	if r.code != 0 || !strings.Contains(r.stdout, "play time: about 1 request for the played-games list, about 40 requests to match 197 games") {
		t.Fatalf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = h.run("", "sync")
	if r.code != 0 || !strings.Contains(r.stdout, "play time of 200 games: ") {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = h.run("", "sync", "--plan"); !strings.Contains(r.stdout, "play time: nothing to fetch (200 games)") {
		t.Fatalf("plan after sync:\n%s", r.stdout)
	}
	h.srv.ResetLog()
	r = h.run("", "titles", "--json")
	if r.code != 0 {
		t.Fatalf("titles: exit %d %s", r.code, r.stderr)
	}
	var titles []struct {
		ID           string `json:"npCommunicationId"`
		Platform     string `json:"platform"`
		PlayDuration *int64 `json:"playDuration"`
		PlayCount    *int64 `json:"playCount"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &titles); err != nil {
		t.Fatal(err)
	}
	without := map[string]bool{}
	for _, ti := range titles {
		w, ok := want[ti.ID]
		switch {
		case ti.Platform == "PS3" || ti.Platform == "PSVITA" || ti.Platform == "PSPC":
			without[ti.Platform] = true
			if ti.PlayDuration != nil || ti.PlayCount != nil {
				t.Errorf("%s title %s has play time", ti.Platform, ti.ID)
			}
		case !ok || ti.PlayDuration == nil || *ti.PlayDuration != w[0] || *ti.PlayCount != w[1]:
			t.Errorf("%s (%s): %v/%v, want %v", ti.ID, ti.Platform, ti.PlayDuration, ti.PlayCount, w)
		}
	}
	if len(without) != 3 {
		t.Fatalf("platforms without play time seen: %v", without)
	}
	if n := h.count("/gamelist/") + h.count("/titles/trophyTitles"); n != 0 {
		t.Fatalf("titles --json after sync sent %d play time requests, want none (fresh)", n)
	}

	r = h.run("", "export", "--format", "csv")
	if r.code != 0 {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	if head[len(head)-2] != "playDuration" || head[len(head)-1] != "playCount" || head[0] != "npCommunicationId" {
		t.Fatalf("csv header %v", head)
	}
	for _, row := range rows[1:] {
		w, ok := want[row[0]]
		got := row[len(row)-2]
		if !ok {
			if got != "" {
				t.Fatalf("%s (%s) exported with play time %s", row[0], row[2], got)
			}
			continue
		}
		if got != strconv.FormatInt(w[0], 10) || row[len(row)-1] != strconv.FormatInt(w[1], 10) {
			t.Fatalf("%s: %s/%s, want %v", row[0], got, row[len(row)-1], w)
		}
	}

	r = h.run("", "stats", "--json")
	var st struct {
		PlayTime *struct {
			Total    int64 `json:"totalSeconds"`
			Placed   int64 `json:"placedSeconds"`
			Unplaced int64 `json:"unplacedSeconds"`
			PerMonth []struct {
				Month   string `json:"month"`
				Seconds int64  `json:"seconds"`
			} `json:"perMonth"`
		} `json:"playTime"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || st.PlayTime == nil {
		t.Fatalf("stats --json: %v\n%s", err, r.stderr)
	}
	var sum int64
	for _, m := range st.PlayTime.PerMonth {
		sum += m.Seconds
	}
	if sum != st.PlayTime.Placed || st.PlayTime.Placed+st.PlayTime.Unplaced != st.PlayTime.Total || st.PlayTime.Total == 0 {
		t.Fatalf("play time %+v: months sum to %d", st.PlayTime, sum)
	}
	if r = h.run("", "stats"); !strings.Contains(r.stdout, "Hours played per month") || !strings.Contains(r.stdout, "placed in a month: ") {
		t.Fatalf("stats text:\n%s", r.stdout)
	}
}

// titles --json before any sync matches only a handful of games (5 requests) and says how many
// wait for sync, instead of spending hundreds of requests on a listing.
func TestTitlesJSONLeavesTheFirstMatchToSync(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.login()
	r := h.run("", "titles", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if n := h.count("/titles/trophyTitles"); n > 5+3 { // 5 requests, and the apps Sony knows no trophies of
		t.Fatalf("titles --json sent %d matching requests", n)
	}
	if !strings.Contains(r.stderr, "play time: 175 games not matched to their trophy titles yet (35 requests; psn-client sync does it)") {
		t.Fatalf("stderr: %q", r.stderr)
	}
	if !strings.Contains(r.stdout, `"playDuration"`) {
		t.Fatal("no title has play time")
	}
}
