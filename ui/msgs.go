package ui

import (
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// result is implemented by every message that answers a command started with an id: the status bar
// ends the matching task whoever the answer is for, and records the rate snapshot it carries.
type result interface {
	reqID() uint64
	rateInfo() (psnapi.RateSnapshot, bool)
	failure() error
	offline() (bool, time.Time, error)
	storeNotes() []string
}

// answer is embedded in every result message.
type answer struct {
	id      uint64
	rate    psnapi.RateSnapshot
	hasRate bool
	err     error
	// cached is true when the data came from disk without asking the network (a cache read),
	// stale when the network failed and the store served its cache instead (Offline).
	cached, stale bool
	fetchedAt     time.Time
	// why says, with stale, why the cache was served: a *psnapi.RateLimitedError when the request
	// budget is spent (store.BudgetFreeIn tells when it frees), a network error when offline.
	why   error
	notes []string
}

func (a answer) reqID() uint64                         { return a.id }
func (a answer) rateInfo() (psnapi.RateSnapshot, bool) { return a.rate, a.hasRate }
func (a answer) failure() error                        { return a.err }
func (a answer) offline() (bool, time.Time, error)     { return a.stale, a.fetchedAt, a.why }
func (a answer) storeNotes() []string                  { return a.notes }

// titlesLoadedMsg answers loadCachedTitles and refreshTitles. rows are cleaned and measured already.
type titlesLoadedMsg struct {
	answer
	account string
	found   bool // false: a cache read found nothing
	rows    *titleSet
}

// summaryLoadedMsg answers loadCachedSummary and refreshSummary.
type summaryLoadedMsg struct {
	answer
	account string
	found   bool
	summary psnapi.TrophySummary
}

// trophiesLoadedMsg answers loadTitleTrophies for one title.
type trophiesLoadedMsg struct {
	answer
	account  string // whose earned status this is
	npCommID string
	found    bool
	data     *titleData
}

// openGameHelpMsg asks the app to push the Game Help of a trophy.
type openGameHelpMsg struct {
	title  psnapi.TrophyTitle
	trophy trophyRow
}

// openHuntTrophyMsg asks the app to push the trophies of a title (the group holding the trophy) with
// the cursor on one trophy: enter in next to hunt.
type openHuntTrophyMsg struct {
	title    psnapi.TrophyTitle
	group    string
	trophyID int
}

// rateMsg is a pushed rate snapshot from the client's subscription.
type rateMsg struct {
	snap psnapi.RateSnapshot
	ch   <-chan psnapi.RateSnapshot
}

// budgetFreedMsg says the request budget frees now: views showing cache served because it was spent
// refresh it.
type budgetFreedMsg struct{}

// loadingDueMsg says 100 ms have passed since a view started waiting: it may now say so.
type loadingDueMsg struct{ seq int }

// noteMsg shows a transient note in the status bar.
type noteMsg struct{ text string }

// noteExpiredMsg clears a transient status note, only if no newer note replaced it.
type noteExpiredMsg struct{ seq int }

// openTitleMsg asks the app to push the view of a title (groups, or trophies for one group). In
// compare mode their is the compared account's entry for the title (nil when they never played it)
// and notMine says the user never played it (title is then the compared account's entry).
type openTitleMsg struct {
	title   psnapi.TrophyTitle
	their   *psnapi.TrophyTitle
	notMine bool
}

// openGroupMsg asks the app to push the trophies of one group of an already loaded title.
type openGroupMsg struct {
	data  *titleData
	group string // "" for all
	vs    versus // compare mode: the other account's side of the title
}

// openTrophyMsg asks the app to push a trophy's detail: the trophy at pos of order (indices into
// data.trophies, as the trophies view lists them), so ←/→ step through the same list.
type openTrophyMsg struct {
	data  *titleData
	order []int
	pos   int
	vs    versus // compare mode: the other account's side of the title
}

// trophyShownMsg says the detail stepped to another trophy: the trophies view below follows it.
type trophyShownMsg struct {
	npCommID string
	id       int
}

// replaceViewMsg swaps a view of the stack for another (a one-group title skipping its group list).
type replaceViewMsg struct{ old, new view }

// loginNeededMsg switches to the "not logged in" view.
type loginNeededMsg struct{}

func (a answer) isCacheRead() bool { return a.cached }
