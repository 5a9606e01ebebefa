package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/textfold"
)

// Compaction: an update copies the live records of the small segments into one when there are more
// than maxSegments, and of every segment when dead records outnumber live ones.
const maxSegments = 8

var tixUpdateMu sync.Mutex

// bigRebuild is how many titles make a rebuild big (see buildMemoryLimit).
const (
	bigRebuild       = 2000
	buildMemoryLimit = 64 << 20
)

// ensureDir makes dir and its parents, replacing what is not a directory on the way within the
// index (a file where the index or its changes directory belongs is the cache's own to remove).
func ensureDir(dir string) error {
	err := os.MkdirAll(dir, 0o755)
	if err == nil {
		return nil
	}
	for _, d := range []string{filepath.Dir(dir), dir} {
		if st, lerr := os.Lstat(d); lerr == nil && !st.IsDir() {
			os.Remove(d)
		}
	}
	return os.MkdirAll(dir, 0o755)
}

// rebuildCount is how many titles of the list an update reads from their records.
func rebuildCount(old *tixManifest, changed map[string]bool, titles []psnapi.TrophyTitle) int {
	if old == nil {
		return len(titles)
	}
	n := 0
	for _, t := range titles {
		if _, ok := old.byID[t.NPCommunicationID]; !ok || changed[t.NPCommunicationID] {
			n++
		}
	}
	return n
}

