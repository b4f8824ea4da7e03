package plan

import (
	"errors"
	"fmt"
	"math"

	"halo/airspace"
	"halo/flight"
	"halo/units"
)

// The landing pattern's entry heights, USPA SIM's typical pattern: downwind leg
// from 1,000 ft, base from 600 ft, final from 300 ft AGL [USPA-SIM] (the final
// from the canopy's own final-approach height when the mission gives one).
const (
	PatternDownwind = 1000 * units.Foot
	PatternBase     = 600 * units.Foot
	PatternFinal    = 300 * units.Foot
)

// FootprintStep is the heading step of the reachable footprints, degrees.
const FootprintStep = 15.0

// ReserveDelay is the time from the cut-away to the reserve's deployment start,
// s: halo's figure (no published one; an RSL pulls the reserve within about a
// second of the cut-away, a manual pull takes longer).
const ReserveDelay = 2.0

// Place is a named point of the canopy plan: WGS84 degrees, metres east and north
// of the target (not in the JSON), height above the target.
type Place struct {
	Name string  `json:"name"`
	Lat  float64 `json:"lat"`
	Lon  float64 `json:"lon"`
	E    float64 `json:"-"`
	N    float64 `json:"-"`
	AGLM float64 `json:"agl_m"`
}

// CanopyPlan is the lead jumper's (the talent's, else the first's) canopy plan:
// the opening point as placed, the reachable footprint from it, the landing
// pattern at the target with its holding area, the cut-away finder and the
// alternate landing areas.
type CanopyPlan struct {
	Jumper string `json:"jumper"`
	// SafetyFactorM is the height the hands-off canopy is over the target at (m
	// AGL); OpensOverTarget: the canopy opens at or below it, so the opening
	// point is put over the target.
	SafetyFactorM   float64 `json:"safety_factor_m"`
	OpensOverTarget bool    `json:"opens_over_target"`
	// Opening is the planned canopy-open point; HandsOffDriftM how far it lies
	// from the target.
	Opening        Place   `json:"opening"`
	HandsOffDriftM float64 `json:"opening_from_target_m"`
	// Footprint is where the canopy can land from the opening (fixed headings
	// every FootprintStep degrees, each flown by the simulator with its final into
	// the wind); TargetMarginM how far inside it the target lies (negative:
	// outside).
	Footprint     []Place    `json:"footprint"`
	TargetMarginM float64    `json:"target_margin_m"`
	Pattern       *Pattern   `json:"pattern,omitempty"`
	Holding       *Holding   `json:"holding,omitempty"`
	Cutaway       *Cutaway   `json:"cutaway,omitempty"`
	Alternates    []Landable `json:"alternates,omitempty"`
	Notes         []string   `json:"notes,omitempty"`
	Source        string     `json:"source"`
}

// Pattern is the landing pattern at the target, wind corrected: a left-hand
// pattern (downwind, base, final) as USPA SIM teaches it, entered at its typical
// heights [USPA-SIM].
type Pattern struct {
	// Points: the downwind entry (1,000 ft), the base turn (600 ft), the final
	// turn (300 ft) and the landing (the target).
	Points []Place      `json:"points"`
	Legs   []PatternLeg `json:"legs"`
}

// PatternLeg is one leg of the landing pattern: the air heading flown (crabbed into
// the wind on base), the ground track, ground speed and length over the ground,
// and the mean wind of its height band.
type PatternLeg struct {
	Name           string  `json:"name"`
	HeadingDeg     float64 `json:"heading_deg"`
	TrackDeg       float64 `json:"track_deg"`
	GroundSpeedMps float64 `json:"ground_speed_mps"`
	LengthM        float64 `json:"length_m"`
	WindMps        float64 `json:"wind_mps"`
	TopAGLM        float64 `json:"top_agl_m"`
	BottomAGLM     float64 `json:"bottom_agl_m"`
}

// Holding is the holding area: a canopy anywhere inside it at the safety factor
// still reaches the pattern's downwind entry at 1,000 ft (the centre is the entry
// less the wind's drift over that descent, the radius the canopy's glide over it).
type Holding struct {
	Centre  Place   `json:"centre"`
	RadiusM float64 `json:"radius_m"`
	TopAGLM float64 `json:"top_agl_m"`
	BotAGLM float64 `json:"bottom_agl_m"`
}

