package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// syncBuffer is a bytes.Buffer safe for a command writing while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is a command started with cli.Run in the background.
type running struct {
	out, errb *syncBuffer
	cancel    context.CancelFunc
	done      chan int
	started   time.Time
}

// start runs args as the binary would, with the clock env gives (nil: the real one), until it ends
// or stop cancels it (Ctrl-C).
func (h *harness) start(now func() time.Time, args ...string) *running {
	r := &running{out: &syncBuffer{}, errb: &syncBuffer{}, done: make(chan int, 1), started: time.Now()}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() {
		r.done <- Run(ctx, args, Env{
			Stdin: strings.NewReader(""), Stdout: r.out, Stderr: r.errb,
			Getenv:     func(k string) string { return h.env[k] },
			IsTerminal: func(any) bool { return false },
			Now:        now,
		})
	}()
	h.t.Cleanup(func() {
		cancel()
		<-r.done
	})
	return r
}

// wait returns the exit status, failing the test when the command has not ended within limit (a
// guard against a hang, not a timing assertion).
func (r *running) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case code := <-r.done:
		r.done <- code // for the cleanup
		return code
	case <-time.After(limit):
		t.Fatalf("still running after %v\nstdout: %s\nstderr: %s", limit, r.out.String(), r.errb.String())
		return -1
	}
}

// spendBudget writes n sends at the time at into requests.log: the budget every psn-client process
// on this state directory shares is spent as far as n goes.
func (h *harness) spendBudget(n int, at time.Time) {
	h.t.Helper()
	path := filepath.Join(h.dir, "state", "psn-client", "requests.log")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		h.t.Fatal(err)
	}
	defer f.Close()
	for i := 0; i < n; i++ {
		fmt.Fprintf(f, "s %d\n", at.UnixNano())
	}
}

// apiRequests are the trophy, user and Game Help requests the fake saw (not the OAuth ones).
func (h *harness) apiRequests() []string {
	var out []string
	for _, r := range h.srv.Requests() {
		if strings.Contains(r.Path, "/oauth/") || r.Image {
			continue
		}
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// Issue 11 #2 (done when): with the budget spent and the title list cached (12 minutes ago, so a
// refresh is due), titles prints the cache at once, with one note saying its age and when the
// budget frees, and sends nothing.
func TestCachedTitlesWithASpentBudgetAnswerAtOnce(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.env["PSN_RATE_LIMIT"] = "300/15m"
	h.login()
	if r := h.run("", "titles"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	h.spendBudget(300, time.Now())
	h.srv.ResetLog()
	later := func() time.Time { return time.Now().Add(12 * time.Minute) }
	r := h.start(later, "titles")
	if code := r.wait(t, 20*time.Second); code != 0 {
		t.Fatalf("exit %d: %s", code, r.errb.String())
	}
	t.Logf("answered in %v", time.Since(r.started))
	if lines := strings.Count(r.out.String(), "\n"); lines != 301 {
		t.Errorf("%d lines of titles, want the header and 300", lines)
	}
	// The 300 sends leave the window 15 minutes (and a fiftieth) after they were made: 3m18s on.
	if !regexp.MustCompile(`^cached 12m ago; request budget free in 3m1[0-9]s\n$`).MatchString(r.errb.String()) {
		t.Errorf("stderr %q, want the one note", r.errb.String())
	}
	if reqs := h.apiRequests(); len(reqs) != 0 {
		t.Errorf("sent %v with the budget spent and the list cached", reqs)
	}
}

// Issue 11 #1 and #2 (done when): with the budget spent and nothing cached, titles says at once
// that it waits, for what and how long; Ctrl-C stops it with status 130, having sent nothing.
func TestUncachedTitlesWithASpentBudgetSayTheyWait(t *testing.T) {
	h := newHarness(t, psntest.Options{})
	h.env["PSN_RATE_LIMIT"] = "300/15m"
	h.login()
	h.spendBudget(300, time.Now())
	r := h.start(nil, "titles")
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(r.errb.String(), "waiting") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("wait line after %v", time.Since(r.started))
	line := r.errb.String()
	if !regexp.MustCompile(`^waiting 15m[0-9]{2}s for the request budget \(300/15m\)\n$`).MatchString(line) {
		t.Fatalf("stderr %q, want one wait line", line)
	}
	r.cancel()
	if code := r.wait(t, 20*time.Second); code != ExitStopped {
		t.Errorf("Ctrl-C: exit %d, want %d", code, ExitStopped)
	}
	if !strings.Contains(r.errb.String(), "psn-client: stopped") {
		t.Errorf("Ctrl-C said %q", r.errb.String())
	}
	if reqs := h.apiRequests(); len(reqs) != 0 {
		t.Errorf("sent %v with the budget spent", reqs)
	}
}
