package psnapi

import (
	"fmt"
	"sync"
	"time"
)

// Token is what the OAuth exchange and every refresh yield. Its secrets never show up when it is
// printed: String, GoString and Format redact them, so a stray %v in a log or a panic cannot leak
// them. The JSON form (for the credentials file) does carry them.
type Token struct {
	AccessToken      string    `json:"accessToken"`
	RefreshToken     string    `json:"refreshToken"`
	AccessExpiresAt  time.Time `json:"accessExpiresAt"`
	RefreshExpiresAt time.Time `json:"refreshExpiresAt"`
	Scope            string    `json:"scope,omitempty"`
}

// accessValid reports whether the access token can be used at now, keeping margin (see
// expiryMargin) so a request does not leave with a token that expires while it travels.
func (t Token) accessValid(now time.Time, margin time.Duration) bool {
	return t.AccessToken != "" && now.Before(t.AccessExpiresAt.Add(-margin))
}

// expiryMargin is how long before its expiry the token t, received at got, is refreshed:
// tokenExpiryMargin, or a quarter of its lifetime when that is shorter.
// A fixed minute would make a token living less than a minute look expired the moment it arrives,
// and every request would refresh it first.
func expiryMargin(t Token, got time.Time) time.Duration {
	if q := t.AccessExpiresAt.Sub(got) / 4; q < tokenExpiryMargin {
		return max(q, 0)
	}
	return tokenExpiryMargin
}

// refreshValid reports whether the refresh token may still be exchanged at now. A zero expiry means
// Sony never told us one, so we try.
func (t Token) refreshValid(now time.Time) bool {
	return t.RefreshToken != "" && (t.RefreshExpiresAt.IsZero() || now.Before(t.RefreshExpiresAt))
}

// tokenExpiryMargin is how long before its expiry an access token is refreshed.
const tokenExpiryMargin = time.Minute

func redacted(s string) string {
	if s == "" {
		return "none"
	}
	return "redacted"
}

func (t Token) String() string {
	return fmt.Sprintf("psnapi.Token{access: %s, expires %s; refresh: %s, expires %s; scope %q}",
		redacted(t.AccessToken), formatExpiry(t.AccessExpiresAt),
		redacted(t.RefreshToken), formatExpiry(t.RefreshExpiresAt), t.Scope)
}

// GoString keeps %#v as safe as %v.
func (t Token) GoString() string { return t.String() }

// Format makes every verb (%v, %+v, %#v, %s, %q, %x…) print the redacted form.
func (t Token) Format(f fmt.State, verb rune) { fmt.Fprint(f, t.String()) }

func formatExpiry(at time.Time) string {
	if at.IsZero() {
		return "unknown"
	}
	return at.UTC().Format(time.RFC3339)
}

// TokenStore is where the client reads its tokens from and writes every new pair to. The store
// package implements it on disk; MemoryTokens keeps them in memory.
type TokenStore interface {
	// LoadToken returns the stored token, the zero Token when there is none.
	LoadToken() (Token, error)
	// SaveToken persists a token after a login or a refresh.
	SaveToken(Token) error
}

// MemoryTokens is a TokenStore in memory, for the demo and tests. Its zero value is empty and ready.
type MemoryTokens struct {
	mu sync.Mutex
	// token is behind a pointer so that even printing a MemoryTokens value (not a pointer, which
	// has no methods) shows an address rather than the secrets.
	token *Token
	saves int
}

// NewMemoryTokens returns a store already holding t.
func NewMemoryTokens(t Token) *MemoryTokens { return &MemoryTokens{token: &t} }

// LoadToken returns the held token.
func (m *MemoryTokens) LoadToken() (Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.token == nil {
		return Token{}, nil
	}
	return *m.token, nil
}

// SaveToken replaces the held token.
func (m *MemoryTokens) SaveToken(t Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.token = &t
	m.saves++
	return nil
}

// Saves counts SaveToken calls, so tests can see that a refresh was persisted.
func (m *MemoryTokens) Saves() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.saves
}

// String redacts: the struct holds the token in an unexported field, which fmt would print raw.
func (m *MemoryTokens) String() string {
	t, _ := m.LoadToken()
	return "psnapi.MemoryTokens{" + t.String() + "}"
}

// GoString redacts like String.
func (m *MemoryTokens) GoString() string { return m.String() }

// Format redacts for every verb.
func (m *MemoryTokens) Format(f fmt.State, verb rune) { fmt.Fprint(f, m.String()) }
