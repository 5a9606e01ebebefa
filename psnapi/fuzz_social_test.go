package psnapi

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// Fuzz targets for the friends, presence, played-games and user-search answers (issue 13 #6): any
// body decodes or fails with a *DecodeError, every list entry is either kept or named in Skipped,
// and what is kept survives a round trip through our own JSON (the cache format).

// fuzzList runs decode on every input; count says how many entries the body's list holds.
func fuzzList[T any](f *testing.F, seeds []string, pathPart string, list string, decode func([]byte) (kept, skipped int, values []T, err error)) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"` + list + `":[null,1,"x",{},[]]}`))
	addRecorded(pathPart, func(it interaction) {
		if it.Status == 200 && len(it.Body) < 60000 {
			f.Add([]byte(it.Body))
		}
	})
	f.Fuzz(func(t *testing.T, body []byte) {
		kept, skipped, values, err := decode(body)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("%T %v", err, err)
			}
			return
		}
		// encoding/json matches keys ignoring case: so does the count, when one key matches.
		var raw map[string]json.RawMessage
		if json.Unmarshal(body, &raw) == nil {
			var entries []json.RawMessage
			matches := 0
			for k, v := range raw {
				if strings.EqualFold(k, list) {
					matches++
					_ = json.Unmarshal(v, &entries)
				}
			}
			if matches == 1 && len(entries) != kept+skipped {
				t.Fatalf("%d entries, %d kept + %d skipped", len(entries), kept, skipped)
			}
		}
		roundTrips(t, values)
	})
}

func FuzzDecodeFriends(f *testing.F) {
	fuzzList(f, []string{`{"friends": ["5361973517281706660", "940512162723934331"], "totalItemCount": 3}`,
		`{"friends":[12,-3,1e30,"0x1","12345678901234567890123"],"totalItemCount":"5","nextOffset":5}`}, "/friends", "friends",
		func(b []byte) (int, int, []string, error) {
			var v friendsPage
			err := decodeJSON("ep", b, &v)
			return len(v.IDs), len(v.Skipped), v.IDs, err
		})
}

func FuzzDecodePresences(f *testing.F) {
	fuzzList(f, []string{`{"basicPresences":[{"accountId":"1","availability":"unavailable","lastAvailableDate":"2025-05-04T18:19:05.288Z",
"primaryPlatformInfo":{"onlineStatus":"offline","platform":"PS5","lastOnlineDate":"2025-05-04T18:19:05.288Z"}},
{"accountId":"2","availability":"availableToPlay","primaryPlatformInfo":{"onlineStatus":"online","platform":"PS5"},
"gameTitleInfoList":[{"npTitleId":"PPSA01649_00","titleName":"Call of Duty®","format":"PS5","launchPlatform":"PS5"}]}]}`,
		`{"basicPresences":[{"accountId":"x"},{"accountId":"3","lastAvailableDate":"9999-99-99"},{"accountId":4,"gameTitleInfoList":{}}]}`},
		"/basicPresences", "basicPresences",
		func(b []byte) (int, int, []Presence, error) {
			var v presenceAnswer
			err := decodeJSON("ep", b, &v)
			return len(v.Presences), len(v.Skipped), v.Presences, err
		})
}

func FuzzDecodePlayedGames(f *testing.F) {
	fuzzList(f, []string{`{"titles":[{"titleId":"CUSA34284_00","name":"Moving Out 2","category":"ps4_game","service":"ps_plus",
"playCount":1,"concept":{"id":10005309,"titleIds":["PPSA08206_00"]},"firstPlayedDateTime":"2023-10-31T12:31:14.310000Z",
"lastPlayedDateTime":"2023-10-31T12:32:32.630000Z","playDuration":"PT1M9S"}],"nextOffset":10,"previousOffset":8,"totalItemCount":13455}`,
		`{"titles":[{"titleId":"A","playDuration":"P1Y"},{"titleId":"B","playCount":"7","playDuration":"PT999999999H"},{"titleId":"","playDuration":5}]}`},
		"/gamelist/", "titles",
		func(b []byte) (int, int, []PlayedGame, error) {
			var v PlayedGames
			err := decodeJSON("ep", b, &v)
			return len(v.Games), len(v.Skipped), v.Games, err
		})
}

func FuzzDecodeUserSearch(f *testing.F) {
	for _, s := range []string{`{"data":{"universalContextSearch":{"results":[{"domain":"SocialAllAccounts","next":"eyJTTyI6MTV9",
"searchResults":[{"result":{"accountId":"303346091440502073","onlineId":"testest__","isPsPlus":false}},{"result":{"accountId":"x"}},null]}]}}}`,
		`{"data":null}`, `{"errors":[{"message":"x"}]}`, `{"data":{"universalContextSearch":{"results":[{"domain":"MobileGames"}]}}}`} {
		f.Add([]byte(s))
	}
	addRecorded("/graphql/", func(it interaction) {
		if it.Status == 200 && len(it.Body) < 60000 {
			f.Add([]byte(it.Body))
		}
	})
	f.Fuzz(func(t *testing.T, body []byte) {
		var v userSearchAnswer
		_, err := decodeGraphQL("ep", "universalContextSearch", body, &v)
		if err != nil {
			var de *DecodeError
			var ge *GraphQLError
			if !errors.As(err, &de) && !errors.As(err, &ge) {
				t.Fatalf("%T %v", err, err)
			}
			return
		}
		for _, u := range v.Users {
			if !IsAccountID(u.AccountID) || u.OnlineID == "" {
				t.Fatalf("kept %+v", u)
			}
		}
		roundTrips(t, v.Users)
	})
}

func FuzzParsePlayDuration(f *testing.F) {
	for _, s := range []string{"PT228H56M33S", "PT1M9S", "PT0S", "P2DT3H", "PT1.5S", "P1Y", "PT", "PT-1S", "PT1e9H", "P9999999W"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParsePlayDuration(s)
		if err != nil {
			return
		}
		if d < 0 || d > maxPlayDuration {
			t.Fatalf("%q gave %v", s, d)
		}
		// Whole seconds written back Sony's way read the same.
		whole := d.Truncate(time.Second)
		h, m, sec := int64(whole/time.Hour), int64(whole%time.Hour/time.Minute), int64(whole%time.Minute/time.Second)
		again, err := ParsePlayDuration("PT" + itoa(int(h)) + "H" + itoa(int(m)) + "M" + itoa(int(sec)) + "S")
		if err != nil || again != whole {
			t.Fatalf("%q → %v → %v, %v", s, d, again, err)
		}
	})
}
