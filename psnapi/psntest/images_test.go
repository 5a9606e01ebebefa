package psntest

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"net/url"
	"strings"
	"testing"
)

// urlsIn collects every value of a key ending in "Url" or "url" (avatarUrls, trophyIconUrl…) in a
// decoded answer.
func urlsIn(v any, key string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			urlsIn(e, k, out)
		}
	case []any:
		for _, e := range x {
			urlsIn(e, key, out)
		}
	case string:
		if strings.HasSuffix(strings.ToLower(key), "url") && x != "" {
			*out = append(*out, x)
		}
	}
}

// raw GETs path and decodes the answer without mapping image URLs back to Sony's.
func (h *harness) raw(path string, headers ...string) any {
	h.t.Helper()
	r := h.get(path, headers...)
	if r.status != 200 {
		h.t.Fatalf("GET %s: %d %.200s", path, r.status, r.body)
	}
	var v any
	if err := json.Unmarshal(r.body, &v); err != nil {
		h.t.Fatal(err)
	}
	return v
}

// Issue 13 #6: every picture URL in the demo data points at the fake, which answers a real PNG;
// pictures are image fetches, outside the trophy API's rate limit, logged for "each once" checks.
func TestEveryPictureURLIsServedByTheFake(t *testing.T) {
	h := start(t, Options{RateLimit: 25})
	var urls []string
	add := func(path string, headers ...string) { urlsIn(h.raw(path, headers...), "", &urls) }
	add("/api/trophy/v1/users/me/trophyTitles?limit=800")
	add("/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies")
	add("/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups/all/trophies?npServiceName=trophy")
	add("/api/trophy/v1/npCommunicationIds/NPWR19950_00/trophyGroups/all/trophies") // reward images
	add("/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups?npServiceName=trophy")
	add("/api/trophy/v1/users/me/titles/trophyTitles?npTitleIds=PPSA01325_00,CUSA04437_00")
	add("/api/userProfile/v1/internal/users/" + FriendAccountID + "/profiles")
	add("/userProfile/v1/users/" + FriendOnlineID + "/profile2?fields=accountId,onlineId,avatarUrls")
	add("/api/gamelist/v2/users/me/titles?limit=200")
	add(presencesPath + "?" + url.Values{"type": {"primary"}, "accountIds": {DemoAccountID}, "withOwnGameTitleInfo": {"true"}}.Encode())
	if len(urls) < 600 {
		t.Fatalf("only %d picture URLs", len(urls))
	}
	h.srv.ResetLog()
	seen := map[string]bool{}
	kinds := map[string]int{}
	for _, u := range urls {
		if !strings.HasPrefix(u, h.srv.URL+imagePrefix) {
			t.Fatalf("%s does not point at the fake", u)
		}
		if seen[u] {
			continue
		}
		seen[u] = true
		r := h.do("GET", strings.TrimPrefix(u, h.srv.URL), "") // no token: image hosts need none
		if r.status != 200 || r.header.Get("Content-Type") != "image/png" {
			t.Fatalf("%s: %d %s", u, r.status, r.header.Get("Content-Type"))
		}
		img, err := png.Decode(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		b := img.Bounds()
		kinds[strings.Split(strings.TrimPrefix(u, h.srv.URL+imagePrefix), "/")[0]]++
		if b.Dx() < 32 || b.Dy() < 32 && b.Dx() != 64 || len(r.body) > 8000 {
			t.Fatalf("%s: %v, %d bytes", u, b, len(r.body))
		}
	}
	if len(kinds) < 3 {
		t.Errorf("image hosts %v", kinds)
	}
	// More image requests than the rate limit allows, none refused, none counted: the API still answers.
	if r := h.get("/api/trophy/v1/users/me/trophySummary"); r.status != 200 {
		t.Errorf("images used the API budget: %d", r.status)
	}
	fetches := h.srv.ImageFetches()
	if len(fetches) != len(seen) {
		t.Errorf("%d images fetched, log counts %d", len(seen), len(fetches))
	}
	for p, n := range fetches {
		if n != 1 {
			t.Errorf("%s logged %d times", p, n)
		}
	}
	for _, r := range h.srv.Requests() {
		if strings.HasPrefix(r.Path, imagePrefix) != r.Image {
			t.Errorf("%s: Image %v", r.Path, r.Image)
		}
	}
	if r := h.do("GET", imagePrefix+"psnobj.prod.dl.playstation.net/never/handed/out.png", ""); r.status != 404 {
		t.Errorf("an image never handed out: %d", r.status)
	}
}

// Pictures are recognisable: each title has its own colours, a trophy's cup has its grade's colour,
// and the same URL always gives the same bytes.
func TestPicturesAreDistinctAndStable(t *testing.T) {
	h := start(t, Options{})
	fetch := func(u string) image.Image {
		t.Helper()
		r := h.do("GET", strings.TrimPrefix(u, h.srv.URL), "")
		img, err := png.Decode(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		again := h.do("GET", strings.TrimPrefix(u, h.srv.URL), "")
		if !bytes.Equal(r.body, again.body) {
			t.Fatalf("%s changes between fetches", u)
		}
		return img
	}
	titles := list(obj(h.raw("/api/trophy/v1/users/me/trophyTitles?limit=40"))["trophyTitles"])
	corners := map[[3]uint32]bool{}
	for _, tt := range titles {
		img := fetch(obj(tt)["trophyTitleIconUrl"].(string))
		r, g, b, _ := img.At(1, 1).RGBA()
		corners[[3]uint32{r, g, b}] = true
	}
	if len(corners) < 30 {
		t.Errorf("40 title icons share %d colours", len(corners))
	}
	trophies := list(obj(h.raw("/api/trophy/v1/npCommunicationIds/NPWR20188_00/trophyGroups/all/trophies"))["trophies"])
	grades := map[string]int{"bronze": 0, "silver": 1, "gold": 2, "platinum": 3}
	for _, tr := range trophies[:12] {
		m := obj(tr)
		img := fetch(m["trophyIconUrl"].(string))
		want := gradeColours[grades[m["trophyType"].(string)]]
		r, g, b, _ := img.At(24, 31).RGBA() // the cup's stem
		if uint8(r>>8) != want.R || uint8(g>>8) != want.G || uint8(b>>8) != want.B {
			t.Errorf("trophy %v (%v): stem %d,%d,%d, want %v", m["trophyId"], m["trophyType"], r>>8, g>>8, b>>8, want)
		}
	}
}
