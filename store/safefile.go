package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Size caps of the files the store reads: far above anything psn-client writes, far below what would
// hurt. A file above its cap is refused unread, so a huge or endless file costs nothing.
const (
	maxConfigSize      = 1 << 20   // config.json: a few hundred bytes in practice
	maxCredentialsSize = 1 << 20   // credentials.json: two JWTs, a few KB
	maxRecordSize      = 256 << 20 // a cache record: 20,000 titles are 4.6 MB
)

// errOddFile marks a file the store refused to read: not a regular file (a FIFO, a device, a
// directory, a socket) or larger than its kind's cap. Callers keep such files as they are.
var errOddFile = errors.New("not a file psn-client reads")

// oddFileError says what the file is and why it was not read; it matches errOddFile.
type oddFileError struct {
	path   string
	reason string
}

func (e *oddFileError) Error() string        { return e.path + " " + e.reason }
func (e *oddFileError) Is(target error) bool { return target == errOddFile }

// readFileSafe reads path when it is a regular file (a symlink to one is fine) of at most limit bytes.
// The open never blocks (O_NONBLOCK: a FIFO without a writer would block open(2) forever, deaf to
// Ctrl-C); the type is checked on the open descriptor, so a file swapped in between cannot slip
// through; and the read stops at limit even if the file grows meanwhile. A missing file is an error
// matching fs.ErrNotExist; a refused one matches errOddFile.
func readFileSafe(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|openNonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &oddFileError{path: path, reason: "is " + describeMode(info.Mode()) + ", not a regular file"}
	}
	if info.Size() > limit {
		return nil, &oddFileError{path: path, reason: fmt.Sprintf("is %s, more than the %s a file of its kind can be",
			byteSize(info.Size()), byteSize(limit))}
	}
	// Read like os.ReadFile (one allocation when the size is right), through a limit in case the
	// file grows while it is read.
	r := io.LimitReader(f, limit+1)
	b := make([]byte, 0, info.Size()+512)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(b)) > limit {
		return nil, &oddFileError{path: path, reason: fmt.Sprintf("grew past the %s a file of its kind can be", byteSize(limit))}
	}
	return b, nil
}

// describeMode names a file type the way a person would.
func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// byteSize prints a size for people: 512 B, 64 KB, 3.1 MB, 24 GB.
func byteSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	format := "%.1f %cB"
	if v >= 10 || v == float64(int64(v)) {
		format = "%.0f %cB"
	}
	return fmt.Sprintf(format, v, "kMGTPE"[exp])
}
