package psnapi

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Grade is a trophy's type as Sony spells it: bronze, silver, gold or platinum.
type Grade string

const (
	Bronze   Grade = "bronze"
	Silver   Grade = "silver"
	Gold     Grade = "gold"
	Platinum Grade = "platinum"
)

// Points is the point value the trophy level formula gives a grade (reverse engineered, see the reference).
func (g Grade) Points() int {
	switch g {
	case Bronze:
		return 15
	case Silver:
		return 30
	case Gold:
		return 90
	case Platinum:
		return 300
	}
	return 0
}

// Letter is the grade's one-letter mark (P G S B), readable without colour.
func (g Grade) Letter() string {
	switch g {
	case Platinum:
		return "P"
	case Gold:
		return "G"
	case Silver:
		return "S"
	case Bronze:
		return "B"
	}
	return "?"
}

// Rank orders grades platinum first, for sorting.
func (g Grade) Rank() int {
	switch g {
	case Platinum:
		return 0
	case Gold:
		return 1
	case Silver:
		return 2
	case Bronze:
		return 3
	}
	return 4
}

// Rarity is Sony's trophyRare tier: 0 ultra rare, 1 very rare, 2 rare, 3 common.
type Rarity int

const (
	UltraRare Rarity = 0
	VeryRare  Rarity = 1
	Rare      Rarity = 2
	Common    Rarity = 3
)

func (r Rarity) String() string {
	switch r {
	case UltraRare:
		return "ultra rare"
	case VeryRare:
		return "very rare"
	case Rare:
		return "rare"
	case Common:
		return "common"
	}
	return "unknown"
}

// TrophyCounts is the per-grade count object Sony calls definedTrophies or earnedTrophies.
type TrophyCounts struct {
	Bronze   int `json:"bronze"`
	Silver   int `json:"silver"`
	Gold     int `json:"gold"`
	Platinum int `json:"platinum"`
}

// Total is the number of trophies over every grade.
func (c TrophyCounts) Total() int { return c.Bronze + c.Silver + c.Gold + c.Platinum }

// Of returns the count for one grade.
func (c TrophyCounts) Of(g Grade) int {
	switch g {
	case Bronze:
		return c.Bronze
	case Silver:
		return c.Silver
	case Gold:
		return c.Gold
	case Platinum:
		return c.Platinum
	}
	return 0
}

// Add returns the sum of two count sets.
func (c TrophyCounts) Add(o TrophyCounts) TrophyCounts {
	return TrophyCounts{c.Bronze + o.Bronze, c.Silver + o.Silver, c.Gold + o.Gold, c.Platinum + o.Platinum}
}

// Points is the trophy-level point value of these trophies.
func (c TrophyCounts) Points() int {
	return c.Bronze*Bronze.Points() + c.Silver*Silver.Points() + c.Gold*Gold.Points() + c.Platinum*Platinum.Points()
}

// Paging is the pagination trailer of list responses. NextOffset is absent on the last page;
// PreviousOffset points at the item just before the requested offset (not a page back).
type Paging struct {
	TotalItemCount int  `json:"totalItemCount"`
	NextOffset     *int `json:"nextOffset,omitempty"`
	PreviousOffset *int `json:"previousOffset,omitempty"`
}

// TrophyTitle is one entry of a user's trophy title list.
type TrophyTitle struct {
	NPServiceName       string       `json:"npServiceName"`
	NPCommunicationID   string       `json:"npCommunicationId"`
	TrophySetVersion    string       `json:"trophySetVersion"`
	TrophyTitleName     string       `json:"trophyTitleName"`
	TrophyTitleDetail   string       `json:"trophyTitleDetail,omitempty"`
	TrophyTitleIconURL  string       `json:"trophyTitleIconUrl"`
	TrophyTitlePlatform string       `json:"trophyTitlePlatform"`
	HasTrophyGroups     bool         `json:"hasTrophyGroups"`
	TrophyGroupCount    int          `json:"trophyGroupCount,omitempty"`
	DefinedTrophies     TrophyCounts `json:"definedTrophies"`
	Progress            int          `json:"progress"`
	EarnedTrophies      TrophyCounts `json:"earnedTrophies"`
	HiddenFlag          bool         `json:"hiddenFlag"`
	LastUpdatedDateTime time.Time    `json:"lastUpdatedDateTime"`
}

