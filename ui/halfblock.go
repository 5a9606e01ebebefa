package ui

import (
	"image"
	"strconv"
	"strings"

	"github.com/muesli/termenv"
)

// The half-block writer: a picture drawn with "▀", the upper pixel as the foreground colour and the
// lower one as the background, so one cell shows two pixels, one above the other (a terminal cell
// is about twice as tall as it is wide, so those pixels are about square). It works in every
// true-colour terminal, tmux included; a 256-colour profile gets the nearest palette colours; the
// 16-colour and Ascii profiles get no picture at all (Common.pictures).

// pictureAlign places a picture smaller than its box.
type pictureAlign int

const (
	alignCentre pictureAlign = iota // in the middle of the box (detail, avatars)
	alignLeft                       // at the left, centred vertically (headers: text follows it)
)

// halfBlocks draws img (at most cols × 2·rows pixels, as store.FitPicture scales it) as rows lines
// of exactly cols cells. A pixel less than half opaque shows the terminal's own background.
// Profiles other than TrueColor and ANSI256 draw nothing (nil).
func halfBlocks(img *image.RGBA, cols, rows int, align pictureAlign, p termenv.Profile) []string {
	if img == nil || cols <= 0 || rows <= 0 || p != termenv.TrueColor && p != termenv.ANSI256 {
		return nil
	}
	b := img.Bounds()
	w, h := min(b.Dx(), cols), min(b.Dy(), 2*rows)
	ox := (cols - w) / 2
	if align == alignLeft {
		ox = 0
	}
	oy := (2*rows - h) / 2
	pixel := func(x, y int) (rgb [3]uint8, ok bool) {
		x, y = x-ox, y-oy
		if x < 0 || y < 0 || x >= w || y >= h {
			return rgb, false
		}
		i := img.PixOffset(b.Min.X+x, b.Min.Y+y)
		px := img.Pix[i : i+4 : i+4]
		a := px[3]
		if a < 128 {
			return rgb, false
		}
		// RGBA is alpha-premultiplied: take the colour back out of a partly transparent pixel.
		for c := range 3 {
			rgb[c] = uint8(min(255, int(px[c])*255/int(a)))
		}
		return rgb, true
	}
	out := make([]string, rows)
	var sb strings.Builder
	for r := range rows {
		sb.Reset()
		var fg, bg string // the colours in effect ("" none)
		set := func(f, g string) {
			if f == fg && g == bg {
				return
			}
			if f == "" && fg != "" || g == "" && bg != "" {
				sb.WriteString("\x1b[0m")
				fg, bg = "", ""
			}
			if f != fg {
				sb.WriteString("\x1b[" + f + "m")
				fg = f
			}
			if g != bg {
				sb.WriteString("\x1b[" + g + "m")
				bg = g
			}
		}
		for x := range cols {
			top, okT := pixel(x, 2*r)
			bot, okB := pixel(x, 2*r+1)
			switch {
			case okT && okB:
				set(colorSeq(top, p, false), colorSeq(bot, p, true))
				sb.WriteString("▀")
			case okT:
				set(colorSeq(top, p, false), "")
				sb.WriteString("▀")
			case okB:
				set(colorSeq(bot, p, false), "")
				sb.WriteString("▄")
			default:
				set("", "")
				sb.WriteByte(' ')
			}
		}
		if fg != "" || bg != "" {
			sb.WriteString("\x1b[0m")
		}
		out[r] = sb.String()
	}
	return out
}

// colorSeq is the SGR parameters of a colour as the profile shows it: "38;2;r;g;b" in true colour,
// "38;5;n" (the nearest of the 256) otherwise; 48 for the background.
func colorSeq(c [3]uint8, p termenv.Profile, background bool) string {
	if p == termenv.TrueColor {
		lead := "38;2;"
		if background {
			lead = "48;2;"
		}
		return lead + strconv.Itoa(int(c[0])) + ";" + strconv.Itoa(int(c[1])) + ";" + strconv.Itoa(int(c[2]))
	}
	hex := "#" + hex2(c[0]) + hex2(c[1]) + hex2(c[2])
	return termenv.ANSI256.Color(hex).Sequence(background)
}

func hex2(b uint8) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}
