// Package montecarlo flies a plan many times with its inputs perturbed by their
// uncertainties (winds by altitude, exit timing and position, drag, opening
// altitude, canopy performance, air temperature) and reports the odds: the
// probability of landing in the target circle, the landing dispersion (mean point of
// impact, 50 % and 95 % ellipses, CEP), the distribution of opening altitudes and
// free-fall times, the probability of opening below the minimum or of an AAD firing,
// and of two jumpers opening too close together.
//
// Reproducibility: run i draws every random number from its own generator, a PCG
// seeded from (seed, i) through SplitMix64, and writes its results into slot i of
// preallocated arrays; the statistics are computed afterwards in index order. So a
// seed gives bit-identical results whatever the number of workers.
//
// All jumpers of one run fly in the same wind and atmosphere, and leave the same
// aircraft (same navigation error); exit timing, drag, opening and canopy errors
// are drawn per jumper.
package montecarlo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"halo/atmos"
	"halo/flight"
	"halo/mission"
	"halo/plan"
	"halo/wind"
)

// MaxN bounds Options.N (memory: about 90 bytes per jumper and run).
const MaxN = 5_000_000

// SimOptions are the integrator settings of every Monte Carlo jump: a tolerance 20
// times looser than the single plan's, for about 40 % fewer RHS evaluations. On
// the plan's own jumps the landing is within 5 cm of a tight-tolerance solution
// and the free-fall time within 1 ms (TestSimOptionsAccuracy: 0.66 ms), far inside
// the dispersion the study measures; 3e-5 reached 1 ms exactly. On 2,000 perturbed
// fallout runs against RTol 1e-7 the landings moved 5 mm (median), 16 cm (99th
// percentile), as at 1e-5 (which took 10 % more evaluations).
var SimOptions = flight.Options{RTol: 2e-5, ATol: 2e-3}

// Options control a Monte Carlo run.
type Options struct {
	N       int    // runs; each run flies every jumper once; 1..MaxN
	Seed    uint64 // the same seed gives the same numbers
	Workers int    // goroutines; 0 = runtime.GOMAXPROCS(0)
	// Progress, when not nil, is called with the number of runs done so far (non
	// decreasing, ending with total) from the worker goroutines, one call at a time.
	Progress func(done, total int)
	// Strata, when not nil, keeps the temperature-offset atmospheres across the
	// studies of one plan (a briefing's rounds), built by the first study that
	// needs them; nil builds them for this study alone.
	Strata *Strata
	// WindSpread, when not nil, is the spread between several forecast models
	// (ModelSpread): it replaces the default wind speed and direction errors
	// where it is larger (a mission's own uncertainty values still win).
	WindSpread *WindSpread
	// wholeTraces records every separation trace from the exit to the landing (the
	// tests' reference for the traces around the openings)
	wholeTraces bool
}

// Strata holds the TempStrata temperature-offset atmospheres of one plan's
// studies (a few ms each to build). Give one Strata to the studies of the same
// plan only; it is safe for concurrent use and refuses to serve another base
// atmosphere, ground or σ (it builds afresh for those).
type Strata struct {
	mu     sync.Mutex
	base   [16]float64 // the base atmosphere's fingerprint (a re-solved plan builds an equal model anew)
	ground float64
	sigma  float64
	atms   []*atmos.Model
}

// get returns the strata for base, ground and sigma, building them on first use.
func (st *Strata) get(base *atmos.Model, ground, sigma float64, workers int) ([]*atmos.Model, error) {
	if st == nil {
		return buildStrata(base, ground, sigma, workers)
	}
	fp := fingerprint(base)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.atms != nil && st.base == fp && st.ground == ground && st.sigma == sigma {
		return st.atms, nil
	}
	atms, err := buildStrata(base, ground, sigma, workers)
	if err != nil {
		return nil, err
	}
	st.base, st.ground, st.sigma, st.atms = fp, ground, sigma, atms
	return atms, nil
}

// fingerprint samples an atmosphere's temperature and pressure at eight
// altitudes from the ground to 80 km: two models built from the same mission
// are equal in every sample (and two different ones, in practice, in none).
func fingerprint(m *atmos.Model) (fp [16]float64) {
	for i := range 8 {
		s := m.At(float64(i) * 10000)
		fp[2*i], fp[2*i+1] = s.T, s.P
	}
	return fp
}

