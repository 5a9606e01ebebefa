package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// TitleTrophies is the merged view of one title for one account: definitions (shared by every account)
// with the account's earned status.
type TitleTrophies struct {
	Title     psnapi.TrophyTitle
	Groups    []Group
	Trophies  []Trophy
	FetchedAt time.Time // when the older of definitions and earned status was fetched
	Offline   bool      // served from cache because the API could not be reached
	Err       error     // with Offline: why
	Stale     bool      // the cached data does not match the title's current set version or update time
	// EarnedKnown says the account's earned status of the title is cached. Without it every trophy's
	// Status is zero: unknown, not unearned (export and next to hunt skip such titles).
	EarnedKnown bool
}

// Group is a trophy group with the account's progress in it, derived from the earned trophies (no
// request of its own).
type Group struct {
	psnapi.TrophyGroup
	Earned   psnapi.TrophyCounts
	Progress int // percent, as Sony computes it: earned over defined points, platinum left out
	// NamePending says the group's name, detail and icon are not fetched yet (a fill fetches group
	// names after every title's trophies): TrophyGroupName is then the group's ID ("001"; the base
	// game, "default", is named after the title) and DefinedTrophies is counted from the trophies.
	NamePending bool
}

// Trophy is a trophy definition with the account's status (zero Status when none is cached).
type Trophy struct {
	psnapi.Trophy
	Status    psnapi.EarnedTrophy
	GroupName string
}

// defsCurrent reports whether cached definitions still describe the title list entry t.
func defsCurrent(d *defsRecord, t psnapi.TrophyTitle) bool {
	return d != nil && d.SetVersion == t.TrophySetVersion && d.Defined == t.DefinedTrophies
}

// earnedCurrent reports whether a cached earned status is still the account's status for t.
func earnedCurrent(e *earnedRecord, t psnapi.TrophyTitle) bool {
	if e == nil || e.SetVersion != t.TrophySetVersion || e.Defined != t.DefinedTrophies {
		return false
	}
	if e.LastUpdatedUnknown {
		// Fetched without the title's last-updated time (a leaderboard): current when the title
		// was last updated before the answer was fetched, with a minute for the clocks' difference.
		return !t.LastUpdatedDateTime.IsZero() && t.LastUpdatedDateTime.Before(e.FetchedAt.Add(-unknownUpdateMargin))
	}
	return e.LastUpdated.Equal(t.LastUpdatedDateTime)
}

// unknownUpdateMargin is how much earlier than an answer a title's last update must be for the
// answer to include it: Sony's clock and ours may differ a little.
const unknownUpdateMargin = time.Minute

func (l *Library) loadDefs(npCommID string) *defsRecord {
	var d defsRecord
	path := l.defsPath(npCommID)
	found, err := l.readRecord(path, kindDefs, &d)
	if err != nil || !found {
		return nil
	}
	if d.NPCommunicationID != npCommID {
		l.discard(path, errors.New("it describes another title"))
		return nil
	}
	return &d
}

func (l *Library) loadEarned(key, npCommID string) *earnedRecord {
	var e earnedRecord
	path := l.earnedPath(key, npCommID)
	found, err := l.readRecord(path, kindEarned, &e)
	if err != nil || !found {
		return nil
	}
	if e.NPCommunicationID != npCommID {
		l.discard(path, errors.New("it describes another title"))
		return nil
	}
	return &e
}

// merge builds the view of a title from its records; defs may be nil (then only statuses are known).
func merge(t psnapi.TrophyTitle, d *defsRecord, e *earnedRecord) TitleTrophies {
	tt := TitleTrophies{Title: t, EarnedKnown: e != nil}
	status := map[int]psnapi.EarnedTrophy{}
	if e != nil {
		for _, s := range e.Trophies {
			status[s.TrophyID] = s
		}
		tt.FetchedAt = e.FetchedAt
	}
	if d == nil {
		return tt
	}
	if tt.FetchedAt.IsZero() || d.FetchedAt.Before(tt.FetchedAt) {
		tt.FetchedAt = d.FetchedAt
	}
	groups, pending := d.Groups, d.GroupsPending && len(d.Groups) == 0
	if len(groups) == 0 {
		groups = groupsFromTrophies(t, d.Trophies)
	}
	tt.Groups = make([]Group, len(groups))
	index := make(map[string]int, len(groups))
	for i, g := range groups {
		tt.Groups[i] = Group{TrophyGroup: g, NamePending: pending && g.TrophyGroupID != "default"}
		index[g.TrophyGroupID] = i
	}
	tt.Trophies = make([]Trophy, len(d.Trophies))
	for i, def := range d.Trophies {
		tr := Trophy{Trophy: def, Status: status[def.TrophyID]}
		gi, ok := index[def.TrophyGroupID]
		if !ok && def.TrophyGroupID == "" {
			gi, ok = index["default"]
			if !ok && len(tt.Groups) == 1 {
				gi, ok = 0, true
			}
		}
		if ok {
			tr.GroupName = tt.Groups[gi].TrophyGroupName
			if tr.Status.Earned {
				tt.Groups[gi].Earned = tt.Groups[gi].Earned.Add(countOf(def.TrophyType))
			}
		}
		tt.Trophies[i] = tr
	}
	for i := range tt.Groups {
		g := &tt.Groups[i]
		g.Progress = progress(g.Earned, g.DefinedTrophies)
	}
	tt.Stale = !defsCurrent(d, t) || !earnedCurrent(e, t) || groupsPending(d, t)
	return tt
}

