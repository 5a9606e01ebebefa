package store

import (
	"context"
	"os"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// BenchmarkSyncPlayTimeFirst is sync's play time step on a library whose games were never matched
// to their trophy titles: the played-games list, then every game's titleId asked (5 a request),
// as the browser's fill does in its first session on a library. 500 titles by default, 20,000 with
// PSN_STORE_BIG=1 (issue 12's bar: the browser process under 100 MB). peak-heap-MB is the most the
// heap held at once (live and not yet collected), sampled every millisecond.
func BenchmarkSyncPlayTimeFirst(b *testing.B) {
	n := 500
	if os.Getenv("PSN_STORE_BIG") == "1" {
		n = 20000
	}
	ctx := context.Background()
	var peak uint64
	for b.Loop() {
		b.StopTimer()
		s := newStack(b, stackOpts{server: psntest.Options{Titles: n}})
		if _, err := s.lib.Titles(ctx, "me", Auto); err != nil {
			b.Fatal(err)
		}
		s.srv.ResetLog()
		stop := sampleHeap(&peak)
		b.StartTimer()
		pt, _, err := s.lib.SyncPlayTime(psnapi.WithPriority(ctx, psnapi.Background), "me")
		b.StopTimer()
		stop()
		if err != nil || pt.Unmapped != 0 || len(pt.ByTitle) == 0 {
			b.Fatalf("sync step: %v, %d unmapped, %d titles", err, pt.Unmapped, len(pt.ByTitle))
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(n), "titles")
}

// sampleHeap keeps in *peak the most heap in objects seen until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			*peak = max(*peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
