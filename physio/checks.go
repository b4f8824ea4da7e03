package physio

import (
	"fmt"
	"math"

	"halo/check"
)

// Check names (stable: the lead's render and tests may match on them).
const (
	CheckO2Rule     = "supplemental oxygen (14 CFR 91.211)"
	CheckPrebreathe = "prebreathe"
	CheckDCS        = "DCS risk"
	CheckBottle     = "bail-out bottle margin"
	CheckTUC        = "time of useful consciousness"
	CheckPAO2       = "alveolar O₂ on 100 % O₂"
	CheckCold       = "frostbite"
)

// checkO2Rule applies 14 CFR 91.211(a) to the time breathed on air: more than 30 min
// above 12,500 ft up to 14,000 ft cabin altitude, or any time above 14,000 ft, is
// no-go; above 15,000 ft O₂ must be provided to every occupant (a reminder).
func checkO2Rule(longestBand, above14000, maxCabin float64) check.Check {
	c := check.Check{Name: CheckO2Rule, Status: check.Go,
		Value:  fmt.Sprintf("on air: %.0f min above 12,500 ft, %.0f s above 14,000 ft", longestBand/60, above14000),
		Limit:  "on air ≤ 30 min above 12,500 ft up to 14,000 ft; none above 14,000 ft; O₂ provided to every occupant above 15,000 ft",
		Source: "14 CFR 91.211(a)(1)–(3) (REFERENCE F.6)"}
	switch {
	case above14000 > 0:
		c.Status = check.NoGo
		c.Detail = "the profile breathes air above 14,000 ft cabin altitude: start O₂ (the prebreathe) lower, or remove the air break"
	case longestBand > 30*60:
		c.Status = check.NoGo
		c.Detail = "more than 30 min on air above 12,500 ft: go on O₂ earlier"
	case maxCabin > 15000*ft:
		c.Detail = "cabin above 15,000 ft: O₂ must be provided to every occupant, crew included"
	}
	return c
}

// checkPrebreathe: at and above lim.PrebreatheRequiredAlt (pressure altitude) a
// prebreathe is required (no-go without one); one shorter than lim.MinPrebreathe,
// or interrupted by air, is a caution.
func checkPrebreathe(pressAlt, prebreathe float64, interrupted bool, lim Limits) check.Check {
	c := check.Check{Name: CheckPrebreathe, Status: check.Go,
		Value: fmt.Sprintf("%.0f min on 100 %% O₂ before an exposure to %.0f ft (pressure altitude)", prebreathe/60, pressAlt/ft),
		Limit: fmt.Sprintf("required at/above %.0f ft; at least %.0f min, uninterrupted", lim.PrebreatheRequiredAlt/ft, lim.MinPrebreathe/60),
		Source: "AFI 11-409 via 193rd SOS briefing (prebreathe at/above FL200) [AFI409]; 30 min uninterrupted for a 25,000-ft USAF jump [AFM-25K]; " +
			"air breaks: Pilmanis et al. 2010, DTIC ADA530698"}
	if pressAlt < lim.PrebreatheRequiredAlt {
		c.Detail = "below the altitude that requires a prebreathe"
		return c
	}
	switch {
	case prebreathe <= 0:
		c.Status = check.NoGo
		c.Detail = "no prebreathe before an exposure at or above the limit: prebreathe 100 % O₂"
	case interrupted:
		c.Status = check.Caution
		c.Detail = "the prebreathe is interrupted by air: AFRL found 10–60-min breaks in a 1-h prebreathe raised DCS at 1 h from 24 % to 40–47 %, more than halo's model shows; restart or extend the prebreathe"
	case prebreathe < lim.MinPrebreathe:
		c.Status = check.Caution
		c.Detail = "prebreathe shorter than the minimum: lengthen it (see the prebreathe table)"
	}
	return c
}

// checkDCS: risk above lim.MaxDCSRisk is no-go; above half of it, or outside the
// model's calibration (extrapolated), a caution.
func checkDCS(risk float64, extrapolated bool, lim Limits) check.Check {
	c := check.Check{Name: CheckDCS, Status: check.Go,
		Value:  fmt.Sprintf("%.1f %% (planning estimate)", 100*risk),
		Limit:  fmt.Sprintf("≤ %.1f %%", 100*lim.MaxDCSRisk),
		Source: "halo model fitted to AFRL altitude-chamber data (REFERENCE F.1); ceiling configurable"}
	switch {
	case risk > lim.MaxDCSRisk:
		c.Status = check.NoGo
		c.Detail = "estimated DCS risk above the ceiling: prebreathe longer (see the prebreathe table), exit lower, or shorten the time at altitude"
	case extrapolated:
		c.Status = check.Caution
		c.Detail = "exit above 35,000 ft, the highest altitude in the calibration data: the estimate is an extrapolation"
	case risk > 0.5*lim.MaxDCSRisk:
		c.Status = check.Caution
		c.Detail = "estimated risk above half the ceiling; the model's error on its calibration data is larger than that margin"
	}
	return c
}

