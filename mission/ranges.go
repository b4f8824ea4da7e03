package mission

import (
	"sort"

	"github.com/goccy/go-yaml/ast"

	"halo/units"
)

// Valid ranges of the mission quantities that more than one package checks: the
// decoder refuses a value outside them with its line, and the physiology (physio)
// and the flight simulator (flight) validate their inputs against the same
// numbers, so that `halo mission check` accepts exactly what `halo plan` can plan.
// All values SI; bounds are inclusive. The reasons are in Ranges and
// docs/sources.md [halo-ranges].
const (
	// MinElevation and MaxElevation bound a ground elevation (target, take-off
	// field), m MSL: dry land goes down to the Dead Sea shore, about −430 m; the
	// physiology is not modelled for take-off or landing fields above 5,000 m.
	MinElevation = -430.0
	MaxElevation = 5000.0
	// MinExitAlt and MaxExitAlt bound the exit altitude, m MSL: up to 45 km, above
	// the highest jump ever made (Eustace, 41,422 m, 2014 [FAI-records]) and within
	// the atmosphere and drag tables. Above about 15 km an open-face mask on 100 %
	// O₂ no longer keeps a jumper conscious: the physiology checks ask for a
	// pressure suit (jumpers[].suit) there, they do not refuse the mission.
	MinExitAlt = 100.0
	MaxExitAlt = 45000.0
	// MinCabinAlt and MaxCabinAlt bound a pressurised cabin's altitude, m MSL: no
	// jump aircraft pressurises its cabin above sea-level pressure, and a cabin
	// higher than the exit ceiling is no pressurisation.
	MinCabinAlt = 0.0
	MaxCabinAlt = 15000.0
	// MinAirspeed is the lowest true (or indicated) airspeed of a jump aircraft at
	// exit, m/s: 50 kt, the full-flap power-off stall speed of the Cessna 182 at
	// maximum weight [C182-POH], the slowest common jump aircraft. A slower
	// "aircraft" is a typo or a balloon (aircraft.balloon: true).
	MinAirspeed = 50 * units.Knot
	// MaxAirspeed is the highest exit airspeed accepted, m/s (about 486 kt: above
	// every jump aircraft; a higher figure is a unit slip).
	MaxAirspeed = 250.0
	// MinClimbRate and MaxClimbRate bound the aircraft's mean climb rate, m/s.
	MinClimbRate = 0.5
	MaxClimbRate = 100.0
	// MinMass and MaxMass bound a jumper's mass with all equipment, kg (a tandem
	// pair is one jumper up to 250 kg).
	MinMass = 40.0
	MaxMass = 250.0
	// MinBottlePressure and MaxBottlePressure bound a bail-out bottle's gauge fill
	// pressure, Pa: a bottle counts as empty at 100 psi [FM3119], so a fill must be
	// well above it (1 MPa, 145 psi); 40 MPa is above every breathing-gas cylinder.
	MinBottlePressure = 1e6
	MaxBottlePressure = 40e6
)

// Range is the valid range of one mission quantity.
type Range struct {
	// Key is the mission key ("aircraft.altitude"; "jumpers[].mass" for every jumper).
	Key  string
	Kind units.Kind
	// Min and Max are inclusive bounds in SI units.
	Min, Max float64
	// Why is the reason for the bounds, with its source.
	Why string
}

