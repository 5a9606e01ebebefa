package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// The picture cache: every picture (title, group and trophy icons, avatars, game images) is
// downloaded once and kept on disk by URL, v1/images/<xx>/<sha256 of the URL>.bin, in the checked
// container of every cache file (so a torn or damaged file is noticed and fetched again), up to
// Options.ImageCacheSize, the least recently used going first. Downloads are outside Sony's
// request budget but polite: at most psnapi's ImageConcurrency at once and imageRate a second, and
// never twice (within a process, callers wanting one picture share its download; across processes,
// a claim under v1/claims makes one process download it while the others wait for its file).

// DefaultImageCacheSize is the default cap of the picture cache.
const DefaultImageCacheSize = 64 << 20

// maxImageRecord is the largest picture file read back: psnapi's download cap plus the container.
const maxImageRecord = psnapi.MaxImageSize + 64<<10

// imageRate and imageBurst pace picture downloads (real time): a burst for a screen of icons, then a
// steady trickle.
const (
	imageRate  = 10 // a second
	imageBurst = 20
)

// Failed downloads are not asked again for a while: a missing picture (4xx, not an image) for
// imageGoneFor, a network or server failure for imageRetryAfter.
const (
	imageGoneFor    = time.Hour
	imageRetryAfter = time.Minute
)

// touchAfter is how stale a picture file's time must be before a read refreshes it (the LRU order).
const touchAfter = time.Hour

type imageFailure struct {
	err   error
	until time.Time
}

func (l *Library) imagePath(url string) (path, hash string) {
	h := sha256.Sum256([]byte(url))
	hash = hex.EncodeToString(h[:])
	return filepath.Join(l.imagesDir(), hash[:2], hash+".bin"), hash
}

// CachedImage returns a picture's bytes from the disk cache, without a download; false when it is
// not cached.
func (l *Library) CachedImage(url string) (psnapi.Image, bool) {
	path, _ := l.imagePath(url)
	rec, ok := l.readImage(path, url)
	if !ok {
		return psnapi.Image{}, false
	}
	return psnapi.Image{URL: rec.URL, ContentType: rec.ContentType, Data: rec.Data}, true
}

// ImageData returns the picture at url: from the disk cache, else downloaded once and cached. A
// picture that could not be downloaded is not asked again for a while (the same error comes back).
func (l *Library) ImageData(ctx context.Context, url string) (psnapi.Image, error) {
	if img, ok := l.CachedImage(url); ok {
		return img, nil
	}
	if err := l.imageFailed(url); err != nil {
		return psnapi.Image{}, err
	}
	path, hash := l.imagePath(url)
	var out psnapi.Image
	err := l.once(ctx, "image\x00"+url, func() error {
		release, err := waitClaim(ctx, filepath.Join(l.claimsDir(), "i+"+hash))
		if err != nil {
			return err
		}
		defer release()
		if rec, ok := l.readImage(path, url); ok { // another process downloaded it meanwhile
			out = psnapi.Image{URL: rec.URL, ContentType: rec.ContentType, Data: rec.Data}
			return nil
		}
		api, ok := l.client().(imageAPI)
		if !ok || api == nil {
			return ErrNoAPI
		}
		if err := l.imagePace(ctx); err != nil {
			return err
		}
		img, err := api.Image(ctx, url)
		if err != nil {
			l.imageFail(url, err)
			return err
		}
		rec := imageRecord{URL: url, ContentType: img.ContentType, Data: img.Data, FetchedAt: l.now()}
		if err := l.writeRecord(path, kindImage, rec); err != nil {
			return fmt.Errorf("caching a picture: %w", err)
		}
		l.imageAdded(int64(len(img.Data)))
		out = img
		return nil
	})
	if err != nil {
		return psnapi.Image{}, err
	}
	if out.Data == nil { // joined another caller's download
		if img, ok := l.CachedImage(url); ok {
			return img, nil
		}
		return psnapi.Image{}, errors.New("store: the picture could not be cached")
	}
	return out, nil
}

