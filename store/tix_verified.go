package store

// A scan checks every section it reads against its checksum. An index file is never rewritten in
// place (an update writes new files under new ids), so a Library checks each section once and
// remembers it, by the file's path, size, time and the section's place and checksum: a later search
// of the same index reads its text without checksumming it again, and a file replaced or changed
// (another size or time) is checked again. Another Library (another process) checks for itself.

type sectionKey struct {
	path     string
	size     int64
	mod      int64
	off, len uint64
	crc      uint32
}

// sectionKeyOf names section i of f as it is now; false when the file cannot be stat'ed.
func sectionKeyOf(f *tixFile, i int) (sectionKey, bool) {
	st, err := f.f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return sectionKey{}, false
	}
	s := f.secs[i]
	return sectionKey{path: f.f.Name(), size: st.Size(), mod: st.ModTime().UnixNano(), off: s.off, len: s.len, crc: s.crc}, true
}

// checked reports whether this Library has already checked section 0 of f.
func (l *Library) checked(f *tixFile) bool { return l.checkedSection(f, 0) }

// markChecked remembers that section 0 of f matched its checksum.
func (l *Library) markChecked(f *tixFile) { l.markCheckedSection(f, 0) }

// checkedSection reports whether this Library has already checked section i of f.
func (l *Library) checkedSection(f *tixFile, i int) bool {
	k, ok := sectionKeyOf(f, i)
	if !ok {
		return false
	}
	_, ok = l.verified.Load(k)
	return ok
}

// markCheckedSection remembers that section i of f matched its checksum.
func (l *Library) markCheckedSection(f *tixFile, i int) {
	if k, ok := sectionKeyOf(f, i); ok {
		l.verified.Store(k, struct{}{})
	}
}
