package plan

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"halo/check"
	"halo/mission"
	"halo/units"
)

func defaultMission(t *testing.T) *mission.Mission {
	t.Helper()
	m, err := mission.Default()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func solveM(t *testing.T, m *mission.Mission) *Plan {
	t.Helper()
	p, err := Solve(Inputs{Mission: m})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func checkNamed(p *Plan, name string) (check.Check, bool) {
	for _, c := range p.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return check.Check{}, false
}

// The default mission plans with every jumper on the target, a free fall near two
// minutes, and GO.
func TestDefaultMission(t *testing.T) {
	p := solveM(t, defaultMission(t))
	if p.Verdict != "GO" {
		t.Fatalf("verdict %s: %v", p.Verdict, p.Reasons)
	}
	for _, j := range p.Jumpers {
		if j.LandingErrorM > 5 {
			t.Errorf("%s lands %.1f m from the target, want within a few metres", j.Name, j.LandingErrorM)
		}
		if j.FreefallS < 100 || j.FreefallS > 130 {
			t.Errorf("%s free fall %.1f s, want about two minutes", j.Name, j.FreefallS)
		}
	}
	if p.GreenLight.DurationS <= 0 || p.GreenLight.StartM >= 0 || p.GreenLight.EndM <= 0 {
		t.Errorf("green light %+v should straddle the release point", p.GreenLight)
	}
	if p.ReleasePoint.Iterations > 4 {
		t.Errorf("release point took %d iterations", p.ReleasePoint.Iterations)
	}
	if len(p.Physio) != len(p.Jumpers) {
		t.Errorf("physiology for %d of %d jumpers", len(p.Physio), len(p.Jumpers))
	}
}

// Turning the wind moves the release point the right way: the jumpers drift
// downwind, so the release point lies upwind of the target.
func TestReleasePointMovesUpwind(t *testing.T) {
	for _, from := range []float64{0, 90, 180, 270} {
		m := defaultMission(t)
		for i := range m.Winds.Layers {
			m.Winds.Layers[i].FromDeg = from
		}
		p := solveM(t, m)
		d := math.Abs(math.Mod(p.ReleasePoint.BearingFromTarget-from+540, 360) - 180)
		if d > 30 {
			t.Errorf("wind from %03.0f°: release point on bearing %03.0f° from the target, want upwind (within 30°)", from, p.ReleasePoint.BearingFromTarget)
		}
		if p.JumpRun.HeadingAuto && math.Abs(math.Mod(p.JumpRun.HeadingDeg-from+540, 360)-180) > 1 {
			t.Errorf("auto heading %.0f°, want into the wind (%.0f°)", p.JumpRun.HeadingDeg, from)
		}
	}
}

// An unsafe mission gets NO-GO with each reason.
func TestUnsafeMission(t *testing.T) {
	m := defaultMission(t)
	m.Jumpers[0].OpenAt = 700 * units.Foot
	for i := range m.Winds.Layers {
		if m.Winds.Layers[i].Alt == 0 {
			m.Winds.Layers[i].Speed = 40 * units.Knot
		}
	}
	m.Jumpers[1].Mass = 160 // camera flyer far too heavy for his drag
	m.Airspace = []mission.Airspace{{Name: "border", Points: [][2]float64{{24.0, 54.5}, {24.2, 54.5}, {24.2, 54.59}, {24.0, 54.59}}}}
	p := solveM(t, m)
	if p.Verdict != "NO-GO" {
		t.Fatalf("verdict %s", p.Verdict)
	}
	want := []string{"talent: opening altitude", "talent: AAD", "surface wind", "camera fall-rate match", "airspace"}
	for _, w := range want {
		c, ok := checkNamed(p, w)
		if !ok {
			t.Errorf("no check %q", w)
			continue
		}
		if c.Status != check.NoGo {
			t.Errorf("%s: %s (%s), want no-go", w, c.Status, c.Value)
		}
	}
	joined := strings.Join(p.Reasons, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("reasons do not name %q:\n%s", w, joined)
		}
	}
}

// Each limit-based check: at the limit is go, just beyond is no-go.
func TestChecksAtLimits(t *testing.T) {
	base := solveM(t, defaultMission(t))
	cases := []struct {
		name  string
		set   func(m *mission.Mission, p *Plan, delta float64)
		check string
	}{
		{"min open", func(m *mission.Mission, p *Plan, d float64) { m.Limits.MinOpen = p.Jumpers[0].OpenAltAGLM + d }, "talent: opening altitude"},
		{"surface wind", func(m *mission.Mission, p *Plan, d float64) {
			u, v := p.Env.Wind.At(m.Target.Elevation)
			m.Limits.MaxSurfaceWind = math.Hypot(u, v) - d
		}, "surface wind"},
		{"gust", func(m *mission.Mission, p *Plan, d float64) { m.Limits.MaxGust = m.Winds.Gust - d }, "surface gusts"},
		{"exit wind", func(m *mission.Mission, p *Plan, d float64) {
			u, v := p.Env.Wind.At(m.Aircraft.Altitude)
			m.Limits.MaxExitWind = math.Hypot(u, v) - d
		}, "wind at exit altitude"},
		{"landing", func(m *mission.Mission, p *Plan, d float64) { m.Target.Radius = p.Jumpers[0].LandingErrorM - d }, "talent: landing"},
		{"separation", func(m *mission.Mission, p *Plan, d float64) {
			m.Limits.MinSeparation = math.Hypot(p.Stick.Pairs[0].AtOpenM, p.Stick.Pairs[0].AtOpenVertM) + d
		}, "separation talent/camera"},
	}
	for _, c := range cases {
		for _, tc := range []struct {
			d    float64
			want check.Status
		}{{-0.01, check.Go}, {0.01, check.NoGo}} {
			m := defaultMission(t)
			c.set(m, base, tc.d)
			p := solveM(t, m)
			got, ok := checkNamed(p, c.check)
			if !ok {
				t.Fatalf("%s: no check %q", c.name, c.check)
			}
			if got.Status != tc.want {
				t.Errorf("%s (delta %+.2f): %s = %s (%s vs %s), want %s", c.name, tc.d, c.check, got.Status, got.Value, got.Limit, tc.want)
			}
			if tc.want == check.NoGo && got.Status == check.NoGo && p.Verdict == "GO" {
				t.Errorf("%s: GO with a no-go check", c.name)
			}
		}
	}
}

// No winds is never a silent GO.
func TestNoWindsIsNoGo(t *testing.T) {
	m := defaultMission(t)
	m.Winds.Layers = nil
	p := solveM(t, m)
	c, ok := checkNamed(p, "winds")
	if !ok || c.Status != check.NoGo || p.Verdict != "NO-GO" {
		t.Fatalf("no winds: check %+v verdict %s", c, p.Verdict)
	}
}

// Property: over many random missions the verdict is never GO while a check is no-go,
// and it is GO whenever no check is no-go.
func TestNeverGoWithFailingCheck(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 60
	if testing.Short() {
		n = 15
	}
	for i := 0; i < n; i++ {
		m := defaultMission(t)
		m.Aircraft.Altitude = (8000 + r.Float64()*25000) * units.Foot
		m.Jumpers[0].OpenAt = (500 + r.Float64()*4000) * units.Foot
		m.Jumpers[1].OpenAt = (500 + r.Float64()*4000) * units.Foot
		m.Jumpers[1].Mass = 60 + r.Float64()*100
		k := r.Float64() * 2.5
		rot := r.Float64() * 360
		for j := range m.Winds.Layers {
			m.Winds.Layers[j].Speed *= k
			m.Winds.Layers[j].FromDeg = math.Mod(m.Winds.Layers[j].FromDeg+rot, 360)
		}
		m.Target.Radius = 5 + r.Float64()*100
		p, err := Solve(Inputs{Mission: m})
		if err != nil {
			continue // not flyable at all: an error, never a verdict
		}
		nogo := false
		for _, c := range p.Checks {
			nogo = nogo || c.Status == check.NoGo
		}
		if nogo == (p.Verdict == "GO") {
			t.Fatalf("mission %d: verdict %s with a no-go check = %v", i, p.Verdict, nogo)
		}
	}
}

// BenchmarkPlan is one full plan of the default mission.
func BenchmarkPlan(b *testing.B) {
	m, err := mission.Default()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Solve(Inputs{Mission: m}); err != nil {
			b.Fatal(err)
		}
	}
}

