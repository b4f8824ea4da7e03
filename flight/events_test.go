package flight

import (
	"errors"
	"math"
	"reflect"
	"sync"
	"testing"
)

// TestDeploymentAltitude: deployment starts exactly at the planned height above the
// ground (the event is located on the step's interpolant, not at a step end): within
// 1e-6 m for every accuracy case that opens by altitude; an OpenAfter jump deploys at
// exactly OpenAfter seconds.
func TestDeploymentAltitude(t *testing.T) {
	for _, c := range accuracyCases(t) {
		r := mustSim(t, c.env, c.j, Options{})
		if c.j.OpenAfter > 0 {
			if r.Freefall != c.j.OpenAfter || r.Deploy.T != c.j.OpenAfter {
				t.Errorf("%s: deployment at %.15g s (free fall %.15g s), want OpenAfter %g s", c.name, r.Deploy.T, r.Freefall, c.j.OpenAfter)
			}
			continue
		}
		want := c.env.Ground + c.j.OpenAGL
		t.Logf("%s: deployment at %.9f m MSL, planned %.9f m (%+.1e m)", c.name, r.Deploy.Alt, want, r.Deploy.Alt-want)
		if math.Abs(r.Deploy.Alt-want) > 1e-6 {
			t.Errorf("%s: deployment at %.9f m MSL, planned %.9f m", c.name, r.Deploy.Alt, want)
		}
		if r.Deploy.T != r.Freefall {
			t.Errorf("%s: deployment event at %v s, free fall %v s", c.name, r.Deploy.T, r.Freefall)
		}
	}
}

// TestLandingAtGround: the landing event is on the ground elevation exactly, and the
// recorded trace ends there.
func TestLandingAtGround(t *testing.T) {
	for _, c := range accuracyCases(t) {
		r := mustSim(t, c.env, c.j, Options{Record: 1})
		if r.Land.Alt != c.env.Ground {
			t.Errorf("%s: landing at %.17g m MSL, ground %.17g m", c.name, r.Land.Alt, c.env.Ground)
		}
		last := r.Trace[len(r.Trace)-1]
		if last.Phase != PhaseLanded || last.Z != c.env.Ground || last.T != r.Land.T {
			t.Errorf("%s: trace ends with %+v, want the landing at %v s on %v m", c.name, last, r.Land.T, c.env.Ground)
		}
	}
}

// TestAAD: a CYPRES-like AAD (Expert mode: 225 m = 750 ft AGL, 35 m/s; [CYPRES])
// fires when the jumper is still in free fall at its altitude, and not when the canopy
// is open above it (the jump passes its altitude slowly).
func TestAAD(t *testing.T) {
	env := benchEnv(t)
	for _, c := range []struct {
		openFt float64
		fire   bool
	}{
		{300, true},   // low pull: still in free fall at 750 ft
		{700, true},   // deployment starts below 750 ft: free fall at 750 ft
		{1000, false}, // deployment loss 300 ft: canopy nearly open, slow, at 750 ft
		{2500, false}, // canopy open 2,200 ft AGL
	} {
		j := benchJump(t, env)
		j.OpenAGL = c.openFt * ft
		j.AADAlt, j.AADSpeed = 225, 35
		r, err := Simulate(env, j, Options{})
		// a pull at 300 ft with a 300 ft deployment loss reaches the ground as the
		// canopy opens: an impact, reported as an error, with the AAD result filled
		if err != nil && !(errors.Is(err, ErrImpact) && j.OpenAGL <= j.Canopy.DeployLoss+1e-9) {
			t.Fatalf("open %.0f ft: %v", c.openFt, err)
		}
		if !r.AADCross {
			t.Errorf("open %.0f ft: the jump never passed the AAD altitude", c.openFt)
		}
		if r.AADFire != c.fire {
			t.Errorf("open %.0f ft: AAD fired = %v, want %v", c.openFt, r.AADFire, c.fire)
			continue
		}
		if r.AADFire {
			t.Logf("open %.0f ft: AAD fires at %.3f s, %.6f m MSL, %.1f m/s down", c.openFt, r.AADEvent.T, r.AADEvent.Alt, r.AADEvent.VDown)
			if math.Abs(r.AADEvent.Alt-(env.Ground+225)) > 1e-6 || r.AADEvent.VDown <= 35 {
				t.Errorf("open %.0f ft: AAD event at %.6f m MSL, %.1f m/s down; want %.1f m MSL faster than 35 m/s",
					c.openFt, r.AADEvent.Alt, r.AADEvent.VDown, env.Ground+225)
			}
		}
	}
}

