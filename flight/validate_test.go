package flight

import (
	"math"
	"testing"

	"halo/atmos"
)

// sportCanopy is a sport ram-air: 11 m/s forward, 5 m/s sink ([CANOPY-SPORT]:
// 20-25 mph forward, ~1,000 ft/min), 3 s deployment (C.3: ~2.5-3 s) losing 300 ft,
// final approach from 300 ft. The deployment loss is our assumption (H: no citable
// figure).
func sportCanopy() Canopy {
	return Canopy{Airspeed: 11, Sink: 5, DeployTime: 3, DeployLoss: 0, Final: 91.44, HeadingDeg: math.NaN()}
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
// Position" ([GH]): distance fallen 1..12 s after a stationary exit,
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
// Two published estimates disagree ([GH], [USPA-63]):
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
// the drag analyses of the record jumps [RB-F] [NATL], computed independently (USSA-76, g(z), constant CdA, vertical fall
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
				tm := timeToMach1(r.Trace)
				t.Logf("Mach 1 at %.2f s", tm)
				near(t, "time to Mach 1 (s)", tm, c.tMach1, 0.1)
			}
		})
	}
}

// timeToMach1 is the first time a trace reaches Mach 1 (linear between samples), NaN
// if never.
func timeToMach1(tr []Sample) float64 {
	for i := 1; i < len(tr); i++ {
		a, b := tr[i-1], tr[i]
		if a.Mach < 1 && b.Mach >= 1 {
			return a.T + (b.T-a.T)*(1-a.Mach)/(b.Mach-a.Mach)
		}
	}
	return math.NaN()
}

// near fails when |got - want| > tol (+ half the printed unit is the caller's job).
func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s: got %.4g, want %.4g ± %g", what, got, want, tol)
	}
}

// Stratospheric jumps ([FAI-records] [RB-F] [WEA]). Balloon exits: at rest relative to the air,
// which is calm here (no published wind profile), so VE = VN = VU = 0. Opening
// altitudes are MSL; the ground is put at sea level (only MSL altitudes matter in free
// fall). Max speed is ground speed, equal to air speed in calm air.

// recordMach and recordDrag are the drag-table shape fitted to Baumgartner's record:
// CdA(M) = c for M <= 0.6, c·f for M >= 1.0, linear between. Two numbers for two
// published figures (peak speed and free-fall time). The breakpoints were chosen
// before fitting: 0.6 is where the presets' compressibility rise starts, 1.0 the
// sonic point. The fit gives f < 1: at the record's peak the effective drag area
// is smaller than in the dense air below. That is not transonic aerodynamics (Guerster
// & Walter 2017 found a small drag RISE): a Mach-only table also absorbs what changes
// with altitude on the same jump (posture, the spin in thin air, Reynolds number).
// So the table describes this suited jumper on this kind of fall; it is then tested
// on the two other jumps from other altitudes.
var recordMach = []float64{0.6, 1.0}

func recordDrag(c, f float64) Drag { return Drag{CdA: c, Mach: recordMach, Factor: []float64{1, f}} }

// balloonJump is a fall from rest at exit z (m MSL) opening at open (m MSL).
func balloonJump(mass float64, d Drag, z, open float64) *Jump {
	return &Jump{Mass: mass, Drag: d, Z: z, OpenAGL: open, Canopy: sportCanopy()}
}

// bisect finds x in [lo, hi] with g(x) = 0 for g monotonic over the interval (60
// halvings), failing the test when g does not change sign.
func bisect(t testing.TB, what string, lo, hi float64, g func(float64) float64) float64 {
	t.Helper()
	glo, ghi := g(lo), g(hi)
	if glo*ghi > 0 {
		t.Fatalf("fit of %s: no sign change between %g (%g) and %g (%g)", what, lo, glo, hi, ghi)
	}
	for i := 0; i < 60; i++ {
		m := (lo + hi) / 2
		gm := g(m)
		if (gm > 0) == (glo > 0) {
			lo, glo = m, gm
		} else {
			hi = m
		}
	}
	return (lo + hi) / 2
}

