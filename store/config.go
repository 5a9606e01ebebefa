package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
)

// Config is config.json. A missing file means defaults (the zero Config). Keys this version does not
// know are kept in Extra and written back unchanged by SaveConfig.
type Config struct {
	Player      string // command that opens Game Help videos ("" = PSN_PLAYER or the first player found)
	Language    string // Accept-Language ("" = PSN_LANG or LANG)
	CompareUser string // last account compared with (online ID or account ID)
	Theme       string // "auto", "dark", "light" ("" = auto)
	Reveal      bool   // show hidden trophies that are not earned
	Extra       map[string]json.RawMessage
}

var configKeys = []string{"player", "language", "compareUser", "theme", "reveal"}

// MarshalJSON writes the known keys and every Extra key, sorted, indented for people who edit it.
func (c Config) MarshalJSON() ([]byte, error) {
	m := make(map[string]json.RawMessage, len(c.Extra)+len(configKeys))
	for k, v := range c.Extra {
		m[k] = v
	}
	for _, k := range configKeys {
		delete(m, k)
	}
	put := func(k string, v any, zero bool) error {
		if zero {
			return nil
		}
		b, err := json.Marshal(v)
		m[k] = b
		return err
	}
	for _, err := range []error{
		put("player", c.Player, c.Player == ""),
		put("language", c.Language, c.Language == ""),
		put("compareUser", c.CompareUser, c.CompareUser == ""),
		put("theme", c.Theme, c.Theme == ""),
		put("reveal", c.Reveal, !c.Reveal),
	} {
		if err != nil {
			return nil, err
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteString("{")
	for i, k := range keys {
		if i > 0 {
			buf.WriteString(",")
		}
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteString(":")
		buf.Write(m[k])
	}
	buf.WriteString("}")
	return buf.Bytes(), nil
}

// UnmarshalJSON reads the known keys and keeps the others in Extra.
func (c *Config) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if m == nil {
		return errors.New("config is not a JSON object")
	}
	*c = Config{}
	get := func(k string, dst any) error {
		raw, ok := m[k]
		if !ok {
			return nil
		}
		delete(m, k)
		if err := json.Unmarshal(raw, dst); err != nil {
			return fmt.Errorf("key %q: %w", k, err)
		}
		return nil
	}
	for _, err := range []error{
		get("player", &c.Player), get("language", &c.Language), get("compareUser", &c.CompareUser),
		get("theme", &c.Theme), get("reveal", &c.Reveal),
	} {
		if err != nil {
			return err
		}
	}
	if len(m) > 0 {
		c.Extra = m
	}
	return nil
}

// loadConfig reads config.json; missing is defaults; an unreadable file is defaults plus a note.
func (l *Library) loadConfig() Config {
	b, err := os.ReadFile(l.paths.ConfigFile())
	if errors.Is(err, fs.ErrNotExist) {
		return Config{}
	}
	if err != nil {
		l.note("could not read %s (%v); using the defaults", l.paths.ConfigFile(), err)
		return Config{}
	}
	var c Config
	if err := json.Unmarshal(b, &c); err != nil {
		l.note("%s is not valid (%v); using the defaults until it is saved again", l.paths.ConfigFile(), err)
		return Config{}
	}
	return c
}

// Config returns the configuration as last read or saved.
func (l *Library) Config() Config {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.config
}

// ReloadConfig reads config.json again (another process may have saved it).
func (l *Library) ReloadConfig() Config {
	c := l.loadConfig()
	l.mu.Lock()
	l.config = c
	l.mu.Unlock()
	return c
}

// SaveConfig writes config.json atomically, keeping unknown keys.
func (l *Library) SaveConfig(c Config) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if err := writeFileAtomic(l.paths.ConfigFile(), b, 0o644, 0o755); err != nil {
		return fmt.Errorf("saving config: %w", err)
	}
	l.mu.Lock()
	l.config = c
	l.mu.Unlock()
	return nil
}
