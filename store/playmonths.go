package store

import (
	"time"
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

// placePlay accounts for the play time rec's games gained since old (placing what can be placed)
// and carries the months over.
func placePlay(rec *playedRecord, old playedRecord, haveOld bool) {
	rec.Months = map[string]time.Duration{}
	rec.Accounted = map[string]accountedPlay{}
	rec.Since = rec.FetchedAt
	if haveOld && old.Accounted != nil {
		for m, d := range old.Months {
			rec.Months[m] = d
		}
		for id, a := range old.Accounted {
			rec.Accounted[id] = a
		}
		rec.Unplaced, rec.Since = old.Unplaced, old.Since
	}
	for _, g := range rec.Games {
		a, seen := rec.Accounted[g.TitleID]
		gained := g.PlayDuration - a.Played
		if gained <= 0 {
			continue // no new play (a duration never shrinks; if Sony's does, nothing is taken back)
		}
		last := monthKey(g.LastPlayed)
		switch {
		case !seen && last != "" && monthKey(g.FirstPlayed) == last:
			rec.Months[last] += gained
		case seen && last != "" && monthKey(a.At) == last:
			rec.Months[last] += gained
		default:
			rec.Unplaced += gained
		}
		rec.Accounted[g.TitleID] = accountedPlay{Played: g.PlayDuration, At: rec.FetchedAt}
	}
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
// request); false when none is cached.
func (l *Library) PlayMonths(account string) (PlayMonths, bool) {
	rec, ok := l.loadPlayed(l.accountKey(account))
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