// The covert insertion: the target lies 3 km inside a border and the wind blows
// from beyond it. HALO cannot keep the aircraft a nautical mile outside and still
// reach the target (NO-GO, saying why); HAHO reaches it from far outside, and the
// plan reports where its canopy crosses the border and at what altitude.
func TestBorderStandOff(t *testing.T) {
	m := defaultMission(t)
	m.Airspace = []mission.Airspace{{Name: "border", Points: [][2]float64{{23.5, 54.0}, {24.7, 54.0}, {24.7, 54.63}, {23.5, 54.63}}}}
	m.HAHO = &mission.HAHO{OpenAt: math.NaN()}
	for i := range m.Winds.Layers {
		m.Winds.Layers[i].FromDeg = 90
	}
	p := solveM(t, m)
	a := p.Airspace
	if a == nil {
		t.Fatal("no airspace report")
	}
	c, _ := checkNamed(p, "airspace")
	if a.Clear || c.Status != check.NoGo || p.Verdict != "NO-GO" {
		t.Errorf("HALO through the border: clear %v, check %s, verdict %s", a.Clear, c.Status, p.Verdict)
	}
	h := p.HAHO
	if h == nil || h.StandoffM < 10000 || math.Abs(h.BearingDeg-90) > 30 {
		t.Fatalf("HAHO %+v: want a stand-off of many km upwind (east)", h)
	}
	if len(h.Crossings) == 0 {
		t.Fatal("HAHO canopy crosses the border but no crossing is reported")
	}
	x := h.Crossings[0]
	if x.Phase != "canopy" || x.AltM <= m.Target.Elevation || x.AltM >= m.Aircraft.Altitude {
		t.Errorf("HAHO crossing %+v: want under canopy between the ground and the exit", x)
	}
	t.Logf("HALO: %s; HAHO: stand-off %.1f km on %03.0f°, %.0f s under canopy, crosses the border at %.0f m MSL", a.Note, h.StandoffM/1000, h.BearingDeg, h.CanopyS, x.AltM)
}

