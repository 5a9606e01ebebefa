package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// A write whose path was built under "me" just before the numeric ID became known must still be
// found under that ID (the UI refreshes the title list and the summary at the same time).
func TestWriteThatRacedLearnMeLandsUnderTheID(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(Paths{Config: filepath.Join(dir, "c"), State: filepath.Join(dir, "s"), Cache: filepath.Join(dir, "k")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	early := l.summaryPath(l.accountKey("me"))
	if filepath.Base(filepath.Dir(early)) != "me" {
		t.Fatalf("before the ID is known the path should be under me: %s", early)
	}
	// Something cached under "me" before: it moves with the directory.
	old := l.earnedPath("me", "NPWR00001_00")
	if err := l.writeRecord(old, kindEarned, map[string]int{"x": 1}); err != nil {
		t.Fatal(err)
	}
	const id = "1234567890123456789"
	l.learnMe(id)
	rec := summaryRecord{FetchedAt: time.Unix(1700000000, 0), Summary: psnapi.TrophySummary{AccountID: id, TrophyLevel: 437}}
	if err := l.writeRecord(early, kindSummary, rec); err != nil {
		t.Fatal(err)
	}
	got, ok, err := l.CachedSummary("me")
	if err != nil || !ok || got.TrophyLevel != 437 {
		t.Fatalf("summary written through the stale path is lost: %+v %v %v", got, ok, err)
	}
	if _, err := os.Stat(filepath.Join(l.rawAccountDir(id), "earned", "NPWR00001_00.bin")); err != nil {
		t.Errorf("data cached under me before the ID was known did not move: %v", err)
	}
	if _, err := os.Stat(l.rawAccountDir("me")); !os.IsNotExist(err) {
		t.Errorf("the me directory is still there")
	}
	// Logout forgets "me" but keeps the numeric account's cache.
	if err := l.Logout(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(l.rawAccountDir(id), "summary.bin")); err != nil {
		t.Errorf("logout deleted the account's cache: %v", err)
	}
}

// Next lists only trophies whose status is known: definitions cached without the account's earned
// status (a sync stopped between the two) are not "unearned".
func TestNextSkipsTitlesWithoutEarnedStatus(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(Paths{Config: filepath.Join(dir, "c"), State: filepath.Join(dir, "s"), Cache: filepath.Join(dir, "k")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	title := psnapi.TrophyTitle{NPCommunicationID: "NPWR00001_00", TrophyTitlePlatform: "PS5",
		DefinedTrophies: psnapi.TrophyCounts{Bronze: 2}}
	if err := l.saveTitles(l.accountKey("me"), &titlesRecord{Titles: []psnapi.TrophyTitle{title}}); err != nil {
		t.Fatal(err)
	}
	defs := defsRecord{NPCommunicationID: title.NPCommunicationID, Defined: title.DefinedTrophies,
		Trophies: []psnapi.Trophy{{TrophyID: 0, TrophyType: psnapi.Bronze}, {TrophyID: 1, TrophyType: psnapi.Bronze}}}
	if err := l.writeRecord(l.defsPath(title.NPCommunicationID), kindDefs, defs); err != nil {
		t.Fatal(err)
	}
	n := 0
	l.CachedAccountTrophies("me", func(TitleTrophies) error { n++; return nil })
	if n != 1 {
		t.Fatalf("the test title is not readable from the cache (%d titles)", n)
	}
	items, err := l.Next("me")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 0 {
		t.Fatalf("trophies without a cached status were listed as unearned: %+v", items)
	}
}

// A write whose directory is moved away under it (another process learned the numeric ID of "me"
// and moved the "me" directory between the temp file and its rename) is written again, not lost
// and not an error.
func TestWriteSurvivesItsDirectoryMoving(t *testing.T) {
	l := openTest(t, testPaths(t), Options{})
	dir := l.rawAccountDir("me")
	path := filepath.Join(dir, "summary.bin")
	moved := false
	beforeRename = func(string) {
		if !moved {
			moved = true
			if err := os.Rename(dir, dir+".moved"); err != nil { // as a learnMe elsewhere would
				t.Error(err)
			}
		}
	}
	defer func() { beforeRename = nil }()
	if err := l.writeRecord(path, kindSummary, summaryRecord{Summary: psnapi.TrophySummary{TrophyLevel: 7}}); err != nil || !moved {
		t.Fatalf("write while its directory moved: %v (moved %v)", err, moved)
	}
	var rec summaryRecord
	if found, err := l.readRecord(path, kindSummary, &rec); !found || err != nil || rec.Summary.TrophyLevel != 7 {
		t.Fatalf("after the move: %v %v %+v", found, err, rec)
	}
}

// Two processes, one learning the numeric ID of "me" while the other (which does not know it yet)
// keeps caching under "me": nothing the second wrote is lost, and the next process to open the
// cache finds it under the ID.
func TestDataCachedUnderMeByAnotherProcessIsKept(t *testing.T) {
	p := testPaths(t)
	learner := openTest(t, p, Options{})
	other := openTest(t, p, Options{})
	if err := learner.Credentials().SaveToken(psnapi.Token{AccessToken: "a", RefreshToken: "r",
		AccessExpiresAt: time.Now().Add(time.Hour), RefreshExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	const id = "1234567890123456789"
	learner.learnMe(id)
	// The other process does not know: it writes under "me" (its MkdirAll makes the directory again).
	if err := other.writeRecord(other.earnedPath("me", "NPWR00002_00"), kindEarned, earnedRecord{NPCommunicationID: "NPWR00002_00"}); err != nil {
		t.Fatal(err)
	}
	next := openTest(t, p, Options{})
	if e := next.loadEarned(next.accountKey("me"), "NPWR00002_00"); e == nil {
		t.Fatal("what the other process cached under me is lost")
	}
	if _, err := os.Stat(next.rawAccountDir("me")); !os.IsNotExist(err) {
		t.Errorf("the me directory is still there: %v", err)
	}
}