// updateTrophyIndex brings the index in dir up to date with the account's cache, under the index claim.
// It returns the new manifest, or nil when no title list is cached. seen is the manifest the caller
// read from the file seenFile, used again when no other update replaced it meanwhile.
func (l *Library) updateTrophyIndex(key, dir string, seen *tixManifest, seenFile os.FileInfo) (*tixManifest, error) {
	// One updater at a time in this process (the claim orders processes, but polls).
	tixUpdateMu.Lock()
	defer tixUpdateMu.Unlock()
	release, err := l.claimIndex(key)
	if err != nil {
		return nil, err
	}
	defer release()

	// Another updater may have done the work while this one waited.
	listPath := l.titlesPath(key)
	st, err := os.Stat(listPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	old := seen
	if st, err := os.Stat(tixManifestPath(dir)); seen == nil || seenFile == nil || err != nil || !os.SameFile(st, seenFile) {
		if old, err = readManifest(dir); err != nil {
			return nil, err
		}
	}
	if old != nil {
		if err := old.index(); err != nil {
			return nil, err
		}
	}
	// From here on every write of a record of this account leaves a marker, so a record read below
	// is either the one written last, or one whose marker the next update finds.
	if err := ensureDir(tixChangesDir(dir)); err != nil {
		return nil, &CacheWriteError{Path: dir, Err: err}
	}
	markers, changed := listMarkers(dir)
	if old != nil && old.listMod == st.ModTime().UnixNano() && old.listSize == st.Size() && len(markers) == 0 {
		return old, nil
	}
	list, err := l.loadTitles(key)
	if err != nil || list == nil {
		return nil, err
	}
	// A big rebuild (the first after an upgrade, or of a deleted index) decodes every record once,
	// making garbage fast while about 30 MB stay live (titles, slots): a soft memory limit for its
	// duration keeps the collector ahead, so a million trophies build in under 100 MB of RSS even
	// when the CPU is busy elsewhere.
	if rebuildCount(old, changed, list.Titles) > bigRebuild {
		if prev := debug.SetMemoryLimit(-1); prev > buildMemoryLimit {
			debug.SetMemoryLimit(buildMemoryLimit)
			defer debug.SetMemoryLimit(prev)
		}
	}
	u := &tixUpdate{l: l, key: key, dir: dir, old: old, changed: changed}
	m, err := u.run(list.Titles)
	if err != nil {
		return nil, err
	}
	m.listMod, m.listSize, m.listFetchedAt = st.ModTime().UnixNano(), st.Size(), list.FetchedAt
	secs := m.encode()
	if err := writeTixFile(tixManifestPath(dir), tixKindManifest, 0, secs...); err != nil {
		u.abandon()
		return nil, &CacheWriteError{Path: tixManifestPath(dir), Err: err}
	}
	for _, name := range markers {
		os.Remove(filepath.Join(tixChangesDir(dir), name))
	}
	removeUnreferenced(dir, m)
	// The manifest as readers see it (its titles encoded).
	return decodeManifest(secs[0], secs[1], secs[2], secs[3])
}

// tixUpdate is one update of an index.
type tixUpdate struct {
	l       *Library
	key     string
	dir     string
	old     *tixManifest
	changed map[string]bool
	written []tixSeg // segments this update wrote (removed again if it fails)
	listsID uint64   // lists file this update wrote
}

// abandon removes what a failed update wrote.
func (u *tixUpdate) abandon() {
	for _, s := range u.written {
		for _, ext := range []string{"fix", "txt", "raw"} {
			os.Remove(tixSegPath(u.dir, s.id, ext))
		}
	}
	if u.listsID != 0 {
		os.Remove(tixListsPath(u.dir, u.listsID))
	}
}

// built is a title read from its records and encoded.
type built struct {
	et  *encodedTitle
	rv  recVals
	err error
}

func (u *tixUpdate) run(titles []psnapi.TrophyTitle) (m *tixManifest, err error) {
	defer func() {
		if err != nil {
			u.abandon()
		}
	}()
	old := u.old
	if old == nil {
		old = &tixManifest{byID: map[string]int32{}}
	}
	m = &tixManifest{byID: make(map[string]int32, len(titles)), slots: make([]tslot, 0, len(titles)),
		titles: make([]psnapi.TrophyTitle, 0, len(titles))}
	oldToNew := make([]int32, len(old.slots))
	for i := range oldToNew {
		oldToNew[i] = -1
	}
	f := textfold.New()
	var rebuild []int // slots to read from their records
	for _, t := range titles {
		id := t.NPCommunicationID
		if _, dup := m.byID[id]; dup {
			continue // the list names a title twice: its first entry counts
		}
		i := int32(len(m.slots))
		m.byID[id] = i
		s := tslot{id: id, seg: -1}
		if o, ok := old.byID[id]; ok && !u.changed[id] {
			s = old.slots[o]
			oldToNew[o] = i
			rv, err := decRecVals(s.rec)
			if err != nil {
				return nil, err
			}
			s.flags = s.flags&slotData | rv.coverageFlags(t)
		} else {
			rebuild = append(rebuild, int(i))
		}
		s.title = nil // encoded with the manifest, from m.titles
		m.titles = append(m.titles, t)
		s.folded = []byte(f.Fold(t.TrophyTitleName))
		s.plat = platformBits(t)
		s.progress = uint8(min(max(t.Progress, 0), 100))
		m.slots = append(m.slots, s)
	}
	titleOf := func(i int) psnapi.TrophyTitle { return m.titles[i] }

	// Segments the kept titles live in, renumbered.
	segMap := make([]int32, len(old.segs))
	for i := range segMap {
		segMap[i] = -1
	}
	for i := range m.slots {
		s := &m.slots[i]
		if s.seg < 0 {
			continue
		}
		if segMap[s.seg] < 0 {
			segMap[s.seg] = int32(len(m.segs))
			m.segs = append(m.segs, old.segs[s.seg])
		}
		s.seg = segMap[s.seg]
	}

	// The titles to rebuild, read and encoded by a few workers a batch at a time (memory stays at a
	// batch of titles), appended to a new segment in list order.
	var (
		sw         *segWriter
		workers    = max(1, min(runtime.GOMAXPROCS(0), 4))
		batchSize  = 64
		folders    = make([]*textfold.Folder, workers)
		newSegSlot = int32(-1)
	)
	for i := range folders {
		folders[i] = textfold.New()
	}
	for from := 0; from < len(rebuild); from += batchSize {
		batch := rebuild[from:min(from+batchSize, len(rebuild))]
		out := make([]built, len(batch))
		var wg sync.WaitGroup
		next := make(chan int, len(batch))
		for j := range batch {
			next <- j
		}
		close(next)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(f *textfold.Folder) {
				defer wg.Done()
				for j := range next {
					out[j] = u.buildTitle(titleOf(batch[j]), f)
				}
			}(folders[w])
		}
		wg.Wait()
		for j, slot := range batch {
			b := out[j]
			if b.err != nil {
				return nil, b.err
			}
			s := &m.slots[slot]
			s.rec = b.rv.encode()
			s.flags = b.rv.coverageFlags(titleOf(slot))
			if b.et == nil {
				continue
			}
			if sw == nil {
				if sw, err = newSegWriter(u.dir); err != nil {
					return nil, &CacheWriteError{Path: u.dir, Err: err}
				}
				newSegSlot = int32(len(m.segs))
			}
			if err := sw.add(b.et.fix, b.et.txt, 0, b.et.raw, s); err != nil {
				return nil, err
			}
			s.seg, s.flags = newSegSlot, s.flags|slotData
			s.earned, s.unearned = b.et.sums.earned, b.et.sums.unearned
			s.first, s.last, s.platAt = b.et.sums.first, b.et.sums.last, b.et.sums.platAt
		}
	}
	for i := range m.slots {
		if s := &m.slots[i]; s.seg < 0 {
			s.flags &^= slotData
			s.count, s.earned, s.unearned, s.first, s.last, s.platAt = 0, [4]uint32{}, [4]uint32{}, 0, 0, 0
		}
	}
	var newEarned, newHunt []byte
	if sw != nil {
		seg, err := sw.commit()
		sw = nil
		if err != nil {
			return nil, &CacheWriteError{Path: u.dir, Err: err}
		}
		u.written = append(u.written, seg)
		m.segs = append(m.segs, seg)
		// The new titles' list entries come from the segment just written, now that the records'
		// garbage is gone: the lists never sit in memory beside a batch of decoded records.
		if newEarned, newHunt, err = u.entriesOf(m, newSegSlot); err != nil {
			return nil, err
		}
	}

	// The lists: the kept titles' entries (renumbered) merged with the rebuilt ones'.
	identity := len(rebuild) == 0 && len(m.slots) == len(old.slots)
	for i, n := range oldToNew {
		identity = identity && n == int32(i)
	}
	if identity && u.old != nil {
		m.listsID = u.old.listsID
	} else if err := u.writeLists(m, oldToNew, newEarned, newHunt); err != nil {
		return nil, err
	}
	if err := u.compact(m); err != nil {
		return nil, err
	}
	return m, nil
}

