package physio

import "math"

// runOut is what one pass over a profile computes.
type runOut struct {
	trPeak, trPeakT float64
	trPeakPhase     string
	hazE            float64 // exposure integral of the risk model, minutes
	trAbove1        float64 // time with TR360 > 1, s
	trAboveTR0      float64 // time with TR360 > the risk model's TR0, s
	minP, minPT     float64
	risk            float64
	samples         []Sample
	phases          []Phase
	buhl            BuhlmannResult
	bottle          bottleOut
	cold            ColdResult
	air             airOut
}

// airOut is the time on air at the cabin altitudes the jump type's oxygen rules
// name (OxygenRules).
type airOut struct {
	maxAltOnAir  float64 // highest altitude breathed on air, m
	aboveCeiling float64 // time on air above OxygenRules.AirCeiling, s
	inBand       float64 // time on air above AirBandFloor up to AirCeiling, s
	maxCabinAlt  float64
	aboveFL200   float64 // time at or above FL200 pressure altitude (any gas), s
}

type bottleOut struct {
	has       bool
	needed    bool
	gas0      float64 // mol usable
	emptyAt   float64 // s from start; +Inf when it lasts to landing
	neededS   float64 // s from switch to below the bail-out floor
	marginS   float64
	durationS float64 // s the full bottle lasts at the exit altitude's consumption
}

// consumption returns the bottle's O₂ use (mol/s) at ambient pressure p (Pa).
func (r *resolved) consumption(p float64) float64 {
	if r.ContinuousFlow > 0 {
		return r.ContinuousFlow / 60000 * pStd / (rGas * tNTP)
	}
	// dry gas delivered = V_BTPS·(P − PH2O)/(R·T_body)
	return r.BreathingRate / 60000 * math.Max(p-PH2OBody, 0) / (rGas * tBody)
}

// bottleGas returns the usable O₂ in the bottle (mol).
func (r *resolved) bottleGas() float64 {
	return (r.BottlePressure - r.BottleReserve) * r.BottleVolume / (rGas * tBottle)
}

// run integrates the tissues, the risk model, the bottle and the cold along p.
// With full == false it computes only what the DCS risk needs. hook, when not nil,
// sees each step's TR360, ambient pressure (Pa) and length (s).
//
// The stages of one step (runner.step) are: the gas breathed, the tissue
// tensions (TR360 and, when full, Bühlmann), the bottle, the bail-out floor
// crossing, the risk-model exposure and the extremes, and when full the oxygen
// rules on air, the cold and the sample; runner.finish closes the totals.
func run(r *resolved, p profile, m RiskModel, full bool, hook func(tr, pb, dt float64)) runOut {
	u := newRunner(r, p, m, full, hook)
	for _, g := range p.segs {
		u.segment(g)
	}
	u.finish()
	return u.o
}

// runner is the state of run's integration.
type runner struct {
	r    *resolved
	p    profile
	m    RiskModel
	full bool
	hook func(tr, pb, dt float64)
	o    runOut

	t, pa      float64     // time (s) and ambient pressure (Pa) at the end of the last step
	t360, k360 float64     // 360-min tissue N₂ tension (Pa) and its rate constant (1/s)
	buhl, kb   [16]float64 // ZH-L16C tensions (Pa) and rate constants (1/s), when full
	gas        float64     // O₂ left in the bottle, mol
	emptied    bool        // no bottle, or the bottle is empty
	zNeed      float64     // bail-out floor, m MSL
	pFL200     float64     // FL200 pressure, Pa
	tNeed      float64     // when the descent crosses the floor, s (NaN before)
	gasAtNeed  float64     // O₂ left then, mol
	wPrev      float64     // the risk model's weight at the last step
	ff, fc     float64     // frostbite fraction, cold exposure (s)
}