// Platforms splits the comma-separated platform string ("PS5,PSPC").
func (t TrophyTitle) Platforms() []string { return splitPlatforms(t.TrophyTitlePlatform) }

// Ref identifies the title for the per-title endpoints.
func (t TrophyTitle) Ref() TitleRef {
	return TitleRef{NPCommunicationID: t.NPCommunicationID, Platform: t.TrophyTitlePlatform, NPServiceName: t.NPServiceName}
}

// TrophyTitles is one page of GET /trophy/v1/users/{accountId}/trophyTitles.
type TrophyTitles struct {
	TrophyTitles []TrophyTitle `json:"trophyTitles"`
	Paging
	// Skipped names the records of the answer left out because a field could not be read, one
	// line each ("skipped title NPWR…: lastUpdatedDateTime \"9999-99-99\" is not a date"). Not
	// part of the JSON form.
	Skipped []string `json:"-"`
}

// TitleRef names a trophy set for the per-title endpoints. NPServiceName, when empty, is derived from
// Platform: "trophy" for PS3, PS4 and PS Vita sets, nothing (Sony's default, trophy2) for PS5 and PC.
type TitleRef struct {
	NPCommunicationID string
	Platform          string
	NPServiceName     string
}

// ServiceName is the npServiceName query value to send, "" meaning omit it.
func (r TitleRef) ServiceName() string {
	if r.NPServiceName != "" {
		if r.NPServiceName == "trophy2" {
			return ""
		}
		return r.NPServiceName
	}
	return ServiceNameForPlatform(r.Platform)
}

// ServiceNameForPlatform returns "trophy" when any platform of the set is PS3, PS4 or PS Vita and none
// is PS5 or PC; otherwise "" (the trophy2 default).
func ServiceNameForPlatform(platform string) string {
	legacy := false
	for _, p := range splitPlatforms(platform) {
		switch p {
		case "PS5", "PSPC":
			return ""
		case "PS3", "PS4", "PSVITA":
			legacy = true
		}
	}
	if legacy {
		return "trophy"
	}
	return ""
}

func splitPlatforms(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.ToUpper(p))
		}
	}
	return out
}

// Trophy is a trophy's definition (GET /trophy/v1/npCommunicationIds/{id}/trophyGroups/{group}/trophies).
type Trophy struct {
	TrophyID                  int    `json:"trophyId"`
	TrophyHidden              bool   `json:"trophyHidden"`
	TrophyType                Grade  `json:"trophyType"`
	TrophyName                string `json:"trophyName"`
	TrophyDetail              string `json:"trophyDetail"`
	TrophyIconURL             string `json:"trophyIconUrl"`
	TrophyGroupID             string `json:"trophyGroupId"`
	TrophyProgressTargetValue string `json:"trophyProgressTargetValue,omitempty"`
	TrophyRewardName          string `json:"trophyRewardName,omitempty"`
	TrophyRewardImageURL      string `json:"trophyRewardImageUrl,omitempty"`
}

// ProgressTarget is TrophyProgressTargetValue as a number, 0 when the trophy tracks no progress.
func (t Trophy) ProgressTarget() int { return atoi(t.TrophyProgressTargetValue) }

// TitleTrophies is the title trophies response: the definitions of one group or of all.
type TitleTrophies struct {
	TrophySetVersion string   `json:"trophySetVersion"`
	HasTrophyGroups  bool     `json:"hasTrophyGroups"`
	Trophies         []Trophy `json:"trophies"`
	Paging
	// Skipped names the records of the answer left out because a field could not be read, one
	// line each ("skipped title NPWR…: lastUpdatedDateTime \"9999-99-99\" is not a date"). Not
	// part of the JSON form.
	Skipped []string `json:"-"`
}

