package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// exportOutput is where export writes (-o): stdout, a special file written in place, or a regular
// file written beside itself and renamed over it at the end, so a failed export leaves no half file.
type exportOutput struct {
	io.Writer
	name  string   // what the user named, for messages; "" for stdout
	f     *os.File // nil when writing to one of the run's own streams
	tmp   string   // the temp file renamed to final by commit; "" when written in place
	final string
}

// Names that mean one of the process's own streams: written to the stream itself, so
// `export -o /dev/stdout >> file` appends as the shell set it up instead of replacing the file.
var stdoutAliases = map[string]bool{"/dev/stdout": true, "/dev/fd/1": true, "/proc/self/fd/1": true}
var stderrAliases = map[string]bool{"/dev/stderr": true, "/dev/fd/2": true, "/proc/self/fd/2": true}

// openExportOutput opens path for export. "" and "-" are stdout. An existing special file (a
// terminal, a FIFO, /dev/null) is written in place, never replaced; a symlink is followed and its
// target written, so the link stays; an existing regular file is replaced atomically and keeps its
// mode; a new file gets the mode any new file gets (0666 less the umask: 0644 usually). A directory
// is an error.
func openExportOutput(env Env, path string) (*exportOutput, error) {
	switch {
	case path == "" || path == "-" || stdoutAliases[path]:
		return &exportOutput{Writer: env.Stdout}, nil
	case stderrAliases[path]:
		return &exportOutput{Writer: env.Stderr}, nil
	}
	fail := func(err error) error {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return userError{fmt.Sprintf("cannot write %s: %v", path, err)}
	}
	info, err := os.Stat(path) // follows symlinks
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if l, lerr := os.Lstat(path); lerr == nil && l.Mode()&fs.ModeSymlink != 0 {
			// A dangling symlink: create its target through it, and the link stays.
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
			if err != nil {
				return nil, fail(err)
			}
			return &exportOutput{Writer: f, name: path, f: f}, nil
		}
		return newAtomicOutput(path, path, nil)
	case err != nil:
		return nil, fail(err)
	case info.IsDir():
		return nil, userError{fmt.Sprintf("cannot write %s: it is a directory", path)}
	case !info.Mode().IsRegular():
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fail(err)
		}
		return &exportOutput{Writer: f, name: path, f: f}, nil
	}
	final, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, fail(err)
	}
	perm := info.Mode().Perm()
	return newAtomicOutput(path, final, &perm)
}

// newAtomicOutput creates a temp file beside final, with mode perm (nil: a new file's usual mode,
// which the umask decides).
func newAtomicOutput(name, final string, perm *fs.FileMode) (*exportOutput, error) {
	dir, base := filepath.Split(final)
	for range 100 {
		tmp := filepath.Join(dir, fmt.Sprintf(".%s.psn-client-%08x", base, rand.Uint32()))
		f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, userError{fmt.Sprintf("cannot write %s: %v", name, err)}
		}
		if perm != nil {
			if err := f.Chmod(*perm); err != nil {
				f.Close()
				os.Remove(tmp)
				return nil, userError{fmt.Sprintf("cannot write %s: %v", name, err)}
			}
		}
		return &exportOutput{Writer: f, name: name, f: f, tmp: tmp, final: final}, nil
	}
	return nil, userError{fmt.Sprintf("cannot write %s: no free temporary name beside it", name)}
}

// commit finishes the output: closes the file and renames the temp file into place.
func (o *exportOutput) commit() error {
	if o.f == nil {
		return nil
	}
	if err := o.f.Close(); err != nil {
		o.abort()
		return err
	}
	if o.tmp != "" {
		if err := os.Rename(o.tmp, o.final); err != nil {
			o.abort()
			return err
		}
		o.tmp = ""
	}
	return nil
}

// abort drops a temp file (after a failure); safe after commit.
func (o *exportOutput) abort() {
	if o.f != nil {
		o.f.Close()
	}
	if o.tmp != "" {
		os.Remove(o.tmp)
	}
}
