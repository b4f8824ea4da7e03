package plan

import (
	"math"

	"halo/flight"
	"halo/mission"
)

// Camera is the camera flyer's plan: the drag that matches the talent's fall, the
// footage time, and the break-off.
type Camera struct {
	Name             string      `json:"name"`
	Talent           string      `json:"talent"`
	PlannedCdAM2     float64     `json:"planned_cda_m2"`
	MatchedCdAM2     float64     `json:"matched_cda_m2"`
	CdAChange        float64     `json:"cda_change"`       // matched/planned - 1
	WeightToAddKg    float64     `json:"weight_to_add_kg"` // with the planned drag; negative: too heavy
	BandTopM         float64     `json:"band_top_m"`
	BandBottomM      float64     `json:"band_bottom_m"`
	WithinM          float64     `json:"within_m"`
	WithinS          float64     `json:"within_s"`
	WithinFrac       float64     `json:"within_fraction"`
	FilmableS        float64     `json:"filmable_s"` // exit to break-off
	BreakoffAGLM     float64     `json:"breakoff_agl_m"`
	BreakoffHeading  float64     `json:"breakoff_heading_deg"`
	BreakoffSource   string      `json:"breakoff_source"`
	SeparationAtOpen float64     `json:"separation_at_open_m"`
	Series           []SepSample `json:"series"`
}

// cameraPlan finds the camera flyer's matching drag area (the one whose fall from
// exit to break-off takes as long as the talent's) by bisection on the simulator,
// the weight that would do the same with the planned drag, and how long the
// planned pair stays within the filming distance.
func (s *solver) cameraPlan(l *layout, p *Plan) (*Camera, error) {
	m := s.m
	t, c := &m.Jumpers[s.talent], &m.Jumpers[s.camera]
	tj, cj := l.jumps[s.talent], l.jumps[s.camera]
	g := m.Target.Elevation
	band := tj.Track.AGL
	if band <= 0 {
		// no break-off: match down to the higher planned deployment (simulated
		// heights, so a timed opening works too)
		for _, jp := range p.Jumpers {
			if jp.Name == t.Name || jp.Name == c.Name {
				band = math.Max(band, jp.OpenAltAGLM)
			}
		}
	}
	fall := func(j flight.Jump) (float64, error) {
		j.Track = flight.Track{}
		j.OpenAGL, j.OpenAfter = band, 0
		j.AADAlt = 0
		r, err := flight.Simulate(s.env.Flight, &j, flight.Options{FreefallOnly: true})
		return r.Freefall, err
	}
	want, err := fall(tj)
	if err != nil {
		return nil, err
	}
	// matched CdA: fall time grows with CdA
	lo, hi := 0.05, 3.0
	for k := 0; k < 50; k++ {
		mid := (lo + hi) / 2
		j := cj
		j.Drag.CdA = mid
		tm, err := fall(j)
		if err != nil {
			return nil, err
		}
		if tm < want {
			lo = mid
		} else {
			hi = mid
		}
	}
	matched := (lo + hi) / 2
	// weight to add with the planned drag: fall time falls with mass
	mlo, mhi := mission.MinMass, mission.MaxMass // the masses the simulator accepts (mission.Ranges)
	for k := 0; k < 50; k++ {
		mid := (mlo + mhi) / 2
		j := cj
		j.Mass = mid
		tm, err := fall(j)
		if err != nil {
			return nil, err
		}
		if tm > want {
			mlo = mid
		} else {
			mhi = mid
		}
	}
	cam := &Camera{Name: c.Name, Talent: t.Name, PlannedCdAM2: cj.Drag.CdA, MatchedCdAM2: matched, CdAChange: matched/cj.Drag.CdA - 1,
		WeightToAddKg: (mlo+mhi)/2 - c.Mass, BandTopM: s.zx, BandBottomM: g + band, WithinM: m.Limits.CameraWithin,
		BreakoffAGLM: tj.Track.AGL, BreakoffHeading: cj.Track.HeadingDeg,
		BreakoffSource: "break off 1,500 ft above the higher planned deployment (USPA, groups of five or fewer [USPA-SEP]); both track at right angles to the run, away from each other; track glide 0.7 and CdA 0.6 m² are typical values, not published ones"}
	// footage: the planned pair, side by side at exit
	var ti, ci int
	for k := range p.Jumpers {
		if p.Jumpers[k].Name == t.Name {
			ti = k
		}
		if p.Jumpers[k].Name == c.Name {
			ci = k
		}
	}
	sep := separation(p, ti, ci)
	cam.Series = sep.Series
	cam.SeparationAtOpen = sep.AtOpenM
	tb := p.Jumpers[ti].Result.Freefall
	if tj.Track.AGL > 0 {
		for _, e := range p.Jumpers[ti].Result.Trace {
			if e.Z <= g+tj.Track.AGL {
				tb = e.T
				break
			}
		}
	}
	cam.FilmableS = tb
	for _, x := range sep.Series {
		if x.T-p.Jumpers[ti].ExitOffsetS <= tb && math.Hypot(x.HorizM, x.VertM) <= cam.WithinM {
			cam.WithinS += TraceStep // one sample per TraceStep
		}
	}
	if tb > 0 {
		cam.WithinFrac = math.Min(1, cam.WithinS/tb)
	}
	return cam, nil
}
