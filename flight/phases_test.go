package flight

import (
	"errors"
	"math"
	"reflect"
	"testing"
)

// A drag phase is the same fall as two simulations stitched at the phase's start:
// the first flown to the phase (OpenAfter or OpenAGL at its moment), the second
// from that state with the phase's drag. Timed and altitude phases, one and two of
// them (a drogue opened, then released), agree with the stitched fall to the
// integrator's tolerance (limits 0.01 s, 0.05 m/s, 0.05 m).
func TestDragPhasesMatchStitchedFalls(t *testing.T) {
	env := stdEnv(t, 0)
	body := recordDrag(0.82, 0.72)
	drogue := Drag{CdA: 1.9}
	for _, c := range []struct {
		name   string
		phases []DragPhase
	}{
		{"drogue at 13 s", []DragPhase{{Name: "drogue_open", After: 13, Drag: drogue}}},
		{"drogue at 25 km", []DragPhase{{Name: "drogue_open", Alt: 25000, Drag: drogue}}},
		{"drogue at 13 s released at 12 km", []DragPhase{{Name: "drogue_open", After: 13, Drag: drogue}, {Name: "drogue_release", Alt: 12000, Drag: body}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := balloonJump(kitMass, body, kitExit, kitOpen)
			j.Phases = c.phases
			got := mustSim(t, env, j, Options{})
			if len(got.Phases) != len(c.phases) {
				t.Fatalf("%d phase events, want %d", len(got.Phases), len(c.phases))
			}
			// stitched: fly each leg to the next phase as a "deployment"
			z, vu, t0, vmax := kitExit, 0.0, 0.0, 0.0
			d := body
			for i, ph := range c.phases {
				leg := balloonJump(kitMass, d, z, 0)
				leg.VU = vu
				if ph.Alt > 0 {
					leg.OpenAGL = ph.Alt
				} else {
					leg.OpenAfter = ph.After - t0
				}
				r := mustSim(t, env, leg, Options{FreefallOnly: true})
				z, vu, t0, vmax = r.Deploy.Alt, -r.Deploy.VDown, t0+r.Freefall, math.Max(vmax, r.MaxSpeed)
				e := got.Phases[i]
				if e.Name != ph.Name || math.Abs(e.T-t0) > 0.01 || math.Abs(e.Alt-z) > 0.05 || math.Abs(e.VDown+vu) > 0.05 {
					t.Errorf("phase %d: %+v, stitched t %.3f s, %.2f m, %.2f m/s", i, e, t0, z, -vu)
				}
				d = ph.Drag
			}
			last := balloonJump(kitMass, d, z, kitOpen)
			last.VU = vu
			r := mustSim(t, env, last, Options{})
			ff, vm := t0+r.Freefall, math.Max(vmax, r.MaxSpeed)
			t.Logf("free fall %.3f s (stitched %.3f s), max %.3f m/s (stitched %.3f m/s)", got.Freefall, ff, got.MaxSpeed, vm)
			if math.Abs(got.Freefall-ff) > 0.01 || math.Abs(got.MaxSpeed-vm) > 0.05 {
				t.Errorf("free fall %.3f s, max %.3f m/s; stitched %.3f s, %.3f m/s", got.Freefall, got.MaxSpeed, ff, vm)
			}
			ev := got.Events()
			for i := 1; i < len(ev); i++ {
				if ev[i].T < ev[i-1].T {
					t.Errorf("events out of order: %v", ev)
				}
			}
		})
	}
}

// A phase at exit (After 0) is the phase's drag for the whole fall; a phase below
// the opening never starts; a later phase whose moment has passed starts at once.
func TestDragPhaseEdges(t *testing.T) {
	env := stdEnv(t, 0)
	body, drogue := recordDrag(0.82, 0.72), Drag{CdA: 1.5}
	j := balloonJump(eusMass, body, eusExit, eusOpen)
	j.Phases = []DragPhase{{Name: "drogue_open", Drag: drogue}}
	a := mustSim(t, env, j, Options{})
	b := mustSim(t, env, balloonJump(eusMass, drogue, eusExit, eusOpen), Options{})
	if math.Abs(a.Freefall-b.Freefall) > 1e-3 || len(a.Phases) != 1 || a.Phases[0].T != 0 {
		t.Errorf("drogue at exit: %.4f s, phases %v; drogue as the body drag %.4f s", a.Freefall, a.Phases, b.Freefall)
	}
	j.Phases = []DragPhase{{Name: "late", Alt: eusOpen - 500, Drag: drogue}}
	if r := mustSim(t, env, j, Options{}); len(r.Phases) != 0 {
		t.Errorf("a phase below the opening started: %v", r.Phases)
	}
	j.Phases = []DragPhase{{Name: "first", Alt: 30000, Drag: drogue}, {Name: "second", After: 5, Drag: body}}
	r := mustSim(t, env, j, Options{})
	if len(r.Phases) != 2 || r.Phases[1].T != r.Phases[0].T {
		t.Errorf("a passed phase did not start at once: %v", r.Phases)
	}
}

