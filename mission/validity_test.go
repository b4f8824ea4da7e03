package mission

import (
	"errors"
	"math"
	"strings"
	"testing"

	"halo/units"
)

// fallout returns the embedded mission's YAML with each (old, new) pair replaced
// once; the test fails if an old text is missing (the edit would silently not apply).
func fallout(t *testing.T, pairs ...string) []byte {
	t.Helper()
	y := string(falloutYAML)
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(y, pairs[i]) {
			t.Fatalf("fallout.yaml has no %q", pairs[i])
		}
		y = strings.Replace(y, pairs[i], pairs[i+1], 1)
	}
	return []byte(y)
}

// lineOf is the 1-based line of the first occurrence of s in y.
func lineOf(y []byte, s string) int {
	i := strings.Index(string(y), s)
	if i < 0 {
		return 0
	}
	return strings.Count(string(y[:i]), "\n") + 1
}

// Contradictory or implausible inputs that a hostile tester planned to a GO are
// errors with their line (issue "bad input never becomes a GO", items 5, 6, 7, 16).
func TestContradictoryInputIsAnError(t *testing.T) {
	for _, tc := range []struct {
		name       string
		pairs      []string
		lineOf     string // the text on the line the error must point at
		path, want string
	}{
		{"aircraft at 10 kt", []string{"airspeed: 160 mph ", "airspeed: 10 kt   "}, "airspeed: 10 kt", "aircraft.airspeed", "below the minimum"},
		// "airspeed: 0 kt" is a hover exit, said so (TestHoverKeys)
		{"aircraft at 49 kt", []string{"airspeed: 160 mph ", "airspeed: 49 kt   "}, "airspeed: 49 kt", "aircraft.airspeed", "below the minimum"},
		{"indicated 20 kt", []string{"airspeed: 160 mph ", "indicated_airspeed: 20 kt"}, "indicated_airspeed", "aircraft.indicated_airspeed", "below the minimum"},
		{"balloon with an airspeed", []string{"cabin: unpressurized", "cabin: unpressurized\n  balloon: true"}, "airspeed: 160 mph", "aircraft.airspeed", "balloon"},
		{"balloon with an indicated airspeed", []string{"airspeed: 160 mph ", "indicated_airspeed: 90 kt", "cabin: unpressurized", "cabin: unpressurized\n  balloon: true"}, "indicated_airspeed", "aircraft.indicated_airspeed", "balloon"},
		{"winds issued after valid_to", []string{"valid_to: 2026-11-25T18:00:00Z", "valid_to: 2026-11-25T05:00:00Z"}, "issued:", "winds.issued", "is after valid_to"},
		{"winds issued after the take-off", []string{"issued: 2026-11-25T06:00:00Z", "issued: 2026-11-25T16:00:00Z"}, "issued:", "winds.issued", "after schedule.takeoff"},
		{"exit at 50 km", []string{"altitude: 25000 ft", "altitude: 50 km"}, "altitude: 50 km", "aircraft.altitude", "above the highest jump made"},
		{"target at 5,500 m", []string{"elevation: 60 m", "elevation: 5500 m"}, "target:", "target.elevation", "above the maximum"},
		{"target at -450 m", []string{"elevation: 60 m", "elevation: -450 m"}, "target:", "target.elevation", "below the minimum"},
		{"take-off at 6,000 m", []string{"cabin: unpressurized", "cabin: unpressurized\n  takeoff_elevation: 6000 m"}, "takeoff_elevation", "aircraft.takeoff_elevation", "above the maximum"},
		{"take-off above the exit", []string{"altitude: 25000 ft", "altitude: 12000 ft", "cabin: unpressurized", "cabin: unpressurized\n  takeoff_elevation: 4000 m"}, "takeoff_elevation", "aircraft.takeoff_elevation", "at or above the exit"},
		{"cabin at -1 ft", []string{"cabin: unpressurized", "cabin: -1 ft"}, "cabin: -1 ft", "aircraft.cabin", "below the minimum"},
		{"prebreathe above the exit", []string{"prebreathe_at: ground", "prebreathe_at: 9000 m"}, "prebreathe_at", "oxygen.prebreathe_at", "above the exit"},
		{"bottle below its reserve", []string{"pressure: 2000 psi", "pressure: 50 psi"}, "bottle:", "oxygen.bottle.pressure", "below the minimum"},
	} {
		y := fallout(t, tc.pairs...)
		m, err := Decode("t.yaml", y)
		var es Errors
		if m != nil || !errors.As(err, &es) {
			t.Errorf("%s: decoded without an error (want %s: %s)", tc.name, tc.path, tc.want)
			continue
		}
		if !hasErr(es, lineOf(y, tc.lineOf), tc.path, tc.want) {
			t.Errorf("%s: want line %d %s: ...%s...; got\n%v", tc.name, lineOf(y, tc.lineOf), tc.path, tc.want, err)
		}
	}
}