// TestMaxSpeedEvent: the located maximum speed is a true local maximum: no sample of a
// fine trace (every 2 ms) exceeds it, the trace's own maximum is within 1e-6 m/s of it
// and within 2 ms of its time, the speed is lower 1 s on either side, and it agrees
// with a run at RTol 1e-12 to 0.1 m/s and 0.1 s (seen: 2e-4 m/s on the subsonic
// jumps; 0.026 m/s and 0.028 s on the record, whose drag table has kinks at Mach 0.6
// and 1.0 that the default tolerance steps over).
func TestMaxSpeedEvent(t *testing.T) {
	fallout := benchEnv(t)
	calm := stdEnv(t, 0)
	c, f := 0.82, 0.716 // the record's fitted table (TestBaumgartnerRecord), rounded
	for _, k := range []struct {
		name string
		env  *Env
		j    *Jump
	}{
		{"fallout", fallout, benchJump(t, fallout)},
		{"record", calm, balloonJump(bgMass, recordDrag(c, f), bgExit, bgOpen)},
		{"test 1", calm, balloonJump(bgMass, recordDrag(c, f), bgT1Exit, bgT1Open)},
	} {
		r := mustSim(t, k.env, k.j, Options{Record: 0.002})
		ref := mustSim(t, k.env, k.j, Options{RTol: 1e-12, ATol: 1e-9})
		var best Sample
		for _, s := range r.Trace {
			if s.Phase != PhaseFreefall {
				break
			}
			if s.Speed > best.Speed {
				best = s
			}
		}
		t.Logf("%s: max %.6f m/s at %.4f s (trace max %.6f at %.3f s; RTol 1e-12: %.6f at %.4f s)",
			k.name, r.MaxSpeed, r.MaxSpeedT, best.Speed, best.T, ref.MaxSpeed, ref.MaxSpeedT)
		if best.Speed > r.MaxSpeed+1e-9 || r.MaxSpeed-best.Speed > 1e-6 {
			t.Errorf("%s: located max %.9f m/s, fine trace max %.9f m/s", k.name, r.MaxSpeed, best.Speed)
		}
		if math.Abs(best.T-r.MaxSpeedT) > 0.002+1e-9 && r.MaxSpeed-best.Speed > 1e-9 {
			t.Errorf("%s: located max at %.4f s, fine trace max at %.4f s", k.name, r.MaxSpeedT, best.T)
		}
		for _, dt := range []float64{-1, 1} {
			i := int(math.Round((r.MaxSpeedT + dt) / 0.002))
			if i < 0 || i >= len(r.Trace) {
				continue
			}
			if r.Trace[i].Speed >= r.MaxSpeed {
				t.Errorf("%s: speed %.6f m/s at %.3f s is not below the max %.6f", k.name, r.Trace[i].Speed, r.Trace[i].T, r.MaxSpeed)
			}
		}
		if math.Abs(ref.MaxSpeed-r.MaxSpeed) > 0.1 || math.Abs(ref.MaxSpeedT-r.MaxSpeedT) > 0.1 {
			t.Errorf("%s: max %.6f m/s at %.4f s; at RTol 1e-12 %.6f at %.4f s", k.name, r.MaxSpeed, r.MaxSpeedT, ref.MaxSpeed, ref.MaxSpeedT)
		}
	}
}

// TestDeployLoss: the altitude lost from deployment start to open canopy is the
// canopy's DeployLoss, for several losses a deployment can have (between sink·T and
// the free-fall speed·T): to 1e-6 m at RTol 1e-12 (the deployment model's exponent
// is right), to 1 cm at the default tolerances (seen: up to 2.8 mm), and the
// deployment lasts DeployTime.
func TestDeployLoss(t *testing.T) {
	env := benchEnv(t)
	for _, loss := range []float64{40, 91.44, 120, 150} {
		for _, o := range []struct {
			opt Options
			tol float64
		}{{Options{}, 0.01}, {Options{RTol: 1e-12, ATol: 1e-9}, 1e-6}} {
			j := benchJump(t, env)
			j.Canopy.DeployLoss = loss
			r := mustSim(t, env, j, o.opt)
			t.Logf("DeployLoss %.2f m, RTol %g: lost %.7f m (%+.1e), open at %.3f s", loss, o.opt.RTol, r.DeployLossM, r.DeployLossM-loss, r.Open.T)
			if math.Abs(r.DeployLossM-loss) > o.tol {
				t.Errorf("DeployLoss %.2f m, RTol %g: the deployment lost %.7f m (limit %g m)", loss, o.opt.RTol, r.DeployLossM, o.tol)
			}
			if math.Abs(r.Open.T-r.Deploy.T-j.Canopy.DeployTime) > 1e-9 {
				t.Errorf("DeployLoss %.2f m: deployment took %.6f s, DeployTime %g s", loss, r.Open.T-r.Deploy.T, j.Canopy.DeployTime)
			}
		}
	}
}

