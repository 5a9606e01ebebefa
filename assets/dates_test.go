package assets

import (
	"slices"
	"testing"
	"time"
)

// The demo's history must look like a real hunter's: what the timeline, platinum list and
// statistics of --demo show is computed from these dates.

// earnedTimes returns a play's earned dates, oldest first.
func earnedTimes(p *Play) []time.Time {
	var out []time.Time
	for _, st := range p.States() {
		if st.Earned {
			out = append(out, st.EarnedAt)
		}
	}
	slices.SortFunc(out, func(x, y time.Time) int { return x.Compare(y) })
	return out
}

// TestEarnedDatesAreSessions: every account's trophies come in play sessions (most within a few
// hours of the title's previous one), on evenings and weekends rather than at dawn, and spread over
// the years of its history.
func TestEarnedDatesAreSessions(t *testing.T) {
	for _, o := range []Options{{}, {Seed: 7}} {
		checkSessions(t, build(t, o))
	}
}

func checkSessions(t *testing.T, w *World) {
	for _, a := range w.Accounts {
		if len(a.Plays) == 0 {
			continue
		}
		close, pairs, dawn, total := 0, 0, 0, 0
		years := map[int]int{}
		for _, p := range a.Plays {
			times := earnedTimes(p)
			for i, at := range times {
				total++
				years[at.Year()]++
				if h := at.Hour(); h >= 3 && h < 10 {
					dawn++
				}
				if i > 0 {
					pairs++
					if at.Sub(times[i-1]) <= 3*time.Hour {
						close++
					}
				}
			}
		}
		if close*10 < pairs*7 {
			t.Errorf("%s: %d of %d consecutive trophies of a title within 3 hours", a.OnlineID, close, pairs)
		}
		if dawn*20 > total {
			t.Errorf("%s: %d of %d trophies between 03:00 and 10:00", a.OnlineID, dawn, total)
		}
		if a.AccountID != DemoAccountID && a.AccountID != FriendAccountID {
			continue
		}
		if len(years) < 8 {
			t.Errorf("%s: trophies in %d years, want 8 or more", a.OnlineID, len(years))
		}
		for y, n := range years {
			if n*5 > total {
				t.Errorf("%s: %d of %d trophies in %d", a.OnlineID, n, total, y)
			}
		}
	}
}

// TestRunsEndWithThePlatinum: the platinum comes last in its base game, seconds after the last
// trophy it needs; nothing is dated after the title's lastUpdatedDateTime; a generated play starts
// with its first trophy.
func TestRunsEndWithThePlatinum(t *testing.T) {
	for _, o := range []Options{{}, {Seed: 7}, {Titles: 2000, Seed: 99}} {
		checkRuns(t, build(t, o))
	}
}

func checkRuns(t *testing.T, w *World) {
	for _, a := range w.Accounts {
		for _, p := range a.Plays {
			ti := p.Title
			st := p.States()
			var plat time.Time
			var lastBase time.Time
			for i, tr := range ti.Trophies() {
				if !st[i].Earned {
					continue
				}
				at := st[i].EarnedAt
				if at.After(p.LastUpdated) {
					t.Fatalf("%s/%s trophy %d earned %v, after lastUpdated %v", a.OnlineID, ti.NPCommunicationID, i, at, p.LastUpdated)
				}
				switch {
				case tr.GroupID != "default":
				case tr.Grade == Platinum:
					plat = at
				case at.After(lastBase):
					lastBase = at
				}
			}
			if !plat.IsZero() && !plat.After(lastBase) {
				t.Fatalf("%s/%s: platinum %v, not after the base game's last trophy %v", a.OnlineID, ti.NPCommunicationID, plat, lastBase)
			}
			if p.explicit != nil {
				continue // a hand-written play keeps its printed dates
			}
			if !plat.IsZero() && plat.Sub(lastBase) > time.Minute {
				t.Fatalf("%s/%s: platinum %v after the last trophy it needs", a.OnlineID, ti.NPCommunicationID, plat.Sub(lastBase))
			}
			if times := earnedTimes(p); len(times) > 0 && !times[0].Equal(p.Start) {
				t.Fatalf("%s/%s: first trophy %v, start %v", a.OnlineID, ti.NPCommunicationID, times[0], p.Start)
			}
		}
	}
}

// TestDemoHistoryLooksLived: the demo's platinums took from a day or so to many months, its last
// year has trophies on some days but not on every day, and most months of its history have some.
func TestDemoHistoryLooksLived(t *testing.T) {
	for _, o := range []Options{{}, {Seed: 7}} {
		checkLived(t, build(t, o))
	}
}

func checkLived(t *testing.T, w *World) {
	demo := w.Account(DemoAccountID)
	var took []time.Duration
	days, months := map[int]bool{}, map[string]bool{}
	yearAgo := dateMax.AddDate(-1, 0, 0)
	for _, p := range demo.Plays {
		st := p.States()
		for i, tr := range p.Title.Trophies() {
			if !st[i].Earned {
				continue
			}
			at := st[i].EarnedAt
			months[at.Format("2006-01")] = true
			if at.After(yearAgo) {
				days[dayIndex(at)] = true
			}
			if tr.Grade == Platinum && p.explicit == nil {
				took = append(took, at.Sub(p.Start))
			}
		}
	}
	slices.Sort(took)
	if len(took) < 40 || took[0] > 3*24*time.Hour || took[len(took)/2] < 7*24*time.Hour || took[len(took)/2] > 120*24*time.Hour || took[len(took)-1] < 180*24*time.Hour {
		t.Fatalf("first trophy to platinum: %v", took)
	}
	if len(days) < 40 || len(days) > 250 {
		t.Fatalf("trophies on %d days of the last year", len(days))
	}
	if len(months) < 150 { // of 216 months from November 2008 to October 2026
		t.Fatalf("trophies in %d months", len(months))
	}
}

// TestPlayedGamesFollowTrophies: a played game's first play is shortly before its first trophy, its
// last play at or after its last trophy, and its play time fits between them.
func TestPlayedGamesFollowTrophies(t *testing.T) {
	w := build(t, Options{})
	for _, a := range w.Accounts {
		for _, g := range a.PlayedGames() {
			if g.Title == nil {
				continue
			}
			p := a.Play(g.Title.NPCommunicationID)
			if g.First.After(p.Start) || p.Start.Sub(g.First) > 2*time.Hour {
				t.Fatalf("%s %s: first played %v, first trophy %v", a.OnlineID, g.Name, g.First, p.Start)
			}
			if g.Last.Before(p.LastUpdated.Truncate(10 * time.Millisecond)) {
				t.Fatalf("%s %s: last played %v, last trophy %v", a.OnlineID, g.Name, g.Last, p.LastUpdated)
			}
			if g.Duration > g.Last.Sub(g.First) {
				t.Fatalf("%s %s: played %v between %v and %v", a.OnlineID, g.Name, g.Duration, g.First, g.Last)
			}
		}
	}
}
