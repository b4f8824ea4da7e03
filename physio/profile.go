package physio

import (
	"fmt"
	"math"
)

// Phase names of the exposure profile.
const (
	PhaseClimbOnAir  = "climb-on-air"
	PhasePrebreathe  = "prebreathe"
	PhaseAirBreak    = "air-break"
	PhaseClimb       = "climb"
	PhaseDepress     = "depressurise"
	PhaseAtAltitude  = "at-altitude"
	PhaseFreefall    = "freefall"
	PhaseCanopy      = "canopy"
	stepMax          = 10.0 // s, the longest integration step and the sample spacing
	rGas             = 8.314462618
	tBody            = 310.15 // K, 37 °C
	tBottle          = 288.15 // K, 15 °C, the temperature the fill pressure is read at
	tNTP             = 293.15 // K, 20 °C
	pStd             = 101325.0
	noBottleSwitchAt = math.MaxFloat64
)

// segment is a piece of the profile along which the ambient (cabin) altitude changes
// linearly with time and the breathing gas is constant.
type segment struct {
	phase        string
	dur          float64 // s
	z0, z1       float64 // ambient altitude at start and end, m MSL
	o2           bool    // on 100 % O₂ (console or bottle); else air
	wind0, wind1 float64 // relative wind on the jumper (m/s), for cold once the door is open
}

// Phase is one named phase of the profile, times in seconds from the start.
type Phase struct {
	Name   string  `json:"name"`
	StartS float64 `json:"start_s"`
	EndS   float64 `json:"end_s"`
}

// Sample is the profile at one time (at most 10 s apart, and at every phase boundary).
type Sample struct {
	T     float64 `json:"t_s"`
	Phase string  `json:"phase"`
	// Alt is the altitude whose pressure the jumper breathes (cabin altitude while
	// pressurised), m MSL.
	Alt float64 `json:"alt_m"`
	// Pressure is the ambient pressure, Pa.
	Pressure float64 `json:"pressure_pa"`
	// FiO2 is the breathing gas's O₂ fraction (1 on O₂, 0.2095 on air).
	FiO2 float64 `json:"fio2"`
	// TR360 is the 360-min tissue N₂ tension over ambient pressure.
	TR360 float64 `json:"tr360"`
	// TempK is the outside air temperature at the aircraft or jumper, K.
	TempK float64 `json:"temp_k"`
}

// profile is the built profile: segments and the key times.
type profile struct {
	segs                        []segment
	tPrebreatheEnd, tExit, tEnd float64
	tSwitch, tDoor              float64
}

func appendSeg(s []segment, g segment) []segment {
	if g.dur <= 0 {
		return s
	}
	return append(s, g)
}

// climbSegs appends the climb of the aircraft from za to zb at rate with the cabin
// following it up to cabin (0 = unpressurised).
func climbSegs(s []segment, phase string, za, zb, rate, cabin float64, o2 bool) []segment {
	if zb <= za {
		return s
	}
	if cabin > 0 && cabin > za && cabin < zb {
		s = appendSeg(s, segment{phase: phase, dur: (cabin - za) / rate, z0: za, z1: cabin, o2: o2})
		return appendSeg(s, segment{phase: phase, dur: (zb - cabin) / rate, z0: cabin, z1: cabin, o2: o2})
	}
	c0, c1 := za, zb
	if cabin > 0 {
		c0, c1 = math.Min(za, cabin), math.Min(zb, cabin)
	}
	return appendSeg(s, segment{phase: phase, dur: (zb - za) / rate, z0: c0, z1: c1, o2: o2})
}

