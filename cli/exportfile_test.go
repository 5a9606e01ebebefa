//go:build unix

package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/psnclient/psn-client/psnapi/psntest"
)

// Issue 14 #9: export replaced special files and symlinks (-o /dev/stdout replaced the link, -o
// link.csv the symlink) and wrote every file 0600. Now -o - is stdout, a special file or a symlink's
// target is written in place, a new file gets a new file's usual mode and an existing one keeps its.
func TestExportWritesWhereItIsTold(t *testing.T) {
	h := newHarness(t, psntest.Options{Titles: 5})
	h.login()
	if r := h.run("", "sync"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	want := h.run("", "export", "--format", "csv").stdout
	if !strings.HasPrefix(want, "npCommunicationId,") {
		t.Fatalf("export to stdout: %q", want)
	}
	dir := t.TempDir()
	export := func(out string) result {
		t.Helper()
		return h.run("", "export", "--format", "csv", "-o", out)
	}
	readFile := func(p string) string { b, _ := os.ReadFile(p); return string(b) }
	mode := func(p string) fs.FileMode {
		info, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		return info.Mode()
	}

	t.Run("dash is stdout", func(t *testing.T) {
		wd, _ := os.Getwd()
		os.Chdir(dir)
		defer os.Chdir(wd)
		if r := export("-"); r.code != 0 || r.stdout != want {
			t.Errorf("-o -: exit %d, %d bytes on stdout", r.code, len(r.stdout))
		}
		if _, err := os.Lstat(filepath.Join(dir, "-")); err == nil {
			t.Error(`-o - wrote a file named "-"`)
		}
	})
	t.Run("/dev/stdout is stdout", func(t *testing.T) {
		if r := export("/dev/stdout"); r.code != 0 || r.stdout != want {
			t.Errorf("-o /dev/stdout: exit %d, %d bytes on stdout: %s", r.code, len(r.stdout), r.stderr)
		}
	})
	t.Run("a new file gets the usual mode", func(t *testing.T) {
		ref := filepath.Join(dir, "reference")
		f, _ := os.Create(ref) // what any tool's new file gets under this umask
		f.Close()
		out := filepath.Join(dir, "new.csv")
		if r := export(out); r.code != 0 || readFile(out) != want || !strings.Contains(r.stderr, "to "+out) {
			t.Fatalf("-o new.csv: exit %d: %s", r.code, r.stderr)
		}
		if got := mode(out); got != mode(ref) {
			t.Errorf("new file mode %v, want %v as any new file", got, mode(ref))
		}
	})
	t.Run("an existing file keeps its mode", func(t *testing.T) {
		out := filepath.Join(dir, "old.csv")
		os.WriteFile(out, []byte("old"), 0o640)
		os.Chmod(out, 0o640)
		if r := export(out); r.code != 0 || readFile(out) != want {
			t.Fatalf("-o old.csv: exit %d: %s", r.code, r.stderr)
		}
		if got := mode(out); got != 0o640 {
			t.Errorf("existing file's mode became %v", got)
		}
	})
	t.Run("a symlink stays and its target is written", func(t *testing.T) {
		target := filepath.Join(dir, "real.csv")
		os.WriteFile(target, []byte("old"), 0o644)
		link := filepath.Join(dir, "link.csv")
		os.Symlink(target, link)
		if r := export(link); r.code != 0 {
			t.Fatalf("-o link.csv: %s", r.stderr)
		}
		if mode(link)&fs.ModeSymlink == 0 || readFile(target) != want {
			t.Errorf("link mode %v, target holds %d bytes", mode(link), len(readFile(target)))
		}
		dangling := filepath.Join(dir, "dangling.csv")
		os.Symlink(filepath.Join(dir, "created.csv"), dangling)
		if r := export(dangling); r.code != 0 || mode(dangling)&fs.ModeSymlink == 0 || readFile(filepath.Join(dir, "created.csv")) != want {
			t.Errorf("-o dangling link: exit %d, link mode %v: %s", r.code, mode(dangling), r.stderr)
		}
	})
	t.Run("a special file is written in place", func(t *testing.T) {
		null := filepath.Join(dir, "null-link")
		os.Symlink(os.DevNull, null)
		if r := export(null); r.code != 0 || mode(null)&fs.ModeSymlink == 0 {
			t.Errorf("-o link to /dev/null: exit %d, mode %v: %s", r.code, mode(null), r.stderr)
		}
		fifo := filepath.Join(dir, "fifo")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Skip(err)
		}
		// The test holds the FIFO open for reading and writing (so neither side's open waits), drains
		// it while export writes, and ends the stream with a sentinel of its own once export is done:
		// nothing can block, whether or not export writes into the FIFO.
		p, err := os.OpenFile(fifo, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		const sentinel = "\x00end of test\x00"
		got := make(chan string, 1)
		go func() {
			var b strings.Builder
			buf := make([]byte, 32<<10)
			for !strings.HasSuffix(b.String(), sentinel) {
				n, err := p.Read(buf)
				b.Write(buf[:n])
				if err != nil {
					break
				}
			}
			got <- strings.TrimSuffix(b.String(), sentinel)
		}()
		if res := export(fifo); res.code != 0 {
			t.Errorf("-o fifo: %s", res.stderr)
		}
		p.Write([]byte(sentinel))
		if s := <-got; s != want || mode(fifo)&fs.ModeNamedPipe == 0 {
			t.Errorf("through the FIFO: %d bytes, mode after %v", len(s), mode(fifo))
		}
	})
	t.Run("a directory is a one-line error", func(t *testing.T) {
		r := export(dir)
		if r.code != 1 || !strings.Contains(r.stderr, "is a directory") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("-o dir: exit %d, %q", r.code, r.stderr)
		}
		r = export(filepath.Join(dir, "no", "such", "dir", "x.csv"))
		if r.code != 1 || !strings.Contains(r.stderr, "cannot write "+filepath.Join(dir, "no")) || strings.Contains(r.stderr, "psn-client-") {
			t.Errorf("-o into a missing directory: exit %d, %q", r.code, r.stderr)
		}
	})
}
