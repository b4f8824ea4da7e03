package fb

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"halo/internal/testdata"
)

// FuzzParse feeds mutated bulletins to Parse: it must never panic, and whatever
// it accepts must give profiles with finite values for every station (or a clean
// error).
func FuzzParse(f *testing.F) {
	files := testdata.Glob(f, "winds", "fb_*.txt")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add(tmpl)
	ref := time.Date(2026, 1, 31, 2, 10, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, in string) {
		b, err := Parse(strings.NewReader(in), ref)
		if err != nil {
			if b != nil {
				t.Fatal("bulletin and error")
			}
			return
		}
		if b.Valid.IsZero() || len(b.Levels) == 0 || len(b.Stations) == 0 {
			t.Fatalf("accepted without valid time, levels or stations: %+v", b)
		}
		for _, st := range b.Stations {
			if len(st.Groups) != len(b.Levels) {
				t.Fatalf("%s: %d groups for %d levels", st.ID, len(st.Groups), len(b.Levels))
			}
			p, err := b.Profile(st.ID)
			if err != nil {
				continue
			}
			for _, l := range p.Layers() {
				if math.IsNaN(l.Alt) || math.IsNaN(l.Speed) || l.Speed < 0 || l.Speed > 200*0.5145 || l.FromDeg < 0 || l.FromDeg >= 360 {
					t.Fatalf("%s: bad layer %+v", st.ID, l)
				}
			}
		}
	})
}
