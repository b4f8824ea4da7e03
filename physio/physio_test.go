package physio

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"halo/check"
)

const psi = 6894.757293168

// TR360 by hand at 25,000 ft ([CONK04], computed from its definition):
// start 11.6 psia, 25,000 ft = 5.46 psia; no prebreathe 2.12, after 30/60/90 min of
// 100 % O₂ 2.01 / 1.89 / 1.79.

func TestTR360ByHand(t *testing.T) {
	for _, c := range []struct{ pb, want float64 }{{0, 2.12}, {30, 2.01}, {60, 1.89}, {90, 1.79}} {
		// the formula itself, in psia
		got := Haldane(11.6, 0, HalfTime360, c.pb*60) / 5.46
		if math.Abs(got-c.want) > 0.005 {
			t.Errorf("Haldane: %g min: TR %.3f, want %.2f", c.pb, got, c.want)
		}
		// the whole profile: sea level, prebreathe on the ground, a fast (100 m/s) climb
		in := Input{GroundAlt: 0, Prebreathe: c.pb * 60, ClimbRate: 100, ExitAlt: 25000 * ft,
			FreefallTime: 60, OpenAlt: 1000}
		res, err := Assess(in)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(res.TR360Peak-c.want) > 0.01 {
			t.Errorf("Assess: %g min: TR360 peak %.3f, want %.2f ± 0.01", c.pb, res.TR360Peak, c.want)
		}
	}
}

// The 1998 zero-prebreathe 5 % threshold, 20,500 ft, is TR ≈ 1.75; 22,500 ft is TR 1.91
// ([CONK04], computed).
func TestTR360Thresholds(t *testing.T) {
	for _, c := range []struct{ altFt, want float64 }{{20500, 1.75}, {22500, 1.91}} {
		got := FN2Air * ussaP(0) / ussaP(c.altFt*ft)
		if math.Abs(got-c.want) > 0.02 {
			t.Errorf("%g ft: TR %.3f, want %.2f", c.altFt, got, c.want)
		}
	}
}

// The ZH-L16C table as published ([SUBS]), typed again
// here so a slip in either copy fails.
func TestZHL16CTable(t *testing.T) {
	half := []float64{5.0, 8.0, 12.5, 18.5, 27.0, 38.3, 54.3, 77.0, 109, 146, 187, 239, 305, 390, 498, 635}
	a := []float64{1.1696, 1.0000, 0.8618, 0.7562, 0.6200, 0.5043, 0.4410, 0.4000, 0.3750, 0.3500, 0.3295, 0.3065, 0.2835, 0.2610, 0.2480, 0.2327}
	b := []float64{0.5578, 0.6514, 0.7222, 0.7825, 0.8126, 0.8434, 0.8693, 0.8910, 0.9092, 0.9222, 0.9319, 0.9403, 0.9477, 0.9544, 0.9602, 0.9653}
	for i, c := range ZHL16C {
		if c.HalfTime != half[i] || c.A != a[i] || c.B != b[i] {
			t.Errorf("compartment %s: %v %v %v, want %v %v %v", c.Name, c.HalfTime, c.A, c.B, half[i], a[i], b[i])
		}
	}
	if ZHL16C[0].Name != "1b" {
		t.Errorf("first compartment %s, want 1b (5.0 min)", ZHL16C[0].Name)
	}
	// M-value of 1b at 1 bar: 1.1696 + 1/0.5578 = 2.9624 bar
	if got := ZHL16C[0].MValue(1e5) / 1e5; math.Abs(got-2.9624) > 1e-4 {
		t.Errorf("M-value 1b at 1 bar: %.4f bar, want 2.9624", got)
	}
}

// Schreiner with r = 0 is Haldane; with r ≠ 0 it matches a fine numerical integration.
func TestSchreiner(t *testing.T) {
	if got, want := Schreiner(0.7, 0.2, 0, 600, 900), Haldane(0.7, 0.2, 600, 900); math.Abs(got-want) > 1e-12 {
		t.Errorf("Schreiner r=0 %g, Haldane %g", got, want)
	}
	p0, pi0, r, ht, T := 0.75, 0.79, -0.0002, 300.0, 1200.0
	k := math.Ln2 / ht
	p, dt := p0, 0.01
	for x := 0.0; x < T-1e-9; x += dt {
		pm := pi0 + r*(x+dt/2)
		p += k * (pm - p) * dt
	}
	if got := Schreiner(p0, pi0, r, ht, T); math.Abs(got-p) > 1e-5 {
		t.Errorf("Schreiner %g, numeric %g", got, p)
	}
}

