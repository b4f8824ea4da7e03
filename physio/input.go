package physio

import (
	"fmt"
	"math"

	"halo/atmos"
	"halo/mission"
	"halo/units"
)

const (
	mmHg = units.MmHg
	ft   = units.Foot
	// FO2Air is the O₂ fraction of dry air, 0.2095 [AGE].
	FO2Air = 0.2095
	// FN2Air is the inert (N₂ + Ar) fraction of dry air used for tissue tensions, 0.79:
	// the NASA TR convention, 0.79 × 14.7 psia = 11.6 psia at sea level ([CONK04]).
	FN2Air = 0.79
	// maxAlt is the highest exit altitude accepted (m MSL): the mission's table of
	// valid ranges (mission.MaxExitAlt, 45 km). Above about 15 km an open-face mask
	// on 100 % O₂ no longer sustains consciousness: without a pressure suit the
	// checks say so (NO-GO), with one the exposure is the suit's pressure altitude.
	maxAlt = mission.MaxExitAlt
)

// Break is a break on air during the prebreathe. At is the time on 100 % O₂ already
// breathed in the prebreathe when the break starts (s); Duration is the break (s).
// Breaks do not count toward Input.Prebreathe: they lengthen the prebreathe phase.
type Break struct {
	At       float64 `json:"at_s"`
	Duration float64 `json:"duration_s"`
}

// FallPoint is one point of a free-fall trajectory: time since exit (s), altitude
// (m MSL) and air speed relative to the jumper (m/s, for wind chill).
type FallPoint struct {
	T        float64 `json:"t_s"`
	Alt      float64 `json:"alt_m"`
	AirSpeed float64 `json:"airspeed_mps"`
}

// Limits are the thresholds of the checks. A nil field takes its default (listed
// in Result.Assumptions when used); a field that is set is used as given, zero
// included: zero is a value, not "unset" [halo-verdict].
type Limits struct {
	// MaxDCSRisk is the DCS-risk no-go ceiling, 0..1 (default 0.05).
	MaxDCSRisk *float64 `json:"max_dcs_risk,omitempty"`
	// MinBottleMargin is the bail-out bottle margin (s) below which the bottle check
	// cautions (default 60 s, halo's choice); below 0 s it is no-go.
	MinBottleMargin *float64 `json:"min_bottle_margin_s,omitempty"`
}

// JumpType is the kind of jump, which decides the oxygen rules (OxygenRules).
type JumpType string

// The jump types.
const (
	// Sport is a civil skydive under USPA and the FAA: supplemental and bail-out
	// oxygen above 15,000 ft MSL (14 CFR 91.211(a)(3) [CFR91211], USPA SIM 6-7 [USPA-SIM67]).
	Sport JumpType = "sport"
	// Military is military free fall: supplemental oxygen at and above 10,000 ft, with
	// the free-fall-school exception up to 13,000 ft for at most 2 h (AFI 11-409 [AFI409]).
	Military JumpType = "military"
	// Stunt is a civil film or display jump: the civil (sport) oxygen rules.
	Stunt JumpType = "stunt"
)

