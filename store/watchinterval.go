package store

import (
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// WatchShare is the share of the request budget a watch for new trophies may spend: psn-client
// watch's default interval and the browser's check (both use WatchInterval).
const WatchShare = 0.10

// MinWatchInterval is the shortest time between two checks, however large the budget: trophies are
// not earned by the second, and a check that moved titles costs a request per title.
const MinWatchInterval = 30 * time.Second

// WatchInterval is the time to wait before the next CheckNew, from the budget as it is now (the
// client's RateSnapshot). A check that finds nothing new costs one small request, so one every
// Window / (WatchShare × Limit) keeps watching under WatchShare of the budget: 30 s at Sony's
// 300/15m (and never under MinWatchInterval; a disabled budget counts as Sony's). Under pressure it
// stretches with the share of the window already used (twice as long with half the window left, ten
// times with a tenth or less, never more than a window), and it starts after a 429's pause ends.
func WatchInterval(s psnapi.RateSnapshot, now time.Time) time.Duration {
	limit, window := s.Limit, s.Window
	if limit <= 0 || window <= 0 {
		limit, window = psnapi.DefaultRateLimit.Requests, psnapi.DefaultRateLimit.Window
	}
	base := max(time.Duration(float64(window)/(WatchShare*float64(limit))), MinWatchInterval)
	d := base
	if s.Limit > 0 {
		free := float64(s.Limit-s.Used) / float64(s.Limit)
		d = time.Duration(float64(base) / min(1, max(free, 0.1)))
		d = min(d, max(window, base))
	}
	if s.NextAvailable.After(now) {
		d = max(d, s.NextAvailable.Sub(now)+base)
	}
	return d
}
