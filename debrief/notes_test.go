package debrief

import (
	"math"
	"strings"
	"testing"

	"halo/track"
)

// A plan given without the jumper who flew the track (two jumpers, none
// named) is not "no plan": the note says what to name, once, and no note
// names a Go function.
func TestCompareNotesWithoutJumper(t *testing.T) {
	p := falloutPlan(t)
	tr, _, _ := synthTrack(t, p, synthJump{jumper: "talent", sacc: 0.3, seed: 3})
	ph, err := track.DetectPhases(tr)
	if err != nil {
		t.Fatal(err)
	}
	mt := track.Analyze(tr, ph, p.Target.ElevationM)
	for _, c := range []struct {
		name string
		r    Report
		want string
	}{
		{"plan, jumper not named", Compare(tr, ph, mt, p, "", math.NaN()), "name the jumper who flew"},
		{"no plan", Compare(tr, ph, mt, nil, "", math.NaN()), "no plan"},
	} {
		seen := map[string]bool{}
		joined := strings.Join(c.r.Notes, "\n")
		for _, n := range c.r.Notes {
			if seen[n] {
				t.Errorf("%s: note %q twice", c.name, n)
			}
			seen[n] = true
		}
		if !strings.Contains(joined, c.want) {
			t.Errorf("%s: notes lack %q:\n%s", c.name, c.want, joined)
		}
		if c.name != "no plan" && strings.Contains(joined, "no plan") {
			t.Errorf("%s: a plan was given but a note says there is none:\n%s", c.name, joined)
		}
		if strings.Contains(joined, "Calibrate") || strings.Contains(joined, "debrief:") {
			t.Errorf("%s: a note names code:\n%s", c.name, joined)
		}
	}
}
