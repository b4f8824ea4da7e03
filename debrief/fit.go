package debrief

import (
	"errors"
	"fmt"
	"halo/internal/jsonnan"
	"math"
	"slices"

	"halo/atmos"
	"halo/flight"
	"halo/plan"
	"halo/track"
	"halo/wind"
)

// Air is the atmosphere and wind a calibration uses to turn the track's ground
// velocities into air-relative ones and to find the density.
type Air struct {
	// Atm is the atmosphere; nil means the USSA-76 standard.
	Atm *atmos.Model
	// Wind is the wind profile; nil means calm.
	Wind *wind.Profile
	// WindSource says where the wind came from ("plan: <source>", "track:
	// free-fall drift", "calm (none known)").
	WindSource string
	// Measured is true when Wind was measured from the track itself (free-fall
	// drift), false for a forecast. A canopy airspeed from a measured free-fall
	// wind is not computed: under canopy the drift bands do not apply.
	Measured bool
}

// AirFromPlan returns the plan's atmosphere and wind profile (the ones the plan was
// solved with).
func AirFromPlan(p *plan.Plan) Air {
	if p == nil || p.Env == nil || p.Env.Flight == nil {
		return Air{WindSource: "calm (no plan environment)"}
	}
	src := "forecast"
	if p.Env.Wind != nil {
		src = p.Env.Wind.Source
	}
	return Air{Atm: p.Env.Flight.Atm, Wind: p.Env.Wind, WindSource: "plan: " + src}
}

// AirFromTrack returns the standard atmosphere and a wind profile built from the
// free-fall drift winds the track measured (track.Metrics.Winds, method "free-fall
// drift"); calm when it measured none.
func AirFromTrack(mt track.Metrics) Air {
	var ls []wind.Layer
	for _, w := range mt.Winds {
		if w.Method != "free-fall drift" || math.IsNaN(w.WindE) || math.IsNaN(w.AltMSL) {
			continue
		}
		dup := false
		for _, l := range ls {
			dup = dup || l.Alt == w.AltMSL
		}
		if dup {
			continue
		}
		from, spd := wind.FromUV(w.WindE, w.WindN)
		ls = append(ls, wind.Layer{Alt: w.AltMSL, FromDeg: math.Mod(from, 360), Speed: spd, Temp: math.NaN()})
	}
	if len(ls) == 0 {
		return Air{WindSource: "calm (the track measured no free-fall drift wind)"}
	}
	p, err := wind.NewProfile("track: free-fall drift", ls)
	if err != nil {
		return Air{WindSource: "calm (" + err.Error() + ")"}
	}
	return Air{Wind: p, WindSource: "track: free-fall drift", Measured: true}
}

func (a Air) atm() *atmos.Model {
	if a.Atm != nil {
		return a.Atm
	}
	m, _ := atmos.New(nil) // the standard never fails
	return m
}

func (a Air) windAt(z float64) (u, v float64) {
	if a.Wind == nil {
		return 0, 0
	}
	return a.Wind.At(z)
}

// FitOptions tune Calibrate. Zero values take the defaults.
type FitOptions struct {
	// BandM is the height of the altitude bands fitted separately, m (default 2,000).
	BandM float64
	// MinBandS is the least free-fall time a band needs to be fitted, s (default 5).
	MinBandS float64
	// EndBeforeDeploy stops the fit this long before deployment start, s
	// (default 1: the pilot-chute throw and a wave-off change the drag).
	EndBeforeDeploy float64
}

