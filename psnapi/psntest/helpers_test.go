package psntest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type harness struct {
	t     *testing.T
	srv   *Server
	clock *fakeClock
	token string
}

func start(t *testing.T, o Options) *harness {
	t.Helper()
	clock := newClock()
	if o.Now == nil {
		o.Now = clock.Now
	}
	srv := NewServer(o)
	t.Cleanup(srv.Close)
	return &harness{t: t, srv: srv, clock: clock, token: srv.IssueToken(DemoAccountID).AccessToken}
}

type result struct {
	status int
	header http.Header
	body   []byte
}

func (r result) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not JSON (%v): %.300s", err, r.body)
	}
	return m
}

// get sends a GET with the harness token (unless token is overridden in headers with "-" to omit).
func (h *harness) get(path string, headers ...string) result {
	h.t.Helper()
	return h.do("GET", path, h.token, headers...)
}

func (h *harness) do(method, path, token string, headers ...string) result {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return result{resp.StatusCode, resp.Header, b}
}

// getOK GETs path and decodes its 200 answer. The fake's image URLs are mapped back to Sony's
// (SonyImageURL) so answers compare with the reference's examples; images_test.go checks the
// fake's own URLs through get.
func (h *harness) getOK(path string, headers ...string) map[string]any {
	h.t.Helper()
	r := h.get(path, headers...)
	if r.status != 200 {
		h.t.Fatalf("GET %s: %d %.300s", path, r.status, r.body)
	}
	r.body = []byte(strings.ReplaceAll(string(r.body), h.srv.URL+imagePrefix, "https://"))
	return r.json(h.t)
}

// wantError checks Sony's error body {"error":{"referenceId","code","message"}}.
func wantError(t *testing.T, r result, status, code int, msg string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %.300s", r.status, status, r.body)
	}
	var e struct {
		Error struct {
			ReferenceID string `json:"referenceId"`
			Code        int    `json:"code"`
			Message     string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body not JSON: %s", r.body)
	}
	if e.Error.Code != code || (msg != "" && e.Error.Message != msg) || e.Error.ReferenceID == "" {
		t.Fatalf("error %+v, want code %d message %q with a referenceId", e.Error, code, msg)
	}
}

// mustJSON decodes a reference snippet.
func mustJSON(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad test JSON: %v\n%s", err, s)
	}
	return v
}

// assertSubset checks that every key of want is in got with an equal value (objects recursively;
// arrays must have the same length and match element by element).
func assertSubset(t *testing.T, got, want any, path string) {
	t.Helper()
	if err := subset(got, want, path); err != nil {
		t.Fatal(err)
	}
}

func subset(got, want any, path string) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: got %T, want object", path, got)
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s.%s: missing", path, k)
			}
			if err := subset(gv, wv, path+"."+k); err != nil {
				return err
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Errorf("%s: got %v, want %d elements", path, got, len(w))
		}
		for i := range w {
			if err := subset(g[i], w[i], fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	default:
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("%s: got %#v, want %#v", path, got, want)
		}
		return nil
	}
}

// assertEqualJSON checks got and want are the same JSON value (no extra keys either side).
func assertEqualJSON(t *testing.T, got, want any, path string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.MarshalIndent(got, "", " ")
		wb, _ := json.MarshalIndent(want, "", " ")
		t.Fatalf("%s differs:\ngot  %s\nwant %s", path, gb, wb)
	}
}

func list(v any) []any { l, _ := v.([]any); return l }
func obj(v any) map[string]any {
	o, _ := v.(map[string]any)
	return o
}

// findBy returns the element of a list whose key equals value.
func findBy(t *testing.T, l any, key string, value any) map[string]any {
	t.Helper()
	for _, e := range list(l) {
		if reflect.DeepEqual(obj(e)[key], value) {
			return obj(e)
		}
	}
	t.Fatalf("no element with %s=%v", key, value)
	return nil
}

// allTitles fetches the whole title list of an account with limit=800 pages.
func (h *harness) allTitles(account string) []any {
	h.t.Helper()
	var out []any
	for offset := 0; ; {
		m := h.getOK(fmt.Sprintf("/api/trophy/v1/users/%s/trophyTitles?limit=800&offset=%d", account, offset))
		out = append(out, list(m["trophyTitles"])...)
		next, ok := m["nextOffset"].(float64)
		if !ok {
			return out
		}
		offset = int(next)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
