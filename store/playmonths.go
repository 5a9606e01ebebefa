package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// Hours per month. Sony tells, per game, its total play time, play count and first and last play:
// not when the hours were played. psn-client places hours in a month only where it can tell:
//
//   - a game it sees for the first time whose first and last play fall in one month: all its hours
//     are that month's;
//   - hours a game gained between two reads of the list when the earlier read and the game's last
//     play fall in one month: every session counted since ended in that month.
//
// Every other hour is Unplaced: counted in the total, never spread over months by a guess. The more
// often the list is read (the browser, sync), the more of the hours are placed.

// monthKey is a time's month in local time ("2026-10"); "" for no time.
func monthKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01")
}

// placePlay accounts in the ledger for the play time the games gained since it last saw them
// (placing what can be placed), as of the read at.
func placePlay(led *playLedger, games []psnapi.PlayedGame, at time.Time) {
	if led.Months == nil {
		led.Months = map[string]time.Duration{}
	}
	if led.Accounted == nil {
		led.Accounted = map[string]accountedPlay{}
	}
	if led.Since.IsZero() {
		led.Since = at
	}
	for _, g := range games {
		a, seen := led.Accounted[g.TitleID]
		gained := g.PlayDuration - a.Played
		if gained <= 0 {
			continue // no new play (a duration never shrinks; if Sony's does, nothing is taken back)
		}
		last := monthKey(g.LastPlayed)
		switch {
		case !seen && last != "" && monthKey(g.FirstPlayed) == last:
			led.Months[last] += gained
		case seen && last != "" && monthKey(a.At) == last:
			led.Months[last] += gained
		default:
			led.Unplaced += gained
		}
		led.Accounted[g.TitleID] = accountedPlay{Played: g.PlayDuration, At: at}
	}
}

// ledgerPath is the account's play ledger in the state directory.
func (l *Library) ledgerPath(key string) string {
	return filepath.Join(l.paths.State, "played", safeName(l.accountKeyDir(key))+".bin")
}

// loadLedger reads the account's play ledger (an empty one when there is none, or it is unreadable:
// then a note says so and the placing starts again).
func (l *Library) loadLedger(key string) (playLedger, bool) {
	path := l.ledgerPath(key)
	if isMe(key) || isAccountID(key) {
		// A ledger written while "me" had no numeric ID yet is that ID's.
		if _, err := os.Stat(path); os.IsNotExist(err) {
			if me := filepath.Join(l.paths.State, "played", "me.bin"); me != path {
				if a, ok := l.LoggedIn(); ok && a.ID == key {
					os.Rename(me, path)
				}
			}
		}
	}
	b, err := readFileSafe(path, maxRecordSize)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.note("the play ledger %s could not be read (%v): hours per month are placed from now on", path, err)
		}
		return playLedger{}, false
	}
	var led playLedger
	if err := decodeRecord(b, kindPlayLedger, &led); err != nil {
		l.note("the play ledger %s was unreadable (%v): hours per month are placed from now on", path, err)
		return playLedger{}, false
	}
	return led, true
}

// saveLedger writes the ledger atomically (0600 in the 0700 state directory, like credentials).
func (l *Library) saveLedger(key string, led playLedger) error {
	b, err := encodeRecord(kindPlayLedger, led)
	if err != nil {
		return err
	}
	path := l.ledgerPath(key)
	if err := os.MkdirAll(l.paths.State, 0o700); err != nil {
		return &CacheWriteError{Path: path, Err: err}
	}
	if err := writeFileAtomic(path, b, 0o600, 0o700); err != nil {
		return &CacheWriteError{Path: path, Err: err}
	}
	return nil
}

// PlayMonths is an account's play time per month, as far as psn-client can place it (see
// playmonths.go): Months run from the first month with placed hours to the current one.
type PlayMonths struct {
	Months   []MonthPlay
	Placed   time.Duration // the hours in Months
	Unplaced time.Duration // the hours no month can honestly be given
	Since    time.Time     // psn-client's first read of the played-games list
}

// MonthPlay is one month's placed play time; Month is its first day at midnight, local time.
type MonthPlay struct {
	Month  time.Time
	Played time.Duration
}

// Total is every hour of play counted, placed or not.
func (p PlayMonths) Total() time.Duration { return p.Placed + p.Unplaced }

// PlayMonths returns the account's play time per month from the cached played-games list (no
// request); false before the first read of the list.
func (l *Library) PlayMonths(account string) (PlayMonths, bool) {
	rec, ok := l.loadLedger(l.accountKey(account))
	if !ok || rec.Accounted == nil {
		return PlayMonths{}, false
	}
	pm := PlayMonths{Unplaced: rec.Unplaced, Since: rec.Since}
	var first time.Time
	for m, d := range rec.Months {
		t, err := time.ParseInLocation("2006-01", m, time.Local)
		if err != nil || d <= 0 {
			continue
		}
		pm.Placed += d
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	if first.IsZero() {
		return pm, true
	}
	now := l.now().Local()
	end := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.Local)
	for m := first; !m.After(end) && len(pm.Months) < 1200; m = m.AddDate(0, 1, 0) {
		pm.Months = append(pm.Months, MonthPlay{Month: m, Played: rec.Months[m.Format("2006-01")]})
	}
	return pm, true
}
