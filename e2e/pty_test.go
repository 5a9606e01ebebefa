//go:build linux

package e2e

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// terminal is the binary running in a pseudo-terminal, answered the way a real terminal answers:
// termenv (through Bubble Tea's init and the browser's colour detection) asks for the background
// colour (OSC 11) followed by the cursor position (DSR), and waits up to 5 s for the replies.
type terminal struct {
	t       testing.TB
	cmd     *exec.Cmd
	master  *os.File
	started time.Time
	done    chan struct{} // closed when the output ends

	mu      sync.Mutex
	out     []byte
	scanned int           // how far out was searched for queries
	grew    chan struct{} // closed (and replaced) whenever out grows
}

// Replies of a dark terminal to termenv's queries.
var (
	queryBackground = []byte("\x1b]11;?")
	queryCursor     = []byte("\x1b[6n")
	replyBackground = []byte("\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\")
	replyCursor     = []byte("\x1b[1;1R")
)

// startTerminal starts cmd in a w×h pseudo-terminal; started is just before the fork.
func startTerminal(t testing.TB, cmd *exec.Cmd, w, h int) *terminal {
	t.Helper()
	term := &terminal{t: t, cmd: cmd, done: make(chan struct{}), grew: make(chan struct{})}
	term.started = time.Now()
	master, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		t.Fatal(err)
	}
	term.master = master
	go term.read()
	t.Cleanup(term.close)
	return term
}

// read collects the output and answers the terminal queries in it.
func (term *terminal) read() {
	defer close(term.done)
	buf := make([]byte, 64<<10)
	for {
		n, err := term.master.Read(buf)
		if n > 0 {
			term.mu.Lock()
			term.out = append(term.out, buf[:n]...)
			var replies [][]byte
			for {
				rest := term.out[term.scanned:]
				ib, ic := bytes.Index(rest, queryBackground), bytes.Index(rest, queryCursor)
				switch {
				case ib >= 0 && (ic < 0 || ib < ic):
					replies = append(replies, replyBackground)
					term.scanned += ib + len(queryBackground)
					continue
				case ic >= 0:
					replies = append(replies, replyCursor)
					term.scanned += ic + len(queryCursor)
					continue
				}
				// A query cut between two reads is found once it is whole.
				term.scanned = max(term.scanned, len(term.out)-len(queryBackground))
				break
			}
			close(term.grew)
			term.grew = make(chan struct{})
			term.mu.Unlock()
			for _, r := range replies {
				term.master.Write(r)
			}
		}
		if err != nil {
			return
		}
	}
}

// waitFor waits until every one of parts has appeared, in order, in the output after from, and
// returns the time it did and the offset just past the last part.
func (term *terminal) waitFor(from int, timeout time.Duration, parts ...string) (time.Time, int) {
	term.t.Helper()
	deadline := time.After(timeout)
	for {
		term.mu.Lock()
		at, ok := from, true
		for _, p := range parts {
			i := bytes.Index(term.out[at:], []byte(p))
			if i < 0 {
				ok = false
				break
			}
			at += i + len(p)
		}
		grew := term.grew
		term.mu.Unlock()
		if ok {
			return time.Now(), at
		}
		select {
		case <-grew:
		case <-term.done:
			term.t.Fatalf("the program ended before showing %q:\n%s", parts, term.screen())
		case <-deadline:
			term.t.Fatalf("%q not shown after %v:\n%s", parts, timeout, term.screen())
		}
	}
}

// offset is how much output there is so far.
func (term *terminal) offset() int {
	term.mu.Lock()
	defer term.mu.Unlock()
	return len(term.out)
}

// screen is the output's last 4 KB, for failure messages.
func (term *terminal) screen() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return string(term.out[max(0, len(term.out)-4096):])
}

// press types keys.
func (term *terminal) press(keys string) {
	if _, err := io.WriteString(term.master, keys); err != nil {
		term.t.Fatal(err)
	}
}

// wait waits for the program to exit on its own and fails unless it exits 0.
func (term *terminal) wait(timeout time.Duration) {
	term.t.Helper()
	exited := make(chan error, 1)
	go func() { exited <- term.cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			term.t.Fatalf("exit: %v\n%s", err, term.screen())
		}
	case <-time.After(timeout):
		term.cmd.Process.Kill()
		term.t.Fatalf("still running after %v:\n%s", timeout, term.screen())
	}
}

func (term *terminal) close() {
	if term.cmd.ProcessState == nil {
		term.cmd.Process.Kill()
		term.cmd.Wait()
	}
	term.master.Close()
	<-term.done
}

// hwm is the running program's peak resident set so far (VmHWM), in MB.
func (term *terminal) hwm() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", term.cmd.Process.Pid))
	if err != nil {
		term.t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return float64(kb) / 1024
		}
	}
	term.t.Fatal("no VmHWM")
	return 0
}

// cpu is the CPU time the running program has used so far, over all its threads (schedstat): the
// part of a wall-clock time that does not depend on what else the machine runs.
func (term *terminal) cpu() time.Duration {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", term.cmd.Process.Pid))
	if err != nil || len(tasks) == 0 {
		term.t.Fatal("no schedstat", err)
	}
	var ns int64
	for _, task := range tasks {
		b, err := os.ReadFile(task)
		if err != nil {
			continue // the thread ended
		}
		if f := strings.Fields(string(b)); len(f) > 0 {
			v, _ := strconv.ParseInt(f[0], 10, 64)
			ns += v
		}
	}
	return time.Duration(ns)
}
