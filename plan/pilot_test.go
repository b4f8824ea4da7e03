package plan

import (
	"math"
	"testing"

	"halo/mission"
)

// The pilot's brief follows the run: the IP is the door-open time before the
// green light at the ground speed, the red light lies beyond the green light by
// the window's trailing edge and the stick's length, the escape turns away from
// the closest forbidden area.
func TestPilotBrief(t *testing.T) {
	p := solveM(t, defaultMission(t))
	b := p.Pilot
	m := defaultMission(t)
	if d := b.IPToGreenM - p.JumpRun.GroundSpeedMps*m.Schedule.DoorOpen; math.Abs(d) > 1e-6 || b.IPToGreenS != m.Schedule.DoorOpen {
		t.Errorf("IP to green light %.1f m, %.1f s; want ground speed × door open", b.IPToGreenM, b.IPToGreenS)
	}
	last := 0.0
	for _, j := range p.Jumpers {
		last = math.Max(last, j.ExitOffsetS)
	}
	if want := math.Max(p.GreenLight.EndM, 0) + p.JumpRun.GroundSpeedMps*last; math.Abs(b.GreenToRedM-want) > 1e-6 {
		t.Errorf("green to red light %.1f m, want %.1f", b.GreenToRedM, want)
	}
	gl := p.ReleasePoint
	if math.Abs(b.GreenLight.Lat-gl.Lat) > 1e-9 || math.Abs(b.GreenLight.Lon-gl.Lon) > 1e-9 {
		t.Errorf("green light %v is not the release point %v", b.GreenLight, gl)
	}
	// WMM2025 at the fallout target on the day: 2.1° E (geo/magnetic's example
	// and NOAA's model); the magnetic course is the true course less it
	if b.DeclinationDeg == nil || math.Abs(*b.DeclinationDeg-2.1) > 0.05 || math.Abs(*b.CourseMag-math.Mod(b.CourseTrue-*b.DeclinationDeg+360, 360)) > 1e-9 {
		t.Errorf("declination %v, magnetic course %v on true %v", b.DeclinationDeg, b.CourseMag, b.CourseTrue)
	}
	// MGRS of the DIP at 24.1°N 54.6°E: UTM zone 40 (54-60°E), band R (24-32°N)
	if got := b.MGRS["dip"]; len(got) != 15 || got[:3] != "40R" {
		t.Errorf("DIP MGRS %q", got)
	}
	if b.ClosestAirspaceM != nil || len(b.Lines) < 6 {
		t.Errorf("no airspace: closest %v, %d lines", b.ClosestAirspaceM, len(b.Lines))
	}
	// an area to the right of the run (north of a westbound run: the run is
	// westbound into the shamal, so right is north): the escape turns left
	m2 := defaultMission(t)
	start := p.JumpRun.Line[0]
	d := 2500.0 / 111e3
	m2.Airspace = []mission.Airspace{{Name: "north", Points: [][2]float64{
		{start.Lat + d, start.Lon - 0.3}, {start.Lat + d, start.Lon + 0.1}, {start.Lat + 0.4, start.Lon + 0.1}, {start.Lat + 0.4, start.Lon - 0.3}}}}
	p2 := solveM(t, m2)
	if p2.Pilot.ClosestAirspaceM == nil || math.Abs(p2.Pilot.EscapeTrue-math.Mod(p2.Pilot.CourseTrue+270, 360)) > 1e-9 {
		t.Errorf("area north of a westbound run: escape %03.0f° on course %03.0f° (%s)", p2.Pilot.EscapeTrue, p2.Pilot.CourseTrue, p2.Pilot.EscapeReason)
	}
}
