package mission

import (
	"strings"
	"testing"

	"halo/units"
)

// The jump type and the physiology keys: given values are kept (zero included),
// defaults follow the type and each shows under Assumptions with its source.
func TestOxygenKeysAndDefaults(t *testing.T) {
	ft := units.Foot
	for _, c := range []struct {
		name                  string
		yaml                  string
		typ                   string
		floor, rate, toBottle float64
		console, skin         bool
		assume                []string
	}{
		{"defaults: military", minimal, "military", 13000 * ft, 30e-3 / 60, 15, true, false, []string{
			"type not given: military", "oxygen.bottle_floor not given: bail-out O₂ needed down to 13,000 ft MSL", "[AFI409]",
			"oxygen.breathing_rate not given: 30 L/min BTPS", "[CFR251443]", "oxygen.time_to_bottle not given: 15 s", "time it in drills",
			"skin_covered not given for a", "oxygen.console not given: jumpers breathe aircraft O₂"}},
		{"sport: floor 15,000 ft and no aircraft O₂ without a prebreathe", edit("", "type: sport\n"), "sport", 15000 * ft, 30e-3 / 60, 15, false, false, []string{
			"bail-out O₂ needed down to 15,000 ft MSL (sport jump: 14 CFR 91.211(a)(3) [CFR91211], USPA SIM 6-7 [USPA-SIM67])",
			"no prebreathe on a sport jump, so no aircraft O₂"}},
		{"stunt with a prebreathe breathes console O₂", edit("", "type: stunt\noxygen: {prebreathe: 30 min}\n"), "stunt", 15000 * ft, 30e-3 / 60, 15, true, false, nil},
		{"every key given", edit("open_at: 1000 m}", "open_at: 1000 m, skin_covered: true}", "", "type: sport\noxygen: {bottle_floor: 0 ft, breathing_rate: 20 L/min, time_to_bottle: 0 s, console: true}\n"),
			"sport", 0, 20e-3 / 60, 0, true, true, nil},
	} {
		m, err := Decode("t.yaml", []byte(c.yaml))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		o := m.Oxygen
		if m.Type != c.typ || !near(o.BottleFloor, c.floor) || !near(o.BreathingRate, c.rate) || o.TimeToBottle != c.toBottle ||
			o.Console != c.console || m.Jumpers[0].SkinCovered != c.skin {
			t.Errorf("%s: type %q floor %g rate %g to-bottle %g console %v skin %v", c.name, m.Type, o.BottleFloor, o.BreathingRate,
				o.TimeToBottle, o.Console, m.Jumpers[0].SkinCovered)
		}
		all := strings.Join(m.Assumptions, "\n")
		for _, a := range c.assume {
			if !strings.Contains(all, a) {
				t.Errorf("%s: assumptions lack %q:\n%s", c.name, a, all)
			}
		}
		if strings.Contains(c.name, "every key") && (strings.Contains(all, "bottle_floor") || strings.Contains(all, "time_to_bottle") || strings.Contains(all, "skin_covered")) {
			t.Errorf("%s: a given key listed as a default:\n%s", c.name, all)
		}
	}
	for _, c := range []struct{ yaml, path, msg string }{
		{edit("", "type: base\n"), "type", `"base": use sport, military or stunt`},
		{edit("open_at: 1000 m}", "open_at: 1000 m, skin_covered: mostly}"), "jumpers[0].skin_covered", "not true or false"},
		{edit("", "oxygen: {bottle_floor: 20 km}\n"), "oxygen.bottle_floor", "above the maximum"},
		{edit("", "oxygen: {time_to_bottle: 15}\n"), "oxygen.time_to_bottle", "missing unit"},
	} {
		_, err := Decode("t.yaml", []byte(c.yaml))
		es, _ := err.(Errors)
		if !hasErr(es, 0, c.path, c.msg) {
			t.Errorf("%q: want %s: %s; got %v", c.yaml, c.path, c.msg, err)
		}
	}
}
