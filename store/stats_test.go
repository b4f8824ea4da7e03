package store

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

func readNorris(t *testing.T) (x, y []float64) {
	t.Helper()
	f, err := os.Open("testdata/norris.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Fields(line)
		yv, err1 := strconv.ParseFloat(fs[0], 64)
		xv, err2 := strconv.ParseFloat(fs[1], 64)
		if err1 != nil || err2 != nil || len(fs) != 2 {
			t.Fatalf("bad line %q", line)
		}
		x, y = append(x, xv), append(y, yv)
	}
	return x, y
}

func relClose(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Abs(want)
}

// TestFitLineNorris checks the least-squares fit against NIST's certified
// values for the StRD "Norris" dataset (testdata/SOURCES.md).
func TestFitLineNorris(t *testing.T) {
	x, y := readNorris(t)
	if len(x) != 36 {
		t.Fatalf("%d observations, want 36", len(x))
	}
	l := FitLine(x, y)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		// NIST StRD Norris certified values.
		{"B1 (slope)", l.Slope, 1.00211681802045},
		{"SE(B1)", l.SlopeSE, 0.429796848199937e-03},
		{"B0 (intercept)", l.Intercept, -0.262323073774029},
		{"SE(B0)", l.InterceptSE, 0.232818234301152},
		{"residual SD", l.ResidualSD, 0.884796396144373},
	} {
		if !relClose(c.got, c.want, 1e-9) {
			t.Errorf("%s = %.15g, NIST certifies %.15g", c.name, c.got, c.want)
		}
	}
}

// TestStudentTQuantile pins the one-sided 95% critical value FitTrend uses:
// t(0.95, 4 dof) = 2.132 and t(0.95, 10 dof) = 1.812 (NIST/SEMATECH
// e-Handbook of Statistical Methods, 1.3.6.7.2, "Critical values of the
// Student's t distribution").
func TestStudentTQuantile(t *testing.T) {
	for _, c := range []struct {
		nu, want float64
	}{{4, 2.132}, {10, 1.812}} {
		if got := (distuv.StudentsT{Mu: 0, Sigma: 1, Nu: c.nu}).Quantile(0.95); math.Abs(got-c.want) > 0.0005 {
			t.Errorf("t(0.95, %g) = %.4f, table %.3f", c.nu, got, c.want)
		}
	}
}

// trendData returns y = 100 + slope·x + c·r over x = 1..6, with r orthogonal
// to 1 and x and |r|² = 4: the fitted slope is exactly slope and its
// standard error is |c|/sqrt(17.5).
func trendData(slope, c float64) (x, y []float64) {
	r := []float64{1, -1, 0, 0, -1, 1}
	for i := 0; i < 6; i++ {
		xi := float64(i + 1)
		x = append(x, xi)
		y = append(y, 100+slope*xi+c*r[i])
	}
	return x, y
}

func TestFitTrendVerdicts(t *testing.T) {
	sxx := math.Sqrt(17.5)
	for _, c := range []struct {
		name string
		x, y []float64
		want Verdict
	}{
		{"t = 2.2 > 2.132", nil, nil, Improving},
		{"t = 2.05 < 2.132", nil, nil, NotImproving},
		{"getting worse", nil, nil, NotImproving},
		{"flat", []float64{1, 2, 3, 4}, []float64{5, 5, 5, 5}, NotImproving},
		{"perfect fall", []float64{1, 2, 3}, []float64{30, 20, 10}, Improving},
		{"two points", []float64{1, 2}, []float64{30, 10}, NotEnoughData},
		{"one attempt number", []float64{3, 3, 3}, []float64{1, 2, 3}, NotEnoughData},
		{"none", nil, nil, NotEnoughData},
	} {
		x, y := c.x, c.y
		switch c.name {
		case "t = 2.2 > 2.132":
			x, y = trendData(-1, sxx/2.2)
		case "t = 2.05 < 2.132":
			x, y = trendData(-1, sxx/2.05)
		case "getting worse":
			x, y = trendData(5, 1)
		}
		tr := FitTrend(x, y)
		if tr.Verdict != c.want {
			t.Errorf("%s: verdict %q, want %q (%v)", c.name, tr.Verdict, c.want, tr)
		}
		if tr.N != len(x) {
			t.Errorf("%s: N = %d, want %d", c.name, tr.N, len(x))
		}
	}
	x, y := trendData(-1, sxx/2.2)
	tr := FitTrend(x, y)
	if math.Abs(*tr.Slope+1) > 1e-12 || math.Abs(*tr.SlopeSE-1/2.2) > 1e-12 {
		t.Errorf("slope %v ± %v, want -1 ± %v", *tr.Slope, *tr.SlopeSE, 1/2.2)
	}
	if s := tr.String(); !strings.Contains(s, "improving") || !strings.Contains(s, "6 points") {
		t.Errorf("String() = %q", s)
	}
}

