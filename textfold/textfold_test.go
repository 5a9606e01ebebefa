package textfold

import (
	"strings"
	"testing"
)

// TestRule: the one matching rule (issue 12 #1), for every caller.
func TestRule(t *testing.T) {
	f := New()
	for _, c := range []struct{ text, query string }{
		{"Sackboy™: A Big Adventure", "sackboy a big"},
		{"ASTRO’s PLAYROOM", "astro's"},
		{"ASTRO’s PLAYROOM", "ASTROS"},
		{"Kestrel’s “Night Run”", "kestrel's \"night run\""},
		{"Pokémon Café Mix", "POKEMON CAFE"},
		{"F1® 23", "f1 23"},
		{"Ｆｕｌｌ－ｗｉｄｔｈ Ｔｉｔｌｅ", "fullwidth title"},
		{"Ratchet & Clank", "ratchet clank"},
		{"Silent  Oracle:\n Remastered", "silent oracle remastered"},
		{"ゼノブレイド 決定版", "ゼノ"},
	} {
		if !strings.Contains(f.Fold(c.text), f.Fold(c.query)) {
			t.Errorf("%q does not find %q (%q, %q)", c.query, c.text, f.Fold(c.query), f.Fold(c.text))
		}
		if Fold(c.text) != f.Fold(c.text) || string(f.Append([]byte("x"), c.text)) != "x"+f.Fold(c.text) {
			t.Errorf("Fold, Folder.Fold and Append disagree on %q", c.text)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"already folded", "already folded"},
		{"  Spaced   OUT  ", "spaced out"},
		{"?!", ""},
		{"A\x00B", "ab"},
		{"\x1b[31mRED\x1b[0m\x01\u202e", "31mred0m"},
	} {
		if got := f.Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestKeysHoldNoControlCharacters: the trophy index separates keys with control characters.
func TestKeysHoldNoControlCharacters(t *testing.T) {
	for _, s := range []string{"a\x00b\x01c\nd", "Ｗ\x1b[1m\u0085\u009b", "tab\there", "é\x00è"} {
		for _, r := range Fold(s) {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Errorf("Fold(%q) holds %U", s, r)
			}
		}
	}
}

func FuzzFoldHoldsNoControls(f *testing.F) {
	f.Add("Sackboy™: A Big Adventure")
	f.Add("\x00\x01\x1b]0;x\x07")
	f.Fuzz(func(t *testing.T, s string) {
		k := Fold(s)
		for i := 0; i < len(k); i++ {
			if k[i] < 0x20 || k[i] == 0x7f {
				t.Fatalf("Fold(%q) = %q holds byte %#x", s, k, k[i])
			}
		}
	})
}
