package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// API is the part of *psnapi.Client the Library uses (a *psnapi.Client is the only production value).
type API interface {
	AllTrophyTitles(ctx context.Context, account string) ([]psnapi.TrophyTitle, error)
	TitleTrophies(ctx context.Context, t psnapi.TitleRef, group string) (psnapi.TitleTrophies, error)
	TitleTrophyGroups(ctx context.Context, t psnapi.TitleRef) (psnapi.TitleTrophyGroups, error)
	EarnedTrophies(ctx context.Context, account string, t psnapi.TitleRef, group string) (psnapi.EarnedTrophies, error)
	TrophySummary(ctx context.Context, account string) (psnapi.TrophySummary, error)
	ResolveUser(ctx context.Context, nameOrID string) (psnapi.Profile, error)
	HintAvailability(ctx context.Context, npCommID string, trophyIDs []string) (psnapi.HintAvailability, error)
	Tips(ctx context.Context, npCommID string, reqs []psnapi.TipRequest) (psnapi.Tips, error)
	Rate() psnapi.RateSnapshot
}

// Options configure a Library. Every field is optional.
type Options struct {
	// API is the client for network requests; nil means cache only (every refresh is "offline").
	// It can also be set later with SetAPI, since the client's options come from the Library.
	API API
	// Language is the Accept-Language the API client sends; cached definitions and title lists are
	// kept per language ("" is its own language, "default").
	Language string
	// RateWindow is the client's sliding rate window: requests.log keeps the requests inside it
	// (default 15 minutes, PSN_RATE_LIMIT's window).
	RateWindow time.Duration
	// Reserve is the client's share of the budget kept for interactive requests, as in psnapi.Options
	// (0 = 0.2, negative = none); used for the sync ETA. APIOptions passes it on.
	Reserve float64
	// Background declares this process background-only (sync, watch): it does not announce itself
	// as interactive, so when no interactive process runs, background work may use the whole budget.
	// See SetInteractive.
	Background bool
	// Now is the clock (default time.Now).
	Now func() time.Time
	// HelpMaxAge is how long Game Help availability and tips stay cached (default 7 days).
	HelpMaxAge time.Duration
	// UserMaxAge is how long an online ID → account ID lookup stays cached (default 30 days).
	UserMaxAge time.Duration
	// ImageCacheSize caps the pictures kept on disk (default DefaultImageCacheSize); the least
	// recently used go first.
	ImageCacheSize int64
}

// Library is psn-client's data access: config, credentials, the request log and the cache-then-network
// view of the API. It is safe for concurrent use, and several Libraries (in one or several processes)
// may share the same directories.
type Library struct {
	paths Paths
	opt   Options
	lang  string
	now   func() time.Time
	rlog  *rateLog

	mu       sync.Mutex
	api      API
	config   Config
	notes    []string
	wired    bool   // APIOptions ran: the process talks to PSN (and may announce itself interactive)
	me       string // numeric account ID of "me", "" until known
	titleMem map[string]titlesMem
	inflight map[string]*flight
	live     liveState // what is kept in memory only: presence, decoded pictures (nowplaying.go, pictures.go)
	verified sync.Map  // sectionKey → struct{}: index sections whose checksum this Library checked (tix_verified.go)
	chunks   sync.Pool // *chunk: the buffers of the trophy index's scans (search.go)

	// meMu orders learnMe's move of the "me" directory against cache writes (writers hold it shared).
	meMu   sync.RWMutex
	credMu sync.Mutex // serialises read-modify-write of credentials.json in this process
}

type titlesMem struct {
	mod  time.Time
	size int64
	rec  *titlesRecord
}

type flight struct {
	done chan struct{}
	err  error
}

// Open prepares a Library on the given directories (created on first write, not here). It reads
// config.json and learns the logged-in account from credentials.json; problems become Notes, not errors.
func Open(p Paths, o Options) (*Library, error) {
	if p.Config == "" || p.State == "" || p.Cache == "" {
		return nil, errors.New("store: Paths needs Config, State and Cache directories")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RateWindow <= 0 {
		o.RateWindow = 15 * time.Minute
	}
	switch {
	case o.Reserve == 0 || o.Reserve >= 1:
		o.Reserve = psnapi.DefaultReserve
	case o.Reserve < 0:
		o.Reserve = 0
	}
	if o.HelpMaxAge <= 0 {
		o.HelpMaxAge = 7 * 24 * time.Hour
	}
	if o.UserMaxAge <= 0 {
		o.UserMaxAge = 30 * 24 * time.Hour
	}
	if o.ImageCacheSize <= 0 {
		o.ImageCacheSize = DefaultImageCacheSize
	}
	l := &Library{
		paths:    p,
		opt:      o,
		lang:     o.Language,
		now:      o.Now,
		api:      o.API,
		titleMem: map[string]titlesMem{},
		inflight: map[string]*flight{},
	}
	l.rlog = newRateLog(p, o.RateWindow, o.Now, l.note)
	l.config = l.loadConfig()
	if c, err := l.readCredentials(); err == nil && isAccountID(c.AccountID) {
		l.me = c.AccountID
		// A process that did not know the ID yet may have cached data under "me" after another
		// moved that directory: it joins the numeric one (what is there already is kept).
		if _, err := os.Stat(l.rawAccountDir("me")); err == nil {
			moveTree(l.rawAccountDir("me"), l.rawAccountDir(l.me))
		}
	}
	return l, nil
}

// Paths returns the directories the Library uses.
func (l *Library) Paths() Paths { return l.paths }

// Language returns the language cached data is kept for.
func (l *Library) Language() string { return l.lang }

// SetAPI sets (or replaces) the API client.
func (l *Library) SetAPI(api API) {
	l.mu.Lock()
	l.api = api
	l.mu.Unlock()
}

func (l *Library) client() API {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.api
}

// ErrNoAPI is returned (wrapped) when data is neither cached nor fetchable because the Library has no client.
var ErrNoAPI = errors.New("store: no API client (offline)")

// Notes returns the messages collected so far (discarded corrupt files, unreadable config) and
// clears them, so each is shown once.
func (l *Library) Notes() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.notes
	l.notes = nil
	return n
}

