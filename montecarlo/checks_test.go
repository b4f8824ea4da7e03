package montecarlo

import (
	"context"
	"math"
	"runtime"
	"testing"

	"halo/check"
	"halo/flight"
	"halo/mission"
)

func TestChecksThresholds(t *testing.T) {
	m := &mission.Mission{Jumpers: []mission.Jumper{{Name: "a", MinOpen: math.NaN()}, {Name: "b", MinOpen: math.NaN()}}}
	m.Limits.MinPInTarget = 0.5
	m.Limits.MinSeparation = 300
	m.Limits.MinOpen = 600
	m.Limits.MaxPSeparation, m.Limits.MaxPLowOpening, m.Limits.MaxPAADFire = 0.05, 0.01, 0.001
	base := Stats{Name: "a", PInTarget: 0.9}
	cases := []struct {
		name  string
		edit  func(r *Result)
		check string
		want  check.Status
	}{
		{"p in target above", func(r *Result) { r.Jumpers[0].PInTarget = 0.51 }, "odds: a in target", check.Go},
		{"p in target at limit", func(r *Result) { r.Jumpers[0].PInTarget = 0.5 }, "odds: a in target", check.Go},
		{"p in target below: a limit is a no-go limit", func(r *Result) { r.Jumpers[0].PInTarget = 0.49 }, "odds: a in target", check.NoGo},
		{"open below: none", func(r *Result) {}, "odds: a opens below minimum", check.Go},
		{"open below: some", func(r *Result) { r.Jumpers[0].POpenBelowMin = 0.005 }, "odds: a opens below minimum", check.Caution},
		{"open below: at limit", func(r *Result) { r.Jumpers[0].POpenBelowMin = 0.01 }, "odds: a opens below minimum", check.Caution},
		{"open below: above", func(r *Result) { r.Jumpers[0].POpenBelowMin = 0.0101 }, "odds: a opens below minimum", check.NoGo},
		{"open below: the embedded mission's 50 %", func(r *Result) { r.Jumpers[0].POpenBelowMin = 0.5 }, "odds: a opens below minimum", check.NoGo},
		{"impact: any", func(r *Result) { r.Jumpers[0].PImpact = 0.0005 }, "odds: a ground impact", check.NoGo},
		{"impact: none", func(r *Result) {}, "odds: a ground impact", check.Go},
		{"aad: none", func(r *Result) {}, "odds: a AAD fires", check.Go},
		{"aad: at limit", func(r *Result) { r.Jumpers[0].PAADFire = 0.001 }, "odds: a AAD fires", check.Caution},
		{"aad: above", func(r *Result) { r.Jumpers[0].PAADFire = 0.0011 }, "odds: a AAD fires", check.NoGo},
		{"separation none", func(r *Result) {}, "odds: separation", check.Go},
		{"separation below", func(r *Result) { r.PSeparationViolation = 0.049 }, "odds: separation", check.Caution},
		{"separation at limit", func(r *Result) { r.PSeparationViolation = 0.05 }, "odds: separation", check.Caution},
		{"separation above", func(r *Result) { r.PSeparationViolation = 0.051 }, "odds: separation", check.NoGo},
		{"separation: the C-130 stick's 94.4 %", func(r *Result) { r.PSeparationViolation = 0.944 }, "odds: separation", check.NoGo},
	}
	for _, c := range cases {
		b := base
		b2 := base
		b2.Name = "b"
		r := &Result{N: 1000, TargetRadiusM: 50, MinSeparationM: 300, Jumpers: []Stats{b, b2}}
		c.edit(r)
		found := false
		for _, ck := range Checks(r, m) {
			if ck.Name == c.check {
				found = true
				if ck.Status != c.want {
					t.Errorf("%s: %s is %s (%s), want %s", c.name, ck.Name, ck.Status, ck.Value, c.want)
				}
				if ck.Source == "" || ck.Limit == "" || ck.Value == "" || ck.Pass == "" || ck.Unit != "1" {
					t.Errorf("%s: incomplete check %+v", c.name, ck)
				}
				if ck.Fails() != (c.want == check.NoGo) {
					t.Errorf("%s: status %s but numbers %v against %v (%s)", c.name, ck.Status, ck.ValueSI, ck.LimitSI, ck.Pass)
				}
			}
		}
		if !found {
			t.Errorf("%s: no check named %q", c.name, c.check)
		}
	}
	if cs := Checks(nil, m); check.Verdict(cs) != "NO-GO" {
		t.Errorf("no result: verdict %s", check.Verdict(cs))
	}
}

