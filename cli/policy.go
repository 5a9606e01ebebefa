package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// addPolicyFlags gives a data command --refresh and --offline (see store.Policy: without either,
// the cache answers when it is fresh and only what is stale is fetched).
func addPolicyFlags(cmd *cobra.Command, g *globalFlags) {
	cmd.Flags().BoolVar(&g.refresh, "refresh", false, "fetch from PSN even when the cache is fresh (waits for the request budget)")
	cmd.Flags().BoolVar(&g.offline, "offline", false, "answer from the cache only: send no request")
}

// policy is the cache policy the flags ask for.
func (g *globalFlags) policy() (store.Policy, error) {
	switch {
	case g.refresh && g.offline:
		return store.Auto, usageError{errors.New("--refresh and --offline cannot be used together: --refresh fetches, --offline never sends")}
	case g.refresh:
		return store.Refresh, nil
	case g.offline:
		return store.Offline, nil
	}
	return store.Auto, nil
}

// cacheNote is the one stderr line that says an answer came from the cache although a refresh was
// due (or --offline asked for it): "cached 12m ago; request budget free in 1m50s". Empty when the
// answer is fresh.
func (s *session) cacheNote(offline bool, why error, fetched time.Time) string {
	if !offline && s.policy != store.Offline {
		return ""
	}
	now := s.env.Now()
	age := "cached " + ago(now.Sub(fetched))
	if fetched.IsZero() {
		age = "cached"
	}
	if s.policy == store.Offline {
		return age + " (--offline: no request sent)"
	}
	var rl *psnapi.RateLimitedError
	switch {
	case errors.As(why, &rl) && rl.Status == 429:
		d, _ := store.BudgetFreeIn(why, now)
		return fmt.Sprintf("%s; PSN asked to wait (429): free in %s", age, roundDuration(d))
	case errors.As(why, &rl):
		d, _ := store.BudgetFreeIn(why, now)
		return fmt.Sprintf("%s; request budget free in %s", age, roundDuration(d))
	case why == nil, psnapi.IsNetwork(why):
		return age + "; PSN cannot be reached (offline)"
	}
	return age + "; could not refresh: " + userMessage(why)
}

// noteCached prints the cache note, if any, on stderr.
func (s *session) noteCached(offline bool, why error, fetched time.Time) {
	if n := s.cacheNote(offline, why, fetched); n != "" {
		fmt.Fprintln(s.env.Stderr, n)
	}
}

// notCached turns store.ErrNotCached (--offline with nothing cached) into a sentence naming what.
func (s *session) notCached(err error, what string) error {
	if errors.Is(err, store.ErrNotCached) {
		return userError{fmt.Sprintf("%s not cached yet, and --offline sends no request: run it without --offline", what)}
	}
	return err
}
