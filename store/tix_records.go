package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/textfold"
)

// The per-trophy records of the index.
//
// .fix: one 32-byte record per trophy, read in place:
//
//	0  u32 local title in the segment     12 u16 earned rate in hundredths of a percent (rateUnknown)
//	4  u32 offset of its text in .txt     14 u8  rarity tier (tierUnknown)
//	8  u16 length of its text             16 i64 earned time, unix ms (0: none)
//	10 u8  grade (gradeCode)              24 u32 progress
//	11 u8  flags (fix…)                   28 u32 progress target
//
// .txt: per trophy textfold(name) 0x01 textfold(description), then 0x00. Folded text holds no
// control character, so a match never spans two fields or two trophies.
//
// .raw: per title one block, everything store.Trophy holds:
//
//	u32 trophies, u32 offset of each trophy in the block, groups (uvarint count; id, name, named
//	after the title), the trophies (see encRawTrophy), u32 CRC-32C of the block.
const (
	fixSize     = 32
	rateUnknown = 0xffff
	tierUnknown = 0xff
	maxTextLen  = math.MaxUint16
)

const (
	fixHidden   uint8 = 1 << iota // the definition is hidden
	fixEarned                     // earned
	fixKnown                      // the account's status of this trophy is cached (else: unknown, not unearned)
	fixHelp                       // Game Help is available (as last cached)
	fixDated                      // earned, with a date
	fixProgress                   // a PS5 progress trophy (it has a progress target)
)

// gradeCode numbers grades 1 bronze … 4 platinum, 0 for anything else; gradeIdx is code-1.
func gradeCode(g psnapi.Grade) uint8 {
	switch g {
	case psnapi.Bronze:
		return 1
	case psnapi.Silver:
		return 2
	case psnapi.Gold:
		return 3
	case psnapi.Platinum:
		return 4
	}
	return 0
}

var gradeOfCode = [5]psnapi.Grade{"", psnapi.Bronze, psnapi.Silver, psnapi.Gold, psnapi.Platinum}

// rateHundredths is an earned rate as stored: hundredths of a percent, clamped to 0–100%.
func rateHundredths(s psnapi.EarnedTrophy) uint16 {
	if s.TrophyEarnedRate == "" {
		return rateUnknown
	}
	r := s.EarnedRate()
	switch {
	case math.IsNaN(r) || r <= 0:
		return 0
	case r >= 100:
		return 10000
	}
	return uint16(math.Round(r * 100))
}

func tierOf(s psnapi.EarnedTrophy) uint8 {
	if s.TrophyEarnedRate == "" || s.TrophyRare < psnapi.UltraRare || s.TrophyRare > psnapi.Common {
		return tierUnknown
	}
	return uint8(s.TrophyRare)
}

// huntKey orders next to hunt: the earned rate, or for a started PS5 progress trophy the share of
// it done when that is higher (45/50 ranks with trophies 90% of players have).
func huntKey(rate uint16, progress, target uint32) uint16 {
	k := rate
	if k == rateUnknown {
		k = 0
	}
	if target > 0 && progress > 0 && progress < target {
		if done := uint16(uint64(progress) * 10000 / uint64(target)); done > k {
			k = done
		}
	}
	return k
}

type fixRec []byte

func (r fixRec) local() uint32    { return binary.LittleEndian.Uint32(r) }
func (r fixRec) txtOff() uint32   { return binary.LittleEndian.Uint32(r[4:]) }
func (r fixRec) txtLen() uint16   { return binary.LittleEndian.Uint16(r[8:]) }
func (r fixRec) grade() uint8     { return r[10] }
func (r fixRec) flags() uint8     { return r[11] }
func (r fixRec) rate() uint16     { return binary.LittleEndian.Uint16(r[12:]) }
func (r fixRec) tier() uint8      { return r[14] }
func (r fixRec) at() int64        { return int64(binary.LittleEndian.Uint64(r[16:])) }
func (r fixRec) progress() uint32 { return binary.LittleEndian.Uint32(r[24:]) }
func (r fixRec) target() uint32   { return binary.LittleEndian.Uint32(r[28:]) }

