package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Issue 14 #10: sync with a cache that cannot be written (a file size limit of 4 blocks, the cache
// directory replaced by a file) sends no request, says why and fails, on every run.
func TestSyncUnwritableCacheSendsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh for ulimit")
	}
	a := newApp(t, psntest.Options{Titles: 150})
	a.login()
	for run := 0; run < 2; run++ {
		a.srv.ResetLog()
		cmd, _, errb := a.command(t.Context(), "", "x")
		cmd.Path, _ = exec.LookPath("sh")
		cmd.Args = []string{"sh", "-c", `ulimit -f 4 && exec "$0" sync`, binary(t)}
		err := cmd.Run()
		if err == nil || !strings.Contains(errb.String(), "ulimit -f") {
			t.Fatalf("sync under ulimit -f 4: %v\n%s", err, errb)
		}
		if n := len(a.srv.Requests()); n != 0 {
			t.Fatalf("run %d sent %d requests", run, n)
		}
	}
	cache := filepath.Join(a.dir, "cache", "psn-client")
	os.RemoveAll(cache)
	os.MkdirAll(filepath.Dir(cache), 0o755)
	if err := os.WriteFile(cache, []byte("a file"), 0o644); err != nil {
		t.Fatal(err)
	}
	a.srv.ResetLog()
	r := a.run("", "sync")
	if r.code == 0 || !strings.Contains(r.stderr, "cannot be written") {
		t.Fatalf("sync with a file as cache: exit %d\n%s", r.code, r.stderr)
	}
	if n := len(a.srv.Requests()); n != 0 {
		t.Fatalf("it sent %d requests", n)
	}
}
