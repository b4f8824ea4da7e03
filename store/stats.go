package store

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Verdict says whether a metric is getting better from attempt to attempt.
type Verdict string

// The verdicts a Trend may carry.
const (
	// Improving: the least-squares slope is negative and its one-sided 95%
	// Student-t test against zero passes.
	Improving Verdict = "improving"
	// NotImproving: the slope is zero or positive, or not significantly
	// negative at 95%.
	NotImproving Verdict = "not improving"
	// NotEnoughData: fewer than MinTrendPoints points, or all at the same
	// attempt number.
	NotEnoughData Verdict = "not enough data"
)

// MinTrendPoints is the fewest points a trend is fitted on: a line through n
// points has n-2 degrees of freedom left for its standard error.
const MinTrendPoints = 3

// The metrics a Trend is computed for. Each is an error whose magnitude
// should shrink: the trend is fitted on the absolute value.
const (
	MetricLandingError  = "landing_error_m"      // distance from the planned landing point (m)
	MetricOpenAltError  = "open_alt_abs_error_m" // |opening altitude AGL - planned| (m)
	MetricFreefallError = "freefall_abs_error_s" // |free-fall time - planned| (s)
)

// Stats summarises a mission's attempts (or every mission's).
type Stats struct {
	// Mission is the mission name the stats cover; "" = every mission.
	Mission string `json:"mission"`
	// Attempts is the number of attempts, and Outcomes their count by outcome.
	Attempts int             `json:"attempts"`
	Outcomes map[Outcome]int `json:"outcomes"`
	// Points has one entry per jumper per attempt, by attempt number then
	// exit order.
	Points []StatPoint `json:"points"`
	// Trends has, for each metric, the pooled trend (Jumper "") then one per
	// jumper by name.
	Trends []Trend `json:"trends"`
	// Drag is each jumper's fitted CdA over time, by jumper name.
	Drag []DragSeries `json:"drag"`
}

// StatPoint is one jumper's errors against plan on one attempt. Errors are
// measured minus planned; nil when either side is missing.
type StatPoint struct {
	AttemptID int64 `json:"attempt_id"`
	// Number is the attempt's position (1, 2, ...) among the attempts
	// covered, by date then ID: the x of the trends.
	Number         int       `json:"number"`
	Date           time.Time `json:"date"`
	Mission        string    `json:"mission"`
	MissionVersion int       `json:"mission_version"`
	Outcome        Outcome   `json:"outcome"`
	Jumper         string    `json:"jumper"`
	// LandingErrorM is the distance from the planned landing point (m).
	LandingErrorM *float64 `json:"landing_error_m,omitempty"`
	// OpenAltErrorM is opening altitude AGL minus planned (m); positive = high.
	OpenAltErrorM *float64 `json:"open_alt_error_m,omitempty"`
	// FreefallErrorS is free-fall time minus planned (s); positive = long.
	FreefallErrorS *float64 `json:"freefall_error_s,omitempty"`
	// FittedCdAM2 is the drag area fitted on this jump (m²).
	FittedCdAM2 *float64 `json:"fitted_cda_m2,omitempty"`
}

// Trend is a least-squares line through a metric against attempt number.
type Trend struct {
	Metric string `json:"metric"`
	// Jumper is whose points were fitted; "" = everyone's pooled.
	Jumper string `json:"jumper"`
	// N is the number of points fitted.
	N int `json:"n"`
	// Mean is the metric's mean over the points (metric's unit).
	Mean *float64 `json:"mean,omitempty"`
	// Slope is the change per attempt (metric's unit per attempt) and SlopeSE
	// its standard error; nil with fewer than MinTrendPoints points.
	Slope   *float64 `json:"slope_per_attempt,omitempty"`
	SlopeSE *float64 `json:"slope_se,omitempty"`
	// Confidence is the one-sided confidence (0 to 1) that the error is
	// shrinking: the Student-t (N-2 degrees of freedom) probability below
	// -Slope/SlopeSE. Improving is Confidence above 0.95; below 0.05 the
	// error is growing at the same confidence. nil without a slope.
	// [NIST-t] (docs/sources.md).
	Confidence *float64 `json:"confidence_improving,omitempty"`
	Verdict    Verdict  `json:"verdict"`
}

