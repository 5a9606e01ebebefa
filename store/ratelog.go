package store

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"
)

// requests.log is a text file of one entry a line, appended with O_APPEND under an flock on
// requests.log.lock (so two processes never interleave or lose lines):
//
//	s <unix nanoseconds>   a request was sent
//	n <unix nanoseconds>   a 429 said nothing may be sent before this time
//
// Unknown or malformed lines are skipped. The file is compacted (rewritten atomically, keeping only
// entries still inside the window) when it is opened and every compactEvery appends, so its size is
// bounded by the window's requests plus compactEvery lines per process.

const compactEvery = 512

// rateLog is the requests.log of one Library.
type rateLog struct {
	path, lockPath string
	window         time.Duration
	now            func() time.Time
	appends        int
}

func (r *rateLog) withLock(fn func() error) error {
	if err := os.MkdirAll(filepath.Dir(r.path), 0o700); err != nil {
		return err
	}
	lf, err := os.OpenFile(r.lockPath, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer lf.Close()
	if err := lockFile(lf); err != nil {
		return err
	}
	defer unlockFile(lf)
	return fn()
}

// parseRateLog returns the send times in the window ending at now (sorted) and the latest next-available.
func parseRateLog(b []byte, now time.Time, window time.Duration) (sent []time.Time, next time.Time) {
	from := now.Add(-window)
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) < 3 || line[1] != ' ' {
			continue
		}
		n, err := strconv.ParseInt(string(line[2:]), 10, 64)
		if err != nil {
			continue
		}
		t := time.Unix(0, n)
		switch line[0] {
		case 's':
			if t.After(from) {
				sent = append(sent, t)
			}
		case 'n':
			if t.After(next) {
				next = t
			}
		}
	}
	sort.Slice(sent, func(i, j int) bool { return sent[i].Before(sent[j]) })
	if !next.After(now) {
		next = time.Time{}
	}
	return sent, next
}

func formatRateLog(sent []time.Time, next time.Time) []byte {
	var b []byte
	for _, t := range sent {
		b = append(b, "s "...)
		b = strconv.AppendInt(b, t.UnixNano(), 10)
		b = append(b, '\n')
	}
	if !next.IsZero() {
		b = append(b, "n "...)
		b = strconv.AppendInt(b, next.UnixNano(), 10)
		b = append(b, '\n')
	}
	return b
}

// load reads the window, compacting the file on the way.
func (r *rateLog) load() (sent []time.Time, next time.Time, err error) {
	err = r.withLock(func() error {
		b, err := os.ReadFile(r.path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		sent, next = parseRateLog(b, r.now(), r.window)
		if c := formatRateLog(sent, next); len(c) < len(b) {
			return writeFileAtomic(r.path, c, 0o600, 0o700)
		}
		return nil
	})
	return sent, next, err
}

func (r *rateLog) append(kind byte, t time.Time) error {
	line := append([]byte{kind, ' '}, strconv.FormatInt(t.UnixNano(), 10)...)
	line = append(line, '\n')
	r.appends++
	compact := r.appends%compactEvery == 0
	return r.withLock(func() error {
		f, err := os.OpenFile(r.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		_, werr := f.Write(line)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil || !compact {
			return werr
		}
		b, err := os.ReadFile(r.path)
		if err != nil {
			return err
		}
		sent, next := parseRateLog(b, r.now(), r.window)
		return writeFileAtomic(r.path, formatRateLog(sent, next), 0o600, 0o700)
	})
}