func TestComputeStats(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 6, d, 12, 0, 0, 0, time.UTC) }
	mk := func(id int64, mission string, d int, o Outcome, js ...AttemptJumper) Attempt {
		return Attempt{ID: id, MissionName: mission, MissionVersion: 1, Date: day(d), Outcome: o, Jumpers: js}
	}
	aj := func(name string, r Result) AttemptJumper { return AttemptJumper{Name: name, Result: r} }
	nan := math.NaN()
	as := []Attempt{
		mk(3, "m", 3, OutcomeSuccess, aj("A", Result{LandingErrorM: F(10), OpenAltAGLM: F(950), PlannedOpenAltAGLM: F(1000), FreefallS: F(60), PlannedFreefallS: F(58), FittedCdAM2: F(0.5)})),
		mk(1, "m", 1, OutcomeSuccess, aj("A", Result{LandingErrorM: F(100), OpenAltAGLM: F(1000)})),
		mk(2, "m", 2, OutcomeAborted, aj("A", Result{})),
		mk(4, "other", 4, OutcomeSuccess, aj("B", Result{LandingErrorM: F(5)})),
		mk(5, "m", 1, OutcomeOffTarget, aj("B", Result{LandingErrorM: &nan, FittedCdAM2: F(0.3)})), // same day as 1: ID breaks the tie
	}
	st := ComputeStats("m", as)
	if st.Attempts != 4 || st.Outcomes[OutcomeSuccess] != 2 || st.Outcomes[OutcomeAborted] != 1 || st.Outcomes[OutcomeOffTarget] != 1 {
		t.Errorf("attempts %d outcomes %v", st.Attempts, st.Outcomes)
	}
	var order []int64
	for _, p := range st.Points {
		order = append(order, p.AttemptID)
	}
	if want := []int64{1, 5, 2, 3}; len(order) != 4 || order[0] != 1 || order[1] != 5 || order[2] != 2 || order[3] != 3 {
		t.Errorf("points by attempt %v, want %v", order, want)
	}
	last := st.Points[3]
	if last.Number != 4 || *last.OpenAltErrorM != -50 || *last.FreefallErrorS != 2 || *last.LandingErrorM != 10 {
		t.Errorf("last point %+v", last)
	}
	if p := st.Points[0]; p.OpenAltErrorM != nil {
		t.Errorf("no planned opening altitude but an error %v", *p.OpenAltErrorM)
	}
	if p := st.Points[1]; p.LandingErrorM != nil {
		t.Errorf("NaN landing error became %v", *p.LandingErrorM)
	}
	// A: landing 100 at #1, 10 at #4: two points only.
	for _, tr := range st.Trends {
		if tr.Metric == MetricLandingError && tr.Jumper == "A" && (tr.N != 2 || tr.Verdict != NotEnoughData || *tr.Mean != 55) {
			t.Errorf("A landing trend %v", tr)
		}
	}
	if len(st.Drag) != 2 || st.Drag[0].Jumper != "A" || st.Drag[1].Jumper != "B" || st.Drag[1].Points[0].CdAM2 != 0.3 || st.Drag[0].SDM2 != nil {
		t.Errorf("drag %+v", st.Drag)
	}
	if all := ComputeStats("", as); all.Attempts != 5 {
		t.Errorf("all missions: %d attempts", all.Attempts)
	}
	if none := ComputeStats("x", nil); none.Attempts != 0 || len(none.Trends) != 3 || none.Trends[0].Verdict != NotEnoughData {
		t.Errorf("empty stats %+v", none)
	}
}

// Numbers no jump produces but that are finite (1.7e308, from an old log or
// an imported file) overflow the sums: the stats leave the overflowed
// figures out and still encode as JSON, instead of failing on +Inf.
func TestComputeStatsHugeValues(t *testing.T) {
	var as []Attempt
	for i := 0; i < 5; i++ {
		as = append(as, Attempt{ID: int64(i + 1), MissionName: "m", Date: time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC), Outcome: OutcomeSuccess,
			Jumpers: []AttemptJumper{{Name: "A", Result: Result{LandingErrorM: F(1.7e308), FittedCdAM2: F(1.7e308),
				FreefallS: F(1.7e308), PlannedFreefallS: F(-1.7e308)}}}})
	}
	st := ComputeStats("", as)
	if _, err := json.Marshal(st); err != nil {
		t.Fatalf("stats of huge values do not encode: %v", err)
	}
}

// The trend's confidence is the one-sided Student-t probability of its
// t-value: t = 2.132 and 2.776 with 4 degrees of freedom are the 0.95 and
// 0.975 quantiles (NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.2,
// critical values of the t distribution); a growing error has the mirror
// confidence, and a trend in plain words never shows Go number formats.
func TestTrendConfidence(t *testing.T) {
	sxx := math.Sqrt(17.5)
	for _, c := range []struct {
		slope, tval, want float64
	}{
		{-1, 2.132, 0.95},
		{-1, 2.776, 0.975},
		{1, 2.132, 0.05},
	} {
		x, y := trendData(c.slope, sxx/c.tval)
		tr := FitTrend(x, y)
		if tr.Confidence == nil || math.Abs(*tr.Confidence-c.want) > 5e-4 {
			t.Errorf("slope %v, t %v: confidence %v, want %v", c.slope, c.tval, tr.Confidence, c.want)
		}
	}
	x, y := trendData(-1.04e6, 1)
	tr := FitTrend(x, y)
	tr.Metric = MetricLandingError
	if s := tr.String(); strings.Contains(s, "e+") || strings.Contains(s, "_m") || !strings.Contains(s, "landing distance") {
		t.Errorf("String() = %q: not in plain words", s)
	}
}