// The lists: every earned trophy (earnedEntry, oldest first) and every unearned one (huntEntry, in
// next-to-hunt order), each naming its slot and its position in the title (ord).
const (
	earnedEntrySize = 24 // i64 at, u32 slot, u32 ord, u16 rate, u8 grade, u8 tier, u8 flags, 3 spare
	huntEntrySize   = 16 // u16 key, u16 rate, u32 slot, u32 ord, u8 grade, u8 tier, u8 flags, 1 spare
)

type earnedEntry struct {
	at          int64
	slot, ord   uint32
	rate        uint16
	grade, tier uint8
	flags       uint8
}

type huntEntry struct {
	key, rate   uint16
	slot, ord   uint32
	grade, tier uint8
	flags       uint8
}

func (e *earnedEntry) put(b []byte) {
	le := binary.LittleEndian
	le.PutUint64(b, uint64(e.at))
	le.PutUint32(b[8:], e.slot)
	le.PutUint32(b[12:], e.ord)
	le.PutUint16(b[16:], e.rate)
	b[18], b[19], b[20] = e.grade, e.tier, e.flags
}

func earnedEntryAt(b []byte, i int) earnedEntry {
	b = b[i*earnedEntrySize:]
	le := binary.LittleEndian
	return earnedEntry{at: int64(le.Uint64(b)), slot: le.Uint32(b[8:]), ord: le.Uint32(b[12:]), rate: le.Uint16(b[16:]),
		grade: b[18], tier: b[19], flags: b[20]}
}

func (e *huntEntry) put(b []byte) {
	le := binary.LittleEndian
	le.PutUint16(b, e.key)
	le.PutUint16(b[2:], e.rate)
	le.PutUint32(b[4:], e.slot)
	le.PutUint32(b[8:], e.ord)
	b[12], b[13], b[14] = e.grade, e.tier, e.flags
}

func huntEntryAt(b []byte, i int) huntEntry {
	b = b[i*huntEntrySize:]
	le := binary.LittleEndian
	return huntEntry{key: le.Uint16(b), rate: le.Uint16(b[2:]), slot: le.Uint32(b[4:]), ord: le.Uint32(b[8:]),
		grade: b[12], tier: b[13], flags: b[14]}
}

// encodedTitle is one title turned into index records, ready for a segment.
type encodedTitle struct {
	fix   []byte // count × fixSize; local and text offsets relative to the title, fixed up by the segment
	txt   []byte
	raw   []byte
	count uint32
	sums  tslot // earned, unearned, first, last, platAt
}

