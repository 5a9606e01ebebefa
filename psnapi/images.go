package psnapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// MaxImageSize bounds an image download: Sony's icons are a few hundred KB at most.
const MaxImageSize = 4 << 20

// DefaultImageConcurrency is how many image downloads run at once by default.
const DefaultImageConcurrency = 2

// Image is a picture downloaded from one of Sony's image hosts (a title, group or trophy icon, an
// avatar, a played game's image).
type Image struct {
	URL         string
	ContentType string // "image/png", "image/jpeg"…, from the answer or sniffed from the bytes
	Data        []byte
}

// imageGate limits image downloads to a few at once; they are polite to the image hosts but
// outside the trophy API's request budget.
type imageGate chan struct{}

func newImageGate(n int) imageGate {
	if n <= 0 {
		n = DefaultImageConcurrency
	}
	return make(imageGate, n)
}

// Image downloads the picture at rawURL, as found in Sony's answers (trophyTitleIconUrl,
// trophyIconUrl, avatarUrl, imageUrl…). Image hosts need no token and get none: the access token
// is never sent to a URL a server handed out. Only http and https URLs are fetched, redirects are
// followed, at most Options.ImageConcurrency downloads run at once, and none of it counts in the
// request budget (OnSent is not called). Errors are typed: a refused URL or an answer that is not
// an image is a *DecodeError, an HTTP error an *APIError (EndpointImage), no answer a *NetworkError.
func (c *Client) Image(ctx context.Context, rawURL string) (Image, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Image{}, &DecodeError{Endpoint: EndpointImage, Err: errors.New("not an http(s) image URL")}
	}
	select {
	case c.images <- struct{}{}:
		defer func() { <-c.images }()
	case <-ctx.Done():
		return Image{}, ctx.Err()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Image{}, &DecodeError{Endpoint: EndpointImage, Err: errors.New("not an http(s) image URL")}
	}
	req.Header.Set("User-Agent", apiUserAgent)
	req.Header.Set("Accept", "image/*")
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return Image{}, ctx.Err()
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return Image{}, &NetworkError{Endpoint: EndpointImage, Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxImageSize+1))
	if err != nil {
		if ctx.Err() != nil {
			return Image{}, ctx.Err()
		}
		return Image{}, &NetworkError{Endpoint: EndpointImage, Err: err}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Image{}, &APIError{Kind: kindForStatus(resp.StatusCode), Status: resp.StatusCode, Endpoint: EndpointImage,
			Message: textMessage(data)}
	}
	if len(data) > MaxImageSize {
		return Image{}, &DecodeError{Endpoint: EndpointImage, Err: fmt.Errorf("image larger than %d MB", MaxImageSize>>20)}
	}
	// The bytes decide, not the header: a CDN's error page can come with a 200.
	sniffed := http.DetectContentType(data)
	if !strings.HasPrefix(sniffed, "image/") {
		return Image{}, &DecodeError{Endpoint: EndpointImage, Err: fmt.Errorf("not an image (%s)", strings.SplitN(sniffed, ";", 2)[0])}
	}
	ct := strings.TrimSpace(strings.SplitN(resp.Header.Get("Content-Type"), ";", 2)[0])
	if !strings.HasPrefix(ct, "image/") {
		ct = sniffed
	}
	return Image{URL: rawURL, ContentType: ct, Data: data}, nil
}