// A border just beyond the planned run-in: the planner moves the run (shift along
// the green light or a new heading) so the aircraft stays outside the margin, and the
// jumpers still land on the target.
func TestBorderAvoided(t *testing.T) {
	base := solveM(t, defaultMission(t))
	// the run-in starts east of the release point (heading west): put a border 300 m
	// south of the run-in's start, so the unmodified run is within the 1 NM margin
	start := base.JumpRun.Line[0]
	m := defaultMission(t)
	d := 300.0 / 111e3
	m.Airspace = []mission.Airspace{{Name: "border", Points: [][2]float64{
		{start.Lat - d, start.Lon - 0.02}, {start.Lat - d, start.Lon + 0.2}, {start.Lat - 0.5, start.Lon + 0.2}, {start.Lat - 0.5, start.Lon - 0.02}}}}
	p := solveM(t, m)
	a := p.Airspace
	if !a.Clear || a.ClosestM < a.MarginM {
		t.Fatalf("run not cleared: %+v", a)
	}
	if a.HeadingChangeDeg == 0 && a.ShiftM == 0 {
		t.Errorf("the run was not moved, yet the original came within %.0f m", a.MarginM)
	}
	for _, j := range p.Jumpers {
		if j.LandingErrorM > m.Target.Radius {
			t.Errorf("%s lands %.0f m out after moving the run", j.Name, j.LandingErrorM)
		}
	}
	t.Logf("moved: heading %+.0f°, shift %.0f m; closest approach %.0f m", a.HeadingChangeDeg, a.ShiftM, a.ClosestM)
}

