package plan

import (
	"fmt"

	"halo/check"
	"halo/wind"
)

// windsAge judges the winds' times against the jump: a forecast issued after the
// jump, or after its own valid_to, is no forecast for it (a wrong date, zone or
// bulletin); one older than limits.max_wind_age, or used after its valid time,
// is NO-GO. A "limit" in the mission is a no-go limit, 0 included [halo-verdict].
func (s *solver) windsAge(p *Plan) check.Check {
	lim := s.m.Limits
	w := s.env.Wind
	when := s.when(p)
	const stamp = "2006-01-02 15:04Z"
	limit := fmt.Sprintf("≤ %.1f h old at the jump", lim.MaxWindAge/3600)
	src := "limits.max_wind_age (FB forecasts: use within their 6-h window [AC00-45]) [halo-verdict]"
	c := check.Check{Name: "winds age", Limit: limit, Source: src}
	switch {
	case !w.Issued.IsZero() && !w.ValidTo.IsZero() && w.Issued.After(w.ValidTo):
		// (a model analysis is issued at its valid time: equal is no contradiction)
		c.Value = fmt.Sprintf("issued %s, valid to %s", w.Issued.UTC().Format(stamp), w.ValidTo.UTC().Format(stamp))
		c.Limit = "issued no later than its valid_to"
		c.Detail = "the winds are issued after their own valid_to: a wrong date or zone; get the forecast again"
		return c.Numbers(w.ValidTo.Sub(w.Issued).Seconds(), 0, "s", check.AtLeast)
	case !w.ValidTo.IsZero() && !when.IsZero() && when.After(w.ValidTo):
		c.Value = "forecast valid to " + w.ValidTo.UTC().Format(stamp) + ", jump at " + when.UTC().Format(stamp)
		c.Limit = "jump inside the forecast's valid window"
		c.Source = "forecast validity (FB bulletin FOR USE period [AC00-45])"
		c.Detail = fmt.Sprintf("the jump is %.1f h after the forecast's valid time: get a new forecast", when.Sub(w.ValidTo).Hours())
		return c.Numbers(w.ValidTo.Sub(when).Seconds(), 0, "s", check.AtLeast)
	case w.Issued.IsZero() && w.ValidFrom.IsZero(), when.IsZero():
		c.Status, c.Value = check.Caution, "unknown (no issue time)"
		c.Detail = "give winds.issued so the plan can judge the winds' age"
		return c
	}
	age, _ := w.Age(when)
	if age < 0 {
		c.Value = fmt.Sprintf("issued %.1f h after the jump (%s)", -age.Hours(), w.Source)
		c.Limit = "issued before the jump"
		c.Detail = fmt.Sprintf("the winds are issued %s, after the jump at %s: a wrong date or zone, or the wrong bulletin", w.Issued.UTC().Format(stamp), when.UTC().Format(stamp))
		return c.Numbers(age.Seconds(), 0, "s", check.AtLeast)
	}
	c.Value = fmt.Sprintf("%.1f h at the jump (%s)", age.Hours(), w.Source)
	c.Detail = fmt.Sprintf("the winds are %.1f h old at the jump, over the %.1f h limit: get a newer forecast", age.Hours(), lim.MaxWindAge/3600)
	return c.Numbers(age.Seconds(), lim.MaxWindAge, "s", check.AtMost)
}

// windsCoverage says how far the plan holds the winds beyond their reports, at
// the top (up to the exit) and the bottom (down to the ground): a caution for any
// gap, NO-GO beyond wind.MaxExtrapolation [halo-winds-coverage].
func (s *solver) windsCoverage() []check.Check {
	w := s.env.Wind
	g := s.m.Target.Elevation
	below, above := w.Gaps(g, s.zx)
	src := "halo: winds held at most 3,000 ft beyond the reports, one FB level spacing [AC00-45] [halo-winds-coverage]"
	lim := "≤ " + ft(wind.MaxExtrapolation) + " beyond the reports"
	top := check.Check{Name: "winds cover the exit", Value: fmt.Sprintf("highest report %s MSL, exit %s MSL: %s held constant", ft(w.Top()), ft(s.zx), ft(above)),
		Limit: lim, Source: src}.Numbers(above, wind.MaxExtrapolation, "m", check.AtMost)
	bot := check.Check{Name: "winds cover the ground", Value: fmt.Sprintf("lowest report %s MSL, ground %s MSL: %s held constant", ft(w.Bottom()), ft(g), ft(below)),
		Limit: lim, Source: src}.Numbers(below, wind.MaxExtrapolation, "m", check.AtMost)
	gapDetail := func(c *check.Check, gap float64, where, fix string) {
		switch {
		case c.Status == check.NoGo:
			c.Detail = fmt.Sprintf("the winds stop %s %s: no plan holds a wind that far; %s", ft(gap), where, fix)
		case gap > 0:
			c.Status = check.Caution
			c.Detail = fmt.Sprintf("the wind is extrapolated %s %s (the nearest report held constant); %s", ft(gap), where, fix)
		}
	}
	gapDetail(&top, above, "below the exit", "give winds that reach the exit altitude")
	gapDetail(&bot, below, "above the ground", "give winds down to the ground")
	return []check.Check{top, bot}
}

// unconvergence is a release point that did not converge: the exit velocity of
// the layout it was solved for (which identifies the layout's heading), its
// landing miss (m), the iterations and the likely cause.
type unconvergence struct {
	ve, vn, miss float64
	iterations   int
	cause        string
}

// unconverged returns the worst release point that did not converge in layout l
// (false when every one did): the plan is then NO-GO with the reason instead of
// failing without a plan.
func (s *solver) unconverged(l *layout) (unconvergence, bool) {
	var worst unconvergence
	found := false
	for _, u := range s.unsolved {
		if u.ve == l.ve && u.vn == l.vn && (!found || u.miss > worst.miss) {
			worst, found = u, true
		}
	}
	return worst, found
}

// releasePointCheck is NO-GO for a layout whose release point did not converge.
func (s *solver) releasePointCheck(l *layout) (check.Check, bool) {
	u, ok := s.unconverged(l)
	if !ok {
		return check.Check{}, false
	}
	return check.Check{Name: "release point", Value: fmt.Sprintf("the simulated landing misses the target by %.2f m at the solver's best exit", u.miss),
		Limit: fmt.Sprintf("landing miss ≤ %.2f m", SolveTolerance), Source: "halo: the release point is solved by flying each jumper through the winds",
		Detail: fmt.Sprintf("the release point did not converge in %d iterations: the simulated landing still misses the target by %.2f m (tolerance %.2f m); likely cause: %s",
			u.iterations, u.miss, SolveTolerance, u.cause)}.Numbers(u.miss, SolveTolerance, "m", check.AtMost), true
}
