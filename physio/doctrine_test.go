package physio

import (
	"math"
	"strings"
	"testing"

	"halo/check"
)

func ptr(v float64) *float64 { return &v }

// assessChecks runs Assess and returns its result, failing the test on an error.
func assessChecks(t *testing.T, in Input) Result {
	t.Helper()
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Each published prebreathe figure, one test case per figure, with its source.
func TestPrebreatheDoctrine(t *testing.T) {
	for _, c := range []struct {
		source         string
		altFt, prebS   float64
		interrupted    bool
		want           check.Status
		wantLimitSI    float64
		wantValueInTxt string
	}{
		// AFI 11-409 [AFI409] (193rd SOS briefing): prebreathe required for any
		// scheduled exposure at or above FL200; none below.
		{"AFI409: none below FL200", 19999, 0, false, check.Go, 0, "0 s"},
		{"AFI409: required at FL200", 20000, 0, false, check.NoGo, 1800, "0 s"},
		// [AFM-25K]: the USAF 25,000-ft MSL jump required 30 min uninterrupted.
		{"AFM-25K: 30 min at FL250 (at)", 25000, 30 * 60, false, check.Go, 1800, "30 min"},
		{"AFM-25K: 25 min at FL250 (the issue: was GO)", 25000, 25 * 60, false, check.NoGo, 1800, "25 min"},
		{"AFM-25K: 29 min 59 s at FL250", 25000, 30*60 - 1, false, check.NoGo, 1800, "29 min 59 s"},
		// [WEBB35]: USAF 35,000-ft operations after a 75-min preoxygenation.
		{"WEBB35: 75 min at FL350 (at)", 35000, 75 * 60, false, check.Go, 4500, "75 min"},
		{"WEBB35: 74 min at FL350", 35000, 74 * 60, false, check.NoGo, 4500, "74 min"},
		{"WEBB35 row over FL250–FL350: 45 min at FL300", 30000, 45 * 60, false, check.NoGo, 4500, "45 min"},
		{"no published rule above FL350", 36000, 6 * 3600, false, check.NoGo, 35000 * ft, "36000 ft"},
		// Hardening 4: 1 s is no-go and reads as 1 s, not "0 min"
		{"1 s at FL250", 25000, 1, false, check.NoGo, 1800, "1 s uninterrupted"},
		{"PIL10: an air break is a caution even when the rest suffices", 25000, 3600, true, check.Caution, 1800, "60 min"},
	} {
		got := checkPrebreathe(c.altFt*ft, c.prebS, c.interrupted)
		if got.Status != c.want {
			t.Errorf("%s: %s (%s), want %s", c.source, got.Status, got.Detail, c.want)
		}
		if got.Pass == "" || got.LimitSI != c.wantLimitSI {
			t.Errorf("%s: numbers %v %g %q, want limit %g", c.source, got.ValueSI, got.LimitSI, got.Pass, c.wantLimitSI)
		}
		if !strings.Contains(got.Value, c.wantValueInTxt) {
			t.Errorf("%s: value %q lacks %q", c.source, got.Value, c.wantValueInTxt)
		}
	}
}

// [WEBB35]: after the 75-min prebreathe, at most 30 min of exposure; [AFI409]: no
// exposure at or above FL200 without the prebreathe.
func TestExposureLimit(t *testing.T) {
	for _, c := range []struct {
		source           string
		altFt, expS, pbS float64
		want             check.Status
		has              bool
	}{
		{"WEBB35: 30 min after 75 min (at)", 35000, 30 * 60, 75 * 60, check.Go, true},
		{"WEBB35: 30 min 1 s after 75 min", 35000, 30*60 + 1, 75 * 60, check.NoGo, true},
		{"AFM-25K: no published exposure limit after 30 min at FL250", 25000, 5 * 3600, 30 * 60, "", false},
		{"AFI409: none at FL250 without the prebreathe", 25000, 1, 0, check.NoGo, true},
		{"AFI409: none at FL300 with a short prebreathe", 30000, 1, 60 * 60, check.NoGo, true},
		{"AFI409: unlimited below FL200", 19000, 5 * 3600, 0, "", false},
	} {
		got, ok := checkExposure(c.altFt*ft, c.expS, c.pbS)
		if ok != c.has || (ok && (got.Status != c.want || got.Pass != check.AtMost)) {
			t.Errorf("%s: %v %s, want %v %s", c.source, ok, got.Status, c.has, c.want)
		}
	}
}

// The issue end to end: 25 min of prebreathe before a 25,000-ft exit was GO.
func TestShortPrebreatheIsNoGo(t *testing.T) {
	for _, pb := range []float64{25 * 60, 1, 0} {
		in := jump25k()
		in.Prebreathe = pb
		res := assessChecks(t, in)
		if v := check.Verdict(res.Checks); v != "NO-GO" {
			t.Errorf("prebreathe %g s at 25,000 ft: verdict %s, want NO-GO", pb, v)
		}
	}
}

// The alveolar gas equation [AGE] at the USSA-76 pressure of 40,000 ft, 141.2 mmHg,
// on 100 % O₂ with PaCO₂ 40 mmHg: 141.2 − 47 − 40 = 54.2 mmHg, halo's no-go threshold.
func TestMinPAO2(t *testing.T) {
	if pb := ussaP(40000*ft) / mmHg; math.Abs(pb-141.2) > 0.1 {
		t.Errorf("USSA-76 at 40,000 ft: %.2f mmHg, want 141.2", pb)
	}
	if got := MinPAO2() / mmHg; math.Abs(got-54.2) > 0.1 {
		t.Errorf("PAO₂ on 100 %% O₂ at 40,000 ft %.2f mmHg, want 54.2", got)
	}
}

// A balloon exit at 14.9 km without a pressure suit: PAO₂ of a few mmHg on 100 % O₂
// is unconsciousness within seconds (was a caution).
func TestBalloonExitPAO2NoGo(t *testing.T) {
	in := jump25k()
	in.ExitAlt, in.Prebreathe = 14900, 90*60
	res := assessChecks(t, in)
	c := find(res.Checks, CheckPAO2)
	if c.Status != check.NoGo || c.Unit != "Pa" || c.Pass != check.AtLeast {
		t.Errorf("PAO₂ %.1f mmHg: %s %+v, want no-go with numbers in Pa", res.Hypoxia.PAO2O2mmHg, c.Status, c)
	}
	if res.Hypoxia.PAO2O2mmHg > 20 {
		t.Errorf("PAO₂ at 14.9 km %.1f mmHg, want a few mmHg", res.Hypoxia.PAO2O2mmHg)
	}
}

// Hardening 3: a zero DCS-risk limit is a limit.
func TestZeroDCSLimit(t *testing.T) {
	in := jump25k()
	in.Limits.MaxDCSRisk = ptr(0)
	res := assessChecks(t, in)
	c := find(res.Checks, CheckDCS)
	if res.DCSRisk <= 0 || c.Status != check.NoGo || c.LimitSI != 0 || !strings.Contains(c.Limit, "0.0 %") {
		t.Errorf("risk %.3f against a 0 %% limit: %s, limit %q (%g)", res.DCSRisk, c.Status, c.Limit, c.LimitSI)
	}
	// nil takes the 5 % default and says so
	res = assessChecks(t, jump25k())
	if c := find(res.Checks, CheckDCS); c.LimitSI != 0.05 || !hasText(res.Assumptions, "DCS-risk ceiling 5 %") {
		t.Errorf("default limit %g, assumptions %v", c.LimitSI, res.Assumptions)
	}
}

func hasText(ss []string, sub string) bool {
	for _, s := range ss {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// sportJump is a civil load: exit at altFt MSL, no prebreathe, no bottle.
func sportJump(altFt float64) Input {
	return Input{JumpType: Sport, GroundAlt: 300, ClimbRate: 5, ExitAlt: altFt * ft, TimeAtAltitude: 60,
		FreefallTime: 60, OpenAlt: 4000 * ft, NoConsoleO2: true, SkinCovered: true}
}

// Oxygen and bail-out rules follow the jump type and the exit altitude: 14 CFR
// 91.211(a)(3) [CFR91211] and USPA SIM 6-7 [USPA-SIM67] for civil jumps (15,000 ft
// MSL), AFI 11-409 [AFI409] for military free fall (10,000 ft, school exception to
// 13,000 ft for 2 h).
func TestOxygenRulesByJumpType(t *testing.T) {
	mil := func(altFt float64) Input {
		in := sportJump(altFt)
		in.JumpType = Military
		return in
	}
	withBottle := func(in Input) Input {
		in.BottleVolume, in.BottlePressure = 0.0015, 1800*psi
		in.NoConsoleO2 = false
		return in
	}
	for _, c := range []struct {
		name              string
		in                Input
		wantO2, wantBottl check.Status
		verdict           string
	}{
		{"CFR91211/USPA: sport 13,000 ft, no O₂, no bottle", sportJump(13000), check.Go, check.Go, "GO"},
		{"CFR91211/USPA: sport 14,900 ft, no O₂, no bottle (was NO-GO)", sportJump(14900), check.Go, check.Go, "GO"},
		{"CFR91211: sport 15,500 ft on air", sportJump(15500), check.NoGo, check.NoGo, "NO-GO"},
		{"AFI409: military 12,500 ft on air (school exception)", mil(12500), check.Caution, check.Go, "GO"},
		{"AFI409: military 14,000 ft on air", mil(14000), check.NoGo, check.NoGo, "NO-GO"},
		{"AFI409: military 14,000 ft on O₂ with a bottle", withBottle(mil(14000)), check.Go, check.Go, "GO"},
	} {
		res := assessChecks(t, c.in)
		o2, b := find(res.Checks, CheckO2Rule), find(res.Checks, CheckBottle)
		if o2.Status != c.wantO2 || b.Status != c.wantBottl || check.Verdict(res.Checks) != c.verdict {
			t.Errorf("%s: O₂ %s (%s), bottle %s (%s), verdict %s; want %s, %s, %s", c.name, o2.Status, o2.Value, b.Status, b.Value,
				check.Verdict(res.Checks), c.wantO2, c.wantBottl, c.verdict)
			for _, k := range res.Checks {
				t.Logf("  %s %s: %s | %s", k.Status, k.Name, k.Value, k.Detail)
			}
		}
	}
	// the floor is the mission's to set: a sport load that must carry a bottle to 13,000 ft
	in := sportJump(14000)
	in.BottleFloor = ptr(13000 * ft)
	if b := find(assessChecks(t, in).Checks, CheckBottle); b.Status != check.NoGo {
		t.Errorf("sport 14,000 ft with the floor at 13,000 ft and no bottle: %s", b.Status)
	}
}

// Status follows the numbers: every check with a number carries it, no check past
// its no-go limit is a caution, and Settle changes nothing.
func TestChecksCarryNumbers(t *testing.T) {
	noNumbers := map[string]bool{}
	ins := []Input{jump25k(), sportJump(14000), sportJump(16000)}
	in := jump25k()
	in.ExitAlt, in.Prebreathe = 14900, 90*60
	ins = append(ins, in)
	in = jump25k()
	in.SkinCovered = false
	ins = append(ins, in)
	in = jump25k()
	in.BottleVolume = 0.0001
	ins = append(ins, in)
	for i, in := range ins {
		res := assessChecks(t, in)
		for _, c := range res.Checks {
			if c.Pass == "" {
				noNumbers[c.Name] = true
				if c.Status == check.NoGo {
					t.Errorf("input %d: %s is no-go without numbers: %+v", i, c.Name, c)
				}
				continue
			}
			if c.Fails() && c.Status != check.NoGo {
				t.Errorf("input %d: %s fails its limit but is %s", i, c.Name, c.Status)
			}
			switch c.Unit {
			case "s", "Pa", "m", "1", "K":
			default:
				t.Errorf("input %d: %s unit %q is not SI", i, c.Name, c.Unit)
			}
		}
		for j, c := range check.Settle(res.Checks) {
			if c.Status != res.Checks[j].Status {
				t.Errorf("input %d: Settle changed %s from %s", i, c.Name, res.Checks[j].Status)
			}
		}
	}
	t.Logf("checks without numbers in some case: %v", noNumbers)
}

func TestFormatDuration(t *testing.T) {
	for _, c := range []struct {
		s    float64
		want string
	}{{0, "0 s"}, {1, "1 s"}, {0.4, "0.4 s"}, {59.7, "59 s"}, {60, "1 min"}, {1799, "29 min 59 s"},
		{1799.6, "29 min 59 s"}, {1800, "30 min"}, {4500, "75 min"}} {
		if got := FormatDuration(c.s); got != c.want {
			t.Errorf("FormatDuration(%g) = %q, want %q", c.s, got, c.want)
		}
	}
}

// The oxygen figures, one case per published value.
func TestOxygenRuleFigures(t *testing.T) {
	mil, sport, stunt := OxygenRulesFor(Military), OxygenRulesFor(Sport), OxygenRulesFor(Stunt)
	for _, c := range []struct {
		source    string
		got, want float64
	}{
		{"CFR91211 (a)(3): O₂ for every occupant above 15,000 ft (sport air ceiling)", sport.AirCeiling, 15000 * ft},
		{"USPA-SIM67: low altitude below 15,000 ft MSL (sport bail-out floor)", sport.BottleFloor, 15000 * ft},
		{"CFR91211 / USPA-SIM67: stunt is a civil jump", stunt.BottleFloor, 15000 * ft},
		{"AFI409: supplemental O₂ at and above 10,000 ft", mil.AirBandFloor, 10000 * ft},
		{"AFI409: free-fall-school exception up to 13,000 ft (air ceiling)", mil.AirCeiling, 13000 * ft},
		{"AFI409: free-fall-school exception up to 13,000 ft (bail-out floor)", mil.BottleFloor, 13000 * ft},
		{"AFI409: free-fall-school exception for at most 2 h", mil.AirBandMaxS, 7200},
		{"CFR251443 (c)(2): 30 L/min BTPS above 18,500 ft", DefaultBreathingRate, 30},
		{"AFI409: prebreathe required at FL200", FL200, 20000 * ft},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s: %g, want %g", c.source, c.got, c.want)
		}
	}
	if OxygenRulesFor("").Type != Military {
		t.Error("an unknown jump type must get the military (stricter) rules")
	}
}
