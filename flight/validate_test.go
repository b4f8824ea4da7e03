package flight

import (
	"math"
	"testing"

	"halo/atmos"
)

// sportCanopy is a sport ram-air: 11 m/s forward, 5 m/s sink (REFERENCE.md C.3:
// 20-25 mph forward, ~1,000 ft/min), 3 s deployment (C.3: ~2.5-3 s) losing 300 ft,
// final approach from 300 ft. The deployment loss is our assumption (H: no citable
// figure).
func sportCanopy() Canopy {
	return Canopy{Airspeed: 11, Sink: 5, DeployTime: 3, DeployLoss: 91.44, Final: 91.44, HeadingDeg: math.NaN()}
}

// stdEnv is the plain USSA-76 with calm air over ground at elevation g (m MSL).
func stdEnv(t testing.TB, g float64) *Env {
	t.Helper()
	atm, err := atmos.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Atm: atm, Ground: g}
}

const ft = 0.3048 // m

// freefall runs a jump and fails the test on error.
func mustSim(t testing.TB, env *Env, j *Jump, opt Options) Result {
	t.Helper()
	r, err := Simulate(env, j, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestGreenHarborChart compares the belly preset with Green Harbor Publications (2010),
// "Speed, Distance, and Time of Fall for an Average-Sized Adult in Stable Free Fall
// Position" (REFERENCE.md C.2 [GH]): distance fallen 1..12 s after a stationary exit,
// and ~174 ft/s after 12 s.
//
// Mass 90 kg: the preset's design jumper (preset.go), an average adult (~80 kg) with a
// ~10 kg sport rig; with the belly CdA 0.50 m² it gives 53.6 m/s = 176 ft/s at sea
// level, USPA's 120 mph. (87.8 kg would give the chart's 174 ft/s exactly.) The chart
// names no altitude; its 174 ft/s is a low-altitude terminal speed, so the exit is in
// low air: 700 m MSL, and the 12 s fall ends near 250 m.
//
// Tolerance, honestly: the chart is for an unspecified "average adult", so a few per
// cent is all it can say; we allow 3 % of each distance + 2 ft (its rounding). Seen:
// within 8 ft (2.2 %) at every second, 174.5 ft/s at 12 s.
func TestGreenHarborChart(t *testing.T) {
	chart := []float64{16, 62, 138, 242, 366, 504, 652, 808, 971, 1138, 1309, 1483} // ft after 1..12 s
	env := stdEnv(t, 0)
	d, err := Preset("belly")
	if err != nil {
		t.Fatal(err)
	}
	j := &Jump{Mass: 90, Drag: d, Z: 700, OpenAGL: 100, Canopy: sportCanopy()}
	r := mustSim(t, env, j, Options{Record: 1})
	for i, want := range chart {
		s := r.Trace[i+1]
		got := (j.Z - s.Z) / ft
		t.Logf("t = %2.0f s: fallen %5.0f ft, chart %5.0f ft (%+.1f %%)", s.T, got, want, 100*(got/want-1))
		if math.Abs(got-want) > 0.03*want+2 {
			t.Errorf("t = %.0f s: fallen %.0f ft, chart %.0f ft (limit 3 %% + 2 ft)", s.T, got, want)
		}
	}
	v12 := -r.Trace[12].VU / ft
	t.Logf("speed after 12 s: %.1f ft/s (chart ~174 ft/s)", v12)
	if math.Abs(v12-174) > 0.03*174 {
		t.Errorf("speed after 12 s %.1f ft/s, chart ~174 ft/s (limit 3 %%)", v12)
	}
}

// TestDropzoneFreefallTimes: free-fall time (exit to deployment start) of a belly
// jump, stationary exit, 90 kg as above, calm standard atmosphere, ground at sea level.
// Two published estimates disagree (REFERENCE.md C.2):
//   - the dropzone rule of thumb (Skydive Northwest FAQ): ~10 s for the first 1,000 ft,
//     then ~5 s per 1,000 ft;
//   - the Green Harbor chart extrapolated at its 174 ft/s (computed in C.2: ~64, ~44,
//     ~50 s), which ignores that the air up high is thinner (at 13,500 ft a belly
//     jumper falls ~23 % faster than at sea level), so it over-estimates.
//
// The simulator should sit between them, near the rule of thumb. Seen: 56.9, 40.2,
// 44.2 s (rule 57.5, 40, 45 s; chart 64, 44, 50 s).
func TestDropzoneFreefallTimes(t *testing.T) {
	env := stdEnv(t, 0)
	d, err := Preset("belly")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		exit, open  float64 // ft
		rule, chart float64 // s
	}{
		{13500, 3000, 57.5, 64},
		{10000, 3000, 40, 44},
		{12500, 4500, 45, 50},
	} {
		j := &Jump{Mass: 90, Drag: d, Z: c.exit * ft, OpenAGL: c.open * ft, Canopy: sportCanopy()}
		r := mustSim(t, env, j, Options{})
		t.Logf("%.0f -> %.0f ft: %.1f s (rule of thumb %.1f s, chart %.0f s)", c.exit, c.open, r.Freefall, c.rule, c.chart)
		if r.Freefall < 0.95*c.rule || r.Freefall > c.chart {
			t.Errorf("%.0f -> %.0f ft: free fall %.1f s, want between 0.95 × the rule of thumb (%.1f s) and the chart's %.0f s",
				c.exit, c.open, r.Freefall, 0.95*c.rule, c.chart)
		}
	}
}

// TestB3ComputedRows checks the equations directly against the point-mass rows
// REFERENCE.md B.3 computed independently (USSA-76, g(z), constant CdA, vertical fall
// from rest): constant CdA (no Mach table), calm air. These are computed figures, not
// published ones; the limits are their printed precision (0.1 m/s, 0.1 s, 0.1 km, 1 s).
func TestB3ComputedRows(t *testing.T) {
	for _, c := range []struct {
		name                 string
		exit, open, cda      float64
		vmax, tmax, zmax, ff float64 // zmax NaN: not printed
		tMach1               float64 // NaN: not printed
	}{
		{"record CdA 0.6", 38969.4, 2566.8, 0.6, 376.6, 51.0, 27500, 233, 33.8},
		{"record CdA 0.8", 38969.4, 2566.8, 0.8, 353.6, 48.9, 28600, 265, math.NaN()},
		{"test 1 CdA 0.8", 21828.3, 2502.6, 0.8, 161.6, 29.6, 18600, 213, math.NaN()},
		{"test 2 CdA 0.8", 29455, 2500, 0.8, 240.8, 38, math.NaN(), 243, math.NaN()},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := stdEnv(t, 0)
			j := &Jump{Mass: 118, Drag: Drag{CdA: c.cda}, Z: c.exit, OpenAGL: c.open, Canopy: sportCanopy()}
			r := mustSim(t, env, j, Options{Record: 0.05})
			t.Logf("v_max %.2f m/s (Mach %.3f) at %.2f s, %.0f m; free fall %.2f s", r.MaxSpeed, r.MaxMach, r.MaxSpeedT, r.MaxSpeedAlt, r.Freefall)
			near(t, "v_max (m/s)", r.MaxSpeed, c.vmax, 0.1)
			near(t, "t at v_max (s)", r.MaxSpeedT, c.tmax, 0.1)
			if !math.IsNaN(c.zmax) {
				near(t, "z at v_max (m)", r.MaxSpeedAlt, c.zmax, 100)
			}
			near(t, "free fall (s)", r.Freefall, c.ff, 1)
			if !math.IsNaN(c.tMach1) {
				tm := math.NaN()
				for i := 1; i < len(r.Trace); i++ {
					a, b := r.Trace[i-1], r.Trace[i]
					if a.Mach < 1 && b.Mach >= 1 {
						tm = a.T + (b.T-a.T)*(1-a.Mach)/(b.Mach-a.Mach)
						break
					}
				}
				t.Logf("Mach 1 at %.2f s", tm)
				near(t, "time to Mach 1 (s)", tm, c.tMach1, 0.1)
			}
		})
	}
}

// near fails when |got - want| > tol (+ half the printed unit is the caller's job).
func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s: got %.4g, want %.4g ± %g", what, got, want, tol)
	}
}
