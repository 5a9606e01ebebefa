package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// The trophy index's files (see tix.go for what they hold) share one container: a header naming the
// file (magic, format version, kind, an id that ties it to the manifest) and its sections, each with
// its offset, length and CRC-32C, then the sections. A reader checks the header's own checksum, the
// kind and the id, and each section's checksum as it reads it; any mismatch is errTixCorrupt and the
// whole index is rebuilt from the per-title records (time, never a request). The formats are plain
// little-endian arrays and length-prefixed strings rather than gob: a million trophies decode in a
// few milliseconds, and fixed-size records are read in place without decoding at all.

const (
	tixMagic   = "PSNX"
	tixVersion = 1
)

// Kinds of trophy index file.
const (
	tixKindManifest byte = iota + 1
	tixKindLists
	tixKindFix
	tixKindTxt
	tixKindRaw
)

var (
	// errTixCorrupt: a file of the index is damaged or not what the manifest says; rebuild.
	errTixCorrupt = errors.New("trophy index corrupt")
	// errTixGone: a file the manifest names was removed by another process's update; read again.
	errTixGone = errors.New("trophy index changed while it was read")
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func tixCRC(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

type tixSection struct {
	off, len uint64
	crc      uint32
}

// headerSize is the size of a header with n sections.
func tixHeaderSize(n int) int { return 4 + 2 + 1 + 1 + 8 + n*20 + 4 }

func encodeTixHeader(kind byte, id uint64, secs []tixSection) []byte {
	b := make([]byte, 0, tixHeaderSize(len(secs)))
	b = append(b, tixMagic...)
	b = binary.LittleEndian.AppendUint16(b, tixVersion)
	b = append(b, kind, byte(len(secs)))
	b = binary.LittleEndian.AppendUint64(b, id)
	for _, s := range secs {
		b = binary.LittleEndian.AppendUint64(b, s.off)
		b = binary.LittleEndian.AppendUint64(b, s.len)
		b = binary.LittleEndian.AppendUint32(b, s.crc)
	}
	return binary.LittleEndian.AppendUint32(b, tixCRC(b))
}

// tixFile is an open index file whose header was checked.
type tixFile struct {
	f    *os.File
	size int64
	secs []tixSection
}

// openTixFile opens an index file and checks its header: kind, id and section bounds. A missing
// file is errTixGone (an update removed it after the caller read the manifest), anything odd
// errTixCorrupt.
func openTixFile(path string, kind byte, id uint64, nsec int) (*tixFile, error) {
	f, err := openRegular(path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) { // ENOTDIR: a file where the index's directory belongs
		return nil, fmt.Errorf("%w: %s", errTixGone, filepath.Base(path))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", errTixCorrupt, filepath.Base(path), err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	hs := tixHeaderSize(nsec)
	h := make([]byte, hs)
	if _, err := f.ReadAt(h, 0); err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %s: short header", errTixCorrupt, filepath.Base(path))
	}
	bad := func(why string) (*tixFile, error) {
		f.Close()
		return nil, fmt.Errorf("%w: %s: %s", errTixCorrupt, filepath.Base(path), why)
	}
	switch {
	case string(h[:4]) != tixMagic:
		return bad("not a trophy index file")
	case binary.LittleEndian.Uint16(h[4:]) != tixVersion:
		return bad("another format version")
	case h[6] != kind || int(h[7]) != nsec:
		return bad("wrong kind of file")
	case binary.LittleEndian.Uint64(h[8:]) != id:
		return bad("it belongs to another index")
	case binary.LittleEndian.Uint32(h[hs-4:]) != tixCRC(h[:hs-4]):
		return bad("header checksum mismatch")
	}
	t := &tixFile{f: f, size: st.Size(), secs: make([]tixSection, nsec)}
	for i := range t.secs {
		p := h[16+i*20:]
		s := tixSection{off: binary.LittleEndian.Uint64(p), len: binary.LittleEndian.Uint64(p[8:]), crc: binary.LittleEndian.Uint32(p[16:])}
		if s.off < uint64(hs) || s.len > uint64(st.Size()) || s.off > uint64(st.Size())-s.len {
			return bad("a section lies outside the file")
		}
		t.secs[i] = s
	}
	return t, nil
}

func (t *tixFile) Close() error { return t.f.Close() }

// section reads section i whole and checks its checksum.
func (t *tixFile) section(i int) ([]byte, error) {
	s := t.secs[i]
	if s.len > maxRecordSize {
		return nil, fmt.Errorf("%w: a section of %d bytes", errTixCorrupt, s.len)
	}
	b := make([]byte, s.len)
	if _, err := t.f.ReadAt(b, int64(s.off)); err != nil {
		return nil, fmt.Errorf("%w: %v", errTixCorrupt, err)
	}
	if tixCRC(b) != s.crc {
		return nil, fmt.Errorf("%w: section checksum mismatch", errTixCorrupt)
	}
	return b, nil
}

// tixWriter streams one index file: a placeholder header, the sections one after the other, then
// the real header; commit makes it durable and renames it into place, so a reader sees the old file
// or the whole new one.
type tixWriter struct {
	path, tmp string
	f         *os.File
	w         *bufio.Writer
	kind      byte
	id        uint64
	secs      []tixSection
	cur       tixSection
	crc       uint32
	pos       uint64
	err       error
}

func newTixWriter(path string, kind byte, id uint64, nsec int) (*tixWriter, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	w := &tixWriter{path: path, tmp: f.Name(), f: f, w: bufio.NewWriterSize(f, 256<<10), kind: kind, id: id,
		secs: make([]tixSection, 0, nsec)}
	hs := tixHeaderSize(nsec)
	w.w.Write(make([]byte, hs))
	w.pos = uint64(hs)
	w.cur.off = w.pos
	return w, nil
}

func (w *tixWriter) Write(b []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.w.Write(b)
	w.crc = crc32.Update(w.crc, castagnoli, b[:n])
	w.pos += uint64(n)
	w.err = err
	return n, err
}

// endSection closes the current section and starts the next.
func (w *tixWriter) endSection() {
	w.cur.len, w.cur.crc = w.pos-w.cur.off, w.crc
	w.secs = append(w.secs, w.cur)
	w.cur, w.crc = tixSection{off: w.pos}, 0
}

// offset is the position the next byte goes to, relative to the current section.
func (w *tixWriter) offset() uint64 { return w.pos - w.cur.off }

func (w *tixWriter) commit() error {
	if w.err != nil {
		w.abort()
		return w.err
	}
	err := w.w.Flush()
	if err == nil {
		_, err = w.f.WriteAt(encodeTixHeader(w.kind, w.id, w.secs), 0)
	}
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.tmp, w.path)
	}
	if err != nil {
		os.Remove(w.tmp)
		return err
	}
	return nil
}

