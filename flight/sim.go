package flight

import (
	"fmt"
	"math"

	"halo/wind"
)

// run is the scratch state of one simulation; never shared.
type run struct {
	env *Env
	j   *Jump
	opt Options
	st  stepper
	wc  int        // wind cursor
	wp  wind.Piece // the wind profile's piece last used
	ph  Phase

	// the free-fall drag in force (the jump's, or its current drag phase's), its
	// area below the first Mach point of the table, that Mach number, 1/mass
	drag                 Drag // a copy: a pointer into the jump would make every caller's Jump escape to the heap
	cda0, mach0, invMass float64
	kDrag                float64 // ½·cda0/mass
	kTrack               float64 // ½·Track.CdA/mass
	nphase               int     // drag phases started
	// break-off track
	tracking bool
	the, thn float64 // track heading unit vector (east, north)
	// deployment
	tDep  float64
	v0    [3]float64 // air-relative velocity at deployment start
	vc    [3]float64 // canopy air velocity at deployment start
	bDep  float64    // deceleration shape s(τ) = (1-τ)/(1+b·τ), b > -1
	tDepT float64
	// canopy guidance: the air velocity as a fraction of the airspeed (east,
	// north; last evaluated), the final-approach start point and whether on final
	qe, qn    float64
	fe, fn    float64
	onFinal   bool
	calmFinal bool    // no wind to face on final: fly (fhe, fhn)
	fhe, fhn  float64 // calm final heading
	backward  bool
	// the last ApproachHold seconds before the final-approach height (from holdZ
	// down): the air velocity the time-to-go law gave at holdZ, held
	holdZ        float64
	held         bool
	holdE, holdN float64
	hdgE, hdgN   float64 // Canopy.HeadingDeg's unit vector
	ahead        ahead   // the winds still to descend through, from the opening down
	glide        float64 // the canopy's Airspeed/Sink, once per jump (steer divided at every evaluation)
	// the speed of sound and the wind at the last free-fall evaluation: at a
	// step's end (FSAL) the maximum-speed bookkeeping reads them
	endA, endU, endV float64
}

// aheadLevels is the number of levels of the wind-ahead table.
const aheadLevels = 65

// ahead tabulates, every dz metres from the final-approach height z0 up to the
// opening, the time a canopy takes to sink from each level to the final-approach
// height (t, s) and the wind drift over that descent (de, dn, m): the integrals of
// dz/(Sink·σ) and wind·dz/(Sink·σ), the canopy's sink scaling with σ = sqrt(ρ0/ρ).
// Their ratio is the mean wind of the layers below, weighted by the time spent in
// each.
type ahead struct {
	z0, dz, inv float64 // inv = 1/dz, 0 until filled
	// per level t, de, dn, then each one's change to the next level (see at)
	row [aheadLevels][6]float64
}

// fill tabulates the descent from top to z0 (top > z0).
func (a *ahead) fill(r *run, z0, top float64) {
	c := &r.j.Canopy
	a.z0, a.dz = z0, (top-z0)/(aheadLevels-1)
	a.inv = 1 / a.dz
	rate := func(z float64) (dt, du, dv float64) {
		u, v := r.windAt(z)
		return descentRate(c.Sink, r.env.Atm.Sigma(z), u, v)
	}
	t0, u0, v0 := rate(z0)
	a.row[0] = [6]float64{}
	for i := 1; i < aheadLevels; i++ {
		t1, u1, v1 := rate(z0 + float64(i)*a.dz)
		h := a.dz / 2
		p, q := &a.row[i-1], &a.row[i]
		*q = [6]float64{p[0] + h*(t0+t1), p[1] + h*(u0+u1), p[2] + h*(v0+v1)}
		p[3], p[4], p[5] = q[0]-p[0], q[1]-p[1], q[2]-p[2]
		t0, u0, v0 = t1, u1, v1
	}
}

// descentRate is a canopy's time per metre of descent (s/m) at sink (m/s at
// sea-level density, scaled by σ = sig there) and the wind (u, v)'s drift per metre
// there.
func descentRate(sink, sig, u, v float64) (dt, du, dv float64) {
	dt = 1 / (sink * sig)
	return dt, u * dt, v * dt
}

// Descent integrates a canopy's descent at sink (m/s at sea-level density,
// scaled by σ = sqrt(ρ0/ρ) as the simulator flies it) from top down to bottom (m
// MSL, top > bottom) through env: the time it takes (s) and the wind's drift over
// it (m east, north), trapezoid rule on the simulator's wind-ahead levels. The
// mean wind over the descent, weighted by the time in each layer, is (de, dn)/t;
// the canopy's own air travel over it is its glide (airspeed/sink) times the
// height, whatever the density.
func Descent(env *Env, sink, top, bottom float64) (t, de, dn float64) {
	if !(top > bottom) || !(sink > 0) {
		return 0, 0, 0
	}
	wind := func(z float64) (float64, float64) {
		if env.Wind == nil {
			return 0, 0
		}
		return env.Wind.At(z)
	}
	h := (top - bottom) / (aheadLevels - 1)
	u, v := wind(bottom)
	t0, u0, v0 := descentRate(sink, env.Atm.Sigma(bottom), u, v)
	for i := 1; i < aheadLevels; i++ {
		u, v = wind(bottom + float64(i)*h)
		t1, u1, v1 := descentRate(sink, env.Atm.Sigma(bottom+float64(i)*h), u, v)
		t += h / 2 * (t0 + t1)
		de += h / 2 * (u0 + u1)
		dn += h / 2 * (v0 + v1)
		t0, u0, v0 = t1, u1, v1
	}
	return t, de, dn
}

