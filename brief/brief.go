// Package brief is the briefing: a mission planned (plan.Solve) and flown many
// times with its uncertainties (montecarlo.Run), judged once over every check —
// the plan's, the physiology's and the odds'. The CLI (`halo plan`) and the
// server (POST /api/plan) both call Make, so they give the same verdict.
//
// The odds are part of the plan, not an option: a stick spaced only for the
// nominal jump can have two jumpers too close in most runs, and a jumper planned
// to open exactly at the minimum opens below it in half of them. Make therefore
// re-spaces the stick until the share of runs with two jumpers too close meets
// limits.max_p_separation (when the planner chose the exit intervals), and every
// odds check joins the verdict with the same rule as the others: a value past its
// no-go limit is NO-GO.
package brief

import (
	"context"
	"fmt"
	"math"

	"halo/check"
	"halo/montecarlo"
	"halo/plan"
	"halo/wind"
)

// DefaultOdds is the number of Monte Carlo runs per jumper in every briefing
// (each run flies every jumper once), and DefaultSeed its seed: 2,000 runs tell a
// 1 % event from a 2 % one (binomial σ 0.2 %) and take about 50 ms per two
// jumpers on two cores.
const (
	DefaultOdds        = 2000
	DefaultSeed uint64 = 1
)

// DefaultMaxJumps caps the simulated jumps of one default study, so a large
// stick still plans in a few seconds: 16,000 jumps give the full 2,000 runs per
// jumper up to eight jumpers, and at least MinOdds runs for more.
const (
	DefaultMaxJumps = 16000
	MinOdds         = 500
)

// MaxRespace bounds the re-spacing rounds of a stick (each is one plan and one
// Monte Carlo run).
const MaxRespace = 4

// Options control a briefing.
type Options struct {
	// Odds is the number of Monte Carlo runs per jumper; 0 skips the odds (the
	// briefing then carries a caution "odds not computed").
	Odds int
	// MaxJumps, when > 0, lowers Odds for a large stick so that one study flies
	// at most MaxJumps jumps (never below MinOdds runs); the briefing says so.
	MaxJumps int
	Seed     uint64
	Workers  int // 0: every core
	// Progress, when not nil, reports the Monte Carlo's progress (see
	// montecarlo.Options).
	Progress func(done, total int)
	// Strata keeps the temperature-offset atmospheres across the briefing's
	// studies (and a caller's own study of the same plan); nil: Make keeps its own.
	Strata *montecarlo.Strata
	// WindSpread is the spread between several forecast models (a mission that
	// fetches more than one); nil for one source (see montecarlo.Options).
	WindSpread *montecarlo.WindSpread
	// WindModels are the fetched models' profiles, the first the one flown (nil
	// when the winds were not fetched): the briefing's WindsTrust compares them.
	WindModels []*wind.Profile
}

// Defaults are the options of a briefing nobody tuned: DefaultOdds runs, DefaultSeed.
func Defaults() Options {
	return Options{Odds: DefaultOdds, Seed: DefaultSeed, MaxJumps: DefaultMaxJumps}
}

// Briefing is the plan and its odds. Its JSON is the plan's fields with "odds"
// beside them; Checks, Verdict and Reasons cover every check.
type Briefing struct {
	*plan.Plan
	Odds *montecarlo.Result `json:"odds,omitempty"`
	// Spacing says how the stick was spaced for the odds (empty when the nominal
	// spacing met them or the exits were given).
	Spacing string `json:"stick_spacing,omitempty"`
	// WindsTrust grades the winds (none, manual, stale, disagreeing, fresh).
	WindsTrust *WindsTrust `json:"winds_trust,omitempty"`
}