func (l *Library) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, n := range l.notes {
		if n == msg {
			return
		}
	}
	l.notes = append(l.notes, msg)
}

// isAccountID reports whether s looks like a numeric PSN account ID.
func isAccountID(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isMe(account string) bool { return account == "" || strings.EqualFold(account, "me") }

// accountKey is the directory key of an account: "me" becomes the numeric ID when known, so syncing
// yourself and looking yourself up by ID share one cache.
func (l *Library) accountKey(account string) string {
	if isMe(account) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.me != "" {
			return l.me
		}
		return "me"
	}
	return account
}

// apiAccount is the account string sent to the API.
func apiAccount(account string) string {
	if isMe(account) {
		return "me"
	}
	return account
}

// learnMe records the numeric ID of "me": data cached under "me" before it was known moves to the
// numeric directory (when that does not exist yet), and credentials.json keeps it.
func (l *Library) learnMe(id string) {
	if !isAccountID(id) {
		return
	}
	l.meMu.Lock()
	l.mu.Lock()
	if l.me == id {
		l.mu.Unlock()
		l.meMu.Unlock()
		return
	}
	l.me = id
	l.titleMem = map[string]titlesMem{}
	l.mu.Unlock()
	// The ID goes into credentials.json before the directory moves, so another process whose write
	// into the "me" directory fails because it moved finds the ID there (see refreshMe).
	l.credMu.Lock()
	if c, err := l.readCredentials(); err == nil && c.AccountID == "" {
		c.AccountID = id
		l.writeCredentials(c)
	}
	l.credMu.Unlock()
	moveTree(l.rawAccountDir("me"), l.rawAccountDir(id))
	l.meMu.Unlock()
}

// refreshMe learns the numeric ID of "me" from credentials.json when another process has written
// it there (and moved the "me" directory): the data cached under "me" since then moves too.
func (l *Library) refreshMe() {
	l.mu.Lock()
	known := l.me != ""
	l.mu.Unlock()
	if known {
		return
	}
	if c, err := l.readCredentials(); err == nil && isAccountID(c.AccountID) {
		l.learnMe(c.AccountID)
	}
}

// moveTree moves every file of from into to, keeping what to already has (it is newer: written after
// the ID was known), then removes from. Another process may be doing the same: either way the data
// ends up under to.
func moveTree(from, to string) {
	if _, err := os.Stat(to); os.IsNotExist(err) {
		if os.Rename(from, to) == nil {
			return
		}
	}
	filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return nil
		}
		dst := filepath.Join(to, rel)
		if _, err := os.Stat(dst); os.IsNotExist(err) {
			os.MkdirAll(filepath.Dir(dst), 0o755)
			os.Rename(path, dst)
		}
		return nil
	})
	os.RemoveAll(from)
}

// once runs fn for key unless a call with the same key is already running, in which case it waits for
// that call and returns its result: two views (or a view and a sync) never send the same request.
// A waiter whose leader gave up for a reason of its own (its context ended, or it would not wait for
// a claim held elsewhere) runs fn itself instead of taking that answer.
func (l *Library) once(ctx context.Context, key string, fn func() error) error {
	for {
		l.mu.Lock()
		f, ok := l.inflight[key]
		if !ok {
			f = &flight{done: make(chan struct{})}
			l.inflight[key] = f
			l.mu.Unlock()
			f.err = fn()
			l.mu.Lock()
			delete(l.inflight, key)
			l.mu.Unlock()
			close(f.done)
			return f.err
		}
		l.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if leaderGaveUp(f.err) {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			continue
		}
		return f.err
	}
}

// leaderGaveUp reports whether err is a once leader's own reason to stop rather than an answer.
func leaderGaveUp(err error) bool {
	var rl *psnapi.RateLimitedError
	return errors.Is(err, errClaimHeld) || errors.Is(err, errPaused) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.As(err, &rl) && rl.Status == 0
}

// offline reports whether err means the API could not be reached (or would not answer now), so
// cached data should be served instead.
func offline(err error) bool {
	return errors.Is(err, ErrNoAPI) || psnapi.IsNetwork(err) || psnapi.IsRateLimited(err) ||
		errors.Is(err, psnapi.ErrServer) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrBudgetLocked)
}
