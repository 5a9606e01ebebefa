package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// Odd files where the friends list, a profile, the played-games list or the titleId mapping belong
// are discarded (never blocking on a FIFO) and the data asked again; nothing panics.
func TestSocialRecordsSurviveOddFiles(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	fl, err := s.lib.Friends(ctx, "me", Auto)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.lib.NameFriends(ctx, fl.Friends[:2], nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.lib.SyncPlayTime(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	key := s.lib.accountKey("me")
	friends, played, ids := s.lib.friendsPath(key), s.lib.playedPath(key), s.lib.titleIDsPath()
	p0, p1 := s.lib.profilePath(fl.Friends[0].AccountID), s.lib.profilePath(fl.Friends[1].AccountID)
	os.Remove(friends)
	if err := syscall.Mkfifo(friends, 0o644); err != nil {
		t.Skip("no FIFOs:", err)
	}
	os.WriteFile(played, []byte("not a cache file"), 0o644)
	os.WriteFile(ids, []byte(strings.Repeat("PSNC", 100)), 0o644)
	b, _ := os.ReadFile(p1)
	os.WriteFile(p0, b, 0o644) // friend 1's profile in friend 0's place
	s.reopen(stackOpts{})
	s.srv.ResetLog()
	if f, ok := s.lib.CachedFriend(fl.Friends[0].AccountID); ok {
		t.Fatalf("another account's profile was taken for friend 0: %+v", f)
	}
	fl2, err := s.lib.Friends(ctx, "me", Auto)
	if err != nil || len(fl2.Friends) != len(fl.Friends) {
		t.Fatalf("friends after a FIFO: %v, %d", err, len(fl2.Friends))
	}
	pt, err := s.lib.PlayTime(ctx, "me", Refresh) // Refresh maps every game again
	if err != nil || pt.Unmapped != 0 || len(pt.ByTitle) == 0 {
		t.Fatalf("play time after damage: %v %+v", err, pt.Unmapped)
	}
	if s.sent("/friends") != 1 || s.sent("/gamelist/") == 0 || s.sent("/titles/trophyTitles") == 0 {
		t.Fatalf("not asked again: %d %d %d", s.sent("/friends"), s.sent("/gamelist/"), s.sent("/titles/trophyTitles"))
	}
	if notes := strings.Join(s.lib.Notes(), "\n"); !strings.Contains(notes, "friends.bin") || !strings.Contains(notes, "played.bin") {
		t.Fatalf("notes do not name the discarded files:\n%s", notes)
	}
	if st, err := os.Lstat(friends); err != nil || !st.Mode().IsRegular() {
		t.Fatalf("friends.bin is not a file again: %v", err)
	}
}

// Two games (a PS4 and a PS5 version) of one trophy set add up; a game Sony says has no trophy set
// counts in none; an unmapped one is told.
func TestPlayTimeJoinsGamesOfOneTrophySet(t *testing.T) {
	s := newStack(t, stackOpts{})
	at := s.clock.Now()
	rec := titleIDsRecord{IDs: map[string]titleIDEntry{
		"CUSA00001_00": {NPCommIDs: []string{"NPWR00001_00"}, At: at},
		"PPSA00001_00": {NPCommIDs: []string{"NPWR00001_00"}, At: at},
		"PPSA99999_00": {Unknown: true, At: at},
		"CUSA55555_00": {Empty: true, At: at},
	}}
	if err := s.lib.writeRecord(s.lib.titleIDsPath(), kindTitleIDs, rec); err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return at.AddDate(0, 0, -d) }
	pt := s.lib.joinPlayTime("me", playedRecord{Games: []psnapi.PlayedGame{
		{TitleID: "PPSA00001_00", PlayDuration: 3 * time.Hour, PlayCount: 2, FirstPlayed: day(10), LastPlayed: day(1)},
		{TitleID: "CUSA00001_00", PlayDuration: 5 * time.Hour, PlayCount: 4, FirstPlayed: day(400), LastPlayed: day(300)},
		{TitleID: "PPSA99999_00", PlayDuration: time.Hour},
		{TitleID: "CUSA55555_00", PlayDuration: time.Hour, LastPlayed: day(2)}, // played before the "no record" answer
		{TitleID: "CUSA77777_00", PlayDuration: time.Hour},
	}})
	got := pt.ByTitle["NPWR00001_00"]
	if got.Duration != 8*time.Hour || got.Count != 6 || !got.First.Equal(day(400)) || !got.Last.Equal(day(1)) || len(got.TitleIDs) != 2 {
		t.Fatalf("joined %+v", got)
	}
	if len(pt.ByTitle) != 1 || pt.NoTrophies != 2 || pt.Unmapped != 1 {
		t.Fatalf("titles %d, no trophies %d, unmapped %d; want 1, 2, 1", len(pt.ByTitle), pt.NoTrophies, pt.Unmapped)
	}
	// The "no record yet" answer is asked again once the game is played after it.
	if !mapNeeded(rec, "CUSA55555_00", at.Add(time.Hour)) || mapNeeded(rec, "PPSA99999_00", at.Add(time.Hour)) {
		t.Fatal("the mapping's ages are wrong")
	}
}

// A picture's file name is a hash of its URL: no URL reaches outside the cache's directory.
func TestPictureFileNamesStayInTheCache(t *testing.T) {
	s := newStack(t, stackOpts{})
	for _, u := range []string{"http://x/../../../../etc/passwd", "https://a/b?c=" + strings.Repeat("d", 5000), "\x00\n"} {
		p, _ := s.lib.imagePath(u)
		if rel, err := filepath.Rel(s.lib.imagesDir(), p); err != nil || strings.HasPrefix(rel, "..") || len(filepath.Base(p)) != 68 {
			t.Fatalf("%q → %s", u, p)
		}
	}
}
