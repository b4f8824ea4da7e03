package uwyo

import (
	"math"
	"os"
	"strings"
	"testing"

	"halo/internal/testdata"
)

// FuzzRead feeds mutated UWyo soundings (text, HTML and CSV) to Read: it must
// never panic, and an accepted sounding has finite, in-range values.
func FuzzRead(f *testing.F) {
	files := testdata.Glob(f, "winds", "uwyo_*")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add(table)
	f.Add(csvTable)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		if s.Profile == nil && len(s.Levels) == 0 {
			t.Fatal("accepted an empty sounding")
		}
		for _, l := range s.Levels {
			if math.IsNaN(l.Alt) || !(l.T >= 150 && l.T <= 350) || l.P < 0 || math.IsNaN(l.P) {
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
	})
}
