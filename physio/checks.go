package physio

import (
	"fmt"
	"math"

	"halo/check"
)

// Check names (stable: the lead's render and tests may match on them).
const (
	CheckO2Rule     = "supplemental oxygen"
	CheckPrebreathe = "prebreathe"
	CheckExposure   = "exposure at or above FL200"
	CheckDCS        = "DCS risk"
	CheckBottle     = "bail-out bottle margin"
	CheckTUC        = "time of useful consciousness"
	CheckPAO2       = "alveolar O₂ on 100 % O₂"
	CheckCold       = "frostbite"
)

// Every check below that carries a number sets it with check.Numbers (SI: s, Pa,
// m, fraction "1"), so its status follows the number [halo-verdict]; a caution is
// only ever set on a value that passes its no-go limit.

// checkO2Rule applies the jump type's oxygen rules (OxygenRules) to the time the
// jumper breathes air: any time on air above the air ceiling is no-go; time on air
// in the military band (10,000–13,000 ft) is no-go beyond its 2 h and a caution
// below that.
func checkO2Rule(a airOut, ru OxygenRules) check.Check {
	c := check.Check{Name: CheckO2Rule, Source: ru.Source,
		Value: fmt.Sprintf("on air: %s above %.0f ft", FormatDuration(a.aboveCeiling), ru.AirCeiling/ft),
		Limit: fmt.Sprintf("no time on air above %.0f ft cabin altitude (%s jump)", ru.AirCeiling/ft, ru.Type)}
	if a.aboveCeiling > 0 || ru.AirBandMaxS == 0 {
		c = c.Numbers(a.aboveCeiling, 0, "s", check.AtMost)
		if c.Status == check.NoGo {
			c.Detail = fmt.Sprintf("the profile breathes air above %.0f ft cabin altitude: start O₂ (the prebreathe) lower, or remove the air break", ru.AirCeiling/ft)
		}
		return c
	}
	c.Value = fmt.Sprintf("on air: none above %.0f ft, %s at %.0f–%.0f ft", ru.AirCeiling/ft, FormatDuration(a.inBand), ru.AirBandFloor/ft, ru.AirCeiling/ft)
	c.Limit = fmt.Sprintf("on air at %.0f–%.0f ft at most %s; none above %.0f ft", ru.AirBandFloor/ft, ru.AirCeiling/ft, FormatDuration(ru.AirBandMaxS), ru.AirCeiling/ft)
	c = c.Numbers(a.inBand, ru.AirBandMaxS, "s", check.AtMost)
	switch {
	case c.Status == check.NoGo:
		c.Detail = "more time on air above 10,000 ft than the free-fall-school exception allows: go on O₂ earlier"
	case a.inBand > 0:
		c.Status = check.Caution
		c.Detail = "on air above 10,000 ft: AFI 11-409 allows it (up to 13,000 ft, 2 h) only for the Army free-fall school; other units breathe O₂ there"
	}
	return c
}

// checkPrebreathe applies the prebreathe doctrine (PrebreatheDoctrine) to an exposure
// whose highest pressure altitude is pressAlt (m): the uninterrupted prebreathe
// before it (s) must reach the row's minimum (no-go below it); above the last row no
// rule is published (no-go); a prebreathe interrupted by air is a caution even when
// its last uninterrupted part suffices.
func checkPrebreathe(pressAlt, uninterrupted float64, interrupted bool) check.Check {
	c := check.Check{Name: CheckPrebreathe,
		Value: fmt.Sprintf("%s uninterrupted on 100 %% O₂ before an exposure to %.0f ft (pressure altitude)", FormatDuration(uninterrupted), pressAlt/ft)}
	rule, ok := PrebreatheRuleAt(pressAlt)
	if !ok {
		c.Source = "AFI 11-409 [AFI409]; USAF 35,000-ft limit [WEBB35]"
		c.Value = fmt.Sprintf("exposure to %.0f ft (pressure altitude)", pressAlt/ft)
		c.Limit = "≤ 35,000 ft: the highest altitude with a published prebreathe rule"
		c = c.Numbers(pressAlt, 35000*ft, "m", check.AtMost)
		c.Detail = "no published prebreathe rule above FL350: halo cannot judge the prebreathe (a pressure suit and its own procedures are needed)"
		return c
	}
	c.Source = rule.Source
	if rule.PrebreatheS == 0 {
		c.Limit = "none required below FL200"
		c = c.Numbers(uninterrupted, 0, "s", check.AtLeast)
		c.Detail = "below the altitude that requires a prebreathe"
		return c
	}
	c.Limit = fmt.Sprintf("at least %s uninterrupted for an exposure above FL%03.0f up to FL%03.0f", FormatDuration(rule.PrebreatheS), math.Max(rule.AboveFt, 0)/100, rule.UpToFt/100)
	if rule.Note != "" {
		c.Limit += " (" + rule.Note + ")"
	}
	c.Source += "; air breaks: Pilmanis et al. 2010 [PIL10]"
	c = c.Numbers(uninterrupted, rule.PrebreatheS, "s", check.AtLeast)
	switch {
	case uninterrupted <= 0:
		c.Detail = "no prebreathe before an exposure at or above FL200: prebreathe 100 % O₂"
	case c.Status == check.NoGo:
		c.Detail = fmt.Sprintf("prebreathe shorter than the %s the doctrine requires: lengthen it", FormatDuration(rule.PrebreatheS))
	case interrupted:
		c.Status = check.Caution
		c.Detail = "the prebreathe is interrupted by air: AFRL found 10–60-min breaks in a 1-h prebreathe raised DCS at 1 h from 24 % to 40–47 %, more than halo's model shows; restart or extend the prebreathe"
	}
	return c
}

