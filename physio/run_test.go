package physio

import (
	"math"
	"testing"
)

// testRunner is a full runner for the 25,000-ft jump, at the ground.
func testRunner(t *testing.T) (*runner, *resolved) {
	t.Helper()
	r, err := resolve(jump25k())
	if err != nil {
		t.Fatal(err)
	}
	p, err := build(&r, r.Prebreathe, r.AirBreaks)
	if err != nil {
		t.Fatal(err)
	}
	return newRunner(&r, p, DCSModel(), true, nil), &r
}

func TestRunnerStart(t *testing.T) {
	u, r := testRunner(t)
	p0 := r.PressureAt(r.GroundAlt)
	if u.t360 != FN2Air*p0 || math.Abs(u.o.trPeak-FN2Air) > 1e-12 || u.pa != p0 || u.t != 0 {
		t.Errorf("start: t360 %g, TR %g, pa %g, t %g; want saturated on air at %g Pa", u.t360, u.o.trPeak, u.pa, u.t, p0)
	}
	if want := (r.BottlePressure - r.BottleReserve) * r.BottleVolume / (rGas * tBottle); u.gas != want || u.emptied {
		t.Errorf("bottle %g mol (emptied %v), want %g", u.gas, u.emptied, want)
	}
	if len(u.o.samples) != 1 || u.o.samples[0].FiO2 != FO2Air {
		t.Errorf("first sample %+v", u.o.samples)
	}
}

func TestSegSteps(t *testing.T) {
	u, _ := testRunner(t)
	climb := segment{phase: PhaseClimb, dur: 95, z0: 600, z1: 1075}
	if s := u.segSteps(climb); s.n != 10 || s.dt != 9.5 || s.flat {
		t.Errorf("95-s climb: %d steps of %g s (flat %v), want 10 of 9.5 s", s.n, s.dt, s.flat)
	}
	// the risk-only pass takes a flat segment below the risk threshold in one exact step
	ground := segment{phase: PhasePrebreathe, dur: 1800, z0: 600, z1: 600, o2: true}
	if s := u.segSteps(ground); s.n != 180 {
		t.Errorf("full pass, 30 min on the ground: %d steps, want 180", s.n)
	}
	u.full = false
	if s := u.segSteps(ground); s.n != 1 || s.dt != 1800 {
		t.Errorf("risk pass, 30 min on the ground: %d steps, want 1", s.n)
	}
}

func TestBreathe(t *testing.T) {
	u, r := testRunner(t)
	u.t, u.pa = 100, 40000
	c := 0.5 * (r.consumption(40000) + r.consumption(38000)) * 10
	g0 := u.gas
	u.breathe(38000, 10)
	if math.Abs(u.gas-(g0-c)) > 1e-12 || u.emptied {
		t.Errorf("10 s: %g mol left, want %g", u.gas, g0-c)
	}
	// a bottle with a quarter of a step's use empties a quarter into the step
	u.gas = c / 4
	u.pa = 40000
	u.breathe(38000, 10)
	if !u.emptied || u.gas != 0 || math.Abs(u.o.bottle.emptyAt-102.5) > 1e-9 {
		t.Errorf("empty at %g s (emptied %v, gas %g), want 102.5 s", u.o.bottle.emptyAt, u.emptied, u.gas)
	}
}

func TestCrossFloor(t *testing.T) {
	u, r := testRunner(t)
	u.zNeed = 4000
	// a 10-s step from 4,100 to 3,600 m crosses 4,000 m a fifth into it
	s := segStep{g: segment{phase: PhaseFreefall, z0: 4600, z1: 3600}, n: 2, dt: 10}
	u.t, u.pa, u.gas = 50, r.PressureAt(4100), 1
	pb := r.PressureAt(3600)
	u.crossFloor(&s, 1, r.PressureAt(4100)) // 4,600 -> 4,100 m: not yet
	if !math.IsNaN(u.tNeed) {
		t.Fatalf("crossed at %g s above the floor", u.tNeed)
	}
	u.crossFloor(&s, 2, pb)
	want := 1 + 0.5*(r.consumption(u.pa)+r.consumption(pb))*10*0.8
	if math.Abs(u.tNeed-52) > 1e-9 || math.Abs(u.gasAtNeed-want) > 1e-12 {
		t.Errorf("crossing at %g s with %g mol, want 52 s with %g mol", u.tNeed, u.gasAtNeed, want)
	}
}

