package plan

import (
	"fmt"
	"math"
	"strings"

	"halo/check"
	"halo/mission"
	"halo/units"
)

// aadFiringCheck judges where jumper j's AAD fires (fire, m above the landing
// ground): an AAD that would fire below the landing ground never fires, one that
// fires above the planned opening fires in free fall before the pull. Both are
// NO-GO; the numbers are on the side nearer to failing.
func aadFiringCheck(m *mission.Mission, j *mission.Jumper, jp JumperPlan, fire float64) check.Check {
	ground, basis := m.AADGround(j)
	deploy := jp.OpenAltAGLM
	fix := "Lower the AAD's activation altitude (aad.altitude) or open higher."
	if d := m.Target.Elevation - m.Aircraft.TakeoffElevation; ground != m.Target.Elevation {
		fix = fmt.Sprintf("Switch the AAD on at the drop zone (aad.armed_at: target) or set its altitude offset to %+.0f m (%+.0f ft) (aad.offset).", d, d/units.Foot)
	}
	c := check.Check{Name: jp.Name + ": AAD firing altitude",
		Value: fmt.Sprintf("fires %s the landing ground (%s, its ground %s MSL)", aboveBelow(fire), basis, ft(ground)),
		Limit: fmt.Sprintf("between the landing ground (0 ft AGL) and the planned opening (%s AGL)", ft(deploy)),
		Source: "[CYPRES]: the activation altitude is measured from the ground where the AAD was switched on, plus its altitude offset; " +
			"limits.aad_altitude / jumpers[].aad.altitude"}
	if fire < 0 || (fire <= deploy && fire < deploy-fire) || math.IsNaN(deploy) {
		c = c.Numbers(fire, 0, "m", check.AtLeast)
		c.Detail = fmt.Sprintf("the AAD would fire %s below the landing ground: it never fires. %s", ft(-fire), fix)
	} else {
		c = c.Numbers(fire, deploy, "m", check.AtMost)
		c.Detail = fmt.Sprintf("the AAD would fire at %s AGL, above the planned opening at %s AGL: it fires in free fall before the pull. %s", ft(fire), ft(deploy), fix)
	}
	if c.Status == check.Go {
		c.Detail = ""
	}
	return c
}

// aboveBelow says "h above" or "h below" for a height h (m) over the ground.
func aboveBelow(h float64) string {
	if h < 0 {
		return ft(-h) + " below"
	}
	return ft(h) + " above"
}

// windAtOpeningCheck compares the wind where jumper j's canopy opens with the
// canopy's true airspeed there (its sea-level airspeed scaled by sqrt(ρ0/ρ)): a
// stronger wind means the canopy backs up from opening on. That is a caution, not a
// no-go: the release point already allows for the drift and the landing check
// judges where the canopy lands. Its number is the canopy's airspeed as a multiple
// of the wind (below 1: it backs up); its no-go bound is 0 (none). No check for a
// canopy without forward speed (a round canopy drifts by design).
func (s *solver) windAtOpeningCheck(j *mission.Jumper, jp JumperPlan) (check.Check, bool) {
	if !(j.Canopy.Airspeed > 0) || jp.Impact {
		return check.Check{}, false
	}
	z := jp.Result.Open.Alt
	u, v := s.env.Wind.At(z)
	w := math.Hypot(u, v)
	va := j.Canopy.Airspeed * s.env.Flight.Atm.Sigma(z)
	ratio := 99.0 // calm: as good as it gets
	if w > va/99 {
		ratio = va / w
	}
	c := check.Check{Name: jp.Name + ": wind at opening",
		Value:  fmt.Sprintf("wind %s at the opening (%s AGL), canopy airspeed %s there (%.2f× the wind)", kt(w), ft(jp.CanopyOpenAGL), kt(va), ratio),
		Limit:  "canopy airspeed ≥ the wind (caution below; no no-go limit: the landing check judges the drift)",
		Source: "[USPA-SIM] canopy flight in winds stronger than the canopy's forward speed; canopy true airspeed scaled by sqrt(ρ0/ρ)"}.
		Numbers(ratio, 0, "1", check.AtLeast)
	if ratio < 1 {
		c.Status = check.Caution
		c.Detail = fmt.Sprintf("the canopy backs up at %s from opening on (wind %s against %s of airspeed): the planned opening point relies on that drift, and an opening off it cannot be flown back upwind; brief it, consider a higher-performance canopy or a lower opening", kt(w-va), kt(w), kt(va))
	}
	return c, true
}

