package physio

import (
	"encoding/csv"
	"math"
	"os"
	"sort"
	"strconv"
	"testing"
)

// chamberPoint is one row of testdata/afrl_dcs.csv.
type chamberPoint struct {
	id, study, use, note string
	altFt, pbMin         float64
	breakAt, breakMin    float64
	obsMin               float64
	n, pct               float64
	nKnown               bool
	// trace of the profile: TR360, ln(p0/P) and dt (s) per step
	tr, lnp, dt []float64
	trArrive    float64
}

func loadChamber(t testing.TB) []chamberPoint {
	t.Helper()
	f, err := os.Open("testdata/afrl_dcs.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comment = '#'
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	num := func(s string) float64 {
		if s == "" {
			return 0
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("afrl_dcs.csv: %q: %v", s, err)
		}
		return v
	}
	var out []chamberPoint
	for _, r := range recs[1:] {
		c := chamberPoint{id: r[0], study: r[1], altFt: num(r[2]), pbMin: num(r[3]), breakAt: num(r[4]),
			breakMin: num(r[5]), obsMin: num(r[6]), n: num(r[8]), nKnown: r[9] == "yes", pct: num(r[10]), use: r[11], note: r[12]}
		c.trace(t)
		out = append(out, c)
	}
	return out
}

// chamberInput is the chamber exposure as a halo Input: sea-level ground, prebreathe
// at ground level, 5,000 ft/min ascent on O₂, exposure until the observation time.
func (c *chamberPoint) chamberInput() Input {
	in := Input{GroundAlt: 0, Prebreathe: c.pbMin * 60, ClimbRate: 5000 * ft / 60,
		ExitAlt: c.altFt * ft, TimeAtAltitude: c.obsMin * 60, FreefallTime: 60, OpenAlt: 1000}
	if c.breakMin > 0 {
		in.AirBreaks = []Break{{At: c.breakAt * 60, Duration: c.breakMin * 60}}
	}
	return in
}

// chamberRun runs the chamber profile up to the observation time with model m.
func chamberRun(t testing.TB, in Input, m RiskModel, hook func(tr, pb, dt float64)) runOut {
	r, err := resolve(in)
	if err != nil {
		t.Fatal(err)
	}
	p, err := build(&r, r.Prebreathe, r.AirBreaks)
	if err != nil {
		t.Fatal(err)
	}
	// stop at the exit (= end of the chamber exposure); no bottle switch: O₂ throughout
	tt := 0.0
	for i, g := range p.segs {
		tt += g.dur
		if tt >= p.tExit-1e-9 {
			p.segs = p.segs[:i+1]
			break
		}
	}
	p.tSwitch = math.Inf(1)
	return run(&r, p, m, false, hook)
}

func (c *chamberPoint) trace(t testing.TB) {
	c.tr, c.lnp, c.dt = nil, nil, nil
	o := chamberRun(t, c.chamberInput(), DCSModel(), func(tr, pb, dt float64) {
		c.tr = append(c.tr, tr)
		c.lnp = append(c.lnp, math.Log(pStd/pb))
		c.dt = append(c.dt, dt)
	})
	c.trArrive = o.trPeak
}

// exposure is the model's exposure integral over the trace (as run computes it).
func (c *chamberPoint) exposure(m RiskModel) float64 {
	e, wPrev := 0.0, 0.0
	for i, tr := range c.tr {
		w := m.weight(tr, pStd/math.Exp(c.lnp[i]))
		e += 0.5 * (w + wPrev) * c.dt[i] / 60
		wPrev = w
	}
	return e
}

func (c *chamberPoint) predict(m RiskModel) float64 { return m.Risk(c.exposure(m)) }

// nll is the binomial negative log-likelihood of the fitted points.
func nll(pts []chamberPoint, m RiskModel) float64 {
	s := 0.0
	for i := range pts {
		c := &pts[i]
		if c.use != "fit" {
			continue
		}
		p := math.Min(math.Max(c.predict(m), 1e-9), 1-1e-9)
		x := c.n * c.pct / 100
		s -= x*math.Log(p) + (c.n-x)*math.Log(1-p)
	}
	return s
}

// nelderMead minimises f from x0 (a plain Nelder–Mead simplex).
func nelderMead(f func([]float64) float64, x0, step []float64, iters int) ([]float64, float64) {
	n := len(x0)
	type pt struct {
		x []float64
		v float64
	}
	s := make([]pt, n+1)
	for i := range s {
		x := append([]float64(nil), x0...)
		if i > 0 {
			x[i-1] += step[i-1]
		}
		s[i] = pt{x, f(x)}
	}
	for it := 0; it < iters; it++ {
		sort.Slice(s, func(a, b int) bool { return s[a].v < s[b].v })
		if math.Abs(s[n].v-s[0].v) < 1e-10 {
			break
		}
		c := make([]float64, n)
		for _, p := range s[:n] {
			for j := range c {
				c[j] += p.x[j] / float64(n)
			}
		}
		at := func(t float64) pt {
			x := make([]float64, n)
			for j := range x {
				x[j] = c[j] + t*(s[n].x[j]-c[j])
			}
			return pt{x, f(x)}
		}
		r := at(-1)
		switch {
		case r.v < s[0].v:
			if e := at(-2); e.v < r.v {
				s[n] = e
			} else {
				s[n] = r
			}
		case r.v < s[n-1].v:
			s[n] = r
		default:
			if k := at(0.5); k.v < s[n].v {
				s[n] = k
			} else {
				for i := 1; i <= n; i++ {
					for j := range s[i].x {
						s[i].x[j] = s[0].x[j] + 0.5*(s[i].x[j]-s[0].x[j])
					}
					s[i].v = f(s[i].x)
				}
			}
		}
	}
	sort.Slice(s, func(a, b int) bool { return s[a].v < s[b].v })
	return s[0].x, s[0].v
}

func fitModel(pts []chamberPoint) (RiskModel, float64) {
	mk := func(x []float64) RiskModel { return RiskModel{TR0: x[0], B0: x[1], A: x[2], B2: x[3], K: x[4]} }
	f := func(x []float64) float64 {
		if x[0] < 0.5 || x[0] > 3 || x[2] < 0.05 || x[2] > 20 || x[4] < 0.2 || x[4] > 5 {
			return math.Inf(1)
		}
		return nll(pts, mk(x))
	}
	x, v := nelderMead(f, []float64{1.5, 0, 1, 1, 1.5}, []float64{0.1, 0.5, 0.5, 0.5, 0.3}, 20000)
	// restart twice from the optimum to polish
	for i := 0; i < 2; i++ {
		x, v = nelderMead(f, x, []float64{0.05, 0.2, 0.2, 0.2, 0.1}, 20000)
	}
	return mk(x), v
}

// TestCalibrationFit refits the model by maximum likelihood on testdata/afrl_dcs.csv
// and fails if DCSModel's constants are not the optimum (to their printed precision).
func TestCalibrationFit(t *testing.T) {
	if testing.Short() {
		t.Skip("refit takes a few seconds")
	}
	pts := loadChamber(t)
	m, v := fitModel(pts)
	code := DCSModel()
	t.Logf("fit: TR0 %.4f B0 %.4f A %.4f B2 %.4f K %.4f  nll %.4f (code constants %.4f)", m.TR0, m.B0, m.A, m.B2, m.K, v, nll(pts, code))
	if nll(pts, code) > v+1e-3 {
		t.Errorf("DCSModel's likelihood %.4f is worse than the refit's %.4f: update the constants to %+v", nll(pts, code), v, m)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"TR0", m.TR0, code.TR0}, {"B0", m.B0, code.B0}, {"A", m.A, code.A}, {"B2", m.B2, code.B2}, {"K", m.K, code.K}} {
		if math.Abs(c.got-c.want) > 0.002*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s: refit %.4f, code %.4f", c.name, c.got, c.want)
		}
	}
}

