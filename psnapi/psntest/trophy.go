package psntest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/psnclient/psn-client/assets"
)

type countsJSON struct {
	Bronze   int `json:"bronze"`
	Silver   int `json:"silver"`
	Gold     int `json:"gold"`
	Platinum int `json:"platinum"`
}

func counts(c assets.Counts) countsJSON { return countsJSON{c[0], c[1], c[2], c[3]} }

type paging struct {
	TotalItemCount int  `json:"totalItemCount"`
	NextOffset     *int `json:"nextOffset,omitempty"`
	PreviousOffset *int `json:"previousOffset,omitempty"`
}

// page cuts [offset, offset+limit) out of total items: nextOffset only when items follow,
// previousOffset = offset-1 when offset > 0, or the last index when offset is past the end.
func page(total, offset, limit int) (start, end int, p paging) {
	p.TotalItemCount = total
	start = min(offset, total)
	end = min(offset+limit, total)
	if offset+limit < total {
		n := offset + limit
		p.NextOffset = &n
	}
	if offset > 0 && total > 0 {
		prev := offset - 1
		if offset >= total {
			prev = total - 1
		}
		p.PreviousOffset = &prev
	}
	return start, end, p
}

type titleJSON struct {
	NPServiceName       string     `json:"npServiceName"`
	NPCommunicationID   string     `json:"npCommunicationId"`
	TrophySetVersion    string     `json:"trophySetVersion"`
	TrophyTitleName     string     `json:"trophyTitleName"`
	TrophyTitleDetail   string     `json:"trophyTitleDetail,omitempty"`
	TrophyTitleIconURL  string     `json:"trophyTitleIconUrl"`
	TrophyTitlePlatform string     `json:"trophyTitlePlatform"`
	HasTrophyGroups     bool       `json:"hasTrophyGroups"`
	TrophyGroupCount    int        `json:"trophyGroupCount"`
	DefinedTrophies     countsJSON `json:"definedTrophies"`
	Progress            int        `json:"progress"`
	EarnedTrophies      countsJSON `json:"earnedTrophies"`
	HiddenFlag          bool       `json:"hiddenFlag"`
	LastUpdatedDateTime string     `json:"lastUpdatedDateTime"`
}

// target resolves the {account} path value: "me" is the token's account.
func (s *Server) target(c *call) (*assets.Account, *response) {
	id := c.r.PathValue("account")
	if id == "me" {
		return c.account, nil
	}
	if !isNumeric(id) {
		res := s.apiError(http.StatusBadRequest, 2240513, "Bad Request (path: accountId)")
		return nil, &res
	}
	a := s.world.Account(id)
	if a == nil {
		res := s.apiError(http.StatusNotFound, 2240525, "Resource not found")
		return nil, &res
	}
	if a.Private && a != c.account {
		res := s.apiError(http.StatusForbidden, 2240526, "Not permitted by access control")
		return nil, &res
	}
	return a, nil
}