// buildStrata builds the TempStrata offset atmospheres in parallel.
func buildStrata(base *atmos.Model, ground, sigma float64, workers int) ([]*atmos.Model, error) {
	dts := tempStrata(sigma)
	atms := make([]*atmos.Model, len(dts))
	errs := make([]error, len(dts))
	sem := make(chan struct{}, max(1, workers))
	var wg sync.WaitGroup
	for k, dT := range dts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			atms[k], errs[k] = offsetAtmosphere(base, ground, dT)
			<-sem
		}()
	}
	wg.Wait()
	return atms, errors.Join(errs...)
}

// Result is the Monte Carlo's answer; the JSON field names are the API.
type Result struct {
	N       int    `json:"n"`
	Seed    uint64 `json:"seed"`
	Workers int    `json:"workers"`
	// TargetRadiusM is the target circle's radius the odds refer to, m.
	TargetRadiusM float64 `json:"target_radius_m"`
	Jumpers       []Stats `json:"jumpers"`
	// Overall pools every jumper's runs (N × jumpers samples).
	Overall Stats `json:"overall"`
	// PSeparationViolation is the fraction of runs in which at least one pair of
	// jumpers opens closer than limits.min_separation horizontally AND vertically
	// (a pair stacked by at least min_separation in altitude counts as separated,
	// as in the plan's separation check).
	PSeparationViolation float64        `json:"p_separation_violation"`
	Pairs                []PairStats    `json:"pairs,omitempty"`
	MinSeparationM       float64        `json:"min_separation_m"`
	Distributions        []Distribution `json:"distributions"`
	Notes                []string       `json:"notes"`
	ElapsedS             float64        `json:"elapsed_s"`
	// JumpsPerS is N × jumpers / ElapsedS: simulated jumps per second, wall clock.
	JumpsPerS float64 `json:"jumps_per_s"`

	// Landings[j][i] is jumper j's landing point on run i (e, n in m from the
	// target), in the order of Jumpers; for pictures.
	Landings [][][2]float64 `json:"-"`
}

// Stats are one jumper's (or the pooled) results.
type Stats struct {
	Name string `json:"name"`
	// PInTarget is the fraction of landings within the target radius.
	PInTarget float64 `json:"p_in_target"`
	// CEPM is the median radial miss about the TARGET, m; CEPMPIM about the mean
	// point of impact (the spread without the bias).
	CEPM    float64 `json:"cep_m"`
	CEPMPIM float64 `json:"cep_mpi_m"`
	// R95M is the 95th percentile of the miss about the target, m: unlike the
	// ellipses it does not assume a normal spread (landings are heavy-tailed: most
	// reach the aim, a few fall short).
	R95M      float64 `json:"r95_m"`
	Ellipse95 Ellipse `json:"ellipse95"`
	Ellipse50 Ellipse `json:"ellipse50"`
	MPI       MPI     `json:"mpi"`
	// POpenBelowMin is the fraction of runs whose deployment starts below the
	// jumper's minimum opening altitude (including no deployment before impact).
	POpenBelowMin float64 `json:"p_open_below_min"`
	PAADFire      float64 `json:"p_aad_fire"`
	// PImpact is the share of runs where the jumper reached the ground before the
	// canopy was open.
	PImpact float64 `json:"p_impact"`
	// Freefall is exit to deployment start, s; OpenAlt the deployment start, m AGL.
	Freefall Percentiles `json:"freefall_s"`
	OpenAlt  Percentiles `json:"open_alt_agl_m"`
	// lowQ is the deployment altitude (m AGL) at the limits.max_p_low_opening
	// quantile: the opening the jumper reaches in all but that share of runs.
	lowQ float64
	// PlanOpenAGLM is the deployment altitude (m AGL) the jumper must plan so that
	// no more than limits.max_p_low_opening of runs deploy below the minimum: the
	// planned altitude raised by what the spread takes off it (not set for the
	// pooled statistics).
	PlanOpenAGLM float64 `json:"plan_open_alt_agl_m,omitempty"`
}

// Ellipse is a dispersion ellipse of the landing points from their covariance,
// assuming a bivariate normal: semi-axes (m) scaled by sqrt(χ²₂(p)) (1.177 for
// 50 %, 2.448 for 95 %), centred on the MPI. BearingDeg is the direction of the
// major axis, degrees true in [0, 180).
type Ellipse struct {
	MajorM     float64 `json:"major_m"`
	MinorM     float64 `json:"minor_m"`
	BearingDeg float64 `json:"bearing_deg"`
}

