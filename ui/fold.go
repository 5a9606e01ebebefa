package ui

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// folder turns text into its search key. It is the one matching rule of every filter, in the browser
// and on the command line (Fold): case, accents, ’ vs ', ™ ® and punctuation are ignored, and
// whitespace runs count as one space. So "sackboy a big" finds "Sackboy™: A Big Adventure",
// "astro's" finds "ASTRO’s PLAYROOM" and "pokemon" finds "Pokémon". Keys are compared by substring.
// Not safe for concurrent use: make one per goroutine (or use Fold).
type folder struct {
	t transform.Transformer
	c cases.Caser
}

func newFolder() *folder {
	return &folder{
		t: transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC),
		c: cases.Fold(),
	}
}

// fold returns the search key of s.
func (f *folder) fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return f.foldUnicode(s)
		}
	}
	return foldASCII(s)
}

// foldASCII is fold for ASCII text: letters lower-cased, digits kept, everything else dropped but
// spaces, whose runs become one (none at the ends).
func foldASCII(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		lowerOrDigit := 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
		inner := c == ' ' && i > 0 && i < len(s)-1 && s[i+1] != ' '
		if !lowerOrDigit && !inner {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	b := make([]byte, 0, len(s))
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
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, c)
	}
	return string(b)
}

// foldUnicode decomposes (full-width forms become ASCII, accents come off), case-folds, and keeps
// letters, digits and spacing marks.
func (f *folder) foldUnicode(s string) string {
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

var folders = sync.Pool{New: func() any { return newFolder() }}

// Fold is the search key of s under the browser's matching rule (see folder), for the command line:
// a query matches a text when Fold(text) contains Fold(query). Safe for concurrent use.
func Fold(s string) string {
	f := folders.Get().(*folder)
	defer folders.Put(f)
	return f.fold(s)
}
