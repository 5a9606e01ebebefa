package store

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/psnclient/psn-client/textfold"
)

// Query is a parsed trophy query, the language of search and next to hunt (ParseQuery). Every term
// must hold; "-" before a term negates it. The zero Query matches every trophy.
//
//	words          sackboy big     each word is found in the trophy's name or description or in its
//	                               title's name (the filter rule: case, accents, ’ ', ™ ® and
//	                               punctuation ignored)
//	"a phrase"     "big adventure" the words together, in that order
//	grade:         grade:gold g:p,g   platinum|plat|p gold|g silver|s bronze|b; a comma means "or"
//	rarity         rarity<5 rarity>=50 rate<=0.5   earned rate in percent (<, <=, >, >=, =)
//	rarity:        rarity:ultra,very   Sony's tier: ultra (rare), very (rare), rare, common
//	earned         earned unearned   your status (titles whose status is not cached never match)
//	earned:        earned:2025 earned:2025-03 earned:2025-03-14 earned>=2024-06 earned:2023..2024
//	hidden         hidden            hidden trophies (is:hidden, and is:earned, is:unearned)
//	platform:      platform:ps5,pc   ps3 ps4 ps5 vita pc: the title's platforms
//	has:           has:help has:progress   Game Help available (as last cached); a PS5 progress trophy
//	title:         title:astro title:"big adventure" title:NPWR20188_00   the title's name or ID
//
// A word with a colon whose key is none of these is an error, not a word: quote it to search for it.
type Query struct {
	// Text is the query as it was typed.
	Text  string
	terms []qterm
}

type qkind uint8

const (
	qWord qkind = iota + 1
	qTitle
	qGrade
	qTier
	qRate
	qEarned
	qUnearned
	qHidden
	qHelp
	qProgress
	qEarnedAt
	qPlatform
)

type qterm struct {
	raw      string // as typed
	neg      bool
	kind     qkind
	word     []byte // qWord, qTitle: folded
	id       string // qTitle: the text as typed, upper-cased, for an npCommunicationId
	set      uint8  // qGrade: bits 1<<gradeCode; qTier: 1<<tier; qPlatform: platform bits
	op       byte   // qRate: '<' '≤' '>' '≥' '='
	rate     uint16 // qRate: hundredths of a percent
	from, to int64  // qEarnedAt: [from, to) unix ms
}

// QueryError says which term of a query is wrong and why; the command line exits 2 with it.
type QueryError struct {
	Term string // the term as typed
	Msg  string
}

func (e *QueryError) Error() string { return fmt.Sprintf("%q: %s", e.Term, e.Msg) }

// Empty reports whether the query has no term (it matches every trophy).
func (q Query) Empty() bool { return len(q.terms) == 0 }

// HasWords reports whether the query has words or phrases (it then reads the trophies' text).
func (q Query) HasWords() bool {
	for _, t := range q.terms {
		if t.kind == qWord {
			return true
		}
	}
	return false
}

// ParseQuery parses a query (see Query). Dates are days in the local time zone.
func ParseQuery(s string) (Query, error) { return parseQuery(s, time.Local) }

// queryKeys are the filter keys and their aliases, for parsing and for "did you mean".
var queryKeys = map[string]string{
	"grade": "grade", "g": "grade",
	"rarity": "rarity", "rare": "rarity", "rate": "rarity",
	"earned":   "earned",
	"platform": "platform", "on": "platform",
	"has": "has", "is": "is",
	"title": "title", "in": "title",
}

const queryKeyList = "grade: rarity: earned: platform: has: is: title:"

func parseQuery(s string, loc *time.Location) (Query, error) {
	q := Query{Text: s}
	toks, err := tokenize(s)
	if err != nil {
		return Query{}, err
	}
	f := textfold.New()
	for _, tok := range toks {
		t, ok, err := parseTerm(tok, f, loc)
		if err != nil {
			return Query{}, err
		}
		if ok {
			q.terms = append(q.terms, t)
		}
	}
	words := 0
	for _, t := range q.terms {
		if t.kind == qWord || t.kind == qTitle {
			words++
		}
	}
	if words > 64 {
		return Query{}, &QueryError{Term: s, Msg: "more than 64 words"}
	}
	return q, nil
}

// token is one term as typed: raw for messages, text with its quotes removed.
type token struct {
	raw, text string
	neg       bool
	quoted    bool // the whole term was quoted: a phrase, never a filter
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '„' }

