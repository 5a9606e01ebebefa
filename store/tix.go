package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// The trophy index: every cached trophy of an account, in one compact, account-wide form, so that
// search, recent, platinums, stats and next to hunt answer in milliseconds from a 1,000,000-trophy
// cache without holding its trophies in memory. It is derived data: the per-title records stay the
// truth, the index is rebuilt from them whenever it is missing, damaged or behind (time, never a
// request), and deleting it loses nothing.
//
// One directory per account and language, beside the account's other files:
//
//	trophies-<lang>/manifest.bin      the head: which titles file it reflects, the segments, and per
//	                                  title (in title-list order, a "slot") its list entry, where its
//	                                  trophies are, its counts and first/last earned times
//	trophies-<lang>/lists-<id>.bin    every earned trophy sorted by earned time, and every unearned
//	                                  one sorted for next to hunt (small fixed records)
//	trophies-<lang>/seg-<id>.fix      per trophy a 32-byte record: grade, flags, rarity, earned time,
//	                                  progress, and where its search text is (scanned in place)
//	trophies-<lang>/seg-<id>.txt      per trophy its name and description folded by textfold
//	trophies-<lang>/seg-<id>.raw      per title one block with everything needed to rebuild its
//	                                  store.Trophy values (read only for the rows shown)
//	trophies-<lang>/changes/          markers "<npCommId>.<random>", one per write of a title's
//	                                  definitions, earned status or Game Help availability
//
// A segment holds the titles written by one update; a title rebuilt later lives in a newer segment
// and its old records are dead. When dead records outnumber live ones, or segments pile up, an update
// copies the live ones into one segment (no record is decoded again).
//
// Keeping it current: the cache writers (fetch.go, Game Help) leave a marker in every index the
// write concerns, before and after the write. An index is current when the titles file has the size
// and time the manifest recorded and no marker is waiting; otherwise the next reader updates it
// under a claim (one updater at a time, across processes): it rebuilds the marked and new titles
// from their records into a new segment, follows the title list's order, names and counts for the
// others without reading their records, writes the segment, the lists and the manifest (each
// atomically, the manifest last), and only then removes the markers it handled. Readers never wait
// for the claim when the index is current, and a reader whose files an update removed meanwhile
// simply reads the new manifest again.

// Slot flags.
const (
	slotData       uint8 = 1 << iota // the title's trophies are in the index (definitions and earned status cached)
	slotComplete                     // its definitions and earned status are current for its list entry
	slotGroupsLeft                   // complete, but its DLC group names are not fetched yet
)

// Platform bits of a slot.
const (
	platPS3 uint8 = 1 << iota
	platPS4
	platPS5
	platVita
	platPC
	platOther
)

func platformBits(t psnapi.TrophyTitle) uint8 {
	var b uint8
	for _, p := range t.Platforms() {
		switch p {
		case "PS3":
			b |= platPS3
		case "PS4":
			b |= platPS4
		case "PS5":
			b |= platPS5
		case "PSVITA":
			b |= platVita
		case "PSPC":
			b |= platPC
		default:
			b |= platOther
		}
	}
	return b
}

// tslot is one title of the index, in title-list order.
type tslot struct {
	id                     string // npCommunicationId
	seg                    int32  // index into tixManifest.segs; -1 when the title has no trophies here
	local, fixStart, count uint32
	rawOff                 uint64
	rawLen                 uint32
	flags                  uint8
	plat                   uint8
	progress               uint8
	earned, unearned       [4]uint32 // by grade: bronze, silver, gold, platinum
	first, last, platAt    int64     // unix ms of the first and last earned trophy and of the platinum; 0 none
	title                  []byte    // the list entry, encTitle
	folded                 []byte    // the title's name, folded
	rec                    []byte    // recVals of its records, for coverage when the list moves on
}

func (s *tslot) has(f uint8) bool { return s.flags&f != 0 }

// tixSeg is one segment: its files' id, titles and records written (live or dead).
type tixSeg struct {
	id     uint64
	titles uint32
	recs   uint64
}

