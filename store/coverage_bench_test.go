package store

import (
	"context"
	"testing"

	"github.com/psnclient/psn-client/psnapi"
)

// BenchmarkCoverage20000: the coverage note of a synced 20,000-title library (the index vouches for
// every title: two stats each).
func BenchmarkCoverage20000(b *testing.B) {
	l := openTest(b, testPaths(b), Options{})
	titles := benchTitles(20000)
	key := l.accountKey("me")
	if err := l.saveTitles(key, &titlesRecord{Titles: titles}); err != nil {
		b.Fatal(err)
	}
	idx := l.openIndex(key)
	for _, t := range titles {
		t.HasTrophyGroups = false // no group names to wait for in this cache
		writeBenchTitle(b, l, key, t, 5)
	}
	for _, t := range titles {
		idx.record(t)
	}
	idx.save(titles)
	for b.Loop() {
		c, err := l.Coverage("me")
		if err != nil || c.Titles != 20000 {
			b.Fatal(c, err)
		}
	}
}

// pagerAPI serves a title list page by page from memory and counts the pages asked for.
type pagerAPI struct {
	fakeAPI
	pages int
}

func (p *pagerAPI) TrophyTitles(_ context.Context, _ string, limit, offset int) (psnapi.TrophyTitles, error) {
	p.pages++
	end := min(offset+limit, len(p.titles))
	return psnapi.TrophyTitles{TrophyTitles: p.titles[offset:end], Paging: psnapi.Paging{TotalItemCount: len(p.titles)}}, nil
}

// BenchmarkRefreshTitlesUnchanged20000: a browser start on 20,000 cached titles with nothing
// changed, the server's answer aside: one page asked for, merged with the cache and written.
func BenchmarkRefreshTitlesUnchanged20000(b *testing.B) {
	l := openTest(b, testPaths(b), Options{})
	titles := benchTitles(20000)
	for i, j := 0, len(titles)-1; i < j; i, j = i+1, j-1 { // newest first, as Sony sends it
		titles[i], titles[j] = titles[j], titles[i]
	}
	api := &pagerAPI{fakeAPI: fakeAPI{titles: titles}}
	l.SetAPI(api)
	if _, err := l.RefreshAllTitles(context.Background(), "me"); err != nil {
		b.Fatal(err)
	}
	api.pages = 0
	for b.Loop() {
		tl, err := l.RefreshTitles(context.Background(), "me")
		if err != nil || len(tl.Titles) != 20000 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(api.pages)/float64(b.N), "requests/op")
}
