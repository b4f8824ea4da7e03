package plan

import (
	"fmt"
	"math"

	"halo/airspace"
	"halo/flight"
	"halo/units"
)

// Airspace is the aircraft's stand-off from forbidden areas and the jumpers'
// exposure when they cross them.
type Airspace struct {
	Areas            []string   `json:"areas"`
	ClosestM         float64    `json:"closest_approach_m"`
	ClosestArea      string     `json:"closest_area"`
	ClosestAt        LatLon     `json:"closest_at"`
	MarginM          float64    `json:"margin_m"`
	Clear            bool       `json:"clear"`
	HeadingChangeDeg float64    `json:"heading_change_deg"`
	ShiftM           float64    `json:"shift_along_run_m"`
	Note             string     `json:"note"`
	Crossings        []Exposure `json:"crossings,omitempty"`
}

// Exposure is a jumper crossing a forbidden area's boundary.
type Exposure struct {
	Jumper   string  `json:"jumper"`
	Area     string  `json:"area"`
	Phase    string  `json:"phase"`
	AltM     float64 `json:"alt_m"`
	AGLM     float64 `json:"agl_m"`
	TS       float64 `json:"t_s"`
	CanopyS  float64 `json:"canopy_s"` // seconds under open canopy on the whole descent
	Entering bool    `json:"entering"`
}

// clearance returns the closest approach of the layout's aircraft path to any area.
func (s *solver) clearance(l *layout) (airspace.Approach, string) {
	path := s.runLine(l)
	best := airspace.Approach{Distance: math.Inf(1)}
	name := ""
	for _, a := range s.env.Areas {
		ap := a.ClosestApproach(path)
		if ap.Distance < best.Distance {
			best, name = ap, a.Name
		}
	}
	return best, name
}

// clearAirspace keeps the aircraft's run (door open to turn-away) at least the
// turn-away margin outside every area: first by moving the release along the
// green-light window, then by turning the run in 15° steps either side.
func (s *solver) clearAirspace(l0 *layout) (*layout, *Airspace, error) {
	margin := s.m.Limits.TurnMargin
	a := &Airspace{MarginM: margin}
	for _, ar := range s.env.Areas {
		a.Areas = append(a.Areas, ar.Name)
	}
	try := func(l *layout) bool {
		ap, _ := s.clearance(l)
		if ap.Distance >= margin {
			return true
		}
		g := s.greenLight(l)
		for k := 1; k <= 20; k++ {
			for _, sh := range []float64{g.EndM * float64(k) / 20, g.StartM * float64(k) / 20} {
				l.shift = sh
				if ap, _ := s.clearance(l); ap.Distance >= margin {
					return true
				}
			}
		}
		l.shift = 0
		return false
	}
	chosen := l0
	found := try(l0)
	if err := s.ctx.Err(); err != nil {
		return nil, nil, err
	}
	for k := 1; !found && k <= 12; k++ {
		for _, sgn := range []float64{1, -1} {
			if err := s.ctx.Err(); err != nil {
				return nil, nil, err
			}
			l, err := s.layout(math.Mod(l0.heading+sgn*15*float64(k)+360, 360))
			if err != nil {
				continue
			}
			if try(l) {
				chosen, found = l, true
				a.HeadingChangeDeg = sgn * 15 * float64(k)
				break
			}
		}
	}
	ap, name := s.clearance(chosen)
	a.ClosestM, a.ClosestArea, a.Clear, a.ShiftM = ap.Distance, name, found, chosen.shift
	a.ClosestAt.Lat, a.ClosestAt.Lon = s.latlon(ap.At[0], ap.At[1])
	switch {
	case !found:
		a.Note = "no heading or release shift keeps the run outside the margin while the stick still reaches the target"
	case a.HeadingChangeDeg != 0 || a.ShiftM != 0:
		a.Note = "jump run moved to keep the aircraft outside the margin"
	default:
		a.Note = "the planned run stays outside the margin"
	}
	return chosen, a, nil
}

// exposure finds where each jumper's planned path crosses an area boundary.
func (s *solver) exposure(a *Airspace, p *Plan) {
	for k, tr := range p.Traces {
		a.Crossings = append(a.Crossings, s.crossings(p.Jumpers[k].Name, tr, p.Jumpers[k].CanopyS)...)
	}
}

// crossings lists where a recorded trajectory crosses a forbidden area's boundary,
// with the phase, altitude and time of each crossing.
func (s *solver) crossings(jumper string, tr []flight.Sample, canopyS float64) []Exposure {
	g := s.m.Target.Elevation
	pts := make([][2]float64, len(tr))
	for i, x := range tr {
		pts[i] = [2]float64{x.E, x.N}
	}
	var out []Exposure
	for _, ar := range s.env.Areas {
		for _, c := range ar.Crossings(pts) {
			if c.Seg+1 >= len(tr) {
				continue
			}
			s0, s1 := tr[c.Seg], tr[c.Seg+1]
			z := s0.Z + c.T*(s1.Z-s0.Z)
			out = append(out, Exposure{Jumper: jumper, Area: ar.Name, Phase: s0.Phase.String(), AltM: z, AGLM: z - g,
				TS: s0.T + c.T*(s1.T-s0.T), CanopyS: canopyS, Entering: c.Entering})
		}
	}
	return out
}