func tokenize(s string) ([]token, error) {
	var out []token
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		start := i
		var tok token
		if r == '-' && i+1 < len(s) {
			if r2, _ := utf8.DecodeRuneInString(s[i+1:]); !unicode.IsSpace(r2) {
				tok.neg = true
				i++
			}
		}
		if r, _ := utf8.DecodeRuneInString(s[i:]); isQuote(r) {
			tok.quoted = true
		}
		var b strings.Builder
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				break
			}
			if !isQuote(r) {
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
			// A quoted part runs to the next quote, spaces included.
			i += n
			closed := false
			for i < len(s) {
				r, n := utf8.DecodeRuneInString(s[i:])
				i += n
				if isQuote(r) {
					closed = true
					break
				}
				b.WriteString(s[i-n : i])
			}
			if !closed {
				return nil, &QueryError{Term: s[start:], Msg: "the quote is not closed"}
			}
		}
		tok.raw, tok.text = s[start:i], b.String()
		out = append(out, tok)
	}
	return out, nil
}

// parseTerm turns a token into a term; ok is false for a word that folds to nothing ("&").
func parseTerm(tok token, f *textfold.Folder, loc *time.Location) (qterm, bool, error) {
	t := qterm{neg: tok.neg, raw: tok.raw}
	fail := func(format string, args ...any) (qterm, bool, error) {
		return qterm{}, false, &QueryError{Term: tok.raw, Msg: fmt.Sprintf(format, args...)}
	}
	word := func(text string) (qterm, bool, error) {
		t.kind, t.word = qWord, []byte(f.Fold(text))
		return t, len(t.word) > 0, nil
	}
	if tok.quoted {
		return word(tok.text)
	}
	text := tok.text
	switch strings.ToLower(text) {
	case "earned":
		t.kind = qEarned
		return t, true, nil
	case "unearned":
		t.kind = qUnearned
		return t, true, nil
	case "hidden":
		t.kind = qHidden
		return t, true, nil
	}
	// key:value, or a comparison (rarity<5, earned>=2024).
	key, value, op := "", "", ""
	if i := strings.IndexAny(text, ":<>="); i > 0 && isKeyName(text[:i]) {
		key, value = strings.ToLower(text[:i]), text[i:]
		if value[0] == ':' {
			value = value[1:]
		}
		for _, o := range []string{"<=", ">=", "<", ">", "="} {
			if strings.HasPrefix(value, o) {
				op, value = o, value[len(o):]
				break
			}
		}
		if text[i] != ':' && op == "" {
			return word(text)
		}
	} else {
		return word(text)
	}
	name, known := queryKeys[key]
	if !known {
		msg := "no such filter"
		if near := nearestKey(key); near != "" {
			msg += fmt.Sprintf(" (did you mean %s:?)", near)
		}
		return fail("%s; filters are %s, and earned, unearned, hidden; quote it to search for the text", msg, queryKeyList)
	}
	if value == "" {
		return fail("%s needs a value (see psn-client search --help)", name)
	}
	if op == "=" && name != "rarity" && name != "earned" {
		op = "" // grade=gold reads as grade:gold
	}
	if op != "" && name != "rarity" && name != "earned" {
		return fail("%s: takes a value, not a comparison", name)
	}
	switch name {
	case "grade":
		t.kind = qGrade
		for _, v := range strings.Split(strings.ToLower(value), ",") {
			switch strings.TrimSpace(v) {
			case "platinum", "plat", "p":
				t.set |= 1 << 4
			case "gold", "g":
				t.set |= 1 << 3
			case "silver", "s":
				t.set |= 1 << 2
			case "bronze", "b":
				t.set |= 1 << 1
			default:
				return fail("%q is not a grade: use platinum, gold, silver or bronze (p, g, s, b)", v)
			}
		}
	case "rarity":
		if op == "" {
			t.kind = qTier
			for _, v := range strings.Split(value, ",") {
				switch strings.ReplaceAll(f.Fold(v), " ", "") {
				case "ultra", "ultrarare":
					t.set |= 1 << 0
				case "very", "veryrare":
					t.set |= 1 << 1
				case "rare":
					t.set |= 1 << 2
				case "common":
					t.set |= 1 << 3
				default:
					if _, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64); err == nil {
						return fail("say how it compares: rarity<%s, rarity>%s or rarity=%s", v, v, v)
					}
					return fail("%q is not a rarity: use ultra, very, rare or common, or compare the earned rate (rarity<5)", v)
				}
			}
			break
		}
		r, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(value), "%"), 64)
		if err != nil || r < 0 || r > 100 || r != r {
			return fail("%q is not a percentage from 0 to 100", value)
		}
		t.kind, t.op, t.rate = qRate, opByte(op), uint16(r*100+0.5)
	case "earned":
		t.kind = qEarnedAt
		from, to, err := parseDateRange(op, value, loc)
		if err != nil {
			return fail("%v", err)
		}
		t.from, t.to = from, to
	case "platform":
		t.kind = qPlatform
		for _, v := range strings.Split(strings.ToLower(value), ",") {
			switch strings.TrimSpace(v) {
			case "ps3":
				t.set |= platPS3
			case "ps4":
				t.set |= platPS4
			case "ps5":
				t.set |= platPS5
			case "vita", "psvita":
				t.set |= platVita
			case "pc", "pspc":
				t.set |= platPC
			default:
				return fail("%q is not a platform: use ps3, ps4, ps5, vita or pc", v)
			}
		}
	case "has":
		switch strings.ToLower(value) {
		case "help":
			t.kind = qHelp
		case "progress":
			t.kind = qProgress
		default:
			return fail("has: takes help or progress")
		}
	case "is":
		switch strings.ToLower(value) {
		case "earned":
			t.kind = qEarned
		case "unearned":
			t.kind = qUnearned
		case "hidden":
			t.kind = qHidden
		default:
			return fail("is: takes earned, unearned or hidden")
		}
	case "title":
		t.kind, t.word, t.id = qTitle, []byte(f.Fold(value)), strings.ToUpper(strings.TrimSpace(value))
		if len(t.word) == 0 {
			return fail("title: needs a name or an NPCOMMID")
		}
	}
	return t, true, nil
}

