package physio

import (
	"encoding/json"
	"math"
	"testing"
)

// FuzzAssess: any numbers give a result or an error, never a panic; a result is
// valid JSON with a risk in 0..1.
func FuzzAssess(f *testing.F) {
	f.Add(600.0, 1800.0, 0.0, 5.0, 0.0, 7620.0, 600.0, 100.0, 1219.0, 0.0015, 1800*psi, 60.0, 0.0, 600.0)
	f.Add(0.0, 0.0, 3000.0, 10.0, 2400.0, 10668.0, 0.0, 60.0, 4000.0, 0.0, 0.0, 0.0, 0.0, 0.0)
	f.Add(1500.0, 3600.0, 0.0, 8.0, 0.0, 4500.0, 120.0, 40.0, 1800.0, 0.001, 400*psi, 30.0, 1200.0, 1200.0)
	f.Fuzz(func(t *testing.T, ground, pb, pbAlt, climb, cabin, exit, tAlt, ff, open, vol, press, sw, brkAt, brkDur float64) {
		in := Input{GroundAlt: ground, Prebreathe: pb, PrebreatheAlt: pbAlt, ClimbRate: climb, CabinAlt: cabin,
			ExitAlt: exit, TimeAtAltitude: tAlt, FreefallTime: ff, OpenAlt: open, BottleVolume: vol,
			BottlePressure: press, SwitchToBottle: sw}
		if brkDur != 0 {
			in.AirBreaks = []Break{{At: brkAt, Duration: brkDur}}
		}
		res, err := Assess(in)
		if err != nil {
			return
		}
		if !(res.DCSRisk >= 0 && res.DCSRisk <= 1) || math.IsNaN(res.TR360Peak) {
			t.Fatalf("risk %g, TR %g", res.DCSRisk, res.TR360Peak)
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatalf("JSON: %v", err)
		}
	})
}