// The edges of the ranges are accepted.
func TestRangeEdgesAccepted(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pairs []string
	}{
		{"50 kt jump run", []string{"airspeed: 160 mph ", "airspeed: 50 kt   "}},
		{"balloon without airspeed", []string{"airspeed: 160 mph ", "balloon: true     "}},
		{"exit at 15,000 m", []string{"altitude: 25000 ft", "altitude: 15000 m"}},
		{"exit at 45 km", []string{"altitude: 25000 ft", "altitude: 45 km"}},
		{"target at 5,000 m", []string{"elevation: 60 m", "elevation: 5000 m", "altitude: 25000 ft", "altitude: 12000 m"}},
		{"target at the Dead Sea shore", []string{"elevation: 60 m", "elevation: -430 m"}},
		{"sea-level cabin", []string{"cabin: unpressurized", "cabin: 0 ft"}},
		{"issued at the take-off", []string{"issued: 2026-11-25T06:00:00Z", "issued: 2026-11-25T10:20:00Z"}},
		{"zero limits are limits", []string{"limits: {min_open: 2000 ft, max_surface_wind: 15 kt}", "limits: {min_open: 2000 ft, max_surface_wind: 0 kt, max_wind_age: 0 s, max_dcs_risk: 0 %, min_separation: 0 m}"}},
	} {
		if _, err := Decode("t.yaml", fallout(t, tc.pairs...)); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	m, err := Decode("t.yaml", fallout(t, "limits: {min_open: 2000 ft, max_surface_wind: 15 kt}", "limits: {min_open: 2000 ft, max_surface_wind: 0 kt, max_wind_age: 0 s}"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Limits.MaxSurfaceWind != 0 || m.Limits.MaxWindAge != 0 {
		t.Errorf("zero limits decoded as %g m/s, %g s: a zero is a limit, not unset", m.Limits.MaxSurfaceWind, m.Limits.MaxWindAge)
	}
}

// The table holds every key the decoder asks it for, with sane bounds.
func TestRangeTable(t *testing.T) {
	for _, r := range Ranges() {
		if !(r.Min < r.Max) || r.Why == "" {
			t.Errorf("%s: %g .. %g, why %q", r.Key, r.Min, r.Max, r.Why)
		}
		if got, ok := RangeOf(r.Key); !ok || got != r {
			t.Errorf("RangeOf(%q) = %v, %v", r.Key, got, ok)
		}
	}
	if r, _ := RangeOf("aircraft.airspeed"); r.Min != 50*units.Knot {
		t.Errorf("aircraft.airspeed minimum %g m/s, want 50 kt", r.Min)
	}
	if _, ok := RangeOf("no.such.key"); ok {
		t.Error("RangeOf of an unknown key")
	}
}

// winds.surface: the drop zone's observed surface wind, for winds (an FB
// bulletin) that have none.
func TestSurfaceWind(t *testing.T) {
	m, err := Decode("t.yaml", fallout(t, "gust: 12 kt ", "surface: {from: 300 deg, speed: 9 kt}\n  gust: 12 kt"))
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Winds.Surface; s == nil || s.FromDeg != 300 || math.Abs(s.Speed-9*units.Knot) > 1e-9 {
		t.Errorf("surface %+v", s)
	}
	y := fallout(t, "gust: 12 kt ", "surface: {from: 300 deg}\n  gust: 12 kt")
	_, err = Decode("t.yaml", y)
	var es Errors
	if !errors.As(err, &es) || !hasErr(es, lineOf(y, "surface:"), "winds.surface.speed", "missing") {
		t.Errorf("surface without speed: %v", err)
	}
	m, err = Decode("t.yaml", fallout(t, "gust: 12 kt ", "surface: {variable: true, speed: 2 kt}\n  gust: 12 kt"))
	if err != nil || m.Winds.Surface == nil || !m.Winds.Surface.Variable {
		t.Errorf("light and variable surface wind: %v %+v", err, m)
	}
}

// A helicopter hover exit: `hover: true`, or `airspeed: 0` read as the same and
// said so; a hover with an airspeed, or a hover balloon, contradict themselves.
func TestHoverKeys(t *testing.T) {
	base := string(fallout(t))
	for _, c := range []struct {
		name, from, to string
		ok             bool
		says           string
	}{
		{"hover", "airspeed: 160 mph", "hover: true", true, ""},
		{"airspeed 0", "airspeed: 160 mph", "airspeed: 0 kt", true, "hover exit"},
		{"hover with airspeed", "airspeed: 160 mph", "airspeed: 160 mph\n  hover: true", false, "hover: true holds the aircraft"},
		{"hover balloon", "airspeed: 160 mph", "hover: true\n  balloon: true", false, "contradict"},
	} {
		src := strings.Replace(base, c.from, c.to, 1)
		m, err := Decode("h.yaml", []byte(src))
		if c.ok != (err == nil) {
			t.Errorf("%s: err %v", c.name, err)
			continue
		}
		if err != nil {
			if !strings.Contains(err.Error(), c.says) {
				t.Errorf("%s: %v does not say %q", c.name, err, c.says)
			}
			continue
		}
		if !m.Aircraft.Hover || m.Aircraft.Airspeed != 0 {
			t.Errorf("%s: hover %v, airspeed %v", c.name, m.Aircraft.Hover, m.Aircraft.Airspeed)
		}
		if c.says != "" && !strings.Contains(strings.Join(m.Assumptions, "\n"), c.says) {
			t.Errorf("%s: assumptions do not say %q", c.name, c.says)
		}
	}
}