// The pair rule: a run violates when a pair is closer than the minimum at an
// opening or while one falls past the other's open canopy (plan.Apart); a
// distance equal to the minimum passes.
func TestSeparationRule(t *testing.T) {
	_, p := fallout(t)
	m := &mission.Mission{Jumpers: []mission.Jumper{{Name: p.Jumpers[0].Name, MinOpen: math.NaN()}, {Name: p.Jumpers[1].Name, MinOpen: math.NaN()}}}
	m.Limits.MinSeparation = 300
	m.Limits.MaxPSeparation = 0.05
	m.Target.Radius = 50
	n := 4
	s := &sim{p: p, n: n, pairs: [][2]int{{0, 1}}}
	size := 2 * n
	s.landE, s.landN, s.openE, s.openN, s.openZ = make([]float64, size), make([]float64, size), make([]float64, size), make([]float64, size), make([]float64, size)
	s.depAGL, s.ff, s.aad = make([]float64, size), make([]float64, size), make([]bool, size)
	inf := math.Inf(1)
	s.sepOpen = []float64{100, math.Hypot(100, 300), 300, 900}
	s.sepMixed = []float64{inf, inf, inf, 250}
	r := s.stats(m)
	if r.PSeparationViolation != 0.5 || len(r.Pairs) != 1 || r.Pairs[0].PViolation != 0.5 {
		t.Errorf("p_separation_violation %v, pairs %+v: want 0.5", r.PSeparationViolation, r.Pairs)
	}
}

// The default uncertainties are checked against what their σ implies, not
// against the landing accuracy they were tuned to: the opening altitude's
// spread follows its σ (p95 - p5 = 2·1.645·σ), the talent plans its opening
// 2.326 σ above its minimum (1 % below), and free fall from 25,000 ft at
// ~55 m/s lasts about two minutes (physics, not a tuned figure).
func TestDefaultDispersionPlausible(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 runs")
	}
	m, p := fallout(t)
	r := run(t, p, m, Options{N: 2000, Seed: 2026})
	for _, st := range append(r.Jumpers, r.Overall) {
		t.Logf("%-11s p_in %.3f CEP %.1f m (MPI %.1f m) R95 %.1f m, 50%% ellipse %.1f×%.1f m @%.0f°, 95%% %.1f×%.1f m, MPI %.1f E %.1f N, open p5/50/95 %.0f/%.0f/%.0f m, ff %.1f/%.1f/%.1f s, below min %.3f, AAD %.3f",
			st.Name, st.PInTarget, st.CEPM, st.CEPMPIM, st.R95M, st.Ellipse50.MajorM, st.Ellipse50.MinorM, st.Ellipse50.BearingDeg,
			st.Ellipse95.MajorM, st.Ellipse95.MinorM, st.MPI.E, st.MPI.N, st.OpenAlt.P5, st.OpenAlt.P50, st.OpenAlt.P95,
			st.Freefall.P5, st.Freefall.P50, st.Freefall.P95, st.POpenBelowMin, st.PAADFire)
		if st.Name != "all jumpers" {
			if w := st.OpenAlt.P95 - st.OpenAlt.P5; math.Abs(w-2*1.645*DefaultOpenAlt) > 20 {
				t.Errorf("%s: opening p95-p5 %.0f m, want %.0f ± 20", st.Name, w, 2*1.645*DefaultOpenAlt)
			}
		}
		if !(st.Freefall.P50 > 90 && st.Freefall.P50 < 130) {
			t.Errorf("%s: free fall %.1f s", st.Name, st.Freefall.P50)
		}
	}
	t.Logf("p_separation_violation %.3f; %.0f jumps/s on %d workers", r.PSeparationViolation, r.JumpsPerS, r.Workers)
	// the opening altitude the talent must plan for at most 1 % of openings below
	// the minimum: 2.33 σ of the opening's spread above it, rounded by sampling
	want := m.MinOpenFor(&m.Jumpers[0]) + 2.326*DefaultOpenAlt
	if tl := r.Jumpers[0]; math.Abs(tl.PlanOpenAGLM-want) > 25 {
		t.Errorf("talent: plan the opening at %.0f m AGL, want %.0f ± 25 m", tl.PlanOpenAGLM, want)
	}
}