// newRunner starts the integration at the ground, on air, tissues saturated.
func newRunner(r *resolved, p profile, m RiskModel, full bool, hook func(tr, pb, dt float64)) *runner {
	u := &runner{r: r, p: p, m: m, full: full, hook: hook}
	o := &u.o
	p0 := r.PressureAt(r.GroundAlt)
	u.t360 = FN2Air * p0
	u.k360 = math.Ln2 / HalfTime360
	if full {
		for i, c := range ZHL16C {
			u.buhl[i] = FN2Air * (p0 - PH2OBuhlmann)
			u.kb[i] = math.Ln2 / (c.HalfTime * 60)
		}
		o.buhl.GradientFactor = math.Inf(-1)
		o.samples = make([]Sample, 0, int(p.tEnd/stepMax)+len(p.segs)+2)
	}
	o.trPeak = u.t360 / p0
	o.minP = p0
	o.bottle.has = r.BottleVolume > 0
	u.gas = r.bottleGas()
	o.bottle.gas0 = u.gas
	o.bottle.emptyAt = math.Inf(1)
	u.zNeed = r.floor
	u.pFL200 = ussaP(FL200)
	o.bottle.needed = r.ExitAlt > u.zNeed
	u.tNeed = math.NaN()
	u.emptied = !o.bottle.has
	o.cold.MinWindChillC = math.Inf(1)
	o.cold.MinTempK = math.Inf(1)
	o.cold.MinFrostbiteS = math.Inf(1)
	u.pa = p0
	if full {
		o.samples = append(o.samples, Sample{T: 0, Phase: p.segs[0].phase, Alt: r.GroundAlt, Pressure: p0, FiO2: FO2Air, TR360: u.t360 / p0, TempK: r.TempAt(r.GroundAlt)})
	}
	return u
}

// segStep is what the steps of one segment share.
type segStep struct {
	g               segment
	n               int     // steps
	dt              float64 // step, s
	flat            bool    // constant altitude
	pFlat, tempFlat float64 // its pressure (Pa) and, when full, temperature (K)
	segO2           bool    // O₂ breathed (console or bottle)
	onBottle        bool    // O₂ from the bottle
	e360            float64 // exp(−k360·dt)
	eb              [16]float64
}

// segment integrates segment g in steps of at most stepMax.
func (u *runner) segment(g segment) {
	if u.full {
		if n := len(u.o.phases); n > 0 && u.o.phases[n-1].Name == g.phase {
			u.o.phases[n-1].EndS = u.t + g.dur
		} else {
			u.o.phases = append(u.o.phases, Phase{Name: g.phase, StartS: u.t, EndS: u.t + g.dur})
		}
	}
	s := u.segSteps(g)
	for j := 1; j <= s.n; j++ {
		u.step(&s, j)
	}
}

// segSteps divides segment g into steps. Without full, a segment at constant
// pressure off the bottle whose TR360 stays at or below the model's threshold at
// both ends is one exact (Haldane) step: TR360 moves monotonically there, so the
// risk clock does not run.
func (u *runner) segSteps(g segment) segStep {
	r, p := u.r, u.p
	s := segStep{g: g, n: max(int(math.Ceil(g.dur/stepMax-1e-9)), 1), flat: g.z0 == g.z1}
	if s.flat {
		s.pFlat = r.PressureAt(g.z0)
		if u.full {
			s.tempFlat = r.TempAt(g.z0)
		}
	}
	s.segO2 = g.o2 && !(r.NoConsoleO2 && u.t < p.tSwitch-1e-9) // no console O₂: air until the switch
	s.onBottle = g.o2 && u.t >= p.tSwitch-1e-9
	if !u.full && s.flat && !s.onBottle && s.n > 1 {
		fn2 := FN2Air
		if s.segO2 {
			fn2 = 0
		}
		end := Haldane(u.t360, fn2*s.pFlat, HalfTime360, g.dur)
		if u.t360/s.pFlat <= u.m.TR0 && end/s.pFlat <= u.m.TR0 {
			s.n = 1
		}
	}
	s.dt = g.dur / float64(s.n)
	s.e360 = math.Exp(-u.k360 * s.dt)
	if u.full {
		for i := range s.eb {
			s.eb[i] = math.Exp(-u.kb[i] * s.dt)
		}
	}
	return s
}

