package ui

import (
	"context"
	"errors"
	"image"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// Library is what the UI needs from the store; *store.Library implements it. Every call happens
// inside a tea.Cmd, never in Update or View.
type Library interface {
	Config() store.Config
	CachedTitles(account string) (store.TitleList, bool, error)
	RefreshTitles(ctx context.Context, account string) (store.TitleList, error)
	// Titles, Summary and Trophies apply the cache rule (store.Policy): Auto answers fresh data from
	// the cache and, when something is cached, never waits for the budget; Refresh is r.
	Titles(ctx context.Context, account string, p store.Policy) (store.TitleList, error)
	CachedSummary(account string) (store.Summary, bool, error)
	Summary(ctx context.Context, account string, p store.Policy) (store.Summary, error)
	CachedTitleTrophies(account string, title psnapi.TrophyTitle) (store.TitleTrophies, bool, error)
	TitleTrophies(ctx context.Context, account string, title psnapi.TrophyTitle) (store.TitleTrophies, error)
	Trophies(ctx context.Context, account string, title psnapi.TrophyTitle, p store.Policy) (store.TitleTrophies, error)
	// The trophy index (issue 12): views of the whole cached library, zero requests.
	Search(account string, q store.Query, o store.SearchOptions) (store.SearchResult, error)
	Hunt(account string, o store.HuntOptions) (store.HuntResult, error)
	Recent(account string, offset, limit int) (store.RecentResult, error)
	Platinums(account string, by store.PlatinumOrder, limit int) (store.PlatinumsResult, error)
	Stats(account string) (store.Stats, error)
	// Coverage says how much of the library next to hunt covers (it stats every title's files).
	Coverage(account string) (store.Coverage, error)
	// StartFill starts the background fill (nil: none). It only starts a goroutine, so the app calls
	// it from Update, and owns the fill until Close stops it.
	StartFill(ctx context.Context, account string, o store.FillOptions) *store.Fill
	// CheckNew is the check for new trophies (one small request when nothing moved).
	CheckNew(ctx context.Context, account string) ([]store.NewTrophy, error)
	HintAvailability(ctx context.Context, title psnapi.TrophyTitle) (psnapi.HintAvailability, error)
	Tips(ctx context.Context, npCommID string, req psnapi.TipRequest) (psnapi.Tips, error)
	FreshMediaURL(ctx context.Context, npCommID string, req psnapi.TipRequest, tipID string) (string, error)
	ResolveUser(ctx context.Context, nameOrID string) (store.Account, error)
	SaveConfig(store.Config) error
	// Friends, a title's leaderboard, now playing and play time (issue 13): each says its cost
	// before it is spent (the Cost calls send nothing).
	CachedFriends(account string) (store.FriendList, bool, error)
	Friends(ctx context.Context, account string, p store.Policy) (store.FriendList, error)
	NameFriends(ctx context.Context, friends []store.Friend, emit func(store.Friend)) (int, error)
	LeaderboardCost(account string, title psnapi.TrophyTitle) (store.LeaderboardCost, error)
	LeaderboardCostRefresh(account string, title psnapi.TrophyTitle) (store.LeaderboardCost, error)
	Leaderboard(ctx context.Context, account string, title psnapi.TrophyTitle, p store.Policy, emit func(store.LeaderboardRow)) (store.Leaderboard, error)
	Presence(ctx context.Context, accounts ...string) (store.PresenceResult, error)
	CachedPlayTime(account string) (store.PlayTimes, bool, error)
	PlayTime(ctx context.Context, account string, p store.Policy) (store.PlayTimes, error)
	PlayTimeCost(account string) store.PlayTimeCost
	SyncPlayTime(ctx context.Context, account string) (store.PlayTimes, int, error)
	// Picture is a picture downloaded once (outside the request budget), decoded and scaled to fit
	// cols × 2·rows pixels; called in a command, never in Update.
	Picture(ctx context.Context, url string, cols, rows int) (*image.RGBA, error)
}

var _ Library = (*store.Library)(nil)

// env is what a command needs besides its arguments: captured by value when the command is built.
type env struct {
	ctx  context.Context
	lib  Library
	rate func() psnapi.RateSnapshot
	now  time.Time
}

func (e env) snapshot(a *answer) {
	if e.rate != nil {
		a.rate, a.hasRate = e.rate(), true
	}
	// The store's notes (a corrupt cache file discarded, an unreadable config) ride on the answer
	// of the command that met them, so the status bar can say so once.
	if n, ok := e.lib.(interface{ Notes() []string }); ok {
		a.notes = n.Notes()
	}
}

// loadCachedTitles reads the cached title list: disk only, zero requests.
func loadCachedTitles(e env, id uint64, account string) tea.Cmd {
	return func() tea.Msg {
		list, ok, err := e.lib.CachedTitles(account)
		m := titlesLoadedMsg{answer: answer{id: id, err: err, cached: true, fetchedAt: list.FetchedAt}, account: account, found: ok}
		if ok {
			m.rows = buildTitleRows(list.Titles, e.now)
		}
		return m
	}
}

// refreshTitles gets the title list under the cache rule p (Auto: fresh data is not fetched again, and
// with a list cached nothing waits for the budget; Refresh: r). The store writes the cache, or serves
// it marked Offline with the reason when the network fails or the budget is spent.
func refreshTitles(e env, id uint64, account string, p store.Policy) tea.Cmd {
	return func() tea.Msg {
		list, err := e.lib.Titles(e.ctx, account, p)
		m := titlesLoadedMsg{answer: answer{id: id, err: err, stale: list.Offline, why: list.Err, fetchedAt: list.FetchedAt}, account: account}
		e.snapshot(&m.answer)
		if err == nil || list.Titles != nil {
			m.found = true
			m.rows = buildTitleRows(list.Titles, e.now)
		}
		return m
	}
}

func loadCachedSummary(e env, id uint64, account string) tea.Cmd {
	return func() tea.Msg {
		s, ok, err := e.lib.CachedSummary(account)
		return summaryLoadedMsg{answer: answer{id: id, err: err, cached: true, fetchedAt: s.FetchedAt}, account: account, found: ok, summary: s.TrophySummary}
	}
}

func refreshSummary(e env, id uint64, account string, p store.Policy) tea.Cmd {
	return func() tea.Msg {
		s, err := e.lib.Summary(e.ctx, account, p)
		m := summaryLoadedMsg{answer: answer{id: id, err: err, stale: s.Offline, why: s.Err, fetchedAt: s.FetchedAt}, account: account,
			found: err == nil, summary: s.TrophySummary}
		e.snapshot(&m.answer)
		return m
	}
}

// loadCachedTrophies reads one title's trophies from disk only.
func loadCachedTrophies(e env, id uint64, account string, title psnapi.TrophyTitle) tea.Cmd {
	return func() tea.Msg {
		tt, ok, err := e.lib.CachedTitleTrophies(account, title)
		m := trophiesLoadedMsg{answer: answer{id: id, err: err, cached: true, fetchedAt: tt.FetchedAt}, account: account, npCommID: title.NPCommunicationID, found: ok}
		if ok {
			m.data = buildTitleData(tt)
		}
		return m
	}
}

// fetchTrophies gets one title's trophies under the cache rule (Auto): what the title list shows
// unchanged comes from the cache; with definitions cached nothing waits for the budget.
func fetchTrophies(e env, id uint64, account string, title psnapi.TrophyTitle) tea.Cmd {
	return func() tea.Msg {
		tt, err := e.lib.Trophies(e.ctx, account, title, store.Auto)
		m := trophiesLoadedMsg{answer: answer{id: id, err: err, stale: tt.Offline, why: tt.Err, fetchedAt: tt.FetchedAt}, account: account, npCommID: title.NPCommunicationID}
		e.snapshot(&m.answer)
		if err == nil {
			m.found = true
			m.data = buildTitleData(tt)
		}
		return m
	}
}

// refreshTitleTrophies is r on a title: the title list first (the store refetches a title's trophies
// only when its lastUpdatedDateTime changed, and the list says whether it did), then the title's
// trophies. Both answers are delivered: the title list view takes the fresher list too.
func refreshTitleTrophies(e env, id uint64, account string, title psnapi.TrophyTitle) tea.Cmd {
	return func() tea.Msg {
		var out tea.BatchMsg
		fresh := title
		list, err := e.lib.RefreshTitles(e.ctx, account)
		if err == nil {
			for _, t := range list.Titles {
				if t.NPCommunicationID == title.NPCommunicationID {
					fresh = t
					break
				}
			}
			tm := titlesLoadedMsg{answer: answer{id: id, stale: list.Offline, why: list.Err, fetchedAt: list.FetchedAt}, account: account,
				found: true, rows: buildTitleRows(list.Titles, e.now)}
			e.snapshot(&tm.answer)
			out = append(out, send(tm))
		}
		tt, err := e.lib.TitleTrophies(e.ctx, account, fresh)
		m := trophiesLoadedMsg{answer: answer{id: id, err: err, stale: tt.Offline, why: tt.Err, fetchedAt: tt.FetchedAt}, account: account, npCommID: title.NPCommunicationID}
		e.snapshot(&m.answer)
		if err == nil {
			m.found = true
			m.data = buildTitleData(tt)
		}
		return append(out, send(m))
	}
}

// waitForRate reads one pushed rate snapshot; the app re-arms it after each.
func waitForRate(ch <-chan psnapi.RateSnapshot) tea.Cmd {
	return func() tea.Msg {
		s, ok := <-ch
		if !ok {
			return nil
		}
		return rateMsg{snap: s, ch: ch}
	}
}

func send(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

// errorLine turns an error into the one line a view shows.
func errorLine(err error) string {
	var rl *psnapi.RateLimitedError
	var api *psnapi.APIError
	var ne *psnapi.NetworkError
	switch {
	case errors.As(err, &rl) && rl.Status == 429:
		return "PSN asked to wait (429): press r when the countdown ends"
	case errors.As(err, &rl):
		return "the request budget is spent: press r when it frees"
	case errors.Is(err, psnapi.ErrLoginRequired):
		return "not logged in: run psn-client login"
	case errors.As(err, &ne):
		return "offline: could not reach PSN"
	case errors.As(err, &api):
		switch api.Kind {
		case psnapi.KindNotFound:
			return "not found on PSN (never played, or removed)"
		case psnapi.KindForbidden:
			return "this profile's trophies are private"
		case psnapi.KindUnauthorized:
			return "PSN refused the login: run psn-client login again"
		case psnapi.KindServer:
			return "PSN is having trouble (server error); press r to retry"
		}
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	return clean(err.Error())
}
