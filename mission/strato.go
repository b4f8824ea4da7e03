package mission

import (
	"math"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"halo/units"
)

// DragPhase is a change of a jumper's free-fall drag during the fall (key
// jumpers[].drag_phases): a drogue opened or released, a new body position. It
// starts After seconds after exit, or when the jumper descends through Alt (m
// MSL, like aircraft.altitude); one of the two is NaN. Phases start in order.
// Kittinger's 6-ft stabiliser opened about 13 s after exit; Eustace fell under a
// drogue from the start [WEA] [NATL].
type DragPhase struct {
	Name  string // e.g. "drogue open", "drogue release", "head-down"
	After float64
	Alt   float64
	Drag  Drag
}

// dragPhases decodes jumpers[].drag_phases: a list of {name, after | altitude, drag}.
func (d *decoder) dragPhases(n ast.Node, p string) []DragPhase {
	var out []DragPhase
	for i, pn := range d.seq(n, p) {
		pp := indexPath(p, i)
		ph := DragPhase{After: nan, Alt: nan, Drag: Drag{CdA: nan, Area: nan}}
		d.fields(pn, pp, map[string]func(ast.Node, string){
			"name":     func(n ast.Node, p string) { d.str(n, p, &ph.Name) },
			"after":    func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0, 900, &ph.After) },
			"altitude": func(n ast.Node, p string) { d.quantity(n, p, units.Length, MinElevation, MaxExitAlt, &ph.Alt) },
			"drag":     func(n ast.Node, p string) { d.drag(n, p, &ph.Drag) },
		})
		if ph.Name == "" {
			ph.Name = "drag phase " + itoa(i+1)
		}
		switch {
		case math.IsNaN(ph.After) == math.IsNaN(ph.Alt) && !d.hasErrAt(pp+".after") && !d.hasErrAt(pp+".altitude"):
			d.errf(pn, pp+".after", "give after (time from exit, e.g. 13 s) or altitude (MSL, e.g. 90000 ft), one of the two")
		case ph.Drag.Preset == "" && math.IsNaN(ph.Drag.CdA) && ph.Drag.CdTable == nil && !d.hasErrAt(pp+".drag"):
			d.errf(pn, pp+".drag", "missing: the drag from this phase on (a preset, {cda: 1.9 m2} or {area: .., cd: [[mach, cd], ...]})")
		}
		out = append(out, ph)
	}
	return out
}

// Suit is a jumper's pressure suit (key jumpers[].suit): the physiology is
// assessed at its pressure altitude while it holds (package physio).
type Suit struct {
	Type       string  // "full-pressure" or "partial-pressure"
	Pressure   float64 // absolute pressure the suit holds, Pa (e.g. 3.5 psi)
	Prebreathe float64 // the suit programme's prebreathe, s; NaN: not given
	Heated     bool    // the suit is heated (visor, gloves)
}

// suit decodes jumpers[].suit: {type, pressure, prebreathe, heated}.
func (d *decoder) suit(n ast.Node, p string) *Suit {
	s := &Suit{Pressure: nan, Prebreathe: nan}
	d.fields(n, p, map[string]func(ast.Node, string){
		"type": func(n ast.Node, p string) {
			d.str(n, p, &s.Type)
			if s.Type != "full-pressure" && s.Type != "partial-pressure" {
				d.errf(n, p, "%q is not a suit type: use full-pressure or partial-pressure", s.Type)
			}
		},
		"pressure":   func(n ast.Node, p string) { d.quantity(n, p, units.Pressure, 10e3, 60e3, &s.Pressure) },
		"prebreathe": func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0, 24*3600, &s.Prebreathe) },
		"heated":     func(n ast.Node, p string) { d.boolean(n, p, &s.Heated) },
	})
	for k, v := range map[string]bool{"type": s.Type == "", "pressure": math.IsNaN(s.Pressure)} {
		if v && !d.hasErrAt(p+"."+k) {
			d.errf(n, p+"."+k, "missing: the suit's type (full-pressure, partial-pressure) and the absolute pressure it holds (e.g. 3.5 psi)")
		}
	}
	return s
}

// capsuleAlt reads a balloon capsule's cabin, "pressurized capsule at 8000 ft"
// (or "pressurised", or "capsule at ..."), and returns the altitude text.
func capsuleAlt(s string) (string, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"pressurized capsule at ", "pressurised capsule at ", "capsule at "} {
		if strings.HasPrefix(t, p) {
			return strings.TrimSpace(s[len(s)-len(t)+len(p):]), true
		}
	}
	return "", false
}

// rangedText is ranged for a value text taken from inside the node's scalar.
func (d *decoder) rangedText(n ast.Node, path, key, text string, dst *float64) {
	r := ranges[key]
	v, err := units.Parse(r.Kind, text)
	switch {
	case err != nil:
		d.errf(n, path, "%v", err)
	case v < r.Min || v > r.Max:
		d.errf(n, path, "%s is %s; allowed %s .. %s: %s", text, rangeWord(v, r.Min), fmtSI(r.Kind, r.Min), fmtSI(r.Kind, r.Max), r.Why)
	default:
		*dst = v
	}
}

// ascentRate checks aircraft.ascent_rate: a balloon's climb, so not with balloon
// false nor with climb_rate.
func (d *decoder) ascentRate(n ast.Node, p string, a *Aircraft) {
	if !a.ascentGiven {
		return
	}
	if !a.Balloon {
		d.errAt(n, p+".ascent_rate", "ascent_rate is a balloon's climb: give balloon: true, or climb_rate for an aircraft")
	}
	if _, both := d.lines[p+".climb_rate"]; both {
		d.errAt(n, p+".ascent_rate", "give ascent_rate or climb_rate, not both")
	}
}
