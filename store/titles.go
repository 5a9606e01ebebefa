package store

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// Account names a PSN account: ID is "me" or a numeric account ID; OnlineID is the PSN name when known.
type Account struct {
	ID       string
	OnlineID string
}

// TitleList is an account's trophy title list, in Sony's order (most recently updated first).
type TitleList struct {
	Account   string
	Titles    []psnapi.TrophyTitle
	FetchedAt time.Time // when the list was fetched from the API ("cached at T")
	Offline   bool      // served from cache because the API could not be reached
	Err       error     // with Offline: why the refresh failed
}

// Summary is an account's trophy summary with its age.
type Summary struct {
	psnapi.TrophySummary
	FetchedAt time.Time
	Offline   bool
	Err       error
}

// loadTitles reads the cached title list, reusing the decoded copy while the file is unchanged.
func (l *Library) loadTitles(key string) (*titlesRecord, error) {
	path := l.titlesPath(key)
	st, err := os.Stat(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	l.mu.Lock()
	m, ok := l.titleMem[path]
	l.mu.Unlock()
	if ok && m.mod.Equal(st.ModTime()) && m.size == st.Size() {
		return m.rec, nil
	}
	var rec titlesRecord
	found, err := l.readRecord(path, kindTitles, &rec)
	if err != nil || !found {
		return nil, err
	}
	l.remember(path, st, &rec)
	return &rec, nil
}

// remember keeps decoded title lists of at most two accounts (you and the one you compare with).
func (l *Library) remember(path string, st os.FileInfo, rec *titlesRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.titleMem[path]; !ok && len(l.titleMem) >= 2 {
		clear(l.titleMem)
	}
	l.titleMem[path] = titlesMem{mod: st.ModTime(), size: st.Size(), rec: rec}
}

func (l *Library) saveTitles(key string, rec *titlesRecord) error {
	path := l.titlesPath(key)
	if err := l.writeRecord(path, kindTitles, rec); err != nil {
		return fmt.Errorf("caching the title list: %w", err)
	}
	if st, err := os.Stat(path); err == nil {
		l.remember(path, st, rec)
	}
	return nil
}

// CachedTitles returns the cached title list from disk, without any request; false when none is cached.
// The Titles slice is shared between callers: do not modify it.
func (l *Library) CachedTitles(account string) (TitleList, bool, error) {
	rec, err := l.loadTitles(l.accountKey(account))
	if err != nil || rec == nil {
		return TitleList{Account: account}, false, err
	}
	return TitleList{Account: account, Titles: rec.Titles, FetchedAt: rec.FetchedAt}, true, nil
}

// RefreshTitles fetches the title list, caches it and returns it: only the pages that changed since
// the cached list, every page when none is cached or the last full list is older than FullListEvery
// (see refreshTitleList). When the API cannot be reached the cached list is returned with Offline set
// (and Err saying why); with nothing cached the error is returned.
func (l *Library) RefreshTitles(ctx context.Context, account string) (TitleList, error) {
	return l.refreshTitlesWith(ctx, account, titleFetch{})
}

// RefreshAllTitles is RefreshTitles fetching every page of the list whatever the cache holds (the
// browser's r, --refresh): ceil(n/800) requests.
func (l *Library) RefreshAllTitles(ctx context.Context, account string) (TitleList, error) {
	return l.refreshTitlesWith(ctx, account, titleFetch{full: true})
}

func (l *Library) refreshTitlesWith(ctx context.Context, account string, o titleFetch) (TitleList, error) {
	titles, err := l.refreshTitleList(ctx, account, o)
	if err != nil {
		if offline(err) {
			if tl, ok, cerr := l.CachedTitles(account); ok && cerr == nil {
				tl.Offline, tl.Err = true, err
				return tl, nil
			}
		}
		return TitleList{Account: account}, err
	}
	return titles, nil
}

// CachedSummary returns the cached trophy summary without any request.
func (l *Library) CachedSummary(account string) (Summary, bool, error) {
	var rec summaryRecord
	found, err := l.readRecord(l.summaryPath(l.accountKey(account)), kindSummary, &rec)
	if err != nil || !found {
		return Summary{}, false, err
	}
	return Summary{TrophySummary: rec.Summary, FetchedAt: rec.FetchedAt}, true, nil
}

// RefreshSummary fetches the trophy summary (one request) and caches it; offline → cached + Offline.
// For "me" it also learns the numeric account ID.
func (l *Library) RefreshSummary(ctx context.Context, account string) (Summary, error) {
	api := l.client()
	var s psnapi.TrophySummary
	err := ErrNoAPI
	if api != nil {
		s, err = api.TrophySummary(ctx, apiAccount(account))
	}
	if err != nil {
		if offline(err) {
			if c, ok, cerr := l.CachedSummary(account); ok && cerr == nil {
				c.Offline, c.Err = true, err
				return c, nil
			}
		}
		return Summary{}, err
	}
	if isMe(account) {
		l.learnMe(s.AccountID)
	}
	rec := summaryRecord{FetchedAt: l.now(), Summary: s}
	if err := l.writeRecord(l.summaryPath(l.accountKey(account)), kindSummary, rec); err != nil {
		l.note("caching the trophy summary: %v", err)
	}
	return Summary{TrophySummary: s, FetchedAt: rec.FetchedAt}, nil
}

// ResolveUser turns an online ID or account ID into an Account. "" and "me" are the logged-in account;
// a numeric ID is taken as is (no request); an online ID is looked up once and the answer cached.
func (l *Library) ResolveUser(ctx context.Context, nameOrID string) (Account, error) {
	nameOrID = strings.TrimSpace(nameOrID)
	if isMe(nameOrID) {
		a, _ := l.LoggedIn()
		return Account{ID: "me", OnlineID: a.OnlineID}, nil
	}
	users := l.loadUsers()
	if isAccountID(nameOrID) {
		a := Account{ID: nameOrID}
		for _, u := range users.Users {
			if u.AccountID == nameOrID {
				a.OnlineID = u.OnlineID
			}
		}
		if f, ok := l.CachedFriend(nameOrID); ok && f.OnlineID != "" {
			a.OnlineID = f.OnlineID // a friend's profile is newer than any lookup by name
		}
		return a, nil
	}
	key := strings.ToLower(nameOrID)
	if u, ok := users.Users[key]; ok && l.now().Sub(u.At) < l.opt.UserMaxAge {
		return Account{ID: u.AccountID, OnlineID: u.OnlineID}, nil
	}
	// A friend's name resolves from the friends list's profiles, under the same age rule.
	if f, ok := l.friendByName(nameOrID, l.opt.UserMaxAge); ok {
		return Account{ID: f.AccountID, OnlineID: f.OnlineID}, nil
	}
	api := l.client()
	if api == nil {
		if u, ok := users.Users[key]; ok {
			return Account{ID: u.AccountID, OnlineID: u.OnlineID}, nil
		}
		return Account{}, ErrNoAPI
	}
	p, err := api.ResolveUser(ctx, nameOrID)
	if err != nil {
		if u, ok := users.Users[key]; ok && offline(err) {
			return Account{ID: u.AccountID, OnlineID: u.OnlineID}, nil
		}
		if psnapi.IsUserNotFound(err) {
			if a, ok := l.nameGone(ctx, nameOrID); ok {
				return a, nil
			}
		}
		return Account{}, err
	}
	online := p.OnlineID
	if p.CurrentOnlineID != "" {
		online = p.CurrentOnlineID
	}
	if online == "" {
		online = nameOrID
	}
	l.profileSeen(p.AccountID, online)
	if isAccountID(p.AccountID) {
		users = l.loadUsers() // another process may have added entries meanwhile
		users.Users[key] = userEntry{AccountID: p.AccountID, OnlineID: online, At: l.now()}
		if err := l.writeRecord(l.usersPath(), kindUsers, users); err != nil {
			l.note("caching the user lookup: %v", err)
		}
	}
	return Account{ID: p.AccountID, OnlineID: online}, nil
}

func (l *Library) loadUsers() usersRecord {
	var u usersRecord
	if found, _ := l.readRecord(l.usersPath(), kindUsers, &u); !found || u.Users == nil {
		u.Users = map[string]userEntry{}
	}
	return u
}

// HintAvailability returns which trophies of a title have Game Help, from the cache while younger than
// HelpMaxAge, else from the API (then cached). Offline with a cached answer → the cached answer.
func (l *Library) HintAvailability(ctx context.Context, title psnapi.TrophyTitle) (psnapi.HintAvailability, error) {
	path := l.hintsPath(title.NPCommunicationID)
	var rec hintsRecord
	found, _ := l.readRecord(path, kindHints, &rec)
	if found && l.now().Sub(rec.FetchedAt) < l.opt.HelpMaxAge {
		return rec.Hints, nil
	}
	api := l.client()
	h, err := psnapi.HintAvailability{}, ErrNoAPI
	if api != nil {
		h, err = api.HintAvailability(ctx, title.NPCommunicationID, nil)
	}
	if err != nil {
		if found && offline(err) {
			return rec.Hints, nil
		}
		return psnapi.HintAvailability{}, err
	}
	l.markHelpChanged(title.NPCommunicationID) // has:help in the trophy index (tix.go)
	defer l.markHelpChanged(title.NPCommunicationID)
	if err := l.writeRecord(path, kindHints, hintsRecord{FetchedAt: l.now(), Hints: h}); err != nil {
		l.note("caching Game Help availability: %v", err)
	}
	return h, nil
}

// stripMedia removes the short-lived video URLs from tips.
func stripMedia(t psnapi.Tips) psnapi.Tips {
	out := t
	out.Trophies = make([]psnapi.TrophyTip, len(t.Trophies))
	for i, tr := range t.Trophies {
		tr.Groups = append([]psnapi.TipGroup(nil), tr.Groups...)
		for j, g := range tr.Groups {
			g.TipContents = append([]psnapi.TipContent(nil), g.TipContents...)
			for k := range g.TipContents {
				g.TipContents[k].MediaURL = ""
			}
			tr.Groups[j] = g
		}
		out.Trophies[i] = tr
	}
	return out
}

// Tips returns the Game Help of one trophy, cached WITHOUT video URLs (they carry short-lived tokens;
// get one with FreshMediaURL when the user opens the video). The first fetch returns the URLs it got.
func (l *Library) Tips(ctx context.Context, npCommID string, req psnapi.TipRequest) (psnapi.Tips, error) {
	path := l.tipsPath(npCommID, req)
	var rec tipsRecord
	found, _ := l.readRecord(path, kindTips, &rec)
	if found && l.now().Sub(rec.FetchedAt) < l.opt.HelpMaxAge {
		return rec.Tips, nil
	}
	api := l.client()
	t, err := psnapi.Tips{}, ErrNoAPI
	if api != nil {
		t, err = api.Tips(ctx, npCommID, []psnapi.TipRequest{req})
	}
	if err != nil {
		if found && offline(err) {
			return rec.Tips, nil
		}
		return psnapi.Tips{}, err
	}
	if err := l.writeRecord(path, kindTips, tipsRecord{FetchedAt: l.now(), Tips: stripMedia(t)}); err != nil {
		l.note("caching Game Help tips: %v", err)
	}
	return t, nil
}

// FreshMediaURL asks the API for the tips again (never the cache) and returns the current video URL
// of the tip content tipID.
func (l *Library) FreshMediaURL(ctx context.Context, npCommID string, req psnapi.TipRequest, tipID string) (string, error) {
	api := l.client()
	if api == nil {
		return "", ErrNoAPI
	}
	t, err := api.Tips(ctx, npCommID, []psnapi.TipRequest{req})
	if err != nil {
		return "", err
	}
	for _, tr := range t.Trophies {
		for _, g := range tr.Groups {
			for _, c := range g.TipContents {
				if c.TipID == tipID && c.MediaURL != "" {
					return c.MediaURL, nil
				}
			}
		}
	}
	return "", fmt.Errorf("store: Game Help tip %q has no video", tipID)
}
