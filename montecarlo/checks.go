package montecarlo

import (
	"fmt"
	"math"

	"halo/check"
	"halo/mission"
	"halo/units"
)

// SourceOdds cites the odds' no-go limits (docs/sources.md).
const SourceOdds = "[halo-odds] halo's limits on the Monte Carlo's odds (limits.max_p_*, limits.min_p_in_target)"

// Checks turns a Monte Carlo result into checks for the plan's verdict, each a
// probability against its no-go limit from the mission (status follows the
// numbers): per jumper, landing in the target (≥ limits.min_p_in_target), deploying
// below the minimum (≤ limits.max_p_low_opening), the AAD firing
// (≤ limits.max_p_aad_fire), reaching the ground before the canopy is open (none);
// for a stick, two jumpers closer than limits.min_separation at an opening or while
// one falls past the other's canopy (≤ limits.max_p_separation). An event seen in
// some runs but within its limit is a caution.
func Checks(res *Result, m *mission.Mission) []check.Check {
	if res == nil || m == nil {
		return []check.Check{{Name: "odds", Status: check.NoGo, Value: "no Monte Carlo result", Limit: "a result", Source: "halo", Detail: "run the Monte Carlo"}}
	}
	var cs []check.Check
	lim := &m.Limits
	pct := func(p float64) string { return fmt.Sprintf("%.1f %%", 100*p) }
	zero := fmt.Sprintf(" (0 of %d runs: below ~%.2g %% at 95 %% confidence)", res.N, 300/float64(res.N))
	// rare is a probability check with a caution band for any occurrence
	rare := func(c check.Check, p, limit float64) check.Check {
		c = c.Numbers(p, limit, "1", check.AtMost)
		switch {
		case p > 0 && c.Status == check.Go:
			c.Status = check.Caution
		case p == 0:
			c.Value += zero
		}
		return c
	}
	for _, st := range res.Jumpers {
		cs = append(cs, check.Check{Name: "odds: " + st.Name + " in target",
			Value:  fmt.Sprintf("%s of %d runs within %.0f m (median miss %.0f m; mean landing point %.0f m E, %.0f m N)", pct(st.PInTarget), res.N, res.TargetRadiusM, st.CEPM, st.MPI.E, st.MPI.N),
			Limit:  "≥ " + pct(lim.MinPInTarget),
			Source: SourceOdds, Detail: "the jumper often misses the target: check the winds' uncertainty, the canopy's reach and the release point"}.
			Numbers(st.PInTarget, lim.MinPInTarget, "1", check.AtLeast))

		minOpen := m.MinOpenFor(m.Jumper(st.Name))
		fix := "the jumper's spread of opening altitudes reaches below the minimum"
		if !math.IsNaN(st.PlanOpenAGLM) && st.PlanOpenAGLM > 0 {
			fix += fmt.Sprintf(": plan the deployment at %s AGL or higher", ftRound(st.PlanOpenAGLM))
		}
		cs = append(cs, rare(check.Check{Name: "odds: " + st.Name + " opens below minimum",
			Value:  pct(st.POpenBelowMin) + fmt.Sprintf(" below %s AGL; deployment p5 %.0f m AGL", ftRound(minOpen), st.OpenAlt.P5),
			Limit:  "≤ " + pct(lim.MaxPLowOpening) + " (any: caution)",
			Source: SourceOdds + "; minimum opening: USPA BSR 2-1.I [USPA-BSR]", Detail: fix}, st.POpenBelowMin, lim.MaxPLowOpening))

		cs = append(cs, check.Check{Name: "odds: " + st.Name + " ground impact",
			Value: pct(st.PImpact) + " of runs reach the ground before the canopy is open", Limit: "0 %",
			Source: "simulation", Detail: "the spread of openings reaches the ground: plan a much higher opening"}.
			Numbers(st.PImpact, 0, "1", check.AtMost))

		cs = append(cs, rare(check.Check{Name: "odds: " + st.Name + " AAD fires", Value: pct(st.PAADFire),
			Limit:  "≤ " + pct(lim.MaxPAADFire) + " (any: caution)",
			Source: SourceOdds + "; AAD thresholds from limits.aad_altitude/aad_speed [CYPRES]",
			Detail: "in some runs the AAD fires: the main is not open in time; plan a higher opening"}, st.PAADFire, lim.MaxPAADFire))
	}
	if len(res.Jumpers) > 1 {
		val := ""
		if k := worstPair(res.Pairs); k >= 0 {
			ps := res.Pairs[k]
			val = fmt.Sprintf("; worst pair %s/%s: %s, closest p5 %.0f m", ps.A, ps.B, pct(ps.PViolation), ps.Closest.P5)
		}
		cs = append(cs, rare(check.Check{Name: "odds: separation",
			Value:  fmt.Sprintf("%s of runs with a pair closer than %.0f m at an opening or passing an open canopy%s", pct(res.PSeparationViolation), res.MinSeparationM, val),
			Limit:  "≤ " + pct(lim.MaxPSeparation),
			Source: SourceOdds + "; minimum separation [USPA-SEP]",
			Detail: "jumpers often come too close: lengthen the exit intervals or the break-off"}, res.PSeparationViolation, lim.MaxPSeparation))
	}
	return cs
}

// worstPair is the index of the pair most often too close (-1 for none).
func worstPair(ps []PairStats) int {
	k := -1
	for i := range ps {
		if k < 0 || ps[i].PViolation > ps[k].PViolation {
			k = i
		}
	}
	return k
}

// ftRound writes an altitude in feet rounded up to the next 100 ft, with metres.
func ftRound(m float64) string {
	f := math.Ceil(m/units.Foot/100) * 100
	return fmt.Sprintf("%.0f ft (%.0f m)", f, f*units.Foot)
}