// checkExposure: the time at or above FL200 (s) must not exceed the doctrine row's
// maximum after its prebreathe, or, when the uninterrupted prebreathe falls short of
// the row's, the row's maximum without a prebreathe (none at or above FL200). ok is
// false when the row publishes no limit for the case.
func checkExposure(pressAlt, exposure, uninterrupted float64) (check.Check, bool) {
	rule, ok := PrebreatheRuleAt(pressAlt)
	if !ok {
		return check.Check{}, false
	}
	lim, after := rule.MaxExposureS, "after a "+FormatDuration(rule.PrebreatheS)+" prebreathe"
	if uninterrupted < rule.PrebreatheS {
		lim, after = rule.MaxExposureNoPreS, "without the required prebreathe"
	}
	if math.IsInf(lim, 1) {
		return check.Check{}, false
	}
	c := check.Check{Name: CheckExposure, Source: rule.Source,
		Value: fmt.Sprintf("%s at or above FL200 (peak %.0f ft pressure altitude)", FormatDuration(exposure), pressAlt/ft),
		Limit: fmt.Sprintf("at most %s %s", FormatDuration(lim), after)}
	if rule.Note != "" {
		c.Limit += " (" + rule.Note + ")"
	}
	c = c.Numbers(exposure, lim, "s", check.AtMost)
	if c.Status == check.NoGo {
		c.Detail = "longer at or above FL200 than the doctrine allows with this prebreathe: prebreathe as required, shorten the climb above FL200 or the time at altitude"
	}
	return c, true
}

// checkDCS: risk above maxRisk is no-go; above half of it, or outside the model's
// calibration (extrapolated), a caution.
func checkDCS(risk float64, extrapolated bool, maxRisk float64) check.Check {
	c := check.Check{Name: CheckDCS,
		Value:  fmt.Sprintf("%.1f %% (planning estimate)", 100*risk),
		Limit:  fmt.Sprintf("≤ %.1f %%", 100*maxRisk),
		Source: "halo model fitted to AFRL altitude-chamber data [PIL04] [WEBB98] [PIL10]; ceiling configurable (limits.max_dcs_risk)"}
	c = c.Numbers(risk, maxRisk, "1", check.AtMost)
	switch {
	case c.Status == check.NoGo:
		c.Detail = "estimated DCS risk above the ceiling: prebreathe longer (see the prebreathe table), exit lower, or shorten the time at altitude"
	case extrapolated:
		c.Status = check.Caution
		c.Detail = "exit above 35,000 ft, the highest altitude in the calibration data: the estimate is an extrapolation"
	case risk > 0.5*maxRisk:
		c.Status = check.Caution
		c.Detail = "estimated risk above half the ceiling; the model's error on its calibration data is larger than that margin"
	}
	return c
}

// checkBottle: when the exit is above the bail-out floor, a missing bottle or a
// negative margin (the bottle empties above the floor) is no-go; a margin below
// minMargin a caution.
func checkBottle(b bottleOut, floor, minMargin float64, ru OxygenRules) check.Check {
	c := check.Check{Name: CheckBottle,
		Value:  fmt.Sprintf("margin %s over the %s from switching to the bottle until below %.0f ft MSL", FormatDuration(b.marginS), FormatDuration(b.neededS), floor/ft),
		Limit:  fmt.Sprintf("≥ 0 s (no-go below); caution below %s", FormatDuration(minMargin)),
		Source: "bail-out floor: " + ru.BottleFloorText + " or oxygen.bottle_floor; bottle size and pressure (input); breathing rate [CFR251443] unless given; reserve FM 31-19 [FM3119]"}
	switch {
	case !b.needed:
		c.Status = check.Go
		c.Value = fmt.Sprintf("exit at or below the bail-out floor, %.0f ft MSL", floor/ft)
		c.Detail = "not required"
		return c
	case !b.has:
		c.Value = fmt.Sprintf("no bail-out bottle for the %s from switching to it until below %.0f ft MSL", FormatDuration(b.neededS), floor/ft)
		c = c.Numbers(-b.neededS, 0, "s", check.AtLeast)
		c.Status = check.NoGo // also for a zero-length need: a required bottle is missing
		c.Detail = "no bail-out bottle for an exit above the bail-out floor: carry bail-out O₂"
		return c
	}
	c = c.Numbers(b.marginS, 0, "s", check.AtLeast)
	switch {
	case c.Status == check.NoGo:
		c.Detail = "the bottle empties before the jumper is below the bail-out floor: a bigger or fuller bottle, or switch to it later"
	case b.marginS < minMargin:
		c.Status = check.Caution
		c.Detail = "little bottle margin: a delay on the ramp would exhaust it"
	}
	return c
}

