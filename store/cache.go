package store

import (
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// On-disk records of the cache (gob inside the checked container of atomic.go). Layout under
// Paths.Cache, "v1" being the layout version (a new layout uses a new directory; old ones are ignored):
//
//	v1/users.bin                               online ID → account ID lookups
//	v1/defs/<lang>/<npCommunicationId>.bin     definitions: trophy groups + trophies, one set version
//	v1/accounts/<id>/titles-<lang>.bin         the title list (names are localised)
//	v1/accounts/<id>/summary.bin               trophy summary
//	v1/accounts/<id>/earned/<npCommId>.bin     earned status of one title (not localised: shared by languages)
//	v1/accounts/<id>/index-<lang>.bin          Sync's index of current title files (see index.go)
//	v1/help/hints/<npCommunicationId>.bin      Game Help availability
//	v1/help/tips/<lang>/<npCommId>/<key>.bin   Game Help tips, without video URLs

type titlesRecord struct {
	Account   string
	Language  string
	FetchedAt time.Time // the last refresh (a full list or the pages that changed)
	FullAt    time.Time // the last full list (zero: never, or written before this field existed)
	Skipped   int       // titles of the list left out because psnapi could not read them
	Titles    []psnapi.TrophyTitle
}

type summaryRecord struct {
	FetchedAt time.Time
	Summary   psnapi.TrophySummary
}

// defsRecord is the definitions of one trophy set in one language. It is current for a title list
// entry while SetVersion and Defined equal the entry's trophySetVersion and definedTrophies.
type defsRecord struct {
	NPCommunicationID string
	SetVersion        string
	Language          string
	Defined           psnapi.TrophyCounts // from the title list entry the definitions were fetched for
	HasGroups         bool
	GroupsPending     bool // HasGroups, but the group names are not fetched yet (a fill fetches them last)
	Groups            []psnapi.TrophyGroup
	Trophies          []psnapi.Trophy
	FetchedAt         time.Time
}

// earnedRecord is one account's status for one title; it is current while LastUpdated, SetVersion and
// Defined equal the title list entry's. Its existence is the "synced" marker of the title: it is
// written only after the title's definitions are on disk.
type earnedRecord struct {
	NPCommunicationID string
	LastUpdated       time.Time
	SetVersion        string
	Defined           psnapi.TrophyCounts
	Trophies          []psnapi.EarnedTrophy
	FetchedAt         time.Time
	// LastUpdatedUnknown: fetched without the account's title list (a leaderboard), so LastUpdated
	// is only the latest trophy's date; see earnedCurrent.
	LastUpdatedUnknown bool
}

type hintsRecord struct {
	FetchedAt time.Time
	Hints     psnapi.HintAvailability
}

type tipsRecord struct {
	FetchedAt time.Time
	Tips      psnapi.Tips
}

type userEntry struct {
	AccountID string
	OnlineID  string
	At        time.Time
}

type usersRecord struct {
	Users map[string]userEntry // key: lower-cased online ID
}

// safeName turns an identifier into a file name: kept as is when it is plain ASCII letters, digits,
// '-', '_' and '.', hex-encoded with an "x-" prefix otherwise (so no two IDs share a file).
func safeName(s string) string {
	ok := s != "" && s != "." && s != ".." && !strings.HasPrefix(s, "x-")
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
	}
	if ok {
		return s
	}
	return "x-" + hex.EncodeToString([]byte(s))
}

func langName(lang string) string {
	if lang == "" {
		return "default"
	}
	return safeName(strings.ToLower(lang))
}

func (l *Library) cacheRoot() string { return filepath.Join(l.paths.Cache, "v1") }

// accountDir is the cache directory of an account key; "me" is the numeric ID's directory once that
// is known (see learnMe).
func (l *Library) accountDir(key string) string {
	if isMe(key) {
		l.mu.Lock()
		if l.me != "" {
			key = l.me
		}
		l.mu.Unlock()
	}
	return l.rawAccountDir(key)
}

