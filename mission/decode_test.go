package mission

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"halo/units"
	"halo/wind"

	"halo/internal/testdata"
)

var update = flag.Bool("update", false, "rewrite testdata/bad.golden")

// near compares SI values to 1e-12 relative (unit products are not exact in binary).
func near(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return got == want || math.Abs(got-want) <= 1e-12*math.Abs(want)
}

func TestFallout(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatalf("embedded fallout: %v", err)
	}
	kt, ft := units.Knot, units.Foot
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"target.lat", m.Target.Lat, 24.10},
		{"target.lon", m.Target.Lon, 54.60},
		{"target.elevation", m.Target.Elevation, 60},
		{"target.radius", m.Target.Radius, 50},
		{"aircraft.altitude 25000 ft", m.Aircraft.Altitude, 7620},
		{"aircraft.airspeed 160 mph", m.Aircraft.Airspeed, 71.5264},
		{"aircraft.ias", m.Aircraft.IAS, math.NaN()},
		{"aircraft.heading (auto)", m.Aircraft.HeadingDeg, math.NaN()},
		{"aircraft.climb_rate 1500 ft/min", m.Aircraft.ClimbRate, 7.62},
		{"aircraft.cabin (unpressurized)", m.Aircraft.CabinAlt, math.NaN()},
		{"aircraft.takeoff_elevation (default: target)", m.Aircraft.TakeoffElevation, 60},
		{"schedule.door_open 2 min", m.Schedule.DoorOpen, 120},
		{"atmosphere.temperature_offset 10 C (a difference)", m.Atmosphere.TemperatureOffset, 10},
		{"jumpers[0].mass", m.Jumpers[0].Mass, 90},
		{"jumpers[0].exit_delay", m.Jumpers[0].ExitDelay, 0},
		{"jumpers[0].open_at 2500 ft", m.Jumpers[0].OpenAt, 762},
		{"jumpers[0].open_after", m.Jumpers[0].OpenAfter, math.NaN()},
		{"jumpers[0].canopy.airspeed", m.Jumpers[0].Canopy.Airspeed, 11},
		{"jumpers[0].canopy.sink", m.Jumpers[0].Canopy.Sink, 5},
		{"jumpers[0].canopy.deploy_time", m.Jumpers[0].Canopy.DeployTime, 3},
		{"jumpers[0].canopy.deploy_loss 300 ft", m.Jumpers[0].Canopy.DeployLoss, 91.44},
		{"jumpers[0].canopy.final (default 300 ft)", m.Jumpers[0].Canopy.Final, 91.44},
		{"jumpers[0].canopy.heading", m.Jumpers[0].Canopy.HeadingDeg, math.NaN()},
		{"jumpers[1].mass", m.Jumpers[1].Mass, 92},
		{"jumpers[1].drag.cda", m.Jumpers[1].Drag.CdA, 0.51},
		{"jumpers[1].open_at 3000 ft", m.Jumpers[1].OpenAt, 914.4},
		{"jumpers[1].exit_delay (planner)", m.Jumpers[1].ExitDelay, math.NaN()},
		{"oxygen.prebreathe 45 min", m.Oxygen.Prebreathe, 2700},
		{"oxygen.time_at_altitude 15 min", m.Oxygen.TimeAtAltitude, 900},
		{"oxygen.bottle.volume 2 L", m.Oxygen.BottleVolume, 2e-3},
		{"oxygen.bottle.pressure 2000 psi", m.Oxygen.BottlePressure, 2000 * 6894.757293168},
		{"oxygen.bottle_switch (default 1 min)", m.Oxygen.BottleSwitch, 60},
		{"limits.min_open 2000 ft", m.Limits.MinOpen, 609.6},
		{"limits.max_surface_wind 15 kt", m.Limits.MaxSurfaceWind, 15 * 1852.0 / 3600},
		{"limits.max_gust (default: surface + 5 kt)", m.Limits.MaxGust, 20 * 1852.0 / 3600},
		{"limits.max_exit_wind (default 100 kt)", m.Limits.MaxExitWind, 100 * kt},
		{"limits.aad_altitude (default 750 ft)", m.Limits.AADAlt, 750 * ft},
		{"limits.aad_speed (default 35 m/s)", m.Limits.AADSpeed, 35},
		{"limits.aad_margin (default 1000 ft)", m.Limits.AADMargin, 304.8},
		{"limits.max_dcs_risk (default 5 %)", m.Limits.MaxDCSRisk, 0.05},
		{"limits.max_wind_age (default 6 h)", m.Limits.MaxWindAge, 21600},
		{"limits.turn_margin (default 1 NM)", m.Limits.TurnMargin, 1852},
		{"limits.canopy_safety_factor (default 2,000 ft, ATP 3-18.11)", m.Limits.CanopySafetyFactor, 609.6},
		{"limits.canopy_dispersion (default 50 m per two jumpers, ATP 3-18.11)", m.Limits.CanopyDispersion, 50},
		{"limits.min_temperature (not given)", m.Limits.MinTempC, math.NaN()},
		{"uncertainty.wind_speed (not given)", m.Uncertainty.WindSpeed, math.NaN()},
	} {
		if !near(c.got, c.want) {
			t.Errorf("%s = %.15g, want %.15g", c.name, c.got, c.want)
		}
	}
	if m.Name != "fallout" || m.Aircraft.Type != "C-130J" || !m.Aircraft.HeadingAuto || !m.Aircraft.Unpressurized || m.Aircraft.Balloon {
		t.Errorf("name/aircraft: %q %+v", m.Name, m.Aircraft)
	}
	if m.Atmosphere.Model != "ussa1976" || m.Atmosphere.Sounding != "" {
		t.Errorf("atmosphere %+v", m.Atmosphere)
	}
	if want := time.Date(2026, 11, 25, 10, 20, 0, 0, time.UTC); !m.Schedule.Takeoff.Equal(want) {
		t.Errorf("takeoff %v, want %v", m.Schedule.Takeoff, want)
	}
	if _, off := m.Schedule.Takeoff.Zone(); off != 4*3600 {
		t.Errorf("takeoff keeps its +04:00 zone: offset %d", off)
	}
	if m.Schedule.Location == nil || m.Schedule.Location.String() != "Asia/Dubai" {
		t.Errorf("time zone %v", m.Schedule.Location)
	}
	w := m.Winds
	if len(w.Layers) != 8 || w.File != "" || !strings.HasPrefix(w.Source, "planning forecast") {
		t.Fatalf("winds: %d layers, file %q, source %q", len(w.Layers), w.File, w.Source)
	}
	if !w.Issued.Equal(time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)) || !w.ValidTo.Equal(time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("winds issued %v valid_to %v", w.Issued, w.ValidTo)
	}
	first, last := w.Layers[0], w.Layers[7]
	if first.Alt != 0 || first.FromDeg != 320 || !near(first.Speed, 8*kt) || !near(first.Temp, 300.15) {
		t.Errorf("first wind layer %+v", first)
	}
	if !near(last.Alt, 9144) || last.FromDeg != 268 || !near(last.Speed, 58*kt) || !near(last.Temp, 232.15) {
		t.Errorf("last wind layer %+v", last)
	}
	j0, j1 := m.Jumpers[0], m.Jumpers[1]
	if len(m.Jumpers) != 2 || j0.Name != "talent" || j0.Role != "talent" || j1.Name != "camera" {
		t.Errorf("jumpers %+v", m.Jumpers)
	}
	if j0.Drag.Preset != "belly" || !math.IsNaN(j0.Drag.CdA) || j1.Drag.Preset != "" || j0.Canopy.Type != "ram-air" {
		t.Errorf("drag/canopy: %+v %+v %+v", j0.Drag, j1.Drag, j0.Canopy)
	}
	if !j0.ExitDelayGiven || j1.ExitDelayGiven {
		t.Errorf("exit delay given: %v %v", j0.ExitDelayGiven, j1.ExitDelayGiven)
	}
	if m.Jumper("camera") != &m.Jumpers[1] || m.Jumper("nobody") != nil {
		t.Errorf("Jumper lookup")
	}
	if got := m.MinOpenFor(&m.Jumpers[0]); got != m.Limits.MinOpen {
		t.Errorf("MinOpenFor = %v", got)
	}
	if m.Oxygen.PrebreatheAt != "ground" {
		t.Errorf("prebreathe_at %q", m.Oxygen.PrebreatheAt)
	}
	if m.Light != nil || m.HAHO != nil || m.Airspace != nil {
		t.Errorf("absent sections are nil: %v %v %v", m.Light, m.HAHO, m.Airspace)
	}
	if m.File != "fallout (embedded)" || string(m.Source) != string(falloutYAML) {
		t.Errorf("File %q; Source kept: %v", m.File, string(m.Source) == string(falloutYAML))
	}
	// Defaults appear in Assumptions; what was given does not.
	asm := strings.Join(m.Assumptions, "\n")
	for _, want := range []string{
		"aircraft.takeoff_elevation not given: the target's elevation",
		"jumpers[0].canopy.final not given: final approach into the wind from 300 ft AGL",
		"jumpers[1].canopy.final not given",
		"oxygen.bottle_switch not given",
		"limits.max_gust not given: max surface wind + 5 kt",
		"limits.aad_altitude not given: 750 ft AGL (CYPRES Expert)",
		"limits.max_dcs_risk not given: 5 %",
	} {
		if !strings.Contains(asm, want) {
			t.Errorf("Assumptions lack %q:\n%s", want, asm)
		}
	}
	for _, given := range []string{"limits.min_open", "limits.max_surface_wind", "aircraft.climb_rate", "aircraft.heading", "aircraft.cabin", "schedule.door_open", "jumpers[0].canopy.sink", "target.radius", "oxygen.prebreathe not"} {
		if strings.Contains(asm, given) {
			t.Errorf("Assumptions mention %q, which fallout gives", given)
		}
	}
}

