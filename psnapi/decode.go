package psnapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Sony's answers are decoded record by record: one title, trophy or group with a field that cannot
// be read (a date of "9999-99-99", "hasTrophyGroups": "yes", a count beyond any range) is left out
// and named in the answer's Skipped lines, and the other records are kept. Fields that clients in
// the wild see both ways are read both ways: progress values as numbers or strings, empty dates as
// no date.

// maxCount bounds counts, ids and offsets: far above anything Sony has (a title has at most a few
// hundred trophies, an account tens of thousands of titles), far below an int's range.
const maxCount = 1 << 30

// rawIsNull reports an absent, null or empty-string value.
func rawIsNull(raw json.RawMessage) bool {
	s := string(bytes.TrimSpace(raw))
	return s == "" || s == "null" || s == `""`
}

// readInt reads a number or a numeric string between lo and hi; absent, null and "" read as 0.
// Integral floats ("50.0", 1e2) are accepted; fractions are not.
func readInt(raw json.RawMessage, field string, lo, hi int) (int, error) {
	if rawIsNull(raw) {
		return 0, nil
	}
	s := strings.TrimSpace(string(raw))
	if s[0] == '"' {
		var str string
		if err := json.Unmarshal(raw, &str); err != nil {
			return 0, fmt.Errorf("%s is not a number", field)
		}
		s = strings.TrimSpace(str)
		if s == "" {
			return 0, nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s %s is not a number", field, quoteShort(s))
	}
	if f != math.Trunc(f) {
		return 0, fmt.Errorf("%s %s is not a whole number", field, quoteShort(s))
	}
	if f < float64(lo) || f > float64(hi) {
		return 0, fmt.Errorf("%s %s is out of range (%d…%d)", field, quoteShort(s), lo, hi)
	}
	return int(f), nil
}

// readOptInt is readInt for a value whose absence matters (nextOffset): nil when absent or null.
func readOptInt(raw json.RawMessage, field string, lo, hi int) (*int, error) {
	if rawIsNull(raw) {
		return nil, nil
	}
	n, err := readInt(raw, field, lo, hi)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// readTime reads an ISO-8601 date with any fraction of a second (Sony sends seconds, milliseconds
// or microseconds); absent, null and "" are the zero time.
func readTime(raw json.RawMessage, field string) (time.Time, error) {
	if rawIsNull(raw) {
		return time.Time{}, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return time.Time{}, fmt.Errorf("%s is not a date string", field)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %s is not a date", field, quoteShort(s))
	}
	return t, nil
}

// readNumString reads a value Sony sends as a string of digits ("progress": "12") that some
// answers carry as a number: the result is the string form either way.
func readNumString(raw json.RawMessage, field string) (string, error) {
	if rawIsNull(raw) {
		return "", nil
	}
	s := strings.TrimSpace(string(raw))
	if s[0] == '"' {
		var str string
		if err := json.Unmarshal(raw, &str); err != nil {
			return "", fmt.Errorf("%s is not a string", field)
		}
		return str, nil
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return "", fmt.Errorf("%s is neither a string nor a number", field)
	}
	return s, nil
}

// fieldError turns encoding/json's type error ("cannot unmarshal string into Go struct field
// x.hasTrophyGroups of type bool") into "hasTrophyGroups: a string where a bool belongs".
func fieldError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := strings.TrimPrefix(te.Field, "plain.")
		if field == "" {
			return fmt.Errorf("a %s where an object belongs", te.Value)
		}
		want := "value"
		if te.Type != nil {
			switch te.Type.Kind() {
			case reflect.Struct, reflect.Map:
				want = "object"
			case reflect.Slice, reflect.Array:
				want = "list"
			case reflect.Bool:
				want = "bool"
			case reflect.String:
				want = "string"
			case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64:
				want = "number"
			}
		}
		return fmt.Errorf("%s: a %s where a %s belongs", field, te.Value, want)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return errors.New("not valid JSON")
	}
	return err
}

func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}

// decodeRecords decodes each raw record into a T; a record that fails (or is null) is left out and
// described in skipped as "<what> <label>: <reason>". label names the record from whatever fields
// of it can be read. A nil input stays nil, an empty one empty (round trips keep their shape).
func decodeRecords[T any](raws []json.RawMessage, what string, label func(map[string]json.RawMessage) string, check func(*T) error) (out []T, skipped []string) {
	if raws == nil {
		return nil, nil
	}
	out = make([]T, 0, len(raws))
	for i, raw := range raws {
		var v T
		err := errEmptyRecord
		if !rawIsNull(raw) {
			err = json.Unmarshal(raw, &v)
			if err == nil && check != nil {
				err = check(&v)
			}
		}
		if err != nil {
			skipped = append(skipped, skipLine(what, i, raw, label, err))
			continue
		}
		out = append(out, v)
	}
	return out, skipped
}

var errEmptyRecord = errors.New("empty record")

// skipLine is one readable line about a record left out: control characters dropped, length capped.
func skipLine(what string, index int, raw json.RawMessage, label func(map[string]json.RawMessage) string, err error) string {
	name := ""
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) == nil && label != nil {
		name = label(fields)
	}
	if name == "" {
		name = "#" + strconv.Itoa(index+1)
	}
	return cleanMessage(fmt.Sprintf("skipped %s %s: %v", what, name, fieldError(err)))
}

// stringField returns fields[k] when it is a JSON string or number, "" otherwise.
func stringField(fields map[string]json.RawMessage, k string) string {
	raw, ok := fields[k]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// labelOf builds a label from an id field and an optional name field: `NPWR20188_00 "ASTRO's PLAYROOM"`.
func labelOf(idField, nameField string) func(map[string]json.RawMessage) string {
	return func(f map[string]json.RawMessage) string {
		id := stringField(f, idField)
		name := ""
		if raw, ok := f[nameField]; ok && nameField != "" {
			_ = json.Unmarshal(raw, &name)
			name = strings.TrimSpace(name)
		}
		switch {
		case id != "" && name != "":
			return id + " " + quoteShort(name)
		case name != "":
			return quoteShort(name)
		}
		return id
	}
}