func isNumeric(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (s *Server) badQuery(name string) response {
	return s.apiError(http.StatusBadRequest, 2240513, "Bad Request (query: "+name+")")
}

func (s *Server) trophyTitles(c *call) response {
	a, errRes := s.target(c)
	if errRes != nil {
		return *errRes
	}
	q := c.r.URL.Query()
	limit, err := intParam(q, "limit", 100)
	if err != nil || limit < 1 || limit > 800 {
		return s.badQuery("limit")
	}
	offset, err := intParam(q, "offset", 0)
	if err != nil {
		return s.badQuery("offset")
	}
	plays := s.sortedPlays(a)
	if a != c.account {
		kept := make([]*assets.Play, 0, len(plays))
		for _, p := range plays {
			if !p.Hidden {
				kept = append(kept, p)
			}
		}
		plays = kept
	}
	start, end, pg := page(len(plays), offset, limit)
	if len(s.broken) == 0 {
		out := struct {
			TrophyTitles []titleJSON `json:"trophyTitles"`
			paging
		}{TrophyTitles: make([]titleJSON, 0, end-start), paging: pg}
		for _, p := range plays[start:end] {
			out.TrophyTitles = append(out.TrophyTitles, s.titleEntry(p, c.lang))
		}
		return s.ok(out, "private")
	}
	out := struct {
		TrophyTitles []json.RawMessage `json:"trophyTitles"`
		paging
	}{TrophyTitles: make([]json.RawMessage, 0, end-start), paging: pg}
	for _, p := range plays[start:end] {
		b, err := json.Marshal(s.titleEntry(p, c.lang))
		if err != nil {
			return htmlError(http.StatusInternalServerError)
		}
		if fields := s.broken[p.Title.NPCommunicationID]; fields != nil {
			b = replaceFields(b, fields)
		}
		out.TrophyTitles = append(out.TrophyTitles, b)
	}
	return s.ok(out, "private")
}

// BreakTitleField makes every title-list answer carry raw, a JSON value of the wrong kind or range
// (`"9999-99-99T99:99:99Z"`, `"yes"`, `1e400`), as the title's field, as a buggy Sony might: a test's
// way to put one bad record among good ones. raw "" restores the field.
func (s *Server) BreakTitleField(npCommunicationID, field, raw string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.broken == nil {
		s.broken = map[string]map[string]string{}
	}
	if s.broken[npCommunicationID] == nil {
		s.broken[npCommunicationID] = map[string]string{}
	}
	if raw == "" {
		delete(s.broken[npCommunicationID], field)
		if len(s.broken[npCommunicationID]) == 0 {
			delete(s.broken, npCommunicationID)
		}
		return
	}
	s.broken[npCommunicationID][field] = raw
}

// replaceFields rewrites a JSON object's top-level fields with raw values, keeping the key order.
func replaceFields(obj []byte, fields map[string]string) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(obj, &m) != nil {
		return obj
	}
	var keys []string
	dec := json.NewDecoder(bytes.NewReader(obj))
	_, _ = dec.Token()
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return obj
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		_ = dec.Decode(&skip)
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		if raw, ok := fields[k]; ok {
			b.WriteString(raw)
		} else {
			b.Write(m[k])
		}
	}
	b.WriteByte('}')
	return b.Bytes()
}

// titleIcon is the fake's URL of a title's (or group's) icon: wide for legacy sets, as Sony's are.
func (s *Server) titleIcon(t *assets.Title, orig string) string {
	return s.imageURL(orig, imageSpec{kind: imageTitle, wide: t.Legacy()})
}

func (s *Server) trophyIcon(tr *assets.Trophy) string {
	return s.imageURL(tr.IconURL, imageSpec{kind: imageTrophy, grade: tr.Grade})
}

func (s *Server) titleEntry(p *assets.Play, lang string) titleJSON {
	t := p.Title
	return titleJSON{
		NPServiceName: t.ServiceName, NPCommunicationID: t.NPCommunicationID, TrophySetVersion: t.Version,
		TrophyTitleName: t.TitleName(lang), TrophyTitleDetail: t.Detail, TrophyTitleIconURL: s.titleIcon(t, t.IconURL),
		TrophyTitlePlatform: t.Platform, HasTrophyGroups: len(t.Groups) > 1, TrophyGroupCount: len(t.Groups),
		DefinedTrophies: counts(t.Defined()), Progress: p.Progress(), EarnedTrophies: counts(p.Earned()),
		HiddenFlag: p.Hidden, LastUpdatedDateTime: fmtTime(p.LastUpdated),
	}
}

func (s *Server) trophySummary(c *call) response {
	a, errRes := s.target(c)
	if errRes != nil {
		return *errRes
	}
	e := a.Earned()
	lv := assets.LevelFor(e.Points())
	return s.ok(struct {
		AccountID            string     `json:"accountId"`
		TrophyLevel          int        `json:"trophyLevel"`
		TrophyPoint          int        `json:"trophyPoint"`
		TrophyLevelBasePoint int        `json:"trophyLevelBasePoint"`
		TrophyLevelNextPoint int        `json:"trophyLevelNextPoint"`
		Progress             int        `json:"progress"`
		Tier                 int        `json:"tier"`
		EarnedTrophies       countsJSON `json:"earnedTrophies"`
	}{a.AccountID, lv.Level, e.Points(), lv.Base, lv.Next, lv.Progress, lv.Tier, counts(e)}, "private")
}

