package plan

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"halo/check"
	"halo/flight"
	"halo/mission"
	"halo/units"
	"halo/version"
	"halo/wind"
)

// SolveTolerance is the landing miss (m) at which the release-point iteration stops.
const SolveTolerance = 0.05

// Break-off track defaults (not from a published source: typical flat-track
// figures; override per mission when the team knows its own).
const (
	TrackCdA = 0.60 // m²
	TrackLD  = 0.7  // glide ratio of a flat track
	// BreakoffAbove is the USPA guidance for groups of five or fewer: break off at
	// least 1,500 ft above the highest planned deployment [USPA-SEP].
	BreakoffAbove = 1500 * units.Foot
)

// layout is one candidate arrangement of the jump run: a heading, the release
// point, exit times and each jumper's simulated jump.
type layout struct {
	heading, tas float64 // deg, m/s
	ue, un       float64 // unit vector of the ground track
	gs           float64 // ground speed, m/s
	ve, vn       float64 // jumper exit velocity over the ground
	pe, pn       float64 // release point (first exit), m from target
	shift        float64 // m along track applied to the ideal release point
	order        []int   // jumper indices in exit order
	offsets      []float64
	jumps        []flight.Jump
	results      []flight.Result
	iterations   int
	ideal        [][2]float64 // each jumper's own ideal exit point
	// stalled is set when the wind at exit stops the aircraft on this heading;
	// stalledGS is its ground speed there, m/s (the run is then laid along the
	// heading at 1 m/s so that the plan can be shown, NO-GO)
	stalled   bool
	stalledGS float64
}

// tasks shared by the steps of Solve
type solver struct {
	ctx            context.Context
	in             Inputs
	m              *mission.Mission
	env            *Env
	zx             float64 // exit altitude
	asm            []string
	talent, camera int // indices, -1 if none
	jumps          []flight.Jump
	// unsolved lists the release points that did not converge, for every layout
	// tried: the chosen layout's make the plan NO-GO (checks.go, windchecks.go).
	unsolved []unconvergence
}

// Solve plans a mission. It returns an error only when the mission cannot be
// flown at all (bad parameters); every safety problem is a check in the Plan.
func Solve(in Inputs) (*Plan, error) { return SolveContext(context.Background(), in) }

