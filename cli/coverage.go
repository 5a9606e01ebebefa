package cli

import (
	"context"

	"github.com/psnclient/psn-client/store"
)

// changedRefreshMax bounds how many changed titles a view computed from the cache (next, export)
// refreshes on its own, each for a request or two that does not wait for the budget; sync, or
// --refresh, fetches the rest.
const changedRefreshMax = 10

// refreshComputed brings the cache up to date for a view computed from it (next, export) under the
// session's policy. With a title list cached: Auto refreshes a stale list (older than
// store.FreshFor) and up to changedRefreshMax of the cached titles it shows changed, never waiting
// for the budget; --refresh reads the list's changed pages and every changed title, waiting;
// --offline sends nothing. Titles never fetched are left to sync (the coverage note says how many).
// The note is that of an answer served from the cache (the budget spent, PSN out of reach). The wait
// line is taken away before it returns.
func (s *session) refreshComputed(ctx context.Context) (note string, err error) {
	defer s.endWaits()
	acct := s.account.ID
	if _, ok, err := s.lib.CachedTitles(acct); err != nil || !ok || s.policy == store.Offline {
		return "", err
	}
	var list store.TitleList
	if s.policy == store.Refresh {
		list, err = s.lib.RefreshTitles(ctx, acct)
	} else {
		list, err = s.lib.Titles(ctx, acct, store.Auto)
	}
	if err != nil {
		return "", err
	}
	note = s.cacheNote(list.Offline, list.Err, list.FetchedAt)
	if list.Offline {
		return note, nil
	}
	cov, err := s.lib.Coverage(acct)
	if err != nil {
		return note, err
	}
	for i, t := range cov.Changed {
		if s.policy == store.Auto && i >= changedRefreshMax {
			break
		}
		tt, err := s.lib.Trophies(ctx, acct, t, s.policy)
		if err != nil {
			return note, err
		}
		if tt.Offline {
			return s.cacheNote(true, tt.Err, tt.FetchedAt), nil
		}
	}
	return note, nil
}
