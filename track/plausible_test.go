package track

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"halo/internal/testdata"
)

// setField replaces field col (0-based) of 1-based line ln of a CSV.
func setField(t *testing.T, data string, ln, col int, val string) string {
	t.Helper()
	lines := strings.Split(data, "\n")
	f := strings.Split(lines[ln-1], ",")
	f[col] = val
	lines[ln-1] = strings.Join(f, ",")
	return strings.Join(lines, "\n")
}

// zeroEle sets every k-th <ele> of a GPX (the 1st, k+1-th, ...: offset 1) to 0.
func zeroEle(data string, k int) string {
	n := 0
	return regexp.MustCompile(`<ele>[^<]*</ele>`).ReplaceAllStringFunc(data, func(s string) string {
		n++
		if n%k == 1%k {
			return "<ele>0</ele>"
		}
		return s
	})
}

func testdataText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(testdata.Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Real tracks with corrupted rows: a digit flipped in a speed, an altitude or a
// latitude; altitudes zeroed. What a logger cannot have recorded (a speed no
// skydiver reaches at that altitude, a velocity change far beyond gravity and an
// opening shock) is dropped with a warning naming the rows, and the figures are
// then plausible; a track with too much of it is refused.
func TestImplausibleRows(t *testing.T) {
	insight := testdataText(t, "ssscoring-insight-gps_00105.csv")
	gpx1 := testdataText(t, "skyderby-one_track.gpx")
	gpx2 := testdataText(t, "skyderby-two_tracks.gpx")
	cases := []struct {
		name    string
		data    string
		refuse  bool     // an error, not a track
		lines   []string // named in a warning (or in the error)
		maxVert float64  // the max vertical speed after cleaning is at most this, m/s
	}{
		// velD 121.249 → 921.249 in free fall
		{"insight velD digit", setField(t, insight, 142, 6, "921.249"), false, []string{"line 142"}, 126},
		// velN -12.747 → -92.747: 80 m/s change in 0.25 s, 33 g
		{"insight velN digit", setField(t, insight, 143, 4, "-92.747"), false, []string{"line 143"}, 126},
		// hMSL 2842.106 → 8842.106 and latitude 28.2279958 → 28.9279958
		{"insight altitude and latitude digits", setField(t, setField(t, insight, 144, 3, "8842.106"), 145, 1, "28.9279958"), false, []string{"144", "145"}, 126},
		// every 10th altitude zeroed: 10 % of the rows, cleaned (the intact file's
		// maximum, derived from altitudes, is 35.3 m/s)
		{"gpx every 10th altitude zeroed", zeroEle(gpx1, 10), false, []string{"lines 15, 55, 95"}, 36},
		// every other altitude zeroed: half the track is impossible, refused
		{"gpx every other altitude zeroed", zeroEle(gpx2, 2), true, []string{"physically impossible", "corrupt"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, err := Parse([]byte(c.data))
			if c.refuse {
				if err == nil {
					ph, _ := DetectPhases(tr)
					m := Analyze(tr, ph, math.NaN())
					t.Fatalf("read with %d points, max vertical %.1f m/s; want the track refused", len(tr.Points), m.MaxVertSpeed.Value)
				}
				for _, l := range c.lines {
					if !strings.Contains(err.Error(), l) {
						t.Errorf("error %q does not say %q", err, l)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ws []string
			for _, w := range tr.Warnings {
				if strings.Contains(w.Msg, "physically impossible") {
					ws = append(ws, w.Msg)
				}
			}
			all := strings.Join(ws, "; ")
			for _, l := range c.lines {
				if !strings.Contains(all, l) {
					t.Errorf("no physically-impossible warning names %q: %v", l, tr.Warnings)
				}
			}
			ph, err := DetectPhases(tr)
			if err != nil {
				t.Fatal(err)
			}
			m := Analyze(tr, ph, math.NaN())
			if !(m.MaxVertSpeed.Value <= c.maxVert) {
				t.Errorf("max vertical speed %.1f m/s after cleaning, want ≤ %.0f", m.MaxVertSpeed.Value, c.maxVert)
			}
			for i, p := range tr.Points {
				if s := speed3(p); s > MaxPlausibleSpeed(p.HMSL) {
					t.Errorf("point %d (line %d): speed %.1f m/s kept, above %.0f", i, p.Line, s, MaxPlausibleSpeed(p.HMSL))
				}
			}
		})
	}
}

// No real track in testdata loses a row to the plausibility bounds, and each
// stays well inside them: the largest change of recorded velocity between fixes
// is 4.3 g (ssscoring-01-00-00, noise included), the fastest speed 59 % of the
// bound at its altitude.
func TestPlausibilityRealTracks(t *testing.T) {
	files := realTracks(t)
	for _, f := range files {
		tr, err := Parse([]byte(testdataText(t, f)))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, w := range tr.Warnings {
			if strings.Contains(w.Msg, "physically impossible") {
				t.Errorf("%s: %s", f, w.Msg)
			}
		}
		maxA, ratio := 0.0, 0.0
		for i, p := range tr.Points {
			ratio = max(ratio, speed3(p)/MaxPlausibleSpeed(p.HMSL))
			if i == 0 || (p.Flags|tr.Points[i-1].Flags)&(FlagVelHDerived|FlagVelDDerived|FlagGapBefore) != 0 {
				continue
			}
			a := tr.Points[i-1]
			dv := math.Sqrt(sq(p.VelN-a.VelN) + sq(p.VelE-a.VelE) + sq(p.VelD-a.VelD))
			maxA = max(maxA, dv/p.T.Sub(a.T).Seconds())
		}
		if maxA > MaxPlausibleAccel/2 || ratio > 0.7 {
			t.Errorf("%s: largest velocity change %.1f g, fastest %.0f %% of the bound: too close to the bounds", f, maxA/g0, 100*ratio)
		}
	}
}

// realTracks lists the real recordings of testdata (not the notes, not the
// synthetic file).
func realTracks(t *testing.T) []string {
	var out []string
	for _, p := range testdata.Glob(t, "tracks", "*") {
		n := filepath.Base(p)
		if fi, err := os.Stat(p); err != nil || fi.IsDir() || strings.HasPrefix(n, ".") || strings.HasSuffix(n, ".md") || strings.HasPrefix(n, "synthetic") {
			continue
		}
		out = append(out, n)
	}
	return out
}

func TestMaxPlausibleSpeed(t *testing.T) {
	for _, c := range []struct{ z, lo, hi float64 }{
		{0, 199.9, 200.1},
		{-1000, 190, 200},   // below the model: as at its bottom (-500 m)
		{7620, 290, 300},    // 25,000 ft
		{27833, 399.9, 400}, // Baumgartner's peak speed altitude: the ceiling
		{math.NaN(), 190, 201},
		{1e6, 400, 400},
	} {
		if v := MaxPlausibleSpeed(c.z); !(v >= c.lo && v <= c.hi) {
			t.Errorf("MaxPlausibleSpeed(%v) = %.1f, want %v..%v", c.z, v, c.lo, c.hi)
		}
	}
}

// The analysis repeats what was dropped as impossible in its notes, which the
// debrief prints.
func TestImplausibleRowsInNotes(t *testing.T) {
	tr, err := Parse([]byte(setField(t, testdataText(t, "ssscoring-insight-gps_00105.csv"), 142, 6, "921.249")))
	if err != nil {
		t.Fatal(err)
	}
	ph, err := DetectPhases(tr)
	if err != nil {
		t.Fatal(err)
	}
	m := Analyze(tr, ph, math.NaN())
	if !strings.Contains(strings.Join(m.Notes, "; "), "line 142: 1 row dropped: physically impossible") {
		t.Errorf("notes %q", m.Notes)
	}
}

// A flipped digit in one row's time put it two minutes ahead: every row after it
// until that time was dropped as "time goes backwards", the deployment vanished
// and the canopy "opened" at 148 m AGL. The one row out of order is dropped; the
// jump reads as the intact file does.
func TestTimeDigitFlip(t *testing.T) {
	src := testdataText(t, "ssscoring-insight-gps_00105.csv")
	want := analyzed(t, src)
	lines := strings.Split(src, "\n")
	lines[141] = strings.Replace(lines[141], "14:57:11", "14:59:11", 1) // line 142
	tr, err := Parse([]byte(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if !hasWarning(tr, "line 142") {
		t.Errorf("no warning names line 142: %v", tr.Warnings)
	}
	orig, _ := Parse([]byte(src))
	if len(tr.Points) != len(orig.Points)-1 {
		t.Errorf("%d points kept, want %d (one row dropped)", len(tr.Points), len(orig.Points)-1)
	}
	ph, err := DetectPhases(tr)
	if err != nil {
		t.Fatal(err)
	}
	got := Analyze(tr, ph, math.NaN())
	if !strings.Contains(strings.Join(got.Notes, "; "), "line 142") {
		t.Errorf("the notes do not name line 142: %q", got.Notes)
	}
	if math.Abs(got.OpenAltAGL.Value-want.OpenAltAGL.Value) > 5 || math.Abs(got.DeployAltAGL.Value-want.DeployAltAGL.Value) > 5 {
		t.Errorf("deploy %.0f m, open %.0f m AGL; the intact file gives %.0f, %.0f", got.DeployAltAGL.Value, got.OpenAltAGL.Value, want.DeployAltAGL.Value, want.OpenAltAGL.Value)
	}
}

func analyzed(t *testing.T, src string) Metrics {
	t.Helper()
	tr, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ph, err := DetectPhases(tr)
	if err != nil {
		t.Fatal(err)
	}
	return Analyze(tr, ph, math.NaN())
}
