package e2e

import (
	"context"
	"encoding/json"
	"math/rand"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// TestSyncSurvivesSIGKILL kills `psn-client sync` with SIGKILL at random moments, several times,
// then lets a last sync finish. Every killed run must leave a cache that loads (export works, no
// corruption note), no run may fetch a title's part (definitions, earned status) that an earlier
// run had written, and the distinct requests of all runs together are the cold-sync minimum.
func TestSyncSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary several times")
	}
	// Sony's picture URLs: the export is compared with another server's, whose port differs.
	a := newApp(t, psntest.Options{Titles: 150, Latency: 15 * time.Millisecond, SonyImageURLs: true})
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
	// onDisk is what the earlier runs left in the cache: a request for a part on it must never be
	// sent again. (A repeat is fine only for a part that was not written yet at the kill: in flight,
	// or answered and still being decoded or written — up to two per title a sync works on at once,
	// more than the four requests in flight, which is why counting repeats against the slots was
	// flaky under -race.)
	onDisk := cachedParts(t, a.dir)
	// account adds a run's requests to seen and clears the server's log, so the final sync's check
	// counts only the final sync's requests.
	account := func(run int) int {
		reqs := a.srv.Requests()
		a.srv.ResetLog()
		for _, r := range reqs {
			if !isAPI(r) || isTitleList(r) || isPlayTime(r) || r.Status != 200 {
				continue
			}
			k := requestKey(r)
			if _, dup := seen[k]; dup {
				repeats++
			}
			if part := cachedPart(r.Path); part != "" && onDisk[part] {
				t.Errorf("run %d fetched %s again, although an earlier run had written it", run, part)
			}
			seen[k] = run
		}
		onDisk = cachedParts(t, a.dir)
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
		if !isAPI(r) || isPlayTime(r) {
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
		if part := cachedPart(r.Path); part != "" && onDisk[part] {
			t.Errorf("the final sync fetched %s again, although an earlier run had written it", part)
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
	t.Logf("%d kills; final sync %d requests (+%d list page); earlier runs completed %d distinct; %d repeated; minimum %d",
		kills, finalRequests, lists, earlier, repeats, minimum)

	// The resumed cache equals what one uninterrupted sync gives.
	b := newApp(t, psntest.Options{Titles: 150, SonyImageURLs: true})
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

// cachedParts lists the title parts the cache holds: "defs <npCommunicationId>" for definitions,
// "earned <npCommunicationId>" for an account's earned status.
func cachedParts(t *testing.T, dir string) map[string]bool {
	t.Helper()
	parts := map[string]bool{}
	for kind, pattern := range map[string]string{
		"defs":   filepath.Join(dir, "cache", "psn-client", "v1", "defs", "*", "*.bin"),
		"earned": filepath.Join(dir, "cache", "psn-client", "v1", "accounts", "*", "earned", "*.bin"),
	} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			parts[kind+" "+strings.TrimSuffix(filepath.Base(f), ".bin")] = true
		}
	}
	return parts
}

// cachedPart names the part a trophy request fetches, as cachedParts does ("" for other requests).
func cachedPart(path string) string {
	rest, ok := strings.CutSuffix(path, "/trophyGroups/all/trophies")
	if !ok {
		return ""
	}
	i := strings.LastIndex(rest, "/npCommunicationIds/")
	if i < 0 {
		return ""
	}
	id := rest[i+len("/npCommunicationIds/"):]
	if strings.Contains(rest[:i], "/users/") {
		return "earned " + id
	}
	return "defs " + id
}

func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
