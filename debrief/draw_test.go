package debrief

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestCompareWithoutPlan: a real track alone gives the track's measurements, no
// plan comparison, and JSON with nulls where a value is unknown.
func TestCompareWithoutPlan(t *testing.T) {
	tr, ph, mt := realJump(t, "tempo-insights-sample-flight.txt")
	r := Compare(tr, ph, mt, nil, "", math.NaN())
	if r.PlanDiff != nil || !math.IsNaN(r.FittedCdA) || !math.IsNaN(r.LandingErrorM) {
		t.Errorf("without a plan: plan diff %v, CdA %v, landing error %v", r.PlanDiff, r.FittedCdA, r.LandingErrorM)
	}
	if r.Exit == nil || r.Landing == nil || r.GroundFrom != "landing altitude" {
		t.Fatalf("events or ground missing: %+v", r)
	}
	if r.DeployAltAGL != ph.DeployStart.AltMSL-ph.Landing.AltMSL {
		t.Errorf("deploy AGL %v is not the deployment altitude above the landing", r.DeployAltAGL)
	}
	// Tempo: deploy ≈ 14:51:44 at ≈ 860 m MSL, landing 234 m (testdata/SOURCES.md,
	// read by eye: ±1-2 s, i.e. ±100 m at 55 m/s)
	if math.Abs(r.DeployAltAGL-(860-234)) > 100 {
		t.Errorf("deploy %.0f m AGL, want ≈ 626", r.DeployAltAGL)
	}
	if !(r.CanopySink > 3 && r.CanopySink < 9) {
		t.Errorf("canopy sink %.1f m/s", r.CanopySink)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"exit":{"t_s":`, `"fitted_cda_m2":null`, `"plan_diff":null`, `"landing_error_m":null`, `"freefall_s":`, `"max_vspeed_mps":`, `"open_alt_agl_m":`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
	// an unknown jumper: measurements only, a note
	p := falloutPlan(t)
	r = Compare(tr, ph, mt, p, "nobody", math.NaN())
	if r.PlanDiff != nil || len(r.Notes) == 0 || !strings.Contains(strings.Join(r.Notes, "\n"), `no jumper "nobody"`) {
		t.Errorf("unknown jumper: %v", r.Notes)
	}
}
