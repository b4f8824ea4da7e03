package physio

import (
	"fmt"
	"math"
	"strconv"
)

// Defaults that plan and mission show under ASSUMPTIONS AND DEFAULTS, with their
// sources (the short names are entries of docs/sources.md).
const (
	// DefaultBreathingRate is the demand regulator's minute ventilation, L/min BTPS:
	// the 14 CFR 25.1443(c)(2) design rate for cabin altitudes above 18,500 ft [CFR251443].
	DefaultBreathingRate     = 30.0
	DefaultBreathingRateText = "breathing 30 L/min BTPS through a demand regulator (the 14 CFR 25.1443(c)(2) design rate above 18,500 ft cabin altitude [CFR251443])"
	// DefaultTimeToBottle is the time (s) to get onto the bail-out bottle after a
	// console-O₂ failure: 15 s, halo's placeholder. No published figure was found;
	// time it in drills and give oxygen.time_to_bottle.
	DefaultTimeToBottle     = 15.0
	DefaultTimeToBottleText = "15 s to get onto the bail-out bottle after a console-O₂ failure: halo's placeholder, no published figure; time it in drills (oxygen.time_to_bottle)"
)

// OxygenRules are the oxygen rules of one jump type: the altitude (m MSL) above
// which breathing air is no-go, the bail-out floor, and the band in which air is
// allowed for a limited time. Every figure carries its source.
type OxygenRules struct {
	Type JumpType
	// AirCeiling is the cabin altitude (m MSL) above which any time on air is no-go.
	AirCeiling float64
	// AirBandFloor..AirCeiling is a band where air is allowed for at most AirBandMaxS
	// seconds (a caution while it lasts); AirBandMaxS = 0: no band.
	AirBandFloor, AirBandMaxS float64
	// BottleFloor is the default altitude (m MSL) down to which the bail-out bottle
	// must last; an exit at or below it needs no bottle.
	BottleFloor     float64
	BottleFloorText string
	// Source cites the rules.
	Source string
}

// OxygenRulesFor returns the oxygen rules of jump type t (Military for an unknown type).
//
//   - Sport and stunt (civil): 14 CFR 91.211(a)(3) makes supplemental O₂ mandatory for
//     every occupant above 15,000 ft cabin altitude [CFR91211]; USPA SIM 6-7 calls
//     jumps below 15,000 ft MSL "low altitude", needing no oxygen procedures, and asks
//     for bail-out O₂ above that [USPA-SIM67]. Floor and air ceiling: 15,000 ft MSL.
//     (91.211(a)(1)–(2) bind the required flight crew, not the jumpers.)
//   - Military free fall: supplemental O₂ at and above 10,000 ft, except the Army
//     free-fall school on air at 10,000–13,000 ft for at most 2 h (AFI 11-409 [AFI409]).
//     Air ceiling and bottle floor: 13,000 ft MSL; 10,000–13,000 ft on air for at most
//     2 h (a caution: the exception is the school's).
func OxygenRulesFor(t JumpType) OxygenRules {
	switch t {
	case Sport, Stunt:
		return OxygenRules{Type: t, AirCeiling: 15000 * ft, BottleFloor: 15000 * ft,
			BottleFloorText: "15,000 ft MSL (civil jump: 14 CFR 91.211(a)(3) [CFR91211], USPA SIM 6-7 [USPA-SIM67])",
			Source:          "14 CFR 91.211(a)(3) [CFR91211]; USPA SIM 6-7 [USPA-SIM67]"}
	}
	return OxygenRules{Type: Military, AirCeiling: 13000 * ft, AirBandFloor: 10000 * ft, AirBandMaxS: 2 * 3600,
		BottleFloor:     13000 * ft,
		BottleFloorText: "13,000 ft MSL (military free fall: top of the AFI 11-409 free-fall-school exception [AFI409])",
		Source:          "AFI 11-409 [AFI409]: O₂ at and above 10,000 ft; Army free-fall school exception 10,000–13,000 ft for ≤ 2 h"}
}

// PrebreatheRule is one row of the prebreathe doctrine: for an exposure whose
// highest pressure altitude is in (AboveFt, UpToFt] ft, the uninterrupted 100 % O₂
// prebreathe required (s), the longest exposure at or above FL200 allowed after it
// (s; +Inf where none is published) and the longest exposure allowed without a
// prebreathe (s). Bands: below FL200; FL200 to FL250 inclusive; above FL250 to FL350
// inclusive.
type PrebreatheRule struct {
	AboveFt, UpToFt   float64
	PrebreatheS       float64
	MaxExposureS      float64
	MaxExposureNoPreS float64
	Source            string
	// Note says how a row was derived when it is not read straight from a source.
	Note string
}

