// Package e2e holds black-box tests of psn-client: they build the binary, run it against a psntest
// server on loopback with the XDG directories in a temporary folder, and observe only what a user
// or Sony would see (output, exit status, files, the fake server's request log). Tests that need a
// controlled clock drive the public store and psnapi APIs in-process instead.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psnclient/psn-client/cli"
	"github.com/psnclient/psn-client/psnapi/psntest"
)

// The binary is built from source at run time; depending on cli (and through it ui, store, psnapi)
// makes go test's cache see a change in any of them, so a cached pass never hides one.
var _ = cli.Run

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// binary builds psn-client once per test run and returns its path.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "psn-client-e2e-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "psn-client")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		cmd := exec.Command("go", "build", "-o", binPath, "..")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// app is one user's installation: XDG directories under a temporary folder, pointed at a fake server.
type app struct {
	t   testing.TB
	srv *psntest.Server
	dir string
	env map[string]string
}

func newApp(t testing.TB, o psntest.Options) *app {
	t.Helper()
	srv := psntest.NewServer(o)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	return &app{t: t, srv: srv, dir: dir, env: map[string]string{
		"PSN_API_URL":     srv.APIBase(),
		"PSN_AUTH_URL":    srv.AuthBase(),
		"PSN_PROFILE_URL": srv.ProfileBase(),
		"PSN_RATE_LIMIT":  "off",
		"PSN_LANG":        "en-US",
		"XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_STATE_HOME":  filepath.Join(dir, "state"),
		"XDG_CACHE_HOME":  filepath.Join(dir, "cache"),
		"HOME":            filepath.Join(dir, "home"),
		"TMPDIR":          filepath.Join(dir, "tmp"),
		"NO_COLOR":        "1",
		"TERM":            "dumb",
	}}
}

type result struct {
	stdout, stderr string
	code           int
}

func (a *app) command(ctx context.Context, stdin string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	os.MkdirAll(a.env["TMPDIR"], 0o700)
	cmd := exec.CommandContext(ctx, binary(a.t), args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range a.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	return cmd, &out, &errb
}

// run executes the binary with args and waits for it.
func (a *app) run(stdin string, args ...string) result {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd, out, errb := a.command(ctx, stdin, args...)
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			a.t.Fatalf("%v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	if strings.Contains(errb.String(), "panic:") || strings.Contains(errb.String(), "goroutine ") {
		a.t.Fatalf("%v panicked:\n%s", args, errb.String())
	}
	return result{out.String(), errb.String(), code}
}

// must runs args and fails the test unless the exit status is 0.
func (a *app) must(args ...string) result {
	a.t.Helper()
	r := a.run("", args...)
	if r.code != 0 {
		a.t.Fatalf("%v: exit %d\nstderr: %s", args, r.code, r.stderr)
	}
	return r
}

// login logs in through PSN_NPSSO (no terminal) and clears the fake's log.
func (a *app) login() {
	a.t.Helper()
	a.env["PSN_NPSSO"] = psntest.DemoNPSSO
	a.must("login")
	delete(a.env, "PSN_NPSSO")
	a.srv.ResetLog()
}

func (a *app) credentialsFile() string {
	return filepath.Join(a.dir, "state", "psn-client", "credentials.json")
}

// exportJSON is every cached trophy of the logged-in account, as `export --format json` prints it.
func (a *app) exportJSON() []map[string]any {
	a.t.Helper()
	r := a.must("export", "--format", "json")
	var all []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil {
		a.t.Fatalf("export json: %v", err)
	}
	return all
}

// titleInfo is the part of `titles --json` the request arithmetic needs.
type titleInfo struct {
	NPCommunicationID string `json:"npCommunicationId"`
	HasTrophyGroups   bool   `json:"hasTrophyGroups"`
}

// minimumRequests is DESIGN.md's cold-sync minimum for a title list: ceil(n/800) + 2n + g.
func minimumRequests(titles []titleInfo) int {
	g := 0
	for _, t := range titles {
		if t.HasTrophyGroups {
			g++
		}
	}
	n := len(titles)
	return int(math.Ceil(float64(n)/800)) + 2*n + g
}

// requestKey names a request without its secrets: method, path and the query (sorted).
func requestKey(r psntest.Request) string {
	var q []string
	for k, vs := range r.Query {
		for _, v := range vs {
			q = append(q, k+"="+v)
		}
	}
	sort.Strings(q)
	return r.Method + " " + r.Path + "?" + strings.Join(q, "&")
}

// isAPI reports whether a logged request is a counted API request (not OAuth).
func isAPI(r psntest.Request) bool {
	return strings.HasPrefix(r.Path, "/api/") && !strings.Contains(r.Path, "/authz/")
}

func isTitleList(r psntest.Request) bool {
	return strings.HasSuffix(r.Path, "/trophyTitles") && !isPlayTime(r)
}

// isPlayTime reports a request of sync's play time step (issue 13): the played-games list, or the
// match of games to trophy titles (by npTitleIds). It has its own cost, which sync --plan tells; the
// trophy fill's minimum does not count it.
func isPlayTime(r psntest.Request) bool {
	return strings.Contains(r.Path, "/gamelist/") || strings.HasSuffix(r.Path, "/titles/trophyTitles")
}