// TUC rows of FAA AC 61-107 Table 1-1 [AC61107], lower ends of the ranges.
func TestTUCTable(t *testing.T) {
	for _, c := range []struct{ ft, rapid, std float64 }{
		{18000, 600, 1200}, {22000, 300, 600}, {25000, 90, 180}, {28000, 75, 150}, {30000, 30, 60},
		{35000, 15, 30}, {40000, 7, 15}, {43000, 5, 9}, {50000, 5, 9}, {60000, 5, 9},
	} {
		r, s, _ := TUC(c.ft)
		if math.Abs(r-c.rapid) > 1e-9 || math.Abs(s-c.std) > 1e-9 {
			t.Errorf("%g ft: TUC %g / %g s, want %g / %g", c.ft, r, s, c.rapid, c.std)
		}
	}
	// log-linear between 25,000 (90 s) and 28,000 ft (75 s): geometric mean at 26,500
	if r, _, _ := TUC(26500); math.Abs(r-math.Sqrt(90*75)) > 1e-9 {
		t.Errorf("26,500 ft: %g s, want %g", r, math.Sqrt(90*75))
	}
	if _, _, below := TUC(15000); !below {
		t.Error("15,000 ft should be flagged below the table")
	}
}

// Alveolar gas equation on 100 % O₂ with PaCO₂ 40 mmHg ([AGE], computed):
// PB 522.8 / 379.8 / 282.4 / 188.0 / 141.2 mmHg -> PAO₂ ≈ 436 / 293 / 195 / 101 / 54 mmHg.
func TestAlveolarO2(t *testing.T) {
	for _, c := range []struct{ altFt, pb, want float64 }{
		{10000, 522.8, 436}, {18000, 379.8, 293}, {25000, 282.4, 195}, {34000, 188.0, 101}, {40000, 141.2, 54},
	} {
		if got := ussaP(c.altFt*ft) / mmHg; math.Abs(got-c.pb) > 0.5 {
			t.Errorf("USSA PB at %g ft: %.1f mmHg, want %.1f", c.altFt, got, c.pb)
		}
		if got := AlveolarO2(c.pb*mmHg, 1, 40*mmHg) / mmHg; math.Abs(got-c.want) > 1 {
			t.Errorf("PAO₂ at %g ft on O₂: %.1f mmHg, want %g", c.altFt, got, c.want)
		}
	}
	// on air the simple equation reaches about zero at 25,000 ft ([AGE])
	if got := AlveolarO2(282.4*mmHg, FO2Air, 40*mmHg) / mmHg; got > 5 {
		t.Errorf("PAO₂ on air at 25,000 ft: %.1f mmHg, want about 0", got)
	}
}

// NWS wind-chill chart: 0 °F with a 15-mph wind gives −19 °F (NWS 2001 chart, [NWS-WC]).
func TestWindChill(t *testing.T) {
	wc := WindChill((0-32)/1.8, 15*1.609344)
	if f := wc.WCTC*1.8 + 32; math.Abs(f-(-19)) > 0.5 || wc.Clamped || !wc.Defined {
		t.Errorf("0 °F, 15 mph: %.2f °F (%+v), want −19", f, wc)
	}
	// −20 °C with 30 km/h: Environment Canada chart −33 °C
	if got := WindChill(-20, 30).WCTC; math.Abs(got-(-33)) > 0.5 {
		t.Errorf("−20 °C, 30 km/h: %.2f °C, want −33", got)
	}
	top := WindChill(-34.5, WindChillMaxKMH)
	ff := WindChill(-34.5, 230) // free fall, 64 m/s
	if !ff.Clamped || top.Clamped || ff.WCTC != top.WCTC {
		t.Errorf("free-fall speed not clamped: %+v vs %+v", ff, top)
	}
	if WindChill(-10, 0).WCTC != WindChill(-10, WindChillMinKMH).WCTC {
		t.Error("calm not raised to 4.8 km/h")
	}
	if w := WindChill(15, 50); w.Defined || w.WCTC != 15 {
		t.Errorf("15 °C: %+v, want undefined, air temperature", w)
	}
}

