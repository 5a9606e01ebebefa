package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/psnclient/psn-client/psnapi"
)

// requests.log is the request budget every psn-client process shares: a text file of one entry a
// line, appended with O_APPEND under an flock on requests.log.lock:
//
//	s <unix nanoseconds>   a request was sent (granted by the budget)
//	n <unix nanoseconds>   a 429 said nothing may be sent before this time
//
// rateLog is the psnapi.Ledger over it. Each grant decision of a client, in any process, runs under
// the lock after reading the lines the others appended since its last look (it keeps a file offset;
// a compacted or replaced file — another inode, or a shorter one — is read again whole), then
// appends its own sends, so two processes never both spend the last request of a window nor miss
// each other's 429 pause. Unknown or malformed lines are skipped; times further ahead than the
// window (a clock set back, garbage) are ignored. The file is rewritten atomically (compacted)
// when more than half of it has left keep, the longest window any budget may need (at least Sony's
// 15 minutes, so that a short PSN_RATE_LIMIT never erases what a default one needs). Only a regular
// file is read (a FIFO or a device in its place is replaced), and at most its last maxLogRead bytes.
type rateLog struct {
	path, lockPath string
	window         time.Duration // the Library's RateWindow: what RateHistory returns
	keep           time.Duration // how much history the file and the memory keep
	now            func() time.Time
	note           func(string, ...any)
	presence       *presence

	// sem is this Library's critical section (a one-slot semaphore, so a wait for it can be given up).
	sem chan struct{}

	// Guarded by sem.
	f       *os.File    // requests.log, opened for append and positional reads
	st      os.FileInfo // f's identity when opened
	off     int64       // bytes of f parsed: up to the end of its last complete line
	partial bool        // f ends in an incomplete line (a writer died mid-line)
	lockF   *os.File
	sent    []time.Time // ascending, inside keep
	next    time.Time   // the latest 429 pause recorded
	lines   int         // lines in the file as last read whole plus the lines appended since
	noFile  bool        // the log cannot be used: the budget is kept in memory only (noted)
	closed  bool
}

// maxLogRead is the most of requests.log read at once (its tail): the window of the largest budget
// is a few hundred lines, a budget-less sync's 15 minutes about 70,000.
const maxLogRead = 4 << 20

// compactMin is how many dead lines (left keep, garbage) the file may hold before a compaction,
// whatever it keeps alive.
const compactMin = 256

func newRateLog(p Paths, window time.Duration, now func() time.Time, note func(string, ...any)) *rateLog {
	keep := max(window, psnapi.DefaultRateLimit.Window)
	return &rateLog{
		path:     p.RequestLogFile(),
		lockPath: p.RequestLogFile() + ".lock",
		window:   window,
		keep:     keep + keep/50 + time.Minute, // beyond the client's jitter margin
		now:      now,
		note:     note,
		presence: &presence{path: p.InteractiveLockFile(), note: note},
		sem:      make(chan struct{}, 1),
	}
}

var _ psnapi.Ledger = (*rateLog)(nil)

// Exchange implements psnapi.Ledger.
func (r *rateLog) Exchange(ctx context.Context, since time.Time, decide func(psnapi.LedgerView) psnapi.LedgerRecord) error {
	unlock, err := r.enter(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	now := r.now()
	r.refresh(now, true)
	rec := decide(r.view(since, now))
	r.record(rec, now)
	return nil
}

// Peek implements psnapi.Ledger: the lines appended since the last look are read without the
// lock (appends are whole lines; a line still being written is left for next time).
func (r *rateLog) Peek(since time.Time, fn func(psnapi.LedgerView)) bool {
	select {
	case r.sem <- struct{}{}:
	default:
		return false
	}
	defer func() { <-r.sem }()
	if r.closed {
		return false
	}
	now := r.now()
	r.refresh(now, false)
	fn(r.view(since, now))
	return true
}

// enter takes the Library's critical section and the file lock, each within lockTimeout.
func (r *rateLog) enter(ctx context.Context) (unlock func(), err error) {
	timeout := lockTimeout()
	until := time.Now().Add(timeout)
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, fmt.Errorf("%w: %s held by another request of this process for %s", ErrBudgetLocked, r.lockPath, timeout)
	}
	release := func() { <-r.sem }
	if r.noFile || r.closed || !locksWork {
		return release, nil
	}
	if r.lockF == nil {
		f, err := openLockFile(r.lockPath, r.note)
		if err != nil {
			r.unusable(err)
			return release, nil
		}
		r.lockF = f
	}
	if err := lockWithin(ctx, r.lockF, false, until); err != nil {
		release()
		return nil, err
	}
	return func() { unlockFile(r.lockF); release() }, nil
}

