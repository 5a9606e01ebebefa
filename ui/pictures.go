package ui

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
	"github.com/psnclient/psn-client/psnapi"
)

// Pictures (issue 13): trophy icons in the trophy detail, the game's icon in a title's heading
// (groups and trophies), friends' avatars in the friends list. A view owns a picture for each place
// it shows one: the picture asks the store in a command (downloaded once and cached on disk by URL,
// outside Sony's request budget, decoded and scaled off the UI goroutine), and until it arrives the
// view draws a blank box of the same size, so the layout never moves and no frame waits. Drawn as
// half blocks (halfblock.go), or with the kitty graphics protocol (kitty.go) when config kitty is on
// and the terminal is kitty. Config pictures false, NO_COLOR, an Ascii or a 16-colour profile: no
// picture, nothing downloaded, and the views keep the layout they have without pictures.

// pictureLoadedMsg answers loadPicture: the picture's lines (nil when it could not be had).
type pictureLoadedMsg struct {
	id    uint64
	key   string
	lines []string
	kitty uint32 // the kitty image the lines place (0: half blocks)
	err   error
}

// picture is one picture of a view: its box (cols × rows cells) and its lines once they arrive.
type picture struct {
	url        string
	cols, rows int
	align      pictureAlign
	pend       uint64
	lines      []string
	kitty      uint32 // the kitty image shown (deleted when the view goes)
	failed     bool
}

// pictureKey names a picture drawn at a size: the same URL at another size is another picture.
func pictureKey(url string, cols, rows int, align pictureAlign) string {
	return strconv.Itoa(cols) + "x" + strconv.Itoa(rows) + "/" + strconv.Itoa(int(align)) + " " + url
}

// show asks for url in a box of cols × rows cells (0 cells, or pictures off: no box at all). It is a
// no-op when that is what the picture shows or waits for already; a half-block picture drawn
// before in this session is shown at once, without a command.
func (p *picture) show(c *Common, url string, cols, rows int, align pictureAlign) tea.Cmd {
	if !c.pictures || cols <= 0 || rows <= 0 {
		cols, rows, url = 0, 0, ""
	}
	url = clean(url)
	if url == p.url && cols == p.cols && rows == p.rows && align == p.align {
		return nil
	}
	old := p.kitty
	*p = picture{url: url, cols: cols, rows: rows, align: align}
	cmd := c.dropKitty(old)
	if url == "" || cols == 0 {
		return cmd
	}
	key := pictureKey(url, cols, rows, align)
	if lines, ok := c.picLines[key]; ok {
		p.lines = lines
		return cmd
	}
	p.pend = c.newID()
	return tea.Batch(cmd, loadPicture(c.env(), p.pend, key, url, cols, rows, align, c.Display.Profile, c.kittyOut()))
}

// hide drops the picture (its box too).
func (p *picture) hide(c *Common) tea.Cmd { return p.show(c, "", 0, 0, p.align) }

// update takes the picture's answer and reports whether it was this picture's.
func (p *picture) update(c *Common, m pictureLoadedMsg) bool {
	if m.id == 0 || m.id != p.pend {
		return false
	}
	p.pend = 0
	if m.err != nil || len(m.lines) != p.rows {
		p.failed = true
		return true
	}
	p.lines, p.kitty = m.lines, m.kitty
	if m.kitty == 0 {
		c.keepLines(m.key, m.lines)
	}
	return true
}

// line is row i of the picture, or of its blank box while it loads (or could not be had).
func (p *picture) line(i int) string {
	if i >= 0 && i < len(p.lines) {
		return p.lines[i]
	}
	return spaces(p.cols)
}

// on reports whether the picture takes room.
func (p *picture) on() bool { return p.cols > 0 && p.rows > 0 }

// picLinesMax bounds the session's drawn pictures kept for reuse (a screen of icons, many times).
const picLinesMax = 256

// keepLines remembers a drawn picture for this session (half blocks only: a kitty image belongs to
// the view that placed it).
func (c *Common) keepLines(key string, lines []string) {
	if c.picLines == nil || len(c.picLines) >= picLinesMax {
		c.picLines = map[string][]string{}
	}
	c.picLines[key] = lines
}

// picturesFor reports whether a terminal shows pictures: config pictures on, and a profile with at
// least 256 colours (NO_COLOR is Ascii).
func picturesFor(on bool, p termenv.Profile) bool {
	return on && (p == termenv.TrueColor || p == termenv.ANSI256)
}

// loadPicture gets the picture in a command: the store downloads it once (or reads it from its disk
// cache) and scales it; it is drawn here, off the UI goroutine. With kitty, the image is sent to the
// terminal from here and the lines are its placeholders.
func loadPicture(e env, id uint64, key, url string, cols, rows int, align pictureAlign, prof termenv.Profile, k *kittyOut) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		m := pictureLoadedMsg{id: id, key: key}
		if k != nil {
			img, err := e.lib.Picture(ctx, url, cols*kittyScale, rows*kittyScale)
			if err != nil {
				m.err = err
				return m
			}
			m.kitty, m.err = k.place(img, cols, rows)
			if m.err == nil {
				m.lines = kittyLines(m.kitty, cols, rows)
			}
			return m
		}
		img, err := e.lib.Picture(ctx, url, cols, rows)
		if err != nil {
			m.err = err
			return m
		}
		m.lines = halfBlocks(img, cols, rows, align, prof)
		return m
	}
}

// iconOf is the best picture URL of a title (its icon).
func iconOf(t psnapi.TrophyTitle) string { return t.TrophyTitleIconURL }

// picturer is a view that shows pictures: after every update the app asks the top view for the
// commands that bring its pictures in line with what it shows (nil when they are: picture.show
// is a no-op then), so no view has to find the moments its picture changes.
type picturer interface {
	pictureCmd() tea.Cmd
}

// A title's heading with the game's icon (groups and trophies views): the icon at the left, the
// heading's rule beside its first line.
const (
	headIconCols = 10
	headIconRows = 3
)

// headIconBox is the icon's box for a view of w × h cells: none when pictures are off or the view
// is too small to give three lines to a heading.
func headIconBox(c *Common, w, h int) (cols, rows int) {
	if !c.pictures || w < 60 || h < 14 {
		return 0, 0
	}
	return headIconCols, headIconRows
}

// headLines are the heading lines: the rule alone (" text ───") without an icon, else the icon's
// rows with the rule beside the first.
func headLines(c *Common, p *picture, text string, w int) []string {
	if !p.on() {
		return []string{" " + titledRule(c.Styles, text, w-2)}
	}
	out := make([]string, p.rows)
	for i := range out {
		out[i] = " " + p.line(i)
	}
	out[0] += " " + titledRule(c.Styles, text, max(1, w-p.cols-3))
	return out
}
