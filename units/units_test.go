package units

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

// Conversion factors, NIST Special Publication 811 (2008), Appendix B.8/B.9:
//
//	foot (ft)                      = 0.3048 m                 (exact)
//	mile, international (mi)       = 1609.344 m               (exact)
//	nautical mile                  = 1852 m                   (exact)
//	knot (kt)                      = 1852/3600 m/s            (exact; NIST prints 5.144444 E-01)
//	mile per hour (mph)            = 0.44704 m/s              (exact)
//	foot per minute                = 0.3048/60 m/s            (exact; NIST prints 5.08 E-03)
//	kilometre per hour             = 1/3.6 m/s                (exact)
//	pound, avoirdupois (lb)        = 0.45359237 kg            (exact)
//	square foot (ft²)              = 0.09290304 m²            (exact)
//	minute                         = 60 s                     (exact)
//	degree Celsius                 T/K = t/°C + 273.15        (exact)
//	hectopascal (hPa)              = 100 Pa                   (exact, SI prefix)
//	pound-force per square inch    = 6.894757 E+03 Pa         (NIST, 7 significant figures)
//	inch of mercury, conventional  = 3.386389 E+03 Pa
//	millimetre of mercury, conv.   = 1.333224 E+02 Pa
func TestFactorsNIST(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
		tol       float64 // relative
	}{
		{"foot", Foot, 0.3048, 0},
		{"statute mile", StatuteMile, 1609.344, 0},
		{"nautical mile", NauticalMile, 1852, 0},
		{"knot", Knot, 0.5144444, 1e-7},
		{"mph", MPH, 0.44704, 0},
		{"ft/min", FootPerMinute, 5.08e-3, 1e-15},
		{"km/h", KMH, 1 / 3.6, 1e-15},
		{"pound", Pound, 0.45359237, 0},
		{"square foot", SquareFoot, 0.09290304, 1e-15},
		{"cubic foot", CubicFoot, 2.8316846592e-2, 1e-15},
		{"psi", PSI, 6.894757e3, 1e-7},
		{"inHg", InHg, 3.386389e3, 1e-7},
		{"mmHg", MmHg, 1.333224e2, 1e-7},
		{"0 °C", ZeroCelsius, 273.15, 0},
	}
	for _, tc := range tests {
		if !closeRel(tc.got, tc.want, tc.tol) {
			t.Errorf("%s = %.12g, NIST SP 811 gives %.12g (tol %g)", tc.name, tc.got, tc.want, tc.tol)
		}
	}
}

func closeRel(got, want, tol float64) bool {
	if got == want {
		return true
	}
	return math.Abs(got-want) <= tol*math.Abs(want)
}

// Every form listed in the Foundation issue, with and without the space, gives the
// exact SI value (to 1e-15 relative: the products are not all representable).
func TestParseIssueForms(t *testing.T) {
	tests := []struct {
		kind Kind
		in   string
		want float64
	}{
		{Length, "25000 ft", 7620},                    // 25000 × 0.3048 m
		{Length, "7620 m", 7620},                      //
		{Length, "FL250", 7620},                       // flight level: hundreds of feet
		{Speed, "160 mph", 71.5264},                   // 160 × 0.44704 m/s
		{Speed, "140 kt", 140 * 1852.0 / 3600},        // 72.0222… m/s
		{Speed, "72 km/h", 20},                        // 72 / 3.6
		{Speed, "11 m/s", 11},                         //
		{Speed, "1500 ft/min", 7.62},                  // 1500 × 0.3048 / 60
		{Mass, "100 kg", 100},                         //
		{Mass, "220 lb", 99.7903214},                  // 220 × 0.45359237 kg
		{Duration, "30 min", 1800},                    //
		{Duration, "90 s", 90},                        //
		{Temperature, "-35 C", 238.15},                // −35 + 273.15
		{Pressure, "1013.25 hPa", 101325},             // × 100
		{Area, "0.5 m2", 0.5},                         //
		{Area, "5.4 ft2", 0.501676416},                // 5.4 × 0.09290304 m²
		{Length, "FL 250", 7620},                      // space after FL tolerated
		{Length, "fl250", 7620},                       // case-insensitive
		{Temperature, "15 °C", 288.15},                //
		{Temperature, "288.15 K", 288.15},             //
		{Temperature, "59 F", 288.15},                 // (59 − 32) × 5/9 + 273.15
		{TemperatureDelta, "10 C", 10},                // a difference: no offset
		{TemperatureDelta, "-18 F", -10},              // −18 × 5/9
		{Pressure, "29.92 inHg", 29.92 * 3386.389},    // conventional inHg
		{Pressure, "2000 psi", 2000 * 6894.757293168}, //
		{Volume, "2 L", 2e-3},                         //
		{Angle, "270 deg", 270},                       //
		{Fraction, "5 %", 0.05},                       //
		{Length, "1.5e3 m", 1500},                     // exponent
		{Length, "3 NM", 5556},                        // nautical miles
		{Speed, "20 KT", 20 * 1852.0 / 3600},          // unit case-insensitive
		{Mass, "220 lbs", 99.7903214},                 //
		{Duration, "1.5 h", 5400},                     //
		{Area, "0.5 m²", 0.5},                         //
		{Speed, "+3 m/s", 3},                          //
		{Length, "  25000 ft  ", 7620},                // surrounding space
		{Length, "-100 m", -100},                      // below sea level is a length too
		{Speed, "1000 fpm", 1000 * 0.3048 / 60},       //
		{Length, "FL0", 0},                            //
		{Length, "FL999", 999 * 100 * 0.3048},         //
		{Length, "FL050", 1524},                       // leading zero
		{Pressure, "850 mb", 85000},                   //
		{Temperature, "-273.15 C", 0},                 // absolute zero itself is allowed
	}
	for _, tc := range tests {
		for _, in := range variants(tc.in) {
			got, err := Parse(tc.kind, in)
			if err != nil {
				t.Errorf("Parse(%v, %q): %v", tc.kind, in, err)
				continue
			}
			if !closeRel(got, tc.want, 1e-15) && math.Abs(got-tc.want) > 1e-13 {
				t.Errorf("Parse(%v, %q) = %.17g, want %.17g", tc.kind, in, got, tc.want)
			}
		}
	}
}

