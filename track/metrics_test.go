package track

import (
	"encoding/json"
	"math"
	"slices"
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

// DriftVsCircleTol (m/s) is how far a free-fall drift wind may be from the
// canopy circles' wind of the same jump (vector difference) in these tests: the
// two are measured 1-3 km apart in height, where the wind changes by a few m/s
// (the Tempo jump's lowest drift band and its circles agree within 2.5 m/s).
const driftVsCircleTol = 5.0

// Free-fall drift on speed-skydiving tracks (SOURCES.md: max velD 118-132 m/s)
// was the jumper's own motion: 28 m/s "from 133°" on a 314° jump run, swinging
// 100-180° between bands, against a canopy-circle wind of 5 m/s. Every drift
// band now either agrees with the canopy circles' wind within driftVsCircleTol
// or is withheld with its reason in the notes; without a circle fit to compare
// with, a speed track keeps no drift at all (the exit throw is not spent). The
// belly jump (Tempo, ≈ 57 m/s) keeps its drift winds.
func TestDriftWindsSpeedTracks(t *testing.T) {
	cases := []struct {
		file     string
		keepSome bool // a belly jump: drift bands must remain
	}{
		{"ssscoring-test-data-00.CSV", false},
		{"ssscoring-01-00-00-TRACK.CSV", false},
		{"ssscoring-02-00-00-startosphere-TRACK.CSV", false},
		{"ssscoring-insight-gps_00105.csv", false},
		// belly/freefly that tracks at 35 m/s across: its last 1.8 s before
		// deployment, a turn out of the track, gave "20 m/s from 196°"
		{"richo-08-22-35.CSV", false},
		{"tempo-insights-sample-flight.txt", true},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			tr := readFile(t, c.file)
			ph, err := DetectPhases(tr)
			if err != nil {
				t.Fatal(err)
			}
			m := Analyze(tr, ph, math.NaN())
			var circle []WindEstimate
			drift := 0
			for _, w := range m.Winds {
				if w.Method == "canopy circle" {
					circle = append(circle, w)
				}
			}
			for _, w := range m.Winds {
				if w.Method != "free-fall drift" {
					continue
				}
				drift++
				if w.RMS > DriftMaxRMS {
					t.Errorf("drift %.0f-%.0f m kept with a scatter of %.1f m/s (limit %.0f)", w.AltMin, w.AltMax, w.RMS, DriftMaxRMS)
				}
				if len(circle) == 0 {
					t.Errorf("drift %.0f-%.0f m: %.1f m/s from %03.0f° kept with no canopy circle to check it against", w.AltMin, w.AltMax, w.Speed, w.FromDeg)
					continue
				}
				best := math.Inf(1)
				for _, cw := range circle {
					best = math.Min(best, math.Hypot(w.WindE-cw.WindE, w.WindN-cw.WindN))
				}
				if !c.keepSome && best > driftVsCircleTol {
					t.Errorf("drift %.0f-%.0f m: %.1f m/s from %03.0f° is %.1f m/s from the canopy circles' wind (tolerance %.0f)", w.AltMin, w.AltMax, w.Speed, w.FromDeg, best, driftVsCircleTol)
				}
			}
			if c.keepSome {
				if drift < 3 {
					t.Errorf("belly jump: %d drift winds kept, want ≥ 3", drift)
				}
				// the lowest band, nearest the canopy circles, agrees with them
				low := m.Winds[len(m.Winds)-1]
				if d := math.Hypot(low.WindE-circle[0].WindE, low.WindN-circle[0].WindN); low.Method != "free-fall drift" || d > driftVsCircleTol {
					t.Errorf("lowest drift %+v is %.1f m/s from the circle wind", low, d)
				}
				return
			}
			if !slices.ContainsFunc(m.Notes, func(n string) bool {
				return strings.Contains(n, "free-fall drift withheld") && strings.Contains(n, "exit throw")
			}) {
				t.Errorf("no note withholding the free-fall drift for the exit throw: %q", m.Notes)
			}
		})
	}
}

// The scatter gate: a band whose ground velocities swing (a jumper turning
// through the air at 10 m/s) is withheld with the scatter in the note, while
// the same band drifting still is kept with its wind.
func TestDriftWindsScatterGate(t *testing.T) {
	mk := func(swing float64) (*Track, Phases) {
		// the exit at 3,100 m with no horizontal speed (no throw to spend), then
		// 9 s at 5 Hz, 55 m/s down, inside the band 2,500-3,000 m
		t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		tr := &Track{AltRef: "MSL", Points: []Point{{T: t0, HMSL: 3100, VelD: 55}}}
		for i := 0; i < 45; i++ {
			a := 2 * math.Pi * float64(i) / 45
			tr.Points = append(tr.Points, Point{T: t0.Add(time.Duration(10+i) * 200 * time.Millisecond), HMSL: 2999 - 11*float64(i),
				VelE: 4 + swing*math.Sin(a), VelN: 3 + swing*math.Cos(a), VelD: 55, SAcc: 0.5})
		}
		ph := Phases{FreeFall: Event{Found: true, Index: 0}, Exit: Event{Found: true, Index: 0}}
		return tr, ph
	}
	tr, ph := mk(0)
	var notes []string
	ws := driftWinds(tr, ph, 0, len(tr.Points)-1, 0, &notes)
	if len(ws) == 0 || math.Abs(ws[0].WindE-4) > 1e-9 || math.Abs(ws[0].WindN-3) > 1e-9 {
		t.Fatalf("still drift: winds %+v notes %q, want 4 E 3 N", ws, notes)
	}
	tr, ph = mk(10)
	notes = nil
	if ws := driftWinds(tr, ph, 0, len(tr.Points)-1, 0, &notes); len(ws) != 0 {
		t.Errorf("swinging drift kept: %+v", ws)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "scatter more than 3 m/s") || !strings.Contains(notes[0], "2500-3000 m (10.0 m/s)") {
		t.Errorf("notes %q, want the band, its scatter (10 m/s RMS) and the limit", notes)
	}
	// the still drift cut to its first 2 s (11 points): too short to be a wind
	tr, ph = mk(0)
	tr.Points = tr.Points[:11]
	notes = nil
	if ws := driftWinds(tr, ph, 0, len(tr.Points)-1, 0, &notes); len(ws) != 0 || len(notes) != 1 || !strings.Contains(notes[0], "2500-3000 m (1.8 s)") || !strings.Contains(notes[0], "less than 3 s") {
		t.Errorf("2 s of drift: winds %+v, notes %q", ws, notes)
	}
}
