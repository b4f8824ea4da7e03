package physio

import "math"

// RiskModel is halo's altitude-DCS risk model: a PLANNING ESTIMATE fitted to the
// published AFRL altitude-chamber results ([AFRL-DCS]; the points are in
// testdata/afrl_dcs.csv and TestCalibrationFit refits the constants by maximum
// likelihood and fails if they drift). It is not ADRAC and not a medical clearance.
//
// Along the profile, the dose is the 360-min tissue ratio's excess over a threshold,
// D(t) = max(0, TR360(t) − TR0), weighted by the pressure altitude; an exposure clock
// runs while D > 0:
//
//	E = ∫ [D^A · (101325 Pa / P)^B2]^(1/K) dt         (minutes)
//	H = exp(B0) · (E / 240 min)^K,   P(DCS) = 1 − exp(−H)
//
// At a constant altitude and TR this is a Weibull onset-time law (K > 1: symptoms
// start late, as the chamber data show) whose 4-h hazard is exp(B0)·D^A·(p0/P)^B2.
// More prebreathe lowers TR360 at every moment at altitude, so it never raises the
// risk; a break on air during the prebreathe raises TR360 and the risk, but the
// 360-min tissue sees a short break only faintly: the model under-predicts the
// air-break study (points 8c–8g below) by 10–17 points, so halo also cautions on
// any break.
type RiskModel struct {
	TR0, B0, A, B2, K float64
}

// weight is the exposure clock's rate at tissue ratio tr and ambient pressure pb (Pa).
func (m RiskModel) weight(tr, pb float64) float64 {
	d := tr - m.TR0
	if !(d > 0) {
		return 0
	}
	return math.Exp((m.A*math.Log(d) + m.B2*math.Log(pStd/pb)) / m.K)
}

// Risk returns P(DCS) for an exposure integral e (minutes, from the profile).
func (m RiskModel) Risk(e float64) float64 {
	if !(e > 0) {
		return 0
	}
	h := math.Exp(m.B0 + m.K*math.Log(e/240))
	return -math.Expm1(-h)
}

// DCSModel returns the fitted model (maximum likelihood on testdata/afrl_dcs.csv,
// 31 fitted points; TestCalibrationFit refits it and fails if these constants drift).
func DCSModel() RiskModel {
	return RiskModel{TR0: 1.2176, B0: -0.3620, A: 0.9602, B2: 1.1144, K: 1.4784}
}
