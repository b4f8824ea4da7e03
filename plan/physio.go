package plan

import (
	"fmt"
	"math"

	"halo/check"
	"halo/mission"
	"halo/physio"
	"halo/units"
)

// PhysioJumper is one jumper's physiology assessment inside a plan.
type PhysioJumper struct {
	Jumper string        `json:"jumper"`
	Result physio.Result `json:"result"`
}

// PhysioInput builds the physiology input of a mission's jumper from the plan's
// simulated jump (free-fall trajectory, opening altitude) and the atmosphere.
func PhysioInput(m *mission.Mission, e *Env, jp *JumperPlan, trace []struct{ T, Z, Air float64 }) physio.Input {
	j := m.Jumper(jp.Name)
	o := m.Oxygen
	atm := e.Flight.Atm
	maxRisk := m.Limits.MaxDCSRisk // a zero limit is a limit [halo-verdict]
	floor := o.BottleFloor
	in := physio.Input{
		JumpType:       physio.JumpType(m.Type),
		BottleFloor:    &floor,
		NoConsoleO2:    !o.Console,
		TimeToBottle:   o.TimeToBottle,
		SkinCovered:    j.SkinCovered,
		GroundAlt:      m.Aircraft.TakeoffElevation,
		Prebreathe:     o.Prebreathe,
		ClimbRate:      m.Aircraft.ClimbRate,
		ExitAlt:        m.Aircraft.Altitude,
		TimeAtAltitude: o.TimeAtAltitude,
		FreefallTime:   jp.FreefallS,
		OpenAlt:        jp.Result.Open.Alt,
		CanopySink:     j.Canopy.Sink,
		CanopyTime:     jp.Result.Land.T - jp.FreefallS, // deployment included: the profile's free fall ends at the deployment
		// relative wind under canopy: the canopy's own forward speed and sink
		CanopyAirSpeed: math.Hypot(j.Canopy.Airspeed, j.Canopy.Sink),
		SwitchToBottle: o.BottleSwitch,
		DoorOpen:       m.Schedule.DoorOpen,
		TempAt:         func(z float64) float64 { return atm.At(z).T },
		PressureAt:     func(z float64) float64 { return atm.At(z).P },
		Limits:         physio.Limits{MaxDCSRisk: &maxRisk},
	}
	// physio reads a zero as "unset" (its default); in a mission a zero the user
	// wrote is a value [halo-verdict]: pass the nearest nonzero instead (1 ns, 1 nm)
	in.SwitchToBottle, in.DoorOpen = explicit(in.SwitchToBottle), explicit(in.DoorOpen)
	if o.PrebreatheAt == "cabin" {
		in.PrebreatheAlt = o.PrebreatheAlt
	}
	if !m.Aircraft.Unpressurized && !math.IsNaN(m.Aircraft.CabinAlt) {
		in.CabinAlt = explicit(m.Aircraft.CabinAlt) // 0: a sea-level cabin, not unpressurised
	}
	if s := j.Suit; s != nil {
		in.Suit = &physio.Suit{Type: s.Type, Pressure: s.Pressure, Heated: s.Heated}
		if !math.IsNaN(s.Prebreathe) {
			in.Suit.Prebreathe = explicit(s.Prebreathe)
		}
	}
	for _, b := range o.Breaks {
		in.AirBreaks = append(in.AirBreaks, physio.Break{At: b.At, Duration: b.Duration})
	}
	if !math.IsNaN(o.BottleVolume) {
		in.BottleVolume, in.BottlePressure = o.BottleVolume, o.BottlePressure
	}
	if !math.IsNaN(o.BreathingRate) {
		in.BreathingRate = o.BreathingRate * 60 / units.Litre // L/min BTPS
	}
	for _, p := range trace {
		in.Freefall = append(in.Freefall, physio.FallPoint{T: p.T, Alt: p.Z, AirSpeed: p.Air})
	}
	return in
}

// explicit returns v, or 1e-9 for a zero, so that physio does not take a zero
// the mission gives for "not given".
func explicit(v float64) float64 {
	if v == 0 {
		return 1e-9
	}
	return v
}

// physiology assesses every jumper and returns the results and their checks,
// each check named for its jumper.
func (s *solver) physiology(p *Plan) ([]PhysioJumper, error) {
	var out []PhysioJumper
	seen := map[string]bool{}
	for k := range p.Jumpers {
		jp := &p.Jumpers[k]
		if jp.Impact {
			s.asm = append(s.asm, fmt.Sprintf("physiology of %s not assessed: the simulated jump reaches the ground before the canopy opens (NO-GO)", jp.Name))
			continue
		}
		var tr []struct{ T, Z, Air float64 }
		for _, x := range p.Traces[k] {
			if x.T > jp.FreefallS {
				break
			}
			_, a := s.env.Flight.Atm.DensitySound(x.Z)
			tr = append(tr, struct{ T, Z, Air float64 }{x.T, x.Z, x.Mach * a})
		}
		// the trace ends just before deployment: close it at the deployment point
		if n := len(tr); n == 0 || tr[n-1].T < jp.FreefallS {
			r := jp.Result
			tr = append(tr, struct{ T, Z, Air float64 }{jp.FreefallS, r.Deploy.Alt, r.Deploy.Speed})
		}
		in := PhysioInput(s.m, s.env, jp, tr)
		res, err := physio.Assess(in)
		if err != nil {
			// a jump the physiology cannot assess still flies: `halo sim` and the
			// Monte Carlo never depend on it; the plan is NO-GO with the reason
			// (the check joins the plan's through the result, as every physio check does)
			c := check.Check{Name: jp.Name + ": physiology", Status: check.NoGo,
				Value: "not assessed", Limit: "an assessed exposure", Source: "physio package [halo-verdict]",
				Detail: err.Error() + ": the physiology of this jump is unknown, so it cannot be GO"}
			out = append(out, PhysioJumper{Jumper: jp.Name, Result: physio.Result{Checks: []check.Check{c}}})
			continue
		}
		for i := range res.Checks {
			res.Checks[i].Name = jp.Name + ": " + res.Checks[i].Name
		}
		// physio's own defaults (depressurisation rate, bottle reserve, PaCO₂, ...) show
		// under ASSUMPTIONS AND DEFAULTS too, once for the whole plan
		for _, a := range res.Assumptions {
			if t := "physiology: " + a; !seen[t] {
				seen[t] = true
				s.asm = append(s.asm, t)
			}
		}
		out = append(out, PhysioJumper{Jumper: jp.Name, Result: res})
	}
	return out, nil
}

// PhysioFor returns the physiology of the named jumper (the first when name is ""),
// as `halo physio` and POST /api/physio report it.
func (p *Plan) PhysioFor(name string) (PhysioJumper, error) {
	for _, ph := range p.Physio {
		if name == "" || ph.Jumper == name {
			return ph, nil
		}
	}
	return PhysioJumper{}, fmt.Errorf("no jumper named %q in mission %s", name, p.Mission)
}
