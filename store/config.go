package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
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
	// NoAutoSync is "autoSync": false: the browser does not fill the cache in the background
	// (autoSync is on by default, so the zero Config has it on).
	NoAutoSync bool
	// Bell rings the terminal bell when the browser sees a new trophy; Notify sends a desktop
	// notification (notify-send where present, else the terminal's OSC 9). Both off by default.
	Bell, Notify bool
	// NoPictures is "pictures": false: no icons or avatars are drawn (nor downloaded). Pictures
	// are on by default, drawn as half-block cells; Kitty ("kitty": true) draws them with the
	// kitty graphics protocol where the terminal supports it (opt-in).
	NoPictures, Kitty bool
	// The OAuth client psn-client presents to Sony ("" = the PlayStation App's; PSN_CLIENT_ID,
	// PSN_CLIENT_SECRET, PSN_REDIRECT_URI and PSN_SCOPE come first), for the day Sony rotates it.
	ClientID, ClientSecret, RedirectURI, Scope string
	Extra                                      map[string]json.RawMessage
}

// AutoSync reports whether the browser fills the cache in the background (config autoSync).
func (c Config) AutoSync() bool { return !c.NoAutoSync }

// Pictures reports whether the browser draws pictures (config pictures, default true).
func (c Config) Pictures() bool { return !c.NoPictures }

var configKeys = []string{"player", "language", "compareUser", "theme", "reveal", "autoSync", "bell", "notify", "pictures", "kitty", "clientId", "clientSecret", "redirectUri", "scope"}

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
		put("autoSync", false, !c.NoAutoSync),
		put("bell", c.Bell, !c.Bell),
		put("notify", c.Notify, !c.Notify),
		put("pictures", false, !c.NoPictures),
		put("kitty", c.Kitty, !c.Kitty),
		put("clientId", c.ClientID, c.ClientID == ""),
		put("clientSecret", c.ClientSecret, c.ClientSecret == ""),
		put("redirectUri", c.RedirectURI, c.RedirectURI == ""),
		put("scope", c.Scope, c.Scope == ""),
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
	autoSync, pictures := true, true
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
		get("theme", &c.Theme), get("reveal", &c.Reveal), get("autoSync", &autoSync),
		get("bell", &c.Bell), get("notify", &c.Notify),
		get("pictures", &pictures), get("kitty", &c.Kitty),
		get("clientId", &c.ClientID), get("clientSecret", &c.ClientSecret),
		get("redirectUri", &c.RedirectURI), get("scope", &c.Scope),
	} {
		if err != nil {
			return err
		}
	}
	c.NoAutoSync, c.NoPictures = !autoSync, !pictures
	if len(m) > 0 {
		c.Extra = m
	}
	return nil
}

// readConfigFile reads config.json as it is on disk now. A missing file is the zero Config and no
// error; a file that is not a regular file, too large, unreadable or not valid is an error that says
// so in full (with the line and column of a syntax error), naming the file.
func (l *Library) readConfigFile() (Config, error) {
	path := l.paths.ConfigFile()
	b, err := readFileSafe(path, maxConfigSize)
	if errors.Is(err, fs.ErrNotExist) {
		return Config{}, nil
	}
	if err != nil {
		return Config{}, err
	}
	var c Config
	if err := json.Unmarshal(b, &c); err != nil {
		return Config{}, fmt.Errorf("%s is not valid: %s", path, describeJSONError(b, err))
	}
	return c, nil
}

// describeJSONError adds the line and column to a JSON syntax error, so the user can find it.
func describeJSONError(b []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off <= 0 || off > int64(len(b)) {
		return err.Error()
	}
	line, col := 1, 1
	for _, c := range b[:off-1] { // Offset counts the bytes read, the offending one included
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d, column %d: %v", line, col, err)
}

// loadConfig reads config.json: missing is defaults; a file that cannot be used is defaults plus a
// note, and it is kept as it is: SaveConfig writes nothing until it is fixed.
func (l *Library) loadConfig() Config {
	c, err := l.readConfigFile()
	if err != nil {
		l.note("%v; using the defaults, and saving no setting to it until it is fixed or removed", err)
		return Config{}
	}
	return c
}

// Config returns the configuration as last read or saved (a copy: changing it changes nothing until
// SaveConfig).
func (l *Library) Config() Config {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.config.clone()
}

// clone copies Extra, so a caller's edits never reach the Library's copy through the shared map.
func (c Config) clone() Config {
	if c.Extra != nil {
		extra := make(map[string]json.RawMessage, len(c.Extra))
		for k, v := range c.Extra {
			extra[k] = v
		}
		c.Extra = extra
	}
	return c
}

// ReloadConfig reads config.json again (another process may have saved it).
func (l *Library) ReloadConfig() Config {
	c := l.loadConfig()
	l.mu.Lock()
	l.config = c
	l.mu.Unlock()
	return c
}

// SaveConfig writes the changes c makes to the configuration last read or saved (Config) into
// config.json as it is on disk now, atomically, keeping unknown keys. So a setting saved here does
// not undo what another process (or the user's editor) saved meanwhile, and a file fixed since it
// was found invalid keeps what it holds. A config.json that cannot be read is never overwritten:
// SaveConfig returns the error (also left as a note) and writes nothing. A symlinked config.json
// (dotfiles) is written where it points, and stays a symlink.
func (l *Library) SaveConfig(c Config) error {
	disk, err := l.readConfigFile()
	if err != nil {
		l.note("setting not saved: %v", err)
		return fmt.Errorf("setting not saved: %w", err)
	}
	l.mu.Lock()
	base := l.config
	l.mu.Unlock()
	merged, err := mergeConfig(base, disk, c)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(merged, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	path := l.paths.ConfigFile()
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	if err := writeFileAtomic(path, b, 0o644, 0o755); err != nil {
		return fmt.Errorf("saving config: %w", err)
	}
	l.mu.Lock()
	l.config = merged
	l.mu.Unlock()
	return nil
}

// mergeConfig is a three-way merge over config.json's keys (every known field and every unknown key
// alike, so a field added later is merged too): a key ours changed from base (set, changed or
// removed) takes ours, every other key is theirs (the file on disk now).
func mergeConfig(base, theirs, ours Config) (Config, error) {
	keys := func(c Config) (map[string]json.RawMessage, error) {
		b, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		m := map[string]json.RawMessage{}
		return m, json.Unmarshal(b, &m)
	}
	b, err := keys(base)
	if err != nil {
		return Config{}, err
	}
	t, err := keys(theirs)
	if err != nil {
		return Config{}, err
	}
	o, err := keys(ours)
	if err != nil {
		return Config{}, err
	}
	for k, v := range o {
		if bv, ok := b[k]; !ok || !bytes.Equal(bv, v) {
			t[k] = v
		}
	}
	for k := range b {
		if _, ok := o[k]; !ok {
			delete(t, k)
		}
	}
	merged, err := json.Marshal(t)
	if err != nil {
		return Config{}, err
	}
	var out Config
	return out, json.Unmarshal(merged, &out)
}
