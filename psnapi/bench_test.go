package psnapi

import (
	"context"
	"testing"
)

// go test -bench . -benchmem ./psnapi/

func BenchmarkDecodeTitlesPage800(b *testing.B) {
	body := []byte(titlesPage("NPWR", 0, 800, 800))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var page TrophyTitles
		if err := decodeJSON("trophyTitles", body, &page); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLimiterAcquireRelease(b *testing.B) {
	l := newLimiter(Options{RateLimit: RateLimit{Requests: 1 << 30, Window: 1 << 40}, MaxInFlight: 4,
		Now: newAutoClock().Now, Sleep: newAutoClock().Sleep})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		release, err := l.acquire(ctx, "bench")
		if err != nil {
			b.Fatal(err)
		}
		release()
		if len(l.sent) > 10000 { // keep the window's slice from dominating
			l.sent = l.sent[:0]
		}
	}
}

// The whole title list of a 20,000-title account over loopback HTTP: 25 pages of 800.
func BenchmarkAllTrophyTitles20000(b *testing.B) {
	e := newEnv(b, syntheticTitles(func() int { return 20000 }, "NPWR"))
	b.ReportAllocs()
	for b.Loop() {
		titles, err := e.client.AllTrophyTitles(context.Background(), "me")
		if err != nil || len(titles) != 20000 {
			b.Fatal(len(titles), err)
		}
	}
}
