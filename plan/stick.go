package plan

import (
	"fmt"
	"math"

	"halo/flight"
	"halo/mission"
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
	st.Slots = s.stickSlots(l)
	if k := len(l.order); k > 0 {
		st.RunLengthM = (l.offsets[l.order[k-1]] - l.offsets[l.order[0]]) * l.gs
	}
	st.Rules = stickRules(s.m)
	for a := 0; a < len(p.Jumpers); a++ {
		for b := a + 1; b < len(p.Jumpers); b++ {
			if sameGroup(s.m, p.Jumpers[a].Name, p.Jumpers[b].Name) {
				// a group leaves together and separates by its break-off track
				// (a rule of the stick), not by the exit interval
				continue
			}
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

// sameGroup reports whether jumpers a and b exit in the same group.
func sameGroup(m *mission.Mission, a, b string) bool {
	g := m.GroupOf(a)
	return g != nil && g == m.GroupOf(b)
}

// stickRules is the doctrine the stick follows, each rule with its primary source:
// USPA's for sport and stunt loads; for a military stick the rules halo has a
// source for, and the ones it has none for said so (brief them from the unit's SOP).
func stickRules(m *mission.Mission) []StickRule {
	if m.Type == "sport" || m.Type == "stunt" {
		return []StickRule{
			{"exit order on an into-wind run: slower fallers first — belly groups (the larger first), then freefly groups, trackers and wingsuits last", "USPA SIM [USPA-SEP]"},
			{"spacing over the ground: 1,000 ft between solo jumpers, 1,500 ft between groups; interval = separation ÷ ground speed (not airspeed)", "USPA SIM [USPA-SEP]"},
			{"a group exits together and separates by its break-off: groups of five or fewer break off at least 1,500 ft above the highest planned deployment (halo does not fly the break-off tracks: pairs within a group are not measured)", "USPA SIM [USPA-SEP]"},
		}
	}
	order := "exit order: each jumper where its own release point falls along the run (the planner's order)"
	interval := fmt.Sprintf("exit interval: the shortest that keeps limits.min_separation (%.0f m) between jumpers at opening and past open canopies, flown by the simulator", m.Limits.MinSeparation)
	if len(m.Groups) > 0 {
		order = "exit order: the jumpmaster's, as the mission lists the groups and then the jumpers in no group; a group (a team) exits together"
		interval = fmt.Sprintf("exit interval: limits.min_separation (%.0f m) over the ground between slots, ÷ the ground speed", m.Limits.MinSeparation)
	}
	return []StickRule{
		{order, "halo [halo-stick]: no published military exit-order rule in halo's sources"},
		{interval, "limits.min_separation, default 300 m (about 1,000 ft, [USPA-SEP]); no published military exit-interval rule in halo's sources [halo-stick]"},
		{"under canopy the lower jumper has the right of way; entanglement decision altitudes 2,000 and 1,000 ft AGL; cut-away decision altitude 2,500 ft AGL", "ATP 3-18.11 as implemented by [MFFJM]"},
		{"team exits, track-off, vertical stacking under canopy and the jumpmaster's position: not in halo's sources; brief them from the unit's SOP", "[halo-stick]"},
	}
}
