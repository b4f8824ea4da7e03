package track

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

// A synthetic canopy turning at 10 m/s airspeed, one turn in 12 s, in a wind of
// 3 m/s east and 4 m/s north: the circle fit must return that wind and airspeed.
func TestCircleFitKnownWind(t *testing.T) {
	var pts []Point
	for i := 0; i <= 70; i++ {
		a := 2 * math.Pi * float64(i) / 60 // 5 Hz, 12 s per turn
		pts = append(pts, Point{VelE: 3 + 10*math.Sin(a), VelN: 4 + 10*math.Cos(a), HMSL: 1000 - float64(i)})
	}
	w, ok := fitCircle(pts)
	if !ok {
		t.Fatal("no fit")
	}
	if math.Abs(w.WindE-3) > 1e-9 || math.Abs(w.WindN-4) > 1e-9 || math.Abs(w.Airspeed-10) > 1e-9 || w.RMS > 1e-9 {
		t.Errorf("fit %+v, want wind 3 E 4 N, airspeed 10, rms 0", w)
	}
	// Wind (3 E, 4 N) blows towards 036.87°, so from 216.87°.
	if math.Abs(w.FromDeg-216.8699) > 1e-3 || math.Abs(w.Speed-5) > 1e-9 || w.TurnDeg < 360 {
		t.Errorf("from %.4f°, speed %.3f, turn %.0f°", w.FromDeg, w.Speed, w.TurnDeg)
	}
}

func TestCircleWindsNeedAFullTurn(t *testing.T) {
	tr := &Track{AltRef: "MSL"}
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 50; i++ { // 200° of turn only
		a := 2 * math.Pi * float64(i) / 90
		tr.Points = append(tr.Points, Point{T: t0.Add(time.Duration(i) * 200 * time.Millisecond), VelE: 10 * math.Sin(a), VelN: 10 * math.Cos(a)})
	}
	if w := circleWinds(tr, 0, len(tr.Points)-1); len(w) != 0 {
		t.Errorf("got %d circle winds from a 200° turn", len(w))
	}
}

// SOURCES.md (testdata): richo-08-22-35 "max velD 64.3 m/s", "≈ 50 s free fall",
// ground ≈ 6 m MSL, exit ≈ 4,125 m, deploy ≈ 1,350 m.
func TestAnalyzeRicho(t *testing.T) {
	tr := readFile(t, "richo-08-22-35.CSV")
	ph, err := DetectPhases(tr)
	if err != nil {
		t.Fatal(err)
	}
	m := Analyze(tr, ph, math.NaN())
	if m.MaxVertSpeed.Value != 64.3 || math.IsNaN(m.MaxVertSpeed.Acc) {
		t.Errorf("max vertical speed %+v, want 64.3 with its sAcc", m.MaxVertSpeed)
	}
	if m.GroundFrom != "landing altitude" || math.Abs(m.GroundElevMSL-6.6) > 0.5 {
		t.Errorf("ground %.1f from %q", m.GroundElevMSL, m.GroundFrom)
	}
	if math.Abs(m.FreeFallTime-49) > 2 {
		t.Errorf("free fall %.1f s, want ≈ 49 (exit 11.2 s, deploy 60.6 s by eye)", m.FreeFallTime)
	}
	if math.Abs(m.Exit.AltMSL.Value-4125) > 5 || math.Abs(m.DeployAltAGL.Value-1390) > 40 {
		t.Errorf("exit %.0f m MSL, deploy %.0f m AGL", m.Exit.AltMSL.Value, m.DeployAltAGL.Value)
	}
	if !(m.DeployAltLoss.Value > 100 && m.DeployAltLoss.Value < 300) {
		t.Errorf("altitude lost in deployment %.0f m", m.DeployAltLoss.Value)
	}
	if !(m.CanopyGlideGround > 1 && m.CanopyGlideGround < 4) || !(m.CanopyDescentRate > 3 && m.CanopyDescentRate < 10) {
		t.Errorf("canopy glide %.2f, descent %.2f m/s", m.CanopyGlideGround, m.CanopyDescentRate)
	}
	// With the caller's ground elevation the AGL heights follow it.
	m2 := Analyze(tr, ph, 0)
	if m2.GroundFrom != "caller" || math.Abs((m2.OpenAltAGL.Value-m.OpenAltAGL.Value)-m.GroundElevMSL) > 1e-9 {
		t.Errorf("ground 0: open %.1f vs %.1f", m2.OpenAltAGL.Value, m.OpenAltAGL.Value)
	}
}

// Every real track analyses without panics; JSON round-trips with NaN as null.
func TestAnalyzeAllAndJSON(t *testing.T) {
	for file := range phaseTruths {
		tr := readFile(t, file)
		ph, _ := DetectPhases(tr)
		m := Analyze(tr, ph, math.NaN())
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		var back Metrics
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		b2, _ := json.Marshal(back)
		if string(b) != string(b2) {
			t.Errorf("%s: JSON round trip differs", file)
		}
		pb, err := json.Marshal(ph)
		if err != nil || !strings.Contains(string(pb), `"time_utc"`) {
			t.Errorf("%s: phases JSON %v %s", file, err, pb[:min(len(pb), 80)])
		}
	}
	// A Point with unknown accuracies.
	tr := readFile(t, "skyderby-one_track.gpx")
	b, err := json.Marshal(tr.Points[0])
	if err != nil || !strings.Contains(string(b), `"h_acc_m":null`) {
		t.Fatalf("point JSON: %v %s", err, b)
	}
	var p Point
	if err := json.Unmarshal(b, &p); err != nil || !math.IsNaN(p.HAcc) || p.Lat != tr.Points[0].Lat {
		t.Errorf("point back: %+v %v", p, err)
	}
	if _, err := json.Marshal(tr); err != nil {
		t.Errorf("track JSON: %v", err)
	}
}
