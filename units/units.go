// Package units parses quantities written with their unit ("25000 ft", "160 mph",
// "FL250", "-35 C") into SI values, and formats SI values back for people.
//
// Inside halo every quantity is SI: metres, metres per second, kilograms, seconds,
// kelvin, pascals, square metres, cubic metres. Angles are the one exception: they
// stay in degrees, because every source (wind reports, headings, latitudes) writes
// them so, and the field names say `_deg`.
package units

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Kind is the physical dimension a quantity must have.
type Kind int

// The kinds of quantity halo reads.
const (
	Length Kind = iota
	Speed
	Mass
	Duration
	Temperature      // absolute temperature, returned in kelvin
	TemperatureDelta // a temperature difference, returned in kelvin (= degrees C)
	Pressure
	Area
	Volume
	Angle    // returned in degrees
	Fraction // "5 %" returned as 0.05
)

var kindNames = map[Kind]string{
	Length: "length", Speed: "speed", Mass: "mass", Duration: "duration",
	Temperature: "temperature", TemperatureDelta: "temperature difference",
	Pressure: "pressure", Area: "area", Volume: "volume", Angle: "angle", Fraction: "fraction",
}

// String names the kind ("length", "speed", ...).
func (k Kind) String() string { return kindNames[k] }

// withArticle is "a length", "an area", ... for messages.
func (k Kind) withArticle() string {
	if k == Area || k == Angle {
		return "an " + k.String()
	}
	return "a " + k.String()
}

// Exact conversion factors to SI.
const (
	Foot          = 0.3048          // m
	StatuteMile   = 1609.344        // m
	NauticalMile  = 1852.0          // m
	Knot          = 1852.0 / 3600.0 // m/s (0.514444...)
	MPH           = 0.44704         // m/s
	KMH           = 1000.0 / 3600.0 // m/s
	FootPerMinute = 0.3048 / 60.0   // m/s
	Pound         = 0.45359237      // kg
	PSI           = 6894.757293168  // Pa
	InHg          = 3386.389        // Pa (at 0 °C)
	MmHg          = 133.322387415   // Pa
	SquareFoot    = Foot * Foot     // m²
	Litre         = 1e-3            // m³
	CubicFoot     = Foot * Foot * Foot
	ZeroCelsius   = 273.15 // K
)

type unitDef struct {
	kind   Kind
	factor float64 // SI = value*factor + offset
	offset float64
}

// unitTable maps every accepted unit spelling (lower case) to its definition.
var unitTable = map[string]unitDef{
	// length
	"m": {Length, 1, 0}, "km": {Length, 1000, 0}, "ft": {Length, Foot, 0}, "feet": {Length, Foot, 0},
	"nm": {Length, NauticalMile, 0}, "nmi": {Length, NauticalMile, 0}, "mi": {Length, StatuteMile, 0},
	// speed
	"m/s": {Speed, 1, 0}, "mps": {Speed, 1, 0}, "km/h": {Speed, KMH, 0}, "kph": {Speed, KMH, 0},
	"kt": {Speed, Knot, 0}, "kts": {Speed, Knot, 0}, "kn": {Speed, Knot, 0}, "mph": {Speed, MPH, 0},
	"ft/min": {Speed, FootPerMinute, 0}, "fpm": {Speed, FootPerMinute, 0}, "ft/s": {Speed, Foot, 0},
	"m/min": {Speed, 1.0 / 60, 0},
	// mass
	"kg": {Mass, 1, 0}, "g": {Mass, 1e-3, 0}, "lb": {Mass, Pound, 0}, "lbs": {Mass, Pound, 0},
	// duration
	"s": {Duration, 1, 0}, "sec": {Duration, 1, 0}, "min": {Duration, 60, 0}, "h": {Duration, 3600, 0},
	"hr": {Duration, 3600, 0}, "ms": {Duration, 1e-3, 0},
	// temperature (absolute; deltas handled separately)
	"c": {Temperature, 1, ZeroCelsius}, "°c": {Temperature, 1, ZeroCelsius}, "k": {Temperature, 1, 0},
	"f": {Temperature, 5.0 / 9.0, ZeroCelsius - 32*5.0/9.0}, "°f": {Temperature, 5.0 / 9.0, ZeroCelsius - 32*5.0/9.0},
	// pressure
	"pa": {Pressure, 1, 0}, "hpa": {Pressure, 100, 0}, "mb": {Pressure, 100, 0}, "mbar": {Pressure, 100, 0},
	"kpa": {Pressure, 1000, 0}, "bar": {Pressure, 1e5, 0}, "psi": {Pressure, PSI, 0},
	"inhg": {Pressure, InHg, 0}, "mmhg": {Pressure, MmHg, 0},
	// area
	"m2": {Area, 1, 0}, "m²": {Area, 1, 0}, "ft2": {Area, SquareFoot, 0}, "ft²": {Area, SquareFoot, 0},
	"sqft": {Area, SquareFoot, 0}, "cm2": {Area, 1e-4, 0},
	// volume
	"l": {Volume, Litre, 0}, "m3": {Volume, 1, 0}, "ft3": {Volume, CubicFoot, 0}, "cuft": {Volume, CubicFoot, 0},
	// angle
	"%": {Fraction, 0.01, 0}, "percent": {Fraction, 0.01, 0},
	"deg": {Angle, 1, 0}, "°": {Angle, 1, 0}, "rad": {Angle, 180 / math.Pi, 0},
}