// checkBottle: a negative margin (the bottle empties above the altitude it must
// last to) is no-go; a margin below lim.MinBottleMargin a caution.
func checkBottle(required, has bool, margin, needed float64, lim Limits) check.Check {
	c := check.Check{Name: CheckBottle, Status: check.Go,
		Value:  fmt.Sprintf("margin %.0f s over the %.0f s from switching to the bottle until below %.0f ft", margin, needed, lim.OxygenNeededAbove/ft),
		Limit:  fmt.Sprintf("≥ %.0f s (no-go below 0)", lim.MinBottleMargin),
		Source: "bottle size and pressure (input), breathing rate 14 CFR 25.1443 unless given; reserve FM 31-19; 13,000 ft: AFI 11-409 free-fall-school exception [AFI409]"}
	switch {
	case !required:
		c.Value = "exit at or below the altitude that needs bail-out O₂"
		c.Detail = "not required"
	case !has:
		c.Status = check.NoGo
		c.Detail = "no bail-out bottle for an exit that needs one: carry bail-out O₂"
	case margin < 0:
		c.Status = check.NoGo
		c.Detail = "the bottle empties before the jumper is below the altitude it must last to: a bigger or fuller bottle, or switch to it later"
	case margin < lim.MinBottleMargin:
		c.Status = check.Caution
		c.Detail = "little bottle margin: a delay on the ramp would exhaust it"
	}
	return c
}

// checkTUC: reaching the bail-out bottle must take less than the TUC after a rapid
// decompression: no-go at or above it, caution above half of it.
func checkTUC(tuc, reach float64) check.Check {
	c := check.Check{Name: CheckTUC, Status: check.Go,
		Value:  fmt.Sprintf("%.0f s to get onto the bail-out bottle", reach),
		Limit:  fmt.Sprintf("< %.0f s TUC after rapid decompression (lower bound); caution above half", tuc),
		Source: "FAA AC 61-107 Table 1-1 (REFERENCE F.4) [AC61107]"}
	switch {
	case reach >= tuc:
		c.Status = check.NoGo
		c.Detail = "a console-O₂ failure would leave the jumper unconscious before the bottle is on: go onto the bottle earlier or rehearse the switch"
	case reach > 0.5*tuc:
		c.Status = check.Caution
		c.Detail = "less than a factor 2 between the time to reach the bottle and the TUC (which varies widely between people and shortens with exercise)"
	}
	return c
}

// checkPAO2: below 100 mmHg on 100 % O₂ the jumper gets less alveolar O₂ than on
// sea-level air (above about 34,000 ft): a caution.
func checkPAO2(pao2 float64) check.Check {
	c := check.Check{Name: CheckPAO2, Status: check.Go,
		Value:  fmt.Sprintf("PAO₂ %.0f mmHg at the exit", pao2/mmHg),
		Limit:  "≥ 100 mmHg (sea-level air, reached on 100 % O₂ at about 34,000 ft)",
		Source: "alveolar gas equation (REFERENCE F.5)"}
	if pao2 < 100*mmHg {
		c.Status = check.Caution
		c.Detail = "even on 100 % O₂ the jumper is hypoxic compared with sea-level air: keep the time at altitude short; higher still needs pressure breathing"
	}
	return c
}

// checkCold: exposed skin with a frostbite fraction ≥ 1 is no-go, ≥ 0.5 (or any time
// at wind chills of −55 °C or colder) a caution; with all skin covered at most a caution.
func checkCold(c ColdResult, covered bool) check.Check {
	k := check.Check{Name: CheckCold, Status: check.Go,
		Value: fmt.Sprintf("wind chill down to %.0f °C; %.0f s at frostbite wind chills, %.0f %% of the time to freeze exposed skin",
			c.MinWindChillC, c.FrostbiteExposureS, 100*c.FrostbiteFraction),
		Limit:  "exposed skin: below 50 % of the time to freeze (no-go at 100 %)",
		Source: "NWS / Environment Canada wind chill (2001) and frostbite bands (REFERENCE F.7)"}
	worst := c.FrostbiteFraction >= 1
	warn := c.FrostbiteFraction >= 0.5 || (c.FrostbiteExposureS > 0 && c.MinWindChillC <= -55)
	switch {
	case (worst || warn) && covered:
		k.Status = check.Caution
		k.Detail = "exposed skin would freeze: check that mask, goggles and gloves leave no gap"
	case worst:
		k.Status = check.NoGo
		k.Detail = "exposed skin is expected to freeze: cover all skin (mask, goggles, gloves) and say so (skin_covered)"
	case warn:
		k.Status = check.Caution
		k.Detail = "frostbite possible on exposed skin: cover it"
	}
	if c.SpeedClamped {
		k.Detail += fmt.Sprintf("; the relative wind (%.0f m/s) is beyond the formula's range and was clamped to 60 mph, so the real cooling is stronger", c.MaxAirSpeed)
	}
	if math.IsNaN(c.MinWindChillC) || math.IsInf(c.MinWindChillC, 0) {
		k.Value = "no exposure"
	}
	return k
}
