package physio

import (
	"fmt"
	"math"

	"halo/check"
)

// Suit types.
const (
	FullPressure    = "full-pressure"
	PartialPressure = "partial-pressure"
)

// Check names of the pressure-suit checks.
const (
	CheckArmstrong      = "Armstrong line"
	CheckSuitPrebreathe = "suit prebreathe"
	CheckSuitFailure    = "suit failure"
	CheckSuitCold       = "suit heating"
)

// Suit is a pressure suit. While the ambient pressure is above Pressure the suit
// is vented and the jumper breathes the ambient pressure; above the altitude where
// the ambient falls to it, the suit holds Pressure (absolute): the jumper's
// physiology (tissue N₂, DCS risk, alveolar O₂, TUC, bottle use) is at the suit's
// pressure altitude. A partial-pressure suit is modelled the same way (counter-
// pressure with pressure breathing at the stated pressure).
type Suit struct {
	Type string `json:"type"`
	// Pressure is the absolute pressure the suit holds, Pa (3.5 psi = 24.1 kPa:
	// about 35,000 ft, the Red Bull Stratos suit [RB-F]); 10..60 kPa.
	Pressure float64 `json:"pressure_pa"`
	// Prebreathe is the uninterrupted 100 % O₂ prebreathe the suit's own programme
	// requires before the climb, s; 0: the doctrine row at the suit's pressure
	// altitude (PrebreatheRuleAt).
	Prebreathe float64 `json:"prebreathe_s"`
	// Heated says the suit is heated (visor, gloves, garment); an unheated suit in
	// the stratosphere's −56 °C air (Kittinger saw −70 °C [WEA]) is a caution.
	Heated bool `json:"heated"`
}

// ArmstrongPressure is the ambient pressure (Pa) at which water boils at body
// temperature: its vapour pressure at 37 °C, 47 mmHg (the PH₂O of the alveolar
// gas equation [AGE]). Below it exposed body fluids boil: the Armstrong line.
const ArmstrongPressure = PH2OBody

// ArmstrongAlt returns the altitude of the Armstrong line in the 1976 US Standard
// Atmosphere, m (about 19.2 km, 63,000 ft).
func ArmstrongAlt() float64 { return StandardPressureAltitude(ArmstrongPressure) }

// checkSuit validates a suit.
func checkSuit(s *Suit, groundP float64) error {
	if s == nil {
		return nil
	}
	switch {
	case s.Type != FullPressure && s.Type != PartialPressure:
		return fmt.Errorf("physio: suit.type = %q: use %s or %s", s.Type, FullPressure, PartialPressure)
	case !finite(s.Pressure, s.Prebreathe) || s.Pressure < 10e3 || s.Pressure > 60e3:
		return fmt.Errorf("physio: suit.pressure_pa = %g Pa: give the absolute pressure the suit holds, 10..60 kPa (1.5..8.7 psi)", s.Pressure)
	case s.Pressure >= groundP:
		return fmt.Errorf("physio: suit.pressure_pa = %g Pa is not below the ground's %g Pa", s.Pressure, groundP)
	case s.Prebreathe < 0 || s.Prebreathe > 24*3600:
		return fmt.Errorf("physio: suit.prebreathe_s = %g s: give 0..24 h", s.Prebreathe)
	}
	return nil
}

// wearSuit makes the resolved atmosphere the suit's: the pressure breathed is the
// ambient or the suit's, whichever is higher; the ambient is kept for the failure
// check. A suit with its helmet covers all skin.
func (r *resolved) wearSuit() {
	r.ambientP = r.PressureAt
	if r.Suit == nil {
		return
	}
	amb, ps := r.PressureAt, r.Suit.Pressure
	r.PressureAt = func(z float64) float64 { return math.Max(amb(z), ps) }
	if !r.SkinCovered {
		r.SkinCovered = true
		r.assumptions = append(r.assumptions, "a pressure suit with its helmet covers all skin (frostbite judged on covered skin)")
	}
}

// checkArmstrong: an exposure to ambient pressure above the Armstrong line without
// a pressure suit is never GO; with one, the suit's pressure altitude is shown.
// Only given when the exit is above the line or a suit is worn.
func checkArmstrong(r *resolved) (check.Check, bool) {
	za := ArmstrongAlt()
	if r.Suit == nil && r.ExitAlt <= za {
		return check.Check{}, false
	}
	c := check.Check{Name: CheckArmstrong,
		Source: "water boils at 37 °C below 47 mmHg [AGE]: USSA-76 puts it at " + fmt.Sprintf("%.0f m (%.0f ft)", za, za/ft) + "; FAA AC 61-107 [AC61107]: above it a pressure suit is the only protection"}
	if r.Suit == nil {
		c.Value = fmt.Sprintf("exit at %.0f ft without a pressure suit", r.ExitAlt/ft)
		c.Limit = fmt.Sprintf("no exposure above %.0f ft (the Armstrong line) without a pressure suit", za/ft)
		c = c.Numbers(r.ExitAlt, za, "m", check.AtMost)
		c.Detail = "above the Armstrong line exposed body fluids boil: give the jumper a pressure suit (jumpers[].suit) or exit lower"
		return c, true
	}
	zs := StandardPressureAltitude(r.Suit.Pressure)
	c.Value = fmt.Sprintf("%s suit at %.1f psi: exposure at %.0f ft pressure altitude (exit %.0f ft)", r.Suit.Type, r.Suit.Pressure/6894.757, math.Min(zs, r.ExitAlt)/ft, r.ExitAlt/ft)
	c.Limit = fmt.Sprintf("suit pressure altitude below %.0f ft", za/ft)
	c = c.Numbers(math.Min(zs, r.ExitAlt), za, "m", check.AtMost)
	if c.Status == check.NoGo {
		c.Detail = "the suit holds less than the vapour pressure of body water: raise its pressure"
	}
	return c, true
}

