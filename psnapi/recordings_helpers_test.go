package psnapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// recordingsDir is ../shared/psn-recordings relative to the project root.
const recordingsDir = "../../shared/psn-recordings"

// interaction is one request/answer pair of a vcrpy cassette.
type interaction struct {
	File    string
	Method  string
	URI     *url.URL
	Status  int
	Headers map[string][]string
	Body    string
	// ReqHeaders and ReqBody are what the recorded client sent (secrets removed by the recorder).
	ReqHeaders http.Header
	ReqBody    string
}

type cassette struct {
	Interactions []struct {
		Request struct {
			Method  string                     `json:"method"`
			URI     string                     `json:"uri"`
			Headers map[string]json.RawMessage `json:"headers"`
			Body    *string                    `json:"body"`
		} `json:"request"`
		Response struct {
			Status struct {
				Code int `json:"code"`
			} `json:"status"`
			Headers map[string]json.RawMessage `json:"headers"`
			Body    struct {
				String string `json:"string"`
			} `json:"body"`
		} `json:"response"`
	} `json:"interactions"`
}

// loadRecordings reads every cassette, skipping the test when the folder is absent.
func loadRecordings(t testing.TB) []interaction {
	t.Helper()
	out, err := readRecordings()
	if errors.Is(err, errNoRecordings) {
		t.Skipf("no recordings in %s (they live outside the repository; see DESIGN.md)", recordingsDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var errNoRecordings = errors.New("no recordings")

func readRecordings() ([]interaction, error) {
	files, err := filepath.Glob(filepath.Join(recordingsDir, "*.json"))
	if err != nil || len(files) == 0 {
		return nil, errNoRecordings
	}
	sort.Strings(files)
	var out []interaction
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var c cassette
		if err := json.Unmarshal(data, &c); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, i := range c.Interactions {
			u, err := url.Parse(i.Request.URI)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			reqHeaders := http.Header{}
			for k, vs := range headerValues(i.Request.Headers) {
				reqHeaders[http.CanonicalHeaderKey(k)] = vs
			}
			var reqBody string
			if i.Request.Body != nil {
				reqBody = *i.Request.Body
			}
			out = append(out, interaction{File: filepath.Base(f), Method: i.Request.Method, URI: u,
				Status: i.Response.Status.Code, Headers: headerValues(i.Response.Headers), Body: i.Response.Body.String,
				ReqHeaders: reqHeaders, ReqBody: reqBody})
		}
	}
	return out, nil
}

// headerValues reads vcrpy's headers: lists of strings, or a single string.
func headerValues(h map[string]json.RawMessage) map[string][]string {
	out := map[string][]string{}
	for k, raw := range h {
		var vs []string
		if json.Unmarshal(raw, &vs) != nil {
			var v string
			_ = json.Unmarshal(raw, &v)
			vs = []string{v}
		}
		out[k] = vs
	}
	return out
}