func isKeyName(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return false
		}
	}
	return s != ""
}

func opByte(op string) byte {
	switch op {
	case "<=":
		return 'l'
	case ">=":
		return 'g'
	}
	return op[0]
}

// nearestKey suggests a key one or two edits away from k ("grad" → grade).
func nearestKey(k string) string {
	best, bestD := "", 3
	for _, name := range []string{"grade", "rarity", "earned", "platform", "has", "is", "title"} {
		if d := editDistance(k, name); d < bestD {
			best, bestD = name, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev = cur
	}
	return prev[len(b)]
}

// parseDateRange turns earned's value into [from, to) in unix ms: a year, month or day (YYYY,
// YYYY-MM, YYYY-MM-DD) in loc, after a comparison or as a range A..B (both ends included).
func parseDateRange(op, value string, loc *time.Location) (int64, int64, error) {
	const forever = int64(1) << 62
	if a, b, ok := strings.Cut(value, ".."); ok && op == "" {
		from, _, err := parseDay(a, loc)
		if err != nil {
			return 0, 0, err
		}
		_, to, err := parseDay(b, loc)
		if err != nil {
			return 0, 0, err
		}
		if to <= from {
			return 0, 0, fmt.Errorf("the range ends before it starts")
		}
		return from, to, nil
	}
	from, to, err := parseDay(value, loc)
	if err != nil {
		return 0, 0, err
	}
	switch op {
	case "<":
		return -forever, from, nil
	case "<=":
		return -forever, to, nil
	case ">":
		return to, forever, nil
	case ">=":
		return from, forever, nil
	}
	return from, to, nil
}

// parseDay reads YYYY, YYYY-MM or YYYY-MM-DD as the span of time it names.
func parseDay(s string, loc *time.Location) (int64, int64, error) {
	bad := fmt.Errorf("%q is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (earned:2025, earned>=2024-06)", s)
	parts := strings.Split(strings.TrimSpace(s), "-")
	if len(parts) > 3 {
		return 0, 0, bad
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || p == "" || p[0] == '+' {
			return 0, 0, bad
		}
		nums[i] = n
	}
	y, m, d := nums[0], 1, 1
	if y < 1990 || y > 9999 {
		return 0, 0, bad
	}
	if len(nums) > 1 {
		m = nums[1]
		if m < 1 || m > 12 {
			return 0, 0, bad
		}
	}
	if len(nums) > 2 {
		d = nums[2]
		if d < 1 || d > 31 {
			return 0, 0, bad
		}
	}
	start := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if start.Day() != d {
		return 0, 0, bad // 2025-02-30
	}
	var end time.Time
	switch len(nums) {
	case 1:
		end = start.AddDate(1, 0, 0)
	case 2:
		end = start.AddDate(0, 1, 0)
	default:
		end = start.AddDate(0, 0, 1)
	}
	return start.UnixMilli(), end.UnixMilli(), nil
}

// unearnedOnly checks a query for next to hunt, which lists unearned trophies only.
func (q Query) unearnedOnly() error {
	for _, t := range q.terms {
		if !t.neg && (t.kind == qEarned || t.kind == qEarnedAt) {
			return &QueryError{Term: t.raw, Msg: "next to hunt lists trophies you have not earned"}
		}
	}
	return nil
}