// HAHO compares the HALO plan with a high opening: the farthest stand-off from
// which the talent (or first jumper) still reaches the target under canopy.
type HAHO struct {
	OpenAGLM float64 `json:"open_agl_m"`
	// SafetyFactorM is the height (m AGL) the canopy must still have over the
	// target from the farthest stand-off (limits.canopy_safety_factor, ATP 3-18.11).
	SafetyFactorM float64    `json:"safety_factor_m"`
	StandoffM     float64    `json:"max_standoff_m"`
	BearingDeg    float64    `json:"standoff_bearing_from_target_deg"`
	Exit          LatLon     `json:"exit"`
	CanopyS       float64    `json:"canopy_s"`
	HALOStandoff  float64    `json:"halo_standoff_m"`
	HALOCanopyS   float64    `json:"halo_canopy_s"`
	Crossings     []Exposure `json:"crossings,omitempty"`
	Method        string     `json:"method"`
	// Hand is the doctrinal HAHO HARP (ATP 3-18.11) for this opening; its
	// DifferenceM is its distance from the simulator's farthest stand-off exit.
	Hand *HandMethod `json:"hand_method,omitempty"`
}

func (s *solver) haho(l *layout) (*HAHO, error) {
	m := s.m
	i := l.order[0]
	if s.talent >= 0 {
		i = s.talent
	}
	g := m.Target.Elevation
	base := l.jumps[i]
	base.Track = flight.Track{}
	open := m.HAHO.OpenAt
	if math.IsNaN(open) {
		open = s.zx - g - 300
		s.asm = append(s.asm, "haho.open_at not given: 300 m below the exit")
	}
	base.OpenAGL, base.OpenAfter = open, 0
	// the canopy must be over the target with the safety factor to spare
	// (ATP 3-18.11 [ATP3-18.11]): flown in the solver's frame whose ground is
	// raised by it, steered (not hands off) to the target
	env, sfJump, sf, _ := s.openingFrame(base)
	sfJump.Canopy.Drift = base.Canopy.Drift
	h := &HAHO{OpenAGLM: open, SafetyFactorM: sf, Method: fmt.Sprintf("along bearings every 15° from the target, exits every 1 km out to 150 km flown by the simulator with the canopy steered to the target, the farthest whose canopy is over the target (inside its radius) with the %.0f ft safety factor to spare [ATP3-18.11], refined by bisection to 5 m", sf/units.Foot)}
	at := func(j flight.Jump, b, d float64) flight.Jump {
		sb, cb := math.Sincos(b * math.Pi / 180)
		j.E, j.N = d*sb, d*cb
		return j
	}
	reach := func(b, d float64) bool {
		if s.ctx.Err() != nil {
			return false
		}
		j := at(sfJump, b, d)
		r, err := flight.Simulate(env, &j, flight.Options{})
		return err == nil && math.Hypot(r.Land.E, r.Land.N) <= m.Target.Radius
	}
	const step, far = 1000.0, 150e3
	for b := 0.0; b < 360; b += 15 {
		// scan outward for the farthest reachable exit, then refine by bisection
		last := -1.0
		for d := 0.0; d <= far; d += step {
			if reach(b, d) {
				last = d
			} else if last >= 0 && d-last > 10*step {
				break
			}
		}
		if last < 0 {
			continue
		}
		lo, hi := last, last+step
		for k := 0; k < 20 && hi-lo > 5; k++ {
			mid := (lo + hi) / 2
			if reach(b, mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		if lo > h.StandoffM {
			h.StandoffM, h.BearingDeg = lo, b
		}
	}
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	// the canopy time of the whole descent, flown to the ground
	jr := at(base, h.BearingDeg, h.StandoffM)
	r, _ := flight.Simulate(s.env.Flight, &jr, flight.Options{})
	sb, cb := math.Sincos(h.BearingDeg * math.Pi / 180)
	h.Exit.Lat, h.Exit.Lon = s.latlon(h.StandoffM*sb, h.StandoffM*cb)
	h.CanopyS = r.Land.T - r.Open.T
	hand := s.handMethodAt(l, ReleasePoint{EM: h.StandoffM * sb, NM: h.StandoffM * cb}, open)
	h.Hand = &hand
	if len(l.results) > i {
		e, n := l.exitPoint(i)
		h.HALOStandoff = math.Hypot(e, n)
		h.HALOCanopyS = l.results[i].Land.T - l.results[i].Open.T
	}
	if len(s.env.Areas) > 0 {
		j := jr
		rr, err := flight.Simulate(s.env.Flight, &j, flight.Options{Record: TraceStep})
		if err == nil {
			h.Crossings = s.crossings(m.Jumpers[i].Name, rr.Trace, h.CanopyS)
		}
	}
	return h, nil
}
