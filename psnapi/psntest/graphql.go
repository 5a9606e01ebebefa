package psntest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// graphql answers the Game Help persisted queries: GET /api/graphql/v1/op?operationName=…
// &variables=…&extensions=… with headers apollographql-client-name and content-type required.
func (s *Server) graphql(c *call) response {
	r := c.r
	if r.Header.Get("Apollographql-Client-Name") == "" || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return graphqlErrors(http.StatusBadRequest, "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). "+
			"Please either specify a 'content-type' header (with a type that is not one of application/x-www-form-urlencoded, "+
			"multipart/form-data, text/plain) or provide a non-empty value for one of the following headers: apollographql-client-name", "BAD_REQUEST")
	}
	q := r.URL.Query()
	op := q.Get("operationName")
	var ext struct {
		PersistedQuery struct {
			Version    int    `json:"version"`
			SHA256Hash string `json:"sha256Hash"`
		} `json:"persistedQuery"`
	}
	if err := json.Unmarshal([]byte(q.Get("extensions")), &ext); err != nil {
		return graphqlErrors(http.StatusBadRequest, "Invalid extensions parameter: "+err.Error(), "BAD_USER_INPUT")
	}
	want := map[string]string{"metGetHintAvailability": HintHash, "metGetTips": TipsHash, "metGetContextSearchResults": SearchHash}[op]
	if want == "" {
		return graphqlErrors(http.StatusBadRequest, "Unknown operation named \""+op+"\".", "GRAPHQL_VALIDATION_FAILED")
	}
	if ext.PersistedQuery.SHA256Hash != want {
		return graphqlErrors(http.StatusOK, "PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
	}
	if op == "metGetContextSearchResults" {
		var sv struct {
			SearchTerm    string `json:"searchTerm"`
			SearchContext string `json:"searchContext"`
		}
		if err := json.Unmarshal([]byte(q.Get("variables")), &sv); err != nil || sv.SearchContext != "MobileUniversalSearchSocial" {
			return graphqlErrors(http.StatusBadRequest, "Variable \"$searchContext\" got invalid value.", "BAD_USER_INPUT")
		}
		return s.userSearch(sv.SearchTerm)
	}
	var vars struct {
		NPCommID  string          `json:"npCommId"`
		TrophyIDs []string        `json:"trophyIds"`
		Trophies  json.RawMessage `json:"trophies"`
	}
	if err := json.Unmarshal([]byte(q.Get("variables")), &vars); err != nil || vars.NPCommID == "" {
		return graphqlErrors(http.StatusBadRequest, "Variable \"$npCommId\" of required type \"String!\" was not provided.", "BAD_USER_INPUT")
	}
	t := s.world.Title(vars.NPCommID)
	if op == "metGetHintAvailability" {
		want := map[string]bool{}
		for _, id := range vars.TrophyIDs {
			want[strings.TrimSpace(id)] = true
		}
		trophies := []orderedObj{}
		if t != nil {
			for _, h := range t.Hints {
				id := strconv.Itoa(h.TrophyID)
				if len(want) > 0 && !want[id] {
					continue
				}
				trophies = append(trophies, orderedObj{{"__typename", "TrophyInfoWithHintAvailable"}, {"helpType", h.HelpType},
					{"id", t.NPCommunicationID + "::" + id}, {"trophyId", id}, {"udsObjectId", h.UDSObjectID}})
			}
		}
		return s.ok(orderedObj{{"data", orderedObj{{"hintAvailabilityRetrieve", orderedObj{
			{"__typename", "HintAvailability"}, {"trophies", trophies}}}}}}, "")
	}
	// metGetTips: trophies is an array of {trophyId, udsObjectId, helpType} (one object is accepted too)
	type tipReq struct {
		TrophyID    string `json:"trophyId"`
		UDSObjectID string `json:"udsObjectId"`
		HelpType    string `json:"helpType"`
	}
	var reqs []tipReq
	if err := json.Unmarshal(vars.Trophies, &reqs); err != nil {
		var one tipReq
		if err := json.Unmarshal(vars.Trophies, &one); err != nil || one.TrophyID == "" {
			return graphqlErrors(http.StatusBadRequest, "Variable \"$trophies\" got invalid value.", "BAD_USER_INPUT")
		}
		reqs = []tipReq{one}
	}
	if s.opts.NoPlus {
		// Sony's answer for an account without PS Plus: no tips at all, whatever was asked.
		return s.ok(orderedObj{{"data", orderedObj{{"tipsRetrieve", orderedObj{
			{"__typename", "Tips"}, {"hasAccess", false}, {"trophies", []orderedObj{}}}}}}}, "")
	}
	trophies := []orderedObj{}
	// Sony answers in no particular order; the fake answers in reverse request order.
	for i := len(reqs) - 1; i >= 0; i-- {
		rq := reqs[i]
		groups := []orderedObj{}
		if t != nil {
			for i, h := range t.Hints {
				if strconv.Itoa(h.TrophyID) != rq.TrophyID || h.UDSObjectID != rq.UDSObjectID {
					continue
				}
				var contents []orderedObj
				for _, tip := range t.HintTips(i) {
					var mediaID, mediaType, mediaURL any
					if tip.MediaPath != "" {
						mediaID, mediaType = tip.MediaID, tip.MediaType
						mediaURL = s.URL + "/media/" + tip.MediaPath + "?token=" + s.mediaTokenLocked(tip.MediaID)
					}
					contents = append(contents, orderedObj{{"__typename", "TipContent"}, {"description", tip.Description},
						{"displayName", tip.DisplayName}, {"mediaId", mediaID}, {"mediaType", mediaType}, {"mediaUrl", mediaURL}, {"tipId", tip.TipID}})
				}
				groups = append(groups, orderedObj{{"__typename", "TipGroup"}, {"groupId", nil}, {"groupName", nil}, {"tipContents", contents}})
			}
		}
		trophies = append(trophies, orderedObj{{"__typename", "TrophyTip"}, {"groups", groups},
			{"id", vars.NPCommID + "::" + rq.TrophyID}, {"totalGroupCount", len(groups)}, {"trophyId", rq.TrophyID}})
	}
	return s.ok(orderedObj{{"data", orderedObj{{"tipsRetrieve", orderedObj{
		{"__typename", "Tips"}, {"hasAccess", true}, {"trophies", trophies}}}}}}, "")
}

