package track

import (
	"math"
	"strings"
	"testing"
	"time"
)

// synth builds a track sampled every dt seconds for dur seconds, with vertical
// (down) and horizontal speed given as functions of time, and the series the
// stages read, unsmoothed so that the expected times follow from the functions.
// gaps lists the indices a logging gap precedes.
func synth(dt, dur float64, vd, vh func(t float64) float64, gaps ...int) (*Track, *series) {
	n := int(dur/dt) + 1
	t0 := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tr := &Track{Points: make([]Point, n)}
	s := &series{t: make([]float64, n), vd: make([]float64, n), vh: make([]float64, n),
		vn: make([]float64, n), ve: make([]float64, n), tot: make([]float64, n),
		gapAt: make([]bool, n), sacc: make([]float64, n), medianDT: dt, settle: math.Inf(-1)}
	h := 4000.0
	for i := range n {
		ts := float64(i) * dt
		if i > 0 {
			h -= vd(ts) * dt
		}
		tr.Points[i] = Point{T: t0.Add(time.Duration(ts * 1e9)), HMSL: h, VelD: vd(ts), VelN: vh(ts)}
		s.t[i], s.vd[i], s.vh[i], s.vn[i] = ts, vd(ts), vh(ts), vh(ts)
		s.tot[i] = math.Hypot(s.vd[i], s.vh[i])
		s.sacc[i] = 1
	}
	for _, g := range gaps {
		s.gapAt[g] = true
	}
	return tr, s
}

// ramp returns a function of time that is a before t0, b after t1, linear between.
func ramp(a, b, t0, t1 float64) func(float64) float64 {
	return func(t float64) float64 {
		switch {
		case t <= t0:
			return a
		case t >= t1:
			return b
		}
		return a + (b-a)*(t-t0)/(t1-t0)
	}
}

func constant(v float64) func(float64) float64 { return func(float64) float64 { return v } }

// A jump at 5 Hz: aircraft at 2 m/s down until 20 s, 1 g to 50 m/s, steady to
// 60 s, a 2-s opening to 6 m/s, canopy until 120 s, then on the ground.
func jumpVD(t float64) float64 {
	switch {
	case t < 20:
		return 2
	case t < 20+48/g0:
		return 2 + g0*(t-20)
	case t < 60:
		return 50
	case t < 62:
		return 50 - 22*(t-60)
	case t < 120:
		return 6
	}
	return 0
}

// checkPoint checks that a stage found point i at time want (s), or none (−1)
// when want is NaN.
func checkPoint(t *testing.T, name string, s *series, i int, want float64) {
	t.Helper()
	switch {
	case math.IsNaN(want) && i >= 0:
		t.Errorf("%s at %.1f s, want none", name, s.t[i])
	case math.IsNaN(want):
	case i < 0 || math.Abs(s.t[i]-want) > 1e-9:
		t.Errorf("%s at index %d, want %.1f s", name, i, want)
	}
}

func TestFreeFallStart(t *testing.T) {
	for _, c := range []struct {
		name string
		vd   func(float64) float64
		want float64 // time of the first free-fall point, NaN for none
	}{
		{"jump: vd crosses 10 m/s 0.8 s after the 2 m/s aircraft", jumpVD, 21.0},
		{"wingsuit: 11 m/s, a dip to 9 while the suit pressurises", func(t float64) float64 {
			switch {
			case t < 20:
				return 2
			case t < 21:
				return 11
			case t < 22.5:
				return 9
			}
			return 20
		}, 20.0},
		{"a 1-s spike to 12 m/s in the aircraft", func(t float64) float64 {
			if t >= 20 && t < 21 {
				return 12
			}
			return 2
		}, math.NaN()},
	} {
		_, s := synth(0.2, 100, c.vd, constant(50))
		checkPoint(t, c.name+": free fall", s, s.freeFallStart(), c.want)
	}
	// rows with a poor speed accuracy do not start free fall
	_, s := synth(0.2, 100, jumpVD, constant(50))
	for i := range s.sacc {
		s.sacc[i] = 10
	}
	if ff := s.freeFallStart(); ff >= 0 {
		t.Errorf("sAcc 10 m/s everywhere: free fall at %.1f s, want none", s.t[ff])
	}
}