// Input is one jumper's exposure. Altitudes are metres MSL, times seconds, speeds
// metres per second, pressures pascals; a zero optional field takes the default
// named in its comment and listed in Result.Assumptions.
type Input struct {
	// JumpType decides the oxygen rules (default Military, the stricter).
	JumpType JumpType `json:"jump_type,omitempty"`
	// BottleFloor is the altitude (m MSL) down to which the bail-out bottle must last;
	// an exit at or below it needs no bottle. nil: by JumpType (OxygenRules).
	BottleFloor *float64 `json:"bottle_floor_m,omitempty"`
	// GroundAlt is the take-off and landing elevation (m MSL, mission.MinElevation..MaxElevation: −430..5,000).
	GroundAlt float64 `json:"ground_alt_m"`
	// Prebreathe is the time on 100 % O₂ before the climb starts, breaks excluded (s).
	Prebreathe float64 `json:"prebreathe_s"`
	// PrebreatheAlt is the cabin altitude (m MSL) at which the prebreathe is done; any
	// value at or below GroundAlt means on the ground. The climb to it is on air.
	PrebreatheAlt float64 `json:"prebreathe_alt_m"`
	// NoConsoleO2 says the aircraft has no oxygen for the jumpers (a sport load): they
	// breathe air from take-off until they switch to the bail-out bottle (if any),
	// SwitchToBottle s before exit. Prebreathe must then be 0.
	NoConsoleO2 bool `json:"no_console_o2,omitempty"`
	// AirBreaks are breaks on air during the prebreathe.
	AirBreaks []Break `json:"air_breaks,omitempty"`
	// ClimbRate is the aircraft's mean climb rate (m/s, 0.5..100; default 1,000 ft/min).
	ClimbRate float64 `json:"climb_rate_mps"`
	// CabinAlt is the pressurised cabin's altitude (m MSL); 0 = unpressurised (the
	// cabin follows the aircraft).
	CabinAlt float64 `json:"cabin_alt_m"`
	// DepressRate is the cabin's depressurisation rate before the door opens (m/s;
	// default 3,000 ft/min, the AFI 11-2C-130 Vol 3 maximum [C130V3]).
	DepressRate float64 `json:"depress_rate_mps"`
	// ExitAlt is the exit altitude (m MSL, above GroundAlt, at most 45,000 m).
	ExitAlt float64 `json:"exit_alt_m"`
	// TimeAtAltitude is the time at the exit altitude (cabin depressurised) before exit (s).
	TimeAtAltitude float64 `json:"time_at_altitude_s"`
	// FreefallTime is the free-fall time (s); ignored when Freefall is given.
	FreefallTime float64 `json:"freefall_s"`
	// Freefall is an optional free-fall trajectory (from the simulator), times from 0
	// at exit, increasing, altitudes from ExitAlt down to OpenAlt.
	Freefall []FallPoint `json:"freefall,omitempty"`
	// OpenAlt is the canopy-opening altitude (m MSL).
	OpenAlt float64 `json:"open_alt_m"`
	// CanopySink is the canopy's mean descent rate (m/s; default 5 m/s, ~1,000 ft/min,
	// [CANOPY-SPORT]).
	CanopySink float64 `json:"canopy_sink_mps"`
	// CanopyTime is the time from the end of the free fall (FreefallTime) to the
	// landing (s), deployment included, as
	// the simulator flew it (steering, S-turns, the density's effect on the sink);
	// 0: estimated from OpenAlt, GroundAlt and CanopySink.
	CanopyTime float64 `json:"canopy_s,omitempty"`
	// CanopyAirSpeed is the relative wind under canopy (m/s; default the vector sum of
	// a 10 m/s forward speed, [CANOPY-SPORT], and CanopySink).
	CanopyAirSpeed float64 `json:"canopy_airspeed_mps"`
	// SwitchToBottle is when the jumper goes onto the bail-out bottle, seconds before
	// exit (default 60 s: "about 1 min before the green light", [C130V3]).
	SwitchToBottle float64 `json:"switch_to_bottle_s"`
	// DoorOpen is when the door or ramp opens, seconds before exit (default SwitchToBottle).
	// Cold exposure counts from then.
	DoorOpen float64 `json:"door_open_s"`
	// DoorWind is the relative wind on the jumper at the open door (m/s; default 0,
	// which the wind-chill formula's floor of 4.8 km/h replaces).
	DoorWind float64 `json:"door_wind_mps"`
	// BottleVolume is the bail-out bottle's water volume (m³; 0 = no bottle).
	BottleVolume float64 `json:"bottle_volume_m3"`
	// BottlePressure is its fill pressure, gauge (Pa), read at 15 °C.
	BottlePressure float64 `json:"bottle_pressure_pa"`
	// BottleReserve is the gauge pressure (Pa) at which the bottle counts as empty
	// (default 100 psi, FM 31-19 [FM3119]).
	BottleReserve float64 `json:"bottle_reserve_pa"`
	// BreathingRate is the minute ventilation in L/min BTPS (body temperature 37 °C,
	// ambient pressure, saturated) that a demand regulator supplies (default 30 L/min:
	// the 14 CFR 25.1443(c)(2) design rate for cabin altitudes above 18,500 ft).
	BreathingRate float64 `json:"breathing_rate_lpm_btps"`
	// ContinuousFlow, when > 0, is a continuous-flow regulator's flow in L/min of free
	// gas at NTP (20 °C, 101.325 kPa); it replaces the demand model.
	ContinuousFlow float64 `json:"continuous_flow_lpm_ntp"`
	// TimeToBottle is the time (s) a jumper needs to get onto the bail-out bottle if the
	// console O₂ fails (default 15 s: a halo placeholder, not a published figure:
	// measure it in your drills).
	TimeToBottle float64 `json:"time_to_bottle_s"`
	// PaCO2 is the arterial CO₂ pressure (Pa) for the alveolar gas equation
	// (default 40 mmHg, [AGE]).
	PaCO2 float64 `json:"paco2_pa"`
	// SkinCovered says all skin is covered (mask, goggles, gloves); the frostbite
	// check then judges no exposed skin and cautions instead of failing. false (the
	// default) judges exposed skin.
	SkinCovered bool `json:"skin_covered"`
	// Suit, when not nil, is the jumper's pressure suit: above its pressure altitude
	// the physiology is at the suit's pressure (Suit).
	Suit *Suit `json:"suit,omitempty"`
	// TempAt returns the air temperature (K) at altitude z (m MSL); default USSA-76.
	TempAt func(z float64) float64 `json:"-"`
	// PressureAt returns the ambient pressure (Pa) at altitude z (m MSL); default
	// USSA-76. Cabin altitudes are converted with it too.
	PressureAt func(z float64) float64 `json:"-"`
	// Limits are the checks' thresholds.
	Limits Limits `json:"limits"`
}

