package store

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// A word whose rarest byte is still common in the text being searched ("dragon": one byte in 45 is
// a g) costs a bytes.IndexByte call per occurrence of that byte. Such a word is looked for by its
// rarest pair of adjacent bytes instead, eight bytes at a time (pairIndex): "dr" occurs a few
// times where g occurs hundreds. tune picks, from a sample of the text, whichever is rarer.

// pairIndex returns the first i with s[i] == a and s[i+1] == b, or -1.
func pairIndex(s []byte, a, b byte) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	ma, mb := lo*uint64(a), lo*uint64(b)
	i := 0
	for ; i+17 <= len(s); i += 16 {
		t := s[i : i+17]
		x1 := (binary.LittleEndian.Uint64(t[0:8]) ^ ma) | (binary.LittleEndian.Uint64(t[1:9]) ^ mb)
		x2 := (binary.LittleEndian.Uint64(t[8:16]) ^ ma) | (binary.LittleEndian.Uint64(t[9:17]) ^ mb)
		// A zero byte of x marks a pair; the lowest set bit of (x-lo)&^x&hi is the first zero byte
		// (a borrow only runs upward from a zero byte, so the bits above it may be false).
		m1 := (x1 - lo) &^ x1 & hi
		m2 := (x2 - lo) &^ x2 & hi
		if m1|m2 != 0 {
			if m1 != 0 {
				return i + bits.TrailingZeros64(m1)>>3
			}
			return i + 8 + bits.TrailingZeros64(m2)>>3
		}
	}
	for ; i+1 < len(s); i++ {
		if s[i] == a && s[i+1] == b {
			return i
		}
	}
	return -1
}

// pairCount counts the occurrences of the pair (a, b) in s (overlapping ones included).
func pairCount(s []byte, a, b byte) int {
	n := 0
	for {
		i := pairIndex(s, a, b)
		if i < 0 {
			return n
		}
		n++
		s = s[i+1:]
	}
}

// tune makes w look for its rarest pair of bytes when, in sample, that pair is much rarer than
// its rarest byte.
func (w *cword) tune(sample []byte) {
	w.pair = -1
	if len(w.w) < 2 || len(sample) == 0 {
		return
	}
	single := bytes.Count(sample, w.w[w.anchor:w.anchor+1])
	if single < len(sample)/256 { // rare enough: IndexByte skips long runs between calls
		return
	}
	best, fewest := -1, 0
	for k := 0; k+1 < len(w.w); k++ {
		if n := pairCount(sample, w.w[k], w.w[k+1]); best < 0 || n < fewest {
			best, fewest = k, n
		}
	}
	if fewest*4 < single {
		w.pair = best
	}
}

// indexPair is index through the pair at w.pair.
func (w *cword) indexPair(s []byte) int {
	k, n := w.pair, len(w.w)
	a, b := w.w[k], w.w[k+1]
	for i := k; i < len(s); {
		j := pairIndex(s[i:], a, b)
		if j < 0 {
			return -1
		}
		p := i + j - k
		if p+n <= len(s) && bytes.Equal(s[p:p+n], w.w) {
			return p
		}
		i += j + 1
	}
	return -1
}
