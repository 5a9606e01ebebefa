package assets

import (
	"math"
	"strconv"
)

// Earned rates follow what trophy lists look like on PSN. Bronzes are mostly common, silvers spread,
// golds lean rare. A platinum needs every base-game trophy, so whoever has it has them all: its rate
// is never above the rarest of them, and sits a little below it (players who got that trophy and
// never finished the rest). DLC trophies are rarer than the base game (fewer players own the DLC)
// and may be rarer than the platinum, which does not require them.

// drawRate maps a uniform draw u to a rate between lo and the grade's share of the range up to hi.
func drawRate(grade int, u, lo, hi float64) float64 {
	top := hi
	f := u
	switch grade {
	case Platinum:
		top = lo + (hi-lo)*0.25
	case Gold:
		top = lo + (hi-lo)*0.5
		f = u * u // golds lean rare
	case Silver:
		top = lo + (hi-lo)*0.8
	case Bronze:
		f = 1 - u*u // bronzes are mostly common
	}
	return lo + (top-lo)*f
}

// tenths rounds a rate to Sony's one decimal, in tenths of a percent (at least 0.1%).
func tenths(v float64) int { return max(1, int(math.Round(v*10))) }

func setTenths(tr *Trophy, t int) {
	tr.Rate = strconv.FormatFloat(float64(t)/10, 'f', 1, 64)
	tr.Rare = RarityOf(tr.RateValue())
}

// fixedRate reports whether the trophy's rate is hand-written (special.json).
func (t *Title) fixedRate(id int) bool {
	ov := t.overrides[id]
	return ov != nil && ov.Rate != ""
}

// dlcTop is the top of the DLC groups' rate range.
func (t *Title) dlcTop() float64 { return t.rateLo + (t.rateHi-t.rateLo)*0.45 }

// rateTrophies gives every trophy without a hand-written rate its rate from its draw (draws[id]):
// first the base game's platinum (below every hand-written base-game rate), then the others, the
// base game's above the platinum, and finally the base game's rarest trophy a little above the
// platinum, as on real lists.
func rateTrophies(t *Title, trs []*Trophy, draws []float64) {
	r := newRNG(t.seed ^ 0x4cf5ad432745937f)
	var plat *Trophy
	fixedMin := math.MaxInt // lowest hand-written base-game rate, in tenths
	for _, tr := range trs {
		if tr.GroupID != "default" {
			continue
		}
		switch {
		case tr.Grade == Platinum:
			plat = tr
		case t.fixedRate(tr.ID):
			fixedMin = min(fixedMin, tenths(tr.RateValue()))
		}
	}
	platT := 0
	if plat != nil {
		if !t.fixedRate(plat.ID) {
			v := tenths(drawRate(Platinum, draws[plat.ID], t.rateLo, t.rateHi))
			if v >= fixedMin {
				v = max(1, int(float64(fixedMin)*(0.7+0.25*r.float())))
			}
			setTenths(plat, v)
		}
		platT = tenths(plat.RateValue())
	}
	rarest, rarestT := (*Trophy)(nil), math.MaxInt
	for _, tr := range trs {
		if tr.Grade == Platinum || t.fixedRate(tr.ID) {
			continue
		}
		var v int
		if tr.GroupID == "default" && plat != nil {
			v = max(platT+1, tenths(drawRate(tr.Grade, draws[tr.ID], float64(platT)/10, t.rateHi)))
			if v < rarestT {
				rarest, rarestT = tr, v
			}
		} else {
			v = tenths(drawRate(tr.Grade, draws[tr.ID], t.rateLo, t.dlcTop()))
		}
		setTenths(tr, v)
	}
	if rarest == nil {
		return
	}
	// The rarest required trophy: 4–35% above the platinum, unless a hand-written one already is.
	target := max(platT+1, int(float64(platT)*(1.04+0.31*r.float())))
	if rarestT > target && fixedMin > target {
		setTenths(rarest, target)
	}
}

// rateAdded is the rate of a trophy added to a set after its release (World.AddTrophy): base-game
// trophies stay above the platinum.
func (t *Title) rateAdded(tr *Trophy, u float64) {
	lo, hi := t.rateLo, t.rateHi
	if tr.GroupID != "default" {
		hi = t.dlcTop()
	}
	floor := 1
	for _, o := range t.trophies {
		if o.GroupID == tr.GroupID && o.Grade == Platinum && o != tr {
			floor = tenths(o.RateValue()) + 1
			lo = o.RateValue()
		}
	}
	setTenths(tr, max(floor, tenths(drawRate(tr.Grade, u, lo, hi))))
}
