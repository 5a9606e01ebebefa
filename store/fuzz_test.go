package store_test

import (
	"context"
	"encoding/binary"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// FuzzCacheFiles replaces one file of a real, synced set of psn-client files (cache files of every
// kind, the sync index, config.json, credentials.json, requests.log) with fuzzed bytes, either raw
// or framed in a valid cache container (so the payload decoder is reached past the checksum), then
// opens the directories as a new run would and reads everything through the public API. Nothing
// may panic; a damaged file is discarded (or read), never fatal to Open.
func FuzzCacheFiles(f *testing.F) {
	template := f.TempDir()
	syncTemplate(f, template)
	var files []string
	filepath.WalkDir(template, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(path, ".lock") {
			rel, _ := filepath.Rel(template, path)
			files = append(files, rel)
		}
		return nil
	})
	sort.Strings(files)
	if len(files) < 8 {
		f.Fatalf("the synced template has only %d files", len(files))
	}
	for i, rel := range files {
		b, _ := os.ReadFile(filepath.Join(template, rel))
		f.Add(uint16(i), false, b)
		if len(b) > 11 {
			f.Add(uint16(i), true, b[11:11+len(b[11:])/2]) // half the payload under a valid checksum
		}
	}
	f.Add(uint16(0), false, []byte{})
	f.Add(uint16(2), false, []byte("PSNC\x01\x00\x01truncated"))
	f.Add(uint16(1), false, []byte(`{"accessToken": 5, "player": [1,2]}`))

	f.Fuzz(func(t *testing.T, which uint16, frame bool, data []byte) {
		dir := t.TempDir()
		copyTree(t, template, dir)
		rel := files[int(which)%len(files)]
		target := filepath.Join(dir, rel)
		if frame {
			orig, _ := os.ReadFile(target)
			if len(orig) < 11 || string(orig[:4]) != "PSNC" {
				return // not a cache container: nothing to frame
			}
			framed := make([]byte, 11+len(data))
			copy(framed, orig[:7]) // magic, version and kind of the file replaced
			copy(framed[11:], data)
			binary.LittleEndian.PutUint32(framed[7:], crc32.ChecksumIEEE(data))
			data = framed
		}
		if err := os.WriteFile(target, data, 0o600); err != nil {
			t.Fatal(err)
		}
		browse(t, dir)
	})
}

func syncTemplate(tb testing.TB, dir string) {
	srv := psntest.NewServer(psntest.Options{Titles: 12})
	defer srv.Close()
	paths := dirPaths(dir)
	lib, err := store.Open(paths, store.Options{Language: "en-US"})
	if err != nil {
		tb.Fatal(err)
	}
	cred := srv.IssueToken(psntest.DemoAccountID)
	lib.Credentials().SaveToken(psnapi.Token{AccessToken: cred.AccessToken, RefreshToken: cred.RefreshToken,
		AccessExpiresAt: cred.AccessExpiresAt, RefreshExpiresAt: cred.RefreshExpiresAt})
	lib.SetAPI(psnapi.New(lib.APIOptions(psnapi.Options{APIBase: srv.APIBase(), AuthBase: srv.AuthBase(),
		ProfileBase: srv.ProfileBase(), HTTPClient: srv.Client()})))
	ctx := context.Background()
	if err := lib.SaveConfig(store.Config{Player: "mpv", Theme: "dark"}); err != nil {
		tb.Fatal(err)
	}
	if _, err := lib.RefreshSummary(ctx, "me"); err != nil {
		tb.Fatal(err)
	}
	if _, err := lib.ResolveUser(ctx, psntest.FriendOnlineID); err != nil {
		tb.Fatal(err)
	}
	if _, err := lib.Sync(ctx, "me", nil); err != nil {
		tb.Fatal(err)
	}
	tl, _, _ := lib.CachedTitles("me")
	for _, title := range tl.Titles {
		if title.NPCommunicationID == "NPWR20188_00" { // ASTRO's PLAYROOM has Game Help
			lib.HintAvailability(ctx, title)
		}
	}
}

func dirPaths(dir string) store.Paths {
	return store.Paths{Config: filepath.Join(dir, "config"), State: filepath.Join(dir, "state"), Cache: filepath.Join(dir, "cache")}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// browse opens dir as a new run would, offline, and reads everything there is to read.
func browse(t *testing.T, dir string) {
	lib, err := store.Open(dirPaths(dir), store.Options{Language: "en-US"})
	if err != nil {
		t.Fatalf("Open failed on a damaged file: %v", err)
	}
	_ = lib.Config()
	lib.Credentials().LoadToken()
	lib.LoggedIn()
	lib.RateHistory()
	lib.CachedSummary("me")
	tl, _, _ := lib.CachedTitles("me")
	for _, title := range tl.Titles {
		lib.CachedTitleTrophies("me", title)
	}
	lib.CachedAccountTrophies("me", func(store.TitleTrophies) error { return nil })
	lib.NextN("me", 10)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // no API and a cancelled context: only the cache answers
	lib.ResolveUser(ctx, psntest.FriendOnlineID)
	for _, n := range lib.Notes() {
		if n == "" {
			t.Error("an empty note")
		}
	}
}