// SolveContext is Solve that stops with ctx's error when ctx is done (checked
// between the planner's stages and inside its searches).
func SolveContext(ctx context.Context, in Inputs) (*Plan, error) {
	t0 := time.Now()
	env, err := NewEnv(in)
	if err != nil {
		return nil, err
	}
	m := in.Mission
	s := &solver{ctx: ctx, in: in, m: m, env: env, zx: m.Aircraft.Altitude, talent: -1, camera: -1}
	for i, j := range m.Jumpers {
		switch j.Role {
		case "talent":
			if s.talent < 0 {
				s.talent = i
			}
		case "camera":
			if s.camera < 0 {
				s.camera = i
			}
		}
	}
	if s.camera >= 0 && s.talent < 0 {
		s.camera = -1
		s.asm = append(s.asm, "a camera flyer without a talent is planned as a solo jumper")
	}
	p := &Plan{Mission: m.Name, Planner: version.Get().String(), Input: m, Target: Target{m.Target.Lat, m.Target.Lon, m.Target.Elevation, m.Target.Radius}}
	heading0, auto := s.autoHeading()
	lay, err := s.layout(heading0)
	if err != nil {
		return nil, err
	}
	if err := s.centre(lay); err != nil {
		return nil, err
	}
	// airspace: keep the run and its turn-away margin clear, changing the shift and heading if needed
	var asp *Airspace
	if len(env.Areas) > 0 {
		lay, asp, err = s.clearAirspace(lay)
		if err != nil {
			return nil, err
		}
	}
	p.JumpRun = s.jumpRun(lay, auto)
	p.JumpRun.HeadingBasis = headingBasis(s.m, auto, lay.heading, asp)
	p.ReleasePoint = s.releasePoint(lay)
	p.Balloon = s.balloonAscent(p.ReleasePoint)
	p.HandMethod = s.handMethod(lay, p.ReleasePoint)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.GreenLight = s.greenLight(lay)
	p.Jumpers, p.Traces, err = s.final(lay)
	if err != nil {
		return nil, err
	}
	p.HandMethod.Explained = explainHARP(&p.HandMethod, p)
	p.Jumps, p.Env, p.TrackUnit = s.jumps, env, [2]float64{lay.ue, lay.un}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.Stick = s.stick(lay, p)
	if s.camera >= 0 {
		p.Camera, err = s.cameraPlan(lay, p)
		if err != nil {
			return nil, err
		}
	}
	if asp != nil {
		s.exposure(asp, p)
		p.Airspace = asp
	}
	p.Pilot = s.pilotBrief(lay, p)
	p.Canopy = s.canopyPlan(p)
	if m.HAHO != nil {
		p.HAHO, err = s.haho(lay)
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.Environment = s.environment(p)
	p.Timeline, p.Sun = s.timeline(lay, p)
	if t, ok := s.exitTime(); ok {
		p.ExitTime = t
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.Checks = s.checks(lay, p)
	phys, err := s.physiology(p)
	if err != nil {
		return nil, err
	}
	p.Physio = phys
	for _, pj := range phys {
		p.Checks = append(p.Checks, pj.Result.Checks...)
	}
	p.Verdict = check.Verdict(p.Checks)
	p.Reasons = check.Reasons(p.Checks)
	p.Assumptions = append(append([]string(nil), m.Assumptions...), s.asm...)
	p.SolveTimeS = time.Since(t0).Seconds()
	return p, nil
}

// autoHeading is the jump-run heading: given, or into the wind at exit altitude.
func (s *solver) autoHeading() (float64, bool) {
	if !s.m.Aircraft.HeadingAuto {
		return s.m.Aircraft.HeadingDeg, false
	}
	u, v := s.env.Wind.At(s.zx)
	from, spd := wind.FromUV(u, v)
	if spd < 0.5 {
		s.asm = append(s.asm, "heading auto but calm at exit altitude: jump run heading 360°")
		return 0, true
	}
	return from, true
}

// layout solves the release point, exit order and intervals for one heading.
func (s *solver) layout(heading float64) (*layout, error) {
	m := s.m
	l := &layout{heading: heading, tas: TAS(m, s.env.Flight.Atm)}
	u, v := s.env.Wind.At(s.zx)
	sh, ch := math.Sincos(heading * math.Pi / 180)
	ge, gn := l.tas*sh+u, l.tas*ch+v
	l.gs = math.Hypot(ge, gn)
	switch {
	case m.Aircraft.Hover:
		// a helicopter holding over the ground: the jumpers leave at rest over
		// the ground from one hover point; the "run" is the heading
		l.ue, l.un, l.gs = sh, ch, 0
		ge, gn = 0, 0
	case m.Aircraft.Balloon && l.gs < 1:
		// a balloon drifting with calm air: the "run" is along the heading
		l.ue, l.un = sh, ch
	case l.gs < 1:
		// the wind stops the aircraft on this heading: no jump run. The plan is
		// laid along the heading at 1 m/s so that it can be shown, and a check
		// makes it NO-GO with the reason.
		l.stalled, l.stalledGS = true, l.gs
		l.ue, l.un, l.gs = sh, ch, 1
	default:
		l.ue, l.un = ge/l.gs, gn/l.gs
	}
	l.ve, l.vn = ge, gn
	if m.Aircraft.Balloon {
		l.ve, l.vn = u, v
	}
	n := len(m.Jumpers)
	l.jumps = make([]flight.Jump, n)
	l.ideal = make([][2]float64, n)
	legs := make([]Leg, n)         // each jumper's hands-off flight from its own ideal exit
	fallRate := make([]float64, n) // mean free-fall speed, m/s
	for i := range m.Jumpers {
		j := &m.Jumpers[i]
		fj, err := JumpFor(m, j, 0, 0, s.zx, l.ve, l.vn, 0)
		if err != nil {
			return nil, err
		}
		s.addTrack(l, i, &fj)
		x, y, it, r, err := s.harp(fj)
		if err != nil {
			return nil, fmt.Errorf("jumper %s: %w", j.Name, err)
		}
		l.iterations = max(l.iterations, it)
		l.jumps[i] = fj
		l.ideal[i] = [2]float64{x, y}
		if r.Freefall > 0 {
			fallRate[i] = (s.zx - r.Deploy.Alt) / r.Freefall
		}
		if n > 1 {
			if legs[i], err = s.leg(fj, x, y); err != nil {
				return nil, fmt.Errorf("jumper %s: %w", j.Name, err)
			}
		}
	}
	// exit order: along the track by each jumper's ideal exit point; a camera flyer
	// leaves with the talent
	var solo []int
	for i := range m.Jumpers {
		if i != s.camera {
			solo = append(solo, i)
		}
	}
	along := func(i int) float64 { return l.ideal[i][0]*l.ue + l.ideal[i][1]*l.un }
	cross := func(i int) float64 { return -l.ideal[i][0]*l.un + l.ideal[i][1]*l.ue }
	allGiven := true
	for _, i := range solo {
		allGiven = allGiven && m.Jumpers[i].ExitDelayGiven
	}
	if allGiven {
		sort.SliceStable(solo, func(a, b int) bool { return m.Jumpers[solo[a]].ExitDelay < m.Jumpers[solo[b]].ExitDelay })
	} else {
		sort.SliceStable(solo, func(a, b int) bool { return along(solo[a]) < along(solo[b]) })
		if m.Type == "sport" {
			// USPA SIM [USPA-SEP]: slower fallers first (belly groups, then
			// freefly): the upper wind carries the slow fallers back along the
			// run further than the fast ones who leave after them, so the
			// separation grows instead of closing
			sort.SliceStable(solo, func(a, b int) bool { return fallRate[solo[a]] < fallRate[solo[b]]-0.5 })
			s.asm = append(s.asm, "sport exit order: slower fallers first (USPA SIM [USPA-SEP]); the intervals keep the separation and the release point is centred on the stick")
		}
	}
	var c float64
	for _, i := range solo {
		c += cross(i)
	}
	c /= float64(len(solo))
	first := solo[0]
	l.pe = along(first)*l.ue - c*l.un
	l.pn = along(first)*l.un + c*l.ue
	l.offsets = make([]float64, n)
	// place moves leg i to exit t seconds after the green light
	place := func(i int, t float64) *Leg {
		e, nn := l.runPoint(t, 0)
		lg := &legs[i]
		lg.Offset, lg.DE, lg.DN = t, e-l.ideal[i][0], nn-l.ideal[i][1]
		return lg
	}
	need := m.Limits.MinSeparation + s.in.SeparationMargin
	for k, i := range solo {
		if k == 0 {
			place(i, 0)
			continue
		}
		prev := solo[k-1]
		if allGiven {
			l.offsets[i] = m.Jumpers[i].ExitDelay - m.Jumpers[first].ExitDelay
			continue
		}
		t := l.offsets[prev] + 1
		if l.gs > 0 {
			t = math.Max(t, (along(i)-along(first))/l.gs)
		}
		for ; t < l.offsets[prev]+MaxInterval; t += IntervalStep {
			if s.spaced(place(i, t), legs, solo[:k], need) {
				break
			}
		}
		if t >= l.offsets[prev]+MaxInterval {
			s.asm = append(s.asm, fmt.Sprintf("no exit interval up to %.0f s separates %s from the jumpers before by %.0f m: the separation checks say how close they come", MaxInterval, m.Jumpers[i].Name, need))
		}
		l.offsets[i] = t
		place(i, t)
	}
	l.order = solo
	if s.camera >= 0 {
		cj := &m.Jumpers[s.camera]
		l.offsets[s.camera] = l.offsets[s.talent]
		switch {
		case cj.ExitDelayGiven && allGiven:
			l.offsets[s.camera] = cj.ExitDelay - m.Jumpers[first].ExitDelay
		case cj.ExitDelayGiven:
			// the other delays were solved: the camera's counts from the talent's exit
			l.offsets[s.camera] = l.offsets[s.talent] + cj.ExitDelay
			s.asm = append(s.asm, fmt.Sprintf("%s's exit_delay counted from %s's exit (the other exit times were solved by the planner)", cj.Name, m.Jumpers[s.talent].Name))
		}
		// insert the camera right after the talent
		var ord []int
		for _, i := range solo {
			ord = append(ord, i)
			if i == s.talent {
				ord = append(ord, s.camera)
			}
		}
		l.order = ord
	}
	return l, nil
}

// The stick solver's search: exit intervals tried every IntervalStep seconds up to
// MaxInterval after the previous jumper.
const (
	IntervalStep = 0.5
	MaxInterval  = 180.0
)

// leg flies a jumper's hands-off jump from its ideal exit (x, y) once more with
// its trajectory recorded, for the stick solver's separations.
func (s *solver) leg(fj flight.Jump, x, y float64) (Leg, error) {
	fj.Canopy.Drift = math.IsNaN(fj.Canopy.HeadingDeg)
	fj.E, fj.N = x, y
	rr, err := flight.Simulate(s.env.Flight, &fj, flight.Options{Record: TraceStep})
	if err != nil && !errors.Is(err, flight.ErrImpact) {
		return Leg{}, err
	}
	return Leg{Trace: rr.Trace, Step: TraceStep, OpenT: rr.Open.T, LandT: rr.Land.T}, nil
}

// spaced reports whether leg lg is at least need metres from every leg of the
// jumpers in before, by Apart's measure (at each opening and while one falls past
// the other's open canopy).
func (s *solver) spaced(lg *Leg, legs []Leg, before []int, need float64) bool {
	for _, q := range before {
		at, _, _, mixed, _ := Apart(&legs[q], lg, false)
		if at < need || mixed < need {
			return false
		}
	}
	return true
}

// addTrack gives the talent and camera flyer a break-off track, away from each
// other at right angles to the jump run.
func (s *solver) addTrack(l *layout, i int, fj *flight.Jump) {
	if s.camera < 0 || (i != s.camera && i != s.talent) {
		return
	}
	hi := math.Max(s.deployAGL(l, s.talent), s.deployAGL(l, s.camera))
	if math.IsNaN(hi) {
		return
	}
	tr := math.Atan2(l.ue, l.un) * 180 / math.Pi
	side := 90.0
	if i == s.talent {
		side = -90
	}
	fj.Track = flight.Track{AGL: hi + BreakoffAbove, HeadingDeg: math.Mod(tr+side+360, 360), CdA: TrackCdA, LD: TrackLD}
	if fj.Track.AGL >= s.zx-s.m.Target.Elevation {
		fj.Track.AGL = 0 // no room to break off: they open from the pair
	}
}

// deployAGL is jumper i's planned deployment height above the ground (m): open_at,
// or for a timed opening the height one simulated free fall reaches (NaN if that
// cannot be flown).
func (s *solver) deployAGL(l *layout, i int) float64 {
	j := &s.m.Jumpers[i]
	if !math.IsNaN(j.OpenAt) {
		return j.OpenAt
	}
	fj, err := JumpFor(s.m, j, 0, 0, s.zx, l.ve, l.vn, 0)
	if err != nil {
		return math.NaN()
	}
	r, err := flight.Simulate(s.env.Flight, &fj, flight.Options{FreefallOnly: true})
	if err != nil {
		return math.NaN()
	}
	return r.Deploy.Alt - s.m.Target.Elevation
}

// harp finds a jumper's own release point: the exit from which the canopy, flown
// hands off (half brakes facing into the wind [USPA-BRAKED]) from its opening, is
// over the target at the mission's canopy safety factor (ATP 3-18.11's SF, 2,000
// ft by default [ATP3-18.11]; see openingFrame): the opening point is upwind of the
// target by that drift, and the jumper arrives over the target with the safety
// factor in hand for the holding area and the pattern. Newton-like fixed-point
// iteration on the exit position with the simulator as the model.
//
// An iteration that does not converge is no error: harp returns the exit it flew
// with the smallest miss and records why (solver.unconverged), and the plan's
// "release point" check makes the plan NO-GO with that reason.
func (s *solver) harp(fj flight.Jump) (x, y float64, it int, r flight.Result, err error) {
	const maxIter = 8
	env, hj, _, overTarget := s.openingFrame(fj)
	best := struct {
		x, y, miss float64
		r          flight.Result
	}{miss: math.Inf(1)}
	for it = 1; it <= maxIter; it++ {
		if err = s.ctx.Err(); err != nil {
			return
		}
		hj.E, hj.N = x, y
		r, err = flight.Simulate(env, &hj, flight.Options{})
		if errors.Is(err, flight.ErrImpact) {
			err = nil // the impact point stands in for the landing; a check says NO-GO
		}
		if err != nil {
			return
		}
		dx, dy := r.Land.E, r.Land.N
		if overTarget {
			dx, dy = r.Open.E, r.Open.N
		}
		miss := math.Hypot(dx, dy)
		if miss < SolveTolerance {
			return
		}
		if miss < best.miss {
			best.x, best.y, best.miss, best.r = x, y, miss, r
		}
		x -= dx
		y -= dy
	}
	x, y, r, it = best.x, best.y, best.r, maxIter
	cause := "winds that change sharply with altitude make the landing jump as the exit moves"
	if r.CanopyBackward {
		cause = "the wind near the ground is stronger than the canopy's airspeed on final (it goes backwards), so the landing jumps as the exit moves"
	}
	s.unsolved = append(s.unsolved, unconvergence{ve: hj.VE, vn: hj.VN, miss: best.miss, iterations: maxIter, cause: cause})
	return
}

// openingFrame returns the environment and jump a jumper's release point is
// solved in, the canopy safety factor applied (m AGL) and whether the opening
// point itself is put over the target. A steerable canopy (an airspeed, no fixed
// heading) flies hands off [USPA-BRAKED] to the safety factor: the simulator's
// ground is raised by it (heights above the ground, the opening's, the break-off
// track's, lowered by as much; no AAD), so that "landing on the target" there is
// being over the target at the safety factor. A canopy that opens at or below the
// safety factor has none of its height to spare: its opening point is put over
// the target. A canopy on a fixed heading, or with no airspeed, is solved as flown:
// landing on the target.
func (s *solver) openingFrame(fj flight.Jump) (env *flight.Env, j flight.Jump, sf float64, overTarget bool) {
	env, j = s.env.Flight, fj
	j.Canopy.Drift = math.IsNaN(j.Canopy.HeadingDeg)
	if !j.Canopy.Drift || !(j.Canopy.Airspeed > 0) {
		return env, j, 0, false
	}
	sf = s.m.Limits.CanopySafetyFactor
	if !(sf > 0) {
		return env, j, 0, false
	}
	if open := s.canopyOpenAGL(j); !(open > sf) {
		return env, j, sf, true
	}
	raised := *env
	raised.Ground += sf
	if j.OpenAGL > 0 {
		j.OpenAGL -= sf
	}
	j.Track.AGL = math.Max(j.Track.AGL-sf, 0)
	j.AADAlt, j.AADSpeed = 0, 0
	j.Canopy.Final = 0
	return &raised, j, sf, false
}

// canopyOpenAGL is the height above the target at which j's canopy is open (m):
// the deployment height (open_at, or where its timed free fall ends) less the
// deployment's loss (its stated loss, else its sink over the deployment time).
func (s *solver) canopyOpenAGL(j flight.Jump) float64 {
	h := j.OpenAGL
	if j.OpenAfter > 0 {
		r, err := flight.Simulate(s.env.Flight, &j, flight.Options{FreefallOnly: true})
		if err != nil {
			return math.NaN()
		}
		h = r.Deploy.Alt - s.m.Target.Elevation
	}
	loss := j.Canopy.DeployLoss
	if !(loss > 0) {
		loss = j.Canopy.Sink * j.Canopy.DeployTime
	}
	return h - loss
}

// exitPoint returns jumper i's exit position in layout l.
func (l *layout) exitPoint(i int) (e, n float64) { return l.runPoint(l.offsets[i], l.shift) }

// runPoint is the aircraft's position t seconds after the green light on a run
// moved shift metres along its track from the solved release point.
func (l *layout) runPoint(t, shift float64) (e, n float64) {
	d := l.gs*t + shift
	return l.pe + d*l.ue, l.pn + d*l.un
}

// fly simulates every jumper of the layout with steering to the target.
func (s *solver) fly(l *layout, shift float64, rec float64) ([]flight.Result, error) {
	out := make([]flight.Result, len(l.jumps))
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	for i := range l.jumps {
		fj := l.jumps[i]
		fj.E, fj.N = l.runPoint(l.offsets[i], shift)
		r, err := flight.Simulate(s.env.Flight, &fj, flight.Options{Record: rec})
		if err != nil && !errors.Is(err, flight.ErrImpact) {
			return nil, fmt.Errorf("jumper %s: %w", s.m.Jumpers[i].Name, err)
		}
		out[i] = r
	}
	return out, nil
}

// final flies the chosen layout and records trajectories.
func (s *solver) final(l *layout) ([]JumperPlan, [][]flight.Sample, error) {
	rs, err := s.fly(l, l.shift, TraceStep)
	if err != nil {
		return nil, nil, err
	}
	l.results = rs
	g := s.m.Target.Elevation
	var jp []JumperPlan
	var traces [][]flight.Sample
	for _, i := range l.order {
		j := &s.m.Jumpers[i]
		r := rs[i]
		e, n := l.exitPoint(i)
		lat, lon := s.latlon(e, n)
		llat, llon := s.latlon(r.Land.E, r.Land.N)
		ev := r.Events()
		for k := range ev {
			if ev[k].Name == "exit" {
				ev[k].Alt, ev[k].E, ev[k].N = s.zx, e, n
				ev[k].Speed = math.Hypot(l.ve, l.vn)
			}
		}
		jp = append(jp, JumperPlan{Name: j.Name, Role: j.Role, ExitOffsetS: l.offsets[i], Exit: LatLon{lat, lon}, ExitE: e, ExitN: n,
			FreefallS: r.Freefall, OpenAltAGLM: r.Deploy.Alt - g, CanopyOpenAGL: r.Open.Alt - g,
			MaxSpeedMps: r.MaxSpeed, MaxSpeedAltM: r.MaxSpeedAlt, MaxMach: r.MaxMach, CanopyS: r.Land.T - r.Open.T,
			Landing: LatLon{llat, llon}, LandingErrorM: math.Hypot(r.Land.E, r.Land.N), AADFire: r.AADFire,
			CanopyBackward: r.CanopyBackward, Impact: r.Impact, CdAM2: l.jumps[i].Drag.CdA, Events: ev, Result: r})
		traces = append(traces, r.Trace)
		fj := l.jumps[i]
		fj.E, fj.N = e, n
		s.jumps = append(s.jumps, fj)
	}
	return jp, traces, nil
}

func (s *solver) latlon(e, n float64) (float64, float64) {
	lat, lon, _ := s.env.Frame.ToGeodetic(e, n, 0)
	return lat, lon
}

func (s *solver) releasePoint(l *layout) ReleasePoint {
	e, n := l.exitPoint(l.order[0])
	lat, lon := s.latlon(e, n)
	d, b := s.env.Frame.DistanceBearing(lat, lon)
	return ReleasePoint{Lat: lat, Lon: lon, EM: e, NM: n, AltM: s.zx, DistanceM: d, BearingFromTarget: b, Iterations: l.iterations,
		Method: "numerical: each jumper flown by the simulator through the forecast winds with a hands-off canopy (half brakes into the wind [USPA-BRAKED]); exit moved until it is over the target at the canopy safety factor [ATP3-18.11] (a canopy opening at or below it: opening over the target; a round or fixed-heading canopy: landing on the target)"}
}

func (s *solver) jumpRun(l *layout, auto bool) JumpRun {
	u, v := s.env.Wind.At(s.zx)
	from, spd := wind.FromUV(u, v)
	tr := math.Mod(math.Atan2(l.ue, l.un)*180/math.Pi+360, 360)
	jr := JumpRun{HeadingDeg: l.heading, HeadingAuto: auto, TrackDeg: tr, TASMps: l.tas, GroundSpeedMps: l.gs, WindExitFrom: from, WindExitMps: spd}
	for _, pt := range s.runLine(l) {
		lat, lon := s.latlon(pt[0], pt[1])
		jr.Line = append(jr.Line, LatLon{lat, lon})
		jr.LineENU = append(jr.LineENU, pt)
	}
	return jr
}

// RunOut is how long the aircraft flies straight after the last exit, s (it flies
// the door-open time before the first); the turn-away margin applies beyond both.
const RunOut = 30.0

// runLine is the aircraft's straight path: run-in start (door open), release point,
// last exit, and the point where it turns away.
func (s *solver) runLine(l *layout) [][2]float64 {
	last := 0.0
	for _, o := range l.offsets {
		last = math.Max(last, o)
	}
	pt := func(t float64) [2]float64 {
		e, n := l.runPoint(t, l.shift)
		return [2]float64{e, n}
	}
	return [][2]float64{pt(-s.m.Schedule.DoorOpen), pt(0), pt(last), pt(last + RunOut)}
}

// greenLight finds the stretch of the run along which the whole stick, exiting
// with the planned intervals, still lands inside the target circle (steered),
// narrowed at both ends by the mission's dispersion margin.
func (s *solver) greenLight(l *layout) GreenLight {
	if s.m.Aircraft.Hover {
		return s.hoverPoint(l)
	}
	inside := func(shift float64) bool {
		rs, err := s.fly(l, l.shift+shift, 0)
		if err != nil {
			return false
		}
		for _, r := range rs {
			if math.Hypot(r.Land.E, r.Land.N) > s.m.Target.Radius {
				return false
			}
		}
		return true
	}
	edge := func(dir float64) float64 {
		if !inside(0) {
			return 0
		}
		lo, hi := 0.0, 500.0
		for inside(dir*hi) && hi < 64000 {
			lo, hi = hi, hi*2
		}
		for k := 0; k < 30 && hi-lo > 1; k++ {
			mid := (lo + hi) / 2
			if inside(dir * mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		return dir * lo
	}
	// the stick's dispersion margin narrows the window at both ends [ATP3-18.11]
	disp := s.m.Limits.CanopyDispersion
	g := GreenLight{ReachStartM: edge(-1), ReachEndM: edge(1), DispersionM: disp}
	g.StartM, g.EndM = g.ReachStartM+disp, g.ReachEndM-disp
	if g.EndM < g.StartM || !(g.ReachEndM > g.ReachStartM) {
		mid := (g.ReachStartM + g.ReachEndM) / 2
		g.StartM, g.EndM = mid, mid // closed: the margin is wider than the window
	}
	g.DurationS = (g.EndM - g.StartM) / l.gs
	pe, pn := l.exitPoint(l.order[0])
	g.Start.Lat, g.Start.Lon = s.latlon(pe+g.StartM*l.ue, pn+g.StartM*l.un)
	g.End.Lat, g.End.Lon = s.latlon(pe+g.EndM*l.ue, pn+g.EndM*l.un)
	return g
}

// centre moves a stick that does not all reach the target along its run so that
// its worst landing miss is smallest: the first jumper leaves at its own ideal
// exit point, so a long stick lands its last jumpers downwind of the target while
// the first ones could have left earlier and still reached it. A stick that all
// lands inside the target circle is left where it is. Golden-section search over
// shifts from one stick length before the release point to a quarter after it.
func (s *solver) centre(l *layout) error {
	if len(l.jumps) < 2 {
		return nil
	}
	worst := func(shift float64) (float64, error) {
		rs, err := s.fly(l, shift, 0)
		if err != nil {
			return 0, err
		}
		w := 0.0
		for _, r := range rs {
			w = math.Max(w, math.Hypot(r.Land.E, r.Land.N))
		}
		return w, nil
	}
	w0, err := worst(0)
	if err != nil || w0 <= s.m.Target.Radius {
		return err
	}
	span := 0.0
	for _, o := range l.offsets {
		span = math.Max(span, o*l.gs)
	}
	const phi = 0.6180339887498949
	a, b := -span, span/4
	c, d := b-phi*(b-a), a+phi*(b-a)
	fc, err := worst(c)
	if err != nil {
		return err
	}
	fd, err := worst(d)
	if err != nil {
		return err
	}
	for k := 0; k < 25 && b-a > 5; k++ {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - phi*(b-a)
			if fc, err = worst(c); err != nil {
				return err
			}
		} else {
			a, c, fc = c, d, fd
			d = a + phi*(b-a)
			if fd, err = worst(d); err != nil {
				return err
			}
		}
	}
	best, fb := c, fc
	if fd < fc {
		best, fb = d, fd
	}
	if fb < w0 {
		l.pe += best * l.ue
		l.pn += best * l.un
		s.asm = append(s.asm, fmt.Sprintf("the stick does not all reach the target from the first jumper's own release point (worst miss %.0f m): the release point moved %.0f m along the run to centre it (worst miss %.0f m)", w0, best, fb))
	}
	return nil
}

// hoverPoint is a hover exit's "green light": the hover point itself, held for
// as long as the stick takes to leave; it is open when the whole stick, leaving
// from it, lands inside the target circle.
func (s *solver) hoverPoint(l *layout) GreenLight {
	pe, pn := l.exitPoint(l.order[0])
	g := GreenLight{Hover: true}
	g.Start.Lat, g.Start.Lon = s.latlon(pe, pn)
	g.End = g.Start
	rs, err := s.fly(l, l.shift, 0)
	if err != nil {
		return g
	}
	for _, r := range rs {
		if math.Hypot(r.Land.E, r.Land.N) > s.m.Target.Radius {
			return g
		}
	}
	for _, o := range l.offsets {
		g.DurationS = math.Max(g.DurationS, o)
	}
	g.DurationS = math.Max(g.DurationS, 1) // at least the first exit
	return g
}
