package cli

import (
	"fmt"
	"os/exec"
	"strings"

	"github.com/psnclient/psn-client/store"
)

// playerCommand is the Game Help video player's argv: PSN_PLAYER (a command line; the checked URL is
// appended, after "--" for players that honour it), else the config's player, else the first of
// mpv, vlc, xdg-open, open on PATH. Nil when none is found: the UI then says "no video player found:
// set PSN_PLAYER". A PSN_PLAYER (or config player) that cannot be split is an error naming it, not
// a reason to start another player.
func playerCommand(env Env, cfg store.Config) ([]string, error) {
	for _, src := range []struct{ name, value string }{{"PSN_PLAYER", env.Getenv("PSN_PLAYER")}, {"player in config.json", cfg.Player}} {
		if strings.TrimSpace(src.value) == "" {
			continue
		}
		argv, err := splitCommandLine(src.value)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", src.name, err)
		}
		return argv, nil
	}
	for _, name := range []string{"mpv", "vlc", "xdg-open", "open"} {
		if p, err := exec.LookPath(name); err == nil {
			return []string{p}, nil
		}
	}
	return nil, nil
}

// splitCommandLine splits a command line the way a POSIX shell splits words, with single quotes,
// double quotes and backslash escapes, so PSN_PLAYER='mpv --title "Game Help"' works; nothing is
// expanded and no shell runs.
func splitCommandLine(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	var quote rune
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped, inWord = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, fmt.Errorf("unterminated quote or escape in %q: fix it, or quote the way a shell would", s)
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}
