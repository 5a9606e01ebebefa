package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/ui"
)

// The --json shapes below are psn-client's stable machine output, documented in README.md. Names are
// raw (as Sony sends them); times are ISO-8601 UTC; absent times are omitted.

type jsonCounts struct {
	Platinum int `json:"platinum"`
	Gold     int `json:"gold"`
	Silver   int `json:"silver"`
	Bronze   int `json:"bronze"`
}

func countsJSON(c psnapi.TrophyCounts) jsonCounts {
	return jsonCounts{Platinum: c.Platinum, Gold: c.Gold, Silver: c.Silver, Bronze: c.Bronze}
}

type jsonTitle struct {
	NPCommunicationID string     `json:"npCommunicationId"`
	Name              string     `json:"name"`
	Platform          string     `json:"platform"`
	NPServiceName     string     `json:"npServiceName"`
	TrophySetVersion  string     `json:"trophySetVersion"`
	Progress          int        `json:"progress"`
	Defined           jsonCounts `json:"defined"`
	Earned            jsonCounts `json:"earned"`
	HasTrophyGroups   bool       `json:"hasTrophyGroups"`
	Hidden            bool       `json:"hidden"`
	LastUpdated       *time.Time `json:"lastUpdated,omitempty"`
	IconURL           string     `json:"iconUrl,omitempty"`
}

func titleJSON(t psnapi.TrophyTitle) jsonTitle {
	return jsonTitle{
		NPCommunicationID: t.NPCommunicationID,
		Name:              t.TrophyTitleName,
		Platform:          t.TrophyTitlePlatform,
		NPServiceName:     t.NPServiceName,
		TrophySetVersion:  t.TrophySetVersion,
		Progress:          t.Progress,
		Defined:           countsJSON(t.DefinedTrophies),
		Earned:            countsJSON(t.EarnedTrophies),
		HasTrophyGroups:   t.HasTrophyGroups,
		Hidden:            t.HiddenFlag,
		LastUpdated:       timePtr(t.LastUpdatedDateTime),
		IconURL:           t.TrophyTitleIconURL,
	}
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeForTerminal(buf.Bytes()))
	return err
}

// escapeForTerminal writes DEL, the C1 controls (U+0080–U+009F; U+009B alone starts a terminal
// escape sequence) and the bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
// which encoding/json leaves raw, as \u escapes. In JSON they can only occur inside strings, so the
// document decodes to the same values; only the bytes a terminal sees change.
func escapeForTerminal(b []byte) []byte {
	if !bytes.ContainsFunc(b, escapedInJSON) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if escapedInJSON(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

func escapedInJSON(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// fraction prints earned/defined, or – when the grade has no trophies.
func fraction(earned, defined int) string {
	if defined == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/%d", earned, defined)
}

// shortDate prints a date for tables; – when absent.
func shortDate(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Local().Format("2006-01-02")
}

// platformLabel prints "PS5,PSPC" as "PS5 · PC", cleaned for a terminal.
func platformLabel(p string) string {
	parts := strings.Split(p, ",")
	for i, s := range parts {
		s = ui.CleanLine(s)
		switch s {
		case "PSPC":
			s = "PC"
		case "PSVITA":
			s = "Vita"
		}
		parts[i] = s
	}
	return strings.Join(parts, " · ")
}

// thousands prints 83595 as 83,595.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
