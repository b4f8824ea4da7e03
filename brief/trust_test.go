package brief

import (
	"strings"
	"testing"
	"time"

	"halo/mission"
	"halo/plan"
	"halo/wind"
)

// fetchedFallout is the fallout mission as if its winds had been fetched: its
// layers as a profile issued at issued, and winds.fetch set.
func fetchedFallout(t *testing.T, issued time.Time) (plan.Inputs, *wind.Profile) {
	t.Helper()
	m, err := mission.Default()
	if err != nil {
		t.Fatal(err)
	}
	p, err := wind.NewProfile("Open-Meteo gfs_seamless (test)", m.Winds.Layers)
	if err != nil {
		t.Fatal(err)
	}
	p.Issued = issued
	c := *m
	c.Winds.Layers, c.Winds.Issued, c.Winds.ValidTo = nil, time.Time{}, time.Time{}
	c.Winds.Fetch = &mission.WindsFetch{Source: "open-meteo", Models: []string{"gfs"}}
	return plan.Inputs{Mission: &c, Wind: p}, p
}

func TestWindsTrust(t *testing.T) {
	fresh := time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC) // about 5 h before the exit (6 h limit)
	stale := fresh.Add(-24 * time.Hour)
	calm := func(t *testing.T) (plan.Inputs, []*wind.Profile) {
		m, _ := mission.Default()
		c := *m
		c.Winds.Layers = nil
		return plan.Inputs{Mission: &c}, nil
	}
	manual := func(t *testing.T) (plan.Inputs, []*wind.Profile) {
		m, _ := mission.Default()
		return plan.Inputs{Mission: m}, nil
	}
	models := func(issued time.Time, others ...func(*wind.Profile) *wind.Profile) func(t *testing.T) (plan.Inputs, []*wind.Profile) {
		return func(t *testing.T) (plan.Inputs, []*wind.Profile) {
			in, p := fetchedFallout(t, issued)
			ps := []*wind.Profile{p}
			for _, o := range others {
				ps = append(ps, o(p))
			}
			return in, ps
		}
	}
	same := func(p *wind.Profile) *wind.Profile { return p.Scaled(1, 5) }    // 5° apart: agree
	veered := func(p *wind.Profile) *wind.Profile { return p.Scaled(1, 40) } // 40° apart: disagree
	tests := []struct {
		name   string
		in     func(t *testing.T) (plan.Inputs, []*wind.Profile)
		grade  string
		detail string
	}{
		{"no winds", calm, TrustNone, "calm assumed"},
		{"inline layers", manual, TrustManual, "entered"},
		{"one fresh model", models(fresh), TrustFresh, "one model"},
		{"old run", models(stale), TrustStale, "winds age no-go"},
		{"unknown run", models(time.Time{}), TrustStale, "winds age caution"},
		{"models agree", models(fresh, same), TrustFresh, "2 models agree"},
		{"models disagree", models(fresh, same, veered), TrustDisagreeing, "3 models disagree by more than 15° or 5 kt"},
	}
	for _, tc := range tests {
		in, ps := tc.in(t)
		p, err := plan.Solve(in)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := windsTrust(p, in.Mission, ps)
		if got.Grade != tc.grade || !strings.Contains(got.Detail, tc.detail) {
			t.Errorf("%s: %s (%s), want %s (%q)", tc.name, got.Grade, got.Detail, tc.grade, tc.detail)
		}
	}
}
