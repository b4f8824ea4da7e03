package physio

import (
	"math"
	"strings"
	"testing"

	"halo/check"
)

// stratoJump is a balloon exit at 39 km (Red Bull Stratos [RB-F]): 2 h ground
// prebreathe, 1,000 ft/min climb, 10 min at altitude, 260 s of free fall to 2,567 m.
func stratoJump(suit *Suit) Input {
	return Input{JumpType: Stunt, GroundAlt: 1100, Prebreathe: 2 * 3600, ClimbRate: 1000 * ft / 60, ExitAlt: 38969, TimeAtAltitude: 600,
		FreefallTime: 260, OpenAlt: 2567, BottleVolume: 0.002, BottlePressure: 2000 * psi, Suit: suit}
}

// The Armstrong line: where the ambient pressure equals the vapour pressure of
// body water at 37 °C, 47 mmHg [AGE]: about 63,000 ft (19.2 km) in USSA-76.
func TestArmstrongLine(t *testing.T) {
	if z := ArmstrongAlt(); math.Abs(z/ft-63000) > 500 || math.Abs(z-19200) > 150 {
		t.Errorf("Armstrong line at %.0f m (%.0f ft), want about 19.2 km / 63,000 ft", z, z/ft)
	}
}

// Issue 18: a suitless exit above the Armstrong line is never GO; below it there
// is no Armstrong check; with a suit it is GO at the suit's pressure altitude.
func TestArmstrongCheck(t *testing.T) {
	res, err := Assess(stratoJump(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c := find(res.Checks, CheckArmstrong); c.Status != check.NoGo || c.Pass != check.AtMost || !(c.ValueSI > c.LimitSI) {
		t.Errorf("suitless 39 km: %+v", c)
	}
	if check.Verdict(res.Checks) != "NO-GO" {
		t.Error("a suitless exit at 39 km is not NO-GO")
	}
	low := stratoJump(nil)
	low.ExitAlt, low.OpenAlt, low.FreefallTime = 18000, 2567, 120
	res, err = Assess(low)
	if err != nil {
		t.Fatal(err)
	}
	if c := find(res.Checks, CheckArmstrong); c.Name != "" {
		t.Errorf("an Armstrong check below the line: %+v", c)
	}
	res, err = Assess(stratoJump(&Suit{Type: FullPressure, Pressure: 3.5 * psi, Prebreathe: 2 * 3600, Heated: true}))
	if err != nil {
		t.Fatal(err)
	}
	if c := find(res.Checks, CheckArmstrong); c.Status != check.Go {
		t.Errorf("suited 39 km: %+v", c)
	}
}

// With a 3.5-psi suit (about 35,000 ft) the physiology is at the suit's pressure
// altitude: TUC 15 s (FAA AC 61-107 Table 1-1, 35,000 ft rapid decompression, lower
// end [AC61107]) and PAO₂ on 100 % O₂ = (181 − 47) − 40 = 94 mmHg [AGE] at the exit, not the
// 39 km ambient's; a suit failure there is a caution naming the ambient's 5 s TUC.
func TestSuitPressureAltitude(t *testing.T) {
	res, err := Assess(stratoJump(&Suit{Type: FullPressure, Pressure: 3.5 * psi, Prebreathe: 2 * 3600, Heated: true}))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.Hypoxia.PressureAltM/ft-34800) > 300 || math.Abs(res.TUCS-15) > 0.5 {
		t.Errorf("suit pressure altitude %.0f ft, TUC %.0f s; want ~34,800 ft and 15 s", res.Hypoxia.PressureAltM/ft, res.TUCS)
	}
	if math.Abs(res.Hypoxia.PAO2O2mmHg-94) > 1 {
		t.Errorf("PAO₂ on O₂ %.1f mmHg, want ~94", res.Hypoxia.PAO2O2mmHg)
	}
	c := find(res.Checks, CheckSuitFailure)
	if c.Status != check.Caution || !strings.Contains(c.Value, "TUC 5 s") {
		t.Errorf("suit failure check %+v", c)
	}
	if c := find(res.Checks, CheckSuitPrebreathe); c.Status != check.Go {
		t.Errorf("2 h prebreathe for a 2 h programme: %+v", c)
	}
	for _, n := range []string{CheckPrebreathe, CheckExposure} {
		if c := find(res.Checks, n); c.Name != "" {
			t.Errorf("the no-suit doctrine check %q is given with a suit: %+v", n, c)
		}
	}
}

// Issue 18: a prebreathe shorter than the suit's programme is NO-GO; with no
// programme given, the doctrine row at the suit's pressure altitude (75 min at
// FL250-FL350 [WEBB35]) is the limit.
func TestSuitPrebreatheTooShort(t *testing.T) {
	in := stratoJump(&Suit{Type: FullPressure, Pressure: 3.5 * psi, Prebreathe: 2 * 3600, Heated: true})
	in.Prebreathe = 3600
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	if c := find(res.Checks, CheckSuitPrebreathe); c.Status != check.NoGo || c.ValueSI != 3600 || c.LimitSI != 7200 {
		t.Errorf("1 h against a 2 h programme: %+v", c)
	}
	in.Suit.Prebreathe = 0
	for _, c := range []struct {
		pre  float64
		want check.Status
	}{{3600, check.NoGo}, {80 * 60, check.Go}} {
		in.Prebreathe = c.pre
		res, err = Assess(in)
		if err != nil {
			t.Fatal(err)
		}
		if k := find(res.Checks, CheckSuitPrebreathe); k.Status != c.want || k.LimitSI != 75*60 {
			t.Errorf("%.0f min against the doctrine's 75 min: %+v, want %s", c.pre/60, k, c.want)
		}
	}
}

// An unheated suit in stratospheric cold is a caution; a heated one is go.
func TestSuitCold(t *testing.T) {
	for _, heated := range []bool{false, true} {
		res, err := Assess(stratoJump(&Suit{Type: PartialPressure, Pressure: 3.5 * psi, Heated: heated}))
		if err != nil {
			t.Fatal(err)
		}
		c := find(res.Checks, CheckSuitCold)
		if want := map[bool]check.Status{false: check.Caution, true: check.Go}[heated]; c.Status != want {
			t.Errorf("heated %v: %+v, want %s", heated, c, want)
		}
	}
}

func TestSuitInputErrors(t *testing.T) {
	for _, s := range []Suit{
		{Type: "space", Pressure: 3.5 * psi},
		{Type: FullPressure, Pressure: 1 * psi},
		{Type: FullPressure, Pressure: math.NaN()},
		{Type: FullPressure, Pressure: 3.5 * psi, Prebreathe: -1},
	} {
		s := s
		if _, err := Assess(stratoJump(&s)); err == nil || !strings.Contains(err.Error(), "suit") {
			t.Errorf("%+v: error %v", s, err)
		}
	}
}

// FuzzSuit: any suit figures on a stratospheric jump give a result or an error,
// never a panic; a result has a risk in 0..1 and every suit check.
func FuzzSuit(f *testing.F) {
	f.Add(3.5*psi, 7200.0, 38969.0, 260.0, true, false)
	f.Add(4.0*psi, 0.0, 25000.0, 150.0, false, true)
	f.Add(1.0, -1.0, 50000.0, 0.0, false, false)
	f.Fuzz(func(t *testing.T, p, pre, exit, ff float64, heated, partial bool) {
		s := &Suit{Type: FullPressure, Pressure: p, Prebreathe: pre, Heated: heated}
		if partial {
			s.Type = PartialPressure
		}
		in := stratoJump(s)
		in.ExitAlt, in.FreefallTime = exit, ff
		res, err := Assess(in)
		if err != nil {
			return
		}
		if !(res.DCSRisk >= 0 && res.DCSRisk <= 1) {
			t.Fatalf("risk %g", res.DCSRisk)
		}
		for _, n := range []string{CheckSuitPrebreathe, CheckSuitFailure, CheckSuitCold, CheckArmstrong} {
			if find(res.Checks, n).Name == "" {
				t.Fatalf("no %q check", n)
			}
		}
	})
}
