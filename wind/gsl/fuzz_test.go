package gsl

import (
	"math"
	"os"
	"strings"
	"testing"

	"halo/internal/testdata"
)

// FuzzReadAll feeds mutated GSL files (including the two bad replies) to ReadAll:
// it must never panic, and accepted soundings have finite, in-range values.
func FuzzReadAll(f *testing.F) {
	files := testdata.Glob(f, "winds", "gsl_*.txt")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add(tmpl)
	f.Fuzz(func(t *testing.T, in string) {
		ss, err := ReadAll(strings.NewReader(in))
		if err != nil {
			return
		}
		if len(ss) == 0 {
			t.Fatal("no sounding and no error")
		}
		for _, s := range ss {
			if s.Time.IsZero() || (s.Profile == nil && len(s.Levels) == 0) {
				t.Fatalf("accepted an empty or timeless sounding %+v", s)
			}
			for _, l := range s.Levels {
				if math.IsNaN(l.Alt) || !(l.T >= 150 && l.T <= 350) || l.P < 0 {
					t.Fatalf("bad level %+v", l)
				}
			}
			if s.Profile != nil {
				for _, l := range s.Profile.Layers() {
					if math.IsNaN(l.Alt) || !(l.Speed >= 0 && l.Speed <= 150) || !(l.FromDeg >= 0 && l.FromDeg <= 360) {
						t.Fatalf("bad layer %+v", l)
					}
				}
			}
		}
	})
}
