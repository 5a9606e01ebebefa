package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// session is the client, the store and the account one command works with.
type session struct {
	env     Env
	flags   *globalFlags // collects the store's notes for Run to print
	api     *psnapi.Client
	lib     *store.Library
	account store.Account
	tokens  psnapi.TokenStore
	paths   store.Paths
	demo    *psntest.Server
	tmpDir  string
	// policy is the cache policy of the command's --refresh / --offline (Auto without them).
	policy store.Policy
	// live says on stderr what the command waits for (and sync's progress).
	live *liveLine
}

// openSession builds the store and the API client from the environment. With --demo it starts the
// fake PSN server in-process on 127.0.0.1 and keeps every file in a temporary directory, so no
// credentials or XDG directories are read or written. needLogin makes missing credentials an error.
func openSession(ctx context.Context, env Env, g *globalFlags, needLogin bool) (*session, error) {
	env = env.withDefaults()
	cfg, err := readSettings(env)
	if err != nil {
		return nil, err
	}
	policy, err := g.policy()
	if err != nil {
		return nil, err
	}
	s := &session{env: env, flags: g, policy: policy}
	paths := storePaths(env)
	var demoTokens psnapi.TokenStore
	if g.demo {
		if env.Getenv("PSN_RATE_LIMIT") == "" {
			cfg.rateLimit = demoRateLimit
		}
		// The fake plays Sony with whatever OAuth client the environment names, so the demo
		// exercises the same values a real login would send.
		srv, creds := psntest.StartDemo(psntest.Options{ClientID: cfg.clientID, ClientSecret: cfg.clientSecret,
			RedirectURI: cfg.redirectURI, Scope: cfg.scope})
		s.demo = srv
		cfg.apiURL, cfg.authURL, cfg.profileURL = srv.APIBase(), srv.AuthBase(), srv.ProfileBase()
		dir, err := os.MkdirTemp("", "psn-client-demo-")
		if err != nil {
			srv.Close()
			return nil, err
		}
		s.tmpDir = dir
		paths = store.Paths{Config: filepath.Join(dir, "config"), State: filepath.Join(dir, "state"), Cache: filepath.Join(dir, "cache")}
		demoTokens = psnapi.NewMemoryTokens(psnapi.Token{
			AccessToken: creds.AccessToken, RefreshToken: creds.RefreshToken,
			AccessExpiresAt: creds.AccessExpiresAt, RefreshExpiresAt: creds.RefreshExpiresAt, Scope: creds.Scope,
		})
	}
	s.paths = paths
	storeOptions := store.Options{Language: cfg.language, RateWindow: cfg.rateLimit.Window, Background: g.background, Now: env.Now}
	lib, err := store.Open(paths, storeOptions)
	if err != nil {
		s.Close()
		return nil, err
	}
	// config.json's language comes after PSN_LANG and before the locale; the store keys its cache
	// by language, so it is opened again with the configured one (Open only reads two small files).
	if l := strings.TrimSpace(lib.Config().Language); l != "" && env.Getenv("PSN_LANG") == "" && l != cfg.language {
		cfg.language = l
		storeOptions.Language = l
		if lib, err = store.Open(paths, storeOptions); err != nil {
			s.Close()
			return nil, err
		}
	}
	s.lib = lib
	s.tokens = demoTokens
	if s.tokens == nil {
		s.tokens = lib.Credentials()
	}
	if policy == store.Offline {
		// No client at all: nothing can be sent, and the process does not count as interactive.
		if err := s.resolve(ctx, needLogin); err != nil {
			return nil, err
		}
		return s, nil
	}
	conf := lib.Config()
	s.api = psnapi.New(lib.APIOptions(psnapi.Options{
		APIBase:      cfg.apiURL,
		AuthBase:     cfg.authURL,
		ProfileBase:  cfg.profileURL,
		HTTPClient:   &http.Client{Timeout: 30 * time.Second},
		Tokens:       demoTokens,
		Language:     cfg.language,
		RateLimit:    cfg.rateLimit,
		ClientID:     firstNonEmpty(cfg.clientID, conf.ClientID),
		ClientSecret: firstNonEmpty(cfg.clientSecret, conf.ClientSecret),
		RedirectURI:  firstNonEmpty(cfg.redirectURI, conf.RedirectURI),
		Scope:        firstNonEmpty(cfg.scope, conf.Scope),
		Sleep:        env.Sleep,
	}))
	lib.SetAPI(s.api)
	if !g.tui {
		// The browser shows waits in its own status bar; every other command on stderr, from the
		// first request on (a user lookup included).
		s.live = newLiveLine(env.Stderr, env.IsTerminal(env.Stderr), env.width(env.Stderr), env.Now)
		s.live.follow(s.api.Subscribe)
	}
	if err := s.resolve(ctx, needLogin); err != nil {
		return nil, err
	}
	return s, nil
}

// resolve checks the login and finds the account --user names (the logged-in one without it),
// closing the session on failure. Under Auto, an online ID looked up before is not looked up again
// while the budget is spent; --offline looks up nothing.
func (s *session) resolve(ctx context.Context, needLogin bool) error {
	if !needLogin {
		return nil
	}
	if ok, err := s.loggedIn(); err != nil || !ok {
		s.Close()
		if err != nil {
			return err
		}
		return errNotLoggedIn
	}
	name := s.flags.user
	var acct store.Account
	var err error
	switch s.policy {
	case store.Offline:
		// The Library has no client: what is known, any age, or ErrNoAPI.
		if acct, err = s.lib.ResolveUser(ctx, name); errors.Is(err, store.ErrNoAPI) {
			err = userError{fmt.Sprintf("%s has not been looked up yet, and --offline sends no request", name)}
		}
	case store.Auto:
		acct, err = s.lib.ResolveUser(psnapi.WithFailFast(ctx), name)
		if psnapi.IsRateLimited(err) {
			acct, err = s.lib.ResolveUser(ctx, name)
		}
	default:
		acct, err = s.lib.ResolveUser(ctx, name)
	}
	if err != nil {
		s.Close()
		return userFacingLookupError(name, err)
	}
	s.account = acct
	return nil
}

