package store

import (
	"path/filepath"

	"github.com/adrg/xdg"
)

// AppName is the directory psn-client uses inside each XDG base directory.
const AppName = "psn-client"

// Paths are the three directories psn-client writes to, each already including "psn-client".
type Paths struct {
	Config string // config.json
	State  string // credentials.json, requests.log, interactive.lock
	Cache  string // cached API data; safe to delete at any time
}

// DefaultPaths returns the XDG directories ($XDG_CONFIG_HOME, $XDG_STATE_HOME, $XDG_CACHE_HOME with
// their platform defaults, as github.com/adrg/xdg resolves them) joined with "psn-client".
func DefaultPaths() Paths {
	return Paths{
		Config: filepath.Join(xdg.ConfigHome, AppName),
		State:  filepath.Join(xdg.StateHome, AppName),
		Cache:  filepath.Join(xdg.CacheHome, AppName),
	}
}

// ConfigFile is the path of config.json.
func (p Paths) ConfigFile() string { return filepath.Join(p.Config, "config.json") }

// CredentialsFile is the path of credentials.json.
func (p Paths) CredentialsFile() string { return filepath.Join(p.State, "credentials.json") }

// RequestLogFile is the path of requests.log.
func (p Paths) RequestLogFile() string { return filepath.Join(p.State, "requests.log") }

// InteractiveLockFile is the path of interactive.lock: every interactive psn-client process holds a
// shared lock on it while it runs (see Library.SetInteractive).
func (p Paths) InteractiveLockFile() string { return filepath.Join(p.State, "interactive.lock") }