// MPI is the mean point of impact: east and north of the target, m, and WGS84.
type MPI struct {
	E   float64 `json:"e_m"`
	N   float64 `json:"n_m"`
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Percentiles are the 5th, 50th and 95th percentiles (linear interpolation).
type Percentiles struct {
	P5  float64 `json:"p5"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
}

// PairStats is one pair's separation on the common clock (plan.Apart): the
// closer of the distance at each canopy opening and the closest approach of one
// falling past the other's open canopy.
type PairStats struct {
	A string `json:"a"`
	B string `json:"b"`
	// PViolation is the fraction of runs with the pair closer than the minimum
	// separation.
	PViolation float64 `json:"p_violation"`
	// Closest are the percentiles of the pair's closest distance, m; ClosestQ
	// its quantile at limits.max_p_separation shared among the measured pairs (the
	// distance the pair keeps in all but its share of the runs).
	Closest  Percentiles `json:"closest_m"`
	ClosestQ float64     `json:"closest_at_limit_m"`
}

// sim is what every worker shares, read-only.
type sim struct {
	p      *plan.Plan
	sig    sigmas
	wind   *windField
	base   *atmos.Model
	atms   []*atmos.Model // TempStrata models, or nil when the temperature σ is 0
	ground float64
	te, tn float64   // jump-run track unit vector
	gs     []float64 // each jumper's planned ground speed at exit, m/s
	vdown  []float64 // each jumper's planned fall rate at deployment, m/s
	seed   uint64
	n      int
	// outputs, index j*n + i
	landE, landN, openE, openN, openZ, depAGL, ff []float64
	aad, impact                                   []bool
	// pairs (a < b, in plan order) and, index k*n + i, their separation on run i
	// by plan.Apart: at opening and while one falls past the other's canopy, m
	pairs             [][2]int
	sepOpen, sepMixed []float64
	maxPLow           float64 // limits.max_p_low_opening, for Stats.lowQ
	hover             bool    // a helicopter hover exit: the exit velocity is zero in every run
	// recFrom and recUntil are when each jumper's trajectory is recorded for the
	// separations, s after its exit: from the first planned opening on the stick's
	// clock less a margin for the spread (7 % of the shortest time to opening plus
	// 5 s) to the last one plus 7 % of the longest plus 5 s, all that plan.Apart
	// reads; a run whose openings fall outside a trace re-flies that jumper
	// recording the whole jump (rerecord): 6 of the fallout mission's 20,000 runs
	// (seed 3), against none with 10 % plus 10 s, whose longer traces cost 4 % more
	// time in interleaved runs
	recFrom, recUntil []float64
}

// Run flies opt.N perturbed copies of the plan's jumps (each jumper once per run)
// on opt.Workers goroutines and returns the statistics. m must be the mission p was
// solved from (limits, minimum openings, uncertainty). It stops early with ctx's
// error when ctx is cancelled.
func Run(ctx context.Context, p *plan.Plan, m *mission.Mission, opt Options) (*Result, error) {
	t0 := time.Now()
	switch {
	case p == nil || p.Env == nil || p.Env.Flight == nil:
		return nil, errors.New("montecarlo: no plan (or a plan without its simulator inputs): solve the mission first")
	case m == nil:
		return nil, errors.New("montecarlo: no mission")
	case len(p.Jumps) == 0 || len(p.Jumps) != len(p.Jumpers):
		return nil, fmt.Errorf("montecarlo: the plan has %d simulator inputs for %d jumpers", len(p.Jumps), len(p.Jumpers))
	case opt.N < 1 || opt.N > MaxN:
		return nil, fmt.Errorf("montecarlo: n = %d runs: give 1..%d", opt.N, MaxN)
	case opt.Workers < 0:
		return nil, fmt.Errorf("montecarlo: %d workers: give 0 (all cores) or more", opt.Workers)
	}
	dists, sig, err := resolve(m.Uncertainty)
	if err != nil {
		return nil, fmt.Errorf("montecarlo: %w", err)
	}
	applySpread(dists, &sig, opt.WindSpread)
	for _, jp := range p.Jumpers {
		if m.Jumper(jp.Name) == nil {
			return nil, fmt.Errorf("montecarlo: plan jumper %q is not in the mission", jp.Name)
		}
	}
	workers := opt.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	s, err := newSim(p, sig, opt, workers, m.Limits.MinSeparation)
	if err != nil {
		return nil, fmt.Errorf("montecarlo: %w", err)
	}
	if err := s.fly(ctx, workers, opt.Progress); err != nil {
		return nil, err
	}
	res := s.stats(m)
	res.Seed, res.Workers = opt.Seed, workers
	res.Distributions = dists
	res.Notes = []string{
		"landing dispersion: the simulated pilot knows the real wind and steers perfectly, so it comes from the canopy failing to reach its aim plus the pilot's own landing error (uncertainty.landing)",
		"ellipses assume a bivariate normal spread about the mean point of impact; CEP is the median miss from the target (the JSON also gives it about the mean point of impact)",
		fmt.Sprintf("a probability of 0 means fewer than about %.2g (3/N, 95 %% confidence)", 3/float64(opt.N)),
	}
	res.ElapsedS = time.Since(t0).Seconds()
	if res.ElapsedS > 0 {
		res.JumpsPerS = float64(opt.N*len(p.Jumps)) / res.ElapsedS
	}
	return res, nil
}

func newSim(p *plan.Plan, sig sigmas, opt Options, workers int, minSep float64) (*sim, error) {
	nj := len(p.Jumps)
	s := &sim{p: p, sig: sig, base: p.Env.Flight.Atm, ground: p.Env.Flight.Ground, seed: opt.Seed, n: opt.N}
	s.hover = p.Input != nil && p.Input.Aircraft.Hover
	s.te, s.tn = p.TrackUnit[0], p.TrackUnit[1]
	if s.te == 0 && s.tn == 0 {
		s.tn = 1
	}
	top := s.ground
	for j := range p.Jumps {
		jp := &p.Jumps[j]
		top = math.Max(top, jp.Z)
		s.gs = append(s.gs, math.Hypot(jp.VE, jp.VN))
		vd := p.Jumpers[j].Result.Deploy.VDown
		if !(vd > 1) {
			vd = 50
		}
		s.vdown = append(s.vdown, vd)
	}
	w := p.Env.Flight.Wind
	if w == nil {
		var err error
		if w, err = wind.NewProfile("calm", []wind.Layer{{Temp: math.NaN()}}); err != nil {
			return nil, err
		}
	}
	s.wind = newWindField(w, s.ground, top, sig.windCorr)
	if sig.temp > 0 {
		var err error
		if s.atms, err = opt.Strata.get(s.base, s.ground, sig.temp, workers); err != nil {
			return nil, err
		}
	}
	size := nj * opt.N
	s.landE, s.landN = make([]float64, size), make([]float64, size)
	s.openE, s.openN, s.openZ = make([]float64, size), make([]float64, size), make([]float64, size)
	s.depAGL, s.ff = make([]float64, size), make([]float64, size)
	s.aad = make([]bool, size)
	s.impact = make([]bool, size)
	for a := range nj {
		for b := a + 1; b < nj; b++ {
			if mayMeet(p, a, b, minSep) {
				s.pairs = append(s.pairs, [2]int{a, b})
			}
		}
	}
	s.sepOpen, s.sepMixed = make([]float64, len(s.pairs)*opt.N), make([]float64, len(s.pairs)*opt.N)
	lastOpen, longest := 0.0, 0.0
	for _, jp := range p.Jumpers {
		lastOpen = math.Max(lastOpen, jp.ExitOffsetS+jp.Result.Open.T)
		longest = math.Max(longest, jp.Result.Open.T)
	}
	firstOpen, shortest := math.Inf(1), math.Inf(1)
	for _, jp := range p.Jumpers {
		firstOpen = math.Min(firstOpen, jp.ExitOffsetS+jp.Result.Open.T)
		shortest = math.Min(shortest, jp.Result.Open.T)
	}
	for _, jp := range p.Jumpers {
		from := math.Max(0, firstOpen-jp.ExitOffsetS-0.07*shortest-5)
		until := lastOpen - jp.ExitOffsetS + 0.07*longest + 5
		if opt.wholeTraces {
			from, until = 0, 0
		}
		s.recFrom, s.recUntil = append(s.recFrom, from), append(s.recUntil, until)
	}
	return s, nil
}

// splitmix64 is the SplitMix64 finaliser (Steele, Lea & Flood 2014).
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// worker is one goroutine's scratch.
type worker struct {
	pcg rand.PCG
	rng *rand.Rand
	ws  windScratch
	// legs are this run's jumpers on the common clock (traces reused run to run),
	// for the separation of a stick
	legs []plan.Leg
	jps  []flight.Jump // this run's perturbed jumps, to re-fly one from its exit
}

const chunk = 32 // runs taken at a time by a worker

func (s *sim) fly(ctx context.Context, workers int, progress func(done, total int)) error {
	nchunks := (s.n + chunk - 1) / chunk
	workers = min(workers, nchunks)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next, done atomic.Int64
		mu         sync.Mutex
		reported   int
		firstErr   error
		wg         sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{}
			w.rng = rand.New(&w.pcg)
			for {
				if ctx.Err() != nil {
					return
				}
				c := int(next.Add(1)) - 1
				if c >= nchunks {
					return
				}
				lo, hi := c*chunk, min((c+1)*chunk, s.n)
				for i := lo; i < hi; i++ {
					if err := s.one(w, i); err != nil {
						fail(err)
						return
					}
				}
				done.Add(int64(hi - lo))
				if progress != nil {
					mu.Lock()
					if d := int(done.Load()); d > reported {
						reported = d
						progress(d, s.n)
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("montecarlo: stopped after %d of %d runs: %w", done.Load(), s.n, context.Cause(ctx))
	}
	return nil
}

// one flies run i: draws its wind, atmosphere and aircraft position, then each
// jumper's own errors, in a fixed order.
func (s *sim) one(w *worker, i int) error {
	k1 := splitmix64(s.seed ^ splitmix64(uint64(i)))
	w.pcg.Seed(k1, splitmix64(k1^0x5851f42d4c957f2d))
	rng, sig := w.rng, &s.sig
	prof, err := s.wind.perturb(rng, sig.windSpeed, sig.windDir, &w.ws)
	if err != nil {
		return fmt.Errorf("run %d: %w", i, err)
	}
	atm := s.base
	if k := int(rng.Float64() * TempStrata); s.atms != nil {
		atm = s.atms[min(k, TempStrata-1)]
	}
	along := sig.exitAlong * rng.NormFloat64()
	across := sig.exitAcr * rng.NormFloat64()
	env := flight.Env{Atm: atm, Wind: prof, Ground: s.ground}
	opts := SimOptions
	stick := len(s.pairs) > 0
	if stick && len(w.legs) != len(s.p.Jumps) {
		w.legs = make([]plan.Leg, len(s.p.Jumps))
		w.jps = make([]flight.Jump, len(s.p.Jumps))
	}
	for j := range s.p.Jumps {
		xt, xc, xo := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
		xa, xs := rng.NormFloat64(), rng.NormFloat64()
		jp := s.p.Jumps[j]
		if prof != s.wind.nominal && !s.hover {
			// the aircraft holds its airspeed and heading (a hovering helicopter
			// holds its place over the ground instead): the exit velocity over the
			// ground changes with the wind at exit
			u1, v1 := prof.At(jp.Z)
			u0, v0 := s.wind.nominal.At(jp.Z)
			jp.VE += u1 - u0
			jp.VN += v1 - v0
		}
		d := along + s.gs[j]*sig.exitTime*xt
		jp.E += d*s.te - across*s.tn
		jp.N += d*s.tn + across*s.te
		f := math.Max(0.2, 1+sig.cda*xc)
		jp.ScaleDrag(f) // body, track and drag phases (a drogue's area varies with the jumper's)
		if jp.OpenAGL > 0 {
			jp.OpenAGL = math.Max(1, jp.OpenAGL+sig.openAlt*xo)
		}
		if jp.OpenAfter > 0 {
			jp.OpenAfter = math.Max(0.5, jp.OpenAfter-sig.openAlt*xo/s.vdown[j])
		}
		if jp.Canopy.Airspeed > 0 {
			jp.Canopy.Airspeed = math.Max(0, jp.Canopy.Airspeed+sig.canopyAir*xa)
		}
		jp.Canopy.Sink = math.Max(0.2*jp.Canopy.Sink, jp.Canopy.Sink+sig.canopySink*xs)
		if stick {
			opts.Record, opts.TraceBuf, opts.PositionsOnly = plan.TraceStep, w.legs[j].Trace, true
			opts.RecordUntil, opts.RecordFrom = s.recUntil[j], s.recFrom[j]
			w.jps[j] = jp
		}
		r, err := flight.Simulate(&env, &jp, opts)
		if err != nil && !errors.Is(err, flight.ErrImpact) {
			return fmt.Errorf("run %d, jumper %s: %w", i, s.p.Jumpers[j].Name, err)
		}
		x := j*s.n + i
		// the pilot's own landing error (flare, last turns), added to the simulated
		// landing of a perfect pilot; drawn for every run so the streams stay aligned
		le, ln := sig.landing*rng.NormFloat64(), sig.landing*rng.NormFloat64()
		s.landE[x], s.landN[x] = r.Land.E+le, r.Land.N+ln
		s.impact[x] = r.Impact
		s.openE[x], s.openN[x], s.openZ[x] = r.Open.E, r.Open.N, r.Open.Alt
		s.depAGL[x], s.ff[x], s.aad[x] = r.Deploy.Alt-s.ground, r.Freefall, r.AADFire
		if stick {
			// a late exit is later on the clock as well as further along the run
			w.legs[j] = plan.Leg{Trace: r.Trace, Step: plan.TraceStep, Offset: s.p.Jumpers[j].ExitOffsetS + sig.exitTime*xt,
				Start: recStart(s.recFrom[j]), OpenT: r.Open.T, LandT: r.Land.T}
		}
	}
	if stick {
		if err := s.rerecord(w, &env, opts); err != nil {
			return fmt.Errorf("run %d: %w", i, err)
		}
	}
	for k, pr := range s.pairs {
		at, _, _, mixed, _ := plan.Apart(&w.legs[pr[0]], &w.legs[pr[1]], false)
		s.sepOpen[k*s.n+i], s.sepMixed[k*s.n+i] = at, mixed
	}
	return nil
}

// recStart is the time after the exit of the first sample recorded from
// flight.Options.RecordFrom = from.
func recStart(from float64) float64 {
	return math.Ceil(from/plan.TraceStep) * plan.TraceStep
}

// rerecord re-flies, recording the whole jump, each jumper whose trace starts
// later than two samples before the run's first opening on the stick's clock
// (plan.Apart reads from one sample before it), or ends, short of its landing,
// earlier than two samples after the last one; a jump that did not open counts
// as opening at its exit. The flight is the same (the recording does not steer
// the integrator), so only the trace changes.
func (s *sim) rerecord(w *worker, env *flight.Env, opts flight.Options) error {
	first, last := math.Inf(1), math.Inf(-1)
	for j := range w.legs {
		first = math.Min(first, w.legs[j].Offset+w.legs[j].OpenT)
		last = math.Max(last, w.legs[j].Offset+w.legs[j].OpenT)
	}
	opts.RecordFrom, opts.RecordUntil = 0, 0
	for j := range w.legs {
		l := &w.legs[j]
		lateStart := l.Start > 0 && l.Offset+l.Start > first-2*l.Step
		until := s.recUntil[j]
		earlyEnd := until > 0 && l.LandT > until && l.Offset+math.Floor(until/l.Step)*l.Step < last+2*l.Step
		if !lateStart && !earlyEnd {
			continue
		}
		opts.TraceBuf = l.Trace
		r, err := flight.Simulate(env, &w.jps[j], opts)
		if err != nil && !errors.Is(err, flight.ErrImpact) {
			return fmt.Errorf("jumper %s re-flown for its whole trace: %w", s.p.Jumpers[j].Name, err)
		}
		l.Trace, l.Start = r.Trace, 0
	}
	return nil
}

// mayMeet reports whether jumpers a and b of the plan can come closer than minSep
// in a run: pairs planned more than three minimum separations plus 500 m apart at
// every moment (typically far apart in the exit order) are never closer in any run
// (the spread of the relative position is a few hundred metres), so the Monte
// Carlo does not measure them. A pair the plan did not measure is measured, except
// two members of one group (plan.Stick's rules).
func mayMeet(p *plan.Plan, a, b int, minSep float64) bool {
	na, nb := p.Jumpers[a].Name, p.Jumpers[b].Name
	if g := p.Input.GroupOf(na); g != nil && g == p.Input.GroupOf(nb) {
		return false // one group: it separates at break-off [USPA-SEP], not by the exit interval
	}
	for _, pr := range p.Stick.Pairs {
		if pr.A == na && pr.B == nb || pr.A == nb && pr.B == na {
			closest := math.Min(math.Hypot(pr.AtOpenM, pr.AtOpenVertM), pr.MinMixedM)
			return !(closest > 3*minSep+500)
		}
	}
	return true
}
