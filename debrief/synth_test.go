package debrief

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"halo/flight"
	"halo/mission"
	"halo/plan"
	"halo/track"
)

// falloutPlan solves the embedded fallout mission.
func falloutPlan(t testing.TB) *plan.Plan {
	t.Helper()
	m, err := mission.Default()
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Solve(plan.Inputs{Mission: m})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// synthJump describes a flown jump that departs from the plan in known ways.
type synthJump struct {
	jumper        string
	along, across float64 // exit offset from the planned exit point, m
	cda           float64 // true drag area, m² (0: the plan's)
	openAGL       float64 // true deployment height, m AGL (0: the plan's)
	velNoise      float64 // 1-σ white noise on each velocity component, m/s
	posNoise      float64 // 1-σ noise on horizontal position, m
	sacc          float64 // sAcc written in every row, m/s
	seed          uint64
	start         time.Time
}

// synthTrack flies sj through the plan's environment with the simulator and writes
// it as a 5 Hz track: 20 s on the jump run before the exit, the jump, 20 s at rest
// after landing. It returns the track and the simulator's result (the truth).
func synthTrack(t testing.TB, p *plan.Plan, sj synthJump) (*track.Track, flight.Result, flight.Jump) {
	t.Helper()
	ji, err := JumperIndex(p, sj.jumper)
	if err != nil {
		t.Fatal(err)
	}
	fj := p.Jumps[ji]
	ue, un := p.TrackUnit[0], p.TrackUnit[1]
	fj.E += sj.along*ue + sj.across*un
	fj.N += sj.along*un - sj.across*ue
	if sj.cda > 0 {
		fj.Drag.CdA = sj.cda
	}
	if sj.openAGL > 0 {
		fj.OpenAGL = sj.openAGL
	}
	const dt = 0.2
	res, err := flight.Simulate(p.Env.Flight, &fj, flight.Options{Record: dt})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(sj.seed, 7))
	n := func(s float64) float64 { return s * rng.NormFloat64() }
	if sj.start.IsZero() {
		sj.start = time.Date(2026, 11, 25, 10, 51, 32, 0, time.UTC)
	}
	tr := &track.Track{Format: "synthetic (flight.Simulate)", AltRef: "MSL"}
	fr := p.Env.Frame
	g := p.Target.ElevationM
	add := func(ts, e, nn, z, ve, vn, vu float64) {
		lat, lon, _ := fr.ToGeodetic(e+n(sj.posNoise), nn+n(sj.posNoise), 0)
		tr.Points = append(tr.Points, track.Point{T: sj.start.Add(time.Duration(math.Round(ts * 1e9))), Lat: lat, Lon: lon, HMSL: z + n(sj.posNoise),
			VelN: vn + n(sj.velNoise), VelE: ve + n(sj.velNoise), VelD: -vu + n(sj.velNoise),
			HAcc: 3, VAcc: 5, SAcc: sj.sacc, NumSV: 12, Line: len(tr.Points) + 1})
	}
	for k := 100; k >= 1; k-- { // on the aircraft
		ts := -float64(k) * dt
		add(ts, fj.E+fj.VE*ts, fj.N+fj.VN*ts, fj.Z, fj.VE, fj.VN, 0)
	}
	for _, s := range res.Trace {
		add(s.T, s.E, s.N, s.Z, s.VE, s.VN, s.VU)
	}
	last := res.Trace[len(res.Trace)-1]
	for k := 1; k <= 100; k++ {
		add(last.T+float64(k)*dt, res.Land.E, res.Land.N, g, 0, 0, 0)
	}
	// shift times so that the first point is at sj.start
	t0 := tr.Points[0].T
	for i := range tr.Points {
		tr.Points[i].T = sj.start.Add(tr.Points[i].T.Sub(t0))
	}
	return tr, res, fj
}