// at returns the time to go (s) and the wind drift (m) from altitude z down to
// the final-approach height, interpolated in the table (clamped to it).
// Small enough for the compiler to inline: an empty table (inv 0) reads its
// first level, zeros.
func (a *ahead) at(z float64) (t, de, dn float64) {
	x := min((z-a.z0)*a.inv, aheadLevels-1)
	if !(x > 0) { // below the table, not filled, or NaN
		x = 0
	}
	i := int(x)
	r := &a.row[i]
	f := x - float64(i)
	return r[0] + f*r[3], r[1] + f*r[4], r[2] + f*r[5]
}

// Simulate flies one jump from exit to landing. It allocates nothing unless
// opt.Record > 0. It returns an error for invalid parameters or when the jump does
// not end within opt.MaxTime.
func Simulate(env *Env, j *Jump, opt Options) (Result, error) {
	var res Result
	if opt.Record > 0 && opt.TraceBuf != nil {
		res.Trace = opt.TraceBuf[:0]
	}
	if env == nil || env.Atm == nil {
		return res, fmt.Errorf("%w: no atmosphere", ErrInput)
	}
	if err := j.validate(env); err != nil {
		return res, err
	}
	if j.OpenAGL > 0 && j.OpenAfter <= 0 && j.OpenAGL >= j.Z-env.Ground {
		return res, fmt.Errorf("%w: opening at %.0f m above the ground is at or above the exit (%.0f m above it); use OpenAfter for an opening right after exit", ErrInput, j.OpenAGL, j.Z-env.Ground)
	}
	if opt.RTol == 0 {
		opt.RTol = 1e-6
	}
	if opt.ATol == 0 {
		opt.ATol = 1e-4
	}
	if opt.MaxTime == 0 {
		opt.MaxTime = 4 * 3600
	}
	r := run{env: env, j: j, opt: opt, invMass: 1 / j.Mass, kTrack: 0.5 * j.Track.CdA / j.Mass}
	r.setDrag(&j.Drag)
	r.st = stepper{rtol: opt.RTol, atol: opt.ATol, hmax: 30}
	err := r.fly(&res)
	res.Steps, res.Evals = r.st.nsteps, r.st.nevals
	return res, err
}

// setDrag puts drag d in force for the free fall.
func (r *run) setDrag(d *Drag) {
	r.drag, r.cda0, r.mach0 = *d, d.At(0), math.Inf(1)
	r.kDrag = 0.5 * r.cda0 * r.invMass
	if len(d.Mach) > 0 {
		r.mach0 = d.Mach[0]
	}
}

// phaseStep caps a free-fall step h from t at the next drag phase's start time.
func (r *run) phaseStep(t, h float64) float64 {
	if r.nphase < len(r.j.Phases) {
		if ph := &r.j.Phases[r.nphase]; ph.Alt == 0 && ph.After > t && t+h > ph.After {
			return ph.After - t
		}
	}
	return h
}

// phaseIn returns where in a free-fall step [t, t+h] from y to y1 the next drag
// phase starts (fraction of the step), or 2 when it does not.
func (r *run) phaseIn(t, h float64, y, y1, f0, f1 *vec) float64 {
	if r.nphase >= len(r.j.Phases) {
		return 2
	}
	ph := &r.j.Phases[r.nphase]
	if ph.Alt == 0 {
		switch {
		case ph.After <= t:
			return 0
		case t+h >= ph.After-1e-12:
			return 1
		}
		return 2
	}
	switch tz := ph.Alt; {
	case y[2] <= tz:
		return 0 // already below: the previous phase started lower
	case y1[2] <= tz:
		return root(level{y[2], y1[2], f0[2], f1[2], h, tz}, y[2]-tz, y1[2]-tz)
	}
	return 2
}

// windAt is the wind (east, north, m/s) at z (m MSL): within the profile's piece
// the last lookup found, two multiplications; outside it, the next piece.
func (r *run) windAt(z float64) (u, v float64) {
	if !(z >= r.wp.Lo && z < r.wp.Hi) {
		r.nextPiece(z)
	}
	return r.wp.At(z)
}

// nextPiece finds the wind profile's piece that holds z (a calm one without a
// profile).
func (r *run) nextPiece(z float64) {
	if r.env.Wind == nil {
		r.wp = wind.Piece{Lo: math.Inf(-1), Hi: math.Inf(1)}
		return
	}
	r.wp = r.env.Wind.PieceAt(z, &r.wc)
}

// f is the time derivative of the state in the current phase.
func (r *run) f(t float64, y *vec, dy *vec) {
	z := y[2]
	if r.ph == PhaseFreefall {
		a := r.accel(z, v3{y[3], y[4], y[5]})
		dy[0], dy[1], dy[2] = y[3], y[4], y[5]
		dy[3], dy[4], dy[5] = a.e, a.n, a.u
		return
	}
	v := r.velocity(t, v3{y[0], y[1], z})
	dy[0], dy[1], dy[2] = v.e, v.n, v.u
	dy[3], dy[4], dy[5] = 0, 0, 0
}