// tixManifest is the decoded head of an index.
type tixManifest struct {
	listMod, listSize int64 // the titles file it reflects (modification time, size)
	listFetchedAt     time.Time
	listsID           uint64
	segs              []tixSeg
	slots             []tslot
	byID              map[string]int32 // built by index, for updates
	// titles are the list entries of the slots while an update builds the manifest (encode writes
	// them; a decoded manifest has them encoded in each slot's title instead).
	titles []psnapi.TrophyTitle
}

const slotFixedSize = 96

func (m *tixManifest) encode() [][]byte {
	var meta enc
	meta.varint(m.listMod)
	meta.varint(m.listSize)
	meta.time(m.listFetchedAt)
	meta.uvarint(m.listsID)
	segs := make([]byte, 0, len(m.segs)*20)
	for _, s := range m.segs {
		segs = binary.LittleEndian.AppendUint64(segs, s.id)
		segs = binary.LittleEndian.AppendUint32(segs, s.titles)
		segs = binary.LittleEndian.AppendUint64(segs, s.recs)
	}
	fixed := make([]byte, len(m.slots)*slotFixedSize)
	size := 0
	for i := range m.slots {
		s := &m.slots[i]
		size += len(s.id) + len(s.title) + len(s.folded) + len(s.rec) + 16
		if s.title == nil && i < len(m.titles) {
			t := &m.titles[i]
			size += len(t.NPServiceName) + len(t.NPCommunicationID) + len(t.TrophySetVersion) + len(t.TrophyTitleName) +
				len(t.TrophyTitleDetail) + len(t.TrophyTitleIconURL) + len(t.TrophyTitlePlatform) + 64
		}
	}
	v := enc{b: make([]byte, 0, size)}
	var scratch enc
	for i := range m.slots {
		s := &m.slots[i]
		b := fixed[i*slotFixedSize:]
		off := len(v.b)
		v.str(s.id)
		if s.title == nil && i < len(m.titles) {
			scratch.b = scratch.b[:0]
			encTitle(&scratch, m.titles[i])
			v.blob(scratch.b)
		} else {
			v.blob(s.title)
		}
		v.blob(s.folded)
		v.blob(s.rec)
		le := binary.LittleEndian
		le.PutUint32(b[0:], uint32(s.seg))
		le.PutUint32(b[4:], s.local)
		le.PutUint32(b[8:], s.fixStart)
		le.PutUint32(b[12:], s.count)
		le.PutUint64(b[16:], s.rawOff)
		le.PutUint32(b[24:], s.rawLen)
		le.PutUint32(b[28:], uint32(off))
		le.PutUint32(b[32:], uint32(len(v.b)-off))
		b[36], b[37], b[38] = s.flags, s.plat, s.progress
		for g := 0; g < 4; g++ {
			le.PutUint32(b[40+4*g:], s.earned[g])
			le.PutUint32(b[56+4*g:], s.unearned[g])
		}
		le.PutUint64(b[72:], uint64(s.first))
		le.PutUint64(b[80:], uint64(s.last))
		le.PutUint64(b[88:], uint64(s.platAt))
	}
	return [][]byte{meta.b, segs, fixed, v.b}
}

