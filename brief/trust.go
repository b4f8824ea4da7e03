package brief

import (
	"fmt"
	"math"

	"halo/check"
	"halo/mission"
	"halo/plan"
	"halo/units"
	"halo/wind"
)

// The grades of WindsTrust, from least to most trusted; "disagreeing" is a fresh
// forecast whose models disagree.
const (
	TrustNone        = "none"        // no winds: calm stands in (the plan is NO-GO)
	TrustManual      = "manual"      // typed in, or a file fetched by hand: halo cannot tell its age beyond what it says
	TrustStale       = "stale"       // fetched, but older than limits.max_wind_age at the jump, or its run unknown
	TrustDisagreeing = "disagreeing" // fetched and young enough, but the models disagree between the ground and the exit
	TrustFresh       = "fresh"       // fetched, young enough, one model or models that agree
)

// WindsTrust is how far the briefing can trust its winds, shown beside the verdict.
type WindsTrust struct {
	Grade  string `json:"grade"`
	Detail string `json:"detail"`
	// Models is the number of forecast models compared; Disagree of Levels
	// compared altitudes (every 1,000 ft from the ground to the exit) break the
	// 15°/5 kt rule (wind.DisagreeDirDeg, wind.DisagreeSpeed).
	Models   int `json:"models,omitempty"`
	Disagree int `json:"levels_disagreeing,omitempty"`
	Levels   int `json:"levels_compared,omitempty"`
}

// windsTrust grades the plan's winds: models are the fetched models' profiles
// (the first is the one flown), nil when the winds were not fetched. The age is
// the plan's own "winds age" check.
func windsTrust(p *plan.Plan, m *mission.Mission, models []*wind.Profile) *WindsTrust {
	t := grade(p, m, models)
	t.Detail += " [halo-winds-trust]"
	return t
}

// grade is windsTrust without the source tag.
func grade(p *plan.Plan, m *mission.Mission, models []*wind.Profile) *WindsTrust {
	switch {
	case p.Env != nil && p.Env.NoWinds:
		return &WindsTrust{Grade: TrustNone, Detail: "no winds given: calm assumed"}
	case m.Winds.Fetch == nil || len(models) == 0:
		return &WindsTrust{Grade: TrustManual, Detail: "winds entered or read from a file: check their source and time"}
	}
	t := &WindsTrust{Models: len(models)}
	for _, c := range p.Checks {
		if c.Name != "winds age" || c.Status == check.Go {
			continue
		}
		t.Grade, t.Detail = TrustStale, "winds age "+string(c.Status)+": "+c.Value
		return t
	}
	if len(models) > 1 {
		t.Disagree, t.Levels = disagreement(models, m.Target.Elevation, m.Aircraft.Altitude)
	}
	switch {
	case t.Disagree > 0:
		t.Grade = TrustDisagreeing
		t.Detail = fmt.Sprintf("%d models disagree by more than %.0f° or %.0f kt at %d of %d levels from the ground to the exit", t.Models, wind.DisagreeDirDeg, wind.DisagreeSpeed/units.Knot, t.Disagree, t.Levels)
	case t.Models > 1:
		t.Grade, t.Detail = TrustFresh, fmt.Sprintf("%d models agree within %.0f° and %.0f kt from the ground to the exit", t.Models, wind.DisagreeDirDeg, wind.DisagreeSpeed/units.Knot)
	default:
		t.Grade, t.Detail = TrustFresh, "one model, within limits.max_wind_age: no second model to compare"
	}
	return t
}

// disagreement counts the altitudes (every 1,000 ft between lo and hi, m MSL,
// where every model has reports) at which a model breaks the rule against the first.
func disagreement(ps []*wind.Profile, lo, hi float64) (bad, levels int) {
	for _, p := range ps {
		lo, hi = math.Max(lo, p.Bottom()), math.Min(hi, p.Top())
	}
	if hi < lo {
		return 0, 0
	}
	var ds [][]wind.Disagreement
	for _, p := range ps[1:] {
		ds = append(ds, wind.Compare(ps[0], p, lo, hi, 1000*units.Foot, wind.DisagreeDirDeg, wind.DisagreeSpeed))
	}
	for i := range ds[0] {
		for _, d := range ds {
			if d[i].Disagree {
				bad++
				break
			}
		}
	}
	return bad, len(ds[0])
}