// resolved is Input with defaults filled and the assumptions that were used.
type resolved struct {
	Input
	rules       OxygenRules
	floor       float64 // bail-out floor, m MSL
	maxDCSRisk  float64
	minMargin   float64
	assumptions []string
	ambientP    func(z float64) float64 // the ambient pressure (Pa), suit or not
}

func ussaT(z float64) float64 {
	s, err := atmos.Standard(clampAlt(z))
	if err != nil {
		return math.NaN()
	}
	return s.T
}

func ussaP(z float64) float64 {
	s, err := atmos.Standard(clampAlt(z))
	if err != nil {
		return math.NaN()
	}
	return s.P
}

// deref returns *p, or 0 for nil (for validation: a nil field is checked as absent).
func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func clampAlt(z float64) float64 { return math.Max(atmos.MinAlt, math.Min(atmos.MaxAlt, z)) }

func finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// resolve validates in and fills its defaults. The stages run in order, the first
// error wins: numbers finite and not negative (checkNumbers), ranges
// (checkRanges, checkBreaks, checkFreefall, checkLimits), the jump type's oxygen
// rules (resolveRules), the defaults (defaults, limits, atmosphere), the bottle
// and breathing figures that depend on them (checkBottle), and the atmosphere
// tabulated (tabulate).
func resolve(in Input) (resolved, error) {
	r := resolved{Input: in}
	if err := checkNumbers(in); err != nil {
		return r, err
	}
	if err := checkRanges(in); err != nil {
		return r, err
	}
	if err := checkBreaks(in); err != nil {
		return r, err
	}
	ff, err := checkFreefall(in)
	if err != nil {
		return r, err
	}
	r.FreefallTime = ff
	if err := checkLimits(in); err != nil {
		return r, err
	}
	if err := r.resolveRules(); err != nil {
		return r, err
	}
	r.defaults()
	r.limits()
	r.atmosphere()
	if err := checkSuit(r.Suit, r.PressureAt(r.GroundAlt)); err != nil {
		return r, err
	}
	if err := r.checkBottle(); err != nil {
		return r, err
	}
	if err := r.tabulate(); err != nil {
		return r, err
	}
	r.wearSuit()
	return r, nil
}

