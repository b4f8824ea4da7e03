package mission

import (
	"math"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"halo/units"
)

// Canopy defaults, with sources ([CANOPY-SPORT], [T10]).
const (
	DefaultCanopyAirspeed = 20.8 * units.Knot          // MC-4 forward speed used in the MFF drift formula [MFFJM]
	DefaultCanopySink     = 1000 * units.FootPerMinute // ~1,000 ft/min typical sport ram-air descent (secondary, C.3)
	DefaultRoundSink      = 22 * units.Foot            // T-10 22-24 ft/s (C.3)
	DefaultDeployTime     = 3.0                        // s, ram-air deployment 2.5-3 s (Britannica, secondary, C.3)
	DefaultFinal          = 300 * units.Foot           // final approach into the wind from 300 ft AGL (sport pattern practice)
)

func (d *decoder) defaults(m *Mission) {
	if math.IsNaN(m.Target.Radius) {
		m.Target.Radius = 50
		d.assume("target.radius not given: 50 m")
	}
	a := &m.Aircraft
	if math.IsNaN(a.HeadingDeg) && !a.HeadingAuto {
		a.HeadingAuto = true
		d.assume("aircraft.heading not given: auto (into the wind at exit altitude)")
	}
	if math.IsNaN(a.ClimbRate) {
		a.ClimbRate = 1500 * units.FootPerMinute
		d.assume("aircraft.climb_rate not given: 1500 ft/min")
	}
	if math.IsNaN(a.CabinAlt) && !a.Unpressurized {
		a.Unpressurized = true
		d.assume("aircraft.cabin not given: unpressurized (the cabin climbs with the aircraft)")
	}
	if math.IsNaN(a.TakeoffElevation) {
		a.TakeoffElevation = m.Target.Elevation
		d.assume("aircraft.takeoff_elevation not given: the target's elevation")
	}
	if math.IsNaN(m.Schedule.DoorOpen) {
		m.Schedule.DoorOpen = DefaultDoorOpen
		d.assume("schedule.door_open not given: 2 min before the first exit")
	}
	for i := range m.Jumpers {
		j := &m.Jumpers[i]
		c := &j.Canopy
		p := "jumpers[" + itoa(i) + "].canopy"
		if c.Type == "" {
			c.Type = "ram-air"
			d.assume("%s.type not given: ram-air", p)
		}
		if math.IsNaN(c.Airspeed) {
			if c.Type == "round" {
				c.Airspeed = 0
			} else {
				c.Airspeed = DefaultCanopyAirspeed
				d.assume("%s.airspeed not given: 20.8 kt (MC-4, ATP 3-18.11 drift formula)", p)
			}
		}
		if math.IsNaN(c.Sink) {
			if c.Type == "round" {
				c.Sink = DefaultRoundSink
				d.assume("%s.sink not given: 22 ft/s (T-10 round)", p)
			} else {
				c.Sink = DefaultCanopySink
				d.assume("%s.sink not given: 1000 ft/min (typical ram-air)", p)
			}
		}
		if math.IsNaN(c.DeployTime) {
			c.DeployTime = DefaultDeployTime
			d.assume("%s.deploy_time not given: 3 s (ram-air 2.5-3 s)", p)
		}
		if math.IsNaN(c.Final) {
			c.Final = DefaultFinal
			if c.Type == "ram-air" {
				d.assume("%s.final not given: final approach into the wind from 300 ft AGL", p)
			}
		}
		if !j.ExitDelayGiven {
			j.ExitDelay = math.NaN() // the planner chooses the interval
		}
	}
	if m.Type == "" {
		m.Type = DefaultType
		d.assume("type not given: military free fall, the stricter oxygen rules (AFI 11-409 [AFI409]); say type: sport or stunt for a civil jump")
	}
	var bare []string
	for _, j := range m.Jumpers {
		if !j.skinGiven && j.Suit == nil { // a pressure suit's helmet covers all skin (physio says so)
			bare = append(bare, j.Name)
		}
	}
	if len(bare) > 0 {
		d.assume("skin_covered not given for %s: exposed skin assumed, the frostbite check judges it (say jumpers[].skin_covered: true when mask, goggles and gloves cover all skin)", strings.Join(bare, ", "))
	}
	o := &m.Oxygen
	if math.IsNaN(o.Prebreathe) {
		o.Prebreathe = 0
		d.assume("oxygen.prebreathe not given: none")
	}
	if !o.consoleGiven {
		o.Console = m.Type == "military" || o.Prebreathe > 0
		if o.Console {
			d.assume("oxygen.console not given: jumpers breathe aircraft O₂ from the prebreathe until they switch to the bail-out bottle")
		} else {
			d.assume("oxygen.console not given: no prebreathe on a %s jump, so no aircraft O₂: jumpers breathe air until they switch to a bail-out bottle (if any)", m.Type)
		}
	}
	if math.IsNaN(o.BottleFloor) {
		if m.Type == "military" {
			o.BottleFloor = DefaultBottleFloorMilitary
			d.assume("oxygen.bottle_floor not given: bail-out O₂ needed down to 13,000 ft MSL (military free fall: top of the AFI 11-409 free-fall-school exception [AFI409])")
		} else {
			o.BottleFloor = DefaultBottleFloorCivil
			d.assume("oxygen.bottle_floor not given: bail-out O₂ needed down to 15,000 ft MSL (%s jump: 14 CFR 91.211(a)(3) [CFR91211], USPA SIM 6-7 [USPA-SIM67])", m.Type)
		}
	}
	if math.IsNaN(o.BreathingRate) {
		o.BreathingRate = DefaultBreathingRate
		d.assume("oxygen.breathing_rate not given: 30 L/min BTPS through a demand regulator (the 14 CFR 25.1443(c)(2) design rate above 18,500 ft cabin altitude [CFR251443])")
	}
	if math.IsNaN(o.TimeToBottle) {
		o.TimeToBottle = DefaultTimeToBottle
		d.assume("oxygen.time_to_bottle not given: 15 s to get onto the bail-out bottle after a console-O₂ failure, halo's placeholder (no published figure): time it in drills")
	}
	if o.PrebreatheAt == "" {
		o.PrebreatheAt = "ground"
	}
	if math.IsNaN(o.TimeAtAltitude) {
		o.TimeAtAltitude = 10 * 60
		d.assume("oxygen.time_at_altitude not given: 10 min at exit altitude before the exit")
	}
	if math.IsNaN(o.BottleSwitch) {
		o.BottleSwitch = 60
		d.assume("oxygen.bottle_switch not given: jumpers go to bailout oxygen 1 min before the green light (AFI 11-2C-130V3)")
	}
	l := &m.Limits
	set := func(v *float64, def float64, msg string) {
		if math.IsNaN(*v) {
			*v = def
			d.assume("%s", msg)
		}
	}
	set(&l.MinOpen, DefaultMinOpen, "limits.min_open not given: 2000 ft AGL (USPA BSR, D licence)")
	set(&l.MaxSurfaceWind, DefaultMaxSurfaceWind, "limits.max_surface_wind not given: 15 mph (T-10 limit; conservative)")
	set(&l.MaxGust, l.MaxSurfaceWind+5*units.Knot, "limits.max_gust not given: max surface wind + 5 kt")
	set(&l.MaxExitWind, DefaultMaxExitWind, "limits.max_exit_wind not given: 100 kt at exit altitude")
	set(&l.AADAlt, DefaultAADAlt, "limits.aad_altitude not given: 750 ft AGL (CYPRES Expert)")
	set(&l.AADSpeed, DefaultAADSpeed, "limits.aad_speed not given: 35 m/s (CYPRES Expert)")
	set(&l.AADMargin, DefaultAADMargin, "limits.aad_margin not given: canopy open 1,000 ft above the AAD altitude (Airtec)")
	set(&l.MinSeparation, DefaultMinSeparation, "limits.min_separation not given: 300 m horizontal at opening")
	set(&l.MaxDCSRisk, DefaultMaxDCSRisk, "limits.max_dcs_risk not given: 5 % (halo's planning ceiling for its DCS-risk estimate; no published ceiling)")
	set(&l.MinPInTarget, DefaultMinPInTarget, "limits.min_p_in_target not given: 50 %")
	set(&l.MaxWindAge, DefaultMaxWindAge, "limits.max_wind_age not given: 6 h")
	set(&l.CameraWithin, DefaultCameraWithin, "limits.camera_within not given: 5 m")
	set(&l.TurnMargin, DefaultTurnMargin, "limits.turn_margin not given: 1 NM from forbidden airspace")
	set(&l.MaxPSeparation, DefaultMaxPSeparation, "limits.max_p_separation not given: 5 % of Monte Carlo runs with two jumpers closer than limits.min_separation [halo-odds]")
	set(&l.MaxPLowOpening, DefaultMaxPLowOpening, "limits.max_p_low_opening not given: 1 % of Monte Carlo runs deploying below the minimum opening altitude [halo-odds]")
	set(&l.MaxPAADFire, DefaultMaxPAADFire, "limits.max_p_aad_fire not given: 0.1 % of Monte Carlo runs with the AAD firing [halo-odds]")
	set(&l.CameraInFrame, DefaultCameraInFrame, "limits.camera_in_frame not given: 50 % of the filmable free fall within camera_within of the talent [halo-camera]")
	set(&l.CanopySafetyFactor, DefaultCanopySafetyFactor, "limits.canopy_safety_factor not given: the opening point puts the hands-off canopy over the target 2,000 ft AGL (ATP 3-18.11's canopy safety factor [ATP3-18.11])")
	if math.IsNaN(l.CanopyDispersion) {
		l.CanopyDispersion = DefaultDispersionPerPair * float64(len(m.Jumpers)/2)
		d.assume("limits.canopy_dispersion not given: %.0f m, 50 m per two jumpers (ATP 3-18.11's HARP dispersion [ATP3-18.11]); the green-light window is narrowed by it at both ends", l.CanopyDispersion)
	}
	if m.AAD.ArmedAt == "" {
		m.AAD.ArmedAt = "takeoff"
		d.assume("aad.armed_at not given: the take-off field (an AAD takes its ground where it is switched on; CYPRES: switch on at the departure airfield and set the altitude offset when the landing area lies higher or lower) [CYPRES]")
	}
}

