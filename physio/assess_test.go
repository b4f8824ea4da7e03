package physio

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"halo/check"
)

// jump25k is a USAF-style 25,000-ft MSL HALO ([AFM-25K]): 30 min
// ground prebreathe, unpressurised climb, 10 min at altitude, 1.5-L bottle at 1,800 psi.
func jump25k() Input {
	return Input{
		GroundAlt: 600, Prebreathe: 30 * 60, ClimbRate: 5, ExitAlt: 25000 * ft, TimeAtAltitude: 600,
		FreefallTime: 100, OpenAlt: 4000 * ft, BottleVolume: 0.0015, BottlePressure: 1800 * psi,
		SkinCovered: true,
	}
}

// TestAssessAFM25K: the USAF 25,000-ft jump as flown [AFM-25K] (30 min uninterrupted
// prebreathe, the AFI 11-409 minimum for FL200-FL250 [AFI409]) assesses GO, with the
// published figures in its checks: prebreathe 30 min against a 30-min limit, TUC 90 s
// at 25,000 ft (FAA AC 61-107 Table 1-1, rapid-ascent lower end), and the JSON
// carries every field a client reads.
func TestAssessAFM25K(t *testing.T) {
	res, err := Assess(jump25k())
	if err != nil {
		t.Fatal(err)
	}
	if v := check.Verdict(res.Checks); v != "GO" {
		t.Errorf("verdict %s, want GO for the jump as flown", v)
	}
	if c := find(res.Checks, CheckPrebreathe); c.Status != check.Go || c.ValueSI != 1800 || c.LimitSI != 1800 {
		t.Errorf("prebreathe check %s %g s against %g s, want GO 1800 s against 1800 s", c.Status, c.ValueSI, c.LimitSI)
	}
	if len(res.PrebreatheTable) < 3 || res.PrebreatheTable[2].PrebreatheMin != 30 || math.Abs(res.PrebreatheTable[2].DCSRisk-res.DCSRisk) > 1e-9 {
		t.Errorf("prebreathe table %+v: its 30-min row must be this jump (risk %g)", res.PrebreatheTable, res.DCSRisk)
	}
	if math.Abs(res.TUCS-90) > 0.01 { // 25,000 ft from metres and back
		t.Errorf("TUC %g s, want 90 s at 25,000 ft", res.TUCS)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatalf("JSON: %v", err)
	}
	for _, k := range []string{`"tr360_peak"`, `"dcs_risk"`, `"tuc_s"`, `"bottle_margin_s"`, `"prebreathe_table"`, `"prebreathe_min"`, `"assumptions"`, `"checks"`, `"buhlmann_leading"`, `"cold"`, `"profile"`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON lacks %s", k)
		}
	}
}

func BenchmarkAssess(b *testing.B) {
	in := jump25k()
	for i := 0; i < b.N; i++ {
		if _, err := Assess(in); err != nil {
			b.Fatal(err)
		}
	}
}
