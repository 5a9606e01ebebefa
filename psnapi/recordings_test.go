package psnapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// recordedEndpoint matches the recorded requests of one of our endpoints and checks what
// Sony answered decodes into our types.
type recordedEndpoint struct {
	name    string
	path    *regexp.Regexp
	method  string
	query   func(url.Values) bool // nil: any query
	decode  func(body []byte) error
	decoded int
	errors  int
}

func grades(g Grade) error {
	switch g {
	case Bronze, Silver, Gold, Platinum:
		return nil
	}
	return fmt.Errorf("unknown grade %q", g)
}

func recordedEndpoints() []*recordedEndpoint {
	return []*recordedEndpoint{
		{name: "trophyTitles", path: regexp.MustCompile(`^/api/trophy/v1/users/[^/]+/trophyTitles$`), decode: func(b []byte) error {
			var v TrophyTitles
			if err := decodeJSON("trophyTitles", b, &v); err != nil {
				return err
			}
			for _, t := range v.TrophyTitles {
				if t.NPCommunicationID == "" || t.LastUpdatedDateTime.IsZero() || t.TrophyTitlePlatform == "" ||
					t.DefinedTrophies.Total() == 0 || t.EarnedTrophies.Total() > t.DefinedTrophies.Total() {
					return fmt.Errorf("implausible title %+v", t)
				}
			}
			if len(v.TrophyTitles) > v.TotalItemCount {
				return fmt.Errorf("%d titles of %d", len(v.TrophyTitles), v.TotalItemCount)
			}
			return nil
		}},
		{name: "titleTrophies", path: regexp.MustCompile(`^/api/trophy/v1/npCommunicationIds/[^/]+/trophyGroups/[^/]+/trophies$`), decode: func(b []byte) error {
			var v TitleTrophies
			if err := decodeJSON("titleTrophies", b, &v); err != nil {
				return err
			}
			if v.TrophySetVersion == "" || len(v.Trophies) == 0 {
				return fmt.Errorf("empty definitions %+v", v)
			}
			for _, t := range v.Trophies {
				if err := grades(t.TrophyType); err != nil || t.TrophyName == "" || t.TrophyGroupID == "" {
					return fmt.Errorf("implausible trophy %+v (%v)", t, err)
				}
			}
			return nil
		}},
		{name: "earnedTrophies", path: regexp.MustCompile(`^/api/trophy/v1/users/[^/]+/npCommunicationIds/[^/]+/trophyGroups/[^/]+/trophies$`), decode: func(b []byte) error {
			var v EarnedTrophies
			if err := decodeJSON("earnedTrophies", b, &v); err != nil {
				return err
			}
			if len(v.Trophies) == 0 || v.LastUpdatedDateTime.IsZero() {
				return fmt.Errorf("empty earned %+v", v)
			}
			for _, t := range v.Trophies {
				if err := grades(t.TrophyType); err != nil || t.Earned == t.EarnedDateTime.IsZero() || t.EarnedRate() <= 0 {
					return fmt.Errorf("implausible earned trophy %+v (%v)", t, err)
				}
			}
			return nil
		}},
		{name: "titleTrophyGroups", path: regexp.MustCompile(`^/api/trophy/v1/npCommunicationIds/[^/]+/trophyGroups$`), decode: func(b []byte) error {
			var v TitleTrophyGroups
			if err := decodeJSON("titleTrophyGroups", b, &v); err != nil {
				return err
			}
			sum := TrophyCounts{}
			for _, g := range v.TrophyGroups {
				sum = sum.Add(g.DefinedTrophies)
			}
			if v.NPCommunicationID == "" || v.NPServiceName == "" || len(v.TrophyGroups) == 0 || sum != v.DefinedTrophies {
				return fmt.Errorf("implausible groups %+v", v)
			}
			return nil
		}},
		{name: "earnedTrophyGroups", path: regexp.MustCompile(`^/api/trophy/v1/users/[^/]+/npCommunicationIds/[^/]+/trophyGroups$`), decode: func(b []byte) error {
			var v EarnedTrophyGroups
			if err := decodeJSON("earnedTrophyGroups", b, &v); err != nil {
				return err
			}
			sum := TrophyCounts{}
			for _, g := range v.TrophyGroups {
				sum = sum.Add(g.EarnedTrophies)
			}
			if len(v.TrophyGroups) == 0 || sum != v.EarnedTrophies || v.LastUpdatedDateTime.IsZero() {
				return fmt.Errorf("implausible earned groups %+v", v)
			}
			return nil
		}},
		{name: "trophySummary", path: regexp.MustCompile(`^/api/trophy/v1/users/[^/]+/trophySummary$`), decode: func(b []byte) error {
			var v TrophySummary
			if err := decodeJSON("trophySummary", b, &v); err != nil {
				return err
			}
			if !IsAccountID(v.AccountID) || v.TrophyLevel < 1 || v.Tier < 1 {
				return fmt.Errorf("implausible summary %+v", v)
			}
			return nil
		}},
		{name: "titleSummaries", path: regexp.MustCompile(`^/api/trophy/v1/users/[^/]+/titles/trophyTitles$`), decode: func(b []byte) error {
			var v TitleSummaries
			if err := decodeJSON("titleSummaries", b, &v); err != nil {
				return err
			}
			if len(v.Titles) == 0 {
				return errors.New("no titles")
			}
			for _, t := range v.Titles {
				for _, tt := range t.TrophyTitles {
					if t.NPTitleID == "" || tt.NPCommunicationID == "" || tt.LastUpdatedDateTime.IsZero() || len(tt.RarestTrophies) == 0 {
						return fmt.Errorf("implausible title summary %+v", t)
					}
				}
			}
			return nil
		}},
		{name: "profile2", path: regexp.MustCompile(`^/userProfile/v1/users/[^/]+/profile2$`), decode: func(b []byte) error {
			var v struct {
				Profile Profile `json:"profile"`
			}
			if err := decodeJSON("profile2", b, &v); err != nil {
				return err
			}
			if !IsAccountID(v.Profile.AccountID) || v.Profile.OnlineID == "" {
				return fmt.Errorf("implausible profile %+v", v.Profile)
			}
			return nil
		}},
		{name: "profiles", path: regexp.MustCompile(`^/api/userProfile/v1/internal/users/[^/]+/profiles$`), decode: func(b []byte) error {
			var v Profile
			if err := decodeJSON("profiles", b, &v); err != nil {
				return err
			}
			if v.OnlineID == "" || v.AvatarURL == "" {
				return fmt.Errorf("implausible profile %+v", v)
			}
			return nil
		}},
		{name: EndpointFriends, path: regexp.MustCompile(`^/api/userProfile/v1/internal/users/[^/]+/friends$`), decode: func(b []byte) error {
			var v friendsPage
			if err := decodeJSON(EndpointFriends, b, &v); err != nil {
				return err
			}
			if len(v.Skipped) != 0 || len(v.IDs) != v.Paging.TotalItemCount {
				return fmt.Errorf("implausible friends %+v", v)
			}
			return nil
		}},
		{name: EndpointPresences, path: regexp.MustCompile(`^/api/userProfile/v2/internal/users//basicPresences$`), decode: func(b []byte) error {
			var v presenceAnswer
			if err := decodeJSON(EndpointPresences, b, &v); err != nil {
				return err
			}
			playing := 0
			for _, p := range v.Presences {
				if p.Platform == "" || p.Availability == "" || (!p.Online() && p.LastOnline.IsZero()) {
					return fmt.Errorf("implausible presence %+v", p)
				}
				if p.Online() && len(p.Games) > 0 && p.Games[0].NPTitleID != "" {
					playing++
				}
			}
			if len(v.Skipped) != 0 || len(v.Presences) == 0 || playing == 0 {
				return fmt.Errorf("implausible presences %+v", v)
			}
			return nil
		}},
		{name: EndpointPlayedGames, path: regexp.MustCompile(`^/api/gamelist/v2/users/[^/]+/titles$`), decode: func(b []byte) error {
			var v PlayedGames
			if err := decodeJSON(EndpointPlayedGames, b, &v); err != nil {
				return err
			}
			for _, g := range v.Games {
				if g.TitleID == "" || g.Platform() == "" || g.PlayDuration <= 0 || g.PlayCount < 1 ||
					g.FirstPlayed.IsZero() || g.LastPlayed.Before(g.FirstPlayed) || len(g.ConceptTitleIDs) == 0 {
					return fmt.Errorf("implausible game %+v", g)
				}
			}
			if len(v.Skipped) != 0 || len(v.Games) == 0 || v.TotalItemCount < len(v.Games) {
				return fmt.Errorf("implausible games page %+v", v)
			}
			return nil
		}},
		{name: EndpointUserSearch, path: regexp.MustCompile(`^/api/graphql/v1/op$`), query: func(q url.Values) bool {
			return q.Get("operationName") == opContextSearch && strings.Contains(q.Get("variables"), searchContextUser)
		}, decode: func(b []byte) error {
			var v userSearchAnswer
			if _, err := decodeGraphQL(EndpointUserSearch, "universalContextSearch", b, &v); err != nil {
				return err
			}
			for _, u := range v.Users {
				if !IsAccountID(u.AccountID) || u.OnlineID == "" {
					return fmt.Errorf("implausible player %+v", u)
				}
			}
			if len(v.Skipped) != 0 || len(v.Users) == 0 || v.Next == "" {
				return fmt.Errorf("implausible search %+v", v)
			}
			return nil
		}},
		{name: "authorize", path: regexp.MustCompile(`^/api/authz/v3/oauth/authorize$`)},
		{name: "token", path: regexp.MustCompile(`^/api/authz/v3/oauth/token$`), method: http.MethodPost, decode: func(b []byte) error {
			var v tokenResponse
			if err := json.Unmarshal(b, &v); err != nil {
				return err
			}
			if v.AccessToken == "" || v.RefreshToken == "" || v.ExpiresIn < 3000 || v.RefreshTokenExpiresIn < 86400 {
				return fmt.Errorf("implausible token answer (expires %d, %d)", v.ExpiresIn, v.RefreshTokenExpiresIn)
			}
			return nil
		}},
	}
}

