package store

import (
	"bytes"
	"container/list"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // Sony serves PNG and JPEG; GIF and WebP cost nothing to accept
	_ "image/jpeg"
	_ "image/png"
	"strconv"
	"sync"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// Pictures for the terminal: a cached picture decoded and scaled to a grid of cells, off the UI
// goroutine (call Picture in a tea.Cmd). A cell drawn with a half block shows two pixels, one above
// the other, so a picture for cols×rows cells is scaled to fit cols×2·rows pixels, its aspect kept.

// MaxPicturePixels bounds a picture's decoded size (width × height): a small file can claim a huge
// image (a decompression bomb); Sony's largest pictures are about 1920×1080.
const MaxPicturePixels = 4096 * 4096

// pictureMemoSize is how many scaled pictures stay in memory (a screen of icons and avatars, twice).
const pictureMemoSize = 256

// ErrPictureTooLarge is returned for a picture whose decoded size exceeds MaxPicturePixels.
var ErrPictureTooLarge = errors.New("store: picture too large to decode")

// Picture returns the picture at url scaled to fit cols × 2·rows pixels (one cell = two pixels, one
// above the other), its aspect kept: the result is at most that size and centred by the caller. It
// is downloaded once (ImageData), decoded and scaled with x/image/draw's Catmull-Rom filter, and
// kept in memory for the next call with the same size. Alpha is kept (a transparent corner stays
// transparent). The *image.RGBA is shared: do not modify it.
func (l *Library) Picture(ctx context.Context, url string, cols, rows int) (*image.RGBA, error) {
	if cols <= 0 || rows <= 0 {
		return nil, fmt.Errorf("store: a picture needs at least one cell, not %d×%d", cols, rows)
	}
	key := pictureKey(url, cols, rows)
	if p, ok := l.live.pictures.get(&l.live.mu, key); ok {
		return p, nil
	}
	img, err := l.ImageData(ctx, url)
	if err != nil {
		return nil, err
	}
	decoded, err := DecodePicture(img.Data)
	if err != nil {
		return nil, fmt.Errorf("picture %s: %w", url, err)
	}
	p := FitPicture(decoded, cols, rows)
	l.live.pictures.put(&l.live.mu, key, p)
	return p, nil
}

// CachedPicture returns a picture Picture scaled before, from memory (no disk, no network).
func (l *Library) CachedPicture(url string, cols, rows int) (*image.RGBA, bool) {
	return l.live.pictures.get(&l.live.mu, pictureKey(url, cols, rows))
}

func pictureKey(url string, cols, rows int) string {
	return strconv.Itoa(cols) + "x" + strconv.Itoa(rows) + " " + url
}

// DecodePicture decodes a PNG, JPEG, GIF or WebP picture, refusing one whose size exceeds
// MaxPicturePixels before decoding it.
func DecodePicture(data []byte) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, errors.New("empty picture")
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPicturePixels {
		return nil, fmt.Errorf("%w (%d×%d)", ErrPictureTooLarge, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	return img, err
}

// FitPicture scales img to fit cols × 2·rows pixels, aspect kept (at least one pixel each way),
// with the Catmull-Rom filter (ApproxBiLinear for large shrinks, where it is as good and faster).
func FitPicture(img image.Image, cols, rows int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	boxW, boxH := max(cols, 1), max(2*rows, 2)
	tw, th := boxW, boxH
	if w > 0 && h > 0 {
		// The larger of the two scales that fit: width-bound or height-bound.
		if w*boxH > h*boxW {
			th = max(1, (h*boxW+w/2)/w)
		} else {
			tw = max(1, (w*boxH+h/2)/h)
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	if w <= 0 || h <= 0 {
		return dst
	}
	var filter draw.Interpolator = draw.CatmullRom
	if w > 8*tw && h > 8*th {
		filter = draw.ApproxBiLinear
	}
	filter.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// pictureMemo keeps the most recently used scaled pictures (its lock is liveState's).
type pictureMemo struct {
	order *list.List // front: most recent; values are *memoEntry
	at    map[string]*list.Element
}

type memoEntry struct {
	key string
	pic *image.RGBA
}

func (m *pictureMemo) get(mu sync.Locker, key string) (*image.RGBA, bool) {
	mu.Lock()
	defer mu.Unlock()
	e, ok := m.at[key]
	if !ok {
		return nil, false
	}
	m.order.MoveToFront(e)
	return e.Value.(*memoEntry).pic, true
}

func (m *pictureMemo) put(mu sync.Locker, key string, p *image.RGBA) {
	mu.Lock()
	defer mu.Unlock()
	if m.at == nil {
		m.at, m.order = map[string]*list.Element{}, list.New()
	}
	if e, ok := m.at[key]; ok {
		e.Value.(*memoEntry).pic = p
		m.order.MoveToFront(e)
		return
	}
	m.at[key] = m.order.PushFront(&memoEntry{key: key, pic: p})
	for m.order.Len() > pictureMemoSize {
		last := m.order.Back()
		m.order.Remove(last)
		delete(m.at, last.Value.(*memoEntry).key)
	}
}