// checkTUC: reaching the bail-out bottle must take less than the TUC after a rapid
// decompression: no-go at or above it, caution above half of it. Not judged when
// the exit needs no bail-out oxygen.
func checkTUC(tuc, reach float64, needed bool) check.Check {
	c := check.Check{Name: CheckTUC,
		Value:  fmt.Sprintf("%s to get onto the bail-out bottle", FormatDuration(reach)),
		Limit:  fmt.Sprintf("< %s TUC after rapid decompression (lower bound); caution above half", FormatDuration(tuc)),
		Source: "FAA AC 61-107 Table 1-1 [AC61107]; time to the bottle: oxygen.time_to_bottle"}
	if !needed {
		c.Status = check.Go
		c.Value = "no bail-out oxygen needed at this exit"
		c.Detail = "not required"
		return c
	}
	c = c.Numbers(reach, tuc, "s", check.AtMost)
	switch {
	case reach >= tuc:
		c.Status = check.NoGo // at the TUC itself the jumper is already unconscious
		c.Detail = "a console-O₂ failure would leave the jumper unconscious before the bottle is on: go onto the bottle earlier or rehearse the switch"
	case reach > 0.5*tuc:
		c.Status = check.Caution
		c.Detail = "less than a factor 2 between the time to reach the bottle and the TUC (which varies widely between people and shortens with exercise)"
	}
	return c
}

// checkPAO2: PAO₂ on 100 % O₂ below MinPAO2 (54 mmHg, 100 % O₂ at 40,000 ft) is
// no-go; below 100 mmHg (less than sea-level air, above about 34,000 ft) a caution.
func checkPAO2(pao2 float64) check.Check {
	lim := MinPAO2()
	c := check.Check{Name: CheckPAO2,
		Value:  fmt.Sprintf("PAO₂ %.0f mmHg at the exit", pao2/mmHg),
		Limit:  fmt.Sprintf("≥ %.0f mmHg (100 %% O₂ at 40,000 ft, above which a pressure system is needed); caution below 100 mmHg (sea-level air)", lim/mmHg),
		Source: "alveolar gas equation [AGE]; 40,000 ft: USPA SIM 6-7 extreme altitude, pressure system [USPA-SIM67]"}
	c = c.Numbers(pao2, lim, "Pa", check.AtLeast)
	switch {
	case c.Status == check.NoGo:
		c.Detail = "on 100 % O₂ without pressure breathing the jumper loses consciousness within seconds: exit lower or use a pressure suit"
	case pao2 < 100*mmHg:
		c.Status = check.Caution
		c.Detail = "even on 100 % O₂ the jumper is hypoxic compared with sea-level air: keep the time at altitude short; higher still needs pressure breathing"
	}
	return c
}

// checkCold: exposed skin with a frostbite fraction ≥ 1 is no-go, ≥ 0.5 (or any time
// at wind chills of −55 °C or colder) a caution; with all skin covered (the
// jumper's skin_covered) no skin is exposed and the check is at most a caution.
func checkCold(c ColdResult, covered bool) check.Check {
	k := check.Check{Name: CheckCold,
		Value: fmt.Sprintf("wind chill down to %.0f °C; %s at frostbite wind chills, %.0f %% of the time to freeze exposed skin",
			c.MinWindChillC, FormatDuration(c.FrostbiteExposureS), 100*c.FrostbiteFraction),
		Limit:  "exposed skin: below 100 % of the time to freeze (no-go at 100 %), caution from 50 %",
		Source: "NWS / Environment Canada wind chill (2001) and frostbite bands [NWS-WC]"}
	worst := c.FrostbiteFraction >= 1
	warn := c.FrostbiteFraction >= 0.5 || (c.FrostbiteExposureS > 0 && c.MinWindChillC <= -55)
	if covered {
		k.Status = check.Go
		k.Limit = "all skin covered (jumpers[].skin_covered): no exposed skin to judge"
		if worst || warn {
			k.Status = check.Caution
			k.Detail = "exposed skin would freeze: check that mask, goggles and gloves leave no gap"
		}
	} else {
		k = k.Numbers(c.FrostbiteFraction, 1, "1", check.AtMost)
		switch {
		case worst:
			k.Status = check.NoGo // at 100 % the skin has frozen
			k.Detail = "exposed skin is expected to freeze: cover all skin (mask, goggles, gloves) and say so (jumpers[].skin_covered: true)"
		case warn:
			k.Status = check.Caution
			k.Detail = "frostbite possible on exposed skin: cover it (and say so: jumpers[].skin_covered: true)"
		}
	}
	if c.SpeedClamped {
		k.Detail += fmt.Sprintf("; the relative wind (%.0f m/s) is beyond the formula's range and was clamped to 60 mph, so the real cooling is stronger", c.MaxAirSpeed)
	}
	if math.IsNaN(c.MinWindChillC) || math.IsInf(c.MinWindChillC, 0) {
		k.Value = "no exposure"
	}
	return k
}