// Environment Canada frostbite bands ([NWS-WC]), at each band edge.
func TestFrostbiteTime(t *testing.T) {
	for _, c := range []struct{ wct, want float64 }{
		{-27.9, math.Inf(1)}, {-28, 600}, {-39.9, 600}, {-40, 300}, {-47.9, 300}, {-48, 120}, {-54.9, 120}, {-60, 120},
	} {
		if got := FrostbiteTime(c.wct); got != c.want {
			t.Errorf("WCT %g: %g s, want %g", c.wct, got, c.want)
		}
	}
}

// Demand consumption: 30 L/min BTPS at sea level is 30 × (760 − 47)/760 × 273.15/310.15
// = 24.79 L/min STPD (the standard BTPS→STPD conversion, computed).
func TestConsumption(t *testing.T) {
	r, err := resolve(jump25k())
	if err != nil {
		t.Fatal(err)
	}
	molarSTPD := rGas * 273.15 / pStd * 1000 // L/mol
	if got := r.consumption(760*mmHg) * 60 * molarSTPD; math.Abs(got-24.79) > 0.02 {
		t.Errorf("consumption %.3f L/min STPD, want 24.79", got)
	}
	// 1.5 L at 1,800 psi gauge, usable down to 100 psi, 15 °C: (1700 psi × 1.5 L)/(R·288.15)
	want := 1700 * psi * 0.0015 / (rGas * 288.15)
	if got := r.bottleGas(); math.Abs(got-want) > 1e-9 {
		t.Errorf("bottle %g mol, want %g", got, want)
	}
}

// More prebreathe never raises the risk (property over many profiles).
func TestMorePrebreatheNeverRaisesRisk(t *testing.T) {
	for _, exit := range []float64{18000, 22000, 25000, 30000, 35000, 40000} {
		for _, pbAlt := range []float64{0, 8000 * ft, 10000 * ft} {
			for _, cabin := range []float64{0, 8000 * ft} {
				in := jump25k()
				in.ExitAlt, in.PrebreatheAlt, in.CabinAlt = exit*ft, pbAlt, cabin
				in.TimeAtAltitude = 1200
				mins := make([]float64, 0, 50)
				for m := 0.0; m <= 240; m += 5 {
					mins = append(mins, m)
				}
				rows, err := PrebreatheTable(in, mins)
				if err != nil {
					t.Fatal(err)
				}
				for i := 1; i < len(rows); i++ {
					if rows[i].DCSRisk > rows[i-1].DCSRisk+1e-12 || rows[i].TR360Peak > rows[i-1].TR360Peak+1e-12 {
						t.Errorf("exit %g ft, prebreathe at %g m, cabin %g m: %g min risk %g TR %g > %g min risk %g TR %g",
							exit, pbAlt, cabin, rows[i].PrebreatheMin, rows[i].DCSRisk, rows[i].TR360Peak,
							rows[i-1].PrebreatheMin, rows[i-1].DCSRisk, rows[i-1].TR360Peak)
					}
				}
			}
		}
	}
}

// A break on air during the prebreathe raises TR360 and the risk (same O₂ time).
func TestAirBreakRaisesRisk(t *testing.T) {
	in := jump25k()
	// 120 min with the break after 30: the last 90 min meet the 75-min doctrine row
	in.ExitAlt, in.Prebreathe, in.TimeAtAltitude = 30000*ft, 7200, 1800
	base, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	prev := base
	for _, d := range []float64{10, 20, 60} {
		in.AirBreaks = []Break{{At: 1800, Duration: d * 60}}
		res, err := Assess(in)
		if err != nil {
			t.Fatal(err)
		}
		if !(res.DCSRisk > prev.DCSRisk && res.TR360Peak > prev.TR360Peak) {
			t.Errorf("%g-min break: risk %g TR %g, not above %g / %g", d, res.DCSRisk, res.TR360Peak, prev.DCSRisk, prev.TR360Peak)
		}
		if c := find(res.Checks, CheckPrebreathe); c.Status != check.Caution {
			t.Errorf("%g-min break: prebreathe check %s, want caution", d, c.Status)
		}
		prev = res
	}
}

