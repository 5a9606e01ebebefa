package cli

import (
	"bufio"
	"errors"
	"fmt"
	"github.com/psnclient/psn-client/ui"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

func newLoginCmd(env Env, g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "login",
		Short: "Log in with the NPSSO token from your browser and store the tokens",
		Long: `login exchanges an NPSSO token for PSN access and refresh tokens and stores them in
$XDG_STATE_HOME/psn-client/credentials.json (mode 0600). The NPSSO itself is never stored.

To get an NPSSO: sign in at https://www.playstation.com in your browser, then open
https://ca.account.sony.com/api/v1/ssocookie and copy the "npsso" value.

The token is read, in this order, from $PSN_NPSSO, from standard input when it is not a terminal,
or from a prompt that does not echo what you type.`,
		Example: "  psn-client login\n  PSN_NPSSO=… psn-client login\n  pass show psn/npsso | psn-client login",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openSession(cmd.Context(), env, g, false)
			if err != nil {
				return err
			}
			defer s.Close()
			npsso, err := readNPSSO(env, g.demo)
			if err != nil {
				return err
			}
			if _, err := s.api.Login(cmd.Context(), npsso); err != nil {
				return err
			}
			// Sony's profile answer does not carry the account ID; the trophy summary does.
			sum, err := s.api.TrophySummary(cmd.Context(), "me")
			if err != nil {
				return fmt.Errorf("logged in, but reading your account failed: %w", err)
			}
			profile, err := s.api.ProfileByAccountID(cmd.Context(), sum.AccountID)
			if err != nil {
				return fmt.Errorf("logged in, but reading your profile failed: %w", err)
			}
			if s.demo == nil {
				if err := s.lib.SetLoggedInAccount(store.Account{ID: profile.AccountID, OnlineID: profile.OnlineID}); err != nil {
					return err
				}
			}
			fmt.Fprintf(env.Stdout, "Logged in as %s (account ID %s)\n", ui.CleanLine(profile.OnlineID), ui.CleanLine(profile.AccountID))
			return nil
		},
	}
}

// readNPSSO takes the token from $PSN_NPSSO, from stdin when it is not a terminal, or from a no-echo
// prompt. The demo accepts an empty answer and uses the demo account's token.
func readNPSSO(env Env, demo bool) (string, error) {
	if v := strings.TrimSpace(env.Getenv("PSN_NPSSO")); v != "" {
		return v, nil
	}
	var npsso string
	if env.IsTerminal(env.Stdin) && env.ReadPassword != nil {
		fmt.Fprint(env.Stderr, "NPSSO token (input hidden): ")
		v, err := env.ReadPassword()
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fmt.Errorf("reading the NPSSO: %w", err)
		}
		npsso = v
	} else {
		line, err := bufio.NewReader(io.LimitReader(env.Stdin, 4096)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("reading the NPSSO from standard input: %w", err)
		}
		npsso = line
	}
	npsso = strings.TrimSpace(npsso)
	// People paste the whole cookie JSON ({"npsso":"…"}): take the value out of it.
	if strings.HasPrefix(npsso, "{") {
		if i := strings.Index(npsso, `"npsso"`); i >= 0 {
			rest := strings.TrimLeft(npsso[i+len(`"npsso"`):], ` :"`)
			if j := strings.IndexByte(rest, '"'); j >= 0 {
				npsso = rest[:j]
			}
		}
	}
	if npsso == "" && demo {
		return psntest.DemoNPSSO, nil
	}
	if npsso == "" {
		return "", userError{"no NPSSO given: set PSN_NPSSO, pipe it on standard input, or type it at the prompt " +
			"(get it from https://ca.account.sony.com/api/v1/ssocookie while signed in at playstation.com)"}
	}
	return npsso, nil
}

func newLogoutCmd(env Env, g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Delete the stored PSN tokens",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.demo {
				fmt.Fprintln(env.Stdout, "The demo stores no credentials: nothing to remove.")
				return nil
			}
			lib, err := store.Open(storePaths(env), store.Options{})
			if err != nil {
				return err
			}
			_, loggedIn := lib.LoggedIn()
			if err := lib.Logout(); err != nil {
				return err
			}
			if loggedIn {
				fmt.Fprintln(env.Stdout, "Logged out: stored tokens deleted.")
			} else {
				fmt.Fprintln(env.Stdout, "Not logged in: no stored tokens to delete.")
			}
			return nil
		},
	}
}