func decodeManifest(meta, segs, fixed, vars []byte) (*tixManifest, error) {
	bad := func(why string) (*tixManifest, error) {
		return nil, fmt.Errorf("%w: manifest: %s", errTixCorrupt, why)
	}
	m := &tixManifest{}
	d := dec{b: meta}
	m.listMod, m.listSize, m.listFetchedAt, m.listsID = d.varint(), d.varint(), d.time(), d.uvarint()
	if d.err != nil {
		return nil, d.err
	}
	if len(segs)%20 != 0 || len(fixed)%slotFixedSize != 0 {
		return bad("odd section size")
	}
	le := binary.LittleEndian
	m.segs = make([]tixSeg, len(segs)/20)
	for i := range m.segs {
		b := segs[i*20:]
		m.segs[i] = tixSeg{id: le.Uint64(b), titles: le.Uint32(b[8:]), recs: le.Uint64(b[12:])}
	}
	n := len(fixed) / slotFixedSize
	m.slots = make([]tslot, n)
	for i := range m.slots {
		b := fixed[i*slotFixedSize:]
		s := &m.slots[i]
		s.seg = int32(le.Uint32(b[0:]))
		s.local, s.fixStart, s.count = le.Uint32(b[4:]), le.Uint32(b[8:]), le.Uint32(b[12:])
		s.rawOff, s.rawLen = le.Uint64(b[16:]), le.Uint32(b[24:])
		off, ln := uint64(le.Uint32(b[28:])), uint64(le.Uint32(b[32:]))
		s.flags, s.plat, s.progress = b[36], b[37], b[38]
		for g := 0; g < 4; g++ {
			s.earned[g] = le.Uint32(b[40+4*g:])
			s.unearned[g] = le.Uint32(b[56+4*g:])
		}
		s.first, s.last, s.platAt = int64(le.Uint64(b[72:])), int64(le.Uint64(b[80:])), int64(le.Uint64(b[88:]))
		if off+ln > uint64(len(vars)) {
			return bad("a title lies outside the manifest")
		}
		if s.seg >= int32(len(m.segs)) || s.seg < -1 || s.has(slotData) != (s.seg >= 0) {
			return bad("a title names no segment")
		}
		if s.seg >= 0 {
			sg := m.segs[s.seg]
			if s.local >= sg.titles || uint64(s.fixStart)+uint64(s.count) > sg.recs {
				return bad("a title lies outside its segment")
			}
		}
		d := dec{b: vars[off : off+ln]}
		s.id = string(d.bytes())
		s.title, s.folded, s.rec = d.bytes(), d.bytes(), d.bytes()
		if d.err != nil {
			return nil, d.err
		}
	}
	return m, nil
}

// index builds byID (updates need it, reads do not), checking that no title appears twice.
func (m *tixManifest) index() error {
	m.byID = make(map[string]int32, len(m.slots))
	for i := range m.slots {
		if _, dup := m.byID[m.slots[i].id]; dup {
			return fmt.Errorf("%w: manifest: a title appears twice", errTixCorrupt)
		}
		m.byID[m.slots[i].id] = int32(i)
	}
	return nil
}

// encTitle writes every field of a title list entry (TestTixTitleCodecKeepsEveryField checks that
// none is forgotten when psnapi.TrophyTitle grows).
func encTitle(e *enc, t psnapi.TrophyTitle) {
	e.str(t.NPServiceName)
	e.str(t.NPCommunicationID)
	e.str(t.TrophySetVersion)
	e.str(t.TrophyTitleName)
	e.str(t.TrophyTitleDetail)
	e.str(t.TrophyTitleIconURL)
	e.str(t.TrophyTitlePlatform)
	e.boolean(t.HasTrophyGroups)
	e.varint(int64(t.TrophyGroupCount))
	e.counts(countsArray(t.DefinedTrophies))
	e.varint(int64(t.Progress))
	e.counts(countsArray(t.EarnedTrophies))
	e.boolean(t.HiddenFlag)
	e.time(t.LastUpdatedDateTime)
}

func decTitle(b []byte) (psnapi.TrophyTitle, error) {
	d := dec{b: b}
	var t psnapi.TrophyTitle
	t.NPServiceName = d.str()
	t.NPCommunicationID = d.str()
	t.TrophySetVersion = d.str()
	t.TrophyTitleName = d.str()
	t.TrophyTitleDetail = d.str()
	t.TrophyTitleIconURL = d.str()
	t.TrophyTitlePlatform = d.str()
	t.HasTrophyGroups = d.boolean()
	t.TrophyGroupCount = d.int()
	t.DefinedTrophies = countsOf(d.counts())
	t.Progress = d.int()
	t.EarnedTrophies = countsOf(d.counts())
	t.HiddenFlag = d.boolean()
	t.LastUpdatedDateTime = d.time()
	return t, d.err
}