// Fit is a jumper's drag and canopy calibrated from a track.
//
// The free-fall model is the simulator's: m·dv/dt = m·g(z) − ½·ρ(z)·|v_air|·CdA·F(M)·v_air,
// with F the transonic factor of plan.Drag for a constant CdA (1 below Mach 0.6),
// g and ρ from Air, v_air = v_ground − wind(z), no vertical wind. Its vertical
// component is integrated along the track (altitude and horizontal air speed taken
// from the track, vertical speed simulated from the track's value at the start of
// the window) and CdA chosen to minimise Σ(vd_model − vd_track)² (least squares on
// vertical speed). CdA is therefore the effective drag area for the vertical
// motion; a tracking or wingsuit flyer's lift is folded into it.
type Fit struct {
	// MassKg is the jumper's mass with equipment used in the fit, kg.
	MassKg float64 `json:"mass_kg"`
	// CdA is the drag area fitted over the whole free fall, m² (low-Mach value, as
	// the mission's drag: {cda: X}).
	CdA float64 `json:"cda_m2"`
	// CdAErr is its 1-σ uncertainty, m²: CdASE and CdASAcc combined in quadrature.
	CdAErr float64 `json:"cda_err_m2"`
	// CdASE is the standard error from the residuals, corrected for their
	// autocorrelation (n_eff = n·(1−r1)/(1+r1)), m².
	CdASE float64 `json:"cda_se_resid_m2"`
	// CdASAcc is the uncertainty from the logger's speed accuracy (sAcc of each
	// point, with the same correlation correction), m²; NaN when the logger gives
	// no sAcc.
	CdASAcc float64 `json:"cda_se_sacc_m2"`
	// RMSVD is the RMS of vd_model − vd_track over the window with CdA, m/s;
	// MaxRelVD the largest |vd_model − vd_track| / vd_track there (points with
	// vd_track ≥ 20 m/s).
	RMSVD    float64 `json:"rms_vspeed_mps"`
	MaxRelVD float64 `json:"max_rel_vspeed"`
	// N is the number of points fitted; NEff the effective number.
	N    int     `json:"n"`
	NEff float64 `json:"n_eff"`
	// FromS and ToS bound the fit window, s after the track's first point.
	FromS float64 `json:"from_t_s"`
	ToS   float64 `json:"to_t_s"`
	// BreakoffS is the length of the break-off track left out at the end of the
	// free fall, s (0 when none was found).
	BreakoffS float64 `json:"breakoff_s"`
	// Bands are the fits by altitude band, highest first.
	Bands []BandFit `json:"bands"`
	// CanopyAirspeed and CanopySink are the canopy's horizontal airspeed and sink
	// rate converted to sea-level density (×sqrt(ρ/ρ0)), as the mission gives them,
	// m/s. The airspeed is the 90th percentile of the 2-s smoothed airspeed (full
	// flight, not braked turns) from 10 s after opening to 10 s before landing,
	// the sink the median vertical speed there. NaN when unknown.
	CanopyAirspeed float64 `json:"canopy_airspeed_mps"`
	CanopySink     float64 `json:"canopy_sink_mps"`
	// CanopyFrom says how the canopy figures were found.
	CanopyFrom string `json:"canopy_from"`
	// Wind and Atmosphere name the Air used.
	Wind       string `json:"wind"`
	Atmosphere string `json:"atmosphere"`
	// Notes say what was left out and why.
	Notes []string `json:"notes"`
}

// BandFit is the drag area fitted in one altitude band.
type BandFit struct {
	// AltMin and AltMax bound the band, m MSL.
	AltMin float64 `json:"alt_min_m"`
	AltMax float64 `json:"alt_max_m"`
	CdA    float64 `json:"cda_m2"`
	CdAErr float64 `json:"cda_err_m2"`
	RMSVD  float64 `json:"rms_vspeed_mps"`
	N      int     `json:"n"`
	// MeanVD is the track's mean vertical speed in the band, m/s.
	MeanVD float64 `json:"mean_vspeed_mps"`
}

// MarshalJSON writes NaN as null.
func (f Fit) MarshalJSON() ([]byte, error) { return jsonnan.Fields(f) }

// MarshalJSON writes NaN as null.
func (b BandFit) MarshalJSON() ([]byte, error) { return jsonnan.Fields(b) }

// ErrNoFreeFall is wrapped by Calibrate's error when the track has too little
// free fall to fit.
var ErrNoFreeFall = errors.New("no free fall to fit")