// groupsFromTrophies makes the groups of a title whose group list is not known (a title without
// groups, or one whose group names are not fetched yet) from its trophies' group IDs, in order of
// first appearance: "default" (or none) is the base game, named after the title; the others are named
// by their ID until their names arrive, so a DLC trophy is never counted as the base game's.
func groupsFromTrophies(t psnapi.TrophyTitle, trophies []psnapi.Trophy) []psnapi.TrophyGroup {
	var groups []psnapi.TrophyGroup
	at := map[string]int{}
	for _, tr := range trophies {
		id := tr.TrophyGroupID
		if id == "" {
			id = "default"
		}
		i, ok := at[id]
		if !ok {
			i = len(groups)
			at[id] = i
			g := psnapi.TrophyGroup{TrophyGroupID: id, TrophyGroupName: id}
			if id == "default" {
				g.TrophyGroupName, g.TrophyGroupDetail, g.TrophyGroupIconURL = t.TrophyTitleName, t.TrophyTitleDetail, t.TrophyTitleIconURL
			}
			groups = append(groups, g)
		}
		groups[i].DefinedTrophies = groups[i].DefinedTrophies.Add(countOf(tr.TrophyType))
	}
	if len(groups) == 0 {
		groups = []psnapi.TrophyGroup{{TrophyGroupID: "default", TrophyGroupName: t.TrophyTitleName,
			TrophyGroupDetail: t.TrophyTitleDetail, TrophyGroupIconURL: t.TrophyTitleIconURL}}
	}
	// The base game first, as Sony lists it.
	if i, ok := at["default"]; ok && i > 0 {
		base := groups[i]
		copy(groups[1:i+1], groups[:i])
		groups[0] = base
	}
	return groups
}

// progress is Sony's completion percentage: earned points over defined points with platinum left
// out, rounded down; a set with only a platinum is 100 once it is earned.
func progress(earned, defined psnapi.TrophyCounts) int {
	d := defined.Bronze*15 + defined.Silver*30 + defined.Gold*90
	if d == 0 {
		if defined.Platinum > 0 && earned.Platinum >= defined.Platinum {
			return 100
		}
		return 0
	}
	return (earned.Bronze*15 + earned.Silver*30 + earned.Gold*90) * 100 / d
}

func countOf(g psnapi.Grade) psnapi.TrophyCounts {
	switch g {
	case psnapi.Bronze:
		return psnapi.TrophyCounts{Bronze: 1}
	case psnapi.Silver:
		return psnapi.TrophyCounts{Silver: 1}
	case psnapi.Gold:
		return psnapi.TrophyCounts{Gold: 1}
	case psnapi.Platinum:
		return psnapi.TrophyCounts{Platinum: 1}
	}
	return psnapi.TrophyCounts{}
}

// CachedTitleTrophies returns what the cache holds for a title (even when stale, see Stale), without
// any request; false when its definitions are not cached.
func (l *Library) CachedTitleTrophies(account string, title psnapi.TrophyTitle) (TitleTrophies, bool, error) {
	d := l.loadDefs(title.NPCommunicationID)
	if d == nil {
		return TitleTrophies{Title: title}, false, nil
	}
	return merge(title, d, l.loadEarned(l.accountKey(account), title.NPCommunicationID)), true, nil
}

// TitleTrophies returns a title's trophies for an account under the cache policy: definitions are
// fetched only when the cache has none for the title's set version, definedTrophies and the language;
// earned status only when the title's lastUpdatedDateTime (or set) changed since it was cached. So a
// title opened once costs nothing the next time until it changes. Requests carry the context's
// priority (interactive unless the caller says otherwise). Offline with a cache → cached + Offline.
func (l *Library) TitleTrophies(ctx context.Context, account string, title psnapi.TrophyTitle) (TitleTrophies, error) {
	return l.titleTrophies(ctx, account, title, false)
}

// titleTrophies is TitleTrophies; noWait serves the cache (Offline, Err errClaimHeld) rather than
// wait for another process fetching the title.
func (l *Library) titleTrophies(ctx context.Context, account string, title psnapi.TrophyTitle, noWait bool) (TitleTrophies, error) {
	key := l.accountKey(account)
	n, d, e := l.needOf(key, title)
	if n.none() {
		return merge(title, d, e), nil
	}
	err := l.fetchTitle(ctx, account, title, n, fetchOpts{api: l.client(), skipHeld: noWait})
	if err != nil {
		if d != nil && (offline(err) || errors.Is(err, errClaimHeld)) {
			tt := merge(title, d, e)
			tt.Offline, tt.Err = true, err
			return tt, nil
		}
		return TitleTrophies{Title: title}, err
	}
	d = l.loadDefs(title.NPCommunicationID)
	e = l.loadEarned(key, title.NPCommunicationID)
	if d == nil {
		return TitleTrophies{Title: title}, fmt.Errorf("store: the definitions of %s could not be cached", title.NPCommunicationID)
	}
	return merge(title, d, e), nil
}

// HuntItem is a trophy with its title: an unearned one in next to hunt, any in search, recent and
// stats.
type HuntItem struct {
	Title  psnapi.TrophyTitle
	Trophy Trophy
}

// CachedAccountTrophies calls fn with the merged trophies of every cached title of the account, in
// title-list order, one title at a time (only one title's trophies are in memory), for export. Titles
// whose definitions are not cached are skipped; a title whose earned status for the account is not
// cached comes with EarnedKnown false (its statuses are unknown: never report them as unearned).
// An error from fn stops the walk and is returned.
func (l *Library) CachedAccountTrophies(account string, fn func(TitleTrophies) error) error {
	tl, ok, err := l.CachedTitles(account)
	if err != nil || !ok {
		return err
	}
	key := l.accountKey(account)
	for _, t := range tl.Titles {
		d := l.loadDefs(t.NPCommunicationID)
		if d == nil {
			continue
		}
		if err := fn(merge(t, d, l.loadEarned(key, t.NPCommunicationID))); err != nil {
			return err
		}
	}
	return nil
}
