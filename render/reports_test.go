package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"halo/mission"
	"halo/montecarlo"
	"halo/store"
	"halo/units"
	"halo/wind"
)

func f64(x float64) *float64 { return &x }

// TestLogTexts: the log's list, stats and acknowledgement, "-" for what was not
// measured, columns aligned.
func TestLogTexts(t *testing.T) {
	d := time.Date(2026, 11, 25, 10, 51, 0, 0, time.UTC)
	as := []store.Attempt{
		{ID: 7, MissionName: "fallout", MissionVersion: 2, Date: d, Outcome: store.OutcomeSuccess, Planner: "halo v1.2.0 (0123456789ab)", Jumpers: []store.AttemptJumper{
			{Name: "talent", Result: store.Result{LandingErrorM: f64(12.34), OpenAltAGLM: f64(1219.2), FreefallS: f64(61.06)}},
			{Name: "camera"}}},
		{ID: 8, MissionName: "fallout", MissionVersion: 2, Date: d.Add(24 * time.Hour), Outcome: store.OutcomeAborted},
	}
	cases := []struct {
		name  string
		write func(w *bytes.Buffer) error
		want  string
	}{
		{"list", func(w *bytes.Buffer) error { return AttemptsText(w, as) },
			"id  date (UTC)        mission     outcome  jumper  landing distance  deployment AGL  free fall  planned by\n" +
				"7   2026-11-25 10:51  fallout v2  success  talent  12 m              1219 m          61.1 s     halo v1.2.0 (0123456789ab)\n" +
				"7   2026-11-25 10:51  fallout v2  success  camera  -                 -               -          halo v1.2.0 (0123456789ab)\n" +
				"8   2026-11-26 10:51  fallout v2  aborted  -       -                 -               -          -\n"},
		{"logged", func(w *bytes.Buffer) error { return AttemptLoggedText(w, as[0]) },
			"logged attempt 7 (2026-11-25T10:51:00Z, mission fallout v2, 2 tracks, outcome success, planned by halo v1.2.0 (0123456789ab))\n"},
		{"imported", func(w *bytes.Buffer) error {
			return ImportedText(w, store.ImportResult{Missions: 1, Jumpers: 2, Attempts: 3, Notes: 1, SkippedAttempts: 1})
		}, "imported 3 attempts, 1 mission version, 2 jumpers and 1 note; left out 1 attempt and 0 notes the log had already\n"},
		{"logged one", func(w *bytes.Buffer) error { return AttemptLoggedText(w, as[1]) },
			"logged attempt 8 (2026-11-26T10:51:00Z, mission fallout v2, 0 tracks, outcome aborted, planned by -)\n"},
		{"stats", func(w *bytes.Buffer) error {
			return LogStatsText(w, store.Stats{Attempts: 2, Outcomes: map[store.Outcome]int{store.OutcomeSuccess: 1, store.OutcomeAborted: 1},
				Points: []store.StatPoint{{Number: 1, Date: d, Jumper: "talent", Outcome: store.OutcomeSuccess, LandingErrorM: f64(12.34), OpenAltErrorM: f64(-30), FreefallErrorS: f64(0.44), FittedCdAM2: f64(0.5123)},
					{Number: 2, Date: d.Add(24 * time.Hour), Jumper: "talent", Outcome: store.OutcomeAborted}},
				Trends: []store.Trend{{Metric: store.MetricLandingError, N: 1, Mean: f64(12.34), Verdict: store.NotEnoughData},
					{Metric: store.MetricLandingError, Jumper: "talent", N: 4, Mean: f64(30.6), Slope: f64(-1.04e6), SlopeSE: f64(2.2e5), Confidence: f64(0.9912), Verdict: store.Improving},
					{Metric: store.MetricFreefallError, Jumper: "talent", N: 4, Mean: f64(0.44), Slope: f64(0.013), SlopeSE: f64(0.2), Confidence: f64(0.48), Verdict: store.NotImproving}},
				Drag: []store.DragSeries{{Jumper: "talent", Points: make([]store.DragPoint, 1), MeanM2: f64(0.5123)}}})
		},
			"JUMP LOG, all missions: 2 attempts (1 success, 1 aborted)\n\n" +
				"ATTEMPTS (against the plan)\n" +
				"#  date        jumper  outcome  landing distance  deployment altitude  free-fall time  fitted drag area\n" +
				"1  2026-11-25  talent  success  12 m              30 m low             0.4 s long      0.51 m²\n" +
				"2  2026-11-26  talent  aborted  -                 -                    -               -\n\n" +
				"TALENT: 2 jumps\n" +
				"                        mean     change per attempt         trend\n" +
				"  landing distance      31 m     -1040000.0 m ± 220000.0 m  shrinking (99 % confident)\n" +
				"  free-fall time error  0.4 s    +0.01 s ± 0.20 s           no clear trend (48 % confident it shrinks; 95 % needed)\n" +
				"  fitted drag area      0.51 m²                             1 fit\n\n" +
				"change per attempt: the least-squares line through each error's size, ± its standard error;\n" +
				"confident it shrinks: the one-sided Student-t probability of that change [NIST-t]\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := c.write(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != c.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), c.want)
			}
		})
	}
}