// entriesOf reads the list entries of segment si's live titles from its .fix records: earned ones
// and unearned ones, packed, in record order.
func (u *tixUpdate) entriesOf(m *tixManifest, si int32) (earned, hunt []byte, err error) {
	seg := m.segs[si]
	locals := make([]int32, seg.titles)
	for i := range locals {
		locals[i] = -1
	}
	for i := range m.slots {
		if s := &m.slots[i]; s.seg == si {
			locals[s.local] = int32(i)
		}
	}
	r, err := openSeg(u.dir, seg)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	each := func(fn func(slot, ord uint32, rec fixRec)) error {
		buf := make([]byte, scanChunk*fixSize)
		for done := uint64(0); done < seg.recs; {
			n := min(uint64(scanChunk), seg.recs-done)
			b := buf[:n*fixSize]
			if err := readFull(r.fix.f, b, int64(r.fix.secs[0].off+done*fixSize)); err != nil {
				return fmt.Errorf("%w: %v", errTixCorrupt, err)
			}
			for k := uint64(0); k < n; k++ {
				rec := fixRec(b[k*fixSize : (k+1)*fixSize])
				if rec.local() >= uint32(len(locals)) || locals[rec.local()] < 0 || rec.flags()&fixKnown == 0 {
					continue
				}
				slot := locals[rec.local()]
				fn(uint32(slot), uint32(done+k)-m.slots[slot].fixStart, rec)
			}
			done += n
		}
		return nil
	}
	var ne, nh int
	if err := each(func(_, _ uint32, rec fixRec) {
		if rec.flags()&fixEarned != 0 {
			ne++
		} else {
			nh++
		}
	}); err != nil {
		return nil, nil, err
	}
	earned, hunt = make([]byte, 0, ne*earnedEntrySize), make([]byte, 0, nh*huntEntrySize)
	err = each(func(slot, ord uint32, rec fixRec) {
		if rec.flags()&fixEarned != 0 {
			earned = appendEarned(earned, &earnedEntry{at: rec.at(), slot: slot, ord: ord, rate: rec.rate(), grade: rec.grade(), tier: rec.tier(), flags: rec.flags()})
		} else {
			hunt = appendHunt(hunt, &huntEntry{key: huntKey(rec.rate(), rec.progress(), rec.target()), rate: rec.rate(), slot: slot, ord: ord,
				grade: rec.grade(), tier: rec.tier(), flags: rec.flags()})
		}
	})
	return earned, hunt, err
}

