package montecarlo

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"halo/flight"
	"halo/mission"
	"halo/plan"
)

var (
	fixOnce sync.Once
	fixM    *mission.Mission
	fixP    *plan.Plan
	fixErr  error
)

// fallout returns the embedded reference mission and its plan (solved once).
func fallout(t testing.TB) (*mission.Mission, *plan.Plan) {
	t.Helper()
	fixOnce.Do(func() {
		fixM, fixErr = mission.Default()
		if fixErr == nil {
			fixP, fixErr = plan.Solve(plan.Inputs{Mission: fixM})
		}
	})
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return fixM, fixP
}

// withUncertainty returns a copy of m with u as its uncertainty block.
func withUncertainty(m *mission.Mission, u mission.Uncertainty) *mission.Mission {
	c := *m
	c.Uncertainty = u
	return &c
}

func zeroUncertainty() mission.Uncertainty {
	return mission.Uncertainty{WindSpeed: 0, WindDirection: 0, WindCorrelation: math.NaN(), ExitTime: 0, ExitAlong: 0,
		ExitAcross: 0, CdA: 0, OpenAlt: 0, CanopyAirspeed: 0, CanopySink: 0, Temperature: 0}
}

func run(t testing.TB, p *plan.Plan, m *mission.Mission, opt Options) *Result {
	t.Helper()
	r, err := Run(context.Background(), p, m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// With every σ zero, each run is the plan's own jump: every landing equals the
// single simulation's point exactly.
func TestZeroUncertaintyIsTheSingleSimulation(t *testing.T) {
	m, p := fallout(t)
	r := run(t, p, withUncertainty(m, zeroUncertainty()), Options{N: 64, Seed: 7})
	for j := range p.Jumps {
		one, err := flight.Simulate(p.Env.Flight, &p.Jumps[j], SimOptions)
		if err != nil {
			t.Fatal(err)
		}
		for i, pt := range r.Landings[j] {
			if pt[0] != one.Land.E || pt[1] != one.Land.N {
				t.Fatalf("jumper %d run %d lands at %v, the single simulation at (%v, %v)", j, i, pt, one.Land.E, one.Land.N)
			}
		}
		st := r.Jumpers[j]
		if st.Ellipse95.MajorM != 0 || st.CEPMPIM != 0 || st.Freefall.P5 != st.Freefall.P95 {
			t.Errorf("%s: spread with zero uncertainty: %+v", st.Name, st)
		}
		if st.OpenAlt.P50 != one.Deploy.Alt-p.Env.Flight.Ground {
			t.Errorf("%s: opening %v, single simulation %v", st.Name, st.OpenAlt.P50, one.Deploy.Alt-p.Env.Flight.Ground)
		}
	}
	for _, d := range r.Distributions {
		if d.Name != "wind_correlation" && (d.Sigma != 0 || d.Origin != "mission") {
			t.Errorf("distribution %s: %+v, want σ 0 from the mission", d.Name, d)
		}
	}
}

// The same seed gives bit-identical results with 1 and 2 workers and with
// GOMAXPROCS 1 and 2; another seed gives other numbers.
func TestDeterministicAcrossWorkers(t *testing.T) {
	m, p := fallout(t)
	strip := func(r *Result) string { return withoutTiming(t, r) }
	const n = 300
	r1 := run(t, p, m, Options{N: n, Seed: 42, Workers: 1})
	r2 := run(t, p, m, Options{N: n, Seed: 42, Workers: 2})
	r5 := run(t, p, m, Options{N: n, Seed: 42, Workers: 5})
	old := runtime.GOMAXPROCS(1)
	g1 := run(t, p, m, Options{N: n, Seed: 42})
	runtime.GOMAXPROCS(2)
	g2 := run(t, p, m, Options{N: n, Seed: 42})
	runtime.GOMAXPROCS(old)
	want := strip(r1)
	for name, r := range map[string]*Result{"2 workers": r2, "5 workers": r5, "GOMAXPROCS=1": g1, "GOMAXPROCS=2": g2} {
		if got := strip(r); got != want {
			t.Errorf("%s: statistics differ from 1 worker", name)
		}
		for j := range r.Landings {
			for i := range r.Landings[j] {
				if r.Landings[j][i] != r1.Landings[j][i] {
					t.Fatalf("%s: jumper %d run %d lands at %v, 1 worker at %v", name, j, i, r.Landings[j][i], r1.Landings[j][i])
				}
			}
		}
	}
	if g1.Workers != 1 || g2.Workers != 2 {
		t.Errorf("workers default to GOMAXPROCS: got %d and %d", g1.Workers, g2.Workers)
	}
	other := run(t, p, m, Options{N: n, Seed: 43, Workers: 2})
	if strip(other) == want {
		t.Error("seed 43 gives the same numbers as seed 42")
	}
}

// Cancelling the context stops the run with the context's error; a context
// cancelled before the start runs nothing.
func TestCancellation(t *testing.T) {
	m, p := fallout(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls, last := 0, 0
	_, err := Run(ctx, p, m, Options{N: 100000, Seed: 1, Workers: 2, Progress: func(done, total int) {
		calls++
		if done < last || total != 100000 {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
		if done >= 256 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if last >= 100000 || calls == 0 {
		t.Errorf("ran %d runs in %d progress calls before stopping", last, calls)
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := Run(ctx2, p, m, Options{N: 10, Seed: 1}); !errors.Is(err, context.Canceled) {
		t.Errorf("pre-cancelled: error %v", err)
	}
}

func TestProgressReachesTotal(t *testing.T) {
	m, p := fallout(t)
	var got []int
	run(t, p, m, Options{N: 100, Seed: 3, Workers: 2, Progress: func(d, total int) { got = append(got, d) }})
	if len(got) == 0 || got[len(got)-1] != 100 {
		t.Errorf("progress calls %v: want the last to be 100", got)
	}
}

func TestBadInput(t *testing.T) {
	m, p := fallout(t)
	bad := withUncertainty(m, m.Uncertainty)
	bad.Uncertainty.CdA = -0.1
	cases := []struct {
		name string
		p    *plan.Plan
		m    *mission.Mission
		opt  Options
		want string
	}{
		{"no plan", nil, m, Options{N: 1}, "no plan"},
		{"no mission", p, nil, Options{N: 1}, "no mission"},
		{"n zero", p, m, Options{N: 0}, "n = 0"},
		{"n huge", p, m, Options{N: MaxN + 1}, "give 1.."},
		{"workers negative", p, m, Options{N: 1, Workers: -1}, "workers"},
		{"negative sigma", p, bad, Options{N: 1}, "uncertainty.cda"},
	}
	for _, c := range cases {
		_, err := Run(context.Background(), c.p, c.m, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestDistributionsDefaultsAndOverrides(t *testing.T) {
	u := mission.Uncertainty{WindSpeed: 4, WindDirection: math.NaN(), WindCorrelation: math.NaN(), ExitTime: math.NaN(),
		ExitAlong: math.NaN(), ExitAcross: math.NaN(), CdA: math.NaN(), OpenAlt: 100, CanopyAirspeed: math.NaN(),
		CanopySink: math.NaN(), Temperature: math.NaN(), Landing: math.NaN()}
	ds, err := Distributions(u)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		sigma  float64
		origin string
	}{
		"wind_speed": {4, "mission"}, "wind_direction": {DefaultWindDirection, "default"}, "wind_correlation": {DefaultWindCorrelation, "default"},
		"exit_time": {DefaultExitTime, "default"}, "exit_along": {DefaultExitAlong, "default"}, "exit_across": {DefaultExitAcross, "default"},
		"cda": {DefaultCdA, "default"}, "open_altitude": {100, "mission"}, "canopy_airspeed": {DefaultCanopyAirspeed, "default"},
		"canopy_sink": {DefaultCanopySink, "default"}, "temperature": {DefaultTemperature, "default"}, "landing": {DefaultLanding, "default"},
	}
	if len(ds) != len(want) {
		t.Fatalf("%d distributions, want %d", len(ds), len(want))
	}
	for _, d := range ds {
		w, ok := want[d.Name]
		if !ok || d.Sigma != w.sigma || d.Origin != w.origin || d.Basis == "" || d.Unit == "" || d.Applies == "" {
			t.Errorf("%s: %+v, want σ %v from %s with unit, basis and what it applies to", d.Name, d, w.sigma, w.origin)
		}
	}
	u.WindCorrelation = 0
	if _, err := Distributions(u); err == nil || !strings.Contains(err.Error(), "uncertainty.wind_correlation") {
		t.Errorf("zero correlation length: error %v", err)
	}
}

func TestEllipse(t *testing.T) {
	// covariance R·diag(a², b²)·Rᵀ with the major axis at bearing θ
	cov := func(a, b, theta float64) (ee, en, nn float64) {
		s, c := math.Sincos(theta * math.Pi / 180) // major-axis unit vector (east s, north c)
		ee = a*a*s*s + b*b*c*c
		nn = a*a*c*c + b*b*s*s
		en = (a*a - b*b) * s * c
		return
	}
	cases := []struct{ a, b, theta float64 }{{2, 1, 90}, {2, 1, 0}, {3, 1, 45}, {3, 2, 135}, {5, 0.5, 10}, {1, 1, 0}}
	for _, c := range cases {
		ee, en, nn := cov(c.a, c.b, c.theta)
		e := ellipse(ee, en, nn, 2)
		if math.Abs(e.MajorM-2*c.a) > 1e-9 || math.Abs(e.MinorM-2*c.b) > 1e-9 {
			t.Errorf("%+v: axes %v, %v, want %v, %v", c, e.MajorM, e.MinorM, 2*c.a, 2*c.b)
		}
		if c.a != c.b && math.Abs(e.BearingDeg-c.theta) > 1e-6 {
			t.Errorf("%+v: bearing %v, want %v", c, e.BearingDeg, c.theta)
		}
	}
	// χ²₂ scale factors: 50 % and 95 % of a bivariate normal
	if math.Abs(k50-1.1774100225) > 1e-9 || math.Abs(k95-2.4477468307) > 1e-9 {
		t.Errorf("k50 %v, k95 %v", k50, k95)
	}
}

func TestPercentiles(t *testing.T) {
	v := make([]float64, 101)
	for i := range v {
		v[i] = float64(100 - i)
	}
	if p, q := percentiles(v, 0.01); p != (Percentiles{5, 50, 95}) || q != 1 {
		t.Errorf("0..100: %+v, p1 %v", p, q)
	}
	if p, _ := percentiles([]float64{1, 2}, 0); p.P50 != 1.5 || p.P5 != 1.05 || math.Abs(p.P95-1.95) > 1e-12 {
		t.Errorf("1, 2: %+v", p)
	}
}

// TestQuantilesAsSorted: the quantiles by selection equal Quantile on the sorted
// values, bit for bit, with ties, NaNs, one value and none.
func TestQuantilesAsSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ps := []float64{0.95, 0.05, 0.5, 0.01, 0, 1, 0.999, math.NaN(), 0.05}
	for _, tc := range []struct {
		name string
		n    int
		gen  func() float64
	}{
		{"none", 0, rng.NormFloat64},
		{"one", 1, rng.NormFloat64},
		{"normal", 20000, rng.NormFloat64},
		{"ties", 5000, func() float64 { return float64(rng.IntN(7)) }},
		{"equal", 3000, func() float64 { return 42 }},
		{"nans", 1000, func() float64 {
			if rng.IntN(10) == 0 {
				return math.NaN()
			}
			return rng.Float64()
		}},
		{"all nan", 10, math.NaN},
	} {
		v := make([]float64, tc.n)
		for i := range v {
			v[i] = tc.gen()
		}
		s := slices.Clone(v)
		sort.Float64s(s)
		got := quantiles(v, ps...)
		for i, p := range ps {
			want := Quantile(s, p)
			if math.Float64bits(got[i]) != math.Float64bits(want) && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
				t.Errorf("%s: p %v: %v, sorted %v", tc.name, p, got[i], want)
			}
		}
	}
}

// The wind error is an AR(1) process in altitude: at each point its standard
// deviation is σ and two points Δz apart correlate as exp(-Δz/L).
func TestWindErrorStatistics(t *testing.T) {
	_, p := fallout(t)
	const L = 2000.0
	f := newWindField(p.Env.Wind, p.Env.Flight.Ground, 7620, L)
	var ws windScratch
	rng := rand.New(rand.NewPCG(1, 2))
	if pr, _ := f.perturb(rng, 0, 0, &ws); pr != p.Env.Wind {
		t.Error("zero sigmas should give the nominal profile")
	}
	// two neighbouring points where the error is drawn, their along-wind speed errors
	k := len(f.alt) / 2
	z1, z2 := f.alt[k], f.alt[k+1]
	u1, v1 := p.Env.Wind.At(z1)
	u2, v2 := p.Env.Wind.At(z2)
	s1, s2 := math.Hypot(u1, v1), math.Hypot(u2, v2)
	const n = 20000
	var a, b, ab, aa, bb float64
	for range n {
		pr, err := f.perturb(rng, 2, 0, &ws)
		if err != nil {
			t.Fatal(err)
		}
		x1, y1 := pr.At(z1)
		x2, y2 := pr.At(z2)
		e1 := (x1*u1+y1*v1)/s1 - s1
		e2 := (x2*u2+y2*v2)/s2 - s2
		a += e1
		b += e2
		aa += e1 * e1
		bb += e2 * e2
		ab += e1 * e2
	}
	sd1 := math.Sqrt(aa/n - (a/n)*(a/n))
	r := (ab/n - a*b/n/n) / (sd1 * math.Sqrt(bb/n-(b/n)*(b/n)))
	if math.Abs(sd1-2) > 0.06 {
		t.Errorf("speed error σ %.3f at %g m, want 2", sd1, z1)
	}
	if want := math.Exp(-(z2 - z1) / L); math.Abs(r-want) > 0.05 {
		t.Errorf("correlation %.3f over %.0f m, want about %.3f", r, z2-z1, want)
	}
}

func TestTemperatureStrata(t *testing.T) {
	q := tempStrata(2)
	var s, ss float64
	for k, v := range q {
		s += v
		ss += v * v
		if k > 0 && !(v > q[k-1]) {
			t.Errorf("strata not increasing: %v", q)
		}
	}
	if math.Abs(s) > 1e-12 || math.Abs(math.Sqrt(ss/TempStrata)-2) > 1e-12 {
		t.Errorf("strata mean %v, sd %v: want 0 and 2", s/TempStrata, math.Sqrt(ss/TempStrata))
	}
	_, p := fallout(t)
	base, g := p.Env.Flight.Atm, p.Env.Flight.Ground
	same, err := offsetAtmosphere(base, g, 0)
	if err != nil {
		t.Fatal(err)
	}
	hot, err := offsetAtmosphere(base, g, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, z := range []float64{g, 2000, 5000, 7620} {
		r0, _ := base.DensitySound(z)
		r1, _ := same.DensitySound(z)
		if math.Abs(r1/r0-1) > 2e-4 {
			t.Errorf("rebuilt atmosphere at %g m: ρ %v, base %v", z, r1, r0)
		}
	}
	// at the ground the pressure is held, so ρ scales as T/(T+10)
	r0, _ := base.DensitySound(g)
	r1, _ := hot.DensitySound(g)
	tg := base.At(g).T
	if want := tg / (tg + 10); math.Abs(r1/r0-want) > 1e-4 {
		t.Errorf("+10 K at the ground: ρ ratio %v, want %v", r1/r0, want)
	}
}

// Strata shared across studies of one plan give the same numbers as atmospheres
// built per study (the atmospheres are the same; only their building is shared),
// and a Strata given another plan's atmosphere rebuilds instead of serving it.
func TestStrataShared(t *testing.T) {
	m, p := fallout(t)
	alone := run(t, p, m, Options{N: 200, Seed: 11})
	st := &Strata{}
	first := run(t, p, m, Options{N: 200, Seed: 11, Strata: st})
	again := run(t, p, m, Options{N: 200, Seed: 11, Strata: st})
	for _, r := range []*Result{first, again} {
		for j := range alone.Jumpers {
			a, b := alone.Jumpers[j], r.Jumpers[j]
			if a.CEPM != b.CEPM || a.OpenAlt != b.OpenAlt || a.Freefall != b.Freefall {
				t.Errorf("%s: shared strata changed the odds: CEP %v vs %v", a.Name, a.CEPM, b.CEPM)
			}
		}
	}
	if st.atms == nil {
		t.Fatal("the strata were not kept")
	}
	kept := st.atms[0]
	if _, err := st.get(p.Env.Flight.Atm, p.Env.Flight.Ground+100, 2, 1); err != nil || st.atms[0] == kept {
		t.Errorf("another ground was served the kept strata (err %v)", err)
	}
}

// The separation traces recorded only around the planned openings (and re-flown
// whole in a run whose openings fall outside them) give the same statistics, bit
// for bit, as traces recorded from every exit to every landing; with a 6 s σ on
// the exit time and 300 m on the opening altitude runs re-fly a jumper (at
// either end: leaving out either re-flight fails this test).
func TestPartialTracesSameSeparations(t *testing.T) {
	m, p := fallout(t)
	if len(p.Jumps) < 2 {
		t.Fatal("the fallout mission needs a stick")
	}
	strip := func(r *Result) string { return withoutTiming(t, r) }
	wide := m.Uncertainty
	wide.ExitTime, wide.OpenAlt = 6, 300
	for name, mm := range map[string]*mission.Mission{"default": m, "wide": withUncertainty(m, wide)} {
		late := run(t, p, mm, Options{N: 200, Seed: 5})
		full := run(t, p, mm, Options{N: 200, Seed: 5, wholeTraces: true})
		if len(late.Pairs) == 0 {
			t.Fatalf("%s: no pair measured", name)
		}
		if strip(late) != strip(full) {
			t.Errorf("%s: late traces give other statistics:\n%s\nfrom exit:\n%s", name, strip(late), strip(full))
		}
	}
}

// withoutTiming is r as JSON without what depends on the machine (elapsed time,
// rate, workers): what a seed must reproduce.
func withoutTiming(t *testing.T, r *Result) string {
	t.Helper()
	c := *r
	c.ElapsedS, c.JumpsPerS, c.Workers = 0, 0, 0
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
