package ui

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/psnclient/psn-client/psnapi"
	"github.com/psnclient/psn-client/store"
)

// The views of the whole cached library (issue 12): search, recent trophies, platinums, stats and
// next to hunt. Each reads the store's trophy index inside a command, sends no request, and says
// how much of the library it covers when the cache holds only part of it. One key opens each from
// the title list and from one another (F, E, P, I, n); opened from one another they replace each
// other, so esc always goes back to where the user came from.

// libraryKind names a view of the whole library.
type libraryKind int

const (
	libSearch libraryKind = iota
	libRecent
	libPlatinums
	libStats
	libHunt
)

// openLibraryMsg asks the app to show a view of the whole library: pushed, or in place of the one
// of them on top. title limits next to hunt to one title (N).
type openLibraryMsg struct {
	kind  libraryKind
	title *psnapi.TrophyTitle
}

// libraryView marks the views openLibraryMsg replaces instead of stacking.
type libraryView interface {
	view
	library()
}

// libraryKey turns F, E, P, I and n into the view they open (nil for any other key).
func libraryKey(c *Common, msg tea.KeyMsg) tea.Cmd {
	k := c.Keys
	for _, b := range []struct {
		k    key.Binding
		kind libraryKind
	}{{k.Search, libSearch}, {k.Recent, libRecent}, {k.Platinums, libPlatinums}, {k.Stats, libStats}, {k.Hunt, libHunt}} {
		if key.Matches(msg, b.k) {
			return send(openLibraryMsg{kind: b.kind})
		}
	}
	return nil
}

// libraryHelp is the full help's column of the library views, without the one shown.
func libraryHelp(c *Common, except libraryKind) []key.Binding {
	k := c.Keys
	var out []key.Binding
	for _, b := range []struct {
		k    key.Binding
		kind libraryKind
	}{{k.Search, libSearch}, {k.Recent, libRecent}, {k.Platinums, libPlatinums}, {k.Stats, libStats}, {k.Hunt, libHunt}} {
		if b.kind != except {
			out = append(out, b.k)
		}
	}
	return out
}

// newLibraryView builds the view msg asks for.
func newLibraryView(c *Common, msg openLibraryMsg) (view, tea.Cmd) {
	switch msg.kind {
	case libSearch:
		return newSearchView(c)
	case libRecent:
		return newRecentView(c)
	case libPlatinums:
		return newPlatinumsView(c)
	case libStats:
		return newStatsView(c)
	}
	return newHuntView(c, msg.title)
}

// queryError is a query's mistake as one line ("grad:gold": no such filter …), or "" when err is
// not about the query.
func queryError(err error) string {
	var qe *store.QueryError
	if errors.As(err, &qe) {
		return clean(qe.Error())
	}
	return ""
}

// joinNonEmpty joins the parts that are not empty with " · ".
func joinNonEmpty(parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}

// queryHint is what the query input of search and next to hunt says before anything is typed.
const queryHint = "words and filters: grade:gold rarity<5 earned:2025 platform:ps5 has:help hidden"

// notes puts the store's notes (a damaged index rebuilt, a corrupt file discarded) on a cache
// read's answer, so the status bar says so once.
func (e env) notes(a *answer) {
	if n, ok := e.lib.(interface{ Notes() []string }); ok {
		a.notes = n.Notes()
	}
}

// reloadEvery is the shortest time between two reloads of a view computed from the cache while
// the background fill completes titles.
const reloadEvery = 5 * time.Second

// reloadDueMsg is a view's paced reload falling due (seq is that view's timer).
type reloadDueMsg struct{ seq uint64 }

// cacheReloader paces the reloads of a view computed from the cache as the fill completes titles
// (cacheGrewMsg): at most one every max(reloadEvery, 4 × the last read's time), so a big library
// is not read again and again while it fills.
type cacheReloader struct {
	armed uint64        // the timer armed, 0 none
	took  time.Duration // the last read's time (wall clock, measured in its command)
}

// grew arms the timer unless it is armed.
func (r *cacheReloader) grew(c *Common) tea.Cmd {
	if r.armed != 0 {
		return nil
	}
	r.armed = c.newID()
	seq := r.armed
	return c.tick(max(reloadEvery, 4*r.took), func(time.Time) tea.Msg { return reloadDueMsg{seq: seq} })
}

// due reports whether msg is this view's timer (and disarms it).
func (r *cacheReloader) due(msg reloadDueMsg) bool {
	if r.armed == 0 || msg.seq != r.armed {
		return false
	}
	r.armed = 0
	return true
}
