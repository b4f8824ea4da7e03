package mission

import (
	"errors"
	"testing"
)

// groups: name jumpers of the mission, each in one group; units take the field's
// units only.
func TestGroupsAndUnits(t *testing.T) {
	two := minimal + "  - {name: b, mass: 90 kg, open_at: 1000 m}\n"
	m, err := Decode("g.yaml", []byte(two+"groups:\n  - {name: pair, members: [a, b]}\nunits: {distance: nm, altitude: FT, speed: kt}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Groups) != 1 || len(m.Groups[0].Members) != 2 || m.GroupOf("b") != &m.Groups[0] || m.GroupOf("x") != nil {
		t.Errorf("groups %+v", m.Groups)
	}
	if m.Units != (Units{Distance: "NM", Altitude: "ft", Speed: "kt"}) {
		t.Errorf("units %+v", m.Units)
	}
	for _, c := range []struct{ name, yaml, path, msg string }{
		{"unknown member", two + "groups: [{name: g, members: [a, z]}]\n", "groups[0].members[1]", `"z" is not a jumper`},
		{"member twice", two + "groups: [{name: g, members: [a]}, {name: h, members: [a, b]}]\n", "groups[1].members[0]", `already in group "g"`},
		{"group name twice", two + "groups: [{name: g, members: [a]}, {name: g, members: [b]}]\n", "groups[1].name", "used by two groups"},
		{"no members", two + "groups: [{name: g}]\n", "groups[0].members", "missing"},
		{"no name", two + "groups: [{members: [a]}]\n", "groups[0].name", "missing"},
		{"bad unit", two + "units: {distance: furlong}\n", "units.distance", "use NM, km, m"},
	} {
		_, err := Decode("g.yaml", []byte(c.yaml))
		var es Errors
		if !errors.As(err, &es) || !hasErr(es, 0, c.path, c.msg) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