// TestDeployLossOutOfReach: a DeployLoss the deployment model cannot produce (less than
// sink·DeployTime, or more than the free-fall speed·DeployTime) is never a silently
// different loss: the jump is flown with the nearest reachable loss and the result
// says so (DeployLossUnreachable, with the reachable range), so the plan can show a
// NO-GO with the reason instead of stopping (rc 1 and no plan).
func TestDeployLossOutOfReach(t *testing.T) {
	env := benchEnv(t)
	for _, loss := range []float64{10, 400} { // reachable here: about 16..181 m in 3 s from 61 m/s
		j := benchJump(t, env)
		j.Canopy.DeployLoss = loss
		r, err := Simulate(env, j, Options{})
		if err != nil {
			t.Fatalf("DeployLoss %.0f m: %v", loss, err)
		}
		lo, hi := r.DeployLossRange[0], r.DeployLossRange[1]
		if !r.DeployLossUnreachable || !(lo < hi) || loss > lo && loss < hi {
			t.Errorf("DeployLoss %.0f m: unreachable %v, range %.1f..%.1f m", loss, r.DeployLossUnreachable, lo, hi)
		}
		if want := math.Min(math.Max(loss, lo), hi); math.Abs(r.DeployLossM-want) > 1 {
			t.Errorf("DeployLoss %.0f m: lost %.1f m, want the nearest reachable %.1f m", loss, r.DeployLossM, want)
		}
	}
	j := benchJump(t, env)
	j.Canopy.DeployLoss = 91.44
	if r := mustSim(t, env, j, Options{}); r.DeployLossUnreachable {
		t.Error("a reachable DeployLoss flagged unreachable")
	}
}

// TestConcurrentIdentical: 100 goroutines flying the same jump in the same Env get
// identical results, trace included (run with -race: a Sim shares only read-only data).
func TestConcurrentIdentical(t *testing.T) {
	env := benchEnv(t)
	j := benchJump(t, env)
	want := mustSim(t, env, j, Options{Record: 0.5})
	var wg sync.WaitGroup
	res := make([]Result, 100)
	errs := make([]error, 100)
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i], errs[i] = Simulate(env, j, Options{Record: 0.5})
		}()
	}
	wg.Wait()
	for i := range res {
		if errs[i] != nil {
			t.Fatalf("goroutine %d: %v", i, errs[i])
		}
		if !reflect.DeepEqual(res[i], want) {
			t.Fatalf("goroutine %d: result differs from the single run", i)
		}
	}
}

// TestOpenAtOrAboveExit: an opening height at or above the exit height (a HAHO plan
// that means "open at once", or feet taken for metres) is an input error (ErrInput)
// naming OpenAfter as the fix; without the check the deployment crossing is never
// seen and the jumper reaches the ground in free fall.
func TestOpenAtOrAboveExit(t *testing.T) {
	env := benchEnv(t)
	for _, open := range []float64{7560, 8000} { // exit is 7,560 m above the ground
		j := benchJump(t, env)
		j.OpenAGL = open
		r, err := Simulate(env, j, Options{})
		if !errors.Is(err, ErrInput) {
			t.Errorf("OpenAGL %.0f m from %.0f m above the ground: error %v, want ErrInput (free fall %.1f s, deployment at %.1f m MSL)",
				open, j.Z-env.Ground, err, r.Freefall, r.Deploy.Alt)
		}
	}
}

// TestFreefallImpactIsAnError: a jump that reaches the ground in free fall (here
// OpenAfter longer than the fall, with no opening altitude) does not come back as an
// ordinary result: Simulate returns an error wrapping ErrImpact, and the Result says
// Impact with the landing at the ground.
func TestFreefallImpactIsAnError(t *testing.T) {
	env := benchEnv(t)
	j := benchJump(t, env)
	j.OpenAGL, j.OpenAfter = 0, 500
	r, err := Simulate(env, j, Options{})
	if !errors.Is(err, ErrImpact) || !r.Impact || r.Land.Alt != env.Ground {
		t.Errorf("free-fall impact at %.1f s, %.1f m/s: error %v, want ErrImpact; Impact %v, landing at %.1f m MSL (ground %.1f m)",
			r.Land.T, r.Land.VDown, err, r.Impact, r.Land.Alt, env.Ground)
	}
}

