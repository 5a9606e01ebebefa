//go:build unix

package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Issue 11 #7, through the binary: watch prints a trophy earned on the fake by the next check (here
// every second), as one JSON object a line, and SIGINT ends it with status 130.
func TestWatchAnnouncesATrophyEarnedMeanwhile(t *testing.T) {
	a := newApp(t, psntest.Options{Titles: 40})
	a.login()
	var trophies []struct {
		NPCommunicationID string `json:"npCommunicationId"`
		TrophyID          int    `json:"trophyId"`
		Name              string `json:"name"`
		Earned            bool   `json:"earned"`
	}
	var titles []titleInfo
	if err := json.Unmarshal([]byte(a.must("titles", "--json").stdout), &titles); err != nil {
		t.Fatal(err)
	}
	id, name, title := -1, "", ""
	for _, ti := range titles {
		if err := json.Unmarshal([]byte(a.must("trophies", ti.NPCommunicationID, "--json", "--reveal").stdout), &trophies); err != nil {
			t.Fatal(err)
		}
		for _, tr := range trophies {
			if !tr.Earned {
				id, name, title = tr.TrophyID, tr.Name, ti.NPCommunicationID
				break
			}
		}
		if id >= 0 {
			break
		}
	}
	if id < 0 {
		t.Fatal("no unearned trophy")
	}
	cmd, _, errb := a.command(context.Background(), "", "watch", "--interval", "1s", "--json")
	cmd.Stdout = nil
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 4)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	time.Sleep(1500 * time.Millisecond) // a first check or two: the baseline
	if err := a.srv.EarnTrophy(psntest.DemoAccountID, title, id, time.Now()); err != nil {
		t.Fatal(err)
	}
	select {
	case line := <-lines:
		var got struct {
			NPCommunicationID string `json:"npCommunicationId"`
			TrophyID          int    `json:"trophyId"`
			Name              string `json:"name"`
			Earned            bool   `json:"earned"`
		}
		if err := json.Unmarshal([]byte(line), &got); err != nil || got.NPCommunicationID != title || got.TrophyID != id || got.Name != name || !got.Earned {
			t.Errorf("line %q (%v), want trophy %d of %s", line, err, id, title)
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("no trophy printed 20 s after it was earned; stderr: %s", errb.String())
	}
	cmd.Process.Signal(syscall.SIGINT)
	for range lines {
	}
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 || !strings.Contains(errb.String(), "watch stopped: 1 new trophy seen") {
		t.Errorf("SIGINT: exit %d, stderr %q", code, errb.String())
	}
}
