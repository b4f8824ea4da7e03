package montecarlo

import (
	"math"
	"strings"
	"testing"

	"halo/wind"
)

func steady(t *testing.T, from, speed float64) *wind.Profile {
	t.Helper()
	p, err := wind.NewProfile("test", []wind.Layer{{Alt: 0, FromDeg: from, Speed: speed, Temp: math.NaN()}, {Alt: 10000, FromDeg: from, Speed: speed, Temp: math.NaN()}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestModelSpread(t *testing.T) {
	tests := []struct {
		name       string
		a, b       [2]float64 // from, speed
		speed, dir float64
	}{
		// two speeds 4 m/s apart: sample σ = 4/√2
		{"speed", [2]float64{270, 10}, [2]float64{270, 14}, 4 / math.Sqrt2, 0},
		// 260° and 280°: ±10° about 270°, sample σ = √200
		{"direction", [2]float64{260, 10}, [2]float64{280, 10}, 0, math.Sqrt(200)},
		// across north: 350° and 10° are 20° apart, not 340°
		{"across north", [2]float64{350, 10}, [2]float64{10, 10}, 0, math.Sqrt(200)},
		// light winds: directions are not compared
		{"light", [2]float64{0, 1}, [2]float64{180, 1}, 0, 0},
	}
	for _, tc := range tests {
		w, err := ModelSpread([]*wind.Profile{steady(t, tc.a[0], tc.a[1]), steady(t, tc.b[0], tc.b[1])}, 0, 8000, 500)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(w.Speed-tc.speed) > 1e-6 || math.Abs(w.Direction-tc.dir) > 1e-6 || w.Models != 2 {
			t.Errorf("%s: spread %.4f m/s %.4f°, want %.4f m/s %.4f°", tc.name, w.Speed, w.Direction, tc.speed, tc.dir)
		}
	}
	if _, err := ModelSpread([]*wind.Profile{steady(t, 0, 1)}, 0, 1, 1); err == nil {
		t.Error("one profile has no spread")
	}
}

// A wider spread between models widens the landings; a narrower one than the
// default leaves the default (and the odds) as they were; a mission's own value wins.
func TestSpreadChangesTheDispersion(t *testing.T) {
	m, p := fallout(t)
	u := zeroUncertainty()
	u.WindSpeed, u.WindDirection = math.NaN(), math.NaN() // the defaults
	mu := withUncertainty(m, u)
	opt := Options{N: 300, Seed: 7}
	base := run(t, p, mu, opt)

	opt.WindSpread = &WindSpread{Speed: 3 * DefaultWindSpeed, Direction: 3 * DefaultWindDirection, Models: 3, Basis: "three models"}
	wide := run(t, p, mu, opt)
	if !(wide.Overall.Ellipse95.MajorM > base.Overall.Ellipse95.MajorM && wide.Overall.CEPMPIM > base.Overall.CEPMPIM) {
		t.Errorf("3× the default spread: ellipse %.1f m CEP %.1f m, default %.1f m CEP %.1f m: want wider",
			wide.Overall.Ellipse95.MajorM, wide.Overall.CEPMPIM, base.Overall.Ellipse95.MajorM, base.Overall.CEPMPIM)
	}
	t.Logf("landing ellipse95 major / CEP about the MPI: default %.1f / %.1f m, 3× spread %.1f / %.1f m",
		base.Overall.Ellipse95.MajorM, base.Overall.CEPMPIM, wide.Overall.Ellipse95.MajorM, wide.Overall.CEPMPIM)
	for _, d := range wide.Distributions {
		if (d.Name == "wind_speed" || d.Name == "wind_direction") && (d.Origin != "models" || d.Basis != "three models") {
			t.Errorf("%s: origin %q basis %q, want the models'", d.Name, d.Origin, d.Basis)
		}
	}

	opt.WindSpread = &WindSpread{Speed: DefaultWindSpeed / 2, Direction: DefaultWindDirection / 2, Models: 2}
	narrow := run(t, p, mu, opt)
	if narrow.Overall.Ellipse95 != base.Overall.Ellipse95 {
		t.Errorf("a spread below the default changed the odds: %+v vs %+v", narrow.Overall.Ellipse95, base.Overall.Ellipse95)
	}
	if d := narrow.Distributions[0]; d.Origin != "default" || !strings.Contains(d.Basis, "default kept") {
		t.Errorf("narrow spread: %s origin %q basis %q", d.Name, d.Origin, d.Basis)
	}

	u.WindSpeed = 1
	opt.WindSpread = &WindSpread{Speed: 9, Direction: 30, Models: 2}
	own := run(t, p, withUncertainty(m, u), opt)
	if d := own.Distributions[0]; d.Origin != "mission" || d.Sigma != 1 {
		t.Errorf("mission's wind_speed: origin %q σ %v, want the mission's 1 m/s", d.Origin, d.Sigma)
	}
}
