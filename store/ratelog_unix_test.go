//go:build unix

package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// Issue 14 #8: requests.log (and its lock, and interactive.lock) as a FIFO, a symlink to /dev/zero, a
// directory or a huge file neither hangs nor explodes: it is replaced by a regular file, said once,
// and requests go on.
func TestOddRequestLogFiles(t *testing.T) {
	cases := map[string]func(t *testing.T, path string){
		"fifo": func(t *testing.T, path string) {
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		},
		"symlink to /dev/zero": func(t *testing.T, path string) {
			if _, err := os.Stat("/dev/zero"); err != nil {
				t.Skip("no /dev/zero")
			}
			os.Symlink("/dev/zero", path)
		},
		"directory": func(t *testing.T, path string) { os.Mkdir(path, 0o700) },
		"huge": func(t *testing.T, path string) {
			line := []byte("x garbage garbage garbage garbage garbage garbage garbage garbage garbage\n")
			f, _ := os.Create(path)
			for i := 0; i < (3*maxLogRead)/len(line); i++ {
				f.Write(line)
			}
			f.Close()
		},
	}
	for name, prepare := range cases {
		for _, file := range []string{"requests.log", "requests.log.lock", "interactive.lock"} {
			t.Run(name+"/"+file, func(t *testing.T) {
				s := smallStack(t, stackOpts{rate: psnapi.DefaultRateLimit})
				path := filepath.Join(s.paths.State, file)
				os.Remove(path)
				prepare(t, path)
				s.reopen(stackOpts{rate: psnapi.DefaultRateLimit})
				done := make(chan error)
				go func() {
					_, err := s.client.TrophySummary(context.Background(), "me")
					done <- err
				}()
				select {
				case err := <-done:
					if err != nil {
						t.Fatal(err)
					}
				case <-time.After(20 * time.Second): // a hang guard, not a speed assertion
					t.Fatal("the request hung on the odd file")
				}
				if st, err := os.Lstat(path); err != nil || !st.Mode().IsRegular() {
					t.Fatalf("%s is still not a regular file: %v", file, err)
				}
				if st, _ := os.Stat(s.paths.RequestLogFile()); st.Size() > maxLogRead {
					t.Errorf("requests.log still %d bytes", st.Size())
				}
				if v := peek(t, s.lib, time.Time{}); len(v.Sent) != 1 {
					t.Errorf("the request was not recorded: %v", v.Sent)
				}
				if name != "huge" {
					if n := s.lib.Notes(); len(n) != 1 || !strings.Contains(n[0], file) {
						t.Errorf("notes %q, want one naming %s", n, file)
					}
				}
			})
		}
	}
}

// The interactive presence: a Library wired to a client announces its process as interactive unless
// declared background; the others see it until it ends, however it ends.
func TestInteractivePresenceAcrossProcesses(t *testing.T) {
	p := testPaths(t)
	background := openTest(t, p, Options{Background: true})
	background.APIOptions(psnapi.Options{})
	present := func() bool { return peek(t, background, time.Time{}).Interactive }
	if present() {
		t.Fatal("interactive with only a background process")
	}
	browser := openTest(t, p, Options{})
	if present() {
		t.Fatal("a Library without a client is not interactive yet")
	}
	browser.APIOptions(psnapi.Options{})
	if !present() {
		t.Fatal("the browser is not seen")
	}
	browser.SetInteractive(false)
	if present() {
		t.Fatal("SetInteractive(false) is not seen")
	}
	browser.SetInteractive(true)
	if !present() {
		t.Fatal("SetInteractive(true) is not seen")
	}
	browser.Close()
	if present() {
		t.Fatal("Close does not end the presence")
	}
	if !locksWork {
		return
	}
	// Another process, killed: the kernel ends its presence.
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperInteractiveProcess$")
	cmd.Env = append(os.Environ(), "PSN_TEST_PRESENCE_STATE="+p.State)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "interactive\n" {
		t.Fatalf("helper said %q", line)
	}
	if !present() {
		t.Fatal("the other process's presence is not seen")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if present() {
		t.Fatal("a killed process is still seen as interactive")
	}
}

// TestHelperInteractiveProcess is the other process of TestInteractivePresenceAcrossProcesses.
func TestHelperInteractiveProcess(t *testing.T) {
	state := os.Getenv("PSN_TEST_PRESENCE_STATE")
	if state == "" {
		t.Skip("run by TestInteractivePresenceAcrossProcesses")
	}
	l, err := Open(Paths{Config: state, Cache: state, State: state}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	l.APIOptions(psnapi.Options{})
	fmt.Println("interactive")
	var forever sync.WaitGroup
	forever.Add(1)
	forever.Wait()
}