// checkSuitPrebreathe: the uninterrupted prebreathe must reach the suit
// programme's (or, when none is given, the doctrine row's at the suit's pressure
// altitude); short is no-go.
func checkSuitPrebreathe(r *resolved, uninterrupted float64) check.Check {
	need, src := r.Suit.Prebreathe, "the suit's own prebreathe programme (jumpers[].suit.prebreathe)"
	zs := StandardPressureAltitude(r.Suit.Pressure)
	if need == 0 {
		rule, ok := PrebreatheRuleAt(math.Min(zs, r.ExitAlt))
		need, src = math.Inf(1), "no published rule at the suit's pressure altitude: give suit.prebreathe"
		if ok {
			need, src = rule.PrebreatheS, "suit.prebreathe not given: "+rule.Source
		}
	}
	c := check.Check{Name: CheckSuitPrebreathe, Source: src,
		Value: fmt.Sprintf("%s uninterrupted on 100 %% O₂", FormatDuration(uninterrupted)),
		Limit: fmt.Sprintf("at least %s before a suit exposure at %.0f ft", FormatDuration(need), math.Min(zs, r.ExitAlt)/ft)}
	c = c.Numbers(uninterrupted, need, "s", check.AtLeast)
	if c.Status == check.NoGo {
		c.Detail = "the prebreathe is shorter than the suit's programme: lengthen it (oxygen.prebreathe)"
	}
	return c
}

// checkSuitFailure: a suit failure at the worst moment, the exit, leaves the
// jumper at the ambient pressure: the TUC there and the free fall above the
// Armstrong line are shown. It is a caution whenever the exit is above the line
// (no plan removes it; halo has no survival model for it), else go.
func checkSuitFailure(r *resolved) check.Check {
	zAmb := StandardPressureAltitude(r.ambientP(r.ExitAlt))
	tuc, _, _ := TUC(zAmb / ft)
	za := ArmstrongAlt()
	above := 0.0
	if r.ExitAlt > za {
		above = r.FreefallTime // a fall that never reaches the line
		for _, p := range r.Freefall {
			if p.Alt <= za {
				above = p.T
				break
			}
		}
		if len(r.Freefall) == 0 {
			above = r.FreefallTime * (r.ExitAlt - za) / (r.ExitAlt - r.OpenAlt)
		}
	}
	c := check.Check{Name: CheckSuitFailure, Status: check.Go,
		Value:  fmt.Sprintf("at the exit (%.0f ft ambient): TUC %s; %s of free fall above the Armstrong line", zAmb/ft, FormatDuration(tuc), FormatDuration(above)),
		Limit:  "a suit failure is survivable only by descent below the Armstrong line within the TUC",
		Source: "FAA AC 61-107 Table 1-1 [AC61107] (TUC, lower bound); Armstrong line: 47 mmHg [AGE]"}
	if above > 0 {
		c.Status = check.Caution
		c.Detail = "a suit failure near the exit leaves the jumper above the Armstrong line far longer than the TUC: halo cannot plan around it; inspect and pressure-test the suit and rehearse the failure drill"
	}
	return c
}

// checkSuitCold: the coldest air of the exposure against the suit's heating (an
// input): an unheated suit below 0 °C is a caution (halo has no model of a suit's
// heat loss); a heated suit is go.
func checkSuitCold(r *resolved, minTempK float64) check.Check {
	tc := minTempK - 273.15
	c := check.Check{Name: CheckSuitCold, Status: check.Go,
		Value:  fmt.Sprintf("coldest air %.0f °C; suit heated: %v", tc, r.Suit.Heated),
		Limit:  "a heated suit (jumpers[].suit.heated) below 0 °C",
		Source: "the mission's suit; coldest air from the atmosphere (Excelsior III saw −70 °C [WEA])"}
	if !r.Suit.Heated && tc < 0 {
		c.Status = check.Caution
		c.Detail = "an unheated suit in air this cold: halo has no model of a suit's heat loss; heat the visor and gloves, or say the suit is heated (jumpers[].suit.heated)"
	}
	return c
}