// TestDispersionGrowsWithWindSigma: with the wind speed's σ the only
// uncertainty, the landings' spread about their mean point is zero at σ = 0 and
// grows with σ (0, the default, twice the default), for every jumper, on the
// same seed.
func TestDispersionGrowsWithWindSigma(t *testing.T) {
	if testing.Short() {
		t.Skip("3 × 300 runs")
	}
	m, p := fallout(t)
	var prev []float64
	for _, sigma := range []float64{0, DefaultWindSpeed, 2 * DefaultWindSpeed} {
		u := zeroUncertainty()
		u.WindSpeed, u.WindCorrelation = sigma, DefaultWindCorrelation
		r := run(t, p, withUncertainty(m, u), Options{N: 300, Seed: 11})
		var cep []float64
		for j, st := range r.Jumpers {
			cep = append(cep, st.CEPMPIM)
			t.Logf("wind σ %.1f m/s: %s spread (CEP about the MPI) %.2f m", sigma, st.Name, st.CEPMPIM)
			switch {
			case sigma == 0 && st.CEPMPIM != 0:
				t.Errorf("%s: spread %.3f m with no uncertainty", st.Name, st.CEPMPIM)
			case prev != nil && !(st.CEPMPIM > 1.2*prev[j]):
				t.Errorf("%s: spread %.2f m at wind σ %.1f m/s, not above 1.2 × %.2f m at the smaller σ", st.Name, st.CEPMPIM, sigma, prev[j])
			}
		}
		prev = cep
	}
}

// BenchmarkMonteCarlo measures full jumps per second through Run (wind and
// atmosphere draws, perturbed inputs, simulation, statistics) on 1 and 2 cores,
// and the simulator alone on the same jumps for the overhead.
func BenchmarkMonteCarlo(b *testing.B) {
	m, p := fallout(b)
	const n = 20000 // a 20,000-run study: the nine atmospheres built per Run are amortised as in real use
	jumps := n * len(p.Jumps)
	for _, cores := range []int{1, 2} {
		b.Run(map[int]string{1: "cores=1", 2: "cores=2"}[cores], func(b *testing.B) {
			old := runtime.GOMAXPROCS(cores)
			defer runtime.GOMAXPROCS(old)
			b.ReportAllocs()
			seed := uint64(0)
			for b.Loop() {
				seed++
				if _, err := Run(context.Background(), p, m, Options{N: n, Seed: seed, Workers: cores}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(jumps)*float64(b.N)/b.Elapsed().Seconds(), "jumps/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(jumps*b.N), "ns/jump")
		})
	}
	b.Run("simulator-only", func(b *testing.B) {
		old := runtime.GOMAXPROCS(1)
		defer runtime.GOMAXPROCS(old)
		for b.Loop() {
			for j := range p.Jumps {
				if _, err := flight.Simulate(p.Env.Flight, &p.Jumps[j], SimOptions); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(len(p.Jumps)*b.N), "ns/jump")
	})
}

// TestSimOptionsAccuracy: the Monte Carlo's integrator settings against the same
// jumps at RTol 1e-12 (ATol 1e-9): landing within 5 cm, free-fall time within
// 1 ms, on the fallout mission's jumps.
func TestSimOptionsAccuracy(t *testing.T) {
	_, p := fallout(t)
	for j := range p.Jumps {
		mc, err := flight.Simulate(p.Env.Flight, &p.Jumps[j], SimOptions)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := flight.Simulate(p.Env.Flight, &p.Jumps[j], flight.Options{RTol: 1e-12, ATol: 1e-9})
		if err != nil {
			t.Fatal(err)
		}
		dL := math.Hypot(mc.Land.E-ref.Land.E, mc.Land.N-ref.Land.N)
		dT := mc.Freefall - ref.Freefall
		t.Logf("%s: landing %.3f m off, free fall %+.2e s off, %d RHS evaluations (%d at RTol 1e-12)", p.Jumpers[j].Name, dL, dT, mc.Evals, ref.Evals)
		if dL > 0.05 || math.Abs(dT) > 1e-3 {
			t.Errorf("%s: landing %.3f m (limit 0.05 m), free fall %.2e s (limit 1e-3 s) from the tight solution", p.Jumpers[j].Name, dL, dT)
		}
	}
}