// checkNumbers refuses a NaN or infinite input and a negative one where only
// values ≥ 0 make sense.
func checkNumbers(in Input) error {
	if !finite(in.GroundAlt, in.Prebreathe, in.PrebreatheAlt, in.ClimbRate, in.CabinAlt, in.DepressRate,
		in.ExitAlt, in.TimeAtAltitude, in.FreefallTime, in.OpenAlt, in.CanopySink, in.CanopyTime, in.CanopyAirSpeed,
		in.SwitchToBottle, in.DoorOpen, in.DoorWind, in.BottleVolume, in.BottlePressure, in.BottleReserve,
		in.BreathingRate, in.ContinuousFlow, in.TimeToBottle, in.PaCO2, deref(in.Limits.MaxDCSRisk),
		deref(in.Limits.MinBottleMargin), deref(in.BottleFloor)) {
		return fmt.Errorf("physio: an input is NaN or infinite: give every field a finite number")
	}
	for _, f := range []struct {
		n string
		v float64
	}{{"prebreathe_s", in.Prebreathe}, {"climb_rate_mps", in.ClimbRate}, {"cabin_alt_m", in.CabinAlt},
		{"depress_rate_mps", in.DepressRate}, {"time_at_altitude_s", in.TimeAtAltitude},
		{"freefall_s", in.FreefallTime}, {"canopy_sink_mps", in.CanopySink}, {"canopy_s", in.CanopyTime}, {"canopy_airspeed_mps", in.CanopyAirSpeed},
		{"switch_to_bottle_s", in.SwitchToBottle}, {"door_open_s", in.DoorOpen}, {"door_wind_mps", in.DoorWind},
		{"bottle_volume_m3", in.BottleVolume}, {"bottle_pressure_pa", in.BottlePressure},
		{"bottle_reserve_pa", in.BottleReserve}, {"breathing_rate_lpm_btps", in.BreathingRate},
		{"continuous_flow_lpm_ntp", in.ContinuousFlow}, {"time_to_bottle_s", in.TimeToBottle},
		{"paco2_pa", in.PaCO2}, {"limits.max_dcs_risk", deref(in.Limits.MaxDCSRisk)},
		{"limits.min_bottle_margin_s", deref(in.Limits.MinBottleMargin)}} {
		if f.v < 0 {
			return fmt.Errorf("physio: %s = %g is negative: give a value ≥ 0", f.n, f.v)
		}
	}
	return nil
}

