package assets

import (
	"slices"
	"testing"
)

// Trophy lists must look like real ones: what the platinum list and statistics of --demo show is
// computed from these rates.

// TestPlatinumNeverMoreCommonThanItsTrophies: a platinum needs every base-game trophy, so its earned
// rate is at most the lowest of theirs, and (generated titles) only a little below it.
func TestPlatinumNeverMoreCommonThanItsTrophies(t *testing.T) {
	for _, o := range []Options{{}, {Seed: 7}, {Titles: 2000, Seed: 99}} {
		checkPlatinumRates(t, build(t, o))
	}
}

func checkPlatinumRates(t *testing.T, w *World) {
	plats, above, far := 0, 0, 0
	for _, ti := range w.Titles {
		var plat *Trophy
		rarest := 1e9
		for _, tr := range ti.Trophies() {
			switch {
			case tr.GroupID != "default":
			case tr.Grade == Platinum:
				plat = tr
			default:
				rarest = min(rarest, tr.RateValue())
			}
		}
		if plat == nil {
			continue
		}
		plats++
		if plat.RateValue() > rarest {
			above++
			t.Errorf("%s: platinum %s%%, rarest base-game trophy %.1f%%", ti.NPCommunicationID, plat.Rate, rarest)
		}
		if ti.overrides == nil && rarest > plat.RateValue()*1.4+0.1 {
			far++
		}
	}
	if above > 0 || plats < 250 {
		t.Fatalf("%d of %d platinums more common than their rarest base-game trophy", above, plats)
	}
	if far > 0 {
		t.Fatalf("%d of %d generated platinums far below their rarest trophy (more than 40%%)", far, plats)
	}
}

// TestRatesByGrade: bronzes mostly common, golds rarer than silvers, silvers than bronzes.
func TestRatesByGrade(t *testing.T) {
	w := build(t, Options{})
	rates := [4][]float64{}
	for _, p := range w.Account(DemoAccountID).Plays {
		for _, tr := range p.Title.Trophies() {
			if tr.GroupID == "default" {
				rates[tr.Grade] = append(rates[tr.Grade], tr.RateValue())
			}
		}
	}
	median := func(v []float64) float64 { slices.Sort(v); return v[len(v)/2] }
	b, s, g, pl := median(rates[Bronze]), median(rates[Silver]), median(rates[Gold]), median(rates[Platinum])
	if !(b > 50 && b > s && s > g && g > pl) {
		t.Fatalf("median rates: bronze %.1f silver %.1f gold %.1f platinum %.1f", b, s, g, pl)
	}
}
