package store

import (
	"path/filepath"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// Cache records of friends, profiles, the leaderboard's answers, play time and pictures. Their kinds
// start at 32, clear of the trophy records' (atomic.go), so the two lists grow without colliding.
//
//	v1/accounts/<id>/friends.bin               the account's friends list (account IDs)
//	v1/accounts/<id>/profile.bin               the account's online ID and avatar (kept for good)
//	v1/accounts/<id>/board/<npCommId>.bin      a leaderboard answer that is not an earned status: the
//	                                           account never played the title, or hides its trophies
//	v1/accounts/<id>/played.bin                the played-games list (play time); the hours placed per
//	                                           month are in the state directory (playmonths.go)
//	v1/titleids.bin                            titleId → npCommunicationId (kept for good)
//	v1/images/<xx>/<sha256 of the URL>.bin     a picture, as downloaded
const (
	kindFriends byte = 32 + iota
	kindProfile
	kindBoard
	kindPlayed
	kindTitleIDs
	kindImage
	kindPlayLedger
)

// friendsRecord is an account's friends list as last fetched.
type friendsRecord struct {
	Account   string
	FetchedAt time.Time
	IDs       []string
	Private   bool // Sony answered 403: the list is not visible to us
	Skipped   int  // entries psnapi could not read
}

// profileRecord is what the profiles endpoint told about an account, kept for good: an account ID
// never changes, and a changed name is noticed (see ResolveUser) and asked again.
type profileRecord struct {
	AccountID string
	OnlineID  string
	AvatarURL string // the largest avatar Sony listed
	IsPlus    bool
	// Gone says Sony has no profile for the ID (400/404: a closed account): kept so that it is not
	// asked again at every opening; RefreshFriend asks anyway.
	Gone      bool
	FetchedAt time.Time
}

// boardRecord is a leaderboard answer that is not an earned status: the account never played the
// title (404) or hides its trophies (403, then also recorded for the account as a whole).
type boardRecord struct {
	NPCommunicationID string
	NotPlayed         bool
	Private           bool
	FetchedAt         time.Time
}

// playedRecord is an account's played-games list as last read (derived data: Sony has it all).
type playedRecord struct {
	Account   string
	FetchedAt time.Time // the last refresh
	FullAt    time.Time // the last refresh that read every page
	Games     []psnapi.PlayedGame
	Skipped   int
}

// playLedger is the hours per month psn-client could place for an account (see playmonths.go). It
// is made of observations over time that Sony cannot give again, so it lives in the state
// directory ($XDG_STATE_HOME/psn-client/played/<id>.bin), not in the cache that is safe to delete.
type playLedger struct {
	Account   string
	Months    map[string]time.Duration // "2026-10" → play time placed in that month (local time)
	Unplaced  time.Duration            // play time seen that no month can honestly be given
	Accounted map[string]accountedPlay // titleId → the play time already in Months or Unplaced
	Since     time.Time                // the first read: the months count from there
}

// accountedPlay is how much of a game's play time the ledger accounts for, and as of which read.
type accountedPlay struct {
	Played time.Duration
	At     time.Time
}

// titleIDEntry is one titleId's trophy sets, as the by-npTitleIds endpoint answered.
type titleIDEntry struct {
	NPCommIDs []string // usually one; none for an Unknown or Empty answer
	// Unknown: Sony knows no trophy set for the titleId (an app, a game without trophies): for good.
	Unknown bool
	// Empty: the account asked through had no trophy record of it yet; asked again once the game
	// was played after At.
	Empty bool
	At    time.Time
}

type titleIDsRecord struct {
	IDs map[string]titleIDEntry
}

// imageRecord is a downloaded picture.
type imageRecord struct {
	URL         string
	ContentType string
	Data        []byte
	FetchedAt   time.Time
}

func (l *Library) friendsPath(key string) string {
	return filepath.Join(l.accountDir(key), "friends.bin")
}

func (l *Library) profilePath(key string) string {
	return filepath.Join(l.accountDir(key), "profile.bin")
}

func (l *Library) boardPath(key, npCommID string) string {
	return filepath.Join(l.accountDir(key), "board", safeName(npCommID)+".bin")
}

// privatePath records that an account hides its trophies (a 403 on any of its titles).
func (l *Library) privatePath(key string) string {
	return filepath.Join(l.accountDir(key), "board", "+private.bin") // "+" is in no safeName
}

func (l *Library) playedPath(key string) string {
	return filepath.Join(l.accountDir(key), "played.bin")
}

func (l *Library) titleIDsPath() string { return filepath.Join(l.cacheRoot(), "titleids.bin") }

func (l *Library) imagesDir() string { return filepath.Join(l.cacheRoot(), "images") }
