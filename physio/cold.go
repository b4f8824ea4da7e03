package physio

import "math"

// Wind-chill formula limits (NWS / Environment Canada 2001 [NWS-WC]).
const (
	// WindChillMinKMH is the lowest wind the formula is valid for, 4.8 km/h (3 mph).
	WindChillMinKMH = 4.8
	// WindChillMaxKMH is the highest wind halo feeds the formula: 60 mph (96.6 km/h),
	// the top of the NWS wind-chill chart. The formula was fitted for surface winds
	// measured at 10 m; a jumper's 180–290 km/h relative wind is far beyond it, so
	// halo clamps the speed and flags the result, which then understates the cold.
	WindChillMaxKMH = 60 * 1.609344
	// WindChillMaxC is the highest air temperature the formula is valid for, 10 °C.
	WindChillMaxC = 10.0
)

// WindChillResult is the wind-chill equivalent temperature and how it was obtained.
type WindChillResult struct {
	// WCTC is the wind-chill temperature, °C (the air temperature when the formula does not apply).
	WCTC float64
	// Clamped says the wind was above WindChillMaxKMH and was clamped to it.
	Clamped bool
	// Defined is false above 10 °C, where the formula does not apply.
	Defined bool
}

// WindChill returns the NWS/Environment Canada (2001) wind-chill temperature for air
// at tc °C and wind v km/h: 13.12 + 0.6215·T − 11.37·V^0.16 + 0.3965·T·V^0.16.
// V is raised to 4.8 km/h and clamped at 96.6 km/h (flagged), see the constants.
func WindChill(tc, vkmh float64) WindChillResult {
	if tc > WindChillMaxC {
		return WindChillResult{WCTC: tc}
	}
	r := WindChillResult{Defined: true}
	v := math.Max(vkmh, WindChillMinKMH)
	if v > WindChillMaxKMH {
		v = WindChillMaxKMH
		r.Clamped = true
	}
	p := math.Pow(v, 0.16)
	r.WCTC = 13.12 + 0.6215*tc - 11.37*p + 0.3965*tc*p
	return r
}

// FrostbiteTime returns the time (s) for exposed skin to freeze at wind-chill wct °C,
// from the Environment Canada bands [NWS-WC], taking each band's shortest time:
// above −28 °C: +Inf (low risk); −28 to −39: 10 min; −40 to −47: 5 min; −48 to −54:
// 2 min; −55 and colder: "under 2 min", which halo also takes as 2 min (so at those
// wind chills the figure is an upper bound and the frostbite check is never "go"
// for exposed skin).
func FrostbiteTime(wct float64) float64 {
	switch {
	case wct > -28:
		return math.Inf(1)
	case wct > -40:
		return 600
	case wct > -48:
		return 300
	default:
		return 120
	}
}

// ColdResult is the cold exposure from the door opening to landing.
type ColdResult struct {
	// MinTempK is the coldest outside air met, K.
	MinTempK float64 `json:"min_temp_k"`
	// MinWindChillC is the lowest wind-chill temperature, °C, with its phase and the
	// relative wind then (m/s).
	MinWindChillC        float64 `json:"min_wind_chill_c"`
	MinWindChillPhase    string  `json:"min_wind_chill_phase"`
	MinWindChillAirSpeed float64 `json:"min_wind_chill_airspeed_mps"`
	// SpeedClamped says the relative wind exceeded the formula's range (MaxAirSpeed,
	// m/s) and was clamped: the real cooling is stronger than the figure.
	SpeedClamped bool    `json:"speed_clamped"`
	MaxAirSpeed  float64 `json:"max_airspeed_mps,omitempty"`
	// ExposureS is the time from the door opening to landing, s.
	ExposureS float64 `json:"exposure_s"`
	// FrostbiteExposureS is the part of it at wind chills of −28 °C or colder, s.
	FrostbiteExposureS float64 `json:"frostbite_exposure_s"`
	// MinFrostbiteS is the shortest time-to-frostbite met, s (0 = none met).
	MinFrostbiteS float64 `json:"min_frostbite_s"`
	// FrostbiteFraction is Σ dt / time-to-frostbite: 1 means exposed skin is expected
	// to freeze.
	FrostbiteFraction float64 `json:"frostbite_fraction"`
	Note              string  `json:"note"`
}
