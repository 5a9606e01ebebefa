package psnapi

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"time"
)

// MaxPresenceIDsPerRequest is how many account IDs one basicPresences request asks for. Sony does
// not document a limit; 50 keeps the URL short (about 1 KB).
const MaxPresenceIDsPerRequest = 50

// presencePlatforms are the platforms the app asks presence for (recorded in 2025).
const presencePlatforms = "PS4,PS5,MOBILE_APP,PSPC"

// Presence is what Sony tells about an account being online now (basicPresences, primary
// platform). Games lists what it plays, usually one game or none. Presence changes by the minute:
// cache it briefly if at all.
type Presence struct {
	AccountID    string         `json:"accountId"`
	Availability string         `json:"availability"`            // "availableToPlay", "unavailable", …
	OnlineStatus string         `json:"onlineStatus"`            // primary platform: "online", "offline"
	Platform     string         `json:"platform"`                // primary platform: "PS5", "PS4", "PSPC", "MOBILE_APP"
	LastOnline   time.Time      `json:"lastOnlineDate,omitzero"` // when offline: when it was last seen
	Games        []PresenceGame `json:"games,omitempty"`
}

// PresenceGame is a game an account plays now (gameTitleInfoList).
type PresenceGame struct {
	NPTitleID      string `json:"npTitleId"` // the played game's titleId (CUSA…, PPSA…)
	TitleName      string `json:"titleName"`
	Format         string `json:"format"`         // "PS5", "PS4"
	LaunchPlatform string `json:"launchPlatform"` // the console it runs on
	GameStatus     string `json:"gameStatus,omitempty"`
	IconURL        string `json:"iconUrl,omitempty"` // npTitleIconUrl
}

// Online reports whether the account is online on its primary platform.
func (p Presence) Online() bool { return strings.EqualFold(p.OnlineStatus, "online") }

// PresenceList is the answer of Presences: one entry per account Sony tells about (an account
// whose presence is not shared with you is absent) and a line for each entry that could not be read.
type PresenceList struct {
	Presences []Presence
	Skipped   []string
}

// presenceWire is one basicPresences entry as Sony sends it.
type presenceWire struct {
	AccountID           json.RawMessage `json:"accountId"`
	Availability        string          `json:"availability"`
	LastAvailableDate   json.RawMessage `json:"lastAvailableDate"`
	PrimaryPlatformInfo struct {
		OnlineStatus   string          `json:"onlineStatus"`
		Platform       string          `json:"platform"`
		LastOnlineDate json.RawMessage `json:"lastOnlineDate"`
	} `json:"primaryPlatformInfo"`
	GameTitleInfoList []struct {
		NPTitleID      string `json:"npTitleId"`
		TitleName      string `json:"titleName"`
		Format         string `json:"format"`
		LaunchPlatform string `json:"launchPlatform"`
		GameStatus     string `json:"gameStatus"`
		NPTitleIconURL string `json:"npTitleIconUrl"`
	} `json:"gameTitleInfoList"`
}

func (w presenceWire) presence() (Presence, error) {
	id, err := readAccountID(w.AccountID)
	if err != nil {
		return Presence{}, err
	}
	p := Presence{AccountID: id, Availability: w.Availability, OnlineStatus: w.PrimaryPlatformInfo.OnlineStatus,
		Platform: w.PrimaryPlatformInfo.Platform}
	last, err1 := readTime(w.PrimaryPlatformInfo.LastOnlineDate, "lastOnlineDate")
	avail, err2 := readTime(w.LastAvailableDate, "lastAvailableDate")
	if err := firstErr(err1, err2); err != nil {
		return Presence{}, err
	}
	p.LastOnline = last
	if p.LastOnline.IsZero() {
		p.LastOnline = avail
	}
	for _, g := range w.GameTitleInfoList {
		p.Games = append(p.Games, PresenceGame{NPTitleID: g.NPTitleID, TitleName: g.TitleName, Format: g.Format,
			LaunchPlatform: g.LaunchPlatform, GameStatus: g.GameStatus, IconURL: g.NPTitleIconURL})
	}
	return p, nil
}

// presenceAnswer reads a basicPresences answer entry by entry.
type presenceAnswer PresenceList

func (a *presenceAnswer) UnmarshalJSON(b []byte) error {
	var aux struct {
		BasicPresences []json.RawMessage `json:"basicPresences"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	var out presenceAnswer
	for i, raw := range aux.BasicPresences {
		var w presenceWire
		err := errEmptyRecord
		if !rawIsNull(raw) {
			if err = json.Unmarshal(raw, &w); err == nil {
				var p Presence
				if p, err = w.presence(); err == nil {
					out.Presences = append(out.Presences, p)
					continue
				}
			}
		}
		out.Skipped = append(out.Skipped, skipLine("presence", i, raw, labelOf("accountId", ""), err))
	}
	*a = out
	return nil
}

// Presences asks who of accountIDs (numeric IDs; your own included) is online and what they play,
// in batches of MaxPresenceIDsPerRequest, concurrently: one request for up to 50 friends. The
// answer keeps the order asked; an ID that is not numeric is not sent and is named in Skipped.
func (c *Client) Presences(ctx context.Context, accountIDs []string) (PresenceList, error) {
	var ids, skipped []string
	seen := map[string]bool{}
	for _, id := range accountIDs {
		id = strings.TrimSpace(id)
		switch {
		case seen[id]:
		case !IsAccountID(id):
			skipped = append(skipped, cleanMessage("skipped account "+quoteShort(id)+": presence needs a numeric account ID"))
		default:
			ids = append(ids, id)
		}
		seen[id] = true
	}
	if len(ids) == 0 {
		return PresenceList{Skipped: skipped}, nil
	}
	// The app's path has an empty segment where an account would be: users//basicPresences.
	u := endpointURL(c.apiBase, "userProfile", "v2", "internal", "users", "", "basicPresences")
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		byID     = map[string]Presence{}
	)
	for start := 0; start < len(ids); start += MaxPresenceIDsPerRequest {
		batch := ids[start:min(start+MaxPresenceIDsPerRequest, len(ids))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := url.Values{"type": {"primary"}, "accountIds": {strings.Join(batch, ",")},
				"platforms": {presencePlatforms}, "withOwnGameTitleInfo": {"true"}}
			var got presenceAnswer
			err := c.getJSON(ctx, EndpointPresences, u, q, nil, &got)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				return
			}
			for _, p := range got.Presences {
				byID[p.AccountID] = p
			}
			skipped = append(skipped, got.Skipped...)
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return PresenceList{}, firstErr
	}
	out := PresenceList{Skipped: skipped}
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out.Presences = append(out.Presences, p)
		}
	}
	return out, nil
}
