package debrief

import (
	"math"
	"os"
	"strings"
	"testing"

	"halo/internal/testdata"
	"halo/track"
)

// A track moved bodily north of the plan's drop zone: within ElsewhereM it is
// still compared with the plan (a bad spot); beyond it, it is another place.
// A jump that exits at its planned point and lands far off (a HAHO canopy that
// drifted) is not another place.
func TestLocateElsewhere(t *testing.T) {
	p := falloutPlan(t)
	ji, _ := JumperIndex(p, "talent")
	cases := []struct {
		name          string
		shiftM        float64 // whole track moved north, m
		landOnlyM     float64 // landing and after moved north, m
		wantElsewhere bool
	}{
		{"on the plan", 0, 0, false},
		{"9 km off", 9e3, 0, false},
		{"11 km off", 11e3, 0, true},
		{"exit on the plan, landing 50 km off", 0, 50e3, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, _, _ := synthTrack(t, p, synthJump{jumper: "talent", sacc: 0.3, seed: 9})
			ph, err := track.DetectPhases(tr)
			if err != nil {
				t.Fatal(err)
			}
			fr := p.Env.Frame
			for i := range tr.Points {
				shift := c.shiftM
				if i >= ph.Landing.Index {
					shift += c.landOnlyM
				}
				e, n, _ := fr.ToENU(tr.Points[i].Lat, tr.Points[i].Lon, 0)
				tr.Points[i].Lat, tr.Points[i].Lon, _ = fr.ToGeodetic(e, n+shift, 0)
			}
			got := Locate(tr, ph, p, ji)
			if (got != nil) != c.wantElsewhere {
				t.Fatalf("Locate = %+v, want elsewhere %v", got, c.wantElsewhere)
			}
			r := Compare(tr, ph, track.Analyze(tr, ph, math.NaN()), p, "talent", math.NaN())
			if c.wantElsewhere != (r.PlanDiff == nil) {
				t.Errorf("plan diff %v with elsewhere %+v", r.PlanDiff != nil, r.Elsewhere)
			}
		})
	}
}

// The user's report: a track from California debriefed against the fallout
// plan printed "exited 319438 m late" and heights above the mission's ground
// before the note that it was another drop zone. Now the note comes first, no
// comparison with the plan is made (no plan diff, no summary, no landing error),
// and heights are above the track's own landing.
func TestFileElsewhereWithholdsThePlan(t *testing.T) {
	p := falloutPlan(t)
	b, err := os.ReadFile(testdata.Path(t, "richo-08-22-35.CSV"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := File("richo-08-22-35.CSV", b, p, "talent", 0)
	if err != nil {
		t.Fatal(err)
	}
	r := d.Report
	if r.Elsewhere == nil || r.PlanDiff != nil || len(r.Summary) != 0 || !math.IsNaN(r.LandingErrorM) {
		t.Fatalf("elsewhere %+v, plan diff %v, summary %v, landing error %v: want the comparison withheld", r.Elsewhere, r.PlanDiff != nil, r.Summary, r.LandingErrorM)
	}
	if r.Elsewhere.LandingFromTargetM < 1e6 {
		t.Errorf("landing %.0f km from the target, want thousands", r.Elsewhere.LandingFromTargetM/1000)
	}
	if len(r.Notes) == 0 || !strings.HasPrefix(r.Notes[0], "another place:") || !strings.Contains(r.Notes[0], "10 km") {
		t.Errorf("first note %q, want the another-place note with its threshold", r.Notes)
	}
	for _, n := range r.Notes {
		if strings.Contains(n, " late") || strings.Contains(n, "this drop zone") {
			t.Errorf("note compares with the plan: %q", n)
		}
	}
	// SOURCES.md: ground ≈ 6 m MSL; the fallout target's elevation is not it
	if r.GroundFrom != "landing altitude" || math.Abs(r.GroundMSL-6.6) > 1 || d.Metrics.GroundFrom != "landing altitude" {
		t.Errorf("ground %.1f m from %q (metrics %q), want the track's landing ≈ 6 m", r.GroundMSL, r.GroundFrom, d.Metrics.GroundFrom)
	}
	if math.Abs(r.OpenAltAGL-(1222-6.6)) > 5 {
		t.Errorf("open %.0f m AGL, want ≈ 1,215 (1,222 m MSL over 6.6 m)", r.OpenAltAGL)
	}
	if r.Jumper != "talent" || !(r.FittedCdA > 0) {
		t.Errorf("jumper %q, CdA %v: want the plan's jumper and the drag fitted with the plan's mass", r.Jumper, r.FittedCdA)
	}
}