// unusable switches to a budget kept in memory, once, saying why.
func (r *rateLog) unusable(err error) {
	if !r.noFile {
		r.noFile = true
		r.note("could not use %s (%v): the request budget is not shared with other psn-client processes this run", r.path, err)
	}
}

// view is the shared budget for a client whose window reaches back to since.
func (r *rateLog) view(since, now time.Time) psnapi.LedgerView {
	i := sort.Search(len(r.sent), func(i int) bool { return r.sent[i].After(since) })
	return psnapi.LedgerView{Sent: r.sent[i:], NextAvailable: r.next, Interactive: r.presence.present()}
}

// refresh reads what other processes appended since the last look, or the whole file again when it
// was compacted or replaced. locked says the file lock is held: only then may a file that is not a
// regular file be replaced.
func (r *rateLog) refresh(now time.Time, locked bool) {
	r.prune(now)
	if r.noFile || r.closed {
		return
	}
	st, err := os.Stat(r.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if r.f != nil { // removed: start a new one
			r.reset()
		}
		if !locked {
			return
		}
	case err != nil:
		r.unusable(err)
		return
	case r.f != nil && (!os.SameFile(st, r.st) || st.Size() < r.off):
		r.reset() // compacted, replaced or truncated by another process
	}
	if r.f == nil {
		if !locked && (st == nil || !st.Mode().IsRegular()) {
			return // created or repaired under the lock only
		}
		if err := r.open(locked); err != nil {
			if locked {
				r.unusable(err)
			}
			return
		}
		r.readFrom(0, now)
		return
	}
	if st.Size() > r.off {
		r.readFrom(r.off, now)
	}
}

// open opens requests.log (creating it). Under the file lock (locked), anything that is not a
// regular file is replaced by one.
func (r *rateLog) open(locked bool) error {
	if err := os.MkdirAll(filepath.Dir(r.path), 0o700); err != nil {
		return err
	}
	f, err := openRegular(r.path, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o600)
	if errors.Is(err, errNotRegular) && locked {
		// A FIFO, a device, a symlink to one or an empty directory where the log should be: put a
		// regular file in its place (removing the entry; nothing is written through it).
		if rerr := os.Remove(r.path); rerr != nil {
			return err
		}
		r.note("%v: replaced by an empty request log", err)
		f, err = openRegular(r.path, os.O_CREATE|os.O_EXCL|os.O_RDWR|os.O_APPEND, 0o600)
	}
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	r.f, r.st = f, st
	return nil
}

// reset forgets the open file: the next refresh reads the current one whole. What was read stays
// until then (the new file holds it too, or it was lost with the old one).
func (r *rateLog) reset() {
	if r.f != nil {
		r.f.Close()
	}
	r.f, r.st, r.off, r.partial = nil, nil, 0, false
}

// readFrom parses f from offset off to its end (at most maxLogRead bytes: a longer stretch is read
// from its tail). Reading from 0 replaces what memory holds.
func (r *rateLog) readFrom(off int64, now time.Time) {
	st, err := r.f.Stat()
	if err != nil {
		r.unusable(err)
		return
	}
	size := st.Size()
	whole := off == 0
	start := off
	if size-start > maxLogRead {
		start = size - maxLogRead
		whole = true
	}
	buf := make([]byte, size-start)
	n, err := r.f.ReadAt(buf, start)
	if err != nil && !errors.Is(err, io.EOF) {
		r.unusable(err)
		return
	}
	buf = buf[:n]
	if start > off {
		// Started mid-file: the first line is a fragment.
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			buf = buf[i+1:]
			start += int64(i + 1)
		} else {
			buf = buf[:0]
		}
	}
	last := bytes.LastIndexByte(buf, '\n')
	complete := buf[:last+1]
	r.off = start + int64(len(complete))
	r.partial = len(buf) > len(complete)
	if whole {
		r.sent, r.next, r.lines = r.sent[:0], time.Time{}, 0
	}
	r.parse(complete, now)
}

// parse adds the entries of complete lines to memory.
func (r *rateLog) parse(b []byte, now time.Time) {
	from := now.Add(-r.keep)
	ahead := now.Add(r.keep) // beyond: a clock set back, or garbage
	unsorted := false
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		line := b[:i]
		b = b[i+1:]
		r.lines++
		if len(line) < 3 || line[1] != ' ' {
			continue
		}
		n, err := strconv.ParseInt(string(line[2:]), 10, 64)
		if err != nil {
			continue
		}
		t := time.Unix(0, n)
		if t.After(ahead) {
			continue
		}
		switch line[0] {
		case 's':
			if t.After(from) {
				if len(r.sent) > 0 && t.Before(r.sent[len(r.sent)-1]) {
					unsorted = true
				}
				r.sent = append(r.sent, t)
			}
		case 'n':
			if t.After(r.next) {
				r.next = t
			}
		}
	}
	if unsorted {
		sort.Slice(r.sent, func(i, j int) bool { return r.sent[i].Before(r.sent[j]) })
	}
}