// String renders the trend for a person: "landing error (all): improving,
// -12.3 m per attempt (± 4.1) over 8 points, 99 % confident".
func (t Trend) String() string {
	who := t.Jumper
	if who == "" {
		who = "all"
	}
	name, unit := MetricWords(t.Metric)
	if t.Slope == nil {
		return fmt.Sprintf("%s (%s): %s (%d points)", name, who, t.Verdict, t.N)
	}
	return fmt.Sprintf("%s (%s): %s, %s %s per attempt (± %s) over %d points", name, who, t.Verdict,
		strconv.FormatFloat(*t.Slope, 'f', 2, 64), unit, strconv.FormatFloat(*t.SlopeSE, 'f', 2, 64), t.N)
}

// MetricWords names a trend's metric as a jumper says it, with its unit.
func MetricWords(metric string) (name, unit string) {
	switch metric {
	case MetricLandingError:
		return "landing distance from the planned point", "m"
	case MetricOpenAltError:
		return "deployment altitude off plan by", "m"
	case MetricFreefallError:
		return "free-fall time off plan by", "s"
	}
	return metric, ""
}

// DragSeries is one jumper's fitted drag area over time.
type DragSeries struct {
	Jumper string      `json:"jumper"`
	Points []DragPoint `json:"points"`
	// MeanM2 and SDM2 are the mean and sample standard deviation of CdA (m²);
	// SD is nil with fewer than 2 points.
	MeanM2 *float64 `json:"mean_m2,omitempty"`
	SDM2   *float64 `json:"sd_m2,omitempty"`
}

// DragPoint is one fitted CdA.
type DragPoint struct {
	AttemptID int64     `json:"attempt_id"`
	Date      time.Time `json:"date"`
	CdAM2     float64   `json:"cda_m2"`
}

// ComputeStats computes Stats from attempts (as ListAttempts returns them:
// track bytes are not needed). Only attempts of the named mission are used
// (any version); "" uses all. Attempts are numbered 1, 2, ... by date then
// ID; a jumper's metric is left out of a trend where it was not measured
// (aborted attempts usually), but the attempt keeps its number.
func ComputeStats(missionName string, attempts []Attempt) Stats {
	as := make([]Attempt, 0, len(attempts))
	for _, a := range attempts {
		if missionName == "" || a.MissionName == missionName {
			as = append(as, a)
		}
	}
	sort.SliceStable(as, func(i, j int) bool {
		if !as[i].Date.Equal(as[j].Date) {
			return as[i].Date.Before(as[j].Date)
		}
		return as[i].ID < as[j].ID
	})
	st := Stats{Mission: missionName, Attempts: len(as), Outcomes: map[Outcome]int{}, Points: []StatPoint{}, Trends: []Trend{}, Drag: []DragSeries{}}
	drag := map[string]*DragSeries{}
	var names []string
	seenName := map[string]bool{}
	for k, a := range as {
		st.Outcomes[a.Outcome]++
		for _, j := range a.Jumpers {
			r := j.Result
			p := StatPoint{
				AttemptID: a.ID, Number: k + 1, Date: a.Date, Mission: a.MissionName,
				MissionVersion: a.MissionVersion, Outcome: a.Outcome, Jumper: j.Name,
				LandingErrorM:  finite(r.LandingErrorM),
				OpenAltErrorM:  diff(r.OpenAltAGLM, r.PlannedOpenAltAGLM),
				FreefallErrorS: diff(r.FreefallS, r.PlannedFreefallS),
				FittedCdAM2:    finite(r.FittedCdAM2),
			}
			st.Points = append(st.Points, p)
			if !seenName[j.Name] {
				seenName[j.Name] = true
				names = append(names, j.Name)
			}
			if p.FittedCdAM2 != nil {
				ds := drag[j.Name]
				if ds == nil {
					ds = &DragSeries{Jumper: j.Name}
					drag[j.Name] = ds
				}
				ds.Points = append(ds.Points, DragPoint{AttemptID: a.ID, Date: a.Date, CdAM2: *p.FittedCdAM2})
			}
		}
	}
	sort.Strings(names)
	metrics := []struct {
		name string
		get  func(StatPoint) *float64
	}{
		{MetricLandingError, func(p StatPoint) *float64 { return p.LandingErrorM }},
		{MetricOpenAltError, func(p StatPoint) *float64 { return p.OpenAltErrorM }},
		{MetricFreefallError, func(p StatPoint) *float64 { return p.FreefallErrorS }},
	}
	for _, m := range metrics {
		for _, who := range append([]string{""}, names...) {
			var xs, ys []float64
			for _, p := range st.Points {
				if who != "" && p.Jumper != who {
					continue
				}
				if v := m.get(p); v != nil {
					xs = append(xs, float64(p.Number))
					ys = append(ys, math.Abs(*v))
				}
			}
			t := FitTrend(xs, ys)
			t.Metric, t.Jumper = m.name, who
			st.Trends = append(st.Trends, t)
		}
	}
	for _, n := range names {
		ds := drag[n]
		if ds == nil {
			continue
		}
		var sum float64
		for _, p := range ds.Points {
			sum += p.CdAM2
		}
		mean := sum / float64(len(ds.Points))
		ds.MeanM2 = finite(&mean)
		if len(ds.Points) >= 2 && ds.MeanM2 != nil {
			var ss float64
			for _, p := range ds.Points {
				ss += (p.CdAM2 - mean) * (p.CdAM2 - mean)
			}
			sd := math.Sqrt(ss / float64(len(ds.Points)-1))
			ds.SDM2 = finite(&sd)
		}
		st.Drag = append(st.Drag, *ds)
	}
	return st
}

