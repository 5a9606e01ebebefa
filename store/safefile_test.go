//go:build unix

package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// oddFiles makes, under dir, one of each kind of file that is not what a config or cache file should
// be, each named by what it is.
func oddFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	files["a named pipe (FIFO)"] = fifo
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	files["a character device"] = zero
	sub := filepath.Join(dir, "dir")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	files["a directory"] = sub
	sparse := filepath.Join(dir, "sparse")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64 << 30); err != nil { // 64 GB of nothing: costs no disk
		t.Skipf("no sparse files here: %v", err)
	}
	f.Close()
	files["more than the"] = sparse
	return files
}

// readWithin runs read and fails the test if it does not return within a generous deadline (a
// FIFO without a writer blocks open(2) forever; the writer opened afterwards releases it).
func readWithin(t *testing.T, fifo string, read func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); read() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		<-done
		t.Fatal("reading blocked on the FIFO")
	}
}

func TestReadFileSafeRefusesOddFilesUnread(t *testing.T) {
	files := oddFiles(t, t.TempDir())
	for want, path := range files {
		readWithin(t, files["a named pipe (FIFO)"], func() {
			b, err := readFileSafe(path, 1<<20)
			if !errors.Is(err, errOddFile) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s: got %d bytes, error %v; want an odd-file error naming it and saying %q", path, len(b), err, want)
			}
		})
	}
	plain := filepath.Join(t.TempDir(), "plain")
	os.WriteFile(plain, []byte("hello"), 0o644)
	link := plain + ".link"
	os.Symlink(plain, link)
	for _, p := range []string{plain, link} {
		if b, err := readFileSafe(p, 5); err != nil || string(b) != "hello" {
			t.Errorf("%s: %q, %v; want the regular file (through a symlink too)", p, b, err)
		}
	}
	if _, err := readFileSafe(plain, 4); !errors.Is(err, errOddFile) {
		t.Errorf("a file over its cap: %v, want refused", err)
	}
	if _, err := readFileSafe(plain+".missing", 4); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want fs.ErrNotExist", err)
	}
}

// config.json as a FIFO, /dev/zero, a directory or a 64 GB sparse file: Open returns at once with
// the defaults and a note naming the file and what it is, and SaveConfig leaves it as it is.
func TestOddConfigIsReportedAndLeftAlone(t *testing.T) {
	for want, kind := range map[string]string{"a named pipe (FIFO)": "fifo", "a character device": "zero",
		"a directory": "dir", "more than the": "sparse"} {
		t.Run(kind, func(t *testing.T) {
			p := testPaths(t)
			files := oddFiles(t, filepath.Join(filepath.Dir(p.Config), "odd"))
			os.MkdirAll(p.Config, 0o755)
			if err := os.Rename(files[want], p.ConfigFile()); err != nil {
				t.Fatal(err)
			}
			before, _ := os.Lstat(p.ConfigFile())
			var l *Library
			readWithin(t, p.ConfigFile(), func() { l = openTest(t, p, Options{}) })
			notes := l.Notes()
			if len(notes) != 1 || !strings.Contains(notes[0], p.ConfigFile()) || !strings.Contains(notes[0], want) {
				t.Fatalf("notes %q: want one naming %s and saying %q", notes, p.ConfigFile(), want)
			}
			c := l.Config()
			c.CompareUser = "TrophyFriend"
			if err := l.SaveConfig(c); err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("SaveConfig over %s: %v, want a refusal saying so", want, err)
			}
			after, err := os.Lstat(p.ConfigFile())
			if err != nil || after.Mode() != before.Mode() || !os.SameFile(before, after) {
				t.Fatalf("config.json was replaced: %v → %v (%v)", before.Mode(), after, err)
			}
		})
	}
}

// credentials.json that is not a regular file is an error that says so, and is neither read, removed
// nor replaced (a login must not silently overwrite what psn-client did not write).
func TestOddCredentialsAreAnErrorAndKept(t *testing.T) {
	p := testPaths(t)
	files := oddFiles(t, filepath.Join(filepath.Dir(p.State), "odd"))
	os.MkdirAll(p.State, 0o700)
	if err := os.Rename(files["a named pipe (FIFO)"], p.CredentialsFile()); err != nil {
		t.Fatal(err)
	}
	var l *Library
	readWithin(t, p.CredentialsFile(), func() { l = openTest(t, p, Options{}) })
	var err error
	readWithin(t, p.CredentialsFile(), func() { _, err = l.Credentials().LoadToken() })
	if err == nil || !strings.Contains(err.Error(), "named pipe") || !strings.Contains(err.Error(), "log in again") {
		t.Fatalf("LoadToken: %v, want an error naming the FIFO", err)
	}
	if info, err := os.Lstat(p.CredentialsFile()); err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO is gone: %v %v", info, err)
	}
}

// A cache record replaced by an odd file is discarded with a note (the cache is psn-client's own) and
// fetched again; nothing blocks or grows.
func TestOddCacheRecordIsDiscardedAndFetchedAgain(t *testing.T) {
	s := smallStack(t, stackOpts{})
	s.sync("me")
	titles := s.cachedTitles("me")
	files := oddFiles(t, filepath.Join(t.TempDir(), "odd"))
	i := 0
	for want, odd := range files {
		if want == "a directory" {
			continue // an empty directory in a record's place: covered by readFileSafe's test
		}
		title := titles[i]
		i++
		path := s.lib.earnedPath("me", title.NPCommunicationID)
		if err := os.Rename(odd, path); err != nil {
			t.Fatal(err)
		}
		s.srv.ResetLog()
		readWithin(t, path, func() {
			if _, err := s.lib.TitleTrophies(context.Background(), "me", title); err != nil {
				t.Errorf("%s: %v", want, err)
			}
		})
		if c := s.counts(); c.earned != 1 {
			t.Errorf("%s in a record's place: %s, want its earned status fetched again", want, describe(c))
		}
		notes := strings.Join(s.lib.Notes(), "\n")
		if !strings.Contains(notes, "discarded") || !strings.Contains(notes, want) {
			t.Errorf("%s: notes %q", want, notes)
		}
		if info, err := os.Lstat(path); err != nil || !info.Mode().IsRegular() {
			t.Errorf("%s: the record was not written again: %v %v", want, info, err)
		}
	}
}