// buildTitle reads a title's records (no request) and encodes its trophies; et is nil when its
// definitions or earned status are not cached.
func (u *tixUpdate) buildTitle(t psnapi.TrophyTitle, f *textfold.Folder) built {
	d := u.l.loadDefs(t.NPCommunicationID)
	e := u.l.loadEarned(u.key, t.NPCommunicationID)
	b := built{rv: recValsOf(d, e)}
	if d == nil || e == nil {
		return b
	}
	b.et, b.err = encodeTitle(t, d, merge(t, d, e), u.l.helpSet(t.NPCommunicationID), f)
	return b
}

// writeLists writes the new lists file: old entries of kept titles renumbered, merged with the new
// ones (packed, sorted here in place).
func (u *tixUpdate) writeLists(m *tixManifest, oldToNew []int32, newEarned, newHunt []byte) error {
	var oldEarned, oldHunt []byte
	if u.old != nil && u.old.listsID != 0 {
		lf, err := openTixFile(tixListsPath(u.dir, u.old.listsID), tixKindLists, u.old.listsID, 2)
		if err != nil {
			if errors.Is(err, errTixGone) {
				err = fmt.Errorf("%w: %v", errTixCorrupt, err) // under the claim, nobody removes it
			}
			return err
		}
		oldEarned, err = lf.section(0)
		if err == nil {
			oldHunt, err = lf.section(1)
		}
		lf.Close()
		if err != nil {
			return err
		}
		if len(oldEarned)%earnedEntrySize != 0 || len(oldHunt)%huntEntrySize != 0 {
			return fmt.Errorf("%w: lists of an odd size", errTixCorrupt)
		}
	}
	le := binary.LittleEndian
	ids := func(slot uint32) string { return m.slots[slot].id }
	// The lists' orders, on packed records (see earnedEntry and huntEntry for the offsets).
	earnedLess := func(a, b []byte) bool {
		if x, y := int64(le.Uint64(a)), int64(le.Uint64(b)); x != y {
			return x < y
		}
		if x, y := ids(le.Uint32(a[8:])), ids(le.Uint32(b[8:])); x != y {
			return x < y
		}
		return le.Uint32(a[12:]) < le.Uint32(b[12:])
	}
	huntLess := func(a, b []byte) bool {
		if x, y := le.Uint16(a), le.Uint16(b); x != y {
			return x > y
		}
		if x, y := huntRate(le.Uint16(a[2:])), huntRate(le.Uint16(b[2:])); x != y {
			return x > y
		}
		if x, y := ids(le.Uint32(a[4:])), ids(le.Uint32(b[4:])); x != y {
			return x < y
		}
		return le.Uint32(a[8:]) < le.Uint32(b[8:])
	}
	sort.Sort(&packedSort{b: newEarned, size: earnedEntrySize, tmp: make([]byte, earnedEntrySize), less: earnedLess})
	sort.Sort(&packedSort{b: newHunt, size: huntEntrySize, tmp: make([]byte, huntEntrySize), less: huntLess})
	earned := mergePacked(oldEarned, newEarned, earnedEntrySize, 8, oldToNew, earnedLess)
	hunt := mergePacked(oldHunt, newHunt, huntEntrySize, 4, oldToNew, huntLess)
	id := rand.Uint64() | 1
	if err := writeTixFile(tixListsPath(u.dir, id), tixKindLists, id, earned, hunt); err != nil {
		return &CacheWriteError{Path: u.dir, Err: err}
	}
	u.listsID, m.listsID = id, id
	return nil
}

// mergePacked merges the records of old whose titles are kept (renumbered by oldToNew; the slot is
// the u32 at slotAt) with the sorted records of fresh, all of size bytes, into one run sorted by less.
func mergePacked(old, fresh []byte, size, slotAt int, oldToNew []int32, less func(a, b []byte) bool) []byte {
	if len(old) == 0 {
		return fresh
	}
	out := make([]byte, 0, len(old)+len(fresh))
	rec := make([]byte, size)
	j := 0
	for i := 0; i+size <= len(old); i += size {
		slot := binary.LittleEndian.Uint32(old[i+slotAt:])
		if int(slot) >= len(oldToNew) || oldToNew[slot] < 0 {
			continue
		}
		copy(rec, old[i:i+size])
		binary.LittleEndian.PutUint32(rec[slotAt:], uint32(oldToNew[slot]))
		for j+size <= len(fresh) && less(fresh[j:j+size], rec) {
			out = append(out, fresh[j:j+size]...)
			j += size
		}
		out = append(out, rec...)
	}
	return append(out, fresh[j:]...)
}

