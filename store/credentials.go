package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// credentialsFile is the JSON of credentials.json. It holds secrets: mode 0600 in a 0700 directory,
// written only by writeCredentials, never logged.
type credentialsFile struct {
	Version          int       `json:"version"`
	AccessToken      string    `json:"accessToken"`
	RefreshToken     string    `json:"refreshToken"`
	AccessExpiresAt  time.Time `json:"accessExpiresAt"`
	RefreshExpiresAt time.Time `json:"refreshExpiresAt"`
	Scope            string    `json:"scope,omitempty"`
	OnlineID         string    `json:"onlineId,omitempty"`
	AccountID        string    `json:"accountId,omitempty"`
}

const credentialsVersion = 1

var errNoCredentials = errors.New("no stored credentials")

// readCredentials reads credentials.json; a missing file is errNoCredentials, a corrupt one is
// discarded with a note and also errNoCredentials (the user logs in again). A file that is not a
// regular file or is far too large is an error and is left alone: psn-client did not write it.
func (l *Library) readCredentials() (credentialsFile, error) {
	path := l.paths.CredentialsFile()
	b, err := readFileSafe(path, maxCredentialsSize)
	if errors.Is(err, fs.ErrNotExist) {
		return credentialsFile{}, errNoCredentials
	}
	if errors.Is(err, errOddFile) {
		return credentialsFile{}, fmt.Errorf("%w: remove it, then log in again", err)
	}
	if err != nil {
		return credentialsFile{}, fmt.Errorf("reading credentials: %w", err)
	}
	var c credentialsFile
	if err := json.Unmarshal(b, &c); err != nil || c.Version != credentialsVersion {
		why := "unknown version"
		if err != nil {
			why = "not valid JSON"
		}
		l.note("the stored credentials were unreadable (%s) and were discarded: log in again", why)
		os.Remove(path)
		return credentialsFile{}, errNoCredentials
	}
	return c, nil
}

// writeCredentials replaces credentials.json atomically with mode 0600 and makes the state directory 0700.
func (l *Library) writeCredentials(c credentialsFile) error {
	c.Version = credentialsVersion
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(l.paths.State, 0o700); err != nil {
		return fmt.Errorf("saving credentials: %w", err)
	}
	if err := os.Chmod(l.paths.State, 0o700); err != nil {
		return fmt.Errorf("saving credentials: %w", err)
	}
	if err := writeFileAtomic(l.paths.CredentialsFile(), append(b, '\n'), 0o600, 0o700); err != nil {
		return fmt.Errorf("saving credentials: %w", err)
	}
	return nil
}

// LoggedIn returns the logged-in account (numeric ID and online ID) as stored at login, and whether
// credentials exist at all.
func (l *Library) LoggedIn() (Account, bool) {
	c, err := l.readCredentials()
	if err != nil {
		return Account{}, false
	}
	return Account{ID: c.AccountID, OnlineID: c.OnlineID}, true
}

// SetLoggedInAccount records the logged-in account's IDs next to the tokens (login prints them; the
// status bar shows the online ID). It needs stored credentials.
func (l *Library) SetLoggedInAccount(a Account) error {
	l.credMu.Lock()
	c, err := l.readCredentials()
	if err == nil {
		c.AccountID, c.OnlineID = a.ID, a.OnlineID
		err = l.writeCredentials(c)
	}
	l.credMu.Unlock()
	if err != nil {
		return err
	}
	if isAccountID(a.ID) {
		l.learnMe(a.ID)
	}
	return nil
}

// Logout removes credentials.json (and the cache kept under "me" before the account ID was known).
// Logging out twice is not an error.
func (l *Library) Logout() error {
	l.credMu.Lock()
	defer l.credMu.Unlock()
	err := os.Remove(l.paths.CredentialsFile())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("logging out: %w", err)
	}
	// The next login may be another account: forget who "me" was, and drop data cached under "me"
	// before the numeric ID was known (data under numeric IDs stays: it is nobody's secret).
	l.mu.Lock()
	l.me = ""
	clear(l.titleMem)
	l.mu.Unlock()
	os.RemoveAll(l.rawAccountDir("me"))
	return nil
}
