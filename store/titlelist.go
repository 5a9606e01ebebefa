package store

import (
	"context"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// FullListEvery is how old the last full title list may be before a refresh fetches every page
// again. In between, a refresh fetches only the pages that changed: Sony orders the list by
// lastUpdatedDateTime, newest first, so a title that gained a trophy, or one played for the first
// time, moves to the front, and paging stops at the first page whose last title is unchanged in the
// cache. An unchanged 20,000-title list costs one request instead of 25.
const FullListEvery = 24 * time.Hour

// maxIncrementalPages bounds an incremental refresh: past it, the full list is as cheap.
const maxIncrementalPages = 3

// titlePager is the one-page title-list request (a *psnapi.Client has it); an API without it always
// fetches the full list.
type titlePager interface {
	TrophyTitles(ctx context.Context, account string, limit, offset int) (psnapi.TrophyTitles, error)
}

// titleLister is the full title list with a line for each title Sony sent unreadable (a
// *psnapi.Client has it); an API without it gives the list alone.
type titleLister interface {
	TitleList(ctx context.Context, account string) (psnapi.TrophyTitleList, error)
}

// allTitles fetches the full title list; the titles psnapi had to leave out are named in notes
// (the command line prints them), never dropped silently.
func (l *Library) allTitles(ctx context.Context, api API, account string) ([]psnapi.TrophyTitle, int, error) {
	lister, ok := api.(titleLister)
	if !ok {
		titles, err := api.AllTrophyTitles(ctx, account)
		return titles, 0, err
	}
	list, err := lister.TitleList(ctx, account)
	l.noteSkipped("title list", list.Skipped)
	return list.Titles, len(list.Skipped), err
}

// noteSkipped turns psnapi's lines about records left out of an answer into notes.
func (l *Library) noteSkipped(what string, lines []string) {
	for _, s := range lines {
		l.note("%s: %s", what, s)
	}
}

// titleFetch says how refreshTitleList works.
type titleFetch struct {
	full     bool      // every page, whatever the cache holds
	pageSize int       // pages of an incremental refresh (0 = 800, the largest: one request either way)
	count    func(int) // told of requests about to be sent
	mustSave bool      // a failed save is returned (a fill stops), else it is a note
}

// refreshTitleList fetches the title list, incrementally when the cache allows (see FullListEvery),
// and caches it.
func (l *Library) refreshTitleList(ctx context.Context, account string, o titleFetch) (TitleList, error) {
	api := l.client()
	if api == nil {
		return TitleList{}, ErrNoAPI
	}
	if o.count == nil {
		o.count = func(int) {}
	}
	key := l.accountKey(account)
	now := l.now()
	rec := &titlesRecord{Account: account, Language: l.lang, FetchedAt: now}
	old, _ := l.loadTitles(key)
	pager, canPage := api.(titlePager)
	merged := false
	if !o.full && canPage && old != nil && !old.FullAt.IsZero() && !old.FullAt.After(now) && now.Sub(old.FullAt) < FullListEvery {
		m, err := mergeTitlePages(ctx, pager, apiAccount(account), old.Titles, old.Skipped, o.pageSize, o.count)
		if err != nil {
			return TitleList{}, err
		}
		l.noteSkipped("title list", m.skippedLines)
		if m.ok {
			rec.Titles, rec.Skipped, rec.FullAt, merged = m.titles, m.skipped, old.FullAt, true
		}
	}
	if !merged {
		titles, skipped, err := l.allTitles(ctx, api, apiAccount(account))
		if err != nil {
			o.count(sentCount(err)) // at least the first page went, unless it gave up before sending
			return TitleList{}, err
		}
		o.count(pages(len(titles) + skipped))
		rec.Titles, rec.Skipped, rec.FullAt = titles, skipped, now
	}
	if err := l.saveTitles(key, rec); err != nil {
		if o.mustSave {
			return TitleList{}, err
		}
		l.note("%v", err)
	}
	return TitleList{Account: account, Titles: rec.Titles, FetchedAt: rec.FetchedAt}, nil
}

// mergedTitles is what mergeTitlePages found.
type mergedTitles struct {
	titles       []psnapi.TrophyTitle
	skipped      int      // titles of the list psnapi left out (unreadable), as in the cached list
	skippedLines []string // psnapi's lines about those on the pages fetched
	ok           bool     // the merge is provably the list
}

// mergeTitlePages fetches the list's first pages until one ends with a title the cache holds
// unchanged, and returns them followed by the cached titles they do not name, in cached order. It
// is not ok (fetch the full list) when that is not provably the list: the count differs from the
// server's totalItemCount (a title removed or hidden, a new one deeper down), a cached title would
// sort before the unchanged one, or too many pages changed. Titles psnapi left out as unreadable
// count as the cached list counted them (cachedSkipped): the same bad title moving to the front
// changes nothing, a new one makes the count differ.
func mergeTitlePages(ctx context.Context, pager titlePager, account string, cached []psnapi.TrophyTitle, cachedSkipped, pageSize int, count func(int)) (mergedTitles, error) {
	var m mergedTitles
	if pageSize <= 0 || pageSize > psnapi.MaxTitlesPage {
		pageSize = psnapi.MaxTitlesPage
	}
	byID := make(map[string]int, len(cached))
	for i, t := range cached {
		byID[t.NPCommunicationID] = i
	}
	var fetched []psnapi.TrophyTitle
	seen := map[string]bool{}
	offset := 0
	for page := 0; page < maxIncrementalPages; page++ {
		p, err := pager.TrophyTitles(ctx, account, pageSize, offset)
		count(sentCount(err))
		if err != nil {
			return m, err
		}
		m.skippedLines = append(m.skippedLines, p.Skipped...)
		for _, t := range p.TrophyTitles {
			if !seen[t.NPCommunicationID] {
				seen[t.NPCommunicationID] = true
				fetched = append(fetched, t)
			}
		}
		records := len(p.TrophyTitles) + len(p.Skipped)
		if len(fetched)+len(m.skippedLines) >= p.TotalItemCount || records == 0 {
			// The whole list.
			m.titles, m.skipped = fetched, len(m.skippedLines)
			m.ok = len(fetched)+m.skipped == p.TotalItemCount
			return m, nil
		}
		if len(p.TrophyTitles) > 0 {
			last := p.TrophyTitles[len(p.TrophyTitles)-1]
			if i, ok := byID[last.NPCommunicationID]; ok && sameTitle(cached[i], last) {
				out := make([]psnapi.TrophyTitle, len(fetched), len(cached)+len(fetched))
				copy(out, fetched)
				for _, t := range cached {
					if seen[t.NPCommunicationID] {
						continue
					}
					if t.LastUpdatedDateTime.After(last.LastUpdatedDateTime) {
						return m, nil // it should have been on the pages fetched
					}
					out = append(out, t)
				}
				m.titles, m.skipped = out, cachedSkipped
				m.ok = len(out)+cachedSkipped == p.TotalItemCount
				return m, nil
			}
		}
		offset += records
	}
	return m, nil
}

// sameTitle reports whether two entries of the title list say the same.
func sameTitle(a, b psnapi.TrophyTitle) bool {
	if !a.LastUpdatedDateTime.Equal(b.LastUpdatedDateTime) {
		return false
	}
	a.LastUpdatedDateTime, b.LastUpdatedDateTime = time.Time{}, time.Time{}
	return a == b
}
