package psntest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"net/http"
	"strings"
)

// Every picture URL the fake hands out (title, group and trophy icons, reward images, avatars,
// played games' images) points at the fake itself: Sony's URL https://host/path becomes
// {srv.URL}/images/host/path, and GET /images/host/path answers a small PNG drawn for it, the
// same bytes every time. Pictures are recognisable: a title's icon has its own colours and shape, a
// trophy shows a cup in its grade's colour on a background of its own, an avatar a bust on a
// background of its own. Image requests need no token, are logged (Request.Image) and never count
// in the rate limit, like Sony's image hosts.

// imagePrefix is the path under which the fake serves pictures.
const imagePrefix = "/images/"

type imageKind int

const (
	imageTitle  imageKind = iota // title or group icon: wide for PS3/PS4/Vita sets, square for PS5/PC
	imageTrophy                  // a trophy icon; grade decides the cup's colour
	imageAvatar
	imageGame // a played game's store image, or a reward image
)

// imageSpec is what an image URL shows.
type imageSpec struct {
	kind  imageKind
	wide  bool
	grade int // imageTrophy: 0 bronze … 3 platinum
}

// imageURL registers Sony's URL orig as a picture of spec and returns the fake's URL for it; ""
// stays "" (and every URL stays Sony's with Options.SonyImageURLs).
func (s *Server) imageURL(orig string, spec imageSpec) string {
	if orig == "" || s.opts.SonyImageURLs {
		return orig
	}
	rest := orig
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	path := imagePrefix + rest
	if s.images == nil {
		s.images = map[string]imageSpec{}
	}
	if _, ok := s.images[path]; !ok {
		s.images[path] = spec
	}
	return s.URL + path
}

// SonyImageURL maps one of the fake's image URLs back to the Sony URL it stands for (https), for
// tests that compare answers with Sony's printed examples; other strings come back unchanged.
func (s *Server) SonyImageURL(u string) string {
	if rest, ok := strings.CutPrefix(u, s.URL+imagePrefix); ok {
		return "https://" + rest
	}
	return u
}

// ImageFetches counts the image requests in the log by path (since the start or the last
// ResetLog), answered or not: a test asserts "each image fetched once" with it.
func (s *Server) ImageFetches() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, r := range s.log {
		if r.Image {
			out[r.Path]++
		}
	}
	return out
}

// image answers GET /images/…: the PNG registered for the path, 404 (HTML, like a CDN) for a path
// the fake never handed out.
func (s *Server) image(c *call) response {
	spec, ok := s.images[c.r.URL.Path]
	if !ok {
		return htmlError(http.StatusNotFound)
	}
	body := drawImage(c.r.URL.Path, spec)
	h := http.Header{}
	h.Set("Content-Type", "image/png")
	h.Set("Cache-Control", "max-age=31536000")
	return response{status: http.StatusOK, header: h, body: body}
}

// gradeColours are the cups of bronze, silver, gold and platinum trophies.
var gradeColours = [4]color.NRGBA{{205, 127, 50, 255}, {192, 192, 200, 255}, {255, 200, 40, 255}, {170, 215, 255, 255}}

