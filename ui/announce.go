package ui

import (
	"context"
	"io"
	"os"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// announce rings the terminal bell (config bell) and sends a desktop notification (config notify):
// notify-send where main found one (Display.Notifier), started detached like the video player, else
// the terminal's OSC 9. Both are written to the terminal through termOutput, between frames. text is
// cleaned already; it is cleaned again, so nothing in it can end the OSC early or start another.
func announce(c *Common, out io.Writer, bell, notify bool, text string) tea.Cmd {
	if !bell && !notify {
		return nil
	}
	ctx, argv := context.WithoutCancel(c.Ctx), c.Display.Notifier
	text = truncate(clean(text), 200)
	return func() tea.Msg {
		var seq string
		if bell {
			seq += "\a"
		}
		if notify {
			// "--" ends notify-send's options: a trophy name starting with "-" stays text.
			if len(argv) == 0 || startDetached(ctx, append(append([]string{}, argv...), "--", "psn-client", text)) != nil {
				seq += ansi.Notify("psn-client: " + text)
			}
		}
		if seq != "" && out != nil {
			_, _ = io.WriteString(out, seq)
		}
		return nil
	}
}

// termOutput is the terminal Bubble Tea renders to, with one lock every write takes, so a bell or a
// notification written from a command never lands inside a frame. It keeps Read, Close and Fd, so
// Bubble Tea still knows it is a terminal (window size, raw mode).
type termOutput struct {
	mu sync.Mutex
	f  *os.File
}

func newTermOutput(f *os.File) *termOutput { return &termOutput{f: f} }

func (o *termOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.f.Write(p)
}

func (o *termOutput) WriteString(s string) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.f.WriteString(s)
}

func (o *termOutput) Read(p []byte) (int, error) { return o.f.Read(p) }
func (o *termOutput) Close() error               { return o.f.Close() }
func (o *termOutput) Fd() uintptr                { return o.f.Fd() }