// prepareCanopy computes, once per jump, the start of the final approach: the
// point from which flying into the mean wind of the final-approach band for the
// final's duration ends on the aim (downwind of the aim when the canopy penetrates
// the wind, upwind of it when the wind is stronger than the canopy).
//
// In calm air (mean final-approach wind below CalmWind) there is no wind to face:
// the final is flown on the heading from the opening point to the aim, and starts
// that far before the aim. It also tabulates the winds ahead (ahead) for steer.
func (r *run) prepareCanopy(y *vec) {
	c := &r.j.Canopy
	g := r.env.Ground
	r.glide = c.Airspeed / c.Sink
	uf0, vf0 := r.windAt(g)
	uf1, vf1 := r.windAt(g + c.Final)
	uf, vf := (uf0+uf1)/2, (vf0+vf1)/2
	wf := math.Hypot(uf, vf)
	sigF := r.env.Atm.Sigma(g + c.Final/2)
	tf := c.Final / (c.Sink * sigF)
	r.fe, r.fn = r.j.AimE, r.j.AimN
	r.ahead.inv = 0 // empty until filled
	if zf := g + c.Final; y[2] > zf {
		r.ahead.fill(r, zf, y[2])
	}
	de, dn := r.j.AimE-y[0], r.j.AimN-y[1]
	if dd := math.Hypot(de, dn); dd > 1e-9 {
		r.fhe, r.fhn = de/dd, dn/dd
	} else {
		r.fhe, r.fhn = 0, 1
	}
	if !math.IsNaN(c.HeadingDeg) {
		r.hdgE, r.hdgN = math.Sincos(c.HeadingDeg * math.Pi / 180)
	}
	r.holdZ = math.Inf(-1)
	if !c.Drift && math.IsNaN(c.HeadingDeg) && c.Airspeed > 0 {
		r.holdZ = g + c.Final + c.Sink*ApproachHold
	}
	r.calmFinal = wf < CalmWind
	if !r.calmFinal {
		d := (c.Airspeed*sigF - wf) * tf
		r.fe += d * uf / wf
		r.fn += d * vf / wf
		return
	}
	d := c.Airspeed * sigF * tf
	r.fe -= d * r.fhe
	r.fn -= d * r.fhn
}

// HandsOffAirspeed is the fraction of its full-flight airspeed a hands-off canopy
// keeps: the pilot holds it in half brakes facing into the wind, the braked slow
// flight canopy courses teach for holding and waiting [USPA-BRAKED]. Half the
// full-flight airspeed at the same sink is this project's figure for half brakes
// (no published polar found; a braked canopy slows and sinks a little less, so its
// drift is if anything a little larger than modelled).
const HandsOffAirspeed = 0.5

// CalmWind is the mean final-approach wind (m/s) below which the canopy's final is
// flown on the line to the aim rather than into the wind (1 kt).
const CalmWind = 0.514

// steer sets the canopy's heading (he, hn) and airspeed fraction q for state y in
// wind (u, v) with density factor sig = sqrt(ρ0/ρ). Above the final-approach height
// the pilot steers continuously with a time-to-go law against the winds still
// ahead: the canopy's air displacement to the final-approach height at full
// airspeed is its glide Airspeed/Sink times the height to go (σ scales both
// speeds), and the wind adds the drift of the layers it will still descend through
// (ahead, the time-weighted mean wind below it, not the wind where it is); the
// pilot flies the air heading that carries it from where it is, plus that drift, to
// the final-approach start, burning what it does not need with S-turns when
// that needs less than full airspeed, at full airspeed on that heading when it is
// too far (the heading that comes closest). On final: into the wind. Hands off
// (Drift): into the wind at HandsOffAirspeed of the airspeed. t is the time from
// exit, s.
func (r *run) steer(t float64, y v3, u, v, sig float64) {
	c := &r.j.Canopy
	if c.Airspeed*sig <= 0 {
		r.qe, r.qn = 0, 0
		return
	}
	if c.Drift && (!r.onFinal || r.calmFinal) {
		// hands off: half brakes facing into the wind (in calm air, where there
		// is no wind to face and no final into it, facing the aim)
		if !r.intoWind(u, v, HandsOffAirspeed) {
			r.qe, r.qn = HandsOffAirspeed*r.fhe, HandsOffAirspeed*r.fhn
		}
		return
	}
	if r.onFinal {
		if r.calmFinal {
			r.qe, r.qn = r.fhe, r.fhn
		} else if !r.intoWind(u, v, 1) {
			r.qe, r.qn = r.lastDir()
		}
		return
	}
	if !math.IsNaN(c.HeadingDeg) {
		r.qe, r.qn = r.hdgE, r.hdgN
		return
	}
	if r.held {
		r.qe, r.qn = r.holdE, r.holdN
		return
	}
	tgo, de, dn := r.ahead.at(y.u)
	reach := r.glide * (y.u - r.env.Ground - c.Final)
	ae, an := r.fe-y.e-de, r.fn-y.n-dn
	am2 := ae*ae + an*an
	if am2 <= 1e-18 { // on the aim: no direction to it, keep the last one
		he, hn := r.lastDir()
		ae, an, am2 = 1e-9*he, 1e-9*hn, 1e-18
	}
	if !(reach > 0 && am2 < reach*reach) {
		k := 1 / math.Sqrt(am2) // full airspeed towards the aim
		r.qe, r.qn = k*ae, k*an
		return
	}
	ir := 1 / reach
	r.qe, r.qn = ae*ir, an*ir // the mean air velocity (q = am/reach of the airspeed)
	// the S-turns' swing across it (see "S-turns" below)
	if fade := min(max((tgo-STurnFade)/STurnFade, 0), 1); fade > 0 {
		x := fade * sinTurns(t*(1/STurnPeriod)) * math.Sqrt((1-am2*ir*ir)/am2)
		r.qe -= x * an // across, to the left when positive
		r.qn += x * ae
	}
}

// intoWind points the canopy's air velocity, q of its airspeed, into the wind
// (u, v), unless there is none to face.
func (r *run) intoWind(u, v, q float64) bool {
	w2 := u*u + v*v
	if !(w2 > 1e-18) {
		return false
	}
	k := -q / math.Sqrt(w2)
	r.qe, r.qn = k*u, k*v
	return true
}