// calibrationErrors is the model's incidence (%) on each published point, as listed
// in the package documentation.
var calibrationErrors = map[string]float64{
	"1a": 0.0, "1b": 1.8, "1c": 4.9, "1d": 10.5, "1e": 19.7, "1f": 29.8, "1g": 41.1,
	"2a": 82.9, "2b": 21.6, "2c": 14.1, "2d": 22.8, "3a": 82.9, "3b": 82.9, "3c": 89.1,
	"4": 25.9, "5a": 62.6, "5b": 43.3, "5c": 43.3, "5d": 53.9,
	"6A": 92.4, "6B": 53.9, "6C": 35.9, "6D": 10.0, "6E": 80.3, "7a": 23.5, "7b": 23.5,
	"8a": 29.9, "8b": 57.6, "8c": 30.0, "8d": 30.1, "8e": 30.3, "8f": 57.8, "8g": 58.1, "9": 41.1,
}

// TestCalibrationErrors shows the model against every published point (observed vs
// model) and pins the model's value, so a change to the model shows up here.
func TestCalibrationErrors(t *testing.T) {
	pts := loadChamber(t)
	m := DCSModel()
	for _, c := range pts {
		p := 100 * c.predict(m)
		t.Logf("%-3s %-6s %6.0f ft  prebreathe %3.0f min  break %2.0f min  at %3.0f min  TR360 %.3f  observed %5.1f %%  model %5.1f %%  error %+6.1f  %s",
			c.id, c.study, c.altFt, c.pbMin, c.breakMin, c.obsMin, c.trArrive, c.pct, p, p-c.pct, c.use)
		want, ok := calibrationErrors[c.id]
		if !ok {
			t.Errorf("%s: no documented value", c.id)
			continue
		}
		if math.Abs(p-want) > 0.1 {
			t.Errorf("%s: model %.2f %%, documented %.1f %%", c.id, p, want)
		}
	}
	if len(pts) != len(calibrationErrors) {
		t.Errorf("%d points, %d documented", len(pts), len(calibrationErrors))
	}
}

// The exposure integral the fit uses is the one run computes.
func TestCalibrationTraceMatchesRun(t *testing.T) {
	pts := loadChamber(t)
	for _, c := range pts {
		o := chamberRun(t, c.chamberInput(), DCSModel(), nil)
		if e := c.exposure(DCSModel()); math.Abs(e-o.hazE) > 1e-9*math.Max(1, e) {
			t.Errorf("%s: trace %g, run %g", c.id, e, o.hazE)
		}
	}
}