// Baumgartner, Red Bull Stratos, 14 Oct 2012 (final figures [RB-F],
// [AVW]): exit 38,969.4 m, 118 kg fully loaded [RB-TL], main opening 2,566.8 m MSL,
// free fall 4:20 = 260 s, max 1,357.6 km/h = 377.1 m/s, Mach 1.25, ~50 s after exit.
const (
	bgMass, bgExit, bgOpen = 118.0, 38969.4, 2566.8
	bgFreefall, bgVmax     = 260.0, 377.1
	bgMachMax, bgTmax      = 1.25, 50.0
	bgTMach1               = 34.0              // s after exit [RB-F][RB-KN]
	bgZmaxLo, bgZmaxHi     = 27833.0, 28833.0  // ⚠ two published altitudes of the peak
	bgT1Exit, bgT1Open     = 21828.3, 2502.6   // test 1, 15 Mar 2012 (B.2, [WIR])
	bgT1Vmax, bgT1Tmax     = 163.03, 30.0      // m/s, s
	bgT1Zmax, bgT1Freefall = 18274.4, 220.2    // m, s (3 min 40.2 s)
	bgT2Exit, bgT2Open     = 29455.0, 2500.0   // test 2, 25 Jul 2012 (B.2, [EXW]); opening not published: B.3's 2,500 m
	bgT2Vmax, bgT2Freefall = 863 / 3.6, 228.0  // 863 km/h; 3 min 48 s
	kitMass, kitExit       = 142.0, 31333.0    // Kittinger, Excelsior III, 16 Aug 1960 (B.1, [WEA])
	kitDrogueT, kitOpen    = 13.0, 5334.0      // 6-ft stabiliser ~13 s after exit; main at 17,500 ft
	kitFreefall, kitVmax   = 276.0, 274.0      // 4 min 36 s; 614 mph
	eusMass, eusExit       = 190.0, 41422.0    // Eustace, StratEx, 24 Oct 2014 (B.1, [ANN], [NATL]); mass ⚠ secondary
	eusOpen                = 41422.0 - 37623   // exit - FAI fall distance = 3,799 m (computed in B.1)
	eusFreefall, eusVmax   = 267.0, 1320 / 3.6 // 4:27 with drogue; 1,320 km/h FAI = 366.7 m/s
)

// fitRecord fits (c, f) of recordDrag to Baumgartner's free-fall time and peak speed:
// for each c, f is bisected to the peak speed; c is bisected to the free-fall time.
func fitRecord(t testing.TB) (c, f float64) {
	env := stdEnv(t, 0)
	fitF := func(c float64) float64 {
		return bisect(t, "transonic factor", 0.3, 2, func(f float64) float64 {
			return mustSim(t, env, balloonJump(bgMass, recordDrag(c, f), bgExit, bgOpen), Options{}).MaxSpeed - bgVmax
		})
	}
	c = bisect(t, "subsonic CdA", 0.5, 1.2, func(c float64) float64 {
		return mustSim(t, env, balloonJump(bgMass, recordDrag(c, fitF(c)), bgExit, bgOpen), Options{}).Freefall - bgFreefall
	})
	return c, fitF(c)
}

