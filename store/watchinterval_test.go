package store

import (
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

func TestWatchInterval(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	sony := psnapi.RateSnapshot{Limit: 300, Window: 15 * time.Minute}
	at := func(used int) psnapi.RateSnapshot { s := sony; s.Used = used; return s }
	for _, c := range []struct {
		name string
		s    psnapi.RateSnapshot
		want time.Duration
	}{
		{"idle at Sony's budget: 10% of 300/15m", at(0), 30 * time.Second},
		{"half the window used", at(150), 60 * time.Second},
		{"a tenth left", at(270), 300 * time.Second},
		{"spent", at(300), 300 * time.Second},
		{"more than spent (another process)", at(420), 300 * time.Second},
		{"budget off", psnapi.RateSnapshot{}, 30 * time.Second},
		{"a small budget: 20/1m", psnapi.RateSnapshot{Limit: 20, Window: time.Minute}, 30 * time.Second},
		{"a tiny budget: 10/15m", psnapi.RateSnapshot{Limit: 10, Window: 15 * time.Minute}, 15 * time.Minute},
		{"tiny and spent: at most a window", psnapi.RateSnapshot{Used: 10, Limit: 10, Window: 15 * time.Minute}, 15 * time.Minute},
		{"a huge budget: never under the floor", psnapi.RateSnapshot{Limit: 1200, Window: time.Minute}, MinWatchInterval},
		{"after a 429", psnapi.RateSnapshot{Used: 0, Limit: 300, Window: 15 * time.Minute, NextAvailable: now.Add(2 * time.Minute)}, 2*time.Minute + 30*time.Second},
		{"a 429 already over", psnapi.RateSnapshot{Limit: 300, Window: 15 * time.Minute, NextAvailable: now.Add(-time.Minute)}, 30 * time.Second},
	} {
		if got := WatchInterval(c.s, now); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// The share holds: checks at the idle interval spend at most WatchShare of the window.
	if per := sony.Window / WatchInterval(sony, now); float64(per) > WatchShare*float64(sony.Limit) {
		t.Fatalf("%d checks per window", per)
	}
}