// lastDir is the direction of the last air velocity (the heading to the aim
// from the opening before any).
func (r *run) lastDir() (he, hn float64) {
	if m := math.Hypot(r.qe, r.qn); m > 0 {
		return r.qe / m, r.qn / m
	}
	return r.fhe, r.fhn
}

// ClosingTol multiplies the integration tolerances for the steps of a steered
// canopy that starts with height to spare (closing: it can reach the start of
// its final approach and S-turns). The time-to-go law aims afresh at every
// evaluation, so a step's error in position is flown out by the steps after it
// instead of carried to the ground. With the steps capped at MaxSTurnStep, 1,000
// perturbed runs of the fallout mission (seed 3) land as close to their rtol
// 1e-9 solutions at 100 as at 30 (median 5 mm, 99th percentile 0.125 m, worst
// 0.53 m, the worst jumps' error coming from their other phases) for 5 % fewer
// RHS evaluations (318 against 334.5 per jump); at 300 the worst grows to 20.6
// m (steps of a good part of the 40 s swing alias it, and the law does not fly
// that out). A canopy that cannot reach flies open loop and keeps the
// tolerances, as do the final approach, the held last second and the free fall;
// so does a jump whose full trajectory is recorded (Options.Record without
// PositionsOnly: exports and plots read velocities off the interpolant, whose
// error grows with the step).
const ClosingTol = 100.0

// MaxSTurnStep (s) caps the steps of a closing canopy at a third of the S-turn
// period: a step over a larger part of the swing than that leaves the error
// estimate's asymptotic range (the swing turns within the step), so the
// controller, grown from a shorter accepted step, was rejected about once per
// swing. Capped, the Monte Carlo's fallout jumps need 332 evaluations instead
// of 341.5 (2,000 runs, seed 1).
const MaxSTurnStep = STurnPeriod / 3

// closing reports whether the canopy at y flies the time-to-go law with height
// to spare (see ClosingTol): the test steer makes, once per step.
func (r *run) closing(y *vec) bool {
	if r.ph != PhaseCanopy || r.onFinal || r.held || !(r.holdZ > math.Inf(-1)) {
		return false
	}
	_, de, dn := r.ahead.at(y[2])
	reach := r.glide * (y[2] - r.env.Ground - r.j.Canopy.Final)
	ae, an := r.fe-y[0]-de, r.fn-y[1]-dn
	return reach > 0 && ae*ae+an*an < reach*reach
}

// canopyStep caps a canopy step h from y so that it ends just below the next
// height where the canopy's flight changes (the held last second, the final
// approach, the ground): a step far past it was tried on the flight before the
// change and rejected, once or several times (the time-to-go law is singular at
// the final-approach height). The sink only grows as the air thickens, so the
// descent at the rate at y reaches that height within the cap.
func (r *run) canopyStep(y *vec, h float64) float64 {
	zn := r.env.Ground
	switch {
	case !r.onFinal && !r.held && r.holdZ > math.Inf(-1):
		zn = r.holdZ
	case !r.onFinal:
		zn = r.env.Ground + r.j.Canopy.Final
	}
	if dz := y[2] - zn; dz > 0 {
		return min(h, 1.02*dz/(r.j.Canopy.Sink*r.env.Atm.Sigma(y[2]))+0.02)
	}
	return h
}

// ApproachHold (s) is how long before reaching the final-approach height the
// steered canopy stops correcting and holds its air velocity (heading and
// airspeed). The time-to-go law divides the distance still to cover by the time
// still to go, so its correction grows without bound as that time goes to zero
// (the integrator then takes steps of milliseconds); in the last second the
// exact law flies an all but constant air velocity anyway (exactly constant in
// a uniform wind), and the held one differs from it by the change of the wind
// over the last few metres of height times that second: centimetres. Halo's
// figure, not a published one.
const ApproachHold = 1.0

// hold holds the air velocity steer gives at (t, y) for the rest of the
// approach (see ApproachHold); f0 is the derivative there.
func (r *run) hold(t float64, y, f0 *vec) {
	r.f(t, y, f0)
	r.held = true
	r.holdE, r.holdN = r.qe, r.qn
}

// S-turns: a canopy with height to lose flies the mean air velocity its steering
// asks for (q of the airspeed towards the aim) plus, across it, the rest of its
// airspeed swinging from side to side with period STurnPeriod, as a pilot holding
// in S-turns does. The swing has no mean, so the mean path is the steering's; it
// fades out over the STurnFade seconds before the last STurnFade before the final
// approach, so that the final starts where it is aimed. A braked canopy that only
// held the mean velocity would hover over the ground when the wind matches it.
//
// steer adds the swing to the mean air velocity (qe, qn), given the vector to the
// aim (ae, an), q² and |a|² (|a| > 0, q < 1): the swing sqrt(1-q²)·fade·sin(2πt/P)
// across the unit vector a/|a| is one square root of (1-q²)/|a|² (at every
// evaluation of a steered canopy: no normalisation). It is written into steer,
// not a function of its own: one call less per evaluation, 2 % of the Monte
// Carlo's time in interleaved runs.

// sinTurns returns sin(2πx) within 1e-13 (x in turns, any finite x): reduced to
// a quarter turn and summed as its Taylor series to the 17th power. math.Sin's
// general range reduction was 6 % of the Monte Carlo's CPU time (steer calls it at
// every evaluation of a steered canopy).
func sinTurns(x float64) float64 {
	x -= math.Floor(x + 0.5) // [-0.5, 0.5]
	if x > 0.25 {
		x = 0.5 - x // sin(π-θ) = sin θ
	} else if x < -0.25 {
		x = -0.5 - x
	}
	th := 2 * math.Pi * x // [-π/2, π/2]
	t2 := th * th
	p := 1.0/355687428096000*t2 - 1.0/1307674368000 // 1/17!, 1/15!
	p = p*t2 + 1.0/6227020800
	p = p*t2 - 1.0/39916800
	p = p*t2 + 1.0/362880
	p = p*t2 - 1.0/5040
	p = p*t2 + 1.0/120
	p = p*t2 - 1.0/6
	return th * (p*t2 + 1)
}