func find(cs []check.Check, name string) check.Check {
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	return check.Check{}
}

// Each check at, just below and just above its limit.
func TestChecksAtLimits(t *testing.T) {
	mil, sport := OxygenRulesFor(Military), OxygenRulesFor(Sport)
	bot := func(needed, has bool, margin, neededS float64) bottleOut {
		return bottleOut{needed: needed, has: has, marginS: margin, neededS: neededS}
	}
	cases := []struct {
		name string
		c    check.Check
		want check.Status
	}{
		{"military: on air none above 10,000 ft", checkO2Rule(airOut{}, mil), check.Go},
		{"military: 1 s on air above 13,000 ft", checkO2Rule(airOut{aboveCeiling: 1}, mil), check.NoGo},
		{"military: 2 h on air at 10,000–13,000 ft (at)", checkO2Rule(airOut{inBand: 7200}, mil), check.Caution},
		{"military: 2 h 1 s on air at 10,000–13,000 ft", checkO2Rule(airOut{inBand: 7201}, mil), check.NoGo},
		{"sport: on air up to 15,000 ft", checkO2Rule(airOut{}, sport), check.Go},
		{"sport: 1 s on air above 15,000 ft", checkO2Rule(airOut{aboveCeiling: 1}, sport), check.NoGo},
		{"prebreathe below FL200", checkPrebreathe(20000*ft-1, 0, false), check.Go},
		{"prebreathe at FL200, none", checkPrebreathe(20000*ft, 0, false), check.NoGo},
		{"prebreathe at FL200, 30 min (at)", checkPrebreathe(20000*ft, 1800, false), check.Go},
		{"prebreathe at FL200, 29:59 (below)", checkPrebreathe(20000*ft, 1799, false), check.NoGo},
		{"prebreathe 31 min (above)", checkPrebreathe(25000*ft, 1860, false), check.Go},
		{"prebreathe interrupted", checkPrebreathe(25000*ft, 3600, true), check.Caution},
		{"DCS at 5 %", checkDCS(0.05, false, 0.05), check.Caution},
		{"DCS just above 5 %", checkDCS(0.0501, false, 0.05), check.NoGo},
		{"DCS at half", checkDCS(0.025, false, 0.05), check.Go},
		{"DCS just above half", checkDCS(0.0251, false, 0.05), check.Caution},
		{"DCS extrapolated", checkDCS(0.01, true, 0.05), check.Caution},
		{"bottle margin 0 (at no-go edge)", checkBottle(bot(true, true, 0, 120), 13000*ft, 60, mil), check.Caution},
		{"bottle margin −1 s", checkBottle(bot(true, true, -1, 120), 13000*ft, 60, mil), check.NoGo},
		{"bottle margin 60 s (at)", checkBottle(bot(true, true, 60, 120), 13000*ft, 60, mil), check.Go},
		{"bottle margin 59 s", checkBottle(bot(true, true, 59, 120), 13000*ft, 60, mil), check.Caution},
		{"no bottle, needed", checkBottle(bot(true, false, -120, 120), 13000*ft, 60, mil), check.NoGo},
		{"bottle not needed", checkBottle(bot(false, false, 0, 0), 13000*ft, 60, mil), check.Go},
		{"TUC reach = TUC", checkTUC(90, 90, true), check.NoGo},
		{"TUC reach just below", checkTUC(90, 89, true), check.Caution},
		{"TUC reach at half", checkTUC(90, 45, true), check.Go},
		{"TUC reach just above half", checkTUC(90, 45.1, true), check.Caution},
		{"TUC, no bail-out O₂ needed", checkTUC(600, 15, false), check.Go},
		{"PAO2 100 mmHg (at)", checkPAO2(100 * mmHg), check.Go},
		{"PAO2 99.9 mmHg", checkPAO2(99.9 * mmHg), check.Caution},
		{"PAO2 at the no-go limit", checkPAO2(MinPAO2()), check.Caution},
		{"PAO2 just below the no-go limit", checkPAO2(MinPAO2() - 1), check.NoGo},
		{"cold fraction 0.49", checkCold(ColdResult{FrostbiteFraction: 0.49, MinWindChillC: -45, FrostbiteExposureS: 100}, false), check.Go},
		{"cold fraction 0.5 (caution limit)", checkCold(ColdResult{FrostbiteFraction: 0.5, MinWindChillC: -45, FrostbiteExposureS: 100}, false), check.Caution},
		{"cold fraction 0.99", checkCold(ColdResult{FrostbiteFraction: 0.99, MinWindChillC: -45, FrostbiteExposureS: 100}, false), check.Caution},
		{"cold fraction 1 (no-go limit)", checkCold(ColdResult{FrostbiteFraction: 1, MinWindChillC: -45, FrostbiteExposureS: 100}, false), check.NoGo},
		{"cold fraction 1, covered", checkCold(ColdResult{FrostbiteFraction: 1, MinWindChillC: -45, FrostbiteExposureS: 100}, true), check.Caution},
		{"cold −55 °C band", checkCold(ColdResult{FrostbiteFraction: 0.1, MinWindChillC: -55, FrostbiteExposureS: 10}, false), check.Caution},
	}
	for _, c := range cases {
		if c.c.Status != c.want {
			t.Errorf("%s: %s (%s), want %s", c.name, c.c.Status, c.c.Detail, c.want)
		}
		if c.c.Value == "" || c.c.Limit == "" || c.c.Source == "" {
			t.Errorf("%s: value, limit and source must be set: %+v", c.name, c.c)
		}
	}
}

