package plan

import (
	"strings"
	"testing"

	"halo/mission"
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