// EarnedTrophy is a user's status for one trophy. Zero times mean Sony sent no value.
type EarnedTrophy struct {
	TrophyID           int       `json:"trophyId"`
	TrophyHidden       bool      `json:"trophyHidden"`
	Earned             bool      `json:"earned"`
	EarnedDateTime     time.Time `json:"earnedDateTime,omitzero"`
	Progress           string    `json:"progress,omitempty"`
	ProgressRate       int       `json:"progressRate,omitempty"`
	ProgressedDateTime time.Time `json:"progressedDateTime,omitzero"`
	TrophyType         Grade     `json:"trophyType"`
	TrophyRare         Rarity    `json:"trophyRare"`
	TrophyEarnedRate   string    `json:"trophyEarnedRate"`
}

// EarnedRate is TrophyEarnedRate as a percentage; 0 when absent or malformed.
func (e EarnedTrophy) EarnedRate() float64 { return parseRate(e.TrophyEarnedRate) }

// ProgressValue is Progress as a number (PS5 progress trophies only).
func (e EarnedTrophy) ProgressValue() int { return atoi(e.Progress) }

// EarnedTrophies is the earned trophies response for one user, title and group (or all).
type EarnedTrophies struct {
	TrophySetVersion    string         `json:"trophySetVersion"`
	HasTrophyGroups     bool           `json:"hasTrophyGroups"`
	LastUpdatedDateTime time.Time      `json:"lastUpdatedDateTime,omitzero"`
	Trophies            []EarnedTrophy `json:"trophies"`
	RarestTrophies      []EarnedTrophy `json:"rarestTrophies,omitempty"`
	Paging
	// Skipped names the records of the answer left out because a field could not be read, one
	// line each ("skipped title NPWR…: lastUpdatedDateTime \"9999-99-99\" is not a date"). Not
	// part of the JSON form.
	Skipped []string `json:"-"`
}

// TrophySummary is GET /trophy/v1/users/{accountId}/trophySummary.
type TrophySummary struct {
	AccountID            string       `json:"accountId"`
	TrophyLevel          int          `json:"trophyLevel"`
	TrophyPoint          int          `json:"trophyPoint"`
	TrophyLevelBasePoint int          `json:"trophyLevelBasePoint"`
	TrophyLevelNextPoint int          `json:"trophyLevelNextPoint"`
	Progress             int          `json:"progress"`
	Tier                 int          `json:"tier"`
	EarnedTrophies       TrophyCounts `json:"earnedTrophies"`
}

// TrophyGroup is one group's definition (base game "default", DLC "001"…).
type TrophyGroup struct {
	TrophyGroupID      string       `json:"trophyGroupId"`
	TrophyGroupName    string       `json:"trophyGroupName"`
	TrophyGroupDetail  string       `json:"trophyGroupDetail,omitempty"`
	TrophyGroupIconURL string       `json:"trophyGroupIconUrl"`
	DefinedTrophies    TrophyCounts `json:"definedTrophies"`
}

// TitleTrophyGroups is GET /trophy/v1/npCommunicationIds/{id}/trophyGroups.
type TitleTrophyGroups struct {
	NPServiceName       string        `json:"npServiceName,omitempty"`
	NPCommunicationID   string        `json:"npCommunicationId,omitempty"`
	TrophySetVersion    string        `json:"trophySetVersion"`
	TrophyTitleName     string        `json:"trophyTitleName"`
	TrophyTitleDetail   string        `json:"trophyTitleDetail,omitempty"`
	TrophyTitleIconURL  string        `json:"trophyTitleIconUrl"`
	TrophyTitlePlatform string        `json:"trophyTitlePlatform"`
	DefinedTrophies     TrophyCounts  `json:"definedTrophies"`
	TrophyGroups        []TrophyGroup `json:"trophyGroups"`
	// Skipped names the records of the answer left out because a field could not be read, one
	// line each ("skipped title NPWR…: lastUpdatedDateTime \"9999-99-99\" is not a date"). Not
	// part of the JSON form.
	Skipped []string `json:"-"`
}