func graphqlErrors(status int, msg, code string) response {
	body, _ := json.Marshal(orderedObj{{"errors", []orderedObj{{{"message", msg}, {"extensions", orderedObj{{"code", code}}}}}}})
	return jsonResponse(status, body)
}

func (s *Server) mediaTokenLocked(mediaID string) string {
	tok := "exp" + strconv.FormatInt(s.opts.Now().Add(s.opts.MediaTokenLifetime).Unix(), 10) + "~" + randomToken(24)
	s.media[tok] = mediaToken{mediaID: mediaID, expires: s.opts.Now().Add(s.opts.MediaTokenLifetime)}
	return tok
}

// mediaFile serves /media/…/master_playlist.m3u8?token=…: a small HLS playlist for a valid,
// unexpired token issued for that media id; 403 otherwise.
func (s *Server) mediaFile(c *call) response {
	path := c.r.PathValue("path")
	tok := c.r.URL.Query().Get("token")
	mt, ok := s.media[tok]
	if !ok || !s.opts.Now().Before(mt.expires) || !strings.Contains(path, "/"+mt.mediaID+"/") {
		return htmlError(http.StatusForbidden)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/vnd.apple.mpegurl")
	if strings.HasSuffix(path, "master_playlist.m3u8") {
		body := "#EXTM3U\n#EXT-X-VERSION:3\n" +
			"#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8?token=" + tok + "\n" +
			"#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080\n1080p/index.m3u8?token=" + tok + "\n"
		return response{status: http.StatusOK, header: h, body: []byte(body)}
	}
	body := "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nsegment0.ts\n#EXT-X-ENDLIST\n"
	return response{status: http.StatusOK, header: h, body: []byte(body)}
}