func TestExitEvent(t *testing.T) {
	// The 1-m/s departure from the aircraft's 2 m/s comes 1/g0 s after 20 s.
	tr, s := synth(0.2, 100, jumpVD, constant(50))
	ff := s.freeFallStart()
	e := s.exitEvent(tr, ff)
	if !e.Found || math.Abs(e.TS-(20+1/g0)) > 1e-9 {
		t.Errorf("exit %+v, want at %.3f s", e, 20+1/g0)
	}
	// Absent, with the reason: the same jump shifted so that free fall starts
	// `start` seconds into the track.
	for _, c := range []struct {
		name  string
		start float64 // s of track before free fall
		gaps  []int   // indices at 0.2 s
		note  string
	}{
		{"track starts in free fall", 0, nil, "the track starts 0.0 s before free fall"},
		{"track starts 2 s before", 2, nil, "the track starts 2.0 s before free fall"},
		{"gap ends in free fall", 30, []int{150}, "a logging gap ends in free fall at 30.0 s"},
		{"gap ends 1.6 s before", 30, []int{142}, "a logging gap ends 1.6 s before free fall"},
	} {
		shift := 21 - c.start
		tr, s := synth(0.2, 60, func(t float64) float64 { return jumpVD(t + shift) }, constant(50), c.gaps...)
		ff := s.freeFallStart()
		if ff < 0 || math.Abs(s.t[ff]-c.start) > 1e-9 {
			t.Fatalf("%s: free fall at index %d, want %.1f s", c.name, ff, c.start)
		}
		e := s.exitEvent(tr, ff)
		if e.Found || e.Index != -1 || !strings.Contains(e.Note, c.note) {
			t.Errorf("%s: exit %+v, want absent: %q", c.name, e, c.note)
		}
	}
}

func TestExitByHorizontal(t *testing.T) {
	// Derived velocities (Columbus): the vertical departure lags the exit, the
	// horizontal speed falls from 50 m/s at 18 s: 2 m/s below it at 18.4 s.
	vh := ramp(50, 40, 18, 20)
	for _, derived := range []bool{true, false} {
		tr, s := synth(0.2, 100, jumpVD, vh)
		s.derivd = derived
		got := s.exitEvent(tr, s.freeFallStart())
		want := 20 + 1/g0
		if derived {
			want = 18.4
		}
		if !got.Found || math.Abs(got.TS-want) > 1e-9 {
			t.Errorf("derived %v: exit at %.3f s, want %.3f s", derived, got.TS, want)
		}
	}
}

func TestCanopyStart(t *testing.T) {
	for _, c := range []struct {
		name string
		vd   func(float64) float64
		want float64
	}{
		{"opening at 60-62 s: below 15 m/s at 61.6 s", jumpVD, 61.6},
		{"a surge to 18 m/s after opening does not move it", func(t float64) float64 {
			switch {
			case t > 62 && t < 63.5:
				return 18
			}
			return jumpVD(t)
		}, 61.6},
		{"wingsuit flares: 14 and 20 m/s by turns", func(t float64) float64 {
			if t < 21 {
				return jumpVD(t)
			}
			if int(t)%2 == 0 {
				return 14
			}
			return 20
		}, math.NaN()},
	} {
		_, s := synth(0.2, 150, c.vd, constant(50))
		checkPoint(t, c.name+": canopy", s, s.canopyStart(s.freeFallStart()), c.want)
	}
}

func TestCanopyEvent(t *testing.T) {
	tr, s := synth(0.2, 150, jumpVD, constant(50))
	canopy := s.canopyStart(s.freeFallStart())
	// vd = 50 − 22(t − 60) crosses 15 m/s at 60 + 35/22 s
	if e := s.canopyEvent(tr, canopy); !e.Found || math.Abs(e.TS-(60+35.0/22)) > 1e-9 {
		t.Errorf("canopy %+v, want at %.3f s", e, 60+35.0/22)
	}
	s.gapAt[canopy] = true
	if e := s.canopyEvent(tr, canopy); e.TS != s.t[canopy] || !strings.Contains(e.Note, "approximate") {
		t.Errorf("after a gap: %+v, want at the point, approximate", e)
	}
}

