//go:build unix

package store

import (
	"fmt"
	"syscall"
)

// minFileSizeLimit is the smallest file size limit (ulimit -f) the cache can live with: its largest
// file, a 20,000-title list, is about 5 MB.
const minFileSizeLimit = 16 << 20

// probeFileSizeLimit fails when the process may not write files as large as the cache needs: every
// write past the limit would fail, after its request was spent.
func probeFileSizeLimit(dir string) error {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &r); err != nil || r.Cur >= minFileSizeLimit { // unlimited is the largest value
		return nil
	}
	return &CacheWriteError{Path: dir, Err: fmt.Errorf("the file size limit (ulimit -f) is %d bytes; the cache needs files of up to %d MB", r.Cur, minFileSizeLimit>>20)}
}
