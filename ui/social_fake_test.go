package ui

import (
	"context"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"strings"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// fakeSocial is the fake store's friends, leaderboards, presence, play time and pictures. Its zero
// value is FakeHunter's: TrophyFriend and LockedVault named, fakeFriends more friends not named yet
// (NameFriends names them), no presence, no play time.
type fakeSocial struct {
	named          map[string]bool // account IDs whose profile is "cached"
	friendsPrivate bool            // Friends answers store.ErrFriendsPrivate
	friendsErr     error           // Friends fails with this
	extra          int             // friends beyond the two named ones (default fakeFriends)
	boardCached    map[string]bool // account/npCommID answered already
	presence       map[string]store.NowPlaying
	presenceErr    error
	play           *store.PlayTimes // nil: no played-games list cached
	playCost       store.PlayTimeCost
	pictureErr     error
}

// fakeFriends is how many friends the fake has besides TrophyFriend and LockedVault.
const fakeFriends = 8

// fakeFriendID is the account ID of the fake's i-th extra friend.
func fakeFriendID(i int) string { return fmt.Sprintf("77000000000000000%02d", i) }

// fakeFriendName is the name the fake's profiles give it (one has no profile: a closed account).
func fakeFriendName(i int) string {
	if i == 5 {
		return ""
	}
	return []string{"NeonFalcon", "PixelOtter", "ShadowKnight", "TurboBadger", "LunarRanger", "", "CrimsonComet", "FrostPanda",
		"EchoViper", "NovaMonk"}[i%10] + map[bool]string{true: fmt.Sprint(i / 10), false: ""}[i >= 10]
}

func (s *fakeSocial) extraFriends() int {
	if s.extra == 0 {
		return fakeFriends
	}
	return max(0, s.extra)
}

// friend is what the fake's cache knows of an account.
func (s *fakeSocial) friend(id string) store.Friend {
	f := store.Friend{AccountID: id}
	switch id {
	case friendID:
		return store.Friend{AccountID: id, OnlineID: "TrophyFriend", AvatarURL: "https://image.example/avatar/friend.png", IsPlus: true, NamedAt: fixedNow}
	case privateID:
		return store.Friend{AccountID: id, OnlineID: "LockedVault", AvatarURL: "https://image.example/avatar/locked.png", NamedAt: fixedNow}
	}
	if !s.named[id] {
		return f
	}
	for i := range s.extraFriends() {
		if fakeFriendID(i) == id {
			f.OnlineID, f.NamedAt = fakeFriendName(i), fixedNow
			f.NoProfile = f.OnlineID == ""
			if !f.NoProfile {
				f.AvatarURL = "https://image.example/avatar/" + id + ".png"
				f.IsPlus = i%2 == 0
			}
		}
	}
	return f
}

func (s *fakeSocial) list() store.FriendList {
	fl := store.FriendList{Account: "me", FetchedAt: fixedNow.Add(-time.Minute)}
	ids := []string{friendID, privateID}
	for i := range s.extraFriends() {
		ids = append(ids, fakeFriendID(i))
	}
	for _, id := range ids {
		f := s.friend(id)
		if !f.Named() {
			fl.Unnamed++
		}
		fl.Friends = append(fl.Friends, f)
	}
	return fl
}

func (f *fakeLib) CachedFriends(account string) (store.FriendList, bool, error) {
	f.log("CachedFriends " + account)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.social.friendsPrivate {
		return store.FriendList{Account: account}, true, store.ErrFriendsPrivate
	}
	return f.social.list(), true, nil
}

func (f *fakeLib) Friends(ctx context.Context, account string, p store.Policy) (store.FriendList, error) {
	f.log("Friends " + account + " " + p.String())
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.social.friendsErr != nil:
		return store.FriendList{Account: account}, f.social.friendsErr
	case f.social.friendsPrivate:
		return store.FriendList{Account: account}, store.ErrFriendsPrivate
	}
	return f.social.list(), nil
}