// Assess end to end: prebreathing on air above 14,000 ft breaks 14 CFR 91.211; no
// bottle above 13,000 ft is no-go; a 25,000-ft exit reads 238.7 K ([NWS-WC]).
func TestAssessScenarios(t *testing.T) {
	in := jump25k()
	in.PrebreatheAlt = 15000 * ft
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	if c := find(res.Checks, CheckO2Rule); c.Status != check.NoGo {
		t.Errorf("climb on air to 15,000 ft: %s, want no-go", c.Status)
	}
	in = jump25k()
	in.BottleVolume = 0
	res, err = Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	if c := find(res.Checks, CheckBottle); c.Status != check.NoGo || res.BottleMarginS >= 0 {
		t.Errorf("no bottle: %s margin %g, want no-go and a negative margin", c.Status, res.BottleMarginS)
	}
	// a bottle that only just lasts: margin is consistent with its size
	in = jump25k()
	res, err = Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cold.MinTempK < 238.6 || res.Cold.MinTempK > 238.8 {
		t.Errorf("coldest air %.2f K, want 238.7 K at 25,000 ft", res.Cold.MinTempK)
	}
	if !res.Cold.SpeedClamped {
		t.Error("free fall should flag the wind-chill speed clamp")
	}
	if !strings.Contains(res.Note, "PLANNING ESTIMATE") {
		t.Error("result must say it is a planning estimate")
	}
	if len(res.PrebreatheTable) != 6 || res.PrebreatheTable[2].PrebreatheMin != 30 {
		t.Errorf("prebreathe table %+v", res.PrebreatheTable)
	}
	// the table's 30-min row is the assessment itself (same profile)
	if d := math.Abs(res.PrebreatheTable[2].DCSRisk - res.DCSRisk); d > 1e-6 {
		t.Errorf("table 30 min %g vs assessment %g", res.PrebreatheTable[2].DCSRisk, res.DCSRisk)
	}
	// shrinking the bottle moves the margin below zero and the check to no-go
	in.BottleVolume = 0.0001
	small, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	if small.BottleMarginS >= 0 || find(small.Checks, CheckBottle).Status != check.NoGo {
		t.Errorf("0.1-L bottle: margin %g, check %s", small.BottleMarginS, find(small.Checks, CheckBottle).Status)
	}
	// and after it empties the jumper breathes air
	last := small.Profile[len(small.Profile)-1]
	if last.FiO2 != FO2Air {
		t.Errorf("after the bottle empties FiO₂ %g, want air", last.FiO2)
	}
	// samples at most 10 s apart, phases in order
	for i := 1; i < len(res.Profile); i++ {
		if d := res.Profile[i].T - res.Profile[i-1].T; d > stepMax+1e-9 || d <= 0 {
			t.Fatalf("samples %d..%d %g s apart", i-1, i, d)
		}
	}
}