// More checks at, just inside and just past their limits: winds' age, the AAD
// margin and the light window.
func TestMoreChecksAtLimits(t *testing.T) {
	base := solveM(t, defaultMission(t))
	age := *base.Environment.WindAgeH * 3600
	openAGL := base.Jumpers[0].CanopyOpenAGL
	el := base.Sun[0].ElevationDeg
	cases := []struct {
		name   string
		set    func(m *mission.Mission, d float64)
		check  string
		beyond check.Status
	}{
		{"winds age", func(m *mission.Mission, d float64) { m.Limits.MaxWindAge = age - d }, "winds age", check.NoGo},                         // a limit is a no-go limit
		{"AAD margin", func(m *mission.Mission, d float64) { m.Limits.AADMargin = openAGL - m.Limits.AADAlt + d }, "talent: AAD", check.NoGo}, // limits.aad_margin is a no-go limit
		{"light window", func(m *mission.Mission, d float64) {
			m.Light = &mission.Light{SunMin: el + d, SunMax: el + 10}
		}, "light window", check.Caution},
	}
	for _, c := range cases {
		for _, tc := range []struct {
			d    float64
			want check.Status
		}{{-0.01, check.Go}, {0.01, c.beyond}} {
			m := defaultMission(t)
			c.set(m, tc.d)
			got, ok := checkNamed(solveM(t, m), c.check)
			if !ok {
				t.Fatalf("%s: no check %q", c.name, c.check)
			}
			if got.Status != tc.want {
				t.Errorf("%s (delta %+.2f): %s (%s against %s), want %s", c.name, tc.d, got.Status, got.Value, got.Limit, tc.want)
			}
		}
	}
	// the winds' valid window: a jump after it is a no-go
	m := defaultMission(t)
	m.Winds.ValidTo = base.ExitTime.Add(-time.Second)
	if c, _ := checkNamed(solveM(t, m), "winds age"); c.Status != check.NoGo {
		t.Errorf("jump after the forecast's valid time: %s", c.Status)
	}
	m = defaultMission(t)
	m.Winds.ValidTo = base.ExitTime.Add(time.Second)
	if c, _ := checkNamed(solveM(t, m), "winds age"); c.Status != check.Go {
		t.Errorf("jump inside the forecast's valid time: %s", c.Status)
	}
}

// A SolveContext whose context is done stops with the context's error.
func TestSolveContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := SolveContext(ctx, Inputs{Mission: defaultMission(t)}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled solve: %v", err)
	}
}

// A camera flyer who opens after a free-fall time (no AGL opening) is still planned.
func TestCameraTimedOpening(t *testing.T) {
	m := defaultMission(t)
	m.Jumpers[1].OpenAt, m.Jumpers[1].OpenAfter = math.NaN(), 100
	p := solveM(t, m)
	if p.Camera == nil || !(p.Camera.MatchedCdAM2 > 0) {
		t.Fatalf("camera plan %+v", p.Camera)
	}
}

// Two solo jumpers 2 s apart, one opening at 4,000 ft and the other at 2,000 ft:
// the low opener falls past the high one's open canopy about 100 m away. That is
// a NO-GO, whatever their opening points' vertical distance says.
func TestFreefallerPassesOpenCanopy(t *testing.T) {
	m := defaultMission(t)
	m.Jumpers[0].Role, m.Jumpers[1].Role = "solo", "solo"
	m.Jumpers[0].ExitDelay, m.Jumpers[0].ExitDelayGiven = 0, true
	m.Jumpers[1].ExitDelay, m.Jumpers[1].ExitDelayGiven = 2, true
	m.Jumpers[0].OpenAt, m.Jumpers[1].OpenAt = 4000*units.Foot, 2000*units.Foot
	m.Jumpers[1].Drag = m.Jumpers[0].Drag
	p := solveM(t, m)
	c, ok := checkNamed(p, "canopy clearance talent/camera")
	if !ok || c.Status != check.NoGo || p.Verdict != "NO-GO" {
		t.Fatalf("canopy clearance %+v, verdict %s", c, p.Verdict)
	}
	t.Logf("%s: %s", c.Name, c.Value)
}

