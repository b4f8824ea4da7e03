package render

import (
	"fmt"
	"io"
	"math"

	"halo/plan"
	"halo/units"
)

// canopyText writes the plan's canopy section: the opening point as placed (the
// canopy safety factor), the footprint, the landing pattern, the holding area,
// the cut-away finder and the alternates.
func canopyText(w io.Writer, c *plan.CanopyPlan) {
	if c == nil {
		return
	}
	pf := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	pf("CANOPY  %s opens at %s AGL, %s from the target (%.5f, %.5f)\n", Escape(c.Jumper), units.Alt(c.Opening.AGLM), units.Dist(c.HandsOffDriftM), c.Opening.Lat, c.Opening.Lon)
	if c.OpensOverTarget {
		pf("  opens at or below the %.0f ft safety factor: the opening point is over the target [ATP3-18.11]\n", c.SafetyFactorM/units.Foot)
	} else if c.SafetyFactorM > 0 {
		pf("  opening point: hands off (half brakes into the wind [USPA-BRAKED]) it is over the target at the %.0f ft safety factor [ATP3-18.11]\n", c.SafetyFactorM/units.Foot)
	}
	for _, n := range c.Notes {
		pf("  %s\n", n)
	}
	if len(c.Footprint) > 0 {
		pf("  reachable footprint from the opening (%d headings): the target is %s it\n", len(c.Footprint), insideBy(c.TargetMarginM))
	}
	if pt := c.Pattern; pt != nil {
		pf("PATTERN  left-hand, wind corrected (USPA SIM [USPA-SIM])\n")
		for i, l := range pt.Legs {
			e := pt.Points[i]
			pf("  %-8s from %4.0f ft at %.5f, %.5f: track %03.0f°, heading %03.0f°, %s over the ground for %.0f m (wind %s)\n",
				l.Name, l.TopAGLM/units.Foot, e.Lat, e.Lon, l.TrackDeg, l.HeadingDeg, units.Spd(l.GroundSpeedMps), l.LengthM, units.Spd(l.WindMps))
		}
	}
	if h := c.Holding; h != nil {
		pf("  holding area %.0f-%.0f ft: within %.0f m of %.5f, %.5f the downwind entry is still reached\n", h.TopAGLM/units.Foot, h.BotAGLM/units.Foot, h.RadiusM, h.Centre.Lat, h.Centre.Lon)
	}
	if x := c.Cutaway; x != nil {
		pf("CUT-AWAY  at %s AGL: reserve hands off lands %s from the target (%.5f, %.5f); the target is %s\n",
			units.Alt(x.At.AGLM), units.Dist(hyp(x.ReserveHandsOff)), x.ReserveHandsOff.Lat, x.ReserveHandsOff.Lon, insideBy(x.ReserveTargetMarginM)+" the reserve's footprint")
		pf("  the open main flown hands off lands %s from the target (%.5f, %.5f)\n", units.Dist(hyp(x.MainHandsOff)), x.MainHandsOff.Lat, x.MainHandsOff.Lon)
		pf("  %s\n", x.Assumptions)
	}
	for _, a := range c.Alternates {
		verdict := "NOT reachable"
		if a.Reachable {
			verdict = "reachable"
		}
		res := "not under the reserve"
		if a.ReachableUnderRes {
			res = "also under the reserve"
		}
		pf("ALTERNATE  %s: %s on %03.0f° from the target, %s from the opening (%s), %s\n", Escape(a.Name), units.Dist(a.DistanceM), a.BearingDeg, verdict, insideBy(a.MarginM), res)
	}
}

// inside says how far inside (or outside) a footprint a point lies.
func insideBy(m float64) string {
	if m >= 0 {
		return fmt.Sprintf("%.0f m inside", m)
	}
	return fmt.Sprintf("%.0f m outside", -m)
}

func hyp(p plan.Place) float64 { return math.Hypot(p.E, p.N) }