func TestBuiltin(t *testing.T) {
	if got := BuiltinNames(); len(got) != 1 || got[0] != "fallout" {
		t.Errorf("BuiltinNames = %v", got)
	}
	b, err := Builtin("fallout")
	if err != nil || string(b) != string(falloutYAML) {
		t.Fatalf("Builtin(fallout): %v", err)
	}
	b[0] = 'X' // a copy: the embedded mission is not changed
	if falloutYAML[0] == 'X' {
		t.Error("Builtin returned the embedded slice itself")
	}
	if _, err := Builtin("nope"); err == nil || !strings.Contains(err.Error(), "fallout") {
		t.Errorf("Builtin(nope): %v", err)
	}
	// Decoding the YAML shown by `halo mission show fallout` gives the same mission.
	b, _ = Builtin("fallout")
	m1, err := Decode("copy.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	m2, _ := Default()
	if fmt.Sprint(m1.Aircraft, m1.Jumpers, m1.Limits, m1.Assumptions) != fmt.Sprint(m2.Aircraft, m2.Jumpers, m2.Limits, m2.Assumptions) {
		t.Errorf("decoded copy differs from Default")
	}
}

// TestBadGolden: every problem in testdata/bad.yaml is reported, in one error, each
// with its line and path, in line order; the message is compared with bad.golden.
func TestBadGolden(t *testing.T) {
	data, err := os.ReadFile(testdata.Path(t, "bad.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode("bad.yaml", data)
	if m != nil || err == nil {
		t.Fatalf("bad.yaml decoded: %+v", m)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("error does not match ErrInvalid")
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error is %T, want Errors", err)
	}
	got := err.Error() + "\n"
	if *update {
		if err := os.WriteFile("testdata/bad.golden", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/bad.golden")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("message differs from testdata/bad.golden (run with -update after a deliberate change)\ngot:\n%s\nwant:\n%s", got, want)
	}
	// Independently of the wording: these problems are all found, at these lines.
	for _, w := range []struct {
		line int
		path string
		msg  string
	}{
		{3, "description", "expected a single value, got a list"},
		{4, "target.lat", "124.1 is outside -90 .. 90"},
		{4, "target.elevation", "missing unit"},
		{7, "aircraft.altitude", `"furlongs" is unknown unit`},
		{8, "aircraft.airspeed", `"ft" is a unit of length; a speed takes one of`},
		{9, "aircraft.heading", "north"},
		{11, "aircraft.climb_rate", "given twice"},
		{12, "aircraft.colour", "unknown key; aircraft takes: airspeed, altitude"},
		{14, "schedule.takeoff", "not an RFC 3339 time"},
		{15, "schedule.time_zone", "not a known IANA time zone"},
		{16, "atmosphere.model", `"isa" is not a known model`},
		{16, "atmosphere.temperature_offset", "99 C is above the maximum"},
		{20, "winds.layers[1].from", "400 deg is above the maximum"},
		{21, "winds.layers[2].speed", "missing unit"},
		{21, "winds.layers[2].from", "missing"},
		{22, "winds.layers[3].altitude", "two layers at 0 m (0 ft)"},
		{28, "jumpers[0].open_after", "give open_at or open_after, not both"}, // the line of open_after
		{26, "jumpers[0].drag", `"superman" is not a preset`},
		{30, "jumpers[1].mass", "12 kg is below 40 kg"},
		{31, "jumpers[1].drag", "give cda, or area with cd, not both"},
		{33, "jumpers[1].canopy.type", `"square": use ram-air or round`},
		{33, "jumpers[1].canopy.sink", "50 m/s is above the maximum"},
		{34, "jumpers[2].name", `"talent" is used by two jumpers`},
		{35, "jumpers[2].mass", `"heavy": no number`},
		{36, "jumpers[2].open_at", "missing unit"},
		{38, "oxygen.prebreathe", "-5 min is below the minimum"},
		{39, "oxygen.breathing_rate", "15 L/min"},
		{40, "limits.max_dcs_risk", "150 % is above the maximum"},
		{40, "limits.max_wind_age", "missing unit"},
		{41, "light.sun_elevation", "min 10° is above max 0°"},
	} {
		if !hasErr(es, w.line, w.path, w.msg) {
			t.Errorf("no error at line %d %s containing %q", w.line, w.path, w.msg)
		}
	}
	for i, e := range es {
		if e.File != "bad.yaml" || e.Line == 0 || e.Msg == "" {
			t.Errorf("error %d lacks file, line or message: %+v", i, e)
		}
		if i > 0 && e.Line < es[i-1].Line {
			t.Errorf("errors not in line order at %d: %d after %d", i, e.Line, es[i-1].Line)
		}
	}
}

func hasErr(es Errors, line int, path, msg string) bool {
	for _, e := range es {
		if (line == 0 || e.Line == line) && e.Path == path && strings.Contains(e.Msg, msg) {
			return true
		}
	}
	return false
}

// minimal is the smallest valid mission; cases below edit it.
const minimal = `name: t
target: {lat: 0, lon: 0, elevation: 0 m}
aircraft: {altitude: 4000 m, airspeed: 50 m/s}
jumpers:
  - {name: a, mass: 90 kg, open_at: 1000 m}
`

func TestMinimalAndDefaults(t *testing.T) {
	m, err := Decode("min.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	j := m.Jumpers[0]
	for _, c := range []struct {
		name       string
		got, want  float64
		assumption string
	}{
		{"target.radius", m.Target.Radius, 50, "target.radius not given: 50 m"},
		{"aircraft.climb_rate", m.Aircraft.ClimbRate, 7.62, "aircraft.climb_rate not given: 1500 ft/min"},
		{"aircraft.takeoff_elevation", m.Aircraft.TakeoffElevation, 0, "aircraft.takeoff_elevation not given"},
		{"schedule.door_open", m.Schedule.DoorOpen, DefaultDoorOpen, "schedule.door_open not given: 2 min"},
		{"canopy.airspeed", j.Canopy.Airspeed, DefaultCanopyAirspeed, "jumpers[0].canopy.airspeed not given: 20.8 kt"},
		{"canopy.sink", j.Canopy.Sink, DefaultCanopySink, "jumpers[0].canopy.sink not given: 1000 ft/min"},
		{"canopy.deploy_time", j.Canopy.DeployTime, DefaultDeployTime, "jumpers[0].canopy.deploy_time not given: 3 s"},
		{"canopy.final", j.Canopy.Final, 91.44, "jumpers[0].canopy.final not given"},
		{"oxygen.prebreathe", m.Oxygen.Prebreathe, 0, "oxygen.prebreathe not given: none"},
		{"oxygen.time_at_altitude", m.Oxygen.TimeAtAltitude, 600, "oxygen.time_at_altitude not given: 10 min"},
		{"limits.min_open", m.Limits.MinOpen, 609.6, "limits.min_open not given: 2000 ft AGL"},
		{"limits.max_surface_wind", m.Limits.MaxSurfaceWind, 15 * 0.44704, "limits.max_surface_wind not given: 15 mph"},
		{"limits.max_gust", m.Limits.MaxGust, 15*0.44704 + 5*1852.0/3600, "limits.max_gust not given"},
		{"limits.aad_speed", m.Limits.AADSpeed, 35, "limits.aad_speed not given: 35 m/s"},
		{"limits.min_separation", m.Limits.MinSeparation, 300, "limits.min_separation not given: 300 m"},
		{"limits.min_p_in_target", m.Limits.MinPInTarget, 0.5, "limits.min_p_in_target not given: 50 %"},
		{"limits.camera_within", m.Limits.CameraWithin, 5, "limits.camera_within not given: 5 m"},
		{"limits.turn_margin", m.Limits.TurnMargin, 1852, "limits.turn_margin not given: 1 NM"},
	} {
		if !near(c.got, c.want) {
			t.Errorf("%s default = %v, want %v", c.name, c.got, c.want)
		}
		found := false
		for _, a := range m.Assumptions {
			found = found || strings.Contains(a, c.assumption)
		}
		if !found {
			t.Errorf("Assumptions lack %q", c.assumption)
		}
	}
	if j.Drag.Preset != "belly" || j.Canopy.Type != "ram-air" || !m.Aircraft.HeadingAuto || !m.Aircraft.Unpressurized {
		t.Errorf("defaults: drag %+v canopy %q heading auto %v unpressurized %v", j.Drag, j.Canopy.Type, m.Aircraft.HeadingAuto, m.Aircraft.Unpressurized)
	}
	for _, want := range []string{"jumpers[0]: drag not given; belly preset", "aircraft.heading not given: auto", "aircraft.cabin not given: unpressurized", "jumpers[0].canopy.type not given: ram-air"} {
		if !strings.Contains(strings.Join(m.Assumptions, "\n"), want) {
			t.Errorf("Assumptions lack %q", want)
		}
	}
	// A round canopy gets the T-10 sink and no forward speed, with its assumption.
	m, err = Decode("round.yaml", []byte(strings.Replace(minimal, "open_at: 1000 m}", "open_at: 1000 m, canopy: {type: round}}", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Jumpers[0].Canopy; c.Airspeed != 0 || !near(c.Sink, 22*0.3048) {
		t.Errorf("round canopy %+v", c)
	}
}

// edit applies replacements to minimal (old -> new; an old of "" appends new).
func edit(pairs ...string) string {
	s := minimal
	for i := 0; i < len(pairs); i += 2 {
		if pairs[i] == "" {
			s += pairs[i+1]
			continue
		}
		if !strings.Contains(s, pairs[i]) {
			panic("edit: " + pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

// Each kind of error, alone, with its line and path.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line int
		path string
		msg  string
	}{
		{"unknown top-level key", edit("", "colour: red\n"), 6, "colour", "unknown key; the mission takes: aad, aircraft, airspace, alternates, atmosphere"},
		{"unknown nested key", edit("airspeed: 50 m/s}", "airspeed: 50 m/s, flaps: 10 deg}"), 3, "aircraft.flaps", "unknown key; aircraft takes:"},
		{"misspelt key", edit("open_at: 1000 m}", "open_at: 1000 m, canopy: {sinkrate: 5 m/s}}"), 5, "jumpers[0].canopy.sinkrate", "unknown key; jumpers[0].canopy takes: airspeed, deploy_loss"},
		{"wrong type: list for a value", edit("name: t", "name: [t]"), 1, "name", "expected a single value, got a list"},
		{"wrong type: mapping for a value", edit("name: t", "name: {t: 1}"), 1, "name", "expected a single value, got a mapping"},
		{"wrong type: value for a mapping", edit("target: {lat: 0, lon: 0, elevation: 0 m}", "target: here"), 2, "target", `expected a mapping of keys (elevation, lat, lon, radius), got "here"`},
		{"wrong type: mapping for a list", edit("jumpers:\n  - {name: a, mass: 90 kg, open_at: 1000 m}", "jumpers: {name: a}"), 4, "jumpers", "expected a list, got a mapping"},
		{"wrong type: not a number", edit("lat: 0,", "lat: north,"), 2, "target.lat", `"north" is not a number (latitude, WGS84 degrees)`},
		{"wrong type: boolean", edit("airspeed: 50 m/s}", "airspeed: 50 m/s, balloon: maybe}"), 3, "aircraft.balloon", `"maybe" is not true or false`},
		{"empty value", edit("name: t", "name:"), 1, "name", "no value given"},
		{"missing unit", edit("altitude: 4000 m", "altitude: 4000"), 3, "aircraft.altitude", `"4000": missing unit; a length needs one of: FL (flight level, e.g. FL250), feet, ft, km, m`},
		{"wrong-kind unit", edit("mass: 90 kg", "mass: 90 m"), 5, "jumpers[0].mass", `"m" is a unit of length; a mass takes one of`},
		{"out of range: mass", edit("", "  - {name: b, mass: 12 kg, open_at: 1000 m}\n"), 6, "jumpers[1].mass", "12 kg is below 40 kg"},
		{"out of range: heavy", edit("mass: 90 kg", "mass: 600 lb"), 5, "jumpers[0].mass", "600 lb is above 250 kg"},
		{"out of range: altitude", edit("altitude: 4000 m", "altitude: 200000 ft"), 3, "aircraft.altitude", "200000 ft is above the maximum; allowed 100 m (328 ft) .. 45000 m (147638 ft)"},
		{"out of range: latitude", edit("lat: 0,", "lat: 91,"), 2, "target.lat", "91 is outside -90 .. 90"},
		{"out of range: NaN", edit("lat: 0,", "lat: .nan,"), 2, "target.lat", "is not a number"},
		{"out of range: Inf", edit("altitude: 4000 m", "altitude: 1e308 km"), 3, "aircraft.altitude", "not finite"},
		{"duplicate key", edit("name: t\n", "name: t\nname: u\n"), 2, "name", "given twice"},
		{"duplicate nested key", edit("mass: 90 kg,", "mass: 90 kg, mass: 95 kg,"), 5, "jumpers[0].mass", "given twice"},
		{"duplicate jumper name", edit("", "  - {name: a, mass: 80 kg, open_at: 1000 m}\n"), 6, "jumpers[1].name", `"a" is used by two jumpers`},
		{"duplicate wind layers", edit("", "winds:\n  layers:\n    - {altitude: 0 ft, from: 90 deg, speed: 5 kt}\n    - {altitude: 0 m, from: 80 deg, speed: 5 kt}\n"), 9, "winds.layers[1].altitude", "two layers at 0 m"},
		{"both open_at and open_after", edit("open_at: 1000 m}", "open_at: 1000 m, open_after: 60 s}"), 5, "jumpers[0].open_after", "give open_at or open_after, not both"},
		{"neither open_at nor open_after", edit(", open_at: 1000 m}", "}"), 5, "jumpers[0].open_at", "missing: the planned deployment altitude"},
		{"both airspeeds", edit("airspeed: 50 m/s}", "airspeed: 50 m/s, indicated_airspeed: 100 kt}"), 3, "aircraft.indicated_airspeed", "not both"},
		{"missing name", edit("name: t\n", "description: x\n"), 1, "name", "missing: give the mission a name"},
		{"missing jumpers", edit("jumpers:\n  - {name: a, mass: 90 kg, open_at: 1000 m}\n", ""), 1, "jumpers", "missing: list at least one jumper"},
		{"missing target field", edit("lat: 0, ", ""), 2, "target.lat", "missing"},
		{"missing jumper mass", edit("mass: 90 kg, ", ""), 5, "jumpers[0].mass", "missing: total mass with equipment"},
		{"exit too low", edit("altitude: 4000 m", "altitude: 200 m"), 3, "aircraft.altitude", "a jump needs at least 300 m"},
		{"open above exit", edit("open_at: 1000 m", "open_at: 5000 m"), 5, "jumpers[0].open_at", "at or above the exit"},
		{"cabin above exit", edit("airspeed: 50 m/s}", "airspeed: 50 m/s, cabin: 5000 m}"), 3, "aircraft.cabin", "above the exit altitude"},
		{"anchor and alias", edit("name: t", "name: &n t\ndescription: *n"), 2, "description", "aliases are not supported"},
		{"tag", edit("name: t", "name: !!str t"), 1, "name", "YAML tags are not used"},
		{"bad drag table", edit("open_at: 1000 m}", "open_at: 1000 m, drag: {area: 0.5 m2, cd: [[0.5, 1.0], [0.3, 1.1]]}}"), 5, "jumpers[0].drag.cd[1]", "Mach 0.3 does not increase"},
		{"airspace with two points", edit("", "airspace:\n  - name: x\n    points: [{lat: 1, lon: 1}, {lat: 2, lon: 2}]\n"), 7, "airspace[0].points", "at least 3 points"},
		{"light needs two", edit("", "light: {sun_elevation: [0 deg]}\n"), 6, "light.sun_elevation", "expected [min, max]"},
		{"time without zone", edit("", "schedule: {takeoff: 2026-11-25T14:20:00}\n"), 6, "schedule.takeoff", "RFC 3339"},
		{"YAML syntax: unclosed flow mapping", edit("airspeed: 50 m/s}", "airspeed: 50 m/s"), 4, "", "not valid YAML: [4:1] ',' or '}' must be specified"}, // where the parser noticed
		{"YAML syntax: bad indentation", edit("jumpers:\n  - {", "jumpers:\n  - {\n name: x\n"), 0, "", "not valid YAML"},
		{"YAML syntax: tab", "name: t\ntarget:\n\tlat: 0\n", 3, "", "not valid YAML"},
		{"two documents", minimal + "---\n" + minimal, 0, "", "expected one YAML document"},
		{"empty file", "", 0, "", "expected one YAML document"},
		{"only a comment", "# nothing\n", 0, "", "expected one YAML document"},
		{"a list, not a mission", "- a\n- b\n", 1, "", "expected a mapping of keys"},
	}
	for _, tc := range tests {
		m, err := Decode("t.yaml", []byte(tc.yaml))
		if err == nil {
			t.Errorf("%s: decoded without error", tc.name)
			continue
		}
		if m != nil {
			t.Errorf("%s: a mission and an error", tc.name)
		}
		var es Errors
		if !errors.As(err, &es) || len(es) == 0 || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: error %T %v is not a non-empty Errors matching ErrInvalid", tc.name, err, err)
			continue
		}
		if !hasErr(es, tc.line, tc.path, tc.msg) {
			t.Errorf("%s: want line %d path %q msg containing %q; got\n%v", tc.name, tc.line, tc.path, tc.msg, err)
		}
		if !strings.HasPrefix(err.Error(), "t.yaml") {
			t.Errorf("%s: message does not start with the file name: %v", tc.name, err)
		}
	}
}

func TestDecodeTooLarge(t *testing.T) {
	big := minimal + "# " + strings.Repeat("x", MaxSize) + "\n"
	_, err := Decode("big.yaml", []byte(big))
	if err == nil || !strings.Contains(err.Error(), "a mission file is at most") {
		t.Errorf("oversize file: %v", err)
	}
}

func TestFieldErrorFormat(t *testing.T) {
	for _, c := range []struct {
		e    FieldError
		want string
	}{
		{FieldError{File: "m.yaml", Line: 7, Path: "jumpers[1].mass", Msg: "12 kg is below 40 kg"}, "m.yaml:7: jumpers[1].mass: 12 kg is below 40 kg"},
		{FieldError{File: "m.yaml", Msg: "file is too big"}, "m.yaml: file is too big"},
		{FieldError{File: "m.yaml", Line: 3, Msg: "not valid YAML"}, "m.yaml:3: not valid YAML"},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	es := Errors{{File: "a", Line: 1, Msg: "x"}, {File: "a", Line: 2, Msg: "y"}}
	if es.Error() != "a:1: x\na:2: y" {
		t.Errorf("Errors.Error() = %q", es.Error())
	}
}

// FuzzDecode: Decode never panics and returns either a mission or a non-empty Errors
// (never both, never neither), each error naming the file and saying something.
func FuzzDecode(f *testing.F) {
	f.Add(falloutYAML)
	if b, err := os.ReadFile(testdata.Path(f, "bad.yaml")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(minimal))
	f.Add([]byte("name: &a [*a]\n"))
	f.Add([]byte("? [a, b]\n: c\n"))
	f.Add([]byte("{a: 1, a: 2}"))
	f.Add([]byte("- - - -\n"))
	f.Add([]byte("name: t\n---\nname: u\n"))
	f.Add([]byte("target: !!binary aGVsbG8=\n"))
	f.Add([]byte("jumpers: [{drag: {cd: [[0, 1], [1]]}}]\n"))
	f.Add([]byte(minimal + "aad: {armed_at: takeoff, offset: -300 m}\nnight: {lights: true, briefed: no}\nlimits: {camera_in_frame: 40 %}\n"))
	f.Add([]byte(minimal + "groups: [{name: g, members: [a, a, z]}, {name: g}]\nunits: {distance: NM, altitude: ft, speed: kt}\n"))
	f.Add([]byte(minimal + "alternates: [{name: strip, lat: 24.1, lon: 54.6}, {lat: 91}, 3]\nlimits: {canopy_safety_factor: 1500 ft, canopy_dispersion: -1 m}\n"))
	for _, h := range hostile {
		f.Add([]byte(h))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decodeWithin(t, data, 5*time.Second)
		if (m == nil) == (err == nil) {
			t.Fatalf("Decode returned mission %v and error %v", m != nil, err)
		}
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %T %q is not a non-empty Errors", err, err)
			}
			for _, e := range es {
				if e.File != "fuzz.yaml" || e.Msg == "" || e.Line < 0 {
					t.Fatalf("bad FieldError %+v", e)
				}
			}
			return
		}
		if m.Name == "" || len(m.Jumpers) == 0 {
			t.Fatalf("a mission without name or jumpers: %+v", m)
		}
		for _, v := range []float64{m.Target.Lat, m.Target.Lon, m.Target.Elevation, m.Aircraft.Altitude, m.Limits.MinOpen} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("required value not finite: %+v", m)
			}
		}
		for _, j := range m.Jumpers {
			if !(j.Mass >= 40 && j.Mass <= 250) || j.Name == "" {
				t.Fatalf("jumper %+v", j)
			}
			if math.IsNaN(j.OpenAt) == math.IsNaN(j.OpenAfter) {
				t.Fatalf("jumper %q: exactly one of open_at and open_after: %v, %v", j.Name, j.OpenAt, j.OpenAfter)
			}
		}
		// no value is infinite: absent is NaN, present is finite
		if path := infinite(reflect.ValueOf(*m), "mission"); path != "" {
			t.Fatalf("%s is infinite", path)
		}
		// what the decoder accepts, the wind profile accepts too
		if len(m.Winds.Layers) > 0 {
			if _, err := wind.NewProfile("fuzz", m.Winds.Layers); err != nil {
				t.Fatalf("decoded winds do not make a profile: %v", err)
			}
		}
	})
}

// infinite returns the path of the first ±Inf float64 inside v, or "".
func infinite(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.Float64:
		if math.IsInf(v.Float(), 0) {
			return path
		}
	case reflect.Pointer:
		if !v.IsNil() && v.Type().Elem().PkgPath() != "time" {
			return infinite(v.Elem(), path)
		}
	case reflect.Struct:
		if v.Type().PkgPath() == "time" {
			return ""
		}
		for i := 0; i < v.NumField(); i++ {
			if p := infinite(v.Field(i), path+"."+v.Type().Field(i).Name); p != "" {
				return p
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if p := infinite(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
	}
	return ""
}

// The bounds the decoder accepts for a wind layer are accepted by wind.NewProfile:
// a decoded mission's winds always make a profile.
func TestWindBoundsAgree(t *testing.T) {
	y := edit("", "winds:\n  layers:\n"+
		"    - {altitude: -500 m, from: 360 deg, speed: 0 kt, temperature: 150 K}\n"+
		"    - {altitude: 86 km, from: 0 deg, speed: 150 m/s, temperature: 76.85 C}\n")
	m, err := Decode("w.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wind.NewProfile("w", m.Winds.Layers); err != nil {
		t.Errorf("decoded layers %+v: %v", m.Winds.Layers, err)
	}
	if path := infinite(reflect.ValueOf(*m), "mission"); path != "" {
		t.Errorf("%s is infinite", path)
	}
}

// decodeWithin fails the test when Decode takes longer than limit (a hang), quoting
// the input, instead of letting the fuzzer wait for it.
func decodeWithin(t *testing.T, data []byte, limit time.Duration) (*Mission, error) {
	t.Helper()
	type result struct {
		m   *Mission
		err error
	}
	done := make(chan result, 1)
	go func() {
		m, err := Decode("fuzz.yaml", data)
		done <- result{m, err}
	}()
	select {
	case r := <-done:
		return r.m, r.err
	case <-time.After(limit):
		t.Fatalf("Decode did not return within %v on %q", limit, data)
		return nil, nil
	}
}

// hostile are inputs that made YAML parsers panic (goccy/go-yaml issues #191, #540,
// #718; go-yaml/yaml #116, #323; yq #2211): Decode must return an error, not panic.
var hostile = []string{
	"{? {? ", "0::", "{0", "*-0", ">\n>", "&{0", "0_", "0\n:", "0\n-", "true :", "10.:",
	"\"\\0\\\r\n", "  0: [\n] 0", "? ? \"\n\" 0", "    - {\n000}0", "0:\n  0: [0\n] 0",
	" \ufeff\n", "? \ufeff\n", "? \ufeff:\n", "0: \ufeff\n", "!!null\n-",
	"---\n- - - - - - - - {\n0}0\n---", "|0#\xff\xfe0\n\xff0", "[", "]", "{", "}", ":", "- ", "? ",
	"&a [*a]", "a: &a\n  b: *a\n", "%YAML 1.1\n---\na: 1", "%TAG ! tag:x:\n---\n!a b",
	"name: \"\\xZZ\"", "name: '", "name: |\n  \tx", "\t", "\x00", "name: t\n...\n...\n",
}

func TestHostileYAML(t *testing.T) {
	for _, h := range hostile {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Decode(%q) panicked: %v", h, r)
				}
			}()
			m, err := Decode("h.yaml", []byte(h))
			var es Errors
			if m != nil || !errors.As(err, &es) || len(es) == 0 {
				t.Errorf("Decode(%q) = %v, %v; want a non-empty Errors", h, m, err)
			}
		}()
	}
}

// Deeply nested input is refused before the YAML parser sees it (its cost grows
// with the square of the depth: 40,000 '[' took 3 s and 4 GB).
func TestDeepNestingRefused(t *testing.T) {
	for _, y := range []string{strings.Repeat("[", 40000), "name: x\na: " + strings.Repeat("{a: ", 20000), strings.Repeat("- ", 20000) + "x"} {
		_, err := Decode("deep.yaml", []byte(y))
		if err == nil || !strings.Contains(err.Error(), "levels deep") {
			t.Errorf("deep input: %v", err)
		}
	}
}

// A mission plans at most MaxJumpers jumpers; more is an error, not a 147 MB plan.
func TestTooManyJumpers(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: big\ntarget: {lat: 24.1, lon: 54.6, elevation: 60 m}\naircraft: {altitude: 13000 ft, airspeed: 90 kt}\njumpers:\n")
	for i := 0; i <= MaxJumpers; i++ {
		fmt.Fprintf(&b, "  - {name: j%d, mass: 90 kg, open_at: 3000 ft}\n", i)
	}
	_, err := Decode("big.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "jumpers: 33 jumpers") {
		t.Errorf("33 jumpers: %v", err)
	}
}

// TestAlternatesAndCanopyMargins: alternate landing areas decode by name and
// position; the canopy safety factor and dispersion are the mission's when given;
// an alternate without a position is an error on its line.
func TestAlternatesAndCanopyMargins(t *testing.T) {
	y := edit("", "alternates:\n  - {name: road strip, lat: 24.12, lon: 54.61}\n  - {lat: 24.08, lon: 54.58}\n",
		"", "limits: {canopy_safety_factor: 1500 ft, canopy_dispersion: 120 m}\n")
	m, err := Decode("alt.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	want := []Alternate{{"road strip", 24.12, 54.61}, {"alternate 2", 24.08, 54.58}}
	if len(m.Alternates) != 2 || m.Alternates[0] != want[0] || m.Alternates[1] != want[1] {
		t.Errorf("alternates %+v, want %+v", m.Alternates, want)
	}
	if !near(m.Limits.CanopySafetyFactor, 457.2) || m.Limits.CanopyDispersion != 120 {
		t.Errorf("safety factor %v m (want 457.2), dispersion %v m (want 120)", m.Limits.CanopySafetyFactor, m.Limits.CanopyDispersion)
	}
	_, err = Decode("bad.yaml", []byte(edit("", "alternates:\n  - {name: nowhere}\n")))
	if err == nil || !strings.Contains(err.Error(), "alternates[0]: an alternate landing area needs lat and lon") {
		t.Errorf("alternate without a position: %v", err)
	}
}
