package plan

import (
	"fmt"
	"math"

	"halo/geo/magnetic"
	"halo/geo/mgrs"
	"halo/units"
)

// SlowDownBefore is how long before the initial point the pilot slows to the
// drop speed, s (a halo default: one minute; the crew's own procedure replaces it).
const SlowDownBefore = 60.0

// PilotBrief is what the aircraft flies: the run's points from the initial point
// (IP, where the run-in starts and the door opens) through the green light (the
// release point) to the red light (the last point from which the stick still
// reaches the target: the green-light window's trailing edge extended by the
// stick's length), the course, distances and times at the ground speed, and the
// escape heading after the red light.
type PilotBrief struct {
	SlowDown    LatLon  `json:"slow_down"`
	IP          LatLon  `json:"ip"`
	GreenLight  LatLon  `json:"green_light"`
	RedLight    LatLon  `json:"red_light"`
	CourseTrue  float64 `json:"course_true_deg"`
	HeadingTrue float64 `json:"heading_true_deg"`
	IPToGreenM  float64 `json:"ip_to_green_light_m"`
	IPToGreenS  float64 `json:"ip_to_green_light_s"`
	GreenToRedM float64 `json:"green_to_red_light_m"`
	GreenToRedS float64 `json:"green_to_red_light_s"`
	GroundSpeed float64 `json:"ground_speed_mps"`
	// DeclinationDeg is the magnetic declination at the target on the day (World
	// Magnetic Model 2025 [WMM2025], east positive); nil outside the model's
	// 2025.0-2030.0 or without a date. CourseMag and EscapeMag are then nil too.
	DeclinationDeg *float64 `json:"declination_deg,omitempty"`
	CourseMag      *float64 `json:"course_magnetic_deg,omitempty"`
	EscapeMag      *float64 `json:"escape_heading_magnetic_deg,omitempty"`
	MagneticNote   string   `json:"magnetic_note,omitempty"`
	EscapeTrue     float64  `json:"escape_heading_true_deg"`
	EscapeReason   string   `json:"escape_reason"`
	// ClosestAirspaceM is the run's closest approach to a forbidden area (nil:
	// none given); ClosestArea its name.
	ClosestAirspaceM *float64 `json:"closest_airspace_m,omitempty"`
	ClosestArea      string   `json:"closest_area,omitempty"`
	// MGRS holds the points' MGRS references (1 m) by name (slow_down, ip,
	// green_light, red_light, dip), for the crews who navigate by grid;
	// GridConvergenceDeg is the angle of grid north from true north at the DIP.
	MGRS               map[string]string `json:"mgrs"`
	GridConvergenceDeg float64           `json:"grid_convergence_deg"`
	Lines              []string          `json:"lines"`
}

// MGRSOf is the 1 m MGRS reference of a WGS84 position [NGA-MGRS] ("" when
// the position has none, which a plan's positions always have).
func MGRSOf(ll LatLon) string {
	s, err := mgrs.Format(ll.Lat, ll.Lon, 5)
	if err != nil {
		return ""
	}
	return s
}

// pilotBrief builds the pilot's brief from the chosen layout.
func (s *solver) pilotBrief(l *layout, p *Plan) PilotBrief {
	gs := math.Max(l.gs, 0)
	doorOpen := s.m.Schedule.DoorOpen
	last := 0.0
	for _, o := range l.offsets {
		last = math.Max(last, o)
	}
	red := math.Max(p.GreenLight.EndM, 0) + gs*last // trailing edge + stick length, m from the release point
	pt := func(d float64) LatLon {
		e, n := l.runPoint(0, l.shift+d)
		lat, lon := s.latlon(e, n)
		return LatLon{lat, lon}
	}
	b := PilotBrief{
		SlowDown: pt(-gs * (doorOpen + SlowDownBefore)), IP: pt(-gs * doorOpen), GreenLight: pt(0), RedLight: pt(red),
		CourseTrue: p.JumpRun.TrackDeg, HeadingTrue: p.JumpRun.HeadingDeg, GroundSpeed: gs,
		IPToGreenM: gs * doorOpen, IPToGreenS: doorOpen, GreenToRedM: red,
	}
	if gs > 0 {
		b.GreenToRedS = red / gs
	}
	// escape: a 90° turn away from the closest forbidden area, right by default
	b.EscapeTrue, b.EscapeReason = math.Mod(b.CourseTrue+90, 360), "90° right of the run (no forbidden airspace given)"
	if a := p.Airspace; a != nil {
		c := a.ClosestM
		b.ClosestAirspaceM, b.ClosestArea = &c, a.ClosestArea
		if s.leftIsAway(l, p) {
			b.EscapeTrue, b.EscapeReason = math.Mod(b.CourseTrue+270, 360), "90° left, away from "+a.ClosestArea
		} else {
			b.EscapeReason = "90° right, away from " + a.ClosestArea
		}
	}
	s.magnetic(&b, p)
	dip := LatLon{s.m.Target.Lat, s.m.Target.Lon}
	b.MGRS = map[string]string{"slow_down": MGRSOf(b.SlowDown), "ip": MGRSOf(b.IP), "green_light": MGRSOf(b.GreenLight),
		"red_light": MGRSOf(b.RedLight), "dip": MGRSOf(dip)}
	b.GridConvergenceDeg, _ = mgrs.GridConvergence(dip.Lat, dip.Lon)
	b.Lines = pilotLines(&b)
	return b
}

