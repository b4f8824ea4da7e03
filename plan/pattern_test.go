package plan

import (
	"math"
	"testing"

	"halo/flight"
	"halo/mission"
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

// TestPatternAndCutawayOnFallout: the embedded mission's canopy plan. The pattern
// is left-hand (USPA SIM): final into the surface wind (from about 320°, 8 kt),
// base at right angles to its right, downwind with the wind, entered at
// 1,000/600/300 ft; the final is as long as the canopy's ground speed into the
// wind over the 300 ft: (11 − 4.2) m/s × 300 ft / 5 m/s ≈ 124 m (σ ≈ 1 near the
// ground; within 5 %). The holding area's radius is the glide over the safety
// factor less the entry height, 11/5 × 1,000 ft = 670.6 m. The cut-away finder's
// reserve footprint holds the reserve's own hands-off landing and the target
// (the cut-away is over the target's area at 2,500 ft); a near alternate is
// reachable and a far one is not.
func TestPatternAndCutawayOnFallout(t *testing.T) {
	m := defaultMission(t)
	lat, lon := m.Target.Lat, m.Target.Lon
	m.Alternates = []mission.Alternate{{Name: "near strip", Lat: lat - 0.005, Lon: lon + 0.005}, {Name: "far town", Lat: lat + 0.2, Lon: lon}}
	p := solveM(t, m)
	cp := p.Canopy
	if cp == nil || cp.Pattern == nil || cp.Holding == nil || cp.Cutaway == nil {
		t.Fatalf("canopy plan %+v", cp)
	}
	for _, l := range cp.Pattern.Legs {
		t.Logf("%-8s %4.0f-%4.0f ft: track %03.0f°, heading %03.0f°, %.1f m/s over the ground, %.0f m (wind %.1f m/s)", l.Name, l.TopAGLM/units.Foot, l.BottomAGLM/units.Foot, l.TrackDeg, l.HeadingDeg, l.GroundSpeedMps, l.LengthM, l.WindMps)
	}
	legs := cp.Pattern.Legs
	final, base, down := legs[2], legs[1], legs[0]
	turn := func(from, to float64) float64 { return math.Mod(to-from+540, 360) - 180 }
	if math.Abs(turn(final.TrackDeg, 320)) > 5 {
		t.Errorf("final track %03.0f°, want into the wind from about 320°", final.TrackDeg)
	}
	if d := turn(base.TrackDeg, final.TrackDeg); math.Abs(d+90) > 1 {
		t.Errorf("base %03.0f° to final %03.0f° turns %+.0f°, want a left turn of 90°", base.TrackDeg, final.TrackDeg, d)
	}
	if d := turn(down.TrackDeg, base.TrackDeg); math.Abs(d+90) > 1 {
		t.Errorf("downwind %03.0f° to base %03.0f° turns %+.0f°, want a left turn of 90°", down.TrackDeg, base.TrackDeg, d)
	}
	if math.Abs(final.LengthM-124)/124 > 0.05 {
		t.Errorf("final %.0f m over the ground, want about 124 m", final.LengthM)
	}
	if !(down.GroundSpeedMps > base.GroundSpeedMps && base.GroundSpeedMps > final.GroundSpeedMps) {
		t.Errorf("ground speeds downwind %.1f, base %.1f, final %.1f m/s: want the fastest with the wind, the slowest into it", down.GroundSpeedMps, base.GroundSpeedMps, final.GroundSpeedMps)
	}
	if h := cp.Holding; math.Abs(h.RadiusM-670.56) > 0.1 || h.TopAGLM != m.Limits.CanopySafetyFactor {
		t.Errorf("holding area radius %.1f m from %.0f m, want 670.6 m from the safety factor", h.RadiusM, h.TopAGLM)
	}
	if !(cp.TargetMarginM > 0) {
		t.Errorf("the target is %.0f m outside the footprint from the opening point", -cp.TargetMarginM)
	}
	c := cp.Cutaway
	t.Logf("cut-away at %.0f ft AGL, %.0f m from the target: reserve hands off lands %.0f m from the target; main hands off %.0f m; target %.0f m inside the reserve's footprint",
		c.At.AGLM/units.Foot, math.Hypot(c.At.E, c.At.N), math.Hypot(c.ReserveHandsOff.E, c.ReserveHandsOff.N), math.Hypot(c.MainHandsOff.E, c.MainHandsOff.N), c.ReserveTargetMarginM)
	if !(c.ReserveTargetMarginM > 0) || len(c.ReserveReach) != int(360/FootprintStep) {
		t.Errorf("reserve footprint of %d points, target margin %.0f m", len(c.ReserveReach), c.ReserveTargetMarginM)
	}
	if got := (&solver{env: p.Env, m: m}).inside(enu(c.ReserveReach), c.ReserveHandsOff.E, c.ReserveHandsOff.N); !(got > 0) {
		t.Errorf("the reserve's hands-off landing is outside its own footprint (%.0f m)", got)
	}
	if c.MainHandsOff == (Place{}) || c.ReserveHandsOff == (Place{}) {
		t.Error("no hands-off landing")
	}
	if len(cp.Alternates) != 2 || !cp.Alternates[0].Reachable || cp.Alternates[1].Reachable {
		t.Errorf("alternates %+v: want the near strip reachable and the far town not", cp.Alternates)
	}
	for _, a := range cp.Alternates {
		t.Logf("%s: %.0f m at %03.0f°, margin %.0f m (reserve %.0f m)", a.Name, a.DistanceM, a.BearingDeg, a.MarginM, a.ReserveMarginM)
	}
}
