package render

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"halo/mission"
	"halo/plan"
)

// halo physio gives the exposure profile in the clock times of the plan's own
// timeline (prebreathe start, takeoff, exit), never as seconds from the
// profile's start; without a takeoff time, as minutes from takeoff.
func TestPhysioClockTimes(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(m *mission.Mission)
		want []string
	}{
		// fallout: takeoff 14:20 +04, 45 min ground prebreathe, exit 14:51:32 in the plan's timeline
		{"takeoff given", nil, []string{"clock times +04, takeoff 2026-11-25 14:20", "prebreathe     13:35:00 to 14:20:00  (45 min)", "climb          14:20:00 to ", "freefall       14:51:32 to "}},
		{"no takeoff", func(m *mission.Mission) { m.Schedule.Takeoff = time.Time{} }, []string{"from takeoff", "prebreathe     takeoff - 45:00 to takeoff + 0:00  (45 min)", "freefall       takeoff + 31:32 to "}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _ := physioTextOf(t, solveDefault(t, c.edit))
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, " s .. ") {
				t.Errorf("seconds from the profile's start:\n%s", out)
			}
		})
	}
}

// physioTextOf is `halo physio`'s text of p's first jumper, with the selection
// it was written from.
func physioTextOf(t *testing.T, p *plan.Plan) (string, PhysioJSON) {
	t.Helper()
	sel, err := Physio(p, "")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := PhysioText(&b, p, sel); err != nil {
		t.Fatal(err)
	}
	return b.String(), sel
}