// crossChecks are rules that involve several fields.
func (d *decoder) crossChecks(n ast.Node, m *Mission) {
	if m.Atmosphere.Sounding != "" && m.Atmosphere.TemperatureOffset != 0 {
		d.errAt(n, "atmosphere.temperature_offset", "give a sounding or a temperature offset, not both: the sounding's own temperatures replace the standard's")
	}
	d.windTimes(n, m)
	if d.hasErrAt("aircraft.altitude") || d.hasErrAt("target.elevation") || math.IsNaN(m.Aircraft.Altitude) || math.IsNaN(m.Target.Elevation) {
		return
	}
	agl := m.Aircraft.Altitude - m.Target.Elevation
	if agl < 300 {
		d.errAt(n, "aircraft.altitude", "exit at %s is only %.0f m above the target; a jump needs at least 300 m (1,000 ft)", units.Alt(m.Aircraft.Altitude), agl)
	}
	for i, j := range m.Jumpers {
		if !math.IsNaN(j.OpenAt) && j.OpenAt >= agl {
			d.errAt(n, "jumpers["+itoa(i)+"].open_at", "%s AGL is at or above the exit (%s AGL)", units.Alt(j.OpenAt), units.Alt(agl))
		}
	}
	if o := m.Oxygen; !o.Console && (o.Prebreathe > 0 || len(o.Breaks) > 0) {
		d.errAt(n, "oxygen.console", "false, with a prebreathe: a prebreathe needs aircraft O₂ (give console: true, or no prebreathe)")
	}
	if !math.IsNaN(m.Aircraft.CabinAlt) && m.Aircraft.CabinAlt > m.Aircraft.Altitude {
		d.errAt(n, "aircraft.cabin", "cabin altitude %s is above the exit altitude", units.Alt(m.Aircraft.CabinAlt))
	}
	if tk := m.Aircraft.TakeoffElevation; !math.IsNaN(tk) && m.Aircraft.Altitude <= tk {
		d.errAt(n, "aircraft.takeoff_elevation", "the take-off field at %s is at or above the exit altitude %s", units.Alt(tk), units.Alt(m.Aircraft.Altitude))
	}
	if o := m.Oxygen; o.PrebreatheAt == "cabin" && o.PrebreatheAlt > m.Aircraft.Altitude {
		d.errAt(n, "oxygen.prebreathe_at", "prebreathe cabin altitude %s is above the exit altitude %s", units.Alt(o.PrebreatheAlt), units.Alt(m.Aircraft.Altitude))
	}
}

// windTimes refuses inline winds whose times contradict each other or the
// schedule: a forecast issued after its own valid_to, or after the take-off (a
// plan is made before the take-off; a later issue time is a wrong date or zone).
// Issued equal to valid_to is allowed (a model analysis is valid when issued).
func (d *decoder) windTimes(n ast.Node, m *Mission) {
	w, tk := m.Winds, m.Schedule.Takeoff
	const layout = "2006-01-02 15:04Z07:00"
	switch {
	case w.Issued.IsZero():
	case !w.ValidTo.IsZero() && w.Issued.After(w.ValidTo):
		d.errAt(n, "winds.issued", "issued %s is after valid_to %s: check the dates and zones", w.Issued.Format(layout), w.ValidTo.Format(layout))
	case !tk.IsZero() && w.Issued.After(tk):
		d.errAt(n, "winds.issued", "issued %s is after schedule.takeoff %s: winds cannot be issued after the jump is flown; check the dates and zones", w.Issued.Format(layout), tk.Format(layout))
	}
}
