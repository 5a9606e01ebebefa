package store

import (
	"errors"
	"testing"
	"time"
)

// FuzzParseQuery: any query parses or fails with a QueryError, never panics.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"sackboy a big", `grade:p,g rarity<5 -hidden "big hug"`, "earned:2023..2024 title:\"x y\"",
		"rarity:<=0.5", "-", `"`, "earned>=2024-06 platform:ps5,pc has:help is:unearned", "g=b in:NPWR20188_00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := parseQuery(s, time.UTC)
		var qe *QueryError
		if err != nil && !errors.As(err, &qe) {
			t.Fatalf("%q: %v is not a QueryError", s, err)
		}
		if err == nil {
			for _, term := range q.terms {
				if (term.kind == qWord || term.kind == qTitle) && len(term.word) == 0 {
					t.Fatalf("%q: an empty word", s)
				}
			}
		}
	})
}

// FuzzTixRecords: whatever bytes a manifest section or a title's block holds, decoding returns
// values or errTixCorrupt, never a panic.
func FuzzTixRecords(f *testing.F) {
	l := searchWorld(f)
	if _, err := l.Search("me", Query{}, SearchOptions{}); err != nil {
		f.Fatal(err)
	}
	m := manifestOf(f, l, "me")
	secs := m.encode()
	f.Add(secs[0], secs[1], secs[2], secs[3])
	f.Add([]byte{}, []byte{1, 2, 3}, make([]byte, slotFixedSize), []byte{0xff})
	f.Fuzz(func(t *testing.T, meta, segs, fixed, vars []byte) {
		if m, err := decodeManifest(meta, segs, fixed, vars); err == nil {
			for i := range m.slots {
				decTitle(m.slots[i].title)
				decRecVals(m.slots[i].rec)
			}
		} else if !errors.Is(err, errTixCorrupt) {
			t.Fatalf("manifest: %v", err)
		}
		block := append(append([]byte{}, vars...), 0, 0, 0, 0)
		crc := tixCRC(block[:len(block)-4])
		block[len(block)-4], block[len(block)-3], block[len(block)-2], block[len(block)-1] = byte(crc), byte(crc>>8), byte(crc>>16), byte(crc>>24)
		if rb, err := parseRawBlock(block); err == nil {
			for i := 0; i < rb.n && i < 64; i++ {
				rb.trophy(uint32(i), nil)
			}
		} else if !errors.Is(err, errTixCorrupt) {
			t.Fatalf("block: %v", err)
		}
	})
}
