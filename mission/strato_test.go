package mission

import (
	"errors"
	"math"
	"testing"

	"halo/units"
)

// Issue 18: a drogue opened 13 s after exit and released at 20,000 ft MSL
// (Kittinger's stabiliser [WEA]), as drag phases of the talent.
func TestDragPhasesDecode(t *testing.T) {
	y := fallout(t, "    drag: belly\n", "    drag: belly\n    drag_phases:\n      - {name: drogue open, after: 13 s, drag: {cda: 1.9 m2}}\n      - {name: drogue release, altitude: 20000 ft, drag: belly}\n")
	m, err := Decode("t.yaml", y)
	if err != nil {
		t.Fatal(err)
	}
	ph := m.Jumpers[0].DragPhases
	if len(ph) != 2 || ph[0].Name != "drogue open" || ph[0].After != 13 || !math.IsNaN(ph[0].Alt) || ph[0].Drag.CdA != 1.9 ||
		ph[1].Alt != 20000*units.Foot || !math.IsNaN(ph[1].After) || ph[1].Drag.Preset != "belly" {
		t.Errorf("phases %+v", ph)
	}
}

func TestDragPhasesErrors(t *testing.T) {
	for _, c := range []struct{ name, phase, path string }{
		{"neither", "{name: d, drag: {cda: 1 m2}}", "jumpers[0].drag_phases[0].after"},
		{"both", "{after: 3 s, altitude: 9000 m, drag: {cda: 1 m2}}", "jumpers[0].drag_phases[0].after"},
		{"no drag", "{after: 3 s}", "jumpers[0].drag_phases[0].drag"},
		{"bad preset", "{after: 3 s, drag: banana}", "jumpers[0].drag_phases[0].drag"},
	} {
		y := fallout(t, "    drag: belly\n", "    drag: belly\n    drag_phases:\n      - "+c.phase+"\n")
		_, err := Decode("t.yaml", y)
		var es Errors
		if !errors.As(err, &es) || !hasErr(es, lineOf(y, "drag_phases")+1, c.path, "") {
			t.Errorf("%s: want an error at %s, got %v", c.name, c.path, err)
		}
	}
}

// Issue 18: dates from 1900 (Kittinger jumped in 1960).
func TestDatesFrom1900(t *testing.T) {
	if _, err := Decode("t.yaml", fallout(t, "takeoff: 2026-11-25T14:20:00+04:00", "takeoff: 1960-08-16T05:29:00-06:00",
		"issued: 2026-11-25T06:00:00Z", "issued: 1960-08-16T00:00:00Z", "valid_to: 2026-11-25T18:00:00Z", "valid_to: 1960-08-16T18:00:00Z")); err != nil {
		t.Errorf("1960: %v", err)
	}
	if _, err := Decode("t.yaml", fallout(t, "takeoff: 2026-11-25T14:20:00+04:00", "takeoff: 1899-12-31T05:29:00-06:00")); err == nil {
		t.Error("1899 accepted")
	}
}

// Issue 18: jumpers[].suit decodes into SI; a wrong type or a missing pressure is an
// error at its line.
func TestSuitDecode(t *testing.T) {
	y := fallout(t, "    drag: belly\n", "    drag: belly\n    suit: {type: full-pressure, pressure: 3.5 psi, prebreathe: 2 h, heated: true}\n")
	m, err := Decode("t.yaml", y)
	if err != nil {
		t.Fatal(err)
	}
	s := m.Jumpers[0].Suit
	if s == nil || s.Type != "full-pressure" || math.Abs(s.Pressure-3.5*units.PSI) > 1e-9 || s.Prebreathe != 7200 || !s.Heated {
		t.Errorf("suit %+v", s)
	}
	for _, c := range []struct{ suit, path string }{
		{"{type: space, pressure: 3.5 psi}", "jumpers[0].suit.type"},
		{"{type: full-pressure}", "jumpers[0].suit.pressure"},
		{"{type: full-pressure, pressure: 30 psi}", "jumpers[0].suit.pressure"},
	} {
		y := fallout(t, "    drag: belly\n", "    drag: belly\n    suit: "+c.suit+"\n")
		_, err := Decode("t.yaml", y)
		var es Errors
		if !errors.As(err, &es) || !hasErr(es, lineOf(y, "suit:"), c.path, "") {
			t.Errorf("%s: want an error at %s, got %v", c.suit, c.path, err)
		}
	}
}