// TestAtmosText: the table's sea-level row is the US Standard Atmosphere 1976
// (288.15 K, 101325 Pa, 1.225 kg/m³, 340.29 m/s), its rows every step, ends included.
func TestAtmosText(t *testing.T) {
	rows, err := AtmosTable(0, 3000*units.Foot, 1000*units.Foot)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows from 0 to 3000 ft every 1000 ft, want 4", len(rows))
	}
	var b bytes.Buffer
	if err := AtmosText(&b, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2+len(rows) || lines[0] != "US Standard Atmosphere 1976 (geometric altitude)" {
		t.Fatalf("table:\n%s", b.String())
	}
	if want := "       0.0         0  288.150       101325        1.225  340.294"; !strings.HasPrefix(lines[2], want) {
		t.Errorf("sea level %q, want %q...", lines[2], want)
	}
	if !strings.HasPrefix(lines[5], "     914.4      3000 ") {
		t.Errorf("last row %q, want 3000 ft (914.4 m)", lines[5])
	}
	if _, err := AtmosTable(0, 1e6, 1e5); err == nil {
		t.Error("above the standard atmosphere's top: no error")
	}
}

// TestWindTexts: the comparison prints the thresholds it was given and counts
// the levels flagged; the profile prints "unknown" for a time not given.
func TestWindTexts(t *testing.T) {
	a, b := &wind.Profile{Source: "A src"}, &wind.Profile{Source: "B src"}
	ds := []wind.Disagreement{
		{Alt: 3000 * units.Foot, FromA: 270, SpeedA: 10 * units.Knot, FromB: 280, SpeedB: 12 * units.Knot, DirDiff: 10, SpdDiff: 2 * units.Knot},
		{Alt: 4000 * units.Foot, FromA: 270, SpeedA: 10 * units.Knot, FromB: 300, SpeedB: 10 * units.Knot, DirDiff: 30, Disagree: true},
	}
	var w bytes.Buffer
	if err := WindCompareText(&w, a, b, 20, 4*units.Knot, ds); err != nil {
		t.Fatal(err)
	}
	want := "A: A src\nB: B src\nflagged where they differ by more than 20° or 4 kt\n" +
		"      ft      A from/kt      B from/kt     Δdir Δspeed kt\n" +
		"    3000     270°  10.0     280°  12.0      10°       2.0\n" +
		"    4000     270°  10.0     300°  10.0      30°       0.0  DISAGREE\n" +
		"1 of 2 levels disagree\n"
	if w.String() != want {
		t.Errorf("got\n%s\nwant\n%s", w.String(), want)
	}
	w.Reset()
	if err := WindsText(&w, &wind.Profile{Source: "none", Notes: []string{"a note"}}); err != nil {
		t.Fatal(err)
	}
	if want := "winds: none\nissued unknown, valid unknown to unknown\nnote: a note\n"; !strings.HasPrefix(w.String(), want) {
		t.Errorf("got\n%s\nwant it to start\n%s", w.String(), want)
	}
}

// TestMissionCheckText: the file, the mission, its jumpers and each default taken.
func TestMissionCheckText(t *testing.T) {
	m, err := mission.Default()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := MissionCheckText(&b, "m.yaml", m); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if want := fmt.Sprintf("m.yaml: mission %q is valid (%d jumpers)", m.Name, len(m.Jumpers)); lines[0] != want {
		t.Errorf("%q, want %q", lines[0], want)
	}
	if len(lines) != 1+len(m.Assumptions) {
		t.Errorf("%d default lines for %d defaults", len(lines)-1, len(m.Assumptions))
	}
}

// TestPhysioText: a solved plan's first jumper, every check and assumption listed.
func TestPhysioText(t *testing.T) {
	p := solveDefault(t, nil)
	out, sel := physioTextOf(t, p)
	if want := fmt.Sprintf("PHYSIOLOGY  %s, mission %s\n", p.Jumpers[0].Name, p.Mission); !strings.HasPrefix(out, want) {
		t.Errorf("starts %q, want %q", out[:min(len(out), 80)], want)
	}
	if n := strings.Count(out, "\n  ["); n != len(sel.Result.Checks) || n == 0 {
		t.Errorf("%d check lines for %d checks", n, len(sel.Result.Checks))
	}
	if want := fmt.Sprintf("DCS risk            %.1f %% (planning estimate)\n", 100*sel.Result.DCSRisk); !strings.Contains(out, want) {
		t.Errorf("no line %q in\n%s", want, out)
	}
}

// TestMonteCarloText: one row per jumper and one overall, the distributions and notes.
func TestMonteCarloText(t *testing.T) {
	p := solveDefault(t, nil)
	r := &montecarlo.Result{N: 100, Seed: 3, Workers: 1, MinSeparationM: 50, PSeparationViolation: 0.0123,
		Jumpers: []montecarlo.Stats{{Name: "talent", PInTarget: 0.9, CEPM: 20, Ellipse95: montecarlo.Ellipse{MajorM: 59, MinorM: 44, BearingDeg: 12}}, {Name: "camera", PInTarget: 0.8}},
		Overall: montecarlo.Stats{Name: "all", PInTarget: 0.85}, Notes: []string{"n1"},
		Distributions: []montecarlo.Distribution{{Name: "exit", Kind: "gaussian", Sigma: 1.5, Unit: "s"}}}
	var b bytes.Buffer
	if err := MonteCarloText(&b, p, r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2+3+2+1+1 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	for i, name := range []string{"talent", "camera", "all"} {
		if !strings.HasPrefix(lines[2+i], name+"  ") {
			t.Errorf("row %d %q, want %s", i, lines[2+i], name)
		}
	}
	// the ellipse's full axes, said so in the header (JSON holds the half axes)
	if !strings.Contains(lines[1], "95 % ellipse, full axes") {
		t.Errorf("header %q", lines[1])
	}
	if want := "talent  90.0 %     20 m  0 m  118 × 88 m               012°"; !strings.HasPrefix(lines[2], want) {
		t.Errorf("talent row %q, want %q...", lines[2], want)
	}
	if lines[5] != "separation below 50 m at opening: 1.23 %" || lines[8] != "note: n1" {
		t.Errorf("separation %q, note %q", lines[5], lines[8])
	}
}
