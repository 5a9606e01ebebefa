package store

import (
	"context"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// RateHistory returns the requests sent inside the current window (and a pending 429 next-available)
// as recorded in requests.log by every psn-client process. Reading it may compact the file. Clients
// built from APIOptions do not need it: they share requests.log live through the Ledger.
func (l *Library) RateHistory() psnapi.RateHistory { return l.rlog.history() }

// RecordSent appends a sent request to requests.log.
func (l *Library) RecordSent(at time.Time) { l.recordRate(psnapi.LedgerRecord{Sent: []time.Time{at}}) }

// RecordRateLimited persists a 429's next-available time.
func (l *Library) RecordRateLimited(until time.Time) {
	l.recordRate(psnapi.LedgerRecord{NextAvailable: until})
}

func (l *Library) recordRate(rec psnapi.LedgerRecord) {
	err := l.rlog.Exchange(context.Background(), time.Time{}, func(psnapi.LedgerView) psnapi.LedgerRecord { return rec })
	if err != nil {
		l.note("could not write %s: %v", l.paths.RequestLogFile(), err)
	}
}

// Ledger is requests.log as a psnapi.Ledger: the request budget shared live with every psn-client
// process on these directories (APIOptions sets it).
func (l *Library) Ledger() psnapi.Ledger { return l.rlog }

// SetInteractive says whether this process is one a person waits on (the browser, a data command
// such as titles or summary: on, the default once APIOptions has run) or background work only (sync,
// watch: off). While any interactive psn-client process runs, background work in every process keeps
// the interactive reserve (20% by default); when none runs, a sync may use the whole budget. The
// announcement is a shared lock on interactive.lock held until SetInteractive(false), Close or the
// end of the process (a crash included).
func (l *Library) SetInteractive(on bool) {
	l.mu.Lock()
	l.opt.Background = !on
	wired := l.wired
	l.mu.Unlock()
	if !on {
		l.rlog.presence.drop()
	} else if wired {
		l.rlog.presence.hold()
	}
}

// Close releases the Library's files: the interactive announcement and requests.log. A Library is
// not used after Close (a process that ends need not call it).
func (l *Library) Close() error {
	l.rlog.close()
	return nil
}

// APIOptions completes client options with what the Library provides: the credentials.json token
// store, requests.log as the shared Ledger, the language, the reserve and the clock (each only when
// o leaves it zero). Unless the Library was declared background-only (Options.Background or
// SetInteractive(false)), it also announces this process as interactive. Typical wiring:
//
//	lib, _ := store.Open(store.DefaultPaths(), store.Options{Language: lang, RateWindow: rl.Window})
//	lib.SetAPI(psnapi.New(lib.APIOptions(psnapi.Options{RateLimit: rl})))
func (l *Library) APIOptions(o psnapi.Options) psnapi.Options {
	if o.Tokens == nil {
		o.Tokens = l.Credentials()
	}
	if o.Language == "" {
		o.Language = l.lang
	}
	switch {
	case o.Reserve == 0 && l.opt.Reserve == 0:
		o.Reserve = -1
	case o.Reserve == 0:
		o.Reserve = l.opt.Reserve
	case o.Reserve < 0:
		l.opt.Reserve = 0
	case o.Reserve < 1:
		l.opt.Reserve = o.Reserve
	}
	if o.Now == nil {
		o.Now = l.now
	}
	if o.Ledger == nil {
		o.Ledger = l.rlog
	}
	l.mu.Lock()
	l.wired = true
	background := l.opt.Background
	l.mu.Unlock()
	if !background {
		l.rlog.presence.hold()
	}
	return o
}
