package plan

import (
	"math"
	"strings"
	"testing"
	"time"

	"halo/check"
	"halo/mission"
	"halo/units"
)

// borderTurnMission is the default mission with a border 300 m south of the planned
// run-in's start: the airspace solver turns the run (TestBorderAvoided).
func borderTurnMission(t *testing.T) *mission.Mission {
	t.Helper()
	base := solveM(t, defaultMission(t))
	start := base.JumpRun.Line[0]
	m := defaultMission(t)
	d := 300.0 / 111e3
	m.Airspace = []mission.Airspace{{Name: "border", Points: [][2]float64{
		{start.Lat - d, start.Lon - 0.02}, {start.Lat - d, start.Lon + 0.2}, {start.Lat - 0.5, start.Lon + 0.2}, {start.Lat - 0.5, start.Lon - 0.02}}}}
	return m
}

// The jump run's label says what set its heading: into the wind when that is what
// was flown, and the airspace turn when the airspace solver turned it.
func TestJumpRunHeadingBasis(t *testing.T) {
	p := solveM(t, defaultMission(t))
	if !strings.Contains(p.JumpRun.HeadingBasis, "into the wind") {
		t.Errorf("auto heading, no airspace: basis %q, want into the wind", p.JumpRun.HeadingBasis)
	}
	p = solveM(t, borderTurnMission(t))
	if p.Airspace == nil || p.Airspace.HeadingChangeDeg == 0 {
		t.Fatalf("the border did not turn the run: %+v", p.Airspace)
	}
	b := p.JumpRun.HeadingBasis
	if !strings.Contains(b, "turned") || !strings.Contains(b, "airspace") {
		t.Errorf("run turned %+.0f° by the airspace solver, basis %q does not say so", p.Airspace.HeadingChangeDeg, b)
	}
	m := defaultMission(t)
	m.Aircraft.HeadingAuto, m.Aircraft.HeadingDeg = false, 123
	if b := solveM(t, m).JumpRun.HeadingBasis; strings.Contains(b, "auto") || !strings.Contains(b, "given") {
		t.Errorf("given heading: basis %q", b)
	}
}

// highDZ is the default mission moved to a drop zone at 2,500 m with the take-off
// field at takeoff (m MSL).
func highDZ(t *testing.T, takeoff float64) *mission.Mission {
	t.Helper()
	m := defaultMission(t)
	m.Target.Elevation = 2500
	m.Aircraft.TakeoffElevation = takeoff
	for i := range m.Winds.Layers {
		m.Winds.Layers[i].Alt += 2500 // the same winds above the higher ground
	}
	return m
}

// The AAD measures its activation altitude from where it was switched on. Armed at
// a field 1,000 m below a 2,500 m drop zone it would fire about 770 m below the
// drop zone's ground (never): NO-GO. Armed at a field 450 m above it fires above
// the planned opening (2,000 ft AGL): NO-GO. Armed at the drop zone, or at the field with the
// altitude offset set: GO. The Monte Carlo flies the same firing altitude (the
// plan's simulator inputs, from JumpFor).
func TestAADReferenceRule(t *testing.T) {
	aad := mission.DefaultAADAlt
	cases := []struct {
		name     string
		m        func() *mission.Mission
		fireAGL  float64 // m above the landing ground
		want     check.Status
		verdict  string
		contains string
	}{
		{"field 1,000 m below, armed at the field", func() *mission.Mission { return highDZ(t, 1500) }, aad - 1000, check.NoGo, "NO-GO", "below the landing ground"},
		{"field 450 m above, armed at the field", func() *mission.Mission {
			m := highDZ(t, 2950)
			m.Jumpers[0].OpenAt = 2000 * units.Foot
			m.Jumpers[1].OpenAt = m.Jumpers[0].OpenAt // both open at 2,000 ft
			return m
		}, aad + 450, check.NoGo, "NO-GO", "above the planned opening"},
		{"field 1,000 m below, armed at the target", func() *mission.Mission {
			m := highDZ(t, 1500)
			m.AAD = mission.AADRef{ArmedAt: "target", Offset: math.NaN()}
			return m
		}, aad, check.Go, "GO", ""},
		{"field 1,000 m below, offset set", func() *mission.Mission {
			m := highDZ(t, 1500)
			m.AAD = mission.AADRef{ArmedAt: "takeoff", Offset: 1000}
			return m
		}, aad, check.Go, "GO", ""},
		{"same elevation (default mission)", func() *mission.Mission { return defaultMission(t) }, aad, check.Go, "GO", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := solveM(t, c.m())
			for k, jp := range p.Jumpers {
				ck, ok := checkNamed(p, jp.Name+": AAD firing altitude")
				if !ok {
					t.Fatalf("no AAD firing altitude check for %s", jp.Name)
				}
				if ck.Status != c.want || ck.Pass == "" {
					t.Errorf("%s: %s (%s; limit %s), want %s with numbers", jp.Name, ck.Status, ck.Value, ck.Limit, c.want)
				}
				if !strings.Contains(ck.Detail+ck.Value, c.contains) {
					t.Errorf("%s: %q does not say %q", jp.Name, ck.Detail, c.contains)
				}
				if math.Abs(p.Jumps[k].AADAlt-c.fireAGL) > 1e-6 {
					t.Errorf("%s: the simulator (and the Monte Carlo) fly an AAD at %.1f m AGL, want %.1f m", jp.Name, p.Jumps[k].AADAlt, c.fireAGL)
				}
			}
			if p.Verdict != c.verdict {
				t.Errorf("verdict %s, want %s: %v", p.Verdict, c.verdict, p.Reasons)
			}
		})
	}
}

