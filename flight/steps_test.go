package flight

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTrackLiftGeometry: the break-off track's lift (trackAccel less the drag and
// gravity) is perpendicular to the air velocity, LD times the drag in size, in the
// plane of the heading and the air velocity, on the heading's side; for air
// velocities of every direction (seeded draws), including one along the heading.
func TestTrackLiftGeometry(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 1))
	j := &Jump{Mass: 100, Track: Track{CdA: 0.3, LD: 0.8}}
	for i := range 2000 {
		r := &run{j: j, kTrack: 0.5 * j.Track.CdA / j.Mass}
		hd := 360 * rng.Float64()
		r.the, r.thn = math.Sincos(hd * math.Pi / 180)
		v := v3{40 * rng.NormFloat64(), 40 * rng.NormFloat64(), -60 * rng.Float64()}
		if i == 0 {
			v = v3{30 * r.the, 30 * r.thn, -20}
		}
		const rho, grav = 0.9, 9.8
		s2 := v.e*v.e + v.n*v.n + v.u*v.u
		sp := math.Sqrt(s2)
		a := r.trackAccel(rho, grav, sp, s2, v.e, v.n, v.u)
		k := r.kTrack * rho * sp
		drag := v.scale(-k)
		lift := v3{a.e - drag.e, a.n - drag.n, a.u + grav - drag.u}
		dm := k * sp
		lm := math.Sqrt(lift.e*lift.e + lift.n*lift.n + lift.u*lift.u)
		if d := math.Abs(lm - j.Track.LD*dm); d > 1e-9*dm {
			t.Fatalf("draw %d: lift %.9g, want LD × drag = %.9g", i, lm, j.Track.LD*dm)
		}
		if dot := lift.e*v.e + lift.n*v.n + lift.u*v.u; math.Abs(dot) > 1e-9*lm*sp {
			t.Fatalf("draw %d: lift · air velocity = %g, want 0", i, dot)
		}
		// in the plane of the heading and v: (h × v) · lift = 0
		h := v3{r.the, r.thn, 0}
		c := v3{h.n*v.u - h.u*v.n, h.u*v.e - h.e*v.u, h.e*v.n - h.n*v.e}
		if dot := c.e*lift.e + c.n*lift.n + c.u*lift.u; math.Abs(dot) > 1e-9*lm*sp {
			t.Fatalf("draw %d: lift leaves the plane of heading and air velocity (%g)", i, dot)
		}
		if h.e*lift.e+h.n*lift.n < 0 {
			t.Fatalf("draw %d: lift points away from the heading", i)
		}
	}
}

// TestSpeedRatePolynomial: speedRate's degree-5 polynomial equals v·dv/dt of
// the cubic Hermite interpolant (hermite, hermiteD) over [0, lim] of a step, for
// seeded steps and fractions.
func TestSpeedRatePolynomial(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 2))
	for k := range 500 {
		var y, y1, f0, f1 vec
		for i := range y {
			y[i], y1[i] = 80*rng.NormFloat64(), 80*rng.NormFloat64()
			f0[i], f1[i] = 10*rng.NormFloat64(), 10*rng.NormFloat64()
		}
		h, lim := 0.1+8*rng.Float64(), 0.05+0.95*rng.Float64()
		sr := newSpeedRate(&y, &y1, &f0, &f1, h, lim)
		for _, th := range []float64{0, 0.3, 0.77, 1} {
			var want float64
			for i := 3; i < 6; i++ {
				want += hermite(y[i], y1[i], f0[i], f1[i], h, th*lim) * hermiteD(y[i], y1[i], f0[i], f1[i], h, th*lim)
			}
			if got := sr.at(th); math.Abs(got-want) > 1e-9*(1+math.Abs(want)) {
				t.Fatalf("step %d, θ %g of %g: polynomial %.12g, Hermite %.12g", k, th, lim, got, want)
			}
		}
	}
}
