package store

import "os"

// indexCoverage answers Coverage from the trophy index when the index is current for the cached
// title list tl (the same file, no marker waiting): the manifest knows which titles are complete
// and which records the list shows changed, so 20,000 titles cost one file read instead of two
// stats each. ok is false when the index cannot say (missing, behind, damaged): Coverage then
// counts as it always did. It never updates the index.
func (l *Library) indexCoverage(key string, tl TitleList) (c Coverage, ok bool) {
	st, err := os.Stat(l.titlesPath(key))
	if err != nil {
		return Coverage{}, false
	}
	dir := l.tixDir(key)
	m, err := readManifest(dir)
	if err != nil || m == nil || m.listMod != st.ModTime().UnixNano() || m.listSize != st.Size() ||
		len(m.slots) != len(tl.Titles) || hasMarkers(dir) {
		return Coverage{}, false
	}
	c = Coverage{Titles: len(tl.Titles), ListFetchedAt: tl.FetchedAt}
	for i := range m.slots {
		s := &m.slots[i]
		if s.id != tl.Titles[i].NPCommunicationID {
			return Coverage{}, false
		}
		if s.has(slotComplete) {
			c.Complete++
			if s.has(slotGroupsLeft) {
				c.GroupNamesLeft++
			}
			continue
		}
		rv, err := decRecVals(s.rec)
		if err != nil {
			return Coverage{}, false
		}
		if rv.hasDefs && rv.hasEarned {
			c.Changed = append(c.Changed, tl.Titles[i])
		}
	}
	return c, true
}
