package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

const ellipsis = "…"

// clean makes a raw API string safe and tidy for one display line: whitespace runs (newlines, tabs,
// no-break spaces, VT, FF) become one space, escape sequences go whole (OSC 52 clipboard writes, OSC
// 8 links, CSI), unsafe runes are dropped, ends are trimmed. It is the one cleaner of every string
// from Sony or from disk that reaches a person: the TUI's views and status bar, and through
// CleanLine the command line's tables, headers, notes and CSV cells. The raw value stays in the
// store and in JSON; only the display copy is cleaned.
func clean(s string) string {
	simple := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || (c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ')) {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	if strings.Contains(s, "\x1b") {
		s = ansi.Strip(s) // whole escape sequences, not just their ESC byte
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unsafeRune(r):
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

// unsafeRune reports whether a rune must not reach a display line: C0 and C1 controls and DEL (they
// drive terminals; U+009B alone starts a CSI), and format characters, which reorder or hide text:
// the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), marks (U+200E,
// U+200F, U+061C), zero-width spaces and the BOM. The zero-width joiner stays: emoji sequences need
// it. U+FFFD, what invalid UTF-8 decodes to, goes too.
func unsafeRune(r rune) bool {
	return r == '\uFFFD' || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) && r != '\u200D'
}

// cleanLines is clean for text whose line breaks and indentation matter (Game Help's Markdown): the
// same escape sequences and unsafe runes go (a CR LF becomes a LF), but newlines, tabs and runs of
// spaces stay.
func cleanLines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if strings.Contains(s, "\x1b") {
		s = ansi.Strip(s)
	}
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unsafeRune(r) {
			return -1
		}
		return r
	}, s)
}

// CleanLine is clean for the command line's tables, headers, notes and CSV cells, so both front
// ends show Sony's strings the same way.
func CleanLine(s string) string { return clean(s) }

// VisibleLine is clean's rule for error messages, which must show what was typed or received: the
// same runes are unsafe, but each is written as an escape (\x1b, \x9b, \u202e; an invalid byte as
// \xNN) instead of being dropped, so nothing in it can drive the terminal or reorder the line, and
// nothing is hidden. Whitespace runs become one space, so the message is one line and nothing after
// a newline is lost.
func VisibleLine(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			r = -1
		case unicode.IsSpace(r):
			space = true
			i += size
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		switch {
		case r == -1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case r < 0x100 && unsafeRune(r):
			fmt.Fprintf(&b, "\\x%02x", r)
		case unsafeRune(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// GroupLabel is how both front ends name a trophy group: "Base game" for the default group (Sony
// names it after the game), else its cleaned name, else "Group 001".
func GroupLabel(id, name string) string { return groupName(id, name) }

// width is the display width of s in terminal cells (printable ASCII: one cell a byte).
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// truncate cuts s to at most w cells, ending with … when cut.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, ellipsis)
}

// fit returns s cut or padded to exactly w cells (left aligned).
func fit(s string, w int) string { return fitW(s, width(s), w) }

// fitW is fit for a string whose width sw is already known (rows measure their names once).
func fitW(s string, sw, w int) string {
	if w <= 0 {
		return ""
	}
	if sw > w {
		s = ansi.Truncate(s, w, ellipsis)
		sw = width(s)
	}
	if sw < w {
		return s + spaces(w-sw)
	}
	return s
}

// fitRight returns s cut or padded to exactly w cells, right aligned.
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := width(s)
	if sw > w {
		return ansi.Truncate(s, w, ellipsis)
	}
	return spaces(w-sw) + s
}

const blanks = "                                                                                                                                "

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	if n <= len(blanks) {
		return blanks[:n]
	}
	return strings.Repeat(" ", n)
}

// clampLines cuts every line of s to w cells and the block to at most h lines, padding to exactly h.
func clampLines(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if width(l) > w {
			lines[i] = ansi.Truncate(l, w, ellipsis)
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// bar draws pct (0–100) as w cells of eighth blocks; a started but tiny value still shows ▏.
func bar(pct, w int) string {
	if w <= 0 {
		return ""
	}
	pct = max(0, min(100, pct))
	units := pct * w * 8 / 100
	if units == 0 && pct > 0 {
		units = 1
	}
	full, part := units/8, units%8
	var b strings.Builder
	b.WriteString(strings.Repeat("█", full))
	n := full
	if part > 0 {
		b.WriteString(eighths[part])
		n++
	}
	if n == 0 {
		b.WriteString("▏")
		n++
	}
	b.WriteString(spaces(w - n))
	return b.String()
}

// commas formats n with thousands separators: 83595 → 83,595.
func commas(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if len(s) <= 3 {
		if neg {
			return "-" + s
		}
		return s
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 && !(neg && b.Len() == 1) {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// plural returns "1 title", "2 titles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return commas(n) + " " + many
}

// ago says how long before now t was, in the words a status bar uses: "just now", "5m ago", "2h ago",
// "3d ago"; zero t gives "".
func ago(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd ago", int(d/(24*time.Hour)))
}

// lastPlayed is the title list's "Last played" cell: "2h ago", "yesterday", then a date.
func lastPlayed(t, now time.Time) string {
	if t.IsZero() {
		return "–"
	}
	d := now.Sub(t)
	switch {
	case d < 0:
		return t.Local().Format("2006-01-02")
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh ago", int(d/time.Hour))
	case d < 48*time.Hour:
		return "yesterday"
	}
	return t.Format("2006-01-02")
}

// duration formats a wait for humans: "4m 12s", "1h 05m", "9s".
func duration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh %02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm %02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

// shortDuration formats a window length: 15m, 1h, 90s.
func shortDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	}
	return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
}

// roughDuration is a countdown to a reset, rounded up to minutes once above one: "12m", "45s".
func roughDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%ds", int((d+time.Second-1)/time.Second))
	}
	return fmt.Sprintf("%dm", int((d+time.Minute-1)/time.Minute))
}