// packedSort sorts fixed-size records packed in one byte slice.
type packedSort struct {
	b    []byte
	size int
	tmp  []byte
	less func(a, b []byte) bool
}

func (p *packedSort) Len() int { return len(p.b) / p.size }
func (p *packedSort) Less(i, j int) bool {
	return p.less(p.b[i*p.size:(i+1)*p.size], p.b[j*p.size:(j+1)*p.size])
}
func (p *packedSort) Swap(i, j int) {
	a, b := p.b[i*p.size:(i+1)*p.size], p.b[j*p.size:(j+1)*p.size]
	copy(p.tmp, a)
	copy(a, b)
	copy(b, p.tmp)
}

// huntRate is the rate next to hunt orders by: unknown counts as 0%, as EarnedRate says.
func huntRate(r uint16) uint16 {
	if r == rateUnknown {
		return 0
	}
	return r
}

func appendEarned(b []byte, e *earnedEntry) []byte {
	b = append(b, make([]byte, earnedEntrySize)...)
	e.put(b[len(b)-earnedEntrySize:])
	return b
}

func appendHunt(b []byte, h *huntEntry) []byte {
	b = append(b, make([]byte, huntEntrySize)...)
	h.put(b[len(b)-huntEntrySize:])
	return b
}

// compact copies the live records of some segments into one (see maxSegments), checking every byte
// it copies, so that dead records and small segments do not pile up.
func (u *tixUpdate) compact(m *tixManifest) error {
	live := make([]uint64, len(m.segs))
	for i := range m.slots {
		if s := &m.slots[i]; s.seg >= 0 {
			live[s.seg] += uint64(s.count)
		}
	}
	var total, liveAll uint64
	for i, s := range m.segs {
		total += s.recs
		liveAll += live[i]
	}
	merge := make([]bool, len(m.segs))
	switch {
	case len(m.segs) > 1 && liveAll*2 < total:
		for i := range merge {
			merge[i] = true
		}
	case len(m.segs) > maxSegments:
		// Keep the largest segment unless the others together outgrow it.
		big := 0
		for i := range live {
			if live[i] > live[big] {
				big = i
			}
		}
		for i := range merge {
			merge[i] = i != big || liveAll-live[big] >= live[big]
		}
	default:
		if len(m.segs) == 1 && liveAll*2 < total {
			merge[0] = true
			break
		}
		return nil
	}
	readers := make([]*segReader, len(m.segs))
	defer func() {
		for _, r := range readers {
			if r != nil {
				r.Close()
			}
		}
	}()
	for i, s := range m.segs {
		if !merge[i] {
			continue
		}
		r, err := openSeg(u.dir, s)
		if err != nil {
			if errors.Is(err, errTixGone) {
				err = fmt.Errorf("%w: %v", errTixCorrupt, err)
			}
			return err
		}
		readers[i] = r
		if err := verifySection(r.fix); err != nil {
			return err
		}
		if err := verifySection(r.txt); err != nil {
			return err
		}
	}
	sw, err := newSegWriter(u.dir)
	if err != nil {
		return &CacheWriteError{Path: u.dir, Err: err}
	}
	newIdx := int32(len(m.segs))
	for i := range m.slots {
		s := &m.slots[i]
		if s.seg < 0 || !merge[s.seg] {
			continue
		}
		r := readers[s.seg]
		fix, err := r.records(s.fixStart, s.count)
		if err != nil {
			sw.abort()
			return err
		}
		var txt []byte
		base := uint32(0)
		if s.count > 0 {
			first, last := fixRec(fix), fixRec(fix[len(fix)-fixSize:])
			base = first.txtOff()
			end := uint64(last.txtOff()) + uint64(last.txtLen()) + 1
			if end < uint64(base) {
				sw.abort()
				return fmt.Errorf("%w: a title's text runs backwards", errTixCorrupt)
			}
			if txt, err = r.text(uint64(base), int(end-uint64(base))); err != nil {
				sw.abort()
				return err
			}
		}
		raw := make([]byte, s.rawLen)
		if err := readFull(r.raw.f, raw, int64(r.raw.secs[0].off+s.rawOff)); err != nil || s.rawOff+uint64(s.rawLen) > r.raw.secs[0].len {
			sw.abort()
			return fmt.Errorf("%w: a title's block lies outside its segment", errTixCorrupt)
		}
		if _, err := parseRawBlock(raw); err != nil {
			sw.abort()
			return err
		}
		if err := sw.add(fix, txt, base, raw, s); err != nil {
			sw.abort()
			return err
		}
		s.seg = newIdx
	}
	seg, err := sw.commit()
	if err != nil {
		return &CacheWriteError{Path: u.dir, Err: err}
	}
	u.written = append(u.written, seg)
	// Drop the merged segments and renumber the rest.
	var segs []tixSeg
	renum := make([]int32, len(m.segs)+1)
	for i, s := range m.segs {
		renum[i] = -1
		if !merge[i] {
			renum[i] = int32(len(segs))
			segs = append(segs, s)
		}
	}
	renum[newIdx] = int32(len(segs))
	segs = append(segs, seg)
	for i := range m.slots {
		if s := &m.slots[i]; s.seg >= 0 {
			s.seg = renum[s.seg]
		}
	}
	m.segs = segs
	return nil
}