// checkRanges checks the altitudes and times against each other and against the
// mission's ranges (mission.Ranges), so that a mission file the decoder accepts is
// one the physiology assesses.
func checkRanges(in Input) error {
	switch {
	case in.GroundAlt < mission.MinElevation || in.GroundAlt > mission.MaxElevation:
		return fmt.Errorf("physio: ground_alt_m = %g m is outside %g..%g m MSL", in.GroundAlt, mission.MinElevation, mission.MaxElevation)
	case in.ExitAlt <= in.GroundAlt || in.ExitAlt > maxAlt:
		return fmt.Errorf("physio: exit_alt_m = %g m must be above the ground (%g m) and at most %g m MSL", in.ExitAlt, in.GroundAlt, maxAlt)
	case in.OpenAlt <= in.GroundAlt || in.OpenAlt > in.ExitAlt:
		return fmt.Errorf("physio: open_alt_m = %g m must be above the ground (%g m) and not above the exit (%g m)", in.OpenAlt, in.GroundAlt, in.ExitAlt)
	case in.PrebreatheAlt > in.ExitAlt:
		return fmt.Errorf("physio: prebreathe_alt_m = %g m is above the exit altitude %g m", in.PrebreatheAlt, in.ExitAlt)
	case in.CabinAlt < mission.MinCabinAlt || in.CabinAlt > mission.MaxCabinAlt:
		return fmt.Errorf("physio: cabin_alt_m = %g m is outside %g..%g m", in.CabinAlt, mission.MinCabinAlt, mission.MaxCabinAlt)
	case in.Prebreathe > 24*3600:
		return fmt.Errorf("physio: prebreathe_s = %g s is over 24 h: give the prebreathe in seconds", in.Prebreathe)
	case in.TimeAtAltitude > 24*3600:
		return fmt.Errorf("physio: time_at_altitude_s = %g s is over 24 h", in.TimeAtAltitude)
	case in.NoConsoleO2 && (in.Prebreathe > 0 || len(in.AirBreaks) > 0):
		return fmt.Errorf("physio: prebreathe_s = %g s with no_console_o2: a prebreathe needs oxygen on board", in.Prebreathe)
	}
	return nil
}

// checkBreaks checks the air breaks: at most 100, each within the prebreathe, in
// order, with a positive duration of at most 24 h.
func checkBreaks(in Input) error {
	if len(in.AirBreaks) > 100 {
		return fmt.Errorf("physio: %d air breaks: at most 100", len(in.AirBreaks))
	}
	last := -1.0
	for i, b := range in.AirBreaks {
		switch {
		case !finite(b.At, b.Duration) || b.At < 0 || b.Duration <= 0:
			return fmt.Errorf("physio: air_breaks[%d]: at_s = %g, duration_s = %g: need at_s ≥ 0 and duration_s > 0", i, b.At, b.Duration)
		case b.At > in.Prebreathe:
			return fmt.Errorf("physio: air_breaks[%d]: at_s = %g s is after the end of the %g-s prebreathe", i, b.At, in.Prebreathe)
		case b.At < last:
			return fmt.Errorf("physio: air_breaks[%d]: at_s = %g s is before the previous break's %g s: list breaks in order", i, b.At, last)
		case b.Duration > 24*3600:
			return fmt.Errorf("physio: air_breaks[%d]: duration_s = %g s is over 24 h", i, b.Duration)
		}
		last = b.At
	}
	return nil
}

// checkFreefall checks the free fall, a trajectory or a time, and returns its
// duration (s).
func checkFreefall(in Input) (float64, error) {
	if len(in.Freefall) == 0 {
		if in.FreefallTime <= 0 || in.FreefallTime > 3600 {
			return 0, fmt.Errorf("physio: freefall_s = %g s: give the free-fall time (0 < t ≤ 3,600 s) or a free-fall trajectory", in.FreefallTime)
		}
		return in.FreefallTime, nil
	}
	if len(in.Freefall) < 2 || len(in.Freefall) > 100000 {
		return 0, fmt.Errorf("physio: freefall has %d points: give 2..100,000", len(in.Freefall))
	}
	for i, p := range in.Freefall {
		if !finite(p.T, p.Alt, p.AirSpeed) || p.AirSpeed < 0 || p.Alt > in.ExitAlt+1 || p.Alt < in.GroundAlt {
			return 0, fmt.Errorf("physio: freefall[%d]: t_s %g, alt_m %g, airspeed_mps %g: need finite values, altitude between the ground and the exit, speed ≥ 0", i, p.T, p.Alt, p.AirSpeed)
		}
		if (i == 0 && p.T != 0) || (i > 0 && p.T <= in.Freefall[i-1].T) {
			return 0, fmt.Errorf("physio: freefall[%d]: t_s = %g: times must start at 0 at exit and increase", i, p.T)
		}
	}
	d := in.Freefall[len(in.Freefall)-1].T
	if d > 3600 {
		return d, fmt.Errorf("physio: freefall lasts %g s: over an hour", d)
	}
	return d, nil
}