func TestDeployEvent(t *testing.T) {
	// The opening decelerates at 22 m/s² from 60 s: the onset (a quarter of the
	// peak, smeared by the ±0.4 s differences) is within one sample of 60 s.
	tr, s := synth(0.2, 150, jumpVD, constant(50))
	ff := s.freeFallStart()
	canopy := s.canopyStart(ff)
	e := s.deployEvent(tr, ff, canopy)
	if !e.Found || math.Abs(e.TS-60) > 0.21 || !strings.Contains(e.Note, "peak 2.2 g") {
		t.Errorf("deployment %+v, want at 60 ± 0.2 s, peak 2.2 g", e)
	}
	// A slow-down of 0.1 g (50 to 14 m/s over 37 s) is not an opening.
	slow := func(t float64) float64 {
		if t < 60 {
			return jumpVD(t)
		}
		return math.Max(6, 50-0.98*(t-60))
	}
	tr, s = synth(0.2, 200, slow, constant(0))
	ff = s.freeFallStart()
	canopy = s.canopyStart(ff)
	if e := s.deployEvent(tr, ff, canopy); e.Found || !strings.Contains(e.Note, "no deceleration above 0.4 g") {
		t.Errorf("0.1-g slow-down: %+v, want absent", e)
	}
}

func TestLandingEvent(t *testing.T) {
	// by vertical speed: 6 m/s down until 120 s, then still
	tr, s := synth(0.2, 150, jumpVD, constant(5))
	ff := s.freeFallStart()
	canopy := s.canopyStart(ff)
	if e := s.landingEvent(tr, ff, canopy); !e.Found || math.Abs(e.TS-120) > 0.2 || !strings.HasPrefix(e.Note, "vertical") {
		t.Errorf("landing %+v, want at 120 s by vertical speed", e)
	}
	// a slide at 2 m/s down for 2 s before rest is walked back over
	slide := func(t float64) float64 {
		if t >= 118 && t < 120 {
			return 0.8
		}
		return jumpVD(t)
	}
	tr, s = synth(0.2, 150, slide, constant(5))
	if e := s.landingEvent(tr, ff, canopy); !e.Found || math.Abs(e.TS-118) > 0.2 {
		t.Errorf("landing after a slide %+v, want at 118 s", e)
	}
	// by horizontal speed: altitude noise keeps vd at ±2 m/s, the jumper slows
	// from 5 m/s at 119 s to a stand at 120 s, under 1 m/s from 119.8 s
	noisy := func(t float64) float64 {
		if t < 120 {
			return jumpVD(t)
		}
		return 2 * math.Sin(7*t)
	}
	tr, s = synth(0.2, 150, noisy, ramp(5, 0, 119, 120))
	if e := s.landingEvent(tr, ff, canopy); !e.Found || math.Abs(e.TS-119.8) > 0.01 || !strings.HasPrefix(e.Note, "horizontal") {
		t.Errorf("landing by horizontal speed %+v, want at 119.8 s", e)
	}
	// absent, with the reason
	for _, c := range []struct {
		name       string
		dur        float64
		vd         func(float64) float64
		ff, canopy int
		note       string
	}{
		{"track ends under canopy", 110, jumpVD, ff, canopy, "the track ends before the jumper stops"},
		{"free fall without canopy", 150, jumpVD, ff, -1, "no canopy flight found"},
		{"on the ground all along", 60, constant(0), -1, -1, "the track starts on the ground and holds no jump"},
	} {
		tr, s := synth(0.2, c.dur, c.vd, constant(5))
		if e := s.landingEvent(tr, c.ff, c.canopy); e.Found || e.Index != -1 || !math.IsNaN(e.TS) || !strings.Contains(e.Note, c.note) {
			t.Errorf("%s: %+v, want absent: %q", c.name, e, c.note)
		}
	}
}

func TestAbsentNames(t *testing.T) {
	ph := Phases{Exit: absentEvent("x"), DeployStart: Event{Found: true}, CanopyOpen: absentEvent("y"), Landing: Event{Found: true}}
	if got := strings.Join(absentNames(ph), ","); got != "exit,canopy_open" {
		t.Errorf("absent %s, want exit,canopy_open", got)
	}
}