// Bad input gets an error naming the field, never a panic.
func TestValidation(t *testing.T) {
	for _, c := range []struct {
		name  string
		mod   func(*Input)
		field string
	}{
		{"exit below ground", func(in *Input) { in.ExitAlt = 100 }, "exit_alt_m"},
		{"exit too high", func(in *Input) { in.ExitAlt = 50000 }, "exit_alt_m"},
		{"open above exit", func(in *Input) { in.OpenAlt = in.ExitAlt + 10 }, "open_alt_m"},
		{"negative prebreathe", func(in *Input) { in.Prebreathe = -1 }, "prebreathe_s"},
		{"NaN", func(in *Input) { in.ClimbRate = math.NaN() }, "NaN"},
		{"no free fall", func(in *Input) { in.FreefallTime = 0 }, "freefall_s"},
		{"break after prebreathe", func(in *Input) { in.AirBreaks = []Break{{At: 4000, Duration: 60}} }, "air_breaks[0]"},
		{"break zero", func(in *Input) { in.AirBreaks = []Break{{At: 60, Duration: 0}} }, "air_breaks[0]"},
		{"risk as percent", func(in *Input) { in.Limits.MaxDCSRisk = ptr(5) }, "max_dcs_risk"},
		{"unknown jump type", func(in *Input) { in.JumpType = "base" }, "jump_type"},
		{"bottle under reserve", func(in *Input) { in.BottlePressure = 50 * psi }, "bottle_pressure_pa"},
		{"bottle in litres", func(in *Input) { in.BottleVolume = 1.5 }, "bottle_volume_m3"},
		{"climb rate", func(in *Input) { in.ClimbRate = 1000 }, "climb_rate_mps"},
		{"switch too early", func(in *Input) { in.SwitchToBottle = 1e5 }, "switch_to_bottle_s"},
		{"door too early", func(in *Input) { in.DoorOpen = 1e5 }, "door_open_s"},
		{"free-fall times", func(in *Input) {
			in.Freefall = []FallPoint{{0, in.ExitAlt, 40}, {0, in.OpenAlt, 50}}
		}, "freefall[1]"},
		{"prebreathe above exit", func(in *Input) { in.PrebreatheAlt = in.ExitAlt + 1 }, "prebreathe_alt_m"},
	} {
		in := jump25k()
		c.mod(&in)
		_, err := Assess(in)
		if err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: error %v, want one naming %s", c.name, err, c.field)
		}
	}
	if _, err := PrebreatheTable(jump25k(), []float64{-5}); err == nil {
		t.Error("negative table row accepted")
	}
}

// A free-fall trajectory from the simulator replaces the linear fall.
func TestFreefallTrajectory(t *testing.T) {
	in := jump25k()
	in.Freefall = []FallPoint{{0, in.ExitAlt, 60}, {12, in.ExitAlt - 500, 70}, {90, in.OpenAlt, 55}}
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	var ff Phase
	for _, p := range res.Phases {
		if p.Name == PhaseFreefall {
			ff = p
		}
	}
	if d := ff.EndS - ff.StartS; math.Abs(d-90) > 1e-6 {
		t.Errorf("free fall %g s, want 90", d)
	}
}

func ExampleAssess() {
	res, err := Assess(Input{GroundAlt: 600, Prebreathe: 1800, ClimbRate: 5, ExitAlt: 25000 * ft,
		TimeAtAltitude: 600, FreefallTime: 100, OpenAlt: 4000 * ft, BottleVolume: 0.0015,
		BottlePressure: 1800 * psi, SkinCovered: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("TR360 %.2f, DCS %.1f %%, TUC %.0f s, bottle margin %.0f s, %s\n",
		res.TR360Peak, 100*res.DCSRisk, res.TUCS, res.BottleMarginS, check.Verdict(res.Checks))
	// Output: TR360 1.79, DCS 2.0 %, TUC 90 s, bottle margin 602 s, GO
}
