package psnapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// Fuzz targets for everything that reads what a server sends. `go test` runs their seeds;
// `go test -fuzz=FuzzX ./psnapi/` explores further.

// addRecorded seeds f with recorded bodies whose path contains pathPart, when the recordings are
// present (they are not part of the repository).
func addRecorded(pathPart string, add func(it interaction)) {
	recorded, _ := readRecordings()
	for _, it := range recorded {
		if strings.Contains(it.URI.Path, pathPart) {
			add(it)
		}
	}
}

func FuzzParseErrorResponse(f *testing.F) {
	f.Add(404, []byte(`{"error": {"referenceId": "x", "code": 2240525, "message": "Resource not found"}}`), "")
	f.Add(404, []byte(`{"error": {"code": 2105356, "message": "User not found (user: 'x')"}}`), "")
	f.Add(400, []byte(`{"error":"invalid_grant","error_description":"Invalid refresh token","error_code":4159}`), "")
	f.Add(429, []byte(`<html><title>429</title></html>`), "1767400000")
	f.Add(503, []byte("<html><head><title>Service\nUnavailable</title>"), "")
	f.Add(400, []byte(`{"errors":[{"message":"PersistedQueryNotFound"}]}`), "")
	f.Add(500, []byte(`{"error":{"code":"12","message":`), "")
	f.Add(429, []byte(``), "1767400000123.5")
	f.Add(418, []byte("\x00\x01 \u00a0 plain"), "-5")
	addRecorded("/", func(it interaction) {
		if it.Status >= 400 {
			f.Add(it.Status, []byte(it.Body), "")
		}
	})
	f.Fuzz(func(t *testing.T, status int, body []byte, next string) {
		h := http.Header{}
		h.Set("X-RateLimit-Next-Available", next)
		err := parseErrorResponse("ep", status, h, body, clockStart)
		if err == nil {
			t.Fatal("nil error")
		}
		_ = err.Error()
		var msg string
		if status == http.StatusTooManyRequests {
			var rl *RateLimitedError
			if !errors.As(err, &rl) || rl.NextAvailable.IsZero() {
				t.Fatalf("429 gave %#v", err)
			}
			msg = rl.Message
		} else {
			var ae *APIError
			if !errors.As(err, &ae) || ae.Kind != kindForStatus(status) || ae.Status != status {
				t.Fatalf("%d gave %#v", status, err)
			}
			msg = ae.Message
		}
		if len(msg) > maxMessageLen+8 {
			t.Fatalf("message of %d bytes", len(msg))
		}
		for _, r := range msg {
			if !unicode.IsPrint(r) {
				t.Fatalf("unprintable %q in message %q", r, msg)
			}
		}
	})
}

// roundTrips checks that a decoded value encodes to JSON that decodes to the same encoding.
func roundTrips[T any](t *testing.T, v T) {
	t.Helper()
	a, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var back T
	if err := json.Unmarshal(a, &back); err != nil {
		t.Fatalf("unmarshal own JSON: %v\n%s", err, a)
	}
	b, _ := json.Marshal(back)
	if !bytes.Equal(a, b) {
		t.Fatalf("round trip changed:\n%s\n%s", a, b)
	}
}