func countsArray(c psnapi.TrophyCounts) [4]int { return [4]int{c.Bronze, c.Silver, c.Gold, c.Platinum} }
func countsOf(a [4]int) psnapi.TrophyCounts {
	return psnapi.TrophyCounts{Bronze: a[0], Silver: a[1], Gold: a[2], Platinum: a[3]}
}

// recVals are the values of a title's records that decide whether they are current for a list
// entry (defsCurrent, earnedCurrent, groupsPending), kept so that coverage follows the title list
// without reading the records again.
type recVals struct {
	hasDefs, hasEarned bool
	defs               defsRecord   // SetVersion, Defined, GroupsPending only
	earned             earnedRecord // LastUpdated, SetVersion, Defined only
}

func recValsOf(d *defsRecord, e *earnedRecord) recVals {
	var r recVals
	if d != nil {
		r.hasDefs = true
		r.defs = defsRecord{SetVersion: d.SetVersion, Defined: d.Defined, GroupsPending: d.GroupsPending}
	}
	if e != nil {
		r.hasEarned = true
		r.earned = earnedRecord{LastUpdated: e.LastUpdated, SetVersion: e.SetVersion, Defined: e.Defined}
	}
	return r
}

func (r recVals) encode() []byte {
	var e enc
	e.boolean(r.hasDefs)
	e.str(r.defs.SetVersion)
	e.counts(countsArray(r.defs.Defined))
	e.boolean(r.defs.GroupsPending)
	e.boolean(r.hasEarned)
	e.time(r.earned.LastUpdated)
	e.str(r.earned.SetVersion)
	e.counts(countsArray(r.earned.Defined))
	return e.b
}

func decRecVals(b []byte) (recVals, error) {
	d := dec{b: b}
	var r recVals
	r.hasDefs = d.boolean()
	r.defs.SetVersion = d.str()
	r.defs.Defined = countsOf(d.counts())
	r.defs.GroupsPending = d.boolean()
	r.hasEarned = d.boolean()
	r.earned.LastUpdated = d.time()
	r.earned.SetVersion = d.str()
	r.earned.Defined = countsOf(d.counts())
	return r, d.err
}

// coverageFlags says, like Coverage, whether the records are current for the list entry t.
func (r recVals) coverageFlags(t psnapi.TrophyTitle) uint8 {
	if !r.hasDefs || !r.hasEarned || !defsCurrent(&r.defs, t) || !earnedCurrent(&r.earned, t) {
		return 0
	}
	if groupsPending(&r.defs, t) {
		return slotComplete | slotGroupsLeft
	}
	return slotComplete
}

// Paths of an index.
func (l *Library) tixDir(key string) string {
	return filepath.Join(l.accountDir(key), "trophies-"+langName(l.lang))
}
func tixManifestPath(dir string) string { return filepath.Join(dir, "manifest.bin") }
func tixChangesDir(dir string) string   { return filepath.Join(dir, "changes") }
func tixListsPath(dir string, id uint64) string {
	return filepath.Join(dir, fmt.Sprintf("lists-%016x.bin", id))
}
func tixSegPath(dir string, id uint64, ext string) string {
	return filepath.Join(dir, fmt.Sprintf("seg-%016x.%s", id, ext))
}
func (l *Library) tixClaimPath(key string) string {
	return filepath.Join(l.claimsDir(), "t+"+safeName(l.accountKeyDir(key))+"+"+langName(l.lang))
}

func readManifest(dir string) (*tixManifest, error) {
	m, _, err := readManifestFile(dir)
	return m, err
}