// encodeTitle turns a title's merged trophies into index records. help holds the trophy IDs with
// Game Help. It reuses f for folding.
func encodeTitle(t psnapi.TrophyTitle, d *defsRecord, tt TitleTrophies, help map[int]bool, f *textfold.Folder) (*encodedTitle, error) {
	n := len(tt.Trophies)
	if uint64(n) > math.MaxUint32/2 {
		return nil, fmt.Errorf("title %s has %d trophies", t.NPCommunicationID, n)
	}
	et := &encodedTitle{count: uint32(n), fix: make([]byte, n*fixSize)}

	// Groups as merge resolved them; the base group of a title whose group list is not fetched is
	// named after the title, which may be renamed later: it is resolved again when read.
	groups := d.Groups
	fromTitle := len(groups) == 0
	if fromTitle {
		groups = groupsFromTrophies(t, d.Trophies)
	}
	gi := make(map[string]int, len(groups))
	var raw enc
	raw.b = make([]byte, 4+4*n, 4+4*n+n*200)
	raw.uvarint(uint64(len(groups)))
	for i, g := range groups {
		gi[g.TrophyGroupID] = i
		raw.str(g.TrophyGroupID)
		raw.str(g.TrophyGroupName)
		raw.boolean(fromTitle && g.TrophyGroupID == "default")
	}
	binary.LittleEndian.PutUint32(raw.b, uint32(n))

	for i := range tt.Trophies {
		tr := &tt.Trophies[i]
		binary.LittleEndian.PutUint32(raw.b[4+4*i:], uint32(len(raw.b)))
		encRawTrophy(&raw, tr, groupIndexOf(gi, len(groups), tr.TrophyGroupID))

		var flags uint8
		s := tr.Status
		if tr.TrophyHidden {
			flags |= fixHidden
		}
		known := s.TrophyType != ""
		if known {
			flags |= fixKnown
		}
		if s.Earned {
			flags |= fixEarned
		}
		var at int64
		if s.Earned && !s.EarnedDateTime.IsZero() {
			flags |= fixDated
			at = s.EarnedDateTime.UnixMilli()
		}
		if help[tr.TrophyID] {
			flags |= fixHelp
		}
		grade, rate, tier := gradeCode(tr.TrophyType), rateHundredths(s), tierOf(s)
		progress, target := clampU32(s.ProgressValue()), clampU32(tr.ProgressTarget())
		if target > 0 {
			flags |= fixProgress
		}

		off := len(et.txt)
		et.txt = f.Append(et.txt, tr.TrophyName)
		et.txt = append(et.txt, 1)
		et.txt = f.Append(et.txt, tr.TrophyDetail)
		if len(et.txt)-off > maxTextLen {
			et.txt = et.txt[:off+maxTextLen]
		}
		tl := len(et.txt) - off
		et.txt = append(et.txt, 0)

		r := et.fix[i*fixSize:]
		le := binary.LittleEndian
		le.PutUint32(r[4:], uint32(off))
		le.PutUint16(r[8:], uint16(tl))
		r[10], r[11] = grade, flags
		le.PutUint16(r[12:], rate)
		r[14] = tier
		le.PutUint64(r[16:], uint64(at))
		le.PutUint32(r[24:], progress)
		le.PutUint32(r[28:], target)

		if !known {
			continue
		}
		g := max(int(grade), 1) - 1
		if s.Earned {
			if grade > 0 {
				et.sums.earned[g]++
			}
			if at != 0 {
				if et.sums.first == 0 || at < et.sums.first {
					et.sums.first = at
				}
				et.sums.last = max(et.sums.last, at)
				if grade == 4 && (et.sums.platAt == 0 || at < et.sums.platAt) {
					et.sums.platAt = at
				}
			}
			continue
		}
		if grade > 0 {
			et.sums.unearned[g]++
		}
	}
	raw.b = binary.LittleEndian.AppendUint32(raw.b, tixCRC(raw.b))
	et.raw = raw.b
	return et, nil
}

func clampU32(v int) uint32 {
	switch {
	case v <= 0:
		return 0
	case uint64(v) > math.MaxUint32:
		return math.MaxUint32
	}
	return uint32(v)
}

// groupIndexOf finds a trophy's group as merge does: by ID; a trophy without one belongs to the base
// group, or to the only group. -1: none.
func groupIndexOf(gi map[string]int, n int, id string) int {
	if i, ok := gi[id]; ok {
		return i
	}
	if id == "" {
		if i, ok := gi["default"]; ok {
			return i
		}
		if n == 1 {
			return 0
		}
	}
	return -1
}

// encRawTrophy writes every field of a trophy and its status (TestTixTitleCodecKeepsEveryField
// checks that none is forgotten when psnapi.Trophy or psnapi.EarnedTrophy grow).
func encRawTrophy(e *enc, tr *Trophy, group int) {
	e.varint(int64(tr.TrophyID))
	e.boolean(tr.TrophyHidden)
	e.str(string(tr.TrophyType))
	e.str(tr.TrophyName)
	e.str(tr.TrophyDetail)
	e.str(tr.TrophyIconURL)
	e.str(tr.TrophyGroupID)
	e.str(tr.TrophyProgressTargetValue)
	e.str(tr.TrophyRewardName)
	e.str(tr.TrophyRewardImageURL)
	e.varint(int64(group))
	s := &tr.Status
	e.varint(int64(s.TrophyID))
	e.boolean(s.TrophyHidden)
	e.boolean(s.Earned)
	e.time(s.EarnedDateTime)
	e.str(s.Progress)
	e.varint(int64(s.ProgressRate))
	e.time(s.ProgressedDateTime)
	e.str(string(s.TrophyType))
	e.varint(int64(s.TrophyRare))
	e.str(s.TrophyEarnedRate)
}

