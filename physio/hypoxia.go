package physio

import "math"

// tucRow is one row of FAA AC 61-107 Table 1-1 ([AC61107]): the lower
// end of each published range, seconds.
type tucRow struct {
	altFt     float64
	standardS float64 // TUC at a standard ascent rate, lower bound
	rapidS    float64 // TUC after rapid decompression, lower bound
}

// tucTable is FAA AC 61-107 Table 1-1 (via the Lancair IV/IVP Training Manual, 2007),
// lower ends of the ranges: 18,000 ft 20–30 min / 10–15 min; 22,000 10 / 5 min;
// 25,000 3–5 min / 1.5–3.5 min; 28,000 2.5–3 min / 1.25–1.5 min; 30,000 1–2 min /
// 30–60 s; 35,000 30–60 s / 15–30 s; 40,000 15–20 s / 7–10 s; 43,000 9–12 s / 5 s;
// 50,000 and above 9–12 s / 5 s.
var tucTable = []tucRow{
	{18000, 1200, 600},
	{22000, 600, 300},
	{25000, 180, 90},
	{28000, 150, 75},
	{30000, 60, 30},
	{35000, 30, 15},
	{40000, 15, 7},
	{43000, 9, 5},
	{50000, 9, 5},
}

// TUC returns the time of useful consciousness (s) at pressure altitude altFt (ft):
// after a rapid decompression (the conservative figure halo checks with) and at a
// standard ascent rate, both the lower ends of FAA AC 61-107 Table 1-1's ranges,
// interpolated linearly in log(TUC) between rows. Below 18,000 ft it returns the
// 18,000-ft values (a lower bound; below says so); above 50,000 ft the 50,000-ft values.
// Exercise shortens TUC markedly [AC61107] and it varies widely between people.
func TUC(altFt float64) (rapid, standard float64, below bool) {
	t := tucTable
	if altFt <= t[0].altFt {
		return t[0].rapidS, t[0].standardS, altFt < t[0].altFt
	}
	for i := 1; i < len(t); i++ {
		if altFt <= t[i].altFt {
			f := (altFt - t[i-1].altFt) / (t[i].altFt - t[i-1].altFt)
			lerp := func(a, b float64) float64 { return math.Exp(math.Log(a) + f*(math.Log(b)-math.Log(a))) }
			return lerp(t[i-1].rapidS, t[i].rapidS), lerp(t[i-1].standardS, t[i].standardS), false
		}
	}
	l := t[len(t)-1]
	return l.rapidS, l.standardS, false
}

// RespiratoryExchangeRatio is R in the alveolar gas equation, 0.8 [AGE].
const RespiratoryExchangeRatio = 0.8

// AlveolarO2 returns the alveolar O₂ pressure PAO₂ (Pa) for barometric pressure pb
// (Pa), inspired O₂ fraction fio2 (dry) and arterial CO₂ pressure paco2 (Pa), by the
// full alveolar gas equation [AGE]:
// PAO₂ = FiO₂·(PB − PH₂O) − PaCO₂·(FiO₂ + (1 − FiO₂)/R), PH₂O = 47 mmHg, R = 0.8,
// which is FiO₂(PB − 47) − PaCO₂/R + PaCO₂·FiO₂(1 − R)/R. Never below 0.
func AlveolarO2(pb, fio2, paco2 float64) float64 {
	r := RespiratoryExchangeRatio
	v := fio2*(pb-PH2OBody) - paco2*(fio2+(1-fio2)/r)
	return math.Max(v, 0)
}

// StandardPressureAltitude returns the altitude (m) at which the 1976 US Standard
// Atmosphere has pressure p (Pa), for p between its values at −500 m and 86 km.
func StandardPressureAltitude(p float64) float64 {
	lo, hi := -500.0, 86000.0
	for i := 0; i < 60 && hi-lo > 0.01; i++ {
		mid := 0.5 * (lo + hi)
		if ussaP(mid) > p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return 0.5 * (lo + hi)
}

// Hypoxia is the hypoxia side of the assessment, at the exit altitude.
type Hypoxia struct {
	// PressureAltM is the exit's pressure altitude (m), the TUC table's argument.
	PressureAltM float64 `json:"pressure_alt_m"`
	// TUCStandardS is TUC at a standard ascent rate (s), lower bound (Result.TUCS
	// is the rapid-decompression figure).
	TUCStandardS float64 `json:"tuc_standard_s"`
	// TUCBelowTable says the exit is below the table's 18,000 ft: TUC is longer.
	TUCBelowTable bool `json:"tuc_below_table"`
	// PAO2O2Pa is PAO₂ at the exit on 100 % O₂ (console, then bail-out bottle), Pa;
	// PAO2AirPa on air for comparison; the same in mmHg.
	PAO2O2Pa    float64 `json:"pao2_o2_pa"`
	PAO2AirPa   float64 `json:"pao2_air_pa"`
	PAO2O2mmHg  float64 `json:"pao2_o2_mmhg"`
	PAO2AirmmHg float64 `json:"pao2_air_mmhg"`
	// BottleDurationS is how long the full bail-out bottle lasts at the exit
	// altitude (s); BottleNeededS the time from switching to it until below
	// the bail-out floor (or landing); BottleEmptyAtS when it empties, s after the
	// switch (0 = lasts to landing).
	BottleDurationS float64 `json:"bottle_duration_s"`
	BottleNeededS   float64 `json:"bottle_needed_s"`
	BottleEmptyAtS  float64 `json:"bottle_empty_after_switch_s"`
	// BottleRequired is false when the exit is at or below the bail-out floor.
	BottleRequired bool `json:"bottle_required"`
}
