package flight

import (
	"math"
	"testing"

	"halo/atmos"
	"halo/wind"
)

// benchEnv is the fallout mission's environment: USSA-76 +10 K and its winds.
func benchEnv(tb testing.TB) *Env {
	atm, err := atmos.New(nil, atmos.WithOffset(10))
	if err != nil {
		tb.Fatal(err)
	}
	ft := 0.3048
	kt := 1852.0 / 3600
	wp, err := wind.NewProfile("test", []wind.Layer{
		{Alt: 0, FromDeg: 320, Speed: 8 * kt, Temp: math.NaN()},
		{Alt: 3000 * ft, FromDeg: 325, Speed: 14 * kt, Temp: math.NaN()},
		{Alt: 6000 * ft, FromDeg: 310, Speed: 18 * kt, Temp: math.NaN()},
		{Alt: 9000 * ft, FromDeg: 295, Speed: 22 * kt, Temp: math.NaN()},
		{Alt: 12000 * ft, FromDeg: 285, Speed: 28 * kt, Temp: math.NaN()},
		{Alt: 18000 * ft, FromDeg: 275, Speed: 38 * kt, Temp: math.NaN()},
		{Alt: 24000 * ft, FromDeg: 270, Speed: 48 * kt, Temp: math.NaN()},
		{Alt: 30000 * ft, FromDeg: 268, Speed: 58 * kt, Temp: math.NaN()},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return &Env{Atm: atm, Wind: wp, Ground: 60}
}

// benchJump is a 25,000 ft exit at 160 mph heading west, belly, open at 2,000 ft AGL.
func benchJump(tb testing.TB, env *Env) *Jump {
	d, err := Preset("belly")
	if err != nil {
		tb.Fatal(err)
	}
	u, v := env.Wind.At(7620)
	return &Jump{Mass: 105, Drag: d, E: -3000, Z: 7620, VE: -71.5 + u, VN: v, OpenAGL: 609.6,
		Canopy: Canopy{Airspeed: 11, Sink: 5, DeployTime: 3, DeployLoss: 91.44, Final: 91.44, HeadingDeg: math.NaN()},
		AADAlt: 228.6, AADSpeed: 35}
}

// BenchmarkFullJump is one full jump: 25,000 ft exit, free fall, deployment and
// ram-air canopy to the ground, at the default tolerances.
func BenchmarkFullJump(b *testing.B) {
	env := benchEnv(b)
	j := benchJump(b, env)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Simulate(env, j, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFullJumpRecorded is BenchmarkFullJump as the Monte Carlo flies it: its
// tolerance (rtol 1e-5) and the positions recorded every 0.5 s for 170 s into a
// reused buffer (the separations of a stick).
func BenchmarkFullJumpRecorded(b *testing.B) {
	env := benchEnv(b)
	j := benchJump(b, env)
	var buf []Sample
	b.ReportAllocs()
	for b.Loop() {
		r, err := Simulate(env, j, Options{RTol: 1e-5, ATol: 1e-3, Record: 0.5, RecordUntil: 170, PositionsOnly: true, TraceBuf: buf})
		if err != nil {
			b.Fatal(err)
		}
		buf = r.Trace
	}
}
