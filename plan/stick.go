package plan

import (
	"math"

	"halo/flight"
	"halo/units"
	"halo/wind"
)

// Hand-method constants (ATP 3-18.11 [ATP3-18.11] as implemented in [MFFJM]).
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
		Source:  "ATP 3-18.11 [ATP3-18.11] via [MFFJM]; forward throw from HARP training slides [SP-HARP]"}
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
		Source: "USPA guidance: at least 1,000 ft (300 m) between solo jumpers, 1,500 ft between small groups; ground separation = ground speed × exit interval [USPA-SEP]"}
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

// separation compares two planned jumpers on the common clock (Apart), from
// their recorded traces; MinHorizM is the closest horizontal distance until both
// canopies are open.
func separation(p *Plan, a, b int) Separation {
	la, lb := planLeg(p, a), planLeg(p, b)
	sep := Separation{A: p.Jumpers[a].Name, B: p.Jumpers[b].Name, MinHorizM: math.Inf(1)}
	_, sep.AtOpenM, sep.AtOpenVertM, sep.MinMixedM, sep.Series = Apart(&la, &lb, true)
	both := math.Max(la.Offset+la.OpenT, lb.Offset+lb.OpenT)
	for _, x := range sep.Series {
		if x.T <= both {
			sep.MinHorizM = math.Min(sep.MinHorizM, x.HorizM)
		}
	}
	if math.IsInf(sep.MinHorizM, 1) {
		sep.MinHorizM = sep.AtOpenM
	}
	return sep
}

// planLeg is planned jumper i on the common clock.
func planLeg(p *Plan, i int) Leg {
	j := &p.Jumpers[i]
	return Leg{Trace: p.Traces[i], Step: TraceStep, Offset: j.ExitOffsetS, OpenT: j.Result.Open.T, LandT: j.Result.Land.T}
}