// drawImage draws the picture of path: deterministic, a few hundred bytes of PNG.
func drawImage(path string, spec imageSpec) []byte {
	h := fnv(path)
	hue := float64(h%360) / 360
	bg1 := hsl(hue, 0.55, 0.32)
	bg2 := hsl(math.Mod(hue+0.12, 1), 0.6, 0.5)
	w, ht := 48, 48
	switch {
	case spec.kind == imageTitle && spec.wide:
		w, ht = 64, 35 // Sony's PS3/PS4 icons are 320×176
	case spec.kind == imageTitle || spec.kind == imageGame:
		w, ht = 64, 64
	}
	img := image.NewNRGBA(image.Rect(0, 0, w, ht))
	for y := 0; y < ht; y++ {
		c := mix(bg1, bg2, float64(y)/float64(ht-1))
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, c)
		}
	}
	fg := hsl(math.Mod(hue+0.5, 1), 0.7, 0.78)
	cx, cy := float64(w)/2, float64(ht)/2
	switch spec.kind {
	case imageTrophy:
		cup := gradeColours[spec.grade&3]
		fillEllipse(img, cx, 17, 12, 11, cup, func(x, y float64) bool { return y >= 9 }) // the bowl
		fillRect(img, int(cx)-12, 9, int(cx)+12, 17, cup)
		ring(img, cx-13, 15, 5, 2, cup) // handles
		ring(img, cx+13, 15, 5, 2, cup)
		fillRect(img, int(cx)-2, 27, int(cx)+2, 34, cup) // stem
		fillRect(img, int(cx)-9, 34, int(cx)+9, 39, cup) // base
		fillEllipse(img, cx, 17, 3.5, 3.5, fg, nil)      // a gem of the trophy's own colour
	case imageAvatar:
		fillEllipse(img, cx, 18, 9, 10, fg, nil)                                                 // head
		fillEllipse(img, cx, 48, 19, 16, fg, func(x, y float64) bool { return y < float64(ht) }) // shoulders
	default:
		r := math.Min(cx, cy) * 0.6
		switch h / 360 % 4 {
		case 0:
			fillEllipse(img, cx, cy, r, r, fg, nil)
		case 1:
			fillPoly(img, cx, cy, r*1.2, 4, fg) // diamond
		case 2:
			fillPoly(img, cx, cy, r*1.2, 3, fg) // triangle
		default:
			ring(img, cx, cy, r, r*0.35, fg)
		}
		if spec.kind == imageGame {
			fillRect(img, 0, ht-6, w, ht, fg) // a store image's band
		}
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&b, img); err != nil {
		panic("psntest: png: " + err.Error())
	}
	return b.Bytes()
}

func fnv(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func fillRect(img *image.NRGBA, x0, y0, x1, y1 int, c color.NRGBA) {
	for y := max(y0, 0); y < min(y1, img.Rect.Dy()); y++ {
		for x := max(x0, 0); x < min(x1, img.Rect.Dx()); x++ {
			img.SetNRGBA(x, y, c)
		}
	}
}

// fillEllipse fills the ellipse at (cx, cy) with radii rx, ry, where keep (if any) allows it.
func fillEllipse(img *image.NRGBA, cx, cy, rx, ry float64, c color.NRGBA, keep func(x, y float64) bool) {
	b := img.Rect
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			dx, dy := (fx-cx)/rx, (fy-cy)/ry
			if dx*dx+dy*dy <= 1 && (keep == nil || keep(fx, fy)) {
				img.SetNRGBA(x, y, c)
			}
		}
	}
}

// ring draws a circle's outline of the given thickness.
func ring(img *image.NRGBA, cx, cy, r, thick float64, c color.NRGBA) {
	b := img.Rect
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			if d <= r && d >= r-thick {
				img.SetNRGBA(x, y, c)
			}
		}
	}
}

// fillPoly fills a regular polygon with n corners, one pointing up.
func fillPoly(img *image.NRGBA, cx, cy, r float64, n int, c color.NRGBA) {
	b := img.Rect
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			px, py := float64(x)+0.5-cx, float64(y)+0.5-cy
			inside := true
			for k := 0; k < n; k++ {
				a := -math.Pi/2 + 2*math.Pi*(float64(k)+0.5)/float64(n)
				// the edge's outward normal is at angle a; its distance from the centre r·cos(π/n)
				if px*math.Cos(a)+py*math.Sin(a) > r*math.Cos(math.Pi/float64(n)) {
					inside = false
					break
				}
			}
			if inside {
				img.SetNRGBA(x, y, c)
			}
		}
	}
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	l := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.NRGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}

// hsl converts a hue, saturation and lightness (each 0…1) to a colour.
func hsl(h, s, l float64) color.NRGBA {
	q := l * (1 + s)
	if l >= 0.5 {
		q = l + s - l*s
	}
	p := 2*l - q
	conv := func(t float64) uint8 {
		t = math.Mod(t+1, 1)
		var v float64
		switch {
		case t < 1.0/6:
			v = p + (q-p)*6*t
		case t < 0.5:
			v = q
		case t < 2.0/3:
			v = p + (q-p)*(2.0/3-t)*6
		default:
			v = p
		}
		return uint8(math.Round(v * 255))
	}
	return color.NRGBA{conv(h + 1.0/3), conv(h), conv(h - 1.0/3), 255}
}
