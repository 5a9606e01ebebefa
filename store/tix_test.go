package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// The index must say exactly what the per-title records say: every trophy of every title whose
// earned status is cached, in title-list order, field for field (times compared as instants).
func TestTixSameAsCachedTrophies(t *testing.T) {
	s := smallStack(t, stackOpts{})
	s.sync("me")
	s.srv.ResetLog()
	checkIndexMatchesRecords(t, s.lib)
	if n := len(s.srv.Requests()); n != 0 {
		t.Fatalf("the index sent %d requests", n)
	}
}

func checkIndexMatchesRecords(t *testing.T, l *Library) {
	t.Helper()
	var want []HuntItem
	if err := l.CachedAccountTrophies("me", func(tt TitleTrophies) error {
		if tt.EarnedKnown {
			for _, tr := range tt.Trophies {
				want = append(want, HuntItem{Title: tt.Title, Trophy: tr})
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	got, err := l.Search("me", Query{}, SearchOptions{Reveal: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != len(want) || len(want) == 0 {
		t.Fatalf("index holds %d trophies, the records %d", len(got.Items), len(want))
	}
	for i := range want {
		if !sameItem(got.Items[i], want[i]) {
			t.Fatalf("trophy %d differs:\nindex   %+v\nrecords %+v", i, got.Items[i], want[i])
		}
	}
}

func sameItem(a, b HuntItem) bool {
	norm := func(it HuntItem) HuntItem {
		it.Title.LastUpdatedDateTime = it.Title.LastUpdatedDateTime.UTC()
		it.Trophy.Status.EarnedDateTime = it.Trophy.Status.EarnedDateTime.UTC()
		it.Trophy.Status.ProgressedDateTime = it.Trophy.Status.ProgressedDateTime.UTC()
		return it
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// The codecs name every field: when psnapi's types grow, this fails until the index keeps the new
// field too (and tixVersion says the files changed).
func TestTixTitleCodecKeepsEveryField(t *testing.T) {
	for typ, n := range map[reflect.Type]int{reflect.TypeOf(psnapi.TrophyTitle{}): 14, reflect.TypeOf(psnapi.Trophy{}): 10,
		reflect.TypeOf(psnapi.EarnedTrophy{}): 10, reflect.TypeOf(Trophy{}): 3} {
		if typ.NumField() != n {
			t.Errorf("%v has %d fields, the trophy index encodes %d: teach encTitle/encRawTrophy the new ones", typ, typ.NumField(), n)
		}
	}
	title := psnapi.TrophyTitle{NPServiceName: "a", NPCommunicationID: "b", TrophySetVersion: "c", TrophyTitleName: "d",
		TrophyTitleDetail: "e", TrophyTitleIconURL: "f", TrophyTitlePlatform: "g", HasTrophyGroups: true, TrophyGroupCount: 3,
		DefinedTrophies: psnapi.TrophyCounts{Bronze: 1, Silver: 2, Gold: 3, Platinum: 4}, Progress: 5,
		EarnedTrophies: psnapi.TrophyCounts{Bronze: 6, Silver: 7, Gold: 8, Platinum: 9},
		HiddenFlag:     true, LastUpdatedDateTime: time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC)}
	var e enc
	encTitle(&e, title)
	back, err := decTitle(e.b)
	if err != nil || !reflect.DeepEqual(back, title) {
		t.Errorf("title round trip: %+v %v", back, err)
	}
	tr := Trophy{Trophy: psnapi.Trophy{TrophyID: 7, TrophyHidden: true, TrophyType: "gold", TrophyName: "n", TrophyDetail: "d",
		TrophyIconURL: "i", TrophyGroupID: "001", TrophyProgressTargetValue: "10", TrophyRewardName: "r", TrophyRewardImageURL: "ri"},
		Status: psnapi.EarnedTrophy{TrophyID: 7, TrophyHidden: true, Earned: true, EarnedDateTime: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
			Progress: "10", ProgressRate: 100, ProgressedDateTime: time.Date(2023, 1, 2, 3, 4, 5, 0, time.UTC), TrophyType: "gold",
			TrophyRare: psnapi.VeryRare, TrophyEarnedRate: "3.5"}, GroupName: "DLC"}
	var raw enc
	raw.b = make([]byte, 8)
	raw.uvarint(1)
	raw.str("001")
	raw.str("DLC")
	raw.boolean(false)
	off := len(raw.b)
	encRawTrophy(&raw, &tr, 0)
	putU32 := func(b []byte, v uint32) { b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24) }
	putU32(raw.b, 1)
	putU32(raw.b[4:], uint32(off))
	crc := tixCRC(raw.b)
	raw.b = append(raw.b, byte(crc), byte(crc>>8), byte(crc>>16), byte(crc>>24))
	rb, err := parseRawBlock(raw.b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rb.trophy(0, &title)
	if err != nil || !reflect.DeepEqual(got, tr) {
		t.Errorf("trophy round trip:\n got %+v\nwant %+v (%v)", got, tr, err)
	}
}

// Recent, platinums and stats agree with a count made the slow way from the records.
func TestTixRecentAndStatsMatchTheRecords(t *testing.T) {
	s := smallStack(t, stackOpts{})
	s.sync("me")
	s.srv.ResetLog()
	var earned []HuntItem
	var unearned psnapi.TrophyCounts
	s.lib.CachedAccountTrophies("me", func(tt TitleTrophies) error {
		for _, tr := range tt.Trophies {
			if tr.Status.TrophyType == "" {
				continue
			}
			if tr.Status.Earned {
				earned = append(earned, HuntItem{tt.Title, tr})
			} else {
				unearned = unearned.Add(countOf(tr.TrophyType))
			}
		}
		return nil
	})
	slices.SortStableFunc(earned, func(a, b HuntItem) int {
		if c := a.Trophy.Status.EarnedDateTime.Compare(b.Trophy.Status.EarnedDateTime); c != 0 {
			return c
		}
		if c := strings.Compare(a.Title.NPCommunicationID, b.Title.NPCommunicationID); c != 0 {
			return c
		}
		return 0
	})
	r, err := s.lib.Recent("me", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != len(earned) || len(r.Items) != len(earned) || len(earned) < 100 {
		t.Fatalf("recent: %d of %d, want %d", len(r.Items), r.Total, len(earned))
	}
	plats := 0
	for i := range earned {
		it := r.Items[len(earned)-1-i]
		if !sameItem(it.HuntItem, earned[i]) || it.Number != i+1 {
			t.Fatalf("recent %d: %+v, want %+v", i, it, earned[i])
		}
		if earned[i].Trophy.TrophyType == psnapi.Platinum {
			plats++
			if it.Platinum != plats {
				t.Fatalf("platinum %d numbered %d", plats, it.Platinum)
			}
		}
		if it.Milestone != (i == 0 || i == 99 || (i+1)%1000 == 0) {
			t.Fatalf("milestone at %d: %v", i+1, it.Milestone)
		}
	}
	p, err := s.lib.Platinums("me", PlatinumsByDate, 0)
	if err != nil || len(p.Items) != plats || plats == 0 {
		t.Fatalf("%d platinums, want %d: %v", len(p.Items), plats, err)
	}
	st, err := s.lib.Stats("me")
	if err != nil {
		t.Fatal(err)
	}
	var grades psnapi.TrophyCounts
	months := map[string]int{}
	for _, it := range earned {
		grades = grades.Add(countOf(it.Trophy.TrophyType))
		if at := it.Trophy.Status.EarnedDateTime; !at.IsZero() {
			months[at.In(time.Local).Format("2006-01")]++
		}
	}
	if st.Earned != grades || st.Unearned != unearned || st.Points != grades.Points() {
		t.Errorf("stats earned %+v unearned %+v, want %+v %+v", st.Earned, st.Unearned, grades, unearned)
	}
	for _, m := range st.PerMonth {
		if m.Counts.Total() != months[m.Month.Format("2006-01")] {
			t.Errorf("%s: %d, want %d", m.Month.Format("2006-01"), m.Counts.Total(), months[m.Month.Format("2006-01")])
		}
		delete(months, m.Month.Format("2006-01"))
	}
	if len(months) != 0 {
		t.Errorf("months missing from PerMonth: %v", months)
	}
	slices.SortStableFunc(earned, func(a, b HuntItem) int {
		ra, rb := rateHundredths(a.Trophy.Status), rateHundredths(b.Trophy.Status)
		if ra != rb {
			return int(ra) - int(rb)
		}
		return a.Trophy.Status.EarnedDateTime.Compare(b.Trophy.Status.EarnedDateTime)
	})
	for i, it := range st.Rarest {
		if rateHundredths(it.Trophy.Status) != rateHundredths(earned[i].Trophy.Status) {
			t.Errorf("rarest %d: %s at %s, want %s", i, it.Trophy.TrophyName, it.Trophy.Status.TrophyEarnedRate, earned[i].Trophy.Status.TrophyEarnedRate)
		}
	}
	if len(st.Rarest) != 10 {
		t.Errorf("%d rarest", len(st.Rarest))
	}
	if n := len(s.srv.Requests()); n != 0 {
		t.Fatalf("recent, platinums and stats sent %d requests", n)
	}
}

// A trophy earned after the index was built reaches it through the cache writers' markers: only
// that title is read again, into a small new segment, and the markers are gone afterwards.
func TestTixFollowsTheCacheIncrementally(t *testing.T) {
	s := smallStack(t, stackOpts{})
	s.sync("me")
	key := s.lib.accountKey("me")
	before, _ := s.lib.Recent("me", 0, 1)
	m0 := manifestOf(t, s.lib, key)
	if len(m0.segs) != 1 {
		t.Fatalf("a full build wrote %d segments", len(m0.segs))
	}
	titles := s.cachedTitles("me")
	title := titles[len(titles)-3]
	id := unearnedTrophy(t, s, title)
	s.clock.Advance(time.Minute)
	if err := s.srv.EarnTrophy(psntest.DemoAccountID, title.NPCommunicationID, id, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got, err := s.lib.CheckNew(context.Background(), "me"); err != nil || len(got) != 1 {
		t.Fatalf("CheckNew: %v %v", got, err)
	}
	if markerCount(s.lib, key) == 0 {
		t.Fatal("the earned write left no marker")
	}
	s.srv.ResetLog()
	after, err := s.lib.Recent("me", 0, 1)
	if err != nil || len(after.Items) != 1 {
		t.Fatal(err)
	}
	if got := after.Items[0]; got.Title.NPCommunicationID != title.NPCommunicationID || got.Trophy.TrophyID != id ||
		got.Number != before.Total+1 || after.Total != before.Total+1 {
		t.Fatalf("the new trophy is not the most recent: %+v (before: %d)", got, before.Total)
	}
	m1 := manifestOf(t, s.lib, key)
	if len(m1.segs) != 2 || m1.segs[0].id != m0.segs[0].id || m1.segs[1].titles != 1 {
		t.Fatalf("segments after one title changed: %+v (before %+v)", m1.segs, m0.segs)
	}
	if markerCount(s.lib, key) != 0 {
		t.Fatalf("%d markers left", markerCount(s.lib, key))
	}
	if n := len(s.srv.Requests()); n != 0 {
		t.Fatalf("updating the index sent %d requests", n)
	}
	checkIndexMatchesRecords(t, s.lib)
	// The title moved to the top of the list: search's order follows without another read.
	res, _ := s.lib.Search("me", Query{}, SearchOptions{Limit: 1})
	if res.Items[0].Title.NPCommunicationID != title.NPCommunicationID {
		t.Fatalf("first title %s, want %s", res.Items[0].Title.NPCommunicationID, title.NPCommunicationID)
	}
}

// A renamed title (a new title list, the records unchanged) is found by its new name without its
// trophies being read again.
func TestTixFollowsTheTitleListWithoutReading(t *testing.T) {
	l := searchWorld(t)
	key := l.accountKey("me")
	if _, err := l.Search("me", Query{}, SearchOptions{}); err != nil {
		t.Fatal(err)
	}
	m0 := manifestOf(t, l, key)
	tl, _, _ := l.CachedTitles("me")
	titles := slices.Clone(tl.Titles)
	titles[0].TrophyTitleName = "Sackboy Renamed"
	titles[0], titles[2] = titles[2], titles[0]
	if err := l.saveTitles(key, &titlesRecord{Titles: titles}); err != nil {
		t.Fatal(err)
	}
	q, _ := ParseQuery("renamed")
	res, err := l.Search("me", q, SearchOptions{})
	if err != nil || len(res.Items) != 5 || res.Items[0].Title.TrophyTitleName != "Sackboy Renamed" {
		t.Fatalf("renamed: %v %v", names(res.Items), err)
	}
	all, _ := l.Search("me", Query{}, SearchOptions{Limit: 1})
	if all.Items[0].Title.NPCommunicationID != "NPWR00003_00" {
		t.Fatalf("the list's new order is not followed: %v", names(all.Items))
	}
	m1 := manifestOf(t, l, key)
	if !reflect.DeepEqual(m0.segs, m1.segs) {
		t.Fatalf("a rename rewrote segments: %+v → %+v", m0.segs, m1.segs)
	}
	r, _ := l.Recent("me", 0, 0)
	if r.Items[0].Title.TrophyTitleName != "Sackboy Renamed" {
		t.Fatalf("recent after the reorder: %v", r.Items[0])
	}
}

// Damage of every kind costs a rebuild with a note, never a wrong answer, a panic or a request.
func TestTixSurvivesDamage(t *testing.T) {
	damage := map[string]func(t *testing.T, dir string){
		"manifest flipped": func(t *testing.T, dir string) { flip(t, filepath.Join(dir, "manifest.bin"), 0.5) },
		"manifest cut":     func(t *testing.T, dir string) { cut(t, filepath.Join(dir, "manifest.bin")) },
		"manifest FIFO": func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "manifest.bin"))
			if err := syscall.Mkfifo(filepath.Join(dir, "manifest.bin"), 0o644); err != nil {
				t.Skip(err)
			}
		},
		"manifest a directory": func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "manifest.bin"))
			os.Mkdir(filepath.Join(dir, "manifest.bin"), 0o755)
		},
		"records flipped": func(t *testing.T, dir string) { flip(t, glob1(t, dir, "seg-*.fix"), 0.7) },
		"text flipped":    func(t *testing.T, dir string) { flip(t, glob1(t, dir, "seg-*.txt"), 0.3) },
		"blocks flipped":  func(t *testing.T, dir string) { flip(t, glob1(t, dir, "seg-*.raw"), 0.9) },
		"lists flipped":   func(t *testing.T, dir string) { flip(t, glob1(t, dir, "lists-*.bin"), 0.6) },
		"lists removed":   func(t *testing.T, dir string) { os.Remove(glob1(t, dir, "lists-*.bin")) },
		"segment removed": func(t *testing.T, dir string) { os.Remove(glob1(t, dir, "seg-*.txt")) },
		"segment swapped": func(t *testing.T, dir string) {
			os.Rename(glob1(t, dir, "seg-*.txt"), glob1(t, dir, "seg-*.fix"))
		},
		"index a file": func(t *testing.T, dir string) {
			os.RemoveAll(dir)
			os.WriteFile(dir, []byte("x"), 0o644)
		},
		"changes a file": func(t *testing.T, dir string) {
			os.RemoveAll(filepath.Join(dir, "changes"))
			os.WriteFile(filepath.Join(dir, "changes"), []byte("x"), 0o644)
			os.Remove(filepath.Join(dir, "manifest.bin"))
		},
		"manifest a full directory": func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "manifest.bin"))
			os.MkdirAll(filepath.Join(dir, "manifest.bin", "x"), 0o755)
		},
		"markers junk": func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "changes", "x-zz.1"), nil, 0o644)
			os.WriteFile(filepath.Join(dir, "changes", "."), nil, 0o644)
			os.Mkdir(filepath.Join(dir, "changes", "NPWR00001_00.dir"), 0o755)
		},
	}
	for name, hurt := range damage {
		t.Run(name, func(t *testing.T) {
			l := searchWorld(t)
			key := l.accountKey("me")
			q, _ := ParseQuery("a")
			want, err := l.Search("me", q, SearchOptions{Reveal: true})
			if err != nil {
				t.Fatal(err)
			}
			wantRecent, _ := l.Recent("me", 0, 0)
			l.Notes()
			hurt(t, l.tixDir(key))
			l2 := openTest(t, l.paths, Options{}) // another process
			got, err := l2.Search("me", q, SearchOptions{Reveal: true})
			if err != nil {
				t.Fatalf("search after damage: %v", err)
			}
			if !reflect.DeepEqual(names(got.Items), names(want.Items)) {
				t.Fatalf("after damage: %v, want %v", names(got.Items), names(want.Items))
			}
			r, err := l2.Recent("me", 0, 0)
			if err != nil || len(r.Items) != len(wantRecent.Items) {
				t.Fatalf("recent after damage: %d items, %v", len(r.Items), err)
			}
			if _, err := l2.Stats("me"); err != nil {
				t.Fatal(err)
			}
			if name != "markers junk" && name != "index a file" && name != "changes a file" {
				notes := strings.Join(l2.Notes(), "\n")
				if !strings.Contains(notes, "rebuilt") {
					t.Errorf("no note of the rebuild: %q", notes)
				}
			}
		})
	}
}

