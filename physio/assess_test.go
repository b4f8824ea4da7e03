package physio

import (
	"encoding/json"
	"strings"
	"testing"

	"halo/check"
)

// jump25k is a USAF-style 25,000-ft MSL HALO (REFERENCE D.1 [AFM-25K]): 30 min
// ground prebreathe, unpressurised climb, 10 min at altitude, 1.5-L bottle at 1,800 psi.
func jump25k() Input {
	return Input{
		GroundAlt: 600, Prebreathe: 30 * 60, ClimbRate: 5, ExitAlt: 25000 * ft, TimeAtAltitude: 600,
		FreefallTime: 100, OpenAlt: 4000 * ft, BottleVolume: 0.0015, BottlePressure: 1800 * psi,
		SkinCovered: true,
	}
}

func TestAssessSmoke(t *testing.T) {
	res, err := Assess(jump25k())
	if err != nil {
		t.Fatal(err)
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
	t.Logf("TR360 %.3f at %.0f s (%s); risk %.4f; exposure %.0f s; TUC %.0f s; margin %.0f s", res.TR360Peak, res.TR360PeakAtS, res.TR360PeakPhase, res.DCSRisk, res.DCSExposureS, res.TUCS, res.BottleMarginS)
	t.Logf("buhlmann %+v", res.Buhlmann)
	t.Logf("hypoxia %+v", res.Hypoxia)
	t.Logf("cold %+v", res.Cold)
	t.Logf("table %+v", res.PrebreatheTable)
	t.Logf("phases %+v", res.Phases)
	for _, c := range res.Checks {
		t.Logf("%-8s %-40s %s | %s | %s", c.Status, c.Name, c.Value, c.Limit, c.Detail)
	}
	for _, a := range res.Assumptions {
		t.Logf("assume: %s", a)
	}
	t.Logf("verdict %s, %d samples", check.Verdict(res.Checks), len(res.Profile))
}

func BenchmarkAssess(b *testing.B) {
	in := jump25k()
	for i := 0; i < b.N; i++ {
		if _, err := Assess(in); err != nil {
			b.Fatal(err)
		}
	}
}
