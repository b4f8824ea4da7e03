package render

import (
	"errors"

	"halo/flight"
	"halo/plan"
)

// Point is one place of a plan's geometry in both of its coordinates: WGS84
// latitude and longitude (degrees) and metres east (E) and north (N) of the
// target in the plan's own frame (plan.Env.Frame).
type Point struct {
	Lat, Lon float64 // degrees
	E, N     float64 // m from the target
}

// PathPoint is one sample of a planned trajectory with its latitude and
// longitude (degrees); the sample's E and N are metres from the target, Z the
// altitude MSL, T seconds from the jumper's own exit.
type PathPoint struct {
	Lat, Lon float64
	flight.Sample
}

// PhaseStart marks where a flight phase starts in Path.Points.
type PhaseStart struct {
	Phase string
	Index int
}

// Path is one jumper's planned trajectory every plan.TraceStep seconds.
type Path struct {
	Name, Role  string
	ExitOffsetS float64 // the jumper's exit, s after the green light
	Points      []PathPoint
	Phases      []PhaseStart // the first point of each phase, in order
}

// Area is an airspace polygon as the plan checked it (edges densified):
// Rings[0] the outer boundary, the rest holes; open (no closing point).
type Area struct {
	Name  string
	Rings [][]Point
}

// Geometry is everything of a plan that is drawn on a map, each place in
// latitude/longitude and in metres from the target, both from the plan's own
// frame. Every picture and export of a plan (the page's JSON, the HTML map,
// CSV, GeoJSON, KML, FlySight, the debrief drawings) is drawn from it.
type Geometry struct {
	Target        Point   // the frame's origin (E = N = 0), as the mission gives it
	TargetElevM   float64 // m MSL
	TargetRadiusM float64
	ReleasePoint  Point
	ReleaseAltM   float64    // m MSL, the exit altitude
	JumpRun       []Point    // run-in start, release point, last exit, turn-away
	GreenLight    [2]Point   // start and end of the green-light stretch
	GreenLightS   float64    // its duration at the ground speed, s
	Exits         []Point    // each jumper's exit, plan order
	Landings      []Point    // each jumper's planned landing, plan order
	Paths         []Path     // each jumper's trajectory, plan order
	Airspace      []Area     // the mission's airspace
	TrackUnit     [2]float64 // the jump run's ground-track direction (east, north unit vector)
	// Canopy is the lead jumper's canopy plan (nil when the plan has none).
	Canopy *CanopyGeometry
}

// CanopyGeometry is what the canopy plan draws: the opening point, the reachable
// footprint from it (a closed-on-draw ring), the landing pattern's turn points
// (downwind entry, base turn, final turn, landing), the holding area (a circle),
// the cut-away finder and the alternate landing areas.
type CanopyGeometry struct {
	Opening     Point
	OpeningAGLM float64
	Footprint   []Point // ring, open (no closing point)
	Pattern     []Point // downwind entry, base turn, final turn, landing
	PatternAGLM []float64
	// Holding is the holding area's centre and radius (m); HoldingRadiusM 0: none.
	Holding        Point
	HoldingRadiusM float64
	// CutAway is the cut-away point; ReserveLanding where the reserve lands hands
	// off, ReserveFootprint what it can reach (ring); MainHandsOff where the open
	// main lands flown hands off.
	CutAway, ReserveLanding, MainHandsOff Point
	ReserveFootprint                      []Point
	// HasCutAway: the cut-away finder ran (the points above are set);
	// CutAwayAGLM is the cut-away's height above the target (m).
	HasCutAway  bool
	CutAwayAGLM float64
	Alternates  []Alternate
}

// Alternate is an alternate landing area and whether the canopy reaches it from
// the opening point, and under the reserve.
type Alternate struct {
	Name                        string
	At                          Point
	Reachable, ReachableReserve bool
}

// ErrNoFrame is returned for a plan that carries no frame (a plan read back from
// JSON rather than solved): its geometry cannot be drawn.
var ErrNoFrame = errors.New("render: the plan has no frame (not solved in this process): no geometry to draw")

