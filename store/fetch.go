package store

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/psnclient/psn-client/psnapi"
)

// need says which parts of a title the cache lacks for its current title-list entry.
type need struct {
	trophies bool // the trophy definitions (group "all")
	groups   bool // the group names (only titles with groups)
	earned   bool // the account's earned status
}

func (n need) none() bool { return !n.trophies && !n.groups && !n.earned }

// cost is the number of requests n takes.
func (n need) cost() int {
	c := 0
	for _, b := range []bool{n.trophies, n.groups, n.earned} {
		if b {
			c++
		}
	}
	return c
}

// groupsPending reports whether d lacks the group names of t.
func groupsPending(d *defsRecord, t psnapi.TrophyTitle) bool {
	return t.HasTrophyGroups && (d == nil || d.GroupsPending)
}

// needOf reads what the cache holds for t and what it lacks.
func (l *Library) needOf(key string, t psnapi.TrophyTitle) (need, *defsRecord, *earnedRecord) {
	d := l.loadDefs(t.NPCommunicationID)
	e := l.loadEarned(key, t.NPCommunicationID)
	n := need{trophies: !defsCurrent(d, t), earned: !earnedCurrent(e, t)}
	n.groups = t.HasTrophyGroups && (n.trophies || d.GroupsPending)
	return n, d, e
}

// partial keeps the answers of a title's requests across retries, so a 429 on one request, or a claim
// held elsewhere, does not cost the others again.
type partial struct {
	mu       sync.Mutex
	trophies *psnapi.TitleTrophies
	groups   *psnapi.TitleTrophyGroups
}

// fetchOpts say how fetchTitle works.
type fetchOpts struct {
	api      API
	skipHeld bool      // a claim held elsewhere fails with errClaimHeld (a fill revisits later) instead of waiting
	count    func(int) // told of each request about to be sent
	st       *partial
}

// fetchTitle fetches the parts of a title that n names, the definitions and the earned status
// concurrently, and writes each as soon as it is complete. Each part is fetched under its claim (see
// claims.go) and within this process under once, so no two fetchers, in this process or another,
// send the same request; a part that became current meanwhile is not fetched. A title is complete
// only when every part is current, so the order of the writes does not matter and an interrupted
// title is simply fetched again (only the part that is missing).
func (l *Library) fetchTitle(ctx context.Context, account string, title psnapi.TrophyTitle, n need, o fetchOpts) error {
	if o.api == nil {
		return ErrNoAPI
	}
	if o.st == nil {
		o.st = &partial{}
	}
	if o.count == nil {
		o.count = func(int) {}
	}
	var (
		wg               sync.WaitGroup
		defsErr, earnErr error
	)
	if n.trophies || n.groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defsErr = l.fetchDefs(ctx, title, n.groups, o)
		}()
	}
	if n.earned {
		wg.Add(1)
		go func() {
			defer wg.Done()
			earnErr = l.fetchEarned(ctx, account, title, o)
		}()
	}
	wg.Wait()
	// A real failure says more than "held elsewhere" (which only makes a fill come back later).
	for _, err := range []error{defsErr, earnErr} {
		if err != nil && !errors.Is(err, errClaimHeld) && !errors.Is(err, errPaused) {
			return err
		}
	}
	if errors.Is(defsErr, errPaused) || defsErr != nil && earnErr == nil {
		return defsErr
	}
	return earnErr
}

// sentCount is how many requests a call that returned err sent: none when it gave up before sending
// (its context ended while it waited for the budget or a slot, or the client refused to wait).
func sentCount(err error) int {
	var rl *psnapi.RateLimitedError
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrNoAPI) || errors.Is(err, errPaused) ||
		errors.As(err, &rl) && rl.Status == 0 {
		return 0
	}
	return 1
}

// claim takes a claim, waiting for it or not.
func claim(ctx context.Context, path string, skipHeld bool) (func(), error) {
	if skipHeld {
		return tryClaim(path)
	}
	return waitClaim(ctx, path)
}

// fetchDefs makes the title's definitions current: its trophies, and its group names when withGroups
// (else a title with groups is written with GroupsPending, usable at once, its names fetched later).
func (l *Library) fetchDefs(ctx context.Context, title psnapi.TrophyTitle, withGroups bool, o fetchOpts) error {
	key := "defs\x00" + l.lang + "\x00" + title.NPCommunicationID + "\x00" + title.TrophySetVersion + "\x00" + fmt.Sprint(title.DefinedTrophies)
	// A caller that joined another's fetch of the trophies alone fetches the group names after it.
	for round := 0; round < 2; round++ {
		if err := l.once(ctx, key, func() error { return l.fetchDefsClaimed(ctx, title, withGroups, o) }); err != nil {
			return err
		}
		d := l.loadDefs(title.NPCommunicationID)
		if !withGroups || defsCurrent(d, title) && !groupsPending(d, title) {
			return nil
		}
	}
	return nil
}

