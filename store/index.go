package store

import (
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// syncIndex remembers, per account and language, which title files were current for which title
// list values, with their modification time and size. Sync uses it to check 20,000 titles with one
// stat per file instead of decoding every file. It is only a hint: an entry counts only when the
// title list values match AND both files still have the recorded time and size; anything else falls
// back to reading the files. Losing it (a killed process, a corrupt file) costs time, never requests.
type syncIndex struct {
	Entries map[string]indexEntry
}

type indexEntry struct {
	SetVersion  string
	Defined     psnapi.TrophyCounts
	LastUpdated time.Time
	DefsMod     int64
	DefsSize    int64
	EarnedMod   int64
	EarnedSize  int64
}

func (l *Library) indexPath(key string) string {
	return filepath.Join(l.accountDir(key), "index-"+langName(l.lang)+".bin")
}

// titleIndex is the in-memory index of one sync.
type titleIndex struct {
	l     *Library
	key   string
	mu    sync.Mutex
	idx   syncIndex
	dirty bool
}

func (l *Library) openIndex(key string) *titleIndex {
	ti := &titleIndex{l: l, key: key}
	if found, _ := l.readRecord(l.indexPath(key), kindIndex, &ti.idx); !found || ti.idx.Entries == nil {
		ti.idx.Entries = map[string]indexEntry{}
	}
	return ti
}

func statOf(path string) (mod, size int64, ok bool) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, 0, false
	}
	return st.ModTime().UnixNano(), st.Size(), true
}

// current reports whether the index proves both files of t current without reading them.
func (ti *titleIndex) current(t psnapi.TrophyTitle) bool {
	ti.mu.Lock()
	e, ok := ti.idx.Entries[t.NPCommunicationID]
	ti.mu.Unlock()
	if !ok || e.SetVersion != t.TrophySetVersion || e.Defined != t.DefinedTrophies || !e.LastUpdated.Equal(t.LastUpdatedDateTime) {
		return false
	}
	dm, ds, ok1 := statOf(ti.l.defsPath(t.NPCommunicationID))
	em, es, ok2 := statOf(ti.l.earnedPath(ti.key, t.NPCommunicationID))
	return ok1 && ok2 && dm == e.DefsMod && ds == e.DefsSize && em == e.EarnedMod && es == e.EarnedSize
}

// record notes that both files of t are current now.
func (ti *titleIndex) record(t psnapi.TrophyTitle) {
	dm, ds, ok1 := statOf(ti.l.defsPath(t.NPCommunicationID))
	em, es, ok2 := statOf(ti.l.earnedPath(ti.key, t.NPCommunicationID))
	if !ok1 || !ok2 {
		return
	}
	ti.mu.Lock()
	ti.idx.Entries[t.NPCommunicationID] = indexEntry{SetVersion: t.TrophySetVersion, Defined: t.DefinedTrophies,
		LastUpdated: t.LastUpdatedDateTime, DefsMod: dm, DefsSize: ds, EarnedMod: em, EarnedSize: es}
	ti.dirty = true
	ti.mu.Unlock()
}

// save writes the index when it changed, keeping only titles of the list.
func (ti *titleIndex) save(titles []psnapi.TrophyTitle) {
	ti.mu.Lock()
	defer ti.mu.Unlock()
	if !ti.dirty && len(ti.idx.Entries) <= len(titles) {
		return
	}
	keep := make(map[string]indexEntry, len(titles))
	for _, t := range titles {
		if e, ok := ti.idx.Entries[t.NPCommunicationID]; ok {
			keep[t.NPCommunicationID] = e
		}
	}
	ti.idx.Entries = keep
	if err := ti.l.writeRecord(ti.l.indexPath(ti.key), kindIndex, ti.idx); err != nil {
		ti.l.note("saving the sync index: %v", err)
	}
	ti.dirty = false
}
