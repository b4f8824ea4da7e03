package montecarlo

import (
	"math"
	"testing"

	"halo/mission"
	"halo/plan"
	"halo/units"
)

// The Monte Carlo flies the AAD where the plan says it fires (plan.JumpFor, from the
// AAD's ground reference): a talent who pulls at 600 ft over a drop zone at 2,500 m
// has the AAD fire in every run when it was armed at the drop zone, and in none when
// it was switched on at a field 1,000 m lower (it would fire 770 m under the ground).
func TestAADReferenceInMonteCarlo(t *testing.T) {
	for _, c := range []struct {
		armedAt string
		want    float64
	}{{"target", 1}, {"takeoff", 0}} {
		m, err := mission.Default()
		if err != nil {
			t.Fatal(err)
		}
		m.Target.Elevation, m.Aircraft.TakeoffElevation = 2500, 1500
		for i := range m.Winds.Layers {
			m.Winds.Layers[i].Alt += 2500
		}
		m.Jumpers[0].OpenAt = 600 * units.Foot
		m.AAD = mission.AADRef{ArmedAt: c.armedAt, Offset: math.NaN()}
		p, err := plan.Solve(plan.Inputs{Mission: m})
		if err != nil {
			t.Fatal(err)
		}
		r := run(t, p, m, Options{N: 20, Seed: 1})
		if got := r.Jumpers[0].PAADFire; got != c.want {
			t.Errorf("AAD armed at the %s: fires in %.0f%% of runs, want %.0f%%", c.armedAt, 100*got, 100*c.want)
		}
	}
}
