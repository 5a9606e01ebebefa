package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// TestNowPlaying (issue 13 #3): presence is asked in a command on a timer, not before the first
// screen: presenceFirst after it, at background priority; the heading then says what you play,
// and in compare mode what both of you do (asked again soon after compare mode starts); a round is
// skipped while your own requests wait for the budget. A name from the server is cleaned.
func TestNowPlaying(t *testing.T) {
	now := fixedNow
	lib := withPresence(newFakeLib(40))
	lib.social.presence["1"].Games[0].TitleName = "Evil\x1b[2J Game"
	m := newTestModel(lib, 120, 30)
	tk := newTicker(t, m, &now)
	start(t, m)
	if n := countPrefixed(lib, "Presence"); n != 0 {
		t.Fatalf("presence asked %d times before its timer", n)
	}
	due := lastPresenceTimer(t, tk)
	_, cmd := m.Update(due)
	drive(t, m, cmd)
	if n := countPrefixed(lib, "Presence me"); n != 1 {
		t.Fatalf("presence asked %d times, want once", n)
	}
	out := m.View()
	if !strings.Contains(out, "FakeHunter ● playing Evil Game on PS5") || strings.Contains(out, "\x1b[2J") {
		t.Fatalf("heading lacks what you play (cleaned):\n%s", out)
	}
	compareWith(t, m, "TrophyFriend")
	_, cmd = m.Update(lastPresenceTimer(t, tk))
	drive(t, m, cmd)
	if n := countPrefixed(lib, "Presence me,"+friendID); n != 1 {
		t.Fatalf("compare mode's presence asked %d times", n)
	}
	if out := m.View(); !strings.Contains(out, "you ● playing") || !strings.Contains(out, "TrophyFriend last online 2026-11-28") {
		t.Fatalf("heading lacks both accounts:\n%s", out)
	}
	// The budget is yours while one of your requests waits: the round is skipped, the timer re-armed.
	m.status.setRate(psnapi.RateSnapshot{Used: 300, Limit: 300, Window: 15 * time.Minute, Waiting: 1, WaitingInteractive: 1,
		ResetAt: now.Add(time.Minute), WaitUntil: now.Add(time.Minute), WaitReason: psnapi.WaitBudget}, now)
	before := countPrefixed(lib, "Presence")
	_, cmd = m.Update(lastPresenceTimer(t, tk))
	drive(t, m, cmd)
	if n := countPrefixed(lib, "Presence"); n != before {
		t.Fatal("presence asked while your request waited for the budget")
	}
}

// lastPresenceTimer is the presence timer armed last.
func lastPresenceTimer(t *testing.T, tk *ticker) presenceDueMsg {
	t.Helper()
	for i := len(tk.other) - 1; i >= 0; i-- {
		if d, ok := tk.other[i].(presenceDueMsg); ok {
			return d
		}
	}
	t.Fatal("no presence timer armed")
	return presenceDueMsg{}
}