// FL200 is the pressure altitude (m) at and above which AFI 11-409 requires a
// prebreathe for any scheduled exposure [AFI409].
const FL200 = 20000 * ft

// PrebreatheDoctrine returns the prebreathe rules halo applies to every jump type
// (no civil table is published), lowest band first. Above the last row there is no
// published rule: the prebreathe check is then no-go.
//
//   - Below FL200: no prebreathe required; exposure without one unlimited [AFI409].
//   - FL200 to FL250: prebreathe required for any scheduled exposure, so none is
//     allowed without one [AFI409]; 30 min uninterrupted, as for the USAF 25,000-ft
//     jump [AFM-25K]. No published exposure limit: the DCS-risk check judges it.
//   - Above FL250 to FL350: 75 min, then at most 30 min of exposure: the USAF
//     35,000-ft limit [WEBB35]. No published figure lies between FL250 and FL350, so
//     halo applies the FL350 row to the whole band (conservative).
//
// The AFI 11-409 / AFMAN 11-409 table of prebreathe minutes by altitude itself was
// not found in what halo's authors could read; these rows are the published
// figures that were. Replace them when the table is at hand.
func PrebreatheDoctrine() []PrebreatheRule {
	inf := math.Inf(1)
	return []PrebreatheRule{
		{AboveFt: math.Inf(-1), UpToFt: 20000, PrebreatheS: 0, MaxExposureS: inf, MaxExposureNoPreS: inf,
			Source: "AFI 11-409 [AFI409]: prebreathe required at and above FL200"},
		{AboveFt: 20000, UpToFt: 25000, PrebreatheS: 30 * 60, MaxExposureS: inf, MaxExposureNoPreS: 0,
			Source: "AFI 11-409 [AFI409] (prebreathe for any exposure at/above FL200); 30 min uninterrupted for the USAF 25,000-ft jump [AFM-25K]"},
		{AboveFt: 25000, UpToFt: 35000, PrebreatheS: 75 * 60, MaxExposureS: 30 * 60, MaxExposureNoPreS: 0,
			Source: "AFI 11-409 [AFI409]; USAF 35,000-ft operations: 75-min prebreathe, at most 30 min of exposure [WEBB35]",
			Note:   "no published figure between FL250 and FL350: the FL350 row applies to the whole band"},
	}
}

// PrebreatheRuleAt returns the doctrine row for an exposure to pressure altitude
// alt (m), rounded to the foot, and false above the last row (no published rule).
func PrebreatheRuleAt(alt float64) (PrebreatheRule, bool) {
	fl := math.Round(alt / ft) // flight levels are read in whole feet
	d := PrebreatheDoctrine()
	switch {
	case fl < 20000: // below FL200; FL200 itself needs a prebreathe
		return d[0], true
	case fl <= 25000:
		return d[1], true
	case fl <= 35000:
		return d[2], true
	}
	return PrebreatheRule{}, false
}

// PAO2PressureBreathingAlt is the pressure altitude (m) above which 100 % O₂ alone no
// longer protects and a pressure system is needed: 40,000 ft, where USPA SIM 6-7's
// "extreme altitude" begins, for which it asks for a pressure system [USPA-SIM67].
const PAO2PressureBreathingAlt = 40000 * ft

// MinPAO2 returns the alveolar O₂ no-go threshold (Pa): PAO₂ breathing 100 % O₂ at
// 40,000 ft (USSA-76 pressure 141.2 mmHg) with PaCO₂ 40 mmHg, by the alveolar gas
// equation [AGE]: 141.2 − 47 − 40 = 54 mmHg. Below it the jumper is more hypoxic than
// anyone breathing 100 % O₂ where a pressure system becomes necessary.
func MinPAO2() float64 {
	return AlveolarO2(ussaP(PAO2PressureBreathingAlt), 1, 40*mmHg)
}

// FormatDuration writes a duration in seconds as a jumpmaster reads it: seconds
// below a minute ("1 s", "0.4 s"), whole minutes ("30 min"), otherwise minutes and
// seconds ("29 min 59 s"), so that a short or odd figure never reads as "0 min" or
// rounds onto its limit.
func FormatDuration(s float64) string {
	switch {
	case math.IsNaN(s) || math.IsInf(s, 0):
		return fmt.Sprint(s)
	case s < 0:
		return "−" + FormatDuration(-s)
	case s < 10 && s != math.Trunc(s):
		return strconv.FormatFloat(s, 'g', 2, 64) + " s"
	case s < 60:
		return fmt.Sprintf("%.0f s", math.Floor(s))
	}
	// floor, never round: 29 min 59.6 s must not read as the 30-min limit
	r := math.Floor(s)
	m, sec := int(r)/60, int(r)%60
	if sec == 0 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d min %d s", m, sec)
}