// readManifestFile reads the manifest and says which file it was (an update replaces the file, so
// the same file is the same manifest).
func readManifestFile(dir string) (*tixManifest, os.FileInfo, error) {
	f, err := openTixFile(tixManifestPath(dir), tixKindManifest, 0, 4)
	if err != nil {
		if errors.Is(err, errTixGone) {
			return nil, nil, nil
		}
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.f.Stat()
	if err != nil {
		return nil, nil, err
	}
	var secs [4][]byte
	for i := range secs {
		if secs[i], err = f.section(i); err != nil {
			return nil, nil, err
		}
	}
	m, err := decodeManifest(secs[0], secs[1], secs[2], secs[3])
	return m, st, err
}

// tindex is an open, current index of one account: its manifest, read once per query.
type tindex struct {
	l       *Library
	dir     string
	m       *tixManifest
	readers []*segReader // opened on use, closed by close
}

// Coverage is the index's view of Library.Coverage: the same counts, without a stat per title.
func (ix *tindex) coverage() Coverage {
	c := Coverage{Titles: len(ix.m.slots), ListFetchedAt: ix.m.listFetchedAt}
	for i := range ix.m.slots {
		s := &ix.m.slots[i]
		if s.has(slotComplete) {
			c.Complete++
		}
		if s.has(slotGroupsLeft) {
			c.GroupNamesLeft++
		}
	}
	return c
}

// withIndex opens the account's index, bringing it up to date first when the cache moved on, and
// runs fn on it. When an update elsewhere removed a file fn needed, fn runs again on the new index;
// when a file is damaged, the index is discarded (with a note), rebuilt, and fn runs again. found is
// false when no title list is cached (nothing to index).
func (l *Library) withIndex(account string, fn func(ix *tindex) error) (found bool, err error) {
	key := l.accountKey(account)
	var gone *tixManifest // the manifest whose file was missing
	for attempt := 0; ; attempt++ {
		ix, err := l.openTrophyIndex(key)
		if err != nil || ix == nil {
			return false, err
		}
		err = fn(ix)
		if errors.Is(err, errTixGone) && gone != nil && sameFiles(gone, ix.m) {
			// Gone twice from the same manifest: no update removed it, the index is broken.
			err = fmt.Errorf("%w: %v", errTixCorrupt, err)
		}
		switch {
		case err == nil:
			return true, nil
		case attempt >= 3:
			return true, err
		case errors.Is(err, errTixGone):
			gone = ix.m
			continue
		case errors.Is(err, errTixCorrupt):
			l.discardIndex(ix.dir, err)
			continue
		}
		return true, err
	}
}

// sameFiles reports whether two manifests name the same files.
func sameFiles(a, b *tixManifest) bool {
	if a.listsID != b.listsID || len(a.segs) != len(b.segs) {
		return false
	}
	for i := range a.segs {
		if a.segs[i] != b.segs[i] {
			return false
		}
	}
	return true
}

// openTrophyIndex returns the account's index, current with the cache; nil when no title list is cached.
func (l *Library) openTrophyIndex(key string) (*tindex, error) {
	listPath := l.titlesPath(key)
	dir := l.tixDir(key)
	for attempt := 0; ; attempt++ {
		st, err := os.Stat(listPath)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		m, seen, err := readManifestFile(dir)
		if err != nil {
			if !errors.Is(err, errTixCorrupt) || attempt > 0 {
				return nil, err
			}
			l.discardIndex(dir, err)
			continue
		}
		if m != nil && m.listMod == st.ModTime().UnixNano() && m.listSize == st.Size() && !hasMarkers(dir) {
			return &tindex{l: l, dir: dir, m: m}, nil
		}
		m, err = l.updateTrophyIndex(key, dir, m, seen)
		if err != nil {
			if errors.Is(err, errTixCorrupt) && attempt == 0 {
				l.discardIndex(dir, err)
				continue
			}
			return nil, err
		}
		if m == nil {
			return nil, nil
		}
		return &tindex{l: l, dir: dir, m: m}, nil
	}
}

// discardIndex removes a damaged index (its markers stay irrelevant: a full rebuild reads every
// title) and leaves a note; the next open rebuilds it from the per-title records.
func (l *Library) discardIndex(dir string, why error) {
	rel, err := filepath.Rel(l.paths.Cache, dir)
	if err != nil {
		rel = dir
	}
	os.RemoveAll(tixManifestPath(dir))
	l.note("the trophy index %s was unreadable (%v) and is rebuilt from the cache", rel, why)
}

// claimIndex takes the claim on updating the account's index, waiting for another updater (a
// rebuild takes seconds at most, and never a request).
func (l *Library) claimIndex(key string) (func(), error) {
	return waitClaim(context.Background(), l.tixClaimPath(key))
}