func (w *tixWriter) abort() {
	w.f.Close()
	os.Remove(w.tmp)
}

// writeTixFile writes a small index file made of whole sections.
func writeTixFile(path string, kind byte, id uint64, sections ...[]byte) error {
	w, err := newTixWriter(path, kind, id, len(sections))
	if err != nil {
		return err
	}
	for _, s := range sections {
		w.Write(s)
		w.endSection()
	}
	return w.commit()
}

// enc appends the variable-length values of the index: uvarints, varints, strings with their length
// first, and times as seconds and nanoseconds (a zero time is one byte).
type enc struct{ b []byte }

func (e *enc) u8(v uint8)       { e.b = append(e.b, v) }
func (e *enc) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *enc) blob(b []byte)    { e.uvarint(uint64(len(b))); e.b = append(e.b, b...) }
func (e *enc) boolean(v bool) {
	if v {
		e.u8(1)
	} else {
		e.u8(0)
	}
}
func (e *enc) time(t time.Time) {
	if t.IsZero() {
		e.u8(0)
		return
	}
	e.u8(1)
	e.varint(t.Unix())
	e.uvarint(uint64(t.Nanosecond()))
}
func (e *enc) counts(c [4]int) {
	for _, v := range c {
		e.varint(int64(v))
	}
}

// dec reads what enc wrote; the first error sticks and every later read returns zero values, so a
// damaged record decodes to garbage-free zeros plus one error, never a panic.
type dec struct {
	b   []byte
	err error
}

func (d *dec) fail() {
	if d.err == nil {
		d.err = fmt.Errorf("%w: a record is cut short", errTixCorrupt)
	}
	d.b = nil
}

func (d *dec) u8() uint8 {
	if len(d.b) < 1 {
		d.fail()
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *dec) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) bytes() []byte {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) str() string   { return string(d.bytes()) }
func (d *dec) boolean() bool { return d.u8() != 0 }
func (d *dec) int() int {
	v := d.varint()
	if v > math.MaxInt32 || v < math.MinInt32 {
		d.fail()
		return 0
	}
	return int(v)
}
func (d *dec) time() time.Time {
	if d.u8() == 0 {
		return time.Time{}
	}
	s := d.varint()
	ns := d.uvarint()
	if ns >= 1e9 {
		d.fail()
		return time.Time{}
	}
	return time.Unix(s, int64(ns)).UTC()
}
func (d *dec) counts() [4]int {
	var c [4]int
	for i := range c {
		c[i] = d.int()
	}
	return c
}

// readFull reads exactly len(b) bytes at off.
func readFull(r io.ReaderAt, b []byte, off int64) error {
	_, err := r.ReadAt(b, off)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}
