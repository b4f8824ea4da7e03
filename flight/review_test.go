package flight

import (
	"math"
	"testing"

	"halo/atmos"
	"halo/wind"
)

// In calm air the canopy still lands on its aim: its final is flown on the line
// from the opening point to the aim (there is no wind to face).
func TestCalmFinalLandsOnAim(t *testing.T) {
	atm, err := atmos.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	calm, err := wind.NewProfile("calm", []wind.Layer{{Alt: 0, Temp: math.NaN()}})
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{Atm: atm, Wind: calm, Ground: 0}
	d, _ := Preset("belly")
	for _, e := range []float64{0, 800, -1500} {
		j := &Jump{Mass: 90, Drag: d, E: e, N: 300, Z: 4000, VE: 40, OpenAGL: 900,
			Canopy: Canopy{Airspeed: 11, Sink: 5, DeployTime: 3, Final: 91.44, HeadingDeg: math.NaN()}}
		r, err := Simulate(env, j, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if miss := math.Hypot(r.Land.E, r.Land.N); miss > 5 {
			t.Errorf("calm, exit %+.0f m east: lands %.1f m from the aim", e, miss)
		}
	}
}

// A break-off track starting shortly above the deployment is flown whatever the
// step sizes: the deployment found in the same step must not hide it.
func TestTrackNotSkipped(t *testing.T) {
	env := benchEnv(t)
	d, _ := Preset("head-down")
	for k := 0; k < 60; k++ {
		j := &Jump{Mass: 120, Drag: d, E: float64(k) * 97, N: -float64(k) * 53, Z: 7620, VE: 60, OpenAGL: 914,
			Canopy: Canopy{Airspeed: 11, Sink: 5, DeployTime: 3, Final: 91.44, HeadingDeg: math.NaN()},
			Track:  Track{AGL: 914 + 457.2, HeadingDeg: 90, CdA: 0.6, LD: 0.7}}
		r, err := Simulate(env, j, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Track.T == 0 || math.Abs(r.Track.Alt-(env.Ground+914+457.2)) > 1e-6 {
			t.Fatalf("exit %d: track start %+v, want it at %.1f m MSL", k, r.Track, env.Ground+914+457.2)
		}
	}
}