// readImage reads a cached picture; a file that is not one (odd, damaged, of another URL) goes.
func (l *Library) readImage(path, url string) (imageRecord, bool) {
	b, err := readFileSafe(path, maxImageRecord)
	if errors.Is(err, fs.ErrNotExist) {
		return imageRecord{}, false
	}
	var odd *oddFileError
	if errors.As(err, &odd) {
		l.discard(path, errors.New(odd.reason))
		return imageRecord{}, false
	}
	if err != nil {
		return imageRecord{}, false
	}
	var rec imageRecord
	if err := decodeRecord(b, kindImage, &rec); err != nil {
		l.discard(path, err)
		return imageRecord{}, false
	}
	if rec.URL != url {
		l.discard(path, errors.New("it holds another picture"))
		return imageRecord{}, false
	}
	if st, err := os.Stat(path); err == nil && time.Since(st.ModTime()) > touchAfter {
		now := time.Now()
		os.Chtimes(path, now, now) // least recently used goes first
	}
	return rec, true
}

// imageFailed returns the error of a recent failed download of url.
func (l *Library) imageFailed(url string) error {
	l.live.mu.Lock()
	defer l.live.mu.Unlock()
	if f, ok := l.live.failed[url]; ok && time.Now().Before(f.until) {
		return f.err
	}
	return nil
}

func (l *Library) imageFail(url string, err error) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return
	}
	wait := imageRetryAfter
	var de *psnapi.DecodeError
	if k := psnapi.KindOf(err); k == psnapi.KindNotFound || k == psnapi.KindForbidden || k == psnapi.KindBadRequest || errors.As(err, &de) {
		wait = imageGoneFor
	}
	l.live.mu.Lock()
	defer l.live.mu.Unlock()
	if l.live.failed == nil {
		l.live.failed = map[string]imageFailure{}
	}
	l.live.failed[url] = imageFailure{err: err, until: time.Now().Add(wait)}
}

// imagePace waits for the picture downloads' pace (real time).
func (l *Library) imagePace(ctx context.Context) error {
	for {
		l.live.mu.Lock()
		now := time.Now()
		if l.live.tokensAt.IsZero() {
			l.live.tokens, l.live.tokensAt = imageBurst, now
		}
		l.live.tokens = min(imageBurst, l.live.tokens+now.Sub(l.live.tokensAt).Seconds()*imageRate)
		l.live.tokensAt = now
		if l.live.tokens >= 1 {
			l.live.tokens--
			l.live.mu.Unlock()
			return nil
		}
		wait := time.Duration((1 - l.live.tokens) / imageRate * float64(time.Second))
		l.live.mu.Unlock()
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// imageAdded counts a new picture file and trims the cache when it grew past its cap.
func (l *Library) imageAdded(n int64) {
	l.live.mu.Lock()
	if !l.live.sized {
		l.live.mu.Unlock()
		total := l.imageCacheBytes()
		l.live.mu.Lock()
		l.live.imageBytes, l.live.sized = total, true
	} else {
		l.live.imageBytes += n
	}
	over := l.live.imageBytes > l.opt.ImageCacheSize
	l.live.mu.Unlock()
	if over {
		l.trimImages()
	}
}

type imageFile struct {
	path string
	size int64
	mod  time.Time
}

func (l *Library) imageFiles() []imageFile {
	var out []imageFile
	filepath.WalkDir(l.imagesDir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".bin" || isTempName(d.Name()) {
			return nil
		}
		if info, err := d.Info(); err == nil && info.Mode().IsRegular() {
			out = append(out, imageFile{path: path, size: info.Size(), mod: info.ModTime()})
		}
		return nil
	})
	return out
}

func (l *Library) imageCacheBytes() int64 {
	var total int64
	for _, f := range l.imageFiles() {
		total += f.size
	}
	return total
}

// trimImages removes the least recently used pictures until the cache is back under 80% of its cap
// (so a full cache is not trimmed at every download).
func (l *Library) trimImages() {
	files := l.imageFiles()
	sort.Slice(files, func(i, j int) bool { return files[i].mod.Before(files[j].mod) })
	var total int64
	for _, f := range files {
		total += f.size
	}
	keep := l.opt.ImageCacheSize * 8 / 10
	for _, f := range files {
		if total <= keep {
			break
		}
		if os.Remove(f.path) == nil {
			total -= f.size
		}
	}
	l.live.mu.Lock()
	l.live.imageBytes, l.live.sized = total, true
	l.live.mu.Unlock()
}