// title finds {id} and checks npServiceName: legacy sets need "trophy", PS5/PC sets refuse it.
func (s *Server) title(c *call) (*assets.Title, *response) {
	t := s.world.Title(c.r.PathValue("id"))
	if t == nil {
		res := s.apiError(http.StatusNotFound, 2240525, "Resource not found")
		return nil, &res
	}
	svc := c.r.URL.Query().Get("npServiceName")
	switch svc {
	case "", "trophy", "trophy2":
	default:
		res := s.badQuery("npServiceName")
		return nil, &res
	}
	if (t.Legacy() && svc != "trophy") || (!t.Legacy() && svc == "trophy") {
		res := s.apiError(http.StatusNotFound, 2240525, "Resource not found")
		return nil, &res
	}
	return t, nil
}

// groupTrophies selects the trophies of {group} ("all" or a group id).
func (s *Server) groupTrophies(c *call, t *assets.Title) ([]*assets.Trophy, *response) {
	gid := c.r.PathValue("group")
	all := t.Trophies()
	if gid == "all" {
		return all, nil
	}
	if t.Group(gid) == nil {
		res := s.apiError(http.StatusNotFound, 2240525, "Resource not found")
		return nil, &res
	}
	var out []*assets.Trophy
	for _, tr := range all {
		if tr.GroupID == gid {
			out = append(out, tr)
		}
	}
	return out, nil
}

func (s *Server) trophyPage(c *call, n int) (start, end int, pg paging, res *response) {
	q := c.r.URL.Query()
	limit, err := intParam(q, "limit", n)
	if err != nil || (hasParam(q, "limit") && limit < 1) {
		r := s.badQuery("limit")
		return 0, 0, pg, &r
	}
	offset, err := intParam(q, "offset", 0)
	if err != nil {
		r := s.badQuery("offset")
		return 0, 0, pg, &r
	}
	start, end, pg = page(n, offset, max(limit, 0))
	return start, end, pg, nil
}

func hasParam(q url.Values, k string) bool { _, ok := q[k]; return ok }

type trophyJSON struct {
	TrophyID                  int    `json:"trophyId"`
	TrophyHidden              bool   `json:"trophyHidden"`
	TrophyType                string `json:"trophyType"`
	TrophyName                string `json:"trophyName"`
	TrophyDetail              string `json:"trophyDetail"`
	TrophyIconURL             string `json:"trophyIconUrl"`
	TrophyGroupID             string `json:"trophyGroupId"`
	TrophyProgressTargetValue string `json:"trophyProgressTargetValue,omitempty"`
	TrophyRewardName          string `json:"trophyRewardName,omitempty"`
	TrophyRewardImageURL      string `json:"trophyRewardImageUrl,omitempty"`
}

func (s *Server) titleTrophies(c *call) response {
	t, errRes := s.title(c)
	if errRes != nil {
		return *errRes
	}
	trs, errRes := s.groupTrophies(c, t)
	if errRes != nil {
		return *errRes
	}
	start, end, pg, errRes := s.trophyPage(c, len(trs))
	if errRes != nil {
		return *errRes
	}
	out := struct {
		TrophySetVersion string       `json:"trophySetVersion"`
		HasTrophyGroups  bool         `json:"hasTrophyGroups"`
		Trophies         []trophyJSON `json:"trophies"`
		paging
	}{t.Version, len(t.Groups) > 1, make([]trophyJSON, 0, end-start), pg}
	for _, tr := range trs[start:end] {
		name, detail := t.TrophyText(c.lang, tr)
		j := trophyJSON{TrophyID: tr.ID, TrophyHidden: tr.Hidden, TrophyType: assets.GradeNames[tr.Grade],
			TrophyName: name, TrophyDetail: detail, TrophyIconURL: s.trophyIcon(tr), TrophyGroupID: tr.GroupID,
			TrophyRewardName: tr.RewardName, TrophyRewardImageURL: s.imageURL(tr.RewardImageURL, imageSpec{kind: imageGame})}
		if tr.ProgressTarget > 0 {
			j.TrophyProgressTargetValue = strconv.Itoa(tr.ProgressTarget)
		}
		out.Trophies = append(out.Trophies, j)
	}
	return s.ok(out, "max-age=300")
}

