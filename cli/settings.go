package cli

import (
	"fmt"
	"strings"

	"github.com/psnclient/psn-client/psnapi"
)

// Built-in endpoints of Sony's servers (DESIGN.md, External contract).
const (
	defaultAPIURL     = "https://m.np.playstation.com/api"
	defaultAuthURL    = "https://ca.account.sony.com/api"
	defaultProfileURL = "https://us-prof.np.community.playstation.net"
)

// settings are the environment's choices for one run.
type settings struct {
	apiURL, authURL, profileURL string
	language                    string
	rateLimit                   psnapi.RateLimit
	// The OAuth client from PSN_CLIENT_ID…PSN_SCOPE ("" = config.json's, else the app's).
	clientID, clientSecret, redirectURI, scope string
}

func readSettings(env Env) (settings, error) {
	s := settings{
		apiURL:     firstNonEmpty(env.Getenv("PSN_API_URL"), defaultAPIURL),
		authURL:    firstNonEmpty(env.Getenv("PSN_AUTH_URL"), defaultAuthURL),
		profileURL: firstNonEmpty(env.Getenv("PSN_PROFILE_URL"), defaultProfileURL),
		language:   languageTag(firstNonEmpty(env.Getenv("PSN_LANG"), env.Getenv("LC_ALL"), env.Getenv("LANG"))),

		clientID:     firstNonEmpty(env.Getenv("PSN_CLIENT_ID")),
		clientSecret: firstNonEmpty(env.Getenv("PSN_CLIENT_SECRET")),
		redirectURI:  firstNonEmpty(env.Getenv("PSN_REDIRECT_URI")),
		scope:        firstNonEmpty(env.Getenv("PSN_SCOPE")),
	}
	rl, err := psnapi.ParseRateLimit(firstNonEmpty(env.Getenv("PSN_RATE_LIMIT"), "300/15m"))
	if err != nil {
		return s, usageError{fmt.Errorf("PSN_RATE_LIMIT: %v (use a form like 300/15m)", err)}
	}
	s.rateLimit = rl
	return s, nil
}

// languageTag turns a POSIX locale (de_DE.UTF-8) into an Accept-Language tag (de-DE); "C" and
// "POSIX" mean no preference, which Sony answers in English.
func languageTag(locale string) string {
	if i := strings.IndexAny(locale, ".@"); i >= 0 {
		locale = locale[:i]
	}
	if locale == "" || locale == "C" || locale == "POSIX" {
		return "en-US"
	}
	return strings.ReplaceAll(locale, "_", "-")
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
