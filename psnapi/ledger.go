package psnapi

import (
	"context"
	"time"
)

// Ledger is the request budget shared with other processes (and other clients of this process):
// every grant decision reads what the others sent and which 429 pause they met, and records its
// own sends, as one step no other Exchange on the same ledger interleaves with. The store package
// implements it over requests.log under an flock (store.Library.APIOptions sets it).
//
// A nil Options.Ledger keeps the budget to this client alone (restored once from Options.History).
type Ledger interface {
	// Exchange brings the shared view up to date (sends after since, the latest pause, whether an
	// interactive process runs), calls decide with it, and records what decide returns, all inside
	// one critical section that excludes every other Exchange on the same ledger, in any process.
	// It gives up when ctx ends, or when the section cannot be entered within a bounded time
	// (another process holding it), with an error that says so; decide is then not called.
	// The view is valid only during decide.
	Exchange(ctx context.Context, since time.Time, decide func(LedgerView) LedgerRecord) error
	// Peek calls fn with the view brought up to date as far as that is possible without entering the
	// critical section, for snapshots. Rather than wait, it may return false without calling fn.
	// The view is valid only during fn.
	Peek(since time.Time, fn func(LedgerView)) bool
}

// LedgerView is the shared budget as a Ledger last read it.
type LedgerView struct {
	// Sent holds every process's send times after since, ascending (this client's included).
	Sent []time.Time
	// NextAvailable is the latest 429 pause any process recorded (zero if none).
	NextAvailable time.Time
	// Interactive reports that an interactive process (a browser, a command the user waits on) is
	// running, this one included: background work keeps the reserve for it. Without one, background
	// work may use the whole budget.
	Interactive bool
}

// LedgerRecord is what one Exchange adds to the ledger.
type LedgerRecord struct {
	Sent          []time.Time // requests granted in this step, at their grant time
	NextAvailable time.Time   // a 429 pause this client met (zero if none)
}