// step integrates step j of segment s.
func (u *runner) step(s *segStep, j int) {
	g, dt := s.g, s.dt
	f := float64(j) / float64(s.n)
	z := g.z0 + f*(g.z1-g.z0)
	pb := s.pFlat
	if !s.flat {
		pb = u.r.PressureAt(z)
	}
	o2 := s.segO2
	if s.onBottle && u.emptied {
		o2 = false
	}
	fn2 := FN2Air
	fo2 := FO2Air
	if o2 {
		fn2, fo2 = 0, 1
	}
	rate := fn2 * (pb - u.pa) / dt
	u.t360 = schreinerE(u.t360, fn2*u.pa, rate, u.k360, dt, s.e360)
	tr := u.t360 / pb
	if u.full {
		u.buhlmann(s, fn2, pb, z)
	}
	if s.onBottle && !u.emptied {
		u.breathe(pb, dt)
	}
	if u.full && math.IsNaN(u.tNeed) && g.phase != PhaseClimbOnAir && u.t >= u.p.tExit-1e-9 {
		u.crossFloor(s, j, pb)
	}
	if u.hook != nil {
		u.hook(tr, pb, dt)
	}
	u.expose(g.phase, tr, pb, dt)
	if u.full {
		u.airRules(o2, z, dt)
		temp := s.tempFlat
		if !s.flat {
			temp = u.r.TempAt(z)
		}
		// cold, once the door is open
		if u.t+dt > u.p.tDoor+1e-9 {
			u.chill(g, f, temp, dt)
		}
		u.o.samples = append(u.o.samples, Sample{T: u.t + dt, Phase: g.phase, Alt: z, Pressure: pb, FiO2: fo2, TR360: tr, TempK: temp})
	}
	u.pa = pb
	u.t += dt
}

// buhlmann moves the ZH-L16C tensions over a step to pressure pb (altitude z) with
// inert fraction fn2, keeping the compartment nearest its M-value.
func (u *runner) buhlmann(s *segStep, fn2, pb, z float64) {
	dt := s.dt
	pi0 := fn2 * math.Max(u.pa-PH2OBuhlmann, 0)
	rb := fn2 * (math.Max(pb-PH2OBuhlmann, 0) - math.Max(u.pa-PH2OBuhlmann, 0)) / dt
	for i := range u.buhl {
		u.buhl[i] = schreinerE(u.buhl[i], pi0, rb, u.kb[i], dt, s.eb[i])
		c := ZHL16C[i]
		mv := c.MValue(pb)
		gf := (u.buhl[i] - pb) / (mv - pb)
		if gf > u.o.buhl.GradientFactor {
			u.o.buhl = BuhlmannResult{Compartment: c.Name, HalfTimeMin: c.HalfTime, TissuePa: u.buhl[i],
				AmbientPa: pb, MValuePa: mv, GradientFactor: gf, AtS: u.t + dt, Phase: s.g.phase, AltM: z}
		}
	}
}

// breathe draws a step's O₂ from the bottle (trapezoid between the pressures at
// its ends), noting when it empties.
func (u *runner) breathe(pb, dt float64) {
	c0, c1 := u.r.consumption(u.pa), u.r.consumption(pb)
	use := 0.5 * (c0 + c1) * dt
	if use < u.gas {
		u.gas -= use
		return
	}
	frac := 0.0
	if use > 0 {
		frac = u.gas / use
	}
	u.o.bottle.emptyAt = u.t + frac*dt
	u.gas = 0
	u.emptied = true
}

// crossFloor notes when, and with how much O₂ left, the descent in step j of s
// crosses the bail-out floor (interpolated within the step).
func (u *runner) crossFloor(s *segStep, j int, pb float64) {
	g := s.g
	z := g.z0 + float64(j)/float64(s.n)*(g.z1-g.z0)
	zPrev := g.z0 + float64(j-1)/float64(s.n)*(g.z1-g.z0)
	if !(zPrev > u.zNeed && z <= u.zNeed) {
		return
	}
	fz := (zPrev - u.zNeed) / (zPrev - z)
	u.tNeed = u.t + fz*s.dt
	u.gasAtNeed = u.gas + 0.5*(u.r.consumption(u.pa)+u.r.consumption(pb))*s.dt*(1-fz)
	if u.emptied {
		u.gasAtNeed = 0
	}
}