// TestMaxMach: Result.MaxMach is the largest Mach number of the free fall, kept
// independently of the maximum ground speed: in wind (air speed ≠ ground speed) the
// two maxima differ (head-down SciPy case: the Mach at the maximum ground speed is
// 0.3987, the largest Mach of a 10 ms trace 0.4073).
func TestMaxMach(t *testing.T) {
	for _, c := range loadScipyCases(t) {
		env, j := c.setup(t)
		r := mustSim(t, env, j, Options{Record: 0.01})
		var mm float64
		for _, s := range r.Trace {
			if s.Phase == PhaseFreefall && s.Mach > mm {
				mm = s.Mach
			}
		}
		if math.Abs(r.MaxMach-mm) > 1e-3 {
			t.Errorf("%s: MaxMach %.5f, the largest Mach of a 10 ms trace is %.5f", c.Name, r.MaxMach, mm)
		}
	}
}

// TestImpactDuringDeployment: a deployment started too low for its DeployLoss reaches
// the ground before the canopy is open (found by FuzzSimulate: OpenAGL 87 m, DeployLoss
// 91.44 m): Simulate returns an error wrapping ErrImpact and the Result says Impact,
// with the deployment started above the ground and the landing after it.
func TestImpactDuringDeployment(t *testing.T) {
	env := benchEnv(t)
	j := benchJump(t, env)
	j.OpenAGL = 87
	r, err := Simulate(env, j, Options{})
	if !errors.Is(err, ErrImpact) || !r.Impact || !(r.Deploy.Alt > env.Ground) || !(r.Land.T > r.Deploy.T) {
		t.Errorf("landed at %.1f s, %.1f m/s down, during a deployment started at %.1f s (%.1f m MSL): error %v, want ErrImpact; Impact %v",
			r.Land.T, r.Land.VDown, r.Deploy.T, r.Deploy.Alt, err, r.Impact)
	}
}

