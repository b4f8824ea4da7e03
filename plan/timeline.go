package plan

import (
	"fmt"
	"math"
	"sort"
	"time"

	"halo/physio"
	"halo/sun"
	"halo/units"
	"halo/wind"
)

// DepressRate is the cabin depressurisation rate, m/s: at most 3,000 ft/min
// (AFI 11-2C-130 Vol 3 [C130V3]).
const DepressRate = 3000 * units.FootPerMinute

func (s *solver) environment(p *Plan) Environment {
	m := s.m
	env := Environment{Atmosphere: s.env.Flight.Atm.Name(), WindSource: s.env.Wind.Source, WindNotes: s.env.Wind.Notes}
	if !s.env.Wind.Issued.IsZero() {
		env.WindIssued = s.env.Wind.Issued.UTC().Format(time.RFC3339)
	}
	if !s.env.Wind.ValidTo.IsZero() {
		env.WindValidTo = s.env.Wind.ValidTo.UTC().Format(time.RFC3339)
	}
	if age, ok := s.env.Wind.Age(s.when(p)); ok {
		h := age.Hours()
		env.WindAgeH = &h
	}
	g := m.Target.Elevation
	level := func(name string, z float64) EnvLevel {
		st := s.env.Flight.Atm.At(z)
		u, v := s.env.Wind.At(z)
		from, spd := wind.FromUV(u, v)
		return EnvLevel{Name: name, AltM: z, AGLM: z - g, TK: st.T, PPa: st.P, Rho: st.Rho, AMps: st.A, WindFrom: from, WindMps: spd}
	}
	env.Levels = append(env.Levels, level("exit", s.zx))
	if len(p.Jumpers) > 0 {
		env.Levels = append(env.Levels, level("opening ("+p.Jumpers[0].Name+")", g+p.Jumpers[0].OpenAltAGLM))
	}
	env.Levels = append(env.Levels, level("surface", g))
	return env
}

// exitTime is the clock time of the first exit, when the schedule gives a takeoff.
func (s *solver) exitTime() (time.Time, bool) {
	m := s.m
	if m.Schedule.Takeoff.IsZero() {
		return time.Time{}, false
	}
	return m.Schedule.Takeoff.Add(seconds(s.climbTime() + m.Oxygen.TimeAtAltitude)), true
}

// when is the moment the plan is judged at: the exit time, else Now, else the
// winds' issue time.
func (s *solver) when(p *Plan) time.Time {
	if t, ok := s.exitTime(); ok {
		return t
	}
	if !s.in.Now.IsZero() {
		return s.in.Now
	}
	return s.env.Wind.Issued
}

// climbTime is the climb from the take-off field to the exit altitude, s.
func (s *solver) climbTime() float64 {
	return (s.zx - s.m.Aircraft.TakeoffElevation) / s.m.Aircraft.ClimbRate
}

func seconds(x float64) time.Duration { return time.Duration(x * float64(time.Second)) }

func (s *solver) timeline(l *layout, p *Plan) ([]Moment, []SunPoint) {
	m := s.m
	var ms []Moment
	add := func(ev string, t, alt float64) { ms = append(ms, Moment{Event: ev, TS: t, AltM: alt}) }
	climb := s.climbTime()
	tTakeoff := -(climb + m.Oxygen.TimeAtAltitude)
	if pb := m.Oxygen.Prebreathe; pb > 0 {
		if m.Oxygen.PrebreatheAt == "ground" {
			add(fmt.Sprintf("prebreathe 100%% O2 starts (%s, on the ground)", physio.FormatDuration(pb)), tTakeoff-pb, m.Aircraft.TakeoffElevation)
		} else {
			add(fmt.Sprintf("prebreathe 100%% O2 starts (%s, cabin %s)", physio.FormatDuration(pb), units.Alt(m.Oxygen.PrebreatheAlt)), tTakeoff-pb, m.Aircraft.TakeoffElevation)
		}
	}
	if m.Aircraft.Balloon {
		add("balloon launch", tTakeoff, m.Aircraft.TakeoffElevation)
		add("balloon at the exit altitude", tTakeoff+climb, s.zx)
	} else {
		add("takeoff", tTakeoff, m.Aircraft.TakeoffElevation)
		add("exit altitude reached", tTakeoff+climb, s.zx)
	}
	if !m.Aircraft.Unpressurized && !math.IsNaN(m.Aircraft.CabinAlt) {
		d := (s.zx - m.Aircraft.CabinAlt) / DepressRate
		add("depressurisation starts (≤3,000 ft/min)", -m.Schedule.DoorOpen-d, s.zx)
	}
	if !math.IsNaN(m.Oxygen.BottleVolume) { // no bottle, no switch to it
		add("jumpers on bailout oxygen", -m.Oxygen.BottleSwitch, s.zx)
	}
	add("door open", -m.Schedule.DoorOpen, s.zx)
	add("green light", 0, s.zx)
	for _, jp := range p.Jumpers {
		off := jp.ExitOffsetS
		r := jp.Result
		add(jp.Name+" exits", off, s.zx)
		add(fmt.Sprintf("%s max speed %s, Mach %.2f", jp.Name, units.Spd(r.MaxSpeed), r.MaxMach), off+r.MaxSpeedT, r.MaxSpeedAlt)
		for _, e := range r.Phases {
			add(fmt.Sprintf("%s %s (drag phase), %s", jp.Name, e.Name, units.Spd(e.Speed)), off+e.T, e.Alt)
		}
		add(jp.Name+" deploys", off+r.Deploy.T, r.Deploy.Alt)
		add(jp.Name+" canopy open", off+r.Open.T, r.Open.Alt)
		if r.AADFire {
			add(jp.Name+" AAD FIRES", off+r.AADEvent.T, r.AADEvent.Alt)
		}
		add(jp.Name+" lands", off+r.Land.T, r.Land.Alt)
	}
	sort.SliceStable(ms, func(a, b int) bool { return ms[a].TS < ms[b].TS })
	tx, ok := s.exitTime()
	if !ok {
		s.asm = append(s.asm, "schedule.takeoff not given: timeline in seconds from the first exit, no clock times and no sun")
		return ms, nil
	}
	loc := m.Schedule.Location
	if loc == nil {
		loc = m.Schedule.Takeoff.Location()
	}
	for i := range ms {
		ms[i].Time = tx.Add(seconds(ms[i].TS)).In(loc).Format("2006-01-02 15:04:05 MST")
	}
	var sp []SunPoint
	rp := p.ReleasePoint
	put := func(where, ev string, t float64, lat, lon float64) {
		at := tx.Add(seconds(t))
		el, az := sun.Position(at, lat, lon)
		sp = append(sp, SunPoint{Where: where, Event: ev, Time: at.In(loc).Format("15:04:05 MST"), ElevationDeg: el, AzimuthDeg: az})
	}
	put("release point", "green light", 0, rp.Lat, rp.Lon)
	if len(p.Jumpers) > 0 {
		r := p.Jumpers[0].Result
		lat, lon := s.latlon(r.Open.E, r.Open.N)
		put("opening point", "canopy open", r.Open.T, lat, lon)
		put("target", "landing", r.Land.T, m.Target.Lat, m.Target.Lon)
	}
	return ms, sp
}