// A wind at the opening stronger than the canopy's airspeed (the canopy backs up
// from opening on, while the final approach is flown in lighter air) is a CAUTION
// carrying both numbers; the default mission's canopies penetrate (go).
func TestWindAtOpeningCaution(t *testing.T) {
	p := solveM(t, defaultMission(t))
	for _, jp := range p.Jumpers {
		c, ok := checkNamed(p, jp.Name+": wind at opening")
		if !ok || c.Status != check.Go || c.Pass == "" {
			t.Errorf("default mission, %s: %+v", jp.Name, c)
		}
	}
	m := defaultMission(t)
	for i := range m.Winds.Layers {
		if a := m.Winds.Layers[i].Alt; a > 900 && a < 1000 {
			m.Winds.Layers[i].Speed = 40 * units.Knot // 3,000 ft: about 28 kt at the opening against a 22 kt canopy
		}
	}
	p = solveM(t, m)
	jp := p.Jumpers[0]
	if jp.CanopyBackward {
		t.Fatalf("the canopy also backs up on final: the case is meant to be the opening alone")
	}
	c, ok := checkNamed(p, jp.Name+": wind at opening")
	if !ok || c.Status != check.Caution || c.Pass == "" || c.Fails() {
		t.Fatalf("wind at opening: %+v", c)
	}
	for _, want := range []string{"kt", "canopy airspeed", "backs up"} {
		if !strings.Contains(c.Value+" "+c.Detail, want) {
			t.Errorf("check does not say %q: %s / %s", want, c.Value, c.Detail)
		}
	}
	t.Logf("%s: %s (limit %s) → %s", c.Name, c.Value, c.Limit, c.Detail)
}

// A camera flyer who exits 2 s after the talent is never within camera_within of
// the talent: CAUTION with the fix (exit closer, less drag); together it is go.
func TestCameraInFrame(t *testing.T) {
	p := solveM(t, defaultMission(t))
	c, ok := checkNamed(p, "camera in frame")
	if !ok || c.Status != check.Go || c.Pass == "" {
		t.Fatalf("default mission: %+v", c)
	}
	m := defaultMission(t)
	m.Jumpers[1].ExitDelay, m.Jumpers[1].ExitDelayGiven = 2, true
	p = solveM(t, m)
	c, ok = checkNamed(p, "camera in frame")
	if !ok || c.Status != check.Caution || c.Pass == "" || c.Fails() {
		t.Fatalf("camera 2 s late: %+v", c)
	}
	if !(c.ValueSI < m.Limits.CameraInFrame) {
		t.Errorf("in frame %.2f, limit %.2f", c.ValueSI, m.Limits.CameraInFrame)
	}
	for _, want := range []string{"exit", "2.0 s", "drag"} {
		if !strings.Contains(c.Detail, want) {
			t.Errorf("fix does not say %q: %s", want, c.Detail)
		}
	}
	t.Logf("%s: %s (limit %s) → %s", c.Name, c.Value, c.Limit, c.Detail)
	// the limit is the mission's: at the measured share it is go, just above caution
	for _, d := range []struct {
		delta float64
		want  check.Status
	}{{-0.01, check.Go}, {0.01, check.Caution}} {
		m := defaultMission(t)
		m.Limits.CameraInFrame = p0Frac(t) + d.delta
		if c, _ := checkNamed(solveM(t, m), "camera in frame"); c.Status != d.want {
			t.Errorf("limit %+.2f around the measured share: %s, want %s", d.delta, c.Status, d.want)
		}
	}
}