// FuzzSimulate flies random jumps (mass, drag, exit height and velocity, wind scale and
// rotation, opening height or time, canopy) and checks what must hold for any valid
// input: Simulate either returns an input error (ErrInput) or a ground impact before
// the canopy opened (ErrImpact, with Result.Impact set), or a result with finite
// numbers, events in time order, a deployment at the planned height or time, and a
// landing on the ground.
// Run: go test ./flight -run '^$' -fuzz FuzzSimulate -fuzztime 60s -parallel 1
func FuzzSimulate(f *testing.F) {
	f.Add(105.0, 0.5, 7620.0, -71.5, 0.0, 1.0, 0.0, 609.6, 0.0, 11.0, 5.0, 3.0, 91.44, false)
	f.Add(118.0, 0.6, 38969.4, 0.0, 0.0, 0.0, 0.0, 2566.8, 0.0, 11.0, 5.0, 3.0, 0.0, false)
	f.Add(95.0, 0.24, 10668.0, 80.0, 20.0, 2.0, 90.0, 1219.2, 0.0, 0.0, 7.0, 4.0, 150.0, true)
	f.Add(105.0, 0.5, 7620.0, -71.5, 0.0, 1.0, 0.0, 609.6, 10.0, 11.0, 5.0, 3.0, 91.44, false)
	f.Add(80.0, 0.78, 1500.0, 40.0, -10.0, 0.5, 180.0, 1000.0, 0.0, 9.0, 4.0, 2.0, 60.0, false)
	env := benchEnv(f)
	f.Fuzz(func(t *testing.T, mass, cda, z, ve, vn, wk, wrot, openAGL, openAfter, air, sink, dt, loss float64, round bool) {
		// keep to the envelope the simulator is specified for; outside it an error is fine
		if !(mass > 20 && mass < 400 && cda > 0.05 && cda < 5 && z > env.Ground+50 && z < 45000 &&
			math.Abs(ve) < 150 && math.Abs(vn) < 150 && wk >= 0 && wk < 3 && !math.IsNaN(wrot) && math.Abs(wrot) < 1e6 &&
			openAfter >= 0 && openAfter < 600 && air >= 0 && air < 25 && sink > 1 && sink < 15 && dt > 0.5 && dt < 10 &&
			loss >= 0 && loss < 1000) || math.IsNaN(openAGL) {
			return
		}
		e := *env
		e.Wind = env.Wind.Scaled(wk, wrot)
		d, _ := Preset("belly")
		d.CdA = cda
		u, v := e.Wind.At(z)
		c := Canopy{Airspeed: air, Sink: sink, DeployTime: dt, DeployLoss: loss, Final: 91.44, HeadingDeg: math.NaN()}
		if round {
			c.Airspeed, c.Final = 0, 0
		}
		j := &Jump{Mass: mass, Drag: d, Z: z, VE: u + ve, VN: v + vn, OpenAGL: openAGL, OpenAfter: openAfter, Canopy: c}
		r, err := Simulate(&e, j, Options{})
		switch {
		case errors.Is(err, ErrInput):
			return
		case errors.Is(err, ErrImpact):
			if !r.Impact || r.Land.Alt != e.Ground {
				t.Fatalf("%v: Impact %v, landing at %v m (ground %v m)", err, r.Impact, r.Land.Alt, e.Ground)
			}
			return
		case err != nil:
			t.Fatalf("error wraps neither ErrInput nor ErrImpact: %v", err)
		}
		for _, x := range []float64{r.Freefall, r.MaxSpeed, r.MaxMach, r.Deploy.Alt, r.Open.T, r.Land.T, r.Land.E, r.Land.N} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("non-finite result %+v", r)
			}
		}
		if r.Land.Alt != e.Ground {
			t.Fatalf("landing at %v m, ground %v m", r.Land.Alt, e.Ground)
		}
		if r.Impact || r.Open.Name == "" {
			t.Fatalf("no error, but Impact %v and Open event %+v", r.Impact, r.Open)
		}
		if !(0 <= r.Deploy.T && r.Deploy.T <= r.Open.T && r.Open.T <= r.Land.T) {
			t.Fatalf("events out of order: deploy %v s, open %v s, land %v s", r.Deploy.T, r.Open.T, r.Land.T)
		}
		byTime := openAfter > 0 && math.Abs(r.Freefall-openAfter) < 1e-9
		byAlt := openAGL > 0 && math.Abs(r.Deploy.Alt-(e.Ground+openAGL)) < 1e-6
		if !byTime && !byAlt {
			t.Fatalf("deployment at %v s, %v m MSL: neither OpenAfter %v s nor OpenAGL %v m", r.Freefall, r.Deploy.Alt, openAfter, openAGL)
		}
	})
}

// TestMaxSpeedEventPosition: the max_speed event of Events() carries where the
// jumper was and how fast it fell there (e_m, n_m, vdown_mps), not zeros: its
// position and vertical speed agree with a fine trace at the event's time.
func TestMaxSpeedEventPosition(t *testing.T) {
	for _, c := range accuracyCases(t) {
		r := mustSim(t, c.env, c.j, Options{Record: 0.002})
		var ev Event
		for _, e := range r.Events() {
			if e.Name == "max_speed" {
				ev = e
			}
		}
		if ev.Name == "" {
			t.Fatalf("%s: no max_speed event", c.name)
		}
		// the nearest trace sample to the event's time
		best := r.Trace[0]
		for _, s := range r.Trace {
			if math.Abs(s.T-ev.T) < math.Abs(best.T-ev.T) {
				best = s
			}
		}
		tol := 0.002 * (ev.Speed + 1) // one trace step of motion
		if math.Abs(ev.E-best.E) > tol || math.Abs(ev.N-best.N) > tol || math.Abs(ev.Alt-best.Z) > tol {
			t.Errorf("%s: max_speed at e %.2f n %.2f z %.2f, trace at %.3f s: e %.2f n %.2f z %.2f", c.name, ev.E, ev.N, ev.Alt, best.T, best.E, best.N, best.Z)
		}
		if math.Abs(ev.VDown-(-best.VU)) > 0.05 || !(ev.VDown > 0) {
			t.Errorf("%s: max_speed vdown %.3f m/s, trace %.3f m/s", c.name, ev.VDown, -best.VU)
		}
		if ev.E == 0 && ev.N == 0 && c.j.E == 0 && c.j.N == 0 && (c.j.VE != 0 || c.j.VN != 0) {
			t.Errorf("%s: max_speed at the exit point after %.1f s of flight with forward throw", c.name, ev.T)
		}
	}
}
