package store

import (
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// RateHistory returns the requests sent inside the current window (and a pending 429 next-available)
// as recorded in requests.log by every psn-client process, for psnapi.Options.History. Reading it also
// compacts the file.
func (l *Library) RateHistory() psnapi.RateHistory {
	sent, next, err := l.rlog.load()
	if err != nil {
		l.note("could not read %s (%v); the rate window starts empty", l.paths.RequestLogFile(), err)
	}
	return psnapi.RateHistory{Sent: sent, NextAvailable: next}
}

// RecordSent appends a sent request to requests.log (psnapi.Options.OnSent).
func (l *Library) RecordSent(at time.Time) {
	if err := l.rlog.append('s', at); err != nil {
		l.note("could not write %s: %v", l.paths.RequestLogFile(), err)
	}
}

// RecordRateLimited persists a 429's next-available time (psnapi.Options.OnRateLimited).
func (l *Library) RecordRateLimited(until time.Time) {
	if err := l.rlog.append('n', until); err != nil {
		l.note("could not write %s: %v", l.paths.RequestLogFile(), err)
	}
}

// APIOptions completes client options with what the Library provides: the credentials.json token
// store, the request history from requests.log and the hooks that keep it, the language, the reserve
// and the clock (each only when o leaves it zero). Typical wiring:
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
	o.History = l.RateHistory()
	onSent, onLimited := o.OnSent, o.OnRateLimited
	o.OnSent = func(at time.Time) {
		l.RecordSent(at)
		if onSent != nil {
			onSent(at)
		}
	}
	o.OnRateLimited = func(until time.Time) {
		l.RecordRateLimited(until)
		if onLimited != nil {
			onLimited(until)
		}
	}
	return o
}
