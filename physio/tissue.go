package physio

import "math"

// HalfTime360 is the half-time of the NASA tissue-ratio compartment, 360 min, in seconds
// (Conkin 2004 [CONK04]: k = ln 2 / 360 min = 0.0019254 min⁻¹).
const HalfTime360 = 360 * 60.0

// Water-vapour pressures (Pa).
const (
	// PH2OBuhlmann is the alveolar water-vapour pressure used with ZH-L16C,
	// 0.0627 bar (subsurface core/deco.c [SUBS]).
	PH2OBuhlmann = 6270.0
	// PH2OBody is the water-vapour pressure of saturated air at 37 °C, 47 mmHg
	// (alveolar gas equation [AGE]).
	PH2OBody = 47 * mmHg
)

// Compartment is one ZH-L16C nitrogen compartment: half-time (min) and the
// Bühlmann coefficients a (bar) and b (dimensionless). The tolerated ambient
// pressure for a tissue tension Pt is (Pt − a)·b; equivalently the M-value (the
// highest tolerated tension) at ambient pressure P is a + P/b (all in bar).
type Compartment struct {
	Name     string  `json:"name"`
	HalfTime float64 `json:"half_time_min"`
	A        float64 `json:"a_bar"`
	B        float64 `json:"b"`
}

// ZHL16C is the Bühlmann ZH-L16C nitrogen table: 16 compartments, with 1b (5.0 min)
// as compartment 1, as subsurface uses it. Source: subsurface/subsurface core/deco.c
// [SUBS] (many open-source dive planners agree). These coefficients
// were fitted for diving; applying them to altitude decompression is an extrapolation.
var ZHL16C = [16]Compartment{
	{"1b", 5.0, 1.1696, 0.5578},
	{"2", 8.0, 1.0000, 0.6514},
	{"3", 12.5, 0.8618, 0.7222},
	{"4", 18.5, 0.7562, 0.7825},
	{"5", 27.0, 0.6200, 0.8126},
	{"6", 38.3, 0.5043, 0.8434},
	{"7", 54.3, 0.4410, 0.8693},
	{"8", 77.0, 0.4000, 0.8910},
	{"9", 109, 0.3750, 0.9092},
	{"10", 146, 0.3500, 0.9222},
	{"11", 187, 0.3295, 0.9319},
	{"12", 239, 0.3065, 0.9403},
	{"13", 305, 0.2835, 0.9477},
	{"14", 390, 0.2610, 0.9544},
	{"15", 498, 0.2480, 0.9602},
	{"16", 635, 0.2327, 0.9653},
}

// MValue returns the compartment's M-value (Pa): the highest inert-gas tension it
// tolerates at ambient pressure p (Pa), a + p/b with a converted from bar.
func (c Compartment) MValue(p float64) float64 { return c.A*1e5 + p/c.B }

// Haldane returns the tension (any pressure unit) of a compartment with the given
// half-time (s) after t seconds at a constant inspired inert-gas pressure pi,
// starting from p0: p0 + (pi − p0)(1 − e^(−kt)), k = ln 2 / halfTime.
func Haldane(p0, pi, halfTime, t float64) float64 {
	k := math.Ln2 / halfTime
	return p0 + (pi-p0)*(1-math.Exp(-k*t))
}

// Schreiner returns the tension after t seconds when the inspired inert-gas pressure
// changes linearly from pi0 at rate r (pressure per second), starting from p0
// (the Schreiner equation; with r = 0 it is Haldane's). halfTime in seconds.
func Schreiner(p0, pi0, r, halfTime, t float64) float64 {
	k := math.Ln2 / halfTime
	return schreinerE(p0, pi0, r, k, t, math.Exp(-k*t))
}

// schreinerE is Schreiner with e = exp(−k t) precomputed.
func schreinerE(p0, pi0, r, k, t, e float64) float64 {
	return pi0 + r*(t-1/k) - (pi0-p0-r/k)*e
}

// BuhlmannResult is the ZH-L16C compartment that came closest to its M-value along
// the profile, at the moment it came closest. GradientFactor is (Pt − P)/(M − P):
// 0 at ambient saturation, 1 at the M-value; above 1 the diving model would call
// the exposure unsafe (an extrapolation to altitude: a comparison, not a verdict).
type BuhlmannResult struct {
	Compartment    string  `json:"compartment"`
	HalfTimeMin    float64 `json:"half_time_min"`
	TissuePa       float64 `json:"tissue_n2_pa"`
	AmbientPa      float64 `json:"ambient_pa"`
	MValuePa       float64 `json:"m_value_pa"`
	GradientFactor float64 `json:"gradient_factor"`
	AtS            float64 `json:"at_s"`
	Phase          string  `json:"phase"`
	AltM           float64 `json:"alt_m"`
}
