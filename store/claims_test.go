package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An interactive fetch of a title another process is fetching waits for that process instead of
// sending the same request; when the holder lets go without writing (it died), the fetch goes.
func TestInteractiveFetchWaitsForClaim(t *testing.T) {
	s := smallStack(t, stackOpts{})
	ctx := context.Background()
	tl, err := s.lib.RefreshTitles(ctx, "me")
	if err != nil {
		t.Fatal(err)
	}
	title := tl.Titles[3]
	release, err := tryClaim(s.lib.earnedClaimPath(s.lib.accountKey("me"), title.NPCommunicationID))
	if err != nil {
		t.Fatal(err)
	}
	s.srv.ResetLog()
	done := make(chan error, 1)
	go func() {
		_, err := s.lib.TitleTrophies(ctx, "me", title)
		done <- err
	}()
	// The definitions go; the earned status waits for the claim.
	deadline := time.Now().Add(10 * time.Second)
	for s.counts().defs == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(3 * claimPoll)
	select {
	case err := <-done:
		t.Fatalf("returned while the claim was held: %v", err)
	default:
	}
	if c := s.counts(); c.earned != 0 {
		t.Fatalf("earned status fetched under another's claim: %s", describe(c))
	}
	release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if c := s.counts(); c.earned != 1 {
		t.Fatalf("after the holder let go: %s", describe(c))
	}
}

// Something planted where a claim file goes (a symlink to a file elsewhere) is replaced, never
// followed; a claims directory that cannot be made is a write failure.
func TestClaimHostileFiles(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "precious")
	if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "claims", "d+default+NPWR1")
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	release, err := tryClaim(path)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(path); err != nil || st.Mode()&os.ModeSymlink != 0 {
		t.Fatalf("the symlink is still there: %v", err)
	}
	release()
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Fatal("the symlink's target was touched")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("a released claim left its file")
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	_, err = tryClaim(filepath.Join(file, "claims", "x"))
	var we *CacheWriteError
	if !errors.As(err, &we) || !strings.Contains(err.Error(), "cannot be written") {
		t.Fatalf("claim under a file: %v", err)
	}
}
