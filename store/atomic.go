package store

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// writeFileAtomic writes data to path so that a reader sees either the old file or the whole new one,
// never a mix: a temp file in the same directory, fsync, chmod, rename, then fsync of the directory.
// A writer killed half way leaves only a stray temp file (named ".<base>.tmp-*"), never a torn file.
func writeFileAtomic(path string, data []byte, perm, dirPerm os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if beforeRename != nil {
		beforeRename(path)
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: makes the rename durable; some file systems refuse fsync on directories
		d.Close()
	}
	return nil
}

// beforeRename, when set (tests only), runs between the temp file's fsync and its rename.
var beforeRename func(path string)

// isTempName reports whether a directory entry is a temp file left by writeFileAtomic.
func isTempName(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}

// The cache file container: magic, format version, kind, CRC-32 of the payload, then a gob payload.
// A file with another magic, version or kind, a bad checksum or an undecodable payload is corrupt.
const (
	cacheMagic   = "PSNC"
	cacheVersion = 1
	headerLen    = 4 + 2 + 1 + 4
)

// Kinds of cache file; a file read as the wrong kind is rejected.
const (
	kindTitles byte = iota + 1
	kindSummary
	kindDefs
	kindEarned
	kindHints
	kindTips
	kindUsers
	kindIndex
)

var errCorrupt = errors.New("corrupt")

// encodeRecord serialises v into the container format.
func encodeRecord(kind byte, v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(4096)
	buf.Write(make([]byte, headerLen))
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	copy(b, cacheMagic)
	binary.LittleEndian.PutUint16(b[4:], cacheVersion)
	b[6] = kind
	binary.LittleEndian.PutUint32(b[7:], crc32.ChecksumIEEE(b[headerLen:]))
	return b, nil
}

// encodeRecordRaw frames an already encoded payload (tests use it to build files with a valid checksum).
func encodeRecordRaw(kind byte, payload []byte) ([]byte, error) {
	b := make([]byte, headerLen+len(payload))
	copy(b, cacheMagic)
	binary.LittleEndian.PutUint16(b[4:], cacheVersion)
	b[6] = kind
	copy(b[headerLen:], payload)
	binary.LittleEndian.PutUint32(b[7:], crc32.ChecksumIEEE(payload))
	return b, nil
}

// decodeRecord checks the container and decodes its payload into v. Every failure wraps errCorrupt.
func decodeRecord(data []byte, kind byte, v any) (err error) {
	if len(data) < headerLen || string(data[:4]) != cacheMagic {
		return fmt.Errorf("%w: not a psn-client cache file", errCorrupt)
	}
	if ver := binary.LittleEndian.Uint16(data[4:]); ver != cacheVersion {
		return fmt.Errorf("%w: format version %d, want %d", errCorrupt, ver, cacheVersion)
	}
	if data[6] != kind {
		return fmt.Errorf("%w: wrong kind of cache file", errCorrupt)
	}
	if crc32.ChecksumIEEE(data[headerLen:]) != binary.LittleEndian.Uint32(data[7:]) {
		return fmt.Errorf("%w: checksum mismatch (truncated or damaged)", errCorrupt)
	}
	defer func() {
		if r := recover(); r != nil { // gob should not panic on bad input, but a cache file must never crash us
			err = fmt.Errorf("%w: %v", errCorrupt, r)
		}
	}()
	if err := gob.NewDecoder(bytes.NewReader(data[headerLen:])).Decode(v); err != nil {
		return fmt.Errorf("%w: %v", errCorrupt, err)
	}
	return nil
}

// staleTempAge is how old a temp file must be before sweepTemps removes it: far longer than any write
// takes, so a write in progress in another process is never disturbed.
const staleTempAge = time.Hour

// sweepTemps removes temp files that killed writers left in dirs (file times are wall-clock times,
// so this compares with the real clock).
func sweepTemps(dirs ...string) {
	cut := time.Now().Add(-staleTempAge)
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !isTempName(e.Name()) {
				continue
			}
			if info, err := e.Info(); err == nil && info.ModTime().Before(cut) {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
}