// build lays out the profile of r with the given prebreathe (s) and breaks.
func build(r *resolved, prebreathe float64, breaks []Break) (profile, error) {
	var p profile
	s := make([]segment, 0, 16)
	cab := func(z float64) float64 {
		if r.CabinAlt > 0 {
			return math.Min(z, r.CabinAlt)
		}
		return z
	}
	zpb := r.GroundAlt
	if r.PrebreatheAlt > r.GroundAlt {
		zpb = r.PrebreatheAlt
		s = climbSegs(s, PhaseClimbOnAir, r.GroundAlt, zpb, r.ClimbRate, r.CabinAlt, false)
	}
	cpb := cab(zpb)
	done := 0.0
	for _, b := range breaks {
		s = appendSeg(s, segment{phase: PhasePrebreathe, dur: b.At - done, z0: cpb, z1: cpb, o2: true})
		s = appendSeg(s, segment{phase: PhaseAirBreak, dur: b.Duration, z0: cpb, z1: cpb})
		done = b.At
	}
	s = appendSeg(s, segment{phase: PhasePrebreathe, dur: prebreathe - done, z0: cpb, z1: cpb, o2: true})
	for _, g := range s {
		p.tPrebreatheEnd += g.dur
	}
	s = climbSegs(s, PhaseClimb, zpb, r.ExitAlt, r.ClimbRate, r.CabinAlt, true)
	tOpenDoorFrom := p.tPrebreatheEnd // earliest time the door may open
	if c := cab(r.ExitAlt); c < r.ExitAlt {
		s = appendSeg(s, segment{phase: PhaseDepress, dur: (r.ExitAlt - c) / r.DepressRate, z0: c, z1: r.ExitAlt, o2: true})
		tOpenDoorFrom = -1 // set below: after depressurisation
	}
	tAlt := 0.0
	for _, g := range s {
		tAlt += g.dur
	}
	if tOpenDoorFrom < 0 {
		tOpenDoorFrom = tAlt
	}
	s = appendSeg(s, segment{phase: PhaseAtAltitude, dur: r.TimeAtAltitude, z0: r.ExitAlt, z1: r.ExitAlt, o2: true})
	p.tExit = tAlt + r.TimeAtAltitude
	if len(r.Freefall) > 0 {
		f := r.Freefall
		for i := 1; i < len(f); i++ {
			s = appendSeg(s, segment{phase: PhaseFreefall, dur: f[i].T - f[i-1].T, z0: f[i-1].Alt, z1: f[i].Alt,
				o2: true, wind0: f[i-1].AirSpeed, wind1: f[i].AirSpeed})
		}
	} else {
		v := (r.ExitAlt - r.OpenAlt) / r.FreefallTime
		s = appendSeg(s, segment{phase: PhaseFreefall, dur: r.FreefallTime, z0: r.ExitAlt, z1: r.OpenAlt, o2: true, wind0: v, wind1: v})
	}
	zOpen := s[len(s)-1].z1
	canopy := (zOpen - r.GroundAlt) / r.CanopySink
	if r.CanopyTime > 0 {
		canopy = r.CanopyTime // as flown by the simulator
	}
	s = appendSeg(s, segment{phase: PhaseCanopy, dur: canopy, z0: zOpen, z1: r.GroundAlt,
		o2: true, wind0: r.CanopyAirSpeed, wind1: r.CanopyAirSpeed})
	p.tEnd = 0
	for _, g := range s {
		p.tEnd += g.dur
	}
	p.tSwitch = p.tExit - r.SwitchToBottle
	if p.tSwitch < p.tPrebreatheEnd {
		return p, fmt.Errorf("physio: switch_to_bottle_s = %g s before exit is before the prebreathe ends (%g s before exit): switch later", r.SwitchToBottle, p.tExit-p.tPrebreatheEnd)
	}
	p.tDoor = p.tExit - r.DoorOpen
	if p.tDoor < tOpenDoorFrom {
		return p, fmt.Errorf("physio: door_open_s = %g s before exit is before the cabin is depressurised or the prebreathe ends (%g s before exit)", r.DoorOpen, p.tExit-tOpenDoorFrom)
	}
	s = splitAt(s, p.tSwitch)
	s = splitAt(s, p.tDoor)
	p.segs = s
	return p, nil
}

// splitAt splits the segment containing time t (s) in two, so t is a step boundary.
func splitAt(s []segment, t float64) []segment {
	t0 := 0.0
	for i, g := range s {
		if t > t0+1e-9 && t < t0+g.dur-1e-9 {
			f := (t - t0) / g.dur
			a, b := g, g
			a.dur, b.dur = t-t0, g.dur-(t-t0)
			a.z1 = g.z0 + f*(g.z1-g.z0)
			b.z0 = a.z1
			a.wind1 = g.wind0 + f*(g.wind1-g.wind0)
			b.wind0 = a.wind1
			out := make([]segment, 0, len(s)+1)
			out = append(out, s[:i]...)
			out = append(out, a, b)
			return append(out, s[i+1:]...)
		}
		t0 += g.dur
	}
	return s
}
