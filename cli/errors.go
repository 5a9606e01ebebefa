package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// errNotLoggedIn is returned by commands that need an account when none is stored.
var errNotLoggedIn = errors.New(`not logged in: run "psn-client login" (or try "psn-client --demo")`)

// userError is an error whose text is already the one sentence the user should read.
type userError struct{ msg string }

func (e userError) Error() string { return e.msg }

// userMessage turns any error into the sentence for stderr (Run makes it one visible line): no
// stack, no URL, no token.
func userMessage(err error) string {
	var ue userError
	if errors.As(err, &ue) {
		return ue.msg
	}
	var rl *psnapi.RateLimitedError
	switch {
	case errors.Is(err, errNotLoggedIn):
		return err.Error()
	case errors.Is(err, psnapi.ErrNPSSOInvalid):
		return "that NPSSO token is invalid or expired. Sign in at https://www.playstation.com in your browser, " +
			"open https://ca.account.sony.com/api/v1/ssocookie and copy the \"npsso\" value, then run psn-client login again"
	case errors.Is(err, psnapi.ErrLoginRequired):
		return `your PSN login has expired: log in again with "psn-client login"`
	case errors.As(err, &rl):
		return fmt.Sprintf("PSN is rate limiting requests: try again in %s (at %s)",
			roundDuration(time.Until(rl.NextAvailable)), rl.NextAvailable.Local().Format("15:04"))
	case errors.Is(err, context.Canceled):
		return "stopped"
	}
	var apiErr *psnapi.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Error()
	}
	return err.Error()
}

// roundDuration prints a wait the way a person says it: 4m12s, 2h05m, 12s.
func roundDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d >= time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	case d >= time.Minute:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	default:
		return fmt.Sprintf("%ds", int(d.Round(time.Second).Seconds()))
	}
}