func TestExpose(t *testing.T) {
	u, _ := testRunner(t)
	u.t = 100
	tr0 := u.o.trPeak
	u.expose(PhaseAtAltitude, tr0+0.5, 30000, 10)
	u.expose(PhaseAtAltitude, 0.5, 60000, 10)
	o := u.o
	if o.trPeak != tr0+0.5 || o.trPeakT != 110 || o.trPeakPhase != PhaseAtAltitude || o.trAbove1 != 10 {
		t.Errorf("peak %g at %g s (%s), %g s above 1", o.trPeak, o.trPeakT, o.trPeakPhase, o.trAbove1)
	}
	if o.minP != 30000 || o.minPT != 110 || o.air.aboveFL200 != 10 { // FL200: 46.6 kPa
		t.Errorf("min pressure %g at %g s, %g s at or above FL200", o.minP, o.minPT, o.air.aboveFL200)
	}
	if !(o.hazE > 0) {
		t.Errorf("exposure %g above the threshold, want > 0", o.hazE)
	}
}

func TestAirRules(t *testing.T) {
	u, r := testRunner(t) // military: air ceiling 13,000 ft, band from 10,000 ft
	ru := r.rules
	u.airRules(false, ru.AirCeiling+100, 10)
	u.airRules(false, (ru.AirBandFloor+ru.AirCeiling)/2, 5)
	u.airRules(true, ru.AirCeiling+2000, 7) // on O₂: only the cabin altitude counts
	a := u.o.air
	if a.aboveCeiling != 10 || a.inBand != 5 || a.maxAltOnAir != ru.AirCeiling+100 || a.maxCabinAlt != ru.AirCeiling+2000 {
		t.Errorf("%+v", a)
	}
}

func TestChill(t *testing.T) {
	u, r := testRunner(t)
	// in the aircraft the door wind counts, in free fall the fall's
	u.chill(segment{phase: PhaseAtAltitude, wind0: 50, wind1: 50}, 0.5, 238.7, 10)
	if c := u.o.cold; c.MinWindChillAirSpeed != r.DoorWind || c.ExposureS != 10 {
		t.Errorf("at the door: air speed %g, want the door wind %g", c.MinWindChillAirSpeed, r.DoorWind)
	}
	u.chill(segment{phase: PhaseFreefall, wind0: 40, wind1: 60}, 0.5, 238.7, 10)
	c := u.o.cold
	want := WindChill(238.7-273.15, 50*3.6)
	if math.Abs(c.MinWindChillC-want.WCTC) > 1e-9 || c.MinWindChillAirSpeed != 50 || c.MinTempK != 238.7 || c.ExposureS != 20 {
		t.Errorf("free fall: %+v, want wind chill %g at 50 m/s", c, want.WCTC)
	}
	if tf := FrostbiteTime(want.WCTC); math.Abs(u.ff-(10/FrostbiteTime(WindChill(238.7-273.15, r.DoorWind*3.6).WCTC)+10/tf)) > 1e-12 {
		t.Errorf("frostbite fraction %g", u.ff)
	}
}

func TestBottleMargin(t *testing.T) {
	for _, c := range []struct {
		name              string
		has, needed       bool
		emptyAt, tNeed    float64
		gasAtNeed, margin float64 // margin NaN: gasAtNeed / consumption at the floor
	}{
		{"not needed", true, false, math.Inf(1), 0, 0, math.Inf(1)},
		{"no bottle", false, true, math.Inf(1), 1000, 0, -(1000 - 700)},
		{"empties 40 s early", true, true, 960, 1000, 0, -40},
		{"lasts", true, true, math.Inf(1), 1000, 0.5, math.NaN()},
	} {
		u, r := testRunner(t)
		u.p.tSwitch = 700
		u.o.bottle.has, u.o.bottle.needed, u.o.bottle.emptyAt = c.has, c.needed, c.emptyAt
		u.tNeed, u.gasAtNeed = c.tNeed, c.gasAtNeed
		u.bottleMargin()
		want := c.margin
		if math.IsNaN(want) {
			want = c.gasAtNeed / r.consumption(r.PressureAt(u.zNeed))
		}
		if got := u.o.bottle.marginS; got != want {
			t.Errorf("%s: margin %g s, want %g", c.name, got, want)
		}
	}
}
