package plan

import (
	"math"
	"strings"
	"testing"

	"halo/mission"
)

const balloonYAML = `name: b
target: {lat: 33.39, lon: -104.52, elevation: 1100 m, radius: 500 m}
aircraft: {altitude: 39000 m, balloon: true, ascent_rate: 1000 ft/min, cabin: pressurized capsule at 16000 ft}
winds:
  layers:
    - {altitude: 0 ft, from: 270 deg, speed: 10 m/s}
    - {altitude: 40000 m, from: 270 deg, speed: 10 m/s}
jumpers:
  - {name: j1, mass: 118 kg, drag: belly, open_at: 5000 ft, canopy: {type: ram-air, airspeed: 11 m/s, sink: 5 m/s, deploy_time: 3 s}}
oxygen: {prebreathe: 2 h, prebreathe_at: ground, time_at_altitude: 15 min, bottle: {volume: 2 L, pressure: 2000 psi}}
`

// Issue 18: a balloon's ascent drifts with the wind. In a uniform 10 m/s wind
// from the west, an ascent of (39,000 − 1,100) m at 1,000 ft/min (7,461 s) and
// 15 min at the exit altitude drift 10 × 8,361 s = 83.6 km east: the launch point
// lies that far west of the release point. There is no jump run.
func TestBalloonAscentDrift(t *testing.T) {
	m, err := mission.Decode("b.yaml", []byte(balloonYAML))
	if err != nil {
		t.Fatal(err)
	}
	p := solveM(t, m)
	b := p.Balloon
	if b == nil {
		t.Fatal("no balloon ascent in the plan")
	}
	want := 10 * ((39000-1100)/(1000*0.3048/60) + 900)
	if math.Abs(b.DriftM-want) > 1 || math.Abs(b.DriftBearingDeg-90) > 0.01 || !(b.Launch.Lon < p.ReleasePoint.Lon) {
		t.Errorf("drift %.0f m on %.1f°, launch %v, release %v; want %.0f m on 090°", b.DriftM, b.DriftBearingDeg, b.Launch, p.ReleasePoint, want)
	}
	if m.Aircraft.CabinAlt != 16000*0.3048 {
		t.Errorf("capsule cabin %v m", m.Aircraft.CabinAlt)
	}
	for _, e := range p.Timeline {
		if strings.Contains(e.Event, "takeoff") {
			t.Errorf("a balloon timeline says %q", e.Event)
		}
	}
}

// An aircraft has no balloon ascent.
func TestNoBalloonForAnAircraft(t *testing.T) {
	if p := solveM(t, defaultMission(t)); p.Balloon != nil {
		t.Errorf("balloon ascent for an aircraft: %+v", p.Balloon)
	}
}