// Fit limits.
const (
	minCdA = 0.02 // m²
	maxCdA = 10.0 // m²
	// minFitS is the least free-fall time Calibrate fits, s.
	minFitS = 4.0
)

// sample is one track point prepared for the fit.
type sample struct {
	t, z, vd, vhAir, sacc float64
	gap                   bool
}

// fallSamples collects the track's points from index first with lo <= t <= hi (s
// after the first point) that have a position and velocity, with the horizontal
// speed through the air of air's wind, and counts those whose vertical speed the
// reader derived.
func fallSamples(t *track.Track, first int, lo, hi float64, air Air) (ss []sample, derived int) {
	for i := first; i < len(t.Points); i++ {
		ts := t.Seconds(i)
		if ts < lo {
			continue
		}
		if ts > hi {
			break
		}
		p := t.Points[i]
		if math.IsNaN(p.VelD) || math.IsNaN(p.HMSL) || math.IsNaN(p.VelN) || math.IsNaN(p.VelE) {
			continue
		}
		u, v := air.windAt(p.HMSL)
		ss = append(ss, sample{t: ts, z: p.HMSL, vd: p.VelD, vhAir: math.Hypot(p.VelE-u, p.VelN-v), sacc: p.SAcc,
			gap: p.Flags&track.FlagGapBefore != 0})
		if p.Flags&track.FlagVelDDerived != 0 {
			derived++
		}
	}
	return ss, derived
}

