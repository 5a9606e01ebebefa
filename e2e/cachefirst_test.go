//go:build unix

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/psnapi/psntest"
	"github.com/psnclient/psn-client/store"
)

// paths is the installation's store paths, as the binary computes them from XDG_*.
func (a *app) paths() store.Paths {
	return store.Paths{Config: filepath.Join(a.dir, "config", store.AppName), State: filepath.Join(a.dir, "state", store.AppName),
		Cache: filepath.Join(a.dir, "cache", store.AppName)}
}

// spendBudget appends n sends made now to requests.log, as other psn-client processes would have.
func (a *app) spendBudget(n int) {
	a.t.Helper()
	f, err := os.OpenFile(filepath.Join(a.paths().State, "requests.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		a.t.Fatal(err)
	}
	defer f.Close()
	now := time.Now().UnixNano()
	for i := 0; i < n; i++ {
		fmt.Fprintf(f, "s %d\n", now)
	}
}

// Issue 11 #2 (done when), through the binary: the budget spent (PSN_RATE_LIMIT and a requests.log
// full of other processes' sends) and the title list cached 12 minutes ago, titles prints the cache
// at once with one note, and sends nothing.
func TestCachedTitlesAnswerAtOnceWithASpentBudget(t *testing.T) {
	a := newApp(t, psntest.Options{Titles: 40})
	a.env["PSN_RATE_LIMIT"] = "300/15m"
	a.login()
	// The list as a command 12 minutes ago cached it.
	lib, err := store.Open(a.paths(), store.Options{Language: "en-US", Background: true,
		Now: func() time.Time { return time.Now().Add(-12 * time.Minute) }})
	if err != nil {
		t.Fatal(err)
	}
	lib.SetAPI(psnapi.New(lib.APIOptions(psnapi.Options{APIBase: a.srv.APIBase(), AuthBase: a.srv.AuthBase(),
		ProfileBase: a.srv.ProfileBase(), HTTPClient: a.srv.Client()})))
	if _, err := lib.RefreshTitles(context.Background(), "me"); err != nil {
		t.Fatal(err)
	}
	lib.Close()
	a.spendBudget(300)
	a.srv.ResetLog()

	start := time.Now()
	r := a.runUnhung("titles")
	t.Logf("answered in %v", time.Since(start))
	if r.code != 0 || strings.Count(r.stdout, "\n") != 41 {
		t.Fatalf("exit %d\n%s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if !regexp.MustCompile(`^cached 12m ago; request budget free in 15m[0-9]{2}s\n$`).MatchString(r.stderr) {
		t.Errorf("stderr %q, want the one note", r.stderr)
	}
	for _, q := range a.srv.Requests() {
		if isAPI(q) {
			t.Errorf("sent %s with the budget spent and the list cached", q.Path)
		}
	}
}

// Issue 11 #1 and #9, through the binary: with nothing cached and the budget spent, titles says at
// once that it waits for the budget; SIGINT stops it with status 130 and a line saying so.
func TestUncachedTitlesSayTheyWaitAndCtrlCExits130(t *testing.T) {
	a := newApp(t, psntest.Options{Titles: 40})
	a.env["PSN_RATE_LIMIT"] = "300/15m"
	a.login()
	a.spendBudget(300)
	cmd, _, _ := a.command(context.Background(), "", "titles")
	cmd.Stderr = nil
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 8)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var first string
	select {
	case first = <-lines:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("no line on stderr after 30 s")
	}
	t.Logf("wait line after %v", time.Since(start))
	if !regexp.MustCompile(`^waiting 15m[0-9]{2}s for the request budget \(300/15m\)$`).MatchString(first) {
		t.Errorf("first line %q", first)
	}
	cmd.Process.Signal(syscall.SIGINT)
	var rest []string
	for l := range lines {
		rest = append(rest, l)
	}
	err = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d (%v), want 130", code, err)
	}
	if len(rest) != 1 || rest[0] != "psn-client: stopped: what was fetched is kept in the cache" {
		t.Errorf("after SIGINT: %q", rest)
	}
	for _, q := range a.srv.Requests() {
		if isAPI(q) {
			t.Errorf("sent %s with the budget spent", q.Path)
		}
	}
}