// STurnPeriod (s) is a full left-right S-turn cycle and STurnFade (s) the time over
// which the S-turns stop before the final approach (from 2·STurnFade to STurnFade
// before it): halo's figures for a pilot losing height over the target, not
// published ones.
const (
	STurnPeriod = 40.0
	STurnFade   = 8.0
)

func (r *run) fly(res *Result) error {
	j := r.j
	g := r.env.Ground
	var y, f0, y1, f1 vec
	y = vec{j.E, j.N, j.Z, j.VE, j.VN, j.VU}
	t := 0.0
	r.ph = PhaseFreefall
	r.f(t, &y, &f0)
	h := 0.5
	openZ := g + j.OpenAGL
	if !(j.OpenAGL > 0) {
		openZ = math.Inf(-1)
	}
	aadZ := g + j.AADAlt
	nextRec := 0.0
	rec := r.opt.Record > 0
	if rec && r.opt.RecordFrom > 0 {
		nextRec = math.Ceil(r.opt.RecordFrom/r.opt.Record) * r.opt.Record
	}
	loose := !rec || r.opt.PositionsOnly // ClosingTol: not for a full trace
	r.updateMax(res, t, &y)
	for steps := 0; ; steps++ {
		if steps > 200000 || t > r.opt.MaxTime {
			return fmt.Errorf("jump did not end within %.0f s (%d steps)", r.opt.MaxTime, steps)
		}
		// phase boundaries fixed in time cap the step
		hh := h
		switch r.ph {
		case PhaseFreefall:
			if j.OpenAfter > 0 && t+hh > j.OpenAfter {
				hh = j.OpenAfter - t
			}
			hh = r.phaseStep(t, hh)
		case PhaseDeploying:
			if end := r.tDep + r.tDepT; t+hh > end {
				hh = end - t
			}
		case PhaseCanopy:
			hh = r.canopyStep(&y, hh)
		}
		if hh < 1e-9 {
			hh = 1e-9
		}
		tol := 1.0 // the tolerances' factor
		if loose && r.closing(&y) {
			tol = ClosingTol
			hh = min(hh, MaxSTurnStep)
		}
		var ok bool
		var hn float64
		if r.ph == PhaseFreefall {
			ok, hn = r.st.stepFree(r, &y, &f0, hh, &y1, &f1, tol)
		} else {
			ok, hn = r.st.stepPos(r, t, &y, &f0, hh, &y1, &f1, tol)
		}
		if !ok {
			h = hn
			continue
		}
		t1 := t + hh
		// locate events inside [t, t1], earliest first
		evTheta, ev := 2.0, 0
		const (
			evDeploy = 1
			evLand   = 2
			evFinal  = 3
			evTrack  = 4
			evPhase  = 5
			evHold   = 6
		)
		if r.ph == PhaseFreefall {
			if th := r.phaseIn(t, hh, &y, &y1, &f0, &f1); th < evTheta {
				evTheta, ev = th, evPhase
			}
		}
		if r.ph == PhaseFreefall && !r.tracking && j.Track.AGL > 0 {
			if tz := g + j.Track.AGL; y[2] > tz && y1[2] <= tz {
				if th := root(level{y[2], y1[2], f0[2], f1[2], hh, tz}, y[2]-tz, y1[2]-tz); th < evTheta {
					evTheta, ev = th, evTrack
				}
			}
		}
		finalZ := g + j.Canopy.Final
		// every event keeps only the earliest in the step (a break-off track and the
		// deployment can fall in one step; the later one is found in the next step)
		if r.ph == PhaseCanopy && !r.onFinal && y[2] > finalZ && y1[2] <= finalZ {
			if th := root(level{y[2], y1[2], f0[2], f1[2], hh, finalZ}, y[2]-finalZ, y1[2]-finalZ); th < evTheta {
				evTheta, ev = th, evFinal
			}
		}
		if r.ph == PhaseCanopy && !r.onFinal && !r.held && y[2] > r.holdZ && y1[2] <= r.holdZ {
			if th := root(level{y[2], y1[2], f0[2], f1[2], hh, r.holdZ}, y[2]-r.holdZ, y1[2]-r.holdZ); th < evTheta {
				evTheta, ev = th, evHold
			}
		}
		if r.ph == PhaseFreefall && y[2] > openZ && y1[2] <= openZ {
			if th := root(level{y[2], y1[2], f0[2], f1[2], hh, openZ}, y[2]-openZ, y1[2]-openZ); th < evTheta {
				evTheta, ev = th, evDeploy
			}
		}
		if r.ph == PhaseFreefall && j.OpenAfter > 0 && t1 >= j.OpenAfter-1e-12 && 1 < evTheta {
			evTheta, ev = 1, evDeploy
		}
		if y[2] > g && y1[2] <= g {
			if th := root(level{y[2], y1[2], f0[2], f1[2], hh, g}, y[2]-g, y1[2]-g); th <= evTheta { // landing wins a tie (Final 0)
				evTheta, ev = th, evLand
			}
		}
		if j.AADAlt > 0 && y[2] > aadZ && y1[2] <= aadZ {
			th := root(level{y[2], y1[2], f0[2], f1[2], hh, aadZ}, y[2]-aadZ, y1[2]-aadZ)
			if th <= evTheta {
				res.AADCross = true
				vz := hermiteD(y[2], y1[2], f0[2], f1[2], hh, th)
				if -vz > j.AADSpeed && !res.AADFire {
					res.AADFire = true
					res.AADEvent = r.event("aad_fire", t+th*hh, hh, th, &y, &y1, &f0, &f1)
				}
			}
		}
		if r.ph == PhaseFreefall {
			r.maxInStep(res, t, hh, &y, &y1, &f0, &f1, min(evTheta, 1))
		}
		if rec {
			end := t + min(evTheta, 1)*hh
			if r.opt.RecordUntil > 0 {
				end = min(end, r.opt.RecordUntil)
			}
			if r.opt.PositionsOnly {
				res.Trace, nextRec = r.recordPositions(res.Trace, nextRec, end, t, hh, &y, &y1, &f0, &f1)
			}
			for ; nextRec <= end; nextRec += r.opt.Record {
				res.Trace = append(res.Trace, r.sample(nextRec, t, hh, &y, &y1, &f0, &f1))
			}
		}
		if ev != 0 {
			th := evTheta
			te := t + th*hh
			ye := r.interp(hh, th, &y, &y1, &f0, &f1)
			switch ev {
			case evLand:
				ye[2] = g // exactly on the ground, not the interpolant's rounding
				res.Land = r.eventAt("landing", te, &ye)
				res.CanopyBackward = r.backward
				if rec {
					s := r.sampleState(te, &ye)
					s.Phase = PhaseLanded
					res.Trace = append(res.Trace, s)
				}
				switch r.ph {
				case PhaseFreefall:
					// ground impact in free fall: no deployment
					res.Impact = true
					res.Freefall = te
					res.Deploy, res.Open = res.Land, res.Land
					res.Deploy.Name, res.Open.Name = "deployment_start", "canopy_open"
					return fmt.Errorf("%w: in free fall at %.1f s, %.1f m/s", ErrImpact, te, res.Land.Speed)
				case PhaseDeploying:
					res.Impact = true
					res.Open = res.Land
					res.Open.Name = "canopy_open"
					res.DeployLossM = res.Deploy.Alt - g
					return fmt.Errorf("%w: during deployment at %.1f s (%.1f s after it started), %.1f m/s", ErrImpact, te, te-res.Deploy.T, res.Land.Speed)
				}
				return nil
			case evPhase:
				ph := &j.Phases[r.nphase]
				res.Phases = append(res.Phases, r.eventAt(ph.Name, te, &ye))
				r.setDrag(&ph.Drag)
				r.nphase++
				y, t = ye, te
				r.f(t, &y, &f0)
				h = min(h, ChangeStep)
				continue
			case evTrack:
				res.Track = r.eventAt("track_start", te, &ye)
				r.tracking = true
				r.the, r.thn = math.Sincos(j.Track.HeadingDeg * math.Pi / 180)
				y, t = ye, te
				r.f(t, &y, &f0)
				h = min(h, ChangeStep)
				continue
			case evHold:
				y, t = ye, te
				r.hold(t, &y, &f0)
				continue
			case evFinal:
				r.onFinal = true
				y, t = ye, te
				r.f(t, &y, &f0)
				r.checkBackward(y[2])
				continue
			case evDeploy:
				res.Freefall = te
				res.Deploy = r.eventAt("deployment_start", te, &ye)
				if r.opt.FreefallOnly {
					return nil
				}
				if err := r.startDeploy(te, &ye, res); err != nil {
					return err
				}
				y = ye
				t = te
				r.f(t, &y, &f0)
				// 0.5 s, then steps grown from it: 2.5 s rejected, ~1.2 s twice
				// with another rejection. Unless the full trajectory is recorded
				// (its velocities come off the interpolant, whose error grows with
				// the step: exported tracks' deployment would move by a metre),
				// start from half the deployment: the Monte Carlo's fallout jumps
				// need 297 evaluations instead of 303.5 (2,000 runs, seed 1; a
				// third: 300, the whole: 300)
				if loose {
					h = r.tDepT / 2
				} else {
					h = min(h, 0.5)
				}
				continue
			}
		}
		t, y, f0 = t1, y1, f1
		h = hn
		switch r.ph {
		case PhaseDeploying:
			if t >= r.tDep+r.tDepT-1e-12 {
				// canopy open
				var yv vec = y
				yv[3], yv[4], yv[5] = f0[0], f0[1], f0[2]
				res.Open = r.eventAt("canopy_open", t, &yv)
				res.DeployLossM = res.Deploy.Alt - y[2]
				r.ph = PhaseCanopy
				r.onFinal = y[2] <= g+j.Canopy.Final
				if r.onFinal {
					r.checkBackward(y[2]) // opened below the final-approach height
				}
				if !r.onFinal && y[2] <= r.holdZ {
					r.hold(t, &y, &f0) // opened within the last ApproachHold
				} else {
					r.f(t, &y, &f0)
				}
				h = 2
			}
		}
	}
}

