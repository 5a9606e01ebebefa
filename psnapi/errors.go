package psnapi

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kind classifies an API error by what the caller should do about it.
type Kind int

const (
	KindOther        Kind = iota
	KindNotFound          // 404: unknown user, title never played, wrong npServiceName
	KindForbidden         // 403: private trophy list ("Not permitted by access control")
	KindUnauthorized      // 401 that a refresh did not cure
	KindBadRequest        // 400: malformed id or parameter
	KindServer            // 5xx, after the retries
)

func (k Kind) String() string {
	switch k {
	case KindNotFound:
		return "not found"
	case KindForbidden:
		return "forbidden"
	case KindUnauthorized:
		return "unauthorized"
	case KindBadRequest:
		return "bad request"
	case KindServer:
		return "server error"
	}
	return "error"
}

// Sentinels for errors.Is. An *APIError matches the one of its Kind; *RateLimitedError matches
// ErrRateLimited; *NetworkError matches ErrNetwork.
var (
	ErrNotFound     = errors.New("psn: not found")
	ErrForbidden    = errors.New("psn: forbidden")
	ErrUnauthorized = errors.New("psn: unauthorized")
	ErrBadRequest   = errors.New("psn: bad request")
	ErrServer       = errors.New("psn: server error")
	ErrRateLimited  = errors.New("psn: rate limited")
	ErrNetwork      = errors.New("psn: network error")

	// ErrNPSSOInvalid: the authorize step did not hand out a code (the NPSSO is wrong or expired).
	ErrNPSSOInvalid = errors.New("psn: the NPSSO token is invalid or expired; get a fresh one from https://ca.account.sony.com/api/v1/ssocookie")
	// ErrLoginRequired: there are no tokens, or the refresh token expired or was refused.
	ErrLoginRequired = errors.New("psn: login required: the session is missing or expired, log in again")
)

// APIError is an HTTP error answer of Sony's servers. Code and Message are Sony's own when the body
// carried them ({"error":{"referenceId","code","message"}} or the OAuth form).
type APIError struct {
	Kind        Kind
	Status      int
	Code        int
	Message     string
	ReferenceID string
	// Endpoint names the operation ("trophyTitles", "token"…), never a URL: URLs may carry ids
	// the caller did not mean to log, and the authorize URL travels with the NPSSO cookie.
	Endpoint string
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("psn: ")
	if e.Endpoint != "" {
		b.WriteString(e.Endpoint)
		b.WriteString(": ")
	}
	b.WriteString(e.Kind.String())
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.Status)
		if e.Code != 0 {
			fmt.Fprintf(&b, ", code %d", e.Code)
		}
		b.WriteString(")")
	} else if e.Code != 0 {
		fmt.Fprintf(&b, " (code %d)", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// Is matches the sentinel of the error's Kind.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Kind == KindNotFound
	case ErrForbidden:
		return e.Kind == KindForbidden
	case ErrUnauthorized:
		return e.Kind == KindUnauthorized
	case ErrBadRequest:
		return e.Kind == KindBadRequest
	case ErrServer:
		return e.Kind == KindServer
	}
	return false
}

// RateLimitedError says no request may go before NextAvailable. Status is 429 when Sony said so,
// 0 when the client's own budget is spent and the caller asked not to wait (WithFailFast).
type RateLimitedError struct {
	NextAvailable time.Time
	Status        int
	Code          int
	Message       string
	Endpoint      string
}

func (e *RateLimitedError) Error() string {
	var b strings.Builder
	b.WriteString("psn: ")
	if e.Endpoint != "" {
		b.WriteString(e.Endpoint)
		b.WriteString(": ")
	}
	if e.Status == 0 {
		b.WriteString("request budget spent")
	} else {
		fmt.Fprintf(&b, "rate limited (HTTP %d", e.Status)
		if e.Code != 0 {
			fmt.Fprintf(&b, ", code %d", e.Code)
		}
		b.WriteString(")")
	}
	if !e.NextAvailable.IsZero() {
		b.WriteString(", next request possible at ")
		b.WriteString(e.NextAvailable.UTC().Format(time.RFC3339))
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// Is matches ErrRateLimited.
func (e *RateLimitedError) Is(target error) bool { return target == ErrRateLimited }

// DecodeError is a response that could not be understood: invalid or truncated JSON, or a
// shape the client does not know. The body is not kept: token answers pass through here.
type DecodeError struct {
	Endpoint string
	Err      error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("psn: %s: unreadable response: %v", e.Endpoint, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// GraphQLError carries the `errors` array of a GraphQL answer.
type GraphQLError struct {
	Operation string
	Messages  []string
}

func (e *GraphQLError) Error() string {
	msg := strings.Join(e.Messages, "; ")
	if msg == "" {
		msg = "error without message"
	}
	return fmt.Sprintf("psn: %s: GraphQL: %s", e.Operation, msg)
}

// NetworkError is a request that got no HTTP answer: offline, DNS, refused, timeout, cut off.
// It keeps the transport's inner error, not the *url.Error around it, whose URL could matter.
type NetworkError struct {
	Endpoint string
	Err      error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("psn: %s: network error: %v", e.Endpoint, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// Is matches ErrNetwork.
func (e *NetworkError) Is(target error) bool { return target == ErrNetwork }

// KindOf returns the Kind of an *APIError in err's chain, KindOther otherwise.
func KindOf(err error) Kind {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Kind
	}
	return KindOther
}

// IsNotFound reports an unknown user or title, or a title the account never played.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsForbidden reports a private trophy list.
func IsForbidden(err error) bool { return errors.Is(err, ErrForbidden) }

// IsUnauthorized reports a 401 the client could not cure by refreshing.
func IsUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }

// IsRateLimited reports a 429 or a spent budget; RateLimitedError has the time to wait for.
func IsRateLimited(err error) bool { return errors.Is(err, ErrRateLimited) }

// IsNetwork reports that the server could not be reached (serve the cache, mark it offline).
func IsNetwork(err error) bool { return errors.Is(err, ErrNetwork) }

// IsLoginRequired reports that the user has to log in again.
func IsLoginRequired(err error) bool { return errors.Is(err, ErrLoginRequired) }
