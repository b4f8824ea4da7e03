package track

import (
	"math"
	"slices"
	"testing"
)

// Event times (s after the first kept point of the track) decided by eye from the
// rows printed around each event (line numbers of the source file; vd = velD,
// vh = horizontal speed, h = hMSL). Definitions: exit = vertical speed leaves the
// aircraft's (and the horizontal speed starts to fall); deploy = start of the
// deceleration that ends in canopy flight; canopy = vd falls through 15 m/s for
// good; landing = touchdown (vertical motion stops). NaN = absent from the track.
// Tolerance 1 s unless a comment says why the data cannot resolve that.
type phaseTruth struct {
	exit, deploy, canopy, landing float64
	tolExit, tolDeploy            float64 // 0 = 1 s
}

var phaseTruths = map[string]phaseTruth{
	// exit L61-L64: vd 2.59 2.60 3.01 3.70 (aircraft 2.0-2.1), vh 52.3 -> 49.9 from L64.
	// deploy L309-L312: vd 52.53 51.17 50.72 49.47, the steady fall to the canopy.
	// canopy L331-L332: vd 16.56 14.77. landing L1234-L1236: vd 1.16 0.72 0.26, h 6.7 6.6 6.6.
	"richo-08-22-35.CSV": {exit: 11.2, deploy: 60.6, canopy: 65.2, landing: 245.8},
	// exit L14816-L14820: vd 0.89 1.54 3.31, vh 56.05 -> 54.63. deploy L15182-L15186 (10 Hz):
	// vd 61.33 61.04 60.06 58.41 after 3 s at 61-62. canopy L15222-L15224: vd 15.16 13.43.
	// landing L16698-L16700: vd 1.49 0.26, h 13.8 13.7.
	"ssscoring-test-data-00.CSV": {exit: 1482.7, deploy: 1519.4, canopy: 1523.3, landing: 1670.9},
	// exit L10326-L10330: vd 0.16 0.71 2.12, vh 48.88 49.36 46.89. deploy L10646-L10650:
	// vh 30.67 28.98 26.27 (vd turns down from L10648). canopy L10684-L10686: vd 15.40 14.45.
	// landing L11151-L11155: vd 1.10 0.90 0.74, vh 3.94 2.19 1.47 (altitude wanders 12-16 m after).
	"basdtracks2018-Shaun-Fenner.CSV": {exit: 2065.0, deploy: 2129.0, canopy: 2136.4, landing: 2230.0},
	// exit L3554-L3558: vd 4.67 4.17 6.35 8.23 (aircraft 5-6 m/s down). deploy L3749-L3755:
	// vd 41.80 39.58 37.01 35.21 then 28.82 (vh stays 100 m/s: wind). canopy L3763-L3765:
	// vd 15.33 13.64. landing L4767-L4769: vd 1.00 0.10, h 250.1 249.7.
	"trackscanner-7990_15-56-18.CSV": {exit: 709.1, deploy: 748.0, canopy: 750.85, landing: 951.8},
	// exit L10928-L10932: vd 0.60 3.63, vh 56.28 55.15. deploy L11316-L11320: vd 55.52 53.38
	// (vh falling since L11304). canopy L11377-L11381: vd 15.35 14.01 after the surge to 18.5.
	// landing L12392: vd 0.95 (3.61 before), h 183.7; a 2 m/s blip at L12416, at rest from L12428.
	"ssscoring-01-00-00-TRACK.CSV": {exit: 1729.4, deploy: 1768.2, canopy: 1774.4, landing: 1875.7},
	// exit L4215-L4219: vd 1.10 1.57 2.43, vh 45.62 45.36 44.32. deploy L4807-L4811: vd 40.64
	// 38.97 38.45, vh 16.78 15.83 12.64. canopy L4824-L4826: vd 16.44 12.61.
	// landing L5487-L5493: vd 1.14 0.72 1.06 -0.32, h 55.2 54.9 54.6 54.8.
	"flysightwebtool-TRACK1.CSV": {exit: 840.2, deploy: 958.4, canopy: 961.7, landing: 1094.5},
	// Hop and pop from a climbing aircraft. exit L443-L445: vd -2.06 0.58 (aircraft -2.5..-3.2),
	// vh 51.8 48.5. deploy L463-L467: vd 27.51 28.55 27.60 (peak 4.4 s after exit), vh 31.0
	// 27.4 23.6. canopy L485-L487: vd 15.33 13.21. landing L1334-L1338: vd 3.94 0.98 -0.25, h 187.6 186.5 186.4.
	"flysightnet-TRACK.CSV": {exit: 86.7, deploy: 91.0, canopy: 95.1, landing: 265.2},
	// Exit not in the file (data resume in free fall after a 71 s gap). deploy L2656-L2660:
	// vd 53.19 52.96 52.24 then 49.79. canopy L2674-L2676: vd 15.11 11.24.
	// landing L3318-L3320: vd 1.95 -1.11, h 225.4 from L3318.
	"ssscoring-02-00-00-startosphere-TRACK.CSV": {exit: math.NaN(), deploy: 1352.0, canopy: 1355.2, landing: 1484.0},
	// Wingsuit, GPX at 1 s with gaps, stair-stepped <ele>. exit: the logger skipped 11:14:19 ->
	// 11:14:24 (t 202 -> 207); vh (derived) 50.5 at 202, 41.9 at 207, 33.7 at 209: the exit lies in
	// the gap, about 11:14:24 (207 s), resolvable to ±4 s only. deploy: vh 37.1 35.4 31.5 23.1
	// at 357-360 while vd rises 5.8 -> 24.5 (the pilot collapses the suit), about 358.5, ±4 s
	// (1 s points, elevation steps of 6-18 m). canopy: vd 19.15 at 367, 6.53 at 370.
	// landing: vd 1.68 at 514, 0.00 at 515, ele -32.5 at both.
	"skyderby-two_tracks.gpx": {exit: 207, deploy: 358.5, canopy: 368.0, landing: 514.5, tolExit: 4, tolDeploy: 4},
	// Free flight only: no exit, no canopy, no landing.
	"skyderby-one_track.gpx": {exit: math.NaN(), deploy: math.NaN(), canopy: math.NaN(), landing: math.NaN()},
	// Tempo (NMEA, vd derived from GGA altitude, 1 Hz then 4 Hz). exit L37413-L37454: vd 3.90
	// 7.25 (aircraft 3.3), vh 56.42 53.03. deploy L41658-L41720: vh 28.88 27.42 26.47, vd
	// 48.6 49.0 48.8 then 46.8. canopy L41931-L41962: vd 17.6 14.0.
	// landing L47383-L47411: vd 3.60 0.80, h 235.2 234.3.
	"tempo-insights-sample-flight.txt": {exit: 900.3, deploy: 971.0, canopy: 975.6, landing: 1065.4},
	// Starts at exit, in the throw (first row 57 m/s across): exit not recorded. vd derived
	// from a noisy 9 Hz height (±5 m/s). deploy L691-L703: vd 51.69 48.63 46.79 42.55, the
	// steady fall begins at 69 s. canopy L735-L740: vd 16.33 13.65. The file ends at
	// touchdown (height 0.5 m at its last row): no 10 s at rest, landing absent.
	"dekunu-flysight-fix-sample.csv": {exit: math.NaN(), deploy: 69.0, canopy: 73.7, landing: math.NaN()},
	// exit L70-L72: vd -0.64 0.21, vh 49.51 47.64. deploy L212-L214: vd 53.94 50.99 after
	// 54-55 (vh falls from L202). canopy L223-L225: vd 17.84 14.14. landing L649-L653:
	// vd 1.36 1.16 0.65, h 21.3 20.7 20.3.
	"ssscoring-insight-gps_00105.csv": {exit: 852.0, deploy: 890.3, canopy: 893.9, landing: 1010.2},
	// Columbus (1 Hz, smoothed altitude, speed in km/h). exit L48-L50: vh 51.39 43.61 35.56,
	// vd 0 0.5 1.5. deploy L104-L106: vd 49 48.5 47.5 46 43.5 (the logger smooths its
	// altitude: vd lags 2-3 s, so ±3 s). canopy L120: vd 15.0. landing L263-L265: vh 2.50 1.39 0.
	"skyderby-columbus.csv": {exit: 48.5, deploy: 105.5, canopy: 121.0, landing: 269.5, tolDeploy: 3},
	// Wingsuit. exit L952-L958: vd 1.06 1.87 5.44 (aircraft 0.5-1.1). deploy L1984-L1990: vd
	// 27.93 27.54 26.50 after rising, vh 19.15 20.20 18.96 14.88. canopy L2005-L2007: vd 15.04
	// 13.98. landing L2606-L2608: vd 1.68 0.89, h 239.1 239.2.
	"skyderby-cyber_eye.csv": {exit: 195.6, deploy: 401.8, canopy: 405.6, landing: 526.2},
}