func (f *fakeLib) NameFriends(ctx context.Context, friends []store.Friend, emit func(store.Friend)) (int, error) {
	sent := 0
	for _, fr := range friends {
		if fr.Named() {
			continue
		}
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		f.log("NameFriend " + fr.AccountID)
		f.mu.Lock()
		if f.social.named == nil {
			f.social.named = map[string]bool{}
		}
		f.social.named[fr.AccountID] = true
		named := f.social.friend(fr.AccountID)
		f.mu.Unlock()
		sent++
		if emit != nil {
			emit(named)
		}
	}
	return sent, nil
}

// boardRow is an account's standing in a title on the fake: every other extra friend played every
// title, with a progress of its own; TrophyFriend played them all; LockedVault hides its trophies.
func (s *fakeSocial) boardRow(id string, title psnapi.TrophyTitle, me bool) (store.LeaderboardRow, bool) {
	row := store.LeaderboardRow{Friend: s.friend(id), Me: me, Defined: title.DefinedTrophies, FetchedAt: fixedNow.Add(-3 * 24 * time.Hour)}
	if me {
		row.Friend = store.Friend{AccountID: "1", OnlineID: "FakeHunter"}
		row.Progress, row.Earned = title.Progress, title.EarnedTrophies
		return row, true
	}
	if id == privateID {
		row.Private = true
		return row, true
	}
	h := fnv.New32a()
	h.Write([]byte(id + title.NPCommunicationID))
	n := int(h.Sum32())
	if id != friendID && n%2 == 1 {
		return row, false
	}
	row.Progress = n % 101
	if id == friendID {
		row.Progress = 100
	}
	d := title.DefinedTrophies
	row.Earned = psnapi.TrophyCounts{Bronze: d.Bronze * row.Progress / 100, Silver: d.Silver * row.Progress / 100, Gold: d.Gold * row.Progress / 100}
	if row.Progress == 100 {
		row.Earned = d
		row.PlatinumAt = fixedNow.Add(-time.Duration(n%900) * 24 * time.Hour)
	}
	return row, true
}

func (s *fakeSocial) boardAccounts() []string {
	ids := []string{"me", friendID, privateID}
	for i := range s.extraFriends() {
		ids = append(ids, fakeFriendID(i))
	}
	return ids
}

func (f *fakeLib) LeaderboardCost(account string, title psnapi.TrophyTitle) (store.LeaderboardCost, error) {
	return f.boardCost(title, false)
}

func (f *fakeLib) LeaderboardCostRefresh(account string, title psnapi.TrophyTitle) (store.LeaderboardCost, error) {
	return f.boardCost(title, true)
}

func (f *fakeLib) boardCost(title psnapi.TrophyTitle, refresh bool) (store.LeaderboardCost, error) {
	f.log("LeaderboardCost " + title.NPCommunicationID)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.social.friendsPrivate {
		return store.LeaderboardCost{}, store.ErrFriendsPrivate
	}
	ids := f.social.boardAccounts()
	c := store.LeaderboardCost{Friends: len(ids) - 1}
	for _, id := range ids {
		if !refresh && f.social.boardCached[id+"/"+title.NPCommunicationID] {
			c.Cached++
		} else {
			c.Requests++
		}
	}
	return c, nil
}

