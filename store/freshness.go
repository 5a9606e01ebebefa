package store

import (
	"context"
	"errors"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// FreshFor is how long a cached title list or trophy summary is answered without asking the API
// (Policy Auto). A title's trophies need no age rule: the title list says when they change.
const FreshFor = 5 * time.Minute

// Policy says how a read treats the cache: the CLI's default, --refresh and --offline.
type Policy int

const (
	// Auto answers from the cache when it is fresh (the title list and summary younger than
	// FreshFor; a title's trophies while the title list shows them unchanged) and refreshes what is
	// stale. With something cached it never waits for the request budget: a refresh that would have
	// to wait (or cannot reach the API) serves the cache with Offline set and Err saying why (a
	// *psnapi.RateLimitedError tells when the budget frees: see BudgetFreeIn). With nothing cached it
	// waits for the budget as long as ctx allows.
	Auto Policy = iota
	// Refresh always fetches (every page of the title list), waiting for the budget as long as ctx
	// allows; when the API cannot be reached the cache is served as with Auto.
	Refresh
	// Offline never sends a request: the cache, or ErrNotCached.
	Offline
)

func (p Policy) String() string {
	switch p {
	case Refresh:
		return "refresh"
	case Offline:
		return "offline"
	}
	return "auto"
}

// ErrNotCached is returned under Policy Offline when the cache lacks the data.
var ErrNotCached = errors.New("store: not cached (and offline: no request sent)")

// fresh reports whether data fetched at at is still fresh (a time in the future, from a clock set
// back, is not).
func (l *Library) fresh(at time.Time) bool {
	now := l.now()
	return !at.IsZero() && !at.After(now) && now.Sub(at) < FreshFor
}

// Titles returns the account's title list under the policy.
func (l *Library) Titles(ctx context.Context, account string, p Policy) (TitleList, error) {
	tl, ok, err := l.CachedTitles(account)
	switch p {
	case Offline:
		if err == nil && !ok {
			err = ErrNotCached
		}
		return tl, err
	case Refresh:
		return l.RefreshAllTitles(ctx, account)
	}
	if err == nil && ok {
		if l.fresh(tl.FetchedAt) {
			return tl, nil
		}
		ctx = psnapi.WithFailFast(ctx)
	}
	return l.RefreshTitles(ctx, account)
}

// Summary returns the account's trophy summary under the policy.
func (l *Library) Summary(ctx context.Context, account string, p Policy) (Summary, error) {
	s, ok, err := l.CachedSummary(account)
	switch p {
	case Offline:
		if err == nil && !ok {
			err = ErrNotCached
		}
		return s, err
	case Refresh:
		return l.RefreshSummary(ctx, account)
	}
	if err == nil && ok {
		if l.fresh(s.FetchedAt) {
			return s, nil
		}
		ctx = psnapi.WithFailFast(ctx)
	}
	return l.RefreshSummary(ctx, account)
}

// Trophies returns a title's trophies under the policy (title is the entry of a list from Titles).
// Auto and Refresh fetch only what the title list shows changed (TitleTrophies); Auto does not wait
// for the budget, nor for another psn-client fetching the title, when definitions are cached (the
// cache is served with Offline and Err).
func (l *Library) Trophies(ctx context.Context, account string, title psnapi.TrophyTitle, p Policy) (TitleTrophies, error) {
	switch p {
	case Offline:
		tt, ok, err := l.CachedTitleTrophies(account, title)
		if err == nil && !ok {
			err = ErrNotCached
		}
		return tt, err
	case Auto:
		if l.loadDefs(title.NPCommunicationID) != nil {
			// Neither the budget nor another process fetching it is waited for.
			return l.titleTrophies(psnapi.WithFailFast(ctx), account, title, true)
		}
	}
	return l.TitleTrophies(ctx, account, title)
}

// BudgetFreeIn tells, from the Err of data served from the cache, how long until the request budget
// lets a request go ("cached 12m ago; request budget free in 1m50s"); false when err is not a wait
// for the budget.
func BudgetFreeIn(err error, now time.Time) (time.Duration, bool) {
	var rl *psnapi.RateLimitedError
	if !errors.As(err, &rl) {
		return 0, false
	}
	if rl.NextAvailable.After(now) {
		return rl.NextAvailable.Sub(now), true
	}
	return 0, true
}
