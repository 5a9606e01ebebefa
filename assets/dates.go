package assets

import (
	"math"
	"slices"
	"time"
)

// Dates follow a trophy hunter's life. Each account has a first trophy (its history starts there)
// and plays until dateMax; each title it played is a run inside the years its platform was current.
// A run is play sessions on evenings and weekends, a few trophies each, minutes apart; sessions a day
// to a few weeks apart, now and then a break of months before coming back; a title dropped early is
// a session or two. The platinum pops seconds after the last trophy it needs and so ends its base
// game's run; DLC is played alongside or months later.
//
// Build plans each run's first and last dates (all the title list shows); the per-trophy dates are
// laid out on first use (Play.States) replaying the same random stream for the session days, so they
// land exactly on the planned dates.

// Where the accounts' trophy histories start.
var (
	demoHistory    = time.Date(2008, 11, 14, 0, 0, 0, 0, time.UTC)
	friendHistory  = time.Date(2010, 3, 5, 0, 0, 0, 0, time.UTC)
	privateHistory = time.Date(2012, 6, 20, 0, 0, 0, 0, time.UTC)
)

// generatedHistory is where a generated friend's history starts: some time in 2009–2018.
func generatedHistory(accountID string) time.Time {
	return time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(hashString(accountID)%(10*365)))
}

func dayIndex(t time.Time) int { return int(t.Unix() / 86400) }

func dayStart(d int) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// sessionStart is when a session on day d begins: in the evening on weekdays, from late morning at
// weekends.
func sessionStart(r *rng, d int) time.Time {
	t := dayStart(d)
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return t.Add(10*time.Hour + time.Duration(r.intn(12*3600))*time.Second)
	}
	return t.Add(17*time.Hour + time.Duration(r.intn(6*3600+1800))*time.Second)
}

// sessionCount is how many sessions a run of n trophies takes: 2 to 7 trophies a session, or 8 to
// 25 for a game played in a few long sittings (the platinum in a weekend).
func sessionCount(r *rng, n int) int {
	if n <= 1 {
		return 1
	}
	per := 2 + 5*r.float()
	if r.float() < 0.15 {
		per = 8 + 17*r.float()
	}
	return min(max(int(math.Round(float64(n)/per)), 1), n)
}

// sessionGap is the number of days from a session to the next: mostly the next day or the one
// after, sometimes days or a week, now and then weeks.
func sessionGap(r *rng) int {
	switch x := r.float(); {
	case x < 0.55:
		return 1
	case x < 0.75:
		return 2
	case x < 0.9:
		return 3 + r.intn(5)
	default:
		return 8 + r.intn(50)
	}
}

// runDays replays the session plan of a run of n trophies: its session count and the days from its
// first session to its last.
func runDays(r *rng, n int) (sessions, days int) {
	sessions = sessionCount(r, n)
	for i := 1; i < sessions; i++ {
		days += sessionGap(r)
	}
	return sessions, days
}

// trophyGap is the time between two trophies of one session: mostly a few minutes, up to about 45.
func trophyGap(r *rng) time.Duration {
	return time.Duration(45+r.intn(240)+int(r.float()*r.float()*2400)) * time.Second
}

// sessionRNG is the random stream of a group's session plan, shared by Build and Play.States.
func (p *Play) sessionRNG(group int) *rng {
	return newRNG(p.seed ^ 0x2127599bf4325c37 ^ uint64(group+1)*0x9e3779b97f4a7c15)
}

// window is the span of days a title's runs lie in: its platform's years within the account's
// history (an account that came after a platform plays its games in its first two years), ending
// the day before dateMax so that a late session still ends before it.
func window(platform string, from time.Time) (lo, hi int) {
	era, ok := eras[platform]
	if !ok {
		era = [2]time.Time{from, dateMax}
	}
	last := dayIndex(dateMax) - 1
	lo, hi = dayIndex(era[0]), min(dayIndex(era[1]), last)
	lo = max(lo, dayIndex(from))
	if hi-lo < 60 {
		hi = min(lo+730, last)
		lo = min(lo, hi-60)
	}
	return lo, hi
}

// maxSession is the longest a session runs: a long evening, or a weekend afternoon.
const maxSession = 4 * time.Hour

// runEnd is the last date of a run of n trophies in sessions sessions whose last session is on day d
// (whose only session starts at first when the run is a single day).
func runEnd(r *rng, n, sessions, days int, first time.Time, d int) time.Time {
	if days == 0 {
		return first.Add(min(time.Duration(n-1)*time.Duration(3+r.intn(15))*time.Minute, maxSession))
	}
	per := max(1, n/sessions)
	return sessionStart(r, d).Add(min(time.Duration(per-1)*time.Duration(3+r.intn(15))*time.Minute, maxSession))
}