// checkLimits checks the climb rate against the mission's range, the DCS-risk
// ceiling as a fraction and the bottle floor.
func checkLimits(in Input) error {
	if in.ClimbRate != 0 && (in.ClimbRate < mission.MinClimbRate || in.ClimbRate > mission.MaxClimbRate) {
		return fmt.Errorf("physio: climb_rate_mps = %g outside %g..%g m/s", in.ClimbRate, mission.MinClimbRate, mission.MaxClimbRate)
	}
	if deref(in.Limits.MaxDCSRisk) > 1 {
		return fmt.Errorf("physio: limits.max_dcs_risk = %g: give a fraction 0..1 (0.05 for 5 %%)", deref(in.Limits.MaxDCSRisk))
	}
	if f := deref(in.BottleFloor); f < -500 || f > maxAlt {
		return fmt.Errorf("physio: bottle_floor_m = %g m outside −500..%g m MSL", f, maxAlt)
	}
	return nil
}

// resolveRules takes the jump type (default military) and its oxygen rules, and
// the bail-out floor (default the rules').
func (r *resolved) resolveRules() error {
	switch r.JumpType {
	case "":
		r.JumpType = Military
		r.assumptions = append(r.assumptions, "jump type not given: military free fall, the stricter oxygen rules (AFI 11-409 [AFI409])")
	case Sport, Military, Stunt:
	default:
		return fmt.Errorf("physio: jump_type = %q: use sport, military or stunt", r.JumpType)
	}
	r.rules = OxygenRulesFor(r.JumpType)
	if r.BottleFloor != nil {
		r.floor = *r.BottleFloor
	} else {
		r.floor = r.rules.BottleFloor
		r.assumptions = append(r.assumptions, "bail-out O₂ needed down to "+r.rules.BottleFloorText)
	}
	return nil
}

// def sets *p to v when it is zero, with the assumption text.
func (r *resolved) def(p *float64, v float64, text string) {
	if *p == 0 {
		*p = v
		r.assumptions = append(r.assumptions, text)
	}
}

// defaults fills the zero optional fields, each with its assumption.
func (r *resolved) defaults() {
	r.def(&r.ClimbRate, 1000*units.FootPerMinute, "aircraft climb rate 1,000 ft/min (5.1 m/s): halo's assumption, not published")
	r.def(&r.DepressRate, 3000*units.FootPerMinute, "cabin depressurised at 3,000 ft/min, the AFI 11-2C-130 Vol 3 maximum [C130V3]")
	r.def(&r.CanopySink, 5, "canopy descent 5 m/s (~1,000 ft/min, sport ram-air, [CANOPY-SPORT])")
	if r.CanopyAirSpeed == 0 {
		r.CanopyAirSpeed = math.Hypot(10, r.CanopySink)
		r.assumptions = append(r.assumptions, fmt.Sprintf("relative wind under canopy %.1f m/s (10 m/s forward, [CANOPY-SPORT], with the sink rate)", r.CanopyAirSpeed))
	}
	r.def(&r.SwitchToBottle, 60, "switch to the bail-out bottle 60 s before exit (about 1 min before the green light, AFI 11-2C-130 Vol 3 [C130V3])")
	if r.DoorOpen == 0 {
		r.DoorOpen = r.SwitchToBottle
		r.assumptions = append(r.assumptions, fmt.Sprintf("door opens %.0f s before exit, when jumpers switch to the bottle", r.DoorOpen))
	}
	if r.DoorWind == 0 {
		r.assumptions = append(r.assumptions, "relative wind at the open door 0 m/s, raised to the wind-chill formula's floor of 4.8 km/h")
	}
	r.def(&r.BottleReserve, 100*units.PSI, "bottle empty at 100 psi gauge (FM 31-19 [FM3119])")
	if r.ContinuousFlow == 0 {
		r.def(&r.BreathingRate, DefaultBreathingRate, DefaultBreathingRateText)
	}
	r.def(&r.TimeToBottle, DefaultTimeToBottle, DefaultTimeToBottleText)
	r.def(&r.PaCO2, 40*mmHg, "PaCO₂ 40 mmHg, R = 0.8 in the alveolar gas equation [AGE]; on air at altitude real PaCO₂ falls, so PAO₂ on air is understated")
}

