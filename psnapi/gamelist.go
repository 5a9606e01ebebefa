package psnapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxPlayedGamesPage is the largest page of the played-games list (gamelist/v2).
const MaxPlayedGamesPage = 200

// PlayedGame is one entry of an account's played-games list: PS4 and PS5 games only (Sony keeps no
// play time for PS3, PS Vita or PC). TitleID is the game's npTitleId; TitleSummaryList maps it to
// its trophy set (npCommunicationId). Apps without trophies (video services) are listed too.
type PlayedGame struct {
	TitleID       string        `json:"titleId"`
	Name          string        `json:"name"`
	LocalizedName string        `json:"localizedName,omitempty"`
	ImageURL      string        `json:"imageUrl,omitempty"`
	Category      string        `json:"category"`          // "ps5_native_game", "ps4_game", others
	Service       string        `json:"service,omitempty"` // "none(purchased)", "ps_plus", "other"…
	PlayCount     int           `json:"playCount"`
	FirstPlayed   time.Time     `json:"firstPlayedDateTime,omitzero"`
	LastPlayed    time.Time     `json:"lastPlayedDateTime,omitzero"`
	PlayDuration  time.Duration `json:"playDuration"` // Sony's ISO-8601 duration, parsed (JSON: nanoseconds)
	ConceptID     int64         `json:"conceptId,omitempty"`
	// ConceptTitleIDs are every titleId of the game's concept (its PS4 and PS5 versions, regions).
	ConceptTitleIDs []string `json:"conceptTitleIds,omitempty"`
}

// Platform is the console family of Category: "PS5", "PS4", or "" for anything else.
func (g PlayedGame) Platform() string {
	switch {
	case strings.HasPrefix(g.Category, "ps5"):
		return "PS5"
	case strings.HasPrefix(g.Category, "ps4"):
		return "PS4"
	}
	return ""
}

// PlayedGames is one page of GET /gamelist/v2/users/{account}/titles, most recently played first.
// It reads Sony's JSON (UnmarshalJSON); cache the PlayedGame values, whose own JSON round-trips.
type PlayedGames struct {
	Games []PlayedGame
	Paging
	Skipped []string // entries left out, one line each
}

// PlayedGameList is an account's whole played-games list.
type PlayedGameList struct {
	Games   []PlayedGame
	Skipped []string
}

// gameWire is a played-games entry as Sony sends it.
type gameWire struct {
	TitleID             string          `json:"titleId"`
	Name                string          `json:"name"`
	LocalizedName       string          `json:"localizedName"`
	ImageURL            string          `json:"imageUrl"`
	Category            string          `json:"category"`
	Service             string          `json:"service"`
	PlayCount           json.RawMessage `json:"playCount"`
	FirstPlayedDateTime json.RawMessage `json:"firstPlayedDateTime"`
	LastPlayedDateTime  json.RawMessage `json:"lastPlayedDateTime"`
	PlayDuration        json.RawMessage `json:"playDuration"`
	Concept             *struct {
		ID       json.Number `json:"id"`
		TitleIDs []string    `json:"titleIds"`
	} `json:"concept"`
}

func (w gameWire) game() (PlayedGame, error) {
	if strings.TrimSpace(w.TitleID) == "" {
		return PlayedGame{}, errors.New("no titleId")
	}
	g := PlayedGame{TitleID: w.TitleID, Name: w.Name, LocalizedName: w.LocalizedName, ImageURL: w.ImageURL,
		Category: w.Category, Service: w.Service}
	var errs [4]error
	g.PlayCount, errs[0] = readInt(w.PlayCount, "playCount", 0, maxCount)
	g.FirstPlayed, errs[1] = readTime(w.FirstPlayedDateTime, "firstPlayedDateTime")
	g.LastPlayed, errs[2] = readTime(w.LastPlayedDateTime, "lastPlayedDateTime")
	var d string
	if d, errs[3] = readNumString(w.PlayDuration, "playDuration"); errs[3] == nil && d != "" {
		if g.PlayDuration, errs[3] = ParsePlayDuration(d); errs[3] != nil {
			errs[3] = fmt.Errorf("playDuration %s: %w", quoteShort(d), errs[3])
		}
	}
	if err := firstErr(errs[:]...); err != nil {
		return PlayedGame{}, err
	}
	if w.Concept != nil {
		g.ConceptID, _ = w.Concept.ID.Int64()
		g.ConceptTitleIDs = w.Concept.TitleIDs
	}
	return g, nil
}