// Calibrate fits the drag area of the jumper who flew t (phases ph, mass in kg
// with equipment, 40..250) with the atmosphere and wind of air, over the free fall
// (from the first point of sustained free fall to EndBeforeDeploy before
// deployment start, or the canopy opening when the deployment was not found), and
// the canopy's airspeed and sink from the canopy flight.
func Calibrate(t *track.Track, ph track.Phases, massKg float64, air Air, opt FitOptions) (Fit, error) {
	f := Fit{MassKg: massKg, CdA: math.NaN(), CdAErr: math.NaN(), CdASE: math.NaN(), CdASAcc: math.NaN(),
		RMSVD: math.NaN(), MaxRelVD: math.NaN(), NEff: math.NaN(), FromS: math.NaN(), ToS: math.NaN(),
		CanopyAirspeed: math.NaN(), CanopySink: math.NaN(), Wind: air.WindSource, Atmosphere: air.atm().Name()}
	if f.Wind == "" {
		f.Wind = "calm"
		if air.Wind != nil {
			f.Wind = air.Wind.Source
		}
	}
	if !(massKg >= 40 && massKg <= 250) {
		return f, fmt.Errorf("debrief: calibrate: mass %v kg: want the jumper's mass with equipment, 40-250 kg", massKg)
	}
	if t == nil || len(t.Points) < 10 {
		return f, fmt.Errorf("debrief: calibrate: %w: fewer than 10 points", ErrNoFreeFall)
	}
	if opt.BandM <= 0 {
		opt.BandM = 2000
	}
	if opt.MinBandS <= 0 {
		opt.MinBandS = 5
	}
	if opt.EndBeforeDeploy <= 0 {
		opt.EndBeforeDeploy = 1
	}
	atm := air.atm()
	f.canopy(t, ph, air, atm)

	if !ph.FreeFall.Found {
		return f, fmt.Errorf("debrief: calibrate: %w: the track has no free fall (%s)", ErrNoFreeFall, ph.FreeFall.Note)
	}
	end := math.Inf(1)
	switch {
	case ph.DeployStart.Found:
		end = ph.DeployStart.TS - opt.EndBeforeDeploy
	case ph.CanopyOpen.Found:
		end = ph.CanopyOpen.TS - 3 - opt.EndBeforeDeploy
		f.Notes = append(f.Notes, "deployment start not found: the fit stops 3 s before the canopy opening")
	}
	if t.AltRef != "MSL" {
		f.Notes = append(f.Notes, "altitudes are "+t.AltRef+", not MSL: the density is taken as if they were MSL")
	}
	ss, nDerived := fallSamples(t, ph.FreeFall.Index, ph.FreeFall.TS-1e-9, end, air)
	if len(ss) < 5 || ss[len(ss)-1].t-ss[0].t < minFitS {
		return f, fmt.Errorf("debrief: calibrate: %w: %d points over %.1f s of free fall (need %.0f s)", ErrNoFreeFall, len(ss), spanS(ss), minFitS)
	}
	if k := breakoff(ss); k > 0 {
		f.BreakoffS = ss[len(ss)-1].t - ss[k].t
		f.Notes = append(f.Notes, fmt.Sprintf("a break-off track (horizontal air speed %.0f m/s above the free fall's median) in the last %.1f s before deployment is left out of the fit", BreakoffVH, f.BreakoffS))
		ss = ss[:k]
	}
	if nDerived > len(ss)/2 {
		f.Notes = append(f.Notes, "vertical speeds derived from altitudes (no Doppler): the fit is noisier")
	}
	m := model{atm: atm, mass: massKg, drag: machFactor()}
	r := m.fit(ss)
	f.CdA, f.CdASE, f.CdASAcc, f.RMSVD, f.MaxRelVD, f.N, f.NEff = r.cda, r.se, r.seSAcc, r.rms, r.maxRel, r.n, r.nEff
	f.CdAErr = combine(r.se, r.seSAcc)
	f.FromS, f.ToS = ss[0].t, ss[len(ss)-1].t
	if math.IsNaN(r.seSAcc) {
		f.Notes = append(f.Notes, "the logger gives no speed accuracy (sAcc): the uncertainty is from the residuals only")
	}

	// Bands, highest first, each restarted from the track's vertical speed at its top.
	top := math.Floor(ss[0].z / opt.BandM)
	bot := math.Floor(ss[len(ss)-1].z / opt.BandM)
	for k := top; k >= bot; k-- {
		lo, hi := k*opt.BandM, (k+1)*opt.BandM
		var bs []sample
		for _, s := range ss {
			if s.z >= lo && s.z < hi {
				bs = append(bs, s)
			}
		}
		if len(bs) < 5 || spanS(bs) < opt.MinBandS {
			if len(bs) > 0 {
				f.Notes = append(f.Notes, fmt.Sprintf("band %.0f-%.0f m: %.1f s of free fall, too short to fit (need %.0f s)", lo, hi, spanS(bs), opt.MinBandS))
			}
			continue
		}
		br := m.fit(bs)
		mean := 0.0
		for _, s := range bs {
			mean += s.vd
		}
		f.Bands = append(f.Bands, BandFit{AltMin: lo, AltMax: hi, CdA: br.cda, CdAErr: combine(br.se, br.seSAcc),
			RMSVD: br.rms, N: br.n, MeanVD: mean / float64(len(bs))})
	}
	if ph.Exit.Found && ph.FreeFall.TS-ph.Exit.TS > 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("the fit starts at sustained free fall, %.1f s after the exit", ph.FreeFall.TS-ph.Exit.TS))
	}
	return f, nil
}

// BreakoffVH (m/s): a break-off track is where the horizontal air speed, smoothed
// over 2 s, stays this much above the free fall's median until the end of the
// window, for at least BreakoffMinS. A belly or freefly jumper moves at 0-5 m/s
// through the air horizontally; a flat track glides at 0.5-1 times its 35-45 m/s
// vertical speed (the planner's break-off track: L/D 0.7).
const (
	BreakoffVH   = 8.0
	BreakoffMinS = 3.0
)

