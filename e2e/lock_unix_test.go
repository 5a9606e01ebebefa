//go:build unix

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// TestCtrlCWhileRequestsLogIsLocked (issue 14 #8): a stuck process holding requests.log.lock used to
// make a command ignore Ctrl-C for as long as it held it. The first Ctrl-C now ends the wait for the
// lock: the command stops (not with the lock's timeout message) and sends nothing.
func TestCtrlCWhileRequestsLogIsLocked(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	a := newApp(t, psntest.Options{})
	a.env["PSN_RATE_LIMIT"] = "300/15m"
	a.login()
	lock, err := os.OpenFile(filepath.Join(a.dir, "state", "psn-client", "requests.log.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Skip("no flock here:", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang guard
	defer cancel()
	cmd, _, errb := a.command(ctx, "", "summary")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // let it reach the lock
	cmd.Process.Signal(os.Interrupt)
	err = cmd.Wait()
	if ctx.Err() != nil {
		t.Fatal("summary ignored Ctrl-C while requests.log.lock was held")
	}
	if err == nil {
		t.Fatalf("summary succeeded without the shared budget: %s", errb.String())
	}
	if strings.Contains(errb.String(), "locked by another process") {
		t.Errorf("the lock's timeout ended the wait, not Ctrl-C: %s", errb.String())
	}
	for _, r := range a.srv.Requests() {
		if isAPI(r) {
			t.Errorf("%s sent while the budget could not be read", r.Path)
		}
	}
}
