package ui

import (
	"fmt"
	"net/url"
	"strings"
)

// playerArgs is the argv that opens a Game Help video: the player's own argv, then the URL. The URL
// comes from Sony, so it is checked first: only an absolute http or https URL with a host is
// accepted (a mediaUrl of "--script=evil.lua" would be an option to the player, "file:" or
// "javascript:" something else again). Players known to honour "--" get it before the URL, so even
// a URL the check let through is never read as an option.
func playerArgs(argv []string, mediaURL string) ([]string, error) {
	if err := checkVideoURL(mediaURL); err != nil {
		return nil, err
	}
	out := append([]string{}, argv...)
	if endsOptions(argv[0]) {
		out = append(out, "--")
	}
	return append(out, mediaURL), nil
}

func checkVideoURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || unsafeRune(r) }) {
		return fmt.Errorf("not a web link, not opened: %q", s)
	}
	return nil
}

// endsOptions reports whether the player (by its program name) reads "--" as the end of its options.
// xdg-open and open do not (they would take "--" for the file), so they get the checked URL alone.
func endsOptions(program string) bool {
	name := program[strings.LastIndexAny(program, `/\`)+1:] // either separator: config.json may come from Windows
	name = strings.TrimSuffix(strings.ToLower(name), ".exe")
	switch name {
	case "mpv", "vlc", "cvlc":
		return true
	}
	return false
}