// EarnedTrophyGroup is one group of the earned trophy groups response.
type EarnedTrophyGroup struct {
	TrophyGroupID       string       `json:"trophyGroupId"`
	Progress            int          `json:"progress"`
	EarnedTrophies      TrophyCounts `json:"earnedTrophies"`
	LastUpdatedDateTime time.Time    `json:"lastUpdatedDateTime,omitzero"`
}

// EarnedTrophyGroups is GET /trophy/v1/users/{accountId}/npCommunicationIds/{id}/trophyGroups.
type EarnedTrophyGroups struct {
	TrophySetVersion    string              `json:"trophySetVersion"`
	HiddenFlag          bool                `json:"hiddenFlag"`
	Progress            int                 `json:"progress"`
	EarnedTrophies      TrophyCounts        `json:"earnedTrophies"`
	TrophyGroups        []EarnedTrophyGroup `json:"trophyGroups"`
	LastUpdatedDateTime time.Time           `json:"lastUpdatedDateTime,omitzero"`
	// Skipped names the records of the answer left out because a field could not be read, one
	// line each ("skipped title NPWR…: lastUpdatedDateTime \"9999-99-99\" is not a date"). Not
	// part of the JSON form.
	Skipped []string `json:"-"`
}

// RareTrophy is an entry of rarestTrophies in a title summary by npTitleId.
type RareTrophy struct {
	TrophyID         int       `json:"trophyId"`
	TrophyHidden     bool      `json:"trophyHidden"`
	TrophyType       Grade     `json:"trophyType"`
	TrophyName       string    `json:"trophyName"`
	TrophyDetail     string    `json:"trophyDetail"`
	TrophyIconURL    string    `json:"trophyIconUrl"`
	TrophyRare       Rarity    `json:"trophyRare"`
	TrophyEarnedRate string    `json:"trophyEarnedRate"`
	Earned           bool      `json:"earned"`
	EarnedDateTime   time.Time `json:"earnedDateTime,omitzero"`
}

// TitleSummaryTrophyTitle is the trophy set linked to an npTitleId (only for titles the user played).
type TitleSummaryTrophyTitle struct {
	NPServiceName       string       `json:"npServiceName"`
	NPCommunicationID   string       `json:"npCommunicationId"`
	TrophyTitleName     string       `json:"trophyTitleName"`
	TrophyTitleDetail   string       `json:"trophyTitleDetail,omitempty"`
	TrophyTitleIconURL  string       `json:"trophyTitleIconUrl"`
	HasTrophyGroups     bool         `json:"hasTrophyGroups"`
	TrophyGroupCount    int          `json:"trophyGroupCount,omitempty"` // undocumented, sent today
	RarestTrophies      []RareTrophy `json:"rarestTrophies,omitempty"`
	Progress            int          `json:"progress"`
	EarnedTrophies      TrophyCounts `json:"earnedTrophies"`
	DefinedTrophies     TrophyCounts `json:"definedTrophies"`
	NotEarnedTrophyIDs  []int        `json:"notEarnedTrophyIds,omitempty"`
	LastUpdatedDateTime time.Time    `json:"lastUpdatedDateTime,omitzero"`
}

// TitleSummary is one entry of GET /trophy/v1/users/{accountId}/titles/trophyTitles?npTitleIds=….
type TitleSummary struct {
	NPTitleID    string                    `json:"npTitleId"`
	TrophyTitles []TitleSummaryTrophyTitle `json:"trophyTitles"`
}

// TitleSummaries is the whole response of the title summaries endpoint.
type TitleSummaries struct {
	Titles []TitleSummary `json:"titles"`
	// Skipped names the records of the answer left out because a field could not be read, one
	// line each ("skipped title NPWR…: lastUpdatedDateTime \"9999-99-99\" is not a date"). Not
	// part of the JSON form.
	Skipped []string `json:"-"`
}

// Profile is what profile2 (by online ID) or profiles (by account ID) tells about a user.
// profiles does not repeat the account id: the client fills AccountID with the id it asked for
// ("me" included). CurrentOnlineID is set by profile2 when the user has renamed since.
type Profile struct {
	OnlineID        string `json:"onlineId"`
	AccountID       string `json:"accountId"`
	CurrentOnlineID string `json:"currentOnlineId,omitempty"`
	AboutMe         string `json:"aboutMe,omitempty"`
	IsPlus          bool   `json:"isPlus,omitempty"`
	IsMe            bool   `json:"isMe,omitempty"`
	AvatarURL       string `json:"avatarUrl,omitempty"`
}

