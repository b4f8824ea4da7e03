package plan

import (
	"math"
	"os"
	"strings"
	"testing"

	"halo/check"
	"halo/mission"
	"halo/units"
)

func readMission(t *testing.T, name string) *mission.Mission {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mission.Decode(name, b)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// USPA's published separations [USPA-SEP]: 1,000 ft between solo jumpers, 1,500 ft
// between groups, over the ground; limits.min_separation when larger; a military
// stick uses limits.min_separation.
func TestSlotSeparation(t *testing.T) {
	solo := &slot{idx: []int{0}}
	group := &slot{idx: []int{1, 2}}
	for _, c := range []struct {
		name, typ string
		lim       float64
		a, b      *slot
		want      float64
	}{
		{"solo/solo: 1,000 ft", "sport", 100, solo, solo, 304.8},
		{"solo/group: 1,500 ft", "sport", 100, solo, group, 457.2},
		{"group/group: 1,500 ft", "stunt", 100, group, group, 457.2},
		{"min_separation larger", "sport", 600, group, group, 600},
		{"military: min_separation", "military", 300, group, group, 300},
	} {
		m := &mission.Mission{Type: c.typ, Limits: mission.Limits{MinSeparation: c.lim}}
		got, rule := slotSeparation(m, c.a, c.b, 0)
		if math.Abs(got-c.want) > 1e-9 || rule == "" {
			t.Errorf("%s: %v m (%q), want %v m", c.name, got, rule, c.want)
		}
	}
}

// A sport load of six groups leaves in USPA's order [USPA-SEP] — belly groups
// the larger first, then freefly (sit before head-down), trackers last — each
// group's members together, the groups 1,500 ft apart over the ground at the run's
// ground speed.
func TestSixGroupsUSPAOrder(t *testing.T) {
	in := SpaceGroups(Inputs{Mission: readMission(t, "sport-six-groups.yaml")})
	p, err := Solve(in)
	if err != nil {
		t.Fatal(err)
	}
	st := p.Stick
	var order []string
	for _, s := range st.Slots {
		order = append(order, s.Name)
	}
	if got, want := strings.Join(order, " "), "belly-8 belly-4 belly-2 sit-2 head-down-3 tracking-2"; got != want {
		t.Fatalf("slot order %q, want %q", got, want)
	}
	gs := p.JumpRun.GroundSpeedMps
	want := math.Ceil(GroupSeparation/gs/IntervalStep) * IntervalStep
	exit := map[string]float64{}
	for _, j := range p.Jumpers {
		exit[j.Name] = j.ExitOffsetS
	}
	for k, s := range st.Slots {
		for _, n := range s.Members {
			if exit[n] != s.ExitS {
				t.Errorf("%s exits at %+.1f s, its group %s at %+.1f s: a group leaves together", n, exit[n], s.Name, s.ExitS)
			}
		}
		if k == 0 {
			continue
		}
		if s.IntervalS != want || s.GroundSepM < 1500*units.Foot || s.NeedM != 1500*units.Foot {
			t.Errorf("%s: interval %.1f s (%.0f m over the ground at %.1f m/s, rule %.0f m), want %.1f s for 1,500 ft", s.Name, s.IntervalS, s.GroundSepM, gs, s.NeedM, want)
		}
	}
	if n := len(st.Slots); math.Abs(st.RunLengthM-float64(n-1)*want*gs) > 1 {
		t.Errorf("run length %.0f m, want %.0f m", st.RunLengthM, float64(n-1)*want*gs)
	}
	for _, pr := range st.Pairs {
		if sameGroup(p.Input, pr.A, pr.B) {
			t.Errorf("pair %s/%s of one group is measured as a stick separation", pr.A, pr.B)
		}
	}
	if len(st.Rules) == 0 || !strings.Contains(st.Rules[0].Source, "USPA") {
		t.Errorf("rules %v: want USPA's with their source", st.Rules)
	}
}

// A military stick with groups (teams) keeps the jumpmaster's order as listed and
// spaces the teams by limits.min_separation over the ground ([halo-stick]: no
// published military rule in halo's sources); its rules say so with their sources.
func TestMilitaryGroupsKeepListedOrder(t *testing.T) {
	m := readMission(t, "sport-six-groups.yaml")
	m.Type = "military"
	p, err := Solve(SpaceGroups(Inputs{Mission: m}))
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, s := range p.Stick.Slots {
		order = append(order, s.Name)
		if s.ExitS > 0 && s.NeedM != m.Limits.MinSeparation {
			t.Errorf("%s: spaced for %.0f m, want limits.min_separation %.0f m", s.Name, s.NeedM, m.Limits.MinSeparation)
		}
	}
	if got, want := strings.Join(order, " "), "tracking-2 belly-2 head-down-3 belly-8 sit-2 belly-4"; got != want {
		t.Errorf("order %q, want the listed %q", got, want)
	}
	for _, r := range p.Stick.Rules {
		if r.Source == "" {
			t.Errorf("rule %q without a source", r.Rule)
		}
	}
}

// A group solved as solo exits (no SpaceGroups: the solver spaces every member) is
// NO-GO: the briefed group leaves together.
func TestGroupSplitIsNoGo(t *testing.T) {
	p, err := Solve(Inputs{Mission: readMission(t, "sport-six-groups.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Checks {
		if c.Name == "group belly-8: exits together" {
			if c.Status != check.NoGo {
				t.Errorf("%s: %s %s", c.Name, c.Status, c.Value)
			}
			return
		}
	}
	t.Error("no group check")
}

// A camera flyer in no group leaves with the talent, as the stick solver has it:
// it joins the talent's exit slot instead of being spaced as a solo jumper; every
// slot is spaced for its rule over the ground (a check per slot).
func TestCameraJoinsTalentSlot(t *testing.T) {
	m := readMission(t, "sport-six-groups.yaml")
	talent, camera := m.Jumpers[0], m.Jumpers[0]
	talent.Name, talent.Role, talent.Drag.Preset = "talent", "talent", "belly"
	camera.Name, camera.Role, camera.Drag.Preset = "camera", "camera", "belly"
	m.Jumpers = append(m.Jumpers, talent, camera)
	p, err := Solve(SpaceGroups(Inputs{Mission: m}))
	if err != nil {
		t.Fatal(err)
	}
	var ts *Slot
	for i, s := range p.Stick.Slots {
		if s.Name == "camera" {
			t.Errorf("the camera flyer is a slot of its own: %+v", s)
		}
		if s.Name == "talent" {
			ts = &p.Stick.Slots[i]
		}
	}
	if ts == nil || strings.Join(ts.Members, " ") != "talent camera" {
		t.Fatalf("talent slot %+v, want the talent and the camera flyer", ts)
	}
	spaced := 0
	for _, c := range p.Checks {
		if strings.HasSuffix(c.Name, ": spacing over the ground") {
			spaced++
			if c.Status != check.Go {
				t.Errorf("%s: %s %s", c.Name, c.Status, c.Value)
			}
		}
	}
	if spaced != len(p.Stick.Slots)-1 {
		t.Errorf("%d spacing checks for %d slots", spaced, len(p.Stick.Slots))
	}
}