// Make plans in.Mission, runs its odds and returns the briefing. It returns an
// error only when the mission cannot be planned or the context ends; every safety
// finding is a check.
func Make(ctx context.Context, in plan.Inputs, opt Options) (*Briefing, error) {
	p, err := plan.SolveContext(ctx, in)
	if err != nil {
		return nil, err
	}
	b := &Briefing{Plan: p, WindsTrust: windsTrust(p, in.Mission, opt.WindModels)}
	if opt.Odds <= 0 {
		b.judge([]check.Check{{Name: "odds", Status: check.Caution, Value: "not computed (--odds 0)",
			Limit: fmt.Sprintf("a Monte Carlo study (default %d runs per jumper)", DefaultOdds), Source: montecarlo.SourceOdds,
			Detail: "the verdict covers the nominal jump only: run the odds before a real jump"}})
		return b, nil
	}
	m := in.Mission
	if opt.Strata == nil {
		opt.Strata = &montecarlo.Strata{}
	}
	if nj := len(m.Jumpers); opt.MaxJumps > 0 && opt.Odds*nj > opt.MaxJumps {
		opt.Odds = max(MinOdds, opt.MaxJumps/nj)
		b.Assumptions = append(b.Assumptions, fmt.Sprintf("odds: %d Monte Carlo runs per jumper for a %d-jumper stick (at most %d simulated jumps per study; halo plan --odds N for more)", opt.Odds, nj, opt.MaxJumps))
	}
	res, err := b.odds(ctx, opt)
	if err != nil {
		return nil, err
	}
	// the re-spacing rounds look for the margin with half the runs; a re-spaced
	// stick then gets a study with them all
	half := opt
	half.Odds = max(MinOdds/2, opt.Odds/2)
	respaced := false
	for round := 1; round <= MaxRespace && res.PSeparationViolation > m.Limits.MaxPSeparation && stickSolved(b.Plan) && spacingHelps(b.Plan, res); round++ {
		// what the spread takes off the pairs too close at the limit quantile; when
		// each pair alone meets the limit but the stick as a whole does not, grow
		// the margin by a quarter
		margin := math.Max(needMargin(b.Plan, res, m.Limits.MinSeparation), 1.25*in.SeparationMargin+25)
		in.SeparationMargin = margin
		q, err := plan.SolveContext(ctx, plan.SpaceGroups(in))
		if err != nil {
			return nil, err
		}
		b.Plan, respaced = q, true
		if res, err = b.odds(ctx, half); err != nil {
			return nil, err
		}
		b.Spacing = fmt.Sprintf("exit intervals spaced for %.0f m nominal separation (limits.min_separation %.0f m + %.0f m for the spread of the odds), round %d",
			m.Limits.MinSeparation+margin, m.Limits.MinSeparation, margin, round)
	}
	if respaced && half.Odds != opt.Odds {
		if res, err = b.odds(ctx, opt); err != nil {
			return nil, err
		}
	}
	b.Odds = res
	if n := montecarlo.SpreadNote(res.Distributions); n != "" {
		b.Assumptions = append(b.Assumptions, n)
	}
	b.judge(montecarlo.Checks(res, m))
	if b.Spacing != "" {
		b.Assumptions = append(b.Assumptions, b.Spacing)
	}
	return b, nil
}

func (b *Briefing) odds(ctx context.Context, opt Options) (*montecarlo.Result, error) {
	return montecarlo.Run(ctx, b.Plan, b.MissionRef(), montecarlo.Options{N: opt.Odds, Seed: opt.Seed, Workers: opt.Workers, Progress: opt.Progress, Strata: opt.Strata, WindSpread: opt.WindSpread})
}

// judge adds checks and computes the verdict over all of them, the one place it
// is computed: statuses settled by their numbers, then the verdict and reasons.
func (b *Briefing) judge(extra []check.Check) {
	cs := append(append([]check.Check(nil), b.Checks...), extra...)
	b.Checks = check.Settle(cs)
	b.Verdict = check.Verdict(b.Checks)
	b.Reasons = check.Reasons(b.Checks)
}

// stickSolved reports whether the planner chose at least one exit interval (a
// stick whose every exit delay is given cannot be re-spaced).
func stickSolved(p *plan.Plan) bool {
	if len(p.Jumpers) < 2 {
		return false
	}
	m := p.MissionRef()
	if m.ExitDelaysPlanned {
		return true // the groups' exits were spaced by plan.SpaceGroups
	}
	for _, j := range m.Jumpers {
		if !j.ExitDelayGiven {
			return true
		}
	}
	return false
}

// needMargin is the margin over the minimum separation the stick solver must
// keep so that each pair's distance at the limit quantile of the odds reaches
// the minimum: for every pair too close at that quantile, what the spread takes
// off its nominal distance, the largest of them, plus 10 %.
func needMargin(p *plan.Plan, res *montecarlo.Result, minSep float64) float64 {
	need := 0.0
	for _, ps := range res.Pairs {
		if ps.ClosestQ >= minSep {
			continue
		}
		if cameraPair(p, ps.A, ps.B) {
			continue // the camera flyer leaves with the talent: its break-off separates them
		}
		for _, pr := range p.Stick.Pairs {
			if pr.A == ps.A && pr.B == ps.B || pr.A == ps.B && pr.B == ps.A {
				nominal := math.Min(math.Hypot(pr.AtOpenM, pr.AtOpenVertM), pr.MinMixedM)
				need = math.Max(need, nominal-ps.ClosestQ)
			}
		}
	}
	return 1.1 * need
}

// cameraPair reports whether a and b are the talent and the camera flyer.
func cameraPair(p *plan.Plan, a, b string) bool {
	role := map[string]string{}
	for _, j := range p.Jumpers {
		role[j.Name] = j.Role
	}
	ra, rb := role[a], role[b]
	return ra == "talent" && rb == "camera" || ra == "camera" && rb == "talent"
}

// spacingHelps reports whether a pair the stick solver spaces (not the talent
// and the camera flyer) comes too close in some run: only then can longer
// intervals lower the odds.
func spacingHelps(p *plan.Plan, res *montecarlo.Result) bool {
	for _, ps := range res.Pairs {
		if ps.PViolation > 0 && !cameraPair(p, ps.A, ps.B) {
			return true
		}
	}
	return false
}
