package store

import (
	"context"
	"fmt"

	"github.com/psnclient/psn-client/psnapi"
)

// socialAPI is the part of *psnapi.Client that friends, the leaderboard, presence and play time
// use. It is not in API, so an API value without it (a test double) keeps working: these features
// then answer from the cache only, as without a client (ErrNoAPI).
type socialAPI interface {
	Friends(ctx context.Context, account string) (psnapi.FriendList, error)
	ProfileByAccountID(ctx context.Context, accountID string) (psnapi.Profile, error)
	Presences(ctx context.Context, accountIDs []string) (psnapi.PresenceList, error)
	PlayedGames(ctx context.Context, account string, limit, offset int) (psnapi.PlayedGames, error)
	TitleSummaryList(ctx context.Context, account string, npTitleIDs []string, includeNotEarned bool) (psnapi.TitleSummaryList, error)
}

// imageAPI downloads pictures (outside the request budget).
type imageAPI interface {
	Image(ctx context.Context, url string) (psnapi.Image, error)
}

// social returns the client's social endpoints, or ErrNoAPI when the client has none.
func (l *Library) social() (socialAPI, error) {
	if s, ok := l.client().(socialAPI); ok && s != nil {
		return s, nil
	}
	return nil, ErrNoAPI
}

// CostAskAbove is how many requests a feature may spend without asking first: above it, a view says
// the cost ("12 friends · 12 requests · ok?") before spending it.
const CostAskAbove = 5

// Stream hands the results of a function that reports them one by one (NameFriends, Leaderboard)
// to a caller that takes them one at a time: a Bubble Tea command calls Next, returns the item as a
// message and asks again, so results are shown as they arrive without a goroutine in the view.
type Stream[T any] struct {
	items  chan T
	done   chan struct{}
	err    error
	cancel context.CancelFunc
}

// streamBuffer is how many results wait for a slow taker before the work waits for it.
const streamBuffer = 64

// Streamed runs fn in a goroutine; every value fn emits is one Next. Stop (or ctx's end) cancels it.
func Streamed[T any](ctx context.Context, fn func(ctx context.Context, emit func(T)) error) *Stream[T] {
	ctx, cancel := context.WithCancel(ctx)
	s := &Stream[T]{items: make(chan T, streamBuffer), done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(s.done)
		defer close(s.items)
		defer func() {
			if r := recover(); r != nil {
				s.err = fmt.Errorf("store: %v", r)
			}
		}()
		s.err = fn(ctx, func(v T) {
			select {
			case s.items <- v:
			case <-ctx.Done():
			}
		})
	}()
	return s
}

// Next blocks until the next result; false when there are no more (then Err says why it ended).
func (s *Stream[T]) Next() (T, bool) {
	v, ok := <-s.items
	return v, ok
}

// Err is the function's error, once Next has returned false.
func (s *Stream[T]) Err() error {
	<-s.done
	return s.err
}

// Stop cancels the work and waits for it to end; results not taken are dropped.
func (s *Stream[T]) Stop() error {
	s.cancel()
	for range s.items {
	}
	return s.Err()
}
