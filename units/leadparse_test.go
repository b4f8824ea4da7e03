package units

import (
	"strings"
	"testing"
)

func TestParseLead(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Lead
		err  string
	}{
		{"distance: NM, altitude: ft, speed: kt", Lead{"NM", "ft", "kt"}, ""},
		{"speed=KT , distance = nm", Lead{Distance: "NM", Speed: "kt"}, ""},
		{"altitude: m", Lead{Altitude: "m"}, ""},
		{"speed: km/h", Lead{Speed: "km/h"}, ""},
		{"distance: miles", Lead{}, `distance "miles": use NM, km, m`},
		{"height: ft", Lead{}, `"height" is not distance`},
		{"NM ft kt", Lead{}, "write field: unit"},
		{"speed: kt, speed: mph", Lead{}, "speed given twice"},
		{"", Lead{}, "name at least one"},
	} {
		got, err := ParseLead(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseLead(%q) error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseLead(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
		if back, err := ParseLead(got.String()); err != nil || back != got {
			t.Errorf("ParseLead(%q.String() = %q) = %+v, %v", c.in, got.String(), back, err)
		}
	}
}

func FuzzParseLead(f *testing.F) {
	for _, s := range []string{"distance: NM, altitude: ft, speed: kt", "speed=kt", "x:y,,", ":", "distance: m/s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLead(s)
		if err != nil {
			return
		}
		if back, err := ParseLead(l.String()); err != nil || back != l {
			t.Errorf("%q → %+v → %q → %+v, %v", s, l, l.String(), back, err)
		}
	})
}
