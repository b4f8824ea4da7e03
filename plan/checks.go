package plan

import (
	"fmt"
	"math"

	"halo/check"
	"halo/mission"
	"halo/units"
	"halo/wind"
)

func ft(m float64) string { return fmt.Sprintf("%.0f ft (%.0f m)", m/units.Foot, m) }
func kt(v float64) string { return fmt.Sprintf("%.1f kt (%.1f m/s)", v/units.Knot, v) }

func (s *solver) checks(l *layout, p *Plan) []check.Check {
	m := s.m
	lim := m.Limits
	var cs []check.Check
	add := func(c check.Check) { cs = append(cs, c) }
	g := m.Target.Elevation

	// winds: source, age and coverage [halo-winds-coverage]
	switch {
	case s.env.NoWinds:
		add(check.Check{Name: "winds", Status: check.NoGo, Value: "none given", Limit: "a forecast or measured wind profile",
			Source: "halo rule: a plan on no winds is not a plan [halo-winds-coverage]", Detail: "give winds: layers or a winds file (FB, sounding, GSL)"})
	case s.env.Wind.Calm():
		add(check.Check{Name: "winds", Status: check.Caution, Value: "every layer calm", Limit: "a real wind profile",
			Source: "halo rule: zero winds must not pass silently [halo-winds-coverage]", Detail: "check that calm is really forecast"})
	}
	if !s.env.NoWinds {
		add(s.windsAge(p))
		cs = append(cs, s.windsCoverage()...)
	}
	// surface wind, from a report near the ground only
	w := s.env.Wind
	us, vs := w.At(g)
	sw := math.Hypot(us, vs)
	srcSurface := "limits.max_surface_wind (default: T-10 15 mph; [T10]; USPA student 14 mph [USPA-BSR])"
	if low := w.Bottom() - g; !s.env.NoWinds && low > wind.MaxSurfaceReportAGL {
		add(check.Check{Name: "surface wind", Value: fmt.Sprintf("no surface wind: the lowest wind report is %s above the ground", ft(low)),
			Limit: "a report within " + ft(wind.MaxSurfaceReportAGL) + " of the ground", Source: srcSurface + "; surface winds are observed 10 m above the ground [WMO-8] [halo-winds-coverage]",
			Detail: "no surface wind: the winds start " + ft(low) + " above the ground; give the drop zone's observed surface wind as winds.surface: {from, speed}"}.
			Numbers(low, wind.MaxSurfaceReportAGL, "m", check.AtMost))
	} else {
		add(check.Check{Name: "surface wind", Value: kt(sw), Limit: "≤ " + kt(lim.MaxSurfaceWind),
			Source: srcSurface, Detail: "surface wind above the canopy limit"}.Numbers(sw, lim.MaxSurfaceWind, "m/s", check.AtMost))
	}
	if math.IsNaN(m.Winds.Gust) {
		add(check.Check{Name: "surface gusts", Status: check.Caution, Value: "not given", Limit: "≤ " + kt(lim.MaxGust), Source: "limits.max_gust",
			Detail: "give winds.gust from the surface forecast"})
	} else {
		add(check.Check{Name: "surface gusts", Value: kt(m.Winds.Gust), Limit: "≤ " + kt(lim.MaxGust),
			Source: "limits.max_gust", Detail: "gusts above the limit"}.Numbers(m.Winds.Gust, lim.MaxGust, "m/s", check.AtMost))
	}
	ux, vx := w.At(s.zx)
	wx := math.Hypot(ux, vx)
	add(check.Check{Name: "wind at exit altitude", Value: kt(wx), Limit: "≤ " + kt(lim.MaxExitWind),
		Source: "limits.max_exit_wind (aircraft exit limit)", Detail: "wind at exit altitude above the aircraft's limit"}.Numbers(wx, lim.MaxExitWind, "m/s", check.AtMost))
	if !m.Aircraft.Balloon && !m.Aircraft.Hover {
		// an aircraft slower than the wind flies backwards over the ground on its
		// run: the heading and the track are opposite, the run is no run
		tas := TAS(m, s.env.Flight.Atm)
		if l.stalled {
			add(check.Check{Name: "jump run ground speed", Value: fmt.Sprintf("%.1f m/s over the ground at exit", l.stalledGS), Limit: "≥ 1 m/s",
				Source: "halo rule: a jump run moves forward over the ground [halo-winds-coverage]",
				Detail: "the wind at exit altitude stops the aircraft on its heading: there is no jump run; fly faster, lower or another day"}.
				Numbers(l.stalledGS, 1, "m/s", check.AtLeast))
		}
		add(check.Check{Name: "airspeed vs exit wind", Value: fmt.Sprintf("true airspeed %s, wind at exit %s", kt(tas), kt(wx)),
			Limit: "true airspeed above the wind at exit", Source: "halo rule: a jump run moves forward over the ground [halo-winds-coverage]",
			Detail: "the wind at exit altitude is stronger than the aircraft's true airspeed: it would fly backwards on the run; fly faster, lower or another day"}.
			Numbers(tas-wx, 0, "m/s", check.AtLeast))
	}
	if !math.IsNaN(lim.MinTempC) {
		// limits.min_temperature is a no-go limit like every limit [halo-verdict]:
		// the coldest air from the ground to the exit
		cold, at := math.Inf(1), g
		for z := g; ; z = math.Min(z+50, s.zx) {
			if tz := s.env.Flight.Atm.At(z).T; tz < cold {
				cold, at = tz, z
			}
			if z >= s.zx {
				break
			}
		}
		add(check.Check{Name: "air temperature", Value: fmt.Sprintf("coldest %.1f °C at %s MSL", cold-units.ZeroCelsius, ft(at)),
			Limit: fmt.Sprintf("≥ %.1f °C", lim.MinTempC-units.ZeroCelsius), Source: "limits.min_temperature [halo-verdict]",
			Detail: "the air on the jump is colder than the mission's limit"}.Numbers(cold, lim.MinTempC, "K", check.AtLeast))
	}
	if c, ok := s.releasePointCheck(l); ok {
		add(c)
	}

	for _, jp := range p.Jumpers {
		j := m.Jumper(jp.Name)
		r := jp.Result
		if jp.Impact {
			add(check.Check{Name: jp.Name + ": ground impact", Status: check.NoGo, Value: fmt.Sprintf("reaches the ground at %.0f m/s before the canopy is open", r.Land.Speed),
				Limit: "canopy open above the ground", Source: "simulation", Detail: "the planned opening is too low (or too late) for the deployment to finish"})
		}
		if r.DeployLossUnreachable {
			lo, hi := r.DeployLossRange[0], r.DeployLossRange[1]
			c := check.Check{Name: jp.Name + ": deployment loss", Value: fmt.Sprintf("canopy.deploy_loss %s in %.1f s", ft(j.Canopy.DeployLoss), j.Canopy.DeployTime),
				Limit: fmt.Sprintf("between %s and %s at the planned deployment speed", ft(lo), ft(hi)), Source: "canopy figures (deploy_time, deploy_loss, sink) [halo-flight]",
				Detail: "the canopy's stated height loss cannot be lost in its deploy_time from the speed at deployment: the canopy figures contradict each other; correct deploy_loss or deploy_time"}
			if j.Canopy.DeployLoss < lo {
				c = c.Numbers(j.Canopy.DeployLoss, lo, "m", check.AtLeast)
			} else {
				c = c.Numbers(j.Canopy.DeployLoss, hi, "m", check.AtMost)
			}
			add(c)
		}
		minOpen := m.MinOpenFor(j)
		// the simulator locates the deployment on its interpolant: a jumper planned
		// exactly at the minimum deploys a micrometre either side of it
		add(check.Check{Name: jp.Name + ": opening altitude", Value: ft(jp.OpenAltAGLM) + " AGL",
			Limit: "≥ " + ft(minOpen) + " AGL", Source: "limits.min_open (default USPA BSR 2-1.I [USPA-BSR]: C/D licence 2,000 ft)",
			Detail: "deployment below the minimum opening altitude"}.Numbers(jp.OpenAltAGLM+1e-6, minOpen, "m", check.AtLeast))
		fj := &l.jumps[indexOf(m, jp.Name)]
		aad := fj.AADAlt
		st := check.Go
		det := ""
		// limits.aad_margin is a limit: a canopy open less than the margin above the
		// AAD's activation altitude is no-go [halo-verdict]
		ac := check.Check{Name: jp.Name + ": AAD", Value: fmt.Sprintf("canopy open at %s AGL; AAD fires: %v", ft(jp.CanopyOpenAGL), r.AADFire),
			Limit: fmt.Sprintf("open ≥ AAD %s + margin %s", ft(aad), ft(lim.AADMargin)), Source: "CYPRES Expert 750 ft / 35 m/s [CYPRES]; Airtec: main open ≥ 1,000 ft above the AAD [CYPRES]; limits.aad_margin"}.
			Numbers(jp.CanopyOpenAGL, aad+lim.AADMargin, "m", check.AtLeast)
		switch {
		case r.AADFire:
			st, det = check.NoGo, fmt.Sprintf("the AAD fires at %s AGL: the jumper is still above %.0f m/s there", ft(r.AADEvent.Alt-g), fj.AADSpeed)
		case ac.Fails():
			st, det = check.NoGo, "canopy opens less than the margin above the AAD activation altitude: plan a higher opening"
		}
		ac.Detail = det
		if st == check.NoGo {
			ac.Status = st
		}
		add(ac)
		add(aadFiringCheck(m, j, jp, fj.AADAlt))
		add(check.Check{Name: jp.Name + ": landing", Value: fmt.Sprintf("%.1f m from the target (simulated)", jp.LandingErrorM),
			Limit: fmt.Sprintf("≤ %.0f m (target radius)", m.Target.Radius), Source: "target.radius", Detail: "the simulated landing is outside the target circle"}.
			Numbers(jp.LandingErrorM, m.Target.Radius, "m", check.AtMost))
		if c, ok := s.windAtOpeningCheck(j, jp); ok {
			add(c)
		}
		if jp.CanopyBackward {
			add(check.Check{Name: jp.Name + ": canopy vs wind", Status: check.Caution, Value: "wind stronger than the canopy's airspeed on final",
				Limit: "canopy penetrates the wind", Source: "halo rule: a canopy slower than the wind goes backwards on final [halo-flight]", Detail: "the canopy goes backwards on final: land facing the wind, expect to drift"})
		}
	}
	// separation: the same-time distance at each canopy opening, and the closest
	// approach of a falling jumper to an open canopy
	for _, pr := range p.Stick.Pairs {
		at := math.Hypot(pr.AtOpenM, pr.AtOpenVertM)
		add(check.Check{Name: "separation " + pr.A + "/" + pr.B,
			Value: fmt.Sprintf("%.0f m apart at opening (%.0f m horizontal, %.0f m vertical at that moment)", at, pr.AtOpenM, pr.AtOpenVertM),
			Limit: fmt.Sprintf("≥ %.0f m", lim.MinSeparation), Source: p.Stick.Source, Detail: "jumpers too close at opening: lengthen the exit interval or the break-off"}.
			Numbers(at, lim.MinSeparation, "m", check.AtLeast))
		if !math.IsInf(pr.MinMixedM, 1) {
			add(check.Check{Name: "canopy clearance " + pr.A + "/" + pr.B,
				Value: fmt.Sprintf("a falling jumper passes %.0f m from an open canopy", pr.MinMixedM), Limit: fmt.Sprintf("≥ %.0f m", lim.MinSeparation),
				Source: p.Stick.Source, Detail: "a jumper in free fall passes close to an open canopy: separate the exits or the openings more"}.
				Numbers(pr.MinMixedM, lim.MinSeparation, "m", check.AtLeast))
		}
	}
	for _, c := range groupChecks(s.m, p) {
		add(c)
	}
	if c := p.Camera; c != nil {
		d := math.Abs(c.CdAChange)
		st := check.Go
		switch {
		case !(d <= 0.25): // NaN fails too
			st = check.NoGo
		case d > 0.10:
			st = check.Caution
		}
		fix := fmt.Sprintf("change drag to %.2f m² (%+.0f%%)", c.MatchedCdAM2, 100*c.CdAChange)
		if c.WeightToAddKg > 0 {
			fix += fmt.Sprintf(" or add %.1f kg", c.WeightToAddKg)
		} else {
			fix += fmt.Sprintf(" (the camera flyer is %.1f kg too heavy for the planned drag)", -c.WeightToAddKg)
		}
		add(s.cameraInFrameCheck(c, p))
		cc := check.Check{Name: "camera fall-rate match", Value: fmt.Sprintf("planned CdA %.2f m², matched %.2f m² (%+.0f%%)", c.PlannedCdAM2, c.MatchedCdAM2, 100*c.CdAChange),
			Limit: "within ±10% (go), ±25% (caution)", Source: "halo rule: a belly flyer can vary drag about ±10% by posture, ±25% with suit and weights", Detail: fix}.
			Numbers(d, 0.25, "1", check.AtMost)
		if cc.Status == check.Go {
			cc.Status = st
		}
		add(cc)
	}
	// airspace
	if a := p.Airspace; a != nil {
		add(check.Check{Name: "airspace", Value: fmt.Sprintf("closest approach %.0f m to %s", a.ClosestM, a.ClosestArea),
			Limit: fmt.Sprintf("≥ %.0f m (turn-away margin)", a.MarginM), Source: "limits.turn_margin; 14 CFR 105.25 / national airspace rules", Detail: a.Note}.
			Numbers(a.ClosestM, a.MarginM, "m", check.AtLeast))
	}
	// light window
	if m.Light != nil {
		if len(p.Sun) == 0 {
			add(check.Check{Name: "light window", Status: check.Caution, Value: "no clock time (no schedule.takeoff)", Limit: fmt.Sprintf("sun %.1f°..%.1f°", m.Light.SunMin, m.Light.SunMax),
				Source: "light.sun_elevation", Detail: "give schedule.takeoff to check the light"})
		} else {
			el := p.Sun[0].ElevationDeg
			st := check.Go
			if el < m.Light.SunMin || el > m.Light.SunMax {
				st = check.Caution
			}
			add(check.Check{Name: "light window", Status: st, Value: fmt.Sprintf("sun %.1f° at the green light", el), Limit: fmt.Sprintf("%.1f°..%.1f°", m.Light.SunMin, m.Light.SunMax),
				Source: "light.sun_elevation; sun position: Meeus ch. 25 / NREL SPA refraction", Detail: "move the takeoff time to bring the exit into the light window"})
		}
	}
	cs = append(cs, s.nightChecks(p)...)
	// the doctrinal HARP puts the opening point at the canopy's upwind reach, the
	// simulator where its hands-off canopy is over the target at the safety
	// factor: they differ by up to the sheet's
	// canopy drift by design; beyond that plus 1 km one of them is wrong (a
	// cross-check, so a caution: the simulator's release point is the plan)
	hmLimit := 1000 + p.HandMethod.CanopyDriftM
	st := check.Go
	if !(p.HandMethod.DifferenceM <= hmLimit) {
		st = check.Caution
	}
	add(check.Check{Name: "hand-method cross-check", Status: st, Value: fmt.Sprintf("%.0f m between the simulator's release point and the doctrinal HARP", p.HandMethod.DifferenceM),
		Limit: fmt.Sprintf("≤ %.0f m (1 km + the sheet's canopy drift)", hmLimit), Source: p.HandMethod.Source, Detail: "the HARP sheet and the simulator disagree beyond their known difference: check the winds, the canopy figures and the drag"})
	if !(p.GreenLight.DurationS > 0) {
		d := fmt.Sprintf("no exit point on the run reaches the target with the %.0f m dispersion margin at both ends (limits.canopy_dispersion [ATP3-18.11])", p.GreenLight.DispersionM)
		if p.GreenLight.Hover {
			d = "from the hover point the stick does not all land in the target circle: move the hover point"
		}
		add(check.Check{Name: "green light", Status: check.NoGo, Value: "no window", Limit: "> 0 s", Source: "halo", Detail: d})
	}
	return cs
}

// indexOf returns the index of the jumper named name in the mission.
func indexOf(m *mission.Mission, name string) int {
	for i := range m.Jumpers {
		if m.Jumpers[i].Name == name {
			return i
		}
	}
	return -1
}