func rangeTable() map[string]Range {
	elev := "dry land reaches down to the Dead Sea shore (about −430 m); the physiology is not modelled for fields above 5,000 m [halo-ranges]"
	exit := "up to 45 km, above the highest jump made (41,422 m [FAI-records]); above about 15 km a pressure suit is needed (jumpers[].suit), which the physiology checks [halo-ranges]"
	speed := "below 50 kt no jump aircraft flies: the Cessna 182 stalls at about 50 kt with full flaps at maximum weight [C182-POH]; for a balloon give balloon: true and no airspeed"
	rs := []Range{
		{"target.elevation", units.Length, MinElevation, MaxElevation, elev},
		{"aircraft.takeoff_elevation", units.Length, MinElevation, MaxElevation, elev},
		{"aircraft.altitude", units.Length, MinExitAlt, MaxExitAlt, exit},
		{"aircraft.cabin", units.Length, MinCabinAlt, MaxCabinAlt, "a cabin is not pressurised above sea-level pressure, nor is one above the exit ceiling pressurised [halo-ranges]"},
		{"aircraft.airspeed", units.Speed, MinAirspeed, MaxAirspeed, speed},
		{"aircraft.indicated_airspeed", units.Speed, MinAirspeed, MaxAirspeed, speed},
		{"aircraft.climb_rate", units.Speed, MinClimbRate, MaxClimbRate, "a mean climb rate of 100 ft/min .. 19,700 ft/min [halo-ranges]"},
		{"jumpers[].mass", units.Mass, MinMass, MaxMass, "a jumper with equipment; a tandem pair is one jumper up to 250 kg [halo-ranges]"},
		{"oxygen.prebreathe_at", units.Length, MinElevation, 12000, "a cabin altitude for the prebreathe, not above the exit [halo-ranges]"},
		{"oxygen.bottle.pressure", units.Pressure, MinBottlePressure, MaxBottlePressure, "a bottle counts as empty at 100 psi [FM3119]: a fill must be well above it [halo-ranges]"},
		{"limits.max_dcs_risk", units.Fraction, 0, 1, "a probability; 0 is a limit (only no risk passes) [halo-verdict]"},
		{"jumpers[].drag.cda", units.Area, 0.05, 5, "a free-fall drag area: a head-down diver's is about 0.2 m², a belly flyer's 0.5 m², a wingsuit's a few m²; a larger figure is a canopy, a smaller one a broken fit [halo-ranges]"},
		{"jumpers[].canopy.airspeed", units.Speed, 0, 40, "a canopy's forward airspeed: 0 for a round canopy, ram-air canopies fly below 40 m/s [halo-ranges]"},
		{"jumpers[].canopy.sink", units.Speed, 1, 15, "a canopy's rate of descent: above 1 m/s for any canopy, below 15 m/s for an open one [halo-ranges]"},
	}
	out := make(map[string]Range, len(rs))
	for _, r := range rs {
		out[r.Key] = r
	}
	return out
}

// ranges is the table, built once and never written.
var ranges = rangeTable()

// RangeOf returns the valid range of the quantity at key ("aircraft.altitude",
// "jumpers[].mass"), and false for a key the table does not hold.
func RangeOf(key string) (Range, bool) {
	r, ok := ranges[key]
	return r, ok
}

// Ranges returns the whole table, sorted by key (a copy).
func Ranges() []Range {
	out := make([]Range, 0, len(ranges))
	for _, r := range ranges {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// ranged parses the quantity at path with the range the table holds for key; a
// value outside it is an error that gives the range and its reason.
func (d *decoder) ranged(n ast.Node, path, key string, dst *float64) bool {
	r, ok := ranges[key]
	if !ok {
		panic("mission: no range for " + key) // a programming error, caught by the tests
	}
	s, ok := d.scalar(n, path)
	if !ok {
		return false
	}
	v, err := units.Parse(r.Kind, s)
	if err != nil {
		d.errf(n, path, "%v", err)
		return false
	}
	if v < r.Min || v > r.Max {
		d.errf(n, path, "%s is %s; allowed %s .. %s: %s", s, rangeWord(v, r.Min), fmtSI(r.Kind, r.Min), fmtSI(r.Kind, r.Max), r.Why)
		return false
	}
	*dst = v
	return true
}

// bounded is quantity with the bounds the table holds for key; its message
// gives the bounds without the reason (as the decoder's older checks do).
func (d *decoder) bounded(n ast.Node, path, key string, dst *float64) bool {
	r, ok := ranges[key]
	if !ok {
		panic("mission: no range for " + key) // a programming error, caught by the tests
	}
	return d.quantity(n, path, r.Kind, r.Min, r.Max, dst)
}
