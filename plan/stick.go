package plan

import (
	"math"

	"halo/flight"
	"halo/units"
	"halo/wind"
)

// Hand-method constants (REFERENCE.md D.2, ATP 3-18.11 as implemented in MFFJM).
const (
	HandK          = 3.0 // free-fall drift D = K·A·V (m; A in 1000 ft; V in kt)
	ThrowFast      = 300.0
	ThrowSlow      = 150.0
	ThrowThreshold = 120 * units.Knot
)

// meanWind is the vector mean of the wind sampled every 1,000 ft from lo to hi (m
// MSL), as a jumpmaster averages the reported levels.
func meanWind(p *wind.Profile, lo, hi float64) (u, v float64) { return p.Mean(lo, hi, 1000*units.Foot) }

func (s *solver) handMethod(l *layout, rp ReleasePoint) HandMethod {
	m := s.m
	lead := &m.Jumpers[l.order[0]]
	g := m.Target.Elevation
	open := lead.OpenAt
	if math.IsNaN(open) {
		open = l.plannedOpenAGL(s, l.order[0])
	}
	uf, vf := meanWind(s.env.Wind, g+open, s.zx)
	wf := math.Hypot(uf, vf)
	a := (s.zx - g - open) / units.Foot / 1000
	dff := HandK * a * (wf / units.Knot)
	uc, vc := meanWind(s.env.Wind, g, g+open)
	wc := math.Hypot(uc, vc)
	tc := open / lead.Canopy.Sink
	dc := wc * tc
	throw := ThrowSlow
	switch {
	case s.m.Aircraft.Balloon:
		throw = 0 // leaves at rest in the air
	case l.tas > ThrowThreshold:
		throw = ThrowFast
	}
	e, n := 0.0, 0.0
	if wf > 0 {
		e -= dff * uf / wf
		n -= dff * vf / wf
	}
	if wc > 0 {
		e -= dc * uc / wc
		n -= dc * vc / wc
	}
	e -= throw * l.ue
	n -= throw * l.un
	lat, lon := s.latlon(e, n)
	return HandMethod{FreefallDriftM: dff, CanopyDriftM: dc, ForwardThrowM: throw, MeanWindFFKt: wf / units.Knot, MeanWindCanKt: wc / units.Knot,
		Lat: lat, Lon: lon, DifferenceM: math.Hypot(e-rp.EM, n-rp.NM),
		Formula: "free-fall drift D = 3·A·V (A: free-fall span in 1000 ft, V: mean wind in kt, D in m) downwind; canopy drift = mean canopy wind × opening height / sink; forward throw 300 m above 120 kt (150 m below) along the run",
		Source:  "ATP 3-18.11 via MFFJM (REFERENCE.md D.2); forward throw from HARP training slides [SP-HARP]"}
}

// plannedOpenAGL is the deployment height (m AGL) of a jumper who opens after a
// free-fall time, from one simulation.
func (l *layout) plannedOpenAGL(s *solver, i int) float64 {
	fj := l.jumps[i]
	r, err := flight.Simulate(s.env.Flight, &fj, flight.Options{})
	if err != nil {
		return 0
	}
	return r.Deploy.Alt - s.m.Target.Elevation
}

// stick reports exit order, intervals and pairwise separations over time.
func (s *solver) stick(l *layout, p *Plan) Stick {
	st := Stick{MinSepM: s.m.Limits.MinSeparation,
		Source: "USPA guidance: at least 1,000 ft (300 m) between solo jumpers, 1,500 ft between small groups; ground separation = ground speed × exit interval (REFERENCE.md G.2)"}
	for k, i := range l.order {
		st.Order = append(st.Order, s.m.Jumpers[i].Name)
		if k > 0 {
			st.IntervalsS = append(st.IntervalsS, l.offsets[i]-l.offsets[l.order[k-1]])
		}
	}
	for a := 0; a < len(p.Jumpers); a++ {
		for b := a + 1; b < len(p.Jumpers); b++ {
			sp := separation(p, a, b)
			if b > a+1 {
				// the series over time is kept for neighbours in the exit order (the
				// pairs that can meet); every pair keeps its summary and checks
				sp.Series = nil
			}
			st.Pairs = append(st.Pairs, sp)
		}
	}
	return st
}