// TestBaumgartnerRecord: one constant CdA cannot match both the record's peak speed and
// its free-fall time ([RB-F] [NATL]; TestB3ComputedRows: 0.6 m² gives the peak but
// 233 s, 0.8 m² gives 265 s but 353.6 m/s). Fitted: the two numbers of recordDrag to the
// record's free-fall time and peak speed (both then match by construction, checked to
// 0.5 %). Checked, not fitted: the Mach number and time of the peak and the time to
// Mach 1 on the record (limits 3, 5, 5 %) and its altitude (within 1 km of 27.8-28.8 km), and
// the table without refitting on the two test jumps (B.2) from 21.8 and 29.5 km:
// limits 5 % on speeds and times, 1 km on the altitude of the peak.
func TestBaumgartnerRecord(t *testing.T) {
	c, f := fitRecord(t)
	d := recordDrag(c, f)
	t.Logf("fitted table: CdA(M) = %.4f m² for M <= 0.6, %.4f m² (factor %.4f) for M >= 1.0, linear between", c, c*f, f)
	env := stdEnv(t, 0)
	pct := func(got, want float64) float64 { return 100 * (got/want - 1) }
	check := func(what string, got, want, tolPct float64) {
		t.Helper()
		t.Logf("%-32s %9.2f  published %9.2f  (%+.1f %%)", what, got, want, pct(got, want))
		if math.Abs(pct(got, want)) > tolPct {
			t.Errorf("%s: %.2f, published %.2f: %+.1f %% (limit %g %%)", what, got, want, pct(got, want), tolPct)
		}
	}

	r := mustSim(t, env, balloonJump(bgMass, d, bgExit, bgOpen), Options{Record: 0.05})
	check("record free fall (s) [fitted]", r.Freefall, bgFreefall, 0.5)
	check("record time to Mach 1 (s)", timeToMach1(r.Trace), bgTMach1, 5)
	check("record max speed (m/s) [fitted]", r.MaxSpeed, bgVmax, 0.5)
	check("record Mach at max", r.MaxMach, bgMachMax, 3)
	check("record time of max (s)", r.MaxSpeedT, bgTmax, 5)
	t.Logf("record altitude of max: %.0f m (published 27,833 or 28,833 m)", r.MaxSpeedAlt)
	if r.MaxSpeedAlt < bgZmaxLo-1000 || r.MaxSpeedAlt > bgZmaxHi+1000 {
		t.Errorf("record: max speed at %.0f m, published 27,833-28,833 m (limit 1 km outside)", r.MaxSpeedAlt)
	}

	r1 := mustSim(t, env, balloonJump(bgMass, d, bgT1Exit, bgT1Open), Options{})
	check("test 1 max speed (m/s)", r1.MaxSpeed, bgT1Vmax, 5)
	check("test 1 time of max (s)", r1.MaxSpeedT, bgT1Tmax, 5)
	check("test 1 free fall (s)", r1.Freefall, bgT1Freefall, 5)
	t.Logf("test 1 altitude of max: %.0f m (published %.0f m)", r1.MaxSpeedAlt, bgT1Zmax)
	if math.Abs(r1.MaxSpeedAlt-bgT1Zmax) > 1000 {
		t.Errorf("test 1: max speed at %.0f m, published %.0f m (limit 1 km)", r1.MaxSpeedAlt, bgT1Zmax)
	}

	// Test 2's opening altitude is not published (B.3 assumed 2,500 m), so its free-fall
	// time cannot be checked; the peak speed does not depend on it. We report the
	// free fall to 2,500 m and the opening altitude that would give the published
	// 228 s, and require only that this altitude is a plausible one (between the
	// Roswell ground, ~1,100 m, and 5,000 m MSL).
	r2 := mustSim(t, env, balloonJump(bgMass, d, bgT2Exit, bgT2Open), Options{})
	check("test 2 max speed (m/s)", r2.MaxSpeed, bgT2Vmax, 5)
	t.Logf("test 2 free fall to 2,500 m (assumed): %.1f s, published %.0f s to an unpublished altitude", r2.Freefall, bgT2Freefall)
	open := bisect(t, "test 2 opening altitude", 1200, 8000, func(z float64) float64 {
		return mustSim(t, env, balloonJump(bgMass, d, bgT2Exit, z), Options{}).Freefall - bgT2Freefall
	})
	t.Logf("test 2: opening at %.0f m MSL would give the published %.0f s", open, bgT2Freefall)
	if open < 1100 || open > 5000 {
		t.Errorf("test 2: the published 228 s needs an opening at %.0f m MSL, outside 1,100-5,000 m", open)
	}
}

// kittinger flies Excelsior III with drogue drag area cd (m²) from the stabiliser's
// opening at kitDrogueT: before it, the body under the record's fitted table (the
// drag in the first 13 s at 31-30 km changes the speed at 13 s by well under 1 %).
// It returns the free-fall time (exit to main deployment) and the peak speed.
func kittinger(t testing.TB, env *Env, body Drag, cd float64) (ff, vmax float64, r2 Result) {
	j1 := balloonJump(kitMass, body, kitExit, 0)
	j1.OpenAfter = kitDrogueT
	r1 := mustSim(t, env, j1, Options{})
	j2 := balloonJump(kitMass, Drag{CdA: cd}, r1.Deploy.Alt, kitOpen)
	j2.VU = -r1.Deploy.VDown
	r2 = mustSim(t, env, j2, Options{})
	return kitDrogueT + r2.Freefall, math.Max(r1.MaxSpeed, r2.MaxSpeed), r2
}

