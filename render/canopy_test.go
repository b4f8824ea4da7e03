package render

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"halo/brief"
	"halo/mission"
	"halo/plan"
)

// withAlternates adds a near and a far alternate landing area to the fallout
// mission.
func withAlternates(m *mission.Mission) {
	lat, lon := m.Target.Lat, m.Target.Lon
	m.Alternates = []mission.Alternate{{Name: "near strip", Lat: lat - 0.005, Lon: lon + 0.005}, {Name: "far town", Lat: lat + 0.2, Lon: lon}}
}

// TestCanopyGeometry: PlanGeometry carries the canopy plan for every map: the
// opening point, the footprint ring, the pattern's four points (1,000, 600, 300 ft
// and the landing on the target), the holding area, the cut-away finder and the
// alternates, each at the plan's own coordinates.
func TestCanopyGeometry(t *testing.T) {
	p := solveDefault(t, withAlternates)
	g, err := PlanGeometry(p)
	if err != nil {
		t.Fatal(err)
	}
	c, cp := g.Canopy, p.Canopy
	if c == nil || cp == nil {
		t.Fatal("no canopy geometry")
	}
	same := func(what string, q Point, pl plan.Place) {
		t.Helper()
		if math.Abs(q.Lat-pl.Lat) > 1e-9 || math.Abs(q.Lon-pl.Lon) > 1e-9 || q.E != pl.E || q.N != pl.N {
			t.Errorf("%s drawn at %+v, the plan has %+v", what, q, pl)
		}
	}
	same("opening", c.Opening, cp.Opening)
	if len(c.Footprint) != 24 || len(c.ReserveFootprint) != 24 {
		t.Errorf("footprints of %d and %d points, want 24 (every 15°)", len(c.Footprint), len(c.ReserveFootprint))
	}
	for i, q := range c.Footprint {
		same("footprint", q, cp.Footprint[i])
	}
	wantAGL := []float64{304.8, 182.88, 91.44, 0}
	if len(c.Pattern) != 4 || len(c.PatternAGLM) != 4 {
		t.Fatalf("pattern of %d points", len(c.Pattern))
	}
	for i, q := range c.Pattern {
		same("pattern", q, cp.Pattern.Points[i])
		if math.Abs(c.PatternAGLM[i]-wantAGL[i]) > 1e-9 {
			t.Errorf("pattern point %d at %.2f m AGL, want %.2f", i, c.PatternAGLM[i], wantAGL[i])
		}
	}
	if l := c.Pattern[3]; l.E != 0 || l.N != 0 {
		t.Errorf("the pattern lands at %+v, want the target", l)
	}
	if !(c.HoldingRadiusM > 0) {
		t.Error("no holding area")
	}
	same("cut-away", c.CutAway, cp.Cutaway.At)
	same("reserve landing", c.ReserveLanding, cp.Cutaway.ReserveHandsOff)
	same("main hands off", c.MainHandsOff, cp.Cutaway.MainHandsOff)
	if len(c.Alternates) != 2 || !c.Alternates[0].Reachable || c.Alternates[1].Reachable || c.Alternates[0].Name != "near strip" {
		t.Errorf("alternates %+v", c.Alternates)
	}
}

// TestCanopyTextAndJSON: the briefing has the canopy, pattern, cut-away and
// alternate lines, and the JSON report the canopy object with its pattern legs.
func TestCanopyTextAndJSON(t *testing.T) {
	p := solveDefault(t, withAlternates)
	var b bytes.Buffer
	if err := PlanText(&b, &brief.Briefing{Plan: p}); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	for _, prefix := range []string{"CANOPY  talent opens at", "PATTERN  left-hand", "  downwind from 1000 ft", "  base     from  600 ft", "  final    from  300 ft", "  holding area 2000-1000 ft", "CUT-AWAY  at 762 m", "ALTERNATE  near strip", "ALTERNATE  far town"} {
		line(t, text, prefix)
	}
	if l := line(t, text, "ALTERNATE  far town"); !strings.Contains(l, "NOT reachable") {
		t.Errorf("far town: %q", l)
	}
	b.Reset()
	if err := JSON(&b, p); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Canopy struct {
			SafetyFactorM float64 `json:"safety_factor_m"`
			Pattern       struct {
				Legs []struct {
					Name string `json:"name"`
				} `json:"legs"`
			} `json:"pattern"`
			Cutaway struct {
				Reserve []any `json:"reserve_footprint"`
			} `json:"cutaway"`
			Alternates []struct {
				Reachable bool `json:"reachable"`
			} `json:"alternates"`
		} `json:"canopy"`
		GreenLight struct {
			DispersionM float64 `json:"dispersion_m"`
		} `json:"green_light"`
	}
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if math.Abs(v.Canopy.SafetyFactorM-609.6) > 1e-9 || len(v.Canopy.Pattern.Legs) != 3 || len(v.Canopy.Cutaway.Reserve) != 24 || len(v.Canopy.Alternates) != 2 || v.GreenLight.DispersionM != 50 {
		t.Errorf("JSON canopy %+v, green light %+v", v.Canopy, v.GreenLight)
	}
}
