package magnetic

import (
	"math"
	"strings"
	"testing"
)

// FuzzParseCOF: any bytes give a model or an error wrapping ErrCOF, never a
// panic; a model that parses has a whole-year epoch and finite coefficients,
// and evaluates to a finite field over its whole validity.
func FuzzParseCOF(f *testing.F) {
	f.Add(wmm2025COF)
	f.Add([]byte(strings.ReplaceAll(string(wmm2025COF), "\n", "\r\n")))
	f.Add(wmm2025COF[:len(wmm2025COF)-1])
	f.Add(wmm2025COF[:len(wmm2025COF)/2])
	f.Add(wmm2025COF[:60])
	f.Add([]byte("    2025.0            WMM-2025        11/13/2024\n"))
	f.Add([]byte("\n"))
	f.Add([]byte(strings.Repeat("9", 48) + "\n" + strings.Repeat("9", 48) + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseCOF(data)
		if err != nil {
			if m != nil {
				t.Fatal("a model and an error")
			}
			return
		}
		if m.Epoch() != math.Trunc(m.Epoch()) || m.ValidUntil() != m.Epoch()+Lifetime {
			t.Fatalf("epoch %v, valid until %v", m.Epoch(), m.ValidUntil())
		}
		for _, c := range m.c[1:] {
			for _, v := range []float64{c.g, c.h, c.gdot, c.hdot} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("coefficient %v", v)
				}
			}
		}
		for _, year := range []float64{m.ValidFrom(), m.ValidUntil()} {
			fl, err := m.Field(45, 10, 0, year)
			if err != nil {
				t.Fatal(err)
			}
			if math.IsNaN(fl.X) || math.IsNaN(fl.Y) || math.IsNaN(fl.Z) || math.IsInf(fl.F, 0) {
				t.Fatalf("field %+v", fl)
			}
		}
	})
}