// ChangeStep (s) caps the first free-fall step after the drag changes (the
// break-off track or a drag phase starts): the step carried over was sized for
// the old, settled fall, and the new drag starts a transient. Carried over, it was
// rejected and cut to a fifth, then grew back through another rejection; capped
// at 2 s the Monte Carlo's fallout jumps (which track) need 303.5 evaluations
// instead of 316 (2,000 runs, seed 1; 1 s: 312, 3 s: 311). Halo's figure, not a
// published one: about a third of the fall's time constant (speed/g ≈ 6 s).
// Hairer, Nørsett & Wanner's starting-step algorithm, tried, proposed 0.09 s.
const ChangeStep = 2.0

// startDeploy switches to the deployment phase at time t in state y.
func (r *run) startDeploy(t float64, y *vec, res *Result) error {
	j := r.j
	c := &j.Canopy
	u, v := r.windAt(y[2])
	r.v0 = [3]float64{y[3] - u, y[4] - v, y[5]}
	sig := r.env.Atm.Sigma(y[2])
	// the canopy's heading at opening: the pilot's first decision
	r.prepareCanopy(y)
	r.onFinal = y[2] <= r.env.Ground+c.Final
	u0, v0 := r.windAt(y[2])
	r.steer(t, v3{y[0], y[1], y[2]}, u0, v0, sig)
	va := c.Airspeed * sig
	v1 := c.Sink * sig
	r.vc = [3]float64{va * r.qe, va * r.qn, -v1}
	r.ph = PhaseDeploying
	r.tDep, r.tDepT = t, c.DeployTime
	r.bDep = 0
	if c.DeployLoss > 0 {
		v0d := -r.v0[2]
		T := c.DeployTime
		// the loss lies between v1·T (instant slowdown) and v0·T (none): within
		// those, k from the loss; outside, the canopy cannot be modelled as given
		lo, hi := v1*T*1.02, v0d*T*0.98
		loss := c.DeployLoss
		if !(loss > lo && loss < hi) {
			if !(hi > lo) {
				return fmt.Errorf("%w: deployment at %.1f m/s is no faster than the canopy's sink (%.1f m/s): change deploy_time or the canopy", ErrInput, v0d, v1)
			}
			// the stated loss cannot be flown at this speed: fly the nearest that
			// can, and say so (Result.DeployLossUnreachable; the plan is NO-GO)
			res.DeployLossUnreachable = true
			res.DeployLossRange = [2]float64{lo, hi}
			loss = min(max(loss, lo), hi)
		}
		// f is the share of the speed excess kept on average over the deployment;
		// the shape (1-τ)/(1+bτ) is smooth on [0, 1] for b > -1 (no infinite
		// derivative for the integrator) and its mean ((1+b)ln(1+b) - b)/b² falls
		// from 1 (b → -1) through 1/2 (b = 0, linear) to 0 (b → ∞): bisect for b
		f := (loss - v1*T) / ((v0d - v1) * T)
		r.bDep = deployShape(f)
	}
	return nil
}