// fuzzDecoder checks decodeJSON never panics, fails only with *DecodeError, and that what it
// accepts survives a round trip through our own JSON (the cache format).
func fuzzDecoder[T any](f *testing.F, seeds []string, pathPart string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"trophies":[{"trophyId":"x"}]}`))
	f.Add([]byte(`{"trophyTitles":[{"lastUpdatedDateTime":"yesterday"}]}`))
	f.Add([]byte(`{"lastUpdatedDateTime":"2020-11-21T10:45:19.123456Z","unknown":[1,2,{"x":null}]}`))
	f.Add([]byte(`null`))
	addRecorded(pathPart, func(it interaction) {
		if it.Status == 200 && len(it.Body) < 20000 {
			f.Add([]byte(it.Body))
		}
	})
	f.Fuzz(func(t *testing.T, body []byte) {
		var v T
		err := decodeJSON("ep", body, &v)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || de.Endpoint != "ep" {
				t.Fatalf("%T %v", err, err)
			}
			return
		}
		roundTrips(t, v)
	})
}

func FuzzDecodeTrophyTitles(f *testing.F) {
	fuzzDecoder[TrophyTitles](f, []string{refTitlesExample1, refTitlesExample2}, "/trophyTitles")
}

func FuzzDecodeTitleTrophies(f *testing.F) {
	fuzzDecoder[TitleTrophies](f, []string{refTitleTrophiesExample1, refTitleTrophiesExample2}, "npCommunicationIds/")
}

func FuzzDecodeEarnedTrophies(f *testing.F) {
	fuzzDecoder[EarnedTrophies](f, []string{refEarnedExample1, refEarnedExample2}, "/users/")
}

func FuzzDecodeProfile(f *testing.F) {
	fuzzDecoder[Profile](f, []string{`{"onlineId":"x","plus":1,"avatarUrls":[{"size":"l","avatarUrl":"u"}]}`,
		`{"onlineId":"x","isPlus":true,"avatars":[{"size":"m","url":"u"}]}`}, "/profiles")
}

func FuzzDecodeGraphQL(f *testing.F) {
	for _, s := range []string{refTipsExample1, refTipsExample2, refTipsExample3, refHintsExample1, refHintsExample2,
		`{"errors":[{"message":"x"}]}`, `{"data":null}`, `{"data":{"tipsRetrieve":null}}`, `{"errors":[],"data":{}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var tips Tips
		check := func(err error) {
			if err == nil {
				return
			}
			var de *DecodeError
			var ge *GraphQLError
			if !errors.As(err, &de) && !errors.As(err, &ge) {
				t.Fatalf("%T %v", err, err)
			}
			_ = err.Error()
		}
		found, err := decodeGraphQL("metGetTips", "tipsRetrieve", body, &tips)
		check(err)
		if err == nil {
			roundTrips(t, tips)
		}
		if found && err != nil {
			t.Fatalf("found and failed: %v", err)
		}
		var hints HintAvailability
		_, err = decodeGraphQL("metGetHintAvailability", "hintAvailabilityRetrieve", body, &hints)
		check(err)
	})
}

func FuzzAuthorizationCode(f *testing.F) {
	for _, s := range []string{
		"com.scee.psxandroid.scecompcall://redirect/?code=v3.kqNaIA&cid=00000000-0000-0000-0000-5d152414a040",
		"https://my.account.sony.com/sonyacct/signin/?error=login_required&error_code=4165&error_description=User+is+not+authenticated",
		"", "%", "?code=", "?code=%zz", "com.scee.psxandroid.scecompcall://redirect#code=x", " \t?code=a b ",
	} {
		f.Add(s)
	}
	addRecorded("/authorize", func(it interaction) { f.Add(first(it.Headers["Location"])) })
	f.Fuzz(func(t *testing.T, location string) {
		code, err := authorizationCode(location)
		if err != nil {
			var de *DecodeError
			if code != "" || (!errors.Is(err, ErrNPSSOInvalid) && !errors.As(err, &de)) {
				t.Fatalf("%q: %q, %T %v", location, code, err, err)
			}
			return
		}
		u, perr := url.Parse(strings.TrimSpace(location))
		if perr != nil || code == "" || strings.TrimSpace(u.Query().Get("code")) != code {
			t.Fatalf("%q gave code %q", location, code)
		}
	})
}

func FuzzParseRateLimit(f *testing.F) {
	for _, s := range []string{"300/15m", "off", "0", "", "300/10s", "1/1h", "9999999999999999999999/1m", "5 per 2 minutes"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rl, err := ParseRateLimit(s)
		if err != nil {
			return
		}
		if !rl.Off() && (rl.Requests <= 0 || rl.Window <= 0) {
			t.Fatalf("%q gave %+v", s, rl)
		}
		if !rl.Off() {
			again, err := ParseRateLimit(rl.String())
			if err != nil || again != rl {
				t.Fatalf("%q → %v → %q → %v %v", s, rl, rl.String(), again, err)
			}
		}
	})
}