// PlanGeometry builds p's geometry from p.Env.Frame, the frame the plan was
// solved in.
func PlanGeometry(p *plan.Plan) (*Geometry, error) {
	if p == nil || p.Env == nil {
		return nil, ErrNoFrame
	}
	f := p.Env.Frame
	at := func(e, n float64) Point {
		lat, lon, _ := f.ToGeodetic(e, n, 0)
		return Point{Lat: lat, Lon: lon, E: e, N: n}
	}
	rp, u, gl := p.ReleasePoint, p.TrackUnit, p.GreenLight
	g := &Geometry{
		// the target is the frame's origin, as the mission gives it
		Target: Point{Lat: p.Target.Lat, Lon: p.Target.Lon}, TargetElevM: p.Target.ElevationM, TargetRadiusM: p.Target.RadiusM,
		ReleasePoint: at(rp.EM, rp.NM), ReleaseAltM: rp.AltM, TrackUnit: u, GreenLightS: gl.DurationS,
		GreenLight: [2]Point{at(rp.EM+gl.StartM*u[0], rp.NM+gl.StartM*u[1]), at(rp.EM+gl.EndM*u[0], rp.NM+gl.EndM*u[1])},
	}
	for _, q := range p.JumpRun.LineENU {
		g.JumpRun = append(g.JumpRun, at(q[0], q[1]))
	}
	for i, j := range p.Jumpers {
		g.Exits = append(g.Exits, at(j.ExitE, j.ExitN))
		g.Landings = append(g.Landings, at(j.Result.Land.E, j.Result.Land.N))
		if i >= len(p.Traces) {
			continue
		}
		tr := p.Traces[i]
		path := Path{Name: j.Name, Role: j.Role, ExitOffsetS: j.ExitOffsetS, Points: make([]PathPoint, len(tr))}
		for k, s := range tr {
			q := at(s.E, s.N)
			path.Points[k] = PathPoint{Lat: q.Lat, Lon: q.Lon, Sample: s}
			if k == 0 || tr[k-1].Phase != s.Phase {
				path.Phases = append(path.Phases, PhaseStart{s.Phase.String(), k})
			}
		}
		g.Paths = append(g.Paths, path)
	}
	g.Canopy = canopyGeometry(p.Canopy, at)
	for _, a := range p.Env.Areas {
		ga := Area{Name: a.Name}
		for _, ring := range a.Rings() {
			r := make([]Point, len(ring))
			for k, q := range ring {
				r[k] = at(q[0], q[1])
			}
			ga.Rings = append(ga.Rings, r)
		}
		g.Airspace = append(g.Airspace, ga)
	}
	return g, nil
}

// canopyGeometry draws c with at (nil for no canopy plan).
func canopyGeometry(c *plan.CanopyPlan, at func(e, n float64) Point) *CanopyGeometry {
	if c == nil {
		return nil
	}
	pt := func(q plan.Place) Point { return at(q.E, q.N) }
	ring := func(qs []plan.Place) []Point {
		out := make([]Point, len(qs))
		for i, q := range qs {
			out[i] = pt(q)
		}
		return out
	}
	g := &CanopyGeometry{Opening: pt(c.Opening), OpeningAGLM: c.Opening.AGLM, Footprint: ring(c.Footprint)}
	if c.Pattern != nil {
		g.Pattern = ring(c.Pattern.Points)
		for _, q := range c.Pattern.Points {
			g.PatternAGLM = append(g.PatternAGLM, q.AGLM)
		}
	}
	if h := c.Holding; h != nil {
		g.Holding, g.HoldingRadiusM = pt(h.Centre), h.RadiusM
	}
	if x := c.Cutaway; x != nil {
		g.CutAway, g.ReserveLanding, g.MainHandsOff = pt(x.At), pt(x.ReserveHandsOff), pt(x.MainHandsOff)
		g.ReserveFootprint = ring(x.ReserveReach)
		g.HasCutAway, g.CutAwayAGLM = true, x.At.AGLM
	}
	for _, a := range c.Alternates {
		g.Alternates = append(g.Alternates, Alternate{Name: a.Name, At: pt(a.Place), Reachable: a.Reachable, ReachableReserve: a.ReachableUnderRes})
	}
	return g
}
