package plan

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"halo/check"
	"halo/mission"
	"halo/units"
	"halo/wind"
	"halo/wind/windfile"

	"halo/internal/testdata"
)

// layers is a wind profile from (altitude ft, from deg, speed kt) rows.
func layers(rows ...[3]float64) []wind.Layer {
	var out []wind.Layer
	for _, r := range rows {
		out = append(out, wind.Layer{Alt: r[0] * units.Foot, FromDeg: r[1], Speed: r[2] * units.Knot, Temp: math.NaN()})
	}
	return out
}

// mustCheck returns the named check or fails.
func mustCheck(t *testing.T, p *Plan, name string) check.Check {
	t.Helper()
	c, ok := checkNamed(p, name)
	if !ok {
		t.Fatalf("no check %q; checks: %v", name, p.Reasons)
	}
	return c
}

// readProfile reads a testdata winds file into a profile.
func readProfile(t *testing.T, file, station string, ref time.Time) *wind.Profile {
	t.Helper()
	b, err := os.ReadFile(testdata.Path(t, file))
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := windfile.Read(file, b, station, ref)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// cut returns a profile of p's layers that pass keep.
func cut(t *testing.T, p *wind.Profile, keep func(i int, l wind.Layer) bool) *wind.Profile {
	t.Helper()
	var ls []wind.Layer
	for i, l := range p.Layers() {
		if keep(i, l) {
			ls = append(ls, l)
		}
	}
	q, err := wind.NewProfile(p.Source+" (cut)", ls)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// Winds must cover the ground to the exit: held constant for up to 3,000 ft with
// a caution naming the gap, NO-GO beyond; the surface wind only from a report near
// the ground (issue "bad input never becomes a GO", items 1 and 2).
func TestWindsMustCoverGroundToExit(t *testing.T) {
	den := readProfile(t, "gsl_aeharding_op40_den_2021090301.txt", "", time.Time{})
	cases := []struct {
		name   string
		edit   func(m *mission.Mission, in *Inputs)
		check  string
		want   check.Status
		detail string // in the check's detail
	}{
		{"winds stop at 3,000 ft, exit at 25,000 ft", func(m *mission.Mission, in *Inputs) {
			m.Winds.Layers = layers([3]float64{0, 320, 8}, [3]float64{3000, 325, 14})
		}, "winds cover the exit", check.NoGo, "stop 22000 ft"},
		{"one layer", func(m *mission.Mission, in *Inputs) {
			m.Winds.Layers = layers([3]float64{0, 320, 8})
		}, "winds cover the exit", check.NoGo, "stop 25000 ft"},
		{"winds stop 1,000 ft below the exit: a caution naming the gap", func(m *mission.Mission, in *Inputs) {
			m.Winds.Layers = m.Winds.Layers[:7] // up to 24,000 ft
		}, "winds cover the exit", check.Caution, "extrapolated 1000 ft (305 m) below the exit"},
		{"winds only above 18,000 ft: no surface wind", func(m *mission.Mission, in *Inputs) {
			m.Winds.Layers = m.Winds.Layers[5:]
		}, "surface wind", check.NoGo, "no surface wind"},
		{"winds only above 18,000 ft: the ground is not covered", func(m *mission.Mission, in *Inputs) {
			m.Winds.Layers = m.Winds.Layers[5:]
		}, "winds cover the ground", check.NoGo, "above the ground"},
		{"lowest report 400 ft above the ground: a surface wind", func(m *mission.Mission, in *Inputs) {
			m.Winds.Layers[0].Alt = m.Target.Elevation + 400*units.Foot
		}, "surface wind", check.Go, ""},
		{"lowest report 400 ft above the ground: a caution on coverage", func(m *mission.Mission, in *Inputs) {
			m.Winds.Layers[0].Alt = m.Target.Elevation + 400*units.Foot
		}, "winds cover the ground", check.Caution, "extrapolated 400 ft (122 m) above the ground"},
		{"a sounding cut at 3.7 km", func(m *mission.Mission, in *Inputs) {
			m.Target.Elevation = 1700
			in.Wind = cut(t, den, func(_ int, l wind.Layer) bool { return l.Alt <= 3700 })
		}, "winds cover the exit", check.NoGo, "give winds that reach the exit altitude"},
		{"a one-level sounding", func(m *mission.Mission, in *Inputs) {
			m.Target.Elevation = 1700
			in.Wind = cut(t, den, func(i int, _ wind.Layer) bool { return i == 0 })
		}, "winds cover the exit", check.NoGo, "give winds that reach the exit altitude"},
		{"the whole sounding covers ground to exit", func(m *mission.Mission, in *Inputs) {
			m.Target.Elevation = 1700
			in.Wind = den
		}, "winds cover the exit", check.Go, ""},
		{"the whole sounding: its surface level is the surface wind", func(m *mission.Mission, in *Inputs) {
			m.Target.Elevation = 1700
			in.Wind = den
		}, "surface wind", check.Go, ""},
	}
	for _, c := range cases {
		m := defaultMission(t)
		m.Limits.MaxSurfaceWind = 40 * units.Knot // these cases are about coverage, not strength
		m.Limits.MaxGust = 40 * units.Knot
		in := Inputs{Mission: m}
		c.edit(m, &in)
		p, err := Solve(in)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got := mustCheck(t, p, c.check)
		if got.Status != c.want || !strings.Contains(got.Detail, c.detail) || got.Pass == "" {
			t.Errorf("%s: %s %s (%s; %s) pass %q, want %s with %q", c.name, c.check, got.Status, got.Value, got.Detail, got.Pass, c.want, c.detail)
		}
		if c.want == check.NoGo && p.Verdict != "NO-GO" {
			t.Errorf("%s: verdict %s", c.name, p.Verdict)
		}
	}
}

// An FB bulletin starts at 3,000 ft: it has no surface wind.
func TestFBHasNoSurfaceWind(t *testing.T) {
	ref := time.Date(2026, 1, 31, 3, 0, 0, 0, time.UTC)
	m := defaultMission(t)
	m.Target.Elevation = 1655 // DEN
	m.Schedule.Takeoff = ref
	p, err := Solve(Inputs{Mission: m, Wind: readProfile(t, "fb_ww_fbus31_kwno_310158.txt", "DEN", ref)})
	if err != nil {
		t.Fatal(err)
	}
	if c := mustCheck(t, p, "surface wind"); c.Status != check.NoGo || !strings.Contains(c.Detail, "no surface wind") {
		t.Errorf("surface wind from an FB bulletin: %s %s", c.Status, c.Detail)
	}
}

// The winds' times: a limit is a no-go limit, zero included; winds issued after
// the jump or after their own valid_to are NO-GO (items 7 and 8).
func TestWindsAgeIsALimit(t *testing.T) {
	base := solveM(t, defaultMission(t))
	exit := base.ExitTime
	cases := []struct {
		name   string
		edit   func(m *mission.Mission)
		want   check.Status
		detail string
	}{
		{"4.9 h old winds, limit 1 h", func(m *mission.Mission) { m.Limits.MaxWindAge = 3600 }, check.NoGo, "over the 1.0 h limit"},
		{"limit 0 s", func(m *mission.Mission) { m.Limits.MaxWindAge = 0 }, check.NoGo, "over the 0.0 h limit"},
		{"issued after the jump", func(m *mission.Mission) {
			m.Winds.Issued = exit.Add(19 * time.Hour)
			m.Winds.ValidTo = exit.Add(30 * time.Hour)
		}, check.NoGo, "after the jump"},
		{"issued after its valid_to", func(m *mission.Mission) {
			m.Winds.Issued = exit.Add(19 * time.Hour)
			m.Winds.ValidTo = exit.Add(time.Hour)
		}, check.NoGo, "after their own valid_to"},
		{"within the limit", func(m *mission.Mission) {}, check.Go, ""},
	}
	for _, c := range cases {
		m := defaultMission(t)
		c.edit(m)
		p := solveM(t, m)
		got := mustCheck(t, p, "winds age")
		if got.Status != c.want || !strings.Contains(got.Detail, c.detail) || got.Pass == "" {
			t.Errorf("%s: %s (%s; %s) pass %q, want %s with %q", c.name, got.Status, got.Value, got.Detail, got.Pass, c.want, c.detail)
		}
		if c.want == check.NoGo && p.Verdict != "NO-GO" {
			t.Errorf("%s: verdict %s", c.name, p.Verdict)
		}
	}
}

// Zero limits are limits: a surface, gust or exit wind limit of 0 is passed only by calm.
func TestZeroWindLimitsAreLimits(t *testing.T) {
	for _, c := range []struct {
		check string
		set   func(l *mission.Limits)
	}{
		{"surface wind", func(l *mission.Limits) { l.MaxSurfaceWind = 0 }},
		{"surface gusts", func(l *mission.Limits) { l.MaxGust = 0 }},
		{"wind at exit altitude", func(l *mission.Limits) { l.MaxExitWind = 0 }},
	} {
		m := defaultMission(t)
		c.set(&m.Limits)
		p := solveM(t, m)
		if got := mustCheck(t, p, c.check); got.Status != check.NoGo || got.LimitSI != 0 || got.Pass != check.AtMost {
			t.Errorf("%s with a 0 limit: %s (%s against %s, limit_si %g)", c.check, got.Status, got.Value, got.Limit, got.LimitSI)
		}
	}
}

// A strong low-level jet, stronger than the canopy near the ground (item 17), is a
// NO-GO plan that says why, not an error without a plan. The release point used to
// not converge here (a zero-airspeed hands-off canopy through the jet); the
// hands-off canopy now holds half brakes into the wind and the release point
// converges: the plan is NO-GO by its landing, and says the canopy goes backwards.
// When it does not converge the "release point" check says so.
func TestUnconvergedReleasePointIsNoGo(t *testing.T) {
	m := defaultMission(t)
	m.Limits.MaxSurfaceWind, m.Limits.MaxGust = 60*units.Knot, 60*units.Knot
	m.Winds.Layers = layers([3]float64{0, 180, 30}, [3]float64{200, 200, 50}, [3]float64{4000, 250, 15}, [3]float64{30000, 270, 40})
	p, err := Solve(Inputs{Mission: m})
	if err != nil {
		t.Fatalf("Solve: %v (want a NO-GO plan)", err)
	}
	if p.Verdict != "NO-GO" {
		t.Errorf("verdict %s, want NO-GO", p.Verdict)
	}
	if c, ok := checkNamed(p, "release point"); ok {
		if c.Status != check.NoGo || c.Pass != check.AtMost || !(c.ValueSI > SolveTolerance) {
			t.Errorf("release point %s (%s)", c.Status, c.Value)
		}
		for _, w := range []string{"did not converge in 8 iterations", "misses the target by", "likely cause", "backwards"} {
			if !strings.Contains(c.Detail, w) {
				t.Errorf("release point detail %q lacks %q", c.Detail, w)
			}
		}
	}
	backwards := false
	for _, c := range p.Checks {
		backwards = backwards || strings.Contains(c.Detail+c.Value, "backwards")
	}
	if !backwards {
		t.Error("no check says the canopy goes backwards")
	}
	// the fallout mission converges and has no such check
	if _, ok := checkNamed(solveM(t, defaultMission(t)), "release point"); ok {
		t.Error("fallout: a release point check although it converged")
	}
}

// Every range edge case gives the same answer from the decoder (`halo mission
// check`) as from the planner: a value the decoder refuses, set on a decoded
// mission behind its back, is refused by the planner too (an error, or NO-GO); a
// value at the edge the decoder accepts plans (item 16).
func TestDecoderAndPlannerAgreeOnRanges(t *testing.T) {
	refused := []struct {
		name string
		yaml [2]string
		set  func(m *mission.Mission)
	}{
		{"exit 50 km", [2]string{"altitude: 25000 ft", "altitude: 50 km"}, func(m *mission.Mission) { m.Aircraft.Altitude = 50000 }},
		{"target at 5,500 m", [2]string{"elevation: 60 m", "elevation: 5500 m"}, func(m *mission.Mission) {
			m.Target.Elevation, m.Aircraft.TakeoffElevation, m.Aircraft.Altitude = 5500, 5500, 12000
		}},
		{"target at -450 m", [2]string{"elevation: 60 m", "elevation: -450 m"}, func(m *mission.Mission) { m.Target.Elevation, m.Aircraft.TakeoffElevation = -450, -450 }},
		{"take-off at 6,000 m", [2]string{"cabin: unpressurized", "cabin: unpressurized\n  takeoff_elevation: 6000 m"}, func(m *mission.Mission) { m.Aircraft.TakeoffElevation = 6000 }},
		{"cabin at -1 ft", [2]string{"cabin: unpressurized", "cabin: -1 ft"}, func(m *mission.Mission) { m.Aircraft.Unpressurized, m.Aircraft.CabinAlt = false, -units.Foot }},
	}
	for _, c := range refused {
		y, _ := mission.Builtin("fallout")
		if _, err := mission.Decode("t.yaml", []byte(strings.Replace(string(y), c.yaml[0], c.yaml[1], 1))); err == nil {
			t.Errorf("%s: the decoder accepts it", c.name)
		}
		m := defaultMission(t)
		c.set(m)
		if p, err := Solve(Inputs{Mission: m}); err == nil && p.Verdict == "GO" {
			t.Errorf("%s: the planner says GO", c.name)
		}
	}
	accepted := []struct {
		name string
		yaml []string
	}{
		{"exit at 15,000 m", []string{"altitude: 25000 ft", "altitude: 15000 m"}},
		{"exit at 45 km", []string{"altitude: 25000 ft", "altitude: 45 km"}},
		{"target at 5,000 m", []string{"elevation: 60 m", "elevation: 5000 m", "altitude: 25000 ft", "altitude: 9000 m"}},
		{"target at the Dead Sea shore", []string{"elevation: 60 m", "elevation: -430 m"}},
		{"sea-level cabin", []string{"cabin: unpressurized", "cabin: 0 ft"}},
		{"50 kt across the wind", []string{"airspeed: 160 mph", "airspeed: 50 kt", "heading: auto", "heading: 180 deg"}},
	}
	for _, c := range accepted {
		y, _ := mission.Builtin("fallout")
		s := string(y)
		for i := 0; i+1 < len(c.yaml); i += 2 {
			s = strings.Replace(s, c.yaml[i], c.yaml[i+1], 1)
		}
		m, err := mission.Decode("t.yaml", []byte(s))
		if err != nil {
			t.Errorf("%s: the decoder refuses it: %v", c.name, err)
			continue
		}
		if _, err := Solve(Inputs{Mission: m}); err != nil {
			t.Errorf("%s: the decoder accepts it, the planner refuses it: %v", c.name, err)
		}
	}
}

// limits.max_dcs_risk: 0 is a limit (physio's own zero means its 5 % default).
func TestZeroDCSRiskLimit(t *testing.T) {
	m := defaultMission(t)
	m.Limits.MaxDCSRisk = 0
	p := solveM(t, m)
	c := mustCheck(t, p, "talent: DCS risk")
	if c.Status != check.NoGo || p.Verdict != "NO-GO" {
		t.Errorf("DCS risk with a 0 limit: %s (%s against %s)", c.Status, c.Value, c.Limit)
	}
}

// An aircraft slower than the wind at exit flies backwards on its run ("heading
// 270, track 090", item 5): NO-GO.
func TestAircraftSlowerThanTheExitWind(t *testing.T) {
	m := defaultMission(t)
	m.Aircraft.Airspeed = 60 * units.Knot // above the 50 kt floor, below the 70 kt wind
	m.Aircraft.HeadingAuto, m.Aircraft.HeadingDeg = false, 270
	for i := range m.Winds.Layers {
		m.Winds.Layers[i].Speed = 70 * units.Knot
		m.Winds.Layers[i].FromDeg = 270
	}
	m.Limits.MaxSurfaceWind, m.Limits.MaxGust = 80*units.Knot, 80*units.Knot
	p, err := Solve(Inputs{Mission: m})
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if c := mustCheck(t, p, "airspeed vs exit wind"); c.Status != check.NoGo || p.Verdict != "NO-GO" {
		t.Errorf("60 kt into 70 kt: %s (%s), verdict %s", c.Status, c.Value, p.Verdict)
	}
	if c := mustCheck(t, solveM(t, defaultMission(t)), "airspeed vs exit wind"); c.Status != check.Go {
		t.Errorf("fallout: %s (%s)", c.Status, c.Value)
	}
}

// A zero the mission gives reaches the physiology as a value, not as physio's
// "unset": a sea-level cabin is pressurised, a door opened at the exit is not
// opened 60 s before it.
func TestZeroInputsReachPhysio(t *testing.T) {
	base := solveM(t, defaultMission(t))
	m := defaultMission(t)
	m.Aircraft.Unpressurized, m.Aircraft.CabinAlt = false, 0
	if a, b := base.Physio[0].Result, solveM(t, m).Physio[0].Result; a.DCSRisk == b.DCSRisk {
		t.Errorf("a sea-level cabin gives the unpressurised DCS risk %g: its 0 ft was read as unset", a.DCSRisk)
	}
	in := PhysioInput(m, base.Env, &base.Jumpers[0], nil)
	if in.CabinAlt == 0 {
		t.Error("cabin 0 ft reaches physio as 0 (unpressurised)")
	}
	m = defaultMission(t)
	m.Schedule.DoorOpen, m.Oxygen.BottleSwitch = 0, 0
	in = PhysioInput(m, base.Env, &base.Jumpers[0], nil)
	if in.DoorOpen == 0 || in.SwitchToBottle == 0 || in.DoorOpen > 1e-6 || in.SwitchToBottle > 1e-6 {
		t.Errorf("door_open 0 s, bottle_switch 0 s reach physio as %g s, %g s", in.DoorOpen, in.SwitchToBottle)
	}
}

// limits.min_temperature was decoded and then checked by nothing: a limit the
// user set passed silently. It is a no-go limit.
func TestMinTemperatureIsALimit(t *testing.T) {
	for _, c := range []struct {
		minC float64
		want check.Status
	}{{-20, check.NoGo}, {-30, check.Go}} { // fallout: -24.4 °C at 25,000 ft with the +10 K offset
		m := defaultMission(t)
		m.Limits.MinTempC = c.minC + units.ZeroCelsius
		got := mustCheck(t, solveM(t, m), "air temperature")
		if got.Status != c.want || got.Unit != "K" {
			t.Errorf("min_temperature %g °C: %s (%s)", c.minC, got.Status, got.Value)
		}
	}
	if _, ok := checkNamed(solveM(t, defaultMission(t)), "air temperature"); ok {
		t.Error("an air temperature check without limits.min_temperature")
	}
}

// An FB bulletin with the drop zone's observed surface wind (winds.surface) has
// a surface wind, read from the observation.
func TestFBWithObservedSurfaceWind(t *testing.T) {
	ref := time.Date(2026, 1, 31, 3, 0, 0, 0, time.UTC)
	m := defaultMission(t)
	m.Target.Elevation = 1655 // DEN
	m.Schedule.Takeoff = ref
	m.Winds.Surface = &wind.Layer{FromDeg: 200, Speed: 6 * units.Knot, Temp: math.NaN()}
	p, err := Solve(Inputs{Mission: m, Wind: readProfile(t, "fb_ww_fbus31_kwno_310158.txt", "DEN", ref)})
	if err != nil {
		t.Fatal(err)
	}
	c := mustCheck(t, p, "surface wind")
	if c.Status != check.Go || math.Abs(c.ValueSI-6*units.Knot) > 1e-9 {
		t.Errorf("surface wind %s %s (%g m/s), want the observed 6 kt", c.Status, c.Value, c.ValueSI)
	}
	if c := mustCheck(t, p, "winds cover the ground"); c.Status != check.Go {
		t.Errorf("winds cover the ground: %s %s", c.Status, c.Detail)
	}
	if !strings.Contains(p.Env.Wind.Source, "winds.surface") || p.Env.Wind.Issued.IsZero() {
		t.Errorf("provenance lost: %q issued %v", p.Env.Wind.Source, p.Env.Wind.Issued)
	}
}

// An aircraft flying into a wind as strong as its airspeed stands still over the
// ground: `mission check` accepts it (every value is in range) and the plan
// stopped with rc 1 and no plan. It is now a plan, NO-GO with the reason.
func TestStalledRunIsNoGo(t *testing.T) {
	p0 := solveM(t, defaultMission(t))
	m := defaultMission(t)
	m.Aircraft.Airspeed = p0.JumpRun.WindExitMps // true airspeed = wind at exit, heading into it
	m.Aircraft.IAS = math.NaN()
	p, err := Solve(Inputs{Mission: m, Now: m.Schedule.Takeoff})
	if err != nil {
		t.Fatalf("Solve: %v (want a NO-GO plan)", err)
	}
	c := mustCheck(t, p, "jump run ground speed")
	if c.Status != check.NoGo || !c.Fails() || p.Verdict != "NO-GO" {
		t.Errorf("stalled run: %s (%s), verdict %s", c.Status, c.Value, p.Verdict)
	}
}

// A canopy whose stated deploy_loss cannot be lost in its deploy_time from the
// speed at deployment: `mission check` accepts it (each figure is in range) and
// the plan stopped with rc 1. It is now a plan, NO-GO, naming the range.
func TestUnreachableDeployLossIsNoGo(t *testing.T) {
	m := defaultMission(t)
	m.Jumpers[0].Canopy.DeployLoss = 900 // m: more than ~60 m/s for 3 s can lose
	p, err := Solve(Inputs{Mission: m, Now: m.Schedule.Takeoff})
	if err != nil {
		t.Fatalf("Solve: %v (want a NO-GO plan)", err)
	}
	c := mustCheck(t, p, m.Jumpers[0].Name+": deployment loss")
	if c.Status != check.NoGo || !c.Fails() || p.Verdict != "NO-GO" || c.Unit != "m" {
		t.Errorf("unreachable deploy_loss: %s (%s; %s), verdict %s", c.Status, c.Value, c.Limit, p.Verdict)
	}
}