type earnedJSON struct {
	TrophyID           int     `json:"trophyId"`
	TrophyHidden       bool    `json:"trophyHidden"`
	Earned             bool    `json:"earned"`
	EarnedDateTime     string  `json:"earnedDateTime,omitempty"`
	Progress           *string `json:"progress,omitempty"`
	ProgressRate       *int    `json:"progressRate,omitempty"`
	ProgressedDateTime string  `json:"progressedDateTime,omitempty"`
	TrophyType         string  `json:"trophyType"`
	TrophyRare         int     `json:"trophyRare"`
	TrophyEarnedRate   string  `json:"trophyEarnedRate"`
}

func earnedEntry(tr *assets.Trophy, st assets.State) earnedJSON {
	j := earnedJSON{TrophyID: tr.ID, TrophyHidden: tr.Hidden, Earned: st.Earned, TrophyType: assets.GradeNames[tr.Grade],
		TrophyRare: tr.Rare, TrophyEarnedRate: tr.Rate}
	if st.Earned {
		j.EarnedDateTime = fmtTime(st.EarnedAt)
	} else if tr.ProgressTarget > 0 {
		p := strconv.Itoa(st.Progress)
		rate := st.Progress * 100 / tr.ProgressTarget
		j.Progress, j.ProgressRate = &p, &rate
		if st.Progress > 0 {
			j.ProgressedDateTime = fmtTime(st.ProgressAt)
		}
	}
	return j
}

// rarest returns the earned trophies with the lowest earned rate (every one of a tie).
func rarest(trs []*assets.Trophy, states []assets.State) []*assets.Trophy {
	var out []*assets.Trophy
	best := 1e9
	for _, tr := range trs {
		if !states[tr.ID].Earned {
			continue
		}
		switch v := tr.RateValue(); {
		case v < best:
			best, out = v, []*assets.Trophy{tr}
		case v == best:
			out = append(out, tr)
		}
	}
	return out
}

// play finds the target account's play of {id}; 404 when it never played it.
func (s *Server) play(c *call) (*assets.Play, *response) {
	a, errRes := s.target(c)
	if errRes != nil {
		return nil, errRes
	}
	t, errRes := s.title(c)
	if errRes != nil {
		return nil, errRes
	}
	p := a.Play(t.NPCommunicationID)
	if p == nil {
		res := s.apiError(http.StatusNotFound, 2240525, "Resource not found")
		return nil, &res
	}
	return p, nil
}

func (s *Server) earnedTrophies(c *call) response {
	p, errRes := s.play(c)
	if errRes != nil {
		return *errRes
	}
	t := p.Title
	trs, errRes := s.groupTrophies(c, t)
	if errRes != nil {
		return *errRes
	}
	start, end, pg, errRes := s.trophyPage(c, len(trs))
	if errRes != nil {
		return *errRes
	}
	states := p.States()
	out := struct {
		TrophySetVersion    string       `json:"trophySetVersion"`
		HasTrophyGroups     bool         `json:"hasTrophyGroups"`
		LastUpdatedDateTime string       `json:"lastUpdatedDateTime"`
		Trophies            []earnedJSON `json:"trophies"`
		RarestTrophies      []earnedJSON `json:"rarestTrophies,omitempty"`
		paging
	}{TrophySetVersion: t.Version, HasTrophyGroups: len(t.Groups) > 1, LastUpdatedDateTime: fmtTime(p.LastUpdated),
		Trophies: make([]earnedJSON, 0, end-start), paging: pg}
	for _, tr := range trs[start:end] {
		out.Trophies = append(out.Trophies, earnedEntry(tr, states[tr.ID]))
	}
	for _, tr := range rarest(trs, states) {
		out.RarestTrophies = append(out.RarestTrophies, earnedEntry(tr, states[tr.ID]))
	}
	return s.ok(out, "private")
}

