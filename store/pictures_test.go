package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/psnclient/psn-client/psnapi"
)

// pictureURLs returns n picture URLs the fake handed out (title icons of the demo account).
func pictureURLs(t *testing.T, s *stack, n int) []string {
	t.Helper()
	tl, err := s.lib.Titles(context.Background(), "me", Auto)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	seen := map[string]bool{}
	for _, ti := range tl.Titles {
		if u := ti.TrophyTitleIconURL; u != "" && !seen[u] && strings.Contains(u, "/images/") {
			seen[u] = true
			out = append(out, u)
			if len(out) == n {
				return out
			}
		}
	}
	t.Fatalf("only %d picture URLs", len(out))
	return nil
}

// imageFiles lists the picture files on disk.
func diskImages(t *testing.T, s *stack) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(s.lib.imagesDir(), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	return out
}

// The cache holds each picture once: fetched once whatever asks for it, in this process or
// another, at any size; on disk one file per URL; never counted in the request budget.
func TestPicturesAreFetchedOnce(t *testing.T) {
	s := newStack(t, stackOpts{rate: psnapi.RateLimit{Requests: 300, Window: 15 * 60e9}})
	ctx := context.Background()
	urls := pictureURLs(t, s, 3)
	used := s.client.Rate().Used
	other := openTest(t, s.paths, Options{Now: s.clock.Now}) // a second process on the same cache
	other.SetAPI(psnapi.New(other.APIOptions(psnapi.Options{APIBase: s.srv.APIBase(), AuthBase: s.srv.AuthBase(),
		ProfileBase: s.srv.ProfileBase(), HTTPClient: s.srv.Client(), Now: s.clock.Now})))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 8; i++ {
		for _, u := range urls {
			lib := s.lib
			if i%2 == 1 {
				lib = other
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, err := lib.Picture(ctx, u, 4+i%3, 2+i%2)
				if err == nil && (p.Bounds().Dx() > 4+i%3 || p.Bounds().Dy() > 2*(2+i%2) || p.Bounds().Empty()) {
					err = errors.New("picture larger than its cells")
				}
				if err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := s.client.Rate().Used; got != used {
		t.Fatalf("pictures counted in the budget: %d → %d", used, got)
	}
	s.reopen(stackOpts{})
	for _, u := range urls {
		if _, err := s.lib.Picture(ctx, u, 10, 5); err != nil {
			t.Fatal(err)
		}
	}
	fetches := s.srv.ImageFetches()
	if len(fetches) != len(urls) {
		t.Fatalf("pictures fetched: %v, want %d", fetches, len(urls))
	}
	for path, n := range fetches {
		if n != 1 {
			t.Errorf("%s fetched %d times", path, n)
		}
	}
	if files := diskImages(t, s); len(files) != len(urls) {
		t.Fatalf("files on disk: %v, want %d", files, len(urls))
	}
	for _, r := range s.srv.Requests() {
		if r.Image && r.Authorized {
			t.Fatalf("a picture download carried the token: %s", r.Path)
		}
	}
}

// A picture is scaled with a real filter (not nearest neighbour) into cols × 2·rows pixels, its
// aspect kept.
func TestFitPicture(t *testing.T) {
	wide := image.NewRGBA(image.Rect(0, 0, 100, 50))
	if p := FitPicture(wide, 10, 10); p.Bounds().Dx() != 10 || p.Bounds().Dy() != 5 {
		t.Fatalf("100×50 in 10×10 cells: %v, want 10×5", p.Bounds())
	}
	tall := image.NewRGBA(image.Rect(0, 0, 30, 90))
	if p := FitPicture(tall, 10, 3); p.Bounds().Dx() != 2 || p.Bounds().Dy() != 6 {
		t.Fatalf("30×90 in 10×3 cells: %v, want 2×6", p.Bounds())
	}
	// Black | white, two pixels, widened to eight: a filter gives greys in between.
	bw := image.NewRGBA(image.Rect(0, 0, 2, 1))
	bw.Set(0, 0, color.Black)
	bw.Set(1, 0, color.White)
	p := FitPicture(bw, 8, 2)
	greys := 0
	for x := 0; x < p.Bounds().Dx(); x++ {
		if r := p.RGBAAt(x, 0).R; r > 20 && r < 235 {
			greys++
		}
	}
	if p.Bounds().Dx() != 8 || greys == 0 {
		t.Fatalf("scaled %v with %d intermediate pixels: nearest neighbour?", p.Bounds(), greys)
	}
}

// pngClaiming is a PNG header that claims a w×h picture (a decompression bomb's first bytes).
func pngClaiming(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// Hostile pictures: a decompression bomb is refused before decoding; garbage is an error.
func TestDecodePictureRefusesBombsAndGarbage(t *testing.T) {
	if _, err := DecodePicture(pngClaiming(100000, 100000)); !errors.Is(err, ErrPictureTooLarge) {
		t.Fatalf("bomb: %v, want ErrPictureTooLarge", err)
	}
	if _, err := DecodePicture([]byte("<html>503</html>")); err == nil {
		t.Fatal("garbage decoded")
	}
	var ok bytes.Buffer
	png.Encode(&ok, image.NewRGBA(image.Rect(0, 0, 3, 2)))
	if img, err := DecodePicture(ok.Bytes()); err != nil || img.Bounds().Dx() != 3 {
		t.Fatalf("a real PNG: %v", err)
	}
}

// A file in a picture's place that is not one (a FIFO, garbage, another URL's picture) is
// discarded without blocking and the picture fetched again, once.
func TestPictureCacheSurvivesOddFiles(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	urls := pictureURLs(t, s, 3)
	for _, u := range urls {
		if _, err := s.lib.ImageData(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	p0, _ := s.lib.imagePath(urls[0])
	p1, _ := s.lib.imagePath(urls[1])
	p2, _ := s.lib.imagePath(urls[2])
	os.Remove(p0)
	if err := syscall.Mkfifo(p0, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	os.WriteFile(p1, []byte("PSNC garbage"), 0o644)
	b, _ := os.ReadFile(p2)
	os.WriteFile(p1+".x", b, 0o644)
	os.Rename(p1+".x", p1) // the picture of urls[2] in urls[1]'s place
	s.srv.ResetLog()
	s.reopen(stackOpts{})
	for _, u := range urls {
		if _, err := s.lib.Picture(ctx, u, 4, 2); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.srv.ImageFetches(); len(got) != 2 {
		t.Fatalf("refetched %v, want the two damaged ones once each", got)
	}
	if st, err := os.Lstat(p0); err != nil || !st.Mode().IsRegular() {
		t.Fatalf("the FIFO is still there: %v", err)
	}
}

// The cache keeps to its size: the least recently used pictures go first.
func TestPictureCacheIsCapped(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	urls := pictureURLs(t, s, 12)
	if _, err := s.lib.ImageData(ctx, urls[0]); err != nil {
		t.Fatal(err)
	}
	one := diskImages(t, s)
	st, _ := os.Stat(one[0])
	capacity := st.Size() * 5
	lib := openTest(t, s.paths, Options{Now: s.clock.Now, ImageCacheSize: capacity})
	lib.SetAPI(s.client)
	for _, u := range urls[1:] {
		if _, err := lib.ImageData(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	var total int64
	for _, f := range diskImages(t, s) {
		st, _ := os.Stat(f)
		total += st.Size()
	}
	if total > capacity+st.Size() { // files differ a little in size
		t.Fatalf("cache holds %d bytes, cap %d", total, capacity)
	}
	if _, ok := lib.CachedImage(urls[len(urls)-1]); !ok {
		t.Fatal("the newest picture was trimmed")
	}
	if _, ok := lib.CachedImage(urls[0]); ok {
		t.Fatal("the oldest picture was kept")
	}
}

// A picture that cannot be had is asked once, not at every frame.
func TestMissingPictureIsNotAskedAgain(t *testing.T) {
	s := newStack(t, stackOpts{})
	ctx := context.Background()
	u := s.srv.URL + "/images/example.com/nothing-here.png"
	for i := 0; i < 3; i++ {
		if _, err := s.lib.Picture(ctx, u, 4, 2); psnapi.KindOf(err) != psnapi.KindNotFound {
			t.Fatalf("missing picture: %v", err)
		}
	}
	if _, err := s.lib.Picture(ctx, "file:///etc/passwd", 4, 2); err == nil {
		t.Fatal("a file URL was read")
	}
	if n := len(s.srv.Requests()); n != 1 {
		t.Fatalf("%d downloads of a missing picture, want 1", n)
	}
}