// cameraInFrameCheck: the camera flyer within limits.camera_within of the talent
// for less than limits.camera_in_frame of the filmable free fall (exit to
// break-off) is a caution with the fix. The footage is not a safety matter: the
// mission's share is a caution threshold, and the check's no-go bound is 0 (none).
func (s *solver) cameraInFrameCheck(c *Camera, p *Plan) check.Check {
	lim := s.m.Limits.CameraInFrame
	k := check.Check{Name: "camera in frame",
		Value:  fmt.Sprintf("%s within %.0f m of %s for %.0f of %.0f s of filmable free fall (%.0f%%)", c.Name, c.WithinM, c.Talent, c.WithinS, c.FilmableS, 100*c.WithinFrac),
		Limit:  fmt.Sprintf("≥ %.0f%% (limits.camera_in_frame; below: caution, never a no-go)", 100*lim),
		Source: "[halo-camera] limits.camera_in_frame, limits.camera_within"}.
		Numbers(c.WithinFrac, 0, "1", check.AtLeast)
	if c.WithinFrac >= lim {
		return k
	}
	k.Status = check.Caution
	var lag float64
	for _, jp := range p.Jumpers {
		switch jp.Name {
		case c.Name:
			lag += jp.ExitOffsetS
		case c.Talent:
			lag -= jp.ExitOffsetS
		}
	}
	var fix []string
	if math.Abs(lag) >= 0.25 {
		who := "after"
		if lag < 0 {
			who = "before"
		}
		fix = append(fix, fmt.Sprintf("exit closer to %s (the camera now leaves %.1f s %s and comes no closer than %.0f m)", c.Talent, math.Abs(lag), who, closest(c)))
	}
	if lag > 0 || c.CdAChange < 0 {
		fix = append(fix, fmt.Sprintf("fly with less drag than the matched %.2f m² to close the gap from above, then match (planned %.2f m²)", c.MatchedCdAM2, c.PlannedCdAM2))
	} else {
		fix = append(fix, fmt.Sprintf("fly with more drag than the matched %.2f m² to close the gap from below, then match (planned %.2f m²)", c.MatchedCdAM2, c.PlannedCdAM2))
	}
	k.Detail = strings.Join(fix, "; ")
	return k
}

// closest is the camera flyer's closest 3-D approach to the talent over the
// filmable free fall, m.
func closest(c *Camera) float64 {
	d := math.Inf(1)
	t0 := math.Inf(1)
	for _, x := range c.Series {
		t0 = math.Min(t0, x.T)
	}
	for _, x := range c.Series {
		if x.T-t0 <= c.FilmableS {
			d = math.Min(d, math.Hypot(x.HorizM, x.VertM))
		}
	}
	return d
}

// NightSunDeg is the sun elevation below which a jump is a night jump: the end of
// civil twilight, the sun 6° below the horizon [14CFR1] (night: from the end of
// evening civil twilight to the beginning of morning civil twilight).
const NightSunDeg = -6.0

// nightChecks applies the night-jump rules when the sun is below NightSunDeg at any
// moment of the jump the plan follows (green light, opening, landing): each item
// the mission does not state in its night section is a NO-GO. Without a clock time
// there is no sun: the rules then apply when the mission has a night section, and
// not otherwise (the timeline says under the assumptions that there is no sun).
func (s *solver) nightChecks(p *Plan) []check.Check {
	n := s.m.Night
	var when string
	if len(p.Sun) == 0 {
		if n == nil {
			return nil
		}
		// no clock time, but the mission has a night section: a night jump
		when = "the mission's night section; no schedule.takeoff to place the sun"
	} else {
		low := p.Sun[0]
		for _, x := range p.Sun[1:] {
			if x.ElevationDeg < low.ElevationDeg {
				low = x
			}
		}
		if !(low.ElevationDeg < NightSunDeg) {
			return nil
		}
		when = fmt.Sprintf("sun %.1f° at the %s (%s, %s)", low.ElevationDeg, low.Where, low.Event, low.Time)
	}
	if n == nil {
		n = &mission.Night{}
	}
	items := []struct {
		name, key string
		done      bool
		rule, src string
	}{
		{"jumper lights", "lights", n.Lights, "each jumper displays a light visible for at least 3 statute miles from canopy opening to landing",
			"[14CFR105] 105.19; [USPA-BSR] night jumps; [ATP3-18.11] night MFF operations"},
		{"lighted altimeters", "altimeters", n.Altimeters, "each jumper's altimeter can be read in the dark (lighted or illuminated)",
			"[USPA-SIM] night jumps; [ATP3-18.11] night MFF equipment"},
		{"night procedures briefed", "briefed", n.Briefed, "every jumper briefed on the night procedures (spotting, lights, canopy traffic, landing, lost jumper)",
			"[USPA-SIM] night jumps; [ATP3-18.11] night MFF operations"},
		{"landing area lit", "landing_area_lit", n.LandingAreaLit, "the landing area marked with lights",
			"[USPA-SIM] night jumps; [ATP3-18.11] night drop-zone markings"},
	}
	var cs []check.Check
	for _, it := range items {
		v, state := 0.0, "not stated"
		if it.done {
			v, state = 1, "stated"
		}
		c := check.Check{Name: "night: " + it.name, Value: fmt.Sprintf("%s (%s)", state, when),
			Limit: "stated in the mission (night." + it.key + ": true): " + it.rule, Source: it.src + "; night: sun below -6° (end of civil twilight)"}.
			Numbers(v, 1, "1", check.AtLeast)
		if c.Status != check.Go {
			c.Detail = fmt.Sprintf("a night jump (%s): %s, then state night.%s: true", when, it.rule, it.key)
		}
		cs = append(cs, c)
	}
	return cs
}
