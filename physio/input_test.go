package physio

import (
	"math"
	"strings"
	"testing"

	"halo/units"
)

// Each stage of resolve on its own: the field named in the error, or nil.
func TestResolveChecks(t *testing.T) {
	fp := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		name  string
		check func(Input) error
		mod   func(*Input)
		want  string // "" = no error
	}{
		{"numbers: valid", checkNumbers, func(*Input) {}, ""},
		{"numbers: infinite", checkNumbers, func(in *Input) { in.DoorWind = math.Inf(1) }, "NaN or infinite"},
		{"numbers: NaN limit", checkNumbers, func(in *Input) { in.Limits.MaxDCSRisk = fp(math.NaN()) }, "NaN or infinite"},
		{"numbers: negative", checkNumbers, func(in *Input) { in.TimeToBottle = -1 }, "time_to_bottle_s = -1 is negative"},
		{"ranges: valid", checkRanges, func(*Input) {}, ""},
		{"ranges: ground", checkRanges, func(in *Input) { in.GroundAlt = 5001 }, "ground_alt_m"},
		{"ranges: exit at ground", checkRanges, func(in *Input) { in.ExitAlt = in.GroundAlt }, "exit_alt_m"},
		{"ranges: open above exit", checkRanges, func(in *Input) { in.OpenAlt = in.ExitAlt + 1 }, "open_alt_m"},
		{"ranges: cabin", checkRanges, func(in *Input) { in.CabinAlt = 20000 }, "cabin_alt_m"},
		{"ranges: prebreathe in minutes×3600", checkRanges, func(in *Input) { in.Prebreathe = 24*3600 + 1 }, "prebreathe_s"},
		{"ranges: no console with a prebreathe", checkRanges, func(in *Input) { in.NoConsoleO2 = true }, "no_console_o2"},
		{"breaks: valid", checkBreaks, func(in *Input) { in.AirBreaks = []Break{{60, 30}, {600, 30}} }, ""},
		{"breaks: out of order", checkBreaks, func(in *Input) { in.AirBreaks = []Break{{600, 30}, {60, 30}} }, "air_breaks[1]: at_s = 60 s is before"},
		{"breaks: after the prebreathe", checkBreaks, func(in *Input) { in.AirBreaks = []Break{{1801, 30}} }, "after the end of the 1800-s prebreathe"},
		{"breaks: too long", checkBreaks, func(in *Input) { in.AirBreaks = []Break{{60, 24*3600 + 1}} }, "over 24 h"},
		{"breaks: 101", checkBreaks, func(in *Input) { in.AirBreaks = make([]Break, 101) }, "101 air breaks"},
		{"limits: valid", checkLimits, func(*Input) {}, ""},
		{"limits: climb rate in ft/min", checkLimits, func(in *Input) { in.ClimbRate = 1000 }, "climb_rate_mps"},
		{"limits: risk in percent", checkLimits, func(in *Input) { in.Limits.MaxDCSRisk = fp(5) }, "max_dcs_risk"},
		{"limits: bottle floor", checkLimits, func(in *Input) { in.BottleFloor = fp(-600) }, "bottle_floor_m"},
	} {
		in := jump25k()
		c.mod(&in)
		err := c.check(in)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func TestCheckFreefall(t *testing.T) {
	in := jump25k()
	if d, err := checkFreefall(in); err != nil || d != 100 {
		t.Errorf("time only: %g s, %v; want 100 s", d, err)
	}
	in.Freefall = []FallPoint{{0, in.ExitAlt, 60}, {12, in.ExitAlt - 500, 70}, {90, in.OpenAlt, 55}}
	if d, err := checkFreefall(in); err != nil || d != 90 {
		t.Errorf("trajectory: %g s, %v; want its 90 s", d, err)
	}
	for _, c := range []struct {
		name string
		ff   []FallPoint
		want string
	}{
		{"one point", []FallPoint{{0, 7000, 50}}, "freefall has 1 points"},
		{"not from 0", []FallPoint{{1, 7000, 50}, {2, 6000, 50}}, "freefall[0]: t_s = 1"},
		{"time back", []FallPoint{{0, 7000, 50}, {0, 6000, 50}}, "freefall[1]: t_s = 0"},
		{"above exit", []FallPoint{{0, 8000, 50}, {2, 6000, 50}}, "freefall[0]"},
		{"over an hour", []FallPoint{{0, 7000, 50}, {3601, 6000, 50}}, "over an hour"},
	} {
		in.Freefall = c.ff
		if _, err := checkFreefall(in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func TestResolveRulesAndDefaults(t *testing.T) {
	r := resolved{Input: jump25k()}
	r.JumpType = ""
	if err := r.resolveRules(); err != nil {
		t.Fatal(err)
	}
	if r.JumpType != Military || r.floor != r.rules.BottleFloor || len(r.assumptions) != 2 {
		t.Errorf("no jump type: %s, floor %g, assumptions %q", r.JumpType, r.floor, r.assumptions)
	}
	r = resolved{Input: jump25k()}
	r.JumpType, r.BottleFloor = Sport, new(float64)
	if err := r.resolveRules(); err != nil || r.floor != 0 || len(r.assumptions) != 0 {
		t.Errorf("sport, floor 0 given: floor %g, assumptions %q, %v", r.floor, r.assumptions, err)
	}
	r.JumpType = "base"
	if err := r.resolveRules(); err == nil || !strings.Contains(err.Error(), "jump_type") {
		t.Errorf("base: %v", err)
	}
	// every default used is listed; a value given (zero included for limits) is kept
	r = resolved{Input: Input{ClimbRate: 7, ContinuousFlow: 4}}
	r.Limits.MaxDCSRisk = new(float64)
	r.defaults()
	r.limits()
	r.atmosphere()
	if r.ClimbRate != 7 || r.BreathingRate != 0 || r.DepressRate != 3000*units.FootPerMinute || r.DoorOpen != 60 || r.maxDCSRisk != 0 || r.minMargin != 60 {
		t.Errorf("defaults: %+v", r)
	}
	for _, a := range []string{"depressurised", "canopy descent", "relative wind under canopy", "switch to the bail-out bottle",
		"door opens 60 s", "door 0 m/s", "100 psi", "PaCO₂", "margin caution", "air temperature", "ambient pressure"} {
		if !strings.Contains(strings.Join(r.assumptions, "\n"), a) {
			t.Errorf("assumptions lack %q", a)
		}
	}
	if s := strings.Join(r.assumptions, "\n"); strings.Contains(s, "climb rate") || strings.Contains(s, "DCS-risk ceiling") || strings.Contains(s, "L/min") {
		t.Errorf("assumptions list a value that was given: %q", r.assumptions)
	}
}

func TestCheckBottleAndTabulate(t *testing.T) {
	for _, c := range []struct {
		name string
		mod  func(*resolved)
		want string
	}{
		{"valid", func(*resolved) {}, ""},
		{"fill at the reserve", func(r *resolved) { r.BottlePressure = r.BottleReserve }, "not above the reserve"},
		{"litres", func(r *resolved) { r.BottleVolume = 1.5 }, "over 100 L"},
		{"flow", func(r *resolved) { r.BreathingRate = 201 }, "over 200 L/min"},
	} {
		r, err := resolve(jump25k())
		if err != nil {
			t.Fatal(err)
		}
		c.mod(&r)
		if err := r.checkBottle(); c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	r := resolved{Input: jump25k()}
	r.atmosphere()
	if err := r.tabulate(); err != nil {
		t.Fatal(err)
	}
	for _, z := range []float64{600, 3000.5, 7620} {
		if p, want := r.PressureAt(z), ussaP(z); math.Abs(p-want) > 1e-6*want {
			t.Errorf("table at %g m: %g Pa, USSA %g", z, p, want)
		}
	}
	r = resolved{Input: jump25k()}
	r.TempAt, r.PressureAt = ussaT, func(float64) float64 { return 101325 }
	if err := r.tabulate(); err == nil || !strings.Contains(err.Error(), "not below the ground's") {
		t.Errorf("flat atmosphere: %v", err)
	}
}
