// Package textfold is psn-client's one matching rule: the search key of a text, with case, accents,
// width, ’ versus ', ™ ® and punctuation ignored and whitespace runs counted as one space. So
// "sackboy a big" finds "Sackboy™: A Big Adventure", "astro's" finds "ASTRO’s PLAYROOM" and
// "pokemon" finds "Pokémon". A query matches a text when Fold(text) contains Fold(query).
//
// It is a package of its own because two layers need the very same rule and neither may import the
// other's: ui filters every list with it, and store folds every cached trophy's name and description
// once, into its trophy index, so that a search over a million trophies is a byte scan. Folded keys
// hold only letters, digits, marks and single spaces: never a control character, so an index may
// separate keys with one.
package textfold

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Folder folds texts. Not safe for concurrent use: make one per goroutine (or use Fold).
type Folder struct {
	t transform.Transformer
	c cases.Caser
	b []byte
}

// New returns a Folder.
func New() *Folder {
	return &Folder{
		t: transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC),
		c: cases.Fold(),
	}
}

// Fold returns the search key of s.
func (f *Folder) Fold(s string) string {
	if isASCII(s) {
		if foldedASCII(s) {
			return s
		}
		f.b = appendASCII(f.b[:0], s)
		return string(f.b)
	}
	return f.foldUnicode(s)
}

// Append appends the search key of s to dst (no allocation for ASCII text).
func (f *Folder) Append(dst []byte, s string) []byte {
	if isASCII(s) {
		return appendASCII(dst, s)
	}
	return append(dst, f.foldUnicode(s)...)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldedASCII reports whether ASCII text is its own key: lower-case letters, digits and single
// inner spaces.
func foldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		lowerOrDigit := 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
		inner := c == ' ' && i > 0 && i < len(s)-1 && s[i+1] != ' '
		if !lowerOrDigit && !inner {
			return false
		}
	}
	return true
}

// appendASCII is the rule for ASCII text: letters lower-cased, digits kept, everything else dropped
// but spaces, whose runs become one (none at the ends).
func appendASCII(b []byte, s string) []byte {
	start := len(b)
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == ' ', c == '\t', c == '\n', c == '\r', c == '\v', c == '\f':
			space = true
			continue
		default:
			continue
		}
		if space && len(b) > start {
			b = append(b, ' ')
		}
		space = false
		b = append(b, c)
	}
	return b
}

// foldUnicode decomposes (full-width forms become ASCII, accents come off), case-folds, and keeps
// letters, digits and spacing marks.
func (f *Folder) foldUnicode(s string) string {
	// Before decomposition: NFKD spells ™ as "TM" and ℠ as "SM".
	s = strings.Map(func(r rune) rune {
		switch r {
		case '™', '℠', '®', '©':
			return -1
		}
		return r
	}, s)
	out, _, err := transform.String(f.t, s)
	if err != nil {
		out = s
	}
	out = f.c.String(out)
	var b strings.Builder
	b.Grow(len(out))
	space := false
	for _, r := range out {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
		default:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

var folders = sync.Pool{New: func() any { return New() }}

// Fold is the search key of s. Safe for concurrent use.
func Fold(s string) string {
	f := folders.Get().(*Folder)
	defer folders.Put(f)
	return f.Fold(s)
}
