package mgrs

import (
	"math"
	"testing"
)

// FuzzParse: Parse never panics; what it accepts has a canonical form that parses
// back to the same square, a precision of 0–5 and a centre and corner on the globe.
// Plain `go test` runs the seeds; `go test -fuzz FuzzParse ./geo/mgrs/` explores.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"33UXP0500444997", "33UXP04", "33UXP", "4QFJ1234056781", "31NAA6602100000",
		"ZAB3114205767", "BKH41", "AZX5213098204", "33XUE8710091099", "32VJR9775814135",
		"38smb", "33U XP 05004 44997", "", "33", "61UXP", "31VEE", "32XMF", "YAA",
		"33UXP12345678901", "00UXP", "33UXP\x00", "33UXPÉ", "  ", "1CAA", "60XAA00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			return
		}
		if r.Precision < 0 || r.Precision > MaxPrecision {
			t.Fatalf("Parse(%q): precision %d", s, r.Precision)
		}
		c := r.String()
		r2, err := Parse(c)
		if err != nil || r2 != r {
			t.Fatalf("Parse(%q) = %+v; its String %q parses to %+v, %v", s, r, c, r2, err)
		}
		for _, p := range [][2]float64{pair(r.Centre()), pair(r.SouthWest())} {
			if !(p[0] >= -90 && p[0] <= 90) || !(p[1] >= -180 && p[1] <= 180) || math.IsNaN(p[0]+p[1]) {
				t.Fatalf("Parse(%q): point %v off the globe", s, p)
			}
		}
	})
}

func pair(a, b float64) [2]float64 { return [2]float64{a, b} }

// FuzzFormat: Format never panics; a reference it returns parses back to itself,
// and its square lies within 1.5 m of the point at 1 m precision.
func FuzzFormat(f *testing.F) {
	for _, c := range [][3]float64{{0, 0, 5}, {84, 0, 5}, {-80.00002, 1, 5}, {90, 45, 0}, {78, 9, 3}, {60, 3, 5}, {0, 180, 1}, {91, 0, 5}, {0, 0, 6}} {
		f.Add(c[0], c[1], int(c[2]))
	}
	f.Fuzz(func(t *testing.T, lat, lon float64, precision int) {
		s, err := Format(lat, lon, precision)
		if err != nil {
			return
		}
		r, err := Parse(s)
		if err != nil || r.String() != s {
			t.Fatalf("Format(%v, %v, %d) = %q, which parses to %v, %v", lat, lon, precision, s, r, err)
		}
		if precision == MaxPrecision {
			clat, clon := r.Centre()
			if d := distance(lat, lon, clat, clon); d > 1.5 {
				t.Fatalf("Format(%v, %v) = %s: centre %.3f m away", lat, lon, s, d)
			}
		}
	})
}
