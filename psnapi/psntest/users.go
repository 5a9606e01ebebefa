package psntest

import (
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/psnclient/psn-client/assets"
)

var defaultProfileFields = "onlineId,accountId,npId,avatarUrls,plus,aboutMe,languagesUsed"

// profile2 answers GET /userProfile/v1/users/{onlineId}/profile2?fields=…: only the fields asked
// for, plus as 0/1; unknown users 404 code 2105356 without referenceId. A previous online ID
// resolves too, with currentOnlineId naming the current one (currentOnlineId is only present then).
func (s *Server) profile2(c *call) response {
	if s.opts.RetiredProfile2 != 0 {
		return htmlError(s.opts.RetiredProfile2)
	}
	name := c.r.PathValue("onlineId")
	a, previous := s.world.AccountByOnlineID(name)
	if a == nil {
		return profileError(http.StatusNotFound, 2105356, "User not found (user: '"+name+"')")
	}
	fields := c.r.URL.Query().Get("fields")
	if fields == "" {
		fields = defaultProfileFields
	}
	onlineID := a.OnlineID
	if previous {
		onlineID = a.PreviousOnlineID
	}
	var p orderedObj
	for _, f := range splitFields(fields) {
		base, _, _ := strings.Cut(f, "(")
		switch base {
		case "onlineId":
			p = append(p, kv{"onlineId", onlineID})
		case "accountId":
			p = append(p, kv{"accountId", a.AccountID})
		case "currentOnlineId":
			if previous {
				p = append(p, kv{"currentOnlineId", a.OnlineID})
			}
		case "npId":
			p = append(p, kv{"npId", base64.StdEncoding.EncodeToString([]byte(a.OnlineID + "@a6.us"))})
		case "avatarUrls":
			p = append(p, kv{"avatarUrls", []orderedObj{{{"size", "l"}, {"avatarUrl", s.avatarURL(a, "l")}}}})
		case "plus":
			plus := 0
			if a.Plus {
				plus = 1
			}
			p = append(p, kv{"plus", plus})
		case "aboutMe":
			p = append(p, kv{"aboutMe", a.AboutMe})
		case "languagesUsed":
			var langs []string
			for _, l := range a.Languages {
				first, _, _ := strings.Cut(l, "-")
				langs = append(langs, first)
			}
			p = append(p, kv{"languagesUsed", langs})
		case "isOfficiallyVerified":
			p = append(p, kv{"isOfficiallyVerified", false})
		case "trophySummary":
			e := a.Earned()
			lv := assets.LevelFor(e.Points())
			p = append(p, kv{"trophySummary", orderedObj{{"level", lv.Level}, {"progress", lv.Progress},
				{"earnedTrophies", orderedObj{{"platinum", e[3]}, {"gold", e[2]}, {"silver", e[1]}, {"bronze", e[0]}}}}})
		}
	}
	res := s.ok(map[string]any{"profile": p}, "no-store")
	return res
}

// splitFields splits a fields list on the commas outside parentheses.
func splitFields(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// profiles answers GET /api/userProfile/v1/internal/users/{accountId}/profiles; a malformed or
// unknown account id is 400 code 2281473 (as Sony answers both).
func (s *Server) profiles(c *call) response {
	id := c.r.PathValue("account")
	var a *assets.Account
	if id == "me" {
		a = c.account
	} else if isNumeric(id) {
		a = s.world.Account(id)
	}
	if a == nil {
		return s.apiError(http.StatusBadRequest, 2281473, "Bad Request (path: accountId)")
	}
	avatars := []orderedObj{}
	for _, size := range []string{"s", "xl", "l", "m"} {
		avatars = append(avatars, orderedObj{{"size", size}, {"url", s.avatarURL(a, size)}})
	}
	return s.ok(orderedObj{
		{"onlineId", a.OnlineID},
		{"aboutMe", a.AboutMe},
		{"avatars", avatars},
		{"languages", a.Languages},
		{"isPlus", a.Plus},
		{"isOfficiallyVerified", false},
		{"isMe", a == c.account},
	}, "private")
}

// avatarURL is the fake's URL of an account's avatar in a size ("s", "m", "l", "xl").
func (s *Server) avatarURL(a *assets.Account, size string) string {
	return s.imageURL(a.AvatarURL(size), imageSpec{kind: imageAvatar})
}