func glob1(t *testing.T, dir, pattern string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, pattern))
	if len(m) == 0 {
		t.Fatalf("no %s in %s", pattern, dir)
	}
	return m[0]
}

func flip(t *testing.T, path string, at float64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[int(float64(len(b)-1)*at)] ^= 0x5a
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func cut(t *testing.T, path string) {
	t.Helper()
	b, _ := os.ReadFile(path)
	os.WriteFile(path, b[:len(b)/2], 0o644)
}

// One unreadable title record is left out (the cache discards it with its own note); the rest of the
// library is searched.
func TestTixOneBadTitleRecord(t *testing.T) {
	l := searchWorld(t)
	if err := os.WriteFile(l.defsPath("NPWR00002_00"), []byte("PSNC garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := l.Search("me", Query{}, SearchOptions{})
	if err != nil || len(res.Items) != 7 || res.Coverage.Complete != 2 {
		t.Fatalf("%v, coverage %+v: %v", names(res.Items), res.Coverage, err)
	}
	if notes := strings.Join(l.Notes(), "\n"); !strings.Contains(notes, "NPWR00002_00") {
		t.Errorf("notes %q", notes)
	}
}

// Updates pile up segments; compaction keeps them few and the answers the same.
func TestTixCompacts(t *testing.T) {
	l := searchWorld(t)
	key := l.accountKey("me")
	want, _ := l.Search("me", Query{}, SearchOptions{Reveal: true})
	tl, _, _ := l.CachedTitles("me")
	for i := 0; i < 3*maxSegments; i++ {
		id := tl.Titles[i%3].NPCommunicationID
		l.markEarnedChanged(key, id)
		got, err := l.Search("me", Query{}, SearchOptions{Reveal: true})
		if err != nil || !reflect.DeepEqual(names(got.Items), names(want.Items)) {
			t.Fatalf("after %d updates: %v %v", i+1, names(got.Items), err)
		}
		m := manifestOf(t, l, key)
		if len(m.segs) > maxSegments {
			t.Fatalf("%d segments after %d updates", len(m.segs), i+1)
		}
		files := indexFiles(t, l, key)
		if len(files) != 2+1+3*len(m.segs) { // manifest, changes, lists, 3 per segment
			t.Fatalf("files left over: %v", files)
		}
	}
}

// Fills write titles while searches read, in several Libraries (as several processes would): every
// search answers from a whole index, and at the end the index says what the records say.
func TestTixConcurrentWritersAndReaders(t *testing.T) {
	l := searchWorld(t)
	key := l.accountKey("me")
	tl, _, _ := l.CachedTitles("me")
	want, _ := l.Search("me", Query{}, SearchOptions{Reveal: true})
	var writers, readers sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 16)
	for w := 0; w < 2; w++ {
		writers.Add(1)
		go func(seed uint64) {
			defer writers.Done()
			w := openTest(t, l.paths, Options{})
			r := rand.New(rand.NewPCG(seed, seed))
			for {
				select {
				case <-stop:
					return
				default:
				}
				title := tl.Titles[r.IntN(3)]
				// Rewrite an earned record as a fetch would: the same data, markers around it.
				e := w.loadEarned(key, title.NPCommunicationID)
				w.markEarnedChanged(key, title.NPCommunicationID)
				if err := w.writeRecord(w.earnedPath(key, title.NPCommunicationID), kindEarned, e); err != nil {
					errs <- err
					return
				}
				w.markEarnedChanged(key, title.NPCommunicationID)
			}
		}(uint64(w + 1))
	}
	for rdr := 0; rdr < 3; rdr++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			r := openTest(t, l.paths, Options{})
			for i := 0; i < 15; i++ {
				got, err := r.Search("me", Query{}, SearchOptions{Reveal: true})
				if err != nil {
					errs <- err
					return
				}
				if !reflect.DeepEqual(names(got.Items), names(want.Items)) {
					errs <- errors.New("a search saw " + strings.Join(names(got.Items), ", "))
					return
				}
				if _, err := r.Stats("me"); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	readers.Wait()
	close(stop)
	writers.Wait()
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	got, err := l.Search("me", Query{}, SearchOptions{Reveal: true})
	if err != nil || !reflect.DeepEqual(names(got.Items), names(want.Items)) || markerCount(l, key) != 0 {
		t.Fatalf("at rest: %v %v, %d markers", names(got.Items), err, markerCount(l, key))
	}
}

// Coverage from a current index says what the files say: the same counts, the same changed titles.
func TestTixCoverageAgreesWithTheFiles(t *testing.T) {
	s := smallStack(t, stackOpts{})
	s.sync("me")
	key := s.lib.accountKey("me")
	titles := s.cachedTitles("me")
	title := titleWithTrophyLeft(t, titles, 7)
	id := unearnedTrophy(t, s, title)
	s.clock.Advance(time.Hour)
	if err := s.srv.EarnTrophy(psntest.DemoAccountID, title.NPCommunicationID, id, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.lib.RefreshAllTitles(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.lib.Search("me", Query{}, SearchOptions{}); err != nil { // the index follows the new list
		t.Fatal(err)
	}
	tl, _, _ := s.lib.CachedTitles("me")
	fast, ok := s.lib.indexCoverage(key, tl)
	if !ok {
		t.Fatal("a current index did not answer")
	}
	m := tixManifestPath(s.lib.tixDir(key))
	os.Rename(m, m+".away")
	slow, err := s.lib.Coverage("me")
	os.Rename(m+".away", m)
	if err != nil {
		t.Fatal(err)
	}
	changed := func(c Coverage) (ids []string) {
		for _, t := range c.Changed {
			ids = append(ids, t.NPCommunicationID)
		}
		return ids
	}
	if fast.Titles != slow.Titles || fast.Complete != slow.Complete || fast.GroupNamesLeft != slow.GroupNamesLeft ||
		!reflect.DeepEqual(changed(fast), changed(slow)) || !fast.ListFetchedAt.Equal(slow.ListFetchedAt) {
		t.Fatalf("index %+v\nfiles %+v", fast, slow)
	}
	if got := changed(fast); len(got) != 1 || got[0] != title.NPCommunicationID {
		t.Fatalf("changed: %v, want %s", got, title.NPCommunicationID)
	}
	if c, err := s.lib.Coverage("me"); err != nil || c.Complete != fast.Complete || len(c.Changed) != 1 {
		t.Fatalf("Coverage: %+v %v", c, err)
	}
	// Behind the list (a marker waits), the index does not answer.
	s.lib.markEarnedChanged(key, title.NPCommunicationID)
	if _, ok := s.lib.indexCoverage(key, tl); ok {
		t.Fatal("an index with a marker waiting answered")
	}
}

// A Library checksums an index section once, and again when the file changed: a search after the
// text was damaged (another modification time) notices it, rebuilds and answers as before.
func TestSearchChecksAChangedSectionAgain(t *testing.T) {
	l := searchWorld(t)
	q, _ := ParseQuery("a")
	want, err := l.Search("me", q, SearchOptions{Reveal: true})
	if err != nil {
		t.Fatal(err)
	}
	again, err := l.Search("me", q, SearchOptions{Reveal: true}) // the sections already checked
	if err != nil || !reflect.DeepEqual(names(again.Items), names(want.Items)) || again.Total != want.Total {
		t.Fatalf("second search: %v, %v", names(again.Items), err)
	}
	l.Notes()
	txt := glob1(t, l.tixDir(l.accountKey("me")), "seg-*.txt")
	flip(t, txt, 0.3)
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(txt, later, later); err != nil {
		t.Fatal(err)
	}
	got, err := l.Search("me", q, SearchOptions{Reveal: true})
	if err != nil || !reflect.DeepEqual(names(got.Items), names(want.Items)) || got.Total != want.Total {
		t.Fatalf("after damage: %v (%d), want %v (%d), %v", names(got.Items), got.Total, names(want.Items), want.Total, err)
	}
	if notes := strings.Join(l.Notes(), "\n"); !strings.Contains(notes, "rebuilt") {
		t.Errorf("no note of the rebuild: %q", notes)
	}
}

// The lists are read a piece at a time and checked at their end, once per Library: damage found
// there by a Library that checked them before (the file changed since) costs a rebuild, never a
// wrong answer.
func TestListsCheckedAgainWhenChanged(t *testing.T) {
	l := searchWorld(t)
	want, err := l.Recent("me", 0, 0)
	if err != nil || len(want.Items) == 0 {
		t.Fatal(err)
	}
	wantStats, err := l.Stats("me")
	if err != nil {
		t.Fatal(err)
	}
	l.Notes()
	lists := glob1(t, l.tixDir(l.accountKey("me")), "lists-*.bin")
	flip(t, lists, 0.6)
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(lists, later, later); err != nil {
		t.Fatal(err)
	}
	got, err := l.Recent("me", 0, 0)
	if err != nil || !reflect.DeepEqual(names(recentItems(got)), names(recentItems(want))) || got.Total != want.Total {
		t.Fatalf("recent after damage: %d items (%v), want %d", len(got.Items), err, len(want.Items))
	}
	if notes := strings.Join(l.Notes(), "\n"); !strings.Contains(notes, "rebuilt") {
		t.Errorf("no note of the rebuild: %q", notes)
	}
	st, err := l.Stats("me")
	if err != nil || st.Undated != wantStats.Undated || !reflect.DeepEqual(st.ByRarity, wantStats.ByRarity) || len(st.Rarest) != len(wantStats.Rarest) {
		t.Fatalf("stats after the rebuild: %+v, %v", st, err)
	}
}

func recentItems(r RecentResult) []HuntItem {
	out := make([]HuntItem, len(r.Items))
	for i, it := range r.Items {
		out[i] = it.HuntItem
	}
	return out
}