// UnmarshalJSON reads both shapes: profile2 spells PS Plus "plus": 0/1 and avatars
// "avatarUrls":[{size,avatarUrl}]; profiles has "isPlus": bool and "avatars":[{size,url}].
func (p *Profile) UnmarshalJSON(b []byte) error {
	type plain Profile
	var aux struct {
		plain
		IsPlus     json.RawMessage `json:"isPlus"`
		Plus       json.RawMessage `json:"plus"`
		AvatarURLs []struct {
			Size      string `json:"size"`
			AvatarURL string `json:"avatarUrl"`
		} `json:"avatarUrls"`
		Avatars []struct {
			Size string `json:"size"`
			URL  string `json:"url"`
		} `json:"avatars"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*p = Profile(aux.plain)
	p.IsPlus = truthy(aux.IsPlus) || truthy(aux.Plus)
	best := -1
	for _, a := range aux.Avatars {
		if r := avatarRank(a.Size); r > best && a.URL != "" {
			best, p.AvatarURL = r, a.URL
		}
	}
	for _, a := range aux.AvatarURLs {
		if r := avatarRank(a.Size); r > best && a.AvatarURL != "" {
			best, p.AvatarURL = r, a.AvatarURL
		}
	}
	return nil
}

// truthy reads true, 1 or "1"/"true" as true and anything else (absent, null, 0) as false.
func truthy(raw json.RawMessage) bool {
	switch strings.Trim(strings.TrimSpace(string(raw)), `"`) {
	case "true", "1":
		return true
	}
	return false
}

// avatarRank prefers the larger avatar sizes, "l" first: "xl" is rarely set.
func avatarRank(size string) int {
	switch size {
	case "l":
		return 4
	case "xl":
		return 3
	case "m":
		return 2
	case "s":
		return 1
	}
	return 0
}

// HintTrophy is a trophy that has Game Help (TrophyInfoWithHintAvailable).
type HintTrophy struct {
	ID          string `json:"id"`
	TrophyID    string `json:"trophyId"`
	UDSObjectID string `json:"udsObjectId"`
	HelpType    string `json:"helpType"`
}

// HintAvailability lists the trophies of a title with Game Help; empty when there is none.
type HintAvailability struct {
	Trophies []HintTrophy `json:"trophies"`
}

// TipRequest asks for the tips of one trophy; its values come from a HintTrophy.
type TipRequest struct {
	TrophyID    string `json:"trophyId"`
	UDSObjectID string `json:"udsObjectId"`
	HelpType    string `json:"helpType"`
}

// TipContent is one step of a tip. MediaURL carries a short-lived token: never cache it.
type TipContent struct {
	TipID       string `json:"tipId"`
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
	MediaID     string `json:"mediaId,omitempty"`
	MediaType   string `json:"mediaType,omitempty"`
	MediaURL    string `json:"mediaUrl,omitempty"`
}

// IsVideo reports whether the content is a video tip.
func (c TipContent) IsVideo() bool { return strings.EqualFold(c.MediaType, "VIDEO") }

// TipGroup groups the contents of a tip; Sony sends null ids and names today.
type TipGroup struct {
	GroupID     string       `json:"groupId,omitempty"`
	GroupName   string       `json:"groupName,omitempty"`
	TipContents []TipContent `json:"tipContents"`
}

// TrophyTip is the Game Help of one trophy.
type TrophyTip struct {
	ID              string     `json:"id"`
	TrophyID        string     `json:"trophyId"`
	TotalGroupCount int        `json:"totalGroupCount"`
	Groups          []TipGroup `json:"groups"`
}

// Tips is tipsRetrieve. HasAccess false (no PS Plus) is data, not an error.
type Tips struct {
	HasAccess bool        `json:"hasAccess"`
	Trophies  []TrophyTip `json:"trophies"`
}

func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return n
}

func parseRate(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return f
}