// magnetic adds the magnetic bearings from the World Magnetic Model 2025 at the
// target, at the exit time (or the planning time).
func (s *solver) magnetic(b *PilotBrief, p *Plan) {
	when := s.when(p)
	if when.IsZero() {
		b.MagneticNote = "magnetic bearings need a date: give schedule.takeoff"
		return
	}
	d, err := magnetic.Declination(s.m.Target.Lat, s.m.Target.Lon, s.m.Target.Elevation, magnetic.DecimalYear(when))
	if err != nil {
		b.MagneticNote = "magnetic bearings not available: " + err.Error()
		return
	}
	c, e := magnetic.Magnetic(b.CourseTrue, d), magnetic.Magnetic(b.EscapeTrue, d)
	b.DeclinationDeg, b.CourseMag, b.EscapeMag = &d, &c, &e
}

// leftIsAway reports whether a left turn at the red light leads away from the
// closest forbidden area (its nearest ring point lies to the right of the run).
func (s *solver) leftIsAway(l *layout, p *Plan) bool {
	best, side := math.Inf(1), 0.0
	ex, ey := l.runPoint(0, l.shift)
	for _, a := range s.env.Areas {
		for _, ring := range a.Rings() {
			for _, q := range ring {
				d := math.Hypot(q[0]-ex, q[1]-ey)
				if d < best {
					best = d
					side = l.ue*(q[1]-ey) - l.un*(q[0]-ex) // > 0: left of the run
				}
			}
		}
	}
	return side < 0
}

func pilotLines(b *PilotBrief) []string {
	nm := func(m float64) string { return fmt.Sprintf("%.1f NM (%.1f km)", m/units.NauticalMile, m/1000) }
	course, escape := fmt.Sprintf("%03.0f° true", b.CourseTrue), fmt.Sprintf("%03.0f° true", b.EscapeTrue)
	if b.CourseMag != nil {
		course += fmt.Sprintf(" / %03.0f° magnetic (declination %.1f° %s, WMM2025)", *b.CourseMag, math.Abs(*b.DeclinationDeg), map[bool]string{true: "E", false: "W"}[*b.DeclinationDeg >= 0])
		escape += fmt.Sprintf(" / %03.0f° magnetic", *b.EscapeMag)
	}
	out := []string{
		fmt.Sprintf("slow-down point %.5f, %.5f (MGRS %s): slow to drop speed %.0f s before the IP", b.SlowDown.Lat, b.SlowDown.Lon, b.MGRS["slow_down"], SlowDownBefore),
		fmt.Sprintf("IP %.5f, %.5f (MGRS %s): run-in course %s (grid %03.0f°; heading %03.0f° true), ground speed %.0f kt; door open", b.IP.Lat, b.IP.Lon, b.MGRS["ip"], course,
			math.Mod(b.CourseTrue-b.GridConvergenceDeg+360, 360), b.HeadingTrue, b.GroundSpeed/units.Knot),
		fmt.Sprintf("IP to green light: %s, %.0f s", nm(b.IPToGreenM), b.IPToGreenS),
		fmt.Sprintf("green light (release point) %.5f, %.5f (MGRS %s)", b.GreenLight.Lat, b.GreenLight.Lon, b.MGRS["green_light"]),
		fmt.Sprintf("red light %.5f, %.5f (MGRS %s): %s, %.0f s after the green light", b.RedLight.Lat, b.RedLight.Lon, b.MGRS["red_light"], nm(b.GreenToRedM), b.GreenToRedS),
		fmt.Sprintf("escape heading %s: %s", escape, b.EscapeReason),
	}
	if b.MagneticNote != "" {
		out = append(out, b.MagneticNote)
	}
	if b.ClosestAirspaceM != nil {
		out = append(out, fmt.Sprintf("closest approach to forbidden airspace: %s to %s", nm(*b.ClosestAirspaceM), b.ClosestArea))
	}
	return out
}