func (l *Library) rawAccountDir(key string) string {
	return filepath.Join(l.cacheRoot(), "accounts", safeName(key))
}

// remapMe moves a path built under "me" before the numeric ID was known to that ID's directory, so a
// write that raced learnMe does not land in a directory nobody reads any more.
func (l *Library) remapMe(path string) string {
	l.mu.Lock()
	me := l.me
	l.mu.Unlock()
	if me == "" {
		return path
	}
	from := l.rawAccountDir("me") + string(filepath.Separator)
	if strings.HasPrefix(path, from) {
		return filepath.Join(l.rawAccountDir(me), path[len(from):])
	}
	return path
}

func (l *Library) titlesPath(key string) string {
	return filepath.Join(l.accountDir(key), "titles-"+langName(l.lang)+".bin")
}

func (l *Library) summaryPath(key string) string {
	return filepath.Join(l.accountDir(key), "summary.bin")
}

func (l *Library) earnedPath(key, npCommID string) string {
	return filepath.Join(l.accountDir(key), "earned", safeName(npCommID)+".bin")
}

func (l *Library) defsPath(npCommID string) string {
	return filepath.Join(l.cacheRoot(), "defs", langName(l.lang), safeName(npCommID)+".bin")
}

func (l *Library) hintsPath(npCommID string) string {
	return filepath.Join(l.cacheRoot(), "help", "hints", safeName(npCommID)+".bin")
}

func (l *Library) tipsPath(npCommID string, req psnapi.TipRequest) string {
	key := safeName(req.TrophyID + "_" + req.UDSObjectID + "_" + req.HelpType)
	return filepath.Join(l.cacheRoot(), "help", "tips", langName(l.lang), safeName(npCommID), key+".bin")
}

func (l *Library) usersPath() string { return filepath.Join(l.cacheRoot(), "users.bin") }

// readRecord loads a cache file (never blocking on a FIFO, never reading more than maxRecordSize).
// Missing → false. Not a regular file, too large, corrupt, truncated, another format version or kind →
// the file is removed, a note is left for the UI, and false is returned so the caller refetches.
// Only an I/O error other than "not there" is returned as an error.
func (l *Library) readRecord(path string, kind byte, v any) (bool, error) {
	b, err := readFileSafe(path, maxRecordSize)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	var odd *oddFileError
	if errors.As(err, &odd) {
		// The cache is psn-client's own: whatever took a record's place goes (a symlink, not its
		// target; a directory only when empty) and the record is fetched again.
		l.discard(path, errors.New(odd.reason))
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := decodeRecord(b, kind, v); err != nil {
		l.discard(path, err)
		return false, nil
	}
	return true, nil
}

// discard removes a bad cache file and leaves a note.
func (l *Library) discard(path string, why error) {
	rel, err := filepath.Rel(l.paths.Cache, path)
	if err != nil {
		rel = path
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.note("cache file %s is unreadable (%v) and could not be removed (%v); remove it by hand", rel, why, err)
		return
	}
	l.note("cache file %s was unreadable (%v) and was discarded; it will be fetched again", rel, why)
}

// writeRecord stores a cache file atomically; a failed write is a *CacheWriteError.
func (l *Library) writeRecord(path string, kind byte, v any) error {
	b, err := encodeRecord(kind, v)
	if err != nil {
		return err
	}
	at, err := l.writeUnderMe(path, b)
	if errors.Is(err, fs.ErrNotExist) {
		// The directory went away under the write: another process learned the numeric ID of
		// "me" and moved the "me" directory (see learnMe). Learn it too and write there.
		l.refreshMe()
		at, err = l.writeUnderMe(path, b)
	}
	if err != nil {
		return &CacheWriteError{Path: at, Err: err}
	}
	return nil
}

// writeUnderMe writes a cache file where the path goes now that "me" may have a numeric ID.
func (l *Library) writeUnderMe(path string, b []byte) (string, error) {
	l.meMu.RLock()
	defer l.meMu.RUnlock()
	path = l.remapMe(path)
	return path, writeFileAtomic(path, b, 0o644, 0o755)
}