type groupJSON struct {
	TrophyGroupID      string     `json:"trophyGroupId"`
	TrophyGroupName    string     `json:"trophyGroupName"`
	TrophyGroupDetail  string     `json:"trophyGroupDetail,omitempty"`
	TrophyGroupIconURL string     `json:"trophyGroupIconUrl"`
	DefinedTrophies    countsJSON `json:"definedTrophies"`
}

func (s *Server) titleGroups(c *call) response {
	t, errRes := s.title(c)
	if errRes != nil {
		return *errRes
	}
	out := struct {
		NPServiceName       string      `json:"npServiceName"`
		NPCommunicationID   string      `json:"npCommunicationId"`
		TrophySetVersion    string      `json:"trophySetVersion"`
		TrophyTitleName     string      `json:"trophyTitleName"`
		TrophyTitleDetail   string      `json:"trophyTitleDetail,omitempty"`
		TrophyTitleIconURL  string      `json:"trophyTitleIconUrl"`
		TrophyTitlePlatform string      `json:"trophyTitlePlatform"`
		DefinedTrophies     countsJSON  `json:"definedTrophies"`
		TrophyGroups        []groupJSON `json:"trophyGroups"`
	}{t.ServiceName, t.NPCommunicationID, t.Version, t.TitleName(c.lang), t.Detail, s.titleIcon(t, t.IconURL), t.Platform, counts(t.Defined()), nil}
	for _, g := range t.Groups {
		out.TrophyGroups = append(out.TrophyGroups, groupJSON{g.ID, t.GroupName(c.lang, g), g.Detail, s.titleIcon(t, g.IconURL), counts(g.Defined)})
	}
	return s.ok(out, "max-age=300")
}

func (s *Server) earnedGroups(c *call) response {
	p, errRes := s.play(c)
	if errRes != nil {
		return *errRes
	}
	type earnedGroupJSON struct {
		TrophyGroupID       string     `json:"trophyGroupId"`
		Progress            int        `json:"progress"`
		EarnedTrophies      countsJSON `json:"earnedTrophies"`
		LastUpdatedDateTime string     `json:"lastUpdatedDateTime,omitempty"`
	}
	t := p.Title
	out := struct {
		TrophySetVersion    string            `json:"trophySetVersion"`
		HiddenFlag          bool              `json:"hiddenFlag"`
		Progress            int               `json:"progress"`
		EarnedTrophies      countsJSON        `json:"earnedTrophies"`
		LastUpdatedDateTime string            `json:"lastUpdatedDateTime"`
		TrophyGroups        []earnedGroupJSON `json:"trophyGroups"`
	}{t.Version, p.Hidden && c.account.Play(t.NPCommunicationID) == p, p.Progress(), counts(p.Earned()), fmtTime(p.LastUpdated), nil}
	for _, g := range t.Groups {
		gp := p.Group(g.ID)
		out.TrophyGroups = append(out.TrophyGroups, earnedGroupJSON{g.ID, assets.Progress(gp.Earned, g.Defined), counts(gp.Earned), fmtTime(gp.Last)})
	}
	return s.ok(out, "private")
}

type rareJSON struct {
	TrophyID         int    `json:"trophyId"`
	TrophyHidden     bool   `json:"trophyHidden"`
	TrophyType       string `json:"trophyType"`
	TrophyName       string `json:"trophyName"`
	TrophyDetail     string `json:"trophyDetail"`
	TrophyIconURL    string `json:"trophyIconUrl"`
	TrophyRare       int    `json:"trophyRare"`
	TrophyEarnedRate string `json:"trophyEarnedRate"`
	Earned           bool   `json:"earned"`
	EarnedDateTime   string `json:"earnedDateTime"`
}

