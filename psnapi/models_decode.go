package psnapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// How each model reads Sony's JSON (decode.go has the rules). A record's UnmarshalJSON fails on a
// field it cannot read; the list answers around it (TrophyTitles, TitleTrophies…) leave such a
// record out and name it in their Skipped lines.

// readCounts reads a count object whose counts are numbers or numeric strings, none negative.
func readCounts(raw json.RawMessage, field string) (TrophyCounts, error) {
	if rawIsNull(raw) {
		return TrophyCounts{}, nil
	}
	var aux struct {
		Bronze, Silver, Gold, Platinum json.RawMessage
	}
	if err := json.Unmarshal(raw, &aux); err != nil {
		return TrophyCounts{}, fmt.Errorf("%s is not an object of counts", field)
	}
	var c TrophyCounts
	for _, f := range []struct {
		raw  json.RawMessage
		name string
		dst  *int
	}{{aux.Bronze, "bronze", &c.Bronze}, {aux.Silver, "silver", &c.Silver}, {aux.Gold, "gold", &c.Gold}, {aux.Platinum, "platinum", &c.Platinum}} {
		n, err := readInt(f.raw, field+"."+f.name, 0, maxCount)
		if err != nil {
			return TrophyCounts{}, err
		}
		*f.dst = n
	}
	return c, nil
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// readPaging reads the paging trailer leniently; a negative or absurd offset is an error.
func readPaging(total, next, prev json.RawMessage) (Paging, error) {
	var p Paging
	var err1, err2, err3 error
	p.TotalItemCount, err1 = readInt(total, "totalItemCount", 0, maxCount)
	p.NextOffset, err2 = readOptInt(next, "nextOffset", 0, maxCount)
	p.PreviousOffset, err3 = readOptInt(prev, "previousOffset", -1, maxCount)
	return p, firstErr(err1, err2, err3)
}

func (t *TrophyTitle) UnmarshalJSON(b []byte) error {
	type plain TrophyTitle
	var aux struct {
		plain
		TrophyGroupCount    json.RawMessage `json:"trophyGroupCount"`
		DefinedTrophies     json.RawMessage `json:"definedTrophies"`
		Progress            json.RawMessage `json:"progress"`
		EarnedTrophies      json.RawMessage `json:"earnedTrophies"`
		LastUpdatedDateTime json.RawMessage `json:"lastUpdatedDateTime"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := TrophyTitle(aux.plain)
	var errs [5]error
	v.TrophyGroupCount, errs[0] = readInt(aux.TrophyGroupCount, "trophyGroupCount", 0, maxCount)
	v.DefinedTrophies, errs[1] = readCounts(aux.DefinedTrophies, "definedTrophies")
	v.Progress, errs[2] = readInt(aux.Progress, "progress", 0, 100)
	v.EarnedTrophies, errs[3] = readCounts(aux.EarnedTrophies, "earnedTrophies")
	v.LastUpdatedDateTime, errs[4] = readTime(aux.LastUpdatedDateTime, "lastUpdatedDateTime")
	if err := firstErr(errs[:]...); err != nil {
		return err
	}
	if v.NPCommunicationID == "" {
		return errors.New("no npCommunicationId")
	}
	*t = v
	return nil
}

// The list answers first try encoding/json's strict decoding, which every answer Sony sends today
// passes, and check the values; only when that fails do they read record by record (a few times
// slower) to keep the good records and say what was wrong with the others.

type plainTrophyTitle TrophyTitle

func countsOK(c TrophyCounts) bool {
	return c.Bronze >= 0 && c.Silver >= 0 && c.Gold >= 0 && c.Platinum >= 0 &&
		c.Bronze <= maxCount && c.Silver <= maxCount && c.Gold <= maxCount && c.Platinum <= maxCount
}

func pagingOK(total int, next, prev *int) bool {
	return total >= 0 && total <= maxCount && (next == nil || *next >= 0 && *next <= maxCount) &&
		(prev == nil || *prev >= -1 && *prev <= maxCount)
}

func (p *TrophyTitles) UnmarshalJSON(b []byte) error {
	if p.fast(b) {
		return nil
	}
	return p.slow(b)
}

// fast decodes strictly; false leaves p untouched.
func (p *TrophyTitles) fast(b []byte) bool {
	var fast struct {
		TrophyTitles   []plainTrophyTitle `json:"trophyTitles"`
		TotalItemCount int                `json:"totalItemCount"`
		NextOffset     *int               `json:"nextOffset"`
		PreviousOffset *int               `json:"previousOffset"`
	}
	if json.Unmarshal(b, &fast) == nil && pagingOK(fast.TotalItemCount, fast.NextOffset, fast.PreviousOffset) {
		out := TrophyTitles{Paging: Paging{fast.TotalItemCount, fast.NextOffset, fast.PreviousOffset}}
		if fast.TrophyTitles != nil {
			out.TrophyTitles = make([]TrophyTitle, len(fast.TrophyTitles))
		}
		ok := true
		for i, t := range fast.TrophyTitles {
			if t.NPCommunicationID == "" || t.Progress < 0 || t.Progress > 100 || t.TrophyGroupCount < 0 ||
				t.TrophyGroupCount > maxCount || !countsOK(t.DefinedTrophies) || !countsOK(t.EarnedTrophies) {
				ok = false
				break
			}
			out.TrophyTitles[i] = TrophyTitle(t)
		}
		if ok {
			*p = out
			return true
		}
	}
	return false
}

// slow decodes record by record.
func (p *TrophyTitles) slow(b []byte) error {
	var aux struct {
		TrophyTitles   []json.RawMessage `json:"trophyTitles"`
		TotalItemCount json.RawMessage   `json:"totalItemCount"`
		NextOffset     json.RawMessage   `json:"nextOffset"`
		PreviousOffset json.RawMessage   `json:"previousOffset"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	paging, err := readPaging(aux.TotalItemCount, aux.NextOffset, aux.PreviousOffset)
	if err != nil {
		return err
	}
	titles, skipped := decodeRecords[TrophyTitle](aux.TrophyTitles, "title", labelOf("npCommunicationId", "trophyTitleName"), nil)
	*p = TrophyTitles{TrophyTitles: titles, Paging: paging, Skipped: skipped}
	return nil
}

func (t *Trophy) UnmarshalJSON(b []byte) error {
	type plain Trophy
	var aux struct {
		plain
		TrophyID                  json.RawMessage `json:"trophyId"`
		TrophyProgressTargetValue json.RawMessage `json:"trophyProgressTargetValue"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := Trophy(aux.plain)
	if rawIsNull(aux.TrophyID) {
		return errors.New("no trophyId")
	}
	var err1, err2 error
	v.TrophyID, err1 = readInt(aux.TrophyID, "trophyId", 0, maxCount)
	v.TrophyProgressTargetValue, err2 = readNumString(aux.TrophyProgressTargetValue, "trophyProgressTargetValue")
	if err := firstErr(err1, err2); err != nil {
		return err
	}
	*t = v
	return nil
}

type plainTrophy Trophy

// fastTrophy is a Trophy with trophyId's absence visible.
type fastTrophy struct {
	plainTrophy
	TrophyID *int `json:"trophyId"`
}

func (p *TitleTrophies) UnmarshalJSON(b []byte) error {
	if p.fast(b) {
		return nil
	}
	return p.slow(b)
}

func (p *TitleTrophies) fast(b []byte) bool {
	var fast struct {
		TrophySetVersion string       `json:"trophySetVersion"`
		HasTrophyGroups  bool         `json:"hasTrophyGroups"`
		Trophies         []fastTrophy `json:"trophies"`
		TotalItemCount   int          `json:"totalItemCount"`
		NextOffset       *int         `json:"nextOffset"`
		PreviousOffset   *int         `json:"previousOffset"`
	}
	if json.Unmarshal(b, &fast) == nil && pagingOK(fast.TotalItemCount, fast.NextOffset, fast.PreviousOffset) {
		out := TitleTrophies{TrophySetVersion: fast.TrophySetVersion, HasTrophyGroups: fast.HasTrophyGroups,
			Paging: Paging{fast.TotalItemCount, fast.NextOffset, fast.PreviousOffset}}
		if fast.Trophies != nil {
			out.Trophies = make([]Trophy, len(fast.Trophies))
		}
		ok := true
		for i, t := range fast.Trophies {
			if t.TrophyID == nil || *t.TrophyID < 0 || *t.TrophyID > maxCount {
				ok = false
				break
			}
			out.Trophies[i] = Trophy(t.plainTrophy)
			out.Trophies[i].TrophyID = *t.TrophyID
		}
		if ok {
			*p = out
			return true
		}
	}
	return false
}

func (p *TitleTrophies) slow(b []byte) error {
	type plain TitleTrophies
	var aux struct {
		plain
		Trophies       []json.RawMessage `json:"trophies"`
		TotalItemCount json.RawMessage   `json:"totalItemCount"`
		NextOffset     json.RawMessage   `json:"nextOffset"`
		PreviousOffset json.RawMessage   `json:"previousOffset"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := TitleTrophies(aux.plain)
	var err error
	if v.Paging, err = readPaging(aux.TotalItemCount, aux.NextOffset, aux.PreviousOffset); err != nil {
		return err
	}
	v.Trophies, v.Skipped = decodeRecords[Trophy](aux.Trophies, "trophy", labelOf("trophyId", "trophyName"), nil)
	*p = v
	return nil
}

func (e *EarnedTrophy) UnmarshalJSON(b []byte) error {
	type plain EarnedTrophy
	var aux struct {
		plain
		TrophyID           json.RawMessage `json:"trophyId"`
		EarnedDateTime     json.RawMessage `json:"earnedDateTime"`
		Progress           json.RawMessage `json:"progress"`
		ProgressRate       json.RawMessage `json:"progressRate"`
		ProgressedDateTime json.RawMessage `json:"progressedDateTime"`
		TrophyRare         json.RawMessage `json:"trophyRare"`
		TrophyEarnedRate   json.RawMessage `json:"trophyEarnedRate"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := EarnedTrophy(aux.plain)
	if rawIsNull(aux.TrophyID) {
		return errors.New("no trophyId")
	}
	var errs [7]error
	v.TrophyID, errs[0] = readInt(aux.TrophyID, "trophyId", 0, maxCount)
	v.EarnedDateTime, errs[1] = readTime(aux.EarnedDateTime, "earnedDateTime")
	v.Progress, errs[2] = readNumString(aux.Progress, "progress")
	v.ProgressRate, errs[3] = readInt(aux.ProgressRate, "progressRate", 0, maxCount)
	v.ProgressedDateTime, errs[4] = readTime(aux.ProgressedDateTime, "progressedDateTime")
	rare, err := readInt(aux.TrophyRare, "trophyRare", -maxCount, maxCount)
	v.TrophyRare, errs[5] = Rarity(rare), err
	v.TrophyEarnedRate, errs[6] = readNumString(aux.TrophyEarnedRate, "trophyEarnedRate")
	if err := firstErr(errs[:]...); err != nil {
		return err
	}
	*e = v
	return nil
}

type plainEarnedTrophy EarnedTrophy

type fastEarnedTrophy struct {
	plainEarnedTrophy
	TrophyID *int `json:"trophyId"`
}

func fastEarnedList(in []fastEarnedTrophy) ([]EarnedTrophy, bool) {
	if in == nil {
		return nil, true
	}
	out := make([]EarnedTrophy, len(in))
	for i, t := range in {
		if t.TrophyID == nil || *t.TrophyID < 0 || *t.TrophyID > maxCount || t.ProgressRate < 0 || t.ProgressRate > maxCount ||
			t.TrophyRare < -maxCount || t.TrophyRare > maxCount {
			return nil, false
		}
		out[i] = EarnedTrophy(t.plainEarnedTrophy)
		out[i].TrophyID = *t.TrophyID
	}
	return out, true
}

func (p *EarnedTrophies) UnmarshalJSON(b []byte) error {
	if p.fast(b) {
		return nil
	}
	return p.slow(b)
}

func (p *EarnedTrophies) fast(b []byte) bool {
	var fast struct {
		TrophySetVersion    string             `json:"trophySetVersion"`
		HasTrophyGroups     bool               `json:"hasTrophyGroups"`
		LastUpdatedDateTime time.Time          `json:"lastUpdatedDateTime"`
		Trophies            []fastEarnedTrophy `json:"trophies"`
		RarestTrophies      []fastEarnedTrophy `json:"rarestTrophies"`
		TotalItemCount      int                `json:"totalItemCount"`
		NextOffset          *int               `json:"nextOffset"`
		PreviousOffset      *int               `json:"previousOffset"`
	}
	if json.Unmarshal(b, &fast) == nil && pagingOK(fast.TotalItemCount, fast.NextOffset, fast.PreviousOffset) {
		trophies, ok1 := fastEarnedList(fast.Trophies)
		rarest, ok2 := fastEarnedList(fast.RarestTrophies)
		if ok1 && ok2 {
			*p = EarnedTrophies{TrophySetVersion: fast.TrophySetVersion, HasTrophyGroups: fast.HasTrophyGroups,
				LastUpdatedDateTime: fast.LastUpdatedDateTime, Trophies: trophies, RarestTrophies: rarest,
				Paging: Paging{fast.TotalItemCount, fast.NextOffset, fast.PreviousOffset}}
			return true
		}
	}
	return false
}

func (p *EarnedTrophies) slow(b []byte) error {
	type plain EarnedTrophies
	var aux struct {
		plain
		LastUpdatedDateTime json.RawMessage   `json:"lastUpdatedDateTime"`
		Trophies            []json.RawMessage `json:"trophies"`
		RarestTrophies      []json.RawMessage `json:"rarestTrophies"`
		TotalItemCount      json.RawMessage   `json:"totalItemCount"`
		NextOffset          json.RawMessage   `json:"nextOffset"`
		PreviousOffset      json.RawMessage   `json:"previousOffset"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := EarnedTrophies(aux.plain)
	var err1, err2 error
	v.LastUpdatedDateTime, err1 = readTime(aux.LastUpdatedDateTime, "lastUpdatedDateTime")
	v.Paging, err2 = readPaging(aux.TotalItemCount, aux.NextOffset, aux.PreviousOffset)
	if err := firstErr(err1, err2); err != nil {
		return err
	}
	var skippedRare []string
	v.Trophies, v.Skipped = decodeRecords[EarnedTrophy](aux.Trophies, "earned trophy", labelOf("trophyId", ""), nil)
	v.RarestTrophies, skippedRare = decodeRecords[EarnedTrophy](aux.RarestTrophies, "rarest trophy", labelOf("trophyId", ""), nil)
	v.Skipped = append(v.Skipped, skippedRare...)
	*p = v
	return nil
}

func (s *TrophySummary) UnmarshalJSON(b []byte) error {
	var aux struct {
		AccountID            string          `json:"accountId"`
		TrophyLevel          json.RawMessage `json:"trophyLevel"`
		TrophyPoint          json.RawMessage `json:"trophyPoint"`
		TrophyLevelBasePoint json.RawMessage `json:"trophyLevelBasePoint"`
		TrophyLevelNextPoint json.RawMessage `json:"trophyLevelNextPoint"`
		Progress             json.RawMessage `json:"progress"`
		Tier                 json.RawMessage `json:"tier"`
		EarnedTrophies       json.RawMessage `json:"earnedTrophies"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := TrophySummary{AccountID: aux.AccountID}
	var errs [7]error
	v.TrophyLevel, errs[0] = readInt(aux.TrophyLevel, "trophyLevel", 0, maxCount)
	v.TrophyPoint, errs[1] = readInt(aux.TrophyPoint, "trophyPoint", 0, maxCount)
	v.TrophyLevelBasePoint, errs[2] = readInt(aux.TrophyLevelBasePoint, "trophyLevelBasePoint", 0, maxCount)
	v.TrophyLevelNextPoint, errs[3] = readInt(aux.TrophyLevelNextPoint, "trophyLevelNextPoint", 0, maxCount)
	v.Progress, errs[4] = readInt(aux.Progress, "progress", 0, 100)
	v.Tier, errs[5] = readInt(aux.Tier, "tier", 0, maxCount)
	v.EarnedTrophies, errs[6] = readCounts(aux.EarnedTrophies, "earnedTrophies")
	if err := firstErr(errs[:]...); err != nil {
		return err
	}
	*s = v
	return nil
}

func (g *TrophyGroup) UnmarshalJSON(b []byte) error {
	type plain TrophyGroup
	var aux struct {
		plain
		DefinedTrophies json.RawMessage `json:"definedTrophies"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := TrophyGroup(aux.plain)
	var err error
	if v.DefinedTrophies, err = readCounts(aux.DefinedTrophies, "definedTrophies"); err != nil {
		return err
	}
	if v.TrophyGroupID == "" {
		return errors.New("no trophyGroupId")
	}
	*g = v
	return nil
}

func (p *TitleTrophyGroups) UnmarshalJSON(b []byte) error {
	type plain TitleTrophyGroups
	var aux struct {
		plain
		DefinedTrophies json.RawMessage   `json:"definedTrophies"`
		TrophyGroups    []json.RawMessage `json:"trophyGroups"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := TitleTrophyGroups(aux.plain)
	var err error
	if v.DefinedTrophies, err = readCounts(aux.DefinedTrophies, "definedTrophies"); err != nil {
		return err
	}
	v.TrophyGroups, v.Skipped = decodeRecords[TrophyGroup](aux.TrophyGroups, "trophy group", labelOf("trophyGroupId", "trophyGroupName"), nil)
	*p = v
	return nil
}

func (g *EarnedTrophyGroup) UnmarshalJSON(b []byte) error {
	type plain EarnedTrophyGroup
	var aux struct {
		plain
		Progress            json.RawMessage `json:"progress"`
		EarnedTrophies      json.RawMessage `json:"earnedTrophies"`
		LastUpdatedDateTime json.RawMessage `json:"lastUpdatedDateTime"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := EarnedTrophyGroup(aux.plain)
	var errs [3]error
	v.Progress, errs[0] = readInt(aux.Progress, "progress", 0, 100)
	v.EarnedTrophies, errs[1] = readCounts(aux.EarnedTrophies, "earnedTrophies")
	v.LastUpdatedDateTime, errs[2] = readTime(aux.LastUpdatedDateTime, "lastUpdatedDateTime")
	if err := firstErr(errs[:]...); err != nil {
		return err
	}
	if v.TrophyGroupID == "" {
		return errors.New("no trophyGroupId")
	}
	*g = v
	return nil
}

func (p *EarnedTrophyGroups) UnmarshalJSON(b []byte) error {
	type plain EarnedTrophyGroups
	var aux struct {
		plain
		Progress            json.RawMessage   `json:"progress"`
		EarnedTrophies      json.RawMessage   `json:"earnedTrophies"`
		TrophyGroups        []json.RawMessage `json:"trophyGroups"`
		LastUpdatedDateTime json.RawMessage   `json:"lastUpdatedDateTime"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := EarnedTrophyGroups(aux.plain)
	var errs [3]error
	v.Progress, errs[0] = readInt(aux.Progress, "progress", 0, 100)
	v.EarnedTrophies, errs[1] = readCounts(aux.EarnedTrophies, "earnedTrophies")
	v.LastUpdatedDateTime, errs[2] = readTime(aux.LastUpdatedDateTime, "lastUpdatedDateTime")
	if err := firstErr(errs[:]...); err != nil {
		return err
	}
	v.TrophyGroups, v.Skipped = decodeRecords[EarnedTrophyGroup](aux.TrophyGroups, "earned trophy group", labelOf("trophyGroupId", ""), nil)
	*p = v
	return nil
}

func (r *RareTrophy) UnmarshalJSON(b []byte) error {
	type plain RareTrophy
	var aux struct {
		plain
		TrophyID         json.RawMessage `json:"trophyId"`
		TrophyRare       json.RawMessage `json:"trophyRare"`
		TrophyEarnedRate json.RawMessage `json:"trophyEarnedRate"`
		EarnedDateTime   json.RawMessage `json:"earnedDateTime"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := RareTrophy(aux.plain)
	var errs [4]error
	v.TrophyID, errs[0] = readInt(aux.TrophyID, "trophyId", 0, maxCount)
	rare, err := readInt(aux.TrophyRare, "trophyRare", -maxCount, maxCount)
	v.TrophyRare, errs[1] = Rarity(rare), err
	v.TrophyEarnedRate, errs[2] = readNumString(aux.TrophyEarnedRate, "trophyEarnedRate")
	v.EarnedDateTime, errs[3] = readTime(aux.EarnedDateTime, "earnedDateTime")
	if err := firstErr(errs[:]...); err != nil {
		return err
	}
	*r = v
	return nil
}

func (t *TitleSummaryTrophyTitle) UnmarshalJSON(b []byte) error {
	type plain TitleSummaryTrophyTitle
	var aux struct {
		plain
		TrophyGroupCount    json.RawMessage `json:"trophyGroupCount"`
		Progress            json.RawMessage `json:"progress"`
		EarnedTrophies      json.RawMessage `json:"earnedTrophies"`
		DefinedTrophies     json.RawMessage `json:"definedTrophies"`
		LastUpdatedDateTime json.RawMessage `json:"lastUpdatedDateTime"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	v := TitleSummaryTrophyTitle(aux.plain)
	var errs [5]error
	v.TrophyGroupCount, errs[0] = readInt(aux.TrophyGroupCount, "trophyGroupCount", 0, maxCount)
	v.Progress, errs[1] = readInt(aux.Progress, "progress", 0, 100)
	v.EarnedTrophies, errs[2] = readCounts(aux.EarnedTrophies, "earnedTrophies")
	v.DefinedTrophies, errs[3] = readCounts(aux.DefinedTrophies, "definedTrophies")
	v.LastUpdatedDateTime, errs[4] = readTime(aux.LastUpdatedDateTime, "lastUpdatedDateTime")
	if err := firstErr(errs[:]...); err != nil {
		return err
	}
	if v.NPCommunicationID == "" {
		return errors.New("no npCommunicationId")
	}
	*t = v
	return nil
}

// UnmarshalJSON reads the titles of a title summaries answer one by one: an entry that cannot be
// read is left out (named in Skipped), which makes its npTitleId look unknown to Sony.
func (p *TitleSummaries) UnmarshalJSON(b []byte) error {
	var aux struct {
		Titles []json.RawMessage `json:"titles"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	titles, skipped := decodeRecords[TitleSummary](aux.Titles, "title summary", labelOf("npTitleId", ""),
		func(t *TitleSummary) error {
			if t.NPTitleID == "" {
				return errors.New("no npTitleId")
			}
			return nil
		})
	*p = TitleSummaries{Titles: titles, Skipped: skipped}
	return nil
}
