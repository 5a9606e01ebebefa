package psntest

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/psnclient/psn-client/assets"
)

// presencesPath is the batch presence endpoint as the app calls it, with an empty segment.
const presencesPath = "/api/userProfile/v2/internal/users//basicPresences"

// maxPresenceIDs is how many accountIds one basicPresences request may name on this server.
const maxPresenceIDs = 50

// userTarget resolves {account} for the userProfile endpoints: "me" is the token's account; a
// malformed id is 400 code 2281473 as Sony answers, an unknown one 404.
func (s *Server) userTarget(c *call) (*assets.Account, *response) {
	id := c.r.PathValue("account")
	if id == "me" {
		return c.account, nil
	}
	if !isNumeric(id) {
		res := s.apiError(http.StatusBadRequest, 2281473, "Bad Request (path: accountId)")
		return nil, &res
	}
	a := s.world.Account(id)
	if a == nil {
		res := s.apiError(http.StatusNotFound, 2281474, "Resource not found")
		return nil, &res
	}
	return a, nil
}

// friends answers GET /api/userProfile/v1/internal/users/{account}/friends?limit=&offset=: account
// IDs in the account's order, {"friends":[…],"totalItemCount":n} as recorded, nextOffset only when
// more follow. limit is 1…1000 (default 1000; else 400 code 2281473 "Bad Request (query: limit)",
// as recorded for limit=-1). Another account's private friends list is 403 code 2281486.
func (s *Server) friends(c *call) response {
	a, errRes := s.userTarget(c)
	if errRes != nil {
		return *errRes
	}
	q := c.r.URL.Query()
	limit, err := intParam(q, "limit", 1000)
	if err != nil || limit < 1 || limit > 1000 {
		return s.apiError(http.StatusBadRequest, 2281473, "Bad Request (query: limit)")
	}
	offset, err := intParam(q, "offset", 0)
	if err != nil {
		return s.apiError(http.StatusBadRequest, 2281473, "Bad Request (query: offset)")
	}
	if a != c.account && a.FriendsPrivate {
		return s.apiError(http.StatusForbidden, 2281486, "Not permitted by access control")
	}
	start, end, pg := page(len(a.Friends), offset, limit)
	out := orderedObj{{"friends", append([]string{}, a.Friends[start:end]...)}, {"totalItemCount", pg.TotalItemCount}}
	if pg.NextOffset != nil {
		out = append(out, kv{"nextOffset", *pg.NextOffset})
	}
	return s.ok(out, "private")
}