// removeUnreferenced removes the index files m does not name (replaced lists, merged segments,
// what a killed updater left). It runs under the claim, so no updater is writing; a reader still on
// an older manifest finds its files gone and reads the new one.
func removeUnreferenced(dir string, m *tixManifest) {
	keep := map[string]bool{"manifest.bin": true, "changes": true}
	if m.listsID != 0 {
		keep[filepath.Base(tixListsPath(dir, m.listsID))] = true
	}
	for _, s := range m.segs {
		for _, ext := range []string{"fix", "txt", "raw"} {
			keep[filepath.Base(tixSegPath(dir, s.id, ext))] = true
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !keep[e.Name()] {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// Markers. The cache writers leave one per write of a title's records in every index the write
// concerns (markTitleChanged); an update handles and removes them.

// listMarkers returns the names of the waiting markers and the titles they name.
func listMarkers(dir string) ([]string, map[string]bool) {
	f, err := os.Open(tixChangesDir(dir))
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	names, _ := f.Readdirnames(-1)
	changed := make(map[string]bool, len(names))
	for _, n := range names {
		if i := strings.LastIndexByte(n, '.'); i > 0 {
			if id, ok := unsafeName(n[:i]); ok {
				changed[id] = true
			}
		}
	}
	return names, changed
}

// hasMarkers reports whether a marker waits (one directory read of at most one name).
func hasMarkers(dir string) bool {
	f, err := os.Open(tixChangesDir(dir))
	if err != nil {
		return false
	}
	defer f.Close()
	names, _ := f.Readdirnames(1)
	return len(names) > 0
}

// markTitleChanged leaves a marker for npCommID in every index that glob matches (a pattern of
// index directories). A missing changes directory means no index to keep current there.
func markTitleChanged(pattern, npCommID string) {
	dirs, _ := filepath.Glob(pattern)
	for _, d := range dirs {
		ch := tixChangesDir(d)
		name := fmt.Sprintf("%s.%016x", safeName(npCommID), rand.Uint64())
		if f, err := os.OpenFile(filepath.Join(ch, name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644); err == nil {
			f.Close()
		}
	}
}

// The index patterns a write concerns: definitions (one language, every account), an account's
// earned status (every language), Game Help availability (every index).
func (l *Library) markDefsChanged(npCommID string) {
	markTitleChanged(filepath.Join(l.cacheRoot(), "accounts", "*", "trophies-"+langName(l.lang)), npCommID)
}

func (l *Library) markEarnedChanged(key, npCommID string) {
	markTitleChanged(filepath.Join(l.accountDir(key), "trophies-*"), npCommID)
}

func (l *Library) markHelpChanged(npCommID string) {
	markTitleChanged(filepath.Join(l.cacheRoot(), "accounts", "*", "trophies-*"), npCommID)
}

// unsafeName reverses safeName.
func unsafeName(s string) (string, bool) {
	if !strings.HasPrefix(s, "x-") {
		return s, s != ""
	}
	b := make([]byte, 0, (len(s)-2)/2)
	for i := 2; i+1 < len(s); i += 2 {
		hi, ok1 := unhex(s[i])
		lo, ok2 := unhex(s[i+1])
		if !ok1 || !ok2 {
			return "", false
		}
		b = append(b, hi<<4|lo)
	}
	return string(b), len(s)%2 == 0
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}
