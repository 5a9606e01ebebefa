package store

import (
	"errors"
	"fmt"
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

// lists reads the earned list (section 0) or the hunt list (section 1).
func (ix *tindex) list(section int) ([]byte, error) {
	if ix.m.listsID == 0 {
		return nil, nil
	}
	f, err := openTixFile(tixListsPath(ix.dir, ix.m.listsID), tixKindLists, ix.m.listsID, 2)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := f.section(section)
	if err != nil {
		return nil, err
	}
	size := earnedEntrySize
	if section == 1 {
		size = huntEntrySize
	}
	if len(b)%size != 0 {
		return nil, fmt.Errorf("%w: a list of an odd size", errTixCorrupt)
	}
	// Entries are checked where they are used (items checks every slot and trophy it reads).
	return b, nil
}

func (ix *tindex) earnedList() ([]byte, error) { return ix.list(0) }
func (ix *tindex) huntList() ([]byte, error)   { return ix.list(1) }

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