// deployShape returns b such that the mean of (1-τ)/(1+bτ) over [0, 1] is f
// (0 < f < 1). In u = ln(1+b) the mean, m(u) = (u·e^u - e^u + 1)/(e^u - 1)²,
// falls monotonically from 1 (u → -∞) to 0 (u → ∞); Newton's method on u from
// m ≈ 1/2 - u/6, kept inside a shrinking bracket of [-30, 15] (bisection when
// a step leaves it), finds it to about 1e-13 in four to six evaluations (false
// position needed 13 to 19: 4 % of a Monte Carlo jump's CPU time).
func deployShape(f float64) float64 {
	lo, hi := -30.0, 15.0
	u := min(max(6*(0.5-f), lo), hi)
	for range 60 {
		m, dm := shapeMean(u)
		g := m - f
		if g == 0 {
			break
		}
		if g > 0 { // the mean falls with u: the root is above
			lo = u
		} else {
			hi = u
		}
		next := u - g/dm
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-u) < 1e-13*(1+math.Abs(u)) || hi-lo < 1e-13 {
			u = next
			break
		}
		u = next
	}
	return math.Expm1(u)
}

// shapeMean is the deployment shape's mean m(u) over [0, 1] with b = e^u - 1
// and its derivative dm/du (series near u = 0, where both formulas cancel).
func shapeMean(u float64) (m, dm float64) {
	if math.Abs(u) < 1e-3 {
		return 0.5 - u/6 + u*u*u/180, -1.0/6 + u*u/60
	}
	b := math.Expm1(u)
	e := b + 1
	n := e*u - b
	return n / (b * b), e * (u*b - 2*n) / (b * b * b)
}

// checkBackward notes when the wind at z is stronger than the canopy's airspeed
// there: on final the canopy then goes backwards.
func (r *run) checkBackward(z float64) {
	if w := math.Hypot(r.windAt(z)); w > r.j.Canopy.Airspeed*r.env.Atm.Sigma(z) {
		r.backward = true
	}
}

func (r *run) updateMax(res *Result, t float64, y *vec) {
	_, a := r.env.Atm.DensitySound(y[2])
	u, v := r.windAt(y[2])
	r.updateMaxAir(res, t, y, a, u, v)
}

// updateMaxAir is updateMax with the speed of sound a and the wind (u, v) at y
// given: at a step's end the last free-fall evaluation looked them up (f, FSAL).
func (r *run) updateMaxAir(res *Result, t float64, y *vec, a, u, v float64) {
	// squared speeds compared with the squared maxima: the square roots and the
	// division only for a new maximum (a third of the steps, while accelerating)
	g2 := y[3]*y[3] + y[4]*y[4] + y[5]*y[5]
	ve, vn := y[3]-u, y[4]-v
	a2 := ve*ve + vn*vn + y[5]*y[5]
	newSpeed := g2 > res.MaxSpeed*res.MaxSpeed
	if newSpeed || a2 > res.MaxMach*res.MaxMach*(a*a) {
		m := math.Sqrt(a2) / a
		if m > res.MaxMach {
			res.MaxMach = m
		}
		if sp := math.Sqrt(g2); newSpeed && sp > res.MaxSpeed {
			res.MaxSpeed, res.MaxSpeedT, res.MaxSpeedAlt, res.MachAtMaxSpeed = sp, t, y[2], m
			res.MaxSpeedE, res.MaxSpeedN, res.MaxSpeedVDown = y[0], y[1], -y[5]
		}
	}
	if -y[5] > res.MaxVDown {
		res.MaxVDown = -y[5]
	}
}