// TestDrogueFalls: Kittinger (1960) and Eustace (2014) fell under a stabilising drogue
// ([FAI-records] [WEA]; their free-fall times must not be fitted with a bare body).
// Fitted: one constant drag area (body + drogue) to the published free-fall time.
// Checked: the peak speed against the published figure: Eustace within 5 % (seen
// +1.0 %); Kittinger does NOT match (−22 %), see below.
//   - Kittinger: exit 31,333 m, 142 kg, drogue at ~13 s, main at 17,500 ft = 5,334 m,
//     276 s; peak 614 mph = 274 m/s "passing about 90,000 ft" (27.4 km) [WEA].
//   - Eustace: exit 41,422 m, drogue from the start, main at 3,799 m (exit − FAI fall
//     distance), 267 s; peak 1,320 km/h = 366.7 m/s (FAI) [ANN][NATL]. His mass is not
//     reliably published (190 kg is a secondary figure); only CdA/m enters the
//     equations, so the fitted CdA scales with the mass and the checked peak speed
//     does not depend on it.
func TestDrogueFalls(t *testing.T) {
	env := stdEnv(t, 0)
	c, f := fitRecord(t)
	body := recordDrag(c, f)

	cdK := bisect(t, "Kittinger drogue CdA", 0.3, 5, func(cd float64) float64 {
		ff, _, _ := kittinger(t, env, body, cd)
		return ff - kitFreefall
	})
	ff, vmax, r2 := kittinger(t, env, body, cdK)
	t.Logf("Kittinger: fitted CdA %.3f m² (%.4f m²/kg), free fall %.1f s (published %.0f s); max %.1f m/s at %.0f m, Mach %.2f (published %.0f m/s near 27.4 km, ~0.9) %+.1f %%",
		cdK, cdK/kitMass, ff, kitFreefall, vmax, r2.MaxSpeedAlt, r2.MaxMach, kitVmax, 100*(vmax/kitVmax-1))
	if math.Abs(ff-kitFreefall) > 0.5 {
		t.Errorf("Kittinger: fit failed: free fall %.1f s", ff)
	}
	// Known disagreement: the fitted drogue gives a peak ~22 % below the published
	// 614 mph. The published figure is itself out of reach: falling WITHOUT any drag
	// from 31,333 m, one passes 90,000 ft at ~276 m/s, so 274 m/s there means almost no
	// drag for the first ~28 s, while the 276 s total needs a drogue of ~1.9 m² (even
	// a drogue opened at 90,000 ft gives ~246 m/s; no drogue at all ~294 m/s at 23 km
	// and a free fall of only ~182 s). The first check below documents that; the
	// second bounds the model between 70 % of the published peak and the published peak.
	vac := mustSim(t, env, balloonJump(kitMass, Drag{CdA: 1e-9}, kitExit, 90000*ft), Options{}).Deploy.VDown
	t.Logf("Kittinger: a drag-free fall passes 90,000 ft at %.1f m/s; published %.0f m/s there is %.1f %% of it", vac, kitVmax, 100*kitVmax/vac)
	if kitVmax < 0.97*vac || kitVmax > vac {
		t.Errorf("Kittinger: published peak %.0f m/s is not within 97-100 %% of the drag-free %.1f m/s", kitVmax, vac)
	}
	if vmax < 0.7*kitVmax || vmax > kitVmax {
		t.Errorf("Kittinger: peak %.1f m/s under the fitted drogue, outside 70-100 %% of the published %.0f m/s", vmax, kitVmax)
	}

	cdE := bisect(t, "Eustace drogue CdA", 0.3, 5, func(cd float64) float64 {
		return mustSim(t, env, balloonJump(eusMass, Drag{CdA: cd}, eusExit, eusOpen), Options{}).Freefall - eusFreefall
	})
	r := mustSim(t, env, balloonJump(eusMass, Drag{CdA: cdE}, eusExit, eusOpen), Options{})
	t.Logf("Eustace: fitted CdA %.3f m² at %.0f kg (%.4f m²/kg), free fall %.1f s (published %.0f s); max %.1f m/s at %.1f s, %.0f m, Mach %.2f (published %.1f m/s, Mach 1.23-1.3, ~51 s) %+.1f %%",
		cdE, eusMass, cdE/eusMass, r.Freefall, eusFreefall, r.MaxSpeed, r.MaxSpeedT, r.MaxSpeedAlt, r.MaxMach, eusVmax, 100*(r.MaxSpeed/eusVmax-1))
	if math.Abs(r.MaxSpeed/eusVmax-1) > 0.05 {
		t.Errorf("Eustace: peak %.1f m/s, published %.1f m/s (limit 5 %%)", r.MaxSpeed, eusVmax)
	}
}