// breakoff returns the index where a break-off track at the end of ss starts
// (minus 1 s of transition), or 0 when there is none or it would leave less than
// half of the window.
func breakoff(ss []sample) int {
	n := len(ss)
	sm := make([]float64, n)
	lo, hi, sum := 0, 0, 0.0
	for i := range ss {
		for hi < n && ss[hi].t <= ss[i].t+1 {
			sum += ss[hi].vhAir
			hi++
		}
		for lo < i && ss[lo].t < ss[i].t-1 {
			sum -= ss[lo].vhAir
			lo++
		}
		sm[i] = sum / float64(hi-lo)
	}
	srt := slices.Clone(sm)
	slices.Sort(srt)
	thr := srt[n/2] + BreakoffVH
	k := n
	for k > 0 && sm[k-1] > thr {
		k--
	}
	if k == n || ss[n-1].t-ss[k].t < BreakoffMinS {
		return 0
	}
	t0 := ss[k].t - 1
	for k > 0 && ss[k-1].t > t0 {
		k--
	}
	if ss[k].t-ss[0].t < (ss[n-1].t-ss[0].t)/2 {
		return 0
	}
	return k
}

func combine(a, b float64) float64 {
	switch {
	case math.IsNaN(b):
		return a
	case math.IsNaN(a):
		return b
	}
	return math.Hypot(a, b)
}

func spanS(ss []sample) float64 {
	if len(ss) == 0 {
		return 0
	}
	return ss[len(ss)-1].t - ss[0].t
}

// machFactor is the drag of a constant CdA as plan.Drag builds it (the presets'
// mild transonic rise), with CdA 1.
func machFactor() flight.Drag {
	p, _ := flight.Preset("belly")
	return flight.Drag{CdA: 1, Mach: p.Mach, Factor: p.Factor}
}

// model integrates the vertical free-fall equation along a track.
type model struct {
	atm  *atmos.Model
	mass float64
	drag flight.Drag // CdA 1: the factor only
}

// accel is dvd/dt (down positive) at altitude z, horizontal air speed vh and
// vertical speed vd for drag area cda.
func (m *model) accel(cda, z, vh, vd float64) float64 {
	rho, a := m.atm.DensitySound(z)
	sp := math.Hypot(vh, vd)
	return atmos.Gravity(z) - 0.5*rho*sp*cda*m.drag.At(sp/a)*vd/m.mass
}

// simulate returns the model's vertical speed at each sample for drag area cda:
// classic Runge-Kutta between samples with altitude and horizontal air speed
// interpolated linearly; restarted from the track's value after a gap.
func (m *model) simulate(cda float64, ss []sample, out []float64) {
	vd := ss[0].vd
	out[0] = vd
	for i := 1; i < len(ss); i++ {
		a, b := ss[i-1], ss[i]
		if b.gap {
			vd = b.vd
			out[i] = vd
			continue
		}
		h := b.t - a.t
		// sub-steps of at most 0.25 s (GPX and NMEA log at 1 s)
		n := int(math.Ceil(h / 0.25))
		dh := h / float64(n)
		for k := 0; k < n; k++ {
			f0 := float64(k) / float64(n)
			f1 := (float64(k) + 0.5) / float64(n)
			f2 := float64(k+1) / float64(n)
			z0, z1, z2 := a.z+f0*(b.z-a.z), a.z+f1*(b.z-a.z), a.z+f2*(b.z-a.z)
			v0, v1, v2 := a.vhAir+f0*(b.vhAir-a.vhAir), a.vhAir+f1*(b.vhAir-a.vhAir), a.vhAir+f2*(b.vhAir-a.vhAir)
			k1 := m.accel(cda, z0, v0, vd)
			k2 := m.accel(cda, z1, v1, vd+dh/2*k1)
			k3 := m.accel(cda, z1, v1, vd+dh/2*k2)
			k4 := m.accel(cda, z2, v2, vd+dh*k3)
			vd += dh / 6 * (k1 + 2*k2 + 2*k3 + k4)
		}
		out[i] = vd
	}
}

type fitResult struct {
	cda, se, seSAcc, rms, maxRel, nEff float64
	n                                  int
}

