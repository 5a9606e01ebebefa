package store

import (
	"errors"
	"fmt"
	"hash/crc32"
	"slices"

	"github.com/psnclient/psn-client/psnapi"
)

// Reading an open index: its lists, its segments, and the store.Trophy values of chosen trophies.

// seg returns segment i's reader, opened on first use and closed with the index.
func (ix *tindex) seg(i int32) (*segReader, error) {
	if ix.readers == nil {
		ix.readers = make([]*segReader, len(ix.m.segs))
	}
	if r := ix.readers[i]; r != nil {
		return r, nil
	}
	r, err := openSeg(ix.dir, ix.m.segs[i])
	if err != nil {
		return nil, err
	}
	ix.readers[i] = r
	return r, nil
}

func (ix *tindex) close() {
	for _, r := range ix.readers {
		if r != nil {
			r.Close()
		}
	}
	ix.readers = nil
}

// listStep is how many bytes of a list eachEntry reads at a time (a multiple of both entry sizes).
const listStep = 3 * 16 * 8 * 1024

// eachEntry hands the entries of the earned list (section 0) or the hunt list (section 1) to fn in
// order, a run of whole entries at a time with the index of its first, reading listStep bytes at a time instead of the whole list (12 MB of
// earned list at 1,000,000 trophies, while the browser's heap is at its limit). The section's
// checksum is checked once the last entry is read (once per Library: tix_verified.go): fn's
// results are void when eachEntry returns an error. An error from fn stops the reading.
func (ix *tindex) eachEntry(section int, fn func(first int, run []byte) error) error {
	if ix.m.listsID == 0 {
		return nil
	}
	f, err := openTixFile(tixListsPath(ix.dir, ix.m.listsID), tixKindLists, ix.m.listsID, 2)
	if err != nil {
		return err
	}
	defer f.Close()
	size := earnedEntrySize
	if section == 1 {
		size = huntEntrySize
	}
	s := f.secs[section]
	if s.len%uint64(size) != 0 {
		return fmt.Errorf("%w: a list of an odd size", errTixCorrupt)
	}
	check := !ix.l.checkedSection(f, section)
	buf := make([]byte, min(s.len, listStep))
	var crc uint32
	i := 0
	for done := uint64(0); done < s.len; {
		b := buf[:min(uint64(len(buf)), s.len-done)]
		if err := readFull(f.f, b, int64(s.off+done)); err != nil {
			return fmt.Errorf("%w: %v", errTixCorrupt, err)
		}
		if check {
			crc = crc32.Update(crc, castagnoli, b)
		}
		if err := fn(i, b); err != nil {
			return err
		}
		i += len(b) / size
		done += uint64(len(b))
	}
	if check {
		if crc != s.crc {
			return fmt.Errorf("%w: section checksum mismatch", errTixCorrupt)
		}
		ix.l.markCheckedSection(f, section)
	}
	return nil
}

// entries is how many entries the earned list (section 0) or the hunt list (section 1) holds, from
// the lists file's header alone.
func (ix *tindex) entries(section int) (int, error) {
	if ix.m.listsID == 0 {
		return 0, nil
	}
	f, err := openTixFile(tixListsPath(ix.dir, ix.m.listsID), tixKindLists, ix.m.listsID, 2)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	size := uint64(earnedEntrySize)
	if section == 1 {
		size = huntEntrySize
	}
	return int(f.secs[section].len / size), nil
}

// title returns slot i's title list entry.
func (ix *tindex) title(i uint32) (psnapi.TrophyTitle, error) {
	t, err := decTitle(ix.m.slots[i].title)
	if err != nil {
		return t, fmt.Errorf("%w: %v", errTixCorrupt, err)
	}
	return t, nil
}

// tref names one trophy of the index: its title's slot and its position in the title.
type tref struct{ slot, ord uint32 }

// items turns refs into HuntItems, in the order given, reading each title's block once.
func (ix *tindex) items(refs []tref) ([]HuntItem, error) {
	out := make([]HuntItem, len(refs))
	order := make([]int, len(refs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(refs[a].slot) - int(refs[b].slot) })
	var (
		cur   = ^uint32(0)
		block *rawBlock
		title psnapi.TrophyTitle
		buf   []byte // one block at a time: decoded trophies copy what they keep
	)
	for _, i := range order {
		r := refs[i]
		if r.slot != cur {
			cur = r.slot
			if int(r.slot) >= len(ix.m.slots) {
				return nil, fmt.Errorf("%w: no title %d", errTixCorrupt, r.slot)
			}
			s := &ix.m.slots[r.slot]
			if s.seg < 0 {
				return nil, fmt.Errorf("%w: title %s has no trophies here", errTixCorrupt, s.id)
			}
			sr, err := ix.seg(s.seg)
			if err != nil {
				return nil, err
			}
			if block, buf, err = sr.block(s.rawOff, s.rawLen, buf); err != nil {
				return nil, err
			}
			if block.n != int(s.count) {
				return nil, fmt.Errorf("%w: title %s holds %d trophies, not %d", errTixCorrupt, s.id, block.n, s.count)
			}
			if title, err = ix.title(r.slot); err != nil {
				return nil, err
			}
		}
		tr, err := block.trophy(r.ord, &title)
		if err != nil {
			return nil, err
		}
		out[i] = HuntItem{Title: title, Trophy: tr}
	}
	return out, nil
}

// indexed runs fn on the account's current index and returns its coverage; an account without a
// cached title list has an empty coverage and fn does not run.
func (l *Library) indexed(account string, fn func(ix *tindex) error) (Coverage, error) {
	var cov Coverage
	_, err := l.withIndex(account, func(ix *tindex) error {
		defer ix.close()
		cov = ix.coverage()
		return fn(ix)
	})
	if err != nil && (errors.Is(err, errTixCorrupt) || errors.Is(err, errTixGone)) {
		err = fmt.Errorf("store: the trophy index cannot be read: %w", err)
	}
	return cov, err
}
