//go:build unix

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// runUnhung runs the binary and fails the test if it hangs: a run not over after a generous wait gets
// SIGINT, and one that ignores SIGINT too is killed. A hang is a failure either way; ignoring SIGINT
// is a second one.
func (a *app) runUnhung(args ...string) result {
	a.t.Helper()
	cmd, out, errb := a.command(context.Background(), "", args...)
	if err := cmd.Start(); err != nil {
		a.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-done:
			a.t.Fatalf("%v hung until SIGINT\nstderr: %s", args, errb.String())
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
			a.t.Fatalf("%v hung and ignored SIGINT\nstderr: %s", args, errb.String())
		}
	}
	code := 0
	if ee, ok := err.(interface{ ExitCode() int }); ok && err != nil {
		code = ee.ExitCode()
	}
	return result{out.String(), errb.String(), code}
}

// Issue 14 #8: config.json as a FIFO hung psn-client (deaf to SIGINT and SIGTERM); symlinked to
// /dev/zero it grew to 24 GB. Either now costs one note, and the command works with the defaults.
func TestOddConfigDoesNotHangOrGrow(t *testing.T) {
	a := newApp(t, psntest.Options{Titles: 12})
	a.login()
	cfg := filepath.Join(a.dir, "config", "psn-client", "config.json")
	os.MkdirAll(filepath.Dir(cfg), 0o755)
	for _, c := range []struct {
		name, says string
		make       func() error
	}{
		{"fifo", "named pipe", func() error { return syscall.Mkfifo(cfg, 0o644) }},
		{"/dev/zero", "character device", func() error { return os.Symlink("/dev/zero", cfg) }},
	} {
		os.Remove(cfg)
		if err := c.make(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		r := a.runUnhung("titles")
		if r.code != 0 || strings.Count(r.stdout, "\n") != 13 {
			t.Fatalf("titles with config.json a %s: exit %d\n%s\nstderr: %s", c.name, r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stderr, cfg) || !strings.Contains(r.stderr, c.says) {
			t.Errorf("titles with config.json a %s: stderr %q, want a note naming the file and saying %q", c.name, r.stderr, c.says)
		}
	}
}

// SIGINT stops a command that waits on the network at once, and a second SIGINT ends one that waits
// on something deaf to the first (here requests.log's lock, held by another process).
func TestCtrlCAlwaysEndsTheProcess(t *testing.T) {
	var slow atomic.Bool
	a := newApp(t, psntest.Options{Titles: 12, Latency: time.Nanosecond, Sleep: func(ctx context.Context, d time.Duration) error {
		if slow.Load() {
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	}})
	a.login()

	interrupt := func(name string, times int) result {
		t.Helper()
		cmd, out, errb := a.command(context.Background(), "", "titles")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		time.Sleep(time.Second) // let it reach its wait
		for i := 0; i < times; i++ {
			cmd.Process.Signal(syscall.SIGINT)
			select {
			case err := <-done:
				code := 0
				if ee, ok := err.(interface{ ExitCode() int }); ok && err != nil {
					code = ee.ExitCode()
				}
				return result{out.String(), errb.String(), code}
			case <-time.After(5 * time.Second):
			}
		}
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s: %d SIGINTs did not end psn-client\nstderr: %s", name, times, errb.String())
		return result{}
	}

	slow.Store(true)
	if r := interrupt("waiting for PSN", 1); r.code == 0 || !strings.Contains(r.stderr, "stopped") {
		t.Errorf("SIGINT while waiting for PSN: exit %d, stderr %q", r.code, r.stderr)
	}
	slow.Store(false)

	lock := filepath.Join(a.dir, "state", "psn-client", "requests.log.lock")
	f, err := os.OpenFile(lock, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	interrupt("waiting for requests.log's lock", 2)
}