// basicPresences answers GET …/users//basicPresences?type=primary&accountIds=…&platforms=…
// &withOwnGameTitleInfo=true: one entry per account whose presence the caller may see (its own
// and its friends'; others are left out), in the order asked. At most 50 ids; a non-numeric one
// is 400. The caller's own game is listed only with withOwnGameTitleInfo=true.
func (s *Server) basicPresences(c *call) response {
	q := c.r.URL.Query()
	if q.Get("type") != "primary" {
		return s.apiError(http.StatusBadRequest, 2281473, "Bad Request (query: type)")
	}
	var ids []string
	for _, v := range q["accountIds"] {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 || len(ids) > maxPresenceIDs {
		return s.apiError(http.StatusBadRequest, 2281473, "Bad Request (query: accountIds)")
	}
	own := q.Get("withOwnGameTitleInfo") == "true"
	entries := []orderedObj{}
	for _, id := range ids {
		if !isNumeric(id) {
			return s.apiError(http.StatusBadRequest, 2281473, "Bad Request (query: accountIds)")
		}
		a := s.world.Account(id)
		if a == nil || (a != c.account && !slices.Contains(c.account.Friends, a.AccountID)) {
			continue
		}
		entries = append(entries, s.presenceEntry(a, a != c.account || own))
	}
	return s.ok(orderedObj{{"basicPresences", entries}}, "private")
}

func (s *Server) presenceEntry(a *assets.Account, withGame bool) orderedObj {
	p := a.Presence
	if !p.Online {
		last := p.Last.UTC().Format("2006-01-02T15:04:05.000Z")
		return orderedObj{{"accountId", a.AccountID}, {"availability", "unavailable"}, {"lastAvailableDate", last},
			{"primaryPlatformInfo", orderedObj{{"onlineStatus", "offline"}, {"platform", p.Platform}, {"lastOnlineDate", last}}}}
	}
	e := orderedObj{{"accountId", a.AccountID}, {"availability", "availableToPlay"},
		{"primaryPlatformInfo", orderedObj{{"onlineStatus", "online"}, {"platform", p.Platform}}}}
	if p.Playing != nil && withGame {
		game := s.playedGameOf(a, p.Playing)
		info := orderedObj{{"npTitleId", game.TitleID}, {"titleName", p.Playing.Name}, {"format", p.Platform},
			{"launchPlatform", p.Platform}, {"npTitleIconUrl", s.imageURL(game.ImageURL, imageSpec{kind: imageGame})}}
		e = append(e, kv{"gameTitleInfoList", []orderedObj{info}})
	}
	return e
}

// playedGameOf is the account's played-games entry for a title (its titleId and image).
func (s *Server) playedGameOf(a *assets.Account, t *assets.Title) *assets.Game {
	for _, g := range a.PlayedGames() {
		if g.Title == t {
			return g
		}
	}
	return &assets.Game{TitleID: firstOr(t.NPTitleIDs, ""), Title: t}
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

// playedGames answers GET /api/gamelist/v2/users/{account}/titles?limit=&offset=: the played-games
// list, most recently played first; PS4 and PS5 games only, with play count, first and last played
// and the play time as an ISO-8601 duration (PT228H56M33S). limit is 1…200 (default 100; else
// 400); previousOffset is always there (offset−1, at least 0) and nextOffset when more follow, as
// recorded. Another account's list is 403 when its trophies are private.
func (s *Server) playedGames(c *call) response {
	a, errRes := s.userTarget(c)
	if errRes != nil {
		return *errRes
	}
	q := c.r.URL.Query()
	limit, err := intParam(q, "limit", 100)
	if err != nil || limit < 1 || limit > 200 {
		return s.apiError(http.StatusBadRequest, 2240513, "Bad Request (query: limit)")
	}
	offset, err := intParam(q, "offset", 0)
	if err != nil {
		return s.apiError(http.StatusBadRequest, 2240513, "Bad Request (query: offset)")
	}
	if a != c.account && a.Private {
		return s.apiError(http.StatusForbidden, 2240526, "Not permitted by access control")
	}
	games := a.PlayedGames()
	start, end, pg := page(len(games), offset, limit)
	titles := make([]orderedObj, 0, end-start)
	for _, g := range games[start:end] {
		img := s.imageURL(g.ImageURL, imageSpec{kind: imageGame})
		concept := orderedObj{{"id", g.ConceptID}, {"titleIds", []string{g.TitleID}}, {"name", g.Name},
			{"media", orderedObj{{"audios", []any{}}, {"videos", []any{}}, {"images", []orderedObj{{{"url", img}, {"format", "UNKNOWN"}, {"type", "MASTER"}}}}}},
			{"genres", []string{"ACTION"}}, {"country", "US"}, {"language", "en"}}
		titles = append(titles, orderedObj{{"titleId", g.TitleID}, {"name", g.Name}, {"localizedName", g.Name},
			{"imageUrl", img}, {"localizedImageUrl", img}, {"category", g.Category}, {"service", g.Service},
			{"playCount", g.PlayCount}, {"concept", concept},
			{"firstPlayedDateTime", g.First.UTC().Format("2006-01-02T15:04:05.000000Z")},
			{"lastPlayedDateTime", g.Last.UTC().Format("2006-01-02T15:04:05.000000Z")},
			{"playDuration", isoDuration(g.Duration)}})
	}
	out := orderedObj{{"titles", titles}}
	if pg.NextOffset != nil {
		out = append(out, kv{"nextOffset", *pg.NextOffset})
	}
	out = append(out, kv{"previousOffset", max(offset-1, 0)}, kv{"totalItemCount", pg.TotalItemCount})
	return s.ok(out, "private")
}

// isoDuration writes a duration as Sony does: PT215H2M16S, PT1M9S, PT18H, PT0S.
func isoDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, sec := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	var b strings.Builder
	b.WriteString("PT")
	if h > 0 {
		b.WriteString(strconv.Itoa(h) + "H")
	}
	if m > 0 {
		b.WriteString(strconv.Itoa(m) + "M")
	}
	if sec > 0 || (h == 0 && m == 0) {
		b.WriteString(strconv.Itoa(sec) + "S")
	}
	return b.String()
}

// userSearch answers the universal search's players domain (metGetContextSearchResults): up to 15
// accounts whose current online ID contains the term (case ignored), an exact match first.
func (s *Server) userSearch(term string) response {
	term = strings.ToLower(strings.TrimSpace(term))
	var found []*assets.Account
	if term != "" {
		for _, a := range s.world.Accounts {
			if strings.Contains(strings.ToLower(a.OnlineID), term) {
				found = append(found, a)
			}
		}
	}
	slices.SortStableFunc(found, func(x, y *assets.Account) int {
		ex, ey := strings.EqualFold(x.OnlineID, term), strings.EqualFold(y.OnlineID, term)
		switch {
		case ex && !ey:
			return -1
		case ey && !ex:
			return 1
		}
		return strings.Compare(strings.ToLower(x.OnlineID), strings.ToLower(y.OnlineID))
	})
	next := ""
	if len(found) > 15 {
		found = found[:15]
		next = base64.RawURLEncoding.EncodeToString([]byte(`{"SO":15}`))
	}
	results := []orderedObj{}
	for _, a := range found {
		id := base64.StdEncoding.EncodeToString([]byte("$apr1$" + a.AccountID))
		results = append(results, orderedObj{{"__typename", "SearchResultItem"},
			{"highlight", orderedObj{{"__typename", "PlayerHighlight"}, {"onlineId", []string{"", a.OnlineID}}}},
			{"id", id},
			{"result", orderedObj{{"__typename", "Player"}, {"accountId", a.AccountID}, {"avatarUrl", s.avatarURL(a, "l")},
				{"displayName", nil}, {"id", id}, {"isPsPlus", a.Plus}, {"itemType", "SOCIAL"}, {"onlineId", a.OnlineID},
				{"profilePicUrl", ""}, {"relationshipState", nil}}},
			{"resultOriginFlag", nil}})
	}
	return s.ok(orderedObj{{"data", orderedObj{{"universalContextSearch", orderedObj{
		{"__typename", "UniversalContextSearchResponse"},
		{"queryFrequency", orderedObj{{"__typename", "QueryFrequency"}, {"filterDebounceMs", 1000}, {"searchDebounceMs", 1000}}},
		{"results", []orderedObj{{{"__typename", "UniversalDomainSearchResponse"}, {"domain", "SocialAllAccounts"},
			{"domainTitle", "Players"}, {"next", next}, {"searchResults", results}}}},
	}}}}}, "")
}

// FriendIDs returns an account's friends list (account IDs), for tests.
func (s *Server) FriendIDs(accountID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.world.Account(accountID); a != nil {
		return append([]string(nil), a.Friends...)
	}
	return nil
}