// fit finds the CdA minimising Σ(vd_model − vd_track)² by golden-section search
// on log CdA (the sum is unimodal in CdA: the modelled speed falls monotonically
// as CdA grows), then the standard errors from the linearised problem.
func (m *model) fit(ss []sample) fitResult {
	out := make([]float64, len(ss))
	cost := func(lc float64) float64 {
		m.simulate(math.Exp(lc), ss, out)
		s := 0.0
		for i := range ss {
			d := out[i] - ss[i].vd
			s += d * d
		}
		return s
	}
	a, b := math.Log(minCdA), math.Log(maxCdA)
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := cost(c), cost(d)
	for b-a > 1e-7 {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = cost(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = cost(d)
		}
	}
	cda := math.Exp((a + b) / 2)
	r := fitResult{cda: cda, n: len(ss)}
	m.simulate(cda, ss, out)
	res := make([]float64, len(ss))
	ssq := 0.0
	r.maxRel = 0
	for i := range ss {
		res[i] = out[i] - ss[i].vd
		ssq += res[i] * res[i]
		if ss[i].vd >= 20 {
			r.maxRel = math.Max(r.maxRel, math.Abs(res[i])/ss[i].vd)
		}
	}
	r.rms = math.Sqrt(ssq / float64(len(ss)))
	// Jacobian by a central difference of ±0.5 %.
	dc := cda * 0.005
	up, dn := make([]float64, len(ss)), make([]float64, len(ss))
	m.simulate(cda+dc, ss, up)
	m.simulate(cda-dc, ss, dn)
	var jj, js float64
	sacc := true
	for i := range ss {
		j := (up[i] - dn[i]) / (2 * dc)
		jj += j * j
		if math.IsNaN(ss[i].sacc) {
			sacc = false
		} else {
			js += j * j * ss[i].sacc * ss[i].sacc
		}
	}
	// Effective number of independent residuals from their lag-1 autocorrelation.
	var num, den float64
	for i := range res {
		den += res[i] * res[i]
		if i > 0 {
			num += res[i] * res[i-1]
		}
	}
	r1 := 0.0
	if den > 0 {
		r1 = math.Max(0, num/den)
	}
	n := float64(len(ss))
	r.nEff = math.Max(2, math.Min(n, n*(1-r1)/(1+r1)))
	infl := n / r.nEff // variance inflation for correlated errors
	if jj > 0 {
		s2 := ssq / math.Max(1, n-1)
		r.se = math.Sqrt(s2 / jj * infl)
		r.seSAcc = math.NaN()
		if sacc {
			r.seSAcc = math.Sqrt(js*infl) / jj
		}
	} else {
		r.se, r.seSAcc = math.NaN(), math.NaN()
	}
	return r
}

// Reproduce returns, for each point of the fit window, the time (s after the
// track's first point), the track's vertical speed and the model's with the
// fitted drag: with the band CdA where a band was fitted (restarting from the
// track's speed at each band's top) and the overall CdA elsewhere. It is how a
// Fit is checked against the track it came from.
func Reproduce(t *track.Track, ph track.Phases, fit Fit, air Air, opt FitOptions) (ts, vdTrack, vdModel []float64, err error) {
	if math.IsNaN(fit.CdA) || !(fit.MassKg > 0) || !ph.FreeFall.Found {
		return nil, nil, nil, fmt.Errorf("debrief: reproduce: %w: no fitted drag", ErrNoFreeFall)
	}
	m := model{atm: air.atm(), mass: fit.MassKg, drag: machFactor()}
	ss, _ := fallSamples(t, ph.FreeFall.Index, fit.FromS-1e-9, fit.ToS+1e-9, air)
	if len(ss) < 2 {
		return nil, nil, nil, fmt.Errorf("debrief: reproduce: %w: no points in the fit window", ErrNoFreeFall)
	}
	// split into runs of one band (or none)
	band := func(z float64) int {
		for k, b := range fit.Bands {
			if z >= b.AltMin && z < b.AltMax {
				return k
			}
		}
		return -1
	}
	vdModel = make([]float64, len(ss))
	for i := 0; i < len(ss); {
		k := band(ss[i].z)
		j := i + 1
		for j < len(ss) && band(ss[j].z) == k {
			j++
		}
		cda := fit.CdA
		if k >= 0 {
			cda = fit.Bands[k].CdA
		}
		seg := ss[i:j]
		if i > 0 {
			// continue from the model's state, not the track's, within the overall fit
			seg = append([]sample{ss[i-1]}, seg...)
			seg[0].vd = vdModel[i-1]
			if k >= 0 {
				seg[0].vd = ss[i-1].vd // bands restart from the track, as they were fitted
			}
		}
		out := make([]float64, len(seg))
		m.simulate(cda, seg, out)
		if i > 0 {
			out = out[1:]
		}
		copy(vdModel[i:j], out)
		i = j
	}
	for _, s := range ss {
		ts = append(ts, s.t)
		vdTrack = append(vdTrack, s.vd)
	}
	return ts, vdTrack, vdModel, nil
}

