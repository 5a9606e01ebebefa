package e2e

import (
	"context"
	"encoding/json"
	"math/rand"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// TestSyncSurvivesSIGKILL kills `psn-client sync` with SIGKILL at random moments, several times,
// then lets a last sync finish. Every killed run must leave a cache that loads (export works, no
// corruption note), and the runs together must send no more than the cold-sync minimum plus what
// was in flight at each kill: a title finished before a kill is never fetched again.
func TestSyncSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary several times")
	}
	a := newApp(t, psntest.Options{Titles: 150, Latency: 15 * time.Millisecond})
	a.login()
	var titles []titleInfo
	if err := json.Unmarshal([]byte(a.must("titles", "--json").stdout), &titles); err != nil {
		t.Fatal(err)
	}
	minimum := minimumRequests(titles)
	a.srv.ResetLog()

	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d, %d titles, cold minimum %d requests", seed, len(titles), minimum)

	seen := map[string]int{} // successful non-list requests of earlier runs → run index
	kills, repeats := 0, 0
	// account adds a run's requests to seen and clears the server's log, so the final sync's check
	// counts only the final sync's requests.
	account := func(run int) int {
		reqs := a.srv.Requests()
		a.srv.ResetLog()
		for _, r := range reqs {
			if !isAPI(r) || isTitleList(r) || r.Status != 200 {
				continue
			}
			k := requestKey(r)
			if _, dup := seen[k]; dup {
				repeats++
			}
			seen[k] = run
		}
		return len(reqs)
	}
	for run := 0; run < 4; run++ {
		delay := time.Duration(150+rng.Intn(500)) * time.Millisecond
		cmd, _, errb := a.command(context.Background(), "", "sync")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		killed := cmd.Process.Signal(syscall.SIGKILL) == nil
		err := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !killed || !ok || !ws.Signaled() {
			if err != nil {
				t.Fatalf("run %d ended by itself with %v: %s", run, err, errb.String())
			}
			// A run that finished is an earlier run like the killed ones: its requests count
			// towards the distinct total, and its title-list page is not the final sync's.
			t.Logf("run %d finished before its kill at %v: %d requests", run, delay, account(run))
			break
		}
		kills++
		t.Logf("run %d killed after %v: %d requests answered", run, delay, account(run))

		// What the kill left must load: every cached file reads back (none discarded as corrupt),
		// and export, which reads only the cache, works.
		titlesCached, trophiesCached := cacheLoads(t, a.dir)
		if ex := a.run("", "export", "--format", "json"); ex.code != 0 && titlesCached > 0 {
			t.Fatalf("export after kill %d: exit %d: %s", run, ex.code, ex.stderr)
		}
		t.Logf("  the cache it left: %d titles with %d trophies, all readable", titlesCached, trophiesCached)
		a.srv.ResetLog()
	}
	if kills == 0 {
		t.Fatal("no run was killed mid-sync: the test proves nothing")
	}

	a.must("sync")
	earlier := len(seen)
	lists, finalRequests := 0, 0
	for _, r := range a.srv.Requests() {
		if !isAPI(r) {
			continue
		}
		if isTitleList(r) {
			lists++
			continue
		}
		finalRequests++
		k := requestKey(r)
		if r.Status != 200 {
			t.Errorf("final sync got %d for %s", r.Status, k)
		}
		if _, dup := seen[k]; dup {
			repeats++
		}
		seen[k] = -1
	}
	pages := (len(titles) + 799) / 800
	if lists != pages {
		t.Errorf("final sync fetched %d title-list pages, want %d", lists, pages)
	}
	// Distinct successful requests over all runs are exactly the cold minimum (the list counted once).
	if got := len(seen) + pages; got != minimum {
		t.Errorf("distinct requests over all runs %d, want the cold minimum %d", got, minimum)
	}
	// A request is repeated only when it was in flight at a kill (at most 4 in flight).
	if repeats > 4*kills {
		t.Errorf("%d requests repeated after %d kills: more than the %d that can be in flight", repeats, kills, 4*kills)
	}
	t.Logf("%d kills; final sync %d requests (+%d list page); earlier runs completed %d distinct; %d repeated; minimum %d",
		kills, finalRequests, lists, earlier, repeats, minimum)

	// The resumed cache equals what one uninterrupted sync gives.
	b := newApp(t, psntest.Options{Titles: 150})
	b.login()
	b.must("sync")
	if got, want := canonical(t, a.exportJSON()), canonical(t, b.exportJSON()); got != want {
		t.Errorf("export after kills and resume differs from an uninterrupted sync's")
	}
}

// cacheLoads opens the installation's files with the store, as the next run will, and reads every
// cached title; a file discarded as corrupt (a note) fails the test. It returns the titles and
// trophies found.
func cacheLoads(t *testing.T, dir string) (titles, trophies int) {
	t.Helper()
	lib, err := store.Open(store.Paths{Config: filepath.Join(dir, "config", "psn-client"),
		State: filepath.Join(dir, "state", "psn-client"), Cache: filepath.Join(dir, "cache", "psn-client")},
		store.Options{Language: "en-US"})
	if err != nil {
		t.Fatalf("the cache does not open: %v", err)
	}
	tl, _, err := lib.CachedTitles("me")
	if err != nil {
		t.Fatalf("cached titles: %v", err)
	}
	for _, title := range tl.Titles {
		tt, ok, err := lib.CachedTitleTrophies("me", title)
		if err != nil {
			t.Fatalf("%s: %v", title.NPCommunicationID, err)
		}
		if ok {
			titles++
			trophies += len(tt.Trophies)
		}
	}
	if notes := lib.Notes(); len(notes) > 0 {
		t.Fatalf("the killed run left damaged files: %q", notes)
	}
	return titles, trophies
}

func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