// Cutaway is the cut-away finder: a jumper who cuts away at the planned opening
// height and point, and where they land under the reserve (hands off, and what the
// reserve can reach), and where the open main, flown hands off, lands instead.
type Cutaway struct {
	At              Place   `json:"at"`
	ReserveHandsOff Place   `json:"reserve_hands_off_landing"`
	ReserveReach    []Place `json:"reserve_footprint"`
	// ReserveTargetMarginM: how far inside the reserve's footprint the target is
	// (negative: the reserve cannot reach the target).
	ReserveTargetMarginM float64 `json:"reserve_target_margin_m"`
	MainHandsOff         Place   `json:"main_hands_off_landing"`
	Assumptions          string  `json:"assumptions"`
}

// Landable is an alternate landing area and whether the canopy reaches it from
// the opening point (inside the footprint by MarginM; negative: short of it) and
// under the reserve after a cut-away.
type Landable struct {
	Place
	DistanceM         float64 `json:"distance_from_target_m"`
	BearingDeg        float64 `json:"bearing_from_target_deg"`
	MarginM           float64 `json:"margin_m"`
	Reachable         bool    `json:"reachable"`
	ReserveMarginM    float64 `json:"reserve_margin_m"`
	ReachableUnderRes bool    `json:"reachable_under_reserve"`
}

// canopyPlan builds the lead jumper's canopy plan from the solved jumps.
func (s *solver) canopyPlan(p *Plan) *CanopyPlan {
	if len(p.Jumpers) == 0 || len(s.jumps) != len(p.Jumpers) {
		return nil
	}
	k := 0
	for i, j := range p.Jumpers {
		if j.Role == "talent" {
			k = i
			break
		}
	}
	jp, fj := p.Jumpers[k], s.jumps[k]
	g := s.m.Target.Elevation
	_, _, sf, over := s.openingFrame(fj)
	op := jp.Result.Open
	cp := &CanopyPlan{Jumper: jp.Name, SafetyFactorM: sf, OpensOverTarget: over,
		Opening: s.place("canopy open", op.E, op.N, op.Alt-g), HandsOffDriftM: math.Hypot(op.E, op.N),
		Source: "opening point: ATP 3-18.11 canopy safety factor [ATP3-18.11], hands off = half brakes into the wind [USPA-BRAKED]; pattern: USPA SIM [USPA-SIM]; footprints: the simulator, fixed headings every 15°"}
	if !(fj.Canopy.Airspeed > 0) || !math.IsNaN(fj.Canopy.HeadingDeg) {
		cp.Notes = append(cp.Notes, "the canopy has no airspeed or flies a fixed heading: no footprint, pattern or holding area")
		return cp
	}
	s.asm = append(s.asm,
		fmt.Sprintf("hands-off canopy: half brakes facing into the wind, %.0f %% of the airspeed at the same sink (the technique [USPA-BRAKED]; the figure is halo's, no published polar)", 100*flight.HandsOffAirspeed),
		fmt.Sprintf("steered canopy: height it does not need is lost in S-turns, a %.0f s cycle that stops %.0f s before the final approach (halo's figures)", flight.STurnPeriod, flight.STurnFade))
	ring := s.footprint(fj)
	cp.Footprint = s.places("footprint", ring)
	if len(ring) < 3 {
		cp.Notes = append(cp.Notes, fmt.Sprintf("the simulator flew only %d of the footprint's headings: no footprint, nothing counts as reachable", len(ring)))
	}
	cp.TargetMarginM = s.inside(ring, 0, 0)
	cp.Pattern = s.pattern(&fj.Canopy)
	if cp.Pattern != nil && sf > PatternDownwind {
		cp.Holding = s.holding(&fj.Canopy, cp.Pattern.Points[0], sf)
	}
	cp.Cutaway = s.cutaway(fj, jp.Result.Deploy)
	for _, a := range s.m.Alternates {
		e, n, _ := s.env.Frame.ToENU(a.Lat, a.Lon, g)
		d, b := s.env.Frame.DistanceBearing(a.Lat, a.Lon)
		l := Landable{Place: Place{Name: a.Name, Lat: a.Lat, Lon: a.Lon, E: e, N: n}, DistanceM: d, BearingDeg: b,
			MarginM: s.inside(ring, e, n)}
		l.Reachable = l.MarginM > 0
		if cp.Cutaway != nil {
			l.ReserveMarginM = s.inside(enu(cp.Cutaway.ReserveReach), e, n)
			l.ReachableUnderRes = l.ReserveMarginM > 0
		}
		cp.Alternates = append(cp.Alternates, l)
	}
	return cp
}

