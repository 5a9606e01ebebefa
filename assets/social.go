package assets

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// The social side of the world: friends lists, presence, avatars and the played-games list (play
// time). It is built after the trophy data with its own random streams, so adding it changed none
// of the demo's trophy numbers.

// GeneratedFriends is how many generated accounts befriend the demo account, besides TrophyFriend,
// LockedVault and FreshStart: 39 friends in all.
const GeneratedFriends = 36

// Presence is what basicPresences tells about an account.
type Presence struct {
	Online   bool
	Platform string    // primary platform: PS5, PS4, PSPC, MOBILE_APP
	Last     time.Time // last online (when offline)
	Playing  *Title    // the game played now (online only), nil for none
}

// Game is an entry of an account's played-games list (gamelist/v2). Title is nil for apps without
// trophies.
type Game struct {
	TitleID   string // the npTitleId Sony lists (CUSA… for PS4, PPSA… for PS5)
	Name      string
	Category  string // ps5_native_game, ps4_game, ps5_web_based_media_app…
	Service   string
	PlayCount int
	First     time.Time
	Last      time.Time
	Duration  time.Duration
	ConceptID int
	ImageURL  string
	Title     *Title
}

// appGames are apps without trophies that still show up in the played-games list (and that the
// trophy endpoint by npTitleId does not know).
var appGames = []struct{ id, name, category string }{
	{"PPSA95001_00", "StreamBox", "ps5_web_based_media_app"},
	{"CUSA95002_00", "Tunes+", "ps4_nongame_mini_app"},
	{"PPSA95003_00", "MediaTube", "ps5_web_based_media_app"},
}

var friendFirst = []string{
	"Neon", "Pixel", "Shadow", "Turbo", "Lunar", "Crimson", "Frost", "Echo", "Nova", "Rogue",
	"Atlas", "Cobalt", "Ember", "Vivid", "Mellow", "Sable", "Zephyr", "Quartz", "Tango", "Rusty",
}

var friendSecond = []string{
	"Falcon", "Otter", "Knight", "Badger", "Ranger", "Wizard", "Comet", "Panda", "Viper", "Monk",
	"Hornet", "Golem", "Pilot", "Raven", "Sprout", "Titan", "Whisker", "Bandit", "Lynx", "Yeti",
}

// buildSocial adds the generated friends (with plays of the demo's titles), every friends list,
// presence and avatars. It runs after the trophy data is final.
func buildSocial(w *World, seed uint64, demo, friend, private, empty *Account, fixed, gen []*Play) {
	r := newRNG(seed ^ 0x3c6ef372fe94f82b)
	titles := make([]*Title, 0, len(gen)+len(fixed))
	for _, p := range fixed {
		if demo.Play(p.Title.NPCommunicationID) == p {
			titles = append(titles, p.Title)
		}
	}
	for i, p := range gen {
		if i >= 240 {
			break
		}
		titles = append(titles, p.Title)
	}
	taken := map[string]bool{}
	for _, a := range w.Accounts {
		taken[strings.ToLower(a.OnlineID)] = true
		if a.PreviousOnlineID != "" {
			taken[strings.ToLower(a.PreviousOnlineID)] = true
		}
	}
	var generated []*Account
	for i := 0; i < GeneratedFriends; i++ {
		a := &Account{AccountID: fmt.Sprintf("%d", 1_000_000_000_000_000_000+r.next()%8_000_000_000_000_000_000),
			Languages: []string{[]string{"en-US", "en-GB", "de-DE", "fr-FR", "ja-JP", "es-ES"}[r.intn(6)]}}
		for {
			name := friendFirst[r.intn(len(friendFirst))] + friendSecond[r.intn(len(friendSecond))]
			switch r.intn(3) {
			case 0:
				name += fmt.Sprintf("_%d", 1+r.intn(99))
			case 1:
				name += fmt.Sprintf("%d", 1990+r.intn(20))
			}
			if !taken[strings.ToLower(name)] {
				taken[strings.ToLower(name)] = true
				a.OnlineID = name
				break
			}
		}
		a.Plus = r.float() < 0.6
		a.AboutMe = []string{"", "", "Platinum or nothing.", "Add me for co-op", "🎮 casual hunter", "Trophy hunting since the PS3 days"}[r.intn(6)]
		a.Private = i%13 == 7       // a few hide their trophies
		a.FriendsPrivate = i%5 == 3 // and some their friends list
		// Play 20–60% of the shared titles, with their own progress.
		share := 0.2 + r.float()*0.4
		for j, t := range titles {
			if r.float() >= share {
				continue
			}
			q := genPlay(t, seed^0x6a09e667f3bcc909^uint64(i+1)*0x9e3779b97f4a7c15, 2000+j)
			planDates(q, generatedHistory(a.AccountID))
			a.addPlay(q)
		}
		generated = append(generated, a)
	}
	w.Accounts = append(w.Accounts, generated...)

	private.FriendsPrivate = true
	friendsWith := func(a, b *Account) {
		if !slices.Contains(a.Friends, b.AccountID) {
			a.Friends = append(a.Friends, b.AccountID)
		}
		if !slices.Contains(b.Friends, a.AccountID) {
			b.Friends = append(b.Friends, a.AccountID)
		}
	}
	friendsWith(demo, friend)
	friendsWith(demo, private)
	friendsWith(demo, empty)
	for i, a := range generated {
		friendsWith(demo, a)
		if i%3 == 0 {
			friendsWith(friend, a)
		}
	}

	for _, a := range w.Accounts {
		a.Presence = genPresence(a, r)
	}
	// The two accounts the README shows are online: FakeHunter and TrophyFriend each play their
	// most recent PS5 game.
	for _, a := range []*Account{demo, friend} {
		a.Presence = Presence{Online: true, Platform: "PS5"}
		for _, p := range a.SortedPlays() {
			if strings.Contains(p.Title.Platform, "PS5") {
				a.Presence.Playing = p.Title
				break
			}
		}
	}
}