func TestDragPhaseInputErrors(t *testing.T) {
	env := stdEnv(t, 100)
	for _, ph := range []DragPhase{
		{Name: "no drag"},
		{Name: "negative", After: -1, Drag: Drag{CdA: 1}},
		{Name: "below ground", Alt: 50, Drag: Drag{CdA: 1}},
		{Name: "table", Drag: Drag{CdA: 1, Mach: []float64{1, 0.5}, Factor: []float64{1, 1}}},
		{Name: "nan", After: math.NaN(), Drag: Drag{CdA: 1}},
	} {
		j := balloonJump(100, Drag{CdA: 0.5}, 5000, 1000)
		j.Phases = []DragPhase{ph}
		if _, err := Simulate(env, j, Options{}); !errors.Is(err, ErrInput) {
			t.Errorf("%s: error %v, want ErrInput", ph.Name, err)
		}
	}
}

// ScaleDrag scales every drag area and leaves the original jump's phases alone.
func TestScaleDragCopiesPhases(t *testing.T) {
	j := Jump{Drag: Drag{CdA: 1}, Track: Track{CdA: 0.6}, Phases: []DragPhase{{Drag: Drag{CdA: 2}}}}
	k := j
	k.ScaleDrag(1.5)
	if k.Drag.CdA != 1.5 || math.Abs(k.Track.CdA-0.9) > 1e-12 || k.Phases[0].Drag.CdA != 3 || j.Phases[0].Drag.CdA != 2 {
		t.Errorf("scaled %+v, original %+v", k, j)
	}
}

// TestDeployShape: the deployment shape's b gives the asked mean of
// (1-τ)/(1+bτ) over [0, 1], by Simpson's rule on 200,000 intervals (independent
// of the closed form the solver uses), from fast decays to slow ones and the
// linear one.
func TestDeployShape(t *testing.T) {
	for _, f := range []float64{0.002, 0.05, 0.2, 0.35, 0.4999, 0.5, 0.5001, 0.7, 0.9, 0.99} {
		b := deployShape(f)
		const n = 200000
		s := 0.0
		for i := 0; i <= n; i++ {
			τ := float64(i) / n
			w := 2.0
			switch {
			case i == 0 || i == n:
				w = 1
			case i%2 == 1:
				w = 4
			}
			s += w * (1 - τ) / (1 + b*τ)
		}
		mean := s / (3 * n)
		if math.Abs(mean-f) > 1e-9 {
			t.Errorf("f = %v: b = %v gives the mean %v", f, b, mean)
		}
	}
}

// A recording that starts late (RecordFrom) holds the same samples as one from the
// exit from its first sample on (the first multiple of Record at or after
// RecordFrom), and the jump is the same.
func TestRecordFrom(t *testing.T) {
	env := benchEnv(t)
	j := benchJump(t, env)
	base := Options{RTol: 1e-5, ATol: 1e-3, Record: 0.5, RecordUntil: 170, PositionsOnly: true}
	full, err := Simulate(env, j, base)
	if err != nil {
		t.Fatal(err)
	}
	for _, from := range []float64{0.2, 37, 41.5, 120} {
		o := base
		o.RecordFrom = from
		late, err := Simulate(env, j, o)
		if err != nil {
			t.Fatal(err)
		}
		skip := int(math.Ceil(from / o.Record))
		if late.Land != full.Land || late.Freefall != full.Freefall {
			t.Errorf("from %v s: the jump changed: %+v vs %+v", from, late.Land, full.Land)
		}
		if !reflect.DeepEqual(late.Trace, full.Trace[skip:]) {
			t.Errorf("from %v s: %d samples from %v s, want the %d from exit's last %d", from, len(late.Trace), late.Trace[0].T, len(full.Trace), len(full.Trace)-skip)
		}
	}
}
