package montecarlo

import (
	"fmt"
	"halo/plan"

	"halo/check"
	"halo/mission"
)

// Limits of the Monte Carlo's safety checks (halo rules, not published figures):
//
//   - MaxPAADFire: an AAD firing on a planned jump means the main was not open at
//     the AAD's altitude, a two-canopy or low-reserve emergency. It must be
//     practically impossible: more than 1 run in 1,000 is a no-go (about the
//     resolution of the 1,000-run default; a smaller limit could not be told
//     from zero). Any firing at all is a caution.
//   - MaxPOpenBelowMin: the minimum opening altitude (USPA BSR, limits.min_open)
//     already sits well above the AAD altitude, so an occasional low opening is
//     a caution; more than 1 run in 100 means the plan's opening altitude has no
//     margin for the jumper's own spread: a no-go.
//   - MaxPSeparation: more than 5 % of runs with two canopies opening closer than
//     limits.min_separation (both horizontally and vertically) is a caution; the
//     plan's own separation check judges the nominal jump.
//
// A probability equal to a limit passes.
const (
	MaxPAADFire      = 0.001
	MaxPOpenBelowMin = 0.01
	MaxPSeparation   = 0.05
)

// Checks turns a Monte Carlo result into checks for the plan's verdict: per jumper
// a caution when the probability of landing in the target is below
// limits.min_p_in_target; a caution when any run opens below the minimum or fires
// the AAD and a no-go above MaxPOpenBelowMin or MaxPAADFire; a caution when the
// separation violation probability exceeds MaxPSeparation.
func Checks(res *Result, m *mission.Mission) []check.Check {
	if res == nil || m == nil {
		return []check.Check{{Name: "odds", Status: check.NoGo, Value: "no Monte Carlo result", Limit: "a result", Source: "halo", Detail: "run the Monte Carlo"}}
	}
	var cs []check.Check
	pct := func(p float64) string { return fmt.Sprintf("%.1f %%", 100*p) }
	zero := fmt.Sprintf(" (0 of %d runs: below ~%.2g %% at 95 %% confidence)", res.N, 300/float64(res.N))
	for _, st := range res.Jumpers {
		s := check.Go
		if st.PInTarget < m.Limits.MinPInTarget {
			s = check.Caution
		}
		cs = append(cs, check.Check{Name: "odds: " + st.Name + " in target", Status: s,
			Value: fmt.Sprintf("%s of %d runs within %.0f m (CEP %.0f m, MPI %.0f m E %.0f m N)", pct(st.PInTarget), res.N, res.TargetRadiusM, st.CEPM, st.MPI.E, st.MPI.N),
			Limit: "≥ " + pct(m.Limits.MinPInTarget), Source: "limits.min_p_in_target",
			Detail: "the jumper often misses the target: check the winds' uncertainty, the canopy's reach and the release point"})

		s, v := check.Go, pct(st.POpenBelowMin)
		switch {
		case st.POpenBelowMin > MaxPOpenBelowMin:
			s = check.NoGo
		case st.POpenBelowMin > 0:
			s = check.Caution
		default:
			v += zero
		}
		cs = append(cs, check.Check{Name: "odds: " + st.Name + " opens below minimum", Status: s,
			Value: v + fmt.Sprintf("; deployment p5 %.0f m AGL", st.OpenAlt.P5), Limit: "≤ " + pct(MaxPOpenBelowMin) + " (any: caution)",
			Source: "halo rule on limits.min_open (USPA BSR 2-1.I, REFERENCE.md G.1)",
			Detail: "the jumper's spread of opening altitudes reaches below the minimum: plan a higher opening"})

		if st.PImpact > 0 {
			cs = append(cs, check.Check{Name: "odds: " + st.Name + " ground impact", Status: check.NoGo, Value: pct(st.PImpact) + " of runs reach the ground before the canopy is open",
				Limit: "none", Source: "simulation", Detail: "the spread of openings reaches the ground: plan a much higher opening"})
		}
		s, v = check.Go, pct(st.PAADFire)
		switch {
		case st.PAADFire > MaxPAADFire:
			s = check.NoGo
		case st.PAADFire > 0:
			s = check.Caution
		default:
			v += zero
		}
		cs = append(cs, check.Check{Name: "odds: " + st.Name + " AAD fires", Status: s, Value: v,
			Limit: "≤ " + pct(MaxPAADFire) + " (any: caution)", Source: "halo rule; AAD thresholds from limits.aad_altitude/aad_speed (REFERENCE.md E)",
			Detail: "in some runs the AAD fires: the main is not open in time; plan a higher opening"})
	}
	if len(res.Jumpers) > 1 {
		s := check.Go
		if res.PSeparationViolation > MaxPSeparation {
			s = check.Caution
		}
		cs = append(cs, check.Check{Name: "odds: separation at opening", Status: s,
			Value: fmt.Sprintf("%s of runs with a pair closer than %.0f m horizontally and vertically", pct(res.PSeparationViolation), res.MinSeparationM),
			Limit: "≤ " + pct(MaxPSeparation), Source: "halo rule on limits.min_separation (USPA guidance, REFERENCE.md G.2)",
			Detail: "jumpers often open too close together: lengthen the exit interval or the break-off"})
	}
	return cs
}

// Apply folds a Monte Carlo result into its plan: the odds, their checks, and the
// verdict and reasons recomputed over every check (`halo plan --odds N`).
func Apply(p *plan.Plan, res *Result) {
	p.Odds = res
	p.Checks = append(p.Checks, Checks(res, p.MissionRef())...)
	p.Verdict = check.Verdict(p.Checks)
	p.Reasons = check.Reasons(p.Checks)
}