func p0Frac(t *testing.T) float64 {
	return solveM(t, defaultMission(t)).Camera.WithinFrac
}

// nightMission is the default mission taking off after dark: the sun is about 20°
// below the horizon at the green light.
func nightMission(t *testing.T) *mission.Mission {
	t.Helper()
	m := defaultMission(t)
	m.Schedule.Takeoff = m.Schedule.Takeoff.Add(4*time.Hour + 20*time.Minute)
	return m
}

// Night (sun below -6°, civil twilight's end) brings the night-jump rules as checks:
// each item the mission does not state is a NO-GO; stated, they pass. By day there
// are none.
func TestNightRules(t *testing.T) {
	items := []string{"night: jumper lights", "night: lighted altimeters", "night: night procedures briefed", "night: landing area lit"}
	p := solveM(t, defaultMission(t))
	for _, it := range items {
		if c, ok := checkNamed(p, it); ok {
			t.Errorf("by day (sun %.1f°): %+v", p.Sun[0].ElevationDeg, c)
		}
	}
	m := nightMission(t)
	p = solveM(t, m)
	if el := p.Sun[0].ElevationDeg; el > -15 || el < -25 {
		t.Fatalf("sun %.1f° at the green light, want about -20°", el)
	}
	for _, it := range items {
		c, ok := checkNamed(p, it)
		if !ok || c.Status != check.NoGo || c.Pass == "" || !c.Fails() {
			t.Errorf("night, nothing stated: %s = %+v", it, c)
		}
	}
	if p.Verdict != "NO-GO" {
		t.Errorf("night, nothing stated: %s", p.Verdict)
	}
	m = nightMission(t)
	m.Night = &mission.Night{Lights: true, Altimeters: true, Briefed: true, LandingAreaLit: true}
	p = solveM(t, m)
	for _, it := range items {
		if c, ok := checkNamed(p, it); !ok || c.Status != check.Go {
			t.Errorf("night, all stated: %s = %+v", it, c)
		}
	}
	m.Night.Briefed = false
	p = solveM(t, m)
	if c, _ := checkNamed(p, "night: night procedures briefed"); c.Status != check.NoGo || p.Verdict != "NO-GO" || !strings.Contains(c.Detail, "night.briefed") {
		t.Errorf("night, briefing not stated: %+v, %s", c, p.Verdict)
	}
}

// The plan's (and `halo sim`'s) max_speed event says where it happened and how fast
// the jumper fell there (its e_m, n_m and vdown_mps were 0).
func TestPlanMaxSpeedEvent(t *testing.T) {
	p := solveM(t, defaultMission(t))
	for _, jp := range p.Jumpers {
		for _, e := range jp.Events {
			if e.Name != "max_speed" {
				continue
			}
			if e.E == 0 || e.N == 0 || !(e.VDown > 0.5*e.Speed) || math.Hypot(e.E-jp.ExitE, e.N-jp.ExitN) < 10 {
				t.Errorf("%s: max_speed event %+v (exit at %.0f, %.0f)", jp.Name, e, jp.ExitE, jp.ExitN)
			}
		}
	}
}

// A mission with a night section and no clock time is judged as a night jump.
func TestNightWithoutSchedule(t *testing.T) {
	m := defaultMission(t)
	m.Schedule.Takeoff = time.Time{}
	m.Night = &mission.Night{Lights: true, Altimeters: true, Briefed: true}
	p := solveM(t, m)
	if c, ok := checkNamed(p, "night: landing area lit"); !ok || c.Status != check.NoGo {
		t.Errorf("night section, no schedule: %+v", c)
	}
	if c, ok := checkNamed(p, "night: jumper lights"); !ok || c.Status != check.Go {
		t.Errorf("night section, no schedule: %+v", c)
	}
}

// An AAD armed at the drop zone with an activation altitude above the planned
// opening fires in free fall: NO-GO, and the fix is the activation altitude, not
// the ground reference.
func TestAADAboveOpeningArmedAtTarget(t *testing.T) {
	m := defaultMission(t)
	m.AAD = mission.AADRef{ArmedAt: "target", Offset: math.NaN()}
	m.Jumpers[0].AADAlt = 2700 * units.Foot // above the talent's 2,500 ft opening
	p := solveM(t, m)
	c, _ := checkNamed(p, "talent: AAD firing altitude")
	if c.Status != check.NoGo || c.Pass != check.AtMost || !strings.Contains(c.Detail, "activation altitude") || strings.Contains(c.Detail, "offset") {
		t.Errorf("%+v", c)
	}
}
