package mission

import (
	"math"

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