// variants returns s and, when it has one space between number and unit, s without it.
func variants(s string) []string {
	out := []string{s}
	t := strings.TrimSpace(s)
	if i := strings.IndexByte(t, ' '); i > 0 && !strings.HasPrefix(strings.ToUpper(t), "FL") {
		out = append(out, t[:i]+t[i+1:])
	}
	return out
}

func TestParseBareNumber(t *testing.T) {
	for _, k := range []Kind{Length, Speed, Mass, Duration, Temperature, TemperatureDelta, Pressure, Area, Volume, Angle, Fraction} {
		_, err := Parse(k, "25000")
		if err == nil {
			t.Fatalf("Parse(%v, bare number) succeeded", k)
		}
		if !errors.Is(err, ErrNoUnit) {
			t.Errorf("Parse(%v, \"25000\"): %v does not wrap ErrNoUnit", k, err)
		}
		// the message lists every accepted unit so the user can fix it
		for _, u := range Accepted(k) {
			if !strings.Contains(err.Error(), u) {
				t.Errorf("Parse(%v, \"25000\"): %q does not list %q", k, err, u)
			}
		}
	}
	_, err := Parse(Length, "25000")
	want := `"25000": missing unit; a length needs one of: FL (flight level, e.g. FL250), feet, ft, km, m, mi, nm, nmi`
	if err == nil || err.Error() != want {
		t.Errorf("bare length: got %v\nwant %s", err, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		kind Kind
		in   string
		want string // substring of the error
	}{
		{Length, "", "empty length"},
		{Length, "   ", "empty length"},
		{Length, "ft", "no number"},
		{Length, "25000 furlongs", `"furlongs" is unknown unit; a length takes one of: FL`},
		{Length, "160 mph", `"mph" is a unit of speed; a length takes one of`},
		{Speed, "25000 ft", `"ft" is a unit of length; a speed takes one of`},
		{Mass, "30 min", `"min" is a unit of duration; a mass takes one of`},
		{Temperature, "1013 hPa", `"hPa" is a unit of pressure; a temperature takes one of`},
		{TemperatureDelta, "5 m", `"m" is a unit of length; a temperature difference takes one of`},
		{Area, "5.4 ft", `"ft" is a unit of length; an area takes one of`},
		{Duration, "3 m", `"m" is a unit of length`}, // m is metres, not minutes
		{Angle, "3 m", `"m" is a unit of length; an angle takes one of`},
		{Area, "3", "missing unit; an area needs one of"},
		{Length, "3 ms", `"ms" is a unit of duration`},
		{Length, "1e400 m", "is not a number"}, // overflows float64
		{Length, "1-2 m", "is not a number"},   //
		{Length, "1..2 m", "is not a number"},  //
		{Length, "NaN m", "no number"},         //
		{Length, "Inf m", "no number"},         //
		{Length, "1e308 km", "not finite"},     // finite number, infinite SI value
		{Duration, "1e308 h", "not finite"},    //
		{Area, "1e308 ft2", ""},                // finite: accepted (kept as a guard below)
		{Length, "FLx", "flight level"},        //
		{Length, "FL-5", "flight level"},       //
		{Length, "FL1000", "flight level"},     //
		{Length, "FLNaN", "flight level"},      //
		{Length, "FLInf", "flight level"},      //
		{Length, "FL1e2", "flight level"},      // digits only
		{Length, "FL0x1p3", "flight level"},    //
		{Length, "FL250.5", "flight level"},    //
		{Length, "FL+250", "flight level"},     //
		{Length, "FL 2 50", "flight level"},    //
		{Temperature, "-300 C", "below absolute zero"},
		{Temperature, "-1 K", "below absolute zero"},
		{Temperature, "-500 F", "below absolute zero"},
		{Speed, "5 knots", "unknown unit"},
		{Length, "5 m m", "unknown unit"},
	}
	for _, tc := range tests {
		v, err := Parse(tc.kind, tc.in)
		if tc.want == "" {
			if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
				t.Errorf("Parse(%v, %q) = %v, %v; want a finite value", tc.kind, tc.in, v, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("Parse(%v, %q) = %v, want error containing %q", tc.kind, tc.in, v, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%v, %q): error %q does not contain %q", tc.kind, tc.in, err, tc.want)
		}
		if strings.TrimSpace(tc.in) != "" && !strings.Contains(err.Error(), strconv.Quote(tc.in)) {
			t.Errorf("Parse(%v, %q): error %q does not quote the input", tc.kind, tc.in, err)
		}
		if v != 0 {
			t.Errorf("Parse(%v, %q) returned %v with an error", tc.kind, tc.in, v)
		}
	}
}

func TestAccepted(t *testing.T) {
	for k, want := range map[Kind][]string{
		Speed:            {"fpm", "ft/min", "ft/s", "km/h", "kn", "kph", "kt", "kts", "m/min", "m/s", "mph", "mps"},
		Mass:             {"g", "kg", "lb", "lbs"},
		TemperatureDelta: {"c", "f", "k", "°c", "°f"},
	} {
		got := Accepted(k)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("Accepted(%v) = %v, want %v", k, got, want)
		}
	}
	// every kind accepts its SI unit
	for k, si := range siUnit {
		found := false
		for _, u := range Accepted(k) {
			found = found || u == strings.ToLower(si)
		}
		if !found {
			t.Errorf("Accepted(%v) lacks its SI unit %q", k, si)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Length: "length", TemperatureDelta: "temperature difference", Fraction: "fraction"} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(k), k.String(), want)
		}
	}
}