// Every recorded answer of an endpoint we implement decodes: 2xx into the typed response,
// errors into typed errors of the status's Kind with Sony's code and message.
func TestEveryRecordedAnswerDecodes(t *testing.T) {
	endpoints := recordedEndpoints()
	matched := 0
	for _, it := range loadRecordings(t) {
		var ep *recordedEndpoint
		for _, e := range endpoints {
			if e.path.MatchString(it.URI.Path) && (e.method == "" || e.method == it.Method) &&
				(e.query == nil || e.query(it.URI.Query())) {
				ep = e
				break
			}
		}
		if ep == nil {
			continue // entitlements, catalog, game search, friend requests…: not ours
		}
		matched++
		where := fmt.Sprintf("%s %s (%s)", it.Method, it.URI.RequestURI(), it.File)
		switch {
		case ep.name == "authorize":
			code, err := authorizationCode(first(it.Headers["Location"]))
			if it.File == "test_authenticator__incorrect_npsso.json" {
				if !errors.Is(err, ErrNPSSOInvalid) || code != "" {
					t.Errorf("%s: %q, %v; want ErrNPSSOInvalid", where, code, err)
				}
			} else if err != nil || code == "" {
				t.Errorf("%s: %q, %v", where, code, err)
			}
			ep.decoded++
		case it.Status >= 200 && it.Status <= 299:
			if err := ep.decode([]byte(it.Body)); err != nil {
				t.Errorf("%s: %v", where, err)
			}
			ep.decoded++
		default:
			err := parseErrorResponse(ep.name, it.Status, http.Header(it.Headers), []byte(it.Body), clockStart)
			var ae *APIError
			if !errors.As(err, &ae) || ae.Kind != kindForStatus(it.Status) || ae.Kind == KindOther ||
				ae.Code == 0 || ae.Message == "" || ae.Endpoint != ep.name {
				t.Errorf("%s: %#v", where, err)
			}
			ep.errors++
		}
	}
	for _, e := range endpoints {
		if e.decoded == 0 {
			t.Errorf("no recorded success for %s: the matcher is broken", e.name)
		}
		t.Logf("%-20s %3d answers, %2d errors", e.name, e.decoded, e.errors)
	}
	if matched < 100 {
		t.Errorf("only %d recorded interactions matched our endpoints", matched)
	}
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// Specific recorded errors map to what the UI needs to say.
func TestRecordedErrorsHaveTheRightKind(t *testing.T) {
	want := map[string]struct {
		kind Kind
		code int
	}{
		"test_user__user_not_found.json":                  {KindNotFound, 2105356},
		"test_user__trophy_titles_forbidden.json":         {KindForbidden, 2240526},
		"test_user__trophy_summary_forbidden.json":        {KindForbidden, 2240526},
		"test_user__user_acct_id_not_found.json":          {KindBadRequest, 2281473},
		"test_game_title__wrong_title_id.json":            {KindNotFound, 2240525},
		"test_client__trophies_with_progress.json":        {KindNotFound, 2240525},
		"test_user__trophy_groups_summary_forbidden.json": {KindForbidden, 2240526},
		"test_user__get_friends_forbidden.json":           {KindForbidden, 2281486},
		"test_exception__exception_parsing.json":          {KindBadRequest, 2281473},
	}
	seen := 0
	for _, it := range loadRecordings(t) {
		w, ok := want[it.File]
		if !ok || it.Status < 400 {
			continue
		}
		seen++
		err := parseErrorResponse("x", it.Status, http.Header(it.Headers), []byte(it.Body), clockStart)
		var ae *APIError
		if !errors.As(err, &ae) || ae.Kind != w.kind || ae.Code != w.code {
			t.Errorf("%s: %v", it.File, err)
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d recorded errors", seen, len(want))
	}
}
