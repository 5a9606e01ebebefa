package cli

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/store"
)

// What the commands computed from the cache alone (search, recent, stats, next) share: they send no
// request, say how much of the library the cache covers, and take the trophy query language.

// errNothingCached is what a cache-only command says before the first sync.
var errNothingCached = userError{`nothing cached yet: run "psn-client sync" first`}

// requireCached fails when the cache holds nothing to answer from: no title list, or no title
// with its trophies (found says whether the command found anything at all).
func requireCached(cov store.Coverage, found bool) error {
	if cov.Titles == 0 || cov.Complete == 0 && !found {
		return errNothingCached
	}
	return nil
}

// noteCoverage tells stderr how much of the library a result covers, when it is partial:
// "from 14 of 300 titles; the others are not cached yet (psn-client sync fetches them)".
func noteCoverage(env Env, cov store.Coverage) {
	if cov.Titles == 0 || !cov.Partial() {
		return
	}
	fmt.Fprintf(env.Stderr, "from %s of %s; the others are not cached yet (psn-client sync fetches them)\n",
		thousands(cov.Complete), plural(cov.Titles, "title", "titles"))
}

// parseQueryArgs joins a command's arguments into one query. The shell has removed the quotes
// already, so an argument with spaces in it is quoted again: `title:"astro bot"` arrives as
// title:astro bot and stays one term.
func parseQueryArgs(cmd *cobra.Command, args []string) (store.Query, error) {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a
		if !strings.ContainsFunc(a, unicode.IsSpace) || strings.ContainsAny(a, "\"“”„") {
			continue
		}
		if k, v, ok := strings.Cut(a, ":"); ok && isFilterKey(k) {
			parts[i] = k + `:"` + v + `"`
		} else {
			parts[i] = `"` + a + `"`
		}
	}
	q, err := store.ParseQuery(strings.Join(parts, " "))
	var qe *store.QueryError
	if errors.As(err, &qe) {
		return q, valueError{fmt.Errorf("%v (see %s --help)", qe, cmd.CommandPath())}
	}
	return q, err
}

func isFilterKey(k string) bool {
	if k == "" || strings.HasPrefix(k, "-") && len(k) == 1 {
		return false
	}
	for _, r := range strings.TrimPrefix(k, "-") {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// queryHelp documents the query language in every command that takes it.
const queryHelp = `A query is words and filters, all of which must hold; "-" before one negates it:
  words           sackboy big     in the trophy's name or description or its title's name;
                                  case, accents, ’ or ', ™ ® and punctuation do not matter
  "a phrase"      "big adventure" the words together
  grade:          grade:gold g:p,g          platinum|p gold|g silver|s bronze|b (a comma: or)
  rarity          rarity<5 rarity>=50       earned rate in percent (< <= > >= =)
  rarity:         rarity:ultra,very         Sony's tier: ultra, very, rare, common
  earned          earned  unearned          your status
  earned:         earned:2025 earned:2025-03 earned>=2024-06 earned:2023..2024
  hidden          hidden  -hidden           hidden trophies
  platform:       platform:ps5,pc           ps3 ps4 ps5 vita pc
  has:            has:help has:progress     Game Help (as last fetched); PS5 progress trophies
  title:          title:astro title:NPWR20188_00
A word with a colon that is no filter is an error: quote it ("re:zero") to search for it.`