func finite(p *float64) *float64 {
	if p == nil || math.IsNaN(*p) || math.IsInf(*p, 0) {
		return nil
	}
	v := *p
	return &v
}

func diff(measured, planned *float64) *float64 {
	m, p := finite(measured), finite(planned)
	if m == nil || p == nil {
		return nil
	}
	d := *m - *p
	return finite(&d)
}

// Line is an ordinary least-squares fit y = Intercept + Slope·x.
type Line struct {
	N                       int
	Intercept, Slope        float64
	InterceptSE, SlopeSE    float64 // standard errors; NaN when N < 3
	ResidualSD              float64 // sqrt(SSR/(N-2)); NaN when N < 3
	MeanY                   float64
	DegenerateX, TooFewData bool // all x equal; N < 3
}

// FitLine fits y = a + b·x by ordinary least squares, centring x and y first
// for accuracy. x and y must have the same length.
func FitLine(x, y []float64) Line {
	n := len(x)
	l := Line{N: n, InterceptSE: math.NaN(), SlopeSE: math.NaN(), ResidualSD: math.NaN(), Intercept: math.NaN(), Slope: math.NaN(), MeanY: math.NaN()}
	if n == 0 || len(y) != n {
		l.TooFewData = true
		return l
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(n)
	my /= float64(n)
	l.MeanY = my
	var sxx, sxy float64
	for i := range x {
		dx := x[i] - mx
		sxx += dx * dx
		sxy += dx * (y[i] - my)
	}
	if sxx == 0 {
		l.DegenerateX = true
		l.TooFewData = n < MinTrendPoints
		return l
	}
	l.Slope = sxy / sxx
	l.Intercept = my - l.Slope*mx
	if n < MinTrendPoints {
		l.TooFewData = true
		return l
	}
	var ssr float64
	for i := range x {
		r := y[i] - (l.Intercept + l.Slope*x[i])
		ssr += r * r
	}
	s2 := ssr / float64(n-2)
	l.ResidualSD = math.Sqrt(s2)
	l.SlopeSE = math.Sqrt(s2 / sxx)
	l.InterceptSE = math.Sqrt(s2 * (1/float64(n) + mx*mx/sxx))
	return l
}

// FitTrend fits a line to the points (x = attempt number, y = an error's
// magnitude) and says whether it is improving: slope < 0 with
// -slope/SE above the one-sided 95% Student-t quantile for N-2 degrees of
// freedom. Metric and Jumper are left for the caller.
func FitTrend(x, y []float64) Trend {
	t := Trend{N: len(x), Verdict: NotEnoughData}
	if len(x) == 0 {
		return t
	}
	l := FitLine(x, y)
	// Values too large to sum (a number no jump produces, imported from an
	// old file) overflow to infinity: leave out what is not finite, so that
	// the stats still encode as JSON.
	t.Mean = finite(&l.MeanY)
	if l.TooFewData || l.DegenerateX || t.Mean == nil {
		return t
	}
	t.Slope, t.SlopeSE = finite(&l.Slope), finite(&l.SlopeSE)
	if t.Slope == nil || t.SlopeSE == nil {
		t.Slope, t.SlopeSE = nil, nil
		return t
	}
	slope, se := *t.Slope, *t.SlopeSE
	studT := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(l.N - 2)}
	conf := 0.5
	switch {
	case se > 0:
		conf = studT.CDF(-slope / se)
	case slope < 0:
		conf = 1
	case slope > 0:
		conf = 0
	}
	t.Confidence = &conf
	t.Verdict = NotImproving
	if slope < 0 {
		tcrit := studT.Quantile(0.95)
		if se == 0 || -slope/se > tcrit {
			t.Verdict = Improving
		}
	}
	return t
}
