package mission

import (
	"math"

	"github.com/goccy/go-yaml/ast"

	"halo/units"
	"halo/wind"
)

// surfaceWind decodes winds.surface: {from, speed} or {variable: true, speed},
// the drop zone's observed surface wind; its altitude is the target's elevation,
// set by the planner.
func (d *decoder) surfaceWind(n ast.Node, p string) *wind.Layer {
	l := wind.Layer{Alt: nan, FromDeg: nan, Speed: nan, Temp: nan}
	d.fields(n, p, map[string]func(ast.Node, string){
		"from":     func(n ast.Node, p string) { d.quantity(n, p, units.Angle, 0, 360, &l.FromDeg) },
		"speed":    func(n ast.Node, p string) { d.quantity(n, p, units.Speed, 0, 150, &l.Speed) },
		"variable": func(n ast.Node, p string) { d.boolean(n, p, &l.Variable) },
	})
	if l.Variable && math.IsNaN(l.FromDeg) {
		l.FromDeg = 0
	}
	for k, v := range map[string]float64{"from": l.FromDeg, "speed": l.Speed} {
		if math.IsNaN(v) && !d.hasErrAt(p+"."+k) && !d.hasErrAt(p) {
			d.errf(n, p+"."+k, "missing: the observed surface wind needs from and speed (e.g. {from: 320 deg, speed: 8 kt})")
		}
	}
	if math.IsNaN(l.FromDeg) || math.IsNaN(l.Speed) {
		return nil
	}
	if l.FromDeg == 360 {
		l.FromDeg = 0
	}
	return &l
}
