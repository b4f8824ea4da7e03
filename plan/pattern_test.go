package plan

import (
	"math"
	"testing"

	"halo/flight"
	"halo/units"
)

// handsOffOver re-flies the planned jump i hands off (half brakes into the wind,
// to the ground) and returns where it passes z m MSL (linear between 0.1-s
// samples) and its result.
func handsOffOver(t *testing.T, p *Plan, i int, z float64) (e, n float64, r flight.Result) {
	t.Helper()
	j := p.Jumps[i]
	j.Canopy.Drift, j.Canopy.Final = true, 0
	r, err := flight.Simulate(p.Env.Flight, &j, flight.Options{Record: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	for k := 1; k < len(r.Trace); k++ {
		a, b := r.Trace[k-1], r.Trace[k]
		if a.Phase == flight.PhaseCanopy && a.Z >= z && b.Z < z {
			f := (a.Z - z) / (a.Z - b.Z)
			return a.E + f*(b.E-a.E), a.N + f*(b.N-a.N), r
		}
	}
	return math.NaN(), math.NaN(), r
}

// TestOpeningPointSafetyFactor: the opening point is placed so that the canopy,
// flown hands off (half brakes into the wind), is over the target at the canopy
// safety factor (ATP 3-18.11's SF, 2,000 ft by default; the mission's when given).
// In a uniform 15-kt westerly the opening point is then upwind of the target by the
// wind's drift over the descent from the canopy's opening to the safety factor less
// the half-braked canopy's air travel, HandsOffAirspeed × glide (11/5) × the height:
// one figure per case. A canopy that opens below the safety factor opens over the
// target.
func TestOpeningPointSafetyFactor(t *testing.T) {
	for _, c := range []struct {
		name       string
		openFt, sf float64 // ft AGL; sf NaN: the default
		overTarget bool
	}{
		{"open 4,000 ft, default SF 2,000 ft", 4000, math.NaN(), false},
		{"open 4,000 ft, SF 1,000 ft", 4000, 1000, false},
		{"open 2,500 ft, SF 3,000 ft: opens over the target", 2500, 3000, true},
	} {
		m := defaultMission(t)
		m.Jumpers = m.Jumpers[:1]
		m.Jumpers[0].OpenAt = c.openFt * units.Foot
		m.Winds.Layers = layers([3]float64{0, 270, 15}, [3]float64{30000, 270, 15})
		if !math.IsNaN(c.sf) {
			m.Limits.CanopySafetyFactor = c.sf * units.Foot
		}
		sf := m.Limits.CanopySafetyFactor
		p := solveM(t, m)
		g := m.Target.Elevation
		if c.overTarget {
			_, _, r := handsOffOver(t, p, 0, g)
			if d := math.Hypot(r.Open.E, r.Open.N); d > 1 {
				t.Errorf("%s: canopy open %.1f m from the target, want over it", c.name, d)
			}
			continue
		}
		e, n, r := handsOffOver(t, p, 0, g+sf)
		if d := math.Hypot(e, n); d > 2 {
			t.Errorf("%s: the hands-off canopy is %.1f m from the target at the safety factor (%.0f ft)", c.name, d, sf/units.Foot)
		}
		// the figure: uniform wind 15 kt from 270° (blowing east)
		tt, _, _ := flight.Descent(p.Env.Flight, 5, r.Open.Alt, g+sf)
		w := 15 * units.Knot
		air := flight.HandsOffAirspeed * 11.0 / 5 * (r.Open.Alt - g - sf)
		want := -(w*tt - air) // opening point east of the target, m
		t.Logf("%s: canopy open %.0f m AGL, %.0f s to the SF: wind drift %.0f m less air travel %.0f m: opening point %.0f m east (want %.0f m)", c.name, r.Open.Alt-g, tt, w*tt, air, r.Open.E, want)
		if math.Abs(r.Open.E-want) > 0.01*math.Abs(want)+2 || math.Abs(r.Open.N) > 2 {
			t.Errorf("%s: opening point (%.1f, %.1f) m, want (%.1f, 0)", c.name, r.Open.E, r.Open.N, want)
		}
	}
}
