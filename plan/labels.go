package plan

import (
	"fmt"
	"math"

	"halo/mission"
)

// headingBasis says what set the jump run's heading (deg true, as flown): the
// mission's heading, or into the wind at exit altitude, and whether the airspace
// solver turned it to keep the run outside its margin.
func headingBasis(m *mission.Mission, auto bool, flown float64, a *Airspace) string {
	var b string
	if auto {
		b = "auto: into the wind at exit altitude"
	} else {
		b = fmt.Sprintf("given: %03.0f°", m.Aircraft.HeadingDeg)
	}
	if a != nil && a.HeadingChangeDeg != 0 {
		from := math.Mod(flown-a.HeadingChangeDeg+360, 360)
		b += fmt.Sprintf(" (%03.0f°), turned %+.0f° to %03.0f° by the airspace solver to keep the run %.0f m clear of %s",
			from, a.HeadingChangeDeg, flown, a.MarginM, a.ClosestArea)
	}
	return b
}
