package render

import (
	"regexp"
	"strings"
	"testing"

	"halo/brief"
	"halo/mission"
	"halo/plan"
)

func solveDefault(t *testing.T, edit func(m *mission.Mission)) *plan.Plan {
	t.Helper()
	m, err := mission.Default()
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(m)
	}
	p, err := plan.Solve(plan.Inputs{Mission: m})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func line(t *testing.T, text, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	t.Fatalf("no line %q in:\n%s", prefix, text)
	return ""
}

// After the airspace solver turned the run, the briefing's JUMP RUN line says so
// instead of "auto: into the wind" alone.
func TestPlanTextJumpRunTurned(t *testing.T) {
	base := solveDefault(t, nil)
	start := base.JumpRun.Line[0]
	p := solveDefault(t, func(m *mission.Mission) {
		d := 300.0 / 111e3
		m.Airspace = []mission.Airspace{{Name: "border", Points: [][2]float64{
			{start.Lat - d, start.Lon - 0.02}, {start.Lat - d, start.Lon + 0.2}, {start.Lat - 0.5, start.Lon + 0.2}, {start.Lat - 0.5, start.Lon - 0.02}}}}
	})
	if p.Airspace == nil || p.Airspace.HeadingChangeDeg == 0 {
		t.Fatalf("the border did not turn the run: %+v", p.Airspace)
	}
	var b strings.Builder
	if err := PlanText(&b, &brief.Briefing{Plan: p}); err != nil {
		t.Fatal(err)
	}
	l := line(t, b.String(), "JUMP RUN")
	if !strings.Contains(l, "turned") {
		t.Errorf("run turned %+.0f° by the airspace solver; the briefing says: %s", p.Airspace.HeadingChangeDeg, l)
	}
	b.Reset()
	if err := PlanText(&b, &brief.Briefing{Plan: base}); err != nil {
		t.Fatal(err)
	}
	if l := line(t, b.String(), "JUMP RUN"); !strings.Contains(l, "into the wind") || strings.Contains(l, "turned") {
		t.Errorf("untouched auto run: %s", l)
	}
}

// The briefing groups the checks by rule: a rule applied to every jumper is one
// entry with a line per jumper (not the same check repeated per jumper), its
// worst status on the entry, each reason once.
func TestPlanTextChecksGrouped(t *testing.T) {
	p := solveDefault(t, nil)
	var b strings.Builder
	if err := PlanText(&b, &brief.Briefing{Plan: p}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	checks := out[strings.Index(out, "\nCHECKS\n"):strings.Index(out, "\nVERDICT:")]
	if n := strings.Count(checks, "] DCS risk  (limit"); n != 1 {
		t.Errorf("DCS risk appears as %d entries, want 1:\n%s", n, checks)
	}
	if strings.Contains(checks, "talent: DCS risk") || strings.Contains(checks, "camera: DCS risk") {
		t.Errorf("DCS risk repeated per jumper:\n%s", checks)
	}
	for _, j := range p.Jumpers {
		if !strings.Contains(checks, "\n            "+j.Name) {
			t.Errorf("no line for %s under the grouped checks", j.Name)
		}
	}
	if !strings.Contains(checks, "[CAUTION] DCS risk  (limit") {
		t.Errorf("the group does not carry its worst status:\n%s", checks)
	}
	if strings.Count(checks, "→ estimated risk above half the ceiling") != 1 {
		t.Errorf("the shared reason is not written once:\n%s", checks)
	}
}

// A mission that asks for `units: {distance: NM, altitude: ft, speed: kt}` gets a
// text report whose aviation figures lead with feet, knots and nautical miles; the
// SI figure follows in brackets.
func TestPlanTextLeadsWithMissionUnits(t *testing.T) {
	p := solveDefault(t, func(m *mission.Mission) { m.Units = mission.Units{Distance: "NM", Altitude: "ft", Speed: "kt"} })
	var b strings.Builder
	if err := PlanText(&b, &brief.Briefing{Plan: p}); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	for _, c := range []struct{ prefix, re string }{
		{"RELEASE POINT", `at [0-9,]+ ft \([0-9]+ m\)`},
		{"  ", `[0-9.]+ NM \([0-9]+ m\) on bearing`},
		{"JUMP RUN", `TAS [0-9]+ kt \([0-9.]+ m/s\), ground speed [0-9]+ kt`},
	} {
		if !regexp.MustCompile(c.re).MatchString(text) {
			t.Errorf("no %q in the report (%s):\n%s", c.re, c.prefix, line(t, text, c.prefix))
		}
	}
	if strings.Contains(line(t, text, "JUMP RUN"), "m/s (") {
		t.Errorf("speeds still lead with m/s: %s", line(t, text, "JUMP RUN"))
	}
}