func TestDetectPhasesRealTracks(t *testing.T) {
	for file, want := range phaseTruths {
		t.Run(file, func(t *testing.T) {
			tr := readFile(t, file)
			ph, err := DetectPhases(tr)
			if err != nil {
				t.Fatal(err)
			}
			check := func(name string, e Event, truth, tol float64) {
				if tol == 0 {
					tol = 1
				}
				if math.IsNaN(truth) {
					if e.Found {
						t.Errorf("%s found at %.2f s, want absent", name, e.TS)
					} else if e.Note == "" || !slices.Contains(ph.Absent, name) {
						t.Errorf("%s absent without a note or not listed in Absent", name)
					}
					return
				}
				if !e.Found {
					t.Errorf("%s not found (%s), want %.2f s", name, e.Note, truth)
					return
				}
				if d := e.TS - truth; math.Abs(d) > tol {
					t.Errorf("%s at %.2f s, want %.2f ± %.0f s", name, e.TS, truth, tol)
				}
				if e.T.Sub(tr.Points[0].T).Seconds()-e.TS > 1e-6 || e.Index < 0 || e.Index >= len(tr.Points) {
					t.Errorf("%s: inconsistent event %+v", name, e)
				}
			}
			check("exit", ph.Exit, want.exit, want.tolExit)
			check("deploy_start", ph.DeployStart, want.deploy, want.tolDeploy)
			check("canopy_open", ph.CanopyOpen, want.canopy, 0)
			check("landing", ph.Landing, want.landing, 0)
		})
	}
}