// footprint flies j (its exit and free fall as planned) with the canopy on fixed
// headings every FootprintStep degrees, the final into the wind, and returns the
// landing points in heading order (east, north m); a heading the simulator cannot
// fly is left out.
func (s *solver) footprint(j flight.Jump) [][2]float64 {
	var ring [][2]float64
	for h := 0.0; h < 360; h += FootprintStep {
		jj := j
		jj.Canopy.Drift, jj.Canopy.HeadingDeg = false, h
		r, err := flight.Simulate(s.env.Flight, &jj, flight.Options{})
		if err != nil {
			continue
		}
		ring = append(ring, [2]float64{r.Land.E, r.Land.N})
	}
	return ring
}

// inside is how far inside the polygon ring (east, north m) the point (e, n) is,
// m (negative: outside); a ring of fewer than 3 points (the simulator flew too few
// headings) holds nothing: 0, and the caller's note says so.
func (s *solver) inside(ring [][2]float64, e, n float64) float64 {
	if len(ring) < 3 {
		return 0
	}
	poly := airspace.Polygon{Name: "footprint"}
	for _, q := range ring {
		lat, lon := s.latlon(q[0], q[1])
		poly.Ring = append(poly.Ring, [2]float64{lon, lat})
	}
	a, err := airspace.Project(s.env.Frame, poly)
	if err != nil {
		return 0
	}
	return -a.SignedDistance(e, n)
}

func (s *solver) place(name string, e, n, agl float64) Place {
	lat, lon := s.latlon(e, n)
	return Place{Name: name, Lat: lat, Lon: lon, E: e, N: n, AGLM: agl}
}

func (s *solver) places(name string, ring [][2]float64) []Place {
	out := make([]Place, len(ring))
	for i, q := range ring {
		out[i] = s.place(name, q[0], q[1], 0)
	}
	return out
}

func enu(ps []Place) [][2]float64 {
	out := make([][2]float64, len(ps))
	for i, p := range ps {
		out[i] = [2]float64{p.E, p.N}
	}
	return out
}

// bandWind is the mean wind (east, north, m/s) a canopy sinking at sink meets from
// top to bottom (m AGL), weighted by the time in each layer, and that time, s.
func (s *solver) bandWind(sink, top, bottom float64) (u, v, t float64) {
	g := s.m.Target.Elevation
	t, de, dn := flight.Descent(s.env.Flight, sink, g+top, g+bottom)
	if t > 0 {
		u, v = de/t, dn/t
	}
	return u, v, t
}