// rawBlock is a title's checked .raw block.
type rawBlock struct {
	b      []byte
	n      int
	groups []rawGroup
}

type rawGroup struct {
	id, name  string
	fromTitle bool
}

func parseRawBlock(b []byte) (*rawBlock, error) {
	if len(b) < 8 || tixCRC(b[:len(b)-4]) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, fmt.Errorf("%w: a title's block fails its checksum", errTixCorrupt)
	}
	b = b[:len(b)-4]
	n := int(binary.LittleEndian.Uint32(b))
	if n < 0 || 4+4*n > len(b) {
		return nil, fmt.Errorf("%w: a title's block is cut short", errTixCorrupt)
	}
	rb := &rawBlock{b: b, n: n}
	d := dec{b: b[4+4*n:]}
	ng := d.uvarint()
	if ng > uint64(len(b)) {
		return nil, fmt.Errorf("%w: a title's block is cut short", errTixCorrupt)
	}
	rb.groups = make([]rawGroup, ng)
	for i := range rb.groups {
		rb.groups[i] = rawGroup{id: d.str(), name: d.str(), fromTitle: d.boolean()}
	}
	return rb, d.err
}

// trophy decodes trophy ord of the block; title names the base group when it is named after it.
func (rb *rawBlock) trophy(ord uint32, title *psnapi.TrophyTitle) (Trophy, error) {
	if int(ord) >= rb.n {
		return Trophy{}, fmt.Errorf("%w: trophy %d of a %d-trophy title", errTixCorrupt, ord, rb.n)
	}
	off := binary.LittleEndian.Uint32(rb.b[4+4*ord:])
	if uint64(off) >= uint64(len(rb.b)) {
		return Trophy{}, fmt.Errorf("%w: a trophy lies outside its block", errTixCorrupt)
	}
	d := dec{b: rb.b[off:]}
	var tr Trophy
	tr.TrophyID = d.int()
	tr.TrophyHidden = d.boolean()
	tr.TrophyType = psnapi.Grade(d.str())
	tr.TrophyName = d.str()
	tr.TrophyDetail = d.str()
	tr.TrophyIconURL = d.str()
	tr.TrophyGroupID = d.str()
	tr.TrophyProgressTargetValue = d.str()
	tr.TrophyRewardName = d.str()
	tr.TrophyRewardImageURL = d.str()
	if g := d.int(); g >= 0 && g < len(rb.groups) {
		tr.GroupName = rb.groups[g].name
		if rb.groups[g].fromTitle && title != nil {
			tr.GroupName = title.TrophyTitleName
		}
	}
	s := &tr.Status
	s.TrophyID = d.int()
	s.TrophyHidden = d.boolean()
	s.Earned = d.boolean()
	s.EarnedDateTime = d.time()
	s.Progress = d.str()
	s.ProgressRate = d.int()
	s.ProgressedDateTime = d.time()
	s.TrophyType = psnapi.Grade(d.str())
	s.TrophyRare = psnapi.Rarity(d.int())
	s.TrophyEarnedRate = d.str()
	return tr, d.err
}

// helpSet reads the cached Game Help availability of a title (no request): the trophy IDs with help.
func (l *Library) helpSet(npCommID string) map[int]bool {
	var rec hintsRecord
	if found, _ := l.readRecord(l.hintsPath(npCommID), kindHints, &rec); !found || len(rec.Hints.Trophies) == 0 {
		return nil
	}
	out := make(map[int]bool, len(rec.Hints.Trophies))
	for _, h := range rec.Hints.Trophies {
		if id, err := strconv.Atoi(strings.TrimSpace(h.TrophyID)); err == nil {
			out[id] = true
		}
	}
	return out
}