// TestCompareSynthetic debriefs simulated jumps whose true answers are known:
// exit offset, opening height, landing error and drag area.
func TestCompareSynthetic(t *testing.T) {
	p := falloutPlan(t)
	cases := []struct {
		name string
		sj   synthJump
	}{
		{"late and right, draggier, low", synthJump{jumper: "talent", along: 420, across: 60, cda: 0.56, openAGL: 520, velNoise: 0.2, posNoise: 1, sacc: 0.4, seed: 1}},
		{"early and left, as planned drag", synthJump{jumper: "camera", along: -300, across: -80, velNoise: 0.3, posNoise: 2, sacc: 0.6, seed: 2}},
		{"on the point, no noise", synthJump{jumper: "talent", sacc: 0.3, seed: 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, res, fj := synthTrack(t, p, c.sj)
			ph, err := track.DetectPhases(tr)
			if err != nil {
				t.Fatal(err)
			}
			if len(ph.Absent) > 0 {
				t.Fatalf("phases absent: %v", ph.Absent)
			}
			g := p.Target.ElevationM
			mt := track.Analyze(tr, ph, g)
			r := Compare(tr, ph, mt, p, c.sj.jumper, math.NaN())
			d := r.PlanDiff
			if d == nil {
				t.Fatalf("no plan diff; notes %v", r.Notes)
			}
			// exit offset: the detected exit is within 0.4 s of the true one (GPS
			// filter lag), i.e. within ~20 m along the run at 46 m/s.
			if math.Abs(d.ExitAlongM-c.sj.along) > 20 || math.Abs(d.ExitAcrossM-c.sj.across) > 8 {
				t.Errorf("exit offset %.1f along %.1f across, want %.0f, %.0f", d.ExitAlongM, d.ExitAcrossM, c.sj.along, c.sj.across)
			}
			wantIn := c.sj.along >= p.GreenLight.StartM && c.sj.along <= p.GreenLight.EndM
			if d.InGreenLight != wantIn {
				t.Errorf("in green light %v, want %v", d.InGreenLight, wantIn)
			}
			// landing error: the simulator's landing point, within the position noise
			trueLand := math.Hypot(res.Land.E, res.Land.N)
			if math.Abs(r.LandingErrorM-trueLand) > 3*c.sj.posNoise+0.5 {
				t.Errorf("landing error %.1f m, true %.1f m", r.LandingErrorM, trueLand)
			}
			// deployment height (AGL above the target) and free fall. The simulator's
			// deployment relaxes the speed as (1-τ/T)^k with k < 1 for a 300 ft loss:
			// the deceleration starts gently, and track.DetectPhases (onset at a
			// quarter of the peak deceleration) puts the start up to 1.4 s later
			// after a break-off track (40 m/s down); its phases are trusted here.
			if math.Abs(r.DeployAltAGL-(res.Deploy.Alt-g)) > 70 {
				t.Errorf("deploy AGL %.0f, true %.0f", r.DeployAltAGL, res.Deploy.Alt-g)
			}
			if math.Abs(r.OpenAltAGL-(res.Open.Alt-g)) > 25 {
				t.Errorf("canopy open AGL %.0f, true %.0f", r.OpenAltAGL, res.Open.Alt-g)
			}
			if math.Abs(r.FreefallS-res.Freefall) > 2.0 {
				t.Errorf("free fall %.2f s, true %.2f s", r.FreefallS, res.Freefall)
			}
			// drag area within its stated uncertainty (2 σ) and 3 %
			if math.Abs(r.FittedCdA-fj.Drag.CdA) > 2*r.FittedCdAErr || math.Abs(r.FittedCdA/fj.Drag.CdA-1) > 0.03 {
				t.Errorf("CdA %.4f ± %.4f, true %.4f", r.FittedCdA, r.FittedCdAErr, fj.Drag.CdA)
			}
			if !(r.FittedCdAErr > 0) {
				t.Errorf("no uncertainty: %v", r.FittedCdAErr)
			}
			// canopy sink at sea level: the mission's
			if math.Abs(r.CanopySink-fj.Canopy.Sink) > 0.3 {
				t.Errorf("canopy sink %.2f, true %.2f", r.CanopySink, fj.Canopy.Sink)
			}
			if len(r.Summary) == 0 {
				t.Error("no summary")
			}
			t.Logf("CdA %.4f ± %.4f (true %.3f); exit %.0f/%.0f m; landing %.1f m; summary:", r.FittedCdA, r.FittedCdAErr, fj.Drag.CdA, d.ExitAlongM, d.ExitAcrossM, r.LandingErrorM)
			for _, f := range r.Summary {
				t.Logf("  %6.0f m  %s", f.EffectM, f.Text)
			}
		})
	}
}