func TestDetectPhasesCanopyOnlyAndGround(t *testing.T) {
	// A canopy-only track: the richo canopy flight from 10 s after opening.
	tr := readFile(t, "richo-08-22-35.CSV")
	canopy := *tr
	canopy.Points = tr.Points[380:]
	ph, err := DetectPhases(&canopy)
	if err != nil {
		t.Fatal(err)
	}
	if ph.Exit.Found || ph.DeployStart.Found || ph.CanopyOpen.Found || !ph.Landing.Found {
		t.Errorf("canopy-only: got %+v", ph)
	}
	if got := ph.Landing.T.Sub(tr.Points[0].T).Seconds(); math.Abs(got-245.8) > 1 {
		t.Errorf("canopy-only landing at %.2f s of the full track, want 245.8", got)
	}
	// On the ground only (the first 60 s of a ground-to-ground file): nothing.
	ground := *tr
	g := readFile(t, "ssscoring-test-data-00.CSV")
	ground.Points = g.Points[:600]
	ph, err = DetectPhases(&ground)
	if err != nil {
		t.Fatal(err)
	}
	if len(ph.Absent) != 4 {
		t.Errorf("ground only: absent %v, want all four", ph.Absent)
	}
	if _, err := DetectPhases(&Track{}); err == nil {
		t.Error("empty track: no error")
	}
}