// separation compares two planned jumpers on the common clock (seconds from the
// first exit), every TraceStep, from the later exit to the earlier landing:
//   - at each one's canopy opening, the distance to the other at that same moment
//     (AtOpen*: the opening with the smaller 3-D distance);
//   - the closest 3-D approach while one is still falling (free fall or deploying)
//     and the other hangs under an open canopy: a free-faller passing an open
//     canopy is the collision the stick plan must prevent.
func separation(p *Plan, a, b int) Separation {
	ja, jb := &p.Jumpers[a], &p.Jumpers[b]
	ta, tb := p.Traces[a], p.Traces[b]
	sep := Separation{A: ja.Name, B: jb.Name, MinHorizM: math.Inf(1), MinMixedM: math.Inf(1)}
	start := math.Max(ja.ExitOffsetS, jb.ExitOffsetS)
	end := math.Min(ja.ExitOffsetS+ja.Result.Land.T, jb.ExitOffsetS+jb.Result.Land.T)
	openA, openB := ja.ExitOffsetS+ja.Result.Open.T, jb.ExitOffsetS+jb.Result.Open.T
	at3 := math.Inf(1)
	for _, to := range []float64{openA, openB} {
		sa, oka := traceAt(ta, ja.ExitOffsetS, to)
		sb, okb := traceAt(tb, jb.ExitOffsetS, to)
		if !oka || !okb {
			continue
		}
		h, v := math.Hypot(sa.E-sb.E, sa.N-sb.N), math.Abs(sa.Z-sb.Z)
		if d := math.Hypot(h, v); d < at3 {
			at3, sep.AtOpenM, sep.AtOpenVertM = d, h, v
		}
	}
	if math.IsInf(at3, 1) { // one landed before the other opened: compare the opening points
		oa, ob := ja.Result.Open, jb.Result.Open
		sep.AtOpenM, sep.AtOpenVertM = math.Hypot(oa.E-ob.E, oa.N-ob.N), math.Abs(oa.Alt-ob.Alt)
	}
	for t := start; t <= end+1e-9; t += TraceStep {
		sa, oka := traceAt(ta, ja.ExitOffsetS, t)
		sb, okb := traceAt(tb, jb.ExitOffsetS, t)
		if !oka || !okb {
			break
		}
		h, v := math.Hypot(sa.E-sb.E, sa.N-sb.N), math.Abs(sa.Z-sb.Z)
		sep.Series = append(sep.Series, SepSample{T: t, HorizM: h, VertM: v})
		if t <= math.Max(openA, openB) {
			sep.MinHorizM = math.Min(sep.MinHorizM, h)
		}
		if (sa.Phase == flight.PhaseCanopy) != (sb.Phase == flight.PhaseCanopy) {
			sep.MinMixedM = math.Min(sep.MinMixedM, math.Hypot(h, v))
		}
	}
	if math.IsInf(sep.MinHorizM, 1) {
		sep.MinHorizM = sep.AtOpenM
	}
	return sep
}

// traceAt is a recorded jumper's position at clock time t (seconds from the first
// exit) for a jumper who exited at off, interpolated between samples (the phase
// of the sample before); false outside the trace.
func traceAt(tr []flight.Sample, off, t float64) (flight.Sample, bool) {
	x := (t - off) / TraceStep
	if x < 0 || len(tr) == 0 {
		return flight.Sample{}, false
	}
	i := int(x)
	if i >= len(tr)-1 {
		return tr[len(tr)-1], i == len(tr)-1 && x == float64(i)
	}
	f := x - float64(i)
	s0, s1 := tr[i], tr[i+1]
	return flight.Sample{T: t, E: s0.E + f*(s1.E-s0.E), N: s0.N + f*(s1.N-s0.N), Z: s0.Z + f*(s1.Z-s0.Z), Phase: s0.Phase}, true
}