// maxInStep finds an interior maximum of the ground speed in a free-fall step
// (where v·a changes sign from + to -) and of the vertical speed, up to fraction
// lim of the step, and updates the maxima at the step's end (or the event at lim).
// The signs at both ends come from the exact step-end derivatives; the interpolant
// is only evaluated when a maximum lies inside.
func (r *run) maxInStep(res *Result, t, h float64, y, y1, f0, f1 *vec, lim float64) {
	g0 := y[3]*f0[3] + y[4]*f0[4] + y[5]*f0[5]
	g1 := y1[3]*f1[3] + y1[4]*f1[4] + y1[5]*f1[5]
	if lim < 1 {
		sr := newSpeedRate(y, y1, f0, f1, h, lim)
		g1 = sr.at(1)
		if g0 > 0 && g1 < 0 {
			r.maxAt(res, t, h, rootTol(sr, g0, g1, peakTol)*lim, y, y1, f0, f1)
		}
	} else if g0 > 0 && g1 < 0 {
		sr := newSpeedRate(y, y1, f0, f1, h, 1)
		r.maxAt(res, t, h, rootTol(sr, sr.at(0), sr.at(1), peakTol), y, y1, f0, f1)
	}
	// vertical speed maximum (vertical acceleration changes sign from - to +)
	if f0[5] < 0 && f1[5] > 0 {
		th := rootTol(slope{y[5], y1[5], f0[5], f1[5], h}, f0[5], f1[5], peakTol)
		if th <= lim {
			r.maxAt(res, t, h, th, y, y1, f0, f1)
		}
	}
	if lim < 1 {
		r.maxAt(res, t, h, lim, y, y1, f0, f1)
	} else {
		r.updateMaxAir(res, t+h, y1, r.endA, r.endU, r.endV)
	}
}

// maxAt updates the maxima with the state at fraction θ of the free-fall step of
// length h from t (a method, not a closure in maxInStep: the closure and its
// state were built at every step, used at a few).
func (r *run) maxAt(res *Result, t, h, θ float64, y, y1, f0, f1 *vec) {
	var ye vec
	for i := range ye {
		ye[i] = hermite(y[i], y1[i], f0[i], f1[i], h, θ)
	}
	r.updateMax(res, t+θ*h, &ye)
}

func (r *run) eventAt(name string, t float64, y *vec) Event {
	return Event{Name: name, T: t, Alt: y[2], E: y[0], N: y[1],
		Speed: math.Sqrt(y[3]*y[3] + y[4]*y[4] + y[5]*y[5]), VDown: -y[5]}
}

// interp is the state at fraction th of a step of length h: positions from the
// cubic Hermite interpolant; velocities from it too in free fall, where they are
// integrated, else from the derivative of the position interpolant (the other
// phases prescribe velocity and do not integrate it).
func (r *run) interp(h, th float64, y, y1, f0, f1 *vec) (ye vec) {
	for i := 0; i < 3; i++ {
		ye[i] = hermite(y[i], y1[i], f0[i], f1[i], h, th)
		if r.ph == PhaseFreefall {
			ye[i+3] = hermite(y[i+3], y1[i+3], f0[i+3], f1[i+3], h, th)
		} else {
			ye[i+3] = hermiteD(y[i], y1[i], f0[i], f1[i], h, th)
		}
	}
	return ye
}

func (r *run) event(name string, t, h, th float64, y, y1, f0, f1 *vec) Event {
	ye := r.interp(h, th, y, y1, f0, f1)
	return r.eventAt(name, t, &ye)
}

func (r *run) sample(ts, t, h float64, y, y1, f0, f1 *vec) Sample {
	ye := r.interp(h, (ts-t)/h, y, y1, f0, f1)
	return r.sampleState(ts, &ye)
}

// recordPositions appends the positions-only samples at ts, ts+Record, ... up to
// end that fall in the step [t, t+h] to tr, and returns it with the next sample
// time. The Monte Carlo records a few hundred per jump for the separations, so
// the Hermite basis is computed once per sample for the three positions, with
// one division per step.
func (r *run) recordPositions(tr []Sample, ts, end, t, h float64, y, y1, f0, f1 *vec) ([]Sample, float64) {
	inv := 1 / h
	for ; ts <= end; ts += r.opt.Record {
		th := (ts - t) * inv
		th2 := th * th
		th3 := th2 * th
		a0, a1 := 2*th3-3*th2+1, -2*th3+3*th2
		b0, b1 := (th3-2*th2+th)*h, (th3-th2)*h
		tr = append(tr, Sample{T: ts, E: a0*y[0] + b0*f0[0] + a1*y1[0] + b1*f1[0],
			N: a0*y[1] + b0*f0[1] + a1*y1[1] + b1*f1[1],
			Z: a0*y[2] + b0*f0[2] + a1*y1[2] + b1*f1[2], Phase: r.ph})
	}
	return tr, ts
}

func (r *run) sampleState(t float64, y *vec) Sample {
	u, v := r.windAt(y[2])
	_, a := r.env.Atm.DensitySound(y[2])
	ve, vn, vu := y[3]-u, y[4]-v, y[5]
	return Sample{T: t, E: y[0], N: y[1], Z: y[2], VE: y[3], VN: y[4], VU: y[5],
		Speed: math.Sqrt(y[3]*y[3] + y[4]*y[4] + y[5]*y[5]),
		Mach:  math.Sqrt(ve*ve+vn*vn+vu*vu) / a, Phase: r.ph}
}
