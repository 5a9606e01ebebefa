package store

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
)

// segWriter streams one segment's three files.
type segWriter struct {
	dir           string
	id            uint64
	fix, txt, raw *tixWriter
	seg           tixSeg
}

func newSegWriter(dir string) (*segWriter, error) {
	w := &segWriter{dir: dir, id: rand.Uint64() | 1}
	w.seg.id = w.id
	var err error
	if w.fix, err = newTixWriter(tixSegPath(dir, w.id, "fix"), tixKindFix, w.id, 1); err != nil {
		return nil, err
	}
	if w.txt, err = newTixWriter(tixSegPath(dir, w.id, "txt"), tixKindTxt, w.id, 1); err != nil {
		w.fix.abort()
		return nil, err
	}
	if w.raw, err = newTixWriter(tixSegPath(dir, w.id, "raw"), tixKindRaw, w.id, 1); err != nil {
		w.fix.abort()
		w.txt.abort()
		return nil, err
	}
	return w, nil
}

// add appends a title: fix holds its records, whose text offsets count from txtBase (where txt[0]
// was in the title's source: 0 for a freshly encoded title, its old offset when copied from another
// segment). It fills in where the title now lives in s.
func (w *segWriter) add(fix, txt []byte, txtBase uint32, raw []byte, s *tslot) error {
	start := w.txt.offset()
	if start+uint64(len(txt)) > math.MaxUint32 {
		return fmt.Errorf("store: the trophy index segment is full (%d bytes of text)", start)
	}
	local := w.seg.titles
	le := binary.LittleEndian
	for i := 0; i+fixSize <= len(fix); i += fixSize {
		r := fix[i : i+fixSize]
		le.PutUint32(r, local)
		le.PutUint32(r[4:], le.Uint32(r[4:])-txtBase+uint32(start))
	}
	s.local, s.fixStart, s.count = local, uint32(w.seg.recs), uint32(len(fix)/fixSize)
	s.rawOff, s.rawLen = w.raw.offset(), uint32(len(raw))
	if w.seg.recs+uint64(s.count) > math.MaxUint32 {
		return fmt.Errorf("store: the trophy index segment is full (%d trophies)", w.seg.recs)
	}
	w.fix.Write(fix)
	w.txt.Write(txt)
	w.raw.Write(raw)
	w.seg.titles++
	w.seg.recs += uint64(s.count)
	return nil
}

func (w *segWriter) commit() (tixSeg, error) {
	for _, f := range []*tixWriter{w.fix, w.txt, w.raw} {
		f.endSection()
	}
	for i, f := range []*tixWriter{w.fix, w.txt, w.raw} {
		if err := f.commit(); err != nil {
			for _, g := range []*tixWriter{w.fix, w.txt, w.raw}[i+1:] {
				g.abort()
			}
			return tixSeg{}, err
		}
	}
	return w.seg, nil
}

func (w *segWriter) abort() {
	for _, f := range []*tixWriter{w.fix, w.txt, w.raw} {
		f.abort()
	}
}

// segReader reads one segment's files.
type segReader struct {
	seg           tixSeg
	fix, txt, raw *tixFile
}

func openSeg(dir string, seg tixSeg) (*segReader, error) {
	r := &segReader{seg: seg}
	var err error
	if r.fix, err = openTixFile(tixSegPath(dir, seg.id, "fix"), tixKindFix, seg.id, 1); err != nil {
		return nil, err
	}
	if r.fix.secs[0].len != seg.recs*fixSize {
		r.Close()
		return nil, fmt.Errorf("%w: segment %016x holds %d bytes of records for %d trophies", errTixCorrupt, seg.id, r.fix.secs[0].len, seg.recs)
	}
	if r.txt, err = openTixFile(tixSegPath(dir, seg.id, "txt"), tixKindTxt, seg.id, 1); err != nil {
		r.Close()
		return nil, err
	}
	if r.raw, err = openTixFile(tixSegPath(dir, seg.id, "raw"), tixKindRaw, seg.id, 1); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

func (r *segReader) Close() {
	for _, f := range []*tixFile{r.fix, r.txt, r.raw} {
		if f != nil {
			f.Close()
		}
	}
}

// records reads records [from, from+n) of the .fix file (not checksummed: scans check the whole
// section as they stream it; see scanSeg).
func (r *segReader) records(from, n uint32) ([]byte, error) {
	b := make([]byte, int(n)*fixSize)
	if err := readFull(r.fix.f, b, int64(r.fix.secs[0].off)+int64(from)*fixSize); err != nil {
		return nil, fmt.Errorf("%w: %v", errTixCorrupt, err)
	}
	return b, nil
}

// text reads [off, off+n) of the .txt section.
func (r *segReader) text(off uint64, n int) ([]byte, error) {
	s := r.txt.secs[0]
	if off+uint64(n) > s.len {
		return nil, fmt.Errorf("%w: text outside its section", errTixCorrupt)
	}
	b := make([]byte, n)
	if err := readFull(r.txt.f, b, int64(s.off+off)); err != nil {
		return nil, fmt.Errorf("%w: %v", errTixCorrupt, err)
	}
	return b, nil
}

// block reads and checks a title's .raw block into buf (grown as needed, returned for reuse: the
// block's strings are copied out when its trophies are decoded).
func (r *segReader) block(off uint64, n uint32, buf []byte) (*rawBlock, []byte, error) {
	s := r.raw.secs[0]
	if off+uint64(n) > s.len {
		return nil, buf, fmt.Errorf("%w: a title's block lies outside its segment", errTixCorrupt)
	}
	if cap(buf) < int(n) {
		buf = make([]byte, n, max(int(n), 2*cap(buf)))
	}
	b := buf[:n]
	if err := readFull(r.raw.f, b, int64(s.off+off)); err != nil {
		return nil, buf, fmt.Errorf("%w: %v", errTixCorrupt, err)
	}
	rb, err := parseRawBlock(b)
	return rb, buf, err
}

// verify reads a whole section and compares its checksum (compaction copies only checked data).
func verifySection(f *tixFile) error {
	s := f.secs[0]
	h := crc32.New(castagnoli)
	if _, err := io.Copy(h, io.NewSectionReader(f.f, int64(s.off), int64(s.len))); err != nil {
		return fmt.Errorf("%w: %v", errTixCorrupt, err)
	}
	if h.Sum32() != s.crc {
		return fmt.Errorf("%w: section checksum mismatch", errTixCorrupt)
	}
	return nil
}
