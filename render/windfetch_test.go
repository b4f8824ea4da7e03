package render

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"halo/brief"
	"halo/wind"
	"halo/wind/windcsv"
)

// The trust grade stands beside the verdict in the text report and the one-page brief.
func TestTrustBesideVerdict(t *testing.T) {
	p := solveDefault(t, nil)
	bf := &brief.Briefing{Plan: p, WindsTrust: &brief.WindsTrust{Grade: brief.TrustDisagreeing, Detail: "2 models disagree <here>"}}
	var text, page bytes.Buffer
	if err := PlanText(&text, bf); err != nil {
		t.Fatal(err)
	}
	if err := BriefPage(&page, bf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "VERDICT: "+p.Verdict+"   winds trust: disagreeing (2 models disagree") {
		t.Errorf("text verdict line lacks the trust:\n%s", text.String())
	}
	if !strings.Contains(page.String(), `id="winds-trust">winds trust: disagreeing (2 models disagree &lt;here&gt;)`) {
		t.Error("the one-page brief lacks the trust beside the verdict (escaped)")
	}
}

// WindsCSV writes every digit: the CSV reader gives back the same layers and
// temperatures (and no temperature where there was none).
func TestWindsCSVRoundTrip(t *testing.T) {
	in, err := wind.NewProfile("test", []wind.Layer{
		{Alt: 150.0035396, FromDeg: 92, Speed: 9 * 0.514444, Temp: 291.75},
		{Alt: 9563.391, FromDeg: 253.3, Speed: 35.4962, Temp: math.NaN()},
	})
	if err != nil {
		t.Fatal(err)
	}
	in.Issued = time.Date(2022, 8, 1, 12, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	if err := WindsCSV(&b, in); err != nil {
		t.Fatal(err)
	}
	out, err := windcsv.Read(&b)
	if err != nil {
		t.Fatal(err)
	}
	a, c := in.Layers(), out.Layers()
	if len(a) != len(c) {
		t.Fatalf("%d layers back, want %d", len(c), len(a))
	}
	for i := range a {
		same := a[i].Alt == c[i].Alt && a[i].FromDeg == c[i].FromDeg && math.Abs(a[i].Speed-c[i].Speed) < 1e-12 &&
			(a[i].Temp == c[i].Temp || math.IsNaN(a[i].Temp) && math.IsNaN(c[i].Temp))
		if !same {
			t.Errorf("layer %d: wrote %+v, read %+v", i, a[i], c[i])
		}
	}
}