// prefillDemo syncs the demo account into the demo's temporary cache, for the commands and views
// that read only the cache (next, export, next to hunt). It uses its own client without a budget:
// the demo server is in-process, and the session's rate window stays as a fresh run's would be.
func (s *session) prefillDemo(ctx context.Context) error {
	if s.demo == nil {
		return nil
	}
	id, err := s.prefillDemoAccount(ctx)
	if err == nil && (s.account.ID == "me" || s.account.ID == "") {
		// This session's Library has not learnt the numeric ID behind "me": name the account by it.
		s.account.ID = id
	}
	return err
}

// prefillDemoAccount syncs the demo account into the demo's cache and returns its numeric ID.
func (s *session) prefillDemoAccount(ctx context.Context) (string, error) {
	// A Library of its own on the same directories (the store allows several), so the session's
	// client and its rate window are left alone.
	lib, err := store.Open(s.paths, store.Options{Language: s.lib.Language()})
	if err != nil {
		return "", err
	}
	lib.SetAPI(psnapi.New(lib.APIOptions(psnapi.Options{
		APIBase: s.demo.APIBase(), AuthBase: s.demo.AuthBase(), ProfileBase: s.demo.ProfileBase(),
		Tokens: s.tokens, Language: s.lib.Language(),
	})))
	// The summary tells this Library the numeric ID behind "me", so it writes where the session's
	// Library (which learns it the same way) reads.
	sum, err := lib.RefreshSummary(ctx, s.account.ID)
	if err != nil {
		return "", err
	}
	if _, err = lib.Sync(ctx, s.account.ID, nil); err != nil {
		return sum.AccountID, err
	}
	_, _, err = lib.SyncPlayTime(ctx, s.account.ID) // as a sync does: play time for export and stats
	return sum.AccountID, err
}

// demoRateLimit is the demo's budget unless PSN_RATE_LIMIT says otherwise: the fake server is
// in-process, so a demo sync need not take Sony's 15 minutes per 300 requests; set PSN_RATE_LIMIT
// (say 300/15m) to watch real pacing.
var demoRateLimit = psnapi.RateLimit{Requests: 1200, Window: time.Minute}

// storePaths honours XDG_* from the run's environment (so tests and scripts can point it anywhere),
// falling back to adrg/xdg's platform defaults.
func storePaths(env Env) store.Paths {
	p := store.DefaultPaths()
	for _, d := range []struct {
		env string
		dst *string
	}{{"XDG_CONFIG_HOME", &p.Config}, {"XDG_STATE_HOME", &p.State}, {"XDG_CACHE_HOME", &p.Cache}} {
		if v := env.Getenv(d.env); filepath.IsAbs(v) {
			*d.dst = filepath.Join(v, store.AppName)
		}
	}
	return p
}

// loggedIn reports whether tokens are stored (an empty token store is not an error to it, so the
// tokens themselves are checked). A credentials file that cannot be read is an error that says why,
// not "not logged in".
func (s *session) loggedIn() (bool, error) {
	t, err := s.tokens.LoadToken()
	if err != nil {
		return false, err
	}
	return t.AccessToken != "" || t.RefreshToken != "", nil
}

// Close reports what the store had to repair (a corrupt cache file discarded, an unreadable config),
// stops the demo server and removes the demo's temporary files.
func (s *session) Close() {
	s.endWaits()
	if s.lib != nil && s.flags != nil {
		s.flags.notes = append(s.flags.notes, s.lib.Notes()...)
	}
	if s.lib != nil {
		// Ends this process's interactive announcement now, not at exit: a sync started after this
		// command in the same process (tests) uses the whole budget.
		s.lib.Close()
	}
	if s.demo != nil {
		s.demo.Close()
	}
	if s.tmpDir != "" {
		os.RemoveAll(s.tmpDir)
	}
}

// endWaits takes the wait line away before a command prints its answer (and stops following the
// budget); idempotent.
func (s *session) endWaits() {
	if s.live != nil {
		s.live.stop()
	}
}

// userFacingLookupError names the user in the sentence for unknown and private accounts.
func userFacingLookupError(name string, err error) error {
	switch {
	case psnapi.IsNotFound(err):
		return userError{fmt.Sprintf("no PSN user named %s", name)}
	case psnapi.IsForbidden(err):
		return userError{fmt.Sprintf("%s's trophies are private", name)}
	}
	return err
}

// explain rewrites errors about the account being read into one sentence that names it. The
// account exists (ResolveUser found it, or it is a numeric ID taken as is), so a 404 on its data is
// not "no PSN user": it is said as PSN said it, with the account's name.
func (s *session) explain(err error) error {
	if err == nil {
		return nil
	}
	name := s.account.OnlineID
	if name == "" {
		name = s.account.ID
	}
	switch {
	case s.account.ID == "me" || name == "":
		return err
	case psnapi.IsForbidden(err):
		return userError{fmt.Sprintf("%s's trophies are private", name)}
	case psnapi.IsNotFound(err):
		return userError{fmt.Sprintf("%s: %s", name, userMessage(err))}
	}
	return err
}

// ago prints an age for people: "just now", "5m ago", "2h ago", "3d ago".
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	default:
		return fmt.Sprintf("%dd ago", int(d.Hours()/24))
	}
}
