package store

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// iconPNG is a picture the size of Sony's PS4 title icons (320×176), with detail to scale.
func iconPNG(b *testing.B) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 320, 176))
	for y := 0; y < 176; y++ {
		for x := 0; x < 320; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// Decoding a title icon and scaling it to a 12×4-cell header picture: the work a picture costs off
// the UI goroutine once its file is cached.
func BenchmarkDecodeAndFitIcon(b *testing.B) {
	data := iconPNG(b)
	b.ReportAllocs()
	for b.Loop() {
		img, err := DecodePicture(data)
		if err != nil {
			b.Fatal(err)
		}
		FitPicture(img, 12, 4)
	}
}

// A picture scaled before comes from memory.
func BenchmarkCachedPicture(b *testing.B) {
	l := openTest(b, testPaths(b), Options{})
	img, _ := DecodePicture(iconPNG(b))
	l.live.pictures.put(&l.live.mu, pictureKey("u", 12, 4), FitPicture(img, 12, 4))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := l.CachedPicture("u", 12, 4); !ok {
			b.Fatal("not cached")
		}
	}
}