// Accepted lists the unit spellings accepted for a kind, sorted, e.g. for error messages.
func Accepted(k Kind) []string {
	if k == TemperatureDelta {
		k = Temperature
	}
	var out []string
	for name, d := range unitTable {
		if d.kind == k {
			out = append(out, name)
		}
	}
	if k == Length {
		out = append(out, "FL (flight level, e.g. FL250)")
	}
	sort.Strings(out)
	return out
}

// ErrNoUnit is wrapped by Parse when the text is a bare number.
var ErrNoUnit = errors.New("missing unit")

// Parse reads a quantity of the given kind written with its unit ("25000 ft",
// "25000ft", "FL250", "-35 C", "5.4 ft2") and returns its SI value. A bare number,
// an unknown unit or a unit of another kind is an error that lists the accepted units.
// Non-finite numbers (NaN, Inf) are rejected.
func Parse(k Kind, s string) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("empty %s: write a number with a unit (%s)", k, strings.Join(Accepted(k), ", "))
	}
	if k == Length && len(t) > 2 && strings.EqualFold(t[:2], "FL") {
		digits := strings.TrimSpace(t[2:])
		n, err := strconv.ParseFloat(digits, 64)
		// digits only: "FL1e2", "FL0x1p3" and "FL250.5" are typos, not flight levels
		if err != nil || strings.Trim(digits, "0123456789") != "" || n > 999 {
			return 0, fmt.Errorf("%q: a flight level is FL followed by hundreds of feet, e.g. FL250", s)
		}
		return n * 100 * Foot, nil
	}
	num, unit := split(t)
	if num == "" {
		return 0, fmt.Errorf("%q: no number; write a number with a unit (%s)", s, strings.Join(Accepted(k), ", "))
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q: %q is not a number", s, num)
	}
	if unit == "" {
		return 0, fmt.Errorf("%q: %w; %s needs one of: %s", s, ErrNoUnit, k.withArticle(), strings.Join(Accepted(k), ", "))
	}
	d, ok := unitTable[strings.ToLower(unit)]
	want := k
	if k == TemperatureDelta {
		want = Temperature
	}
	if !ok || d.kind != want {
		what := "unknown unit"
		if ok {
			what = "a unit of " + d.kind.String()
		}
		return 0, fmt.Errorf("%q: %q is %s; %s takes one of: %s", s, unit, what, k.withArticle(), strings.Join(Accepted(k), ", "))
	}
	if k == TemperatureDelta {
		return v * d.factor, nil // a difference has no offset
	}
	out := v*d.factor + d.offset
	if math.IsInf(out, 0) {
		return 0, fmt.Errorf("%q: %s is not finite in SI units", s, k)
	}
	if k == Temperature && out < 0 {
		return 0, fmt.Errorf("%q: below absolute zero", s)
	}
	return out, nil
}

// split separates the leading number from the unit text.
func split(t string) (num, unit string) {
	i := 0
	for i < len(t) {
		c := rune(t[i])
		if unicode.IsDigit(c) || c == '.' || c == '+' || c == '-' {
			i++
			continue
		}
		// exponent: 1e5, 2.5E-3 (only when followed by a digit or sign+digit)
		if (c == 'e' || c == 'E') && i > 0 && i+1 < len(t) {
			n := t[i+1]
			if n >= '0' && n <= '9' || ((n == '-' || n == '+') && i+2 < len(t) && t[i+2] >= '0' && t[i+2] <= '9') {
				i++
				continue
			}
		}
		break
	}
	return t[:i], strings.TrimSpace(t[i:])
}

// MustParse is Parse for constants written in code (the embedded mission, tests);
// it panics on error, so never call it on user input.
func MustParse(k Kind, s string) float64 {
	v, err := Parse(k, s)
	if err != nil {
		panic(err)
	}
	return v
}

// Alt formats an altitude in metres as "7620 m (25,000 ft)".
func Alt(m float64) string {
	return fmt.Sprintf("%.0f m (%s ft)", noNegZero(m, 0), thousands(m/Foot))
}

// noNegZero returns 0 for values that print as "-0" with the given decimals.
func noNegZero(v float64, decimals int) float64 {
	if math.Abs(v) < 0.5*math.Pow(10, -float64(decimals)) {
		return 0
	}
	return v
}

// Spd formats a speed in m/s as "71.5 m/s (139 kt, 160 mph)".
func Spd(mps float64) string {
	return fmt.Sprintf("%.1f m/s (%.0f kt, %.0f mph)", noNegZero(mps, 1), noNegZero(mps/Knot, 0), noNegZero(mps/MPH, 0))
}

// Dist formats a horizontal distance in metres as "1234 m (0.67 NM)".
func Dist(m float64) string {
	return fmt.Sprintf("%.0f m (%.2f NM)", noNegZero(m, 0), noNegZero(m/NauticalMile, 2))
}

// TempC formats a temperature in kelvin as "-34.5 °C".
func TempC(k float64) string { return fmt.Sprintf("%.1f °C", noNegZero(k-ZeroCelsius, 1)) }

func thousands(v float64) string {
	s := strconv.FormatFloat(math.Round(math.Abs(v)), 'f', 0, 64)
	var b strings.Builder
	if v < 0 && math.Round(math.Abs(v)) != 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// IsUnit reports whether s (any case) is a unit spelling Parse accepts.
func IsUnit(s string) bool {
	_, ok := unitTable[strings.ToLower(s)]
	return ok
}