// prune drops from memory the sends that left keep, and a pause that is over.
func (r *rateLog) prune(now time.Time) {
	cut := now.Add(-r.keep)
	// Resliced, not copied: a budget-less sync keeps tens of thousands of entries, one leaving at a
	// time; the next growth of the slice drops the dead head.
	r.sent = r.sent[sort.Search(len(r.sent), func(i int) bool { return r.sent[i].After(cut) }):]
	if !r.next.After(now) {
		r.next = time.Time{}
	}
}

// record appends rec to the file and to memory, then compacts the file when most of it is dead.
// Call inside the critical section.
func (r *rateLog) record(rec psnapi.LedgerRecord, now time.Time) {
	if len(rec.Sent) == 0 && rec.NextAvailable.IsZero() {
		return
	}
	var b []byte
	if r.partial {
		b = append(b, '\n') // end the fragment a dead writer left, or our first line joins it
	}
	for _, t := range rec.Sent {
		b = appendEntry(b, 's', t)
		r.insert(t)
	}
	if !rec.NextAvailable.IsZero() {
		b = appendEntry(b, 'n', rec.NextAvailable)
		if rec.NextAvailable.After(r.next) {
			r.next = rec.NextAvailable
		}
	}
	if r.noFile || r.closed {
		return
	}
	if r.f == nil {
		// refresh could not open it (it was just removed, say): try once more
		if err := r.open(true); err != nil {
			r.unusable(err)
			return
		}
		r.readFrom(0, now)
	}
	if _, err := r.f.Write(b); err != nil {
		r.note("could not write %s: %v", r.path, err)
		r.reset()
		return
	}
	// Under the lock nobody else appends: the file now ends with our lines.
	r.partial = false
	r.lines += len(rec.Sent)
	if !rec.NextAvailable.IsZero() {
		r.lines++
	}
	if st, err := r.f.Stat(); err == nil {
		r.off = st.Size()
	}
	if dead := r.lines - len(r.sent); dead > compactMin && dead > len(r.sent) {
		r.compact()
	}
}

// insert adds a send time to memory, keeping the order.
func (r *rateLog) insert(t time.Time) {
	i := len(r.sent)
	for i > 0 && r.sent[i-1].After(t) {
		i--
	}
	r.sent = append(r.sent, time.Time{})
	copy(r.sent[i+1:], r.sent[i:])
	r.sent[i] = t
}

func appendEntry(b []byte, kind byte, t time.Time) []byte {
	b = append(b, kind, ' ')
	b = strconv.AppendInt(b, t.UnixNano(), 10)
	return append(b, '\n')
}

// compact rewrites the file with what memory keeps. Call inside the critical section (file lock
// held): the other processes see another inode and read it whole.
func (r *rateLog) compact() {
	var b []byte
	for _, t := range r.sent {
		b = appendEntry(b, 's', t)
	}
	if !r.next.IsZero() {
		b = appendEntry(b, 'n', r.next)
	}
	if err := writeFileAtomic(r.path, b, 0o600, 0o700); err != nil {
		r.note("could not compact %s: %v", r.path, err)
		return
	}
	r.reset()
	if err := r.open(true); err != nil {
		r.unusable(err)
		return
	}
	r.off = int64(len(b))
	r.lines = len(r.sent)
	if !r.next.IsZero() {
		r.lines++
	}
}

// history is the window ending now as every process recorded it, compacting the file when most of it
// has left keep.
func (r *rateLog) history() psnapi.RateHistory {
	var h psnapi.RateHistory
	r.Exchange(context.Background(), time.Time{}, func(v psnapi.LedgerView) psnapi.LedgerRecord {
		now := r.now()
		from := now.Add(-r.window)
		for _, t := range v.Sent {
			if t.After(from) {
				h.Sent = append(h.Sent, t)
			}
		}
		if v.NextAvailable.After(now) {
			h.NextAvailable = v.NextAvailable
		}
		if dead := r.lines - len(r.sent); dead > 0 && dead > len(r.sent) && !r.noFile && r.f != nil {
			r.compact()
		}
		return psnapi.LedgerRecord{}
	})
	return h
}

// close releases the files (the interactive presence included).
func (r *rateLog) close() {
	r.presence.close()
	r.sem <- struct{}{}
	defer func() { <-r.sem }()
	r.closed = true
	r.reset()
	if r.lockF != nil {
		r.lockF.Close()
		r.lockF = nil
	}
}
