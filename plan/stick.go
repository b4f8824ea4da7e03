package plan

import (
	"math"

	"halo/flight"
)

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
