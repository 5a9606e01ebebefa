package psnapi

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// errorBody covers every error shape Sony's services answer with:
//
//	{"error":{"referenceId":"…","code":2240525,"message":"Resource not found"}}   trophy, userProfile
//	{"error":{"code":2105356,"message":"User not found (user: 'x')"}}           profile2
//	{"error":"invalid_grant","error_description":"…","error_code":4159}         OAuth
//	{"errors":[{"message":"…"}]}                                                GraphQL
type errorBody struct {
	Error            json.RawMessage `json:"error"`
	ErrorDescription string          `json:"error_description"`
	ErrorCode        flexInt         `json:"error_code"`
	Errors           []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

type apiErrorDetail struct {
	ReferenceID string  `json:"referenceId"`
	Code        flexInt `json:"code"`
	Message     string  `json:"message"`
}

// flexInt accepts a number or a numeric string: codes are numbers today, but a string would not
// be worth failing over.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		*f = 0
		return nil
	}
	*f = flexInt(n)
	return nil
}

// defaultRateLimitPause is how long the client holds back after a 429 that names no time.
const defaultRateLimitPause = time.Minute

// minRateLimitPause is the shortest hold after any 429. X-RateLimit-Next-Available is in whole
// seconds: the second it names may start before requests are accepted again, or be past already
// by our clock; sending at once would only collect more 429s (each one counted in the window).
const minRateLimitPause = time.Second

// parseErrorResponse turns a non-2xx answer into a typed error. It never fails: bodies that are
// HTML (gateways answer 5xx and 429 that way), empty or garbage still give an error of the right
// kind for the status.
func parseErrorResponse(endpoint string, status int, header http.Header, body []byte, now time.Time) error {
	code, message, ref := errorDetails(body)
	if status == http.StatusTooManyRequests {
		return &RateLimitedError{
			NextAvailable: nextAvailable(header, now),
			Status:        status,
			Code:          code,
			Message:       message,
			Endpoint:      endpoint,
		}
	}
	return &APIError{
		Kind:        kindForStatus(status),
		Status:      status,
		Code:        code,
		Message:     message,
		ReferenceID: ref,
		Endpoint:    endpoint,
	}
}

func kindForStatus(status int) Kind {
	switch {
	case status == http.StatusBadRequest:
		return KindBadRequest
	case status == http.StatusUnauthorized:
		return KindUnauthorized
	case status == http.StatusForbidden:
		return KindForbidden
	case status == http.StatusNotFound:
		return KindNotFound
	case status >= 500 && status <= 599:
		return KindServer
	}
	return KindOther
}

// errorDetails extracts Sony's code, message and reference id from any known body shape, or a
// readable message from an HTML or plain-text body.
func errorDetails(body []byte) (code int, message, ref string) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var eb errorBody
		if json.Unmarshal(trimmed, &eb) == nil {
			raw := bytes.TrimSpace(eb.Error)
			switch {
			case len(raw) > 0 && raw[0] == '{':
				var d apiErrorDetail
				if json.Unmarshal(raw, &d) == nil {
					return int(d.Code), cleanMessage(d.Message), d.ReferenceID
				}
			case len(raw) > 0 && raw[0] == '"':
				var name string
				if json.Unmarshal(raw, &name) == nil {
					msg := name
					if eb.ErrorDescription != "" {
						msg += ": " + eb.ErrorDescription
					}
					return int(eb.ErrorCode), cleanMessage(msg), ""
				}
			}
			if len(eb.Errors) > 0 {
				msgs := make([]string, 0, len(eb.Errors))
				for _, e := range eb.Errors {
					if m := cleanMessage(e.Message); m != "" {
						msgs = append(msgs, m)
					}
				}
				return 0, strings.Join(msgs, "; "), ""
			}
		}
		return 0, "", ""
	}
	return 0, textMessage(trimmed), ""
}

var htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// textMessage makes a short message from an HTML page (its title) or a short plain-text body.
func textMessage(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	if m := htmlTitle.FindSubmatch(body); m != nil {
		return cleanMessage(html.UnescapeString(string(m[1])))
	}
	if body[0] == '<' {
		return ""
	}
	return cleanMessage(string(body))
}

// maxMessageLen keeps error strings to one readable line.
const maxMessageLen = 200

// cleanMessage collapses whitespace, drops control characters and caps the length.
func cleanMessage(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case !unicode.IsPrint(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		if b.Len() >= maxMessageLen {
			return b.String() + "…"
		}
	}
	return b.String()
}

// nextAvailable reads X-RateLimit-Next-Available (unix seconds; milliseconds tolerated), then
// Retry-After, and falls back to a short pause: a 429 must always stop sending for a while. A time
// further ahead than Sony's window (maxRateLimitPause) is nonsense, a broken header or a clock far
// off, and is ignored like a missing one: no wait ever exceeds the window.
func nextAvailable(h http.Header, now time.Time) time.Time {
	believable := func(t time.Time) bool { return !t.After(now.Add(maxRateLimitPause)) }
	if v := strings.TrimSpace(h.Get("X-RateLimit-Next-Available")); v != "" {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && f < 1e15 {
			if f > 1e11 { // milliseconds
				f /= 1000
			}
			sec := int64(f)
			if t := time.Unix(sec, int64((f-float64(sec))*1e9)); believable(t) {
				return t
			}
		}
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && time.Duration(n) <= maxRateLimitPause/time.Second {
			return now.Add(time.Duration(n) * time.Second)
		}
		if t, err := http.ParseTime(v); err == nil && believable(t) {
			return t
		}
	}
	return now.Add(defaultRateLimitPause)
}

// decodeJSON unmarshals a 2xx body, reporting failures as *DecodeError. Unknown fields are
// ignored by design: Sony adds fields (trophyGroupCount) without notice.
func decodeJSON(endpoint string, body []byte, out any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &DecodeError{Endpoint: endpoint, Err: errEmptyBody}
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &DecodeError{Endpoint: endpoint, Err: err}
	}
	return nil
}

var errEmptyBody = errorString("empty body")

type errorString string

func (e errorString) Error() string { return string(e) }
