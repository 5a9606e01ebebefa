package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// CacheWriteError says a cache file could not be written (a full disk, a read-only directory, the
// cache directory replaced by a file, a file size limit). A fill stops at the first one: the answers
// of further requests could not be kept either, so sending them would only spend the budget.
type CacheWriteError struct {
	Path string
	Err  error
}

func (e *CacheWriteError) Error() string {
	return fmt.Sprintf("the cache cannot be written (%s): %v", e.Path, e.Err)
}

func (e *CacheWriteError) Unwrap() error { return e.Err }

// probeWritable writes and removes a small file in each directory a fill writes to, before the fill
// sends its first request, so an unwritable cache costs no request.
func probeWritable(dirs ...string) error {
	for _, dir := range dirs {
		if err := probeFileSizeLimit(dir); err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return &CacheWriteError{Path: dir, Err: err}
		}
		f, err := os.CreateTemp(dir, ".probe.tmp-*")
		if err != nil {
			return &CacheWriteError{Path: dir, Err: err}
		}
		name := f.Name()
		_, werr := f.Write([]byte("psn-client"))
		cerr := f.Close()
		os.Remove(name)
		if werr == nil {
			werr = cerr
		}
		if werr != nil {
			return &CacheWriteError{Path: filepath.Join(dir, filepath.Base(name)), Err: werr}
		}
	}
	return nil
}