// canopy fills the canopy airspeed and sink.
func (f *Fit) canopy(t *track.Track, ph track.Phases, air Air, atm *atmos.Model) {
	if !ph.CanopyOpen.Found || !ph.Landing.Found {
		f.CanopyFrom = "no canopy flight in the track"
		return
	}
	from, to := ph.CanopyOpen.TS+10, ph.Landing.TS-10
	var tt, as, sinks []float64
	for i := ph.CanopyOpen.Index; i <= ph.Landing.Index && i < len(t.Points); i++ {
		ts := t.Seconds(i)
		if ts < from || ts > to {
			continue
		}
		p := t.Points[i]
		rho, _ := atm.DensitySound(p.HMSL)
		k := math.Sqrt(rho / flight.Rho0)
		u, v := air.windAt(p.HMSL)
		tt = append(tt, ts)
		as = append(as, math.Hypot(p.VelE-u, p.VelN-v)*k)
		sinks = append(sinks, p.VelD*k)
	}
	if len(tt) < 10 {
		f.CanopyFrom = "canopy flight shorter than 20 s: not measured"
		return
	}
	slices.Sort(sinks)
	f.CanopySink = sinks[len(sinks)/2]
	if air.Wind != nil && !air.Measured {
		// 2-s moving average, then the 90th percentile
		sm := make([]float64, len(as))
		lo := 0
		sum := 0.0
		hi := 0
		for i := range as {
			for hi < len(as) && tt[hi] <= tt[i]+1 {
				sum += as[hi]
				hi++
			}
			for lo < i && tt[lo] < tt[i]-1 {
				sum -= as[lo]
				lo++
			}
			sm[i] = sum / float64(hi-lo)
		}
		slices.Sort(sm)
		f.CanopyAirspeed = sm[int(0.9*float64(len(sm)-1))]
		f.CanopyFrom = "ground velocity minus " + f.Wind + " wind; airspeed: 90th percentile, sink: median, at sea-level density"
		return
	}
	f.CanopyFrom = "sink: median vertical speed at sea-level density; airspeed unknown without a wind profile under canopy"
}

// CanopyFromCircles sets the canopy airspeed from the track's canopy circle fits
// (track.Metrics.Winds, method "canopy circle"; the wind-independent measure),
// converted to sea-level density, when the fit has none. It returns whether it
// did.
func (f *Fit) CanopyFromCircles(mt track.Metrics, air Air) bool {
	if !math.IsNaN(f.CanopyAirspeed) {
		return false
	}
	atm := air.atm()
	sum, n := 0.0, 0
	for _, w := range mt.Winds {
		if w.Method != "canopy circle" || math.IsNaN(w.Airspeed) {
			continue
		}
		rho, _ := atm.DensitySound(w.AltMSL)
		sum += w.Airspeed * math.Sqrt(rho/flight.Rho0)
		n++
	}
	if n == 0 {
		return false
	}
	f.CanopyAirspeed = sum / float64(n)
	f.CanopyFrom = fmt.Sprintf("airspeed: mean radius of %d canopy circle fits; sink: median vertical speed; at sea-level density", n)
	return true
}
