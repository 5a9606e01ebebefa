package store

import (
	"bytes"
	"cmp"
	"container/heap"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
)

// SearchOptions shape a Search.
type SearchOptions struct {
	// Limit keeps the first Limit matches (0: all). Total counts them all either way.
	Limit int
	// Reveal lets hidden trophies you have not earned match by their name and description; without
	// it they match only as "hidden trophy" (and by their title), as the browser shows them.
	Reveal bool
	// Title keeps only that title's trophies (an npCommunicationId); "" searches every title.
	Title string
}

// SearchResult is what a Search found, in title-list order (most recently played title first), each
// title's trophies in their order.
type SearchResult struct {
	Items    []HuntItem
	Total    int      // matches, Limit aside
	Coverage Coverage // how much of the library the cache (and so the search) covers
}

// Search finds the cached trophies of an account that match q (see Query), from the trophy index:
// no request, and about a byte scan of every trophy's folded text (a million trophies in well under
// 100 ms). Titles whose earned status is not cached are not searched (see Coverage).
func (l *Library) Search(account string, q Query, o SearchOptions) (SearchResult, error) {
	var res SearchResult
	err := l.searchEach(account, q, o, func(items []HuntItem) error {
		res.Items = append(res.Items, items...)
		return nil
	}, &res)
	return res, err
}

// SearchEach is Search handing the matches to fn a batch at a time instead of keeping them: a
// search matching a million trophies stays within a few MB (export-like uses). res.Items is empty.
func (l *Library) SearchEach(account string, q Query, o SearchOptions, fn func([]HuntItem) error) (SearchResult, error) {
	var res SearchResult
	err := l.searchEach(account, q, o, fn, &res)
	return res, err
}

const searchBatch = 512

func (l *Library) searchEach(account string, q Query, o SearchOptions, fn func([]HuntItem) error, res *SearchResult) error {
	called := false
	var fnErr error
	cov, err := l.indexed(account, func(ix *tindex) error {
		c := ix.compile(q, o.Title, o.Reveal)
		keys := newRefCollector(o.Limit)
		total := 0
		err := ix.scan(c, func(slot, ord uint32, _ recView) {
			total++
			keys.add(uint64(slot)<<32 | uint64(ord))
		})
		if err != nil {
			return err
		}
		refs := keys.sorted()
		res.Total = total
		for from := 0; from < len(refs); from += searchBatch {
			items, err := ix.items(refs[from:min(from+searchBatch, len(refs))])
			if err != nil {
				if called {
					return errStopRetry{err}
				}
				return err
			}
			called = true
			if fnErr = fn(items); fnErr != nil {
				return errStopRetry{fnErr}
			}
		}
		return nil
	})
	res.Coverage = cov
	var stop errStopRetry
	if errors.As(err, &stop) {
		return stop.err
	}
	return err
}

// errStopRetry carries an error that must not make withIndex run fn again (fn already handed out
// results).
type errStopRetry struct{ err error }

func (e errStopRetry) Error() string { return e.err.Error() }

// refCollector keeps the smallest limit (slot, ord) keys seen (all when limit is 0).
type refCollector struct {
	limit int
	keys  keyHeap
}

func newRefCollector(limit int) *refCollector { return &refCollector{limit: limit} }

func (c *refCollector) add(k uint64) {
	switch {
	case c.limit <= 0 || len(c.keys) < c.limit:
		if c.limit > 0 {
			heap.Push(&c.keys, k)
		} else {
			c.keys = append(c.keys, k)
		}
	case k < c.keys[0]:
		c.keys[0] = k
		heap.Fix(&c.keys, 0)
	}
}

func (c *refCollector) sorted() []tref {
	slices.Sort(c.keys)
	out := make([]tref, len(c.keys))
	for i, k := range c.keys {
		out[i] = tref{slot: uint32(k >> 32), ord: uint32(k)}
	}
	return out
}

// keyHeap is a max-heap (the largest kept key on top, replaced by a smaller one).
type keyHeap []uint64