// Edge missions from the code review: each plans (no error) and says what it must.
func TestEdgeMissions(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(m *mission.Mission)
		verify func(t *testing.T, p *Plan)
	}{
		{"opening too low for the deployment: impact is a NO-GO, not an error", func(m *mission.Mission) { m.Jumpers[0].OpenAt = 150 * units.Foot },
			func(t *testing.T, p *Plan) {
				if c, ok := checkNamed(p, "talent: ground impact"); !ok || c.Status != check.NoGo || p.Verdict != "NO-GO" {
					t.Errorf("impact check %+v verdict %s", c, p.Verdict)
				}
			}},
		{"free-fall time longer than the fall", func(m *mission.Mission) { m.Jumpers[0].OpenAt, m.Jumpers[0].OpenAfter = math.NaN(), 200 },
			func(t *testing.T, p *Plan) {
				if p.Verdict != "NO-GO" || !p.Jumpers[0].Impact {
					t.Errorf("verdict %s impact %v", p.Verdict, p.Jumpers[0].Impact)
				}
			}},
		{"camera exit delay with the talent's solved", func(m *mission.Mission) {
			m.Jumpers[0].ExitDelay, m.Jumpers[0].ExitDelayGiven = math.NaN(), false
			m.Jumpers[1].ExitDelay, m.Jumpers[1].ExitDelayGiven = 1, true
		}, func(t *testing.T, p *Plan) {
			if d := p.Jumpers[1].ExitOffsetS - p.Jumpers[0].ExitOffsetS; d != 1 {
				t.Errorf("camera exits %.2f s after the talent, want 1 s", d)
			}
		}},
		{"fixed canopy heading", func(m *mission.Mission) { m.Jumpers[0].Canopy.HeadingDeg = 90; m.Jumpers[0].Canopy.Final = 0 },
			func(t *testing.T, p *Plan) {
				if p.Jumpers[0].LandingErrorM > 5 {
					t.Errorf("fixed-heading canopy lands %.1f m out", p.Jumpers[0].LandingErrorM)
				}
			}},
		{"camera with a timed opening keeps its break-off", func(m *mission.Mission) {
			m.Jumpers[1].OpenAt, m.Jumpers[1].OpenAfter = math.NaN(), 100
		}, func(t *testing.T, p *Plan) {
			if p.Camera == nil || p.Camera.BreakoffAGLM <= 0 {
				t.Fatalf("no break-off: %+v", p.Camera)
			}
			if c, _ := checkNamed(p, "separation talent/camera"); c.Status != check.Go {
				t.Errorf("separation %s: %s", c.Status, c.Value)
			}
		}},
		{"balloon in calm air", func(m *mission.Mission) {
			m.Aircraft.Balloon, m.Aircraft.Airspeed = true, 0
			for i := range m.Winds.Layers {
				m.Winds.Layers[i].Speed = 0
			}
		}, func(t *testing.T, p *Plan) {
			if p.HandMethod.ForwardThrowM != 0 {
				t.Errorf("balloon forward throw %.0f m", p.HandMethod.ForwardThrowM)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := defaultMission(t)
			c.edit(m)
			p, err := Solve(Inputs{Mission: m})
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			c.verify(t, p)
		})
	}
}

// The HAHO stand-off keeps ATP 3-18.11's canopy safety factor [ATP3-18.11]: the
// farthest exit is the one whose canopy is still over the target with 2,000 ft to
// spare, not the one that just reaches it at the ground. Without the factor the
// stand-off is longer by at least what the canopy covers in those 2,000 ft
// (610 m at ~5 m/s sink is ~2 min, over a kilometre at the canopy's airspeed).
func TestHAHOStandoffKeepsTheSafetyFactor(t *testing.T) {
	standoff := func(sf float64) *HAHO {
		m := defaultMission(t)
		m.HAHO = &mission.HAHO{OpenAt: 20000 * units.Foot}
		m.Limits.CanopySafetyFactor = sf
		h := solveM(t, m).HAHO
		if h == nil || h.StandoffM <= 0 {
			t.Fatalf("safety factor %.0f m: no HAHO stand-off: %+v", sf, h)
		}
		return h
	}
	with, without := standoff(2000*units.Foot), standoff(0)
	j := defaultMission(t).Jumpers[0].Canopy
	least := 0.5 * (2000 * units.Foot / j.Sink) * j.Airspeed
	t.Logf("stand-off %.0f m with the 2,000 ft safety factor, %.0f m without (at least %.0f m apart)", with.StandoffM, without.StandoffM, least)
	if with.SafetyFactorM != 2000*units.Foot || without.StandoffM-with.StandoffM < least {
		t.Errorf("stand-off %.0f m with the safety factor (%.0f m), %.0f m without: want at least %.0f m shorter", with.StandoffM, with.SafetyFactorM, without.StandoffM, least)
	}
}