// pattern lays the left-hand landing pattern at the target: final (from the
// canopy's final-approach height, USPA's 300 ft by default) into the mean wind of
// the final's band, base at right angles to it (crabbed to hold the track),
// downwind along it with the wind, each leg as long as the canopy flies over the
// ground in its height band [USPA-SIM].
func (s *solver) pattern(c *flight.Canopy) *Pattern {
	g := s.m.Target.Elevation
	type band struct {
		name        string
		top, bottom float64
	}
	// the final from the canopy's own final-approach height (the simulator's),
	// USPA's 300 ft when it has none below the base leg
	final := PatternFinal
	if c.Final > 0 && c.Final < PatternBase {
		final = c.Final
	}
	bands := []band{{"downwind", PatternDownwind, PatternBase}, {"base", PatternBase, final}, {"final", final, 0}}
	// the final faces into its band's mean wind; in calm air, north
	uf, vf, _ := s.bandWind(c.Sink, final, 0)
	fe, fn := 0.0, 1.0
	if w := math.Hypot(uf, vf); w > 1e-6 {
		fe, fn = -uf/w, -vf/w
	}
	be, bn := fn, -fe // base: to the right of the final, so both turns are left
	p := &Pattern{}
	legs := make([]PatternLeg, 3)
	for i, b := range bands {
		u, v, t := s.bandWind(c.Sink, b.top, b.bottom)
		va := c.Airspeed * s.env.Flight.Atm.Sigma(g+(b.top+b.bottom)/2)
		var te, tn, he, hn float64 // track and heading unit vectors
		switch b.name {
		case "final":
			te, tn, he, hn = fe, fn, fe, fn
		case "base":
			te, tn = be, bn
			// crab: the air velocity cancels the wind across the track (along
			// the final's direction), the rest of it flies along the track
			cross := math.Min(math.Max(-(u*fe+v*fn)/va, -1), 1)
			along := math.Sqrt(1 - cross*cross)
			he, hn = along*be+cross*fe, along*bn+cross*fn
		default:
			te, tn, he, hn = -fe, -fn, -fe, -fn
		}
		gs := va*(he*te+hn*tn) + u*te + v*tn
		legs[i] = PatternLeg{Name: b.name, HeadingDeg: bearing(he, hn), TrackDeg: bearing(te, tn), GroundSpeedMps: gs, LengthM: gs * t,
			WindMps: math.Hypot(u, v), TopAGLM: b.top, BottomAGLM: b.bottom}
	}
	// back from the landing: final entry, base entry, downwind entry
	fE, fN := -fe*legs[2].LengthM, -fn*legs[2].LengthM
	bE, bN := fE-be*legs[1].LengthM, fN-bn*legs[1].LengthM
	dE, dN := bE+fe*legs[0].LengthM, bN+fn*legs[0].LengthM
	p.Points = []Place{s.place("downwind entry", dE, dN, PatternDownwind), s.place("base turn", bE, bN, PatternBase),
		s.place("final turn", fE, fN, final), s.place("landing", 0, 0, 0)}
	p.Legs = legs
	return p
}

func bearing(e, n float64) float64 { return math.Mod(math.Atan2(e, n)*180/math.Pi+360, 360) }

// holding is the holding area above the pattern's downwind entry: from the safety
// factor sf down to the entry height.
func (s *solver) holding(c *flight.Canopy, entry Place, sf float64) *Holding {
	u, v, t := s.bandWind(c.Sink, sf, PatternDownwind)
	ce, cn := entry.E-u*t, entry.N-v*t
	return &Holding{Centre: s.place("holding", ce, cn, sf), RadiusM: c.Airspeed / c.Sink * (sf - PatternDownwind), TopAGLM: sf, BotAGLM: PatternDownwind}
}

// cutaway finds where a jumper who cuts away at the planned deployment (dep)
// lands under the reserve, and where the main lands flown hands off instead.
func (s *solver) cutaway(fj flight.Jump, dep flight.Event) *Cutaway {
	g := s.m.Target.Elevation
	c := &Cutaway{At: s.place("cut-away", dep.E, dep.N, dep.Alt-g),
		Assumptions: fmt.Sprintf("cut-away at the planned deployment point and height; reserve deployment starts %.0f s later (halo's figure), flies like the main (the mission gives no reserve figures); hands off = half brakes into the wind [USPA-BRAKED]", ReserveDelay)}
	// the open main, hands off to the ground
	main := fj
	main.Canopy.Drift, main.Canopy.Final = true, 0
	if r, err := flight.Simulate(s.env.Flight, &main, flight.Options{}); err == nil || errors.Is(err, flight.ErrImpact) {
		c.MainHandsOff = s.place("main hands off", r.Land.E, r.Land.N, 0)
	}
	// the reserve: from the cut-away point, at rest in the air
	res := fj
	var u, v float64
	if s.env.Flight.Wind != nil {
		u, v = s.env.Flight.Wind.At(dep.Alt)
	}
	res.E, res.N, res.Z, res.VE, res.VN, res.VU = dep.E, dep.N, dep.Alt, u, v, -fj.Canopy.Sink
	res.OpenAGL, res.OpenAfter, res.Track, res.AADAlt = 0, ReserveDelay, flight.Track{}, 0
	res.Canopy.DeployLoss = 0
	ho := res
	ho.Canopy.Drift, ho.Canopy.Final = true, 0
	if r, err := flight.Simulate(s.env.Flight, &ho, flight.Options{}); err == nil {
		c.ReserveHandsOff = s.place("reserve hands off", r.Land.E, r.Land.N, 0)
	}
	ring := s.footprint(res)
	c.ReserveReach = s.places("reserve footprint", ring)
	c.ReserveTargetMarginM = s.inside(ring, 0, 0)
	return c
}