// Issue 18: a balloon's ascent_rate and capsule cabin; ascent_rate on an aircraft,
// or with climb_rate, is an error at its line; a balloon with an airspeed too.
func TestBalloonKeys(t *testing.T) {
	y := fallout(t, "  airspeed: 160 mph           # true airspeed at exit\n", "  balloon: true\n",
		"  climb_rate: 1500 ft/min\n", "  ascent_rate: 1000 ft/min\n", "cabin: unpressurized", "cabin: pressurized capsule at 8000 ft")
	m, err := Decode("t.yaml", y)
	if err != nil {
		t.Fatal(err)
	}
	if a := m.Aircraft; !a.Balloon || math.Abs(a.ClimbRate-1000*units.Foot/60) > 1e-9 || math.Abs(a.CabinAlt-8000*units.Foot) > 1e-9 {
		t.Errorf("aircraft %+v", a)
	}
	for _, c := range []struct {
		name  string
		pairs []string
		path  string
	}{
		{"ascent_rate on an aircraft", []string{"  climb_rate: 1500 ft/min\n", "  ascent_rate: 1000 ft/min\n"}, "aircraft.ascent_rate"},
		{"both rates", []string{"  airspeed: 160 mph           # true airspeed at exit\n", "  balloon: true\n  ascent_rate: 900 ft/min\n"}, "aircraft.ascent_rate"},
		{"balloon with an airspeed", []string{"  climb_rate: 1500 ft/min\n", "  ascent_rate: 1000 ft/min\n  balloon: true\n"}, "aircraft.airspeed"},
		{"capsule too high", []string{"cabin: unpressurized", "cabin: capsule at 20 km"}, "aircraft.cabin"},
	} {
		_, err := Decode("t.yaml", fallout(t, c.pairs...))
		var es Errors
		if !errors.As(err, &es) || !hasErr(es, 0, c.path, "") {
			t.Errorf("%s: want an error at %s, got %v", c.name, c.path, err)
		}
	}
}

// FuzzStratoKeys: the balloon, drag-phase and suit keys never panic the decoder,
// and what decodes keeps their invariants (a phase starts by time or altitude,
// never both; a suit's pressure is in range; a capsule cabin within its range).
func FuzzStratoKeys(f *testing.F) {
	f.Add(minimal + "jumpers: [{name: a, mass: 100 kg, open_at: 3000 ft, drag: belly, drag_phases: [{name: d, after: 13 s, drag: {cda: 1.9 m2}}, {altitude: 9000 m, drag: belly}], suit: {type: full-pressure, pressure: 3.5 psi, prebreathe: 2 h, heated: true}}]\n")
	f.Add("name: b\ntarget: {lat: 0, lon: 0, elevation: 0 m}\naircraft: {altitude: 39 km, balloon: true, ascent_rate: 1000 ft/min, cabin: pressurized capsule at 8000 ft}\n")
	f.Add("name: b\ntarget: {lat: 0, lon: 0, elevation: 0 m}\naircraft: {altitude: 39 km, balloon: true, cabin: capsule at }\n")
	f.Add(minimal + "jumpers: [{name: a, drag_phases: [{after: 1 s, altitude: 1 m}, {}, 3], suit: {type: x}}]\n")
	f.Fuzz(func(t *testing.T, y string) {
		m, err := Decode("fuzz", []byte(y))
		if err != nil {
			return
		}
		a := m.Aircraft
		if !a.Unpressurized && !math.IsNaN(a.CabinAlt) && (a.CabinAlt < MinCabinAlt || a.CabinAlt > MaxCabinAlt) {
			t.Errorf("cabin %v m decoded", a.CabinAlt)
		}
		for _, j := range m.Jumpers {
			for _, ph := range j.DragPhases {
				if math.IsNaN(ph.After) == math.IsNaN(ph.Alt) {
					t.Errorf("phase %+v: after and altitude both or neither", ph)
				}
			}
			if s := j.Suit; s != nil && !(s.Pressure >= 10e3 && s.Pressure <= 60e3) {
				t.Errorf("suit %+v decoded", s)
			}
		}
	})
}