// limits takes the checks' thresholds, or their defaults.
func (r *resolved) limits() {
	r.maxDCSRisk, r.minMargin = 0.05, 60
	if r.Limits.MaxDCSRisk != nil {
		r.maxDCSRisk = *r.Limits.MaxDCSRisk
	} else {
		r.assumptions = append(r.assumptions, "DCS-risk ceiling 5 % (halo's planning ceiling)")
	}
	if r.Limits.MinBottleMargin != nil {
		r.minMargin = *r.Limits.MinBottleMargin
	} else {
		r.assumptions = append(r.assumptions, "bottle margin caution below 60 s (halo's choice)")
	}
}

// atmosphere takes the 1976 US Standard Atmosphere where no temperature or
// pressure profile is given.
func (r *resolved) atmosphere() {
	if r.TempAt == nil {
		r.TempAt = ussaT
		r.assumptions = append(r.assumptions, "air temperature from the 1976 US Standard Atmosphere")
	}
	if r.PressureAt == nil {
		r.PressureAt = ussaP
		r.assumptions = append(r.assumptions, "ambient pressure from the 1976 US Standard Atmosphere")
	}
}

// checkBottle checks the bottle and breathing figures once the defaults are in:
// fill above the reserve, volume in m³, rates in L/min.
func (r *resolved) checkBottle() error {
	switch {
	case r.BottleVolume > 0 && r.BottlePressure <= r.BottleReserve:
		return fmt.Errorf("physio: bottle_pressure_pa = %g Pa is not above the reserve %g Pa: give the gauge fill pressure", r.BottlePressure, r.BottleReserve)
	case r.BottleVolume > 0.1:
		return fmt.Errorf("physio: bottle_volume_m3 = %g m³ is over 100 L: give the water volume in m³ (e.g. 0.0015 for 1.5 L)", r.BottleVolume)
	case r.BreathingRate > 200 || r.ContinuousFlow > 200:
		return fmt.Errorf("physio: breathing rate %g / continuous flow %g L/min: over 200 L/min, check the unit", r.BreathingRate, r.ContinuousFlow)
	}
	return nil
}

// tabulate checks the atmosphere at the ground, exit and opening, and that the
// pressure falls to the exit, then tabulates it once from the ground to the exit:
// every profile pass reads the table.
func (r *resolved) tabulate() error {
	for _, z := range []float64{r.GroundAlt, r.ExitAlt, r.OpenAlt} {
		if p, t := r.PressureAt(z), r.TempAt(z); !finite(p, t) || p <= 0 || t <= 0 {
			return fmt.Errorf("physio: the atmosphere gives p = %g Pa, T = %g K at %g m: need positive finite values", p, t, z)
		}
	}
	if p0, p1 := r.PressureAt(r.GroundAlt), r.PressureAt(r.ExitAlt); !(p1 < p0) {
		return fmt.Errorf("physio: the atmosphere's pressure at the exit (%g Pa) is not below the ground's (%g Pa)", p1, p0)
	}
	g := newGrid(r.GroundAlt-gridStep, r.ExitAlt+gridStep, r.PressureAt, r.TempAt)
	for i := range g.lnp {
		if !finite(g.lnp[i], g.t[i]) || g.t[i] <= 0 {
			return fmt.Errorf("physio: the atmosphere gives a non-positive or non-finite value at %g m", g.z0+float64(i)*gridStep)
		}
	}
	r.PressureAt, r.TempAt = g.pressure, g.temp
	return nil
}
