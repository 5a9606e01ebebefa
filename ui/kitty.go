package ui

import (
	"bytes"
	"image"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"
)

// The kitty graphics protocol, for terminals that speak it (config kitty: true, opt-in). An image is
// sent to the terminal once, from the command that loaded it, through the locked terminal writer
// (announce.go's termOutput, so it never lands inside a frame), with a virtual placement of its box;
// the view then draws the box with kitty's Unicode placeholders (U+10EEEE, the row and column as
// diacritics, the image id as the foreground colour). The placeholders are text to Bubble Tea: a
// frame is diffed and cut like any other, and no cursor is moved behind its back. An image is
// deleted from the terminal when the view that placed it goes (or shows another picture there),
// and every image left when the program ends.

// kittyScale is how many pixels a cell's picture gets each way when the terminal scales it itself
// (kitty fits the image to the box, aspect kept): sharp at any font size without sending much.
const kittyScale = 10

// KittyTerminal reports whether the environment is a kitty terminal that can show images: TERM is
// xterm-kitty or KITTY_WINDOW_ID is set, and not inside tmux (which does not pass the protocol on;
// half blocks work there). main calls it before the program starts; config kitty decides whether it
// is used.
func KittyTerminal(getenv func(string) string) bool {
	if getenv("TMUX") != "" || strings.HasPrefix(getenv("TERM"), "screen") || strings.HasPrefix(getenv("TERM"), "tmux") {
		return false
	}
	return getenv("TERM") == "xterm-kitty" || getenv("KITTY_WINDOW_ID") != ""
}

// kittyOut writes images to the terminal. Its methods are safe from commands.
type kittyOut struct {
	w    io.Writer
	next atomic.Uint32
	mu   sync.Mutex
	live map[uint32]bool // images sent and not deleted yet
}

// kittyBase starts the image ids (kept below 2^24, the placeholders' colour holds them).
const kittyBase = 0x50_5300

func newKittyOut(w io.Writer) *kittyOut { return &kittyOut{w: w} }

// kittyOut is the terminal's kitty writer, nil when pictures are drawn with half blocks.
func (c *Common) kittyOut() *kittyOut { return c.kitty }

// place sends img to the terminal under a new id, with a virtual placement of cols × rows cells,
// in one write.
func (k *kittyOut) place(img image.Image, cols, rows int) (uint32, error) {
	id := kittyBase + k.next.Add(1)%(1<<23)
	var b bytes.Buffer
	err := kitty.EncodeGraphics(&b, img, &kitty.Options{Action: kitty.Transmit, ID: int(id), Format: kitty.PNG,
		Quiet: 2, Chunk: true, Transmission: kitty.Direct})
	if err != nil {
		return 0, err
	}
	put := kitty.Options{Action: kitty.Put, ID: int(id), VirtualPlacement: true, Columns: cols, Rows: rows, Quiet: 2}
	b.WriteString(ansi.KittyGraphics(nil, put.Options()...))
	if _, err := k.w.Write(b.Bytes()); err != nil {
		return 0, err
	}
	k.mu.Lock()
	if k.live == nil {
		k.live = map[uint32]bool{}
	}
	k.live[id] = true
	k.mu.Unlock()
	return id, nil
}

// remove deletes images from the terminal (all that are left when ids is nil: the program ends).
func (k *kittyOut) remove(ids []uint32) {
	k.mu.Lock()
	if ids == nil {
		for id := range k.live {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		delete(k.live, id)
	}
	k.mu.Unlock()
	if len(ids) > 0 {
		_, _ = io.WriteString(k.w, deleteSeq(ids...))
	}
}

// deleteSeq removes images and their data from the terminal.
func deleteSeq(ids ...uint32) string {
	var b strings.Builder
	for _, id := range ids {
		o := kitty.Options{Action: kitty.Delete, Delete: kitty.DeleteID, DeleteResources: true, ID: int(id), Quiet: 2}
		b.WriteString(ansi.KittyGraphics(nil, o.Options()...))
	}
	return b.String()
}

// dropKitty deletes images from the terminal, in a command (nothing for half blocks).
func (c *Common) dropKitty(ids ...uint32) tea.Cmd {
	var live []uint32
	for _, id := range ids {
		if id != 0 {
			live = append(live, id)
		}
	}
	if len(live) == 0 || c.kitty == nil {
		return nil
	}
	k := c.kitty
	return func() tea.Msg {
		k.remove(live)
		return nil
	}
}

// kittyLines are the placeholder cells of image id in a box of cols × rows: each cell names its
// row and column with diacritics, the image with the foreground colour.
func kittyLines(id uint32, cols, rows int) []string {
	fg := "\x1b[38;2;" + strconv.Itoa(int(id>>16&0xff)) + ";" + strconv.Itoa(int(id>>8&0xff)) + ";" + strconv.Itoa(int(id&0xff)) + "m"
	out := make([]string, rows)
	var b strings.Builder
	for r := range rows {
		b.Reset()
		b.WriteString(fg)
		for col := range cols {
			b.WriteRune(kitty.Placeholder)
			b.WriteRune(kitty.Diacritic(r))
			b.WriteRune(kitty.Diacritic(col))
		}
		b.WriteString("\x1b[39m")
		out[r] = b.String()
	}
	return out
}

// pictureOwner is a view that shows pictures: when it leaves the stack, its kitty images go.
type pictureOwner interface {
	kittyImages() []uint32
}

// dropped is called for the views that left the stack: their kitty images are deleted and the work
// still running for them (a stream of names or rows) is stopped, in commands.
func (m *Model) dropped(vs ...view) tea.Cmd {
	var ids []uint32
	var cmds []tea.Cmd
	for _, v := range vs {
		if o, ok := v.(pictureOwner); ok {
			ids = append(ids, o.kittyImages()...)
		}
		if s, ok := v.(stopper); ok {
			cmds = append(cmds, s.stop())
		}
	}
	return tea.Batch(append(cmds, m.c.dropKitty(ids...))...)
}

// stopper is a view with work running for it (a stream of names or rows): its stop returns the
// command that ends that work (a store.Stream's Stop waits for the work, so never in Update).
type stopper interface {
	stop() tea.Cmd
}