func (p *PlayedGames) UnmarshalJSON(b []byte) error {
	var aux struct {
		Titles         []json.RawMessage `json:"titles"`
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
	out := PlayedGames{Paging: paging, Games: make([]PlayedGame, 0, len(aux.Titles))}
	for i, raw := range aux.Titles {
		var w gameWire
		err := errEmptyRecord
		if !rawIsNull(raw) {
			if err = json.Unmarshal(raw, &w); err == nil {
				var g PlayedGame
				if g, err = w.game(); err == nil {
					out.Games = append(out.Games, g)
					continue
				}
			}
		}
		out.Skipped = append(out.Skipped, skipLine("played game", i, raw, labelOf("titleId", "name"), err))
	}
	*p = out
	return nil
}

// maxPlayDuration bounds a parsed duration: a century of play is already impossible.
const maxPlayDuration = 100 * 365 * 24 * time.Hour

// ParsePlayDuration reads an ISO-8601 duration as Sony sends play time: "PT228H56M33S", "PT1M9S",
// "PT18H", "PT0S"; days ("P2DT3H"), weeks and fractional seconds ("PT1.5S") are read too. Years and
// months (of no fixed length), negative values and anything beyond a century are errors.
func ParsePlayDuration(s string) (time.Duration, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if !strings.HasPrefix(s, "P") || len(s) < 3 {
		return 0, errors.New("not an ISO-8601 duration")
	}
	var total float64
	inTime, units, timeUnits := false, false, false
	num := ""
	for _, r := range s[1:] {
		switch {
		case r >= '0' && r <= '9' || r == '.' || r == ',':
			if r == ',' {
				r = '.'
			}
			num += string(r)
			continue
		case r == 'T':
			if inTime || num != "" {
				return 0, errors.New("misplaced T")
			}
			inTime = true
			continue
		}
		if num == "" {
			return 0, fmt.Errorf("no number before %c", r)
		}
		n, err := strconv.ParseFloat(num, 64)
		if err != nil || math.IsInf(n, 0) {
			return 0, fmt.Errorf("bad number %q", num)
		}
		num = ""
		var unit float64
		switch {
		case !inTime && r == 'W':
			unit = float64(7 * 24 * time.Hour)
		case !inTime && r == 'D':
			unit = float64(24 * time.Hour)
		case inTime && r == 'H':
			unit = float64(time.Hour)
		case inTime && r == 'M':
			unit = float64(time.Minute)
		case inTime && r == 'S':
			unit = float64(time.Second)
		default:
			return 0, fmt.Errorf("unit %c not allowed here", r)
		}
		total += n * unit
		units = true
		timeUnits = timeUnits || inTime
		if total > float64(maxPlayDuration) {
			return 0, errors.New("longer than a century")
		}
	}
	if num != "" || !units || inTime && !timeUnits {
		return 0, errors.New("incomplete duration")
	}
	return time.Duration(total).Round(time.Millisecond), nil
}

// PlayedGames fetches one page of an account's played-games list ("me", "" or a numeric id), most
// recently played first. limit is clamped to 1…200 (0 means 200).
func (c *Client) PlayedGames(ctx context.Context, account string, limit, offset int) (PlayedGames, error) {
	if limit <= 0 || limit > MaxPlayedGamesPage {
		limit = MaxPlayedGamesPage
	}
	q := url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(max(offset, 0))}}
	var page PlayedGames
	err := c.getJSON(ctx, EndpointPlayedGames,
		endpointURL(c.apiBase, "gamelist", "v2", "users", accountSegment(account), "titles"), q, nil, &page)
	return page, err
}

// AllPlayedGames fetches the whole played-games list in pages of 200: the first page tells the
// total, the others are fetched concurrently (the limiter caps what is in flight). Games are
// deduplicated by titleId (the list may shift while it is read). A private list is a forbidden
// *APIError.
func (c *Client) AllPlayedGames(ctx context.Context, account string) (PlayedGameList, error) {
	first, err := c.PlayedGames(ctx, account, MaxPlayedGamesPage, 0)
	if err != nil {
		return PlayedGameList{}, err
	}
	total := min(first.TotalItemCount, MaxPlayedGamesPage*maxPageFollows)
	pages := []PlayedGames{first}
	if total > len(first.Games)+len(first.Skipped) && first.NextOffset != nil {
		var offsets []int
		for o := *first.NextOffset; o < total; o += MaxPlayedGamesPage {
			offsets = append(offsets, o)
		}
		more := make([]PlayedGames, len(offsets))
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var wg sync.WaitGroup
		var mu sync.Mutex
		var firstErr error
		for i, o := range offsets {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, err := c.PlayedGames(ctx, account, MaxPlayedGamesPage, o)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					return
				}
				more[i] = p
			}()
		}
		wg.Wait()
		if firstErr != nil {
			return PlayedGameList{}, firstErr
		}
		pages = append(pages, more...)
	}
	var out PlayedGameList
	seen := map[string]bool{}
	for _, p := range pages {
		for _, g := range p.Games {
			if !seen[g.TitleID] {
				seen[g.TitleID] = true
				out.Games = append(out.Games, g)
			}
		}
		out.Skipped = append(out.Skipped, p.Skipped...)
	}
	return out, nil
}