func (f *fakeLib) Leaderboard(ctx context.Context, account string, title psnapi.TrophyTitle, p store.Policy, emit func(store.LeaderboardRow)) (store.Leaderboard, error) {
	f.log("Leaderboard " + title.NPCommunicationID + " " + p.String())
	b := store.Leaderboard{Title: title}
	f.mu.Lock()
	ids := f.social.boardAccounts()
	f.mu.Unlock()
	b.Friends = len(ids) - 1
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			b.Offline, b.Err = true, err
			break
		}
		key := id + "/" + title.NPCommunicationID
		f.mu.Lock()
		cached := f.social.boardCached[key] && p != store.Refresh
		if !cached && p != store.Offline {
			if f.social.boardCached == nil {
				f.social.boardCached = map[string]bool{}
			}
			f.social.boardCached[key] = true
			b.Requests++
			f.calls = append(f.calls, "BoardAsk "+key)
		}
		row, played := f.social.boardRow(id, title, id == "me")
		f.mu.Unlock()
		if !cached && p == store.Offline {
			continue
		}
		row.Cached = cached
		if !played {
			b.NotPlayed++
			continue
		}
		b.Rows = append(b.Rows, row)
		if emit != nil {
			emit(row)
		}
	}
	store.SortLeaderboard(b.Rows)
	return b, nil
}

func (f *fakeLib) Presence(ctx context.Context, accounts ...string) (store.PresenceResult, error) {
	f.log("Presence " + strings.Join(accounts, ","))
	f.mu.Lock()
	defer f.mu.Unlock()
	res := store.PresenceResult{ByAccount: map[string]store.NowPlaying{}}
	if f.social.presenceErr != nil {
		return res, f.social.presenceErr
	}
	for _, a := range accounts {
		id := a
		if a == "me" {
			id = "1"
		}
		if np, ok := f.social.presence[id]; ok {
			res.ByAccount[id] = np
		}
	}
	res.Requests = 1
	return res, nil
}

func (f *fakeLib) CachedPlayTime(account string) (store.PlayTimes, bool, error) {
	f.log("CachedPlayTime " + account)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.social.play == nil || account != "me" {
		return store.PlayTimes{Account: account, ByTitle: map[string]store.PlayTime{}}, false, nil
	}
	return *f.social.play, true, nil
}

func (f *fakeLib) PlayTime(ctx context.Context, account string, p store.Policy) (store.PlayTimes, error) {
	f.log("PlayTime " + account + " " + p.String())
	pt, _, err := f.CachedPlayTime(account)
	return pt, err
}

func (f *fakeLib) SyncPlayTime(ctx context.Context, account string) (store.PlayTimes, int, error) {
	f.log("SyncPlayTime " + account)
	pt, _, err := f.CachedPlayTime(account)
	return pt, 0, err
}

func (f *fakeLib) PlayTimeCost(account string) store.PlayTimeCost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.social.playCost
}

// Picture draws a picture of the asked size from the URL: a gradient in the URL's colours, with a
// transparent corner, so half blocks of every kind show.
func (f *fakeLib) Picture(ctx context.Context, url string, cols, rows int) (*image.RGBA, error) {
	f.log(fmt.Sprintf("Picture %s %dx%d", url, cols, rows))
	f.mu.Lock()
	err := f.social.pictureErr
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return fakePicture(url, cols, 2*rows), nil
}

func fakePicture(url string, w, h int) *image.RGBA {
	hs := fnv.New32a()
	hs.Write([]byte(url))
	seed := hs.Sum32()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{R: uint8(int(seed) + 16*x), G: uint8(int(seed>>8) + 24*y), B: uint8(seed >> 16), A: 255}
			if x == 0 && y == 0 {
				c = color.RGBA{}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// playOf makes play time for the fake's PS4 and PS5 titles: the i-th such title played i+1 hours
// and 3i+1 times.
func playOf(titles []psnapi.TrophyTitle) *store.PlayTimes {
	pt := &store.PlayTimes{Account: "me", ByTitle: map[string]store.PlayTime{}, FetchedAt: fixedNow}
	n := 0
	for _, t := range titles {
		if !strings.Contains(t.TrophyTitlePlatform, "PS5") && !strings.Contains(t.TrophyTitlePlatform, "PS4") {
			continue
		}
		pt.ByTitle[t.NPCommunicationID] = store.PlayTime{Duration: time.Duration(n+1)*time.Hour + time.Duration(n%4)*15*time.Minute, Count: 3*n + 1}
		n++
	}
	pt.Games = n
	return pt
}