// expose adds a step's risk-model exposure (trapezoid) and updates the extremes.
func (u *runner) expose(phase string, tr, pb, dt float64) {
	o := &u.o
	w := u.m.weight(tr, pb)
	o.hazE += 0.5 * (w + u.wPrev) * dt / 60
	u.wPrev = w
	if tr > 1 {
		o.trAbove1 += dt
	}
	if tr > u.m.TR0 {
		o.trAboveTR0 += dt
	}
	if tr > o.trPeak {
		o.trPeak, o.trPeakT, o.trPeakPhase = tr, u.t+dt, phase
	}
	if pb < o.minP {
		o.minP, o.minPT = pb, u.t+dt
	}
	if pb <= u.pFL200 {
		o.air.aboveFL200 += dt
	}
}

// airRules adds a step at altitude z to the time on air the jump type's oxygen
// rules limit.
func (u *runner) airRules(o2 bool, z, dt float64) {
	a := &u.o.air
	if !o2 {
		a.maxAltOnAir = math.Max(a.maxAltOnAir, z)
		switch ru := u.r.rules; {
		case z > ru.AirCeiling:
			a.aboveCeiling += dt
		case ru.AirBandMaxS > 0 && z > ru.AirBandFloor:
			a.inBand += dt
		}
	}
	a.maxCabinAlt = math.Max(a.maxCabinAlt, z)
}

// chill adds a step in air at temperature temp (K), a fraction f through segment
// g, to the cold exposure: the wind chill of the relative wind (the door wind in
// the aircraft) and the frostbite fraction.
func (u *runner) chill(g segment, f, temp, dt float64) {
	c := &u.o.cold
	v := g.wind0 + f*(g.wind1-g.wind0)
	if g.phase == PhaseAtAltitude || g.phase == PhaseClimb || g.phase == PhaseDepress {
		v = u.r.DoorWind
	}
	wc := WindChill(temp-273.15, v*3.6)
	if wc.Clamped {
		c.SpeedClamped = true
		c.MaxAirSpeed = math.Max(c.MaxAirSpeed, v)
	}
	tf := FrostbiteTime(wc.WCTC)
	if !math.IsInf(tf, 1) {
		u.ff += dt / tf
		u.fc += dt
		c.MinFrostbiteS = math.Min(c.MinFrostbiteS, tf)
	}
	c.ExposureS += dt
	if wc.WCTC < c.MinWindChillC {
		c.MinWindChillC = wc.WCTC
		c.MinWindChillPhase = g.phase
		c.MinWindChillAirSpeed = v
	}
	c.MinTempK = math.Min(c.MinTempK, temp)
}

// finish computes the risk and, when full, the cold totals and the bottle margin.
func (u *runner) finish() {
	o := &u.o
	o.risk = u.m.Risk(o.hazE)
	if !u.full {
		return
	}
	if o.bottle.needed && math.IsNaN(u.tNeed) { // landing at or above the bail-out floor
		u.tNeed, u.gasAtNeed = u.p.tEnd, u.gas
	}
	o.cold.FrostbiteFraction = u.ff
	o.cold.FrostbiteExposureS = u.fc
	if math.IsInf(o.cold.MinTempK, 1) {
		o.cold.MinTempK = math.NaN()
	}
	u.bottleMargin()
}

// bottleMargin computes how long the bottle is needed (from the switch to the
// bail-out floor), how long it lasts at the exit altitude, and the margin: the O₂
// left at the floor in seconds of breathing there, negative when it empties first.
func (u *runner) bottleMargin() {
	r, b := u.r, &u.o.bottle
	b.neededS = 0
	if b.needed {
		b.neededS = u.tNeed - u.p.tSwitch
	}
	cExit := r.consumption(r.PressureAt(r.ExitAlt))
	if b.has && cExit > 0 {
		b.durationS = b.gas0 / cExit
	}
	switch {
	case !b.needed:
		b.marginS = math.Inf(1)
	case !b.has:
		b.marginS = -b.neededS
	case b.emptyAt < u.tNeed:
		b.marginS = b.emptyAt - u.tNeed
	default:
		b.marginS = u.gasAtNeed / r.consumption(r.PressureAt(u.zNeed))
	}
}
