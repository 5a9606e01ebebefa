package store

import (
	"errors"

	"github.com/psnclient/psn-client/psnapi"
)

// fileTokens is the psnapi.TokenStore backed by credentials.json.
type fileTokens struct{ l *Library }

// Credentials returns the psnapi.TokenStore backed by credentials.json (0600 in a 0700 directory).
// LoadToken returns the zero Token when nobody is logged in; SaveToken rewrites the file atomically
// after every login and refresh, keeping the stored online ID and account ID.
func (l *Library) Credentials() psnapi.TokenStore { return fileTokens{l} }

func (f fileTokens) LoadToken() (psnapi.Token, error) {
	c, err := f.l.readCredentials()
	if errors.Is(err, errNoCredentials) {
		return psnapi.Token{}, nil
	}
	if err != nil {
		return psnapi.Token{}, err
	}
	return psnapi.Token{AccessToken: c.AccessToken, RefreshToken: c.RefreshToken,
		AccessExpiresAt: c.AccessExpiresAt, RefreshExpiresAt: c.RefreshExpiresAt, Scope: c.Scope}, nil
}

func (f fileTokens) SaveToken(t psnapi.Token) error {
	f.l.credMu.Lock()
	defer f.l.credMu.Unlock()
	c, err := f.l.readCredentials()
	if err != nil && !errors.Is(err, errNoCredentials) {
		return err
	}
	c.AccessToken, c.RefreshToken = t.AccessToken, t.RefreshToken
	c.AccessExpiresAt, c.RefreshExpiresAt, c.Scope = t.AccessExpiresAt, t.RefreshExpiresAt, t.Scope
	return f.l.writeCredentials(c)
}