func (l *Library) fetchDefsClaimed(ctx context.Context, title psnapi.TrophyTitle, withGroups bool, o fetchOpts) error {
	release, err := claim(ctx, l.defsClaimPath(title.NPCommunicationID), o.skipHeld)
	if err != nil {
		return err
	}
	defer release()
	d := l.loadDefs(title.NPCommunicationID) // another fetcher may have written it meanwhile
	needTrophies := !defsCurrent(d, title)
	needGroups := withGroups && title.HasTrophyGroups && (needTrophies || d.GroupsPending)
	if !needTrophies && !needGroups {
		return nil
	}
	ref := title.Ref()
	st := o.st
	var (
		wg         sync.WaitGroup
		tErr, gErr error
	)
	st.mu.Lock()
	haveTrophies, haveGroups := st.trophies != nil, st.groups != nil
	st.mu.Unlock()
	if needTrophies && !haveTrophies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tr, err := o.api.TitleTrophies(ctx, ref, "all")
			o.count(sentCount(err))
			if err != nil {
				tErr = err
				return
			}
			l.noteSkipped(title.NPCommunicationID+" trophies", tr.Skipped)
			st.mu.Lock()
			st.trophies = &tr
			st.mu.Unlock()
		}()
	}
	if needGroups && !haveGroups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g, err := o.api.TitleTrophyGroups(ctx, ref)
			o.count(sentCount(err))
			if err != nil {
				gErr = err
				return
			}
			l.noteSkipped(title.NPCommunicationID+" trophy groups", g.Skipped)
			st.mu.Lock()
			st.groups = &g
			st.mu.Unlock()
		}()
	}
	wg.Wait()
	if tErr != nil {
		return tErr
	}
	if gErr != nil {
		return gErr
	}
	var rec defsRecord
	if needTrophies {
		rec = defsRecord{NPCommunicationID: title.NPCommunicationID, SetVersion: title.TrophySetVersion, Language: l.lang,
			Defined: title.DefinedTrophies, HasGroups: title.HasTrophyGroups, GroupsPending: title.HasTrophyGroups,
			Trophies: st.trophies.Trophies}
	} else {
		rec = *d
	}
	if needGroups {
		rec.Groups, rec.GroupsPending = st.groups.TrophyGroups, false
	}
	rec.FetchedAt = l.now()
	// Markers before and after the write keep every trophy index current (tix.go): the first
	// survives a crash in between, the second follows an update that read the old file.
	l.markDefsChanged(title.NPCommunicationID)
	defer l.markDefsChanged(title.NPCommunicationID)
	if err := l.writeRecord(l.defsPath(title.NPCommunicationID), kindDefs, rec); err != nil {
		return fmt.Errorf("caching trophy definitions: %w", err)
	}
	return nil
}

// fetchEarned makes the account's earned status of the title current (one request).
func (l *Library) fetchEarned(ctx context.Context, account string, title psnapi.TrophyTitle, o fetchOpts) error {
	key := l.accountKey(account)
	flightKey := "earned\x00" + l.accountKeyDir(key) + "\x00" + title.NPCommunicationID + "\x00" +
		title.LastUpdatedDateTime.String() + "\x00" + title.TrophySetVersion + "\x00" + fmt.Sprint(title.DefinedTrophies)
	return l.once(ctx, flightKey, func() error {
		release, err := claim(ctx, l.earnedClaimPath(key, title.NPCommunicationID), o.skipHeld)
		if err != nil {
			return err
		}
		defer release()
		if earnedCurrent(l.loadEarned(key, title.NPCommunicationID), title) {
			return nil
		}
		earned, err := o.api.EarnedTrophies(ctx, apiAccount(account), title.Ref(), "all")
		o.count(sentCount(err))
		if err != nil {
			return err
		}
		l.noteSkipped(title.NPCommunicationID+" earned trophies", earned.Skipped)
		rec := earnedRecord{NPCommunicationID: title.NPCommunicationID, LastUpdated: title.LastUpdatedDateTime,
			SetVersion: title.TrophySetVersion, Defined: title.DefinedTrophies, Trophies: earned.Trophies, FetchedAt: l.now()}
		l.markEarnedChanged(key, title.NPCommunicationID) // as for the definitions
		defer l.markEarnedChanged(key, title.NPCommunicationID)
		if err := l.writeRecord(l.earnedPath(key, title.NPCommunicationID), kindEarned, rec); err != nil {
			return fmt.Errorf("caching earned trophies: %w", err)
		}
		return nil
	})
}