func (h keyHeap) Len() int           { return len(h) }
func (h keyHeap) Less(i, j int) bool { return h[i] > h[j] }
func (h keyHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *keyHeap) Push(x any)        { *h = append(*h, x.(uint64)) }
func (h *keyHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// recView is what a query's record terms look at, from a .fix record or a list entry.
type recView struct {
	grade, flags, tier uint8
	rate               uint16
	at                 int64
	progress, target   uint32 // from a .fix record only
}

func (r fixRec) view() recView {
	return recView{grade: r.grade(), flags: r.flags(), tier: r.tier(), rate: r.rate(), at: r.at(), progress: r.progress(), target: r.target()}
}

// compiled is a query ready to run on one index.
type compiled struct {
	slotOK     []bool   // the title passes the title terms (and has trophies here)
	titleWords []uint64 // per slot: bit w when word w is in the title's name
	words      []cword
	driver     int // a positive word whose hits are found chunk-wise; -1 none
	recTerms   []qterm
	reveal     bool
}

type cword struct {
	w      []byte
	neg    bool
	anchor int // the position of the word's rarest byte, which searches look for first
	pair   int // when >= 0, searches look for the pair of bytes there instead (search_pair.go)
}

// byteFreq is roughly how often a byte occurs in folded text, per thousand (English letter
// frequencies; digits rarer, non-ASCII bytes rarest): a search looks for a word's rarest byte and
// checks the rest around it, so "dragon" runs at the speed of its g, not of its d.
var byteFreq = func() (f [256]uint16) {
	for i := range f {
		f[i] = 1
	}
	for i, n := range []uint16{82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24, 67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1} {
		f['a'+i] = n
	}
	for c := '0'; c <= '9'; c++ {
		f[c] = 6
	}
	f[' '] = 180
	return f
}()

func newCword(w []byte, neg bool) cword {
	a := 0
	for i, c := range w {
		if byteFreq[c] < byteFreq[w[a]] {
			a = i
		}
	}
	return cword{w: w, neg: neg, anchor: a, pair: -1}
}

// index is bytes.Index(s, w.w), anchored on the word's rarest byte.
func (w *cword) index(s []byte) int {
	if w.pair >= 0 {
		return w.indexPair(s)
	}
	c, k, n := w.w[w.anchor], w.anchor, len(w.w)
	for i := k; i < len(s); {
		j := bytes.IndexByte(s[i:], c)
		if j < 0 {
			return -1
		}
		p := i + j - k
		if p+n <= len(s) && bytes.Equal(s[p:p+n], w.w) {
			return p
		}
		i += j + 1
	}
	return -1
}

// count counts the word's occurrences in s (to pick the rarest word of a query as the driver).
func (w *cword) count(s []byte) int {
	n := 0
	for {
		i := w.index(s)
		if i < 0 {
			return n
		}
		n++
		s = s[i+len(w.w):]
	}
}

// hiddenText is what a hidden trophy you have not earned matches as, until it is revealed.
var hiddenText = []byte("hidden trophy")

func (ix *tindex) compile(q Query, title string, reveal bool) *compiled {
	n := len(ix.m.slots)
	c := &compiled{slotOK: make([]bool, n), driver: -1, reveal: reveal}
	var titleTerms []qterm
	for _, t := range q.terms {
		switch t.kind {
		case qWord:
			c.words = append(c.words, newCword(t.word, t.neg))
		case qTitle, qPlatform:
			titleTerms = append(titleTerms, t)
		default:
			c.recTerms = append(c.recTerms, t)
		}
	}
	for i, w := range c.words {
		if !w.neg && (c.driver < 0 || len(w.w) > len(c.words[c.driver].w)) {
			c.driver = i
		}
	}
	if len(c.words) > 0 {
		c.titleWords = make([]uint64, n)
	}
	title = strings.ToUpper(strings.TrimSpace(title))
	for i := range ix.m.slots {
		s := &ix.m.slots[i]
		ok := s.seg >= 0 && (title == "" || s.id == title)
		for _, t := range titleTerms {
			var m bool
			if t.kind == qPlatform {
				m = s.plat&t.set != 0
			} else {
				m = s.id == t.id || bytes.Contains(s.folded, t.word)
			}
			ok = ok && m != t.neg
		}
		c.slotOK[i] = ok
		if ok {
			for w, cw := range c.words {
				if bytes.Contains(s.folded, cw.w) {
					c.titleWords[i] |= 1 << w
				}
			}
		}
	}
	return c
}

func (c *compiled) needText() bool { return len(c.words) > 0 }

// recOK applies the record terms.
func (c *compiled) recOK(r recView) bool {
	for i := range c.recTerms {
		if matchRec(&c.recTerms[i], r) == c.recTerms[i].neg {
			return false
		}
	}
	return true
}

func matchRec(t *qterm, r recView) bool {
	switch t.kind {
	case qGrade:
		return t.set&(1<<r.grade) != 0
	case qTier:
		return r.tier != tierUnknown && t.set&(1<<r.tier) != 0
	case qRate:
		if r.rate == rateUnknown {
			return false
		}
		switch t.op {
		case '<':
			return r.rate < t.rate
		case 'l':
			return r.rate <= t.rate
		case '>':
			return r.rate > t.rate
		case 'g':
			return r.rate >= t.rate
		}
		return r.rate == t.rate
	case qEarned:
		return r.flags&fixKnown != 0 && r.flags&fixEarned != 0
	case qUnearned:
		return r.flags&fixKnown != 0 && r.flags&fixEarned == 0
	case qHidden:
		return r.flags&fixHidden != 0
	case qHelp:
		return r.flags&fixHelp != 0
	case qProgress:
		return r.flags&fixProgress != 0
	case qEarnedAt:
		return r.flags&fixDated != 0 && r.at >= t.from && r.at < t.to
	}
	return false
}

// scanChunk is how many .fix records a scan reads at a time (and their text with them).
const scanChunk = 16384

// scan visits every trophy of the index that matches c, segment by segment, checking each section
// it reads against its checksum (a mismatch is errTixCorrupt, and the caller's results are void).
func (ix *tindex) scan(c *compiled, visit func(slot, ord uint32, r recView)) error {
	locals := make([][]int32, len(ix.m.segs))
	for i := range ix.m.slots {
		s := &ix.m.slots[i]
		if s.seg < 0 || !c.slotOK[i] {
			continue
		}
		if locals[s.seg] == nil {
			locals[s.seg] = make([]int32, ix.m.segs[s.seg].titles)
			for j := range locals[s.seg] {
				locals[s.seg][j] = -1
			}
		}
		locals[s.seg][s.local] = int32(i)
	}
	for si := range ix.m.segs {
		if locals[si] == nil {
			continue
		}
		sr, err := ix.seg(int32(si))
		if err != nil {
			return err
		}
		if err := ix.scanSeg(c, sr, locals[si], visit); err != nil {
			return err
		}
	}
	return nil
}

// getChunk returns a chunk's buffers, from an earlier scan when the collector has not taken them
// (a search reuses the last one's 4 MB instead of asking the runtime for them again).
func (l *Library) getChunk() *chunk {
	if c, ok := l.chunks.Get().(*chunk); ok {
		return c
	}
	return &chunk{fix: make([]byte, scanChunk*fixSize)}
}

// chunk is a run of a segment's records and their text, read and checksummed.
type chunk struct {
	fix      []byte
	txt      []byte
	done     uint64 // index of the first record
	txtStart uint64 // offset of txt[0] in the text section
	txtEnd   uint64
}

// readChunks reads a segment's records (and their text when withText) a chunk at a time into the
// two buffers of free, checking the sections' checksums at the end, and sends them to full; it
// stops when stop closes. Reading and checksumming thus overlap the matching, on another core.
// checkFix and checkTxt say which sections to checksum (a Library checks each once: tix_verified.go).
func readChunks(sr *segReader, withText, checkFix, checkTxt bool, free, full chan *chunk, stop <-chan struct{}) error {
	defer close(full)
	corrupt := func(why string) error {
		return fmt.Errorf("%w: segment %016x: %s", errTixCorrupt, sr.seg.id, why)
	}
	fixSec, txtSec := sr.fix.secs[0], sr.txt.secs[0]
	var fixCRC, txtCRC uint32
	txtPos := uint64(0)
	for done := uint64(0); done < sr.seg.recs; {
		var ch *chunk
		select {
		case ch = <-free:
		case <-stop:
			return nil
		}
		n := min(uint64(scanChunk), sr.seg.recs-done)
		ch.fix = ch.fix[:n*fixSize]
		if err := readFull(sr.fix.f, ch.fix, int64(fixSec.off+done*fixSize)); err != nil {
			return corrupt(err.Error())
		}
		if checkFix {
			fixCRC = crc32.Update(fixCRC, castagnoli, ch.fix)
		}
		ch.done, ch.txtStart, ch.txtEnd = done, txtPos, txtPos
		if withText {
			last := fixRec(ch.fix[(n-1)*fixSize:])
			end := uint64(last.txtOff()) + uint64(last.txtLen()) + 1
			if end < txtPos || end > txtSec.len {
				return corrupt("text offsets out of order")
			}
			if uint64(cap(ch.txt)) < end-txtPos {
				ch.txt = make([]byte, end-txtPos, (end-txtPos)*5/4)
			}
			ch.txt = ch.txt[:end-txtPos]
			if err := readFull(sr.txt.f, ch.txt, int64(txtSec.off+txtPos)); err != nil {
				return corrupt(err.Error())
			}
			if checkTxt {
				txtCRC = crc32.Update(txtCRC, castagnoli, ch.txt)
			}
			txtPos, ch.txtEnd = end, end
		}
		select {
		case full <- ch:
		case <-stop:
			return nil
		}
		done += n
	}
	if checkFix && fixCRC != fixSec.crc {
		return corrupt("records checksum mismatch")
	}
	if withText && (txtPos != txtSec.len || checkTxt && txtCRC != txtSec.crc) {
		return corrupt("text checksum mismatch")
	}
	return nil
}

func (ix *tindex) scanSeg(c *compiled, sr *segReader, locals []int32, visit func(slot, ord uint32, r recView)) error {
	corrupt := func(why string) error {
		return fmt.Errorf("%w: segment %016x: %s", errTixCorrupt, sr.seg.id, why)
	}
	withText := c.needText()
	free, full := make(chan *chunk, 2), make(chan *chunk, 2)
	var bufs [2]*chunk
	for i := range bufs {
		bufs[i] = ix.l.getChunk()
		free <- bufs[i]
	}
	defer func() { // both goroutines are done with them once scanSeg returns
		for _, b := range bufs {
			ix.l.chunks.Put(b)
		}
	}()
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	checkFix, checkTxt := !ix.l.checked(sr.fix), withText && !ix.l.checked(sr.txt)
	go func() { readErr <- readChunks(sr, withText, checkFix, checkTxt, free, full, stop) }()
	err := ix.matchChunks(c, locals, withText, free, full, visit, corrupt)
	if err != nil {
		close(stop)
		for range full { // let the reader finish
		}
		<-readErr
		return err
	}
	if err := <-readErr; err != nil {
		return err
	}
	if checkFix {
		ix.l.markChecked(sr.fix)
	}
	if checkTxt {
		ix.l.markChecked(sr.txt)
	}
	return nil
}

// matchChunks applies c to the chunks readChunks sends, handing each back when done.
func (ix *tindex) matchChunks(c *compiled, locals []int32, withText bool, free, full chan *chunk,
	visit func(slot, ord uint32, r recView), corrupt func(string) error) error {
	driver := c.driver
	first := true
	for ch := range full {
		b, txt := ch.fix, ch.txt
		n := uint64(len(b) / fixSize)
		if withText && first {
			for i := range c.words {
				c.words[i].tune(txt)
			}
			driver = c.pickDriver(txt)
		}
		first = false
		hit := -1 // next occurrence of the driver word in txt at or after the current record
		for k := uint64(0); k < n; k++ {
			r := fixRec(b[k*fixSize : (k+1)*fixSize])
			local := r.local()
			if uint64(local) >= uint64(len(locals)) {
				return corrupt("a trophy of no title")
			}
			slot := locals[local]
			if slot < 0 {
				continue
			}
			s := &ix.m.slots[slot]
			idx := ch.done + k
			if idx < uint64(s.fixStart) || idx >= uint64(s.fixStart)+uint64(s.count) {
				return corrupt("a trophy outside its title")
			}
			flags := r.flags()
			var text []byte
			if withText {
				o := uint64(r.txtOff())
				if o < ch.txtStart || o+uint64(r.txtLen()) > ch.txtEnd {
					return corrupt("a trophy's text lies outside its chunk")
				}
				rel := int(o - ch.txtStart)
				text = txt[rel : rel+int(r.txtLen())]
				masked := flags&fixHidden != 0 && flags&fixEarned == 0 && !c.reveal
				if driver >= 0 && c.titleWords[slot]&(1<<driver) == 0 {
					var found bool
					if masked {
						found = bytes.Contains(hiddenText, c.words[driver].w)
					} else {
						if hit < rel {
							if j := c.words[driver].index(txt[rel:]); j >= 0 {
								hit = rel + j
							} else {
								hit = len(txt)
							}
						}
						found = hit < rel+len(text)
					}
					if !found {
						continue
					}
				}
				if masked {
					text = hiddenText
				}
			}
			v := r.view() // after the driver word: most records never need it
			if !c.recOK(v) {
				continue
			}
			if withText && !c.wordsOK(text, c.titleWords[slot], driver) {
				continue
			}
			visit(uint32(slot), uint32(idx-uint64(s.fixStart)), v)
		}
		free <- ch
	}
	return nil
}

// pickDriver chooses, from a segment's first chunk of text, the positive word found least often:
// the scan looks for it through the whole text and checks the others only where it is.
func (c *compiled) pickDriver(sample []byte) int {
	driver, fewest := c.driver, -1
	positive := 0
	for _, w := range c.words {
		if !w.neg {
			positive++
		}
	}
	if positive < 2 {
		return driver
	}
	for i := range c.words {
		if w := &c.words[i]; !w.neg {
			if n := w.count(sample); fewest < 0 || n < fewest {
				driver, fewest = i, n
			}
		}
	}
	return driver
}

// wordsOK applies the words other than the driver (already checked) to a trophy's text.
func (c *compiled) wordsOK(text []byte, inTitle uint64, driver int) bool {
	for i := range c.words {
		w := &c.words[i]
		if i == driver {
			continue
		}
		found := inTitle&(1<<i) != 0 || w.index(text) >= 0
		if found == w.neg {
			return false
		}
	}
	return true
}

// HuntOptions shape next to hunt.
type HuntOptions struct {
	Query  Query  // the search language; it must not ask for earned trophies (a *QueryError)
	Title  string // only this title (an npCommunicationId); "" every title
	Limit  int    // keep the first Limit (0: all)
	Reveal bool   // hidden trophies match words by their name and description (see SearchOptions)
}

// HuntResult is next to hunt: unearned trophies, easiest first.
type HuntResult struct {
	Items    []HuntItem
	Total    int // matches, Limit aside
	Coverage Coverage
}

// Hunt lists the account's unearned trophies across the cached titles, easiest first: by earned
// rate, highest first, except that a PS5 progress trophy you have started ranks by the share of it
// you have done when that is higher (45/50 ranks with trophies 90% of players have); then by title
// and trophy order. Hidden trophies are included with their TrophyHidden flag. From the trophy
// index: no request, and without words in the query it reads only the pre-sorted list up to Limit
// matches (milliseconds on a million trophies).
func (l *Library) Hunt(account string, o HuntOptions) (HuntResult, error) {
	var res HuntResult
	if err := o.Query.unearnedOnly(); err != nil {
		return res, err
	}
	cov, err := l.indexed(account, func(ix *tindex) error {
		c := ix.compile(o.Query, o.Title, o.Reveal)
		var refs []tref
		total := 0
		if c.needText() {
			var found []huntEntry
			err := ix.scan(c, func(slot, ord uint32, v recView) {
				if v.flags&fixKnown == 0 || v.flags&fixEarned != 0 {
					return
				}
				found = append(found, huntEntry{slot: slot, ord: ord, rate: v.rate, key: huntKey(v.rate, v.progress, v.target)})
			})
			if err != nil {
				return err
			}
			slices.SortFunc(found, func(a, b huntEntry) int {
				return cmp.Or(cmp.Compare(b.key, a.key), cmp.Compare(huntRate(b.rate), huntRate(a.rate)),
					strings.Compare(ix.m.slots[a.slot].id, ix.m.slots[b.slot].id), cmp.Compare(a.ord, b.ord))
			})
			total = len(found)
			for _, h := range found[:limitOf(o.Limit, len(found))] {
				refs = append(refs, tref{h.slot, h.ord})
			}
		} else {
			err := ix.eachEntry(1, func(_ int, run []byte) error {
				for k := range len(run) / huntEntrySize {
					h := huntEntryAt(run, k)
					if int(h.slot) >= len(c.slotOK) {
						return fmt.Errorf("%w: the hunt list names no title", errTixCorrupt)
					}
					if !c.slotOK[h.slot] || !c.recOK(recView{grade: h.grade, flags: h.flags, tier: h.tier, rate: h.rate}) {
						continue
					}
					total++
					if o.Limit <= 0 || len(refs) < o.Limit {
						refs = append(refs, tref{h.slot, h.ord})
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		items, err := ix.items(refs)
		res.Items, res.Total = items, total
		return err
	})
	res.Coverage = cov
	return res, err
}

func limitOf(limit, n int) int {
	if limit <= 0 || limit > n {
		return n
	}
	return limit
}

// Next returns every unearned trophy of the account's cached titles, easiest first (see Hunt).
// Zero requests: it reads only the cache (run Sync first).
func (l *Library) Next(account string) ([]HuntItem, error) { return l.NextN(account, 0) }

// NextN is Next keeping only the first limit items (0 = all); it reads only those items' titles.
func (l *Library) NextN(account string, limit int) ([]HuntItem, error) {
	r, err := l.Hunt(account, HuntOptions{Limit: limit})
	return r.Items, err
}