// planDates plans a generated play's dates inside the account's history starting at from: the first
// and last date of each group with earned trophies, Start (the first trophy) and LastUpdated (the
// last). It runs once the earned counts are final.
func planDates(p *Play, from time.Time) {
	r := newRNG(p.seed ^ 0x9fb21c651e98df25)
	lo, hi := window(p.Title.Platform, from)
	main := -1
	for gi, g := range p.Title.Groups {
		gp := p.Group(g.ID)
		gp.Last, gp.first = time.Time{}, time.Time{}
		if main < 0 && gp.Earned.Total() > 0 {
			main = gi
		}
	}
	if main < 0 { // synced without a trophy
		p.Start = sessionStart(r, lo+r.intn(hi-lo+1))
		p.LastUpdated = p.Start
		return
	}
	gp := p.Groups[p.Title.Groups[main].ID]
	n := gp.Earned.Total()
	sessions, days := runDays(p.sessionRNG(main), n)
	if days >= 2 && r.float() < 0.08 {
		days += 60 + r.intn(700) // came back to it months later
	}
	days = min(days, hi-lo)
	d0 := lo + r.intn(hi-lo-days+1)
	gp.first = sessionStart(r, d0)
	gp.Last = runEnd(r, n, sessions, days, gp.first, d0+days)
	first, last := gp.first, gp.Last
	p.Start, p.LastUpdated = first, last
	for gi, g := range p.Title.Groups {
		gp := p.Groups[g.ID]
		n := gp.Earned.Total()
		if gi == main || n == 0 {
			continue
		}
		sessions, days := runDays(p.sessionRNG(gi), n)
		lastDay := dayIndex(last)
		var d0 int
		if room := hi - lastDay - 14 - days; room >= 0 && r.float() < 0.55 {
			d0 = lastDay + 14 + r.intn(min(room, 400)+1) // the DLC came out later
		} else {
			d0 = dayIndex(first) + r.intn(lastDay-dayIndex(first)+1) // played alongside the base game
			days = min(days, max(0, lastDay-d0))
		}
		gp.first = sessionStart(r, d0)
		gp.Last = runEnd(r, n, sessions, days, gp.first, d0+days)
		if gp.first.Before(p.Start) {
			p.Start = gp.first
		}
		if gp.Last.After(p.LastUpdated) {
			p.LastUpdated = gp.Last
		}
	}
}

// layoutRun lays out n ascending trophy dates of a run from a to b: the sessions as planned (rs
// replays the plan's stream) fitted to the run's days, trophies minutes apart within a session. With
// fromA the first date is a, with toB the last is b; otherwise they keep a trophy's gap from them.
func layoutRun(r, rs *rng, n int, a, b time.Time, fromA, toB bool) []time.Time {
	if n == 0 {
		return nil
	}
	m := sessionCount(rs, n)
	if !fromA && m == 1 && n > 3 {
		m = 2 // a hand-written play's span is days or more: no run of its in a single sitting
	}
	type session struct{ day, size int }
	plan := make([]session, m) // each session's day in the run and trophy count
	for i := range plan {
		plan[i].size = 1
		if i > 0 {
			plan[i].day = plan[i-1].day + sessionGap(rs)
		}
	}
	for k := m; k < n; k++ {
		plan[r.intn(m)].size++
	}
	gap := make([]time.Duration, n) // gap[k]: from trophy k-1 to trophy k of the same session
	for k := 1; k < n; k++ {
		gap[k] = trophyGap(r)
	}
	begin, end := a, b
	if !fromA {
		begin = a.Add(trophyGap(r))
	}
	if !toB {
		end = b.Add(-trophyGap(r))
	}
	if end.Before(begin) {
		begin = end
	}
	// A session's trophies lo…hi-1 take length(lo, hi); a long one goes faster to end in time.
	length := func(lo, hi int) (d time.Duration) {
		for k := lo + 1; k < hi; k++ {
			d += gap[k]
		}
		return min(d, maxSession)
	}
	out := make([]time.Time, n)
	// place puts trophies lo…hi-1 from start to start+length, their gaps scaled to fit.
	place := func(lo, hi int, start time.Time, length time.Duration) {
		var sum time.Duration
		for k := lo + 1; k < hi; k++ {
			sum += gap[k]
		}
		at := start
		for k := lo; k < hi; k++ {
			if k > lo {
				at = at.Add(time.Duration(float64(gap[k]) * float64(length) / float64(sum)))
			}
			out[k] = at.Truncate(time.Second)
		}
		if hi-lo > 1 {
			out[hi-1] = start.Add(length).Truncate(time.Second) // exactly, not a rounding away
		}
	}
	span := dayIndex(end.Add(-length(n-plan[m-1].size, n))) - dayIndex(begin)
	if m == 1 || span <= 0 { // one session from begin to end
		l, avail := length(0, n), end.Sub(begin)
		switch {
		case n == 1 && toB:
			out[0] = end
		case l > avail || (fromA && toB):
			place(0, n, begin, avail)
		case fromA:
			place(0, n, begin, l)
		default:
			place(0, n, end.Add(-l), l)
		}
		return out
	}
	// Fit the planned days to the run's: a longer run has a longer break (its longest gap), a
	// shorter one is squeezed, sessions falling on one day become one.
	if d := plan[m-1].day; d < span {
		g := 1
		for i := 2; i < m; i++ {
			if plan[i].day-plan[i-1].day > plan[g].day-plan[g-1].day {
				g = i
			}
		}
		for i := g; i < m; i++ {
			plan[i].day += span - d
		}
	} else if d > span {
		for i := range plan {
			plan[i].day = plan[i].day * span / d
		}
	}
	sessions := plan[:1]
	for _, s := range plan[1:] {
		if last := &sessions[len(sessions)-1]; s.day == last.day {
			last.size += s.size // same day: one session
		} else {
			sessions = append(sessions, s)
		}
	}
	k := 0
	for i, s := range sessions {
		switch {
		case i == 0:
			place(k, k+s.size, begin, length(k, k+s.size))
		case i == len(sessions)-1:
			place(k, n, end.Add(-length(k, n)), length(k, n))
		default:
			place(k, k+s.size, sessionStart(r, dayIndex(begin)+s.day), length(k, k+s.size))
		}
		k += s.size
	}
	slices.SortFunc(out, func(x, y time.Time) int { return x.Compare(y) })
	// Sessions that ran into each other stay in order and within the run; the last date stays alone.
	for k := range out {
		if out[k].After(end) {
			out[k] = end
		}
	}
	for k := n - 2; k >= 0; k-- {
		if !out[k].Before(out[k+1]) {
			out[k] = out[k+1].Add(-time.Second)
		}
	}
	return out
}
