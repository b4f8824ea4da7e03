package openmeteo

import (
	"math"
	"os"
	"testing"
	"time"

	"halo/internal/testdata"
)

// FuzzParse feeds mutated responses to Parse and Profile: no panic, and every
// profile built has finite layers within the wind package's ranges.
func FuzzParse(f *testing.F) {
	for _, name := range testdata.Glob(f, "winds", "openmeteo_*.json") {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"error":true,"reason":"x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data)
		if err != nil {
			return
		}
		if len(r.Times) == 0 {
			t.Fatal("no times and no error")
		}
		for _, m := range r.Models {
			s, err := r.Profile(Options{Model: m, At: r.Times[0], Run: r.Times[0].Add(-6 * time.Hour)})
			if err != nil {
				continue
			}
			for _, l := range s.Profile.Layers() {
				if math.IsNaN(l.Alt) || !(l.Speed >= 0 && l.Speed <= 150) || !(l.FromDeg >= 0 && l.FromDeg < 360) {
					t.Fatalf("layer out of range: %+v", l)
				}
			}
		}
	})
}