func genPresence(a *Account, r *rng) Presence {
	x := r.float()
	last := dateMax.Add(-time.Duration(r.intn(60*24*3600)) * time.Second)
	switch {
	case x < 0.22: // online, playing the latest game of its console
		p := Presence{Online: true, Platform: "PS5"}
		for _, pl := range a.SortedPlays() {
			if strings.Contains(pl.Title.Platform, "PS5") || strings.Contains(pl.Title.Platform, "PS4") {
				p.Playing = pl.Title
				if !strings.Contains(pl.Title.Platform, "PS5") {
					p.Platform = "PS4"
				}
				break
			}
		}
		return p
	case x < 0.30: // online in the app, playing nothing
		return Presence{Online: true, Platform: "MOBILE_APP"}
	case x < 0.45:
		return Presence{Platform: "PS4", Last: last}
	}
	return Presence{Platform: "PS5", Last: last}
}

// AvatarURL is the account's avatar in one of Sony's sizes ("s", "m", "l", "xl"), on Sony's avatar
// host (psntest points it at itself).
func (a *Account) AvatarURL(size string) string {
	return fmt.Sprintf("http://psn-rsc.prod.dl.playstation.net/psn-rsc/avatar/UP%04d/%s_%s.png",
		hashString(a.AccountID)%10000, hexOf(hashString(a.AccountID+a.OnlineID), 20), size)
}

// PlayedGames returns the account's played-games list, most recently played first: a game for
// each played title with a PS5 or PS4 version (PS3, PS Vita and PC keep no play time), plus a few
// apps for the demo account. Generated on first use, deterministically.
func (a *Account) PlayedGames() []*Game {
	if a.games != nil {
		return a.games
	}
	r := newRNG(hashString(a.AccountID) ^ 0x510e527fade682d1)
	games := []*Game{}
	for _, p := range a.Plays {
		id, category := playedTitleID(p.Title)
		if id == "" {
			continue
		}
		earned := p.Earned()
		// Hours follow the trophies: a few minutes per bronze, more per silver and gold, a long
		// tail for platinums; a game opened once has minutes.
		minutes := 20 + earned[Bronze]*(12+r.intn(25)) + earned[Silver]*(40+r.intn(60)) + earned[Gold]*(90+r.intn(120)) +
			earned[Platinum]*(600+r.intn(3000))
		d := time.Duration(minutes)*time.Minute + time.Duration(r.intn(3600))*time.Second
		// Played from a little before its first trophy to a little after its last, now and then
		// for a few weeks more without a trophy.
		first := p.Start.Add(-time.Duration(180+r.intn(90*60)) * time.Second)
		last := p.LastUpdated.Add(time.Duration(300+r.intn(2*3600)) * time.Second)
		if r.float() < 0.3 {
			last = last.Add(time.Duration(r.intn(21*24*3600)) * time.Second)
		}
		if last.After(dateMax) || a.Presence.Playing == p.Title {
			last = dateMax // the game it plays now was played last
		}
		// Nobody plays around the clock: at most the whole span of a day's play, 40% of a longer one.
		span := last.Sub(first)
		if span > 24*time.Hour {
			span = span * 2 / 5
		}
		d = min(d, span)
		count := max(1, int(math.Round(d.Hours()/(0.8+r.float()*2.5))))
		games = append(games, &Game{TitleID: id, Name: p.Title.Name, Category: category,
			Service: []string{"none(purchased)", "none(purchased)", "ps_plus", "other"}[r.intn(4)], PlayCount: count,
			First: first.Truncate(10 * time.Millisecond), Last: last.Truncate(10 * time.Millisecond), Duration: d,
			ConceptID: 200000 + int(hashString(p.Title.NPCommunicationID)%9_000_000),
			ImageURL:  "https://image.api.playstation.com/vulcan/ap/rnd/" + id + "/" + hexOf(hashString(id), 24) + ".png",
			Title:     p.Title})
	}
	if a.AccountID == DemoAccountID {
		for i, app := range appGames {
			last := dateMax.Add(-time.Duration(3+i*11) * 24 * time.Hour)
			games = append(games, &Game{TitleID: app.id, Name: app.name, Category: app.category, Service: "none(purchased)",
				PlayCount: 40 + i*17, First: last.Add(-700 * 24 * time.Hour), Last: last, Duration: time.Duration(90+i*40) * time.Hour,
				ConceptID: 100000 + i, ImageURL: "https://image.api.playstation.com/vulcan/ap/rnd/" + app.id + "/app.png"})
		}
	}
	slices.SortStableFunc(games, func(x, y *Game) int {
		if c := y.Last.Compare(x.Last); c != 0 {
			return c
		}
		return strings.Compare(x.TitleID, y.TitleID)
	})
	a.games = games
	return games
}

// playedTitleID is the titleId the played-games list shows for a title: its PS5 version's
// (PPSA…), else its PS4 version's (CUSA…); "" for PS3, PS Vita and PC only titles.
func playedTitleID(t *Title) (id, category string) {
	for _, prefix := range []string{"PPSA", "CUSA"} {
		for _, tid := range t.NPTitleIDs {
			if strings.HasPrefix(tid, prefix) {
				if prefix == "PPSA" {
					return tid, "ps5_native_game"
				}
				return tid, "ps4_game"
			}
		}
	}
	return "", ""
}