type summaryTitleJSON struct {
	NPServiceName       string     `json:"npServiceName"`
	NPCommunicationID   string     `json:"npCommunicationId"`
	TrophyTitleName     string     `json:"trophyTitleName"`
	TrophyTitleDetail   string     `json:"trophyTitleDetail,omitempty"`
	TrophyTitleIconURL  string     `json:"trophyTitleIconUrl"`
	HasTrophyGroups     bool       `json:"hasTrophyGroups"`
	TrophyGroupCount    int        `json:"trophyGroupCount"`
	RarestTrophies      []rareJSON `json:"rarestTrophies,omitempty"`
	Progress            int        `json:"progress"`
	EarnedTrophies      countsJSON `json:"earnedTrophies"`
	DefinedTrophies     countsJSON `json:"definedTrophies"`
	NotEarnedTrophyIDs  *[]int     `json:"notEarnedTrophyIds,omitempty"`
	LastUpdatedDateTime string     `json:"lastUpdatedDateTime"`
}

type titleSummaryJSON struct {
	NPTitleID    string             `json:"npTitleId"`
	TrophyTitles []summaryTitleJSON `json:"trophyTitles"`
}

// titleSummaries answers /users/{account}/titles/trophyTitles?npTitleIds=…: at most 5 ids, any
// unknown id is a 404, the order of the answer is shuffled.
func (s *Server) titleSummaries(c *call) response {
	a, errRes := s.target(c)
	if errRes != nil {
		return *errRes
	}
	q := c.r.URL.Query()
	var ids []string
	for _, v := range q["npTitleIds"] {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return s.badQuery("npTitleIds")
	}
	if len(ids) > 5 {
		return s.badQuery("npTitleId")
	}
	include := q.Get("includeNotEarnedTrophyIds") == "true"
	out := struct {
		Titles []titleSummaryJSON `json:"titles"`
	}{}
	for _, id := range ids {
		t := s.world.TitleByNPTitleID(id)
		if t == nil {
			return s.apiError(http.StatusNotFound, 2240525, "Resource not found (npTitleId='"+id+"')")
		}
		entry := titleSummaryJSON{NPTitleID: id, TrophyTitles: []summaryTitleJSON{}}
		if p := a.Play(t.NPCommunicationID); p != nil && (!p.Hidden || a == c.account) {
			entry.TrophyTitles = append(entry.TrophyTitles, s.summaryEntry(p, c.lang, include))
		}
		out.Titles = append(out.Titles, entry)
	}
	// shuffled: Sony answers in no particular order
	s.shuffleSeed = s.shuffleSeed*6364136223846793005 + 1442695040888963407
	x := s.shuffleSeed
	for i := len(out.Titles) - 1; i > 0; i-- {
		x = x*6364136223846793005 + 1442695040888963407
		j := int((x >> 33) % uint64(i+1))
		out.Titles[i], out.Titles[j] = out.Titles[j], out.Titles[i]
	}
	return s.ok(out, "private")
}

func (s *Server) summaryEntry(p *assets.Play, lang string, include bool) summaryTitleJSON {
	t := p.Title
	e := summaryTitleJSON{NPServiceName: t.ServiceName, NPCommunicationID: t.NPCommunicationID, TrophyTitleName: t.TitleName(lang),
		TrophyTitleDetail: t.Detail, TrophyTitleIconURL: s.titleIcon(t, t.IconURL), HasTrophyGroups: len(t.Groups) > 1, TrophyGroupCount: len(t.Groups),
		Progress: p.Progress(), EarnedTrophies: counts(p.Earned()), DefinedTrophies: counts(t.Defined()), LastUpdatedDateTime: fmtTime(p.LastUpdated)}
	trs := t.Trophies()
	states := p.States()
	for _, tr := range rarest(trs, states) {
		name, detail := t.TrophyText(lang, tr)
		e.RarestTrophies = append(e.RarestTrophies, rareJSON{tr.ID, tr.Hidden, assets.GradeNames[tr.Grade], name, detail, s.trophyIcon(tr),
			tr.Rare, tr.Rate, true, fmtTime(states[tr.ID].EarnedAt)})
	}
	if include {
		ids := []int{}
		for _, tr := range trs {
			if !states[tr.ID].Earned {
				ids = append(ids, tr.ID)
			}
		}
		sort.Ints(ids)
		e.NotEarnedTrophyIDs = &ids
	}
	return e
}
