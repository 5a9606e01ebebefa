package ui

import (
	"bytes"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi/kitty"
	"github.com/muesli/termenv"
)

// A 2×4 picture in a 3×2 box: every cell is exactly one column (the box keeps its width), the
// upper pixel is the foreground of "▀", the lower the background; a transparent pixel shows the
// terminal's own background; 256 colours get palette colours; Ascii and 16 colours get nothing.
func TestHalfBlocks(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 2, 4))
	for y := range 4 {
		for x := range 2 {
			img.SetRGBA(x, y, color.RGBA{R: uint8(100 * x), G: uint8(50 * y), B: 200, A: 255})
		}
	}
	img.SetRGBA(1, 3, color.RGBA{}) // transparent: its cell shows only the upper pixel
	lines := halfBlocks(img, 3, 2, alignLeft, termenv.TrueColor)
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines {
		if w := width(l); w != 3 {
			t.Fatalf("line %d is %d cells: %q", i, w, l)
		}
	}
	if !strings.HasPrefix(lines[0], "\x1b[38;2;0;0;200m\x1b[48;2;0;50;200m▀") {
		t.Fatalf("first cell: %q", lines[0])
	}
	if !strings.Contains(lines[1], "\x1b[0m\x1b[38;2;100;100;200m▀") || !strings.HasSuffix(lines[1], " \x1b[0m") && !strings.HasSuffix(lines[1], " ") {
		t.Fatalf("a transparent lower pixel, then the empty column: %q", lines[1])
	}
	if c := halfBlocks(img, 3, 2, alignCentre, termenv.ANSI256); len(c) != 2 || !strings.Contains(c[0], "38;5;") {
		t.Fatalf("256 colours: %q", c)
	}
	for _, p := range []termenv.Profile{termenv.Ascii, termenv.ANSI} {
		if got := halfBlocks(img, 3, 2, alignLeft, p); got != nil {
			t.Fatalf("profile %v drew %q", p, got)
		}
	}
	if !picturesFor(true, termenv.TrueColor) || !picturesFor(true, termenv.ANSI256) || picturesFor(true, termenv.ANSI) ||
		picturesFor(true, termenv.Ascii) || picturesFor(false, termenv.TrueColor) {
		t.Fatal("pictures on for the wrong profiles")
	}
}

// Kitty: the image goes to the terminal once as a PNG with a virtual placement of its box; the
// view draws the box with Unicode placeholders carrying the image id; the image is deleted when
// its view goes, and every image left when the program ends. Only in kitty itself, never in tmux.
func TestKitty(t *testing.T) {
	var out bytes.Buffer
	k := newKittyOut(&out)
	img := image.NewRGBA(image.Rect(0, 0, 20, 20))
	id, err := k.place(img, 4, 2)
	if err != nil || id == 0 {
		t.Fatal(id, err)
	}
	sent := out.String()
	if !strings.HasPrefix(sent, "\x1b_G") || !strings.Contains(sent, "U=1") || !strings.Contains(sent, "f=100") {
		t.Fatalf("not a kitty transmit and virtual placement: %q", sent)
	}
	lines := kittyLines(id, 4, 2)
	if len(lines) != 2 || strings.Count(lines[1], string(kitty.Placeholder)) != 4 {
		t.Fatalf("placeholders: %q", lines)
	}
	out.Reset()
	k.remove(nil)
	if !strings.Contains(out.String(), "a=d") || !strings.Contains(out.String(), "d=I") {
		t.Fatalf("no delete at the end: %q", out.String())
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if !KittyTerminal(env(map[string]string{"TERM": "xterm-kitty"})) || KittyTerminal(env(map[string]string{"TERM": "xterm-kitty", "TMUX": "/tmp/t"})) ||
		KittyTerminal(env(map[string]string{"TERM": "screen-256color", "KITTY_WINDOW_ID": "1"})) || KittyTerminal(env(map[string]string{"TERM": "xterm-256color"})) {
		t.Fatal("KittyTerminal")
	}
}