func TestMustParse(t *testing.T) {
	if got := MustParse(Length, "FL250"); got != 7620 {
		t.Errorf("MustParse(FL250) = %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustParse of a bare number did not panic")
		}
	}()
	MustParse(Length, "25000")
}

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{Alt(7620), "7620 m (25,000 ft)"},
		{Alt(609.6), "610 m (2,000 ft)"},
		{Alt(0), "0 m (0 ft)"},
		{Alt(-152.4), "-152 m (-500 ft)"},
		{Alt(304.8), "305 m (1,000 ft)"},
		{Alt(38969.4), "38969 m (127,852 ft)"}, // Baumgartner's exit altitude
		{Alt(30), "30 m (98 ft)"},
		{Alt(91.44), "91 m (300 ft)"},
		{Alt(304800), "304800 m (1,000,000 ft)"},
		{Spd(71.5264), "71.5 m/s (139 kt, 160 mph)"},
		{Spd(0), "0.0 m/s (0 kt, 0 mph)"},
		{Spd(140 * Knot), "72.0 m/s (140 kt, 161 mph)"},
		{Dist(1852), "1852 m (1.00 NM)"},
		{Dist(500), "500 m (0.27 NM)"},
		{TempC(238.15), "-35.0 °C"},
		{TempC(288.15), "15.0 °C"},
		{TempC(0), "-273.1 °C"},   // %.1f rounds half to even on the binary value
		{Alt(-0.1), "0 m (0 ft)"}, // never "-0"
		{Alt(-0.4), "0 m (-1 ft)"},
		{Dist(-0.2), "0 m (0.00 NM)"},
		{Spd(-0.01), "0.0 m/s (0 kt, 0 mph)"},
		{TempC(273.04), "-0.1 °C"},
		{TempC(273.14), "0.0 °C"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// The formatters print what Parse reads back to their precision.
func TestFormatParseRoundTrip(t *testing.T) {
	for _, m := range []float64{0, 609.6, 7620, 10668, 38969.4} {
		s := Alt(m)                          // "7620 m (25,000 ft)"
		metres := s[:strings.Index(s, " (")] // "7620 m"
		got, err := Parse(Length, metres)
		if err != nil || math.Abs(got-m) > 0.5 {
			t.Errorf("Parse(Alt(%v) = %q) = %v, %v", m, metres, got, err)
		}
		ft := strings.ReplaceAll(s[strings.Index(s, "(")+1:len(s)-1], ",", "") // "25000 ft"
		got, err = Parse(Length, ft)
		if err != nil || math.Abs(got-m) > 0.5*Foot {
			t.Errorf("Parse(%q) = %v, %v; want %v", ft, got, err, m)
		}
	}
}

// siUnit is the spelling of each kind's SI (or native) unit, for round trips.
var siUnit = map[Kind]string{
	Length: "m", Speed: "m/s", Mass: "kg", Duration: "s", Temperature: "K",
	TemperatureDelta: "K", Pressure: "Pa", Area: "m2", Volume: "m3", Angle: "deg",
}

var allKinds = []Kind{Length, Speed, Mass, Duration, Temperature, TemperatureDelta, Pressure, Area, Volume, Angle, Fraction}

// FuzzParse: Parse never panics; a successful parse is finite (and non-negative in
// kelvin for an absolute temperature); the SI value formatted with its SI unit parses
// back to exactly the same value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"25000 ft", "7620 m", "FL250", "160 mph", "140 kt", "72 km/h", "11 m/s",
		"1500 ft/min", "100 kg", "220 lb", "30 min", "90 s", "-35 C", "1013.25 hPa", "0.5 m2", "5.4 ft2",
		"25000ft", "5.4ft2", "25000", "", "FL", "FL-1", "1e308 km", "-0 m", "1e-320 m", "°C", "5 %", "2 L",
		"29.92 inHg", "0x1p3 m", "1_000 m", "NaN m", "FLinf", "1.5E+3 ft", "-459.67 F", "1e400 m"} {
		for k := range allKinds {
			f.Add(uint8(k), s)
		}
	}
	f.Fuzz(func(t *testing.T, kb uint8, s string) {
		k := allKinds[int(kb)%len(allKinds)]
		v, err := Parse(k, s)
		if err != nil {
			if v != 0 {
				t.Fatalf("Parse(%v, %q) = %v with error %v", k, s, v, err)
			}
			if err.Error() == "" {
				t.Fatalf("Parse(%v, %q): empty error", k, s)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("Parse(%v, %q) = %v", k, s, v)
		}
		if k == Temperature && v < 0 {
			t.Fatalf("Parse(%v, %q) = %v K, below absolute zero", k, s, v)
		}
		u, ok := siUnit[k]
		if !ok {
			return
		}
		txt := strconv.FormatFloat(v, 'g', -1, 64) + " " + u
		w, err := Parse(k, txt)
		if err != nil {
			t.Fatalf("round trip: Parse(%v, %q) (from %q): %v", k, txt, s, err)
		}
		if w != v {
			t.Fatalf("round trip: Parse(%v, %q) = %v, want %v (from %q)", k, txt, w, v, s)
		}
	})
}

// A report leads with the units the mission asks for; the other figure follows.
func TestLead(t *testing.T) {
	aviation := Lead{Distance: "NM", Altitude: "ft", Speed: "kt"}
	for _, c := range []struct{ got, want string }{
		{aviation.Alt(7620), "25,000 ft (7620 m)"},
		{aviation.Spd(100 * Knot), "100 kt (51.4 m/s)"},
		{aviation.Dist(2 * NauticalMile), "2.00 NM (3704 m)"},
		{Lead{Distance: "km", Speed: "km/h"}.Dist(3704), "3.70 km (2.00 NM)"},
		{Lead{Speed: "km/h"}.Spd(10), "36 km/h (10.0 m/s)"},
		{Lead{Speed: "mph"}.Spd(10 * MPH), "10 mph (4.5 m/s)"},
		{Lead{}.Alt(7620), Alt(7620)},
		{Lead{}.Spd(10), Spd(10)},
		{Lead{}.Dist(1000), Dist(1000)},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
