package plan

import (
	"strings"
	"testing"

	"halo/check"
	"halo/mission"
	"halo/physio"
	"halo/units"
)

// falloutWith decodes the fallout mission with text replacements (old, new, ...).
func falloutWith(t *testing.T, pairs ...string) *mission.Mission {
	t.Helper()
	src := string(defaultMission(t).Source)
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(src, pairs[i]) {
			t.Fatalf("fallout lacks %q", pairs[i])
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	m, err := mission.Decode("edited.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const falloutOxygen = "oxygen:\n  prebreathe: 45 min\n  prebreathe_at: ground\n  time_at_altitude: 15 min\n  bottle: {volume: 2 L, pressure: 2000 psi}\n"

// Hardening 3: limits.max_dcs_risk: 0 % is a limit (it was read as unset and shown as 5 %).
func TestZeroDCSRiskLimitIsALimit(t *testing.T) {
	p := solveM(t, falloutWith(t, "limits: {", "limits: {max_dcs_risk: 0 %, "))
	c, ok := checkNamed(p, "talent: "+physio.CheckDCS)
	if !ok || c.Status != check.NoGo || c.LimitSI != 0 || !strings.Contains(c.Limit, "0.0 %") || p.Verdict != "NO-GO" {
		t.Errorf("DCS check %+v, verdict %s", c, p.Verdict)
	}
}

// A sport load at 13,000–15,000 ft MSL needs no oxygen and no bail-out bottle
// (14 CFR 91.211(a)(3), USPA SIM 6-7); the same exit as a military jump does (AFI 11-409).
func TestSportLoadNeedsNoBottle(t *testing.T) {
	for _, c := range []struct {
		typ, alt string
		want     check.Status
	}{
		{"sport", "14000 ft", check.Go},
		{"stunt", "14900 ft", check.Go},
		{"military", "14000 ft", check.NoGo},
	} {
		m := falloutWith(t, "altitude: 25000 ft", "altitude: "+c.alt, falloutOxygen, "", "name: fallout\n", "name: fallout\ntype: "+c.typ+"\n")
		p := solveM(t, m)
		b, _ := checkNamed(p, "talent: "+physio.CheckBottle)
		o2, _ := checkNamed(p, "talent: "+physio.CheckO2Rule)
		if b.Status != c.want || o2.Status != c.want {
			t.Errorf("%s at %s without O₂: bottle %s (%s), supplemental O₂ %s (%s); want %s", c.typ, c.alt, b.Status, b.Value, o2.Status, o2.Value, c.want)
		}
		for _, k := range p.Checks {
			if c.want == check.Go && strings.HasPrefix(k.Name, "talent: ") && k.Status == check.NoGo {
				t.Errorf("%s at %s: physiology no-go %s: %s", c.typ, c.alt, k.Name, k.Detail)
			}
		}
		// no bottle: the timeline does not put the jumpers on bail-out oxygen
		for _, mo := range p.Timeline {
			if strings.Contains(mo.Event, "bailout oxygen") {
				t.Errorf("%s without a bottle: timeline says %q", c.typ, mo.Event)
			}
		}
	}
}

// The physiology defaults show under ASSUMPTIONS AND DEFAULTS with their sources.
func TestPhysioDefaultsListed(t *testing.T) {
	p := solveM(t, defaultMission(t))
	all := strings.Join(p.Assumptions, "\n")
	for _, want := range []string{
		"oxygen.bottle_floor not given: bail-out O₂ needed down to 13,000 ft MSL", "[AFI409]",
		"oxygen.breathing_rate not given: 30 L/min BTPS", "14 CFR 25.1443(c)(2)",
		"oxygen.time_to_bottle not given: 15 s", "halo's placeholder",
		"type not given: military",
		"physiology: bottle empty at 100 psi gauge (FM 31-19 [FM3119])",
		"physiology: cabin depressurised at 3,000 ft/min",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("assumptions lack %q:\n%s", want, all)
		}
	}
	// mission's defaults and physio's are the same figures
	for _, c := range []struct {
		name string
		m, p float64
	}{
		{"military floor", mission.DefaultBottleFloorMilitary, physio.OxygenRulesFor(physio.Military).BottleFloor},
		{"sport floor", mission.DefaultBottleFloorCivil, physio.OxygenRulesFor(physio.Sport).BottleFloor},
		{"stunt floor", mission.DefaultBottleFloorCivil, physio.OxygenRulesFor(physio.Stunt).BottleFloor},
		{"breathing rate, L/min", mission.DefaultBreathingRate * 60 / units.Litre, physio.DefaultBreathingRate},
		{"time to bottle", mission.DefaultTimeToBottle, physio.DefaultTimeToBottle},
	} {
		if d := c.m - c.p; d > 1e-9 || d < -1e-9 {
			t.Errorf("%s: mission %g, physio %g", c.name, c.m, c.p)
		}
	}
}

// jumpers[].skin_covered reaches the frostbite check of that jumper only.
func TestSkinCoveredPerJumper(t *testing.T) {
	p := solveM(t, falloutWith(t, "    exit_delay: 0 s\n", "    exit_delay: 0 s\n    skin_covered: true\n"))
	tc, _ := checkNamed(p, "talent: "+physio.CheckCold)
	cc, _ := checkNamed(p, "camera: "+physio.CheckCold)
	if !strings.Contains(tc.Limit, "all skin covered") || tc.Pass != "" {
		t.Errorf("talent (covered): %+v", tc)
	}
	if strings.Contains(cc.Limit, "all skin covered") || cc.Pass != check.AtMost || cc.Unit != "1" {
		t.Errorf("camera (exposed): %+v", cc)
	}
}

// Hardening 4: a 1-s prebreathe is NO-GO and reads as 1 s, not "0 min".
func TestOneSecondPrebreathe(t *testing.T) {
	for _, pb := range []string{"1 s", "0 min", "25 min"} {
		p := solveM(t, falloutWith(t, "prebreathe: 45 min", "prebreathe: "+pb))
		c, _ := checkNamed(p, "talent: "+physio.CheckPrebreathe)
		if c.Status != check.NoGo || p.Verdict != "NO-GO" {
			t.Errorf("prebreathe %s: %s, verdict %s", pb, c.Status, p.Verdict)
		}
		if pb == "1 s" {
			if !strings.Contains(c.Value, "1 s uninterrupted") {
				t.Errorf("prebreathe 1 s reads %q", c.Value)
			}
			found := false
			for _, mo := range p.Timeline {
				found = found || strings.Contains(mo.Event, "prebreathe 100% O2 starts (1 s")
			}
			if !found {
				t.Errorf("timeline lacks the 1-s prebreathe: %+v", p.Timeline)
			}
		}
	}
}

// Issue 18: a jump the physiology cannot assess still plans (so `halo sim` and the
// Monte Carlo fly it); the plan carries a NO-GO check naming the reason.
func TestPhysiologyFailureIsANoGoCheck(t *testing.T) {
	m := defaultMission(t)
	m.Oxygen.PrebreatheAt, m.Oxygen.PrebreatheAlt = "cabin", m.Aircraft.Altitude+1000 // refused by physio
	p, err := Solve(Inputs{Mission: m})
	if err != nil {
		t.Fatalf("the plan fails with the physiology: %v", err)
	}
	c, ok := checkNamed(p, "talent: physiology")
	if !ok || c.Status != check.NoGo || !strings.Contains(c.Detail, "prebreathe_alt_m") || p.Verdict != "NO-GO" {
		t.Errorf("physiology check %+v, verdict %s", c, p.Verdict)
	}
	if len(p.Jumpers) != 2 || p.Jumpers[0].FreefallS <= 0 {
		t.Errorf("the jump was not flown: %+v", p.Jumpers)
	}
}

// The physiology's canopy phase is the canopy the simulator flew (deployment,
// steering, S-turns and the density's effect on the sink), so its clock times
// end at the plan's landing: on the embedded mission the camera flyer's canopy
// was 3 min 2 s by the sea-level sink estimate against 2 min 41 s flown.
func TestPhysioCanopyIsTheFlownCanopy(t *testing.T) {
	p := solveM(t, defaultMission(t))
	if len(p.Physio) != len(p.Jumpers) {
		t.Fatalf("%d physiology results for %d jumpers", len(p.Physio), len(p.Jumpers))
	}
	for i, pj := range p.Physio {
		jp := p.Jumpers[i]
		var ff, canopy physio.Phase
		for _, ph := range pj.Result.Phases {
			switch ph.Name {
			case physio.PhaseFreefall:
				ff = ph
			case physio.PhaseCanopy:
				canopy = ph
			}
		}
		flown := jp.Result.Land.T - jp.FreefallS
		if got := canopy.EndS - ff.EndS; flown < 60 || got < flown-0.5 || got > flown+0.5 {
			t.Errorf("%s: canopy phase %.1f s in the physiology, %.1f s flown", pj.Jumper, got, flown)
		}
	}
}
